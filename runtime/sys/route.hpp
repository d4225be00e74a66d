// SPDX-License-Identifier: MIT
#pragma once
/// Routes and policy rules as havipd installs them (keepalived's
/// virtual_routes and virtual_rules): plain values, no libnl. The real host
/// applies them with libnl (sys/netlink_route.hpp), the fake host keeps a table.
#include <cstdint>
#include <string>

#include "sys/addr.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// The protocol of every route and rule havipd installs: RTPROT_KEEPALIVED,
/// as keepalived's own, so `ip route show proto keepalived` lists them and a
/// delete never matches a route another program added.
inline constexpr std::uint8_t kRouteProtocol = 18;
inline constexpr std::uint32_t kTableMain = 254;

/// One route or rule to add or remove.
struct RouteChange {
    bool add = true;
    bool rule = false;  ///< a policy rule (else a route)
    int family = 4;     ///< 4 or 6
    IpAddr dst;         ///< route destination; rule `to` (unset: all)
    int dst_len = 0;
    IpAddr src;  ///< route preferred source; rule `from` (unset: all)
    int src_len = 0;
    IpAddr via;                      ///< route gateway (unset: none)
    int oif = 0;                     ///< route output interface (0: none)
    std::string iif_name, oif_name;  ///< rule iif / oif ("" = any)
    std::uint32_t table = kTableMain;
    std::uint32_t priority = 0;  ///< route metric, rule preference
    std::uint8_t scope = 0;      ///< route RT_SCOPE_*
    std::uint8_t type = 0;       ///< route RTN_* (0: unicast)
    bool onlink = false;
    bool has_fwmark = false;
    std::uint32_t fwmark = 0, fwmask = 0;

    /// The same route or rule (every field but `add`).
    bool same(const RouteChange& o) const;
    /// `ip route` / `ip rule` words for logs ("10.1.0.0/16 via 10.0.0.1 table 100").
    std::string str() const;
};

/// The outcome of a change from its errno: a route or rule already present
/// (add) or already gone (delete) is success, as for VIPs.
Status route_change_status(const RouteChange& c, int error);

}  // namespace havip::sys
