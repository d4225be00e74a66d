// SPDX-License-Identifier: MIT
#pragma once
/// Inline suppressions (`# havip-lint: disable=HV203 -- reason`): a finding whose
/// primary span lies inside the scope of a suppression naming its code (or
/// slug) is dropped, and the suppression is marked used (HV901 reports the rest).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace havip::lint {

class SuppressionIndex {
  public:
    explicit SuppressionIndex(const model::Fleet& fleet);
    /// True (and marks the suppression used) when a suppression covers `d`.
    bool suppress(const diag::Diagnostic& d);
    /// Per node (fleet.nodes, then fleet.twins), per suppression: 1 when it silenced something.
    const std::vector<std::vector<std::uint8_t>>& used() const { return used_; }

  private:
    struct Entry {
        std::uint32_t node, index;
        source::Span scope;
    };
    const model::Node& node(std::uint32_t n) const {
        return n < fleet_.nodes.size() ? fleet_.nodes[n] : fleet_.twins[n - fleet_.nodes.size()];
    }

    const model::Fleet& fleet_;
    std::unordered_map<source::FileId, std::vector<Entry>> by_file_;
    std::vector<std::vector<std::uint8_t>> used_;
};

/// A suppression's code as written, normalised: upper-case code or a slug.
bool names_code(std::string_view written, std::string_view code, std::string_view slug);

}  // namespace havip::lint
