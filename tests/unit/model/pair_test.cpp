// SPDX-License-Identifier: MIT
// Two surface syntaxes, one model: each example cluster written as keepalived.conf
// files (one per node) and as one havip.toml lowers to equal nodes, field by field.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "dump_helpers.hpp"

namespace havip::model {
namespace {

namespace fs = std::filesystem;
using namespace model::testing;

/// Example directories holding both forms: NODE.conf for each [[node]] of one havip.toml.
std::vector<fs::path> pair_dirs() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(fs::path(HAVIP_SOURCE_DIR) / "examples"))
        if (e.is_directory() && fs::exists(e.path() / "havip.toml")) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(ConfTomlPair, EveryExamplePairLowersToEqualModels) {
    auto dirs = pair_dirs();
    ASSERT_GE(dirs.size(), 2u) << "the guide's standing and non-standing pairs are expected";
    for (const auto& dir : dirs) {
        SCOPED_TRACE(dir.string());
        auto toml = load_toml((dir / "havip.toml").string());
        ASSERT_GE(toml.size(), 2u);
        for (const auto& t : toml) {
            ASSERT_EQ(t.errors, 0u) << t.label;
            auto conf_path = dir / (t.node.name + ".conf");
            ASSERT_TRUE(fs::exists(conf_path)) << conf_path;
            auto confs = load_conf(conf_path.string());
            ASSERT_EQ(confs.size(), 1u);
            const auto& c = confs.front();
            ASSERT_EQ(c.errors, 0u) << c.label;
            EXPECT_EQ(node_difference(c.node, t.node), "") << c.label << " vs " << t.label;
            EXPECT_EQ(c.node.instances, t.node.instances);
            EXPECT_EQ(c.node.globals, t.node.globals);
            EXPECT_EQ(c.node.scripts, t.node.scripts);
            EXPECT_EQ(c.node.sync_groups, t.node.sync_groups);
        }
    }
}

TEST(ConfTomlPair, TheTomlStatesTheClusterTheConfLeavesOpen) {
    auto toml = load_toml(HAVIP_SOURCE_DIR "/examples/guide-non-standing/havip.toml");
    ASSERT_FALSE(toml.empty());
    const auto& n = toml.front().node;
    EXPECT_EQ(n.cluster.name, "guide");
    EXPECT_EQ(n.cluster.mode.value, Mode::NonStanding);
    ASSERT_EQ(n.cluster.subnets.size(), 1u);
    EXPECT_EQ(n.cluster.subnets.front().value.str(), "172.16.0.0/24");
    auto conf = load_conf(HAVIP_SOURCE_DIR "/examples/guide-non-standing/a.conf");
    EXPECT_TRUE(conf.front().node.cluster.name.empty());
    EXPECT_FALSE(conf.front().node.cluster.mode.set);
}

}  // namespace
}  // namespace havip::model
