// SPDX-License-Identifier: MIT
// HV218 smtp-alert: smtp_alert mails on transitions; havipd sends no mail.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class SmtpAlert final : public RuleBase {
  public:
    SmtpAlert()
        : RuleBase({"HV218", "smtp-alert", "smtp_alert with havipd: transitions are not mailed",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        if (!cx.opt.havipd_target) return;  // keepalived mails them
        for (const auto& node : cx.fleet.nodes)
            for (const auto& k : node.keywords) {
                if (k.keyword().rfind("smtp_alert", 0) != 0) continue;
                if (top_block(k.block()) == "virtual_server") continue;  // LVS is HV301's
                out.report(out.make(fmt::format("havipd does not send the mail {} asks for", tick(k.keyword())))
                               .at(k.span, "no mail from havipd")
                               .note("smtp_alert only mails state transitions; who holds the VIP is unchanged")
                               .help("use a notify script (or notify_fifo reader) to send alerts, or accept no mail"));
            }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv218, SmtpAlert)
