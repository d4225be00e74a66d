// SPDX-License-Identifier: MIT
// The human renderer's layout rules, one behaviour per test.
#include <gtest/gtest.h>

#include <sstream>

#include "fixture.hpp"

namespace havip::diag::testing {
namespace {

std::string render_one(const source::SourceMap& sm, Diagnostic d, bool color = false) {
    std::ostringstream os;
    RenderOptions o;
    o.color = color;
    std::vector<Diagnostic> ds{std::move(d)};
    render_human(os, sm, ds, o);
    return os.str();
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream is(s);
    for (std::string l; std::getline(is, l);) out.push_back(l);
    return out;
}

/// The line of the output that starts with `prefix`.
std::string line_starting(const std::string& out, std::string_view prefix) {
    for (const auto& l : lines(out))
        if (l.rfind(prefix, 0) == 0) return l;
    ADD_FAILURE() << "no line starting with `" << prefix << "` in\n" << out;
    return {};
}

Diagnostic diag_at(source::Span s, std::string label = "here") {
    Builder b = make("HV100", Severity::Error, "msg");
    b.at(s, std::move(label));
    return std::move(b.d);
}

TEST(diag_human, HeaderArrowAndSummary) {
    source::SourceMap sm;
    auto f = sm.add("a.conf", "alpha beta\n");
    auto out = render_one(sm, diag_at(find(sm, f, "beta"), "the label"));
    auto ls = lines(out);
    ASSERT_GE(ls.size(), 6u);
    EXPECT_EQ(ls[0], "error[HV100]: msg");
    EXPECT_EQ(ls[1], " --> a.conf:1:7");
    EXPECT_EQ(ls[2], "  |");
    EXPECT_EQ(ls[3], "1 | alpha beta");
    EXPECT_EQ(ls[4], "  |       ^^^^ the label");
    EXPECT_EQ(ls.back(), "1 error, 0 warnings, 0 infos emitted");
}

TEST(diag_human, TabsExpandSoCaretsLineUp) {
    source::SourceMap sm;
    auto f = sm.add("t.conf", "\tstate\t\tMASTR\n");
    auto out = render_one(sm, diag_at(find(sm, f, "MASTR")));
    auto src = line_starting(out, "1 |");
    auto caret = line_starting(out, "  |   ");
    EXPECT_EQ(src.find('\t'), std::string::npos) << "tabs are expanded";
    EXPECT_EQ(src.find('M'), caret.find('^'));
    EXPECT_EQ(caret.find_last_of('^') - caret.find('^') + 1, 5u);
}

TEST(diag_human, WideAndMultibyteCharactersKeepAlignment) {
    source::SourceMap sm;
    // "é" is two bytes and one cell, "名前" four... six bytes and four cells.
    auto f = sm.add("w.conf", "# \xc3\xa9 \xe5\x90\x8d\xe5\x89\x8d x\n");
    auto out = render_one(sm, diag_at(find(sm, f, "x")));
    auto caret = line_starting(out, "  |   ");
    // "1 | " then "# é 名前 " = 2 + 1 + 1 + 4 + 1 = 9 cells before x.
    EXPECT_EQ(caret.find('^'), 4u + 9u);
}

TEST(diag_human, ZeroLengthSpanGetsOneCaret) {
    source::SourceMap sm;
    auto f = sm.add("z.conf", "abc\n");
    auto out = render_one(sm, diag_at({f, 3, 3}));
    auto caret = line_starting(out, "  |    ");
    EXPECT_EQ(caret, "  |    ^ here");
}

TEST(diag_human, MultiLineSpanUnderlinesToEndOfFirstLine) {
    source::SourceMap sm;
    auto f = sm.add("m.conf", "block {\n  x\n}\n");
    auto out = render_one(sm, diag_at({f, 0, 13}));
    EXPECT_NE(out.find("1 | block {\n  | ^^^^^^^ here\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("2 |"), std::string::npos) << "only the first line is shown";
}

TEST(diag_human, SpansPastTheEndAreClampedNotFatal) {
    source::SourceMap sm;
    auto f = sm.add("e.conf", "abc");  // no final newline
    auto out = render_one(sm, diag_at({f, 100, 50}));
    EXPECT_NE(out.find(" --> e.conf:1:4"), std::string::npos) << out;
    EXPECT_NE(out.find("  |    ^ here"), std::string::npos) << out;
}

TEST(diag_human, InvalidSpansShowNoExcerpt) {
    source::SourceMap sm;
    sm.add("a.conf", "x\n");
    for (source::Span s : {source::Span{}, source::Span{7, 0, 1}}) {
        auto out = render_one(sm, diag_at(s, "label text"));
        EXPECT_EQ(out.find("-->"), std::string::npos) << out;
        EXPECT_NE(out.find(" = note: label text"), std::string::npos) << out;
    }
}

TEST(diag_human, EmptyFileAndCrlf) {
    source::SourceMap sm;
    auto empty = sm.add("empty.conf", "");
    auto out = render_one(sm, diag_at({empty, 0, 0}));
    EXPECT_NE(out.find("1 |\n  | ^ here"), std::string::npos) << out;
    auto crlf = sm.add("crlf.conf", "a b\r\nc\r\n");
    out = render_one(sm, diag_at(find(sm, crlf, "b")));
    EXPECT_EQ(out.find('\r'), std::string::npos);
    EXPECT_NE(out.find("1 | a b\n  |   ^ here"), std::string::npos) << out;
}

TEST(diag_human, ControlBytesNeverReachTheTerminal) {
    source::SourceMap sm;
    auto f = sm.add("c.conf", "a\x1b[2Jb \xff z\n");
    Builder b = make("HV100", Severity::Warning, "bad \x1b]0;title\x07 message");
    b.at(find(sm, f, "z"),
         "lab\x1b"
         "el");
    auto out = render_one(sm, std::move(b.d));
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
    EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
    EXPECT_NE(out.find("a\\u{1b}[2Jb \xef\xbf\xbd z"), std::string::npos) << out;
    // The caret still sits under `z` after the 6-cell escape text; U+FFFD is
    // three bytes in the output string but one cell on screen.
    auto src = line_starting(out, "1 |");
    auto caret = line_starting(out, "  |  ");
    EXPECT_EQ(caret.find('^'), src.rfind('z') - 2);
}

TEST(diag_human, ColorOnlyWhenAsked) {
    source::SourceMap sm;
    auto f = sm.add("a.conf", "x\n");
    EXPECT_EQ(render_one(sm, diag_at({f, 0, 1})).find('\x1b'), std::string::npos);
    auto colored = render_one(sm, diag_at({f, 0, 1}), true);
    EXPECT_NE(colored.find("\x1b[1;31merror[HV100]\x1b[0m"), std::string::npos) << colored;
    Builder w = make("HV200", Severity::Warning, "w");
    w.at({f, 0, 1});
    EXPECT_NE(render_one(sm, std::move(w.d), true).find("\x1b[1;33mwarning[HV200]"), std::string::npos);
    Builder i = make("HV300", Severity::Info, "i");
    EXPECT_NE(render_one(sm, std::move(i.d), true).find("\x1b[1;36minfo[HV300]"), std::string::npos);
}

TEST(diag_human, LabelsInTheSameFileShareOneBlock) {
    source::SourceMap sm;
    auto f = sm.add("a.conf", "one\ntwo\nthree\nfour\nfive\n");
    Builder b = make("HV100", Severity::Error, "msg");
    b.at(find(sm, f, "five"), "primary").also(find(sm, f, "one"), "secondary").also(find(sm, f, "two"), "next");
    auto out = render_one(sm, std::move(b.d));
    EXPECT_EQ(out.find("-->"), out.rfind("-->")) << "one arrow for one file\n" << out;
    EXPECT_NE(out.find(" --> a.conf:5:1"), std::string::npos) << "the arrow names the primary\n" << out;
    // Lines in order, a gap marked with "...".
    auto p1 = out.find("1 | one"), p2 = out.find("2 | two"), gap = out.find("...\n"), p5 = out.find("5 | five");
    EXPECT_LT(p1, p2);
    EXPECT_LT(p2, gap);
    EXPECT_LT(gap, p5);
}

TEST(diag_human, SummaryCountsAndPluralsAndSkipsOff) {
    source::SourceMap sm;
    std::vector<Diagnostic> ds;
    for (auto s : {Severity::Error, Severity::Warning, Severity::Warning, Severity::Info, Severity::Off}) {
        Builder b = make("HV100", s, "m");
        ds.push_back(std::move(b.d));
    }
    std::ostringstream os;
    render_human(os, sm, ds, {});
    EXPECT_NE(os.str().find("\n1 error, 2 warnings, 1 info emitted\n"), std::string::npos) << os.str();
    EXPECT_EQ(os.str().find("off"), std::string::npos);
}

TEST(diag_human, IncludeChainIsWalkedOutward) {
    Scene s;
    std::vector<Diagnostic> one{s.ds[6]};
    std::ostringstream os;
    render_human(os, s.sm, one, s.opt);
    auto out = os.str();
    auto inner = out.find("::: in file included from inc.conf:5:1");
    auto outer = out.find("::: in file included from main.conf:4:1");
    ASSERT_NE(inner, std::string::npos) << out;
    EXPECT_LT(inner, outer);
}

}  // namespace
}  // namespace havip::diag::testing
