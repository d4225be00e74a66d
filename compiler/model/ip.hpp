// SPDX-License-Identifier: MIT
#pragma once
/// IPv4/IPv6 addresses and prefixes for the compiler side (the runtime has its own).
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace havip::model {

struct IpAddr {
    std::uint8_t family = 0;  ///< 0 unset, 4 or 6
    std::array<std::uint8_t, 16> bytes{};  ///< network order; v4 uses the first 4

    bool is_v4() const { return family == 4; }
    bool is_v6() const { return family == 6; }
    bool valid() const { return family != 0; }
    std::string str() const;
    static std::optional<IpAddr> parse(std::string_view text);
    friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
};

struct Cidr {
    IpAddr addr;
    int prefix = -1;  ///< -1: none written

    /// "10.0.0.0/24" or a bare address (prefix -1).
    static std::optional<Cidr> parse(std::string_view text);
    bool contains(const IpAddr& a) const;  ///< false when families differ or prefix is -1
    std::string str() const;
    friend auto operator<=>(const Cidr&, const Cidr&) = default;
};

}  // namespace havip::model
