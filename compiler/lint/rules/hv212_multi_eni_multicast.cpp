// SPDX-License-Identifier: MIT
// HV212 multi-eni-multicast: multicast on an ENI that is not the default-route ENI.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class MultiEniMulticast final : public RuleBase {
  public:
    MultiEniMulticast()
        : RuleBase({"HV212", "multi-eni-multicast", "multicast on an ENI that is not the default-route ENI",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            if (is_unicast(i) || i.unicast_peer_block) return;
            const auto* h = cx.host(r.node);
            if (!h || h->default_route_interface.empty() || !i.interface.set) return;
            if (i.interface.value == h->default_route_interface) return;
            out.report(out.make(fmt::format("multicast on {}, not on {}, the default-route ENI of {}",
                                            tick(i.interface.value), tick(h->default_route_interface), tick(node.name)))
                           .at(i.interface.span, "not the default-route ENI")
                           .note("multicast sent or received on another ENI of a multi-ENI instance may be lost")
                           .help("use unicast peers on a secondary ENI, or run the instance on the default-route ENI"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv212, MultiEniMulticast)
