// SPDX-License-Identifier: MIT
// Lowering, part 3: the value readers (exact decimal seconds, integers,
// keepalived's booleans) and the script-string splitter.
#include <cctype>

#include "model/lower_internal.hpp"

namespace havip::model::detail {

std::optional<std::uint64_t> seconds_to_us(std::string_view t, std::uint64_t max_us) {
    if (t.size() > 1 && t[0] == '+') t.remove_prefix(1);  // strtod's sign, as keepalived reads it
    if (t.empty() || t.size() > 24) return std::nullopt;
    std::uint64_t whole = 0, frac = 0;
    std::size_t i = 0, digits = 0;
    for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i, ++digits) {
        whole = whole * 10 + static_cast<std::uint64_t>(t[i] - '0');
        if (whole > 1000000000000ull) return std::nullopt;
    }
    if (i < t.size() && t[i] == '.') {
        ++i;
        int places = 0;
        for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i, ++digits) {
            // Beyond a microsecond the digits must be zero: nothing is rounded silently.
            if (places < 6)
                frac = frac * 10 + static_cast<std::uint64_t>(t[i] - '0');
            else if (t[i] != '0')
                return std::nullopt;
            ++places;
        }
        for (; places < 6; ++places) frac *= 10;
    }
    if (i != t.size() || digits == 0) return std::nullopt;
    std::uint64_t us = whole * 1000000 + frac;
    if (us > max_us) return std::nullopt;
    return us;
}

std::optional<long long> to_int(std::string_view t) {
    if (t.empty() || t.size() > 18) return std::nullopt;
    bool neg = false;
    std::size_t i = 0;
    if (t[0] == '-' || t[0] == '+') {
        neg = t[0] == '-';
        i = 1;
    }
    if (i == t.size()) return std::nullopt;
    long long v = 0;
    for (; i < t.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
        v = v * 10 + (t[i] - '0');
    }
    return neg ? -v : v;
}

std::optional<bool> to_bool(std::string_view t) {
    if (t == "on" || t == "true" || t == "yes") return true;
    if (t == "off" || t == "false" || t == "no") return false;
    return std::nullopt;
}

std::vector<std::string> split_command(std::string_view t) {
    std::vector<std::string> out;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < t.size())
                cur += t[++i];
            else
                cur += c;
            continue;
        }
        if (c == ' ' || c == '\t') {
            if (in_word) out.push_back(std::move(cur)), cur.clear(), in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '\\' && i + 1 < t.size())
            cur += t[++i];
        else
            cur += c;
    }
    if (in_word) out.push_back(std::move(cur));
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::optional<IpAddr> plain_address(std::string_view text) {
    auto cut = text.find('/');
    if (cut == std::string_view::npos) {
        // `-range` only after an IPv4 address or an IPv6 one (hex digits, no '-' inside).
        cut = text.rfind('-');
        if (cut == std::string_view::npos) return std::nullopt;
    }
    auto rest = text.substr(cut + 1);
    if (rest.empty() || rest.size() > 4) return std::nullopt;
    for (char c : rest)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    return IpAddr::parse(text.substr(0, cut));
}

}  // namespace havip::model::detail
