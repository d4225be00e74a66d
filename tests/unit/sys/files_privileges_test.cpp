// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "sys/files.hpp"
#include "sys/privileges.hpp"

using namespace havip::sys;

namespace {
std::string temp_dir() {
    char tmpl[] = "/tmp/havip-sys-files.XXXXXX";
    char* d = mkdtemp(tmpl);
    return d ? d : "/tmp";
}
int count_entries(const std::string& dir) {
    int n = 0;
    DIR* d = opendir(dir.c_str());
    while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') ++n;
    closedir(d);
    return n;
}
}  // namespace

TEST(sysAtomicWrite, ReplacesWholeFileAndLeavesNoTemporary) {
    std::string dir = temp_dir();
    std::string path = dir + "/state";
    ASSERT_TRUE(write_file_atomic(path, "BACKUP\n"));
    EXPECT_EQ(*read_file(path), "BACKUP\n");
    struct stat st {};
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    ino_t first = st.st_ino;
    ASSERT_TRUE(write_file_atomic(path, "MASTER\n", 0600));
    EXPECT_EQ(*read_file(path), "MASTER\n");
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_NE(st.st_ino, first);  // a new file was renamed over, not rewritten in place
    EXPECT_EQ(count_entries(dir), 1);
}

TEST(sysReadFile, BoundedBySize) {
    std::string dir = temp_dir();
    std::string path = dir + "/plan";
    std::string big(200000, 'x');  // several read() chunks
    ASSERT_TRUE(write_file_atomic(path, big));
    auto all = read_file(path, big.size());
    ASSERT_TRUE(all) << all.message();
    EXPECT_EQ(all->size(), big.size());
    auto cut = read_file(path, big.size() - 1);
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.message().find("larger than"), std::string::npos) << cut.message();
    // A device never ends: the bound stops it.
    auto dev = read_file("/dev/zero", 100000);
    ASSERT_FALSE(dev);
    auto missing = read_file(dir + "/missing", 10);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("missing"), std::string::npos) << missing.message();
}

TEST(sysAtomicWrite, ReaderNeverSeesPartialContent) {
    std::string dir = temp_dir();
    std::string path = dir + "/state";
    std::string a(100000, 'a'), b(100000, 'b');
    ASSERT_TRUE(write_file_atomic(path, a));
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 200; ++i) (void)write_file_atomic(path, i % 2 ? a : b);
        _exit(0);
    }
    int bad = 0;
    for (int i = 0; i < 2000; ++i) {
        auto t = read_file(path);
        if (!t) continue;
        if (*t != a && *t != b) ++bad;
    }
    int ws;
    waitpid(pid, &ws, 0);
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(count_entries(dir), 1);
}

TEST(sysAtomicWrite, FailureLeavesOldFile) {
    EXPECT_FALSE(write_file_atomic("/nonexistent-dir-havip/state", "x"));
    std::string dir = temp_dir();
    std::string path = dir + "/sub";
    ASSERT_EQ(mkdir(path.c_str(), 0755), 0);  // renaming a file over a directory fails
    Status st = write_file_atomic(path, "x");
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("rename"), std::string::npos) << st.message();
    EXPECT_EQ(count_entries(dir), 1);
}

TEST(sysTrustedFile, PermissionsAndOwner) {
    std::string dir = temp_dir();
    std::string path = dir + "/script";
    ASSERT_TRUE(write_file_atomic(path, "#!/bin/sh\n", 0755));
    EXPECT_TRUE(check_trusted_file(path)) << check_trusted_file(path).message();
    chmod(path.c_str(), 0775);
    Status st = check_trusted_file(path);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("group"), std::string::npos) << st.message();
    chmod(path.c_str(), 0757);
    st = check_trusted_file(path);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("others"), std::string::npos) << st.message();
    chmod(path.c_str(), 0755);
    chmod(dir.c_str(), 0777);  // a directory anyone can rename entries in
    EXPECT_FALSE(check_trusted_file(path));
    chmod(dir.c_str(), 01777);  // sticky, like /tmp: fine
    EXPECT_TRUE(check_trusted_file(path));
    chmod(dir.c_str(), 0700);
    EXPECT_FALSE(check_trusted_file(dir + "/missing"));
    EXPECT_FALSE(check_trusted_file(dir));  // not a regular file
    if (geteuid() == 0) {
        ASSERT_EQ(chown(path.c_str(), 65534, 65534), 0);
        st = check_trusted_file(path);
        EXPECT_FALSE(st);
        EXPECT_NE(st.message().find("owned by"), std::string::npos) << st.message();
    }
}

TEST(sysPrivileges, KeepsOnlyNetCapsWithNoNewPrivs) {
    auto before = current_capabilities();
    ASSERT_TRUE(before);
    std::uint64_t want = (1ull << kCapNetRaw) | (1ull << kCapNetAdmin);
    if ((before->permitted & want) != want || !(before->effective & (1ull << 8 /*CAP_SETPCAP*/)))
        GTEST_SKIP() << "needs CAP_NET_RAW, CAP_NET_ADMIN and CAP_SETPCAP";
    // In a child: the test process keeps its own capabilities.
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        Status st = drop_privileges();
        auto after = current_capabilities();
        std::uint64_t out[5] = {st.ok(), after ? after->effective : 0, after ? after->permitted : 0,
                                after && after->no_new_privs,
                                static_cast<std::uint64_t>(prctl(PR_CAPBSET_READ, 21, 0, 0, 0))};
        (void)!write(p[1], out, sizeof out);
        _exit(0);
    }
    close(p[1]);
    std::uint64_t in[5] = {};
    ASSERT_EQ(read(p[0], in, sizeof in), static_cast<ssize_t>(sizeof in));
    close(p[0]);
    int ws;
    waitpid(pid, &ws, 0);
    EXPECT_EQ(in[0], 1u);
    EXPECT_EQ(in[1], want);
    EXPECT_EQ(in[2], want);
    EXPECT_EQ(in[3], 1u);
    EXPECT_EQ(in[4], 0u);  // CAP_SYS_ADMIN gone from the bounding set
}

TEST(sysPrivileges, RejectsBadCapabilityNumbers) {
    const int bad[] = {99};  // checked before anything is dropped
    Status st = drop_privileges(bad);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("capability"), std::string::npos);
}
