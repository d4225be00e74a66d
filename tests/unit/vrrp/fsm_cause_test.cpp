// SPDX-License-Identifier: MIT
// Why the state machine changed state (Fsm::last_cause) and whom it follows
// (Fsm::master_seen), event by event.
#include <gtest/gtest.h>

#include "vrrp/fsm.hpp"

using namespace havip::vrrp;

namespace {

IpAddress ip(const char* s) { return IpAddress::parse(s).value(); }
constexpr usec kSec = 1'000'000;

InstanceConfig cfg(int prio, usec preempt_delay = 0) {
    InstanceConfig c;
    c.vrid = 1;
    c.priority = std::uint8_t(prio);
    c.preempt_delay = preempt_delay;
    c.source = ip("192.0.2.2");
    c.peers = {ip("192.0.2.1"), ip("192.0.2.3")};
    c.vips = {ip("192.0.2.100")};
    c.tracks = {{"chk", 0, false, true, false}};
    return c;
}

void run_timers(Fsm& f, usec until) {
    while (f.next_deadline() <= until) f.poll_timers(f.next_deadline());
}

}  // namespace

TEST(FsmCause, StartupMasterDownAndHigherAdvert) {
    const InstanceConfig c = cfg(100);
    Fsm f(c);
    EXPECT_EQ(f.last_cause().cause, Cause::None);
    f.step(0, Event::startup(false));
    EXPECT_EQ(f.last_cause().cause, Cause::Startup);
    EXPECT_FALSE(f.master_seen().valid());
    run_timers(f, 4 * kSec);
    ASSERT_EQ(f.state(), State::Master);
    EXPECT_EQ(f.last_cause().cause, Cause::MasterDown);
    f.step(5 * kSec, Event::advert(200, kSec, ip("192.0.2.3")));
    ASSERT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.last_cause(), (TransitionCause{Cause::HigherAdvert, ip("192.0.2.3"), 0}));
    EXPECT_EQ(f.master_seen(), ip("192.0.2.3"));
}

TEST(FsmCause, PriorityZeroAndPreemptionNameTheOtherRouter) {
    const InstanceConfig c = cfg(100, 2 * kSec);
    Fsm f(c);
    f.step(0, Event::startup(false));
    f.step(kSec / 2, Event::advert(150, kSec, ip("192.0.2.1")));
    EXPECT_EQ(f.master_seen(), ip("192.0.2.1"));
    f.step(kSec, Event::advert(0, kSec, ip("192.0.2.1")));  // it resigns
    EXPECT_FALSE(f.master_seen().valid());
    run_timers(f, 2 * kSec);
    ASSERT_EQ(f.state(), State::Master);
    EXPECT_EQ(f.last_cause(), (TransitionCause{Cause::Prio0Advert, ip("192.0.2.1"), 0}));

    Fsm g(c);  // a lower-priority master: taken over after preempt_delay
    g.step(0, Event::startup(false));
    g.step(kSec / 2, Event::advert(50, kSec, ip("192.0.2.3")));
    EXPECT_EQ(g.master_seen(), ip("192.0.2.3"));
    run_timers(g, 10 * kSec);
    ASSERT_EQ(g.state(), State::Master);
    EXPECT_EQ(g.last_cause(), (TransitionCause{Cause::Preempt, ip("192.0.2.3"), 0}));
    EXPECT_FALSE(g.master_seen().valid());
}

TEST(FsmCause, FaultsSayLinkOrTrackAndShutdownSaysSo) {
    const InstanceConfig c = cfg(100);
    Fsm f(c);
    f.step(0, Event::startup(false));
    f.step(kSec, Event::interface_changed(false));
    EXPECT_EQ(f.last_cause().cause, Cause::LinkDown);
    f.step(2 * kSec, Event::interface_changed(true));
    EXPECT_EQ(f.last_cause().cause, Cause::LinkUp);
    f.step(3 * kSec, Event::track_changed(0, false));
    EXPECT_EQ(f.last_cause(), (TransitionCause{Cause::TrackDown, {}, 0}));
    f.step(4 * kSec, Event::track_changed(0, true));
    EXPECT_EQ(f.last_cause().cause, Cause::TrackUp);
    f.step(5 * kSec, Event::of(EventKind::Shutdown));
    EXPECT_EQ(f.last_cause().cause, Cause::Shutdown);
    EXPECT_EQ(cause_name(Cause::Prio0Advert), "priority_0_advert");
    EXPECT_EQ(cause_name(Cause::MasterDown), "master_down_timer");
}
