// SPDX-License-Identifier: MIT
// HV105 keyword-too-new: keyword or syntax newer than the target keepalived.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <unordered_map>

#include "lint/rule.hpp"
#include "model/catalogue.hpp"

namespace havip::lint {
namespace {

/// Syntax (not keywords) with the version that introduced it, for uses the
/// front end records in the "(syntax)" block under a name the catalogue lacks.
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

bool is_syntax_block(std::string_view block) { return block == "(syntax)" || block == "#syntax"; }

/// A (block, keyword) that some node's target may not have.
struct Candidate {
    std::string_view block;  ///< catalogue block; for syntax, any syntax block matches
    std::string_view keyword;
    model::Version since;
    bool syntax = false;
    diag::Severity sev = diag::Severity::Error;
};

/// Keywords are few and distinct: length and three letters tell them apart
/// well enough, for a fraction of a full string hash per keyword use.
struct CheapHash {
    std::size_t operator()(std::string_view s) const noexcept {
        std::size_t h = s.size();
        if (!s.empty())
            h = ((h * 131 + static_cast<unsigned char>(s.front())) * 131 + static_cast<unsigned char>(s.back())) * 131 +
                static_cast<unsigned char>(s[s.size() / 2]);
        return h;
    }
};

/// The text of one kind of finding: the same for every node with that
/// keyword and target, so it is formatted once per run.
struct Text {
    std::string message, label, note, help;
};

/// Every keyword and syntax newer than `lowest`, the oldest target of the run.
std::vector<Candidate> candidates(const model::Version& lowest) {
    std::vector<Candidate> pool;
    for (const auto& s : model::Catalogue::builtin().all())
        if (lowest < s.since) {
            auto sev = diag::Severity::Error;
            for (auto h : kHarmless)
                if (s.keyword == h) sev = diag::Severity::Info;
            pool.push_back({s.block, s.keyword, s.since, is_syntax_block(s.block), sev});
        }
    for (const auto& s : kSyntax)
        if (lowest < s.since) pool.push_back({"(syntax)", s.name, s.since, true, diag::Severity::Error});
    return pool;
}

/// The finding's text for candidate `c` on a node whose target is `target`;
/// `is_keyword` false: an argument form, named as it stands in `c.keyword`.
Text text(const Candidate& c, const model::Version& target, bool is_keyword) {
    const auto what = !is_keyword ? std::string(c.keyword)
                      : c.syntax  ? fmt::format("syntax {}", tick(c.keyword))
                                  : tick(c.keyword);
    Text t;
    t.message = fmt::format("{} needs keepalived {}, newer than the target {}", what, vstr(c.since), vstr(target));
    t.label = fmt::format("since keepalived {}", vstr(c.since));
    t.note = c.sev == diag::Severity::Info ? "older versions ignore it, which is harmless here"
                                           : fmt::format("keepalived {} rejects or ignores it", vstr(target));
    t.help = fmt::format("remove it, or raise --target-keepalived to {} if every node runs that", vstr(c.since));
    return t;
}

class KeywordTooNew final : public RuleBase {
  public:
    KeywordTooNew()
        : RuleBase({"HV105", "keyword-too-new", "keyword or syntax newer than the target keepalived version",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        if (cx.fleet.nodes.empty()) return;
        // Only what is newer than the oldest target of the run can ever fire:
        // on a fleet every keyword use is one cheap lookup that usually misses.
        model::Version lowest = cx.target(0);
        for (std::uint32_t n = 1; n < cx.fleet.nodes.size(); ++n) lowest = std::min(lowest, cx.target(n));
        const std::vector<Candidate> pool = candidates(lowest);
        std::unordered_map<std::string_view, std::vector<const Candidate*>, CheapHash> by_keyword;
        for (const auto& c : pool) by_keyword[c.keyword].push_back(&c);

        static const Candidate kReverse{"", "weight `reverse`", {2, 0, 18}};
        static const Candidate kPeerTtl{"", "per-peer `min_ttl`/`max_ttl`", {2, 1, 0}};
        std::map<std::pair<const Candidate*, model::Version>, Text> texts;
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            const auto target = cx.target(n);
            auto too_new = [&](source::Span at, const Candidate& c, bool is_keyword) {
                if (!(target < c.since)) return;
                auto [it, fresh] = texts.try_emplace({&c, target});
                auto& t = it->second;
                if (fresh) t = text(c, target, is_keyword);
                out.report(out.make(c.sev, t.message).at(at, t.label).note(t.note).help(t.help));
            };
            for (const auto& use : node.keywords) {
                auto it = by_keyword.find(use.keyword());
                if (it == by_keyword.end()) continue;
                for (const auto* c : it->second)
                    if (c->syntax ? is_syntax_block(use.block()) : c->block == use.block()) {
                        too_new(use.span, *c, true);
                        break;
                    }
            }
            // Arguments newer than their keyword.
            if (target < kPeerTtl.since) {
                for (const auto& i : node.instances) {
                    for (const auto& t : i.tracks)
                        if (t.reverse) too_new(t.span, kReverse, false);
                    for (const auto& p : i.peers)
                        if (p.min_ttl || p.max_ttl) too_new(p.span, kPeerTtl, false);
                }
                for (const auto& s : node.scripts)
                    if (s.reverse) too_new(or_else(s.weight.span, s.span), kReverse, false);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv105, KeywordTooNew)
