// SPDX-License-Identifier: MIT
// HV124 master-cleared: `state MASTER` that keepalived clears to BACKUP: with
// `auth_type AH` or with vrrp_strict, below priority 255 (not the address owner);
// instances of one node fold into one.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class MasterCleared final : public RuleBase {
  public:
    MasterCleared()
        : RuleBase(
              {"HV124", "master-cleared",
               "`state MASTER` keepalived starts as BACKUP (with `auth_type AH`, or vrrp_strict below priority 255)",
               diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            // The message names the instance: folded, it names how many of the node's instances.
            auto report = [&](diag::Builder& b, std::string_view kind, std::string_view many) {
                out.report(b, Fold{fmt::format("{}/{}", r.node, kind), i.name,
                                   fmt::format("{{n}} instances of node {} say `state MASTER` {}: {{items}}",
                                               tick(node.name), many)});
            };
            if (!i.state.set || i.state.value != model::State::Master) return;
            // The address owner (priority 255, also an unset priority with
            // `state MASTER`) keeps MASTER in both cases.
            if (i.priority.value == 255) return;
            if (i.auth_type.set && i.auth_type.value == model::AuthType::Ah) {
                auto b = out.make(fmt::format("instance {} says `state MASTER` with `auth_type AH`", tick(i.name)));
                b.at(i.state.span, "cleared to BACKUP by keepalived")
                    .also(i.auth_type.span, "because of this")
                    .note(fmt::format("keepalived says \"({}) Initial state master is incompatible with AH "
                                      "authentication - clearing\"",
                                      i.name))
                    .help("write `state BACKUP`, or use `auth_type PASS` (or none)");
                report(b, "ah", "with `auth_type AH`");
                return;
            }
            if (i.strict.value && i.priority.value != 255) {
                auto b = out.make(fmt::format("instance {} says `state MASTER` under strict mode with priority {}",
                                              tick(i.name), i.priority.value));
                b.at(i.state.span, "cleared to BACKUP by keepalived");
                const auto& why = i.strict.set ? i.strict : node.globals.vrrp_strict;
                if (why.set && why.span.valid()) b.also(why.span, "strict mode from here");
                b.note(
                    fmt::format("keepalived says \"({}) State MASTER must match being address owner\": in strict "
                                "mode only priority 255 may start as MASTER",
                                i.name));
                b.help("write `state BACKUP` (the highest priority still wins the election)");
                report(b, fmt::format("strict {}", i.priority.value),
                       fmt::format("under strict mode with priority {}", i.priority.value));
            }
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv124, MasterCleared)
