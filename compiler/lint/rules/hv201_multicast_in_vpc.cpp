// SPDX-License-Identifier: MIT
// HV201 multicast-in-vpc: an instance without unicast peers uses multicast.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class MulticastInVpc final : public RuleBase {
  public:
    MulticastInVpc()
        : RuleBase({"HV201", "multicast-in-vpc", "no unicast peers: multicast needs VPC multicast enabled by ticket",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            if (is_unicast(i) || i.unicast_peer_block) return;  // an empty block is HV108
            if (cx.topo.vpcs[cx.topo.node_vpc[r.node]].multicast) return;
            out.report(out.make(fmt::format("instance {} has no unicast peers, so it uses multicast", tick(i.name)))
                           .at(anchor(i), "multicast adverts")
                           .note("multicast works in a VPC only once enabled by ticket, and then the whole VPC is "
                                 "one multicast domain")
                           .help("add `unicast_src_ip` and a `unicast_peer` block naming the other node, or mark the "
                                 "VPC `multicast = true` in the inventory"),
                       Fold{fmt::format("{}", r.node), i.name,
                            fmt::format("{{n}} instances of node {} have no unicast peers, so they use multicast: "
                                        "{{items}}",
                                        tick(node.name))});
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv201, MulticastInVpc)
