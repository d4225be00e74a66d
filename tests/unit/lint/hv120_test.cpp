// SPDX-License-Identifier: MIT
// HV120 duplicate-node: one node name from two inputs fires on the second with
// a label on the first; distinct names (the same text under another name) do not.
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

RULE_TEST(HV120, FiresOnANodeDescribedTwiceWithALabelOnTheFirst) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}, {"copy/a.conf", kGuideA}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV120", Severity::Error, "copy/a.conf:4:15"));
    ASSERT_EQ(r->with("HV120").size(), 1u) << r->dump();
    EXPECT_NE(label_at(*r, *r->with("HV120").front(), "a.conf:4:15"), nullptr) << r->dump();
}

RULE_TEST(HV120, TheTwinIsLeftToHV120Alone) {
    // The copy has findings of its own and would be a third member of the
    // cluster; only HV120 speaks of it, and the pair itself stays clean.
    Inputs s;
    s.files = {{"a.conf", kGuideA},
               {"b.conf", kGuideB},
               {"copy/a.conf",
                "# havip-lint: disable=HV203 -- nothing to silence\n" + with(kGuideA, "priority 50", "priority 30")}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_EQ(r->with("HV120").size(), 1u) << r->dump();
    for (const auto& d : r->found) EXPECT_TRUE(d.code == "HV120" || r->where(d).rfind("copy/", 0) != 0) << r->dump();
    Inputs pair;
    pair.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}};
    EXPECT_EQ(r->found.size() - 1, run(pair)->found.size()) << r->dump();
}

RULE_TEST(HV120, QuietWhenTheSameTextHasAnotherName) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV120"));
}

}  // namespace
}  // namespace havip::lint::test
