// SPDX-License-Identifier: MIT
// The machine formats (json, sarif, github, gnu): structure, escaping and the
// guarantee that any bytes in, valid output out.
#include <gtest/gtest.h>

#include <sstream>

#include "fixture.hpp"
#include "json_check.hpp"

namespace havip::diag::testing {
namespace {

jcheck::Value parsed(const std::string& text) {
    jcheck::Value v;
    std::string err;
    EXPECT_TRUE(jcheck::parse(text, v, err)) << err << "\n" << text;
    return v;
}

jcheck::Value json_of(const Scene& s) {
    std::ostringstream os;
    render_json(os, s.sm, s.ds, s.rules, s.opt);
    return parsed(os.str());
}

jcheck::Value sarif_of(const Scene& s) {
    std::ostringstream os;
    render_sarif(os, s.sm, s.ds, s.rules, s.opt);
    return parsed(os.str());
}

using T = jcheck::Value::T;

TEST(diag_json, EnvelopeAndSummary) {
    Scene s;
    auto v = json_of(s);
    EXPECT_EQ(v.at("schema").s, "havip-lint/diagnostics");
    EXPECT_EQ(v.at("version").n, 1);
    EXPECT_EQ(v.at("tool").at("name").s, "havip-lint");
    EXPECT_EQ(v.at("tool").at("version").s, "0.1.0");
    EXPECT_EQ(v.at("diagnostics").a.size(), 7u) << "severity off is left out";
    EXPECT_EQ(v.at("summary").at("errors").n, 3);
    EXPECT_EQ(v.at("summary").at("warnings").n, 2);
    EXPECT_EQ(v.at("summary").at("infos").n, 2);
}

TEST(diag_json, DiagnosticFields) {
    Scene s;
    auto v = json_of(s);
    const auto& d0 = v.at("diagnostics").at(0);
    EXPECT_EQ(d0.at("code").s, "HV101");
    EXPECT_EQ(d0.at("slug").s, "duplicate-vrid");
    EXPECT_EQ(d0.at("severity").s, "error");
    const auto& loc = d0.at("location");
    EXPECT_EQ(loc.at("file").s, "inc.conf");
    EXPECT_EQ(loc.at("line").n, 2);
    EXPECT_EQ(loc.at("column").n, 23);
    EXPECT_EQ(loc.at("endColumn").n, 25);
    EXPECT_EQ(loc.at("byteOffset").n, std::string_view(kInc).find("51"));
    EXPECT_EQ(loc.at("byteLength").n, 2);
    ASSERT_EQ(d0.at("labels").a.size(), 2u);
    EXPECT_EQ(d0.at("labels").at(1).at("primary").b, false);
    EXPECT_EQ(d0.at("labels").at(1).at("location").at("file").s, "main.conf");
    EXPECT_EQ(d0.at("notes").at(0).s, "instances sharing a segment need distinct ids");
    EXPECT_EQ(d0.at("help").s, "give VI_2 another virtual_router_id");
    ASSERT_EQ(d0.at("includedFrom").a.size(), 1u);
    EXPECT_EQ(d0.at("includedFrom").at(0).at("line").n, 4);

    const auto& d4 = v.at("diagnostics").at(4);  // no place in a file, odd bytes in the message
    EXPECT_EQ(d4.at("location").t, T::Null);
    EXPECT_EQ(d4.at("help").t, T::Null);
    EXPECT_EQ(d4.at("message").s, "value \"a\nb\" holds \x01 and \x1b[31m and \xef\xbf\xbd");
    EXPECT_EQ(d4.at("includedFrom").a.size(), 0u);

    const auto& d5 = v.at("diagnostics").at(5);  // unknown code, span past the end
    EXPECT_EQ(d5.at("slug").t, T::Null);
    EXPECT_EQ(d5.at("location").at("byteOffset").n, std::string_view(kInc).size());
    EXPECT_EQ(d5.at("location").at("byteLength").n, 0);

    const auto& d6 = v.at("diagnostics").at(6);  // two-step include chain, innermost first
    ASSERT_EQ(d6.at("includedFrom").a.size(), 2u);
    EXPECT_EQ(d6.at("includedFrom").at(0).at("file").s, "inc.conf");
    EXPECT_EQ(d6.at("includedFrom").at(1).at("file").s, "main.conf");
}

TEST(diag_json, EveryControlCharacterIsEscaped) {
    source::SourceMap sm;
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    auto f = sm.add(all, all);  // a path and a text holding every byte value
    Builder b = make(all, Severity::Error, all);
    b.at({f, 0, 256}, all).note(all).help(all);
    std::vector<Diagnostic> ds{std::move(b.d)};
    std::ostringstream js, sa;
    render_json(js, sm, ds, {}, {});
    render_sarif(sa, sm, ds, {}, {});
    auto j = parsed(js.str());
    // Valid UTF-8 round-trips: the first 128 bytes come back as they went in.
    EXPECT_EQ(j.at("diagnostics").at(0).at("message").s.substr(0, 128), all.substr(0, 128));
    parsed(sa.str());
}

TEST(diag_sarif, RunShape) {
    Scene s;
    auto v = sarif_of(s);
    EXPECT_EQ(v.at("version").s, "2.1.0");
    EXPECT_NE(v.at("$schema").s.find("sarif-schema-2.1.0.json"), std::string::npos);
    const auto& run = v.at("runs").at(0);
    EXPECT_EQ(run.at("columnKind").s, "utf16CodeUnits");
    const auto& driver = run.at("tool").at("driver");
    EXPECT_EQ(driver.at("name").s, "havip-lint");
    EXPECT_EQ(driver.at("version").s, "0.1.0");
}

TEST(diag_sarif, EveryRuleListedAndEveryResultPointsAtItsRule) {
    Scene s;
    auto v = sarif_of(s);
    const auto& run = v.at("runs").at(0);
    const auto& rules = run.at("tool").at("driver").at("rules").a;
    // The whole catalogue in order, then HV102, which a finding used without metadata.
    ASSERT_EQ(rules.size(), s.rules.size() + 1);
    for (std::size_t k = 0; k < s.rules.size(); ++k) EXPECT_EQ(rules[k].at("id").s, s.rules[k].code);
    EXPECT_EQ(rules.back().at("id").s, "HV102");
    const auto& never = rules[6];
    EXPECT_EQ(never.at("id").s, "HV950");
    EXPECT_EQ(never.at("name").s, "never-fired");
    EXPECT_EQ(never.at("shortDescription").at("text").s, "a rule with no finding in this run");
    EXPECT_EQ(never.at("defaultConfiguration").at("level").s, "warning");
    EXPECT_EQ(rules[0].at("help").at("text").s, s.rules[0].help);

    const auto& results = run.at("results").a;
    ASSERT_EQ(results.size(), 7u);
    for (const auto& r : results) {
        auto idx = static_cast<std::size_t>(r.at("ruleIndex").n);
        ASSERT_LT(idx, rules.size());
        EXPECT_EQ(rules[idx].at("id").s, r.at("ruleId").s);
    }
    EXPECT_EQ(results[0].at("level").s, "error");
    EXPECT_EQ(results[1].at("level").s, "warning");
    EXPECT_EQ(results[3].at("level").s, "note");
}

TEST(diag_sarif, LocationsRelatedLocationsAndUris) {
    Scene s;
    auto v = sarif_of(s);
    const auto& results = v.at("runs").at(0).at("results");
    const auto& r0 = results.at(0);
    const auto& pl = r0.at("locations").at(0).at("physicalLocation");
    EXPECT_EQ(pl.at("artifactLocation").at("uri").s, "inc.conf");
    EXPECT_EQ(pl.at("artifactLocation").at("uriBaseId").s, "%SRCROOT%");
    EXPECT_EQ(pl.at("region").at("startLine").n, 2);
    EXPECT_EQ(pl.at("region").at("startColumn").n, 23);
    EXPECT_EQ(pl.at("region").at("endColumn").n, 25);
    EXPECT_EQ(pl.at("region").at("snippet").at("text").s, "51");
    EXPECT_EQ(r0.at("locations").at(0).at("message").at("text").s, "VI_2 uses 51 here");
    const auto& rel = r0.at("relatedLocations");
    ASSERT_EQ(rel.a.size(), 2u);
    EXPECT_EQ(rel.at(0).at("message").at("text").s, "first used by VI_1 here");
    EXPECT_EQ(rel.at(0).at("physicalLocation").at("artifactLocation").at("uri").s, "main.conf");
    EXPECT_EQ(rel.at(1).at("message").at("text").s, "included from here");
    EXPECT_EQ(r0.at("properties").at("help").s, "give VI_2 another virtual_router_id");

    EXPECT_EQ(results.at(4).at("locations").a.size(), 0u) << "no place, no location";
    EXPECT_EQ(results.at(4).at("properties").at("notes").at(0).s, "the other node has no file");

    const auto& nested = results.at(6).at("locations").at(0).at("physicalLocation");
    EXPECT_EQ(nested.at("artifactLocation").at("uri").s, "more/d%C3%A9j%C3%A0%20vu.conf");
    // The artifact index matches the artifacts table.
    auto idx = static_cast<std::size_t>(nested.at("artifactLocation").at("index").n);
    EXPECT_EQ(v.at("runs").at(0).at("artifacts").at(idx).at("location").at("uri").s, "more/d%C3%A9j%C3%A0%20vu.conf");
}

TEST(diag_sarif, ColumnsCountUtf16CodeUnits) {
    source::SourceMap sm;
    // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units (a surrogate pair).
    auto f = sm.add("/abs/path,x.conf", "\xc3\xa9\xf0\x9f\x98\x80 x\n");
    Builder b = make("HV100", Severity::Error, "m");
    b.at(find(sm, f, "x"));
    std::vector<Diagnostic> ds{std::move(b.d)};
    std::ostringstream os;
    render_sarif(os, sm, ds, {}, {});
    auto v = parsed(os.str());
    const auto& pl = v.at("runs").at(0).at("results").at(0).at("locations").at(0).at("physicalLocation");
    EXPECT_EQ(pl.at("region").at("startColumn").n, 5);  // 1 + 2 + 1 units before x
    EXPECT_EQ(pl.at("region").at("endColumn").n, 6);
    EXPECT_EQ(pl.at("region").at("byteOffset").n, 7);
    EXPECT_EQ(pl.at("artifactLocation").at("uri").s, "file:///abs/path%2Cx.conf");
    EXPECT_EQ(pl.at("artifactLocation").get("uriBaseId"), nullptr);
}

TEST(diag_github, EscapesPropertiesAndData) {
    source::SourceMap sm;
    auto f = sm.add("dir,a:b%.conf", "x\n");
    Builder b = make("HV100", Severity::Info, "50% done\r\nnext");
    b.at({f, 0, 1});
    std::vector<Diagnostic> ds{std::move(b.d)};
    std::ostringstream os;
    render_github(os, sm, ds);
    EXPECT_EQ(os.str(),
              "::notice file=dir%2Ca%3Ab%25.conf,line=1,col=1,endLine=1,endColumn=1,title=HV100::"
              "50%25 done%0D%0Anext\n");
}

TEST(diag_github, SeverityCommandsAndTitles) {
    Scene s;
    std::ostringstream os;
    render_github(os, s.sm, s.ds, s.rules);
    std::istringstream is(os.str());
    std::vector<std::string> ls;
    for (std::string l; std::getline(is, l);) ls.push_back(l);
    ASSERT_EQ(ls.size(), 7u);
    EXPECT_EQ(ls[0].rfind("::error file=inc.conf,line=2,col=23,endLine=2,endColumn=24,title=HV101 "
                          "duplicate-vrid::",
                          0),
              0u);
    EXPECT_EQ(ls[1].rfind("::warning ", 0), 0u);
    EXPECT_EQ(ls[3].rfind("::notice ", 0), 0u);
    EXPECT_NE(ls[2].find("endLine=11,title="), std::string::npos) << "no endColumn across lines: " << ls[2];
    EXPECT_EQ(ls[4].rfind("::warning title=HV900 style-value::", 0), 0u) << "no file, no position";
    EXPECT_NE(ls[5].find("title=HV102::"), std::string::npos) << "unknown code: the code alone";
}

TEST(diag_gnu, OneLinePerFinding) {
    Scene s;
    std::ostringstream os;
    render_gnu(os, s.sm, s.ds);
    auto out = os.str();
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 7);
    EXPECT_EQ(out.rfind("inc.conf:2:23: error: duplicate virtual_router_id `51` [HV101]\n", 0), 0u);
    EXPECT_NE(out.find("\nwarning: value \"a\\nb\" holds \\u{1} and \\u{1b}[31m and "
                       "\xef\xbf\xbd [HV900]\n"),
              std::string::npos)
        << out;
}

// Every span over a small nasty file, every format: never a crash, always
// valid JSON and SARIF, never a raw escape byte on the human output.
TEST(diag_all_formats, AnySpanAnyFormat) {
    source::SourceMap sm;
    std::string text = "a\tb \xc3\xa9\r\n\xff\xfe\x1b[0m\n\xf0\x9f\x98\x80\n";
    auto f = sm.add("n.conf", text, source::Span{0, 0, 1});  // includes itself: a cycle
    const auto n = static_cast<std::uint32_t>(text.size());
    for (std::uint32_t b = 0; b <= n + 2; ++b) {
        for (std::uint32_t e = 0; e <= n + 2; ++e) {
            Builder d = make("HV100", Severity::Warning, "m");
            d.at({f, b, e}, "p").also({f, e, b}, "s");
            std::vector<Diagnostic> ds{std::move(d.d)};
            std::ostringstream h, g, gh, j, sa;
            render_human(h, sm, ds, {});
            render_gnu(g, sm, ds);
            render_github(gh, sm, ds);
            render_json(j, sm, ds, {}, {});
            render_sarif(sa, sm, ds, {}, {});
            ASSERT_EQ(h.str().find('\x1b'), std::string::npos) << b << "," << e << "\n" << h.str();
            jcheck::Value v;
            std::string err;
            ASSERT_TRUE(jcheck::parse(j.str(), v, err)) << b << "," << e << ": " << err;
            ASSERT_TRUE(jcheck::parse(sa.str(), v, err)) << b << "," << e << ": " << err;
            const auto& region =
                v.at("runs").at(0).at("results").at(0).at("locations").at(0).at("physicalLocation").at("region");
            ASSERT_GE(region.at("startLine").n, 1);
            ASSERT_GE(region.at("startColumn").n, 1);
            ASSERT_GE(region.at("endLine").n, region.at("startLine").n);
            if (region.at("endLine").n == region.at("startLine").n) {
                ASSERT_GE(region.at("endColumn").n, region.at("startColumn").n);
            }
        }
    }
}

}  // namespace
}  // namespace havip::diag::testing
