// SPDX-License-Identifier: MIT
// HV105 keyword-too-new: keyword or syntax newer than the target keepalived.
#include <fmt/format.h>

#include <string_view>

#include "lint/rule.hpp"
#include "model/catalogue.hpp"

namespace havip::lint {
namespace {

/// Syntax (not keywords) with the version that introduced it, for uses the
/// front end records with an empty or "#syntax" block and the catalogue lacks.
struct SyntaxSince {
    std::string_view name;
    model::Version since;
};
constexpr SyntaxSince kSyntax[] = {
    {"@", {1, 3, 0}},        {"@^", {1, 3, 7}},       {"$", {1, 4, 0}},        {"~SEQ", {2, 0, 9}},
    {"~SEQx", {2, 1, 0}},    {"~LST", {2, 1, 0}},     {"includer", {2, 2, 0}}, {"includem", {2, 2, 0}},
    {"includew", {2, 2, 0}}, {"includeb", {2, 2, 0}}, {"includea", {2, 2, 0}}, {"${_ENV}", {2, 4, 0}},
};

/// Keywords an older keepalived ignores without harm: the feature they tune does
/// not exist there (script security came in 1.3.0). Reported as info only.
constexpr std::string_view kHarmless[] = {"enable_script_security", "script_user"};

class KeywordTooNew final : public RuleBase {
public:
    KeywordTooNew()
        : RuleBase({"HV105", "keyword-too-new", "keyword or syntax newer than the target keepalived version",
                    diag::Severity::Error, "node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        const auto& cat = model::Catalogue::builtin();
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            const auto target = cx.target(n);
            auto too_new = [&](source::Span at, std::string_view what, const model::Version& since,
                               diag::Severity sev) {
                if (!(target < since)) return;
                auto b = out.make(sev, fmt::format("{} needs keepalived {}, newer than the target {}", what,
                                                   vstr(since), vstr(target)));
                b.at(at, fmt::format("since keepalived {}", vstr(since)));
                if (sev == diag::Severity::Info) b.note("older versions ignore it, which is harmless here");
                else b.note(fmt::format("keepalived {} rejects or ignores it", vstr(target)));
                b.help(fmt::format("remove it, or raise --target-keepalived to {} if every node runs that", vstr(since)));
                out.report(b);
            };
            for (const auto& use : node.keywords) {
                // Syntax features arrive in the catalogue's "(syntax)" block.
                const bool syntax = use.block == "(syntax)" || use.block == "#syntax";
                const auto what = syntax ? fmt::format("syntax {}", tick(use.keyword)) : tick(use.keyword);
                if (const auto* spec = cat.find(use.block, use.keyword)) {
                    auto sev = diag::Severity::Error;
                    for (auto h : kHarmless)
                        if (use.keyword == h) sev = diag::Severity::Info;
                    too_new(use.span, what, spec->since, sev);
                    continue;
                }
                if (!syntax) continue;
                for (const auto& s : kSyntax)
                    if (use.keyword == s.name) too_new(use.span, what, s.since, diag::Severity::Error);
            }
            // Arguments newer than their keyword.
            for (const auto& i : node.instances) {
                for (const auto& t : i.tracks)
                    if (t.reverse) too_new(t.span, "weight `reverse`", {2, 0, 18}, diag::Severity::Error);
                for (const auto& p : i.peers)
                    if (p.min_ttl || p.max_ttl) too_new(p.span, "per-peer `min_ttl`/`max_ttl`", {2, 1, 0},
                                                        diag::Severity::Error);
            }
            for (const auto& s : node.scripts)
                if (s.reverse) too_new(or_else(s.weight.span, s.span), "weight `reverse`",
                                       {2, 0, 18}, diag::Severity::Error);
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv105, KeywordTooNew)
