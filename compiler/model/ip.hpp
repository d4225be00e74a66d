// SPDX-License-Identifier: MIT
#pragma once
/// IPv4/IPv6 prefixes for the compiler side; the address is the base layer's.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "base/ip.hpp"

namespace havip::model {

using IpAddr = base::IpAddr;

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
