// SPDX-License-Identifier: MIT
#pragma once
/// Addresses as runtime/sys sees them: IPv4/IPv6 (base/ip.hpp) and Ethernet
/// MACs. Plain values, no allocation, convertible to socket structs.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ip.hpp"

struct sockaddr_storage;

namespace havip::sys {

/// An IPv4 or IPv6 address (family 4 or 6; 0 = unset): the base layer's.
using IpAddr = base::IpAddr;

/// Fills a sockaddr_in / sockaddr_in6 (port 0, scope id for link-local v6);
/// returns its length.
unsigned to_sockaddr(const IpAddr& a, sockaddr_storage& ss, int ifindex = 0);

/// The VRRP multicast groups: 224.0.0.18 and ff02::12.
IpAddr vrrp_group(int family);

/// A 6-byte Ethernet address.
struct MacAddr {
    std::array<std::uint8_t, 6> bytes{};

    /// "00:00:5e:00:01:33" (case-insensitive); nullopt otherwise.
    static std::optional<MacAddr> parse(std::string_view text);
    /// The VRRP virtual MAC: 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6).
    static MacAddr vrrp(std::uint8_t vrid, int family = 4);
    std::string str() const;
    friend auto operator<=>(const MacAddr&, const MacAddr&) = default;
};

}  // namespace havip::sys
