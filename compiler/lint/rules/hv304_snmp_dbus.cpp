// SPDX-License-Identifier: MIT
// HV304 snmp-dbus: SNMP and DBus interfaces, which havipd does not provide.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool pick(const model::KeywordUse& k) {
    if (k.block() != "global_defs") return false;
    return starts(k.keyword(), "enable_snmp") || starts(k.keyword(), "snmp_") || k.keyword() == "enable_traps" ||
           starts(k.keyword(), "enable_dbus") || starts(k.keyword(), "dbus_");
}

class SnmpDbus final : public RuleBase {
  public:
    SnmpDbus()
        : RuleBase({"HV304", "snmp-dbus", "SNMP and DBus interfaces are not provided by havipd", diag::Severity::Error,
                    Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "SNMP/DBus"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv304, SnmpDbus)
