// SPDX-License-Identifier: MIT
// HV901 unused-suppression: a suppression comment that silenced nothing.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool turned_off(const Context& cx, const RuleMeta& m) {
    if (!cx.policy) return false;
    for (const auto* key : {&m.code, &m.slug}) {
        auto it = cx.policy->severity.find(*key);
        if (it != cx.policy->severity.end() && it->second == diag::Severity::Off) return true;
    }
    return false;
}

/// A suppression only of codes that did not run (HV3xx without --havipd, codes
/// the policy turns off) or that cannot be suppressed (HV903) is not called unused.
bool could_fire(const Context& cx, const model::Suppression& s) {
    for (const auto& c : s.codes) {
        const auto* r = find_rule(c);
        if (!r) continue;
        if (r->meta().code.compare(0, 3, "HV3") == 0 && !cx.opt.havipd_target) continue;
        if (turned_off(cx, r->meta())) continue;
        return true;
    }
    return false;
}

std::string codes(const model::Suppression& s) {
    std::string out;
    for (std::size_t k = 0; k < s.codes.size(); ++k) out += (k ? ", " : "") + tick(s.codes[k]);
    return out;
}

class UnusedSuppression final : public RuleBase {
  public:
    UnusedSuppression()
        : RuleBase({"HV901", "unused-suppression", "a suppression comment that silences nothing",
                    diag::Severity::Warning, Scope::Suppression}) {}

    void check(const Context& cx, Emitter& out) const override {
        if (!cx.suppression_used) return;
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& sups = cx.node(n).suppressions;
            for (std::uint32_t k = 0; k < sups.size(); ++k) {
                if ((*cx.suppression_used)[n][k] || !could_fire(cx, sups[k])) continue;
                auto b = out.make(fmt::format("suppression of {} silences nothing", codes(sups[k])));
                b.at(sups[k].comment, "unused suppression");
                if (sups[k].scope.valid()) b.also(sups[k].scope, "no such finding here");
                b.help("remove the comment, or move it just above the statement or block with the finding");
                out.report(b);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv901, UnusedSuppression)
