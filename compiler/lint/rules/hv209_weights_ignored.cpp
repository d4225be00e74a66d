// SPDX-License-Identifier: MIT
// HV209 weights-ignored: weighted tracking in a sync group (priority 255 is HV114).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class WeightsIgnored final : public RuleBase {
  public:
    WeightsIgnored()
        : RuleBase({"HV209", "weights-ignored", "weighted tracking in a sync group is ignored", diag::Severity::Warning,
                    Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            if (node.sync_groups.empty()) continue;
            // 2.0.0: sync_group_tracking_weight makes a group honour the weights.
            bool honoured = false;
            for (const auto& k : node.keywords) honoured = honoured || k.keyword() == "sync_group_tracking_weight";
            if (honoured) continue;
            auto report = [&](const model::TrackRef& t, int w, const std::string& group, source::Span group_at) {
                auto b =
                    out.make(fmt::format("weight {} of {} is ignored in sync group {}", w, tick(t.name), tick(group)));
                b.at(t.span, "ignored weight");
                if (group_at.valid()) b.also(group_at, "the sync group");
                b.note("in a sync group a failed check puts the whole group in FAULT instead");
                b.help("drop the weight, or add `sync_group_tracking_weight` to the group (keepalived 2.0.0)");
                out.report(b);
            };
            for (const auto& g : node.sync_groups)
                for (const auto& t : g.tracks)
                    if (int w = track_weight(node, t)) report(t, w, g.name, g.span);
            for (const auto& i : node.instances) {
                if (i.sync_group.empty()) continue;
                source::Span gat;
                for (const auto& g : node.sync_groups)
                    if (g.name == i.sync_group) gat = g.span;
                for (const auto& t : i.tracks)
                    if (int w = track_weight(node, t)) report(t, w, i.sync_group, gat);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv209, WeightsIgnored)
