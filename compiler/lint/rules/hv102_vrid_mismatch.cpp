// SPDX-License-Identifier: MIT
// HV102 vrid-mismatch: members of one cluster disagree on virtual_router_id.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class VridMismatch final : public RuleBase {
  public:
    VridMismatch()
        : RuleBase({"HV102", "vrid-mismatch", "members of one cluster disagree on virtual_router_id",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            const auto& ref = cl.members.front();
            const auto& ri = cx.inst(ref);
            for (std::size_t k = 1; k < cl.members.size(); ++k) {
                const auto& m = cl.members[k];
                const auto& i = cx.inst(m);
                if (i.vrid.value == ri.vrid.value) continue;
                out.report(
                    out.make(fmt::format("virtual_router_id {} differs from {} on {}, a member of the same cluster",
                                         tick(std::to_string(i.vrid.value)), tick(std::to_string(ri.vrid.value)),
                                         tick(cx.node(ref).name)))
                        .at(at_or(i.vrid, anchor(i)), "this member")
                        .also(at_or(ri.vrid, anchor(ri)), fmt::format("{} uses {} here", tick(cx.node(ref).name),
                                                                      tick(std::to_string(ri.vrid.value))))
                        .note("VRRP drops adverts for another router ID, so each member becomes master")
                        .help("use one virtual_router_id on every member of the cluster"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv102, VridMismatch)
