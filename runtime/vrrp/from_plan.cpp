// SPDX-License-Identifier: MIT
#include "vrrp/from_plan.hpp"

namespace havip::vrrp {

InstanceConfig from_plan(const plan::PlanView& plan, std::size_t index) {
    const plan::InstanceInfo in = plan.instance(index);
    InstanceConfig c;
    c.name = std::string(in.name);
    c.vrid = in.vrid;
    c.family = in.ipv6 ? Family::V6 : Family::V4;
    c.version = in.ipv6 ? 3 : in.version;  // keepalived: IPv6 forces v3
    c.priority = in.priority;
    c.initial_state = in.master ? InitialState::Master : InitialState::Backup;
    c.nopreempt = in.nopreempt;
    c.preempt_delay = usec(in.preempt_delay_s) * 1'000'000 + usec(in.preempt_delay_ms) * 1000;
    c.advert_interval = usec(in.advert_cs) * 10'000;
    // The plan's addresses are the core's (the loader checked each one's family).
    c.source = in.src.valid() ? in.src : IpAddress::unspecified(c.family);
    c.multicast_group = in.mcast_group.valid() ? in.mcast_group : c.family == Family::V4 ? kMulticastV4 : kMulticastV6;
    for (std::size_t i = in.peers.first; i < in.peers.end(); ++i) c.peers.push_back(plan.peer(i).addr);
    for (std::size_t i = in.vips.first; i < in.vips.end(); ++i) {
        const plan::VipInfo v = plan.vip(i);
        if (v.excluded) continue;
        // A VIP of the other family is never carried in this instance's adverts.
        if (v.addr.family == c.family) c.vips.push_back(v.addr);
    }
    c.auth_type = AuthType(std::uint8_t(in.auth));
    c.set_auth_pass(in.auth_pass);
    for (std::size_t i = in.tracks.first; i < in.tracks.end(); ++i) {
        const plan::TrackInfo t = plan.track(i);
        Track tr;
        tr.name = std::string(t.name);
        tr.weight = t.weight;
        tr.reverse = t.reverse;
        tr.valued = t.kind == plan::TrackKind::File;
        if (t.kind == plan::TrackKind::Script) {
            if (const auto s = plan.find_script(t.name)) {
                if (!t.has_weight) {
                    tr.weight = s->weight;
                    tr.reverse = s->reverse;
                }
                tr.initially_up = !s->init_fail;
            }
        }
        c.tracks.push_back(std::move(tr));
    }
    const plan::GarpInfo& g = in.garp;
    c.garp.master_delay = usec(g.master_delay_s) * 1'000'000;
    c.garp.master_repeat = g.master_repeat;
    c.garp.master_refresh = usec(g.master_refresh_s) * 1'000'000;
    c.garp.master_refresh_repeat = g.master_refresh_repeat;
    c.garp.lower_prio_delay = usec(g.lower_prio_delay_s) * 1'000'000;
    c.garp.lower_prio_repeat = g.lower_prio_repeat;
    c.v3_checksum = in.v3_checksum_as_v2 ? V3Checksum::MessageOnly : V3Checksum::PseudoHeader;
    c.accept = in.accept;
    c.lower_prio_no_advert = in.strict;
    c.track_interface = !in.dont_track_primary;
    c.check_unicast_src = true;
    return c;
}

}  // namespace havip::vrrp
