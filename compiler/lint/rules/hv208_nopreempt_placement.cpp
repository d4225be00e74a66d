// SPDX-License-Identifier: MIT
// HV208 nopreempt-placement: nopreempt only on lower-priority members (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class NopreemptPlacement final : public RuleBase {
  public:
    NopreemptPlacement()
        : RuleBase({"HV208", "nopreempt-placement", "nopreempt only on the lower-priority node, where it does nothing",
                    diag::Severity::Warning, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            int top = -1;
            for (const auto& m : cl.members) top = std::max(top, cx.inst(m).priority.value);
            bool top_has = false, lower_has = false;
            const InstRef* top_member = nullptr;
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (i.priority.value == top) {
                    top_has = top_has || i.nopreempt.value;
                    if (!top_member) top_member = &m;
                } else {
                    lower_has = lower_has || i.nopreempt.value;
                }
            }
            if (top_has || !lower_has) continue;
            const auto& ti = cx.inst(*top_member);
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (i.priority.value == top || !i.nopreempt.value) continue;
                const auto msg = fmt::format(
                    "nopreempt on {} (priority {}) does nothing: only a higher-priority "
                    "node preempts",
                    tick(cx.node(m).name), i.priority.value);
                const auto& top_name = cx.node(*top_member).name;
                auto b = out.make(msg);
                b.at(at_or(i.nopreempt, anchor(i)), "has no effect here")
                    .also(at_or(ti.priority, anchor(ti)),
                          fmt::format("{} has the higher priority and preempts", tick(top_name)))
                    .help(
                        "for non-standing mode put nopreempt and one priority on every node; for "
                        "standing mode drop it");
                // The instances of one node facing the same higher-priority node fold into one.
                out.report(b, fold_in_node(cx, m.node, i.name, msg, "instances", top_name));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv208, NopreemptPlacement)
