// SPDX-License-Identifier: MIT
// The runner: topology once, every rule, then suppressions, folding, then the policy.
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "lint/rule.hpp"
#include "lint/suppress.hpp"
#include "source/parallel.hpp"

namespace havip::lint {

namespace {

/// Findings with the folds their rules asked for: (index into items, fold), in index order.
struct Found {
    std::vector<diag::Diagnostic> items;
    std::vector<std::pair<std::size_t, Fold>> folds;
};

/// The rules of the first pass: all but the suppression checks, the HV3xx
/// ones only when havipd is the target, and none the policy turns off: a rule
/// turned off shows nothing, so it does not run, unless a suppression names it
/// (whether that suppression silences something counts).
std::vector<const Rule*> first_pass_rules(const model::Fleet& fleet, const Options& opt, const Policy& policy) {
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
        if (m.scope == Scope::Suppression || (m.audience == Audience::Havipd && !opt.havipd_target) || turned_off(r))
            continue;
        rules.push_back(r);
    }
    return rules;
}

/// Rules only read the Context: they run side by side (opt.jobs threads),
/// each into its own list, joined in registry order as one thread makes them.
Found run_rules(const Context& cx, const std::vector<const Rule*>& rules) {
    std::vector<Found> by_rule(rules.size());
    source::parallel_for(rules.size(), cx.opt.jobs, [&](std::size_t k) {
        Emitter em(by_rule[k].items, &by_rule[k].folds);
        em.begin(rules[k]->meta());
        rules[k]->check(cx, em);
    });
    Found all;
    std::size_t total = 0;
    for (const auto& f : by_rule) total += f.items.size();
    all.items.reserve(total);
    for (auto& f : by_rule) {
        for (auto& [at, fold] : f.folds) all.folds.emplace_back(all.items.size() + at, std::move(fold));
        for (auto& d : f.items) all.items.push_back(std::move(d));
        f = {};
    }
    return all;
}

/// Inline suppressions drop what they cover and remember that they did.
Found suppress(Found found, SuppressionIndex& sup) {
    Found kept;
    kept.items.reserve(found.items.size());
    auto& folds = found.folds;
    for (std::size_t k = 0, f = 0; k < found.items.size(); ++k) {
        const bool folds_here = f < folds.size() && folds[f].first == k;
        if (sup.suppress(found.items[k])) {
            f += folds_here;
            continue;
        }
        if (folds_here) kept.folds.emplace_back(kept.items.size(), std::move(folds[f++].second));
        kept.items.push_back(std::move(found.items[k]));
    }
    return kept;
}

/// Fixes edit keepalived syntax: none is offered for a havip.toml (its spans
/// point at TOML text, which the keepalived-shaped edits do not fit).
void drop_toml_fixes(std::vector<diag::Diagnostic>& ds, const source::SourceMap& sm) {
    for (auto& d : ds)
        if (d.fix)
            for (const auto& e : d.fix->edits)
                if (!e.span.valid() || e.span.file >= sm.size() || sm.file(e.span.file).path.ends_with(".toml")) {
                    d.fix.reset();
                    break;
                }
}

/// The HV9xx checks of the suppressions themselves, once the others ran.
void run_suppression_rules(Context& cx, const SuppressionIndex& sup, const Policy& policy,
                           std::vector<diag::Diagnostic>& kept) {
    cx.suppression_used = &sup.used();  // the fleet's nodes come first in it
    cx.policy = &policy;
    Emitter post(kept);
    for (const auto* r : registry()) {
        const auto& m = r->meta();
        if (m.scope != Scope::Suppression) continue;
        post.begin(m);
        r->check(cx, post);
    }
}

/// The policy's level per code (or slug); looked up once per code, not once per finding.
class Levels {
  public:
    explicit Levels(const Policy& p) : policy_(p) {}
    std::optional<diag::Severity> operator()(const std::string& code) {
        if (policy_.severity.empty()) return std::nullopt;
        auto [it, fresh] = level_of_.try_emplace(code);
        if (fresh) {
            auto p = policy_.severity.find(code);
            if (p == policy_.severity.end())
                if (const auto* r = find_rule(code)) p = policy_.severity.find(r->meta().slug);
            if (p != policy_.severity.end()) it->second = p->second;
        }
        return it->second;
    }

  private:
    const Policy& policy_;
    std::unordered_map<std::string_view, std::optional<diag::Severity>> level_of_;
};

/// A finding's place in the output, through a small index so the findings
/// themselves are moved once.
struct Item {
    source::FileId file;
    std::uint32_t begin, end, index;
    bool duplicate;
};

/// The findings the policy keeps (at its level; off drops them), sorted by
/// file and position, then code.
std::vector<Item> apply_policy(std::vector<diag::Diagnostic>& kept, const Policy& policy) {
    Levels level(policy);
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
    std::stable_sort(order.begin(), order.end(), [&](const Item& a, const Item& b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.begin != b.begin) return a.begin < b.begin;
        return kept[a.index].code < kept[b.index].code;
    });
    return order;
}

/// The nodes of one havip.toml share statements (global settings, scripts):
/// a finding about such a statement is reported once, not once per node.
/// Equal findings share file, position and code, so they are neighbours here.
void mark_duplicates(std::vector<Item>& order, const std::vector<diag::Diagnostic>& kept) {
    auto same_place = [&](const Item& a, const Item& b) {
        return a.file == b.file && a.begin == b.begin && kept[a.index].code == kept[b.index].code;
    };
    for (std::size_t i = 0, first = 0; i < order.size(); ++i) {
        if (!same_place(order[first], order[i])) first = i;
        const auto& d = kept[order[i].index];
        for (std::size_t j = first; j < i && !order[i].duplicate; ++j)
            order[i].duplicate =
                !order[j].duplicate && order[j].end == order[i].end && kept[order[j].index].message == d.message;
    }
}

}  // namespace

void run(const model::Fleet& fleet, const source::SourceMap& sm, const Options& opt, const Policy& policy,
         diag::DiagSink& out) {
    // Rules see fleet.nodes: a node described twice is HV120's finding alone
    // (the driver set the later descriptions aside as fleet.twins).
    const Topology topo = build_topology(fleet, opt.inventory, opt.subnets, opt.jobs);
    Context cx(fleet, sm, opt, topo);
    Found found = run_rules(cx, first_pass_rules(fleet, opt, policy));

    SuppressionIndex sup(fleet);
    Found kept = suppress(std::move(found), sup);
    // Many instances of one node sharing one problem: one finding with a list.
    fold(kept.items, kept.folds);
    drop_toml_fixes(kept.items, sm);
    run_suppression_rules(cx, sup, policy, kept.items);

    std::vector<Item> order = apply_policy(kept.items, policy);
    mark_duplicates(order, kept.items);
    for (const auto& it : order)
        if (!it.duplicate) out.report(std::move(kept.items[it.index]));
}

}  // namespace havip::lint
