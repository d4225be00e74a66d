// SPDX-License-Identifier: MIT
// HV202 vmac: the advert source is not pinned (no use_vmac, no source address),
// or use_vmac with unicast but without vmac_xmit_base.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class Vmac final : public RuleBase {
  public:
    Vmac()
        : RuleBase({"HV202", "vmac",
                    "the VIP can become the advert source (no use_vmac, no source address); vmac with unicast "
                    "needs vmac_xmit_base",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            if (i.use_vmac.value && is_unicast(i) && !i.vmac_xmit_base.value)
                out.report(out.make("use_vmac with unicast peers without vmac_xmit_base")
                               .at(at_or(i.use_vmac, anchor(i)), "VMAC here")
                               .note("unicast adverts must leave from the base interface; keepalived turns "
                                     "vmac_xmit_base on by itself, havip does not guess")
                               .help("add `vmac_xmit_base`"),
                           fold_in_node(cx, r.node, i.name, "use_vmac with unicast peers without vmac_xmit_base"));
            // Unicast without unicast_src_ip is HV106; here: multicast with nothing pinning the source.
            if (!i.use_vmac.value && !is_unicast(i) && !i.unicast_peer_block && !i.mcast_src_ip.set)
                out.report(
                    out.make(fmt::format("instance {} neither uses use_vmac nor sets mcast_src_ip", tick(i.name)))
                        .at(anchor(i), "advert source not pinned")
                        .note("if the VIP becomes the ENI's primary address (a network restart while the VIP "
                              "is up), adverts leave from the VIP and the peer ignores them: split brain")
                        .help("add `use_vmac` (the guide's advice) or `mcast_src_ip` with this node's address"),
                    Fold{fmt::format("{} source", r.node), i.name,
                         fmt::format("{{n}} instances of node {} neither use use_vmac nor set mcast_src_ip: "
                                     "{{items}}",
                                     tick(node.name))});
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv202, Vmac)
