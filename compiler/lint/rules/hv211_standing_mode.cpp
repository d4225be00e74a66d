// SPDX-License-Identifier: MIT
// HV211 standing-mode: the guide recommends non-standing mode (clusters of one
// set of nodes fold into one finding).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class StandingMode final : public RuleBase {
  public:
    StandingMode()
        : RuleBase({"HV211", "standing-mode",
                    "standing mode doubles switches on a short master failure; the guide recommends non-standing",
                    diag::Severity::Info, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            auto mi = cluster_mode(cx, cl);
            if (mi.mode != model::Mode::Standing) continue;
            auto b = out.make(fmt::format("cluster {} runs in standing mode", tick(cx.name_of(cl))));
            source::Span at = mi.declared_at;
            if (!mi.declared || !at.valid())
                for (const auto& m : cl.members)
                    if (cx.inst(m).state.value == model::State::Master) {
                        at = at_or(cx.inst(m).state, anchor(cx.inst(m)));
                        break;
                    }
            if (!at.valid()) at = anchor(cx.inst(cl.members.front()));
            b.at(at, "standing master");
            b.note("when the master fails briefly the VIP moves twice: away, and back when it returns");
            b.help(
                "the guide recommends non-standing mode: `state BACKUP`, equal priority and nopreempt on every node");
            // Clusters of the same nodes fold into one finding (255 VRIDs on one pair).
            std::string key, nodes;
            std::uint32_t last = 0xffffffffu;
            for (const auto& m : cl.members) {
                if (m.node == last) continue;
                last = m.node;
                key += fmt::format("{} ", m.node);
                if (!nodes.empty()) nodes += ", ";
                nodes += tick(cx.node(m).name);
            }
            out.report(b, Fold{std::move(key), cx.inst(cl.members.front()).name,
                               fmt::format("{{n}} clusters of {} run in standing mode: {{items}}", nodes)});
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv211, StandingMode)
