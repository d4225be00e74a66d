// SPDX-License-Identifier: MIT
// HV110 enum-case: an enum value in the wrong case (`state master`); instances of one node fold into one.
#include <fmt/format.h>

#include <cctype>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (std::toupper(static_cast<unsigned char>(a[k])) != std::toupper(static_cast<unsigned char>(b[k])))
            return false;
    return true;
}

class EnumCase final : public RuleBase {
  public:
    EnumCase()
        : RuleBase({"HV110", "enum-case", "enum values are case-sensitive: `state master` is not MASTER",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node&, const model::Instance& i) {
            for (std::string_view want : {"MASTER", "BACKUP"})
                if (i.state_text != want && same_ignoring_case(i.state_text, want)) {
                    const auto msg =
                        fmt::format("`state {}` is not {}: values are case-sensitive", i.state_text, tick(want));
                    auto b = out.make(msg);
                    b.at(at_or(i.state, anchor(i)), "read as BACKUP")
                        .note("keepalived falls back to BACKUP for a state it does not know")
                        .help(fmt::format("write `state {}`", want))
                        // A guess: the node ran as BACKUP so far, and MASTER changes who wins.
                        .fix(fmt::format("write `state {}`", want), diag::Applicability::MaybeIncorrect,
                             all_of(
                                 {diag::replace_value(cx.sm, i.state.span, "state", i.state_text, std::string(want))}));
                    out.report(b, fold_in_node(cx, r.node, i.name, msg));
                }
            for (std::string_view want : {"PASS", "AH"})
                if (i.auth_type_text != want && same_ignoring_case(i.auth_type_text, want)) {
                    const auto msg = fmt::format("`auth_type {}` is not {}: values are case-sensitive",
                                                 i.auth_type_text, tick(want));
                    auto b = out.make(msg);
                    b.at(at_or(i.auth_type, or_else(i.auth_span, anchor(i))), "not a known auth type")
                        .note(
                            "keepalived does not recognise it and the members no longer agree on "
                            "authentication")
                        .help(fmt::format("write `auth_type {}`", want))
                        // The only reading of `pass` / `ah`: the members meant to authenticate.
                        .fix(fmt::format("write `auth_type {}`", want), diag::Applicability::MachineApplicable,
                             all_of({diag::replace_value(cx.sm, i.auth_type.span, "auth_type", i.auth_type_text,
                                                         std::string(want))}));
                    out.report(b, fold_in_node(cx, r.node, i.name, msg));
                }
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv110, EnumCase)
