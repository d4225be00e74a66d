// SPDX-License-Identifier: MIT
// HV305 routes-rules: the words of virtual_routes / virtual_rules and
// static_ipaddress / static_routes / static_rules lines outside the subset
// havipd installs.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class RoutesRules final : public RuleBase {
  public:
    RoutesRules()
        : RuleBase({"HV305", "routes-rules", "static address, route or rule options havipd does not install",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            for (const auto& a : node.static_addresses) address(out, a.unsupported, a.unsupported_span);
            for (const auto& r : node.static_routes) line(out, "static_routes", r.unsupported, r.unsupported_span);
            for (const auto& r : node.static_rules) line(out, "static_rules", r.unsupported, r.unsupported_span);
            for (const auto& in : node.instances) {
                for (const auto& r : in.routes) line(out, "virtual_routes", r.unsupported, r.unsupported_span);
                for (const auto& r : in.rules) line(out, "virtual_rules", r.unsupported, r.unsupported_span);
            }
        }
    }

  private:
    static void address(Emitter& out, const std::string& what, const model::Loc& at) {
        if (what.empty()) return;
        out.report(out.make(fmt::format("havipd does not install this static_ipaddress line: {}", what))
                       .at(at, "not run by havipd")
                       .note("havipd adds a static address with `dev` (required), `label`, `scope` and "
                             "`no_track` (`havip-lint --explain HV305`)")
                       .help("keep this node on keepalived (`havip-compile --emit keepalived`), or write the line "
                             "with those words only"));
    }

    static void line(Emitter& out, std::string_view block, const std::string& what, const model::Loc& at) {
        if (what.empty()) return;
        out.report(out.make(fmt::format("havipd does not install this {} line: {}", block, what))
                       .at(at, "not run by havipd")
                       .note("havipd installs destination, src, via/gw, dev, table, metric, scope, onlink and the "
                             "types blackhole, unreachable, prohibit, throw; rules with from, to, table, preference, "
                             "fwmark, iif and oif (`havip-lint --explain HV305`)")
                       .help("keep this node on keepalived (`havip-compile --emit keepalived`), or write the line "
                             "with those words only"));
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv305, RoutesRules)
