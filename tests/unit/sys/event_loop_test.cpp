// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include "sys/event_loop.hpp"

using namespace havip::sys;
using namespace std::chrono_literals;

namespace {
std::unique_ptr<EventLoop> make_loop() {
    auto l = EventLoop::create();
    EXPECT_TRUE(l.ok()) << l.message();
    return std::move(l).value();
}
}  // namespace

TEST(sysEventLoop, OneShotTimersFireInOrder) {
    auto loop = make_loop();
    std::vector<int> order;
    auto a = loop->add_timer([&] { order.push_back(1); });
    auto b = loop->add_timer([&] {
        order.push_back(2);
        loop->stop(7);
    });
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(loop->arm(*b, 30ms));
    ASSERT_TRUE(loop->arm(*a, 10ms));
    EXPECT_TRUE(loop->armed(*a));
    std::int64_t t0 = EventLoop::now_ns();
    EXPECT_EQ(loop->run(), 7);
    std::int64_t dt = EventLoop::now_ns() - t0;
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
    EXPECT_GE(dt, 30'000'000);
    EXPECT_LT(dt, 500'000'000);
    EXPECT_FALSE(loop->armed(*a));
}

TEST(sysEventLoop, PeriodicTimerAndDisarm) {
    auto loop = make_loop();
    int ticks = 0;
    TimerId t;
    auto r = loop->add_timer([&] {
        if (++ticks == 5) {
            loop->disarm(t);
            loop->stop();
        }
    });
    ASSERT_TRUE(r);
    t = *r;
    ASSERT_TRUE(loop->arm(t, 1ms, 2ms));
    loop->run();
    EXPECT_EQ(ticks, 5);
    EXPECT_FALSE(loop->armed(t));
    // Nothing more fires once disarmed.
    ASSERT_TRUE(loop->run_once(20));
    EXPECT_EQ(ticks, 5);
}

TEST(sysEventLoop, RearmReplacesSchedule) {
    auto loop = make_loop();
    int fired = 0;
    auto t = loop->add_timer([&] { ++fired; });
    ASSERT_TRUE(t);
    ASSERT_TRUE(loop->arm(*t, 5ms));
    ASSERT_TRUE(loop->arm(*t, 200ms));  // pushed back: nothing at 5 ms
    usleep(20000);
    ASSERT_TRUE(loop->run_once(0));
    EXPECT_EQ(fired, 0);
    ASSERT_TRUE(loop->arm(*t, 0ms));  // zero means "now", not "disarm"
    ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(fired, 1);
}

TEST(sysEventLoop, StaleExpiryAfterDisarmInSameRound) {
    // Two timers due in the same wakeup; the first disarms the second: it must not run.
    auto loop = make_loop();
    int second = 0;
    TimerId t2;
    auto t1 = loop->add_timer([&] { loop->disarm(t2); });
    auto r2 = loop->add_timer([&] { ++second; });
    ASSERT_TRUE(t1 && r2);
    t2 = *r2;
    ASSERT_TRUE(loop->arm(*t1, 1ms));
    ASSERT_TRUE(loop->arm(t2, 1ms));
    usleep(10000);
    ASSERT_TRUE(loop->run_once(0));
    // Whichever order epoll reported them, t2 either ran before t1 or not at all.
    ASSERT_TRUE(loop->run_once(10));
    EXPECT_LE(second, 1);
    EXPECT_FALSE(loop->armed(t2));
}

TEST(sysEventLoop, FdReadinessAndUnwatchInsideHandler) {
    auto loop = make_loop();
    int p[2];
    ASSERT_EQ(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
    int calls = 0;
    ASSERT_TRUE(loop->watch(p[0], EventLoop::kIn, [&](std::uint32_t ev) {
        EXPECT_TRUE(ev & EventLoop::kIn);
        char c;
        while (read(p[0], &c, 1) == 1) {
        }
        ++calls;
        loop->unwatch(p[0]);  // removing itself from its own handler is allowed
    }));
    EXPECT_FALSE(loop->watch(p[0], EventLoop::kIn, [](std::uint32_t) {}));  // no double watch
    ASSERT_EQ(write(p[1], "x", 1), 1);
    ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(write(p[1], "y", 1), 1);
    ASSERT_TRUE(loop->run_once(20));
    EXPECT_EQ(calls, 1);
    // The fd can be watched again afterwards.
    ASSERT_TRUE(loop->watch(p[0], EventLoop::kIn, [&](std::uint32_t) {
        ++calls;
        char c;
        while (read(p[0], &c, 1) == 1) {
        }
    }));
    ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(calls, 2);
    loop->unwatch(p[0]);
    close(p[0]);
    close(p[1]);
}

TEST(sysEventLoop, HandlerRemovedBySiblingInSameRoundIsSkipped) {
    auto loop = make_loop();
    int a[2], b[2];
    ASSERT_EQ(pipe2(a, O_NONBLOCK), 0);
    ASSERT_EQ(pipe2(b, O_NONBLOCK), 0);
    int ran_a = 0, ran_b = 0;
    ASSERT_TRUE(loop->watch(a[0], EventLoop::kIn, [&](std::uint32_t) {
        ++ran_a;
        loop->unwatch(b[0]);
        loop->unwatch(a[0]);
    }));
    ASSERT_TRUE(loop->watch(b[0], EventLoop::kIn, [&](std::uint32_t) {
        ++ran_b;
        loop->unwatch(a[0]);
        loop->unwatch(b[0]);
    }));
    ASSERT_EQ(write(a[1], "x", 1), 1);
    ASSERT_EQ(write(b[1], "x", 1), 1);
    ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(ran_a + ran_b, 1);
    for (int fd : {a[0], a[1], b[0], b[1]}) close(fd);
}

TEST(sysEventLoop, SignalsThroughSignalfd) {
    auto loop = make_loop();
    int got = 0;
    int pid = 0;
    ASSERT_TRUE(loop->on_signal(SIGUSR1, [&](const SignalInfo& si) {
        got = si.signo;
        pid = si.pid;
        loop->stop();
    }));
    ASSERT_TRUE(loop->on_signal(SIGUSR2, [&](const SignalInfo&) {}));
    kill(getpid(), SIGUSR1);  // blocked, so it waits in the signalfd instead of killing us
    auto guard = loop->add_timer([&] { loop->stop(99); });
    ASSERT_TRUE(guard);
    ASSERT_TRUE(loop->arm(*guard, 2s));
    EXPECT_EQ(loop->run(), 0);
    EXPECT_EQ(got, SIGUSR1);
    EXPECT_EQ(pid, getpid());
    EXPECT_FALSE(loop->on_signal(0, [](const SignalInfo&) {}));
}

TEST(sysEventLoop, ManySourcesReuseSlots) {
    auto loop = make_loop();
    int fired = 0;
    for (int round = 0; round < 3; ++round) {
        std::vector<TimerId> ids;
        for (int i = 0; i < 50; ++i) {
            auto t = loop->add_timer([&] { ++fired; });
            ASSERT_TRUE(t);
            ASSERT_TRUE(loop->arm(*t, 1ms));
            ids.push_back(*t);
        }
        while (fired < 50 * (round + 1)) ASSERT_TRUE(loop->run_once(100));
        for (auto id : ids) loop->remove_timer(id);
    }
    EXPECT_EQ(fired, 150);
}

TEST(sysEventLoop, BeforeWaitRunsBeforeEveryWaitAndWorkLeftOnlyPolls) {
    auto loop = make_loop();
    std::vector<std::string> order;
    int left = 3;  // the hook has three slices of work
    loop->before_wait([&] {
        order.push_back("hook");
        if (left > 0) --left;
        return left > 0;
    });
    // Nothing else is armed: a forever wait returns at once while work is left.
    std::int64_t t0 = EventLoop::now_ns();
    ASSERT_TRUE(loop->run_once(-1));
    ASSERT_TRUE(loop->run_once(-1));
    EXPECT_LT(EventLoop::now_ns() - t0, 100'000'000);
    EXPECT_EQ(left, 1);
    // The last slice done: the wait waits again (here: for a timer).
    auto t = loop->add_timer([&] { order.push_back("timer"); });
    ASSERT_TRUE(t);
    ASSERT_TRUE(loop->arm(*t, 20ms));
    t0 = EventLoop::now_ns();
    ASSERT_TRUE(loop->run_once(-1));
    EXPECT_GE(EventLoop::now_ns() - t0, 20'000'000);
    EXPECT_EQ(left, 0);
    EXPECT_EQ(order, (std::vector<std::string>{"hook", "hook", "hook", "timer"}));
}

TEST(sysEventLoop, OneShotTimerRearmedFromItsHandlerFiresEveryTime) {
    // Timers are edge-triggered and a one-shot's count is not read: each re-arm
    // must still give exactly one more run.
    auto loop = make_loop();
    int runs = 0;
    TimerId id;
    auto t = loop->add_timer([&] {
        if (++runs == 50)
            loop->stop(0);
        else
            (void)loop->arm(id, 100us);
    });
    ASSERT_TRUE(t);
    id = *t;
    EXPECT_EQ(loop->due_ns(id), INT64_MAX);
    const std::int64_t before = EventLoop::now_ns();
    ASSERT_TRUE(loop->arm(id, 50ms));
    EXPECT_GE(loop->due_ns(id), before + 50'000'000);
    ASSERT_TRUE(loop->arm(id, 100us));
    EXPECT_EQ(loop->run(), 0);
    EXPECT_EQ(runs, 50);
    EXPECT_EQ(loop->due_ns(id), INT64_MAX);
    EXPECT_FALSE(loop->armed(id));
}

TEST(sysEventLoop, FdsThenTimersDueAtOneWakeupInDueOrder) {
    auto loop = make_loop();
    std::vector<std::string> order;
    int p[2];
    ASSERT_EQ(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
    ASSERT_TRUE(loop->watch(p[0], EventLoop::kIn, [&](std::uint32_t) {
        char c;
        while (read(p[0], &c, 1) == 1) {
        }
        order.push_back("fd");
    }));
    std::vector<TimerId> ids;
    for (const char* name : {"c", "a", "d", "b", "b2"}) {
        auto t = loop->add_timer([&order, name] { order.push_back(name); });
        ASSERT_TRUE(t);
        ids.push_back(*t);
    }
    ASSERT_TRUE(loop->arm(ids[0], 3ms));
    ASSERT_TRUE(loop->arm(ids[1], 1ms));
    ASSERT_TRUE(loop->arm(ids[2], 4ms));
    ASSERT_TRUE(loop->arm(ids[3], 2ms));
    ASSERT_TRUE(loop->arm(ids[4], 2ms));  // after b: never before it, even on a coarse clock
    ASSERT_EQ(write(p[1], "x", 1), 1);
    usleep(20000);
    ASSERT_TRUE(loop->run_once(0));  // one wakeup: everything is due
    EXPECT_EQ(order, (std::vector<std::string>{"fd", "a", "b", "b2", "c", "d"}));
    loop->unwatch(p[0]);
    close(p[0]);
    close(p[1]);
}

TEST(sysEventLoop, RearmInsideHandlerMovesATimerDueInTheSameRound) {
    auto loop = make_loop();
    int a_runs = 0, b_runs = 0;
    std::int64_t b_ran_at = 0;
    TimerId a, b;
    auto ra = loop->add_timer([&] {
        ++a_runs;
        (void)loop->arm(b, 30ms);  // b was due in this round: its expiry is dropped
        (void)loop->arm(a, 0ms);   // "now": the next round, not this one again
    });
    auto rb = loop->add_timer([&] {
        ++b_runs;
        b_ran_at = EventLoop::now_ns();
    });
    ASSERT_TRUE(ra && rb);
    a = *ra;
    b = *rb;
    ASSERT_TRUE(loop->arm(a, 1ms));
    ASSERT_TRUE(loop->arm(b, 2ms));
    usleep(10000);
    ASSERT_TRUE(loop->run_once(0));
    EXPECT_EQ(a_runs, 1);
    EXPECT_EQ(b_runs, 0);
    EXPECT_TRUE(loop->armed(b));
    const std::int64_t b_due = loop->due_ns(b);
    EXPECT_GT(b_due, EventLoop::now_ns() + 10'000'000);
    ASSERT_TRUE(loop->run_once(100));  // a again, at once
    EXPECT_EQ(a_runs, 2);
    loop->disarm(a);
    while (b_runs == 0) ASSERT_TRUE(loop->run_once(200));
    EXPECT_GE(b_ran_at, b_due);
    EXPECT_EQ(b_runs, 1);
    EXPECT_EQ(a_runs, 2);
}

TEST(sysEventLoop, RemoveInsideHandlerOfItselfAndOfATimerDueInTheSameRound) {
    auto loop = make_loop();
    int a_runs = 0, b_runs = 0, c_runs = 0;
    TimerId a, b, c;
    auto ra = loop->add_timer([&] {
        ++a_runs;
        loop->remove_timer(b);
        loop->remove_timer(a);
        // A timer added inside a handler, in a slot just freed or a new one, works.
        auto rc = loop->add_timer([&] { ++c_runs; });
        ASSERT_TRUE(rc);
        c = *rc;
        (void)loop->arm(c, 1ms);
    });
    auto rb = loop->add_timer([&] { ++b_runs; });
    ASSERT_TRUE(ra && rb);
    a = *ra;
    b = *rb;
    ASSERT_TRUE(loop->arm(a, 1ms));
    ASSERT_TRUE(loop->arm(b, 1ms));
    usleep(10000);
    ASSERT_TRUE(loop->run_once(0));
    EXPECT_EQ(a_runs, 1);
    EXPECT_EQ(b_runs, 0);
    EXPECT_FALSE(loop->armed(a));
    EXPECT_FALSE(loop->arm(b, 1ms));  // removed
    while (c_runs == 0) ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(c_runs, 1);
    EXPECT_EQ(a_runs, 1);
    EXPECT_EQ(b_runs, 0);
}

TEST(sysEventLoop, PeriodicTimerBehindSkipsTheExpiriesItMissed) {
    auto loop = make_loop();
    int runs = 0;
    std::int64_t ran_at = 0;
    auto t = loop->add_timer([&] {
        ++runs;
        ran_at = EventLoop::now_ns();
    });
    ASSERT_TRUE(t);
    ASSERT_TRUE(loop->arm(*t, 1ms, 2ms));
    const std::int64_t first = loop->due_ns(*t);
    usleep(15000);
    ASSERT_TRUE(loop->run_once(0));
    EXPECT_EQ(runs, 1);  // once, though seven expiries were due
    const std::int64_t due = loop->due_ns(*t);
    EXPECT_GT(due, ran_at - 1'000'000);  // the next one after the run (taken just before it)
    EXPECT_LE(due, ran_at + 2'000'000);
    EXPECT_EQ((due - first) % 2'000'000, 0);  // on the schedule set by arm
    ASSERT_TRUE(loop->run_once(100));
    EXPECT_EQ(runs, 2);
}

TEST(sysEventLoop, DeadlinePushedLaterOrPulledEarlierFiresOnItsNewSchedule) {
    auto loop = make_loop();
    int fired = 0;
    std::int64_t fired_at = 0;
    auto t = loop->add_timer([&] {
        ++fired;
        fired_at = EventLoop::now_ns();
    });
    ASSERT_TRUE(t);
    // Waited for at 10 ms, then pushed to 40 ms: the wait may wake early, the
    // handler does not run before 40 ms.
    ASSERT_TRUE(loop->arm(*t, 10ms));
    ASSERT_TRUE(loop->run_once(0));
    ASSERT_TRUE(loop->arm(*t, 40ms));
    const std::int64_t due = loop->due_ns(*t);
    while (fired == 0) ASSERT_TRUE(loop->run_once(500));
    EXPECT_EQ(fired, 1);
    EXPECT_GE(fired_at, due);
    EXPECT_LT(fired_at - due, 100'000'000);
    // Waited for at 1 s, then pulled to 5 ms: it fires at 5 ms, not at 1 s.
    ASSERT_TRUE(loop->arm(*t, 1s));
    ASSERT_TRUE(loop->run_once(0));
    ASSERT_TRUE(loop->arm(*t, 5ms));
    const std::int64_t t0 = EventLoop::now_ns();
    ASSERT_TRUE(loop->run_once(500));
    EXPECT_EQ(fired, 2);
    EXPECT_LT(EventLoop::now_ns() - t0, 400'000'000);
}

TEST(sysEventLoop, ManyTimersFireOnceEachInDueOrderAndTakeNoFds) {
    auto count_fds = [] {
        int n = 0;
        for (int fd = 0; fd < 4096; ++fd)
            if (fcntl(fd, F_GETFD) >= 0) ++n;
        return n;
    };
    auto loop = make_loop();
    const int fds_before = count_fds();
    constexpr int kTimers = 2000;
    std::vector<TimerId> ids(kTimers);
    std::vector<std::int64_t> due(kTimers, 0);
    std::vector<int> runs(kTimers, 0);
    std::vector<int> order;
    order.reserve(kTimers);
    bool early = false;
    for (int i = 0; i < kTimers; ++i) {
        auto t = loop->add_timer([&, i] {
            ++runs[static_cast<std::size_t>(i)];
            order.push_back(i);
            early = early || EventLoop::now_ns() < due[static_cast<std::size_t>(i)];
        });
        ASSERT_TRUE(t);
        ids[static_cast<std::size_t>(i)] = *t;
    }
    EXPECT_EQ(count_fds(), fds_before);
    // Deadlines spread over 0–60 ms in a scrambled order, some armed twice (the
    // second schedule counts), a tenth disarmed again.
    for (int i = 0; i < kTimers; ++i) {
        const auto k = static_cast<std::size_t>(i);
        const auto ms = std::chrono::microseconds((i * 7919) % 60000);
        ASSERT_TRUE(loop->arm(ids[k], ms + 30ms));
        if (i % 3 == 0) {
            ASSERT_TRUE(loop->arm(ids[k], ms));
        }
        due[k] = loop->due_ns(ids[k]);
    }
    for (int i = 0; i < kTimers; i += 10) loop->disarm(ids[static_cast<std::size_t>(i)]);
    const int expected = kTimers - kTimers / 10;
    const std::int64_t t0 = EventLoop::now_ns();
    while (static_cast<int>(order.size()) < expected && EventLoop::now_ns() - t0 < 2'000'000'000)
        ASSERT_TRUE(loop->run_once(100));
    ASSERT_TRUE(loop->run_once(20));  // nothing more
    EXPECT_EQ(static_cast<int>(order.size()), expected);
    EXPECT_FALSE(early);
    for (int i = 0; i < kTimers; ++i) EXPECT_EQ(runs[static_cast<std::size_t>(i)], i % 10 == 0 ? 0 : 1) << i;
    for (std::size_t k = 1; k < order.size(); ++k)
        EXPECT_LE(due[static_cast<std::size_t>(order[k - 1])], due[static_cast<std::size_t>(order[k])]) << k;
    for (auto id : ids) loop->remove_timer(id);
}
