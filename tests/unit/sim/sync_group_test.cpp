// SPDX-License-Identifier: MIT
// A vrrp_sync_group in the simulator: the executor moves both members of a
// group when one member's tracked object fails, on every node.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim_helpers.hpp"

using namespace simtest;
using havip::vrrp::State;

namespace {

havip::vrrp::InstanceConfig member(const char* name, int vrid, int self, int peer, int prio, bool tracked) {
    havip::vrrp::InstanceConfig c;
    c.name = name;
    c.vrid = std::uint8_t(vrid);
    c.priority = std::uint8_t(prio);
    c.source = havip::vrrp::IpAddress::v4(192, 0, 2, std::uint8_t(self));
    c.peers = {havip::vrrp::IpAddress::v4(192, 0, 2, std::uint8_t(peer))};
    c.vips = {havip::vrrp::IpAddress::v4(192, 0, 2, std::uint8_t(100 + vrid))};
    if (tracked) c.tracks = {havip::vrrp::Track{"chk", 0, false, true, false}};
    c.sync_group = true;
    return c;
}

havip::sim::NodeSpec node(const char* name, int self, int peer, int prio) {
    havip::sim::NodeSpec n;
    n.name = name;
    n.instances = {member("VI_1", 51, self, peer, prio, false), member("VI_2", 52, self, peer, prio, true)};
    n.sync_groups = {{"VI_1", "VI_2"}};
    return n;
}

std::vector<std::string> masters_of(const havip::sim::Setup& s, const havip::sim::Result& r, int vrid) {
    std::vector<std::string> out;
    for (const auto& g : r.end_cluster0)
        if (g.vrid == vrid)
            for (auto n : g.masters) out.push_back(s.nodes[n].name);
    return out;
}

havip::sim::Setup setup(std::initializer_list<const char*> events, usec duration) {
    havip::sim::Setup s;
    s.nodes = {node("a", 1, 2, 100), node("b", 2, 1, 90)};
    for (const char* e : events) {
        havip::sim::EventSpec ev;
        EXPECT_EQ(havip::sim::parse_event(e, ev), "");
        s.events.push_back(ev);
    }
    s.duration = duration;
    EXPECT_EQ(havip::sim::validate(s), "");
    return s;
}

}  // namespace

TEST(SyncGroup, OneMembersTrackDownMovesBothInstances) {
    const auto s = setup({"track-down:a:chk@10s"}, 20 * kSec);
    const auto r = havip::sim::run(s);
    EXPECT_EQ(masters_of(s, r, 51), std::vector<std::string>{"b"});
    EXPECT_EQ(masters_of(s, r, 52), std::vector<std::string>{"b"});
    // VI_1 has no track of its own: its group took it to FAULT with VI_2.
    EXPECT_EQ(last_became(s, r, "a", State::Fault), 10 * kSec);
    std::size_t a_faults = 0;
    for (const auto& t : r.transitions)
        if (s.nodes[t.node].name == "a" && t.to == State::Fault) ++a_faults;
    EXPECT_EQ(a_faults, 2u);
}

TEST(SyncGroup, TheTrackBackBringsBothInstancesBack) {
    const auto s = setup({"track-down:a:chk@10s", "track-up:a:chk@20s"}, 40 * kSec);
    const auto r = havip::sim::run(s);
    EXPECT_EQ(masters_of(s, r, 51), std::vector<std::string>{"a"});
    EXPECT_EQ(masters_of(s, r, 52), std::vector<std::string>{"a"});
}
