// SPDX-License-Identifier: MIT
// The file writer: coalescing per path, first-queued order, failures reported
// on the loop, a bounded flush, and a loop that never waits for a stalled write.
#include <gtest/gtest.h>

#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sys/event_loop.hpp"
#include "sys/file_writer.hpp"
#include "sys/files.hpp"

using namespace havip::sys;
using namespace std::chrono_literals;

namespace {

// A disk the test controls: every write records (path, content), then waits
// while the gate is closed. Shared with the writer thread.
struct FakeDisk {
    std::mutex mu;
    std::condition_variable cv;
    bool open = true;
    int entered = 0;  // writes that have started
    std::vector<std::pair<std::string, std::string>> writes;
    std::string fail_path;

    Status write(const std::string& p, std::string_view c) {
        std::unique_lock lk(mu);
        ++entered;
        cv.notify_all();
        cv.wait(lk, [&] { return open; });
        writes.emplace_back(p, std::string(c));
        if (p == fail_path) return Status::from_errno("state file " + p + ": fsync", EIO);
        return {};
    }
    void close_gate() {
        std::lock_guard lk(mu);
        open = false;
    }
    void open_gate() {
        std::lock_guard lk(mu);
        open = true;
        cv.notify_all();
    }
    // Waits until `n` writes have started (the thread holds one in the gate).
    bool wait_entered(int n) {
        std::unique_lock lk(mu);
        return cv.wait_for(lk, 5s, [&] { return entered >= n; });
    }
};

struct Fixture {
    std::unique_ptr<EventLoop> loop;
    std::shared_ptr<FakeDisk> disk = std::make_shared<FakeDisk>();
    std::vector<FileWriter::Done> done;
    std::unique_ptr<FileWriter> writer;
    Fixture() {
        auto l = EventLoop::create();
        EXPECT_TRUE(l.ok());
        loop = std::move(l).value();
        auto d = disk;
        auto w = FileWriter::start(
            *loop, [this](const FileWriter::Done& x) { done.push_back(x); },
            [d](const std::string& p, std::string_view c) { return d->write(p, c); });
        EXPECT_TRUE(w.ok()) << w.message();
        writer = std::move(w).value();
    }
};

}  // namespace

TEST(sysFileWriter, LatestContentPerPathWinsWhileTheDiskStalls) {
    Fixture f;
    f.disk->close_gate();
    f.writer->submit("a", "BACKUP\n");
    ASSERT_TRUE(f.disk->wait_entered(1));  // "a" BACKUP is stuck in the disk
    // Meanwhile the instance flaps: only the last state of each path is kept.
    f.writer->submit("a", "MASTER\n");
    f.writer->submit("b", "MASTER\n");
    f.writer->submit("a", "BACKUP\n");
    f.writer->submit("a", "MASTER\n");
    f.writer->submit("b", "FAULT\n");
    EXPECT_EQ(f.writer->counters().pending, 3u);  // one under way, "a" and "b" queued
    EXPECT_EQ(f.writer->counters().coalesced, 3u);
    f.disk->open_gate();
    ASSERT_TRUE(f.writer->flush(5s));
    std::vector<std::pair<std::string, std::string>> want = {{"a", "BACKUP\n"}, {"a", "MASTER\n"}, {"b", "FAULT\n"}};
    EXPECT_EQ(f.disk->writes, want);
    ASSERT_EQ(f.done.size(), 3u);
    EXPECT_EQ(f.writer->counters().written, 3u);
    EXPECT_EQ(f.writer->counters().pending, 0u);
}

TEST(sysFileWriter, PathsAreWrittenInTheOrderFirstQueued) {
    Fixture f;
    f.disk->close_gate();
    f.writer->submit("x", "0");
    ASSERT_TRUE(f.disk->wait_entered(1));
    for (const char* p : {"c", "a", "b"}) f.writer->submit(p, "1");
    f.writer->submit("a", "2");  // replaces a's content, keeps a's place
    f.disk->open_gate();
    ASSERT_TRUE(f.writer->flush(5s));
    std::vector<std::pair<std::string, std::string>> want = {{"x", "0"}, {"c", "1"}, {"a", "2"}, {"b", "1"}};
    EXPECT_EQ(f.disk->writes, want);
}

TEST(sysFileWriter, FailuresAreReportedOnTheLoop) {
    Fixture f;
    f.disk->fail_path = "bad";
    f.writer->submit("bad", "MASTER\n");
    f.writer->submit("good", "MASTER\n");
    // Reported through the loop's eventfd, not from the writer thread.
    for (int i = 0; i < 200 && f.done.size() < 2; ++i) ASSERT_TRUE(f.loop->run_once(50));
    ASSERT_EQ(f.done.size(), 2u);
    EXPECT_EQ(f.done[0].path, "bad");
    EXPECT_FALSE(f.done[0].status.ok());
    EXPECT_NE(f.done[0].status.message().find("fsync"), std::string::npos);
    EXPECT_EQ(f.done[0].status.code(), EIO);
    EXPECT_TRUE(f.done[1].status.ok());
    EXPECT_EQ(f.writer->counters().failed, 1u);
    EXPECT_EQ(f.writer->counters().written, 1u);
}

TEST(sysFileWriter, FlushIsBoundedAndDestructionDoesNotWaitForTheDisk) {
    Fixture f;
    f.disk->close_gate();
    f.writer->submit("stuck", "MASTER\n");
    f.writer->submit("next", "MASTER\n");
    ASSERT_TRUE(f.disk->wait_entered(1));
    const std::int64_t t0 = EventLoop::now_ns();
    EXPECT_FALSE(f.writer->flush(100ms));
    const std::int64_t took = EventLoop::now_ns() - t0;
    EXPECT_GE(took, 90'000'000);
    EXPECT_LT(took, 2'000'000'000);
    EXPECT_EQ(f.writer->counters().pending, 2u);
    // The write stays stuck; the writer goes away anyway (its thread finishes later).
    const std::int64_t t1 = EventLoop::now_ns();
    f.writer.reset();
    EXPECT_LT(EventLoop::now_ns() - t1, 100'000'000);
    f.disk->open_gate();
    // Only the write under way completes; "next" was dropped with the writer.
    for (int i = 0; i < 200; ++i) {
        {
            std::lock_guard lk(f.disk->mu);
            if (!f.disk->writes.empty()) break;
        }
        usleep(5000);
    }
    usleep(20000);
    std::lock_guard lk(f.disk->mu);
    ASSERT_EQ(f.disk->writes.size(), 1u);
    EXPECT_EQ(f.disk->writes[0].first, "stuck");
}

TEST(sysFileWriter, TheLoopKeepsItsTimersWhileAWriteStalls) {
    Fixture f;
    f.disk->close_gate();
    f.writer->submit("stuck", "MASTER\n");
    ASSERT_TRUE(f.disk->wait_entered(1));
    int ticks = 0;
    auto t = f.loop->add_timer([&] {
        f.writer->submit("stuck", std::to_string(ticks));  // submitting never waits for the disk
        if (++ticks == 20) f.loop->stop();
    });
    ASSERT_TRUE(t);
    ASSERT_TRUE(f.loop->arm(*t, 5ms, 5ms));
    const std::int64_t t0 = EventLoop::now_ns();
    f.loop->run();
    EXPECT_LT(EventLoop::now_ns() - t0, 2'000'000'000);
    EXPECT_EQ(f.writer->counters().coalesced, 19u);
    f.disk->open_gate();
    ASSERT_TRUE(f.writer->flush(5s));
    EXPECT_EQ(f.disk->writes.back().second, "19");
}

TEST(sysFileWriter, DefaultWritesTheFileAtomically) {
    auto l = EventLoop::create();
    ASSERT_TRUE(l);
    char dir[] = "/tmp/havip-fw-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    std::vector<FileWriter::Done> done;
    auto w = FileWriter::start(**l, [&](const FileWriter::Done& d) { done.push_back(d); });
    ASSERT_TRUE(w);
    const std::string path = std::string(dir) + "/VI_1.state";
    (*w)->submit(path, "MASTER\n");
    (*w)->submit(std::string(dir) + "/missing/x.state", "MASTER\n");
    ASSERT_TRUE((*w)->flush(5s));
    ASSERT_EQ(done.size(), 2u);
    EXPECT_TRUE(done[0].status.ok());
    EXPECT_FALSE(done[1].status.ok());
    auto r = read_file(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "MASTER\n");
    ::unlink(path.c_str());
    ::rmdir(dir);
}

TEST(sysEventLoop, LagIsTheLatenessOfTimers) {
    auto l = EventLoop::create();
    ASSERT_TRUE(l);
    EventLoop& loop = **l;
    std::vector<std::int64_t> reported;
    loop.on_lag(20ms, [&](std::int64_t ns) { reported.push_back(ns); });
    auto late = loop.add_timer([&] { loop.stop(); });
    auto blocker = loop.add_timer([&] { usleep(60'000); });  // a handler that blocks 60 ms
    ASSERT_TRUE(late && blocker);
    ASSERT_TRUE(loop.arm(*blocker, 1ms));
    ASSERT_TRUE(loop.arm(*late, 10ms));
    loop.run();
    EXPECT_EQ(loop.lag().timers, 2u);
    EXPECT_GE(loop.lag().max_ns, 40'000'000);  // due at 10 ms, started after 61 ms
    EXPECT_EQ(loop.lag().late, 1u);
    ASSERT_EQ(reported.size(), 1u);
    EXPECT_EQ(reported[0], loop.lag().max_ns);
    // The late timer was due while the blocker ran, so its lateness passed before
    // the wakeup that found it; the blocker's 60 ms is the longest work.
    EXPECT_EQ(loop.lag().max_woke_ns + loop.lag().max_queued_ns, loop.lag().max_ns);
    EXPECT_GE(loop.lag().max_woke_ns, 40'000'000);
    EXPECT_GE(loop.lag().max_busy_ns, 60'000'000);
}

TEST(sysEventLoop, LagBehindAHandlerOfTheSameWakeupIsQueued) {
    auto l = EventLoop::create();
    ASSERT_TRUE(l);
    EventLoop& loop = **l;
    auto a = loop.add_timer([] { usleep(50'000); });
    auto b = loop.add_timer([] { usleep(50'000); });
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(loop.arm(*a, 1ms));
    ASSERT_TRUE(loop.arm(*b, 1ms));
    usleep(5'000);  // both due before the wait: one wakeup finds both
    ASSERT_TRUE(loop.run_once(1000));
    EXPECT_EQ(loop.lag().timers, 2u);
    EXPECT_GE(loop.lag().max_ns, 50'000'000);
    EXPECT_GE(loop.lag().max_queued_ns, 50'000'000);  // the other handler ran first
    EXPECT_LT(loop.lag().max_woke_ns, loop.lag().max_queued_ns);
    EXPECT_GE(loop.lag().max_busy_ns, 100'000'000);
    EXPECT_EQ(loop.lag().max_hook_ns, 0);  // no before-wait hook
}
