// SPDX-License-Identifier: MIT
// The simulation engine: every node runs havipd's executor (runtime/exec) on a
// fake host (sys/fake_host.hpp); one queue of timestamped events (the hosts'
// timers, packet deliveries, scenario events) ordered by (time, sequence), so
// equal times resolve in insertion order and a seed fully determines the run.
#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>

#include "exec/executor.hpp"
#include "sim/sim.hpp"
#include "sys/fake_host.hpp"

namespace havip::sim {

namespace {

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
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
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

enum class QKind : std::uint16_t { Timer, Deliver, Scenario };

struct QEvent {
    usec t;
    std::uint64_t seq;
    std::uint32_t a, b, c;
    QKind kind;
};

/// The event queue, in (time, sequence) order. Sequence numbers grow with
/// every push, so the events of one time come out in the order they went in:
/// each distinct time has a bucket (a FIFO), and a 4-ary min-heap orders the
/// times. The clusters of a VPC run in step (every master's advert timer of a
/// 10,000-cluster run fires at the same microsecond), so the heap holds a few
/// times instead of an entry per node, and most pushes are an append.
class EventQueue {
  public:
    bool empty() const { return times_.empty(); }
    usec top_time() const { return times_.front().t; }
    void push(const QEvent& e) {
        std::uint32_t b;
        if (const auto it = index_.find(e.t); it != index_.end()) {
            b = it->second;
        } else {
            if (free_.empty()) {
                b = std::uint32_t(buckets_.size());
                buckets_.emplace_back();
            } else {
                b = free_.back();
                free_.pop_back();
            }
            index_.emplace(e.t, b);
            push_time({e.t, b});
        }
        buckets_[b].events.push_back(e);
    }
    QEvent pop() {
        const std::uint32_t b = times_.front().bucket;
        Bucket& bucket = buckets_[b];
        const QEvent e = bucket.events[bucket.next++];
        if (bucket.next == bucket.events.size()) {
            bucket.events.clear();
            bucket.next = 0;
            index_.erase(e.t);
            pop_time();
            free_.push_back(b);
        }
        return e;
    }

  private:
    struct Bucket {
        std::vector<QEvent> events;
        std::size_t next = 0;  ///< the first not yet popped
    };
    struct Time {
        usec t;
        std::uint32_t bucket;
    };
    static constexpr std::size_t kArity = 4;
    void push_time(Time x) {
        std::size_t i = times_.size();
        times_.push_back(x);
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (times_[parent].t <= x.t) break;
            times_[i] = times_[parent];
            i = parent;
        }
        times_[i] = x;
    }
    void pop_time() {
        const Time last = times_.back();
        times_.pop_back();
        const std::size_t n = times_.size();
        if (n == 0) return;
        std::size_t i = 0;
        for (;;) {
            const std::size_t child = i * kArity + 1;
            if (child >= n) break;
            std::size_t best = child;
            const std::size_t end = std::min(child + kArity, n);
            for (std::size_t c = child + 1; c < end; ++c)
                if (times_[c].t < times_[best].t) best = c;
            if (times_[best].t >= last.t) break;
            times_[i] = times_[best];
            i = best;
        }
        times_[i] = last;
    }
    std::vector<Time> times_;  ///< distinct times, a min-heap
    std::vector<Bucket> buckets_;
    std::vector<std::uint32_t> free_;
    std::unordered_map<usec, std::uint32_t> index_;  ///< time -> its bucket
};

/// An instance of the cluster template (node k, instance j).
struct TInst {
    std::uint16_t node = 0, index = 0;
    const InstanceConfig* cfg = nullptr;
    std::uint32_t group = 0;  ///< VRRP group (vrid, family) within the cluster
};

struct Pending {
    std::int32_t event = -1;
    std::uint16_t old_node = 0;
    usec t0 = 0;
};

constexpr std::int64_t kNs = 1000;  // ns per usec: the hosts' clock is in ns
const std::string kLink = "eth0";

/// What a simulated node runs: its instances on eth0, each VIP there, every
/// tracked object an interface the scenario takes down and up.
daemon::NodeConfig node_config(const NodeSpec& n) {
    daemon::NodeConfig c;
    c.name = n.name;
    c.startup_delay_ms = n.startup_delay / 1000;
    for (const auto& cfg : n.instances) {
        daemon::InstanceSpec in;
        in.vrrp = cfg;
        in.interface = kLink;
        for (const auto& v : cfg.vips) in.vips.push_back({v, -1, "", "", false});
        for (const auto& t : cfg.tracks) in.tracks.push_back({daemon::TrackSpec::Kind::Interface, "track:" + t.name});
        c.instances.push_back(std::move(in));
    }
    for (std::size_t i = 0; i < n.sync_groups.size(); ++i)
        c.sync_groups.push_back({"G" + std::to_string(i + 1), n.sync_groups[i], {}, {}, {}, {}, {}});
    return c;
}

class Engine {
  public:
    explicit Engine(const Setup& s) : s_(s), rng_(s.seed) {}
    Result run();

  private:
    void build();
    void build_template();              ///< template instances, their groups
    void build_routes();                ///< the addresses each template instance's adverts carry
    void build_host(std::uint32_t gn);  ///< node gn's fake host
    void push(usec t, QKind k, std::uint32_t a, std::uint32_t b = 0, std::uint32_t c = 0) {
        queue_.push({t, seq_++, a, b, c, k});
    }
    std::uint32_t cluster_of_node(std::uint32_t gn) const { return gn / nodes_per_cluster_; }
    /// The global instance index of node gn's j-th instance.
    std::uint32_t inst_of(std::uint32_t gn, std::size_t j) const {
        return cluster_of_node(gn) * insts_per_cluster_ + first_[gn % nodes_per_cluster_] + std::uint32_t(j);
    }
    std::uint32_t node_of_inst(std::uint32_t inst) const {
        return (inst / insts_per_cluster_) * nodes_per_cluster_ + tmpl_[inst % insts_per_cluster_].node;
    }
    void reschedule(std::uint32_t gn);
    void sent(std::uint32_t gn, const sys::IpAddr& dst, std::span<const std::uint8_t> msg);
    void deliver(const QEvent& e);
    void on_timer(const QEvent& e);
    void on_scenario(std::size_t idx);
    void apply(std::uint32_t c, const EventSpec& ev, std::size_t idx);
    void start_takeover_clocks(std::uint32_t c, const EventSpec& ev, std::int64_t k, std::size_t idx);
    void set_sides(std::uint32_t c, const EventSpec* partition);  ///< nullptr: heal
    void set_tracks(std::uint32_t gn, const std::string& track, bool up);
    std::int64_t node_index(const std::string& name) const;
    void start_node(std::uint32_t gn);
    void end_node(std::uint32_t gn);
    void harvest(std::uint32_t gn);
    void on_transition(std::uint32_t inst, State from, State to);
    bool reachable(std::uint32_t ga, std::uint32_t gb) const {
        return link_[ga] && link_[gb] && side_[ga] == side_[gb];
    }
    bool whole(std::uint32_t c) const { return links_down_[c] == 0 && !partitioned_[c] && s_.net.loss == 0; }
    bool is_master(std::uint32_t inst) const { return alive_[node_of_inst(inst)] && state_[inst] == State::Master; }
    void update_split(std::uint32_t c, std::uint32_t g);
    void update_cluster(std::uint32_t c) {
        for (std::uint32_t g = 0; g < groups_; ++g) update_split(c, g);
    }
    void mark_network_change(std::uint32_t c);
    void close_episode(std::size_t cg);
    std::uint32_t alloc_slot();

    const Setup& s_;
    Result r_;
    Rng rng_;
    usec now_ = 0;
    std::int64_t clock_ns_ = 0;  ///< the hosts' clock
    int eth_ = 0;                ///< eth0's ifindex (the same on every host)
    std::uint64_t seq_ = 0;
    EventQueue queue_;

    // The cluster template.
    std::vector<TInst> tmpl_;
    std::vector<std::uint32_t> first_;                          ///< per node: its first template instance
    std::vector<daemon::NodeConfig> node_cfg_;                  ///< per node
    std::vector<std::pair<sys::IpAddr, std::uint32_t>> owner_;  ///< address -> node
    std::vector<std::vector<std::uint32_t>> members_;           ///< template instances per group
    std::vector<std::uint8_t> group_vrid_;
    std::vector<vrrp::Family> group_family_;
    std::uint32_t insts_per_cluster_ = 0, nodes_per_cluster_ = 0, groups_ = 0, clusters_ = 0;

    // Per node of the VPC (cluster c, node k: c * nodes_per_cluster_ + k).
    std::vector<std::unique_ptr<sys::FakeHost>> host_;
    std::vector<std::unique_ptr<exec::Executor>> exec_;
    std::vector<usec> sched_;  ///< the host's next timer as queued
    std::vector<std::uint8_t> alive_, link_;
    std::vector<std::uint16_t> side_;
    std::vector<std::uint32_t> links_down_;
    std::vector<std::uint8_t> partitioned_;
    std::vector<State> state_;  ///< per instance of the VPC

    std::vector<usec> split_since_;  ///< per cluster and group: when two masters began (kNever: one)
    std::vector<std::uint8_t> split_whole_;
    std::vector<Pending> pending_;
    std::vector<double> takeover_sum_;

    std::size_t slot_size_ = 0;
    std::vector<std::byte> pool_;
    std::vector<std::uint16_t> plen_;
    std::vector<std::uint32_t> free_;
    std::vector<std::byte> rxbuf_;
    /// Per template instance: the addresses its adverts carry.
    struct Route {
        int family = 4;
        bool multicast = false;
        sys::IpAddr src, group;
        std::vector<sys::IpAddr> dst;  ///< per receiving node: its address among the peers
    };
    std::vector<Route> route_;
    std::vector<std::int32_t> by_vrid_;  ///< (node, vrid) -> template instance, -1: none
};

void Engine::build() {
    build_template();
    build_routes();
    const std::size_t nodes = std::size_t(clusters_) * nodes_per_cluster_;
    host_.resize(nodes);
    exec_.resize(nodes);
    sched_.assign(nodes, kNever);
    alive_.assign(nodes, 0);
    link_.assign(nodes, 1);
    side_.assign(nodes, 0);
    state_.assign(std::size_t(clusters_) * insts_per_cluster_, State::Init);
    links_down_.assign(clusters_, 0);
    partitioned_.assign(clusters_, 0);
    split_since_.assign(std::size_t(clusters_) * groups_, kNever);
    split_whole_.assign(std::size_t(clusters_) * groups_, 0);
    pending_.assign(std::size_t(clusters_) * groups_, Pending{});
    r_.failures.resize(s_.events.size());
    takeover_sum_.assign(s_.events.size(), 0);
    for (std::size_t e = 0; e < s_.events.size(); ++e) r_.failures[e].event = e;
    slot_size_ = std::max<std::size_t>(slot_size_, 8);
}

void Engine::build_template() {
    nodes_per_cluster_ = std::uint32_t(s_.nodes.size());
    clusters_ = s_.clusters;
    for (std::uint32_t k = 0; k < nodes_per_cluster_; ++k) {  // validate(): at most 1000
        first_.push_back(std::uint32_t(tmpl_.size()));
        node_cfg_.push_back(node_config(s_.nodes[k]));
        for (std::size_t j = 0; j < s_.nodes[k].instances.size(); ++j) {
            TInst ti;
            ti.node = std::uint16_t(k);
            ti.index = std::uint16_t(j);
            ti.cfg = &s_.nodes[k].instances[j];
            slot_size_ = std::max(slot_size_, vrrp::encoded_size(*ti.cfg));
            const sys::IpAddr src = ti.cfg->source;
            if (std::none_of(owner_.begin(), owner_.end(), [&](const auto& o) { return o.first == src; }))
                owner_.push_back({src, k});
            tmpl_.push_back(ti);
        }
    }
    insts_per_cluster_ = std::uint32_t(tmpl_.size());
    // Groups: one per (vrid, family) present in the cluster.
    for (std::uint32_t ti_index = 0; ti_index < insts_per_cluster_; ++ti_index) {
        std::uint32_t g = 0;
        for (; g < groups_; ++g)
            if (group_vrid_[g] == tmpl_[ti_index].cfg->vrid && group_family_[g] == tmpl_[ti_index].cfg->family) break;
        if (g == groups_) {
            group_vrid_.push_back(tmpl_[ti_index].cfg->vrid);
            group_family_.push_back(tmpl_[ti_index].cfg->family);
            members_.emplace_back();
            ++groups_;
        }
        tmpl_[ti_index].group = g;
        members_[g].push_back(ti_index);
    }
}

void Engine::build_routes() {
    by_vrid_.assign(std::size_t(nodes_per_cluster_) * 256, -1);
    for (std::uint32_t ti_index = 0; ti_index < insts_per_cluster_; ++ti_index) {
        const InstanceConfig& cfg = *tmpl_[ti_index].cfg;
        std::int32_t& slot = by_vrid_[std::size_t(tmpl_[ti_index].node) * 256 + cfg.vrid];
        if (slot < 0) slot = std::int32_t(ti_index);  // the first instance with the VRID sends it
        Route r;
        r.family = cfg.family == vrrp::Family::V4 ? 4 : 6;
        r.src = cfg.source;
        r.multicast = !cfg.unicast();
        r.group = cfg.multicast_group;
        r.dst.resize(nodes_per_cluster_);
        for (const auto& p : cfg.peers)
            for (const auto& [addr, k] : owner_)
                if (addr == p) r.dst[k] = addr;
        route_.push_back(std::move(r));
    }
}

void Engine::build_host(std::uint32_t gn) {
    const std::uint32_t k = gn % nodes_per_cluster_;
    auto h = std::make_unique<sys::FakeHost>(s_.nodes[k].name);
    h->record(false);
    h->use_clock(&clock_ns_);
    // A locally administered MAC per node of the VPC.
    const int eth = eth_ = h->add_link(kLink, sys::MacAddr{{0x02, 0x48, std::uint8_t(gn >> 24), std::uint8_t(gn >> 16),
                                                            std::uint8_t(gn >> 8), std::uint8_t(gn)}});
    for (const auto& [addr, owner] : owner_)
        if (owner == k)
            h->add_address(eth, addr, addr.is_v4() ? 24 : 64, addr.is_v4() || !addr.is_link_local() ? 0 : 253);
    for (const auto& cfg : s_.nodes[k].instances)
        for (const auto& t : cfg.tracks)
            if (!h->link(std::string_view("track:" + t.name)))
                h->add_link("track:" + t.name, sys::MacAddr{}, t.initially_up);
    h->on_send([this, gn](sys::FakeHost&, int, const sys::IpAddr& dst, const sys::IpAddr&,
                          std::span<const std::uint8_t> msg) { sent(gn, dst, msg); });
    h->after_event([this, gn] { return exec_[gn] && exec_[gn]->flush_tail(); });
    host_[gn] = std::move(h);
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

void Engine::reschedule(std::uint32_t gn) {
    const std::int64_t d = host_[gn]->next_due();
    if (d == INT64_MAX) return;
    const usec t = (d + kNs - 1) / kNs;  // whole microseconds, never early
    if (t < sched_[gn]) {
        sched_[gn] = t;
        push(t, QKind::Timer, gn);
    }
}

void Engine::sent(std::uint32_t from, const sys::IpAddr& dst, std::span<const std::uint8_t> msg) {
    const std::uint32_t c = cluster_of_node(from);
    const std::uint32_t base = c * nodes_per_cluster_;
    auto send_to = [&](std::uint32_t k) {
        const std::uint32_t to = base + k;
        if (to == from) return;
        ++r_.sent;
        if (!reachable(from, to)) {
            ++r_.unreachable;
            return;
        }
        if (s_.net.loss > 0 && rng_.uniform() < s_.net.loss) {
            ++r_.lost;
            return;
        }
        const int copies = s_.net.duplicate > 0 && rng_.uniform() < s_.net.duplicate ? 2 : 1;
        if (copies == 2) ++r_.duplicated;
        for (int n = 0; n < copies; ++n) {
            const std::uint32_t slot = alloc_slot();
            const std::size_t len = std::min(msg.size(), slot_size_);
            std::memcpy(pool_.data() + slot * slot_size_, msg.data(), len);
            plen_[slot] = std::uint16_t(len);
            usec d = s_.net.delay + rng_.upto(s_.net.jitter);
            // Held back: overtaken by later packets.
            if (s_.net.reorder > 0 && rng_.uniform() < s_.net.reorder)
                d += s_.net.delay + s_.net.jitter + rng_.upto(2 * (s_.net.delay + s_.net.jitter) + 1000);
            push(now_ + d, QKind::Deliver, to, slot, from);
        }
    };
    if (dst.is_multicast()) {
        for (std::uint32_t k = 0; k < nodes_per_cluster_; ++k) send_to(k);
        return;
    }
    for (const auto& [addr, k] : owner_)
        if (addr == dst) return send_to(k);
    ++r_.unknown_vrid;  // a peer no node of the cluster has
}

void Engine::deliver(const QEvent& e) {
    const std::uint32_t to = e.a, slot = e.b, from = e.c;
    // Copied out: the executor's answers may grow the pool while it reads.
    std::vector<std::byte>& msg = rxbuf_;
    msg.assign(pool_.begin() + std::ptrdiff_t(slot * slot_size_),
               pool_.begin() + std::ptrdiff_t(slot * slot_size_ + plen_[slot]));
    free_.push_back(slot);
    if (!alive_[to] || !reachable(from, to)) {
        ++r_.unreachable;
        return;
    }
    ++r_.delivered;
    // The message's addresses, as the receiving socket would report them.
    const std::uint8_t vrid = msg.size() > 1 ? std::to_integer<std::uint8_t>(msg[1]) : 0;
    const std::int32_t ti_index = by_vrid_[(from % nodes_per_cluster_) * 256 + vrid];
    if (ti_index < 0) return;
    const Route& route = route_[std::size_t(ti_index)];
    sys::RxAdvert rx;
    rx.ifindex = eth_;  // every instance of a simulated node is on eth0
    rx.ttl = 255;
    rx.payload = msg;
    rx.family = route.family;
    rx.src = route.src;
    rx.multicast = route.multicast;
    rx.dst = route.multicast ? route.group : route.dst[to % nodes_per_cluster_];
    host_[to]->deliver(rx);
    reschedule(to);
}

void Engine::on_timer(const QEvent& e) {
    const std::uint32_t gn = e.a;
    if (usec(e.t) != sched_[gn]) return;  // superseded
    sched_[gn] = kNever;
    if (!alive_[gn]) return;
    host_[gn]->fire_due();
    reschedule(gn);
}

void Engine::on_transition(std::uint32_t inst, State from, State to) {
    state_[inst] = to;
    const std::uint32_t c = inst / insts_per_cluster_;
    const TInst& ti = tmpl_[inst % insts_per_cluster_];
    if (s_.record_transitions) r_.transitions.push_back({now_, c, ti.node, ti.index, from, to});
    if (to == State::Master) {
        Pending& p = pending_[std::size_t(c) * groups_ + ti.group];
        if (p.event >= 0 && p.old_node != ti.node) {
            FailureStat& st = r_.failures[std::size_t(p.event)];
            const usec dt = now_ - p.t0;
            st.min = st.taken_over ? std::min(st.min, dt) : dt;
            st.max = st.taken_over ? std::max(st.max, dt) : dt;
            ++st.taken_over;
            takeover_sum_[std::size_t(p.event)] += double(dt);
            p.event = -1;
        }
    }
    if (from == State::Master || to == State::Master) update_split(c, ti.group);
}

void Engine::update_split(std::uint32_t c, std::uint32_t g) {
    bool split = false;
    const auto& mem = members_[g];
    for (std::size_t i = 0; i < mem.size() && !split; ++i) {
        const std::uint32_t fi = c * insts_per_cluster_ + mem[i];
        if (!is_master(fi)) continue;
        for (std::size_t j = i + 1; j < mem.size() && !split; ++j) {
            const std::uint32_t fj = c * insts_per_cluster_ + mem[j];
            if (tmpl_[mem[j]].node != tmpl_[mem[i]].node && is_master(fj) &&
                reachable(node_of_inst(fi), node_of_inst(fj)))
                split = true;
        }
    }
    const std::size_t cg = std::size_t(c) * groups_ + g;
    if (split && split_since_[cg] == kNever) {
        split_since_[cg] = now_;
        split_whole_[cg] = whole(c);
    } else if (!split && split_since_[cg] != kNever) {
        close_episode(cg);
    }
}

void Engine::close_episode(std::size_t cg) {
    const usec d = now_ - split_since_[cg];
    r_.split_brain_total += d;
    r_.split_brain_max_episode = std::max(r_.split_brain_max_episode, d);
    if (split_whole_[cg]) r_.split_brain_max_whole = std::max(r_.split_brain_max_whole, d);
    ++r_.split_brain_episodes;
    split_since_[cg] = kNever;
}

void Engine::mark_network_change(std::uint32_t c) {
    if (!whole(c))
        for (std::uint32_t g = 0; g < groups_; ++g) split_whole_[std::size_t(c) * groups_ + g] = 0;
    update_cluster(c);
}

void Engine::start_node(std::uint32_t gn) {
    const std::uint32_t k = gn % nodes_per_cluster_;
    sys::FakeHost& h = *host_[gn];
    h.restart();  // the machine as the last run left it (VIPs included), a new daemon
    for (std::size_t j = 0; j < s_.nodes[k].instances.size(); ++j) state_[inst_of(gn, j)] = State::Init;
    exec::Options o;
    o.state_dir = "/run/havipd";
    o.check_files = false;
    o.transition = [this, gn](std::size_t j, State from, State to) { on_transition(inst_of(gn, j), from, to); };
    auto e = exec::Executor::create(h, std::move(o), node_cfg_[k]);
    if (!e) return;  // validate() checked the configuration: not reached
    exec_[gn] = std::move(e).value();
    alive_[gn] = 1;
    exec_[gn]->start();
    while (exec_[gn]->flush_tail()) {
    }
    reschedule(gn);
}

void Engine::harvest(std::uint32_t gn) {
    if (!exec_[gn]) return;
    exec::metrics::Node m;
    exec_[gn]->fill_metrics(m);
    for (const auto& in : m.instances) {
        r_.accepted += in.adverts_received;
        for (std::size_t i = 1; i < vrrp::kDropReasonCount; ++i) r_.dropped[i] += (*in.drops)[i];
        r_.garp_frames += in.counters.garp_sent + in.counters.na_sent;
    }
    for (std::size_t i = 1; i < vrrp::kDropReasonCount; ++i) {
        if (i == std::size_t(vrrp::DropReason::VridMismatch))
            r_.unknown_vrid += (*m.unmatched)[i];
        else
            r_.dropped[i] += (*m.unmatched)[i];
    }
}

void Engine::end_node(std::uint32_t gn) {
    harvest(gn);
    exec_[gn].reset();
    host_[gn]->crash();
    alive_[gn] = 0;
    sched_[gn] = kNever;
}

void Engine::start_takeover_clocks(std::uint32_t c, const EventSpec& ev, std::int64_t k, std::size_t idx) {
    // Which groups lose their master to this event: takeover clocks start now.
    const bool failure = ev.kind == EventKind::Kill || ev.kind == EventKind::Stop || ev.kind == EventKind::LinkDown ||
                         ev.kind == EventKind::Partition || ev.kind == EventKind::TrackDown;
    if (!failure) return;
    for (std::uint32_t g = 0; g < groups_; ++g) {
        for (const std::uint32_t ti_index : members_[g]) {
            const std::uint32_t inst = c * insts_per_cluster_ + ti_index;
            if (!is_master(inst)) continue;
            if (ev.kind != EventKind::Partition && tmpl_[ti_index].node != std::uint32_t(k)) continue;
            pending_[std::size_t(c) * groups_ + g] = {std::int32_t(idx), tmpl_[ti_index].node, now_};
            ++r_.failures[idx].needed;
            break;
        }
    }
}

void Engine::set_sides(std::uint32_t c, const EventSpec* ev) {
    for (std::uint32_t n = 0; n < nodes_per_cluster_; ++n) side_[c * nodes_per_cluster_ + n] = 0;
    if (ev)
        for (std::size_t g = 0; g < ev->groups.size(); ++g)
            for (const auto& name : ev->groups[g]) {
                const auto n = node_index(name);
                if (n >= 0) side_[c * nodes_per_cluster_ + std::uint32_t(n)] = std::uint16_t(g + 1);
            }
    partitioned_[c] = ev != nullptr;
    mark_network_change(c);
}

void Engine::set_tracks(std::uint32_t gn, const std::string& track, bool up) {
    std::vector<std::string> names;
    for (const auto& cfg : s_.nodes[gn % nodes_per_cluster_].instances)
        for (const auto& t : cfg.tracks)
            if ((track.empty() || t.name == track) && std::find(names.begin(), names.end(), t.name) == names.end())
                names.push_back(t.name);
    for (const auto& n : names) host_[gn]->set_link("track:" + n, up, up);
    if (alive_[gn]) reschedule(gn);
}

std::int64_t Engine::node_index(const std::string& name) const {
    for (std::uint32_t k = 0; k < nodes_per_cluster_; ++k)
        if (s_.nodes[k].name == name) return k;
    return -1;
}

void Engine::apply(std::uint32_t c, const EventSpec& ev, std::size_t idx) {
    const std::int64_t k = ev.kind == EventKind::Partition || ev.kind == EventKind::Heal ? -1 : node_index(ev.node);
    if (ev.kind != EventKind::Partition && ev.kind != EventKind::Heal && k < 0) return;
    const std::uint32_t gn = k >= 0 ? c * nodes_per_cluster_ + std::uint32_t(k) : 0;

    start_takeover_clocks(c, ev, k, idx);
    switch (ev.kind) {
        case EventKind::Kill:
            if (!alive_[gn]) break;
            host_[gn]->crash();  // kill -9: nothing more leaves, the VIPs stay on the host
            end_node(gn);
            update_cluster(c);
            break;
        case EventKind::Stop:
            if (!alive_[gn]) break;
            exec_[gn]->begin_stop();  // priority-0 adverts, VIPs removed
            while (exec_[gn]->flush_tail()) {
            }
            end_node(gn);
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
            host_[gn]->set_link(kLink, up, up);  // the executor sees it when the node runs
            if (alive_[gn]) reschedule(gn);
            mark_network_change(c);
            break;
        }
        case EventKind::Partition:
            set_sides(c, &ev);
            break;
        case EventKind::Heal:
            set_sides(c, nullptr);
            break;
        case EventKind::TrackDown:
        case EventKind::TrackUp:
            set_tracks(gn, ev.track, ev.kind == EventKind::TrackUp);
            break;
    }
}

void Engine::on_scenario(std::size_t idx) {
    for (std::uint32_t c = 0; c < clusters_; ++c) apply(c, s_.events[idx], idx);
}

Result Engine::run() {
    build();
    for (std::size_t e = 0; e < s_.events.size(); ++e)
        if (s_.events[e].at <= s_.duration) push(s_.events[e].at, QKind::Scenario, std::uint32_t(e));
    // Each node's host, then its executor: one node's objects lie together in
    // memory, which keeps a VPC of 20,000 nodes' event handling in few pages.
    for (std::uint32_t gn = 0; gn < clusters_ * nodes_per_cluster_; ++gn) {
        build_host(gn);
        start_node(gn);
    }
    while (!queue_.empty() && queue_.top_time() <= s_.duration) {
        const QEvent e = queue_.pop();
        now_ = e.t;
        clock_ns_ = e.t * kNs;
        ++r_.events_processed;
        switch (e.kind) {
            case QKind::Timer:
                on_timer(e);
                break;
            case QKind::Deliver:
                deliver(e);
                break;
            case QKind::Scenario:
                on_scenario(e.a);
                break;
        }
    }
    now_ = s_.duration;
    r_.end_time = now_;
    for (std::uint32_t gn = 0; gn < clusters_ * nodes_per_cluster_; ++gn) harvest(gn);
    for (std::size_t cg = 0; cg < split_since_.size(); ++cg)
        if (split_since_[cg] != kNever) close_episode(cg);
    for (std::size_t e = 0; e < r_.failures.size(); ++e)
        if (r_.failures[e].taken_over) r_.failures[e].mean = takeover_sum_[e] / double(r_.failures[e].taken_over);
    for (std::uint32_t c = 0; c < clusters_; ++c)
        for (std::uint32_t g = 0; g < groups_; ++g) {
            std::vector<std::uint16_t> masters;
            for (const std::uint32_t ti_index : members_[g])
                if (is_master(c * insts_per_cluster_ + ti_index)) masters.push_back(tmpl_[ti_index].node);
            if (masters.empty())
                ++r_.groups_no_master;
            else if (masters.size() == 1)
                ++r_.groups_one_master;
            else
                ++r_.groups_many_masters;
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
