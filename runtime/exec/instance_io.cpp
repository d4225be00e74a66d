// SPDX-License-Identifier: MIT
// The packet path and the state machine's actions: adverts in and out, VIPs,
// GARP/NA, notify scripts, state files. Nothing here allocates per advert.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

#include "exec/executor_impl.hpp"
#include "sys/frames.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

const char* upper_state(vrrp::State s) {
    switch (s) {
        case vrrp::State::Init:
            return "STOP";
        case vrrp::State::Backup:
            return "BACKUP";
        case vrrp::State::Master:
            return "MASTER";
        case vrrp::State::Fault:
            return "FAULT";
    }
    return "UNKNOWN";
}

namespace {
// The errors of a send on a link that is down or has lost its address.
bool link_gone(int err) {
    return err == ENETUNREACH || err == ENETDOWN || err == ENODEV || err == ENXIO || err == EADDRNOTAVAIL ||
           err == EHOSTUNREACH;
}

bool ttl_in_bounds(const Inst& in, const vrrp::RxMeta& meta) {
    const auto& peers = in.spec.vrrp.peers;
    for (std::size_t i = 0; i < peers.size() && i < in.spec.peer_ttl.size(); ++i)
        if (peers[i] == meta.src) {
            const PeerTtl& b = in.spec.peer_ttl[i];
            return (b.min == 0 || meta.ttl >= b.min) && (b.max == 0 || meta.ttl <= b.max);
        }
    return true;
}
}  // namespace

void Executor::Impl::on_advert(const sys::RxAdvert& p) {
    if (stopping) return;
    vrrp::Family fam = p.family == 4 ? vrrp::Family::V4 : vrrp::Family::V6;
    vrrp::RxResult head = vrrp::parse(p.payload, fam);
    if (!head.ok()) {
        ++unmatched[static_cast<std::size_t>(head.reason)];
        return;
    }
    Inst* target = nullptr;
    for (auto& in : insts)
        if (in->spec.vrrp.family == fam && in->spec.vrrp.vrid == head.advert.vrid &&
            (p.ifindex == in->ifindex || (in->vmac_ifindex && p.ifindex == in->vmac_ifindex))) {
            target = in.get();
            break;
        }
    if (!target) {
        ++unmatched[static_cast<std::size_t>(vrrp::DropReason::VridMismatch)];
        return;
    }
    vrrp::RxMeta meta;
    meta.src = p.src;
    meta.dst = p.dst;
    meta.ttl = static_cast<std::uint8_t>(p.ttl < 0 ? 0 : p.ttl > 255 ? 255 : p.ttl);
    meta.multicast = p.multicast;
    vrrp::RxResult rx = vrrp::validate(p.payload, meta, target->spec.vrrp);
    // keepalived's per-peer min_ttl/max_ttl: the core checks TTL for multicast
    // only (RFC), a unicast peer's bounds are the executor's to apply.
    if (rx.ok() && !p.multicast && !ttl_in_bounds(*target, meta)) rx.reason = vrrp::DropReason::BadTtl;
    if (rx.ok() && !rollout_advert(*target, rx, p.src)) {
        // The grace is over (previous values cleared): dropped for what differs.
        rx = vrrp::validate(p.payload, meta, target->spec.vrrp);
    }
    if (!rx.ok()) {
        auto& n = target->drops[static_cast<std::size_t>(rx.reason)];
        ++n;
        // Logged when the count reaches a power of two: a flood costs a few lines.
        if (std::has_single_bit(n))
            host.log(Level::warning, "advert_dropped",
                     {{"instance", target->spec.vrrp.name},
                      {"reason", vrrp::drop_reason_name(rx.reason)},
                      {"src", p.src},
                      {"count", n}});
        return;
    }
    ++target->rx;
    step(*target, vrrp::Event::advert(rx.advert, meta.src));
}

void Executor::Impl::step(Inst& in, const vrrp::Event& ev) {
    execute(in, in.fsm->step(now_us(), ev));
    rearm(in);
}

void Executor::Impl::rearm(Inst& in) {
    vrrp::usec d = in.fsm->next_deadline();
    if (d == vrrp::kNever) {
        host.disarm(in.timer);
        return;
    }
    // Always to the deadline itself: arming costs no system call (the event loop
    // keeps its timers in a heap), while a timer left at an earlier deadline
    // would fire for nothing. A backup pushes its down timer on with every advert.
    vrrp::usec wait = d - now_us();
    host.arm(in.timer, (wait > 0 ? wait : 0) * 1000);
}

void Executor::Impl::execute(Inst& in, const vrrp::ActionList& actions) {
    // Adverts go out now; VIPs, GARPs, log lines, the state file and notify
    // scripts are recorded in the tail, which runs once the wakeup's handlers are
    // done (flush_tail): many instances moving at once send every advert first,
    // then change every VIP in one netlink batch. A slow disk delays the file,
    // never the wire.
    bool state_changed = false;
    for (const auto& a : actions) {
        switch (a.kind) {
            case vrrp::ActionKind::StateChange:
                ++in.transitions;
                note_transition(in, a.from, a.to);
                note_cause(in);
                if (opt.transition) opt.transition(in.index, a.from, a.to);
                tail.transition(&in, a.from, a.to, in.fsm->effective_priority());
                state_changed = true;
                break;
            case vrrp::ActionKind::SendAdvert:
                send_advert(in, a.priority);
                break;
            case vrrp::ActionKind::AddVips:
                set_vips(in, true);
                break;
            case vrrp::ActionKind::RemoveVips:
                set_vips(in, false);
                break;
            case vrrp::ActionKind::GarpBurst:
                if (in.vips_on && a.count) tail.announce(&in, a.count);
                break;
            case vrrp::ActionKind::Notify:
                // Queued before the notify scripts start (written as soon as the disk allows).
                if (state_changed) tail.state_file(&in, in.fsm->state());
                state_changed = false;
                tail.notify(&in, a.to, in.fsm->effective_priority());
                break;
            case vrrp::ActionKind::PriorityChange:
                tail.priority(&in, a.priority);
                break;
        }
    }
    if (state_changed) tail.state_file(&in, in.fsm->state());
    if (in.group) sync_after(*in.group);
    // A backup that now follows another master: rare, so it is written (in the tail) when it happens.
    if (in.fsm->master_seen() != in.master_seen) {
        in.master_seen = in.fsm->master_seen();
        tail.status(&in);
    }
}

bool Executor::Impl::flush_tail(std::int64_t budget_ns) {
    if (tail.empty()) return false;  // most wakeups: an advert in or out, nothing deferred
    struct Sink final : Tail::Sink {
        Impl& d;
        explicit Sink(Impl& impl) : d(impl) {}
        std::vector<Status> apply(std::span<const sys::AddrChange> changes) override {
            return d.host.change_addresses(changes);
        }
        std::vector<Status> apply_routes(std::span<const sys::RouteChange> changes) override {
            std::vector<Status> st = d.host.change_routes(changes);
            // Already there (add) or already gone (delete): done, as for VIPs.
            for (std::size_t i = 0; i < st.size() && i < changes.size(); ++i)
                if (!st[i] && st[i].code() && sys::route_change_status(changes[i], st[i].code())) st[i] = Status{};
            return st;
        }
        void announce(Inst& in, std::uint32_t count) override { d.announce(in, count); }
        std::int64_t now_ns() override { return d.host.now_ns(); }
        void finish(const Tail::Item& it) override {
            if (it.kind == Tail::Kind::GroupNotify) return d.group_notify(*it.group, it.to);
            if (it.kind == Tail::Kind::Group) return d.fifo_group(it.group_name, it.to);
            Inst& in = *it.in;
            const std::vector<Status>& vip_status = it.vip_status;
            switch (it.kind) {
                case Tail::Kind::Transition:
                    d.host.log(Level::notice, "transition",
                               {{"instance", in.spec.vrrp.name},
                                {"from", vrrp::state_name(it.from)},
                                {"to", vrrp::state_name(it.to)},
                                {"priority", it.priority}});
                    break;
                case Tail::Kind::Priority:
                    d.host.log(Level::info, "priority", {{"instance", in.spec.vrrp.name}, {"priority", it.priority}});
                    break;
                case Tail::Kind::Vips: {
                    int failed = 0;
                    for (std::size_t i = 0; i < vip_status.size(); ++i)
                        if (!vip_status[i]) {
                            ++failed;
                            d.host.log(Level::error, it.on ? "vip_add_failed" : "vip_remove_failed",
                                       {{"instance", in.spec.vrrp.name},
                                        {"vip", i < in.spec.vips.size() ? in.spec.vips[i].addr : sys::IpAddr{}},
                                        {"error", vip_status[i].message()}});
                        }
                    d.host.log(Level::info, it.on ? "vips_added" : "vips_removed",
                               {{"instance", in.spec.vrrp.name}, {"count", it.n}, {"failed", failed}});
                    break;
                }
                case Tail::Kind::StateFile:
                    d.write_state(in, it.to);
                    d.write_status(in);
                    break;
                case Tail::Kind::Status:
                    d.write_status(in);
                    break;
                case Tail::Kind::Notify:
                    d.notify(in, it.to, it.priority);
                    break;
                case Tail::Kind::Routes:
                    d.log_routes(it);
                    break;
                case Tail::Kind::Announce:
                case Tail::Kind::GroupNotify:
                case Tail::Kind::Group:
                    break;
            }
        }
    } sink(*this);
    return tail.drain(sink, budget_ns);
}

void Executor::Impl::send_advert(Inst& in, std::uint8_t priority) {
    const int fam = in.spec.vrrp.family == vrrp::Family::V4 ? 4 : 6;
    vrrp::TxParams tx{priority, in.spec.vrrp.wire_interval()};
    // Grown to the largest message sent so far, not the largest possible (4 KiB):
    // havip-sim runs an executor per simulated node.
    if (const std::size_t need = std::min(vrrp::encoded_size(in.spec.vrrp), vrrp::kMaxMessageSize); txbuf.size() < need)
        txbuf.resize(need);
    for (const auto& dst : in.dsts) {
        std::size_t len = vrrp::encode(in.spec.vrrp, tx, dst, txbuf);
        if (!len) continue;
        Status st =
            host.send_advert(fam, dst, in.src, in.tx_ifindex,
                             std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(txbuf.data()), len));
        if (!st) {
            // Once per failing streak. A send that fails because the link is gone
            // while the instance already handles it (FAULT, or the priority-0
            // resignation on its way there) is expected: not an error.
            if (!in.tx_failing)
                host.log(link_gone(st.code()) && (priority == 0 || in.fsm->faulty()) ? Level::info : Level::error,
                         "advert_send_failed", {{"instance", in.spec.vrrp.name}, {"error", st.message()}});
            in.tx_failing = true;
            continue;
        }
        if (in.tx_failing) host.log(Level::notice, "advert_send_recovered", {{"instance", in.spec.vrrp.name}});
        in.tx_failing = false;
        ++in.tx;
    }
}

sys::AddrChange vip_change(const VipSpec& v, int ifindex, bool add) {
    sys::AddrChange c;
    c.add = add;
    c.ifindex = ifindex;
    c.addr = v.addr;
    c.prefix = v.prefix < 0 ? -1 : v.prefix;
    if (add) {
        c.label = v.label;
        c.scope = v.scope;
    }
    return c;
}

void Executor::Impl::set_vips(Inst& in, bool on) {
    // The netlink changes run in the tail, batched with every other instance's.
    vip_scratch.clear();
    for (std::size_t i = 0; i < in.spec.vips.size(); ++i)
        vip_scratch.push_back(vip_change(in.spec.vips[i], in.vip_ifindex[i], on));
    tail.vips(&in, on, vip_scratch);
    set_routes(in, on);  // the tail adds them after the VIPs and removes them before
    in.vips_on = on;
    if (!on) {
        in.burst_left = 0;
        host.disarm(in.burst_timer);
    }
}

void Executor::Impl::announce(Inst& in, std::uint32_t count) {
    if (!in.vips_on || count == 0) return;
    in.burst_left = count;
    announce_round(in);
}

void Executor::Impl::announce_round(Inst& in) {
    if (!in.vips_on || in.burst_left == 0) return;
    std::uint8_t frame[sys::kNaFrameSize > sys::kGarpFrameSize ? sys::kNaFrameSize : sys::kGarpFrameSize];
    bool spaced = cfg.garp_interval_us > 0 || cfg.gna_interval_us > 0;
    // Without vrrp_garp_interval the whole burst goes now; with it, one round per interval.
    std::uint32_t rounds = spaced ? 1 : in.burst_left;
    for (std::uint32_t r = 0; r < rounds; ++r) {
        for (std::size_t i = 0; i < in.spec.vips.size(); ++i) {
            sys::IpAddr vip = in.spec.vips[i].addr;
            std::size_t len = vip.is_v4() ? sys::build_garp(frame, in.vip_mac[i], vip)
                                          : sys::build_unsolicited_na(frame, in.vip_mac[i], vip, in.na_src);
            if (!len) continue;
            if (Status st = host.send_frame(in.vip_ifindex[i], std::span<const std::uint8_t>(frame, len)); !st)
                host.log(Level::warning, "garp_failed", {{"instance", in.spec.vrrp.name}, {"error", st.message()}});
            else
                ++(vip.is_v4() ? in.counters.garp_sent : in.counters.na_sent);
        }
    }
    in.burst_left -= rounds;
    if (in.burst_left > 0) {
        std::int64_t us = cfg.garp_interval_us > 0 ? cfg.garp_interval_us : cfg.gna_interval_us;
        host.arm(in.burst_timer, us * 1000);
    }
}

const sys::Result<sys::Credentials>& Executor::Impl::credentials(const RunAs& ra) {
    std::string key = ra.user + '\0' + ra.group;
    auto it = creds_cache.find(key);
    if (it == creds_cache.end()) it = creds_cache.emplace(std::move(key), host.resolve_user(ra.user, ra.group)).first;
    return it->second;
}

void Executor::Impl::warm_credentials() {
    creds_cache.clear();
    for (const auto& in : cfg.instances)
        for (const Command* c : {&in.notify_master, &in.notify_backup, &in.notify_fault, &in.notify_stop, &in.notify}) {
            const RunAs& ra = c->runas.user.empty() ? cfg.script_runas : c->runas;
            if (!c->argv.empty() && !ra.user.empty() && !is_self(ra)) (void)credentials(ra);
        }
    for (const auto& g : cfg.sync_groups)
        for (const Command* c : {&g.notify_master, &g.notify_backup, &g.notify_fault, &g.notify_stop, &g.notify}) {
            const RunAs& ra = c->runas.user.empty() ? cfg.script_runas : c->runas;
            if (!c->argv.empty() && !ra.user.empty() && !is_self(ra)) (void)credentials(ra);
        }
}

sys::ScriptSpec Executor::Impl::command_spec(const Command& c, std::vector<std::string> extra) {
    sys::ScriptSpec s;
    s.argv = c.argv;
    for (auto& e : extra) s.argv.push_back(std::move(e));
    s.timeout = std::chrono::seconds(30);
    const RunAs& ra = c.runas.user.empty() ? cfg.script_runas : c.runas;
    if (!ra.user.empty() && !is_self(ra)) {
        const auto& cr = credentials(ra);
        if (cr) {
            s.as_user = switches_user(*cr);
            s.creds = *cr;
        } else {
            s.argv.clear();  // never run as root what was meant to run as someone else
            host.log(Level::error, "script_user_unknown", {{"user", ra.user}, {"error", cr.message()}});
        }
    }
    return s;
}

void Executor::Impl::notify(Inst& in, vrrp::State to, int priority) {
    const Command* specific = nullptr;
    switch (to) {
        case vrrp::State::Master:
            specific = &in.spec.notify_master;
            break;
        case vrrp::State::Backup:
            specific = &in.spec.notify_backup;
            break;
        case vrrp::State::Fault:
            specific = &in.spec.notify_fault;
            break;
        case vrrp::State::Init:
            specific = &in.spec.notify_stop;
            break;
    }
    fifo_instance(in, to, priority);  // first: the line never waits behind a queued script
    if (specific) queue_command(in.key, "instance", in.spec.vrrp.name, *specific, {}, "notify_state");
    // The generic notify: TYPE NAME STATE PRIORITY, as keepalived passes them.
    queue_command(in.key, "instance", in.spec.vrrp.name, in.spec.notify,
                  {"INSTANCE", in.spec.vrrp.name, upper_state(to), std::to_string(priority)}, "notify");
}

void Executor::Impl::queue_command(std::uint64_t key, const char* owner_kind, const std::string& owner,
                                   const Command& c, std::vector<std::string> extra, const char* which) {
    if (c.argv.empty()) return;
    sys::ScriptSpec s = command_spec(c, std::move(extra));
    if (s.argv.empty()) return;
    host.enqueue_script(
        key, std::move(s),
        [this, name = owner, kind = std::string(owner_kind), label = std::string(which)](const sys::ScriptResult& r) {
            if (r.ok()) return;
            note_notify_failed(name);
            host.log(Level::warning, "notify_failed",
                     {{kind, name},
                      {"script", label},
                      {"exit", r.exit_code},
                      {"signal", r.signal},
                      {"timed_out", r.timed_out},
                      {"error", r.error}});
        });
}

void Executor::Impl::write_state(const Inst& in, vrrp::State state) {
    std::string path = opt.state_dir + "/" + in.spec.vrrp.name + ".state";
    host.write_file(std::move(path), std::string(upper_state(state)) + "\n");
}

bool Executor::Impl::has_stale_vips(Inst& in) {
    // Every one of them: a master's set, not an address someone else put there.
    auto addrs = host.addresses();
    if (!addrs || in.spec.vips.empty()) return false;
    for (std::size_t i = 0; i < in.spec.vips.size(); ++i) {
        sys::IpAddr v = in.spec.vips[i].addr;
        bool found = false;
        for (const auto& e : *addrs) found = found || (e.addr == v && e.ifindex == in.vip_ifindex[i]);
        if (!found) return false;
    }
    return true;
}

void Executor::Impl::remove_stale_vips(Inst& in) {
    auto addrs = host.addresses();
    if (!addrs) return;
    for (std::size_t i = 0; i < in.spec.vips.size(); ++i) {
        sys::IpAddr v = in.spec.vips[i].addr;
        for (const auto& e : *addrs)
            if (e.addr == v && e.ifindex == in.vip_ifindex[i]) {
                // Left by a killed earlier run: until we are master again it must not answer.
                sys::AddrChange c;
                c.add = false;
                c.ifindex = e.ifindex;
                c.addr = v;
                c.prefix = e.prefix;
                Status st = std::move(host.change_addresses(std::span(&c, 1)).at(0));
                host.log(st ? Level::notice : Level::error, "stale_vip_removed",
                         {{"instance", in.spec.vrrp.name}, {"vip", v}, {"ok", st.ok()}});
            }
    }
}

void Executor::Impl::note_transition(Inst& in, vrrp::State from, vrrp::State to) {
    if (to == vrrp::State::Master)
        ++in.counters.become_master;
    else if (from == vrrp::State::Master)
        ++in.counters.release_master;
    in.counters.last_transition_unix_ms = host.unix_ms();
    changed();
}

void Executor::Impl::note_notify_failed(const std::string& instance) {
    for (auto& in : insts)
        if (in->spec.vrrp.name == instance) ++in->counters.notify_failed;
}

}  // namespace havip::exec
