// SPDX-License-Identifier: MIT
#include "node/node_config.hpp"

namespace havip::daemon {

namespace {
bool same_tracks(const std::vector<vrrp::Track>& a, const std::vector<vrrp::Track>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].weight != b[i].weight || a[i].reverse != b[i].reverse ||
            a[i].initially_up != b[i].initially_up || a[i].valued != b[i].valued)
            return false;
    return true;
}

bool same_garp(const vrrp::GarpConfig& a, const vrrp::GarpConfig& b) {
    return a.master_delay == b.master_delay && a.master_repeat == b.master_repeat &&
           a.master_refresh == b.master_refresh && a.master_refresh_repeat == b.master_refresh_repeat &&
           a.lower_prio_delay == b.lower_prio_delay && a.lower_prio_repeat == b.lower_prio_repeat;
}

bool same_vrrp(const vrrp::InstanceConfig& a, const vrrp::InstanceConfig& b) {
    return a.name == b.name && a.vrid == b.vrid && a.version == b.version && a.priority == b.priority &&
           a.initial_state == b.initial_state && a.nopreempt == b.nopreempt && a.preempt_delay == b.preempt_delay &&
           a.advert_interval == b.advert_interval && a.family == b.family && a.source == b.source &&
           a.peers == b.peers && a.multicast_group == b.multicast_group && a.vips == b.vips &&
           a.auth_type == b.auth_type && a.auth_pass == b.auth_pass && same_tracks(a.tracks, b.tracks) &&
           same_garp(a.garp, b.garp) && a.v3_checksum == b.v3_checksum && a.accept == b.accept &&
           a.lower_prio_no_advert == b.lower_prio_no_advert && a.higher_prio_send_advert == b.higher_prio_send_advert &&
           a.track_interface == b.track_interface && a.check_unicast_src == b.check_unicast_src &&
           a.single_peer_fast_takeover == b.single_peer_fast_takeover && a.down_timer_adverts == b.down_timer_adverts &&
           a.sync_group == b.sync_group;
}
}  // namespace

bool same_instance(const InstanceSpec& a, const InstanceSpec& b) {
    return same_vrrp(a.vrrp, b.vrrp) && a.interface == b.interface && a.vips == b.vips && a.tracks == b.tracks &&
           a.peer_ttl == b.peer_ttl && a.use_vmac == b.use_vmac && a.vmac_name == b.vmac_name &&
           a.vmac_xmit_base == b.vmac_xmit_base && a.notify_master == b.notify_master &&
           a.notify_backup == b.notify_backup && a.notify_fault == b.notify_fault && a.notify_stop == b.notify_stop &&
           a.notify == b.notify && a.routes == b.routes;
}

void apply_update(InstanceSpec& spec, const InstanceSpec& next) {
    if (spec.vrrp.priority != 255 && next.vrrp.priority != 255) spec.vrrp.priority = next.vrrp.priority;
    if (spec.vrrp.tracks.size() == next.vrrp.tracks.size())
        for (std::size_t i = 0; i < spec.vrrp.tracks.size(); ++i)
            spec.vrrp.tracks[i].weight = next.vrrp.tracks[i].weight;
    spec.vrrp.garp = next.vrrp.garp;
    spec.notify_master = next.notify_master;
    spec.notify_backup = next.notify_backup;
    spec.notify_fault = next.notify_fault;
    spec.notify_stop = next.notify_stop;
    spec.notify = next.notify;
    spec.peer_ttl = next.peer_ttl;
    // The VIP set, labels and devices, and the advert interval: keepalived
    // changes them without a transition (the executor moves the addresses).
    spec.vips = next.vips;
    spec.vrrp.vips = next.vrrp.vips;
    spec.vrrp.advert_interval = next.vrrp.advert_interval;
    // Routes and rules are the executor's alone (no peer sees them): a master
    // moves them in place as it moves VIPs.
    spec.routes = next.routes;
}

Reload reload_kind(const InstanceSpec& running, const InstanceSpec& next) {
    if (same_instance(running, next)) return Reload::Keep;
    InstanceSpec updated = running;
    apply_update(updated, next);
    return same_instance(updated, next) ? Reload::Update : Reload::Restart;
}

const InstanceSpec* reload_match(const NodeConfig& next, const std::string& name) {
    const InstanceSpec* found = nullptr;
    for (const auto& spec : next.instances)
        if (spec.vrrp.name == name) found = &spec;
    return found;
}

}  // namespace havip::daemon
