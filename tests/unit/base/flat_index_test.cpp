// SPDX-License-Identifier: MIT
#include "base/flat_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using havip::base::FlatIndex;
using havip::base::fnv1a;
using havip::base::kFnvBasis;

namespace {

std::uint64_t hash_of(const std::string& s) { return fnv1a(kFnvBasis, s); }

}  // namespace

TEST(FlatIndex, FnvMatchesTheReferenceValues) {
    // FNV-1a 64 of "" and "a" (the published test vectors).
    EXPECT_EQ(fnv1a(kFnvBasis, std::string_view()), 0xcbf29ce484222325ull);
    EXPECT_EQ(fnv1a(kFnvBasis, std::string_view("a")), 0xaf63dc4c8601ec8cull);
}

TEST(FlatIndex, InsertKeepsTheFirstAndFindsEveryKeyAcrossGrowth) {
    std::vector<std::string> keys;
    FlatIndex idx;  // no room reserved: it grows as keys come
    for (int i = 0; i < 5000; ++i) {
        keys.push_back("key" + std::to_string(i % 2500));  // every key twice
        const auto k = static_cast<std::uint32_t>(keys.size() - 1);
        const auto seen = idx.insert(hash_of(keys[k]), k, [&](std::uint32_t v) { return keys[v] == keys[k]; });
        if (i < 2500)
            EXPECT_EQ(seen, FlatIndex::kNone) << i;
        else
            EXPECT_EQ(seen, static_cast<std::uint32_t>(i - 2500)) << i;
    }
    for (int i = 0; i < 2500; ++i) {
        const std::string want = "key" + std::to_string(i);
        EXPECT_EQ(idx.find(hash_of(want), [&](std::uint32_t v) { return keys[v] == want; }),
                  static_cast<std::uint32_t>(i));
    }
    const std::string absent = "nope";
    EXPECT_EQ(idx.find(hash_of(absent), [&](std::uint32_t v) { return keys[v] == absent; }), FlatIndex::kNone);
}

TEST(FlatIndex, ReplaceReturnsTheOneBefore) {
    std::vector<std::string> keys{"a", "b", "a", "a"};
    FlatIndex idx(keys.size());
    std::vector<std::uint32_t> before;
    for (std::uint32_t k = 0; k < keys.size(); ++k)
        before.push_back(idx.replace(hash_of(keys[k]), k, [&](std::uint32_t v) { return keys[v] == keys[k]; }));
    EXPECT_EQ(before, (std::vector<std::uint32_t>{FlatIndex::kNone, FlatIndex::kNone, 0, 2}));
    EXPECT_EQ(idx.find(hash_of("a"), [&](std::uint32_t v) { return keys[v] == "a"; }), 3u);
}

TEST(FlatIndex, KeysWithOneHashAreToldApartByTheirValue) {
    // Every key hashes alike: the probe sequence and `same` keep them apart.
    std::vector<std::string> keys{"x", "y", "z"};
    FlatIndex idx;
    for (std::uint32_t k = 0; k < keys.size(); ++k)
        EXPECT_EQ(idx.insert(42, k, [&](std::uint32_t v) { return keys[v] == keys[k]; }), FlatIndex::kNone);
    for (std::uint32_t k = 0; k < keys.size(); ++k)
        EXPECT_EQ(idx.find(42, [&](std::uint32_t v) { return keys[v] == keys[k]; }), k);
}
