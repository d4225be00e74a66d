// SPDX-License-Identifier: MIT
// HV204 garp-settings: `vrrp_garp_interval 0` / `vrrp_gna_interval 0`; no
// garp_master_refresh in a HAVIP deployment (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// The statement at `span` reads `keyword VALUE` in the text (not a `$VAR` line, not TOML).
bool value_is(const source::SourceMap& sm, source::Span span, std::string_view keyword) {
    if (!span.valid()) return false;
    auto t = sm.text(span);
    if (t.size() <= keyword.size() || t.substr(0, keyword.size()) != keyword) return false;
    std::size_t k = keyword.size();
    if (t[k] != ' ' && t[k] != '\t') return false;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
    if (k == t.size()) return false;
    for (; k < t.size(); ++k)
        if ((t[k] < '0' || t[k] > '9') && t[k] != '.') return false;
    return true;
}

class GarpSettings final : public RuleBase {
  public:
    GarpSettings()
        : RuleBase({"HV204", "garp-settings",
                    "`vrrp_garp_interval 0` / `vrrp_gna_interval 0`, or no garp_master_refresh",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            const auto& g = node.globals;
            for (const auto* kw : {&g.vrrp_garp_interval_us, &g.vrrp_gna_interval_us}) {
                if (!kw->set || kw->value != 0) continue;
                const char* name = kw == &g.vrrp_garp_interval_us ? "vrrp_garp_interval" : "vrrp_gna_interval";
                out.report(out.make(fmt::format("`{} 0` is rejected by keepalived 2.0.7 and later", name))
                               .at(kw->span, "0 is out of range")
                               .note("0 is already the default: no delay between gratuitous ARP / NA messages")
                               .help(fmt::format("remove `{} 0`", name))
                               // 0 is the default, so the line says nothing keepalived needs.
                               .fix(fmt::format("remove `{} 0`", name), diag::Applicability::MachineApplicable,
                                    value_is(cx.sm, kw->span, name) ? all_of({diag::delete_lines(cx.sm, kw->span)})
                                                                    : std::vector<diag::Edit>{}));
            }
            const std::string key = fmt::format("refresh {}", &node - cx.fleet.nodes.data());
            for (const auto& i : node.instances) {
                if (i.vips.empty() && i.vips_excluded.empty()) continue;
                const auto& refresh =
                    i.garp.master_refresh_s.set ? i.garp.master_refresh_s : g.vrrp_garp.master_refresh_s;
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
