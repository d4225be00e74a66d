// SPDX-License-Identifier: MIT
// The runner: topology once, every rule, then suppressions, then the policy.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "lint/rule.hpp"
#include "lint/suppress.hpp"

namespace havip::lint {

namespace {

bool havipd_only(const RuleMeta& m) { return m.code.size() >= 3 && m.code.compare(0, 3, "HV3") == 0; }

}  // namespace

void run(const model::Fleet& fleet, const source::SourceMap& sm, const Options& opt, const Policy& policy,
         diag::DiagSink& out) {
    const Topology topo = build_topology(fleet, opt.inventory, opt.subnets);
    Context cx(fleet, sm, opt, topo);

    std::vector<diag::Diagnostic> found;
    Emitter em(found);
    for (const auto* r : registry()) {
        const auto& m = r->meta();
        if (m.scope == "suppression" || (havipd_only(m) && !opt.havipd_target)) continue;
        em.begin(m);
        r->check(cx, em);
    }

    // Inline suppressions drop what they cover and remember that they did.
    SuppressionIndex sup(fleet);
    std::vector<diag::Diagnostic> kept;
    kept.reserve(found.size());
    for (auto& d : found)
        if (!sup.suppress(d)) kept.push_back(std::move(d));
    cx.suppression_used = &sup.used();
    cx.policy = &policy;
    Emitter post(kept);
    for (const auto* r : registry()) {
        const auto& m = r->meta();
        if (m.scope != "suppression") continue;
        post.begin(m);
        r->check(cx, post);
    }

    // Policy: a level per code (or slug); off drops the finding.
    std::vector<diag::Diagnostic> final_list;
    final_list.reserve(kept.size());
    for (auto& d : kept) {
        auto it = policy.severity.find(d.code);
        if (it == policy.severity.end())
            if (const auto* r = find_rule(d.code)) it = policy.severity.find(r->meta().slug);
        if (it != policy.severity.end()) {
            if (it->second == diag::Severity::Off) continue;
            d.severity = it->second;
        }
        final_list.push_back(std::move(d));
    }
    std::stable_sort(final_list.begin(), final_list.end(), [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
        auto sa = a.primary_span(), sb = b.primary_span();
        if (sa.file != sb.file) return sa.file < sb.file;
        if (sa.begin != sb.begin) return sa.begin < sb.begin;
        return a.code < b.code;
    });
    // The nodes of one havip.toml share statements (global settings, scripts):
    // a finding about such a statement is reported once, not once per node.
    std::unordered_set<std::string> seen;
    for (auto& d : final_list) {
        auto s = d.primary_span();
        std::string key = d.code + '\n' + std::to_string(s.file) + ':' + std::to_string(s.begin) + ':' +
                          std::to_string(s.end) + '\n' + d.message;
        if (seen.insert(std::move(key)).second) out.report(std::move(d));
    }
}

}  // namespace havip::lint
