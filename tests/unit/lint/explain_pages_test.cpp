// SPDX-License-Identifier: MIT
// Every --explain page is checked against the linter itself: its failing
// config must produce the page's code and its fixed config must not. The
// configs are the pages' fenced blocks (```keepalived NAME / ```toml NAME);
// the page's `Options:` line sets --target-keepalived, --inventory (a toml
// block of that name), --subnet and --havipd for both runs.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.hpp"

namespace havip::lint::test {
namespace {

struct Page {
    std::vector<File> failing, fixed;
    std::string options;
};

/// Splits a page into its failing and fixed configs.
Page parse_page(std::string_view text) {
    Page p;
    std::vector<File>* into = nullptr;
    std::istringstream in{std::string(text)};
    std::string line;
    File* block = nullptr;
    while (std::getline(in, line)) {
        if (block) {
            if (line == "```")
                block = nullptr;
            else
                block->text += line + "\n";
            continue;
        }
        if (line.rfind("Options:", 0) == 0)
            p.options = line.substr(8);
        else if (line == "## Failing config")
            into = &p.failing;
        else if (line == "## Fixed config")
            into = &p.fixed;
        else if (line.rfind("## ", 0) == 0)
            into = nullptr;
        else if (into && line.rfind("```", 0) == 0) {
            auto info = line.substr(3);
            auto sp = info.find(' ');
            into->push_back({sp == std::string::npos ? "input.conf" : info.substr(sp + 1), {}});
            block = &into->back();
        }
    }
    return p;
}

/// The options of a page: backticked `--flag value` pairs.
Inputs inputs_for(const Page& p, const std::vector<File>& files) {
    Inputs s;
    std::vector<std::string> words;
    std::istringstream in(p.options);
    for (std::string w; in >> w;) {
        std::string clean;
        for (char c : w)
            if (c != '`' && c != ',') clean += c;
        if (!clean.empty()) words.push_back(clean);
    }
    std::string inventory_name;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const auto& w = words[k];
        auto next = k + 1 < words.size() ? words[k + 1] : std::string();
        if (w == "--havipd")
            s.opt.havipd_target = true;
        else if (w == "--target-keepalived")
            s.opt.target_keepalived = *model::Version::parse(next);
        else if (w == "--subnet")
            s.opt.subnets.push_back(*model::Cidr::parse(next));
        else if (w == "--inventory")
            inventory_name = next;
    }
    for (const auto& f : files) {
        if (!inventory_name.empty() && f.name == inventory_name)
            s.inventory = f.text;
        else
            s.files.push_back(f);
    }
    return s;
}

/// Front-end codes are found among the front end's findings, the rest among the rules'.
std::size_t count(const Result& r, const std::string& code) {
    std::size_t n = r.with(code).size();
    for (const auto& d : r.front.items) n += d.code == code;
    return n;
}

class ExplainPage : public ::testing::TestWithParam<std::string> {};

TEST_P(ExplainPage, FailingFiresAndFixedDoesNot) {
    const auto& code = GetParam();
    auto text = explain(code);
    ASSERT_TRUE(text) << code << " has no page";
    auto page = parse_page(*text);
    ASSERT_FALSE(page.failing.empty()) << code << ": no failing config";
    ASSERT_FALSE(page.fixed.empty()) << code << ": no fixed config";
    auto bad = run(inputs_for(page, page.failing));
    EXPECT_GT(count(*bad, code), 0u) << code << "'s failing config does not fire it:\n" << bad->dump();
    auto good = run(inputs_for(page, page.fixed));
    EXPECT_EQ(count(*good, code), 0u) << code << "'s fixed config still fires it:\n" << good->dump();
    // A fixed config is a valid configuration.
    EXPECT_EQ(good->front.count(diag::Severity::Error), 0u) << good->dump();
}

std::vector<std::string> all_codes() {
    std::vector<std::string> v;
    for (const auto& r : rule_infos()) v.push_back(r.code);
    return v;
}

INSTANTIATE_TEST_SUITE_P(Pages, ExplainPage, ::testing::ValuesIn(all_codes()), [](const auto& p) { return p.param; });

TEST(ExplainPages, HaveTheSections) {
    for (const auto& r : rule_infos()) {
        auto text = explain(r.code);
        ASSERT_TRUE(text) << r.code;
        std::string t(*text);
        EXPECT_EQ(t.rfind("# " + r.code + " " + r.slug + "\n", 0), 0u) << r.code << ": title must be `# CODE slug`";
        for (const char* s : {"\nSeverity: ", "\n## Failing config\n", "\n## Fixed config\n", "\n## Why it matters\n",
                              "\n## Evidence\n"})
            EXPECT_NE(t.find(s), std::string::npos) << r.code << " lacks " << s;
    }
}

TEST(ExplainPages, FoundBySlugToo) {
    auto by_code = explain("HV101");
    auto by_slug = explain("duplicate-vrid");
    ASSERT_TRUE(by_code && by_slug);
    EXPECT_EQ(*by_code, *by_slug);
    EXPECT_TRUE(explain("syntax"));
    EXPECT_FALSE(explain("HV999"));
    EXPECT_FALSE(explain(""));
}

}  // namespace
}  // namespace havip::lint::test
