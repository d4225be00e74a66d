// SPDX-License-Identifier: MIT
// The executor on fake hosts (sys/fake_host.hpp): what havipd does on the
// wire, to addresses, scripts and files, for each thing that can happen to a
// node — without root, sockets or real time.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;

namespace {

InstanceSpec instance(const char* self, const char* peer, int prio, const char* vip = "10.0.0.100") {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.version = 2;
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = vip4(self);
    if (peer) s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4(vip)};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4(vip), 32, "", "", false}};
    return s;
}

NodeConfig node_config(const char* name, InstanceSpec in) {
    NodeConfig c;
    c.name = name;
    c.instances.push_back(std::move(in));
    return c;
}

/// Two nodes, A (10.0.0.1) and B (10.0.0.2), on one fake segment.
struct Pair {
    sys::FakeNet net;
    Node a{"a", "10.0.0.1", 1}, b{"b", "10.0.0.2", 2};
    Pair() {
        net.add(a.host);
        net.add(b.host);
    }
    void make(int prio_a, int prio_b) {
        ASSERT_TRUE(a.make(node_config("a", instance("10.0.0.1", "10.0.0.2", prio_a))));
        ASSERT_TRUE(b.make(node_config("b", instance("10.0.0.2", "10.0.0.1", prio_b))));
        a.start();
        b.start();
    }
};

}  // namespace

TEST(Executor, AloneItBecomesMasterAfterTheDownTimerAndAnnounces) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.notify_master.argv = {"/etc/havip/master.sh"};
    in.notify.argv = {"/etc/havip/notify.sh"};
    ASSERT_TRUE(n.make(node_config("a", in)));
    n.start();
    EXPECT_EQ(n.state(), vrrp::State::Backup);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    // Master-down interval: 3 x 1 s + skew (256 - 100) / 256 s.
    const std::int64_t t = n.when("master");
    EXPECT_EQ(t, 3 * kS + 609'375'000);

    EXPECT_TRUE(n.host.has_address(n.eth, ip("10.0.0.100")));
    EXPECT_EQ(n.adverts_between(0, t), 0u);  // a backup is silent
    EXPECT_EQ(n.adverts_between(t, t + 1), 1u);
    EXPECT_EQ(n.last_priority(), 100);
    // garp_master_repeat 5 at once, the garp_master_delay repeat 5 s later.
    EXPECT_EQ(n.frames_between(t, t + 1), 5u);
    n.host.advance_to(t + 6 * kS);
    EXPECT_EQ(n.frames_between(t + 5 * kS, t + 5 * kS + 1), 5u);
    EXPECT_EQ(n.adverts_between(t + 1, t + 6 * kS + 1), 6u);  // one per second
    EXPECT_EQ(n.host.file_content["/run/havipd/VI_1.state"], "MASTER\n");
    // The generic notify at BACKUP, then MASTER's own script and the generic one.
    ASSERT_EQ(n.host.scripts.size(), 3u);
    EXPECT_EQ(n.host.scripts[0].argv,
              (std::vector<std::string>{"/etc/havip/notify.sh", "INSTANCE", "VI_1", "BACKUP", "100"}));
    EXPECT_EQ(n.host.scripts[1].argv, (std::vector<std::string>{"/etc/havip/master.sh"}));
    EXPECT_EQ(n.host.scripts[1].t, t);
    EXPECT_EQ(n.host.scripts[2].argv,
              (std::vector<std::string>{"/etc/havip/notify.sh", "INSTANCE", "VI_1", "MASTER", "100"}));
    EXPECT_GE(n.host.scripts[2].t, n.host.scripts[1].ended);  // one instance's notifies in order
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(Executor, ThePairElectsTheHigherPriorityAndTheBackupStaysSilent) {
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    EXPECT_EQ(p.a.state(), vrrp::State::Master);
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
    EXPECT_TRUE(p.a.host.has_address(ip("10.0.0.100")));
    EXPECT_FALSE(p.b.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(p.b.host.adverts.size(), 0u);
    EXPECT_EQ(p.b.host.count_log("transition"), 1u);  // Init -> Backup only
    EXPECT_EQ(p.b.host.file_content["/run/havipd/VI_1.state"], "BACKUP\n");
}

TEST(Executor, AKilledMasterIsReplacedWithinTheMasterDownInterval) {
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    ASSERT_EQ(p.a.state(), vrrp::State::Master);
    const std::int64_t last = p.a.host.adverts.back().t;
    p.a.host.crash();  // kill -9: no priority-0 advert, the VIP stays where it was
    p.net.run_until(20 * kS);
    const std::int64_t took = p.b.when("master");
    ASSERT_GT(took, 0);
    // From the last advert heard (sent + 0.1 ms on the wire): 3 x 1 s + skew 0.609 s.
    EXPECT_EQ(took - last, 100'000 + 3 * kS + 609'375'000);
    EXPECT_TRUE(p.b.host.has_address(ip("10.0.0.100")));
    EXPECT_TRUE(p.a.host.has_address(ip("10.0.0.100")));  // a dead host keeps what it had
}

TEST(Executor, AGracefulStopResignsWithPriorityZeroAndLeavesNoVip) {
    Pair p;
    InstanceSpec ia = instance("10.0.0.1", "10.0.0.2", 150);
    ia.notify_stop.argv = {"/etc/havip/stop.sh"};
    ASSERT_TRUE(p.a.make(node_config("a", ia)));
    ASSERT_TRUE(p.b.make(node_config("b", instance("10.0.0.2", "10.0.0.1", 100))));
    p.a.start();
    p.b.start();
    p.net.run_until(10 * kS);
    ASSERT_EQ(p.a.state(), vrrp::State::Master);
    const std::int64_t t0 = p.net.now();
    p.a.ex->begin_stop();
    while (p.a.ex->flush_tail()) {
    }
    EXPECT_EQ(p.a.last_priority(), 0);
    EXPECT_FALSE(p.a.host.has_address(ip("10.0.0.100")));
    EXPECT_FALSE(p.a.stopped);  // notify_stop still running
    p.net.run_until(t0 + 2 * kS);
    EXPECT_TRUE(p.a.stopped);
    ASSERT_EQ(p.a.host.scripts.size(), 1u);
    EXPECT_EQ(p.a.host.scripts[0].argv[0], "/etc/havip/stop.sh");
    EXPECT_EQ(p.a.host.file_content["/run/havipd/VI_1.state"], "STOP\n");
    // The peer takes over after the skew time only (priority 0 seen).
    const std::int64_t took = p.b.when("master");
    EXPECT_GT(took, t0);
    EXPECT_LE(took - t0, 700 * kMs);
}

TEST(Executor, AGracefulStopEndsAHangingNotifyStopAtItsDeadline) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", nullptr, 100);
    in.notify_stop.argv = {"/etc/havip/hang.sh"};
    n.host.script_outcome("/etc/havip/hang.sh", {0, 0, true});
    exec::Options o;
    o.stop_timeout_ns = 3 * kS;
    ASSERT_TRUE(n.make(node_config("a", in), o));
    n.start();
    n.host.advance_to(5 * kS);
    n.ex->begin_stop();
    n.host.advance_to(5 * kS + 2 * kS);
    EXPECT_FALSE(n.stopped);
    n.host.advance_to(5 * kS + 4 * kS);
    EXPECT_TRUE(n.stopped);
    EXPECT_GE(n.host.scripts.at(0).ended, 8 * kS);
    EXPECT_LE(n.host.scripts.at(0).ended, 8 * kS + 10 * kMs);
}

TEST(Executor, ARestartThatFindsItsVipsResumesAsMasterAtOnce) {
    Node n("a", "10.0.0.1", 1);
    n.host.add_address(n.eth, ip("10.0.0.100"), 32);  // left by a killed run
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
    n.start();
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("resume"), 1u);
    EXPECT_EQ(n.adverts_between(0, 1), 1u);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
}

TEST(Executor, StaleVipsAreRemovedWhenTheInstanceMayNotResume) {
    Node n("a", "10.0.0.1", 1);
    n.host.add_address(n.eth, ip("10.0.0.100"), 32);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.vrrp.nopreempt = true;
    ASSERT_TRUE(n.make(node_config("a", in)));
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));  // gone before anything starts
    EXPECT_EQ(n.host.count_log("stale_vip_removed"), 1u);
    n.start();
    EXPECT_EQ(n.state(), vrrp::State::Backup);
}

TEST(Executor, StartupDelayHoldsEveryInstance) {
    Node n("a", "10.0.0.1", 1);
    NodeConfig c = node_config("a", instance("10.0.0.1", "10.0.0.2", 100));
    c.startup_delay_ms = 5000;
    ASSERT_TRUE(n.make(std::move(c)));
    n.start();
    n.host.advance_to(4999 * kMs);
    EXPECT_EQ(n.host.count_log("transition"), 0u);
    EXPECT_EQ(n.state(), vrrp::State::Init);
    n.host.advance_to(12 * kS);
    EXPECT_EQ(n.when("backup"), 5 * kS);
    EXPECT_EQ(n.when("master"), 5 * kS + 3 * kS + 609'375'000);
}

TEST(Executor, ReloadChangesPriorityInPlaceAndKeepsTheMaster) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    const std::size_t transitions = n.host.count_log("transition");
    ASSERT_TRUE(n.ex->reload(node_config("a", instance("10.0.0.1", "10.0.0.2", 120))));
    n.host.advance_to(7 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("transition"), transitions);
    EXPECT_EQ(n.host.count_log("instance_updated"), 1u);
    EXPECT_EQ(n.last_priority(), 120);
}

TEST(Executor, AFailedReloadKeepsTheRunningPlan) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.advance_to(5 * kS);
    InstanceSpec bad = instance("10.0.0.1", "10.0.0.2", 100);
    bad.interface = "eth9";
    sys::Status st = n.ex->reload(node_config("a", bad));
    ASSERT_FALSE(st);
    EXPECT_NE(st.message().find("eth9"), std::string::npos);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
    ASSERT_EQ(n.ex->instance_count(), 1u);
    const auto tx = n.ex->instances().at(0).tx;
    n.host.advance_to(8 * kS);
    EXPECT_GT(n.ex->instances().at(0).tx, tx);  // still advertising, from eth0's address
    EXPECT_EQ(n.state(), vrrp::State::Master);
}

// The running instance keeps no copy of its plan: reload compares the plan's
// view rebuilt from the running spec, so an advert source found on the
// interface is not taken for a change.
TEST(Executor, ReloadOfTheSamePlanKeepsAnInstanceWhoseSourceWasFound) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec s = instance("10.0.0.1", "10.0.0.2", 100);
    s.vrrp.source = vrrp::IpAddress::unspecified(vrrp::Family::V4);
    ASSERT_TRUE(n.make(node_config("a", s)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    ASSERT_TRUE(n.ex->reload(node_config("a", s)));
    ASSERT_EQ(n.host.count_log("reloaded"), 1u);
    EXPECT_NE(n.host.logs.back().fields.find("kept=1 updated=0 restarted=0"), std::string::npos)
        << n.host.logs.back().fields;
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.ex->config().instances.empty());  // each instance holds its own spec
}

TEST(Executor, ReloadMovesTheVipSetInPlaceAndTheMasterStays) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    const std::size_t transitions = n.host.count_log("transition");
    const std::size_t frames = n.host.frames.size();
    // 10.0.0.100 stays, 10.0.0.200 comes.
    InstanceSpec next = instance("10.0.0.1", "10.0.0.2", 100);
    next.vrrp.vips.push_back(vip4("10.0.0.200"));
    next.vips.push_back({vip4("10.0.0.200"), 32, "", "", false});
    ASSERT_TRUE(n.ex->reload(node_config("a", next)));
    while (n.ex->flush_tail()) {
    }
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("transition"), transitions);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.200")));
    EXPECT_EQ(n.host.count_log("vips_removed"), 0u);  // the unchanged VIP was never touched
    EXPECT_EQ(n.host.frames.size(), frames + 2 * 5);  // both VIPs announced, garp_master_repeat 5
    EXPECT_EQ(n.host.count_log("rollout_started"), 1u);
    // The next advert carries both.
    n.host.advance_to(7 * kS);
    auto r = vrrp::parse(std::as_bytes(std::span(n.host.adverts.back().msg)), vrrp::Family::V4);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.advert.count, 2u);
    // Then a label on 10.0.0.100 and 10.0.0.200 gone: one removed and re-added, one removed.
    InstanceSpec third = instance("10.0.0.1", "10.0.0.2", 100);
    third.vips[0].label = "eth0:vip";
    ASSERT_TRUE(n.ex->reload(node_config("a", third)));
    while (n.ex->flush_tail()) {
    }
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.200")));
    const auto& a = n.host.address_list();
    auto it = std::find_if(a.begin(), a.end(), [](const sys::AddrEntry& e) { return e.addr == ip("10.0.0.100"); });
    ASSERT_NE(it, a.end());
    EXPECT_EQ(it->label, "eth0:vip");
}

// A VIP's scope is the address's scope in the kernel (IPv4; keepalived sets
// it the same way), and a reload that changes only the scope moves that VIP.
TEST(Executor, AVipKeepsItsScopeAndAReloadMovesAChangedOne) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec s = instance("10.0.0.1", "10.0.0.2", 100);
    s.vips[0].scope = 253;  // link
    ASSERT_TRUE(n.make(node_config("a", s)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    auto scope_of = [&n](const char* addr) {
        const auto& a = n.host.address_list();
        auto it = std::find_if(a.begin(), a.end(), [addr](const sys::AddrEntry& e) { return e.addr == ip(addr); });
        return it == a.end() ? -1 : it->scope;
    };
    EXPECT_EQ(scope_of("10.0.0.100"), 253);
    const std::size_t transitions = n.host.count_log("transition");
    s.vips[0].scope = 254;  // host
    ASSERT_TRUE(n.ex->reload(node_config("a", s)));
    while (n.ex->flush_tail()) {
    }
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(scope_of("10.0.0.100"), 254);
    EXPECT_EQ(n.host.count_log("transition"), transitions);  // moved in place
}

TEST(Executor, ABackupTakesTheNewVipSetWithoutTouchingAddresses) {
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    InstanceSpec next = instance("10.0.0.2", "10.0.0.1", 100, "10.0.0.200");
    ASSERT_TRUE(p.b.ex->reload(node_config("b", next)));
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
    EXPECT_FALSE(p.b.host.has_address(ip("10.0.0.200")));
    EXPECT_EQ(p.b.host.count_log("rollout_started"), 1u);
    // Its peer still sends the old set: accepted during the rollout, so B stays
    // backup well past the master-down interval (3.6 s) instead of taking over.
    p.net.run_until(30 * kS);
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
    EXPECT_EQ(p.b.host.count_log("advert_previous_plan"), 1u);
    exec::metrics::Node m;
    p.b.ex->fill_metrics(m);
    EXPECT_EQ((*m.instances[0].drops)[std::size_t(vrrp::DropReason::AddrListMismatch)], 0u);
    ASSERT_TRUE(p.a.ex->reload(node_config("a", instance("10.0.0.1", "10.0.0.2", 150, "10.0.0.200"))));
    p.net.run_until(40 * kS);
    EXPECT_EQ(p.a.state(), vrrp::State::Master);
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
    EXPECT_TRUE(p.a.host.has_address(ip("10.0.0.200")));
    EXPECT_FALSE(p.a.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(p.b.host.count_log("rollout_complete"), 1u);  // A's first advert with the new set ends it
    EXPECT_EQ(p.b.host.count_log("transition"), 1u);        // Init -> Backup, nothing since
    EXPECT_EQ(p.a.host.count_log("transition"), 2u);        // Init -> Backup -> Master
}

TEST(Executor, TheRolloutGraceEndsAndThePeersOldVipSetIsDroppedAgain) {
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    ASSERT_TRUE(p.b.ex->reload(node_config("b", instance("10.0.0.2", "10.0.0.1", 100, "10.0.0.200"))));
    const std::int64_t reloaded = 10 * kS;
    // A never reloads: after the grace, its adverts are dropped as keepalived
    // drops them, and B becomes master one master-down interval later.
    p.net.run_until(reloaded + 320 * kS);
    EXPECT_EQ(p.b.state(), vrrp::State::Master);
    const std::int64_t t = p.b.when("master");
    EXPECT_GE(t, reloaded + 300 * kS + 3 * kS);
    EXPECT_LE(t, reloaded + 300 * kS + 5 * kS);
    EXPECT_EQ(p.b.host.count_log("rollout_expired"), 1u);
    exec::metrics::Node m;
    p.b.ex->fill_metrics(m);
    EXPECT_GT((*m.instances[0].drops)[std::size_t(vrrp::DropReason::AddrListMismatch)], 0u);
}

TEST(Executor, AMasterThatReloadsFirstIsDroppedByItsPeer) {
    // The order matters: the node that has not reloaded knows nothing of the
    // new set and drops it (keepalived's rule), so reloading the master first
    // makes the backup a second master until it reloads too.
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    ASSERT_TRUE(p.a.ex->reload(node_config("a", instance("10.0.0.1", "10.0.0.2", 150, "10.0.0.200"))));
    EXPECT_EQ(p.a.host.count_log("rollout_started"), 1u);
    p.net.run_until(15 * kS);
    EXPECT_EQ(p.b.state(), vrrp::State::Master);
    // B reloads: the set now agrees; A's adverts (priority 150) win again.
    ASSERT_TRUE(p.b.ex->reload(node_config("b", instance("10.0.0.2", "10.0.0.1", 100, "10.0.0.200"))));
    p.net.run_until(20 * kS);
    EXPECT_EQ(p.a.state(), vrrp::State::Master);
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
}

TEST(Executor, LinkDownIsAFaultWithoutAnErrorLine) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    n.host.set_link("eth0", false, false);
    EXPECT_EQ(n.state(), vrrp::State::Fault);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
    n.host.advance_to(8 * kS);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);  // the priority-0 advert could not leave: expected
    n.host.set_link("eth0", true, true);
    n.host.advance_to(13 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
}

TEST(Executor, AFailingTrackedScriptTakesTheInstanceToFault) {
    Node n("a", "10.0.0.1", 1);
    NodeConfig c = node_config("a", instance("10.0.0.1", "10.0.0.2", 100));
    c.instances[0].vrrp.tracks = {{"chk", 0, false, true}};
    c.instances[0].tracks = {{TrackSpec::Kind::Script, "chk"}};
    havip::daemon::ScriptSpec s;
    s.name = "chk";
    s.cmd.argv = {"/etc/havip/chk.sh"};
    s.interval_ms = 1000;
    s.fall = 2;
    s.rise = 1;
    c.scripts.push_back(s);
    ASSERT_TRUE(n.make(std::move(c)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    n.host.script_outcome("/etc/havip/chk.sh", {1, kMs, false});
    n.host.advance_to(8 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Fault);
    EXPECT_EQ(n.host.count_log("track_script"), 1u);
    n.host.script_outcome("/etc/havip/chk.sh", {0, kMs, false});
    n.host.advance_to(14 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
}

TEST(Executor, AScriptOthersCanWriteIsRefused) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.notify_master.argv = {"/tmp/evil.sh"};
    n.host.refuse_file("/tmp/evil.sh");
    sys::Status st = n.make(node_config("a", in));
    ASSERT_FALSE(st);
    EXPECT_NE(st.message().find("notify script refused"), std::string::npos);
}

TEST(Executor, ANotifyForAnUnknownUserNeverRunsAsRoot) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.notify_master = {{"/etc/havip/master.sh"}, {"nobody", ""}};
    ASSERT_TRUE(n.make(node_config("a", in)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.host.scripts.empty());
    EXPECT_EQ(n.host.count_log("script_user_unknown"), 1u);
}

TEST(Executor, ANotifyRunsAsItsUser) {
    Node n("a", "10.0.0.1", 1);
    n.host.add_user("havip", 990, 990);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.notify_master = {{"/etc/havip/master.sh"}, {"havip", ""}};
    ASSERT_TRUE(n.make(node_config("a", in)));
    EXPECT_TRUE(n.ex->runs_as_other_user());
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.host.scripts.size(), 1u);
    EXPECT_TRUE(n.host.scripts[0].as_user);
}

TEST(Executor, UseVmacCreatesTheMacvlanAndRemovesItAtTheEnd) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.use_vmac = true;
    ASSERT_TRUE(n.make(node_config("a", in)));
    auto v = n.host.link(std::string_view("vrrp.51"));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind, "macvlan");
    EXPECT_EQ(v->mac, sys::MacAddr::vrrp(51, 4));
    n.start();
    n.host.advance_to(5 * kS);
    EXPECT_TRUE(n.host.has_address(v->ifindex, ip("10.0.0.100")));
    n.ex.reset();
    EXPECT_FALSE(n.host.link(std::string_view("vrrp.51")));
}

TEST(Executor, MulticastInstancesJoinTheGroupAndLeaveIt) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", nullptr, 100))));
    EXPECT_EQ(n.host.groups.count({4, n.eth}), 1u);
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_FALSE(n.host.adverts.empty());
    EXPECT_EQ(n.host.adverts.back().dst, ip("224.0.0.18"));
    n.ex.reset();
    EXPECT_TRUE(n.host.groups.empty());
}

TEST(Executor, AnAdvertForNoInstanceIsCountedNotFollowed) {
    Pair p;
    ASSERT_TRUE(p.a.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    InstanceSpec other = instance("10.0.0.2", "10.0.0.1", 200);
    other.vrrp.vrid = 52;
    ASSERT_TRUE(p.b.make(node_config("b", other)));
    p.a.start();
    p.b.start();
    p.net.run_until(10 * kS);
    EXPECT_EQ(p.a.state(), vrrp::State::Master);  // VRID 52's adverts are not for it
    EXPECT_NE(p.a.ex->stats_text().find("unmatched drop_vrid_mismatch="), std::string::npos) << p.a.ex->stats_text();
}

TEST(Executor, TheLowerPriorityAnswerDoesNotCancelTheMasterDelayRepeat) {
    // Both nodes master in the same moment (a partition heals): the one that
    // stays master answers the lower priority and still repeats its GARPs at
    // garp_master_delay.
    Pair p;
    p.net.drop_if([](const sys::FakeHost&, const sys::FakeHost&, const sys::FakeHost::Advert&) { return true; });
    p.make(150, 100);
    p.net.run_until(3 * kS + 700 * kMs);  // both masters by now
    ASSERT_EQ(p.a.state(), vrrp::State::Master);
    ASSERT_EQ(p.b.state(), vrrp::State::Master);
    const std::int64_t ta = p.a.when("master");
    p.net.drop_if({});
    p.net.run_until(ta + 6 * kS);
    EXPECT_EQ(p.b.state(), vrrp::State::Backup);
    EXPECT_FALSE(p.b.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(p.a.frames_between(ta + 5 * kS, ta + 5 * kS + 1), 5u);  // the master-delay repeat
}

TEST(Executor, AVipTheKernelRefusesIsAnErrorLineAndTheInstanceCarriesOn) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.fail_address_changes(EPERM);
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("vip_add_failed"), 1u);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
}

TEST(Executor, MetricsAndStatsShowWhatHappened) {
    Pair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    exec::metrics::Node m;
    p.a.ex->fill_metrics(m);
    ASSERT_EQ(m.instances.size(), 1u);
    EXPECT_EQ(m.node, "a");
    EXPECT_EQ(m.instances[0].state, vrrp::State::Master);
    EXPECT_EQ(m.instances[0].counters.become_master, 1u);
    EXPECT_EQ(m.instances[0].counters.garp_sent, 10u);
    EXPECT_EQ(m.instances[0].vips_held, 1u);
    EXPECT_GT(m.instances[0].adverts_sent, 5u);
    exec::metrics::Node mb;
    p.b.ex->fill_metrics(mb);
    EXPECT_GT(mb.instances[0].adverts_received, 5u);
    EXPECT_NE(p.b.ex->stats_text().find("instance=VI_1 state=backup priority=100"), std::string::npos);
}
