// SPDX-License-Identifier: MIT
#include "node/plan_diff.hpp"

namespace havip::daemon {

namespace {

/// The settings of an instance that differ. Every member same_instance()
/// compares has a name here; "other" stands for anything this list misses.
std::vector<std::string> differing(const InstanceSpec& a, const InstanceSpec& b) {
    std::vector<std::string> out;
    auto add = [&](bool differs, const char* name) {
        if (differs) out.emplace_back(name);
    };
    const vrrp::InstanceConfig &x = a.vrrp, &y = b.vrrp;
    add(x.vrid != y.vrid, "virtual_router_id");
    add(x.version != y.version, "version");
    add(x.advert_interval != y.advert_interval, "advert_int");
    add(x.vips != y.vips, "virtual_ipaddress");
    add(x.auth_type != y.auth_type || x.auth_pass != y.auth_pass, "authentication");
    add(x.priority != y.priority, "priority");
    add(x.initial_state != y.initial_state, "state");
    add(x.nopreempt != y.nopreempt || x.preempt_delay != y.preempt_delay, "preempt");
    add(x.family != y.family || x.multicast_group != y.multicast_group, "family");
    add(x.source != y.source, "unicast_src_ip");
    add(x.peers != y.peers, "unicast_peer");
    add(a.peer_ttl != b.peer_ttl, "unicast_peer ttl");
    bool weights = x.tracks.size() != y.tracks.size(), tracks = a.tracks != b.tracks;
    for (std::size_t i = 0; i < x.tracks.size() && i < y.tracks.size(); ++i) {
        weights = weights || x.tracks[i].weight != y.tracks[i].weight;
        tracks = tracks || x.tracks[i].name != y.tracks[i].name || x.tracks[i].reverse != y.tracks[i].reverse ||
                 x.tracks[i].initially_up != y.tracks[i].initially_up;
    }
    add(tracks || x.tracks.size() != y.tracks.size(), "track");
    add(weights && x.tracks.size() == y.tracks.size(), "track weight");
    const vrrp::GarpConfig &g = x.garp, &h = y.garp;
    add(g.master_delay != h.master_delay || g.master_repeat != h.master_repeat ||
            g.master_refresh != h.master_refresh || g.master_refresh_repeat != h.master_refresh_repeat ||
            g.lower_prio_delay != h.lower_prio_delay || g.lower_prio_repeat != h.lower_prio_repeat,
        "garp");
    add(x.v3_checksum != y.v3_checksum || x.accept != y.accept || x.lower_prio_no_advert != y.lower_prio_no_advert ||
            x.higher_prio_send_advert != y.higher_prio_send_advert || x.track_interface != y.track_interface ||
            x.check_unicast_src != y.check_unicast_src || x.single_peer_fast_takeover != y.single_peer_fast_takeover ||
            x.down_timer_adverts != y.down_timer_adverts,
        "protocol options");
    add(a.interface != b.interface, "interface");
    add(a.vips != b.vips && x.vips == y.vips, "virtual_ipaddress options");
    add(a.use_vmac != b.use_vmac || a.vmac_name != b.vmac_name || a.vmac_xmit_base != b.vmac_xmit_base, "use_vmac");
    add(a.notify_master != b.notify_master || a.notify_backup != b.notify_backup || a.notify_fault != b.notify_fault ||
            a.notify_stop != b.notify_stop || a.notify != b.notify,
        "notify");
    add(a.routes != b.routes, "virtual_routes");
    if (out.empty() && !same_instance(a, b)) out.emplace_back("other");
    return out;
}

/// What VRRP peers must agree on: an advert whose VRID, version, interval, VIP
/// list or authentication differs from the receiver's is dropped.
bool lockstep_field(const std::string& f) {
    return f == "virtual_router_id" || f == "version" || f == "advert_int" || f == "virtual_ipaddress" ||
           f == "authentication";
}

}  // namespace

std::string_view change_name(Change c) {
    switch (c) {
        case Change::Kept:
            return "kept";
        case Change::Updated:
            return "updated";
        case Change::Restarted:
            return "restarted";
        case Change::Added:
            return "added";
        case Change::Removed:
            return "removed";
    }
    return "?";
}

bool PlanDiff::changed() const {
    if (!node_fields.empty()) return true;
    for (const auto& i : instances)
        if (i.change != Change::Kept) return true;
    return false;
}

std::size_t PlanDiff::count(Change c) const {
    std::size_t n = 0;
    for (const auto& i : instances) n += i.change == c;
    return n;
}

PlanDiff diff_plans(const NodeConfig& running, const NodeConfig& next) {
    PlanDiff d;
    d.old_node = running.name;
    d.new_node = next.name;
    for (const auto& run : running.instances) {
        const InstanceSpec* found = reload_match(next, run.vrrp.name);
        InstanceDiff i;
        i.name = run.vrrp.name;
        if (!found) {
            i.change = Change::Removed;
        } else {
            switch (reload_kind(run, *found)) {
                case Reload::Keep:
                    i.change = Change::Kept;
                    break;
                case Reload::Update:
                    i.change = Change::Updated;
                    break;
                case Reload::Restart:
                    i.change = Change::Restarted;
                    break;
            }
            i.fields = differing(run, *found);
            for (const auto& f : i.fields)
                if (lockstep_field(f)) i.lockstep.push_back(f);
        }
        d.instances.push_back(std::move(i));
    }
    for (const auto& spec : next.instances) {
        if (!reload_match(running, spec.vrrp.name))
            d.instances.push_back(InstanceDiff{spec.vrrp.name, Change::Added, {}, {}});
    }
    if (running.scripts != next.scripts) d.node_fields.emplace_back("vrrp_script");
    if (running.processes != next.processes) d.node_fields.emplace_back("vrrp_track_process");
    if (running.script_runas != next.script_runas) d.node_fields.emplace_back("script_user");
    if (running.script_security != next.script_security) d.node_fields.emplace_back("enable_script_security");
    if (running.garp_interval_us != next.garp_interval_us) d.node_fields.emplace_back("vrrp_garp_interval");
    if (running.gna_interval_us != next.gna_interval_us) d.node_fields.emplace_back("vrrp_gna_interval");
    if (running.startup_delay_ms != next.startup_delay_ms) d.node_fields.emplace_back("vrrp_startup_delay");
    if (running.static_addresses != next.static_addresses) d.node_fields.emplace_back("static_ipaddress");
    auto statics = [](const NodeConfig& c, bool rules) {
        std::vector<RouteSpec> out;
        for (const auto& r : c.static_routes)
            if (r.rule == rules) out.push_back(r);
        return out;
    };
    if (statics(running, false) != statics(next, false)) d.node_fields.emplace_back("static_routes");
    if (statics(running, true) != statics(next, true)) d.node_fields.emplace_back("static_rules");
    return d;
}

}  // namespace havip::daemon
