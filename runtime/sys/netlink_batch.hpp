// SPDX-License-Identifier: MIT
#pragma once
/// Address changes as one rtnetlink batch: RTM_NEWADDR / RTM_DELADDR requests
/// built back to back into one buffer (one sendmsg carries them all), and the
/// kernel's acks matched to them by sequence number afterwards. Plain bytes and
/// values (no libnl, no socket): Netlink::change_addresses sends what this builds.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sys/addr.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// One VIP to add or remove.
struct AddrChange {
    bool add = true;
    int ifindex = 0;
    IpAddr addr;
    int prefix = -1;         ///< < 0: /32 or /128 on add; on delete, any prefix (IPv4) or /128 (IPv6)
    std::string label;       ///< IPv4 label, adds only
    std::uint8_t scope = 0;  ///< RT_SCOPE_* of an IPv4 add (the kernel sets IPv6's itself)
};

/// Appends the request for `c` with sequence number `seq` to `buf`. An invalid
/// change (unset address, prefix too long, a label on IPv6 or over 15 bytes)
/// appends nothing and says why. Adds carry NLM_F_CREATE|NLM_F_EXCL (and
/// IFA_F_NODAD for IPv6: a VIP answers the moment it is added).
Status append_addr_request(std::vector<std::uint8_t>& buf, const AddrChange& c, std::uint32_t seq);

/// One answer of the kernel: the sequence number it acknowledges and its errno
/// (0: done).
struct NetlinkAck {
    std::uint32_t seq = 0;
    int error = 0;
};

/// Appends to `out` every NLMSG_ERROR (ack) message in `buf` (what one recv
/// returned); other message types are skipped. A truncated or malformed message
/// ends the parse with an error (the acks before it are kept).
Status parse_acks(std::span<const std::uint8_t> buf, std::vector<NetlinkAck>& out);

/// The outcome of a change from its ack's errno: an address already present
/// (add) or already gone (delete) is success.
Status addr_change_status(const AddrChange& c, int error);

}  // namespace havip::sys
