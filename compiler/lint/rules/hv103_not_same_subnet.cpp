// SPDX-License-Identifier: MIT
// HV103 not-same-subnet: an address of the cluster lies outside its subnet
// (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

const char* origin(SubnetSource s) {
    switch (s) {
        case SubnetSource::Inventory:
            return "the inventory";
        case SubnetSource::Option:
            return "--subnet";
        case SubnetSource::Toml:
            return "havip.toml";
        case SubnetSource::VipPrefix:
            return "this VIP's prefix";
        case SubnetSource::None:
            break;
    }
    return "?";
}

class NotSameSubnet final : public RuleBase {
  public:
    NotSameSubnet()
        : RuleBase({"HV103", "not-same-subnet",
                    "unicast_src_ip, a unicast_peer or a VIP lies outside the cluster's subnet", diag::Severity::Error,
                    Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        const Cluster* unknown = nullptr;
        std::size_t unknown_count = 0;
        for (const auto& cl : cx.topo.clusters) {
            if (!cl.subnet) {
                if (!unknown) unknown = &cl;
                ++unknown_count;
                continue;
            }
            const auto& sn = *cl.subnet;
            auto report = [&](const InstRef& m, const model::IpAddr& a, source::Span at, const char* what) {
                if (a.family != sn.addr.family || sn.contains(a)) return;
                const auto msg = fmt::format("{} {} is outside the cluster's subnet {}", what, tick(a), tick(sn.str()));
                auto b = out.make(msg);
                b.at(at, "outside the subnet");
                if (cl.subnet_span.valid())
                    b.also(cl.subnet_span, fmt::format("subnet {} from {}", tick(sn.str()), origin(cl.subnet_source)));
                else
                    b.note(fmt::format("the subnet {} comes from {}", tick(sn.str()), origin(cl.subnet_source)));
                b.note(fmt::format("cluster {} on node {}: a HAVIP moves only within one subnet", tick(cx.name_of(cl)),
                                   tick(cx.node(m).name)));
                b.help("keep both nodes, their unicast addresses and the VIP in one subnet");
                // Many clusters of a node with one address outside one subnet: one finding.
                out.report(b, fold_in_node(cx, m.node, cx.inst(m).name, msg));
            };
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (i.unicast_src_ip.set) report(m, i.unicast_src_ip.value, i.unicast_src_ip.span, "unicast_src_ip");
                for (const auto& p : i.peers) report(m, p.addr, p.span, "unicast peer");
                for (const auto* list : {&i.vips, &i.vips_excluded})
                    for (const auto& v : *list)
                        if (on_havip_interface(i, v)) report(m, v.addr.addr, v.span, "VIP");
            }
        }
        if (unknown && !unknown->members.empty()) {
            const auto& i = cx.inst(unknown->members.front());
            auto b = out.make(diag::Severity::Info,
                              fmt::format("the subnet of cluster {} is unknown, so its addresses are not checked",
                                          tick(cx.name_of(*unknown))));
            b.at(anchor(i), "no subnet known");
            if (unknown_count > 1) b.note(fmt::format("{} more clusters have no known subnet", unknown_count - 1));
            b.help("give --subnet CIDR or --inventory, or write the VIP with its prefix (`172.16.0.135/24`)");
            out.report(b);
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv103, NotSameSubnet)
