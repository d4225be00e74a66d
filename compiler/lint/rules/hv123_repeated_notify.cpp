// SPDX-License-Identifier: MIT
// HV123 repeated-notify: the same notify keyword twice in one instance or sync
// group (keepalived keeps the first and ignores the others).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class RepeatedNotify final : public RuleBase {
  public:
    RepeatedNotify()
        : RuleBase({"HV123", "repeated-notify",
                    "the same notify keyword twice in one instance or sync group (the later ones are ignored)",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& r : node.parse.repeats)
                out.report(out.make(fmt::format("{} is given twice in {}", tick(r.keyword), tick(r.owner)))
                               .at(r.span, "ignored by keepalived")
                               .also(r.first, "this one runs")
                               .note(fmt::format("keepalived says \"({}) {} script already specified - ignoring\"",
                                                 r.owner, r.keyword))
                               .help("one line per notify keyword: notify_master, notify_backup, notify_fault, "
                                     "notify_stop, or one `notify` script that reads its arguments"));
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv123, RepeatedNotify)
