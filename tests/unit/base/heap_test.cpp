// SPDX-License-Identifier: MIT
#include "base/heap.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using havip::base::prefer_large_heap;
using havip::base::prefer_large_pages_here;

/// The first line (range, name) or the VmFlags line of the mapping that holds `p` ("" when not found).
std::string mapping_of(const void* p, bool flags) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    std::ifstream in("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
            inside = lo <= a && a < hi;
            if (inside && !flags) return line;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return line;
    }
    return "";
}
std::string vm_flags_of(const void* p) { return mapping_of(p, true); }

bool kernel_has_thp() { return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good(); }

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST(Heap, LargeHeapIsReservedAtOnceAndServesLargeBlocks) {
    if (!havip::base::kHeapAdvice) GTEST_SKIP() << "a sanitizer's allocator: no heap advice";
    auto* before = static_cast<char*>(sbrk(0));
    prefer_large_heap(64 * kMiB);
    auto* after = static_cast<char*>(sbrk(0));
    // (less what the heap had free already)
    ASSERT_GE(after - before, static_cast<std::ptrdiff_t>(60 * kMiB));
    // A 4 MiB block comes from that heap (not a mapping of its own), and
    // many small blocks still come and go.
    void* big = std::malloc(4 * kMiB);
    ASSERT_NE(big, nullptr);
    std::memset(big, 1, 4 * kMiB);
    EXPECT_NE(mapping_of(big, false).find("[heap]"), std::string::npos) << mapping_of(big, false);
    std::vector<std::string> many(10000, std::string(100, 'x'));
    EXPECT_EQ(many.back()[99], 'x');
    // The part of the heap made now is advised (the block may start in what was there before).
    if (kernel_has_thp()) {
        EXPECT_NE(vm_flags_of(after - 4 * kMiB).find(" hg"), std::string::npos);
    }
    std::free(big);
    EXPECT_EQ(static_cast<char*>(sbrk(0)), after);  // freeing gives nothing back
}

TEST(Heap, ABoundedProcessKeepsItsHeapAsItIs) {
    if (!havip::base::kHeapAdvice) GTEST_SKIP() << "a sanitizer's allocator: no heap advice";
    // (ctest runs each test in a process of its own; run together, an earlier
    // test has already set the heap up.)
    if (havip::base::large_heap_active()) GTEST_SKIP() << "the heap was set up by an earlier test in this process";
    // A generous bound, but a bound: nothing is reserved against it.
    struct rlimit lim {};
    ASSERT_EQ(getrlimit(RLIMIT_AS, &lim), 0);
    lim.rlim_cur = std::size_t{64} << 30;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < lim.rlim_cur) lim.rlim_cur = lim.rlim_max;
    ASSERT_EQ(setrlimit(RLIMIT_AS, &lim), 0);
    auto* before = static_cast<char*>(sbrk(0));
    prefer_large_heap(64 * kMiB);
    EXPECT_LT(static_cast<char*>(sbrk(0)) - before, static_cast<std::ptrdiff_t>(16 * kMiB));
    std::vector<char> block(std::size_t{64} * 1024, 'z');
    prefer_large_pages_here();  // no heap of large pages: nothing to do
    EXPECT_EQ(vm_flags_of(block.data()).find(" hg"), std::string::npos);
}

TEST(Heap, EveryHeapOfAThreadsArenaIsAdvisedOnceTheHeapPrefersLargePages) {
    if (!havip::base::kHeapAdvice) GTEST_SKIP() << "a sanitizer's allocator: no heap advice";
    prefer_large_pages_here();  // no heap of large pages yet: nothing to do
    prefer_large_heap(16 * kMiB);
    std::vector<std::string> flags;
    std::thread t([&] {
        // 96 blocks of 1 MiB kept: more than one heap of the thread's arena
        // (64 MiB each). Only the last byte of each is touched.
        std::vector<char*> blocks;
        for (int k = 0; k < 96; ++k) {
            prefer_large_pages_here();
            prefer_large_pages_here();  // once is enough; again is harmless
            auto* b = static_cast<char*>(std::malloc(kMiB - 64));
            ASSERT_NE(b, nullptr);
            b[kMiB - 65] = 'y';
            blocks.push_back(b);
        }
        flags.push_back(vm_flags_of(blocks.front()));
        flags.push_back(vm_flags_of(blocks.back()));
        for (auto* b : blocks) std::free(b);
    });
    t.join();
    ASSERT_EQ(flags.size(), 2u);
    for (const auto& f : flags) {
        ASSERT_FALSE(f.empty());
        if (kernel_has_thp()) {
            EXPECT_NE(f.find(" hg"), std::string::npos) << f;
        }
    }
}

}  // namespace
