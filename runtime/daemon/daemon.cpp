// SPDX-License-Identifier: MIT
// havipd's engine: set-up, start, signals, reload and graceful stop.
#include "daemon/daemon_impl.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "sys/files.hpp"
#include "sys/log.hpp"
#include "sys/privileges.hpp"
#include "sys/sd_notify.hpp"

namespace havip::daemon {

using sys::Level;
using sys::log_event;
using sys::Status;

sys::IpAddr to_sys(const vrrp::IpAddress& a) {
    return sys::IpAddr::from_bytes(a.bytes.data(), a.family == vrrp::Family::V4 ? 4 : 6);
}

vrrp::IpAddress to_vrrp(const sys::IpAddr& a) {
    vrrp::IpAddress r;
    r.family = a.family == 6 ? vrrp::Family::V6 : vrrp::Family::V4;
    std::memcpy(r.bytes.data(), a.bytes.data(), a.size());
    return r;
}

namespace {
std::uint64_t name_key(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: a stable per-instance ordering key
    for (char c : s) h = (h ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ull;
    return h;
}
constexpr int kRtScopeLink = 253;
constexpr int kFlushBoundMs = 2000;  // at exit, for files the writer has not written yet
constexpr std::int64_t kTailBudgetNs = 2'000'000;  // per pass of the loop, for the transitions' tail
}  // namespace

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Daemon::~Daemon() {
    if (!impl_) return;
    (void)impl_->flush_tail();  // the tail points at the instances
    for (auto& in : impl_->insts) impl_->release(*in);
}

sys::Result<std::unique_ptr<Daemon>> Daemon::create(DaemonOptions opt, NodeConfig cfg) {
    auto impl = std::make_unique<Impl>();
    impl->opt = std::move(opt);
    impl->cfg = std::move(cfg);
    if (Status st = impl->setup(); !st) return st;
    return std::unique_ptr<Daemon>(new Daemon(std::move(impl)));
}

bool switches_user(const sys::Credentials& c) {
    // Running "as root" when havipd already is root needs no credential change
    // (and so no CAP_SETUID/CAP_SETGID left after the drop).
    return c.uid != ::geteuid() || c.gid != ::getegid();
}

bool is_self(const RunAs& ra) {
    auto root = [](const std::string& n) { return n == "root" || n == "0"; };
    return ::geteuid() == 0 && ::getegid() == 0 && root(ra.user) && (ra.group.empty() || root(ra.group));
}

bool Daemon::Impl::can_run_as_user() const {
    auto other = [](const RunAs& ra) {
        if (ra.user.empty() || is_self(ra)) return false;
        auto cr = sys::resolve_user(ra.user, ra.group);
        return !cr || switches_user(*cr);  // unknown: keep the capabilities, the run will report it
    };
    if (other(cfg.script_runas)) return true;
    for (const auto& s : cfg.scripts)
        if (other(s.cmd.runas)) return true;
    for (const auto& in : cfg.instances)
        for (const Command* c : {&in.notify_master, &in.notify_backup, &in.notify_fault, &in.notify_stop, &in.notify})
            if (other(c->runas)) return true;
    return false;
}

Status Daemon::Impl::validate_config(const NodeConfig& c) {
    std::set<std::string> names;
    for (const auto& in : c.instances) {
        if (!names.insert(in.vrrp.name).second)
            return Status::error(fmt::format("instance `{}` appears twice", in.vrrp.name));
        auto idx = nl->ifindex(in.interface);
        if (!idx) return Status::error(fmt::format("instance `{}`: {}", in.vrrp.name, idx.message()));
        for (const auto& v : in.vips)
            if (!v.dev.empty()) {
                auto d = nl->ifindex(v.dev);
                if (!d) return Status::error(fmt::format("instance `{}`: VIP {}: {}", in.vrrp.name, v.addr.str(), d.message()));
            }
        vrrp::InstanceConfig probe = in.vrrp;
        if (probe.source.is_unspecified()) probe.source.family = probe.family;
        if (auto e = vrrp::check(probe); e != vrrp::ConfigError::Ok)
            return Status::error(fmt::format("instance `{}`: {}", in.vrrp.name, vrrp::config_error_name(e)));
        if (opt.check_files) {
            for (const Command* cmd : {&in.notify_master, &in.notify_backup, &in.notify_fault, &in.notify_stop, &in.notify})
                if (!cmd->argv.empty())
                    if (Status st = sys::check_trusted_file(cmd->argv[0]); !st)
                        return Status::error(fmt::format("instance `{}`: notify script refused: {}", in.vrrp.name, st.message()));
        }
    }
    if (opt.check_files)
        for (const auto& s : c.scripts)
            if (!s.cmd.argv.empty())
                if (Status st = sys::check_trusted_file(s.cmd.argv[0]); !st)
                    return Status::error(fmt::format("vrrp_script `{}` refused: {}", s.name, st.message()));
    return {};
}

Status Daemon::Impl::resolve_scripts(const NodeConfig& c, std::vector<std::unique_ptr<ScriptState>>& out,
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
                auto cr = sys::resolve_user(ra.user, ra.group);
                if (!cr) return Status::error(fmt::format("vrrp_script `{}`: {}", s.name, cr.message()));
                st->as_user = switches_user(*cr);
                st->creds = *cr;
            }
        }
        out.push_back(std::move(st));
    }
    return {};
}

Status Daemon::Impl::setup() {
    auto l = sys::EventLoop::create();
    if (!l) return l.status();
    loop = std::move(l).value();
    // A timer more than 10 ms late is a lag worth a line (the goal at 255 instances).
    loop->on_lag(std::chrono::milliseconds(10), [this](std::int64_t ns) { on_lag(ns); });
    // The tail of a wakeup's transitions, 2 ms of it at a time (VIP changes
    // always whole): the rest waits for the next pass, after due timers and adverts.
    loop->before_wait([this] { return flush_tail(kTailBudgetNs); });
    // Before anything changes on the host (a port in use stops the start here),
    // and before the privilege drop (a port below 1024 needs it).
    if (Status st = open_metrics(); !st) return st;
    auto n = sys::Netlink::open();
    if (!n) return n.status();
    nl = std::move(n).value();
    runner = std::make_unique<sys::ScriptRunner>(*loop);
    if (Status st = validate_config(cfg); !st) return st;
    if (Status st = resolve_scripts(cfg, scripts, nullptr); !st) return st;
    warm_credentials();

    bool v4 = false, v6 = false;
    for (const auto& in : cfg.instances) (in.vrrp.family == vrrp::Family::V4 ? v4 : v6) = true;
    // Sockets for both families even if the plan uses one: a reload may add the other.
    auto s4 = sys::VrrpSocket::open({.family = 4});
    if (!s4) return s4.status();
    sock4 = std::move(s4).value();
    auto s6 = sys::VrrpSocket::open({.family = 6});
    if (s6) sock6 = std::move(s6).value();
    else if (v6) return s6.status();
    auto p = sys::PacketSocket::open_sender();
    if (!p) return p.status();
    pkt = std::move(p).value();
    (void)v4;

    auto m = sys::NetMonitor::open([this](const sys::NetEvent& ev) { on_net_event(ev); });
    if (!m) return m.status();
    mon = std::move(m).value();
    if (Status st = mon->attach(*loop, [this](const Status& e) {
            log_event(Level::warning, "netlink_overrun", {{"error", e.message()}});
            resync_links();
        });
        !st)
        return st;
    if (Status st = loop->watch(sock4.fd(), sys::EventLoop::kIn, [this](std::uint32_t) { on_readable(sock4); }); !st) return st;
    if (sock6.fd() >= 0)
        if (Status st = loop->watch(sock6.fd(), sys::EventLoop::kIn, [this](std::uint32_t) { on_readable(sock6); }); !st) return st;
    txbuf.resize(vrrp::kMaxMessageSize);

    for (const auto& spec : cfg.instances) {
        auto in = std::make_unique<Inst>();
        in->planned = spec;
        in->spec = spec;
        if (Status st = prepare(*in, true); !st) return st;
        insts.push_back(std::move(in));
    }
    if (opt.drop_privileges) {
        std::vector<int> keep = {sys::kCapNetRaw, sys::kCapNetAdmin};
        // Scripts run as another user need these; without them a script stays root.
        if (can_run_as_user()) keep.insert(keep.end(), {sys::kCapSetuid, sys::kCapSetgid, sys::kCapKill});
        if (Status st = sys::drop_privileges(keep); !st) return st;
    }
    // After the drop: capabilities and no_new_privs are per thread, and the
    // writer thread inherits the narrowed ones.
    auto w = sys::FileWriter::start(*loop, [this](const sys::FileWriter::Done& d) { on_written(d); });
    if (!w) return w.status();
    writer = std::move(w).value();
    return start_metrics();
}

Status Daemon::Impl::prepare(Inst& in, bool at_start) {
    const std::string& name = in.spec.vrrp.name;
    in.key = name_key(name);
    auto idx = nl->ifindex(in.spec.interface);
    if (!idx) return Status::error(fmt::format("instance `{}`: {}", name, idx.message()));
    in.ifindex = *idx;
    auto li = nl->link(in.ifindex);
    if (!li) return li.status();
    in.mac = li->mac;
    int fam = in.spec.vrrp.family == vrrp::Family::V4 ? 4 : 6;
    if (in.spec.use_vmac) {
        std::string vname = in.spec.vmac_name.empty() ? fmt::format("vrrp.{}", in.spec.vrrp.vrid) : in.spec.vmac_name;
        if (auto old = nl->link(std::string_view(vname)); old && old->kind == "macvlan") {
            (void)nl->delete_link(old->ifindex);  // left by a killed earlier run
            log_event(Level::notice, "stale_vmac_removed", {{"instance", name}, {"dev", vname}});
        }
        auto v = nl->create_macvlan(vname, in.ifindex, sys::MacAddr::vrrp(in.spec.vrrp.vrid, fam));
        if (!v) return Status::error(fmt::format("instance `{}`: {}", name, v.message()));
        in.vmac_ifindex = *v;
        in.created_vmac = true;
        in.mac = sys::MacAddr::vrrp(in.spec.vrrp.vrid, fam);
    }
    in.tx_ifindex = in.spec.use_vmac && !in.spec.vmac_xmit_base ? in.vmac_ifindex : in.ifindex;

    auto addrs = nl->addresses(in.ifindex, fam);
    if (!addrs) return addrs.status();
    auto is_vip = [&](const sys::IpAddr& a) {
        for (const auto& other : cfg.instances)
            for (const auto& v : other.vips)
                if (to_sys(v.addr) == a) return true;
        return false;
    };
    for (const auto& e : *addrs)
        if (fam == 6 && e.scope == kRtScopeLink) {
            in.na_src = e.addr;
            break;
        }
    if (in.spec.vrrp.source.is_unspecified()) {
        // The interface's own address, never a VIP (a VIP as source is split brain).
        for (const auto& e : *addrs) {
            if (is_vip(e.addr)) continue;
            if (fam == 4 && e.scope == 0) { in.src = e.addr; break; }
            if (fam == 6 && e.scope == kRtScopeLink) { in.src = e.addr; break; }
        }
        if (!in.src.valid())
            return Status::error(fmt::format("instance `{}`: no usable IPv{} address on {} to send adverts from",
                                             name, fam, in.spec.interface));
        in.spec.vrrp.source = to_vrrp(in.src);
    } else {
        in.src = to_sys(in.spec.vrrp.source);
    }
    in.dsts.clear();
    for (const auto& p : in.spec.vrrp.peers) in.dsts.push_back(to_sys(p));
    if (in.dsts.empty()) in.dsts.push_back(to_sys(in.spec.vrrp.multicast_group));

    in.vip_ifindex.clear();
    in.vip_mac.clear();
    for (const auto& v : in.spec.vips) {
        int vi = in.spec.use_vmac ? in.vmac_ifindex : in.ifindex;
        sys::MacAddr vm = in.mac;
        if (!v.dev.empty()) {
            auto d = nl->link(std::string_view(v.dev));
            if (!d) return Status::error(fmt::format("instance `{}`: {}", name, d.message()));
            vi = d->ifindex;
            vm = d->mac;
        }
        in.vip_ifindex.push_back(vi);
        in.vip_mac.push_back(vm);
    }
    if (auto e = vrrp::check(in.spec.vrrp); e != vrrp::ConfigError::Ok)
        return Status::error(fmt::format("instance `{}`: {}", name, vrrp::config_error_name(e)));
    in.fsm = std::make_unique<vrrp::Fsm>(in.spec.vrrp);
    Inst* ip = &in;
    auto t = loop->add_timer([this, ip] {
        execute(*ip, ip->fsm->poll_timers(now_us()));
        rearm(*ip);
    });
    if (!t) return t.status();
    in.timer = *t;
    auto bt = loop->add_timer([this, ip] { announce_round(*ip); });
    if (!bt) return bt.status();
    in.burst_timer = *bt;
    if (!in.spec.vrrp.unicast()) {
        sys::VrrpSocket& s = fam == 4 ? sock4 : sock6;
        if (Status st = s.join(in.ifindex); !st) return Status::error(fmt::format("instance `{}`: {}", name, st.message()));
        in.joined = true;
    }
    // A killed master's VIPs: kept when this start can resume as master at
    // once (it did not wait: no startup delay), removed otherwise, so that a
    // backup never answers for them.
    in.stale_vips = at_start && cfg.startup_delay_ms == 0 && in.fsm->can_resume() && has_stale_vips(in);
    if (!in.stale_vips) remove_stale_vips(in);
    return {};
}

void Daemon::Impl::release(Inst& in) {
    if (in.joined) {
        sys::VrrpSocket& s = in.spec.vrrp.family == vrrp::Family::V4 ? sock4 : sock6;
        (void)s.leave(in.ifindex);
        in.joined = false;
    }
    if (in.timer.valid()) loop->remove_timer(in.timer);
    if (in.burst_timer.valid()) loop->remove_timer(in.burst_timer);
    in.timer = in.burst_timer = sys::TimerId{};
    if (in.created_vmac) {
        (void)nl->delete_link(in.vmac_ifindex);
        in.created_vmac = false;
    }
}

void Daemon::Impl::start(Inst& in) {
    std::int64_t now = now_us();
    const bool resume = in.stale_vips;
    in.stale_vips = false;
    if (resume)
        log_event(Level::notice, "resume", {{"instance", in.spec.vrrp.name}, {"vips", in.spec.vips.size()}});
    execute(in, in.fsm->step(now, vrrp::Event::startup(resume)));
    // Resumed but not master (a fault at start): the VIPs go as a backup's would.
    if (resume && in.fsm->state() != vrrp::State::Master) remove_stale_vips(in);
    // Current link and script states: only differences from the assumed ones are events.
    if (in.spec.vrrp.track_interface) {
        auto li = nl->link(in.ifindex);
        if (li && !(li->up && li->running)) execute(in, in.fsm->step(now, vrrp::Event::interface_changed(false)));
    }
    for (std::size_t i = 0; i < in.spec.tracks.size() && i < in.spec.vrrp.tracks.size(); ++i) {
        const auto& t = in.spec.tracks[i];
        bool up = in.spec.vrrp.tracks[i].initially_up;
        if (t.kind == TrackSpec::Kind::Interface) {
            auto li = nl->link(std::string_view(t.name));
            up = li && li->up && li->running;
        } else {
            for (auto& s : scripts)
                if (!s->retired && s->spec.name == t.name) up = s->up;
        }
        if (up != in.spec.vrrp.tracks[i].initially_up)
            execute(in, in.fsm->step(now, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), up)));
    }
    rearm(in);
}

void Daemon::Impl::stop_instance(Inst& in) {
    execute(in, in.fsm->step(now_us(), vrrp::Event::of(vrrp::EventKind::Shutdown)));
    if (in.vips_on) set_vips(in, false);  // whatever the state machine said: no VIP outlives us
    loop->disarm(in.timer);
    loop->disarm(in.burst_timer);
}

int Daemon::run() {
    Impl& d = *impl_;
    auto on_stop = [&d](const sys::SignalInfo& si) {
        log_event(Level::notice, "stop", {{"signal", si.signo == SIGTERM ? "TERM" : "INT"}});
        d.begin_stop();
    };
    if (!d.loop->on_signal(SIGTERM, on_stop) || !d.loop->on_signal(SIGINT, on_stop) ||
        !d.loop->on_signal(SIGHUP, [&d](const sys::SignalInfo&) { d.reload(); }) ||
        !d.loop->on_signal(SIGUSR1, [&d](const sys::SignalInfo&) { d.write_stats(); })) {
        log_event(Level::error, "signal_setup_failed");
        return 1;
    }
    auto go = [&d] {
        for (auto& in : d.insts) d.start(*in);
        d.start_scripts();
    };
    sys::TimerId delay;
    if (d.cfg.startup_delay_ms > 0) {
        auto t = d.loop->add_timer(go);
        if (!t) return 1;
        delay = *t;
        (void)d.loop->arm(delay, std::chrono::milliseconds(d.cfg.startup_delay_ms));
    } else {
        go();
    }
    log_event(Level::info, "started", {{"node", d.cfg.name}, {"instances", d.insts.size()}});
    (void)sys::sd_notify("READY=1");
    int rc = d.loop->run();
    (void)d.flush_tail();
    for (auto& in : d.insts) d.release(*in);
    d.write_stats();
    d.write_metrics_textfile(false);  // havipd_up 0: a stopped node, not a stale file
    // What is still queued gets a bounded wait: a stalled disk does not hold the exit.
    if (!d.writer->flush(std::chrono::milliseconds(kFlushBoundMs)))
        log_event(Level::warning, "files_not_flushed",
                  {{"pending", d.writer->counters().pending}, {"waited_ms", kFlushBoundMs}});
    log_event(Level::info, "stopped", {{"node", d.cfg.name}});
    return rc < 0 ? 1 : rc;
}

void Daemon::Impl::begin_stop() {
    if (stopping) return;
    stopping = true;
    (void)sys::sd_notify("STOPPING=1");
    for (auto& s : scripts) loop->disarm(s->timer);
    for (auto& in : insts) stop_instance(*in);
    // notify_stop scripts finish (or time out) before the process exits.
    stop_deadline = sys::EventLoop::now_ns() + 10'000'000'000LL;
    auto t = loop->add_timer([this] {
        // The tail first: it holds the notify_stop scripts not yet started.
        if ((runner->idle() && tail.empty()) || sys::EventLoop::now_ns() > stop_deadline) {
            runner->kill_all();
            loop->stop(0);
        }
    });
    if (!t) {
        loop->stop(0);
        return;
    }
    stop_timer = *t;
    (void)loop->arm(stop_timer, std::chrono::nanoseconds(1), std::chrono::milliseconds(5));
}

void Daemon::Impl::reload() {
    if (stopping) return;
    (void)sys::sd_notify("RELOADING=1");
    auto fail = [this](const std::string& why) {
        note_reload(false);
        log_event(Level::error, "reload_failed", {{"error", why}, {"kept", "running plan"}});
        (void)sys::sd_notify("READY=1");
    };
    if (!opt.load) return fail("no loader");
    auto next = opt.load(opt.plan_path);
    if (!next) return fail(next.message());
    if (Status st = validate_config(*next); !st) return fail(st.message());
    std::vector<std::unique_ptr<ScriptState>> new_scripts;
    if (Status st = resolve_scripts(*next, new_scripts, &scripts); !st) return fail(st.message());

    // Unchanged instances keep their state machine, and so do instances whose
    // changes apply in place (priority, weights, GARP, notify); the rest stop,
    // then start anew.
    std::vector<std::unique_ptr<Inst>> keep, drop;
    std::size_t updated = 0;
    for (auto& in : insts) {
        // reload_match and reload_kind: havip-compile --diff calls them too.
        const InstanceSpec* found = reload_match(*next, in->planned.vrrp.name);
        const Reload how = found ? reload_kind(in->planned, *found) : Reload::Restart;
        if (how == Reload::Update) {
            const std::uint8_t was = in->spec.vrrp.priority;
            apply_update(in->spec, *found);
            in->planned = *found;
            ++updated;
            log_event(Level::notice, "instance_updated",
                      {{"instance", in->spec.vrrp.name}, {"priority_was", int(was)}, {"priority", int(in->spec.vrrp.priority)}});
            step(*in, vrrp::Event::of(vrrp::EventKind::ConfigChanged));
        }
        (how == Reload::Restart ? drop : keep).push_back(std::move(in));
    }
    for (auto& in : drop) stop_instance(*in);
    (void)flush_tail();  // their VIPs, files and notify_stop before they go
    for (auto& in : drop) release(*in);
    // Scripts no longer planned stop being scheduled; a run in progress ends harmlessly.
    for (auto& s : scripts)
        if (s) {
            s->retired = true;
            loop->disarm(s->timer);
        }
    for (auto& s : scripts)
        if (s && s->running) new_scripts.push_back(std::move(s));  // alive until its callback
    scripts = std::move(new_scripts);
    cfg = std::move(*next);
    warm_credentials();  // a reload also picks up changed accounts
    insts.clear();
    std::size_t kept = keep.size() - updated, started = 0;
    for (const auto& spec : cfg.instances) {
        std::unique_ptr<Inst> in;
        for (auto& k : keep)
            if (k && k->planned.vrrp.name == spec.vrrp.name) in = std::move(k);
        if (!in) {
            in = std::make_unique<Inst>();
            in->planned = spec;
            in->spec = spec;
            if (Status st = prepare(*in); !st) {
                log_event(Level::error, "instance_failed", {{"instance", spec.vrrp.name}, {"error", st.message()}});
                release(*in);
                continue;
            }
            start(*in);
            ++started;
        }
        insts.push_back(std::move(in));
    }
    start_scripts();
    note_reload(true);
    log_event(Level::notice, "reloaded", {{"kept", kept}, {"updated", updated}, {"restarted", started}, {"stopped", drop.size()}});
    (void)sys::sd_notify("READY=1");
}

void Daemon::Impl::write_stats() { writer->submit(opt.state_dir + "/stats", stats_text()); }

std::string Daemon::Impl::stats_text() const {
    std::string out;
    for (const auto& in : insts) {
        out += fmt::format("instance={} state={} priority={} rx={} tx={} transitions={}", in->spec.vrrp.name,
                           vrrp::state_name(in->fsm->state()), in->fsm->effective_priority(), in->rx, in->tx,
                           in->transitions);
        for (std::size_t r = 1; r < vrrp::kDropReasonCount; ++r)
            if (in->drops[r]) out += fmt::format(" drop_{}={}", vrrp::drop_reason_name(static_cast<vrrp::DropReason>(r)), in->drops[r]);
        out += '\n';
    }
    out += "unmatched";
    for (std::size_t r = 1; r < vrrp::kDropReasonCount; ++r)
        if (unmatched[r]) out += fmt::format(" drop_{}={}", vrrp::drop_reason_name(static_cast<vrrp::DropReason>(r)), unmatched[r]);
    out += '\n';
    const sys::EventLoop::Lag& lag = loop->lag();
    out += fmt::format("loop max_lag_us={} timers={} late_timers={} woke_us={} queued_us={} max_busy_us={} max_tail_us={}\n",
                       lag.max_ns / 1000, lag.timers, lag.late, lag.max_woke_ns / 1000, lag.max_queued_ns / 1000,
                       lag.max_busy_ns / 1000, lag.max_hook_ns / 1000);
    const sys::FileWriter::Counters fw = writer->counters();
    out += fmt::format("files written={} failed={} coalesced={} pending={} max_write_us={}\n", fw.written, fw.failed,
                       fw.coalesced, fw.pending, fw.max_write_ns / 1000);
    return out;
}

}  // namespace havip::daemon
