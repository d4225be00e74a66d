// SPDX-License-Identifier: MIT
#include "base/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace havip::base {

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
/// glibc gives each further arena heaps of (at most) this size, aligned to it.
constexpr std::uintptr_t kArenaHeap = std::uintptr_t{64} << 20;

std::atomic<bool> g_large{false};
/// The main heap as prefer_large_heap reserved it: [lo, hi).
std::atomic<std::uintptr_t> g_main_lo{0}, g_main_hi{0};
/// Larger than the blocks an allocator keeps in bins when freed, far below the
/// size it maps on its own (32 MiB once the heap is set up).
constexpr std::size_t kProbe = std::size_t{1} << 20;

/// Advises huge pages for the pages of `align` bytes that lie wholly in [begin, begin + size).
void advise(char* begin, std::size_t size, std::uintptr_t align) {
    const auto a = reinterpret_cast<std::uintptr_t>(begin);
    const std::size_t head = (align - a % align) % align;
    if (size <= head) return;
    const std::size_t len = (size - head) / align * align;
    if (len != 0) ::madvise(begin + head, len, MADV_HUGEPAGE);
}

bool failed(const char* brk) { return reinterpret_cast<std::intptr_t>(brk) == -1; }

}  // namespace

void prefer_large_heap(std::size_t reserve) {
    if constexpr (!kHeapAdvice) return;
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
    if (failed(before) || failed(after) || after <= before) {
        // The heap could not grow: the allocator's defaults back.
        constexpr int kDefault = 128 * 1024;
        mallopt(M_TOP_PAD, kDefault);
        mallopt(M_TRIM_THRESHOLD, kDefault);
        mallopt(M_MMAP_THRESHOLD, kDefault);
        return;
    }
    g_main_lo.store(reinterpret_cast<std::uintptr_t>(before), std::memory_order_relaxed);
    g_main_hi.store(reinterpret_cast<std::uintptr_t>(after), std::memory_order_relaxed);
    g_large.store(true, std::memory_order_relaxed);
    advise(before, static_cast<std::size_t>(after - before), kHugePage);
}

bool large_heap_active() { return g_large.load(std::memory_order_relaxed); }

void prefer_large_pages(const void* block, std::size_t size) {
    if (!g_large.load(std::memory_order_relaxed) || block == nullptr) return;
    advise(const_cast<char*>(static_cast<const char*>(block)), size, kHugePage);
}

void prefer_large_pages_here() {
    if (!g_large.load(std::memory_order_relaxed)) return;
    // A block larger than the allocator keeps in its bins of freed blocks
    // comes from the top of the arena's newest heap: that heap is the one
    // new blocks come from. Only its address is used (nothing is touched).
    void* volatile probe = std::malloc(kProbe);
    auto* const at = static_cast<char*>(static_cast<void*>(probe));
    if (at == nullptr) return;
    const auto addr = reinterpret_cast<std::uintptr_t>(at);
    char* const heap = at - addr % kArenaHeap;
    std::free(at);
    // The main heap was advised whole when it was reserved.
    if (addr >= g_main_lo.load(std::memory_order_relaxed) && addr < g_main_hi.load(std::memory_order_relaxed)) return;
    thread_local std::array<char*, 4> advised{};
    thread_local unsigned next = 0;
    if (std::find(advised.begin(), advised.end(), heap) != advised.end()) return;
    advised[next++ % advised.size()] = heap;
    // The whole heap is mapped (what is not in use yet without access): the
    // advice holds for the part the allocator opens up later.
    ::madvise(heap, kArenaHeap, MADV_HUGEPAGE);
}

}  // namespace havip::base
