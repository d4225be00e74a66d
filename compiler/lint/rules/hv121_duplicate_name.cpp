// SPDX-License-Identifier: MIT
// HV121 duplicate-name: a vrrp_instance, vrrp_sync_group or vrrp_script name
// defined twice in one node (keepalived ignores the second definition).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class DuplicateName final : public RuleBase {
  public:
    DuplicateName()
        : RuleBase({"HV121", "duplicate-name",
                    "a vrrp_instance, vrrp_sync_group or vrrp_script name defined twice in one node",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            for (const auto& d : node.parse.duplicates) {
                const bool script = d.kind == "vrrp_script";
                // keepalived ignores a second instance or sync group ("already defined");
                // a second vrrp_script it keeps silently, but every track_script finds the first.
                auto b =
                    out.make(script ? diag::Severity::Warning : diag::Severity::Error,
                             fmt::format("{} {} is defined twice in node {}", d.kind, tick(d.name), tick(node.name)));
                b.at(d.span, script ? "never tracked: track_script finds the first" : "ignored by keepalived");
                b.also(d.first, "first defined here");
                if (script)
                    b.note("keepalived 2.2.7 accepts both, runs both, and resolves every track_script to the first");
                else
                    b.note(fmt::format("keepalived says \"{} {} already defined\" and skips this whole block",
                                       d.kind == "vrrp_instance" ? "vrrp instance" : "vrrp sync group", d.name));
                b.help(fmt::format("give each {} its own name, or delete the copy", d.kind));
                out.report(b);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv121, DuplicateName)
