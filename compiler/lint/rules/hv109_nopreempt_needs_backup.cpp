// SPDX-License-Identifier: MIT
// HV109 nopreempt-needs-backup: nopreempt or preempt_delay with state MASTER;
// preempt_delay together with nopreempt (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class NopreemptNeedsBackup final : public RuleBase {
  public:
    NopreemptNeedsBackup()
        : RuleBase({"HV109", "nopreempt-needs-backup",
                    "nopreempt or preempt_delay with `state MASTER`, or preempt_delay with nopreempt",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node&, const model::Instance& i) {
            // Instances of one node with the same problem fold into one finding.
            auto report = [&](const char* msg, source::Span at, const char* label, source::Span why,
                              const char* why_label, const char* note, const char* help) {
                auto b = out.make(msg);
                b.at(at, label).also(why, why_label).note(note).help(help);
                out.report(b, fold_in_node(cx, r.node, i.name, msg));
            };
            const bool master = i.state.set && i.state.value == model::State::Master;
            if (master && i.nopreempt.set && i.nopreempt.value)
                report("nopreempt with `state MASTER` is ignored", i.nopreempt.span, "cleared by keepalived",
                       i.state.span, "because of this state",
                       "keepalived clears nopreempt on a MASTER instance, so it preempts anyway",
                       "use `state BACKUP` on every node that should not preempt");
            if (master && i.preempt_delay_ms.set)
                report("preempt_delay with `state MASTER` is ignored", i.preempt_delay_ms.span, "cleared by keepalived",
                       i.state.span, "because of this state",
                       "keepalived only delays preemption for instances that start as BACKUP",
                       "use `state BACKUP` with preempt_delay");
            if (!master && i.preempt_delay_ms.set && i.nopreempt.set && i.nopreempt.value)
                report("preempt_delay together with nopreempt is ignored", i.preempt_delay_ms.span,
                       "reset by keepalived", i.nopreempt.span, "nopreempt wins",
                       "an instance that never preempts has nothing to delay",
                       "keep one of them: nopreempt, or preempt_delay");
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv109, NopreemptNeedsBackup)
