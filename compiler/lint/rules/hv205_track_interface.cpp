// SPDX-License-Identifier: MIT
// HV205 track-interface: tracking the instance's own interface (redundant) or
// an interface the node does not have (inventory); instances of one node fold into one.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class TrackInterface final : public RuleBase {
  public:
    TrackInterface()
        : RuleBase({"HV205", "track-interface",
                    "track_interface naming the instance's own interface, or an interface the node lacks",
                    diag::Severity::Info, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            const auto* h = cx.host(r.node);
            for (const auto& t : i.tracks) {
                if (t.kind != model::TrackKind::Interface) continue;
                if (h && !h->interfaces.empty() && !h->interfaces.count(t.name)) {
                    const auto msg = fmt::format("node {} has no interface {}", tick(node.name), tick(t.name));
                    auto b = out.make(diag::Severity::Error, msg);
                    b.at(t.span, "unknown interface")
                        .note(
                            "the inventory lists the node's interfaces; keepalived puts the instance in "
                            "FAULT when a tracked interface is missing")
                        .help("track an interface the node has");
                    out.report(b, fold_in_node(cx, r.node, i.name, msg));
                    continue;
                }
                if (t.name == i.interface.value && t.weight == 0) {
                    const auto msg = fmt::format("track_interface {} is the instance's own interface", tick(t.name));
                    auto b = out.make(msg);
                    b.at(t.span, "tracked anyway")
                        .also(at_or(i.interface, anchor(i)), "the instance's interface")
                        .note(
                            "keepalived always tracks the instance's interface (2.x logs \"Ignoring "
                            "track_interface ... since own interface\")")
                        .help("remove it, or give it a weight if the priority should change instead")
                        // keepalived ignores the entry, so removing it changes nothing it does.
                        .fix(fmt::format("remove the entry {}", tick(t.name)), diag::Applicability::MachineApplicable,
                             cx.sm.text(t.span) == t.name ? all_of({diag::delete_lines(cx.sm, t.span)})
                                                          : std::vector<diag::Edit>{});
                    out.report(b, fold_in_node(cx, r.node, i.name, msg));
                }
            }
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv205, TrackInterface)
