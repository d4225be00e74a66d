// SPDX-License-Identifier: MIT
// Node names the driver gives .conf inputs (man/havip-lint.1, INPUTS): the
// file's stem, or its folder for keepalived.conf (also when given bare, from
// inside the folder); one node per `@id`, whose findings say which node.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "driver/driver.hpp"

namespace havip {
namespace {

namespace fs = std::filesystem;

/// A scratch folder under the build tree, removed at the end.
struct Scratch {
    fs::path dir;
    explicit Scratch(const std::string& name) : dir(fs::path(HAVIP_BINARY_DIR) / "node-naming" / name) {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void write(const std::string& file, const std::string& text) const { std::ofstream(dir / file) << text; }
};

/// Runs f with the current directory set to `d`, restoring it after.
template <class F>
void in_dir(const fs::path& d, F&& f) {
    auto old = fs::current_path();
    fs::current_path(d);
    f();
    fs::current_path(old);
}

TEST(NodeNaming, StemOrFolderOfKeepalivedConf) {
    EXPECT_EQ(driver::node_name_for("fleet/db-a.conf", ""), "db-a");
    EXPECT_EQ(driver::node_name_for("fleet/lb1/keepalived.conf", ""), "lb1");
    EXPECT_EQ(driver::node_name_for("fleet/lb1/keepalived.conf", "x"), "x");
    EXPECT_EQ(driver::node_name_for("fleet/db-a.conf", "x"), "db-a@x");
}

TEST(NodeNaming, ABareKeepalivedConfIsNamedAfterTheCurrentFolder) {
    Scratch s("lb-west");
    in_dir(s.dir, [] {
        EXPECT_EQ(driver::node_name_for("keepalived.conf", ""), "lb-west");
        EXPECT_EQ(driver::node_name_for("./keepalived.conf", ""), "lb-west");
    });
}

TEST(NodeNaming, FindingsOfAFileReadPerIdNameTheNode) {
    Scratch s("per-id");
    s.write("pair.conf",
            "@a vrrp_instance VI_1 {\n@b vrrp_instance VI_1 {\n    priority abc\n    virtual_router_id 51\n}\n");
    driver::Workspace ws;
    driver::load(ws, {(s.dir / "pair.conf").string()}, {});
    ASSERT_EQ(ws.fleet.nodes.size(), 2u);
    std::vector<std::string> notes;
    for (const auto& d : ws.diags.items)
        if (d.code == "HV004")
            for (const auto& n : d.notes)
                if (n.rfind("in node ", 0) == 0) notes.push_back(n);
    EXPECT_EQ(notes, (std::vector<std::string>{"in node `pair@a` (this file read with `@a`)",
                                               "in node `pair@b` (this file read with `@b`)"}));
}

}  // namespace
}  // namespace havip
