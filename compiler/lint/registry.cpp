// SPDX-License-Identifier: MIT
// The rule registry and the --explain pages. Each rule file defines its own
// rule object and accessor (HAVIP_LINT_RULE); the list below is what keeps the
// linker from dropping a rule file out of the static library, and the registry
// test checks it against the embedded pages, so a rule cannot be left out.
#include <algorithm>
#include <cctype>
#include <span>
#include <unordered_map>

#include "lint/rule.hpp"
#include "source/embedded.hpp"

namespace havip {
/// Every compiler/lint/docs/*.md, embedded by cmake/Embed.cmake.
std::span<const EmbeddedFile> rule_docs();
}  // namespace havip

// clang-format off
#define HAVIP_LINT_RULES(X)                                                                            \
    X(hv101) X(hv102) X(hv103) X(hv104) X(hv105) X(hv106) X(hv107) X(hv108) X(hv109) X(hv110)          \
    X(hv111) X(hv112) X(hv113) X(hv114) X(hv115) X(hv116) X(hv117) X(hv118) X(hv119) X(hv120)          \
    X(hv121) X(hv122) X(hv123) X(hv124) X(hv125)                                                       \
    X(hv201) X(hv202) X(hv203) X(hv204) X(hv205) X(hv206) X(hv207) X(hv208) X(hv209) X(hv210)          \
    X(hv211) X(hv212) X(hv213) X(hv214) X(hv215) X(hv216) X(hv217) X(hv218) X(hv219)                  \
    X(hv301) X(hv302) X(hv303) X(hv304) X(hv305) X(hv307)                                             \
    X(hv901) X(hv902) X(hv903)
// clang-format on

namespace havip::lint {
namespace rules {
#define HAVIP_DECLARE(fn) const Rule& fn();
HAVIP_LINT_RULES(HAVIP_DECLARE)
#undef HAVIP_DECLARE
}  // namespace rules

namespace {

/// Codes the front ends report (lint-rules.md, HV0xx): listed for --list-rules,
/// JSON and SARIF, explained like every rule, never suppressible.
const std::vector<RuleMeta>& front_end_codes() {
    static const std::vector<RuleMeta> codes = {
        {"HV001", "syntax", "unbalanced braces, unterminated quote, value where a block is expected, stray text",
         diag::Severity::Error, Scope::Input},
        {"HV002", "include", "include target missing or unreadable, include cycle, glob matching nothing",
         diag::Severity::Error, Scope::Input},
        {"HV003", "unknown-keyword", "keyword keepalived does not know in that block", diag::Severity::Warning,
         Scope::Input},
        {"HV004", "bad-value", "wrong argument count or type, not an address, or a number out of range",
         diag::Severity::Error, Scope::Input},
        {"HV005", "substitution", "undefined `$VAR`, malformed `~SEQ`/`~LST`, bad `@`/`@^` conditional",
         diag::Severity::Error, Scope::Input},
        {"HV006", "ignored-words", "words after a keyword's arguments, which keepalived ignores (`// comment`)",
         diag::Severity::Warning, Scope::Input},
        {"HV007", "plain-address", "address with `/prefix` or `-range` where keepalived uses a plain address",
         diag::Severity::Warning, Scope::Input},
    };
    return codes;
}

}  // namespace

const std::vector<const Rule*>& registry() {
    static const std::vector<const Rule*> all = [] {
        std::vector<const Rule*> v = {
#define HAVIP_ADDRESS(fn) &rules::fn(),
            HAVIP_LINT_RULES(HAVIP_ADDRESS)
#undef HAVIP_ADDRESS
        };
        std::sort(v.begin(), v.end(), [](const Rule* a, const Rule* b) { return a->meta().code < b->meta().code; });
        return v;
    }();
    return all;
}

const Rule* find_rule(std::string_view key) {
    static const std::unordered_map<std::string_view, const Rule*> by_key = [] {
        std::unordered_map<std::string_view, const Rule*> m;
        for (const auto* r : registry()) {
            m.emplace(r->meta().code, r);
            m.emplace(r->meta().slug, r);
        }
        return m;
    }();
    auto it = by_key.find(key);
    if (it != by_key.end()) return it->second;
    // Codes are accepted in any case (`hv203`), slugs only as written.
    if (key.size() != 5) return nullptr;
    char up[5];
    for (std::size_t i = 0; i < 5; ++i) up[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[i])));
    it = by_key.find(std::string_view(up, 5));
    return it == by_key.end() ? nullptr : it->second;
}

std::string_view scope_name(Scope s) {
    switch (s) {
        case Scope::Input:
            return "input";
        case Scope::Node:
            return "node";
        case Scope::CrossNode:
            return "X-node";
        case Scope::CrossCluster:
            return "X-cluster";
        case Scope::Suppression:
            return "suppression";
    }
    return "?";
}

bool unsuppressible(std::string_view code) {
    if (code.size() >= 3 && code.substr(0, 3) == "HV0") return true;
    for (const auto& m : front_end_codes())
        if (m.slug == code) return true;
    return false;
}

std::optional<std::string_view> explain(std::string_view code) {
    for (const auto& f : rule_docs()) {
        auto n = f.name;
        if (n.size() == code.size() + 3 && n.substr(0, code.size()) == code && n.substr(code.size()) == ".md")
            return f.text;
    }
    // An upper-case code is the page name; accept a slug too.
    if (const auto* r = find_rule(code); r && r->meta().code != code) return explain(r->meta().code);
    for (const auto& m : front_end_codes())
        if (m.slug == code) return explain(m.code);
    return std::nullopt;
}

std::vector<diag::RuleInfo> rule_infos() {
    std::vector<diag::RuleInfo> out;
    auto add = [&](const RuleMeta& m) {
        diag::RuleInfo ri;
        ri.code = m.code;
        ri.slug = m.slug;
        ri.summary = m.summary;
        ri.default_severity = m.severity;
        if (auto page = explain(m.code)) ri.help = std::string(*page);
        out.push_back(std::move(ri));
    };
    for (const auto& m : front_end_codes()) add(m);
    for (const auto* r : registry()) add(r->meta());
    return out;
}

}  // namespace havip::lint
