// SPDX-License-Identifier: MIT
#include "cli/compile_summary.hpp"

#include <fmt/format.h>

namespace havip::cli {
namespace {

std::string seconds(std::uint64_t us) {
    auto s = fmt::format("{:.3f}", static_cast<double>(us) / 1e6);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + " s";
}

const char* plural(std::size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

std::uint64_t skew_us(int version, std::uint16_t advert_cs, std::uint8_t backup_prio) {
    const std::uint64_t p = backup_prio ? backup_prio : 1;
    if (version == 3) return (256 - p) * (std::uint64_t{advert_cs} * 10000) / 256;
    return (256 - p) * 1000000 / 256;
}

std::uint64_t master_down_us(int version, std::uint16_t advert_cs, std::uint8_t backup_prio) {
    return 3 * std::uint64_t{advert_cs} * 10000 + skew_us(version, advert_cs, backup_prio);
}

void print_summary(std::ostream& os, const std::vector<CompiledNode>& nodes, std::size_t i,
                   const lint::Topology& topo) {
    const auto& me = nodes[i];
    const auto& v = me.view;
    std::size_t vips = 0;
    for (std::size_t k = 0; k < v.vip_count(); ++k) vips += v.vip(k).excluded ? 0 : 1;
    os << fmt::format("{}: {} ({} bytes), {} instance{}, {} VIP{}\n", me.node->name, me.path, me.bytes.size(),
                      v.instance_count(), plural(v.instance_count()), vips, plural(vips));
    for (std::size_t j = 0; j < me.node->instances.size(); ++j) {
        const auto& mi = me.node->instances[j];
        const auto in = v.find_instance(mi.name);
        if (!in) continue;
        os << fmt::format("  {}: vrid {}, VRRPv{}, priority {}, advert {}, starts {}{}\n", in->name, in->vrid,
                          in->version, in->priority, seconds(std::uint64_t{in->advert_cs} * 10000),
                          in->master ? "MASTER" : "BACKUP", in->nopreempt ? ", nopreempt" : "");
        // Peers: the other members of this instance's cluster among the inputs.
        const auto& cluster = topo.cluster_of({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
        bool any = false;
        for (const auto& r : cluster.members) {
            if (r.node == i || r.node >= nodes.size()) continue;
            const auto& other = nodes[r.node];
            const auto peer = other.view.find_instance(other.node->instances[r.inst].name);
            if (!peer) continue;
            any = true;
            const auto skew = skew_us(in->version, in->advert_cs, peer->priority);
            os << fmt::format(
                "    {} as master dies: {} (priority {}) takes over after {} (3 x {} + skew {}); "
                "{} stops gracefully: {}\n",
                me.node->name, other.node->name, peer->priority,
                seconds(master_down_us(in->version, in->advert_cs, peer->priority)),
                seconds(std::uint64_t{in->advert_cs} * 10000), seconds(skew), me.node->name, seconds(skew));
        }
        if (!any)
            os << fmt::format("    no peer among the inputs; a backup at this priority takes over after {} (skew {})\n",
                              seconds(master_down_us(in->version, in->advert_cs, in->priority)),
                              seconds(skew_us(in->version, in->advert_cs, in->priority)));
    }
}

}  // namespace havip::cli
