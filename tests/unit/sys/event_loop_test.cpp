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
