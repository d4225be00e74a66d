// SPDX-License-Identifier: MIT
// HV903 bad-suppression: a suppression naming an unknown code or an HV0xx code.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class BadSuppression final : public RuleBase {
  public:
    BadSuppression()
        : RuleBase({"HV903", "bad-suppression", "a suppression naming an unknown code, or an HV0xx code",
                    diag::Severity::Warning, Scope::Suppression}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& s : node.suppressions) {
                if (s.codes.empty()) {
                    out.report(out.make("suppression names no code")
                                   .at(s.comment, "disable what?")
                                   .help("name the codes: `# havip-lint: disable=HV203 -- reason`"));
                    continue;
                }
                for (const auto& c : s.codes) {
                    if (find_rule(c)) continue;
                    if (unsuppressible(c) || (c.size() >= 3 && (c[0] == 'h' || c[0] == 'H') && c[2] == '0'))
                        out.report(out.make(fmt::format("{} cannot be suppressed", tick(c)))
                                       .at(s.comment, "reading the input always counts")
                                       .note("HV0xx codes report input keepalived itself would reject or misread")
                                       .help("fix the input instead"));
                    else
                        out.report(out.make(fmt::format("unknown code {} in a suppression", tick(c)))
                                       .at(s.comment, "no such rule")
                                       .help("see `havip-lint --list-rules` for the codes and slugs"));
                }
            }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv903, BadSuppression)
