// SPDX-License-Identifier: MIT
// The runner: topology once, every rule, then suppressions, then the policy.
#include <algorithm>
#include <unordered_map>
#include <optional>

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

    // Policy: a level per code (or slug); off drops the finding. Looked up once
    // per code, not once per finding.
    std::unordered_map<std::string_view, std::optional<diag::Severity>> level_of;
    auto level = [&](const std::string& code) -> std::optional<diag::Severity> {
        if (policy.severity.empty()) return std::nullopt;
        auto [it, fresh] = level_of.try_emplace(code);
        if (fresh) {
            auto p = policy.severity.find(code);
            if (p == policy.severity.end())
                if (const auto* r = find_rule(code)) p = policy.severity.find(r->meta().slug);
            if (p != policy.severity.end()) it->second = p->second;
        }
        return it->second;
    };

    // Sorted by file and position (then code) through a small index, so the
    // findings themselves are moved once.
    struct Item {
        source::FileId file;
        std::uint32_t begin, end, index;
        bool duplicate;
    };
    std::vector<Item> order;
    order.reserve(kept.size());
    for (std::uint32_t k = 0; k < kept.size(); ++k) {
        auto& d = kept[k];
        if (auto lv = level(d.code)) {
            if (*lv == diag::Severity::Off) continue;
            d.severity = *lv;
        }
        auto s = d.primary_span();
        order.push_back({s.file, s.begin, s.end, k, false});
    }
    auto same_place = [&](const Item& a, const Item& b) {
        return a.file == b.file && a.begin == b.begin && kept[a.index].code == kept[b.index].code;
    };
    std::stable_sort(order.begin(), order.end(), [&](const Item& a, const Item& b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.begin != b.begin) return a.begin < b.begin;
        return kept[a.index].code < kept[b.index].code;
    });
    // The nodes of one havip.toml share statements (global settings, scripts):
    // a finding about such a statement is reported once, not once per node.
    // Equal findings share file, position and code, so they are neighbours here.
    for (std::size_t i = 0, first = 0; i < order.size(); ++i) {
        if (!same_place(order[first], order[i])) first = i;
        const auto& d = kept[order[i].index];
        for (std::size_t j = first; j < i && !order[i].duplicate; ++j)
            order[i].duplicate = !order[j].duplicate && order[j].end == order[i].end &&
                                 kept[order[j].index].message == d.message;
    }
    for (const auto& it : order)
        if (!it.duplicate) out.report(std::move(kept[it.index]));
}

}  // namespace havip::lint
