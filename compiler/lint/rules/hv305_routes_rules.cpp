// SPDX-License-Identifier: MIT
// HV305 routes-rules: virtual/static routes, rules and addresses, which havipd does not install.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    if (k.block().empty())
        return k.keyword() == "static_ipaddress" || k.keyword() == "static_routes" || k.keyword() == "static_rules";
    return top_block(k.block()) == "vrrp_instance" &&
           (k.keyword() == "virtual_routes" || k.keyword() == "virtual_rules");
}

class RoutesRules final : public RuleBase {
  public:
    RoutesRules()
        : RuleBase({"HV305", "routes-rules",
                    "virtual_routes, virtual_rules and static addresses, routes and rules are not installed by havipd",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override {
        report_unsupported(cx, out, pick, "routes, rules and static addresses");
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv305, RoutesRules)
