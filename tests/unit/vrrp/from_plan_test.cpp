// SPDX-License-Identifier: MIT
// The plan adapter: a plan written field by field loads and maps onto the
// core's InstanceConfig with keepalived's rules.
#include <gtest/gtest.h>

#include "plan_builder.hpp"
#include "vrrp/fsm.hpp"
#include "vrrp/from_plan.hpp"

using namespace havip::vrrp;

TEST(FromPlan, MapsEveryFieldTheCoreUses) {
    plantest::Builder b;
    plantest::Instance in;
    in.name = "VI_1";
    in.vrid = 51;
    in.priority = 120;
    in.mode = havip::plan::kModeMaster | (1 << havip::plan::kModeAuthShift);
    in.flags = havip::plan::kInstNopreempt | havip::plan::kInstStrict | havip::plan::kInstDontTrackPrimary;
    in.advert_cs = 200;
    in.preempt_delay_s = 7;
    in.preempt_delay_ms = 250;  // keepalived takes fractions: 7.25 s
    in.src = plantest::v4(192, 0, 2, 1);
    in.auth_pass = "secret12";
    in.vips = {{plantest::v4(192, 0, 2, 100), false}, {plantest::v4(192, 0, 2, 200), true}};
    in.peers = {plantest::v4(192, 0, 2, 2)};
    in.tracks = {{"chk", 1, 0, false, false}, {"eth1", 0, -10, true, false}};
    in.garp_delay_s = 3;
    in.garp_refresh_s = 60;
    b.instances = {in};
    b.scripts = {{"chk", -30, true, true}};
    const auto bytes = b.build();
    auto view = havip::plan::PlanView::load(bytes);
    ASSERT_TRUE(view.ok()) << view.error().message;
    ASSERT_EQ(view->instance_count(), 1u);
    const InstanceConfig c = from_plan(*view, 0);
    EXPECT_EQ(c.name, "VI_1");
    EXPECT_EQ(c.vrid, 51);
    EXPECT_EQ(c.priority, 120);
    EXPECT_EQ(c.version, 2);
    EXPECT_EQ(c.initial_state, InitialState::Master);
    EXPECT_TRUE(c.nopreempt);
    EXPECT_EQ(c.advert_interval, 2'000'000);
    EXPECT_EQ(c.preempt_delay, 7'250'000);
    EXPECT_EQ(c.source, IpAddress::v4(192, 0, 2, 1));
    ASSERT_EQ(c.peers.size(), 1u);
    EXPECT_EQ(c.peers[0], IpAddress::v4(192, 0, 2, 2));
    ASSERT_EQ(c.vips.size(), 1u);  // the excluded one is never advertised
    EXPECT_EQ(c.vips[0], IpAddress::v4(192, 0, 2, 100));
    EXPECT_EQ(c.auth_type, AuthType::Pass);
    EXPECT_EQ(c.auth_pass[7], '2');
    ASSERT_EQ(c.tracks.size(), 2u);
    EXPECT_EQ(c.tracks[0].weight, -30);  // the script's weight, reverse and init_fail
    EXPECT_TRUE(c.tracks[0].reverse);
    EXPECT_FALSE(c.tracks[0].initially_up);
    EXPECT_EQ(c.tracks[1].weight, -10);
    EXPECT_EQ(c.garp.master_delay, 3'000'000);
    EXPECT_EQ(c.garp.master_refresh, 60'000'000);
    EXPECT_TRUE(c.lower_prio_no_advert);  // strict mode
    EXPECT_FALSE(c.track_interface);      // dont_track_primary
    EXPECT_TRUE(c.check_unicast_src);
    EXPECT_EQ(check(c), ConfigError::Ok);
    // And the state machine runs on it: nopreempt is cleared by state MASTER.
    Fsm f(c);
    EXPECT_FALSE(f.nopreempt());
}

TEST(FromPlan, Ipv6V3WithoutSourceLeavesItForTheDaemon) {
    plantest::Builder b;
    plantest::Instance in;
    in.mode = havip::plan::kModeV3 | havip::plan::kModeIpv6;
    in.advert_cs = 10;
    in.flags = havip::plan::kInstV3ChecksumAsV2;
    plantest::Addr v6{6, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00}};
    in.vips = {{v6, false}};
    b.instances = {in};
    const auto bytes = b.build();
    auto view = havip::plan::PlanView::load(bytes);
    ASSERT_TRUE(view.ok()) << view.error().message;
    const InstanceConfig c = from_plan(*view, 0);
    EXPECT_EQ(c.version, 3);
    EXPECT_EQ(c.family, Family::V6);
    EXPECT_EQ(c.advert_interval, 100'000);
    EXPECT_TRUE(c.source.is_unspecified());
    EXPECT_EQ(c.source.family, Family::V6);
    EXPECT_EQ(c.multicast_group, kMulticastV6);
    EXPECT_EQ(c.v3_checksum, V3Checksum::MessageOnly);
    EXPECT_EQ(c.vips[0].str(), "2001:db8::100");
}
