// SPDX-License-Identifier: MIT
// vrrp_sync_group: the pure group rule (vrrp/sync.hpp) and the state
// machine's side of it (a member held in BACKUP, forced by its group).
#include <gtest/gtest.h>

#include <vector>

#include "vrrp/fsm.hpp"
#include "vrrp/sync.hpp"

using namespace havip::vrrp;

namespace {

constexpr usec kSec = 1'000'000;

InstanceConfig member(int prio) {
    InstanceConfig c;
    c.vrid = 1;
    c.priority = std::uint8_t(prio);
    c.source = IpAddress::parse("192.0.2.2").value();
    c.peers = {IpAddress::parse("192.0.2.1").value()};
    c.vips = {IpAddress::parse("192.0.2.100").value()};
    c.tracks = {Track{"eth1", 0, false, true, false}};
    c.sync_group = true;
    return c;
}

SyncMember m(State s, bool faulty = false, bool wants = false) { return {s, faulty, wants}; }

bool has(const ActionList& l, ActionKind k, int prio = -1) {
    for (const auto& a : l)
        if (a.kind == k && (prio < 0 || a.priority == prio)) return true;
    return false;
}

}  // namespace

TEST(SyncTarget, AnyMemberFaultyPutsTheGroupInFault) {
    std::vector<SyncMember> ms{m(State::Master), m(State::Fault, true)};
    EXPECT_EQ(sync_target(State::Master, ms), State::Fault);
    EXPECT_EQ(sync_target(State::Backup, ms), State::Fault);
}

TEST(SyncTarget, TheGroupLeavesFaultForBackupOnlyWhenNoMemberIsFaulty) {
    EXPECT_EQ(sync_target(State::Fault, std::vector{m(State::Fault), m(State::Fault, true)}), State::Fault);
    EXPECT_EQ(sync_target(State::Fault, std::vector{m(State::Fault), m(State::Fault)}), State::Backup);
}

TEST(SyncTarget, MasterOnlyWhenEveryMemberWantsIt) {
    EXPECT_EQ(sync_target(State::Backup, std::vector{m(State::Backup, false, true), m(State::Backup)}), State::Backup);
    EXPECT_EQ(sync_target(State::Backup, std::vector{m(State::Backup, false, true), m(State::Backup, false, true)}),
              State::Master);
}

TEST(SyncTarget, AMasterMemberGoingBackupTakesTheGroupToBackup) {
    EXPECT_EQ(sync_target(State::Master, std::vector{m(State::Master, false, true), m(State::Backup)}), State::Backup);
    EXPECT_EQ(sync_target(State::Master, std::vector{m(State::Master, false, true), m(State::Master, false, true)}),
              State::Master);
}

TEST(SyncTarget, NothingMovesWhileAMemberIsInInit) {
    EXPECT_EQ(sync_target(State::Backup, std::vector{m(State::Init), m(State::Fault, true)}), State::Init);
    EXPECT_EQ(sync_target(State::Backup, std::vector<SyncMember>{}), State::Init);
}

TEST(SyncEvent, EachMemberIsFedWhatMakesItFollow) {
    EventKind k{};
    EXPECT_TRUE(sync_event(State::Fault, State::Master, k));
    EXPECT_EQ(k, EventKind::SyncFault);
    EXPECT_TRUE(sync_event(State::Fault, State::Backup, k));
    EXPECT_EQ(k, EventKind::SyncFault);
    EXPECT_TRUE(sync_event(State::Backup, State::Master, k));
    EXPECT_EQ(k, EventKind::SyncBackup);
    EXPECT_TRUE(sync_event(State::Backup, State::Fault, k));
    EXPECT_EQ(k, EventKind::SyncBackup);
    EXPECT_TRUE(sync_event(State::Master, State::Backup, k));
    EXPECT_EQ(k, EventKind::SyncMaster);
    EXPECT_FALSE(sync_event(State::Master, State::Fault, k));  // a faulty member never follows to MASTER
    EXPECT_FALSE(sync_event(State::Backup, State::Backup, k));
    EXPECT_FALSE(sync_event(State::Fault, State::Init, k));
}

TEST(FsmSync, AMemberWhoseDownTimerExpiresWaitsInBackupForItsGroup) {
    const InstanceConfig c = member(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    ASSERT_EQ(f.state(), State::Backup);
    EXPECT_FALSE(f.wants_master());
    const usec down = f.master_down_deadline();
    auto a = f.poll_timers(down);
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_TRUE(a.empty());
    EXPECT_TRUE(f.wants_master());
    EXPECT_EQ(f.master_down_deadline(), down + f.master_down_interval());  // runs again
    // The group agrees: master now, with the usual actions.
    a = f.step(down + 1, Event::of(EventKind::SyncMaster));
    EXPECT_EQ(f.state(), State::Master);
    EXPECT_TRUE(has(a, ActionKind::AddVips));
    EXPECT_TRUE(has(a, ActionKind::SendAdvert, 100));
}

TEST(FsmSync, AnAcceptedAdvertClearsTheWish) {
    const InstanceConfig c = member(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.master_down_deadline());
    ASSERT_TRUE(f.wants_master());
    f.step(4 * kSec, Event::advert(150, kSec, IpAddress::parse("192.0.2.1").value()));
    EXPECT_FALSE(f.wants_master());
    EXPECT_EQ(f.state(), State::Backup);
}

TEST(FsmSync, TheGroupMovesAMasterToBackupSilentlyAndToFaultWithPriorityZero) {
    const InstanceConfig c = member(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.poll_timers(f.master_down_deadline());
    f.step(4 * kSec, Event::of(EventKind::SyncMaster));
    auto a = f.step(5 * kSec, Event::of(EventKind::SyncBackup));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_TRUE(has(a, ActionKind::RemoveVips));
    EXPECT_FALSE(has(a, ActionKind::SendAdvert));
    EXPECT_EQ(f.advert_deadline(), kNever);
    f.poll_timers(f.master_down_deadline());
    f.step(9 * kSec, Event::of(EventKind::SyncMaster));
    a = f.step(10 * kSec, Event::of(EventKind::SyncFault));
    EXPECT_EQ(f.state(), State::Fault);
    EXPECT_TRUE(has(a, ActionKind::SendAdvert, 0));
    EXPECT_TRUE(has(a, ActionKind::RemoveVips));
    EXPECT_FALSE(f.faulty());  // the group's fault, not its own
}

TEST(FsmSync, AMemberLeavesItsOwnFaultOnlyWhenTheGroupSaysSo) {
    const InstanceConfig c = member(100);
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    f.step(kSec, Event::track_changed(0, false));
    ASSERT_EQ(f.state(), State::Fault);
    auto a = f.step(2 * kSec, Event::of(EventKind::SyncBackup));  // still faulty: ignored
    EXPECT_EQ(f.state(), State::Fault);
    EXPECT_TRUE(a.empty());
    f.step(3 * kSec, Event::track_changed(0, true));
    EXPECT_EQ(f.state(), State::Fault);  // the group decides
    EXPECT_FALSE(f.faulty());
    f.step(3 * kSec, Event::of(EventKind::SyncBackup));
    EXPECT_EQ(f.state(), State::Backup);
}

TEST(FsmSync, AMemberNeverResumesOrTakesOverAloneOnAPriorityZeroAdvert) {
    InstanceConfig c = member(100);
    c.single_peer_fast_takeover = true;
    Fsm f(c);
    EXPECT_FALSE(f.can_resume());
    f.step(0, Event::startup(true));
    EXPECT_EQ(f.state(), State::Backup);
    f.step(kSec, Event::advert(0, kSec, IpAddress::parse("192.0.2.1").value()));
    EXPECT_EQ(f.state(), State::Backup);
    EXPECT_EQ(f.master_down_deadline(), kSec + f.skew());
}
