// SPDX-License-Identifier: MIT
// HV217 deprecated-keyword: constructs keepalived accepts with a deprecation
// warning or ignores in part (nb_get_retry, lvs_sync_daemon_interface in an
// instance, an empty notification_email block, a scope on an IPv6 VIP, `gw`
// in a route).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class DeprecatedKeyword final : public RuleBase {
  public:
    DeprecatedKeyword()
        : RuleBase({"HV217", "deprecated-keyword",
                    "nb_get_retry, lvs_sync_daemon_interface in an instance, an empty notification_email, a scope "
                    "on an IPv6 VIP, `gw` in a route (keepalived warns)",
                    diag::Severity::Info, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            for (const auto& k : node.keywords) {
                if (k.keyword() == "nb_get_retry" && k.block().rfind("virtual_server", 0) == 0)
                    out.report(out.make("`nb_get_retry` is deprecated")
                                   .at(k.span, "older name of `retry`")
                                   .note("keepalived says \"nb_get_retry is deprecated - please use 'retry'\"")
                                   .help("write `retry`")
                                   // The same keyword under its current name.
                                   .fix("write `retry`", diag::Applicability::MachineApplicable,
                                        all_of({diag::replace_exact(cx.sm, k.span, "nb_get_retry", "retry")})));
                else if (k.keyword() == "lvs_sync_daemon_interface" && k.block() == "vrrp_instance")
                    out.report(out.make("`lvs_sync_daemon_interface` in a vrrp_instance is deprecated")
                                   .at(k.span, "deprecated here")
                                   .note("keepalived says \"Specifying lvs_sync_daemon_interface against a vrrp is "
                                         "deprecated. Please use global lvs_sync_daemon\"")
                                   .help("write `lvs_sync_daemon INTERFACE VRRP_INSTANCE` in global_defs"));
            }
            for (const auto& at : node.parse.empty_email_blocks)
                out.report(out.make("empty `notification_email` block")
                               .at(at, "no address")
                               .note("keepalived says \"Warning - empty notification_email block\"")
                               .help("list the addresses to mail, or remove the block"));
            for (const auto& at : node.parse.route_gw)
                out.report(out.make("`gw` in a route is deprecated")
                               .at(at, "older spelling of `via`")
                               .note("keepalived says \"\"gw\" for routes is deprecated. Please use \"via\"\"")
                               .help("write `via`")
                               .fix("write `via`", diag::Applicability::MachineApplicable,
                                    all_of({diag::replace_exact(cx.sm, at, "gw", "via")})));
            for (const auto& i : node.instances)
                for (const auto* list : {&i.vips, &i.vips_excluded})
                    for (const auto& v : *list)
                        if (v.addr.addr.is_v6() && !v.scope.empty())
                            out.report(
                                out.make(
                                       fmt::format("`scope {}` on IPv6 VIP {} is ignored", v.scope, tick(v.addr.str())))
                                    .at(v.span, "scope ignored")
                                    .note(fmt::format("keepalived says \"Cannot specify scope for IPv6 addresses "
                                                      "({}) - ignoring scope\"",
                                                      v.addr.str()))
                                    .help("drop `scope` from IPv6 addresses"));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv217, DeprecatedKeyword)
