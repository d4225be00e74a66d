// SPDX-License-Identifier: MIT
// The track_file watch on a real directory: inotify through the event loop
// sees a write-and-close, a rename in, a rename away and a delete of the file,
// not its neighbours; the file may not exist when the watch starts; reads are
// bounded and never block on a FIFO.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "sys/event_loop.hpp"
#include "sys/file_watch.hpp"
#include "sys/files.hpp"

using namespace havip::sys;

namespace {

struct TmpDir {
    std::string path;
    TmpDir() {
        char t[] = "/tmp/havip-watch-XXXXXX";
        path = ::mkdtemp(t) ? t : "";
    }
    ~TmpDir() {
        if (!path.empty()) std::system(("rm -rf '" + path + "'").c_str());
    }
};

void put(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::trunc) << text; }

/// Runs the loop until `n` calls were seen or 2 s passed.
int pump(EventLoop& loop, const int& calls, int n) {
    for (int k = 0; k < 200 && calls < n; ++k) (void)loop.run_once(10);
    for (int k = 0; k < 3; ++k) (void)loop.run_once(5);  // and nothing more is pending
    return calls;
}

}  // namespace

TEST(FileWatch, SeesWritesRenamesAndDeletesOfItsFileOnly) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    auto loop = EventLoop::create();
    ASSERT_TRUE(loop);
    auto w = FileWatch::open(**loop);
    ASSERT_TRUE(w) << w.status().message();
    const std::string file = d.path + "/down";
    int calls = 0;
    ASSERT_TRUE((*w)->add(file, [&] { ++calls; }));  // the file does not exist yet

    put(file, "1\n");
    EXPECT_EQ(pump(**loop, calls, 1), 1);
    auto r = read_small_file(file, 127);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "1\n");

    put(d.path + "/other", "5");  // a neighbour: no call (its event is read and dropped at once)
    for (int k = 0; k < 10; ++k) (void)(*loop)->run_once(10);
    EXPECT_EQ(calls, 1);

    put(d.path + "/new", "0\n");
    ASSERT_EQ(std::rename((d.path + "/new").c_str(), file.c_str()), 0);
    EXPECT_EQ(pump(**loop, calls, 2), 2);

    ASSERT_EQ(std::rename(file.c_str(), (d.path + "/away").c_str()), 0);
    EXPECT_EQ(pump(**loop, calls, 3), 3);
    EXPECT_FALSE(read_small_file(file, 127));  // gone: the caller reads 0

    put(file, "2");
    EXPECT_EQ(pump(**loop, calls, 4), 4);
    ASSERT_EQ(::unlink(file.c_str()), 0);
    EXPECT_EQ(pump(**loop, calls, 5), 5);
}

TEST(FileWatch, RefusesARelativePathAndAMissingDirectory) {
    auto loop = EventLoop::create();
    ASSERT_TRUE(loop);
    auto w = FileWatch::open(**loop);
    ASSERT_TRUE(w);
    EXPECT_FALSE((*w)->add("run/down", [] {}));
    Status st = (*w)->add("/nonexistent-havip-dir/down", [] {});
    ASSERT_FALSE(st);
    EXPECT_NE(st.message().find("/nonexistent-havip-dir"), std::string::npos) << st.message();
}

TEST(FileWatch, ReadsAreBoundedAndAFifoDoesNotBlock) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    const std::string big = d.path + "/big";
    put(big, std::string(4096, '7'));
    auto r = read_small_file(big, 127);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size(), 127u);
    const std::string fifo = d.path + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto f = read_small_file(fifo, 127);  // no writer: opens and reads nothing at once
    ASSERT_TRUE(f) << f.status().message();
    EXPECT_EQ(*f, "");
    EXPECT_FALSE(read_small_file(d.path + "/missing", 127));
}

// init_file on a real directory: written only when missing, or over a regular
// file with replace; mode 0644; a directory in the way is an error.
TEST(InitSmallFile, WritesWhenMissingAndReplacesOnlyARegularFile) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    const std::string f = d.path + "/state";
    auto w = init_small_file(f, "4\n", false);
    ASSERT_TRUE(w);
    EXPECT_TRUE(*w);
    EXPECT_EQ(*read_small_file(f, 64), "4\n");
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u);
    put(f, "1\n");
    w = init_small_file(f, "4\n", false);
    ASSERT_TRUE(w);
    EXPECT_FALSE(*w);
    EXPECT_EQ(*read_small_file(f, 64), "1\n");
    w = init_small_file(f, "-2\n", true);
    ASSERT_TRUE(w);
    EXPECT_TRUE(*w);
    EXPECT_EQ(*read_small_file(f, 64), "-2\n");
    const std::string dir = d.path + "/sub";
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    EXPECT_FALSE(init_small_file(dir, "0\n", true));
    w = init_small_file(dir, "0\n", false);  // something is there: left alone
    ASSERT_TRUE(w);
    EXPECT_FALSE(*w);
}
