// SPDX-License-Identifier: MIT
#include "node/from_plan.hpp"

#include <array>
#include <span>

#include "vrrp/from_plan.hpp"

namespace havip::daemon {

namespace {

Command command(const plan::StringList& argv, std::string_view user, std::string_view group) {
    Command c;
    c.argv = argv.to_vector();
    c.runas = RunAs{std::string(user), std::string(group)};
    return c;
}

RouteSpec route_spec(const plan::RouteInfo& r) {
    RouteSpec s;
    s.rule = r.kind == plan::RouteKind::Rule;
    s.family = r.family;
    s.dst = r.dst;
    s.dst_len = r.dst_len;
    s.src = r.src;
    s.src_len = r.src_len;
    s.via = r.via;
    s.dev = r.dev;
    s.oif = r.oif;
    s.table = r.table;
    s.priority = r.priority;
    s.scope = r.scope;
    s.type = r.type == 1 ? 0 : r.type;  // RTN_UNICAST written as 1 or 0
    s.onlink = r.onlink;
    s.no_track = r.no_track;
    s.has_fwmark = r.has_fwmark;
    s.fwmark = r.fwmark;
    s.fwmask = r.fwmask;
    return s;
}

/// The routes section's records go to their instances (the loader checked the
/// indexes), the node's (static_routes, static_rules) to the node.
void add_routes(const plan::PlanView& view, NodeConfig& out) {
    for (std::size_t k = 0; k < view.route_count(); ++k) {
        plan::RouteInfo r = view.route(k);
        if (r.instance == plan::kRouteOfNode)
            out.static_routes.push_back(route_spec(r));
        else if (r.instance < out.instances.size())
            out.instances[r.instance].routes.push_back(route_spec(r));
    }
}

/// The plan's sync groups (the loader checked that members exist, each in one group).
void add_sync_groups(const plan::PlanView& view, NodeConfig& out) {
    for (std::size_t i = 0; i < view.sync_group_count(); ++i) {
        const plan::SyncGroupInfo g = view.sync_group(i);
        SyncGroupSpec sg;
        sg.name = g.name;
        sg.members = g.members.to_vector();
        const std::array<Command*, plan::sync_group::kCommands> cmds{&sg.notify_master, &sg.notify_backup,
                                                                     &sg.notify_fault, &sg.notify_stop, &sg.notify};
        for (std::size_t k = 0; k < cmds.size(); ++k)
            *cmds[k] = command(g.notify[k].argv, g.notify[k].user, g.notify[k].group);
        for (auto& in : out.instances)
            for (const auto& m : sg.members)
                if (in.vrrp.name == m) in.vrrp.sync_group = true;
        out.sync_groups.push_back(std::move(sg));
    }
}

ProcessSpec process(const plan::ProcessInfo& p) {
    ProcessSpec ps;
    ps.name = p.name;
    ps.process = p.process;
    ps.params = p.params.to_vector();
    using M = ProcessSpec::Match;
    ps.match = !p.cmdline ? M::Comm : p.partial ? M::Partial : p.initial ? M::Initial : M::Exact;
    ps.quorum = p.quorum;
    if (p.quorum_max) ps.quorum_max = *p.quorum_max;
    ps.fork_delay_ms = p.fork_delay_ms;
    ps.terminate_delay_ms = p.terminate_delay_ms;
    return ps;
}

}  // namespace

base::Result<NodeConfig> from_plan(const plan::PlanView& view) {
    NodeConfig out;
    plan::NodeInfo node = view.node();
    out.name = node.name;
    out.script_runas = RunAs{std::string(node.script_user), std::string(node.script_group)};
    out.script_security = node.enable_script_security;
    out.garp_interval_us = node.garp_interval_us;
    out.gna_interval_us = node.gna_interval_us;
    out.startup_delay_ms = node.startup_delay_ms;

    for (std::size_t i = 0; i < view.script_count(); ++i) {
        plan::ScriptInfo s = view.script(i);
        ScriptSpec sp;
        sp.name = s.name;
        sp.cmd = command(s.argv, s.user, s.group);
        sp.interval_ms = s.interval_ms;
        sp.timeout_ms = s.timeout_ms;
        sp.rise = s.rise ? s.rise : 1;
        sp.fall = s.fall ? s.fall : 1;
        sp.init_fail = s.init_fail;
        out.scripts.push_back(std::move(sp));
    }

    for (std::size_t i = 0; i < view.fifo_count(); ++i) {
        plan::FifoInfo f = view.fifo(i);
        FifoSpec fs;
        fs.path = f.path;
        fs.owner = RunAs{std::string(f.owner_user), std::string(f.owner_group)};
        fs.script = command(f.script, f.script_user, f.script_group);
        out.fifos.push_back(std::move(fs));
    }
    for (std::size_t i = 0; i < view.process_count(); ++i) out.processes.push_back(process(view.process(i)));

    for (std::size_t i = 0; i < view.instance_count(); ++i) {
        plan::InstanceInfo p = view.instance(i);
        InstanceSpec in;
        // The VRRP core's own adapter decides every protocol setting (IPv6 forces
        // v3, strict implies lower_prio_no_advert, track weights...), so the daemon
        // and the simulator run the same instance from the same plan.
        in.vrrp = vrrp::from_plan(view, i);
        vrrp::InstanceConfig& c = in.vrrp;
        for (std::size_t k = p.peers.first; k < p.peers.end(); ++k) {
            plan::PeerInfo pi = view.peer(k);
            in.peer_ttl.push_back(PeerTtl{pi.min_ttl, pi.max_ttl});
        }
        for (std::size_t k = p.vips.first; k < p.vips.end(); ++k) {
            plan::VipInfo v = view.vip(k);
            VipSpec vs;
            vs.addr = v.addr;
            vs.prefix = v.prefix;
            vs.dev = v.dev;
            vs.label = v.label;
            vs.excluded = v.excluded;
            vs.scope = v.addr.is_v4() ? v.scope : 0;
            vs.no_track = v.no_track;
            in.vips.push_back(std::move(vs));
        }
        for (std::size_t k = p.tracks.first; k < p.tracks.end(); ++k) {
            plan::TrackInfo t = view.track(k);
            TrackSpec ts;
            ts.name = t.name;
            if (t.kind == plan::TrackKind::Interface) {
                ts.kind = TrackSpec::Kind::Interface;
            } else if (t.kind == plan::TrackKind::Script) {
                ts.kind = TrackSpec::Kind::Script;
                if (!view.find_script(t.name))
                    return base::Result<NodeConfig>::error("instance `" + std::string(p.name) + "`: track_script `" +
                                                           std::string(t.name) + "` is not defined");
            } else if (t.kind == plan::TrackKind::File) {
                if (t.path.empty())
                    return base::Result<NodeConfig>::error(
                        "instance `" + std::string(p.name) + "`: track_file `" + std::string(t.name) +
                        "` has no file (a plan from an older havip-compile: recompile it)");
                ts.kind = TrackSpec::Kind::File;
                ts.path = t.path;
                ts.init_file = t.init_file;
                ts.overwrite = t.overwrite;
                ts.init_value = t.init_value;
            } else if (t.kind == plan::TrackKind::Process) {
                if (!view.find_process(t.name))
                    return base::Result<NodeConfig>::error(
                        "instance `" + std::string(p.name) + "`: track_process `" + std::string(t.name) +
                        "` is not defined (a plan from an older havip-compile: recompile it)");
                ts.kind = TrackSpec::Kind::Process;
            } else {
                return base::Result<NodeConfig>::error("instance `" + std::string(p.name) + "`: track kind `" +
                                                       std::string(plan::track_kind_name(t.kind)) +
                                                       "` is not supported by havipd");
            }
            in.tracks.push_back(std::move(ts));
        }
        // One unicast peer: nobody else can take over when it resigns.
        c.single_peer_fast_takeover = c.peers.size() == 1;

        in.interface = p.interface;
        in.use_vmac = p.use_vmac;
        in.vmac_name = p.vmac_name;
        in.vmac_xmit_base = p.vmac_xmit_base;
        for (std::size_t k = p.commands.first; k < p.commands.end(); ++k) {
            plan::CommandInfo ci = view.command(k);
            Command cmd = command(ci.argv, ci.user, ci.group);
            switch (ci.kind) {
                case plan::CommandKind::Master:
                    in.notify_master = std::move(cmd);
                    break;
                case plan::CommandKind::Backup:
                    in.notify_backup = std::move(cmd);
                    break;
                case plan::CommandKind::Fault:
                    in.notify_fault = std::move(cmd);
                    break;
                case plan::CommandKind::Stop:
                    in.notify_stop = std::move(cmd);
                    break;
                case plan::CommandKind::Generic:
                    in.notify = std::move(cmd);
                    break;
                default:
                    break;  // notify_master_rx_lower_pri, notify_deleted: not run by havipd
            }
        }
        vrrp::InstanceConfig probe = c;
        if (auto e = vrrp::check(probe); e != vrrp::ConfigError::Ok)
            return base::Result<NodeConfig>::error("instance `" + std::string(p.name) +
                                                   "`: " + std::string(vrrp::config_error_name(e)));
        out.instances.push_back(std::move(in));
    }
    add_sync_groups(view, out);
    add_routes(view, out);
    for (std::size_t k = 0; k < view.static_address_count(); ++k) {
        plan::VipInfo v = view.static_address(k);
        out.static_addresses.push_back(VipSpec{v.addr, v.prefix, std::string(v.dev), std::string(v.label), false,
                                               v.addr.is_v4() ? v.scope : std::uint8_t{0}, v.no_track});
    }
    return out;
}

}  // namespace havip::daemon
