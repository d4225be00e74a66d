// SPDX-License-Identifier: MIT
// Bounds on what one finding and one list of findings may cost: capped lists
// keep counts exact, clipped texts stay valid UTF-8, and a long source line is
// shown as a window around its span.
#include <gtest/gtest.h>

#include <sstream>

#include "diag/diagnostic.hpp"
#include "diag/render.hpp"

namespace havip::diag {
namespace {

TEST(diag_bounds, CapsKeepCountsExact) {
    source::SourceMap sm;
    auto a = sm.add("a.conf", "x\n"), b = sm.add("b.conf", "y\n");
    DiagList l;
    l.set_caps(3, 5);
    for (int i = 0; i < 10; ++i) l.report(make("HV003", Severity::Warning, "w").at({a, 0, 1}).d);
    for (int i = 0; i < 4; ++i) l.report(make("HV001", Severity::Error, "e").at({b, 0, 1}).d);
    EXPECT_EQ(l.items.size(), 5u);  // 3 of a, then 2 of b before the total cap
    EXPECT_EQ(l.count(Severity::Warning), 14u);
    EXPECT_EQ(l.count(Severity::Error), 4u);
    EXPECT_EQ(l.count_code("HV003"), 10u);
    EXPECT_EQ(l.dropped_count(), 9u);
}

TEST(diag_bounds, DiscardDropsUncounted) {
    DiagList l;
    l.discard = [](const Diagnostic& d) { return d.code == "HV003"; };
    l.report(make("HV003", Severity::Warning, "w"));
    l.report(make("HV001", Severity::Error, "e"));
    EXPECT_EQ(l.items.size(), 1u);
    EXPECT_EQ(l.count(Severity::Info), 1u);
}

TEST(diag_bounds, ClipCutsOnUtf8BoundaryAndClosesQuote) {
    std::string v = "unknown keyword `" + std::string(2000, 'a') + "\xc3\xa9" + "`";
    auto c = clip_text(v, 1000);
    EXPECT_LE(c.size(), 1000u + 4u);
    EXPECT_EQ(c.substr(c.size() - 4), "\xe2\x80\xa6`");
    // Cut right after the first byte of a two-byte sequence: backs up before it.
    std::string u = std::string(9, 'x') + "\xc3\xa9";
    EXPECT_EQ(clip_text(u, 10), std::string(9, 'x') + "\xe2\x80\xa6");
    EXPECT_EQ(clip_text("short", 10), "short");
    Diagnostic d = make("HV003", Severity::Warning, std::string(5000, 'm'))
                       .at({}, std::string(5000, 'l'))
                       .note(std::string(5000, 'n'))
                       .help(std::string(5000, 'h'))
                       .d;
    clip(d, 100);
    EXPECT_LE(d.message.size(), 104u);
    EXPECT_LE(d.labels[0].message.size(), 104u);
    EXPECT_LE(d.notes[0].size(), 104u);
    EXPECT_LE(d.help.size(), 104u);
}

TEST(diag_bounds, LongLineShowsAWindowAroundTheSpan) {
    source::SourceMap sm;
    std::string line = std::string(100000, 'a') + "BAD" + std::string(100000, 'b');
    auto f = sm.add("long.conf", line + "\n");
    std::vector<Diagnostic> ds{make("HV001", Severity::Error, "bad").at({f, 100000, 100003}, "here").d};
    std::ostringstream os;
    render_human(os, sm, ds, RenderOptions{});
    const auto out = os.str();
    EXPECT_LT(out.size(), 1000u) << out.size();
    EXPECT_NE(out.find("...aaaa"), std::string::npos) << out;
    EXPECT_NE(out.find("BADbbbb"), std::string::npos) << out;
    EXPECT_NE(out.find("bbb..."), std::string::npos) << out;
    // The carets still sit under BAD: same column in the excerpt and the marker row.
    auto lines = std::vector<std::string>{};
    std::istringstream is(out);
    for (std::string l; std::getline(is, l);) lines.push_back(l);
    std::size_t src = 0, mark = 0;
    for (const auto& l : lines) {
        if (l.find("BAD") != std::string::npos) src = l.find("BAD");
        if (l.find("^^^") != std::string::npos) mark = l.find("^^^");
    }
    EXPECT_GT(src, 0u);
    EXPECT_EQ(src, mark) << out;
}

TEST(diag_bounds, HumanSummaryCountsOmitted) {
    source::SourceMap sm;
    std::vector<Diagnostic> ds{make("HV003", Severity::Warning, "w")};
    RenderOptions ro;
    ro.omitted_warnings = 41;
    ro.omitted_errors = 2;
    ro.not_shown = 43;
    std::ostringstream os;
    render_human(os, sm, ds, ro);
    EXPECT_NE(os.str().find("... 43 more findings not shown"), std::string::npos) << os.str();
    EXPECT_NE(os.str().find("2 errors, 42 warnings, 0 infos emitted"), std::string::npos) << os.str();
    ro.summary = false;
    ro.not_shown = 0;
    std::ostringstream q;
    render_human(q, sm, ds, ro);
    EXPECT_EQ(q.str().find("emitted"), std::string::npos) << q.str();
}

}  // namespace
}  // namespace havip::diag
