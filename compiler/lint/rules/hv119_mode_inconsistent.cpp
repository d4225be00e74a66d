// SPDX-License-Identifier: MIT
// HV119 mode-inconsistent: the guide's two modes applied half-way.
#include <fmt/format.h>

#include <map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// Points at the cluster's mode declaration, when it has one.
void mode_declared(diag::Builder& b, const ModeInfo& mi) {
    if (mi.declared) b.also(mi.declared_at, "mode declared here");
}

/// Non-standing: every member BACKUP, with equal priorities and nopreempt.
void non_standing(const Context& cx, Emitter& out, const Cluster& cl, const ModeInfo& mi) {
    // The most common priority is the one the others should match.
    std::map<int, int> count;
    for (const auto& m : cl.members) ++count[cx.inst(m).priority.value];
    int want = cx.inst(cl.members.front()).priority.value, best = count[want];
    for (const auto& [p, n] : count)
        if (n > best) {
            best = n;
            want = p;
        }
    for (const auto& m : cl.members) {
        const auto& i = cx.inst(m);
        if (i.state.value == model::State::Master) {
            auto b = out.make("non-standing mode needs `state BACKUP` on every member");
            b.at(at_or(i.state, anchor(i)), "MASTER here");
            mode_declared(b, mi);
            b.note("a MASTER member takes the VIP back whenever it returns: that is standing mode");
            b.help("use `state BACKUP`");
            auto f = fold_in_node(cx, m.node, i.name, b.d.message);
            out.report(b, std::move(f));
        }
        if (i.priority.value != want) {
            auto b =
                out.make(fmt::format("non-standing mode needs equal priorities: {} here, {} on the "
                                     "other members",
                                     i.priority.value, want));
            b.at(at_or(i.priority, anchor(i)), "differs");
            mode_declared(b, mi);
            b.help(fmt::format("use `priority {}` on every member", want));
            auto f = fold_in_node(cx, m.node, i.name, b.d.message);
            out.report(b, std::move(f));
        }
        if (!i.nopreempt.value && (mi.declared || mi.any_nopreempt)) {
            auto b = out.make("non-standing mode needs nopreempt on every member");
            b.at(anchor(i), "no nopreempt");
            mode_declared(b, mi);
            b.help("add `nopreempt`");
            auto f = fold_in_node(cx, m.node, i.name, b.d.message);
            out.report(b, std::move(f));
        }
    }
}

/// Standing: one MASTER, with the highest priority.
void standing(const Context& cx, Emitter& out, const Cluster& cl, const ModeInfo& mi) {
    const InstRef* master = nullptr;
    for (const auto& m : cl.members) {
        const auto& i = cx.inst(m);
        if (i.state.value != model::State::Master) continue;
        if (!master) {
            master = &m;
            continue;
        }
        const auto& fi = cx.inst(*master);
        auto b = out.make(fmt::format("standing mode needs one MASTER; {} is MASTER too", tick(cx.node(*master).name)));
        b.at(at_or(i.state, anchor(i)), "second MASTER");
        b.also(at_or(fi.state, anchor(fi)), "first MASTER");
        mode_declared(b, mi);
        b.help("use `state BACKUP` and a lower priority on the standby node");
        auto f = fold_in_node(cx, m.node, i.name, b.d.message);
        out.report(b, std::move(f));
    }
    if (!master) {
        if (mi.declared) {
            auto b = out.make("standing mode needs one member with `state MASTER`");
            b.at(mi.declared_at, "standing declared here");
            b.help("set `state MASTER` and the highest priority on the preferred node");
            out.report(b);
        }
        return;
    }
    const auto& mi_inst = cx.inst(*master);
    for (const auto& m : cl.members) {
        const auto& i = cx.inst(m);
        if (&m == master || i.priority.value <= mi_inst.priority.value) continue;
        auto b =
            out.make(fmt::format("standing mode needs the MASTER's priority to be the highest: "
                                 "{} here beats {} on {}",
                                 i.priority.value, mi_inst.priority.value, tick(cx.node(*master).name)));
        b.at(at_or(i.priority, anchor(i)), "higher than the MASTER's");
        b.also(at_or(mi_inst.priority, anchor(mi_inst)), "the MASTER's priority");
        mode_declared(b, mi);
        b.note("the BACKUP with the higher priority takes over as soon as it hears the MASTER");
        b.help("give the MASTER the highest priority (the guide uses 50 and 30)");
        auto f = fold_in_node(cx, m.node, i.name, b.d.message);
        out.report(b, std::move(f));
    }
}

class ModeInconsistent final : public RuleBase {
  public:
    ModeInconsistent()
        : RuleBase({"HV119", "mode-inconsistent",
                    "the guide's standing or non-standing mode applied half-way across a cluster",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            auto mi = cluster_mode(cx, cl);
            if (mi.mode == model::Mode::NonStanding)
                non_standing(cx, out, cl, mi);
            else if (mi.mode == model::Mode::Standing)
                standing(cx, out, cl, mi);
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv119, ModeInconsistent)
