// SPDX-License-Identifier: MIT
// keepalived's own sample configurations (when installed) parse with no
// syntax, include or substitution findings; and our own realistic configs.
#include <gtest/gtest.h>

#include <filesystem>

#include "helpers.hpp"

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
