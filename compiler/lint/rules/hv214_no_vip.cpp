// SPDX-License-Identifier: MIT
// HV214 no-vip: an instance with no virtual address.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class NoVip final : public RuleBase {
  public:
    NoVip()
        : RuleBase({"HV214", "no-vip", "an instance with no virtual_ipaddress", diag::Severity::Warning, Scope::Node}) {
    }

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            if (!i.vips.empty() || !i.vips_excluded.empty()) return;
            auto b = out.make(fmt::format("instance {} has no virtual IP address", tick(i.name)));
            b.at(or_else(i.vip_span, anchor(i)), i.vip_block ? "empty block" : "no virtual_ipaddress");
            b.note(fmt::format("keepalived says \"({}) No VIP specified; at least one is sensible\"", i.name));
            std::string scripts;
            each_notify(
                i, [&](const char* kw, const model::Command&) { scripts += (scripts.empty() ? "" : ", ") + tick(kw); });
            if (!scripts.empty())
                b.note(fmt::format("if {} move the address another way (a cloud API call), this is intended", scripts));
            b.help("list the HAVIP in `virtual_ipaddress { ... }`");
            out.report(b);
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv214, NoVip)
