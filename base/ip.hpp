// SPDX-License-Identifier: MIT
#pragma once
/// The one IP address type of havip: IPv4 or IPv6 in network byte order, or
/// unset. The compiler's model, the plan format, the VRRP core and runtime/sys
/// all use it (under their old names: model::IpAddr, plan::Address,
/// vrrp::IpAddress, sys::IpAddr). std and libc only; nothing allocates but
/// str().
#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace havip::base {

struct IpAddr {
    /// The family; the values are the plan format's family byte, so comparing
    /// with 4 or 6 is meant to work.
    enum Family : std::uint8_t { None = 0, V4 = 4, V6 = 6 };

    Family family = None;
    /// Network order; IPv4 uses bytes[0..3] and keeps the rest zero, so
    /// equality and ordering are plain byte compares.
    std::array<std::uint8_t, 16> bytes{};

    static constexpr IpAddr v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
        IpAddr r;
        r.family = V4;
        r.bytes[0] = a;
        r.bytes[1] = b;
        r.bytes[2] = c;
        r.bytes[3] = d;
        return r;
    }
    /// From 4 bytes (family 4) or 16 bytes (family 6) in network order; any
    /// other family gives the unset address.
    static IpAddr from_bytes(const std::uint8_t* p, int family);
    /// The all-zero address of a family (0.0.0.0 or ::).
    static constexpr IpAddr unspecified(Family f) {
        IpAddr r;
        r.family = f;
        return r;
    }
    /// Dotted-quad IPv4 ("10.0.0.1", no leading zeros) or RFC 4291 IPv6 text
    /// ("fe80::1", "::ffff:10.0.0.1"), as inet_pton(3) reads them (and so
    /// keepalived); nullopt on anything else, a zone ("%eth0") included.
    static std::optional<IpAddr> parse(std::string_view text);

    constexpr bool is_v4() const { return family == V4; }
    constexpr bool is_v6() const { return family == V6; }
    constexpr bool valid() const { return family == V4 || family == V6; }
    /// 4, 16, or 0 when unset: the number of meaningful bytes.
    constexpr std::size_t size() const { return family == V4 ? 4 : family == V6 ? 16 : 0; }
    /// True for 0.0.0.0, :: and the unset address.
    bool is_unspecified() const;
    bool is_multicast() const;
    bool is_link_local() const;  ///< fe80::/10 (IPv6) or 169.254/16 (IPv4)

    /// Text into a caller buffer, NUL-terminated and cut to cap - 1 bytes;
    /// returns its length. Dotted quad, RFC 5952 IPv6 (lowercase, no leading
    /// zeros, the first longest run of two or more zero groups as "::", and
    /// an IPv4-mapped address as ::ffff:a.b.c.d), "-" when unset. 46 bytes
    /// always suffice.
    std::size_t format(char* out, std::size_t cap) const;
    std::string str() const;

    /// Family first, then bytes: for one family, the VRRP tie-break order
    /// ("the higher primary IP address wins").
    friend constexpr auto operator<=>(const IpAddr&, const IpAddr&) = default;
    /// As the defaulted one would, in two 8-byte words rather than a memcmp
    /// call: the simulator compares addresses on every advert of every node.
    friend constexpr bool operator==(const IpAddr& a, const IpAddr& b) {
        const auto x = std::bit_cast<std::array<std::uint64_t, 2>>(a.bytes);
        const auto y = std::bit_cast<std::array<std::uint64_t, 2>>(b.bytes);
        return a.family == b.family && x[0] == y[0] && x[1] == y[1];
    }
};

}  // namespace havip::base
