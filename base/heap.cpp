// SPDX-License-Identifier: MIT
#include "base/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace havip::base {

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
/// glibc gives each further arena heaps of (at most) this size, aligned to it.
constexpr std::uintptr_t kArenaHeap = std::uintptr_t{64} << 20;

std::atomic<bool> g_large{false};

}  // namespace

void prefer_large_heap(std::size_t reserve) {
    // A process with a bound on its memory keeps the allocator as it is:
    // address space reserved ahead would count against the bound.
    for (int which : {RLIMIT_AS, RLIMIT_DATA}) {
        struct rlimit lim {};
        if (getrlimit(which, &lim) != 0 || lim.rlim_cur != RLIM_INFINITY) return;
    }
    const int step = reserve > (std::size_t{1} << 30) ? 1 << 30 : static_cast<int>(reserve);
    // Large blocks from the heap too (not one mapping each), and the heap
    // kept whole when blocks are freed: what is freed is used again, never
    // given back and faulted in anew.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, step);
    mallopt(M_TOP_PAD, step);
    auto* before = static_cast<char*>(sbrk(0));
    // One block larger than what is left: the heap grows by `step` now
    // (volatile: a compiler may drop a block that is only freed).
    void* volatile p = std::malloc(std::size_t{1} << 20);
    std::free(p);
    auto* after = static_cast<char*>(sbrk(0));
    if (before == reinterpret_cast<char*>(-1) || after == reinterpret_cast<char*>(-1) || after <= before) {
        // The heap could not grow: the allocator's defaults back.
        constexpr int kDefault = 128 * 1024;
        mallopt(M_TOP_PAD, kDefault);
        mallopt(M_TRIM_THRESHOLD, kDefault);
        mallopt(M_MMAP_THRESHOLD, kDefault);
        return;
    }
    g_large.store(true, std::memory_order_relaxed);
    const std::uintptr_t b = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t e = reinterpret_cast<std::uintptr_t>(after) & ~(kHugePage - 1);
    if (e > b) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
}

void prefer_large_pages(const void* block, std::size_t size) {
    if (!g_large.load(std::memory_order_relaxed) || block == nullptr) return;
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t b = (a + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t e = (a + size) & ~(kHugePage - 1);
    if (e > b) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
}

void prefer_large_pages_near(const void* block) {
    if (!g_large.load(std::memory_order_relaxed) || block == nullptr) return;
    thread_local std::uintptr_t advised = 0;
    const std::uintptr_t heap = reinterpret_cast<std::uintptr_t>(block) & ~(kArenaHeap - 1);
    if (heap == advised) return;
    advised = heap;
    // The whole heap is mapped (what is not in use yet without access): the
    // advice holds for the part the allocator opens up later.
    ::madvise(reinterpret_cast<void*>(heap), kArenaHeap, MADV_HUGEPAGE);
}

}  // namespace havip::base
