// SPDX-License-Identifier: MIT
#pragma once
/// Folding: many instances (or clusters) of one node that share one problem are
/// reported as one finding with the count and a list of names, not once each.
/// Rules mark a finding foldable; the runner folds after inline suppressions,
/// so a suppression still silences one instance only.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "diag/diagnostic.hpp"

namespace havip::lint {

struct Fold {
    std::string key;   ///< findings of one code with equal keys fold together
    std::string item;  ///< the name this finding adds to the list
    /// The message when two or more fold: "{n}" is the count, "{items}" the list.
    std::string many;
};

/// Names in the folded list; the rest are counted ("and 12 more").
inline constexpr std::size_t kFoldListed = 8;
/// Secondary labels pointing at the folded findings after the first.
inline constexpr std::size_t kFoldLabels = 3;

/// Folds `found` in place: findings with a Fold (pairs of index into `found` and
/// fold, in index order) that share code and key become the first of them, with
/// the `many` message, its own labels and secondary labels on a few others; the
/// edits of the others' fixes join the first one's fix when the fixes say the
/// same. A group of one is left as it is. The order of what remains is kept.
void fold(std::vector<diag::Diagnostic>& found, std::vector<std::pair<std::size_t, Fold>>& folds);

/// "`a`, `b`, `c` and 5 more" (names in backticks, at most `listed` of them).
std::string fold_list(const std::vector<const std::string*>& names, std::size_t listed = kFoldListed);

}  // namespace havip::lint
