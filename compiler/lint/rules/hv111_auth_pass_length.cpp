// SPDX-License-Identifier: MIT
// HV111 auth-pass-length: auth_pass longer than 8 bytes is truncated.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class AuthPassLength final : public RuleBase {
public:
    AuthPassLength()
        : RuleBase({"HV111", "auth-pass-length", "auth_pass longer than 8 bytes is truncated",
                    diag::Severity::Error, "node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            if (!i.auth_pass.set || i.auth_pass.value.size() <= 8) return;
            out.report(out.make(fmt::format("auth_pass is {} bytes; keepalived keeps only the first 8 ({})",
                                            i.auth_pass.value.size(), tick(i.auth_pass.value.substr(0, 8))))
                           .at(i.auth_pass.span, "truncated to 8 bytes")
                           .note("nodes generated from different templates then disagree on the password")
                           .help("use a password of at most 8 bytes"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv111, AuthPassLength)
