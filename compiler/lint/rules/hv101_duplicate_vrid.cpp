// SPDX-License-Identifier: MIT
// HV101 duplicate-vrid: two clusters of one VPC use the same virtual_router_id.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

struct Seen {
    std::uint32_t cluster = kNone;  ///< first cluster with this VRID in the VPC
    InstRef member;
    std::uint32_t mcast_cluster = kNone;  ///< first cluster using multicast with it
    InstRef mcast_member;
    std::uint32_t vmac_cluster = kNone;  ///< first cluster using VMAC with it
    InstRef vmac_member;
};

struct Key {
    std::uint32_t a = 0;  ///< VPC (or node)
    int vrid = 0;
    model::IpAddr addr;  ///< subnet network address, unused for the plain key
    int prefix = -1;
    std::string_view dev;  ///< interface, for the per-node key (points into the model)
    friend bool operator==(const Key&, const Key&) = default;
};
struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
        return (hash_addr(k.addr) * 31 + k.a) * 1000003u + static_cast<std::size_t>(k.vrid) * 257u +
               static_cast<std::size_t>(k.prefix + 1) + std::hash<std::string_view>{}(k.dev);
    }
};
/// An instance alone in its cluster that states no address at all (placeholders
/// like `XXX.XXX.XXX.XXX` that did not read, HV004): its other half cannot be
/// found, so it is not judged against other clusters.
bool unpairable(const Cluster& cl, const model::Instance& i) {
    return cl.members.size() == 1 && !i.unicast_src_ip.set && !i.mcast_src_ip.set && i.peers.empty() &&
           i.vips.empty() && i.vips_excluded.empty();
}

struct First {
    std::uint32_t cluster;
    InstRef member;
};

/// The collision of instance `i` of cluster `c` with an earlier cluster of the
/// VPC through what they share beyond a subnet: multicast adverts (which reach
/// the whole VPC) or a VMAC (one MAC per VRID). Sets `first` and `why`.
bool shared_medium(const Seen& seen, std::uint32_t c, const model::Instance& i, int vrid, First& first,
                   std::string& why) {
    const bool mcast = !is_unicast(i);
    if (mcast || (seen.mcast_cluster != kNone && seen.mcast_cluster != c)) {
        first = mcast ? First{seen.cluster, seen.member} : First{seen.mcast_cluster, seen.mcast_member};
        why = "multicast adverts reach the whole VPC, so the clusters hear each other";
        return true;
    }
    if (i.use_vmac.value || (seen.vmac_cluster != kNone && seen.vmac_cluster != c)) {
        first = i.use_vmac.value ? First{seen.cluster, seen.member} : First{seen.vmac_cluster, seen.vmac_member};
        why = fmt::format("with use_vmac both clusters would use MAC `00:00:5e:00:01:{:02x}`", vrid & 0xff);
        return true;
    }
    return false;
}

/// Remembers the first cluster that uses multicast, and the first that uses VMAC, with this VRID.
void note_medium(Seen& seen, std::uint32_t c, InstRef m, const model::Instance& i) {
    if (!is_unicast(i) && seen.mcast_cluster == kNone) {
        seen.mcast_cluster = c;
        seen.mcast_member = m;
    }
    if (i.use_vmac.value && seen.vmac_cluster == kNone) {
        seen.vmac_cluster = c;
        seen.vmac_member = m;
    }
}

class DuplicateVrid final : public RuleBase {
  public:
    DuplicateVrid()
        : RuleBase({"HV101", "duplicate-vrid", "two clusters of one VPC use the same virtual_router_id",
                    diag::Severity::Error, Scope::CrossCluster}) {}

    void check(const Context& cx, Emitter& out) const override {
        std::unordered_map<Key, Seen, KeyHash> by_vrid;
        std::unordered_map<Key, First, KeyHash> by_subnet, by_dev;
        by_vrid.reserve(cx.topo.clusters.size());
        for (std::uint32_t c = 0; c < cx.topo.clusters.size(); ++c) {
            const auto& cl = cx.topo.clusters[c];
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (!i.vrid.set && i.vrid.value == 0) continue;
                if (unpairable(cl, i)) continue;
                const int vrid = i.vrid.value;
                auto& seen = by_vrid[Key{cl.vpc, vrid, {}, -1, {}}];
                if (seen.cluster == kNone) {
                    seen.cluster = c;
                    seen.member = m;
                }
                // The worst collision with an earlier cluster decides the severity.
                const First* other = nullptr;
                std::string why;
                const std::string_view dev = i.interface.value;
                // Only a node with several instances can carry two clusters on one interface.
                if (cx.node(m).instances.size() > 1) {
                    auto [dit, dfresh] = by_dev.emplace(Key{m.node, vrid, {}, -1, dev}, First{c, m});
                    if (!dfresh && dit->second.cluster != c) {
                        other = &dit->second;
                        why = fmt::format("both clusters run on {} of node {}", tick(dev), tick(cx.node(m).name));
                    }
                }
                First subnet_first{kNone, {}};
                if (!other && cl.subnet) {
                    Key sk{cl.vpc, vrid, masked(cl.subnet->addr, cl.subnet->prefix), cl.subnet->prefix, {}};
                    auto [sit, sfresh] = by_subnet.emplace(sk, First{c, m});
                    if (!sfresh && sit->second.cluster != c) {
                        subnet_first = sit->second;
                        other = &subnet_first;
                        why = fmt::format("both clusters are in subnet {}", tick(cl.subnet->str()));
                    }
                }
                First shared{kNone, {}};
                if (!other && seen.cluster != c && shared_medium(seen, c, i, vrid, shared, why)) other = &shared;
                note_medium(seen, c, m, i);
                First plain{seen.cluster, seen.member};
                auto sev = diag::Severity::Error;
                if (!other) {
                    if (seen.cluster == c) continue;
                    other = &plain;
                    sev = diag::Severity::Warning;
                }
                const auto& oc = cx.topo.clusters[other->cluster];
                const auto& oi = cx.inst(other->member);
                auto name = cx.name_of(oc);
                auto b = out.make(sev, fmt::format("virtual_router_id {} is also used by cluster {} in this VPC",
                                                   tick(std::to_string(vrid)), tick(name)));
                b.at(at_or(i.vrid, anchor(i)), "used again here")
                    .also(at_or(oi.vrid, anchor(oi)), fmt::format("first used by cluster {} here", tick(name)));
                if (sev == diag::Severity::Error)
                    b.note(why);
                else
                    b.note("the guide asks for one router ID per cluster in a VPC");
                b.help("give every cluster of the VPC its own virtual_router_id (1..255)");
                out.report(b);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv101, DuplicateVrid)
