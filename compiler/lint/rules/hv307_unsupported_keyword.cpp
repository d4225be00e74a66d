// SPDX-License-Identifier: MIT
// HV307 unsupported-keyword: other keepalived features havipd does not execute.
#include <string_view>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// Valid keepalived, but nothing in a plan carries it (man/havipd.8 lists what
/// havipd runs): fifo notifications, the rarer notify hooks, mail alerts,
/// ipvlan, GARP groups and extra GARP interfaces, process start/stop scripts,
/// and the firewall rules of no_accept / vrrp_strict (havipd installs VIPs as
/// plain addresses, which always accept traffic).
constexpr std::string_view kUnsupported[] = {
    "use_ipvlan",
    "garp_group",
    "garp_extra_if",
    "notify_fifo",
    "notify_fifo_script",
    "vrrp_notify_fifo",
    "vrrp_notify_fifo_script",
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
                    "other keepalived features havipd does not execute (notify_fifo, use_ipvlan, ...)",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "this feature"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv307, UnsupportedKeyword)
