// SPDX-License-Identifier: MIT
#pragma once
/// Clusters and VPCs (lint-rules.md, "Cluster and VPC"): which instances form
/// one VRRP cluster, which VPC each node is in, and each cluster's subnet.
/// Built once per run in O(n) hashing (union-find over maps keyed by address),
/// never by pairing instances.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/inventory.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::lint {

/// One vrrp_instance of one node.
struct InstRef {
    std::uint32_t node = 0;
    std::uint32_t inst = 0;
    friend bool operator==(const InstRef&, const InstRef&) = default;
};

/// Where a cluster's subnet came from, in order of precedence.
enum class SubnetSource : std::uint8_t { None, Inventory, Option, Toml, VipPrefix };

struct Cluster {
    std::vector<InstRef> members;  ///< in fleet order (node, then instance)
    std::uint32_t vpc = 0;
    std::optional<model::Cidr> subnet;
    SubnetSource subnet_source = SubnetSource::None;
    source::Span subnet_span;  ///< the inventory entry, TOML `subnet` or VIP it came from
};

struct VpcInfo {
    std::string name;        ///< inventory name; "" for the implicit VPC
    bool multicast = false;  ///< multicast enabled by ticket
    bool from_inventory = false;
    std::optional<int> havip_per_eni;  ///< the inventory's HV104 limit for this VPC
};

/// Finds longest-prefix matches among a set of subnets by hashing one masked
/// key per distinct prefix length (a few probes per lookup, never a scan).
class SubnetIndex {
  public:
    /// Adds a subnet (prefix >= 0); the first value added for a subnet wins.
    void add(const model::Cidr& c, std::uint32_t value);
    /// The value of the longest subnet holding `a`, or nullopt.
    std::optional<std::uint32_t> find(const model::IpAddr& a) const;
    bool empty() const { return map_.empty(); }

  private:
    struct Key {
        model::IpAddr addr;
        int prefix = 0;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept;
    };
    std::unordered_map<Key, std::uint32_t, KeyHash> map_;
    std::vector<int> prefixes_[2];  ///< distinct prefix lengths, longest first (v4, v6)
};

/// Hash of an address (family and bytes), for maps keyed by address.
std::size_t hash_addr(const model::IpAddr& a) noexcept;

/// A network address with the prefix bits beyond `prefix` cleared.
model::IpAddr masked(const model::IpAddr& a, int prefix);

/// Everything the cross-file rules need about the fleet's shape.
struct Topology {
    std::vector<VpcInfo> vpcs;
    std::vector<std::uint32_t> node_vpc;         ///< per node
    std::vector<const model::HostFacts*> hosts;  ///< per node, null when the inventory has none
    std::vector<std::uint32_t> inst_base;        ///< flat index of a node's first instance
    std::vector<std::uint32_t> inst_cluster;     ///< per flat instance: its cluster
    std::vector<Cluster> clusters;               ///< in order of their first member

    std::uint32_t flat(InstRef r) const { return inst_base[r.node] + r.inst; }
    const Cluster& cluster_of(InstRef r) const { return clusters[inst_cluster[flat(r)]]; }
    std::uint32_t cluster_index(InstRef r) const { return inst_cluster[flat(r)]; }
};

/// Builds the topology: VPCs from the inventory (else one), clusters from
/// unicast peering and shared VIPs, each cluster's subnet. The per-node and
/// per-cluster steps run on up to `jobs` threads; the result does not depend on it.
Topology build_topology(const model::Fleet& fleet, const model::Inventory& inv, const std::vector<model::Cidr>& subnets,
                        unsigned jobs = 1);

/// A readable name for messages: the havip.toml cluster name, else the first
/// member's instance name and its nodes (`VI_1 (db-a, db-b)`).
std::string cluster_name(const model::Fleet& fleet, const Cluster& c);

}  // namespace havip::lint
