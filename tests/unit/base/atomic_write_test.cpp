// SPDX-License-Identifier: MIT
// write_file_atomic: the new bytes or the old file, never a half file and
// never a stray temporary.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "base/atomic_write.hpp"

namespace havip {
namespace {

namespace fs = std::filesystem;

class AtomicWrite : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("havip-atomic-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::string slurp(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    static bool write(const fs::path& p, const std::string& s, std::string& err) {
        base::Status st = base::write_file_atomic(p.string(), std::as_bytes(std::span(s.data(), s.size())));
        err = st.message();
        return st.ok();
    }
    std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {})); }

    fs::path dir_;
};

TEST_F(AtomicWrite, WritesAndReplaces) {
    std::string err;
    const auto p = dir_ / "a.hvp";
    ASSERT_TRUE(write(p, std::string("first\0bytes", 11), err)) << err;
    EXPECT_EQ(slurp(p), std::string("first\0bytes", 11));
    ASSERT_TRUE(write(p, "second", err)) << err;
    EXPECT_EQ(slurp(p), "second");
    EXPECT_EQ(entries(), 1u);  // no temporary left behind
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);  // private by default, whatever the umask
}

TEST_F(AtomicWrite, SharedModeAndTextOverload) {
    const auto p = dir_ / "VI_1.state";
    const mode_t old = ::umask(077);
    base::Status st = base::write_file_atomic(p.string(), std::string_view("MASTER\n"), base::kSharedMode);
    ::umask(old);
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(slurp(p), "MASTER\n");
    struct stat sb {};
    ASSERT_EQ(::stat(p.c_str(), &sb), 0);
    EXPECT_EQ(sb.st_mode & 07777, 0644u);
}

TEST_F(AtomicWrite, FailureCarriesErrno) {
    base::Status st = base::write_file_atomic((dir_ / "no" / "a").string(), std::string_view("x"));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), ENOENT);
    EXPECT_NE(st.message().find("No such file or directory"), std::string::npos) << st.message();
}

TEST_F(AtomicWrite, EmptyFile) {
    std::string err;
    ASSERT_TRUE(write(dir_ / "empty", "", err)) << err;
    EXPECT_EQ(fs::file_size(dir_ / "empty"), 0u);
}

TEST_F(AtomicWrite, MissingDirectoryFailsWithThePath) {
    std::string err;
    const auto p = dir_ / "no" / "such" / "a.hvp";
    EXPECT_FALSE(write(p, "x", err));
    EXPECT_NE(err.find(p.string()), std::string::npos) << err;
    EXPECT_NE(err.find("temporary"), std::string::npos) << err;
}

TEST_F(AtomicWrite, FailedRenameKeepsTheOldTargetAndLeavesNoTemporary) {
    // A non-empty directory cannot be replaced by a file: rename fails after
    // the temporary was written, which is the path that must clean up.
    const auto target = dir_ / "busy";
    fs::create_directories(target / "inside");
    std::string err;
    EXPECT_FALSE(write(target, "new", err));
    EXPECT_NE(err.find("rename"), std::string::npos) << err;
    EXPECT_TRUE(fs::is_directory(target / "inside"));
    EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWrite, RefusesADirectoryName) {
    std::string err;
    EXPECT_FALSE(write(dir_.string() + "/", "x", err));
    EXPECT_NE(err.find("not a file name"), std::string::npos) << err;
    EXPECT_FALSE(base::write_file_atomic("", std::span<const std::byte>()).ok());
}

TEST_F(AtomicWrite, RelativePathInTheCurrentDirectory) {
    const auto old = fs::current_path();
    fs::current_path(dir_);
    std::string err;
    const bool ok = write("rel.hvp", "r", err);
    fs::current_path(old);
    ASSERT_TRUE(ok) << err;
    EXPECT_EQ(slurp(dir_ / "rel.hvp"), "r");
}

// AtomicBatch (havip-lint --fix over several files): all renamed, or none.
TEST_F(AtomicWrite, BatchReplacesAllKeepingModes) {
    std::string err;
    ASSERT_TRUE(write(dir_ / "a.conf", "old a", err)) << err;
    ASSERT_TRUE(write(dir_ / "b.conf", "old b", err)) << err;
    ::chmod((dir_ / "a.conf").c_str(), 0640);
    {
        base::AtomicBatch batch;
        const std::string a = "new a", b = "new b";
        ASSERT_TRUE(
            batch.stage((dir_ / "a.conf").string(), std::as_bytes(std::span(a.data(), a.size())), 0640, -1, -1).ok());
        ASSERT_TRUE(
            batch.stage((dir_ / "b.conf").string(), std::as_bytes(std::span(b.data(), b.size())), 0644, -1, -1).ok());
        EXPECT_EQ(slurp(dir_ / "a.conf"), "old a") << "staged, not yet renamed";
        EXPECT_EQ(entries(), 4u);
        ASSERT_TRUE(batch.commit().ok());
    }
    EXPECT_EQ(slurp(dir_ / "a.conf"), "new a");
    EXPECT_EQ(slurp(dir_ / "b.conf"), "new b");
    struct stat st {};
    ASSERT_EQ(::stat((dir_ / "a.conf").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    ASSERT_EQ(::stat((dir_ / "b.conf").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
    EXPECT_EQ(entries(), 2u) << "no temporary file left";
}

TEST_F(AtomicWrite, BatchFailedStageOrNoCommitWritesNothing) {
    std::string err;
    ASSERT_TRUE(write(dir_ / "a.conf", "old a", err)) << err;
    const std::string a = "new a";
    {
        base::AtomicBatch batch;
        ASSERT_TRUE(
            batch.stage((dir_ / "a.conf").string(), std::as_bytes(std::span(a.data(), a.size())), 0600, -1, -1).ok());
        // The second file's directory does not exist: the batch is dropped uncommitted.
        base::Status st = batch.stage((dir_ / "missing" / "b.conf").string(),
                                      std::as_bytes(std::span(a.data(), a.size())), 0600, -1, -1);
        EXPECT_FALSE(st.ok());
        EXPECT_NE(st.message().find("missing/b.conf"), std::string::npos) << st.message();
    }
    EXPECT_EQ(slurp(dir_ / "a.conf"), "old a");
    EXPECT_EQ(entries(), 1u) << "the staged temporary file is removed";
}

}  // namespace
}  // namespace havip
