// SPDX-License-Identifier: MIT
#include "lint/cluster.hpp"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>

#include "base/flat_index.hpp"
#include "source/parallel.hpp"

namespace havip::lint {

std::size_t hash_addr(const model::IpAddr& a) noexcept {
    // FNV-1a over the family and the bytes that matter for it.
    return base::fnv1a(base::kFnvBasis ^ a.family, std::span(a.bytes.data(), a.family == 6 ? 16 : 4));
}

model::IpAddr masked(const model::IpAddr& a, int prefix) {
    model::IpAddr m = a;
    int bits = a.family == 6 ? 128 : 32;
    if (prefix < 0 || prefix >= bits) return m;
    int full = prefix / 8, rest = prefix % 8;
    if (rest) {
        m.bytes[full] &= static_cast<std::uint8_t>(0xff << (8 - rest));
        ++full;
    }
    for (int i = full; i < 16; ++i) m.bytes[i] = 0;
    return m;
}

std::size_t SubnetIndex::KeyHash::operator()(const Key& k) const noexcept {
    return hash_addr(k.addr) * 31u + static_cast<std::size_t>(k.prefix);
}

void SubnetIndex::add(const model::Cidr& c, std::uint32_t value) {
    if (c.prefix < 0 || !c.addr.valid()) return;
    Key k{masked(c.addr, c.prefix), c.prefix};
    map_.emplace(k, value);
    auto& p = prefixes_[c.addr.is_v6() ? 1 : 0];
    if (std::find(p.begin(), p.end(), c.prefix) == p.end()) {
        p.push_back(c.prefix);
        std::sort(p.begin(), p.end(), std::greater<>());
    }
}

std::optional<std::uint32_t> SubnetIndex::find(const model::IpAddr& a) const {
    if (!a.valid() || map_.empty()) return std::nullopt;
    for (int prefix : prefixes_[a.is_v6() ? 1 : 0]) {
        auto it = map_.find(Key{masked(a, prefix), prefix});
        if (it != map_.end()) return it->second;
    }
    return std::nullopt;
}

namespace {

/// Union-find with path halving and union by size.
struct UnionFind {
    std::vector<std::uint32_t> parent, size;
    explicit UnionFind(std::size_t n) : parent(n), size(n, 1) {
        for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<std::uint32_t>(i);
    }
    std::uint32_t find(std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    std::uint32_t unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return a;
        if (size[a] < size[b]) std::swap(a, b);
        parent[b] = a;
        size[a] += size[b];
        return a;
    }
};

/// An address scoped to a VPC, optionally to a VRID (0: any).
struct AddrKey {
    std::uint32_t vpc = 0;
    int vrid = 0;
    model::IpAddr addr;
    friend bool operator==(const AddrKey&, const AddrKey&) = default;
};

std::uint64_t hash_key(const AddrKey& k) noexcept {
    return hash_addr(k.addr) ^ (std::uint64_t{k.vpc} << 32 | static_cast<std::uint32_t>(k.vrid));
}

constexpr std::uint32_t kNone = base::FlatIndex::kNone;

/// Instances that share a key, as intrusive chains (latest first): each
/// instance's key, the latest instance per key, the next per instance.
struct Chains {
    std::vector<AddrKey> key;
    std::vector<std::uint32_t> next;
    base::FlatIndex head;
    explicit Chains(std::size_t n) : key(n), next(n, kNone), head(n) {}
    void add(const AddrKey& k, std::uint32_t flat) {
        key[flat] = k;
        next[flat] = head.replace(hash_key(k), flat, [&](std::uint32_t v) { return key[v] == k; });
    }
    std::uint32_t first(const AddrKey& k) const {
        return head.find(hash_key(k), [&](std::uint32_t v) { return key[v] == k; });
    }
};

/// [begin, end) of chunk `c` of `n` items cut in `chunks`.
std::pair<std::size_t, std::size_t> chunk(std::size_t c, std::size_t chunks, std::size_t n) {
    return {c * n / chunks, (c + 1) * n / chunks};
}

/// fn(i) for every i in [0, n), in chunks on up to `jobs` threads (an item
/// each would cost more in handing out than a small item costs to do).
template <class Fn>
void for_chunks(std::size_t n, unsigned jobs, Fn&& fn) {
    const std::size_t chunks = jobs <= 1 || n < 1024 ? 1 : std::size_t{jobs} * 8;
    source::parallel_for(chunks, jobs, [&](std::size_t c) {
        const auto [b, e] = chunk(c, chunks, n);
        for (std::size_t i = b; i < e; ++i) fn(i);
    });
}

/// Addresses that place a node in a VPC, most telling first.
template <class F>
void node_addresses(const model::Node& n, const model::HostFacts* h, F&& f) {
    if (h)
        for (const auto& [dev, addrs] : h->interfaces)
            for (const auto& c : addrs)
                if (f(c.addr)) return;
    for (const auto& i : n.instances)
        if (i.unicast_src_ip.set && f(i.unicast_src_ip.value)) return;
    for (const auto& i : n.instances)
        if (i.mcast_src_ip.set && f(i.mcast_src_ip.value)) return;
    for (const auto& i : n.instances)
        for (const auto& v : i.vips)
            if (f(v.addr.addr)) return;
    for (const auto& i : n.instances)
        for (const auto& p : i.peers)
            if (f(p.addr)) return;
}

struct SubnetCandidate {
    model::Cidr cidr;
    source::Span span;
    SubnetSource source;
};

/// The subnets the inventory and --subnet name, with an index over them.
struct KnownSubnets {
    std::vector<SubnetCandidate> cands;
    SubnetIndex idx;

    KnownSubnets(const model::Inventory& inv, const std::vector<model::Cidr>& subnets) {
        for (const auto& v : inv.vpcs)
            for (const auto& s : v.subnets) {
                idx.add(s, static_cast<std::uint32_t>(cands.size()));
                cands.push_back({s, v.span, SubnetSource::Inventory});
            }
        for (const auto& s : subnets) {
            idx.add(s, static_cast<std::uint32_t>(cands.size()));
            cands.push_back({s, {}, SubnetSource::Option});
        }
    }
};

void set_subnet(Cluster& c, const model::Cidr& cidr, SubnetSource source, source::Span span) {
    c.subnet = cidr;
    c.subnet_source = source;
    c.subnet_span = span;
}

/// 1. inventory / --subnet: the subnet holding most of the cluster's addresses
/// (its HAVIPs, then its unicast_src_ip); the first of equals.
bool subnet_by_vote(Cluster& c, const model::Fleet& fleet, const KnownSubnets& known,
                    std::vector<std::pair<std::uint32_t, int>>& votes) {
    if (known.idx.empty()) return false;
    votes.clear();
    auto vote = [&](const model::IpAddr& a) {
        auto hit = known.idx.find(a);
        if (!hit) return;
        for (auto& [v, n] : votes)
            if (v == *hit) {
                ++n;
                return;
            }
        votes.emplace_back(*hit, 1);
    };
    for (const auto& m : c.members) {
        const auto& i = fleet.nodes[m.node].instances[m.inst];
        for (const auto& v : i.vips)
            if (v.dev.empty() || v.dev == i.interface.value) vote(v.addr.addr);
    }
    for (const auto& m : c.members) {
        const auto& i = fleet.nodes[m.node].instances[m.inst];
        if (i.unicast_src_ip.set) vote(i.unicast_src_ip.value);
    }
    if (votes.empty()) return false;
    auto best = votes.front();
    for (const auto& v : votes)
        if (v.second > best.second) best = v;
    const auto& sc = known.cands[best.first];
    set_subnet(c, sc.cidr, sc.source, sc.span);
    return true;
}

/// 2. the havip.toml `subnet` of the first member that declares one: the one
/// holding the member's addresses, else the first.
bool subnet_from_toml(Cluster& c, const model::Fleet& fleet) {
    for (const auto& m : c.members) {
        const auto& decl = fleet.nodes[m.node].cluster.subnets;
        if (decl.empty()) continue;
        const model::Located<model::Cidr>* pick = &decl.front();
        const auto& i = fleet.nodes[m.node].instances[m.inst];
        for (const auto& s : decl) {
            bool holds = i.unicast_src_ip.set && s.value.contains(i.unicast_src_ip.value);
            for (const auto& v : i.vips) holds = holds || s.value.contains(v.addr.addr);
            if (holds) {
                pick = &s;
                break;
            }
        }
        set_subnet(c, pick->value, SubnetSource::Toml, pick->span);
        return true;
    }
    return false;
}

/// 3. a HAVIP written with a prefix shorter than a host route.
void subnet_from_vip_prefix(Cluster& c, const model::Fleet& fleet) {
    for (const auto& m : c.members) {
        const auto& i = fleet.nodes[m.node].instances[m.inst];
        for (const auto& v : i.vips) {
            if (!v.dev.empty() && v.dev != i.interface.value) continue;  // not a HAVIP
            int bits = v.addr.addr.is_v6() ? 128 : 32;
            if (v.addr.prefix < 0 || v.addr.prefix >= bits) continue;
            set_subnet(c, model::Cidr{masked(v.addr.addr, v.addr.prefix), v.addr.prefix}, SubnetSource::VipPrefix,
                       v.span);
            return;
        }
    }
}

void assign_subnets(Topology& t, const model::Fleet& fleet, const model::Inventory& inv,
                    const std::vector<model::Cidr>& subnets, unsigned jobs) {
    const KnownSubnets known(inv, subnets);
    for_chunks(t.clusters.size(), jobs, [&](std::size_t k) {
        thread_local std::vector<std::pair<std::uint32_t, int>> votes;
        auto& c = t.clusters[k];
        if (subnet_by_vote(c, fleet, known, votes)) return;
        if (subnet_from_toml(c, fleet)) return;
        subnet_from_vip_prefix(c, fleet);
    });
}

/// Host facts by node name (one hash lookup per node, not a scan).
void find_hosts(Topology& t, const model::Fleet& fleet, const model::Inventory& inv) {
    std::unordered_map<std::string_view, const model::HostFacts*> by_name;
    by_name.reserve(inv.hosts.size());
    for (const auto& h : inv.hosts) by_name.emplace(h.name, &h);
    t.hosts.resize(fleet.nodes.size(), nullptr);
    for (std::size_t n = 0; n < fleet.nodes.size(); ++n) {
        auto it = by_name.find(fleet.nodes[n].name);
        if (it != by_name.end()) t.hosts[n] = it->second;
    }
}

/// VPCs: the inventory's, plus one for nodes none of them holds; else one VPC.
/// A node is in the VPC of its first address an inventory subnet holds, else in
/// the one its inventory entry names (`vpc = "name"`).
void place_nodes(Topology& t, const model::Fleet& fleet, const model::Inventory& inv, unsigned jobs) {
    const auto n_nodes = fleet.nodes.size();
    t.node_vpc.assign(n_nodes, 0);
    if (inv.vpcs.empty()) {
        t.vpcs.push_back({});
        return;
    }
    SubnetIndex vidx;
    for (std::size_t v = 0; v < inv.vpcs.size(); ++v) {
        t.vpcs.push_back({inv.vpcs[v].name, inv.vpcs[v].multicast, true, inv.vpcs[v].havip_per_eni});
        for (const auto& s : inv.vpcs[v].subnets) vidx.add(s, static_cast<std::uint32_t>(v));
    }
    const auto outside = static_cast<std::uint32_t>(t.vpcs.size());
    std::unordered_map<std::string_view, std::uint32_t> by_vpc_name;
    for (std::size_t v = 0; v < inv.vpcs.size(); ++v)
        by_vpc_name.emplace(inv.vpcs[v].name, static_cast<std::uint32_t>(v));
    for_chunks(n_nodes, jobs, [&](std::size_t n) {
        std::uint32_t vpc = outside;
        node_addresses(fleet.nodes[n], t.hosts[n], [&](const model::IpAddr& a) {
            auto hit = vidx.find(a);
            if (hit) vpc = *hit;
            return hit.has_value();
        });
        if (vpc == outside && t.hosts[n] && !t.hosts[n]->vpc.empty()) {
            auto it = by_vpc_name.find(t.hosts[n]->vpc);
            if (it != by_vpc_name.end()) vpc = it->second;
        }
        t.node_vpc[n] = vpc;
    });
    if (std::find(t.node_vpc.begin(), t.node_vpc.end(), outside) != t.node_vpc.end())
        t.vpcs.push_back({"", false, false, std::nullopt});
}

/// Joins the fleet's instances (numbered flat, node by node) into clusters.
class Clustering {
  public:
    Clustering(Topology& t, const model::Fleet& fleet) : t_(t), fleet_(fleet) {
        const auto n_nodes = fleet.nodes.size();
        t.inst_base.resize(n_nodes + 1, 0);
        for (std::size_t n = 0; n < n_nodes; ++n)
            t.inst_base[n + 1] = t.inst_base[n] + static_cast<std::uint32_t>(fleet.nodes[n].instances.size());
        total_ = t.inst_base[n_nodes];
        refs_.resize(total_);
        for (std::uint32_t n = 0; n < n_nodes; ++n)
            for (std::uint32_t i = 0; i < fleet.nodes[n].instances.size(); ++i) refs_[t.inst_base[n] + i] = {n, i};
    }

    void run() {
        UnionFind uf(total_);
        unite_peers(uf);
        unite_toml_clusters(uf);
        unite_shared_vips(uf);
        number_clusters(uf);
    }

  private:
    const model::Instance& inst(std::uint32_t f) const { return fleet_.nodes[refs_[f].node].instances[refs_[f].inst]; }
    std::uint32_t vpc(std::uint32_t f) const { return t_.node_vpc[refs_[f].node]; }

    void unite_peers(UnionFind& uf) const {
        Chains by_src_vrid(total_), by_src(total_);
        for (std::uint32_t f = 0; f < total_; ++f) {
            const auto& i = inst(f);
            if (!i.unicast_src_ip.set) continue;
            by_src_vrid.add({vpc(f), i.vrid.value, i.unicast_src_ip.value}, f);
            by_src.add({vpc(f), 0, i.unicast_src_ip.value}, f);
        }
        unite_peers_same_vrid(uf, by_src_vrid);
        unite_peers_other_vrid(uf, by_src);
    }

    /// A. Peering with the same VRID: one's unicast_src_ip in the other's unicast_peer.
    void unite_peers_same_vrid(UnionFind& uf, const Chains& by_src_vrid) const {
        for (std::uint32_t f = 0; f < total_; ++f) {
            const auto& i = inst(f);
            for (const auto& p : i.peers)
                for (auto y = by_src_vrid.first({vpc(f), i.vrid.value, p.addr}); y != kNone; y = by_src_vrid.next[y])
                    if (refs_[y].node != refs_[f].node) uf.unite(f, y);
        }
    }

    /// B. Peering that only disagrees on the VRID still makes one cluster (HV102
    /// reports it); prefer a partner that found nobody either, then the same name.
    void unite_peers_other_vrid(UnionFind& uf, const Chains& by_src) const {
        for (std::uint32_t f = 0; f < total_; ++f) {
            const auto& i = inst(f);
            if (i.peers.empty() || uf.size[uf.find(f)] > 1) continue;
            std::uint32_t pick = kNone;
            int pick_score = -1;
            for (const auto& p : i.peers) {
                int walked = 0;
                for (auto y = by_src.first({vpc(f), 0, p.addr}); y != kNone && walked < 64;
                     y = by_src.next[y], ++walked) {
                    if (refs_[y].node == refs_[f].node) continue;
                    int score = (uf.size[uf.find(y)] == 1 ? 2 : 0) + (inst(y).name == i.name ? 1 : 0);
                    if (score > pick_score) {
                        pick = y;
                        pick_score = score;
                    }
                }
            }
            if (pick != kNone) uf.unite(f, pick);
        }
    }

    /// The nodes of one havip.toml form one cluster per instance name.
    void unite_toml_clusters(UnionFind& uf) const {
        std::unordered_map<std::string, std::uint32_t> toml;
        for (std::uint32_t f = 0; f < total_; ++f) {
            const auto& node = fleet_.nodes[refs_[f].node];
            if (node.origin != model::Origin::Toml) continue;
            std::string key = std::to_string(node.file) + '\n' + node.cluster.name + '\n' + inst(f).name;
            auto [it, fresh] = toml.emplace(std::move(key), f);
            if (!fresh) uf.unite(f, it->second);
        }
    }

    /// C. A shared VIP links instances, but never two clusters already formed by
    /// peering: those are two clusters claiming one VIP (HV116).
    void unite_shared_vips(UnionFind& uf) const {
        std::vector<std::uint8_t> peered(total_, 0);
        for (std::uint32_t f = 0; f < total_; ++f)
            if (uf.size[uf.find(f)] > 1) peered[uf.find(f)] = 1;
        // Each VIP written (its key, and the instance that wrote it), linked to
        // the first instance that wrote the same one.
        std::vector<AddrKey> keys;
        std::vector<std::uint32_t> owner;
        keys.reserve(total_);
        owner.reserve(total_);
        for (std::uint32_t f = 0; f < total_; ++f) {
            const auto& i = inst(f);
            for (const auto* list : {&i.vips, &i.vips_excluded})
                for (const auto& v : *list) {
                    keys.push_back(AddrKey{vpc(f), 0, v.addr.addr});
                    owner.push_back(f);
                }
        }
        base::FlatIndex first(keys.size());
        for (std::uint32_t k = 0; k < keys.size(); ++k) {
            const std::uint32_t seen =
                first.insert(hash_key(keys[k]), k, [&](std::uint32_t v) { return keys[v] == keys[k]; });
            if (seen == kNone) continue;
            const std::uint32_t f = owner[k];
            auto a = uf.find(f), b = uf.find(owner[seen]);
            if (a == b || (peered[a] && peered[b])) continue;
            auto r = uf.unite(a, b);
            peered[r] = peered[a] | peered[b];
        }
    }

    /// Clusters in order of their first member.
    void number_clusters(UnionFind& uf) {
        t_.inst_cluster.assign(total_, kNone);
        std::vector<std::uint32_t> root_cluster(total_, kNone);
        std::uint32_t count = 0;
        for (std::uint32_t f = 0; f < total_; ++f) {
            auto r = uf.find(f);
            if (root_cluster[r] == kNone) root_cluster[r] = count++;
            t_.inst_cluster[f] = root_cluster[r];
        }
        // Sized once: the clusters, then each one's members.
        t_.clusters.resize(count);
        for (std::uint32_t f = 0; f < total_; ++f) {
            auto& c = t_.clusters[t_.inst_cluster[f]];
            if (c.members.empty()) {  // its first member
                c.vpc = vpc(f);
                c.members.reserve(uf.size[uf.find(f)]);
            }
            c.members.push_back(refs_[f]);
        }
    }

    Topology& t_;
    const model::Fleet& fleet_;
    std::uint32_t total_ = 0;
    std::vector<InstRef> refs_;  ///< flat instance index → (node, instance)
};

}  // namespace

Topology build_topology(const model::Fleet& fleet, const model::Inventory& inv, const std::vector<model::Cidr>& subnets,
                        unsigned jobs) {
    Topology t;
    find_hosts(t, fleet, inv);
    place_nodes(t, fleet, inv, jobs);
    Clustering(t, fleet).run();
    assign_subnets(t, fleet, inv, subnets, jobs);
    return t;
}

std::string cluster_name(const model::Fleet& fleet, const Cluster& c) {
    if (c.members.empty()) return "?";
    for (const auto& m : c.members)
        if (!fleet.nodes[m.node].cluster.name.empty()) return fleet.nodes[m.node].cluster.name;
    const auto& first = c.members.front();
    std::string out = fleet.nodes[first.node].instances[first.inst].name + " (";
    std::uint32_t last = 0xffffffffu;
    int shown = 0, more = 0;
    for (const auto& m : c.members) {
        if (m.node == last) continue;
        last = m.node;
        if (shown == 3) {
            ++more;
            continue;
        }
        if (shown++) out += ", ";
        out += fleet.nodes[m.node].name;
    }
    if (more) out += ", +" + std::to_string(more) + " more";
    return out + ")";
}

}  // namespace havip::lint
