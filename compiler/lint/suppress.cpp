// SPDX-License-Identifier: MIT
#include "lint/suppress.hpp"

#include <cctype>

#include "lint/lint.hpp"

namespace havip::lint {

bool names_code(std::string_view written, std::string_view code, std::string_view slug) {
    if (written.size() == code.size()) {
        bool same = true;
        for (std::size_t i = 0; i < code.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(written[i])) == code[i];
        if (same) return true;
    }
    return !slug.empty() && written == slug;
}

SuppressionIndex::SuppressionIndex(const model::Fleet& fleet) : fleet_(fleet) {
    used_.resize(fleet.nodes.size() + fleet.twins.size());
    for (std::uint32_t n = 0; n < used_.size(); ++n) {
        const auto& sups = node(n).suppressions;
        used_[n].assign(sups.size(), 0);
        for (std::uint32_t k = 0; k < sups.size(); ++k)
            if (sups[k].scope.valid()) by_file_[sups[k].scope.file].push_back({n, k, sups[k].scope});
    }
}

bool SuppressionIndex::suppress(const diag::Diagnostic& d) {
    if (unsuppressible(d.code)) return false;
    auto span = d.primary_span();
    if (!span.valid()) return false;
    auto it = by_file_.find(span.file);
    if (it == by_file_.end()) return false;
    const auto* rule = find_rule(d.code);
    std::string_view slug = rule ? std::string_view(rule->meta().slug) : std::string_view();
    bool hit = false;
    for (const auto& e : it->second) {
        // Inside the scope: the finding starts within the covered statement or block.
        if (span.begin < e.scope.begin || span.begin >= std::max(e.scope.end, e.scope.begin + 1)) continue;
        for (const auto& c : node(e.node).suppressions[e.index].codes)
            if (names_code(c, d.code, slug)) {
                used_[e.node][e.index] = 1;
                hit = true;
                break;
            }
    }
    return hit;
}

}  // namespace havip::lint
