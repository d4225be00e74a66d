// SPDX-License-Identifier: MIT
// HV902 suppression-without-reason: a suppression with no `-- reason`.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class SuppressionWithoutReason final : public RuleBase {
  public:
    SuppressionWithoutReason()
        : RuleBase({"HV902", "suppression-without-reason", "a suppression comment without `-- reason`",
                    diag::Severity::Info, Scope::Suppression}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& s : node.suppressions) {
                bool blank = s.reason.find_first_not_of(" \t") == std::string::npos;
                if (!blank) continue;
                out.report(out.make("suppression without a reason")
                               .at(s.comment, "why is this finding acceptable?")
                               .help("end the comment with `-- reason`, e.g. `# havip-lint: disable=HV203 -- one "
                                     "GARP per VIP is enough here`"));
            }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv902, SuppressionWithoutReason)
