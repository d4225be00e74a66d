// SPDX-License-Identifier: MIT
// HV125 no-vrid: an instance without virtual_router_id, which keepalived
// refuses to run.
#include <fmt/format.h>

#include <algorithm>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class NoVrid final : public RuleBase {
  public:
    static bool written(const model::Node& node, const model::Instance& i) {
        return std::any_of(node.keywords.begin(), node.keywords.end(), [&i](const model::KeywordUse& u) {
            return u.keyword() == "virtual_router_id" && u.block() == "vrrp_instance" && u.span.file == i.span.file &&
                   u.span.begin >= i.span.begin && u.span.begin < i.span.end;
        });
    }

    NoVrid()
        : RuleBase({"HV125", "no-vrid", "an instance without virtual_router_id (keepalived does not run it)",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node& node, const model::Instance& i) {
            // A virtual_router_id with a bad value is its own finding (HV004).
            if (i.vrid.set || written(node, i)) return;
            auto b = out.make(fmt::format("instance {} has no virtual_router_id", tick(i.name)));
            b.at(anchor(i), "no virtual_router_id")
                .note(fmt::format("keepalived says \"({}) the virtual router id must be set\" and does not run the "
                                  "instance",
                                  i.name))
                .help(
                    "add `virtual_router_id N` (1..255), the same on every node of the cluster and unique in the "
                    "VPC subnet");
            out.report(b);
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv125, NoVrid)
