// SPDX-License-Identifier: MIT
// HV109 nopreempt-needs-backup: nopreempt or preempt_delay with state MASTER;
// preempt_delay together with nopreempt.
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
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            const bool master = i.state.set && i.state.value == model::State::Master;
            if (master && i.nopreempt.set && i.nopreempt.value)
                out.report(out.make("nopreempt with `state MASTER` is ignored")
                               .at(i.nopreempt.span, "cleared by keepalived")
                               .also(i.state.span, "because of this state")
                               .note("keepalived clears nopreempt on a MASTER instance, so it preempts anyway")
                               .help("use `state BACKUP` on every node that should not preempt"));
            if (master && i.preempt_delay_ms.set)
                out.report(out.make("preempt_delay with `state MASTER` is ignored")
                               .at(i.preempt_delay_ms.span, "cleared by keepalived")
                               .also(i.state.span, "because of this state")
                               .note("keepalived only delays preemption for instances that start as BACKUP")
                               .help("use `state BACKUP` with preempt_delay"));
            if (!master && i.preempt_delay_ms.set && i.nopreempt.set && i.nopreempt.value)
                out.report(out.make("preempt_delay together with nopreempt is ignored")
                               .at(i.preempt_delay_ms.span, "reset by keepalived")
                               .also(i.nopreempt.span, "nopreempt wins")
                               .note("an instance that never preempts has nothing to delay")
                               .help("keep one of them: nopreempt, or preempt_delay"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv109, NopreemptNeedsBackup)
