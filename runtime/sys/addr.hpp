// SPDX-License-Identifier: MIT
#pragma once
/// Addresses as runtime/sys sees them: IPv4/IPv6 in network byte order and
/// Ethernet MACs. Plain values, no allocation, convertible to socket structs.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr_storage;

namespace havip::sys {

/// An IPv4 or IPv6 address (family 4 or 6; 0 = unset).
struct IpAddr {
    std::uint8_t family = 0;
    std::array<std::uint8_t, 16> bytes{};  ///< network order; IPv4 uses the first 4

    static IpAddr v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
    /// From 4 bytes (family 4) or 16 bytes (family 6) in network order.
    static IpAddr from_bytes(const std::uint8_t* p, int family);
    /// "10.0.0.1" or "fe80::1"; nullopt on anything else.
    static std::optional<IpAddr> parse(std::string_view text);

    bool is_v4() const { return family == 4; }
    bool is_v6() const { return family == 6; }
    bool valid() const { return family != 0; }
    std::size_t size() const { return family == 4 ? 4 : family == 6 ? 16 : 0; }
    bool is_multicast() const;
    bool is_link_local() const;  ///< fe80::/10 (IPv6) or 169.254/16 (IPv4)
    /// Text form into a caller buffer (no allocation); returns its length.
    std::size_t format(char* out, std::size_t cap) const;
    std::string str() const;
    /// Fills a sockaddr_in / sockaddr_in6 (port 0, scope id for link-local v6).
    unsigned to_sockaddr(sockaddr_storage& ss, int ifindex = 0) const;

    friend auto operator<=>(const IpAddr&, const IpAddr&) = default;
};

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
