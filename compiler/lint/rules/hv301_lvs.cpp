// SPDX-License-Identifier: MIT
// HV301 lvs: virtual_server / LVS, which havipd does not execute.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    if (k.block().empty()) return k.keyword() == "virtual_server" || k.keyword() == "virtual_server_group";
    return k.block() == "global_defs" && k.keyword().rfind("lvs_", 0) == 0;
}

class Lvs final : public RuleBase {
  public:
    Lvs()
        : RuleBase({"HV301", "lvs", "virtual_server / LVS is not executed by havipd", diag::Severity::Error,
                    Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "LVS"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv301, Lvs)
