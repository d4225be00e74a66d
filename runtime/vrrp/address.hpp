// SPDX-License-Identifier: MIT
#pragma once
/// IP addresses as the VRRP core sees them: family plus network-order bytes.
/// The runtime keeps its own small type (the compiler's model has another) so
/// runtime/vrrp depends on nothing but std and the plan format.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace havip::vrrp {

/// Address family of a VRRP instance (RFC 5798 runs one instance per family).
enum class Family : std::uint8_t { V4 = 4, V6 = 6 };

/// An IPv4 or IPv6 address in network byte order; IPv4 uses bytes[0..3]
/// and keeps the rest zero, so comparisons and equality are plain byte compares.
struct IpAddress {
    Family family = Family::V4;
    std::array<std::uint8_t, 16> bytes{};

    /// 4 or 16: the number of meaningful bytes.
    constexpr std::size_t size() const { return family == Family::V4 ? 4 : 16; }
    /// True for the all-zero address of either family (used as "unset").
    bool is_unspecified() const;
    /// Parses dotted-quad IPv4 or RFC 4291 text IPv6 (with `::`, and an embedded
    /// IPv4 tail); nullopt on anything else. Allocation-free.
    static std::optional<IpAddress> parse(std::string_view text);
    /// Builds an IPv4 address from four octets.
    static constexpr IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
        IpAddress r;
        r.family = Family::V4;
        r.bytes[0] = a; r.bytes[1] = b; r.bytes[2] = c; r.bytes[3] = d;
        return r;
    }
    /// Canonical text (RFC 5952 for IPv6).
    std::string str() const;
    /// Family first, then bytes in network order: the VRRP tie-break order
    /// ("the higher primary IP address wins") for addresses of one family.
    friend constexpr auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

/// 224.0.0.18, the IPv4 VRRP multicast group.
inline constexpr IpAddress kMulticastV4 = IpAddress::v4(224, 0, 0, 18);
/// ff02::12, the IPv6 VRRP multicast group.
inline constexpr IpAddress kMulticastV6 = [] {
    IpAddress a;
    a.family = Family::V6;
    a.bytes[0] = 0xff; a.bytes[1] = 0x02; a.bytes[15] = 0x12;
    return a;
}();

}  // namespace havip::vrrp
