// SPDX-License-Identifier: MIT
#pragma once
/// Link-layer announcements built byte by byte: gratuitous ARP for IPv4 VIPs and
/// unsolicited neighbour advertisements for IPv6 VIPs, plus the Internet checksum.
/// Pure functions over caller buffers: no allocation, no syscalls.
#include <cstddef>
#include <cstdint>
#include <span>

#include "sys/addr.hpp"

namespace havip::sys {

/// Ethernet header + ARP, padded to the 60-byte Ethernet minimum.
inline constexpr std::size_t kGarpFrameSize = 60;
/// Ethernet + IPv6 (40) + ICMPv6 NA (24) + target link-layer option (8).
inline constexpr std::size_t kNaFrameSize = 86;

/// RFC 1071 ones' complement sum folded to 16 bits, starting from `sum`
/// (a partial sum, e.g. of a pseudo-header), not yet inverted.
std::uint32_t checksum_add(std::span<const std::uint8_t> data, std::uint32_t sum = 0);
/// The final Internet checksum: ~fold(sum of data), in host order.
std::uint16_t inet_checksum(std::span<const std::uint8_t> data, std::uint32_t sum = 0);
/// ICMPv6 checksum of `icmp` (its checksum field zero) with the IPv6 pseudo-header.
std::uint16_t icmpv6_checksum(const IpAddr& src, const IpAddr& dst, std::span<const std::uint8_t> icmp);

/// A gratuitous ARP request: broadcast, sender MAC = `mac`, sender IP = target
/// IP = `vip`, target MAC all ones. Returns kGarpFrameSize, or 0 if `out` is too
/// small or vip is not IPv4.
std::size_t build_garp(std::span<std::uint8_t> out, const MacAddr& mac, const IpAddr& vip);

/// An unsolicited neighbour advertisement (ICMPv6 136, Override set, Solicited and
/// Router clear) for `target` to ff02::1 (Ethernet 33:33:00:00:00:01), hop limit
/// 255, from IPv6 `src` (an address of the interface; the target itself if unset),
/// with the target link-layer address option = `mac`. Returns kNaFrameSize or 0.
std::size_t build_unsolicited_na(std::span<std::uint8_t> out, const MacAddr& mac, const IpAddr& target,
                                 const IpAddr& src = {});

}  // namespace havip::sys
