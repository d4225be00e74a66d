// SPDX-License-Identifier: MIT
// static_routes and static_rules on fake hosts: installed once at start,
// before the instances and their startup delay, whatever their states; kept
// across transitions; removed at a graceful stop (only the ones this run
// added); a killed run's leftovers replaced at start; a reload removes the
// dropped ones and adds the new, leaving the kept ones alone. (keepalived
// 2.2.7 in a network namespace removes at stop even the ones it found there.)
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;
using daemon::RouteSpec;

namespace {

/// 10.9.0.0/16 via 10.0.0.254 dev eth0 table 200 (a node route, no VIP in it).
RouteSpec static_route() {
    RouteSpec r;
    r.dst = vip4("10.9.0.0");
    r.dst_len = 16;
    r.via = vip4("10.0.0.254");
    r.dev = "eth0";
    r.table = 200;
    return r;
}

/// from 10.0.0.0/24 table 200 preference 200.
RouteSpec static_rule() {
    RouteSpec r;
    r.rule = true;
    r.src = vip4("10.0.0.0");
    r.src_len = 24;
    r.table = 200;
    r.priority = 200;
    return r;
}

NodeConfig config(std::int64_t startup_delay_ms = 0) {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.version = 2;
    s.vrrp.priority = 100;
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = vip4("10.0.0.1");
    s.vrrp.peers = {vip4("10.0.0.2")};
    s.vrrp.vips = {vip4("10.0.0.100")};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4("10.0.0.100"), 32, "", "", false}};
    NodeConfig c;
    c.name = "a";
    c.instances.push_back(std::move(s));
    c.static_routes = {static_route(), static_rule()};
    c.startup_delay_ms = startup_delay_ms;
    return c;
}

sys::RouteChange as_change(const RouteSpec& r, int oif) {
    sys::RouteChange c;
    c.rule = r.rule;
    c.dst = r.dst;
    c.dst_len = r.dst_len;
    c.src = r.src;
    c.src_len = r.src_len;
    c.via = r.via;
    c.oif = r.rule ? 0 : oif;
    c.table = r.table;
    c.priority = r.priority;
    return c;
}

bool has(const Node& n, const sys::RouteChange& c) {
    const auto& l = n.host.route_list();
    return std::any_of(l.begin(), l.end(), [&](const auto& r) { return r.same(c); });
}

void stop(Node& n) {
    n.ex->begin_stop();
    while (n.ex->flush_tail()) {
    }
    n.host.advance_to(n.host.now_ns() + kS);  // the stop poll
}

}  // namespace

TEST(ExecutorStatic, InstalledAtStartBeforeTheStartupDelayRoutesFirst) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config(5000)));
    EXPECT_TRUE(n.host.route_list().empty());  // set-up (havipd -n) changes nothing
    n.start();
    ASSERT_EQ(n.host.route_list().size(), 2u);  // at once, the instance still waiting
    EXPECT_EQ(n.state(), vrrp::State::Init);
    EXPECT_FALSE(n.host.route_list()[0].rule);  // the route, then the rule
    EXPECT_EQ(n.host.route_list()[0].oif, n.eth);
    EXPECT_TRUE(n.host.route_list()[1].rule);
    EXPECT_EQ(n.host.count_log("static_added"), 2u);
}

TEST(ExecutorStatic, KeptWhateverTheStateAndRemovedAtAGracefulStop) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config()));
    n.start();
    n.host.advance_to(5 * kS);  // alone: master
    ASSERT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.route_list().size(), 2u);  // no instance route: the same two
    stop(n);
    EXPECT_TRUE(n.stopped);
    EXPECT_TRUE(n.host.route_list().empty());
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(n.host.count_log("static_removed"), 2u);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(ExecutorStatic, AKilledRunsLeftoversAreTakenAsInstalledAndRemovedAtStop) {
    Node n("a", "10.0.0.1", 1);
    n.host.add_route(as_change(static_route(), n.eth));  // left by a killed run (protocol 18)
    n.host.add_route(as_change(static_rule(), 0));
    ASSERT_TRUE(n.make(config()));
    n.start();
    EXPECT_EQ(n.host.count_log("static_added"), 2u);  // EEXIST: there, so installed
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
    ASSERT_EQ(n.host.route_list().size(), 2u);  // one copy each
    stop(n);
    EXPECT_TRUE(n.host.route_list().empty());
}

TEST(ExecutorStatic, AReloadRemovesTheDroppedAndAddsTheNewOnly) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config()));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    const std::size_t transitions = n.host.count_log("transition");
    const std::size_t batches = n.host.route_batches.size();
    NodeConfig next = config();
    next.static_routes[1].priority = 300;  // the rule moves, the route stays
    ASSERT_TRUE(n.ex->reload(next));
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("transition"), transitions);
    ASSERT_EQ(n.host.route_batches.size(), batches + 2);  // one removal, one addition
    EXPECT_EQ(n.host.route_batches[batches].second, 1u);
    EXPECT_EQ(n.host.route_batches[batches + 1].second, 1u);
    EXPECT_TRUE(has(n, as_change(next.static_routes[1], 0)));
    EXPECT_FALSE(has(n, as_change(static_rule(), 0)));
    EXPECT_TRUE(has(n, as_change(static_route(), n.eth)));
    // A reload to none removes them all; one back adds it.
    NodeConfig none = config();
    none.static_routes.clear();
    ASSERT_TRUE(n.ex->reload(none));
    EXPECT_TRUE(n.host.route_list().empty());
    ASSERT_TRUE(n.ex->reload(config()));
    EXPECT_EQ(n.host.route_list().size(), 2u);
    stop(n);
    EXPECT_TRUE(n.host.route_list().empty());
}

TEST(ExecutorStatic, ARouteTheKernelRefusesIsAnErrorLineAndTheNodeRuns) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config()));
    n.host.fail_route_changes(ENETUNREACH);
    n.start();
    n.host.fail_route_changes(0);
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("static_add_failed"), 2u);
    Node m("b", "10.0.0.1", 1);  // the same, stopped
    ASSERT_TRUE(m.make(config()));
    m.host.fail_route_changes(ENETUNREACH);
    m.start();
    m.host.fail_route_changes(0);
    stop(m);  // nothing of ours to remove
    EXPECT_EQ(m.host.count_log("static_removed"), 0u);
    // A reload of the same plan adds the ones that failed (keepalived retries them too).
    ASSERT_TRUE(n.ex->reload(config()));
    EXPECT_EQ(n.host.route_list().size(), 2u);
    EXPECT_EQ(n.host.count_log("static_added"), 2u);
}

// A route on a device the host lacks is skipped with an error line and the
// node runs (keepalived 2.2.7 skips such a line too); a reload once the device
// exists adds it.
TEST(ExecutorStatic, AnUnknownDeviceSkipsTheLineAndTheNodeRuns) {
    Node n("a", "10.0.0.1", 1);
    NodeConfig c = config();
    c.static_routes[0].dev = "eth9";
    ASSERT_TRUE(n.make(c));
    n.start();
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("static_skipped"), 1u);
    EXPECT_EQ(n.host.route_list().size(), 1u);  // the rule
    const int eth9 = n.host.add_link("eth9", sys::MacAddr{{0x02, 0, 0, 0, 0, 9}});
    ASSERT_TRUE(n.ex->reload(c));
    EXPECT_TRUE(has(n, as_change(c.static_routes[0], eth9)));
    stop(n);
    EXPECT_TRUE(n.host.route_list().empty());
}

// static_ipaddress: added first, so a static route may take one as its
// source (the fake host refuses a source the host lacks, EINVAL, as the
// kernel); removed last at stop; a reload drops and adds them like routes.
TEST(ExecutorStatic, AddressesComeFirstAndGoLast) {
    Node n("a", "10.0.0.1", 1);
    NodeConfig c = config();
    c.static_addresses = {VipSpec{vip4("10.0.0.50"), 24, "eth0", "eth0:st", false}};
    c.static_routes[0].src = vip4("10.0.0.50");
    ASSERT_TRUE(n.make(c));
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.50")));
    n.start();
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.50")));
    EXPECT_EQ(n.host.route_list().size(), 2u);
    EXPECT_EQ(n.host.count_log("static_add_failed"), 0u);
    EXPECT_EQ(n.host.count_log("static_added"), 3u);
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    NodeConfig next = c;
    next.static_addresses.push_back(VipSpec{vip4("10.0.0.51"), 24, "eth0", "", false});
    ASSERT_TRUE(n.ex->reload(next));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.51")));
    EXPECT_EQ(n.host.count_log("static_added"), 4u);  // the new one only
    NodeConfig fewer = next;
    fewer.static_addresses.erase(fewer.static_addresses.begin() + 1);
    ASSERT_TRUE(n.ex->reload(fewer));
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.51")));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.50")));
    stop(n);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.50")));
    EXPECT_TRUE(n.host.route_list().empty());
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.1")));  // the node's own address stays
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(ExecutorStatic, AnAddressOnAnUnknownDeviceIsSkippedAndTheOthersAdded) {
    Node n("a", "10.0.0.1", 1);
    NodeConfig c = config();
    c.static_addresses = {VipSpec{vip4("10.0.0.50"), 24, "eth9", "", false},
                          VipSpec{vip4("10.0.0.51"), 24, "eth0", "", false}};
    ASSERT_TRUE(n.make(c));
    n.start();
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.50")));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.51")));
    EXPECT_EQ(n.host.count_log("static_skipped"), 1u);
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    n.host.add_link("eth9", sys::MacAddr{{0x02, 0, 0, 0, 0, 9}});
    ASSERT_TRUE(n.ex->reload(c));
    EXPECT_TRUE(n.host.has_address(ip("10.0.0.50")));
    stop(n);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.50")));
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.51")));
}

// An interface whose only address is a static_ipaddress: the advert source is
// that address (start() adds it before any instance runs), as keepalived runs
// such a node, instead of refusing to start.
TEST(ExecutorStatic, AStaticAddressCanBeTheAdvertSource) {
    sys::FakeHost host("a");
    const int eth = host.add_link("eth0", sys::MacAddr{{0x02, 0, 0, 0, 0, 1}});
    NodeConfig c = config();
    c.static_routes.clear();
    c.instances[0].vrrp.source = vrrp::IpAddress::unspecified(vrrp::Family::V4);
    c.static_addresses = {VipSpec{vip4("10.0.0.1"), 24, "eth0", "", false}};
    exec::Options o;
    o.state_dir = "/run/havipd";
    auto e = exec::Executor::create(host, std::move(o), std::move(c));
    ASSERT_TRUE(e) << e.message();
    auto ex = std::move(e).value();
    ex->start();
    EXPECT_TRUE(host.has_address(ip("10.0.0.1")));
    host.advance_to(5 * kS);
    ASSERT_FALSE(host.adverts.empty());
    EXPECT_EQ(host.adverts.back().src, ip("10.0.0.1"));
    (void)eth;
}
