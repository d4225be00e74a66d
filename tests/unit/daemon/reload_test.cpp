// SPDX-License-Identifier: MIT
// What SIGHUP does with a running instance: keep it, update it in place, or
// restart it (runtime/node/node_config.hpp).
#include <gtest/gtest.h>

#include "node/node_config.hpp"

using namespace havip::daemon;

namespace {

InstanceSpec spec() {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.version = 2;
    s.vrrp.priority = 100;
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = havip::vrrp::IpAddress::parse("10.0.0.1").value();
    s.vrrp.peers = {havip::vrrp::IpAddress::parse("10.0.0.2").value()};
    s.vrrp.vips = {havip::vrrp::IpAddress::parse("10.0.0.100").value()};
    s.vrrp.tracks = {{"chk", -30, false, true}};
    s.tracks = {{TrackSpec::Kind::Script, "chk"}};
    s.interface = "eth0";
    s.vips = {{s.vrrp.vips[0], 32, "", "", false}};
    s.notify_master = {{"/etc/keepalived/notify.sh", "MASTER"}, {}};
    return s;
}

}  // namespace

TEST(Reload, UnchangedIsKept) { EXPECT_EQ(reload_kind(spec(), spec()), Reload::Keep); }

TEST(Reload, PriorityWeightsGarpNotifyAndTtlApplyInPlace) {
    const InstanceSpec run = spec();
    auto changed = [&](auto edit) {
        InstanceSpec n = spec();
        edit(n);
        return reload_kind(run, n);
    };
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.priority = 150; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.tracks[0].weight = -60; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.garp.master_refresh = 60'000'000; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) {
                  n.notify_master.argv = {"/usr/local/bin/notify", "MASTER"};
              }),
              Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.notify_stop.argv = {"/bin/true"}; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.notify.runas = {"nobody", ""}; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.peer_ttl = {{250, 255}}; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) {
                  n.vrrp.priority = 90;
                  n.notify_backup.argv = {"/bin/true"};
              }),
              Reload::Update);
}

TEST(Reload, VipSetLabelsAndIntervalApplyInPlace) {
    const InstanceSpec run = spec();
    auto changed = [&](auto edit) {
        InstanceSpec n = spec();
        edit(n);
        return reload_kind(run, n);
    };
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vips[0].label = "eth0:vip"; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.advert_interval = 2'000'000; }), Reload::Update);
    EXPECT_EQ(changed([](InstanceSpec& n) {
                  auto v = havip::vrrp::IpAddress::parse("10.0.0.101").value();
                  n.vrrp.vips.push_back(v);
                  n.vips.push_back({v, 32, "", "", false});
              }),
              Reload::Update);
}

TEST(Reload, EverythingElseRestarts) {
    const InstanceSpec run = spec();
    auto changed = [&](auto edit) {
        InstanceSpec n = spec();
        edit(n);
        return reload_kind(run, n);
    };
    // The owner's priority decides how it starts: to or from 255 is a restart.
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.priority = 255; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.vrid = 52; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.nopreempt = true; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.auth_pass[0] = 0x73; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.interface = "eth1"; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) { n.vrrp.tracks[0].reverse = true; }), Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) {
                  n.vrrp.tracks.push_back({"eth1", 0, false, true});
                  n.tracks.push_back({TrackSpec::Kind::Interface, "eth1"});
              }),
              Reload::Restart);
    EXPECT_EQ(changed([](InstanceSpec& n) {
                  n.vrrp.priority = 150;
                  n.vrrp.peers.push_back(havip::vrrp::IpAddress::parse("10.0.0.3").value());
              }),
              Reload::Restart);
    // From the owner, too.
    InstanceSpec owner = spec();
    owner.vrrp.priority = 255;
    InstanceSpec lower = owner;
    lower.vrrp.priority = 200;
    EXPECT_EQ(reload_kind(owner, lower), Reload::Restart);
}

TEST(Reload, ApplyUpdateCopiesOnlyWhatMayChange) {
    InstanceSpec run = spec();
    run.vrrp.source = havip::vrrp::IpAddress::parse("10.0.0.9").value();  // resolved at start
    InstanceSpec next = spec();
    next.vrrp.priority = 120;
    next.vrrp.tracks[0].weight = -5;
    next.vrrp.garp.master_repeat = 2;
    next.notify_fault.argv = {"/bin/false"};
    apply_update(run, next);
    EXPECT_EQ(run.vrrp.priority, 120);
    EXPECT_EQ(run.vrrp.tracks[0].weight, -5);
    EXPECT_EQ(run.vrrp.garp.master_repeat, 2u);
    EXPECT_EQ(run.notify_fault.argv, next.notify_fault.argv);
    EXPECT_EQ(run.vrrp.source, havip::vrrp::IpAddress::parse("10.0.0.9").value());
}
