// SPDX-License-Identifier: MIT
// The state machine on a fake clock: exact RFC timing (to 1 µs), keepalived's
// preemption semantics, tracking weights, priority 0, GARP schedule.
#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "vrrp/fsm.hpp"

using namespace havip::vrrp;

namespace {

IpAddress ip(const char* s) { return IpAddress::parse(s).value(); }

constexpr usec kSec = 1'000'000;

InstanceConfig cfg(int prio, int version = 2, usec interval = kSec) {
    InstanceConfig c;
    c.vrid = 1;
    c.version = std::uint8_t(version);
    c.priority = std::uint8_t(prio);
    c.advert_interval = interval;
    c.source = ip("192.0.2.2");
    c.peers = {ip("192.0.2.1")};
    c.vips = {ip("192.0.2.100")};
    return c;
}

bool has(const ActionList& l, ActionKind k) {
    for (const auto& a : l)
        if (a.kind == k) return true;
    return false;
}

const Action* find(const ActionList& l, ActionKind k) {
    for (const auto& a : l)
        if (a.kind == k) return &a;
    return nullptr;
}

// Runs the machine's own timers until `until`, feeding nothing else; returns
// the time of the first transition to `want`, or kNever.
usec run_until_state(Fsm& f, usec from, usec until, State want) {
    usec now = from;
    while (f.state() != want) {
        const usec d = f.next_deadline();
        if (d > until) return kNever;
        now = d;
        f.poll_timers(now);
    }
    return now;
}

// Feeds adverts of `prio` from 192.0.2.1 every `every` µs (from t = every)
// interleaved exactly with the machine's own timers; returns when it became master.
usec drive_with_adverts(Fsm& f, int prio, usec every, usec until) {
    usec next_adv = every;
    while (f.state() != State::Master) {
        const usec d = f.next_deadline();
        if (d <= next_adv) {
            if (d > until) return kNever;
            f.poll_timers(d);
            if (f.state() == State::Master) return d;
        } else {
            if (next_adv > until) return kNever;
            f.step(next_adv, Event::advert(std::uint8_t(prio), every, IpAddress::parse("192.0.2.1").value()));
            next_adv += every;
        }
    }
    return kNever;
}

}  // namespace

TEST(Timing, SkewAndMasterDownIntervalAreExact) {
    EXPECT_EQ(skew_time(2, 100, kSec), 609'375);
    EXPECT_EQ(skew_time(2, 254, 5 * kSec), 7'812);  // v2 ignores the interval
    EXPECT_EQ(skew_time(3, 100, 100'000), 60'937);  // (256-100)*100000/256
    EXPECT_EQ(master_down_interval(2, 100, kSec), 3'609'375);
    EXPECT_EQ(master_down_interval(3, 90, 100'000), 364'843);
    // Longest v3 interval, lowest priority: no overflow anywhere.
    EXPECT_EQ(master_down_interval(3, 1, 40'950'000), 3 * 40'950'000LL + 255LL * 40'950'000 / 256);
    EXPECT_EQ(master_down_interval(2, 1, 255 * kSec), 765 * kSec + 255LL * kSec / 256);
}

TEST(Fsm, StartsBackupAndTakesOverAfterExactlyMasterDownInterval) {
    auto c = cfg(100);
    Fsm f(c);
    auto a = f.step(0, Event::of(EventKind::Startup));
    EXPECT_EQ(f.state(), State::Backup);
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].kind, ActionKind::StateChange);
    EXPECT_EQ(a[1].kind, ActionKind::Notify);
    EXPECT_EQ(f.next_deadline(), 3'609'375);
    // Nothing happens a microsecond early.
    EXPECT_TRUE(f.poll_timers(3'609'374).empty());
    a = f.poll_timers(3'609'375);
    EXPECT_EQ(f.state(), State::Master);
    ASSERT_GE(a.size(), 5u);
    EXPECT_EQ(a[0].kind, ActionKind::StateChange);
    EXPECT_EQ(a[1].kind, ActionKind::AddVips);
    EXPECT_EQ(a[2].kind, ActionKind::SendAdvert);
    EXPECT_EQ(a[2].priority, 100);
    EXPECT_EQ(a[3].kind, ActionKind::GarpBurst);
    EXPECT_EQ(a[3].count, 5u);
    EXPECT_EQ(a[4].kind, ActionKind::Notify);
    EXPECT_EQ(a[4].to, State::Master);
    EXPECT_EQ(f.next_deadline(), 3'609'375 + kSec);
}

TEST(Fsm, OwnerBecomesMasterAtOnce) {
    auto c = cfg(255);
    Fsm f(c);
    auto a = f.step(5, Event::of(EventKind::Startup));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_TRUE(has(a, ActionKind::SendAdvert));
    // Weights are ignored for the owner.
    auto c2 = cfg(255);
    c2.tracks = {{"chk", -50, false, false}};
    Fsm g(c2);
    EXPECT_EQ(g.effective_priority(), 255);
}

// A master killed and restarted finds its VIPs still on the host: it resumes
// as master at once (advert, VIPs, GARP) instead of dropping them and waiting
// Master_Down_Interval; a higher master's advert then makes it yield as usual.
TEST(Fsm, RestartThatFoundItsVipsResumesAsMaster) {
    auto c = cfg(100);
    Fsm f(c);
    auto a = f.step(5, Event::startup(true));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_TRUE(has(a, ActionKind::SendAdvert));
    EXPECT_TRUE(has(a, ActionKind::AddVips));
    EXPECT_TRUE(has(a, ActionKind::GarpBurst));
    auto y = f.step(10, Event::advert(150, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_TRUE(has(y, ActionKind::RemoveVips));
    // Without the VIPs found: a backup, as RFC 5798 starts.
    Fsm g(c);
    g.step(5, Event::startup(false));
    EXPECT_EQ(g.state(), State::Backup);
}

// Only where preempting at once is allowed: not with nopreempt, not with a
// preempt_delay, and a fault at start still wins.
TEST(Fsm, ResumeNeedsPreemptionAndNoFault) {
    auto n = cfg(100);
    n.nopreempt = true;
    Fsm f(n);
    EXPECT_FALSE(f.can_resume());
    f.step(0, Event::startup(true));
    EXPECT_EQ(f.state(), State::Backup);
    auto d = cfg(100);
    d.preempt_delay = 5 * kSec;
    Fsm g(d);
    EXPECT_FALSE(g.can_resume());
    g.step(0, Event::startup(true));
    EXPECT_EQ(g.state(), State::Backup);
    auto t = cfg(100);
    t.tracks = {{"chk", 0, false, false}};  // weight 0, initially down: FAULT
    Fsm h(t);
    EXPECT_TRUE(h.can_resume());
    h.step(0, Event::startup(true));
    EXPECT_EQ(h.state(), State::Fault);
}

TEST(Fsm, SilentMasterDeathTakeoverIsMasterDownMinusTimeSinceLastAdvert) {
    for (int prio : {1, 50, 100, 200, 254}) {
        for (usec last : {10 * kSec, 10 * kSec + 123'457}) {
            auto c = cfg(prio);
            Fsm f(c);
            f.step(0, Event::of(EventKind::Startup));
            // The master (priority 255 wins over any backup) advertises every second.
            for (usec t = kSec / 3; t <= last; t += kSec / 3) f.step(t, Event::advert(255, kSec, ip("192.0.2.1")));
            f.step(last, Event::advert(255, kSec, ip("192.0.2.1")));
            const usec kill = last + 400'000;  // dies silently 0.4 s after its last advert
            const usec at = run_until_state(f, kill, kill + 10 * kSec, State::Master);
            const usec mdi = 3 * kSec + (256 - prio) * kSec / 256;
            EXPECT_EQ(at - kill, mdi - (kill - last)) << "prio " << prio;
        }
    }
}

TEST(Fsm, V3BackupAdoptsTheMastersInterval) {
    auto c = cfg(100, 3, kSec);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    EXPECT_EQ(f.next_deadline(), 3 * kSec + 156 * kSec / 256);
    f.step(1000, Event::advert(200, 200'000, ip("192.0.2.1")));
    EXPECT_EQ(f.master_adver_interval(), 200'000);
    const usec mdi = 3 * 200'000 + 156 * 200'000 / 256;
    EXPECT_EQ(f.master_down_interval(), mdi);
    EXPECT_EQ(f.next_deadline(), 1000 + mdi);
    EXPECT_EQ(run_until_state(f, 1000, 10 * kSec, State::Master), 1000 + mdi);
    // As master it advertises its own interval again.
    EXPECT_EQ(f.next_deadline(), 1000 + mdi + kSec);
}

TEST(Fsm, V2DoesNotAdoptTheInterval) {
    auto c = cfg(100, 2, 2 * kSec);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.step(0, Event::advert(200, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.master_adver_interval(), 2 * kSec);
}

TEST(Fsm, PreemptTakesOverFromALowerMasterAfterTheDownTimer) {
    auto c = cfg(150);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    // A lower-priority master advertises every second; a preempting backup
    // ignores it, so the down timer armed at startup runs out.
    const usec at = drive_with_adverts(f, 100, kSec, 20 * kSec);
    EXPECT_EQ(at, master_down_interval(2, 150, kSec));
}

TEST(Fsm, NopreemptStaysBackupUnderALowerMaster) {
    auto c = cfg(150);
    c.nopreempt = true;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    for (usec t = 0; t < 60 * kSec; t += kSec) {
        f.step(t, Event::advert(100, kSec, ip("192.0.2.1")));
        f.poll_timers(t);
    }
    EXPECT_EQ(f.state(), State::Backup);
    // keepalived clears nopreempt when the initial state is MASTER.
    c.initial_state = InitialState::Master;
    Fsm g(c);
    EXPECT_FALSE(g.nopreempt());
}

TEST(Fsm, PreemptDelayAddsToTheTakeoverFromALowerMaster) {
    auto c = cfg(128);
    c.preempt_delay = 2 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    // keepalived's man page: advert_int 1, priority 128, preempt_delay 2 → about 5.5 s.
    const usec at = drive_with_adverts(f, 100, kSec, 20 * kSec);
    EXPECT_EQ(at, master_down_interval(2, 128, kSec) + 2 * kSec);
    EXPECT_EQ(at, 5'500'000);
}

TEST(Fsm, PreemptDelayWaitIsCancelledByAHigherMaster) {
    auto c = cfg(150);
    c.preempt_delay = 2 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());  // first timeout: start the wait
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_NE(f.preempt_deadline(), kNever);
    f.step(4 * kSec, Event::advert(200, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.preempt_deadline(), kNever);
    // The higher master then dies: takeover after the plain down interval.
    const usec at = run_until_state(f, 4 * kSec, 20 * kSec, State::Master);
    EXPECT_EQ(at, 4 * kSec + master_down_interval(2, 150, kSec));
}

TEST(Fsm, PriorityZeroMeansTakeoverAfterSkewTime) {
    auto c = cfg(90, 3, 100'000);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.step(50'000, Event::advert(100, 100'000, ip("192.0.2.1")));
    f.step(80'000, Event::advert(0, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);
    // keepalived 2.2.7 measured the same: 65 ms at v3 0.1 s and priority 90.
    EXPECT_EQ(f.next_deadline(), 80'000 + 166 * 100'000 / 256);
    EXPECT_EQ(run_until_state(f, 80'000, kSec, State::Master), 80'000 + 64'843);
}

TEST(Fsm, SinglePeerFastTakeoverOnlyWithExactlyOneUnicastPeer) {
    auto c = cfg(90);
    c.single_peer_fast_takeover = true;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    auto a = f.step(kSec, Event::advert(0, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_TRUE(has(a, ActionKind::AddVips));
    // Two peers: another backup may exist, so RFC behaviour (Skew_Time).
    auto c2 = c;
    c2.peers.push_back(ip("192.0.2.3"));
    Fsm g(c2);
    g.step(0, Event::of(EventKind::Startup));
    g.step(kSec, Event::advert(0, kSec, ip("192.0.2.1")));
    EXPECT_EQ(g.state(), State::Backup);
    EXPECT_EQ(g.next_deadline(), kSec + skew_time(2, 90, kSec));
    // Multicast: never.
    auto c3 = c;
    c3.peers.clear();
    Fsm h(c3);
    h.step(0, Event::of(EventKind::Startup));
    h.step(kSec, Event::advert(0, kSec, ip("192.0.2.1")));
    EXPECT_EQ(h.state(), State::Backup);
}

TEST(Fsm, EqualPriorityTieBreakByAddress) {
    // We are 192.0.2.2: a master hearing an equal advert from .1 keeps the role
    // and answers; one from .3 wins and we yield.
    auto c = cfg(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    EXPECT_EQ(f.classify(Event::advert(100, kSec, ip("192.0.2.1"))), Trigger::AdvEqualLowerIp);
    auto a = f.step(5 * kSec, Event::advert(100, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_TRUE(has(a, ActionKind::SendAdvert));
    a = f.step(6 * kSec, Event::advert(100, kSec, ip("192.0.2.3")));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_TRUE(has(a, ActionKind::RemoveVips));
    EXPECT_EQ(f.next_deadline(), 6 * kSec + master_down_interval(2, 100, kSec));
    // A backup accepts equal priority from either side (RFC: priority >= local).
    f.step(7 * kSec, Event::advert(100, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.next_deadline(), 7 * kSec + master_down_interval(2, 100, kSec));
}

TEST(Fsm, MasterAnswersLowerPriorityWithAdvertAndGarp) {
    auto c = cfg(200);
    c.garp.lower_prio_repeat = 2;
    c.garp.lower_prio_delay = 3 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    const usec t = 10 * kSec;
    auto a = f.step(t, Event::advert(100, kSec, ip("192.0.2.1")));
    ASSERT_TRUE(find(a, ActionKind::SendAdvert));
    ASSERT_TRUE(find(a, ActionKind::GarpBurst));
    EXPECT_EQ(find(a, ActionKind::GarpBurst)->count, 2u);
    // The second lower-priority burst comes after lower_prio_delay.
    auto later = f.step(t + 3 * kSec, Event::of(EventKind::LowerGarpTimer));
    EXPECT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].count, 2u);
    c.lower_prio_no_advert = true;
    c.garp.lower_prio_repeat = 0;
    Fsm g(c);
    g.step(0, Event::of(EventKind::Startup));
    g.poll_timers(g.next_deadline());
    EXPECT_TRUE(g.step(t, Event::advert(100, kSec, ip("192.0.2.1"))).empty());
}

TEST(Fsm, MasterAnswersPriorityZeroAtOnce) {
    auto c = cfg(200);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    auto a = f.step(4 * kSec, Event::advert(0, kSec, ip("192.0.2.1")));
    EXPECT_TRUE(has(a, ActionKind::SendAdvert));
    EXPECT_EQ(f.advert_deadline(), 5 * kSec);
}

TEST(Fsm, GarpScheduleDelayAndRefresh) {
    auto c = cfg(255);
    c.garp.master_repeat = 3;
    c.garp.master_delay = 5 * kSec;
    c.garp.master_refresh = 60 * kSec;
    c.garp.master_refresh_repeat = 2;
    Fsm f(c);
    auto a = f.step(0, Event::of(EventKind::Startup));
    EXPECT_EQ(find(a, ActionKind::GarpBurst)->count, 3u);
    std::vector<std::pair<usec, std::uint32_t>> bursts;
    for (usec t = kSec; t <= 130 * kSec; t = f.next_deadline()) {
        for (const auto& x : f.poll_timers(t))
            if (x.kind == ActionKind::GarpBurst) bursts.push_back({t, x.count});
    }
    ASSERT_EQ(bursts.size(), 3u);
    EXPECT_EQ(bursts[0], (std::pair<usec, std::uint32_t>{5 * kSec, 3}));
    EXPECT_EQ(bursts[1], (std::pair<usec, std::uint32_t>{60 * kSec, 2}));
    EXPECT_EQ(bursts[2], (std::pair<usec, std::uint32_t>{120 * kSec, 2}));
}

TEST(Fsm, ShutdownFromMasterResignsWithPriorityZero) {
    auto c = cfg(255);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    auto a = f.step(kSec, Event::of(EventKind::Shutdown));
    ASSERT_EQ(a.size(), 4u);
    EXPECT_EQ(a[0].kind, ActionKind::SendAdvert);
    EXPECT_EQ(a[0].priority, 0);
    EXPECT_EQ(a[1].kind, ActionKind::RemoveVips);
    EXPECT_EQ(a[2].kind, ActionKind::StateChange);
    EXPECT_EQ(a[3].kind, ActionKind::Notify);
    EXPECT_EQ(a[3].to, State::Init);
    EXPECT_EQ(f.state(), State::Init);
    EXPECT_EQ(f.next_deadline(), kNever);
    // It can start again.
    f.step(2 * kSec, Event::of(EventKind::Startup));
    EXPECT_EQ(f.state(), State::Master);
}

TEST(Fsm, TrackingWeightsAreClampedAndFlipTheElection) {
    auto c = cfg(100);
    c.tracks = {{"a", 20, false, true}, {"b", -30, false, true}, {"c", 250, false, true}};
    Fsm f(c);
    EXPECT_EQ(f.effective_priority(), 254);  // 100 + 20 + 250 clamped
    f.step(0, Event::of(EventKind::Startup));
    auto a = f.step(1, Event::track_changed(2, false));
    EXPECT_EQ(f.effective_priority(), 120);
    ASSERT_TRUE(find(a, ActionKind::PriorityChange));
    EXPECT_EQ(find(a, ActionKind::PriorityChange)->priority, 120);
    f.step(2, Event::track_changed(1, false));
    EXPECT_EQ(f.effective_priority(), 90);
    f.step(3, Event::track_changed(0, false));
    EXPECT_EQ(f.effective_priority(), 70);
    // Reverse inverts the status: a positive weight counts while down.
    auto r = cfg(100);
    r.tracks = {{"x", 10, true, true}};
    Fsm g(r);
    EXPECT_EQ(g.effective_priority(), 100);
    g.step(0, Event::track_changed(0, false));
    EXPECT_EQ(g.effective_priority(), 110);
    // Low clamp.
    auto l = cfg(10);
    l.tracks = {{"x", -100, false, false}};
    EXPECT_EQ(Fsm(l).effective_priority(), 1);

    // The master's weight drops below a backup's: the backup stops accepting it.
    auto m = cfg(100);
    m.tracks = {{"chk", -60, false, true}};
    Fsm master(m);
    master.step(0, Event::of(EventKind::Startup));
    master.poll_timers(master.next_deadline());
    ASSERT_EQ(master.state(), State::Master);
    master.step(5 * kSec, Event::track_changed(0, false));
    EXPECT_EQ(master.effective_priority(), 40);
    EXPECT_EQ(master.state(), State::Master);  // until it hears the better one
    auto s = master.poll_timers(master.next_deadline());
    ASSERT_TRUE(find(s, ActionKind::SendAdvert));
    EXPECT_EQ(find(s, ActionKind::SendAdvert)->priority, 40);
    master.step(7 * kSec, Event::advert(90, kSec, ip("192.0.2.1")));
    EXPECT_EQ(master.state(), State::Backup);
}

// SIGHUP's in-place update: the daemon edits the configuration the machine
// refers to and says ConfigChanged; the state and the timers stay.
TEST(Fsm, ConfigChangedKeepsTheStateAndAppliesTheNewPriority) {
    auto c = cfg(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    const usec advert_at = f.advert_deadline();
    c.priority = 80;
    auto a = f.step(4 * kSec, Event::of(EventKind::ConfigChanged));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_EQ(f.effective_priority(), 80);
    ASSERT_TRUE(find(a, ActionKind::PriorityChange));
    EXPECT_FALSE(has(a, ActionKind::StateChange));
    EXPECT_FALSE(has(a, ActionKind::SendAdvert));
    EXPECT_EQ(f.advert_deadline(), advert_at);
    // The next advert says 80; a backup at 90 that preempts now wins.
    auto s = f.poll_timers(f.advert_deadline());
    ASSERT_TRUE(find(s, ActionKind::SendAdvert));
    EXPECT_EQ(find(s, ActionKind::SendAdvert)->priority, 80);
    f.step(advert_at + 1, Event::advert(90, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);

    // A backup whose priority is raised above the master's preempts after the down timer.
    auto b = cfg(50);
    Fsm g(b);
    g.step(0, Event::of(EventKind::Startup));
    g.step(kSec / 2, Event::advert(100, kSec, ip("192.0.2.1")));
    b.priority = 150;
    g.step(kSec, Event::of(EventKind::ConfigChanged));
    EXPECT_EQ(g.state(), State::Backup);
    EXPECT_EQ(g.effective_priority(), 150);
    g.step(3 * kSec / 2, Event::advert(100, kSec, ip("192.0.2.1")));  // lower now: ignored
    // Down timer from the last accepted advert (0.5 s, armed with the skew of priority 50).
    EXPECT_EQ(run_until_state(g, 3 * kSec / 2, 10 * kSec, State::Master), kSec / 2 + 3 * kSec + skew_time(2, 50, kSec));
}

TEST(Fsm, ConfigChangedAppliesWeightsAndTheGarpRefresh) {
    auto c = cfg(100);
    c.tracks = {{"chk", -10, false, false}};
    Fsm f(c);
    EXPECT_EQ(f.effective_priority(), 90);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    c.tracks[0].weight = -60;
    f.step(4 * kSec, Event::of(EventKind::ConfigChanged));
    EXPECT_EQ(f.effective_priority(), 40);
    // A weight of 0 makes the down track a fault: the master resigns.
    c.tracks[0].weight = 0;
    auto a = f.step(5 * kSec, Event::of(EventKind::ConfigChanged));
    EXPECT_EQ(f.state(), State::Fault);
    ASSERT_TRUE(find(a, ActionKind::SendAdvert));
    EXPECT_EQ(find(a, ActionKind::SendAdvert)->priority, 0);

    // GARP refresh switched on, shortened and off while master.
    auto g = cfg(255);
    Fsm m(g);
    m.step(0, Event::of(EventKind::Startup));
    const usec before = m.next_deadline();
    g.garp.master_refresh = 2 * kSec;
    m.step(kSec, Event::of(EventKind::ConfigChanged));
    EXPECT_EQ(m.next_deadline(), std::min(before, 3 * kSec));
    std::vector<usec> refresh;
    for (usec t = m.next_deadline(); t <= 8 * kSec; t = m.next_deadline())
        for (const auto& x : m.poll_timers(t))
            if (x.kind == ActionKind::GarpBurst && x.count == g.garp.master_refresh_repeat && t != 5 * kSec)
                refresh.push_back(t);
    EXPECT_EQ(refresh, (std::vector<usec>{3 * kSec, 7 * kSec}));  // 5 s: the delayed second burst, then refresh at 7 s
    g.garp.master_refresh = 0;
    m.step(8 * kSec, Event::of(EventKind::ConfigChanged));
    for (usec t = m.next_deadline(); t <= 30 * kSec; t = m.next_deadline())
        for (const auto& x : m.poll_timers(t)) EXPECT_NE(x.kind, ActionKind::GarpBurst) << "at " << t;
}

TEST(Fsm, WeightlessTrackDownMeansFaultAndAMasterResigns) {
    auto c = cfg(100);
    c.tracks = {{"chk", 0, false, true}};
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    auto a = f.step(10 * kSec, Event::track_changed(0, false));
    EXPECT_EQ(f.state(), State::Fault);
    ASSERT_TRUE(find(a, ActionKind::SendAdvert));
    EXPECT_EQ(find(a, ActionKind::SendAdvert)->priority, 0);
    EXPECT_TRUE(has(a, ActionKind::RemoveVips));
    EXPECT_EQ(f.next_deadline(), kNever);
    // Adverts are ignored in FAULT.
    EXPECT_TRUE(f.step(11 * kSec, Event::advert(50, kSec, ip("192.0.2.1"))).empty());
    a = f.step(12 * kSec, Event::track_changed(0, true));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.next_deadline(), 12 * kSec + master_down_interval(2, 100, kSec));
    // The interface going down is a fault too (keepalived tracks it by default).
    f.step(13 * kSec, Event::interface_changed(false));
    EXPECT_EQ(f.state(), State::Fault);
    // Starting with a failed track starts in FAULT.
    auto d = c;
    d.tracks[0].initially_up = false;
    Fsm g(d);
    g.step(0, Event::of(EventKind::Startup));
    EXPECT_EQ(g.state(), State::Fault);
}

// track_file: the file's value × weight (keepalived's rule), clamped to
// -254..253; -254 or, with weight 0, a non-zero value means FAULT.
TEST(Fsm, ValuedTrackAddsValueTimesWeightAndClamps) {
    Track t{"f", -10, false, true, true};
    EXPECT_EQ(valued_contribution(t, 0), 0);
    EXPECT_EQ(valued_contribution(t, 3), -30);
    EXPECT_EQ(valued_contribution(t, -2), 20);
    EXPECT_EQ(valued_contribution(t, 100), kValuedFault);         // -1000 clamps to -254: FAULT
    EXPECT_EQ(valued_contribution(t, -100), 253);                 // +1000 clamps to 253
    EXPECT_EQ(valued_contribution(t, 2147483647), kValuedFault);  // no overflow
    t.reverse = true;
    EXPECT_EQ(valued_contribution(t, 3), 30);
    Track z{"f", 0, false, true, true};
    EXPECT_EQ(valued_contribution(z, 0), 0);
    EXPECT_EQ(valued_contribution(z, 7), kValuedFault);
    EXPECT_EQ(valued_contribution(z, -1), kValuedFault);
    z.reverse = true;  // weight 0 reverse: 0 is the failure
    EXPECT_EQ(valued_contribution(z, 0), kValuedFault);
    EXPECT_EQ(valued_contribution(z, 7), 0);

    auto c = cfg(100);
    c.tracks = {{"f", 5, false, true, true}, {"chk", -30, false, true}};
    Fsm f(c);
    EXPECT_EQ(f.effective_priority(), 100);  // a valued track starts at 0
    f.step(0, Event::of(EventKind::Startup));
    auto a = f.step(1, Event::track_value(0, 4));
    EXPECT_EQ(f.effective_priority(), 120);
    ASSERT_TRUE(find(a, ActionKind::PriorityChange));
    EXPECT_EQ(f.track_value(0), 4);
    f.step(2, Event::track_changed(1, false));
    EXPECT_EQ(f.effective_priority(), 90);  // both count
    f.step(3, Event::track_value(0, -20));  // -100
    EXPECT_EQ(f.effective_priority(), 1);   // clamped
    EXPECT_FALSE(f.faulty());
    f.step(4, Event::track_value(0, -60));  // -300: FAULT
    EXPECT_TRUE(f.faulty());
    EXPECT_EQ(f.state(), State::Fault);
    EXPECT_FALSE(f.track_up(0));
    f.step(5, Event::track_value(0, 0));
    EXPECT_FALSE(f.faulty());
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.effective_priority(), 70);
}

TEST(Fsm, WeightlessValuedTrackFaultsOnANonZeroValue) {
    auto c = cfg(100);
    c.tracks = {{"f", 0, false, true, true}};
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    auto a = f.step(10 * kSec, Event::track_value(0, 1));
    EXPECT_EQ(f.state(), State::Fault);
    ASSERT_TRUE(find(a, ActionKind::SendAdvert));
    EXPECT_EQ(find(a, ActionKind::SendAdvert)->priority, 0);
    f.step(11 * kSec, Event::track_value(0, 0));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.effective_priority(), 100);  // weight 0 never moves the priority
    // With reverse, the file must hold a non-zero value: 0 (the start) is FAULT.
    auto r = c;
    r.tracks[0].reverse = true;
    Fsm g(r);
    g.step(0, Event::of(EventKind::Startup));
    EXPECT_EQ(g.state(), State::Fault);
    g.step(1, Event::track_value(0, 1));
    EXPECT_EQ(g.state(), State::Backup);
}

// Both nodes became master in the same millisecond; the winner answers the
// loser's lower-priority advert before its garp_master_delay repeat is due.
// The answer has its own schedule: the repeat still fires at +garp_master_delay
// (one shared timer used to move it to +garp_lower_prio_delay, 5 s without GARPs).
TEST(Fsm, LowerPriorityAnswerDoesNotCancelTheMasterDelayRepeat) {
    auto c = cfg(200);
    c.garp.master_repeat = 5;
    c.garp.master_delay = 1 * kSec;
    c.garp.master_refresh = 0;
    c.garp.lower_prio_repeat = 3;
    c.garp.lower_prio_delay = 5 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    const usec t0 = f.next_deadline();
    auto up = f.poll_timers(t0);
    ASSERT_EQ(f.state(), State::Master);
    ASSERT_TRUE(find(up, ActionKind::GarpBurst));
    EXPECT_EQ(f.garp_deadline(), t0 + kSec);

    auto ans = f.step(t0 + 1000, Event::advert(100, kSec, ip("192.0.2.1")));
    ASSERT_TRUE(find(ans, ActionKind::GarpBurst));
    EXPECT_EQ(find(ans, ActionKind::GarpBurst)->count, 3u);
    EXPECT_EQ(f.garp_deadline(), t0 + kSec);  // untouched by the answer
    EXPECT_EQ(f.lower_garp_deadline(), t0 + 1000 + 5 * kSec);

    // Walk the machine's own timers: collect every GARP burst with its time.
    std::vector<std::pair<usec, std::uint32_t>> bursts;
    usec now = t0 + 1000;
    while (f.next_deadline() <= t0 + 6 * kSec) {
        now = f.next_deadline();
        for (const auto& a : f.poll_timers(now))
            if (a.kind == ActionKind::GarpBurst) bursts.emplace_back(now - t0, a.count);
    }
    std::set<std::pair<usec, std::uint32_t>> got(bursts.begin(), bursts.end());
    ASSERT_EQ(bursts.size(), 4u);
    EXPECT_TRUE(got.count({usec(kSec), 5}));  // master-delay repeat
    EXPECT_TRUE(got.count({usec(kSec), 3}));  // the two adverts after the answer
    EXPECT_TRUE(got.count({usec(2 * kSec), 3}));
    EXPECT_TRUE(got.count({usec(1000 + 5 * kSec), 3}));  // answer's repeat
    EXPECT_EQ(f.state(), State::Master);

    // A second answer arms its own repeat; yielding cancels every schedule.
    f.step(now + 10, Event::advert(100, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.lower_garp_deadline(), now + 10 + 5 * kSec);
    EXPECT_EQ(f.answer_follow_adverts(), Fsm::kAnswerFollowAdverts);
    f.step(now + 20, Event::advert(250, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.garp_deadline(), kNever);
    EXPECT_EQ(f.refresh_deadline(), kNever);
    EXPECT_EQ(f.lower_garp_deadline(), kNever);
    EXPECT_EQ(f.answer_follow_adverts(), 0u);
}

// keepalived starts one garp_lower_prio_delay timer per answer and a later
// answer does not cancel an earlier one. Under loss a router that takes over
// spuriously again and again is answered each time; the repeat of the first
// answer is the one that fixes hosts left with the wrong MAC by a takeover we
// did not hear. (One re-armed timer moved it 5 s past the last answer.)
TEST(Fsm, EveryLowerPriorityAnswerHasItsOwnRepeat) {
    auto c = cfg(100, 3, 100'000);
    c.garp.master_delay = 0;
    c.garp.lower_prio_repeat = 1;
    c.garp.lower_prio_delay = 5 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    const usec t0 = 10 * kSec;
    for (usec d : {usec(0), usec(1'500'000), usec(2'500'000)})
        f.step(t0 + d, Event::advert(50, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(f.lower_garps_pending(), 3u);
    EXPECT_EQ(f.lower_garp_deadline(), t0 + 5 * kSec);
    std::vector<usec> repeats;
    for (usec now = f.next_deadline(); now <= t0 + 9 * kSec; now = f.next_deadline())
        for (const auto& a : f.poll_timers(now))
            if (a.kind == ActionKind::GarpBurst && now >= t0 + 5 * kSec) repeats.push_back(now - t0);
    EXPECT_EQ(repeats, (std::vector<usec>{5 * kSec, 6'500'000, 7'500'000}));
    EXPECT_EQ(f.lower_garps_pending(), 0u);

    // Bounded: answers beyond the capacity replace the latest pending repeat.
    const usec t1 = 20 * kSec;
    for (std::size_t i = 0; i < Fsm::kLowerGarpRepeats + 3; ++i)
        f.step(t1 + usec(i) * 100'000, Event::advert(50, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(f.lower_garps_pending(), Fsm::kLowerGarpRepeats);
    EXPECT_EQ(f.lower_garp_deadline(), t1 + 5 * kSec);
    std::vector<usec> due;
    while (f.lower_garps_pending() > 0) {
        due.push_back(f.lower_garp_deadline() - t1);
        f.poll_timers(f.lower_garp_deadline());
    }
    std::vector<usec> want;
    for (std::size_t i = 0; i + 1 < Fsm::kLowerGarpRepeats; ++i) want.push_back(5 * kSec + usec(i) * 100'000);
    want.push_back(5 * kSec + usec(Fsm::kLowerGarpRepeats + 2) * 100'000);  // the latest answer's
    EXPECT_EQ(due, want);
}

// Loss at 0.1 s adverts: the backup's Master_Down_Timer fires 19.5 ms before the
// master's 4th advert; it sends its advert, adds the VIP, then GARPs. Our answer
// (advert + GARP) can reach the hosts before that GARP, and the other router
// yields on hearing an advert of ours: our next two periodic adverts carry the
// lower-priority burst again, so the last GARP the hosts see is ours.
TEST(Fsm, AnswerToALowerPriorityMasterIsFollowedByGarpsWithTheNextAdverts) {
    auto c = cfg(100, 3, 100'000);
    c.garp.master_delay = 0;
    c.garp.lower_prio_repeat = 1;
    c.garp.lower_prio_delay = 5 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    const usec adv = f.advert_deadline();
    const usec t = adv - 19'500;  // the lower-priority router took over just now
    auto ans = f.step(t, Event::advert(50, 100'000, ip("192.0.2.1")));
    ASSERT_TRUE(find(ans, ActionKind::SendAdvert));
    ASSERT_TRUE(find(ans, ActionKind::GarpBurst));
    EXPECT_EQ(f.advert_deadline(), adv);  // the periodic advert keeps its time
    std::vector<std::pair<usec, std::uint32_t>> with_garp;
    for (int i = 0; i < 4; ++i) {
        const usec now = f.advert_deadline();
        auto a = f.poll_timers(now);
        ASSERT_TRUE(find(a, ActionKind::SendAdvert));
        if (const Action* g = find(a, ActionKind::GarpBurst)) {
            // After the advert: the other router yields on the advert, then hears the GARP.
            EXPECT_EQ(a[0].kind, ActionKind::SendAdvert);
            with_garp.emplace_back(now - adv, g->count);
        }
    }
    EXPECT_EQ(with_garp, (std::vector<std::pair<usec, std::uint32_t>>{{0, 1}, {100'000, 1}}));

    // Nothing follows when lower-priority GARPs are off (garp_lower_prio_repeat 0).
    c.garp.lower_prio_repeat = 0;
    Fsm g(c);
    g.step(0, Event::of(EventKind::Startup));
    g.poll_timers(g.next_deadline());
    g.step(g.advert_deadline() - 1, Event::advert(50, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(g.answer_follow_adverts(), 0u);
    EXPECT_FALSE(find(g.poll_timers(g.advert_deadline()), ActionKind::GarpBurst));
}

// A master that yields soon after taking over (its garp_master_delay repeat still
// pending) may have been the last to GARP, and the master it yields to may not
// know it exists: it sends one advert first so that master answers with its
// GARPs (keepalived: higher_prio_send_advert; on by default in that window).
TEST(Fsm, RecentMasterAdvertisesOnceWhenItYields) {
    auto c = cfg(50, 3, 100'000);
    c.garp.master_delay = 1 * kSec;
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    const usec t0 = f.next_deadline();
    f.poll_timers(t0);
    ASSERT_EQ(f.state(), State::Master);
    auto a = f.step(t0 + 19'500, Event::advert(100, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);
    ASSERT_TRUE(find(a, ActionKind::SendAdvert));
    EXPECT_EQ(find(a, ActionKind::SendAdvert)->priority, 50);
    EXPECT_EQ(a[0].kind, ActionKind::SendAdvert);  // before the VIPs go
    EXPECT_TRUE(has(a, ActionKind::RemoveVips));

    // Master for longer than garp_master_delay: yields silently (the RFC, keepalived's default).
    f.poll_timers(f.next_deadline());
    ASSERT_EQ(f.state(), State::Master);
    const usec t1 = f.garp_deadline();
    f.poll_timers(t1);
    EXPECT_EQ(f.garp_deadline(), kNever);
    a = f.step(t1 + 10, Event::advert(100, 100'000, ip("192.0.2.1")));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_FALSE(has(a, ActionKind::SendAdvert));

    // lower_prio_no_advert (the RFC's silence, vrrp_strict): never; higher_prio_send_advert: always.
    c.lower_prio_no_advert = true;
    Fsm g(c);
    g.step(0, Event::of(EventKind::Startup));
    g.poll_timers(g.next_deadline());
    EXPECT_FALSE(
        has(g.step(g.garp_deadline() - 1, Event::advert(100, 100'000, ip("192.0.2.1"))), ActionKind::SendAdvert));
    c.higher_prio_send_advert = true;
    Fsm h(c);
    h.step(0, Event::of(EventKind::Startup));
    h.poll_timers(h.next_deadline());
    h.poll_timers(h.garp_deadline());
    EXPECT_TRUE(has(h.step(h.next_deadline(), Event::advert(100, 100'000, ip("192.0.2.1"))), ActionKind::SendAdvert));
}

TEST(Fsm, StaleTimerEventsAreIgnored) {
    auto c = cfg(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    EXPECT_TRUE(f.step(1, Event::of(EventKind::AdvertTimer)).empty());
    EXPECT_TRUE(f.step(1, Event::of(EventKind::GarpTimer)).empty());
    EXPECT_TRUE(f.step(1, Event::of(EventKind::LowerGarpTimer)).empty());
    EXPECT_TRUE(f.step(1, Event::of(EventKind::PreemptDelayTimer)).empty());
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_TRUE(f.step(2, Event::track_changed(9, false)).empty());  // out of range
}

TEST(Table, EveryLiveStateHandlesEveryAdvertAndShutdown) {
    const auto t = transition_table();
    for (State s : {State::Backup, State::Master})
        for (Trigger g : {Trigger::AdvHigher, Trigger::AdvLower, Trigger::AdvEqualHigherIp, Trigger::AdvEqualLowerIp,
                          Trigger::AdvPrio0, Trigger::Shutdown, Trigger::FaultOn}) {
            bool found = false;
            for (const Row& r : t) found |= r.state == s && r.trigger == g && r.guard == Guard::Always;
            EXPECT_TRUE(found) << state_name(s) << " " << trigger_name(g);
        }
    // Names are distinct (they appear in logs and in the table dump).
    std::set<std::string_view> names;
    for (int i = 0; i < int(Trigger::Count_); ++i) EXPECT_TRUE(names.insert(trigger_name(Trigger(i))).second);
}
