// SPDX-License-Identifier: MIT
// keepalived's own sample configurations (when installed) parse with no
// syntax, include or substitution findings, and lower with no unknown keyword
// (HV003) and no bad argument (HV004); our own configs exercising the same
// features (tests/unit/syntax_keepalived/data) do the same everywhere.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>

#include "helpers.hpp"
#include "model/lower.hpp"

namespace fs = std::filesystem;

namespace {

TEST(KeepalivedSamples, InstalledSamplesParseClean) {
    const fs::path dir = "/usr/share/doc/keepalived/samples";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) GTEST_SKIP() << "keepalived samples are not installed";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        auto name = e.path().filename().string();
        if (name.rfind("keepalived.conf.", 0) != 0) continue;
        ++n;
        for (const char* id : {"", "main", "backup"}) {
            kp::Options opt;
            opt.config_id = id;
            auto p = testutil::parse_file(e.path().string(), opt);
            EXPECT_EQ(p->count("HV001") + p->count("HV002") + p->count("HV005"), 0u) << name << "\n" << p->gnu();
            EXPECT_FALSE(p->doc.statements.empty()) << name;
        }
    }
    EXPECT_GT(n, 0);
}

/// The lowering findings of a parsed config that matter here: errors, and
/// every HV003/HV004, as "line CODE message"; HV003 also as "line keyword".
struct Lowered {
    std::string findings;
    std::set<std::string> unknown;  // "LINE KEYWORD"
};

Lowered lower(testutil::Parsed& p, const std::string& node) {
    havip::diag::DiagList diags;
    (void)havip::model::lower(p.doc, p.sm, diags, node);
    Lowered l;
    for (const auto& d : diags.items) {
        auto at = p.sm.begin_of(d.primary_span());
        if (d.code == "HV003")
            l.unknown.insert(std::to_string(at.line) + " " + std::string(p.text(d.primary_span())));
        else if (d.severity == havip::diag::Severity::Error || d.code == "HV004")
            l.findings += p.where(d.primary_span()) + " " + d.code + " " + d.message + "\n";
    }
    return l;
}

/// "LINE KEYWORD" for each `Unknown keyword` that `keepalived -t` reports for a
/// file (with `-i ID`), or nullopt when keepalived cannot be run here.
std::optional<std::set<std::string>> keepalived_unknown(const std::string& path, const std::string& id) {
    if (std::system("command -v keepalived >/dev/null 2>&1") != 0) return std::nullopt;
    std::string cmd = "keepalived -t " + (id.empty() ? std::string() : "-i '" + id + "' ") + "-f '" + path + "' 2>&1";
    FILE* f = ::popen(cmd.c_str(), "r");
    if (!f) return std::nullopt;
    std::set<std::string> out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, f)) {
        // (FILE: Line N) Unknown keyword 'WORD'
        std::string line = buf;
        auto l = line.find(": Line "), k = line.find(") Unknown keyword '");
        if (l == std::string::npos || k == std::string::npos) continue;
        auto num = line.substr(l + 7, k - l - 7);
        auto word = line.substr(k + 19);
        word = word.substr(0, word.find('\''));
        out.insert(num + " " + word);
    }
    ::pclose(f);
    return out;
}

/// The lines `keepalived -t` complains about for a file (any "(FILE: Line N)"
/// message), or nullopt when keepalived cannot be run here.
std::optional<std::set<int>> keepalived_complaint_lines(const std::string& path, const std::string& id) {
    if (std::system("command -v keepalived >/dev/null 2>&1") != 0) return std::nullopt;
    std::string cmd = "keepalived -t " + (id.empty() ? std::string() : "-i '" + id + "' ") + "-f '" + path + "' 2>&1";
    FILE* f = ::popen(cmd.c_str(), "r");
    if (!f) return std::nullopt;
    std::set<int> out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, f)) {
        std::string line = buf;
        auto l = line.find(": Line ");
        if (l == std::string::npos) continue;
        out.insert(std::atoi(line.c_str() + l + 7));
    }
    ::pclose(f);
    return out;
}

/// Drops the findings ("FILE:LINE:COL CODE message" lines) on a line keepalived
/// itself complains about: keepalived's own samples hold a few constructs it
/// rejects or warns about (a malformed rule address, a rule without a
/// preference, a route without a device), and there we must agree with it.
std::string without_lines(const std::string& findings, const std::set<int>& lines) {
    std::string out;
    std::size_t pos = 0;
    while (pos < findings.size()) {
        auto end = findings.find('\n', pos);
        std::string one = findings.substr(pos, end - pos + 1);
        pos = end + 1;
        auto c1 = one.find(':'), c2 = one.find(':', c1 + 1);
        int line = std::atoi(one.c_str() + c1 + 1);
        if (c1 == std::string::npos || c2 == std::string::npos || !lines.count(line)) out += one;
    }
    return out;
}

TEST(KeepalivedSamples, InstalledSamplesLowerWithoutUnknownOrBadKeywords) {
    const fs::path dir = "/usr/share/doc/keepalived/samples";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) GTEST_SKIP() << "keepalived samples are not installed";
    int n = 0, checked_against_keepalived = 0;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        auto name = e.path().filename().string();
        if (name.rfind("keepalived.conf.", 0) != 0 || e.path().extension() == ".gz") continue;
        ++n;
        // One node per `@id` found, as havip-lint does; files without ids once.
        havip::diag::DiagList none;
        std::vector<std::string> ids = kp::config_ids(e.path().string(), none);
        if (ids.empty()) ids.push_back("");
        for (const auto& id : ids) {
            kp::Options opt;
            opt.config_id = id;
            auto p = testutil::parse_file(e.path().string(), opt);
            Lowered l = lower(*p, name);
            auto complaints = keepalived_complaint_lines(e.path().string(), id);
            EXPECT_EQ(complaints ? without_lines(l.findings, *complaints) : l.findings, "")
                << name << " (config id `" << id << "`)";
            // No HV003 for a real keyword: every keyword we call unknown,
            // keepalived itself calls unknown, on the same line.
            auto theirs = keepalived_unknown(e.path().string(), id);
            if (!theirs) continue;
            ++checked_against_keepalived;
            for (const auto& u : l.unknown)
                EXPECT_TRUE(theirs->count(u)) << name << ": HV003 for `" << u << "`, which keepalived -t accepts";
        }
    }
    EXPECT_GT(n, 0);
    RecordProperty("checked_against_keepalived", checked_against_keepalived);
}

TEST(KeepalivedSamples, OwnDataConfigsLowerClean) {
    const fs::path dir = fs::path(HAVIP_SOURCE_DIR) / "tests/unit/syntax_keepalived/data";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".conf") continue;
        ++n;
        kp::Options opt;
        opt.config_id = "lb1";
        auto p = testutil::parse_file(e.path().string(), opt);
        Lowered l = lower(*p, e.path().stem().string());
        EXPECT_EQ(l.findings, "") << e.path();
        EXPECT_TRUE(l.unknown.empty()) << e.path() << ": " << *l.unknown.begin();
    }
    EXPECT_GT(n, 0);
}

TEST(KeepalivedSamples, OwnDataConfigsUseOnlyKeywordsKeepalivedKnows) {
    // Our configs stand in for keepalived's samples: keepalived itself must
    // read every keyword in them (only checked where keepalived is installed).
    const fs::path dir = fs::path(HAVIP_SOURCE_DIR) / "tests/unit/syntax_keepalived/data";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".conf") continue;
        auto unknown = keepalived_unknown(e.path().string(), "lb1");
        if (!unknown) GTEST_SKIP() << "keepalived is not installed";
        ++n;
        EXPECT_TRUE(unknown->empty()) << e.path() << ": keepalived -t: unknown keyword " << *unknown->begin();
    }
    EXPECT_GE(n, 4);
}

TEST(KeepalivedSamples, OwnDataConfigsParseToExpectedTrees) {
    const fs::path dir = fs::path(HAVIP_SOURCE_DIR) / "tests/unit/syntax_keepalived/data";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".conf") continue;
        ++n;
        auto expect_path = e.path();
        expect_path.replace_extension(".tree");
        std::ifstream in(expect_path);
        ASSERT_TRUE(in) << expect_path;
        std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        while (!expected.empty() && expected.back() == '\n') expected.pop_back();
        kp::Options opt;
        opt.config_id = "lb1";
        auto p = testutil::parse_file(e.path().string(), opt);
        EXPECT_EQ(p->diags.items.size(), 0u) << e.path() << "\n" << p->gnu();
        EXPECT_EQ(p->tree(), expected) << e.path();
    }
    EXPECT_GT(n, 0);
}

}  // namespace
