// SPDX-License-Identifier: MIT
// The simulation engine: one binary heap of timestamped events (timers,
// packet deliveries, scenario events) ordered by (time, sequence), so equal
// times resolve in insertion order and a seed fully determines the run.
#include <algorithm>
#include <cstring>
#include <limits>

#include "sim/sim.hpp"

namespace havip::sim {

namespace {

using vrrp::ActionKind;
using vrrp::ActionList;
using vrrp::Fsm;
using vrrp::InstanceConfig;
using vrrp::kNever;
using vrrp::State;

/// xoshiro256** seeded by splitmix64: fast, and the same on every platform
/// (std distributions are implementation-defined, so none are used).
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& w : s_) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            w = z ^ (z >> 31);
        }
    }
    std::uint64_t next() {
        const std::uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
        s_[2] ^= s_[0]; s_[3] ^= s_[1]; s_[1] ^= s_[2]; s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return r;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [0, n].
    usec upto(usec n) { return n <= 0 ? 0 : usec(next() % std::uint64_t(n + 1)); }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

enum class QKind : std::uint16_t { Timer, Deliver, Scenario, NodeStart };

struct QEvent {
    usec t;
    std::uint64_t seq;
    std::uint32_t a, b, c;
    QKind kind;
};

struct Later {
    bool operator()(const QEvent& x, const QEvent& y) const {
        return x.t != y.t ? x.t > y.t : x.seq > y.seq;
    }
};

/// An instance of the cluster template (node k, instance j).
struct TInst {
    std::uint16_t node = 0, index = 0;
    const InstanceConfig* cfg = nullptr;
    std::uint32_t group = 0;             ///< VRRP group (vrid, family) within the cluster
    std::vector<std::uint32_t> dests;    ///< template instances its adverts reach
    std::uint32_t unroutable = 0;        ///< destinations with no instance of its VRID
};

struct Pending {
    std::int32_t event = -1;
    std::uint16_t old_node = 0;
    usec t0 = 0;
};

class Engine {
public:
    explicit Engine(const Setup& s) : s_(s), rng_(s.seed) {}
    Result run();

private:
    void build();
    void push(usec t, QKind k, std::uint32_t a, std::uint32_t b = 0, std::uint32_t c = 0) {
        heap_.push_back({t, seq_++, a, b, c, k});
        std::push_heap(heap_.begin(), heap_.end(), Later{});
    }
    std::uint32_t cluster_of(std::uint32_t f) const { return f / I_; }
    std::uint32_t gnode(std::uint32_t f) const { return cluster_of(f) * K_ + t_[f % I_].node; }
    void process(std::uint32_t f, const ActionList& actions);
    void step(std::uint32_t f, const vrrp::Event& e) { process(f, fsm_[f].step(now_, e)); reschedule(f); }
    void reschedule(std::uint32_t f) {
        const usec d = fsm_[f].next_deadline();
        if (d < sched_[f]) {
            sched_[f] = d;
            push(d, QKind::Timer, f, epoch_[f]);
        }
    }
    void send(std::uint32_t f, std::uint8_t prio);
    void deliver(const QEvent& e);
    void on_timer(const QEvent& e);
    void on_scenario(std::size_t idx);
    void apply(std::uint32_t c, const EventSpec& ev, std::size_t idx);
    void start_node(std::uint32_t gn);
    void start_instances(std::uint32_t gn);
    void on_transition(std::uint32_t f, State from, State to);
    bool reachable(std::uint32_t ga, std::uint32_t gb) const {
        return link_[ga] && link_[gb] && side_[ga] == side_[gb];
    }
    bool whole(std::uint32_t c) const { return links_down_[c] == 0 && !partitioned_[c] && s_.net.loss == 0; }
    bool is_master(std::uint32_t f) const { return alive_[gnode(f)] && fsm_[f].state() == State::Master; }
    void update_split(std::uint32_t c, std::uint32_t g);
    void update_cluster(std::uint32_t c) {
        for (std::uint32_t g = 0; g < G_; ++g) update_split(c, g);
    }
    void mark_network_change(std::uint32_t c);
    void close_episode(std::size_t cg);
    std::uint32_t alloc_slot();

    const Setup& s_;
    Result r_;
    Rng rng_;
    usec now_ = 0;
    std::uint64_t seq_ = 0;
    std::vector<QEvent> heap_;

    std::vector<TInst> t_;
    std::vector<std::vector<std::uint32_t>> members_;  ///< template instances per group
    std::vector<std::uint8_t> group_vrid_;
    std::vector<vrrp::Family> group_family_;
    std::uint32_t I_ = 0, K_ = 0, G_ = 0, C_ = 0;

    std::vector<Fsm> fsm_;
    std::vector<std::uint32_t> epoch_;
    std::vector<std::uint32_t> node_epoch_;  ///< per node: starts so far (a delayed start's ticket)
    std::vector<usec> sched_;
    std::vector<std::uint64_t> track_down_;  ///< per fsm: tracks held down by events
    std::vector<std::uint8_t> alive_, link_;
    std::vector<std::uint16_t> side_;
    std::vector<std::uint32_t> links_down_;
    std::vector<std::uint8_t> partitioned_;

    std::vector<usec> sb_since_;
    std::vector<std::uint8_t> sb_whole_;
    std::vector<Pending> pending_;
    std::vector<double> fsum_;

    std::size_t slot_size_ = 0;
    std::vector<std::byte> pool_;
    std::vector<std::uint16_t> plen_;
    std::vector<std::uint32_t> free_;
};

void Engine::build() {
    K_ = std::uint32_t(s_.nodes.size());
    C_ = s_.clusters;
    for (std::uint16_t k = 0; k < K_; ++k)
        for (std::uint16_t j = 0; j < s_.nodes[k].instances.size(); ++j) {
            TInst ti;
            ti.node = k;
            ti.index = j;
            ti.cfg = &s_.nodes[k].instances[j];
            slot_size_ = std::max(slot_size_, vrrp::encoded_size(*ti.cfg));
            t_.push_back(std::move(ti));
        }
    I_ = std::uint32_t(t_.size());
    // Groups: one per (vrid, family) present in the cluster.
    for (std::uint32_t u = 0; u < I_; ++u) {
        std::uint32_t g = 0;
        for (; g < G_; ++g)
            if (group_vrid_[g] == t_[u].cfg->vrid && group_family_[g] == t_[u].cfg->family) break;
        if (g == G_) {
            group_vrid_.push_back(t_[u].cfg->vrid);
            group_family_.push_back(t_[u].cfg->family);
            members_.emplace_back();
            ++G_;
        }
        t_[u].group = g;
        members_[g].push_back(u);
    }
    // Routes: a unicast peer is the node owning that address; a multicast advert
    // reaches every other node. The receiving node dispatches by (vrid, family).
    auto instance_on = [&](std::uint16_t node, const InstanceConfig& c) -> std::int64_t {
        for (std::uint32_t v = 0; v < I_; ++v)
            if (t_[v].node == node && t_[v].cfg->vrid == c.vrid && t_[v].cfg->family == c.family) return v;
        return -1;
    };
    for (auto& ti : t_) {
        const InstanceConfig& c = *ti.cfg;
        std::vector<std::uint16_t> nodes;
        if (c.unicast()) {
            for (const auto& p : c.peers)
                for (std::uint32_t v = 0; v < I_; ++v)
                    if (t_[v].node != ti.node && t_[v].cfg->source == p) {
                        if (std::find(nodes.begin(), nodes.end(), t_[v].node) == nodes.end())
                            nodes.push_back(t_[v].node);
                        break;
                    }
        } else {
            for (std::uint16_t k = 0; k < K_; ++k)
                if (k != ti.node) nodes.push_back(k);
        }
        for (auto k : nodes) {
            const auto v = instance_on(k, c);
            if (v < 0) ++ti.unroutable;
            else ti.dests.push_back(std::uint32_t(v));
        }
    }
    const std::size_t F = std::size_t(C_) * I_;
    fsm_.reserve(F);
    for (std::uint32_t c = 0; c < C_; ++c)
        for (std::uint32_t u = 0; u < I_; ++u) fsm_.emplace_back(*t_[u].cfg);
    epoch_.assign(F, 0);
    sched_.assign(F, kNever);
    track_down_.assign(F, 0);
    alive_.assign(std::size_t(C_) * K_, 0);
    node_epoch_.assign(std::size_t(C_) * K_, 0);
    link_.assign(std::size_t(C_) * K_, 1);
    side_.assign(std::size_t(C_) * K_, 0);
    links_down_.assign(C_, 0);
    partitioned_.assign(C_, 0);
    sb_since_.assign(std::size_t(C_) * G_, kNever);
    sb_whole_.assign(std::size_t(C_) * G_, 0);
    pending_.assign(std::size_t(C_) * G_, Pending{});
    r_.failures.resize(s_.events.size());
    fsum_.assign(s_.events.size(), 0);
    for (std::size_t e = 0; e < s_.events.size(); ++e) r_.failures[e].event = e;
    slot_size_ = std::max<std::size_t>(slot_size_, 8);
    heap_.reserve(F * 4 + 16);
}

std::uint32_t Engine::alloc_slot() {
    if (!free_.empty()) {
        const auto s = free_.back();
        free_.pop_back();
        return s;
    }
    const auto s = std::uint32_t(plen_.size());
    plen_.push_back(0);
    pool_.resize(pool_.size() + slot_size_);
    return s;
}

void Engine::process(std::uint32_t f, const ActionList& actions) {
    for (const auto& a : actions) {
        switch (a.kind) {
            case ActionKind::StateChange: on_transition(f, a.from, a.to); break;
            case ActionKind::SendAdvert: send(f, a.priority); break;
            case ActionKind::GarpBurst: ++r_.garp_bursts; break;
            default: break;
        }
    }
}

void Engine::send(std::uint32_t f, std::uint8_t prio) {
    const std::uint32_t c = cluster_of(f);
    const TInst& ti = t_[f % I_];
    const InstanceConfig& cfg = *ti.cfg;
    const std::uint32_t gs = c * K_ + ti.node;
    r_.unknown_vrid += ti.unroutable;
    for (const std::uint32_t u : ti.dests) {
        ++r_.sent;
        const std::uint32_t gd = c * K_ + t_[u].node;
        if (!reachable(gs, gd)) {
            ++r_.unreachable;
            continue;
        }
        if (s_.net.loss > 0 && rng_.uniform() < s_.net.loss) {
            ++r_.lost;
            continue;
        }
        const vrrp::IpAddress& dst = cfg.unicast() ? t_[u].cfg->source : cfg.multicast_group;
        const int copies = s_.net.duplicate > 0 && rng_.uniform() < s_.net.duplicate ? 2 : 1;
        if (copies == 2) ++r_.duplicated;
        for (int k = 0; k < copies; ++k) {
            const std::uint32_t slot = alloc_slot();
            const std::size_t n = vrrp::encode(cfg, {prio, cfg.wire_interval()}, dst,
                                               std::span(pool_.data() + slot * slot_size_, slot_size_));
            plen_[slot] = std::uint16_t(n);
            usec d = s_.net.delay + rng_.upto(s_.net.jitter);
            // Held back: overtaken by later packets.
            if (s_.net.reorder > 0 && rng_.uniform() < s_.net.reorder)
                d += s_.net.delay + s_.net.jitter + rng_.upto(2 * (s_.net.delay + s_.net.jitter) + 1000);
            push(now_ + d, QKind::Deliver, c * I_ + u, slot, f);
        }
    }
}

void Engine::deliver(const QEvent& e) {
    const std::uint32_t to = e.a, slot = e.b, from = e.c;
    const std::uint32_t gd = gnode(to), gs = gnode(from);
    const auto msg = std::span<const std::byte>(pool_.data() + slot * slot_size_, plen_[slot]);
    free_.push_back(slot);
    if (!alive_[gd] || !reachable(gs, gd)) {
        ++r_.unreachable;
        return;
    }
    ++r_.delivered;
    const InstanceConfig& src = *t_[from % I_].cfg;
    const InstanceConfig& dst = fsm_[to].config();
    vrrp::RxMeta meta{src.source, src.unicast() ? dst.source : src.multicast_group, 255, !src.unicast()};
    const vrrp::RxResult rx = vrrp::validate(msg, meta, dst);
    if (!rx.ok()) {
        ++r_.dropped[std::size_t(rx.reason)];
        return;
    }
    ++r_.accepted;
    step(to, vrrp::Event::advert(rx.advert, meta.src));
}

void Engine::on_timer(const QEvent& e) {
    const std::uint32_t f = e.a;
    if (e.b != epoch_[f] || e.t != sched_[f]) return;  // superseded
    sched_[f] = kNever;
    if (!alive_[gnode(f)]) return;
    process(f, fsm_[f].poll_timers(now_));
    reschedule(f);
}

void Engine::on_transition(std::uint32_t f, State from, State to) {
    const std::uint32_t c = cluster_of(f);
    const TInst& ti = t_[f % I_];
    if (s_.record_transitions) r_.transitions.push_back({now_, c, ti.node, ti.index, from, to});
    if (to == State::Master) {
        Pending& p = pending_[std::size_t(c) * G_ + ti.group];
        if (p.event >= 0 && p.old_node != ti.node) {
            FailureStat& st = r_.failures[std::size_t(p.event)];
            const usec dt = now_ - p.t0;
            st.min = st.taken_over ? std::min(st.min, dt) : dt;
            st.max = st.taken_over ? std::max(st.max, dt) : dt;
            ++st.taken_over;
            fsum_[std::size_t(p.event)] += double(dt);
            p.event = -1;
        }
    }
    if (from == State::Master || to == State::Master) update_split(c, ti.group);
}

void Engine::update_split(std::uint32_t c, std::uint32_t g) {
    bool split = false;
    const auto& mem = members_[g];
    for (std::size_t i = 0; i < mem.size() && !split; ++i) {
        const std::uint32_t fi = c * I_ + mem[i];
        if (!is_master(fi)) continue;
        for (std::size_t j = i + 1; j < mem.size() && !split; ++j) {
            const std::uint32_t fj = c * I_ + mem[j];
            if (t_[mem[j]].node != t_[mem[i]].node && is_master(fj) && reachable(gnode(fi), gnode(fj)))
                split = true;
        }
    }
    const std::size_t cg = std::size_t(c) * G_ + g;
    if (split && sb_since_[cg] == kNever) {
        sb_since_[cg] = now_;
        sb_whole_[cg] = whole(c);
    } else if (!split && sb_since_[cg] != kNever) {
        close_episode(cg);
    }
}

void Engine::close_episode(std::size_t cg) {
    const usec d = now_ - sb_since_[cg];
    r_.split_brain_total += d;
    r_.split_brain_max_episode = std::max(r_.split_brain_max_episode, d);
    if (sb_whole_[cg]) r_.split_brain_max_whole = std::max(r_.split_brain_max_whole, d);
    ++r_.split_brain_episodes;
    sb_since_[cg] = kNever;
}

void Engine::mark_network_change(std::uint32_t c) {
    if (!whole(c))
        for (std::uint32_t g = 0; g < G_; ++g) sb_whole_[std::size_t(c) * G_ + g] = 0;
    update_cluster(c);
}

void Engine::start_node(std::uint32_t gn) {
    const std::uint32_t c = gn / K_, k = gn % K_;
    alive_[gn] = 1;
    ++node_epoch_[gn];
    for (std::uint32_t u = 0; u < I_; ++u) {
        if (t_[u].node != k) continue;
        const std::uint32_t f = c * I_ + u;
        fsm_[f] = Fsm(*t_[u].cfg);  // in Init until its Startup: silent, deaf
        ++epoch_[f];
        sched_[f] = kNever;
    }
    if (const usec d = s_.nodes[k].startup_delay; d > 0) push(now_ + d, QKind::NodeStart, gn, node_epoch_[gn]);
    else start_instances(gn);
}

void Engine::start_instances(std::uint32_t gn) {
    const std::uint32_t c = gn / K_, k = gn % K_;
    for (std::uint32_t u = 0; u < I_; ++u) {
        if (t_[u].node != k) continue;
        const std::uint32_t f = c * I_ + u;
        // The outside world persists across a restart: link and tracked objects.
        if (!link_[gn]) fsm_[f].step(now_, vrrp::Event::interface_changed(false));
        for (std::uint16_t i = 0; i < t_[u].cfg->tracks.size() && i < 64; ++i)
            if (track_down_[f] >> i & 1) fsm_[f].step(now_, vrrp::Event::track_changed(i, false));
        step(f, vrrp::Event::of(vrrp::EventKind::Startup));
    }
}

void Engine::apply(std::uint32_t c, const EventSpec& ev, std::size_t idx) {
    auto node_index = [&](const std::string& name) -> std::int64_t {
        for (std::uint32_t k = 0; k < K_; ++k)
            if (s_.nodes[k].name == name) return k;
        return -1;
    };
    const std::int64_t k = ev.kind == EventKind::Partition || ev.kind == EventKind::Heal ? -1 : node_index(ev.node);
    if (ev.kind != EventKind::Partition && ev.kind != EventKind::Heal && k < 0) return;
    const std::uint32_t gn = k >= 0 ? c * K_ + std::uint32_t(k) : 0;

    // Which groups lose their master to this event: takeover clocks start now.
    const bool failure = ev.kind == EventKind::Kill || ev.kind == EventKind::Stop ||
                         ev.kind == EventKind::LinkDown || ev.kind == EventKind::Partition ||
                         ev.kind == EventKind::TrackDown;
    if (failure) {
        for (std::uint32_t g = 0; g < G_; ++g) {
            for (const std::uint32_t u : members_[g]) {
                const std::uint32_t f = c * I_ + u;
                if (!is_master(f)) continue;
                if (ev.kind != EventKind::Partition && t_[u].node != std::uint32_t(k)) continue;
                pending_[std::size_t(c) * G_ + g] = {std::int32_t(idx), t_[u].node, now_};
                ++r_.failures[idx].needed;
                break;
            }
        }
    }
    auto each_instance = [&](auto fn) {
        for (std::uint32_t u = 0; u < I_; ++u)
            if (t_[u].node == std::uint32_t(k)) fn(c * I_ + u, u);
    };
    switch (ev.kind) {
        case EventKind::Kill:
            if (!alive_[gn]) break;
            alive_[gn] = 0;
            each_instance([&](std::uint32_t f, std::uint32_t) { ++epoch_[f]; sched_[f] = kNever; });
            update_cluster(c);
            break;
        case EventKind::Stop:
            if (!alive_[gn]) break;
            each_instance([&](std::uint32_t f, std::uint32_t) { step(f, vrrp::Event::of(vrrp::EventKind::Shutdown)); });
            alive_[gn] = 0;
            each_instance([&](std::uint32_t f, std::uint32_t) { ++epoch_[f]; sched_[f] = kNever; });
            update_cluster(c);
            break;
        case EventKind::Start:
            if (alive_[gn]) break;
            start_node(gn);
            update_cluster(c);
            break;
        case EventKind::LinkDown:
        case EventKind::LinkUp: {
            const bool up = ev.kind == EventKind::LinkUp;
            if (bool(link_[gn]) == up) break;
            link_[gn] = up;
            links_down_[c] += up ? std::uint32_t(-1) : 1u;
            if (alive_[gn]) each_instance([&](std::uint32_t f, std::uint32_t) { step(f, vrrp::Event::interface_changed(up)); });
            mark_network_change(c);
            break;
        }
        case EventKind::Partition:
            for (std::uint32_t n = 0; n < K_; ++n) side_[c * K_ + n] = 0;
            for (std::size_t g = 0; g < ev.groups.size(); ++g)
                for (const auto& name : ev.groups[g]) {
                    const auto n = node_index(name);
                    if (n >= 0) side_[c * K_ + std::uint32_t(n)] = std::uint16_t(g + 1);
                }
            partitioned_[c] = 1;
            mark_network_change(c);
            break;
        case EventKind::Heal:
            for (std::uint32_t n = 0; n < K_; ++n) side_[c * K_ + n] = 0;
            partitioned_[c] = 0;
            mark_network_change(c);
            break;
        case EventKind::TrackDown:
        case EventKind::TrackUp: {
            const bool up = ev.kind == EventKind::TrackUp;
            each_instance([&](std::uint32_t f, std::uint32_t u) {
                const auto& tr = t_[u].cfg->tracks;
                for (std::uint16_t i = 0; i < tr.size() && i < 64; ++i) {
                    if (!ev.track.empty() && tr[i].name != ev.track) continue;
                    if (up) track_down_[f] &= ~(1ULL << i);
                    else track_down_[f] |= 1ULL << i;
                    if (alive_[gn]) step(f, vrrp::Event::track_changed(i, up));
                }
            });
            break;
        }
    }
}

void Engine::on_scenario(std::size_t idx) {
    for (std::uint32_t c = 0; c < C_; ++c) apply(c, s_.events[idx], idx);
}

Result Engine::run() {
    build();
    for (std::size_t e = 0; e < s_.events.size(); ++e)
        if (s_.events[e].at <= s_.duration) push(s_.events[e].at, QKind::Scenario, std::uint32_t(e));
    for (std::uint32_t gn = 0; gn < C_ * K_; ++gn) start_node(gn);
    while (!heap_.empty() && heap_.front().t <= s_.duration) {
        std::pop_heap(heap_.begin(), heap_.end(), Later{});
        const QEvent e = heap_.back();
        heap_.pop_back();
        now_ = e.t;
        ++r_.events_processed;
        switch (e.kind) {
            case QKind::Timer: on_timer(e); break;
            case QKind::Deliver: deliver(e); break;
            case QKind::Scenario: on_scenario(e.a); break;
            case QKind::NodeStart:
                // A start delayed by vrrp_startup_delay, unless the node died or
                // started again meanwhile.
                if (alive_[e.a] && e.b == node_epoch_[e.a]) start_instances(e.a);
                break;
        }
    }
    now_ = s_.duration;
    r_.end_time = now_;
    for (std::size_t cg = 0; cg < sb_since_.size(); ++cg)
        if (sb_since_[cg] != kNever) close_episode(cg);
    for (std::size_t e = 0; e < r_.failures.size(); ++e)
        if (r_.failures[e].taken_over) r_.failures[e].mean = fsum_[e] / double(r_.failures[e].taken_over);
    for (std::uint32_t c = 0; c < C_; ++c)
        for (std::uint32_t g = 0; g < G_; ++g) {
            std::vector<std::uint16_t> masters;
            for (const std::uint32_t u : members_[g])
                if (is_master(c * I_ + u)) masters.push_back(t_[u].node);
            if (masters.empty()) ++r_.groups_no_master;
            else if (masters.size() == 1) ++r_.groups_one_master;
            else ++r_.groups_many_masters;
            if (c == 0) r_.end_cluster0.push_back({group_vrid_[g], group_family_[g], std::move(masters)});
        }
    return std::move(r_);
}

}  // namespace

std::string validate(const Setup& s) {
    if (s.nodes.empty()) return "no nodes";
    if (s.nodes.size() > 1000) return "too many nodes per cluster (at most 1000)";
    if (s.clusters < 1) return "clusters must be at least 1";
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const auto& n = s.nodes[i];
        if (n.name.empty()) return "a node has no name";
        for (std::size_t j = 0; j < i; ++j)
            if (s.nodes[j].name == n.name) return "two nodes are named `" + n.name + "`";
        if (n.instances.empty()) return "node `" + n.name + "` has no VRRP instance";
        for (const auto& c : n.instances) {
            const auto err = vrrp::check(c);
            if (err != vrrp::ConfigError::Ok)
                return "node `" + n.name + "` instance `" + c.name + "`: " + std::string(vrrp::config_error_name(err));
        }
    }
    auto known = [&](const std::string& name) {
        for (const auto& n : s.nodes)
            if (n.name == name) return true;
        return false;
    };
    for (const auto& e : s.events) {
        if (e.kind == EventKind::Partition) {
            for (const auto& g : e.groups)
                for (const auto& n : g)
                    if (!known(n)) return "event `" + e.text + "`: unknown node `" + n + "`";
        } else if (e.kind != EventKind::Heal && !known(e.node)) {
            return "event `" + e.text + "`: unknown node `" + e.node + "`";
        }
    }
    return "";
}

Result run(const Setup& s) { return Engine(s).run(); }

}  // namespace havip::sim
