// SPDX-License-Identifier: MIT
// One golden test per message of the TOML front end: every
// tests/unit/syntax_toml/golden/NAME.toml is read by the reader its name picks
// (inventory_*: the inventory, policy_*: the lint policy, others: a cluster
// file) and its findings, rendered as gnu lines with help and notes, must equal
// NAME.expected. HAVIP_UPDATE_GOLDEN=1 rewrites the .expected files for review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "diag/render.hpp"
#include "syntax/toml/inventory.hpp"
#include "syntax/toml/policy.hpp"
#include "toml_test_util.hpp"

namespace fs = std::filesystem;
using namespace havip;

namespace {

const fs::path kDir = fs::path(HAVIP_SOURCE_DIR) / "tests/unit/syntax_toml/golden";

std::string findings(const fs::path& input) {
    std::string name = input.filename().string();
    std::string text = test::read_text(input.string());
    source::SourceMap sm;
    diag::DiagList diags;
    if (name.rfind("inventory_", 0) == 0)
        (void)syntax::toml::read_inventory_text(sm, name, text, diags);
    else if (name.rfind("policy_", 0) == 0)
        (void)syntax::toml::read_policy_text(sm, name, text, diags);
    else
        (void)syntax::toml::read_cluster_text(sm, name, text, diags);
    std::ostringstream os;
    diag::render_gnu(os, sm, diags.items);
    // The gnu line, then what people also see: notes and the help.
    std::string out;
    std::istringstream lines(os.str());
    std::string line;
    std::size_t i = 0;
    while (std::getline(lines, line)) {
        out += line + "\n";
        if (i < diags.items.size()) {
            for (const auto& n : diags.items[i].notes) out += "  note: " + n + "\n";
            if (!diags.items[i].help.empty()) out += "  help: " + diags.items[i].help + "\n";
        }
        ++i;
    }
    return out;
}

TEST(TomlGolden, EveryMessage) {
    bool update = std::getenv("HAVIP_UPDATE_GOLDEN") != nullptr;
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(kDir))
        if (e.path().extension() == ".toml") inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    ASSERT_GE(inputs.size(), 60u);
    std::set<std::string> messages;
    for (const auto& in : inputs) {
        std::string got = findings(in);
        auto exp_path = fs::path(in).replace_extension(".expected");
        if (update) std::ofstream(exp_path, std::ios::binary) << got;
        ASSERT_TRUE(fs::exists(exp_path)) << exp_path << " (run with HAVIP_UPDATE_GOLDEN=1)";
        EXPECT_EQ(got, test::read_text(exp_path.string())) << in.filename();
        // Each case is there for a finding.
        EXPECT_NE(got, "") << in.filename() << " reads without findings";
        messages.insert(got.substr(0, got.find('\n')));
    }
    // No two cases show the same first finding.
    EXPECT_EQ(messages.size(), inputs.size());
}

}  // namespace
