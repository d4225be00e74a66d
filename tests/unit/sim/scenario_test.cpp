// SPDX-License-Identifier: MIT
// Simulator scenarios of the issue, each with the exact figure it must show.
#include <gtest/gtest.h>

#include "sim_helpers.hpp"
#include "vrrp/timing.hpp"

using namespace simtest;
using havip::vrrp::master_down_interval;
using havip::vrrp::skew_time;
using havip::vrrp::State;

TEST(Scenario, ElectionHighestPriorityWinsAfterMasterDownInterval) {
    auto s = make({"a:prio=100", "b:prio=90"}, {}, {}, 30 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_EQ(last_became(s, r, "a", State::Master), master_down_interval(2, 100, kSec));
    EXPECT_EQ(last_became(s, r, "b", State::Master), -1);
    EXPECT_EQ(r.split_brain_total, 0);
}

// vrrp_startup_delay, as havipd runs it: the instances start that long after
// the node (at the beginning and at every restart), so the guide's pair with
// its 5 s delay elects at 5 s + Master_Down_Interval, not at Master_Down_Interval.
TEST(Scenario, StartupDelayPostponesTheElectionAndEveryRestart) {
    auto s = make({"a:prio=100,startup_delay=5s", "b:prio=90,startup_delay=5s"}, {}, {"kill:a@20s", "start:a@30s"},
                  60 * kSec);
    auto r = havip::sim::run(s);
    usec first = -1;
    for (const auto& tr : r.transitions)
        if (tr.to == State::Master) {
            first = tr.t;
            break;
        }
    EXPECT_EQ(first, 5 * kSec + master_down_interval(2, 100, kSec));
    // Restarted at 30 s: silent until 35 s, then a backup that preempts b
    // after its own Master_Down_Interval (b's adverts have a lower priority).
    EXPECT_EQ(last_became(s, r, "a", State::Backup), 35 * kSec);
    EXPECT_EQ(last_became(s, r, "a", State::Master), 35 * kSec + master_down_interval(2, 100, kSec));
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    // A restart killed within its delay never starts its instances.
    auto k =
        make({"a:prio=100,startup_delay=5s", "b:prio=90"}, {}, {"kill:a@2s", "start:a@3s", "kill:a@4s"}, 20 * kSec);
    auto rk = havip::sim::run(k);
    EXPECT_EQ(last_became(k, rk, "a", State::Backup), -1);
    EXPECT_EQ(masters(k, rk), std::vector<std::string>{"b"});
}

TEST(Scenario, KillMasterTakeoverIsTheRfcBoundMinusTimeSinceLastAdvert) {
    // a advertises at 3.609375 + k s; each arrives 1 ms later. Killed at 10 s,
    // its last advert reached b at 9.610375 s.
    auto s = make({"a:prio=100", "b:prio=90"}, {{"delay", "1"}}, {"kill:a@10s"}, 30 * kSec);
    auto r = havip::sim::run(s);
    const usec last_rx = master_down_interval(2, 100, kSec) + 6 * kSec + 1000;
    const usec expect = master_down_interval(2, 90, kSec) - (10 * kSec - last_rx);
    ASSERT_EQ(r.failures.size(), 1u);
    EXPECT_EQ(r.failures[0].needed, 1u);
    EXPECT_EQ(r.failures[0].taken_over, 1u);
    EXPECT_EQ(r.failures[0].min, expect);  // exact, well within the 1 ms the issue asks
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"b"});
}

TEST(Scenario, GracefulStopTakesSkewTimeOrOneDelayWithFastTakeover) {
    auto s = make({"a:prio=100", "b:prio=90"}, {{"delay", "1"}}, {"stop:a@10s"}, 30 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(r.failures[0].min, 1000 + skew_time(2, 90, kSec));  // 0.649437 s
    auto f = make({"a:prio=100", "b:prio=90"}, {{"delay", "1"}, {"fast-takeover", ""}}, {"stop:a@10s"}, 30 * kSec);
    auto rf = havip::sim::run(f);
    EXPECT_EQ(rf.failures[0].min, 1000);  // the priority-0 advert's flight time
    // v3 at 0.1 s: keepalived 2.2.7 measured 0.09 s here; the RFC bound is Skew_Time.
    auto v3 = make({"a:prio=100", "b:prio=90"}, {{"version", "3"}, {"advert", "100ms"}, {"delay", "0.2"}},
                   {"stop:a@10s"}, 30 * kSec);
    auto r3 = havip::sim::run(v3);
    EXPECT_EQ(r3.failures[0].min, 200 + skew_time(3, 90, 100'000));
}

TEST(Scenario, LinkDownOnTheMasterFaultsItAndTheBackupTakesOver) {
    auto s = make({"a:prio=100", "b:prio=90"}, {}, {"link-down:a@10s", "link-up:a@20s"}, 40 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(r.failures[0].taken_over, 1u);
    EXPECT_LE(r.failures[0].min, master_down_interval(2, 90, kSec));
    // a went to FAULT at once, back to BACKUP at link-up, then preempted b.
    EXPECT_EQ(last_became(s, r, "a", State::Fault), 10 * kSec);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_EQ(last_became(s, r, "a", State::Master), 20 * kSec + master_down_interval(2, 100, kSec));
}

TEST(Scenario, PartitionMakesTwoMastersThatHealBackToOne) {
    auto s = make({"a:prio=100", "b:prio=90"}, {}, {"partition:a|b@10s", "heal@30s"}, 60 * kSec);
    auto r = havip::sim::run(s);
    // During the partition both are master, but they cannot hear each other:
    // not split brain by the definition (masters among nodes that hear each other).
    EXPECT_EQ(r.failures[0].taken_over, 1u);
    EXPECT_GE(last_became(s, r, "b", State::Master), 10 * kSec);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    // After the heal the first advert across (within one interval) resolves it.
    EXPECT_GT(r.split_brain_total, 0);
    EXPECT_LE(r.split_brain_total, kSec + 1000);
    EXPECT_LE(last_became(s, r, "b", State::Backup) - 30 * kSec, kSec + 1000);
}

TEST(Scenario, ThirtyPercentLossStillConverges) {
    auto s = make({"a:prio=100", "b:prio=90"}, {{"loss", "0.3"}, {"seed", "7"}}, {}, 600 * kSec);
    auto r = havip::sim::run(s);
    const double lost = double(r.lost) / double(r.sent);
    EXPECT_NEAR(lost, 0.3, 0.03);
    // Three adverts lost in a row (p = 2.7 %) let b step up until a's next
    // advert gets through: short episodes, a small fraction of the time.
    EXPECT_LT(r.split_brain_total, 600 * kSec / 20);
    EXPECT_LT(r.split_brain_max_episode, 10 * kSec);
    EXPECT_GE(r.split_brain_episodes, 1u);
}

TEST(Scenario, FlappingLinkSettlesOnTheHigherPriorityNode) {
    std::vector<std::string> ev;
    for (int t = 10; t < 30; t += 2) {
        ev.push_back("link-down:a@" + std::to_string(t) + "s");
        ev.push_back("link-up:a@" + std::to_string(t + 1) + "s");
    }
    havip::sim::Setup s = make({"a:prio=100", "b:prio=90"}, {}, {}, 60 * kSec);
    for (const auto& e : ev) {
        havip::sim::EventSpec spec;
        ASSERT_EQ(havip::sim::parse_event(e, spec), "");
        s.events.push_back(spec);
    }
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_LE(r.split_brain_max_whole, master_down_interval(2, 90, kSec));
}

TEST(Scenario, GuideStandingModeReturnsToTheOldMaster) {
    // The guide's standing master: MASTER 50 / BACKUP 30 with preemption.
    // Killed, it left its VIP on the host: restarted, it finds it and resumes
    // as master at once, as havipd does (the simulator runs havipd's executor).
    auto s = make({"a:prio=50,state=master", "b:prio=30"}, {}, {"kill:a@10s", "start:a@20s"}, 40 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_EQ(last_became(s, r, "a", State::Master), 20 * kSec);
    // Stopped, it removed its VIP: restarted, it is a backup until the
    // master-down interval shows that it may preempt.
    auto s2 = make({"a:prio=50,state=master", "b:prio=30"}, {}, {"stop:a@10s", "start:a@20s"}, 40 * kSec);
    auto r2 = havip::sim::run(s2);
    EXPECT_EQ(masters(s2, r2), std::vector<std::string>{"a"});
    EXPECT_EQ(last_became(s2, r2, "a", State::Master), 20 * kSec + master_down_interval(2, 50, kSec));
}

TEST(Scenario, GuideNonStandingModeStaysOnTheNewMaster) {
    // The guide's recommended mode: both BACKUP, equal priority, nopreempt.
    auto s = make({"a:prio=100,nopreempt", "b:prio=100,nopreempt"}, {}, {"kill:a@10s", "start:a@20s"}, 60 * kSec);
    auto r = havip::sim::run(s);
    // a's address is lower (192.0.2.1 < .2): b wins the first election's tie.
    EXPECT_EQ(last_became(s, r, "b", State::Master), master_down_interval(2, 100, kSec));
    // Nothing to take over when the backup dies; kill the master instead.
    auto s2 = make({"a:prio=100,nopreempt", "b:prio=100,nopreempt"}, {}, {"kill:b@10s", "start:b@20s"}, 60 * kSec);
    auto r2 = havip::sim::run(s2);
    EXPECT_EQ(r2.failures[0].taken_over, 1u);
    EXPECT_EQ(masters(s2, r2), std::vector<std::string>{"a"});  // b came back and stayed backup
    EXPECT_EQ(last_became(s2, r2, "b", State::Backup), 20 * kSec);
}

TEST(Scenario, NopreemptHigherPriorityNodeDoesNotTakeBack) {
    auto s = make({"a:prio=100,nopreempt", "b:prio=90"}, {}, {"kill:a@10s", "start:a@20s"}, 60 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"b"});
}

TEST(Scenario, PreemptDelayPostponesTheReturn) {
    auto s = make({"a:prio=100,preempt_delay=5s", "b:prio=90"}, {}, {"kill:a@20s", "start:a@30s"}, 60 * kSec);
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    // keepalived: the advert timeout, then preempt_delay.
    EXPECT_EQ(last_became(s, r, "a", State::Master), 30 * kSec + master_down_interval(2, 100, kSec) + 5 * kSec);
}

TEST(Scenario, TrackWeightFlipsTheElection) {
    auto s =
        make({"a:prio=100,track=chk:-20", "b:prio=90"}, {}, {"track-down:a:chk@10s", "track-up:a:chk@30s"}, 60 * kSec);
    auto r = havip::sim::run(s);
    // a drops to 80: b stops accepting its adverts; its down timer runs from the
    // last accepted one (a's advert of 9.609375 s, received 1 ms later).
    const usec last_rx = master_down_interval(2, 100, kSec) + 6 * kSec + 1000;
    EXPECT_EQ(r.failures[0].min, last_rx + master_down_interval(2, 90, kSec) - 10 * kSec);
    // Back up at 30 s: a preempts again.
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_GT(last_became(s, r, "a", State::Master), 30 * kSec);
}

TEST(Scenario, ConfigDriftInTheVipListMeansTwoMasters) {
    havip::sim::Setup s = make({"a:prio=100", "b:prio=90"}, {}, {}, 30 * kSec);
    s.nodes[1].instances[0].vips.push_back(*havip::vrrp::IpAddress::parse("192.0.2.101"));
    auto r = havip::sim::run(s);
    // keepalived drops adverts whose address list differs: both become master.
    EXPECT_EQ(r.end_cluster0[0].masters.size(), 2u);
    EXPECT_GT(r.dropped[std::size_t(havip::vrrp::DropReason::AddrCountMismatch)], 0u);
    EXPECT_GT(r.split_brain_total, 20 * kSec);
}

TEST(Scenario, WrongPasswordIsDroppedAndCounted) {
    havip::sim::Setup s = make({"a:prio=100", "b:prio=90"}, {{"auth", "secret"}}, {}, 20 * kSec);
    s.nodes[1].instances[0].set_auth_pass("other");
    auto r = havip::sim::run(s);
    EXPECT_GT(r.dropped[std::size_t(havip::vrrp::DropReason::AuthPassMismatch)], 0u);
    EXPECT_EQ(r.accepted, 0u);
}

TEST(Scenario, Ipv6MulticastV3ThreeNodes) {
    auto s = make({"a:prio=100", "b:prio=120", "c:prio=90"},
                  {{"vip", "2001:db8::100"}, {"multicast", ""}, {"advert", "500ms"}}, {"kill:b@10s"}, 30 * kSec);
    ASSERT_EQ(s.nodes[0].instances[0].version, 3);
    auto r = havip::sim::run(s);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
    EXPECT_EQ(r.failures[0].taken_over, 1u);
    EXPECT_EQ(r.split_brain_total, 0);
}

TEST(Scenario, ReplicatedClustersBehaveAlike) {
    auto s = make({"a:prio=100", "b:prio=90"}, {{"clusters", "50"}}, {"kill:a@10s"}, 30 * kSec);
    s.record_transitions = false;
    auto r = havip::sim::run(s);
    EXPECT_EQ(r.failures[0].needed, 50u);
    EXPECT_EQ(r.failures[0].taken_over, 50u);
    EXPECT_EQ(r.failures[0].min, r.failures[0].max);
    EXPECT_EQ(r.groups_one_master, 50u);
}
