// SPDX-License-Identifier: MIT
#include "model/ip.hpp"

#include <charconv>

namespace havip::model {

std::optional<Cidr> Cidr::parse(std::string_view text) {
    Cidr c;
    auto slash = text.find('/');
    auto addr = IpAddr::parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    c.addr = *addr;
    if (slash != std::string_view::npos) {
        auto p = text.substr(slash + 1);
        int v = -1;
        auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
        int max = c.addr.is_v4() ? 32 : 128;
        if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || v < 0 || v > max) return std::nullopt;
        c.prefix = v;
    }
    return c;
}

bool Cidr::contains(const IpAddr& a) const {
    if (prefix < 0 || a.family != addr.family) return false;
    int full = prefix / 8, rest = prefix % 8;
    for (int i = 0; i < full; ++i)
        if (a.bytes[i] != addr.bytes[i]) return false;
    if (rest) {
        std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        if ((a.bytes[full] & mask) != (addr.bytes[full] & mask)) return false;
    }
    return true;
}

std::string Cidr::str() const { return prefix < 0 ? addr.str() : addr.str() + "/" + std::to_string(prefix); }

}  // namespace havip::model
