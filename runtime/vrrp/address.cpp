// SPDX-License-Identifier: MIT
#include "vrrp/address.hpp"

#include <cstdio>

namespace havip::vrrp {

bool IpAddress::is_unspecified() const {
    for (std::size_t i = 0; i < size(); ++i)
        if (bytes[i] != 0) return false;
    return true;
}

namespace {

std::optional<std::array<std::uint8_t, 4>> parse_v4(std::string_view s) {
    std::array<std::uint8_t, 4> out{};
    std::size_t part = 0, i = 0;
    while (part < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
        unsigned v = 0;
        std::size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + unsigned(s[i] - '0');
            if (++digits > 3 || v > 255) return std::nullopt;
            ++i;
        }
        out[part++] = std::uint8_t(v);
        if (part < 4) {
            if (i >= s.size() || s[i] != '.') return std::nullopt;
            ++i;
        }
    }
    if (i != s.size()) return std::nullopt;
    return out;
}

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view s) {
    // Groups before and after a `::`, filled in from both ends.
    std::array<std::uint16_t, 8> head{}, tail{};
    std::size_t nh = 0, nt = 0;
    bool gap = false;
    std::size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        i = 2;
    } else if (!s.empty() && s[0] == ':') {
        return std::nullopt;
    }
    auto push = [&](std::uint16_t g) -> bool {
        if (nh + nt >= 8) return false;
        if (gap) tail[nt++] = g; else head[nh++] = g;
        return true;
    };
    while (i < s.size()) {
        // An embedded IPv4 tail takes two groups and ends the address.
        std::size_t j = i;
        while (j < s.size() && s[j] != ':') ++j;
        std::string_view tok = s.substr(i, j - i);
        if (tok.find('.') != std::string_view::npos) {
            if (j != s.size()) return std::nullopt;
            auto v4 = parse_v4(tok);
            if (!v4) return std::nullopt;
            if (!push(std::uint16_t((*v4)[0] << 8 | (*v4)[1]))) return std::nullopt;
            if (!push(std::uint16_t((*v4)[2] << 8 | (*v4)[3]))) return std::nullopt;
            i = j;
            break;
        }
        if (tok.empty() || tok.size() > 4) return std::nullopt;
        unsigned g = 0;
        for (char c : tok) {
            int h = hexval(c);
            if (h < 0) return std::nullopt;
            g = g << 4 | unsigned(h);
        }
        if (!push(std::uint16_t(g))) return std::nullopt;
        i = j;
        if (i == s.size()) break;
        // At a ':': either a separator or the start of `::`.
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap) return std::nullopt;
            gap = true;
            ++i;
        } else if (i == s.size()) {
            return std::nullopt;  // trailing single ':'
        }
    }
    if (gap ? nh + nt > 7 : nh != 8) return std::nullopt;
    std::array<std::uint16_t, 8> g{};
    for (std::size_t k = 0; k < nh; ++k) g[k] = head[k];
    for (std::size_t k = 0; k < nt; ++k) g[8 - nt + k] = tail[k];
    std::array<std::uint8_t, 16> out{};
    for (std::size_t k = 0; k < 8; ++k) {
        out[2 * k] = std::uint8_t(g[k] >> 8);
        out[2 * k + 1] = std::uint8_t(g[k] & 0xff);
    }
    return out;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    IpAddress a;
    if (text.find(':') != std::string_view::npos) {
        auto b = parse_v6(text);
        if (!b) return std::nullopt;
        a.family = Family::V6;
        a.bytes = *b;
        return a;
    }
    auto b = parse_v4(text);
    if (!b) return std::nullopt;
    a.family = Family::V4;
    for (int k = 0; k < 4; ++k) a.bytes[k] = (*b)[k];
    return a;
}

std::string IpAddress::str() const {
    char buf[48];
    if (family == Family::V4) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
        return buf;
    }
    std::array<unsigned, 8> g{};
    for (int k = 0; k < 8; ++k) g[k] = unsigned(bytes[2 * k]) << 8 | bytes[2 * k + 1];
    // RFC 5952: the longest run (≥ 2) of zero groups becomes `::`, the first on ties.
    int best = -1, best_len = 0;
    for (int k = 0; k < 8;) {
        if (g[k] != 0) { ++k; continue; }
        int e = k;
        while (e < 8 && g[e] == 0) ++e;
        if (e - k > best_len && e - k >= 2) { best = k; best_len = e - k; }
        k = e;
    }
    std::string out;
    for (int k = 0; k < 8; ++k) {
        if (k == best) {
            out += "::";
            k += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buf, sizeof buf, "%x", g[k]);
        out += buf;
    }
    return out;
}

}  // namespace havip::vrrp
