// SPDX-License-Identifier: MIT
#pragma once
/// Files compiled into a binary by cmake/Embed.cmake (catalogue, --explain pages).
#include <span>
#include <string_view>

namespace havip {
struct EmbeddedFile {
    std::string_view name;  ///< file name without directory
    std::string_view text;  ///< contents
};
}  // namespace havip
