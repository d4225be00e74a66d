// SPDX-License-Identifier: MIT
// virtual_routes and virtual_rules on fake hosts: installed with the VIPs by
// the master (a route whose preferred source is the VIP only works after it),
// removed when it leaves MASTER and at a stop, stale ones cleaned at start,
// moved in place by a reload. Times are the virtual clock's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;
using daemon::RouteSpec;

namespace {

/// 10.8.0.0/16 via 10.0.0.254 dev eth0 src VIP table 100.
RouteSpec route_via_vip() {
    RouteSpec r;
    r.dst = vip4("10.8.0.0");
    r.dst_len = 16;
    r.via = vip4("10.0.0.254");
    r.src = vip4("10.0.0.100");
    r.dev = "eth0";
    r.table = 100;
    return r;
}

/// from 10.0.0.100/32 table 100 preference 100.
RouteSpec rule_from_vip() {
    RouteSpec r;
    r.rule = true;
    r.src = vip4("10.0.0.100");
    r.src_len = 32;
    r.table = 100;
    r.priority = 100;
    return r;
}

InstanceSpec instance(const char* self, const char* peer, int prio) {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.version = 2;
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = vip4(self);
    if (peer) s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4("10.0.0.100")};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4("10.0.0.100"), 32, "", "", false}};
    s.routes = {route_via_vip(), rule_from_vip()};
    return s;
}

NodeConfig node_config(const char* name, InstanceSpec in) {
    NodeConfig c;
    c.name = name;
    c.instances.push_back(std::move(in));
    return c;
}

std::size_t routes(const Node& n) { return n.host.route_list().size(); }

struct Pair {
    sys::FakeNet net;
    Node a{"a", "10.0.0.1", 1}, b{"b", "10.0.0.2", 2};
    Pair() {
        net.add(a.host);
        net.add(b.host);
        EXPECT_TRUE(a.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 150))));
        EXPECT_TRUE(b.make(node_config("b", instance("10.0.0.2", "10.0.0.1", 100))));
        a.start();
        b.start();
    }
};

}  // namespace

TEST(ExecutorRoutes, TheMasterInstallsThemAfterItsVipsAndTheBackupNone) {
    Pair p;
    p.net.run_until(10 * kS);
    ASSERT_EQ(p.a.state(), vrrp::State::Master);
    // The route's preferred source is the VIP: the fake refuses it (EINVAL, as
    // the kernel) unless the VIP came first.
    ASSERT_EQ(routes(p.a), 2u);
    EXPECT_EQ(p.a.host.count_log("route_add_failed"), 0u);
    EXPECT_FALSE(p.a.host.route_list()[0].rule);
    EXPECT_EQ(p.a.host.route_list()[0].table, 100u);
    EXPECT_EQ(p.a.host.route_list()[0].oif, p.a.eth);
    EXPECT_TRUE(p.a.host.route_list()[1].rule);
    EXPECT_EQ(routes(p.b), 0u);
    // One netlink call, in the master's transition: 3 s + skew 0.414 s.
    ASSERT_EQ(p.a.host.route_batches.size(), 2u);  // the stale sweep at start, then the install
    EXPECT_EQ(p.a.host.route_batches[1].first, p.a.when("master"));
    EXPECT_EQ(p.a.host.route_batches[1].second, 2u);
    EXPECT_EQ(p.a.host.count_log("routes_added"), 1u);
}

TEST(ExecutorRoutes, AGracefulStopRemovesThemAndThePeerInstallsThem) {
    Pair p;
    p.net.run_until(10 * kS);
    ASSERT_EQ(routes(p.a), 2u);
    const std::int64_t t0 = p.net.now();
    p.a.ex->begin_stop();
    while (p.a.ex->flush_tail()) {
    }
    EXPECT_EQ(routes(p.a), 0u);  // a stopped daemon leaves nothing behind
    EXPECT_FALSE(p.a.host.has_address(ip("10.0.0.100")));
    p.net.run_until(t0 + 2 * kS);
    ASSERT_EQ(p.b.state(), vrrp::State::Master);
    EXPECT_EQ(routes(p.b), 2u);
    EXPECT_EQ(p.b.host.route_batches.back().first, p.b.when("master"));
}

TEST(ExecutorRoutes, LeavingMasterForAHigherPriorityRemovesThem) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    ASSERT_TRUE(a.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    a.start();
    net.run_until(5 * kS);  // alone: master
    ASSERT_EQ(routes(a), 2u);
    ASSERT_TRUE(b.make(node_config("b", instance("10.0.0.2", "10.0.0.1", 200))));
    b.start();
    net.run_until(10 * kS);  // b preempts
    ASSERT_EQ(b.state(), vrrp::State::Master);
    EXPECT_EQ(a.state(), vrrp::State::Backup);
    EXPECT_EQ(routes(a), 0u);
    EXPECT_FALSE(a.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(routes(b), 2u);
    EXPECT_EQ(a.host.count_log("routes_removed"), 1u);
}

TEST(ExecutorRoutes, StaleOnesAreRemovedWhenTheInstanceMayNotResume) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", "10.0.0.2", 100);
    in.vrrp.nopreempt = true;
    n.host.add_address(n.eth, ip("10.0.0.100"), 32);
    sys::RouteChange left;
    left.rule = true;
    left.src = ip("10.0.0.100");
    left.src_len = 32;
    left.table = 100;
    left.priority = 100;
    n.host.add_route(left);  // the rule a killed run left
    sys::RouteChange other = left;
    other.priority = 200;
    n.host.add_route(other);  // someone else's: not in the plan
    ASSERT_TRUE(n.make(node_config("a", in)));
    ASSERT_EQ(routes(n), 1u);
    EXPECT_EQ(n.host.route_list()[0].priority, 200u);
    EXPECT_EQ(n.host.count_log("stale_route_removed"), 1u);  // the absent route is no line
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
}

TEST(ExecutorRoutes, StaleOnesAreKeptWhenTheInstanceResumesAsMaster) {
    Node n("a", "10.0.0.1", 1);
    n.host.add_address(n.eth, ip("10.0.0.100"), 32);
    sys::RouteChange left;
    left.rule = true;
    left.src = ip("10.0.0.100");
    left.src_len = 32;
    left.table = 100;
    left.priority = 100;
    n.host.add_route(left);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    EXPECT_EQ(routes(n), 1u);  // kept to resume
    n.start();
    ASSERT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(routes(n), 2u);  // the rule already there is no error, the route is added
    EXPECT_EQ(n.host.count_log("route_add_failed"), 0u);
    EXPECT_EQ(n.host.count_log("stale_route_removed"), 0u);
}

TEST(ExecutorRoutes, AReloadOfTheRoutesMovesThemInPlaceAndTheMasterStays) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", "10.0.0.2", 100))));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    const std::size_t transitions = n.host.count_log("transition");
    InstanceSpec next = instance("10.0.0.1", "10.0.0.2", 100);
    next.routes[1].priority = 300;  // the rule moves, the route stays
    ASSERT_TRUE(n.ex->reload(node_config("a", next)));
    while (n.ex->flush_tail()) {
    }
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("transition"), transitions);
    ASSERT_EQ(routes(n), 2u);
    const auto& l = n.host.route_list();
    EXPECT_EQ(std::count_if(l.begin(), l.end(), [](const auto& r) { return r.rule && r.priority == 300; }), 1);
    EXPECT_EQ(std::count_if(l.begin(), l.end(), [](const auto& r) { return r.rule && r.priority == 100; }), 0);
    // One removal and one addition: the unchanged route was not touched.
    ASSERT_GE(n.host.route_batches.size(), 2u);
    EXPECT_EQ(n.host.route_batches[n.host.route_batches.size() - 2].second, 1u);
    EXPECT_EQ(n.host.route_batches.back().second, 1u);
    EXPECT_EQ(daemon::reload_kind(instance("10.0.0.1", "10.0.0.2", 100), next), daemon::Reload::Update);
}

TEST(ExecutorRoutes, ARouteTheKernelRefusesIsAnErrorLineAndTheInstanceCarriesOn) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(node_config("a", instance("10.0.0.1", nullptr, 100))));
    n.start();
    n.host.fail_route_changes(ENETUNREACH);
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(n.host.count_log("route_add_failed"), 2u);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 2u);
}

TEST(ExecutorRoutes, AnExcludedVipIsInstalledWithTheOthersAndNotAdvertised) {
    Node n("a", "10.0.0.1", 1);
    InstanceSpec in = instance("10.0.0.1", nullptr, 100);
    in.vips.push_back(VipSpec{vip4("10.0.0.150"), 32, "", "", true});
    ASSERT_TRUE(n.make(node_config("a", in)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.150")));
    auto r = vrrp::parse(std::as_bytes(std::span(n.host.adverts.back().msg)), vrrp::Family::V4);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.advert.count, 1u);  // 10.0.0.100 only
    n.ex->begin_stop();
    while (n.ex->flush_tail()) {
    }
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.150")));
}
