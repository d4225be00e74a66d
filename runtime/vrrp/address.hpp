// SPDX-License-Identifier: MIT
#pragma once
/// IP addresses as the VRRP core sees them: the base layer's one type.
#include "base/ip.hpp"

namespace havip::vrrp {

/// An IPv4 or IPv6 address in network byte order (base/ip.hpp). Ordering is
/// family first, then bytes: the VRRP tie-break order ("the higher primary
/// IP address wins") for addresses of one family.
using IpAddress = base::IpAddr;
/// Address family of a VRRP instance (RFC 5798 runs one instance per family):
/// Family::V4 or Family::V6.
using Family = base::IpAddr::Family;

/// 224.0.0.18, the IPv4 VRRP multicast group.
inline constexpr IpAddress kMulticastV4 = IpAddress::v4(224, 0, 0, 18);
/// ff02::12, the IPv6 VRRP multicast group.
inline constexpr IpAddress kMulticastV6 = [] {
    IpAddress a = IpAddress::unspecified(Family::V6);
    a.bytes[0] = 0xff;
    a.bytes[1] = 0x02;
    a.bytes[15] = 0x12;
    return a;
}();

}  // namespace havip::vrrp
