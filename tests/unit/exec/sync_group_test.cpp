// SPDX-License-Identifier: MIT
// vrrp_sync_group on fake hosts: two instances on two links move together
// (keepalived's rules, vrrp/sync.hpp), exact times on the virtual clock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;

namespace {

using Argv = std::vector<std::string>;

InstanceSpec member(const char* name, const char* dev, int vrid, const char* self, const char* peer, int prio,
                    const char* vip) {
    InstanceSpec s;
    s.vrrp.name = name;
    s.vrrp.vrid = static_cast<std::uint8_t>(vrid);
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.source = vip4(self);
    s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4(vip)};
    s.vrrp.sync_group = true;
    s.interface = dev;
    s.vips = {VipSpec{vip4(vip), 32, "", "", false}};
    return s;
}

/// VI_1 on eth0 (10.0.0.x, VIP .100) and VI_2 on eth1 (10.0.1.x, VIP .100) in group G.
NodeConfig grouped(const char* name, int last, int peer_last, int prio) {
    const std::string s0 = "10.0.0." + std::to_string(last), p0 = "10.0.0." + std::to_string(peer_last);
    const std::string s1 = "10.0.1." + std::to_string(last), p1 = "10.0.1." + std::to_string(peer_last);
    NodeConfig c;
    c.name = name;
    c.instances.push_back(member("VI_1", "eth0", 51, s0.c_str(), p0.c_str(), prio, "10.0.0.100"));
    c.instances.push_back(member("VI_2", "eth1", 52, s1.c_str(), p1.c_str(), prio, "10.0.1.100"));
    daemon::SyncGroupSpec g;
    g.name = "G";
    g.members = {"VI_1", "VI_2"};
    c.sync_groups.push_back(g);
    return c;
}

/// A node with eth0 and eth1.
struct TwoLinkNode : Node {
    int eth1 = 0;
    TwoLinkNode(const char* name, int last)
        : Node(name, ("10.0.0." + std::to_string(last)).c_str(), std::uint8_t(last)) {
        eth1 = host.add_link("eth1", sys::MacAddr{{0x02, 0, 0, 0, 1, std::uint8_t(last)}});
        host.add_address(eth1, ip(("10.0.1." + std::to_string(last)).c_str()), 24);
    }
    vrrp::State state_of(std::size_t i) const { return ex->instances().at(i).state; }
    bool holds(const char* vip) const { return host.has_address(ip(vip)); }
    /// Time of instance `inst`'s first transition to `to` at or after `after`, or -1.
    std::int64_t when_inst(const char* inst, const char* to, std::int64_t after = 0) const {
        for (const auto& l : host.logs)
            if (l.event == "transition" && l.t >= after &&
                l.fields.find(std::string("instance=") + inst) != std::string::npos &&
                l.fields.find(std::string("to=") + to) != std::string::npos)
                return l.t;
        return -1;
    }
    std::int64_t last_advert_on(int ifindex, std::int64_t before) const {
        std::int64_t t = -1;
        for (const auto& a : host.adverts)
            if (a.ifindex == ifindex && a.t < before) t = a.t;
        return t;
    }
};

struct GroupPair {
    sys::FakeNet net;
    TwoLinkNode a{"a", 1}, b{"b", 2};
    GroupPair() {
        net.add(a.host);
        net.add(b.host);
    }
    void make(int prio_a, int prio_b) {
        ASSERT_TRUE(a.make(grouped("a", 1, 2, prio_a)));
        ASSERT_TRUE(b.make(grouped("b", 2, 1, prio_b)));
        a.start();
        b.start();
    }
};

constexpr std::int64_t kUs = 1'000;
// Master-down interval: 3 x 1 s + (256 - prio) / 256 s.
constexpr std::int64_t kDown150 = 3 * kS + 414'062'000;  // the core counts whole µs
constexpr std::int64_t kDown100 = 3 * kS + 609'375'000;
constexpr std::int64_t kSkew100 = 609'375'000;
constexpr std::int64_t kWire = 100 * kUs;  // FakeNet's delay

}  // namespace

TEST(SyncGroup, BothMembersBecomeMasterTogetherAndTheOtherNodeStaysBackup) {
    GroupPair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    EXPECT_EQ(p.a.state_of(0), vrrp::State::Master);
    EXPECT_EQ(p.a.state_of(1), vrrp::State::Master);
    EXPECT_EQ(p.b.state_of(0), vrrp::State::Backup);
    EXPECT_EQ(p.b.state_of(1), vrrp::State::Backup);
    EXPECT_EQ(p.a.when_inst("VI_1", "master"), kDown150);
    EXPECT_EQ(p.a.when_inst("VI_2", "master"), kDown150);
    EXPECT_TRUE(p.a.holds("10.0.0.100"));
    EXPECT_TRUE(p.a.holds("10.0.1.100"));
    EXPECT_FALSE(p.b.holds("10.0.0.100"));
    EXPECT_FALSE(p.b.holds("10.0.1.100"));
    EXPECT_EQ(p.a.host.count_log("group_transition"), 2u);  // init -> backup -> master
    EXPECT_EQ(p.b.host.count_log("group_transition"), 1u);  // init -> backup
    // What the metrics (and `havipd status`) show of the group.
    exec::metrics::Node m;
    p.a.ex->fill_metrics(m);
    ASSERT_EQ(m.groups.size(), 1u);
    EXPECT_EQ(m.groups[0].name, "G");
    EXPECT_EQ(m.groups[0].state, vrrp::State::Master);
    EXPECT_EQ(m.groups[0].transitions, 2u);
    EXPECT_EQ(m.groups[0].last_transition_unix_ms, p.a.host.unix_ms() - 10 * kS / 1'000'000 + kDown150 / 1'000'000);
    EXPECT_EQ(m.groups[0].members, (std::vector<std::string_view>{"VI_1", "VI_2"}));
}

TEST(SyncGroup, OneMembersLinkDownFaultsBothAndTheVipsMoveTogetherAndBack) {
    GroupPair p;
    p.make(150, 100);
    p.net.run_until(10 * kS);
    ASSERT_EQ(p.a.state_of(0), vrrp::State::Master);
    const std::int64_t t0 = p.net.now();
    const std::int64_t last_vi2 = p.a.last_advert_on(p.a.eth1, t0);
    p.a.host.set_link("eth1", false, false);
    // VI_2 is in FAULT on its own link, VI_1 follows its group: priority 0, VIPs gone.
    EXPECT_EQ(p.a.state_of(0), vrrp::State::Fault);
    EXPECT_EQ(p.a.state_of(1), vrrp::State::Fault);
    EXPECT_FALSE(p.a.holds("10.0.0.100"));
    EXPECT_FALSE(p.a.holds("10.0.1.100"));
    EXPECT_EQ(p.a.last_priority(), 0);
    EXPECT_EQ(p.a.host.adverts.back().ifindex, p.a.eth);
    p.net.run_until(t0 + 6 * kS);
    // B: VI_1 wants MASTER a skew after the priority 0, VI_2 only when its
    // master-down interval runs out; the group takes both then, together.
    const std::int64_t both = last_vi2 + kWire + kDown100;
    EXPECT_GT(both, t0 + kWire + kSkew100);
    EXPECT_EQ(p.b.when_inst("VI_1", "master"), both);
    EXPECT_EQ(p.b.when_inst("VI_2", "master"), both);
    EXPECT_TRUE(p.b.holds("10.0.0.100"));
    EXPECT_TRUE(p.b.holds("10.0.1.100"));
    EXPECT_EQ(p.a.host.count_level(sys::Level::error), 0u);

    // The link back: A's group leaves FAULT for BACKUP, then (priority 150,
    // preempting) takes both back after its master-down interval.
    const std::int64_t t1 = p.net.now();
    p.a.host.set_link("eth1", true, true);
    EXPECT_EQ(p.a.state_of(0), vrrp::State::Backup);
    EXPECT_EQ(p.a.state_of(1), vrrp::State::Backup);
    p.net.run_until(t1 + 6 * kS);
    EXPECT_EQ(p.a.when_inst("VI_1", "master", t1), t1 + kDown150);
    EXPECT_EQ(p.a.when_inst("VI_2", "master", t1), t1 + kDown150);
    EXPECT_EQ(p.b.state_of(0), vrrp::State::Backup);
    EXPECT_EQ(p.b.state_of(1), vrrp::State::Backup);
    EXPECT_TRUE(p.a.holds("10.0.0.100") && p.a.holds("10.0.1.100"));
    EXPECT_FALSE(p.b.holds("10.0.0.100") || p.b.holds("10.0.1.100"));
}

TEST(SyncGroup, AMemberFaultyAtStartHoldsTheWholeGroupInFault) {
    TwoLinkNode n("a", 1);
    n.host.set_link("eth1", false, false);
    ASSERT_TRUE(n.make(grouped("a", 1, 2, 150)));
    n.start();
    n.host.advance_to(10 * kS);
    EXPECT_EQ(n.state_of(0), vrrp::State::Fault);
    EXPECT_EQ(n.state_of(1), vrrp::State::Fault);
    EXPECT_FALSE(n.holds("10.0.0.100"));
    EXPECT_EQ(n.host.adverts.size(), 0u);
}

TEST(SyncGroup, GroupScriptsRunAfterTheMembersOwnWithGroupNameStateAndZero) {
    TwoLinkNode n("a", 1);
    NodeConfig c = grouped("a", 1, 2, 150);
    for (auto& in : c.instances) in.notify.argv = {"/etc/havip/inst.sh"};
    c.sync_groups[0].notify_master.argv = {"/etc/havip/group_master.sh"};
    c.sync_groups[0].notify.argv = {"/etc/havip/group.sh"};
    c.sync_groups[0].notify_stop.argv = {"/etc/havip/group_stop.sh"};
    ASSERT_TRUE(n.make(std::move(c)));
    n.start();
    n.host.advance_to(10 * kS);
    n.ex->begin_stop();
    while (n.ex->flush_tail()) {
    }
    n.host.advance_to(11 * kS);
    std::vector<Argv> ran;
    for (const auto& s : n.host.scripts) ran.push_back(s.argv);
    const std::vector<Argv> want{
        {"/etc/havip/inst.sh", "INSTANCE", "VI_1", "BACKUP", "150"},
        {"/etc/havip/inst.sh", "INSTANCE", "VI_2", "BACKUP", "150"},
        {"/etc/havip/group.sh", "GROUP", "G", "BACKUP", "0"},
        {"/etc/havip/inst.sh", "INSTANCE", "VI_1", "MASTER", "150"},
        {"/etc/havip/inst.sh", "INSTANCE", "VI_2", "MASTER", "150"},
        {"/etc/havip/group_master.sh"},
        {"/etc/havip/group.sh", "GROUP", "G", "MASTER", "0"},
        {"/etc/havip/inst.sh", "INSTANCE", "VI_1", "STOP", "150"},
        {"/etc/havip/inst.sh", "INSTANCE", "VI_2", "STOP", "150"},
        {"/etc/havip/group_stop.sh"},
        {"/etc/havip/group.sh", "GROUP", "G", "STOP", "0"},
    };
    EXPECT_EQ(ran, want);
    // The group's master scripts start when its members' do (keepalived forks them all).
    EXPECT_EQ(n.host.scripts[5].t, kDown150);
    EXPECT_TRUE(n.stopped);
}

TEST(SyncGroup, AReloadKeepsTheGroupMasterAndAddingAGroupRestartsItsMembers) {
    TwoLinkNode n("a", 1);
    NodeConfig solo = grouped("a", 1, 2, 150);
    solo.sync_groups.clear();
    for (auto& in : solo.instances) in.vrrp.sync_group = false;
    ASSERT_TRUE(n.make(solo));
    n.start();
    n.host.advance_to(10 * kS);
    ASSERT_EQ(n.state_of(0), vrrp::State::Master);
    // Joining a group is not an in-place change: the members restart in it.
    ASSERT_TRUE(n.ex->reload(grouped("a", 1, 2, 150)));
    EXPECT_EQ(n.state_of(0), vrrp::State::Backup);
    EXPECT_EQ(n.state_of(1), vrrp::State::Backup);
    const std::int64_t t1 = n.host.now_ns();
    n.host.advance_to(t1 + 5 * kS);
    EXPECT_EQ(n.when_inst("VI_1", "master", t1), t1 + kDown150);
    EXPECT_EQ(n.when_inst("VI_2", "master", t1), t1 + kDown150);
    const std::size_t groups_before = n.host.count_log("group_transition");
    const std::size_t transitions_before = n.host.count_log("transition");
    // A priority change applies in place: the group stays MASTER, nothing is announced.
    ASSERT_TRUE(n.ex->reload(grouped("a", 1, 2, 120)));
    n.host.advance_to(t1 + 10 * kS);
    EXPECT_EQ(n.state_of(0), vrrp::State::Master);
    EXPECT_EQ(n.state_of(1), vrrp::State::Master);
    EXPECT_EQ(n.priority(), 120);
    EXPECT_EQ(n.host.count_log("group_transition"), groups_before);
    EXPECT_EQ(n.host.count_log("transition"), transitions_before);
}
