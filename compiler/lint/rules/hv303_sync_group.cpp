// SPDX-License-Identifier: MIT
// HV303 sync-group: the part of vrrp_sync_group havipd does not execute.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// havipd runs sync groups (members move together, group tracking and notify
/// scripts, keepalived 2.2.7's rules). Not an address owner among the members:
/// keepalived starts such a group MASTER at once when every member is an
/// owner and reports a mix as not working; havipd's members always wait for
/// the whole group, so the owner would not take over at once as it must.
class SyncGroup final : public RuleBase {
  public:
    SyncGroup()
        : RuleBase({"HV303", "sync-group",
                    "a vrrp_sync_group with an address owner (priority 255) among its members is not executed "
                    "by havipd",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& g : node.sync_groups)
                for (const auto& in : node.instances)
                    if (in.priority.value == 255 && is_member(g, in.name)) report(out, g, in);
    }

  private:
    static bool is_member(const model::SyncGroup& g, const std::string& name) {
        for (const auto& m : g.members)
            if (m == name) return true;
        return false;
    }
    static void report(Emitter& out, const model::SyncGroup& g, const model::Instance& in) {
        out.report(out.make(fmt::format("havipd does not execute sync group {} with the address owner {}: the plan "
                                        "cannot be built",
                                        tick(g.name), tick(in.name)))
                       .at(g.span, "group with an address owner")
                       .also(in.priority.span, "priority 255")
                       .note("an owner must be MASTER at once; in a havipd sync group every member waits for the "
                             "whole group. Emitting keepalived.conf is unaffected")
                       .help("give the owner a priority below 255, take it out of the group, or keep this node on "
                             "keepalived"));
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv303, SyncGroup)
