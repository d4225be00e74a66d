// SPDX-License-Identifier: MIT
// HV124 master-with-ah: `state MASTER` with `auth_type AH` (keepalived clears it to BACKUP).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class MasterWithAh final : public RuleBase {
public:
    MasterWithAh()
        : RuleBase({"HV124", "master-with-ah", "`state MASTER` with `auth_type AH` (keepalived starts it as BACKUP)",
                    diag::Severity::Error, "node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            if (!i.state.set || i.state.value != model::State::Master) return;
            if (!i.auth_type.set || i.auth_type.value != model::AuthType::Ah) return;
            out.report(out.make(fmt::format("instance {} says `state MASTER` with `auth_type AH`", tick(i.name)))
                           .at(i.state.span, "cleared to BACKUP by keepalived")
                           .also(i.auth_type.span, "because of this")
                           .note(fmt::format("keepalived says \"({}) Initial state master is incompatible with AH "
                                             "authentication - clearing\"",
                                             i.name))
                           .help("write `state BACKUP`, or use `auth_type PASS` (or none)"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv124, MasterWithAh)
