// SPDX-License-Identifier: MIT
// Every example cluster written both ways (keepalived.conf per node and one
// havip.toml) must say the same thing: the TOML reader yields, node by node,
// the statements of the .conf files.
#include <gtest/gtest.h>

#include <filesystem>

#include "toml_test_util.hpp"

namespace fs = std::filesystem;
using namespace havip;

namespace {

const std::string kExamples = std::string(HAVIP_SOURCE_DIR) + "/examples";

/// Directories holding a havip.toml and the .conf of each of its nodes.
std::vector<fs::path> paired_examples() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(kExamples))
        if (e.is_directory() && fs::exists(e.path() / "havip.toml")) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(Examples, GuidePairsExist) {
    for (const char* d : {"guide-standing", "guide-non-standing"})
        for (const char* f : {"a.conf", "b.conf", "havip.toml"})
            EXPECT_TRUE(fs::exists(kExamples + "/" + d + "/" + f)) << d << "/" << f;
}

TEST(Examples, TomlStatementsEqualConfText) {
    auto dirs = paired_examples();
    ASSERT_GE(dirs.size(), 2u);
    for (const auto& dir : dirs) {
        SCOPED_TRACE(dir.string());
        test::Read r(test::read_text((dir / "havip.toml").string()), (dir / "havip.toml").string());
        ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
        ASSERT_GE(r.docs.size(), 2u);
        for (const auto& doc : r.docs) {
            auto conf = dir / (doc.node_name + ".conf");
            ASSERT_TRUE(fs::exists(conf)) << conf;
            EXPECT_EQ(test::normalize_conf(test::render(doc)), test::normalize_conf(test::read_text(conf.string())))
                << "node " << doc.node_name;
        }
    }
}
