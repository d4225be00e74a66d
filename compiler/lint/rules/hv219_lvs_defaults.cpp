// SPDX-License-Identifier: MIT
// HV219 lvs-defaults: a virtual_server without protocol, forwarding method or
// scheduler (keepalived picks UDP, NAT, wlc); a protocol on a fwmark service
// (keepalived ignores it).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class LvsDefaults final : public RuleBase {
  public:
    LvsDefaults()
        : RuleBase({"HV219", "lvs-defaults",
                    "virtual_server without protocol, lb_kind or lb_algo (keepalived defaults to UDP, NAT, wlc); "
                    "protocol with fwmark",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes)
            for (const auto& vs : node.parse.virtual_servers) {
                if (vs.fwmark && vs.protocol)
                    out.report(out.make("`protocol` on a fwmark virtual_server is ignored")
                                   .at(vs.protocol_span, "ignored by keepalived")
                                   .note("keepalived says \"Virtual server FWM N: protocol specified for fwmark - "
                                         "protocol will be ignored\": the firewall mark selects the packets")
                                   .help("remove `protocol`, and mark only the protocol you mean in the firewall"));
                std::string missing;
                auto add = [&](bool have, const char* what) {
                    if (!have) missing += (missing.empty() ? "" : ", ") + std::string(what);
                };
                add(vs.protocol || vs.fwmark, "`protocol` (UDP)");
                add(vs.method, "`lb_kind` (NAT)");
                add(vs.scheduler, "`lb_algo` (wlc)");
                if (missing.empty()) continue;
                out.report(out.make(fmt::format("virtual_server leaves keepalived to choose {}", missing))
                               .at(vs.span, "defaults chosen")
                               .note("keepalived says \"no protocol set - defaulting to UDP\", \"no forwarding method "
                                     "set, setting default NAT\", \"no scheduler set, setting default 'wlc'\"")
                               .note("a TCP service with no `protocol` is balanced as UDP: it does not work")
                               .help("write `protocol TCP`, `lb_kind DR` (or NAT/TUN) and `lb_algo` explicitly"));
            }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv219, LvsDefaults)
