// SPDX-License-Identifier: MIT
// HV210 notify-ordering: notify scripts without notify_fifo where the target has it.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

constexpr model::Version kNotifyFifo{1, 3, 6};

class NotifyOrdering final : public RuleBase {
  public:
    NotifyOrdering()
        : RuleBase({"HV210", "notify-ordering", "notify scripts run asynchronously and may reorder; use notify_fifo",
                    diag::Severity::Info, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            if (cx.target(n) < kNotifyFifo) continue;
            if (node.globals.notify_fifo.set || node.globals.vrrp_notify_fifo.set) continue;
            const model::Command* first = nullptr;
            for (const auto& i : node.instances)
                each_notify(i, [&](const char*, const model::Command& c) {
                    if (!first) first = &c;
                });
            if (!first) continue;
            out.report(out.make("notify scripts without notify_fifo may run out of order")
                           .at(first->span, "runs asynchronously")
                           .note("each notify runs in its own process; a fast MASTER→BACKUP→MASTER may finish out "
                                 "of order and leave a cloud API move wrong")
                           .help("use `notify_fifo` (keepalived 1.3.6) with one reader that handles events in order"));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv210, NotifyOrdering)
