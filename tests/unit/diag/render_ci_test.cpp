// SPDX-License-Identifier: MIT
// The CI formats (gitlab, junit) on the shared scene and on every byte value:
// valid output whatever comes in, one entry per printed finding, findings with
// no file kept, fingerprints unique and independent of line numbers.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "fixture.hpp"
#include "json_check.hpp"

namespace havip::diag::testing {
namespace {

jcheck::Value gitlab_of(const source::SourceMap& sm, const std::vector<Diagnostic>& ds) {
    std::ostringstream os;
    render_gitlab(os, sm, ds);
    jcheck::Value v;
    std::string err;
    EXPECT_TRUE(jcheck::parse(os.str(), v, err)) << err << "\n" << os.str();
    return v;
}

std::string junit_of(const source::SourceMap& sm, const std::vector<Diagnostic>& ds,
                     const std::vector<std::string>& inputs) {
    std::ostringstream os;
    render_junit(os, sm, ds, inputs);
    return os.str();
}

std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

/// Well-formed and valid against schemas/junit.xsd, by xmllint where installed.
void expect_valid_junit(const std::string& xml) {
    for (unsigned char c : xml) EXPECT_TRUE(c >= 0x20 || c == '\t' || c == '\n' || c == '\r') << int(c);
    if (std::system("command -v xmllint >/dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint not installed";
    char path[] = "/tmp/havip-junit-XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    std::ofstream(path, std::ios::binary) << xml;
    std::string cmd = std::string("xmllint --noout --schema '") + HAVIP_SOURCE_DIR + "/schemas/junit.xsd' " + path +
                      " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << xml;
    std::remove(path);
}

TEST(diag_gitlab, OneIssuePerPrintedFinding) {
    Scene s;
    auto v = gitlab_of(s.sm, s.ds);
    ASSERT_EQ(v.t, jcheck::Value::T::Arr);
    EXPECT_EQ(v.a.size(), s.ds.size() - 1);  // HV999 is off
    std::set<std::string> fps;
    for (const auto& i : v.a) {
        EXPECT_EQ(i.at("type").s, "issue");
        EXPECT_EQ(i.at("fingerprint").s.size(), 32u);
        fps.insert(i.at("fingerprint").s);
        EXPECT_GE(i.at("location").at("lines").at("begin").n, 1);
        EXPECT_GE(i.at("location").at("lines").at("end").n, i.at("location").at("lines").at("begin").n);
    }
    EXPECT_EQ(fps.size(), v.a.size());
    // No place in a file: path ".", line 1. Severities map to Code Quality's.
    for (const auto& i : v.a) {
        if (i.at("check_name").s == "HV900") {
            EXPECT_EQ(i.at("location").at("path").s, ".");
            EXPECT_EQ(i.at("severity").s, "minor");
        }
        if (i.at("check_name").s == "HV101") {
            EXPECT_EQ(i.at("location").at("path").s, "inc.conf");
            EXPECT_EQ(i.at("severity").s, "major");
        }
    }
}

TEST(diag_gitlab, IdenticalFindingsGetDistinctStableFingerprints) {
    source::SourceMap sm;
    auto f = sm.add("a.conf", "x 1\nx 1\n");
    std::vector<Diagnostic> ds;
    for (std::uint32_t at : {0u, 4u}) {
        Builder b = make("HV204", Severity::Warning, "same");
        b.at({f, at, at + 3});
        ds.push_back(std::move(b.d));
    }
    auto v = gitlab_of(sm, ds);
    ASSERT_EQ(v.a.size(), 2u);
    EXPECT_NE(v.a[0].at("fingerprint").s, v.a[1].at("fingerprint").s);
    EXPECT_EQ(gitlab_of(sm, ds).a[1].at("fingerprint").s, v.a[1].at("fingerprint").s);
}

TEST(diag_gitlab, EveryByteValueGivesValidJson) {
    source::SourceMap sm;
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    auto f = sm.add(all, all);
    Builder b = make("HV101", Severity::Error, all);
    b.at({f, 0, 256}, all).note(all).help(all);
    std::vector<Diagnostic> ds{std::move(b.d)};
    auto v = gitlab_of(sm, ds);
    EXPECT_EQ(v.a.size(), 1u);
}

TEST(diag_junit, SuitesCasesAndFailures) {
    Scene s;
    auto xml = junit_of(s.sm, s.ds, {"main.conf"});
    // main.conf, inc.conf and the nested file have findings; one has none in a file.
    EXPECT_EQ(count(xml, "<testsuite "), 4u);
    EXPECT_EQ(count(xml, "<testcase "), s.ds.size() - 1);
    EXPECT_EQ(count(xml, "<failure "), s.ds.size() - 1);
    EXPECT_NE(xml.find("<testsuite name=\"(no file)\""), std::string::npos);
    EXPECT_NE(xml.find("&quot;a"), std::string::npos);  // the quote in HV900's message
    expect_valid_junit(xml);
}

TEST(diag_junit, CleanInputIsOnePassingCase) {
    source::SourceMap sm;
    sm.add("a.conf", "x\n");
    sm.add("/abs/policy.toml", "x\n");  // read, but not an input: no suite
    auto xml = junit_of(sm, {}, {"a.conf"});
    EXPECT_EQ(count(xml, "<testsuite "), 1u);
    EXPECT_NE(xml.find("tests=\"1\" failures=\"0\""), std::string::npos);
    EXPECT_EQ(xml.find("policy"), std::string::npos);
    expect_valid_junit(xml);
}

TEST(diag_junit, EveryByteValueGivesValidXml) {
    source::SourceMap sm;
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    auto f = sm.add(all, all);
    Builder b = make(all, Severity::Warning, all);
    b.at({f, 0, 256}, all).also({f, 3, 9}, all).note(all).help(all);
    std::vector<Diagnostic> ds{std::move(b.d)};
    expect_valid_junit(junit_of(sm, ds, {all}));
}

}  // namespace
}  // namespace havip::diag::testing
