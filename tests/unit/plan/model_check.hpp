// SPDX-License-Identifier: MIT
#pragma once
// The round-trip oracle: a loaded plan compared field by field with the model
// it was written from. Values the plan stores as written are compared
// directly; the few it stores as keepalived would run them (version, advert
// interval, auth with VRRPv3, accept, GARP fallbacks…) are computed here from
// keepalived's documented rules, written out independently of the writer.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "plan/loader.hpp"

namespace havip::plan_test {

template <class T>
T effective(const model::Located<T>& inst, const model::Located<T>& global) {
    if (inst.set) return inst.value;
    return global.set ? global.value : inst.value;
}

inline std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

/// The instance's address family: its source, else its first VIP, else its first peer.
inline int family_of(const model::Instance& in) {
    if (in.unicast_src_ip.value.valid()) return in.unicast_src_ip.value.family;
    if (in.mcast_src_ip.value.valid()) return in.mcast_src_ip.value.family;
    if (!in.vips.empty()) return in.vips[0].addr.addr.family;
    if (!in.peers.empty()) return in.peers[0].addr.family;
    return 4;
}

inline void expect_children(const model::Instance& in, const plan::PlanView& v, const plan::InstanceInfo& pi);

inline void expect_instance(const model::Node& n, const model::Instance& in, const plan::PlanView& v,
                            const plan::InstanceInfo& pi) {
    SCOPED_TRACE("instance " + in.name);
    const auto& g = n.globals;
    EXPECT_EQ(pi.name, in.name);
    EXPECT_EQ(pi.interface, in.interface.value);
    EXPECT_EQ(pi.vrid, in.vrid.value);
    EXPECT_EQ(pi.priority, in.priority.value);
    EXPECT_EQ(pi.master, in.state.value == model::State::Master);
    const int fam = family_of(in);
    EXPECT_EQ(pi.ipv6, fam == 6);
    // keepalived runs IPv6 instances as VRRPv3.
    const int version = fam == 6 ? 3 : effective(in.version, g.vrrp_version);
    EXPECT_EQ(pi.version, version);
    // VRRPv3 has no authentication; PASS data is at most 8 bytes.
    const auto auth = version == 3 ? model::AuthType::None : in.auth_type.value;
    EXPECT_EQ(static_cast<int>(pi.auth), static_cast<int>(auth));
    EXPECT_EQ(pi.auth_pass, auth == model::AuthType::None ? "" : in.auth_pass.value.substr(0, 8));
    // v2 adverts carry whole seconds (rounded, at least 1), v3 centiseconds.
    const std::uint64_t us = in.advert_int_us.value;
    const auto cs = version == 3 ? (us + 5000) / 10000 : 100 * std::max<std::uint64_t>(1, (us + 500000) / 1000000);
    EXPECT_EQ(pi.advert_cs, cs);
    EXPECT_EQ(pi.nopreempt, in.nopreempt.value);
    EXPECT_EQ(pi.preempt_delay_s * 1000u + pi.preempt_delay_ms, in.preempt_delay_ms.value);
    const bool strict = in.strict.value || g.vrrp_strict.value;
    EXPECT_EQ(pi.strict, strict);
    EXPECT_EQ(pi.accept, !in.no_accept.value && (in.accept.value || !strict));
    EXPECT_EQ(pi.use_vmac, in.use_vmac.value);
    EXPECT_EQ(pi.vmac_xmit_base, in.vmac_xmit_base.value || (in.use_vmac.value && !in.peers.empty()));
    EXPECT_EQ(pi.vmac_name, in.vmac_name);
    EXPECT_EQ(pi.v3_checksum_as_v2, in.v3_checksum_as_v2.value);
    EXPECT_EQ(pi.skip_check_adv_addr, effective(in.skip_check_adv_addr, g.vrrp_skip_check_adv_addr));
    EXPECT_EQ(pi.dont_track_primary, in.dont_track_primary.value);
    EXPECT_EQ(pi.unicast_ttl, in.unicast_ttl.value);
    const auto& src = in.unicast_src_ip.value.valid() ? in.unicast_src_ip.value : in.mcast_src_ip.value;
    EXPECT_EQ(pi.src.str(), src.valid() ? src.str() : "-");
    const auto& group = fam == 6 ? g.vrrp_mcast_group6 : g.vrrp_mcast_group4;
    EXPECT_EQ(pi.mcast_group.str(), group.set && !group.value.empty() ? group.value : "-");
    const auto& ig = in.garp;
    const auto& gg = g.vrrp_garp;
    EXPECT_EQ(pi.garp.master_delay_s, effective(ig.master_delay_s, gg.master_delay_s));
    EXPECT_EQ(pi.garp.master_repeat, effective(ig.master_repeat, gg.master_repeat));
    EXPECT_EQ(pi.garp.master_refresh_s, effective(ig.master_refresh_s, gg.master_refresh_s));
    EXPECT_EQ(pi.garp.master_refresh_repeat, effective(ig.master_refresh_repeat, gg.master_refresh_repeat));
    EXPECT_EQ(pi.garp.lower_prio_delay_s, effective(ig.lower_prio_delay_s, gg.lower_prio_delay_s));
    EXPECT_EQ(pi.garp.lower_prio_repeat, effective(ig.lower_prio_repeat, gg.lower_prio_repeat));
    expect_children(in, v, pi);
}

/// The children carried as written (no effective-value rule): VIPs, then
/// excluded VIPs, in configuration order; peers; tracks; notify commands.
inline void expect_children(const model::Instance& in, const plan::PlanView& v, const plan::InstanceInfo& pi) {
    std::vector<std::pair<const model::Vip*, bool>> vips;
    for (const auto& x : in.vips) vips.emplace_back(&x, false);
    for (const auto& x : in.vips_excluded) vips.emplace_back(&x, true);
    ASSERT_EQ(pi.vips.count, vips.size());
    for (std::size_t k = 0; k < vips.size(); ++k) {
        const auto pv = v.vip(pi.vips.first + k);
        const auto& mv = *vips[k].first;
        EXPECT_EQ(pv.addr.family, mv.addr.addr.family);
        EXPECT_EQ(pv.addr.str(), mv.addr.addr.str());
        EXPECT_TRUE(std::equal(pv.addr.bytes.begin(), pv.addr.bytes.begin() + (mv.addr.addr.is_v4() ? 4 : 16),
                               mv.addr.addr.bytes.begin()));
        EXPECT_EQ(pv.prefix, mv.addr.prefix < 0 ? (mv.addr.addr.is_v4() ? 32 : 128) : mv.addr.prefix);
        EXPECT_EQ(pv.excluded, vips[k].second);
        EXPECT_EQ(pv.no_track, mv.no_track);
        EXPECT_EQ(pv.dev, mv.dev);
        EXPECT_EQ(pv.label, mv.label);
    }
    ASSERT_EQ(pi.peers.count, in.peers.size());
    for (std::size_t k = 0; k < in.peers.size(); ++k) {
        const auto pp = v.peer(pi.peers.first + k);
        EXPECT_EQ(pp.addr.str(), in.peers[k].addr.str());
        EXPECT_EQ(pp.min_ttl, in.peers[k].min_ttl.value_or(0));
        EXPECT_EQ(pp.max_ttl, in.peers[k].max_ttl.value_or(0));
    }
    ASSERT_EQ(pi.tracks.count, in.tracks.size());
    for (std::size_t k = 0; k < in.tracks.size(); ++k) {
        const auto pt = v.track(pi.tracks.first + k);
        EXPECT_EQ(static_cast<int>(pt.kind), static_cast<int>(in.tracks[k].kind));
        EXPECT_EQ(pt.name, in.tracks[k].name);
        EXPECT_EQ(pt.weight, in.tracks[k].weight);
        EXPECT_EQ(pt.has_weight, in.tracks[k].has_weight);
        EXPECT_EQ(pt.reverse, in.tracks[k].reverse);
    }
    const std::vector<std::pair<const model::Command*, plan::CommandKind>> cmds{
        {&in.notify_master, plan::CommandKind::Master},
        {&in.notify_backup, plan::CommandKind::Backup},
        {&in.notify_fault, plan::CommandKind::Fault},
        {&in.notify_stop, plan::CommandKind::Stop},
        {&in.notify, plan::CommandKind::Generic},
        {&in.notify_master_rx_lower_pri, plan::CommandKind::MasterRxLowerPri},
        {&in.notify_deleted, plan::CommandKind::Deleted}};
    std::size_t j = pi.commands.first;
    for (const auto& [c, kind] : cmds) {
        if (c->empty()) continue;
        ASSERT_LT(j, pi.commands.end());
        const auto pc = v.command(j++);
        EXPECT_EQ(pc.kind, kind);
        EXPECT_EQ(pc.argv.to_vector(), c->argv);
        EXPECT_EQ(pc.user, c->user());
        EXPECT_EQ(pc.group, c->group());
    }
    EXPECT_EQ(j, pi.commands.end());
}

/// Every node, script and instance field of the plan against the model.
inline void expect_plan_matches_model(const model::Node& n, const plan::PlanView& v) {
    SCOPED_TRACE("node " + n.name);
    const auto node = v.node();
    const auto& g = n.globals;
    EXPECT_EQ(node.name, n.name);
    EXPECT_EQ(node.enable_script_security, g.enable_script_security.value);
    EXPECT_EQ(node.check_unicast_src, g.vrrp_check_unicast_src.value);
    const auto ug = split_words(g.script_user.value);
    EXPECT_EQ(node.script_user, ug.empty() ? "" : ug[0]);
    EXPECT_EQ(node.script_group, ug.size() > 1 ? ug[1] : "");
    EXPECT_EQ(node.startup_delay_ms, g.vrrp_startup_delay_ms.value);
    EXPECT_EQ(node.garp_interval_us, g.vrrp_garp_interval_us.value);
    EXPECT_EQ(node.gna_interval_us, g.vrrp_gna_interval_us.value);

    ASSERT_EQ(v.script_count(), n.scripts.size());
    for (const auto& s : n.scripts) {
        SCOPED_TRACE("vrrp_script " + s.name);
        const auto ps = v.find_script(s.name);
        ASSERT_TRUE(ps.has_value());
        EXPECT_EQ(ps->argv.to_vector(), s.command.argv);
        EXPECT_EQ(ps->user, s.command.user());
        EXPECT_EQ(ps->group, s.command.group());
        EXPECT_EQ(ps->interval_ms, s.interval_ms.value);
        EXPECT_EQ(ps->timeout_ms, s.timeout_ms.value);
        EXPECT_EQ(ps->rise, s.rise.value);
        EXPECT_EQ(ps->fall, s.fall.value);
        EXPECT_EQ(ps->weight, s.weight.value);
        EXPECT_EQ(ps->reverse, s.reverse);
        EXPECT_EQ(ps->init_fail, s.init_fail);
    }
    for (std::size_t i = 1; i < v.script_count(); ++i) EXPECT_LT(v.script(i - 1).name, v.script(i).name);

    ASSERT_EQ(v.instance_count(), n.instances.size());
    for (const auto& in : n.instances) {
        const auto pi = v.find_instance(in.name);
        ASSERT_TRUE(pi.has_value()) << in.name;
        expect_instance(n, in, v, *pi);
    }
    for (std::size_t i = 1; i < v.instance_count(); ++i) EXPECT_LT(v.instance(i - 1).name, v.instance(i).name);
}

}  // namespace havip::plan_test
