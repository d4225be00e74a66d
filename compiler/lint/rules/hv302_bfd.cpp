// SPDX-License-Identifier: MIT
// HV302 bfd: BFD instances and BFD tracking, which havipd does not execute.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    if (k.block().empty()) return k.keyword() == "bfd_instance";
    return k.keyword() == "track_bfd";
}

class Bfd final : public RuleBase {
  public:
    Bfd()
        : RuleBase({"HV302", "bfd", "BFD (bfd_instance, track_bfd) is not executed by havipd", diag::Severity::Error,
                    Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "BFD"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv302, Bfd)
