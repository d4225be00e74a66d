// SPDX-License-Identifier: MIT
#pragma once
/// VRRP advertisement codec: VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798), IPv4 and
/// IPv6. It works on the VRRP message only (the IP payload); the IP header is
/// the socket's business, and the IP-level facts validation needs (source,
/// destination, TTL, multicast or not) come in as RxMeta. Nothing here
/// allocates, throws or makes a system call.
///
/// Wire layout (network byte order):
///   v2: ver|type, vrid, priority, count, auth type, adver int (s), checksum,
///       count × IPv4, 8 bytes auth data          — checksum over the message
///   v3: ver|type, vrid, priority, count, rsvd(4)|max adver int (12 bits, cs),
///       checksum, count × address                — checksum with pseudo-header
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "vrrp/config.hpp"

namespace havip::vrrp {

inline constexpr std::uint8_t kIpProtoVrrp = 112;
inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kAuthSize = 8;
/// Largest VRRP message: v3 IPv6 with 255 addresses.
inline constexpr std::size_t kMaxMessageSize = kHeaderSize + std::size_t{255} * 16 + kAuthSize;

/// Why a received message was dropped; every value is counted by the daemon.
/// Values are stable (append only): they index counters and appear in logs.
enum class DropReason : std::uint8_t {
    None = 0,           ///< accepted
    TooShort,           ///< shorter than the 8-byte header
    BadVersion,         ///< version field not 2 or 3
    VersionMismatch,    ///< a valid version, not the configured one
    BadType,            ///< type not 1 (ADVERTISEMENT)
    VridMismatch,       ///< VRID not the instance's
    FamilyMismatch,     ///< source address family differs from the instance's
    OwnAdvert,          ///< sent by ourselves (multicast loopback)
    BadTtl,             ///< received as multicast with TTL/hop limit ≠ 255
    NotAPeer,           ///< unicast advert whose source is not a configured peer
    Truncated,          ///< shorter than its address count (and auth data) require
    BadChecksum,        ///< neither accepted checksum form matches
    AddrCountMismatch,  ///< address count differs from the configured VIPs
    AddrListMismatch,   ///< a configured VIP is missing from the advert
    IntervalMismatch,   ///< v2 advert interval differs from ours
    ZeroInterval,       ///< v3 max advert interval 0 (would make the timers spin)
    AuthAh,             ///< v2 IPsec AH authentication (type 2): unsupported
    AuthTypeMismatch,   ///< v2 auth type differs from ours
    AuthPassMismatch,   ///< v2 PASS data differs from ours
    Count_              ///< number of reasons (not a reason)
};
inline constexpr std::size_t kDropReasonCount = std::size_t(DropReason::Count_);

/// Stable snake_case name of a drop reason ("bad_checksum"…), for counters and logs.
std::string_view drop_reason_name(DropReason r);

/// IP-level facts about a received message, from the socket.
struct RxMeta {
    IpAddress src;           ///< IP source address
    IpAddress dst;           ///< IP destination address (pseudo-header)
    std::uint8_t ttl = 255;  ///< TTL / hop limit
    bool multicast = false;  ///< received on the multicast group
};

/// A parsed advertisement; `addresses` points into the caller's buffer.
struct Advert {
    std::uint8_t version = 0;
    std::uint8_t type = 0;
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    std::uint8_t count = 0;
    AuthType auth_type = AuthType::None;  ///< v2 only
    std::uint16_t wire_interval = 0;      ///< seconds (v2) or centiseconds (v3)
    std::uint16_t checksum = 0;
    std::span<const std::byte> addresses;  ///< count × 4 or 16 bytes
    std::span<const std::byte> auth_data;  ///< v2: 8 bytes; v3: empty
    std::size_t length = 0;                ///< the message length the header implies

    /// The advertised interval in µs.
    usec interval() const { return usec(wire_interval) * (version == 2 ? 1'000'000 : 10'000); }
};

/// Result of decode/validate: reason None means `advert` is usable.
struct RxResult {
    DropReason reason = DropReason::None;
    Advert advert;
    /// Accepted because it matches the previous VIP list or interval of a
    /// rollout (InstanceConfig::previous_vips / previous_interval), not the current ones.
    bool previous = false;
    bool ok() const { return reason == DropReason::None; }
};

/// Internet checksum (RFC 1071) over `data`, continuing from a partial sum.
std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::byte> data);
/// Folds a partial sum into the final one's-complement 16-bit checksum.
std::uint16_t checksum_fold(std::uint32_t sum);
/// The partial sum of the IPv4 or IPv6 pseudo-header for a VRRP message of `len` bytes.
std::uint32_t pseudo_header_sum(const IpAddress& src, const IpAddress& dst, std::size_t len);

/// Header-only parse: version, type, lengths. Needs no configuration, so the
/// daemon can dispatch by (family, VRID) before validating. Checks TooShort,
/// BadVersion, BadType, Truncated (for the given family).
RxResult parse(std::span<const std::byte> msg, Family family);

/// Full validation of a message against an instance, keepalived's and the RFCs'
/// checks in a fixed order (first failing check wins):
/// too_short, bad_version, bad_type, truncated, version_mismatch,
/// vrid_mismatch, family_mismatch, own_advert, bad_ttl, not_a_peer,
/// bad_checksum, auth_ah, auth_type_mismatch, auth_pass_mismatch,
/// interval_mismatch, zero_interval, addr_count_mismatch, addr_list_mismatch.
RxResult validate(std::span<const std::byte> msg, const RxMeta& meta, const InstanceConfig& cfg);

/// Fields of an advertisement to send.
struct TxParams {
    std::uint8_t priority = 0;        ///< effective priority, or 0 on resignation
    std::uint16_t wire_interval = 0;  ///< normally cfg.wire_interval()
};

/// Encodes an advertisement for `cfg` into `out` and returns its length, or 0
/// when `out` is too small (see encoded_size). `dst` is the IP destination
/// (a unicast peer or the group): VRRPv3 checksums it in the pseudo-header.
std::size_t encode(const InstanceConfig& cfg, const TxParams& tx, const IpAddress& dst, std::span<std::byte> out);
/// The length encode() produces for `cfg`.
std::size_t encoded_size(const InstanceConfig& cfg);

}  // namespace havip::vrrp
