// SPDX-License-Identifier: MIT
#include "diag/spellcheck.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace havip::diag {
namespace {

constexpr std::array<std::string_view, 8> kKeywords = {
    "virtual_router_id", "priority",          "advert_int",   "state",
    "interface",         "virtual_ipaddress", "unicast_peer", "track_script"};

TEST(diag_edit_distance, Basics) {
    EXPECT_EQ(edit_distance("", "", 3), 0u);
    EXPECT_EQ(edit_distance("abc", "abc", 3), 0u);
    EXPECT_EQ(edit_distance("abc", "ABC", 3), 0u) << "ASCII case is ignored";
    EXPECT_EQ(edit_distance("abc", "abd", 3), 1u);
    EXPECT_EQ(edit_distance("abc", "acb", 3), 1u) << "a swap of neighbours costs one";
    EXPECT_EQ(edit_distance("priorty", "priority", 3), 1u);
    EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3u);
    EXPECT_EQ(edit_distance("a", "abcdefgh", 2), 3u) << "past the limit: limit + 1";
    EXPECT_EQ(edit_distance("abcdefgh", "hgfedcba", 2), 3u);
}

TEST(diag_closest, FindsTypos) {
    EXPECT_EQ(closest("priorty", kKeywords), "priority");
    EXPECT_EQ(closest("virtual_router_ids", kKeywords), "virtual_router_id");
    EXPECT_EQ(closest("advert_itn", kKeywords), "advert_int");
    EXPECT_EQ(closest("STATE", kKeywords), "state");
    EXPECT_EQ(closest("unicast_peers", kKeywords), "unicast_peer");
}

TEST(diag_closest, ReorderedParts) { EXPECT_EQ(closest("router_virtual_id", kKeywords), "virtual_router_id"); }

TEST(diag_closest, AWordThatBeginsACandidate) {
    EXPECT_EQ(closest("prio", kKeywords), "priority");
    EXPECT_EQ(closest("UNICAST", kKeywords), "unicast_peer") << "case is ignored here too";
    EXPECT_EQ(closest("int", kKeywords), "") << "three letters begin too many words";
}

TEST(diag_closest, ListsAndVectorsOfCandidates) {
    EXPECT_EQ(closest("of", {"error", "warning", "info", "off"}), "off");
    const std::vector<std::string> vpcs = {"prod", "stage"};
    EXPECT_EQ(closest("prd", vpcs), "prod");
    EXPECT_EQ(closest("test", vpcs), "");
}

TEST(diag_closest, NothingCloseMeansNoSuggestion) {
    EXPECT_EQ(closest("garbage", kKeywords), "");
    EXPECT_EQ(closest("", kKeywords), "");
    EXPECT_EQ(closest("x", kKeywords), "");
    EXPECT_EQ(closest("priority", std::span<const std::string_view>{}), "");
}

TEST(diag_closest, TiesAreDeterministic) {
    constexpr std::array<std::string_view, 3> c = {"stat", "state", "statf"};
    EXPECT_EQ(closest("state", c), "state") << "an exact match wins";
    constexpr std::array<std::string_view, 2> d = {"abce", "abcf"};
    EXPECT_EQ(closest("abcd", d), "abce") << "equal distance: the earlier candidate";
}

}  // namespace
}  // namespace havip::diag
