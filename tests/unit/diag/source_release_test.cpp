// SPDX-License-Identifier: MIT
// SourceMap::release_text: a released file reads back the same bytes on first
// use (from any thread), and one that changed on disk since reads back empty
// and is named by changed_files().
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "source/source_map.hpp"

namespace havip::source {
namespace {

class SourceRelease : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "srcrel-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::string write(const std::string& name, const std::string& text) {
        auto p = (std::filesystem::path(dir_) / name).string();
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::string dir_;
};

TEST_F(SourceRelease, ReadsBackTheSameBytes) {
    const std::string text = "global_defs {\n  router_id a\n}\n";
    SourceMap sm(7);
    const auto id = sm.add(write("a.conf", text), text);
    sm.release_text();
    EXPECT_EQ(sm.text({id, 2, 11}), "obal_defs");  // the first use reads it back
    EXPECT_EQ(sm.file(id).text, text);
    EXPECT_EQ(sm.line_col(id, 16).line, 2u);
    EXPECT_EQ(sm.line_text(id, 2), "  router_id a");
    EXPECT_TRUE(sm.changed_files().empty());
}

TEST_F(SourceRelease, ManyThreadsReadBackOnce) {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + "\n";
    SourceMap sm;
    const auto id = sm.add(write("big.conf", text), text);
    sm.release_text();
    std::vector<std::thread> ts;
    std::vector<std::size_t> sizes(8);
    for (std::size_t t = 0; t < sizes.size(); ++t)
        ts.emplace_back([&, t] { sizes[t] = sm.file(id).text.size() + sm.line_col(id, 100).line; });
    for (auto& t : ts) t.join();
    for (auto s : sizes) EXPECT_EQ(s, text.size() + sm.line_col(id, 100).line);
    EXPECT_TRUE(sm.changed_files().empty());
}

TEST_F(SourceRelease, AChangedFileReadsBackEmptyAndIsNamed) {
    const std::string text = "vrrp_instance VI_1 {\n}\n";
    SourceMap sm;
    const auto path = write("b.conf", text);
    const auto id = sm.add(path, text);
    sm.release_text();
    write("b.conf", "vrrp_instance VI_2 {\n}\n");  // same length, other bytes
    EXPECT_EQ(sm.file(id).text, "");
    EXPECT_EQ(sm.text({id, 0, 5}), "");
    ASSERT_EQ(sm.changed_files().size(), 1u);
    EXPECT_EQ(sm.changed_files()[0], path);
}

TEST_F(SourceRelease, ChangesFollowAnAppend) {
    const std::string text = "x\n";
    SourceMap all;
    all.add(write("first.conf", text), text);
    SourceMap part(1);
    const auto id = part.add(write("gone.conf", text), text);
    part.release_text();
    std::filesystem::remove(std::filesystem::path(dir_) / "gone.conf");
    all.append(std::move(part));
    EXPECT_EQ(all.file(id).text, "");
    EXPECT_EQ(all.changed_files().size(), 1u);
}

}  // namespace
}  // namespace havip::source
