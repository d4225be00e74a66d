// SPDX-License-Identifier: MIT
// HV203 garp-repeat: several VIPs without `vrrp_garp_master_repeat 1`.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class GarpRepeat final : public RuleBase {
  public:
    GarpRepeat()
        : RuleBase({"HV203", "garp-repeat", "more than one VIP without `vrrp_garp_master_repeat 1` in global_defs",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            const model::Vip* first = nullptr;
            const model::Vip* second = nullptr;
            bool repeats = false;  // some instance with VIPs sends more than one GARP per VIP
            for (const auto& i : node.instances) {
                const auto& rep =
                    i.garp.master_repeat.set ? i.garp.master_repeat : node.globals.vrrp_garp.master_repeat;
                if (!i.vips.empty() || !i.vips_excluded.empty()) repeats = repeats || rep.value != 1;
                for (const auto* list : {&i.vips, &i.vips_excluded})
                    for (const auto& v : *list) {
                        if (!first)
                            first = &v;
                        else if (!second && !(v.addr.addr == first->addr.addr))
                            second = &v;
                    }
            }
            if (!second || !repeats) continue;
            out.report(out.make("several VIPs without `vrrp_garp_master_repeat 1`")
                           .at(second->span, "second VIP")
                           .also(first->span, "first VIP")
                           .note("the platform rate-limits gratuitous ARP per ENI: repeated GARPs for many VIPs "
                                 "delay some moves")
                           .help("add `vrrp_garp_master_repeat 1` to global_defs"));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv203, GarpRepeat)
