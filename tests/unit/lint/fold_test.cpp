// SPDX-License-Identifier: MIT
// Folding on its own: groups of one stay as they are, groups of many become
// their first finding with the count, the list and secondary labels; order kept.
#include <gtest/gtest.h>

#include "lint/fold.hpp"

namespace havip::lint {
namespace {

diag::Diagnostic finding(std::string code, std::string message, std::uint32_t at) {
    diag::Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.labels.push_back({source::Span{0, at, at + 1}, "here", true});
    return d;
}

TEST(Fold, ListsClipWithAndMore) {
    std::vector<std::string> n = {"a", "b", "c"};
    std::vector<const std::string*> p;
    for (const auto& s : n) p.push_back(&s);
    EXPECT_EQ(fold_list(p), "`a`, `b` and `c`");
    EXPECT_EQ(fold_list(p, 1), "`a` and 2 more");
    EXPECT_EQ(fold_list(p, 2), "`a`, `b` and `c`") << "never \"and 1 more\"";
}

TEST(Fold, GroupsOfManyBecomeOneAndSinglesStay) {
    std::vector<diag::Diagnostic> found = {finding("HV204", "instance `x` one", 10), finding("HV999", "other", 15),
                                           finding("HV204", "instance `y` one", 20),
                                           finding("HV204", "instance `z` alone", 30)};
    std::vector<std::pair<std::size_t, Fold>> folds = {{0, {"n0", "x", "{n} instances: {items}"}},
                                                       {2, {"n0", "y", "{n} instances: {items}"}},
                                                       {3, {"n1", "z", "{n} instances: {items}"}}};
    fold(found, folds);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].message, "2 instances: `x` and `y`");
    ASSERT_EQ(found[0].labels.size(), 2u);
    EXPECT_TRUE(found[0].labels[0].primary);
    EXPECT_FALSE(found[0].labels[1].primary);
    EXPECT_EQ(found[0].labels[1].span.begin, 20u);
    EXPECT_EQ(found[1].message, "other");
    EXPECT_EQ(found[2].message, "instance `z` alone") << "a group of one is unchanged";
}

TEST(Fold, TheSameFixOfEachFoldedFindingBecomesOneFixEditingThemAll) {
    auto fixed = [](std::string code, std::string message, std::uint32_t at, std::string fix) {
        auto d = finding(std::move(code), std::move(message), at);
        d.fix = diag::Fix{std::move(fix), diag::Applicability::MachineApplicable, {{{0, at, at + 1}, "X"}}};
        return d;
    };
    std::vector<diag::Diagnostic> found = {fixed("HV110", "m", 10, "write X"), fixed("HV110", "m", 20, "write X"),
                                           fixed("HV110", "m", 30, "write Y")};
    std::vector<std::pair<std::size_t, Fold>> folds = {
        {0, {"k", "a", "{n}: {items}"}}, {1, {"k", "b", "{n}: {items}"}}, {2, {"k", "c", "{n}: {items}"}}};
    fold(found, folds);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].message, "3: `a`, `b` and `c`");
    ASSERT_TRUE(found[0].fix);
    ASSERT_EQ(found[0].fix->edits.size(), 2u) << "another fix's edits do not join";
    EXPECT_EQ(found[0].fix->edits[1].span.begin, 20u);
}

}  // namespace
}  // namespace havip::lint
