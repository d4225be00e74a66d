// SPDX-License-Identifier: MIT
// The executor's life: set-up of a plan, start, reload and graceful stop.
#include "exec/executor_impl.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

#include <fmt/format.h>

namespace havip::exec {

using sys::Level;
using sys::Status;

namespace {
std::uint64_t name_key(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: a stable per-instance ordering key
    for (char c : s) h = (h ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ull;
    return h;
}
constexpr int kRtScopeLink = 253;
constexpr std::int64_t kStopPollNs = 5'000'000;  // how often a graceful stop looks at its scripts

std::array<const Command*, 5> commands_of(const InstanceSpec& in) {
    return {&in.notify_master, &in.notify_backup, &in.notify_fault, &in.notify_stop, &in.notify};
}
std::array<const Command*, 5> commands_of(const daemon::SyncGroupSpec& g) {
    return {&g.notify_master, &g.notify_backup, &g.notify_fault, &g.notify_stop, &g.notify};
}
}  // namespace

// ---- the public face ----------------------------------------------------------

Executor::Executor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Executor::~Executor() = default;

sys::Result<std::unique_ptr<Executor>> Executor::create(sys::Host& host, Options opt, NodeConfig cfg) {
    auto impl = std::make_unique<Impl>(host, std::move(opt), std::move(cfg));
    if (Status st = impl->setup(); !st) return st;
    host.attach(impl.get());
    return std::unique_ptr<Executor>(new Executor(std::move(impl)));
}

void Executor::start() {
    Impl& d = *impl_;
    d.install_statics();  // keepalived: at start, before the instances and their startup delay
    if (d.cfg.startup_delay_ms <= 0) return d.start_all();
    auto t = d.host.add_timer([&d] { d.start_all(); });
    if (!t) {
        d.host.log(Level::error, "timer_failed", {{"error", t.message()}});
        return d.start_all();
    }
    d.start_timer = *t;
    d.host.arm(d.start_timer, d.cfg.startup_delay_ms * 1'000'000);
}

Status Executor::reload(NodeConfig next) { return impl_->reload(std::move(next)); }
void Executor::begin_stop() { impl_->begin_stop(); }
void Executor::notify_group(std::string name, vrrp::State to) { impl_->tail.group(std::move(name), to); }
bool Executor::stopping() const { return impl_->stopping; }
bool Executor::flush_tail(std::int64_t budget_ns) { return impl_->flush_tail(budget_ns); }
const NodeConfig& Executor::config() const { return impl_->cfg; }
std::size_t Executor::instance_count() const { return impl_->insts.size(); }

bool Executor::runs_as_other_user() const {
    const Impl& d = *impl_;
    auto other = [&d](const RunAs& ra) {
        if (ra.user.empty() || d.is_self(ra)) return false;
        auto cr = d.host.resolve_user(ra.user, ra.group);
        return !cr || d.switches_user(*cr);  // unknown: keep the capabilities, the run will report it
    };
    if (other(d.cfg.script_runas)) return true;
    for (const auto& s : d.cfg.scripts)
        if (other(s.cmd.runas)) return true;
    for (const auto& in : d.insts)
        for (const Command* c : commands_of(in->spec))
            if (other(c->runas)) return true;
    for (const auto& g : d.cfg.sync_groups)
        for (const Command* c : commands_of(g))
            if (other(c->runas)) return true;
    for (const auto& f : d.cfg.fifos)
        if (!f.script.argv.empty() && other(f.script.runas)) return true;
    return false;
}

std::vector<InstanceView> Executor::instances() const {
    std::vector<InstanceView> out;
    for (const auto& in : impl_->insts)
        out.push_back({in->spec.vrrp.name, in->fsm->state(), in->fsm->effective_priority(), in->vips_on, in->rx, in->tx,
                       in->transitions});
    return out;
}

void Executor::fill_metrics(metrics::Node& n) const {
    const Impl& d = *impl_;
    n.node = d.cfg.name;
    n.plan_checksum = d.cfg.plan_checksum;
    n.unmatched = &d.unmatched;
    for (const auto& s : d.scripts)
        if (s && !s->retired) n.scripts.push_back({s->spec.name, s->up});
    for (const auto& f : d.fifos) n.fifos.push_back({f.spec.path, f.written, f.dropped});
    for (const auto& g : d.groups) {
        metrics::SyncGroup m{g->spec.name, g->state, g->transitions, g->last_transition_unix_ms, {}};
        for (const Inst* in : g->members) m.members.push_back(in->spec.vrrp.name);
        n.groups.push_back(std::move(m));
    }
    n.instances.reserve(d.insts.size());
    for (const auto& in : d.insts) {
        metrics::Instance m;
        m.name = in->spec.vrrp.name;
        m.vrid = in->spec.vrrp.vrid;
        m.state = in->fsm->state();
        m.priority = in->spec.vrrp.priority;
        m.effective_priority = in->fsm->effective_priority();
        m.adverts_sent = in->tx;
        m.adverts_received = in->rx;
        m.transitions = in->transitions;
        m.vips_held = in->vips_on ? in->spec.vips.size() : 0;
        m.drops = &in->drops;
        m.counters = in->counters;
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            m.tracks.push_back({in->spec.tracks[i].name,
                                in->spec.tracks[i].kind == TrackSpec::Kind::Interface ? "interface"
                                : in->spec.tracks[i].kind == TrackSpec::Kind::File    ? "file"
                                : in->spec.tracks[i].kind == TrackSpec::Kind::Process ? "process"
                                                                                      : "script",
                                in->fsm->track_up(i)});
        n.instances.push_back(std::move(m));
    }
}

std::string Executor::stats_text() const {
    const Impl& d = *impl_;
    std::string out;
    for (const auto& in : d.insts) {
        out += fmt::format("instance={} state={} priority={} rx={} tx={} transitions={}", in->spec.vrrp.name,
                           vrrp::state_name(in->fsm->state()), in->fsm->effective_priority(), in->rx, in->tx,
                           in->transitions);
        for (std::size_t r = 1; r < vrrp::kDropReasonCount; ++r)
            if (in->drops[r])
                out +=
                    fmt::format(" drop_{}={}", vrrp::drop_reason_name(static_cast<vrrp::DropReason>(r)), in->drops[r]);
        out += '\n';
    }
    out += "unmatched";
    for (std::size_t r = 1; r < vrrp::kDropReasonCount; ++r)
        if (d.unmatched[r])
            out += fmt::format(" drop_{}={}", vrrp::drop_reason_name(static_cast<vrrp::DropReason>(r)), d.unmatched[r]);
    out += '\n';
    return out;
}

// ---- set-up -------------------------------------------------------------------

Executor::Impl::~Impl() {
    host.attach(nullptr);
    (void)flush_tail();  // the tail points at the instances
    close_fifos();
    for (auto& in : insts) release(*in);
    for (auto& s : scripts)
        if (s && s->timer.valid()) host.remove_timer(s->timer);
    if (start_timer.valid()) host.remove_timer(start_timer);
    if (stop_timer.valid()) host.remove_timer(stop_timer);
    if (file_retry_timer.valid()) host.remove_timer(file_retry_timer);
    if (proc_watching) {  // the watch's callbacks point at this executor
        drop_proc_tracks();
        (void)host.watch_processes(false, nullptr, nullptr);
    }
}

bool Executor::Impl::switches_user(const sys::Credentials& c) const {
    // Running "as root" when the daemon already is root needs no credential
    // change (and so no CAP_SETUID/CAP_SETGID left after the drop).
    return c.uid != host.euid() || c.gid != host.egid();
}

bool Executor::Impl::is_self(const RunAs& ra) const {
    auto root = [](const std::string& n) { return n == "root" || n == "0"; };
    return host.euid() == 0 && host.egid() == 0 && root(ra.user) && (ra.group.empty() || root(ra.group));
}

// Before anything changes on the host: every device an instance names exists, every
// instance passes the VRRP core's checks, and (opt.check_files) every program
// it runs is a trusted file.
Status Executor::Impl::validate_config(const NodeConfig& c) {
    std::set<std::string> names;
    for (const auto& in : c.instances) {
        if (!names.insert(in.vrrp.name).second)
            return Status::error(fmt::format("instance `{}` appears twice", in.vrrp.name));
        if (Status st = validate_instance(in); !st) return st;
    }
    // A static address or route on a device the host lacks is not refused
    // here: keepalived skips such a line and runs (install_statics says so).
    for (const auto& g : c.sync_groups)
        for (const Command* cmd : commands_of(g))
            if (Status st = trusted(*cmd, fmt::format("sync group `{}`: notify script", g.name)); !st) return st;
    for (const auto& s : c.scripts)
        if (Status st = trusted(s.cmd, fmt::format("vrrp_script `{}`", s.name)); !st) return st;
    for (const auto& f : c.fifos)
        if (Status st = trusted(f.script, "notify fifo script"); !st) return st;
    return {};
}

Status Executor::Impl::validate_instance(const InstanceSpec& in) {
    auto idx = host.ifindex(in.interface);
    if (!idx) return Status::error(fmt::format("instance `{}`: {}", in.vrrp.name, idx.message()));
    for (const auto& r : in.routes)
        if (!r.rule && !r.dev.empty())
            if (auto d = host.ifindex(r.dev); !d)
                return Status::error(fmt::format("instance `{}`: route dev: {}", in.vrrp.name, d.message()));
    for (const auto& v : in.vips)
        if (!v.dev.empty())
            if (auto d = host.ifindex(v.dev); !d)
                return Status::error(fmt::format("instance `{}`: VIP {}: {}", in.vrrp.name, v.addr.str(), d.message()));
    vrrp::InstanceConfig probe = in.vrrp;
    if (probe.source.is_unspecified()) probe.source.family = probe.family;
    if (auto e = vrrp::check(probe); e != vrrp::ConfigError::Ok)
        return Status::error(fmt::format("instance `{}`: {}", in.vrrp.name, vrrp::config_error_name(e)));
    for (const Command* cmd : commands_of(in))
        if (Status st = trusted(*cmd, fmt::format("instance `{}`: notify script", in.vrrp.name)); !st) return st;
    return {};
}

Status Executor::Impl::trusted(const Command& cmd, std::string_view what) {
    if (!opt.check_files || cmd.argv.empty()) return {};
    if (Status st = host.check_trusted_file(cmd.argv[0]); !st)
        return Status::error(fmt::format("{} refused: {}", what, st.message()));
    return {};
}

Status Executor::Impl::resolve_scripts(const NodeConfig& c, std::vector<std::unique_ptr<ScriptState>>& out,
                                       std::vector<std::unique_ptr<ScriptState>>* reuse) {
    for (const auto& s : c.scripts) {
        std::unique_ptr<ScriptState> st;
        if (reuse)
            for (auto& old : *reuse)
                if (old && !old->retired && old->spec == s) st = std::move(old);
        if (!st) {
            st = std::make_unique<ScriptState>();
            st->spec = s;
            st->up = !s.init_fail;
            const RunAs& ra = s.cmd.runas.user.empty() ? c.script_runas : s.cmd.runas;
            if (!ra.user.empty() && !is_self(ra)) {
                auto cr = host.resolve_user(ra.user, ra.group);
                if (!cr) return Status::error(fmt::format("vrrp_script `{}`: {}", s.name, cr.message()));
                st->as_user = switches_user(*cr);
                st->creds = *cr;
            }
        }
        out.push_back(std::move(st));
    }
    return {};
}

Status Executor::Impl::setup() {
    if (Status st = validate_config(cfg); !st) return st;
    if (Status st = resolve_scripts(cfg, scripts, nullptr); !st) return st;
    if (Status st = watch_files(cfg); !st) return st;
    if (Status st = watch_processes(cfg); !st) return st;
    warm_credentials();
    sync_fifos(cfg);
    for (const auto& spec : cfg.instances) {
        auto in = std::make_unique<Inst>();
        in->spec = spec;
        if (Status st = prepare(*in, true); !st) {
            release(*in);
            return st;
        }
        in->index = insts.size();
        insts.push_back(std::move(in));
    }
    bind_groups();
    drop_config_instances();
    return {};
}

InstanceSpec planned(const Inst& in) {
    InstanceSpec p = in.spec;
    p.vrrp.source = in.planned_source;
    p.vrrp.previous_vips.clear();
    p.vrrp.previous_interval = 0;
    return p;
}

/// The advert source: the plan's, else the interface's own address (never a
/// VIP), else a static_ipaddress on the interface.
Status Executor::Impl::choose_source(Inst& in, int fam, const std::vector<sys::AddrEntry>& addrs) {
    auto is_vip = [&](const sys::IpAddr& a) {
        for (const auto& other : cfg.instances)
            for (const auto& v : other.vips)
                if (v.addr == a) return true;
        return false;
    };
    in.planned_source = in.spec.vrrp.source;
    if (in.spec.vrrp.source.is_unspecified()) {
        // The interface's own address, never a VIP (a VIP as source is split brain).
        for (const auto& e : addrs) {
            if (is_vip(e.addr)) continue;
            if (fam == 4 && e.scope == 0) {
                in.src = e.addr;
                break;
            }
            if (fam == 6 && e.scope == kRtScopeLink) {
                in.src = e.addr;
                break;
            }
        }
        // Or one of the node's static_ipaddress on it: start() adds those
        // before any instance runs (keepalived too).
        for (const auto& sa : cfg.static_addresses) {
            if (in.src.valid()) break;
            if (sa.dev == in.spec.interface && !is_vip(sa.addr) &&
                (fam == 4 ? sa.addr.is_v4() && sa.scope == 0 : !sa.addr.is_v4() && sa.addr.is_link_local()))
                in.src = sa.addr;
        }
        if (!in.src.valid())
            return Status::error(fmt::format("instance `{}`: no usable IPv{} address on {} to send adverts from",
                                             in.spec.vrrp.name, fam, in.spec.interface));
        in.spec.vrrp.source = in.src;
    } else {
        in.src = in.spec.vrrp.source;
    }
    return {};
}

Status Executor::Impl::prepare(Inst& in, bool at_start) {
    const std::string& name = in.spec.vrrp.name;
    in.key = name_key(name);
    auto idx = host.ifindex(in.spec.interface);
    if (!idx) return Status::error(fmt::format("instance `{}`: {}", name, idx.message()));
    in.ifindex = *idx;
    auto li = host.link(in.ifindex);
    if (!li) return li.status();
    in.mac = li->mac;
    int fam = in.spec.vrrp.family == vrrp::Family::V4 ? 4 : 6;
    if (in.spec.use_vmac) {
        std::string vname = in.spec.vmac_name.empty() ? fmt::format("vrrp.{}", in.spec.vrrp.vrid) : in.spec.vmac_name;
        if (auto old = host.link(std::string_view(vname)); old && old->kind == "macvlan") {
            (void)host.delete_link(old->ifindex);  // left by a killed earlier run
            host.log(Level::notice, "stale_vmac_removed", {{"instance", name}, {"dev", vname}});
        }
        auto v = host.create_macvlan(vname, in.ifindex, sys::MacAddr::vrrp(in.spec.vrrp.vrid, fam));
        if (!v) return Status::error(fmt::format("instance `{}`: {}", name, v.message()));
        in.vmac_ifindex = *v;
        in.created_vmac = true;
        in.mac = sys::MacAddr::vrrp(in.spec.vrrp.vrid, fam);
    }
    in.tx_ifindex = in.spec.use_vmac && !in.spec.vmac_xmit_base ? in.vmac_ifindex : in.ifindex;

    auto addrs = host.addresses(in.ifindex, fam);
    if (!addrs) return addrs.status();
    for (const auto& e : *addrs)
        if (fam == 6 && e.scope == kRtScopeLink) {
            in.na_src = e.addr;
            break;
        }
    if (Status st = choose_source(in, fam, *addrs); !st) return st;
    in.dsts.clear();
    for (const auto& p : in.spec.vrrp.peers) in.dsts.push_back(p);
    if (in.dsts.empty()) in.dsts.push_back(in.spec.vrrp.multicast_group);

    if (Status st = resolve_vips(in); !st) return st;
    if (Status st = resolve_routes(in); !st) return st;
    if (auto e = vrrp::check(in.spec.vrrp); e != vrrp::ConfigError::Ok)
        return Status::error(fmt::format("instance `{}`: {}", name, vrrp::config_error_name(e)));
    in.fsm = std::make_unique<vrrp::Fsm>(in.spec.vrrp);
    Inst* ip = &in;
    auto t = host.add_timer([this, ip] {
        execute(*ip, ip->fsm->poll_timers(now_us()));
        rearm(*ip);
    });
    if (!t) return t.status();
    in.timer = *t;
    auto bt = host.add_timer([this, ip] { announce_round(*ip); });
    if (!bt) return bt.status();
    in.burst_timer = *bt;
    if (!in.spec.vrrp.unicast()) {
        if (Status st = host.join_group(fam, in.ifindex); !st)
            return Status::error(fmt::format("instance `{}`: {}", name, st.message()));
        in.joined = true;
    }
    // A killed master's VIPs: kept when this start can resume as master at
    // once (it did not wait: no startup delay), removed otherwise, so that a
    // backup never answers for them.
    // Its routes and rules follow the VIPs' fate.
    in.stale_vips = at_start && cfg.startup_delay_ms == 0 && in.fsm->can_resume() && has_stale_vips(in);
    if (!in.stale_vips) {
        remove_stale_routes(in);
        remove_stale_vips(in);
    }
    return {};
}

Status Executor::Impl::resolve_vips(Inst& in) {
    in.vip_ifindex.clear();
    in.vip_mac.clear();
    for (const auto& v : in.spec.vips) {
        int vi = in.spec.use_vmac ? in.vmac_ifindex : in.ifindex;
        sys::MacAddr vm = in.mac;
        if (!v.dev.empty()) {
            auto d = host.link(std::string_view(v.dev));
            if (!d) return Status::error(fmt::format("instance `{}`: {}", in.spec.vrrp.name, d.message()));
            vi = d->ifindex;
            vm = d->mac;
        }
        in.vip_ifindex.push_back(vi);
        in.vip_mac.push_back(vm);
    }
    return {};
}

void Executor::Impl::update_in_place(Inst& in, const InstanceSpec& next) {
    const std::uint8_t was = in.spec.vrrp.priority;
    const vrrp::usec old_interval = in.spec.vrrp.advert_interval;
    const std::vector<VipSpec> old_vips = in.spec.vips;
    const std::vector<int> old_ifindex = in.vip_ifindex;
    const std::vector<RouteSpec> old_routes = in.spec.routes;
    const std::vector<int> old_oif = in.route_oif;
    daemon::apply_update(in.spec, next);
    Status resolved = resolve_vips(in);
    if (resolved) resolved = resolve_routes(in);
    if (!resolved) {  // validate_config saw the devices: only a race
        host.log(Level::error, "instance_update_failed",
                 {{"instance", in.spec.vrrp.name}, {"error", resolved.message()}});
    }
    // The VIPs a master holds move in place: the ones gone or changed (label,
    // prefix, scope, device) are removed, the new ones added and announced; the
    // others stay untouched, so a VIP that did not change never stops answering.
    std::size_t added = 0, removed = 0;
    if (in.vips_on) {
        auto same = [](const VipSpec& a, int ia, const VipSpec& b, int ib) { return same_address(a, b) && ia == ib; };
        vip_scratch.clear();
        for (std::size_t i = 0; i < old_vips.size(); ++i) {
            bool kept = false;
            for (std::size_t j = 0; j < in.spec.vips.size() && !kept; ++j)
                kept = same(old_vips[i], old_ifindex[i], in.spec.vips[j], in.vip_ifindex[j]);
            if (kept) continue;
            vip_scratch.push_back(vip_change(old_vips[i], old_ifindex[i], false));
        }
        removed = vip_scratch.size();
        if (removed) tail.vips(&in, false, vip_scratch);
        vip_scratch.clear();
        for (std::size_t j = 0; j < in.spec.vips.size(); ++j) {
            bool had = false;
            for (std::size_t i = 0; i < old_vips.size() && !had; ++i)
                had = same(old_vips[i], old_ifindex[i], in.spec.vips[j], in.vip_ifindex[j]);
            if (had) continue;
            vip_scratch.push_back(vip_change(in.spec.vips[j], in.vip_ifindex[j], true));
        }
        added = vip_scratch.size();
        if (added) {
            tail.vips(&in, true, vip_scratch);
            tail.announce(&in, std::max<std::uint32_t>(1, in.spec.vrrp.garp.master_repeat));
        }
        if (resolved && in.route_oif.size() == in.spec.routes.size()) update_routes(in, old_routes, old_oif);
    }
    host.log(Level::notice, "instance_updated",
             {{"instance", in.spec.vrrp.name},
              {"priority_was", int(was)},
              {"priority", int(in.spec.vrrp.priority)},
              {"vips_added", added},
              {"vips_removed", removed}});
    begin_rollout(in, old_vips, old_interval);
    step(in, vrrp::Event::of(vrrp::EventKind::ConfigChanged));
}

// A peer drops adverts whose VIP list (v2: interval) differs from its own, so
// the two nodes of a pair cannot reload at the same instant without one of them
// dropping the other's adverts for a while. The node that reloads first keeps
// accepting its peer's adverts with the previous list/interval for
// kRolloutGraceUs, or until the peer sends the current ones: reloading the
// backup first, then the master within that time, keeps one master throughout.
// (A keepalived peer has no such grace: it must reload last, right after.)
void Executor::Impl::begin_rollout(Inst& in, const std::vector<VipSpec>& old_vips, vrrp::usec old_interval) {
    std::vector<vrrp::IpAddress> before;
    before.reserve(old_vips.size());
    for (const auto& v : old_vips) before.push_back(v.addr);
    std::vector<vrrp::IpAddress> now;
    now.reserve(in.spec.vips.size());
    for (const auto& v : in.spec.vips) now.push_back(v.addr);
    auto as_set = [](std::vector<vrrp::IpAddress> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    const bool list = as_set(before) != as_set(now);
    const bool interval = in.spec.vrrp.version == 2 && old_interval != in.spec.vrrp.advert_interval;
    if (!list && !interval) return;
    in.spec.vrrp.previous_vips = list ? std::move(before) : std::vector<vrrp::IpAddress>{};
    in.spec.vrrp.previous_interval = interval ? old_interval : 0;
    in.rollout_until_us = now_us() + kRolloutGraceUs;
    in.rollout_accepted = 0;
    host.log(Level::warning, "rollout_started",
             {{"instance", in.spec.vrrp.name},
              {"changed", list && interval ? "vips,advert_int"
                          : list           ? "vips"
                                           : "advert_int"},
              {"grace_s", kRolloutGraceUs / 1'000'000},
              {"why",
               "a peer drops adverts that differ: reload it with the same plan (the backup before the "
               "master); until then its adverts with the previous values are accepted here"}});
}

bool Executor::Impl::rollout_advert(Inst& in, const vrrp::RxResult& rx, const sys::IpAddr& src) {
    if (in.rollout_until_us == 0) return true;
    auto end = [&](const char* event) {
        in.spec.vrrp.previous_vips.clear();
        in.spec.vrrp.previous_interval = 0;
        in.rollout_until_us = 0;
        host.log(rx.previous ? Level::warning : Level::info, event, {{"instance", in.spec.vrrp.name}, {"src", src}});
    };
    if (!rx.previous) {
        end("rollout_complete");  // the peer sends the current values: it has reloaded
        return true;
    }
    if (now_us() < in.rollout_until_us) {
        ++in.rollout_accepted;
        if (in.rollout_accepted == 1)
            host.log(Level::notice, "advert_previous_plan",
                     {{"instance", in.spec.vrrp.name}, {"src", src}, {"why", "the peer has not reloaded yet"}});
        return true;
    }
    end("rollout_expired");
    return false;
}

void Executor::Impl::release(Inst& in) {
    if (in.joined) {
        (void)host.leave_group(in.spec.vrrp.family == vrrp::Family::V4 ? 4 : 6, in.ifindex);
        in.joined = false;
    }
    if (in.timer.valid()) host.remove_timer(in.timer);
    if (in.burst_timer.valid()) host.remove_timer(in.burst_timer);
    in.timer = in.burst_timer = sys::HostTimer{};
    if (in.created_vmac) {
        (void)host.delete_link(in.vmac_ifindex);
        in.created_vmac = false;
    }
}

// ---- start and stop -----------------------------------------------------------

void Executor::Impl::start_all() {
    if (stopping) return;
    for (auto& in : insts) start(*in);
    for (auto& g : groups) sync_after(*g);  // every member started: the group's first state
    start_scripts();
}

void Executor::Impl::start(Inst& in) {
    std::int64_t now = now_us();
    const bool resume = in.stale_vips;
    in.stale_vips = false;
    if (resume) host.log(Level::notice, "resume", {{"instance", in.spec.vrrp.name}, {"vips", in.spec.vips.size()}});
    execute(in, in.fsm->step(now, vrrp::Event::startup(resume)));
    // Resumed but not master (a fault at start): the VIPs go as a backup's would.
    if (resume && in.fsm->state() != vrrp::State::Master) {
        remove_stale_routes(in);
        remove_stale_vips(in);
    }
    // Current link and script states: only differences from the assumed ones are events.
    if (in.spec.vrrp.track_interface) {
        auto li = host.link(in.ifindex);
        if (li && !(li->up && li->running)) execute(in, in.fsm->step(now, vrrp::Event::interface_changed(false)));
    }
    for (std::size_t i = 0; i < in.spec.tracks.size() && i < in.spec.vrrp.tracks.size(); ++i) {
        const auto& t = in.spec.tracks[i];
        if (t.kind == TrackSpec::Kind::File) {
            start_file_track(in, i);
            continue;
        }
        bool up = in.spec.vrrp.tracks[i].initially_up;
        if (t.kind == TrackSpec::Kind::Interface) {
            auto li = host.link(std::string_view(t.name));
            up = li && li->up && li->running;
        } else if (t.kind == TrackSpec::Kind::Process) {
            up = process_up(t.name);
        } else {
            for (auto& s : scripts)
                if (!s->retired && s->spec.name == t.name) up = s->up;
        }
        if (up != in.spec.vrrp.tracks[i].initially_up)
            execute(in, in.fsm->step(now, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), up)));
    }
    rearm(in);
}

void Executor::Impl::stop_instance(Inst& in) {
    execute(in, in.fsm->step(now_us(), vrrp::Event::of(vrrp::EventKind::Shutdown)));
    if (in.vips_on) set_vips(in, false);  // whatever the state machine said: no VIP outlives us
    host.disarm(in.timer);
    host.disarm(in.burst_timer);
}

void Executor::Impl::begin_stop() {
    if (stopping) return;
    stopping = true;
    if (start_timer.valid()) host.disarm(start_timer);
    for (auto& s : scripts) host.disarm(s->timer);
    for (auto& in : insts) stop_instance(*in);
    stop_groups();  // keepalived: the groups' STOP after every instance's
    // notify_stop scripts finish (or time out) before the daemon exits.
    stop_deadline = host.now_ns() + opt.stop_timeout_ns;
    auto t = host.add_timer([this] { check_stopped(); });
    if (!t) {
        remove_statics();
        host.kill_scripts();
        if (opt.stopped) opt.stopped();
        return;
    }
    stop_timer = *t;
    host.arm(stop_timer, 1, kStopPollNs);
}

void Executor::Impl::check_stopped() {
    // The tail first: it holds the notify_stop scripts and STOP lines not yet
    // written; then the FIFOs close, so their readers see the end and exit.
    if (tail.empty()) {
        remove_statics();  // keepalived: after the instances released their VIPs
        close_fifos();
    }
    if ((host.scripts_idle() && tail.empty()) || host.now_ns() > stop_deadline) {
        remove_statics();
        host.kill_scripts();
        host.disarm(stop_timer);
        if (opt.stopped) opt.stopped();
    }
}

// ---- reload -------------------------------------------------------------------

Status Executor::Impl::reload(NodeConfig next) {
    if (stopping) return Status::error("stopping");
    if (Status st = validate_config(next); !st) return st;
    std::vector<std::unique_ptr<ScriptState>> new_scripts;
    if (Status st = resolve_scripts(next, new_scripts, &scripts); !st) return st;
    if (Status st = watch_files(next, true); !st) return st;
    if (Status st = watch_processes(next); !st) return st;

    // Unchanged instances keep their state machine, and so do instances whose
    // changes apply in place (priority, weights, GARP, notify); the rest stop,
    // then start anew.
    std::vector<std::unique_ptr<Inst>> keep, drop;
    std::size_t updated = 0;
    syncing = true;  // groups are rebound below, then each follows its rule
    for (auto& in : insts) {
        // reload_match and reload_kind: havip-compile --diff calls them too.
        const InstanceSpec* found = daemon::reload_match(next, in->spec.vrrp.name);
        const daemon::Reload how = found ? daemon::reload_kind(planned(*in), *found) : daemon::Reload::Restart;
        if (how == daemon::Reload::Update) {
            update_in_place(*in, *found);
            ++updated;
        }
        (how == daemon::Reload::Restart ? drop : keep).push_back(std::move(in));
    }
    for (auto& in : drop) stop_instance(*in);
    (void)flush_tail();  // their VIPs, files and notify_stop before they go
    for (auto& in : drop) release(*in);
    // Scripts no longer planned stop being scheduled; a run in progress ends harmlessly.
    for (auto& s : scripts)
        if (s) {
            s->retired = true;
            host.disarm(s->timer);
        }
    for (auto& s : scripts)
        if (s && s->running) new_scripts.push_back(std::move(s));  // alive until its callback
    for (auto& s : scripts)
        if (s && s->timer.valid()) host.remove_timer(s->timer);  // retired and idle: gone
    scripts = std::move(new_scripts);
    const std::vector<RouteSpec> old_statics = std::move(cfg.static_routes);
    const std::vector<VipSpec> old_addresses = std::move(cfg.static_addresses);
    cfg = std::move(next);
    update_statics(old_statics, old_addresses);
    warm_credentials();  // a reload also picks up changed accounts
    sync_fifos(cfg);
    insts.clear();
    std::size_t kept = keep.size() - updated, started = 0;
    for (const auto& spec : cfg.instances) {
        std::unique_ptr<Inst> in;
        for (auto& k : keep)
            if (k && k->spec.vrrp.name == spec.vrrp.name) in = std::move(k);
        if (!in) {
            in = std::make_unique<Inst>();
            in->spec = spec;
            if (Status st = prepare(*in); !st) {
                host.log(Level::error, "instance_failed", {{"instance", spec.vrrp.name}, {"error", st.message()}});
                release(*in);
                continue;
            }
            in->index = insts.size();
            in->reloading = true;
            start(*in);
            in->reloading = false;
            ++started;
        }
        in->index = insts.size();
        insts.push_back(std::move(in));
    }
    bind_groups();
    drop_config_instances();
    syncing = false;
    for (auto& g : groups) sync_after(*g);
    start_scripts();
    push_process_status();
    host.log(Level::notice, "reloaded",
             {{"kept", kept}, {"updated", updated}, {"restarted", started}, {"stopped", drop.size()}});
    changed();
    return {};
}

}  // namespace havip::exec
