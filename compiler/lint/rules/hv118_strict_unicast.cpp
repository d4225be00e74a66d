// SPDX-License-Identifier: MIT
// HV118 strict-unicast: vrrp_strict / no_accept with unicast, auth or preempt_delay
// (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class StrictUnicast final : public RuleBase {
  public:
    StrictUnicast()
        : RuleBase({"HV118", "strict-unicast",
                    "vrrp_strict or no_accept together with unicast, authentication or preempt_delay",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            const bool strict = i.strict.value || node.globals.vrrp_strict.value;
            const bool no_accept = i.no_accept.value && !(i.accept.set && i.accept.value);
            if (!strict && !no_accept) return;
            source::Span cause =
                strict ? at_or(i.strict, at_or(node.globals.vrrp_strict, anchor(i))) : at_or(i.no_accept, anchor(i));
            const char* cause_kw = strict ? "strict mode" : "no_accept";
            auto conflict = [&](source::Span at, const char* what, const char* why) {
                const auto msg = fmt::format("{} together with {}", cause_kw, what);
                auto b = out.make(msg);
                b.at(at, "conflicts with it")
                    .also(cause, fmt::format("{} here", cause_kw))
                    .note(why)
                    .help(strict ? "drop vrrp_strict / strict_mode: a HAVIP pair needs unicast"
                                 : "drop no_accept (or add `accept`) so the VIP answers");
                out.report(b, fold_in_node(cx, r.node, i.name, msg));
            };
            if (is_unicast(i))
                conflict(or_else(i.unicast_peer_span, anchor(i)), "unicast peers",
                         strict ? "strict VRRP allows only multicast adverts; keepalived refuses the instance"
                                : "with no_accept the master drops traffic to the VIP, so the HAVIP is unreachable");
            if (i.auth_type.value != model::AuthType::None)
                conflict(at_or(i.auth_type, or_else(i.auth_span, anchor(i))), "authentication",
                         strict ? "strict VRRP forbids authentication; keepalived refuses the instance"
                                : "with no_accept the master drops traffic to the VIP, so the HAVIP is unreachable");
            if (i.preempt_delay_ms.set && i.preempt_delay_ms.value > 0)
                conflict(i.preempt_delay_ms.span, "preempt_delay",
                         strict ? "strict VRRP has no preemption delay; keepalived refuses it"
                                : "with no_accept the master drops traffic to the VIP, so the HAVIP is unreachable");
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv118, StrictUnicast)
