// SPDX-License-Identifier: MIT
// HV104 havip-per-eni: more HAVIPs bound to one ENI of a node than the limit.
#include <fmt/format.h>

#include <algorithm>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class HavipPerEni final : public RuleBase {
  public:
    HavipPerEni()
        : RuleBase({"HV104", "havip-per-eni", "more than 5 HAVIPs bound to one ENI (interface) of a node",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        struct Dev {
            std::string_view name;
            std::vector<model::IpAddr> addrs;
            source::Span first, over;
        };
        std::vector<Dev> devs;
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            // The VPC's own limit (inventory `havip_per_eni`), else the option.
            const auto& vpc = cx.topo.vpcs[cx.topo.node_vpc[n]];
            const auto limit =
                static_cast<std::size_t>(std::max(vpc.havip_per_eni.value_or(cx.opt.havip_per_eni_limit), 0));
            devs.clear();
            auto count = [&](const model::Instance& i, const model::Vip& v) {
                if (!on_havip_interface(i, v)) return;  // not a HAVIP: an address on another port
                const auto& dev = vip_dev(i, v);
                auto d = std::find_if(devs.begin(), devs.end(), [&](const Dev& x) { return x.name == dev; });
                if (d == devs.end()) {
                    devs.push_back({dev, {}, v.span, {}});
                    d = devs.end() - 1;
                }
                if (std::find(d->addrs.begin(), d->addrs.end(), v.addr.addr) != d->addrs.end()) return;
                d->addrs.push_back(v.addr.addr);
                if (d->addrs.size() == limit + 1) d->over = v.span;
            };
            for (const auto& i : node.instances) {
                for (const auto& v : i.vips) count(i, v);
                for (const auto& v : i.vips_excluded) count(i, v);
            }
            for (const auto& d : devs) {
                if (d.addrs.size() <= limit) continue;
                out.report(out.make(fmt::format("{} of node {} carries {} HAVIPs, more than {}", tick(d.name),
                                                tick(node.name), d.addrs.size(), limit))
                               .at(d.over, fmt::format("HAVIP number {} on {}", limit + 1, tick(d.name)))
                               .also(d.first, fmt::format("first HAVIP on {}", tick(d.name)))
                               .note("the platform announces and moves HAVIPs per ENI; beyond five some switch slower")
                               .help("spread the VIPs over more ENIs (or clusters)"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv104, HavipPerEni)
