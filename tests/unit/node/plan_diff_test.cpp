// SPDX-License-Identifier: MIT
// havip-compile --diff's classification (runtime/node/plan_diff.hpp): each
// class as the reload decides it, and the changes both nodes make together.
#include <gtest/gtest.h>

#include "node/plan_diff.hpp"

using namespace havip::daemon;
using havip::vrrp::IpAddress;

namespace {

InstanceSpec spec(const std::string& name, std::uint8_t vrid) {
    InstanceSpec s;
    s.vrrp.name = name;
    s.vrrp.vrid = vrid;
    s.vrrp.version = 2;
    s.vrrp.priority = 100;
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = IpAddress::parse("10.0.0.1").value();
    s.vrrp.peers = {IpAddress::parse("10.0.0.2").value()};
    s.vrrp.vips = {IpAddress::parse("10.0.0.100").value()};
    s.vrrp.tracks = {{"chk", -30, false, true}};
    s.tracks = {{TrackSpec::Kind::Script, "chk"}};
    s.interface = "eth0";
    s.vips = {{s.vrrp.vips[0], 32, "", "", false}};
    return s;
}

NodeConfig node() {
    NodeConfig n;
    n.name = "a";
    n.instances = {spec("VI_1", 51), spec("VI_2", 52)};
    n.scripts = {ScriptSpec{"chk", {{"/bin/true"}, {}}, 1000, 0, 1, 1, false}};
    return n;
}

const InstanceDiff& find(const PlanDiff& d, const std::string& name) {
    for (const auto& i : d.instances)
        if (i.name == name) return i;
    ADD_FAILURE() << "no instance " << name;
    return d.instances.front();
}

}  // namespace

TEST(PlanDiff, SamePlanKeepsEverything) {
    PlanDiff d = diff_plans(node(), node());
    EXPECT_FALSE(d.changed());
    ASSERT_EQ(d.instances.size(), 2u);
    for (const auto& i : d.instances) {
        EXPECT_EQ(i.change, Change::Kept);
        EXPECT_TRUE(i.fields.empty());
        EXPECT_TRUE(i.lockstep.empty());
    }
    EXPECT_EQ(d.count(Change::Kept), 2u);
}

TEST(PlanDiff, PriorityIsAnUpdateInPlaceWithoutRolloutWarning) {
    NodeConfig next = node();
    next.instances[0].vrrp.priority = 150;
    PlanDiff d = diff_plans(node(), next);
    EXPECT_TRUE(d.changed());
    EXPECT_EQ(find(d, "VI_1").change, Change::Updated);
    EXPECT_EQ(find(d, "VI_1").fields, std::vector<std::string>{"priority"});
    EXPECT_TRUE(find(d, "VI_1").lockstep.empty());
    EXPECT_EQ(find(d, "VI_2").change, Change::Kept);
}

TEST(PlanDiff, ClassIsReloadKindsForEveryChange) {
    // The diff never decides on its own: whatever reload_kind says, it says.
    std::vector<void (*)(InstanceSpec&)> edits = {
        [](InstanceSpec& s) { s.vrrp.priority = 255; },
        [](InstanceSpec& s) { s.vrrp.tracks[0].weight = -60; },
        [](InstanceSpec& s) { s.interface = "eth1"; },
        [](InstanceSpec& s) { s.notify_master.argv = {"/bin/true"}; },
        [](InstanceSpec& s) { s.vrrp.nopreempt = true; },
        [](InstanceSpec& s) { s.vips[0].label = "eth0:1"; },
        [](InstanceSpec& s) { s.peer_ttl = {{250, 255}}; },
    };
    for (std::size_t k = 0; k < edits.size(); ++k) {
        NodeConfig next = node();
        edits[k](next.instances[0]);
        const Reload r = reload_kind(node().instances[0], next.instances[0]);
        const Change want = r == Reload::Keep     ? Change::Kept
                            : r == Reload::Update ? Change::Updated
                                                  : Change::Restarted;
        const PlanDiff d = diff_plans(node(), next);
        const InstanceDiff& i = find(d, "VI_1");
        EXPECT_EQ(i.change, want) << "edit " << k;
        EXPECT_FALSE(i.fields.empty()) << "edit " << k;
        EXPECT_NE(i.fields, std::vector<std::string>{"other"}) << "edit " << k << ": unnamed setting";
    }
}

TEST(PlanDiff, InterfaceChangeRestartsWithoutRolloutWarning) {
    NodeConfig next = node();
    next.instances[1].interface = "eth1";
    const PlanDiff d = diff_plans(node(), next);
    const InstanceDiff& i = find(d, "VI_2");
    EXPECT_EQ(i.change, Change::Restarted);
    EXPECT_EQ(i.fields, std::vector<std::string>{"interface"});
    EXPECT_TRUE(i.lockstep.empty());
}

TEST(PlanDiff, PeerVisibleChangesWarn) {
    struct Case {
        const char* field;
        void (*edit)(InstanceSpec&);
        Change change;
    };
    const Case cases[] = {
        {"virtual_router_id", [](InstanceSpec& s) { s.vrrp.vrid = 60; }, Change::Restarted},
        {"version", [](InstanceSpec& s) { s.vrrp.version = 3; }, Change::Restarted},
        // The interval changes in place, as keepalived's reload does.
        {"advert_int", [](InstanceSpec& s) { s.vrrp.advert_interval = 2'000'000; }, Change::Updated},
        {"authentication", [](InstanceSpec& s) { s.vrrp.set_auth_pass("secret"); }, Change::Restarted},
    };
    for (const auto& c : cases) {
        NodeConfig next = node();
        c.edit(next.instances[0]);
        const PlanDiff d = diff_plans(node(), next);
        const InstanceDiff& i = find(d, "VI_1");
        EXPECT_EQ(i.change, c.change) << c.field;
        EXPECT_EQ(i.lockstep, std::vector<std::string>{c.field});
    }
    // A VIP more: both the advert list and the address the daemon adds differ;
    // the master keeps its state and adds the address in place.
    NodeConfig next = node();
    auto& s = next.instances[0];
    s.vrrp.vips.push_back(IpAddress::parse("10.0.0.101").value());
    s.vips.push_back({s.vrrp.vips[1], 32, "", "", false});
    const PlanDiff d = diff_plans(node(), next);
    const InstanceDiff& i = find(d, "VI_1");
    EXPECT_EQ(i.change, Change::Updated);
    EXPECT_EQ(i.lockstep, std::vector<std::string>{"virtual_ipaddress"});
}

TEST(PlanDiff, AddedAndRemovedByName) {
    NodeConfig next = node();
    next.instances[1] = spec("VI_3", 53);
    PlanDiff d = diff_plans(node(), next);
    ASSERT_EQ(d.instances.size(), 3u);
    EXPECT_EQ(d.instances[0].name, "VI_1");
    EXPECT_EQ(d.instances[0].change, Change::Kept);
    EXPECT_EQ(d.instances[1].name, "VI_2");
    EXPECT_EQ(d.instances[1].change, Change::Removed);
    EXPECT_EQ(d.instances[2].name, "VI_3");
    EXPECT_EQ(d.instances[2].change, Change::Added);
    EXPECT_TRUE(d.changed());
    EXPECT_EQ(d.count(Change::Added), 1u);
    EXPECT_EQ(d.count(Change::Removed), 1u);
}

TEST(PlanDiff, NodeSettingsAreChangesToo) {
    NodeConfig next = node();
    next.scripts[0].interval_ms = 2000;
    next.startup_delay_ms = 5000;
    PlanDiff d = diff_plans(node(), next);
    EXPECT_TRUE(d.changed());
    EXPECT_EQ(d.node_fields, (std::vector<std::string>{"vrrp_script", "vrrp_startup_delay"}));
    EXPECT_EQ(d.count(Change::Kept), 2u);
}

TEST(PlanDiff, ChangeNames) {
    EXPECT_EQ(change_name(Change::Kept), "kept");
    EXPECT_EQ(change_name(Change::Updated), "updated");
    EXPECT_EQ(change_name(Change::Restarted), "restarted");
    EXPECT_EQ(change_name(Change::Added), "added");
    EXPECT_EQ(change_name(Change::Removed), "removed");
}

TEST(PlanDiff, ReloadMatchIsByName) {
    const NodeConfig n = node();
    ASSERT_NE(reload_match(n, "VI_2"), nullptr);
    EXPECT_EQ(reload_match(n, "VI_2")->vrrp.vrid, 52);
    EXPECT_EQ(reload_match(n, "VI_9"), nullptr);
}

TEST(PlanDiff, RoutesAreAnUpdateInPlaceThatOnlyThisNodeMakes) {
    NodeConfig next = node();
    RouteSpec r;
    r.dst = IpAddress::parse("10.8.0.0").value();
    r.dst_len = 16;
    r.via = IpAddress::parse("10.0.0.254").value();
    r.table = 100;
    next.instances[0].routes.push_back(r);
    PlanDiff d = diff_plans(node(), next);
    const auto& i = find(d, "VI_1");
    EXPECT_EQ(i.change, Change::Updated);
    EXPECT_EQ(i.fields, std::vector<std::string>{"virtual_routes"});
    EXPECT_TRUE(i.lockstep.empty());  // no peer sees routes
    EXPECT_EQ(find(d, "VI_2").change, Change::Kept);
}

TEST(PlanDiff, StaticAddressesRoutesAndRulesAreTheNodesAndKeepEveryInstance) {
    NodeConfig next = node();
    RouteSpec r;
    r.dst = IpAddress::parse("10.9.0.0").value();
    r.dst_len = 16;
    r.table = 200;
    next.static_routes.push_back(r);
    r.rule = true;
    next.static_routes.push_back(r);
    next.static_addresses.push_back(VipSpec{IpAddress::parse("10.0.0.50").value(), 24, "eth0", "", false});
    PlanDiff d = diff_plans(node(), next);
    EXPECT_EQ(d.node_fields, (std::vector<std::string>{"static_ipaddress", "static_routes", "static_rules"}));
    EXPECT_EQ(find(d, "VI_1").change, Change::Kept);
    EXPECT_EQ(find(d, "VI_2").change, Change::Kept);
}
