// SPDX-License-Identifier: MIT
// HV307 unsupported-keyword: other keepalived features havipd does not execute.
#include <string_view>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// Valid keepalived, but nothing in a plan carries it (man/havipd.8 lists what
/// havipd runs): the FIFO lines havipd does not write (priority changes, states
/// on reload; notify_fifo itself runs), the rarer notify hooks, mail alerts,
/// ipvlan, GARP groups and extra GARP interfaces, process start/stop scripts,
/// and the firewall rules of no_accept / vrrp_strict (havipd installs VIPs as
/// plain addresses, which always accept traffic).
constexpr std::string_view kUnsupported[] = {
    "use_ipvlan",
    "garp_group",
    "garp_extra_if",
    "fifo_write_vrrp_states_on_reload",
    "vrrp_notify_priority_changes",
    "notify_master_rx_lower_pri",
    "notify_deleted",
    "notify_priority_changes",
    "startup_script",
    "shutdown_script",
    "no_accept",
    "vrrp_strict",
};

bool pick(const model::KeywordUse& k) {
    for (auto u : kUnsupported)
        if (k.keyword() == u) return true;
    return false;
}

class UnsupportedKeyword final : public RuleBase {
  public:
    UnsupportedKeyword()
        : RuleBase({"HV307", "unsupported-keyword",
                    "other keepalived features havipd does not execute (use_ipvlan, vrrp_strict, ...)",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "this feature"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv307, UnsupportedKeyword)
