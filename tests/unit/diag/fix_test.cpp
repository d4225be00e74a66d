// SPDX-License-Identifier: MIT
// Fixes: choosing and applying edits, overlaps, fixes over two files, the
// unified diff (checked against diff(1) where it is installed), CRLF, no
// trailing newline, UTF-8, and the helpers that write edits from the text.
#include "diag/fix.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace havip::diag {
namespace {

using source::Span;

Diagnostic with_fix(std::string code, Applicability a, std::vector<Edit> edits) {
    Diagnostic d;
    d.code = std::move(code);
    d.fix = Fix{"fix it", a, std::move(edits)};
    return d;
}

Edit at(source::FileId f, std::uint32_t b, std::uint32_t e, std::string r) { return Edit{{f, b, e}, std::move(r)}; }

TEST(diag_fix, AppliesEditsInOrderKeepingTheRest) {
    EXPECT_EQ(apply_edits("state master\n", std::array{at(0, 6, 12, "MASTER")}), "state MASTER\n");
    // An insertion and a replacement that starts where it inserts: insertion first.
    EXPECT_EQ(apply_edits("abc", std::array{at(0, 1, 1, "X"), at(0, 1, 2, "Y")}), "aXYc");
    EXPECT_EQ(apply_edits("abc", std::array{at(0, 0, 3, "")}), "");
    EXPECT_EQ(apply_edits("", std::array{at(0, 0, 0, "new\n")}), "new\n");
}

TEST(diag_fix, Overlap) {
    EXPECT_TRUE(overlap(at(0, 0, 5, ""), at(0, 4, 6, "")));
    EXPECT_FALSE(overlap(at(0, 0, 5, ""), at(0, 5, 6, ""))) << "touching ranges do not overlap";
    EXPECT_FALSE(overlap(at(0, 0, 5, ""), at(1, 0, 5, ""))) << "other file";
    EXPECT_TRUE(overlap(at(0, 3, 3, "a"), at(0, 3, 3, "b"))) << "two insertions at one offset";
    EXPECT_TRUE(overlap(at(0, 3, 3, "a"), at(0, 2, 4, ""))) << "insertion inside a replacement";
    EXPECT_FALSE(overlap(at(0, 2, 2, "a"), at(0, 2, 4, ""))) << "insertion at its start";
}

TEST(diag_fix, SafeOnlyUnlessUnsafe) {
    source::SourceMap sm;
    sm.add("a.conf", "state master\nauth_type pass\n");
    std::vector<Diagnostic> ds{with_fix("HV110", Applicability::MaybeIncorrect, {at(0, 6, 12, "MASTER")}),
                               with_fix("HV110", Applicability::MachineApplicable, {at(0, 23, 27, "PASS")})};
    auto safe = apply_fixes(sm, ds, false);
    EXPECT_EQ(safe.applied, 1u);
    EXPECT_EQ(safe.unsafe, 1u);
    ASSERT_EQ(safe.files.size(), 1u);
    EXPECT_EQ(safe.files[0].text, "state master\nauth_type PASS\n");
    auto all = apply_fixes(sm, ds, true);
    EXPECT_EQ(all.applied, 2u);
    EXPECT_EQ(all.applied_by_code.at("HV110"), 2u);
    EXPECT_EQ(all.files[0].text, "state MASTER\nauth_type PASS\n");
}

TEST(diag_fix, FirstOfOverlappingFixesWinsTheRestWait) {
    source::SourceMap sm;
    sm.add("a.conf", "0123456789");
    std::vector<Diagnostic> ds{with_fix("A", Applicability::MachineApplicable, {at(0, 2, 5, "x")}),
                               with_fix("B", Applicability::MachineApplicable, {at(0, 4, 7, "y")}),
                               with_fix("C", Applicability::MachineApplicable, {at(0, 7, 8, "z")})};
    auto r = apply_fixes(sm, ds, false);
    EXPECT_EQ(r.applied, 2u);
    EXPECT_EQ(r.overlapping, 1u);
    EXPECT_EQ(r.files[0].text, "01x56z89");
}

TEST(diag_fix, AFixOverTwoFilesIsWholeOrAbsent) {
    source::SourceMap sm;
    sm.add("a.conf", "aaaa\n");
    sm.add("b.conf", "bbbb\n");
    // The first fix takes b's first byte; the second edits a and b, and its b
    // edit overlaps: neither of its edits may be applied, a stays as it was.
    std::vector<Diagnostic> ds{with_fix("A", Applicability::MachineApplicable, {at(1, 0, 1, "B")}),
                               with_fix("B", Applicability::MachineApplicable, {at(0, 0, 1, "A"), at(1, 0, 2, "")})};
    auto r = apply_fixes(sm, ds, false);
    EXPECT_EQ(r.applied, 1u);
    EXPECT_EQ(r.overlapping, 1u);
    ASSERT_EQ(r.files.size(), 1u);
    EXPECT_EQ(r.files[0].file, 1u);
    EXPECT_EQ(r.files[0].text, "Bbbb\n");
    // Alone, it edits both files.
    auto both = apply_fixes(sm, std::span(ds).subspan(1), false);
    ASSERT_EQ(both.files.size(), 2u);
    EXPECT_EQ(both.files[0].text, "Aaaa\n");
    EXPECT_EQ(both.files[1].text, "bb\n");
}

TEST(diag_fix, RepeatedFixOnceInvalidNever) {
    source::SourceMap sm;
    sm.add("shared.conf", "vrrp_garp_interval 0\n");
    auto d = with_fix("HV204", Applicability::MachineApplicable, {at(0, 0, 21, "")});
    std::vector<Diagnostic> ds{d, d,  // two nodes include the same file
                               with_fix("X", Applicability::MachineApplicable, {at(0, 5, 99, "")}),
                               with_fix("Y", Applicability::MachineApplicable, {at(7, 0, 0, "")}),
                               with_fix("Z", Applicability::MachineApplicable, {at(0, 0, 2, ""), at(0, 1, 3, "")})};
    auto r = apply_fixes(sm, ds, false);
    EXPECT_EQ(r.applied, 1u);
    EXPECT_EQ(r.overlapping, 0u);
    EXPECT_EQ(r.invalid, 3u);
    EXPECT_EQ(r.files[0].text, "");
}

// ---- unified diff -----------------------------------------------------------

/// diff -u of the two texts with its headers replaced by ours, or "" when diff is missing.
std::string system_diff(const std::string& path, const std::string& a, const std::string& b) {
    if (::access("/usr/bin/diff", X_OK) != 0) return {};
    char dir[] = "/tmp/havip-fix-test.XXXXXX";
    if (!::mkdtemp(dir)) return {};
    const std::string d(dir);
    std::ofstream(d + "/a", std::ios::binary) << a;
    std::ofstream(d + "/b", std::ios::binary) << b;
    const std::string cmd = "/usr/bin/diff -u " + d + "/a " + d + "/b | tail -n +3 > " + d + "/out";
    if (std::system(cmd.c_str()) < 0) return {};
    std::ifstream in(d + "/out", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::system(("rm -rf " + d).c_str());
    return "--- a/" + path + "\n+++ b/" + path + "\n" + ss.str();
}

void expect_like_diff(const std::string& text, const std::vector<Edit>& edits) {
    const auto ours = unified_diff("x.conf", text, edits);
    const auto theirs = system_diff("x.conf", text, apply_edits(text, edits));
    if (theirs.empty()) GTEST_SKIP() << "diff(1) not installed";
    EXPECT_EQ(ours, theirs);
}

TEST(diag_unified_diff, OneLineChangedWithContext) {
    std::string t;
    for (int i = 1; i <= 12; ++i) t += "line " + std::to_string(i) + "\n";
    const auto six = static_cast<std::uint32_t>(t.find("line 6"));
    auto d = unified_diff("x.conf", t, std::vector{at(0, six, six + 6, "LINE 6")});
    EXPECT_EQ(d,
              "--- a/x.conf\n+++ b/x.conf\n@@ -3,7 +3,7 @@\n line 3\n line 4\n line 5\n-line 6\n+LINE 6\n"
              " line 7\n line 8\n line 9\n");
    expect_like_diff(t, {at(0, six, six + 6, "LINE 6")});
}

TEST(diag_unified_diff, WholeLinesDeletedAndInsertedAndHunksApart) {
    std::string t;
    for (int i = 1; i <= 30; ++i) t += "l" + std::to_string(i) + "\n";
    const auto l2 = static_cast<std::uint32_t>(t.find("l2\n")), l3 = static_cast<std::uint32_t>(t.find("l3\n"));
    const auto l25 = static_cast<std::uint32_t>(t.find("l25\n"));
    std::vector<Edit> edits{at(0, l2, l3, ""), at(0, l25, l25, "new a\nnew b\n")};
    auto d = unified_diff("x.conf", t, edits);
    EXPECT_NE(d.find("@@ -1,5 +1,4 @@\n l1\n-l2\n l3\n"), std::string::npos) << d;
    EXPECT_NE(d.find("@@ -22,6 +21,8 @@\n l22\n l23\n l24\n+new a\n+new b\n l25\n"), std::string::npos) << d;
    expect_like_diff(t, edits);
}

TEST(diag_unified_diff, CrlfAndNoTrailingNewline) {
    const std::string t = "a\r\nstate master\r\nz";
    const auto s = static_cast<std::uint32_t>(t.find("master"));
    auto d = unified_diff("x.conf", t, std::vector{at(0, s, s + 6, "MASTER")});
    EXPECT_EQ(d,
              "--- a/x.conf\n+++ b/x.conf\n@@ -1,3 +1,3 @@\n a\r\n-state master\r\n+state MASTER\r\n z\n"
              "\\ No newline at end of file\n");
    expect_like_diff(t, {at(0, s, s + 6, "MASTER")});
    // Deleting the last line, which has no newline, leaves a text ending in one.
    const std::string u = "a\nb";
    expect_like_diff(u, {at(0, 1, 3, "")});
    // Appending to a text without a final newline.
    expect_like_diff(u, {at(0, 3, 3, "\nc\n")});
}

TEST(diag_unified_diff, JoinedLinesAndUtf8) {
    const std::string t = "caf\xc3\xa9 1\ncaf\xc3\xa9 2\n\xe2\x82\xac 3\n";
    // Removing a newline joins two lines: the hunk takes both.
    const auto nl = static_cast<std::uint32_t>(t.find('\n'));
    expect_like_diff(t, {at(0, nl, nl + 1, " ")});
    const auto euro = static_cast<std::uint32_t>(t.find("\xe2\x82\xac"));
    auto d = unified_diff("x.conf", t, std::vector{at(0, euro, euro + 3, "EUR")});
    EXPECT_NE(d.find("-\xe2\x82\xac 3\n+EUR 3\n"), std::string::npos) << d;
    EXPECT_EQ(unified_diff("x.conf", t, std::vector<Edit>{}), "");
    EXPECT_EQ(unified_diff("x.conf", t, std::vector{at(0, 0, 5, "caf\xc3\xa9")}), "") << "an edit that changes nothing";
}

// ---- edits from the text ----------------------------------------------------

TEST(diag_fix_helpers, ReplaceValueOnlyWhereTheTextSaysIt) {
    source::SourceMap sm;
    const std::string t = "    state master\n    state $S\n    auth_pass \"abc\"\n";
    sm.add("a.conf", t);
    const auto s1 = static_cast<std::uint32_t>(t.find("state master"));
    auto e = replace_value(sm, {0, s1, s1 + 12}, "state", "master", "MASTER");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->span.begin, s1 + 6);
    EXPECT_EQ(e->span.end, s1 + 12);
    // The value came from a variable: the text does not say `master`.
    const auto s2 = static_cast<std::uint32_t>(t.find("state $S"));
    EXPECT_FALSE(replace_value(sm, {0, s2, s2 + 8}, "state", "master", "MASTER"));
    const auto s3 = static_cast<std::uint32_t>(t.find("auth_pass"));
    EXPECT_FALSE(replace_value(sm, {0, s3, s3 + 15}, "auth_pass", "abc", "ab")) << "quoted";
    EXPECT_FALSE(replace_exact(sm, {0, s1, s1 + 5}, "stat", "x"));
    EXPECT_TRUE(replace_exact(sm, {0, s1, s1 + 5}, "state", "x"));
    EXPECT_FALSE(replace_exact(sm, {0, 0, 9999}, "x", "y")) << "outside the file";
}

TEST(diag_fix_helpers, DeleteLines) {
    source::SourceMap sm;
    const std::string t =
        "global_defs {\n    vrrp_garp_interval 0\r\n    vrrp_gna_interval 0   # why\n}\n"
        "x { vrrp_garp_interval 0 }\n@a vrrp_garp_interval 0\nlast 0";
    sm.add("a.conf", t);
    auto span_of = [&](std::string_view what, std::size_t from = 0) {
        const auto b = static_cast<std::uint32_t>(t.find(what, from));
        return Span{0, b, b + static_cast<std::uint32_t>(what.size())};
    };
    auto e = delete_lines(sm, span_of("vrrp_garp_interval 0"));
    ASSERT_TRUE(e);
    EXPECT_EQ(apply_edits(t, std::array{*e}).substr(0, 18), "global_defs {\n    ") << "the CRLF line goes whole";
    EXPECT_EQ(sm.text(e->span), "    vrrp_garp_interval 0\r\n");
    e = delete_lines(sm, span_of("vrrp_gna_interval 0"));
    ASSERT_TRUE(e);
    EXPECT_EQ(sm.text(e->span), "vrrp_gna_interval 0   ") << "the comment stays";
    e = delete_lines(sm, span_of("vrrp_garp_interval 0", t.find("x {")));
    ASSERT_TRUE(e);
    EXPECT_EQ(sm.text(e->span), "vrrp_garp_interval 0 ");
    EXPECT_FALSE(delete_lines(sm, span_of("vrrp_garp_interval 0", t.find("@a")))) << "an @id line is left alone";
    e = delete_lines(sm, span_of("last 0"));
    ASSERT_TRUE(e);
    EXPECT_EQ(sm.text(e->span), "last 0") << "the last line without a newline";
    EXPECT_EQ(newline_at(sm, 0, span_of("vrrp_garp_interval 0").begin), "\r\n");
    EXPECT_EQ(newline_at(sm, 0, 0), "\n");
    EXPECT_EQ(indent_at(sm, 0, span_of("vrrp_gna_interval").begin), "    ");
}

}  // namespace
}  // namespace havip::diag
