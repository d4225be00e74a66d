// SPDX-License-Identifier: MIT
// Addresses removed behind havipd's back (runtime/exec/address_watch.cpp): a
// master puts its VIP back and announces it, without a transition; the
// static_ipaddress comes back too; `no_track` ones stay removed; an event
// for an address that is on the host again, or for a VIP the node does not
// hold as master, adds nothing.
#include <gtest/gtest.h>

#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;

namespace {

const IpAddr kVip = ip("10.0.0.100");
const IpAddr kStatic = ip("10.0.0.50");

NodeConfig config(bool vip_no_track = false, bool static_no_track = false) {
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
    s.vips[0].no_track = vip_no_track;
    NodeConfig c;
    c.name = "a";
    c.instances.push_back(std::move(s));
    c.static_addresses = {VipSpec{vip4("10.0.0.50"), 24, "eth0", "", false}};
    c.static_addresses[0].no_track = static_no_track;
    return c;
}

/// A lone node: master 3.609 s after its start (no peer answers).
struct Lone : Node {
    explicit Lone(NodeConfig c) : Node("a", "10.0.0.1", 1) {
        EXPECT_TRUE(make(std::move(c)));
        start();
        host.advance_to(5 * kS);
        EXPECT_EQ(state(), vrrp::State::Master);
    }
    std::uint64_t restored() const {
        exec::metrics::Node m;
        ex->fill_metrics(m);
        return m.instances.at(0).counters.vips_restored;
    }
};

}  // namespace

TEST(AddressWatch, AMastersVipRemovedByHandIsPutBackAndAnnouncedWithoutATransition) {
    Lone n(config());
    ASSERT_TRUE(n.host.has_address(n.eth, kVip));
    const std::size_t transitions = n.host.count_log("transition");
    const std::int64_t t = n.host.now_ns();
    n.host.remove_address(n.eth, kVip);
    EXPECT_TRUE(n.host.has_address(n.eth, kVip));
    EXPECT_EQ(n.host.count_log("vip_restored"), 1u);
    EXPECT_GE(n.frames_between(t, t + 1), 1u);  // a GARP at once
    EXPECT_EQ(n.restored(), 1u);
    n.host.advance_to(10 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.host.count_log("transition"), transitions);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(AddressWatch, AStaticAddressRemovedByHandIsPutBack) {
    Lone n(config());
    ASSERT_TRUE(n.host.has_address(n.eth, kStatic));
    n.host.remove_address(n.eth, kStatic);
    EXPECT_TRUE(n.host.has_address(n.eth, kStatic));
    EXPECT_EQ(n.host.count_log("static_restored"), 1u);
    EXPECT_EQ(n.host.count_log("vip_restored"), 0u);
    EXPECT_EQ(n.restored(), 0u);
}

TEST(AddressWatch, NoTrackAddressesStayRemoved) {
    Lone n(config(true, true));
    n.host.remove_address(n.eth, kVip);
    n.host.remove_address(n.eth, kStatic);
    EXPECT_FALSE(n.host.has_address(n.eth, kVip));
    EXPECT_FALSE(n.host.has_address(n.eth, kStatic));
    EXPECT_EQ(n.host.count_log("vip_restored") + n.host.count_log("static_restored"), 0u);
    EXPECT_EQ(n.state(), vrrp::State::Master);
}

TEST(AddressWatch, AnEventForAnAddressBackOnTheHostAddsNothing) {
    Lone n(config());
    const std::size_t frames = n.host.frames.size();
    n.host.report_address_removed(n.eth, kVip);  // e.g. a reload moved it: delete, then add
    EXPECT_EQ(n.host.count_log("vip_restored"), 0u);
    EXPECT_EQ(n.host.frames.size(), frames);
    EXPECT_EQ(n.restored(), 0u);
}

TEST(AddressWatch, ABackupDoesNotAddTheVip) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config()));
    n.start();
    n.host.advance_to(1 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Backup);
    n.host.add_address(n.eth, kVip, 32);  // another program's, or a stale event
    n.host.remove_address(n.eth, kVip);
    EXPECT_FALSE(n.host.has_address(n.eth, kVip));
    EXPECT_EQ(n.host.count_log("vip_restored"), 0u);
}

TEST(AddressWatch, AtStopTheVipsGoAndStayGone) {
    Lone n(config());
    n.ex->begin_stop();
    while (n.ex->flush_tail()) {
    }
    n.host.advance_to(7 * kS);
    EXPECT_FALSE(n.host.has_address(n.eth, kVip));
    EXPECT_FALSE(n.host.has_address(n.eth, kStatic));
    n.host.report_address_removed(n.eth, kVip);
    n.host.report_address_removed(n.eth, kStatic);
    EXPECT_FALSE(n.host.has_address(n.eth, kVip));
    EXPECT_FALSE(n.host.has_address(n.eth, kStatic));
    EXPECT_EQ(n.host.count_log("vip_restored") + n.host.count_log("static_restored"), 0u);
}

TEST(AddressWatch, LostEventsAreMadeUpByReadingTheAddresses) {
    Lone n(config());
    // Both gone while the monitor overran: no event for either.
    std::vector<sys::AddrChange> del(2);
    del[0].ifindex = del[1].ifindex = n.eth;
    del[0].addr = kVip;
    del[1].addr = kStatic;
    del[0].add = del[1].add = false;
    n.host.change_addresses(del);
    ASSERT_FALSE(n.host.has_address(n.eth, kVip));
    n.host.lose_link_events();
    EXPECT_TRUE(n.host.has_address(n.eth, kVip));
    EXPECT_TRUE(n.host.has_address(n.eth, kStatic));
    EXPECT_EQ(n.restored(), 1u);
}
