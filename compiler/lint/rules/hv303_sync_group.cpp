// SPDX-License-Identifier: MIT
// HV303 sync-group: vrrp_sync_group semantics havipd does not execute.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class SyncGroup final : public RuleBase {
  public:
    SyncGroup()
        : RuleBase({"HV303", "sync-group",
                    "a vrrp_sync_group of several instances, or with its own tracking or notify, is not executed "
                    "by havipd",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& g : node.sync_groups) {
                const bool own = !g.tracks.empty() || !g.notify_master.empty() || !g.notify_backup.empty() ||
                                 !g.notify_fault.empty() || !g.notify_stop.empty() || !g.notify.empty();
                if (g.members.size() < 2 && !own) continue;
                out.report(
                    out.make(
                           fmt::format("havipd does not execute sync group {}: the plan cannot be built", tick(g.name)))
                        .at(g.span, g.members.size() >= 2 ? "instances that move together" : "group tracking/notify")
                        .note("havipd runs each instance on its own; it does not move a group's instances "
                              "together or run group scripts. Emitting keepalived.conf is unaffected")
                        .help("keep this node on keepalived, or use one instance carrying all the VIPs"));
            }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv303, SyncGroup)
