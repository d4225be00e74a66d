// SPDX-License-Identifier: MIT
#include "lint/fold.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

namespace havip::lint {

namespace {

void replace_all(std::string& s, std::string_view what, std::string_view with) {
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
}

}  // namespace

std::string fold_list(const std::vector<const std::string*>& names, std::size_t listed) {
    std::string out;
    const std::size_t shown = names.size() <= listed + 1 ? names.size() : listed;
    for (std::size_t i = 0; i < shown; ++i) {
        if (i) out += i + 1 == names.size() ? " and " : ", ";
        out += '`';
        out += *names[i];
        out += '`';
    }
    if (shown < names.size()) out += fmt::format(" and {} more", names.size() - shown);
    return out;
}

void fold(std::vector<diag::Diagnostic>& found, std::vector<std::pair<std::size_t, Fold>>& folds) {
    if (folds.size() < 2) return;
    // Groups in order of their first finding; each holds positions in `folds`.
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t k = 0; k < folds.size(); ++k) {
        const auto& d = found[folds[k].first];
        std::string key = d.code;
        key += '\0';
        key += folds[k].second.key;
        auto [it, fresh] = group_of.try_emplace(std::move(key), groups.size());
        if (fresh) groups.emplace_back();
        groups[it->second].push_back(k);
    }
    std::vector<bool> gone(found.size(), false);
    bool any = false;
    for (const auto& g : groups) {
        if (g.size() < 2) continue;
        any = true;
        auto& lead = found[folds[g.front()].first];
        std::vector<const std::string*> names;
        names.reserve(g.size());
        for (auto k : g) names.push_back(&folds[k].second.item);
        std::string msg = folds[g.front()].second.many;
        replace_all(msg, "{n}", std::to_string(g.size()));
        replace_all(msg, "{items}", fold_list(names));
        lead.message = std::move(msg);
        for (std::size_t j = 1; j < g.size(); ++j) {
            auto& other = found[folds[g[j]].first];
            // The same fix for each folded instance: one fix that edits them all
            // (edits of different instances never overlap).
            if (lead.fix && other.fix && other.fix->message == lead.fix->message &&
                other.fix->applicability == lead.fix->applicability && !lead.fix->edits.empty())
                for (auto& e : other.fix->edits) lead.fix->edits.push_back(std::move(e));
            if (j <= kFoldLabels)
                for (const auto& l : other.labels)
                    if (l.primary) {
                        lead.labels.push_back({l.span, l.message, false});
                        break;
                    }
            gone[folds[g[j]].first] = true;
        }
    }
    folds.clear();
    if (!any) return;
    std::size_t w = 0;
    for (std::size_t r = 0; r < found.size(); ++r)
        if (!gone[r]) {
            if (w != r) found[w] = std::move(found[r]);
            ++w;
        }
    found.resize(w);
}

}  // namespace havip::lint
