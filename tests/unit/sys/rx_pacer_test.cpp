// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "sys/rx_pacer.hpp"

using namespace havip::sys;

namespace {
constexpr std::int64_t kMs = 1'000'000;

// `per_ms` packets at every millisecond from `from` for `ms` milliseconds; the
// number of mode changes.
int feed(RxPacer& p, std::int64_t from, int ms, std::uint64_t per_ms) {
    int changes = 0;
    for (int i = 1; i <= ms; ++i) changes += p.count(from + i * kMs, per_ms) ? 1 : 0;
    return changes;
}
}  // namespace

TEST(sysRxPacer, SlowTrafficStaysOnArrival) {
    RxPacer p;
    // 500 a second (below 1,000), for 2 s
    EXPECT_EQ(feed(p, 0, 2000, 0), 0);
    for (int i = 1; i <= 1000; ++i) EXPECT_FALSE(p.count(i * 2 * kMs, 1));
    EXPECT_FALSE(p.polling());
    EXPECT_EQ(p.entered(), 0u);
}

TEST(sysRxPacer, FastTrafficGoesToTheTimerAfterOneWindow) {
    RxPacer p;
    p.count(0, 0);
    // 2 a millisecond = 2,000 a second: not before the 100 ms window closes
    for (int i = 1; i < 100; ++i) ASSERT_FALSE(p.count(i * kMs, 2)) << i;
    EXPECT_FALSE(p.polling());
    EXPECT_TRUE(p.count(100 * kMs, 2));
    EXPECT_TRUE(p.polling());
    EXPECT_EQ(p.entered(), 1u);
}

TEST(sysRxPacer, ExactlyTheEntryRateEnters) {
    RxPacer p;
    p.count(0, 0);
    EXPECT_TRUE(p.count(100 * kMs, 100));  // 100 in 100 ms = 1,000 a second
}

TEST(sysRxPacer, HysteresisBetweenEnterAndLeave) {
    RxPacerOptions o;
    o.period_ns = 5 * kMs;
    RxPacer p(o);
    p.count(0, 0);
    feed(p, 0, 100, 2);
    ASSERT_TRUE(p.polling());
    // Ticks every 5 ms: 500 a second is under the entry rate but over the exit
    // rate (250): still polling (for 1 s, under the 2 s after which it probes).
    int changes = 0;
    for (int i = 1; i <= 200; ++i) changes += p.count(100 * kMs + 5 * kMs * i, i % 2 ? 5 : 0) ? 1 : 0;
    EXPECT_EQ(changes, 0);
    EXPECT_TRUE(p.polling());
    // Under 250 a second (1 every 5 ms = 200): back to arrival in one window.
    std::int64_t t = 1100 * kMs;
    bool left = false;
    for (int i = 1; i <= 20 && !left; ++i) left = p.count(t + i * 5 * kMs, 1);
    EXPECT_TRUE(left);
    EXPECT_FALSE(p.polling());
    EXPECT_EQ(p.entered(), 1u);
}

TEST(sysRxPacer, EveryTwoSecondsOnTheTimerAWindowOnArrivalDecidesAgain) {
    RxPacer p;
    p.count(0, 0);
    feed(p, 0, 100, 2);
    ASSERT_TRUE(p.polling());
    // 500 a second as ticks every 5 ms (between the two rates): the timer holds
    // for 20 windows, then one window on arrival.
    std::int64_t t = 100 * kMs;
    int ticks = 0;
    for (; ticks < 1000 && p.polling(); ++ticks) {
        t += 5 * kMs;
        p.count(t, ticks % 2 ? 5 : 0);
    }
    EXPECT_FALSE(p.polling());
    EXPECT_NEAR(ticks, 20 * 20, 2);  // 2 s of ticks
    // On arrival, the same 500 a second (a burst of 50 every 100 ms) stays there.
    for (int b = 1; b <= 20; ++b) EXPECT_FALSE(p.count(t + 100 * kMs * b, 50)) << b;
    EXPECT_EQ(p.entered(), 1u);
    // Back at 2,000 a second: on the timer again after one window.
    t += 2100 * kMs;
    EXPECT_EQ(feed(p, t, 150, 2), 1);
    EXPECT_TRUE(p.polling());
    EXPECT_EQ(p.entered(), 2u);
}

TEST(sysRxPacer, SilenceLeavesAtTheNextWindow) {
    RxPacer p;
    p.count(0, 0);
    feed(p, 0, 100, 3);
    ASSERT_TRUE(p.polling());
    // The master is gone: ticks find nothing.
    int changes = 0;
    for (int i = 1; i <= 20; ++i) changes += p.count(100 * kMs + i * 5 * kMs, 0) ? 1 : 0;
    EXPECT_EQ(changes, 1);
    EXPECT_FALSE(p.polling());
}

TEST(sysRxPacer, ALongIdleDoesNotLookFast) {
    RxPacer p;
    p.count(0, 1);
    // The next packets come an hour later, 50 at once: 50 in an hour.
    EXPECT_FALSE(p.count(3'600'000 * kMs, 50));
    EXPECT_FALSE(p.polling());
}

TEST(sysRxPacer, PollPeriodIsATwentiethOfTheShortestInterval) {
    EXPECT_EQ(rx_poll_period(100 * kMs), 5 * kMs);   // 0.1 s adverts
    EXPECT_EQ(rx_poll_period(1000 * kMs), 5 * kMs);  // capped
    EXPECT_EQ(rx_poll_period(40 * kMs), 2 * kMs);    // 40 ms
    EXPECT_EQ(rx_poll_period(10 * kMs), kMs / 2);    // VRRPv3's shortest, 10 ms
    EXPECT_EQ(rx_poll_period(INT64_MAX), 5 * kMs);   // no instance
}
