// SPDX-License-Identifier: MIT
// HV216 single-instance-sync-group: a vrrp_sync_group with fewer than two instances.
#include <fmt/format.h>

#include <algorithm>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class SingleInstanceSyncGroup final : public RuleBase {
  public:
    SingleInstanceSyncGroup()
        : RuleBase({"HV216", "single-instance-sync-group", "a vrrp_sync_group with fewer than two instances",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            for (const auto& g : node.sync_groups) {
                // Count the members keepalived finds (unknown names are HV122's).
                std::size_t n = 0;
                for (const auto& m : g.members)
                    n += std::any_of(node.instances.begin(), node.instances.end(),
                                     [&](const model::Instance& i) { return i.name == m; });
                if (n >= 2) continue;
                out.report(out.make(fmt::format("sync group {} has {} instance{}", tick(g.name), n, n == 1 ? "" : "s"))
                               .at(or_else(g.name_span, g.span), "nothing to keep in step")
                               .note(fmt::format("keepalived says \"Sync group {} has only {} virtual router(s) - this "
                                                 "probably isn't what you want\"",
                                                 g.name, n))
                               .note("a sync group moves several instances together; with one it only disables "
                                     "the instance's own track weights")
                               .help("list every instance that must fail over together, or remove the group"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv216, SingleInstanceSyncGroup)
