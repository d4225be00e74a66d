// SPDX-License-Identifier: MIT
// The runner: topology once, every rule, then suppressions, folding, then the policy.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <optional>

#include "lint/rule.hpp"
#include "lint/suppress.hpp"
#include "source/parallel.hpp"

namespace havip::lint {

namespace {

bool havipd_only(const RuleMeta& m) { return m.code.size() >= 3 && m.code.compare(0, 3, "HV3") == 0; }

}  // namespace

void run(const model::Fleet& fleet, const source::SourceMap& sm, const Options& opt, const Policy& policy,
         diag::DiagSink& out) {
    // A node described twice (a pair's .conf files linted with their havip.toml)
    // is HV120's finding; every other rule sees its first description only, so
    // the twin does not also look like a third member of its cluster.
    std::vector<std::uint32_t> first_of;  // the nodes rules see, as indices into `fleet`
    {
        std::unordered_map<std::string_view, std::uint32_t> by_name;
        by_name.reserve(fleet.nodes.size());
        for (std::uint32_t n = 0; n < fleet.nodes.size(); ++n)
            if (by_name.emplace(fleet.nodes[n].name, n).second) first_of.push_back(n);
    }
    const bool twins = first_of.size() != fleet.nodes.size();
    model::Fleet once;
    if (twins) {
        once.nodes.reserve(first_of.size());
        for (auto n : first_of) once.nodes.push_back(fleet.nodes[n]);
    }
    const model::Fleet& seen = twins ? once : fleet;
    const Topology topo = build_topology(seen, opt.inventory, opt.subnets);
    Context cx(seen, sm, opt, topo);
    std::optional<Topology> full_topo;
    std::optional<Context> full;
    if (twins) {
        full_topo.emplace(build_topology(fleet, opt.inventory, opt.subnets));
        full.emplace(fleet, sm, opt, *full_topo);
    }

    // Rules only read the Context: they run side by side (opt.jobs threads),
    // each into its own list, joined in registry order as one thread makes them.
    // A rule the policy turns off shows nothing: it does not run, unless a
    // suppression names it (whether that suppression silences something counts).
    std::unordered_set<const Rule*> named;
    for (const auto& node : fleet.nodes)
        for (const auto& sp : node.suppressions)
            for (const auto& c : sp.codes)
                if (const auto* r = find_rule(c)) named.insert(r);
    auto turned_off = [&](const Rule* r) {
        for (const auto* key : {&r->meta().code, &r->meta().slug})
            if (auto p = policy.severity.find(*key); p != policy.severity.end() && p->second == diag::Severity::Off)
                return !named.count(r);
        return false;
    };
    std::vector<const Rule*> rules;
    for (const auto* r : registry()) {
        const auto& m = r->meta();
        if (m.scope == "suppression" || (havipd_only(m) && !opt.havipd_target) || turned_off(r)) continue;
        rules.push_back(r);
    }
    std::vector<std::vector<diag::Diagnostic>> found_by(rules.size());
    std::vector<std::vector<std::pair<std::size_t, Fold>>> folds_by(rules.size());
    source::parallel_for(rules.size(), opt.jobs, [&](std::size_t k) {
        Emitter em(found_by[k], &folds_by[k]);
        const auto& m = rules[k]->meta();
        em.begin(m);
        rules[k]->check(twins && m.code == "HV120" ? *full : cx, em);
    });
    std::vector<diag::Diagnostic> found;
    std::vector<std::pair<std::size_t, Fold>> folds;  // (index into found, fold), in index order
    {
        std::size_t total = 0;
        for (const auto& f : found_by) total += f.size();
        found.reserve(total);
    }
    for (std::size_t k = 0; k < rules.size(); ++k) {
        for (auto& [at, f] : folds_by[k]) folds.emplace_back(found.size() + at, std::move(f));
        for (auto& d : found_by[k]) found.push_back(std::move(d));
        found_by[k] = {};
        folds_by[k] = {};
    }

    // Inline suppressions drop what they cover and remember that they did.
    SuppressionIndex sup(fleet);
    std::vector<diag::Diagnostic> kept;
    kept.reserve(found.size());
    std::vector<std::pair<std::size_t, Fold>> kept_folds;
    for (std::size_t k = 0, f = 0; k < found.size(); ++k) {
        const bool folds_here = f < folds.size() && folds[f].first == k;
        if (sup.suppress(found[k])) {
            f += folds_here;
            continue;
        }
        if (folds_here) kept_folds.emplace_back(kept.size(), std::move(folds[f++].second));
        kept.push_back(std::move(found[k]));
    }
    // Many instances of one node sharing one problem: one finding with a list.
    fold(kept, kept_folds);
    // Fixes edit keepalived syntax: none is offered for a havip.toml (its
    // spans point at TOML text, which the keepalived-shaped edits do not fit).
    for (auto& d : kept)
        if (d.fix)
            for (const auto& e : d.fix->edits)
                if (!e.span.valid() || e.span.file >= sm.size() || sm.file(e.span.file).path.ends_with(".toml")) {
                    d.fix.reset();
                    break;
                }
    std::vector<std::vector<std::uint8_t>> used_seen;  // per node rules saw
    if (twins) {
        used_seen.reserve(first_of.size());
        for (auto n : first_of) used_seen.push_back(sup.used()[n]);
    }
    cx.suppression_used = twins ? &used_seen : &sup.used();
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
