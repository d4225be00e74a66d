// SPDX-License-Identifier: MIT
// Notify FIFOs on a real file system: created 0600 (or an existing one used
// and kept), never a regular file; a write never blocks without a reader and
// fails with EAGAIN once the pipe is full; a reader started with the FIFO gets
// the lines, then the end of file at close.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "sys/files.hpp"
#include "sys/notify_fifo.hpp"

using namespace havip::sys;
using namespace std::chrono_literals;

namespace {

struct sysFifo : ::testing::Test {
    std::unique_ptr<EventLoop> loop = std::move(EventLoop::create()).value();
    ScriptRunner runner{*loop};
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/havip-fifo-test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir = tmpl;
    }
    void TearDown() override { (void)std::system(("rm -rf " + dir).c_str()); }
    template <class P>
    bool run_until(P pred, std::chrono::milliseconds limit = 5000ms) {
        const std::int64_t end = EventLoop::now_ns() + limit.count() * 1'000'000;
        while (!pred() && EventLoop::now_ns() < end)
            if (!loop->run_once(20)) return false;
        return pred();
    }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_F(sysFifo, CreatedPrivateAndRemovedOnlyWhenCreatedHere) {
    FifoSpec spec;
    spec.path = dir + "/a.fifo";
    {
        FifoSet set(*loop, runner);
        auto h = set.open(spec);
        ASSERT_TRUE(h) << h.message();
        struct stat st {};
        ASSERT_EQ(::lstat(spec.path.c_str(), &st), 0);
        EXPECT_TRUE(S_ISFIFO(st.st_mode));
        EXPECT_EQ(st.st_mode & 0777, 0600u);
        set.close(*h);
        EXPECT_NE(::access(spec.path.c_str(), F_OK), 0);  // created here: removed
    }
    ASSERT_EQ(::mkfifo(spec.path.c_str(), 0640), 0);
    {
        FifoSet set(*loop, runner);
        auto h = set.open(spec);
        ASSERT_TRUE(h) << h.message();
        set.close(*h);
        EXPECT_EQ(::access(spec.path.c_str(), F_OK), 0);  // someone else's: kept
    }
    ASSERT_TRUE(write_file_atomic(dir + "/plain", "x\n"));
    spec.path = dir + "/plain";
    auto bad = make_fifo(spec);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("is not a FIFO"), std::string::npos) << bad.message();
    ASSERT_EQ(::symlink((dir + "/a.fifo").c_str(), (dir + "/link").c_str()), 0);
    spec.path = dir + "/link";
    EXPECT_FALSE(make_fifo(spec));
}

TEST_F(sysFifo, NoReaderNeverBlocksAndAFullPipeSaysEagain) {
    FifoSpec spec;
    spec.path = dir + "/b.fifo";
    FifoSet set(*loop, runner);
    auto h = set.open(spec);
    ASSERT_TRUE(h) << h.message();
    const std::string line = "INSTANCE \"VI_1\" MASTER 100\n";
    int written = 0;
    Status st;
    const std::int64_t t0 = EventLoop::now_ns();
    while ((st = set.write(*h, line)) && written < 1'000'000) ++written;
    const std::int64_t took = EventLoop::now_ns() - t0;
    EXPECT_FALSE(st);
    EXPECT_EQ(st.code(), EAGAIN) << st.message();
    EXPECT_GT(written, 1000);                             // a 64 KiB pipe holds a few thousand lines
    EXPECT_LT(took, 1'000'000'000LL);                     // and filling it never waited
    EXPECT_FALSE(set.write(*h, std::string(5000, 'x')));  // longer than PIPE_BUF: refused whole
    set.close(*h);
}

TEST_F(sysFifo, ReaderGetsThePathTheLinesAndTheEnd) {
    const std::string out = dir + "/out";
    FifoSpec spec;
    spec.path = dir + "/c.fifo";
    spec.reader.argv = {"/bin/sh", "-c", "echo \"$1\" > " + out + "; cat \"$1\" >> " + out, "sh"};
    spec.reader.argv.push_back(spec.path);
    FifoSet set(*loop, runner);
    auto h = set.open(spec);
    ASSERT_TRUE(h) << h.message();
    ASSERT_TRUE(set.write(*h, "INSTANCE \"VI_1\" BACKUP 100\n"));
    ASSERT_TRUE(set.write(*h, "GROUP \"G\" BACKUP 0\n"));
    const std::string want = spec.path + "\nINSTANCE \"VI_1\" BACKUP 100\nGROUP \"G\" BACKUP 0\n";
    ASSERT_TRUE(run_until([&] { return slurp(out) == want; })) << slurp(out);
    // Closed: the reader's cat sees the end and exits at once, long before the SIGTERM.
    const std::int64_t t0 = EventLoop::now_ns();
    set.close(*h);
    ASSERT_TRUE(run_until([&] { return runner.idle(); }));
    EXPECT_LT(EventLoop::now_ns() - t0, FifoSet::kReaderGraceNs / 2);
}

TEST_F(sysFifo, AReaderThatIgnoresTheEndIsTerminated) {
    FifoSpec spec;
    spec.path = dir + "/d.fifo";
    spec.reader.argv = {"/bin/sleep", "60"};
    FifoSet set(*loop, runner);
    auto h = set.open(spec);
    ASSERT_TRUE(h) << h.message();
    set.close(*h);
    const std::int64_t t0 = EventLoop::now_ns();
    ASSERT_TRUE(run_until([&] { return runner.idle(); }, 5000ms));
    const std::int64_t took = EventLoop::now_ns() - t0;
    EXPECT_GE(took, FifoSet::kReaderGraceNs - 50'000'000);
    EXPECT_LT(took, FifoSet::kReaderGraceNs + 2'000'000'000LL);
}
