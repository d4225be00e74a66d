// SPDX-License-Identifier: MIT
#pragma once
/// A TOML value as written plus where, for the side-file readers' plain structs.
#include <string>

#include "source/source_map.hpp"

namespace havip::syntax::toml {

/// A value as written (strings verbatim, numbers as decimal text) and where.
struct Text {
    std::string text;
    source::Span span;
    bool empty() const { return text.empty(); }
};

}  // namespace havip::syntax::toml
