// SPDX-License-Identifier: MIT
// HV111 auth-pass-length: auth_pass longer than 8 bytes is truncated (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class AuthPassLength final : public RuleBase {
  public:
    AuthPassLength()
        : RuleBase({"HV111", "auth-pass-length", "auth_pass longer than 8 bytes is truncated", diag::Severity::Error,
                    Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node&, const model::Instance& i) {
            if (!i.auth_pass.set || i.auth_pass.value.size() <= 8) return;
            const std::string& pw = i.auth_pass.value;
            // The 8 bytes keepalived already uses: a guess, since the other members may
            // hold the full password in their own files (and a cut inside a UTF-8
            // character is not offered at all).
            std::vector<diag::Edit> cut;
            if ((static_cast<unsigned char>(pw[8]) & 0xc0) != 0x80)
                cut = all_of({diag::replace_value(cx.sm, i.auth_pass.span, "auth_pass", pw, pw.substr(0, 8))});
            const auto msg = fmt::format("auth_pass is {} bytes; keepalived keeps only the first 8 ({})",
                                         i.auth_pass.value.size(), tick(i.auth_pass.value.substr(0, 8)));
            auto b = out.make(msg);
            b.at(i.auth_pass.span, "truncated to 8 bytes")
                .note("nodes generated from different templates then disagree on the password")
                .help("use a password of at most 8 bytes")
                .fix(fmt::format("keep the 8 bytes keepalived uses: {}", tick(pw.substr(0, 8))),
                     diag::Applicability::MaybeIncorrect, std::move(cut));
            out.report(b, fold_in_node(cx, r.node, i.name, msg));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv111, AuthPassLength)
