// SPDX-License-Identifier: MIT
#pragma once
/// "Did you mean" support for unknown keywords, options and names.
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace havip::diag {

/// Optimal-string-alignment distance between `a` and `b` (insertions,
/// deletions, substitutions and swaps of two neighbours cost 1), comparing
/// ASCII letters case-insensitively. Returns `limit + 1` as soon as the
/// distance is known to exceed `limit`, so long candidates cost little.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// The candidate closest to `word`, or "" when none is close enough. Close
/// enough: an edit distance of at most max(1, size/3) of the longer word (a typo,
/// not a different word), the same `_`-separated parts in another order
/// (`router_virtual_id` for `virtual_router_id`), or a word of four or more
/// letters that begins the candidate (`prio` for `priority`). Ties go to a case-insensitive
/// exact match, then to the smallest distance, then to the earliest candidate,
/// so the answer is deterministic.
std::string closest(std::string_view word, std::span<const std::string_view> candidates);
std::string closest(std::string_view word, std::initializer_list<std::string_view> candidates);
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace havip::diag
