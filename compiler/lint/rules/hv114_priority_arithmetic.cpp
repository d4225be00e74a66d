// SPDX-License-Identifier: MIT
// HV114 priority-arithmetic: tracking weights that cannot flip the election,
// effective priority outside 1..254, weighted tracking at priority 255.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

struct Range {
    int healthy = 0;  ///< priority with every tracked object up (positive weights added)
    int worst = 0;    ///< priority with every weighted object down (negative weights added)
    const model::TrackRef* first_weighted = nullptr;
};

Range range(const model::Node& n, const model::Instance& i) {
    Range r{i.priority.value, i.priority.value, nullptr};
    for (const auto& t : i.tracks) {
        int w = track_weight(n, t);
        if (w == 0) continue;
        if (!r.first_weighted) r.first_weighted = &t;
        (w > 0 ? r.healthy : r.worst) += w;
    }
    return r;
}

class PriorityArithmetic final : public RuleBase {
  public:
    PriorityArithmetic()
        : RuleBase({"HV114", "priority-arithmetic",
                    "tracking weights cannot flip the election, or the effective priority leaves 1..254",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            auto rg = range(node, i);
            if (!rg.first_weighted) return;
            const auto prio_at = at_or(i.priority, anchor(i));
            if (i.priority.value == 255) {
                out.report(out.make("tracking weights are ignored at priority 255")
                               .at(rg.first_weighted->span, "this weight never applies")
                               .also(prio_at, "the address owner's priority")
                               .note("keepalived never changes the priority of an address owner, so a failed check "
                                     "does not move the VIP")
                               .help("use a priority below 255 on a node whose checks should move the VIP"),
                           fold_in_node(cx, r.node, i.name, "tracking weights are ignored at priority 255"));
                return;
            }
            if (rg.healthy > 254) {
                auto msg = fmt::format("priority {} plus tracking weights reaches {}, above 254", i.priority.value,
                                       rg.healthy);
                out.report(out.make(msg)
                               .at(prio_at, "capped at 254 by keepalived")
                               .note("the weights above 254 change nothing, so the election may not go as computed")
                               .help("lower the priority or the positive weights"),
                           fold_in_node(cx, r.node, i.name, msg));
            }
            if (rg.worst < 1) {
                auto msg =
                    fmt::format("priority {} minus tracking weights falls to {}, below 1", i.priority.value, rg.worst);
                out.report(out.make(msg)
                               .at(prio_at, "floored at 1 by keepalived")
                               .note("the weights below 1 change nothing, so the election may not go as computed")
                               .help("raise the priority or use smaller negative weights"),
                           fold_in_node(cx, r.node, i.name, msg));
            }
        });
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            // The member that wins while healthy, and the best of the rest.
            const InstRef* top = nullptr;
            int top_prio = -1, second = -1;
            bool tie = false;
            for (const auto& m : cl.members) {
                int h = range(cx.node(m), cx.inst(m)).healthy;
                if (h > top_prio) {
                    second = top_prio;
                    top_prio = h;
                    top = &m;
                    tie = false;
                } else {
                    if (h == top_prio) tie = true;
                    second = std::max(second, h);
                }
            }
            if (!top || tie) continue;
            const auto& ti = cx.inst(*top);
            if (ti.priority.value == 255) continue;
            auto rg = range(cx.node(*top), ti);
            if (!rg.first_weighted || rg.worst < second) continue;
            const InstRef* backup = nullptr;
            for (const auto& m : cl.members)
                if (&m != top && range(cx.node(m), cx.inst(m)).healthy == second) {
                    backup = &m;
                    break;
                }
            auto b =
                out.make(fmt::format("tracking cannot move the VIP: with every weighted check down, priority {} "
                                     "still beats {}",
                                     rg.worst, second));
            b.at(rg.first_weighted->span, fmt::format("at most lowers {} to {}", tick(cx.node(*top).name), rg.worst));
            if (backup) {
                const auto& bi = cx.inst(*backup);
                b.also(at_or(bi.priority, anchor(bi)),
                       fmt::format("{} stays backup at {}", tick(cx.node(*backup).name), second));
            }
            b.note("a backup takes over only when the master's priority falls below its own");
            b.help(
                fmt::format("make the weights larger than {} (the priority gap), or drop the weight so a failed "
                            "check puts the node in FAULT",
                            top_prio - second));
            // The same arithmetic on many clusters of one pair: one finding with the list.
            // (The key holds the backup node and the help: both may differ under one message.)
            auto f = fold_in_node(cx, top->node, ti.name, b.d.message, "clusters",
                                  (backup ? cx.node(*backup).name : std::string()) + '\0' + b.d.help);
            out.report(b, std::move(f));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv114, PriorityArithmetic)
