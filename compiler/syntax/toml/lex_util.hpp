// SPDX-License-Identifier: MIT
#pragma once
/// Internal to syntax/toml: the small text tests the TOML files' readers share.
#include <algorithm>
#include <cctype>
#include <string_view>

namespace havip::syntax::toml::detail {

/// True for one or more ASCII digits.
inline bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// `s` without leading blanks and trailing blanks or carriage return.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace havip::syntax::toml::detail
