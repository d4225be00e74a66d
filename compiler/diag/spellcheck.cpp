// SPDX-License-Identifier: MIT
#include "diag/spellcheck.hpp"

#include <algorithm>
#include <vector>

namespace havip::diag {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (prefix.size() > s.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i])) return false;
    return true;
}

/// The `_`-separated parts of a word, lowercased and sorted.
std::vector<std::string> parts(std::string_view w) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : w) {
        if (c == '_') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += lower(c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Three rows of the dynamic programme: two back for the swap case.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

std::string closest(std::string_view word, std::span<const std::string_view> candidates) {
    if (word.empty()) return {};
    const auto word_parts = parts(word);
    std::string_view best;
    std::size_t best_score = static_cast<std::size_t>(-1);
    for (auto c : candidates) {
        if (c.empty()) continue;
        const std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), c.size()) / 3);
        std::size_t d = edit_distance(word, c, limit);
        // Score 0 for a case-only difference or reordered parts; otherwise the
        // distance, 1 for a word of four or more letters that begins the candidate.
        std::size_t score;
        if (d == 0)
            score = 0;
        else if ((word_parts.size() > 1 && parts(c) == word_parts) || (word.size() >= 4 && starts_with_nocase(c, word)))
            score = 1;
        else if (d <= limit)
            score = d;
        else
            continue;
        if (score < best_score) {
            best_score = score;
            best = c;
        }
    }
    return std::string(best);
}

std::string closest(std::string_view word, std::initializer_list<std::string_view> candidates) {
    return closest(word, std::span<const std::string_view>(candidates.begin(), candidates.size()));
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::vector<std::string_view> views(candidates.begin(), candidates.end());
    return closest(word, std::span<const std::string_view>(views));
}

}  // namespace havip::diag
