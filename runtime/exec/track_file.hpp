// SPDX-License-Identifier: MIT
#pragma once
/// keepalived's reading of a track_file (pure, unit-tested): the text of its
/// first 127 bytes as strtol(..., 0) reads it — leading blanks, a sign, 0x for
/// hex and a leading 0 for octal, stopping at the first other character, so
/// text that starts with no number reads as 0. An empty, missing or unreadable
/// file is 0 too; only a number outside the int range is refused (nullopt: the
/// last value stays, as keepalived ignores it).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace havip::exec {

inline constexpr std::size_t kTrackFileReadMax = 127;

std::optional<std::int32_t> track_file_value(std::string_view content);

}  // namespace havip::exec
