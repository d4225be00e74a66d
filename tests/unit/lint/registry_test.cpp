// SPDX-License-Identifier: MIT
// The registry is the public contract: every code unique and in its range,
// every code documented (an --explain page) and every rule tested (a Fires*
// and a Quiet* test in the suite named after its code, see RULE_TEST).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <span>
#include <sstream>

#include "harness.hpp"
#include "source/embedded.hpp"

namespace havip {
std::span<const EmbeddedFile> rule_docs();  // compiler/lint/docs/*.md, embedded
}  // namespace havip

namespace havip::lint::test {
namespace {

/// Test names per suite, from GoogleTest's own registry (so a rule "has a test"
/// only when one really exists in this binary).
std::map<std::string, std::vector<std::string>> tests_by_suite() {
    std::map<std::string, std::vector<std::string>> out;
    const auto* u = ::testing::UnitTest::GetInstance();
    for (int s = 0; s < u->total_test_suite_count(); ++s) {
        const auto* suite = u->GetTestSuite(s);
        for (int t = 0; t < suite->total_test_count(); ++t) out[suite->name()].push_back(suite->GetTestInfo(t)->name());
    }
    return out;
}

TEST(Registry, CodesAndSlugsAreUniqueAndWellFormed) {
    std::set<std::string> codes, slugs;
    const std::regex code_re("HV[0-9]{3}"), slug_re("[a-z0-9]+(-[a-z0-9]+)*");
    for (const auto& r : rule_infos()) {
        EXPECT_TRUE(std::regex_match(r.code, code_re)) << r.code;
        EXPECT_TRUE(std::regex_match(r.slug, slug_re)) << r.code << " slug " << r.slug;
        EXPECT_TRUE(codes.insert(r.code).second) << "duplicate code " << r.code;
        EXPECT_TRUE(slugs.insert(r.slug).second) << "duplicate slug " << r.slug;
        EXPECT_FALSE(r.summary.empty()) << r.code;
        // Lowercase, except for an acronym (`BFD ...`, `SNMP ...`).
        const auto word = r.summary.substr(0, r.summary.find(' '));
        const bool acronym = std::regex_match(word, std::regex("[A-Z]+"));
        EXPECT_TRUE(acronym || !std::isupper(static_cast<unsigned char>(word[0]))) << r.code << ": " << r.summary;
        EXPECT_NE(r.summary.back(), '.') << r.code;
    }
    for (const auto* c : {"HV001", "HV002", "HV003", "HV004", "HV005"}) EXPECT_TRUE(codes.count(c)) << c;
}

TEST(Registry, EachRangeMeansWhatTheCatalogueSays) {
    for (const auto* rule : registry()) {
        const auto& m = rule->meta();
        const char range = m.code[2];
        ASSERT_NE(range, '0') << m.code << ": HV0xx are the front ends' codes, not rules";
        if (range == '1') {
            EXPECT_EQ(m.severity, diag::Severity::Error) << m.code;
        } else if (range == '2') {
            EXPECT_NE(m.severity, diag::Severity::Error) << m.code;
        } else if (range == '3') {
            EXPECT_EQ(m.scope, Scope::Node) << m.code;
        } else if (range == '9') {
            EXPECT_EQ(m.scope, Scope::Suppression) << m.code;
        }
        EXPECT_TRUE(range == '1' || range == '2' || range == '3' || range == '9') << m.code;
        EXPECT_NE(m.scope, Scope::Input) << m.code << ": input is the front ends' scope";
        // HV3xx, and only they, are about what havipd does not execute.
        EXPECT_EQ(m.audience == Audience::Havipd, range == '3') << m.code;
        // The --explain page states the same scope.
        auto page = explain(m.code);
        ASSERT_TRUE(page) << m.code;
        EXPECT_NE(page->find("Scope: " + std::string(scope_name(m.scope))), std::string_view::npos) << m.code;
    }
    // Registry order is code order.
    for (std::size_t k = 1; k < registry().size(); ++k)
        EXPECT_LT(registry()[k - 1]->meta().code, registry()[k]->meta().code);
}

TEST(Registry, EveryCodeIsDocumentedAndEveryPageHasACode) {
    std::set<std::string> codes;
    for (const auto& r : rule_infos()) {
        codes.insert(r.code);
        auto page = explain(r.code);
        ASSERT_TRUE(page) << r.code << " has no page in compiler/lint/docs";
        EXPECT_EQ(r.help, *page) << r.code << ": JSON/SARIF help is the --explain page";
    }
    for (const auto& f : rule_docs()) {
        std::string name(f.name);
        ASSERT_GT(name.size(), 3u);
        EXPECT_TRUE(codes.count(name.substr(0, name.size() - 3))) << "page " << name << " documents no code";
    }
    EXPECT_EQ(rule_docs().size(), codes.size());
}

TEST(Registry, EveryRuleHasAFiringAndAQuietTest) {
    auto suites = tests_by_suite();
    for (const auto* rule : registry()) {
        const auto& code = rule->meta().code;
        auto it = suites.find(code);
        ASSERT_NE(it, suites.end()) << code << " has no RULE_TEST";
        bool fires = false, quiet = false;
        for (const auto& t : it->second) {
            fires = fires || t.rfind("Fires", 0) == 0;
            quiet = quiet || t.rfind("Quiet", 0) == 0;
        }
        EXPECT_TRUE(fires) << code << " has no Fires* test";
        EXPECT_TRUE(quiet) << code << " has no Quiet* test (a close neighbour that does not fire)";
    }
    // And no test suite names a code the registry lacks.
    for (const auto& [suite, names] : suites)
        if (std::regex_match(suite, std::regex("HV[0-9]{3}"))) {
            EXPECT_NE(find_rule(suite), nullptr) << suite;
        }
}

TEST(Registry, LookupByCodeSlugAndCase) {
    ASSERT_NE(find_rule("HV203"), nullptr);
    EXPECT_EQ(find_rule("HV203"), find_rule("garp-repeat"));
    EXPECT_EQ(find_rule("HV203"), find_rule("hv203"));
    EXPECT_EQ(find_rule("GARP-REPEAT"), nullptr);
    EXPECT_EQ(find_rule("HV001"), nullptr) << "front-end codes are not rules";
    EXPECT_EQ(find_rule(""), nullptr);
    EXPECT_TRUE(unsuppressible("HV004"));
    EXPECT_FALSE(unsuppressible("HV203"));
}

}  // namespace
}  // namespace havip::lint::test

namespace havip::lint::test {
namespace {

TEST(Registry, TheManPageListsEveryCode) {
    std::ifstream in(std::string(HAVIP_SOURCE_DIR) + "/man/havip-lint.1");
    ASSERT_TRUE(in) << "man/havip-lint.1";
    std::stringstream ss;
    ss << in.rdbuf();
    const auto page = ss.str();
    std::set<std::string> listed;
    const std::regex entry(R"(\n\.B (HV[0-9]{3}) ([a-z0-9\\-]+)\n)");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), entry); it != std::sregex_iterator(); ++it)
        listed.insert((*it)[1]);
    for (const auto& r : rule_infos())
        EXPECT_TRUE(listed.count(r.code)) << r.code << " is missing from the RULES section";
    EXPECT_EQ(listed.size(), rule_infos().size()) << "the man page lists codes the registry lacks";
}

}  // namespace
}  // namespace havip::lint::test
