// SPDX-License-Identifier: MIT
// HV204 garp-settings: `vrrp_garp_interval 0` / `vrrp_gna_interval 0`; no
// garp_master_refresh in a HAVIP deployment (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class GarpSettings final : public RuleBase {
public:
    GarpSettings()
        : RuleBase({"HV204", "garp-settings",
                    "`vrrp_garp_interval 0` / `vrrp_gna_interval 0`, or no garp_master_refresh",
                    diag::Severity::Warning, "node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            const auto& g = node.globals;
            for (const auto* kw : {&g.vrrp_garp_interval_us, &g.vrrp_gna_interval_us}) {
                if (!kw->set || kw->value != 0) continue;
                const char* name = kw == &g.vrrp_garp_interval_us ? "vrrp_garp_interval" : "vrrp_gna_interval";
                out.report(out.make(fmt::format("`{} 0` is rejected by keepalived 2.0.7 and later", name))
                               .at(kw->span, "0 is out of range")
                               .note("0 is already the default: no delay between gratuitous ARP / NA messages")
                               .help(fmt::format("remove `{} 0`", name)));
            }
            const std::string key = fmt::format("refresh {}", &node - cx.fleet.nodes.data());
            for (const auto& i : node.instances) {
                if (i.vips.empty() && i.vips_excluded.empty()) continue;
                const auto& refresh = i.garp.master_refresh_s.set ? i.garp.master_refresh_s
                                                                  : g.vrrp_garp.master_refresh_s;
                if (refresh.value != 0) continue;
                out.report(out.make(fmt::format("instance {} never refreshes its gratuitous ARP", tick(i.name)))
                               .at(anchor(i), "no garp_master_refresh")
                               .note("the platform moves a HAVIP when it sees ARP from the new holder; a refresh "
                                     "repairs a move the platform missed")
                               .help("add `garp_master_refresh 5` (or `vrrp_garp_master_refresh` in global_defs)"),
                           Fold{key, i.name,
                                fmt::format("{{n}} instances of node {} never refresh their gratuitous ARP: {{items}}",
                                            tick(node.name))});
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv204, GarpSettings)
