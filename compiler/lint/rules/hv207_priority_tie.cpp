// SPDX-License-Identifier: MIT
// HV207 priority-tie: standing mode with equal priorities.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class PriorityTie final : public RuleBase {
  public:
    PriorityTie()
        : RuleBase({"HV207", "priority-tie", "standing mode with equal priorities (the IP tie-break decides)",
                    diag::Severity::Warning, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            auto mi = cluster_mode(cx, cl);
            if (mi.mode != model::Mode::Standing || mi.masters != 1) continue;
            const InstRef* master = nullptr;
            for (const auto& m : cl.members)
                if (cx.inst(m).state.value == model::State::Master) master = &m;
            const auto& mi_inst = cx.inst(*master);
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (&m == master || i.priority.value != mi_inst.priority.value) continue;
                out.report(out.make(fmt::format("priority {} equals the MASTER's on {}", i.priority.value,
                                                tick(cx.node(*master).name)))
                               .at(at_or(i.priority, anchor(i)), "same priority as the MASTER")
                               .also(at_or(mi_inst.priority, anchor(mi_inst)), "the MASTER's priority")
                               .note("with equal priorities the higher IP address wins, not the MASTER")
                               .help("give the MASTER the higher priority (the guide uses 50 and 30)"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv207, PriorityTie)
