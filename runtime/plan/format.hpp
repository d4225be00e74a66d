// SPDX-License-Identifier: MIT
#pragma once
/// The plan format: THE contract between havip-compile (writer) and havipd
/// (reader). std-only, so both sides include it and nothing else.
///
/// A plan is one node's VRRP configuration, resolved and flattened: small,
/// versioned, checksummed, deterministic. man/havip-plan.5 describes it byte by
/// byte; this header is the executable form of that page.
///
/// Layout (all integers little-endian, read with memcpy, never by casting):
///
///     header      16 bytes, fixed (kHeaderSize)
///     table       one entry per section: id u8, flags u8, record_size u8,
///                 count varint, offset varint (varint = unsigned LEB128, canonical)
///     sections    back to back in table order: first at the end of the table,
///                 each next one at the end of the previous, the last one ending
///                 at total_size. Every byte of a plan belongs to exactly one place.
///
/// A section is an array of `count` fixed-size records of `record_size` bytes
/// (the data section: count bytes of record_size 1). Records are "extensible
/// structs" (the Linux openat2/clone3 rule): a record shorter than the reader's
/// layout reads the missing trailing fields as zero, so every field is encoded
/// with zero as its common value and the writer stores only the shortest prefix
/// that keeps every record's non-zero bytes; a record longer than the reader's
/// layout is accepted only when the extra bytes are zero in every record (a
/// non-zero unknown field is a feature this reader does not have).
///
/// References are u16 offsets into the data section (the string table), never
/// pointers. Offset 0 is "none": data[0] is always 0, so it also reads as "".
/// The data section holds three kinds of blob, the referencing field says which:
///   string   bytes up to a NUL (the NUL included; no NUL inside a string)
///   address  u8 family (4 or 6), then 4 or 16 address bytes, network order
///   list     u8 count, then count u16 references to strings (argv, user+group)
/// Equal blobs are stored once.
///
/// Versioning: kFormatVersion changes when a reader of the old version would
/// misread a new plan. A reader of version N refuses version N+1. Additive
/// changes keep the version: a new optional section (readers skip unknown
/// optional sections), or a new trailing record field whose zero value means
/// the old behaviour. Unknown required sections and unknown flag bits are refused.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace havip::plan {

// ---------------------------------------------------------------------------
// Little-endian field access: memcpy + explicit byte order, never a cast of
// unaligned data. `p` must have the bytes; callers check bounds first.

inline std::uint8_t get_u8(const std::byte* p) { return static_cast<std::uint8_t>(*p); }
inline std::uint16_t get_u16(const std::byte* p) {
    std::uint8_t b[2];
    std::memcpy(b, p, 2);
    return static_cast<std::uint16_t>(b[0] | (b[1] << 8));
}
inline std::uint32_t get_u32(const std::byte* p) {
    std::uint8_t b[4];
    std::memcpy(b, p, 4);
    return static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
           (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
}
inline std::uint64_t get_u64(const std::byte* p) {
    return static_cast<std::uint64_t>(get_u32(p)) | (static_cast<std::uint64_t>(get_u32(p + 4)) << 32);
}
inline std::int16_t get_i16(const std::byte* p) { return static_cast<std::int16_t>(get_u16(p)); }
inline std::int32_t get_i32(const std::byte* p) { return static_cast<std::int32_t>(get_u32(p)); }

inline void put_u8(std::byte* p, std::uint8_t v) { *p = static_cast<std::byte>(v); }
inline void put_u16(std::byte* p, std::uint16_t v) {
    p[0] = static_cast<std::byte>(v & 0xff);
    p[1] = static_cast<std::byte>(v >> 8);
}
inline void put_u32(std::byte* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}
inline void put_u64(std::byte* p, std::uint64_t v) {
    put_u32(p, static_cast<std::uint32_t>(v));
    put_u32(p + 4, static_cast<std::uint32_t>(v >> 32));
}
inline void put_i16(std::byte* p, std::int16_t v) { put_u16(p, static_cast<std::uint16_t>(v)); }
inline void put_i32(std::byte* p, std::int32_t v) { put_u32(p, static_cast<std::uint32_t>(v)); }

/// Canonical unsigned LEB128 of at most 5 bytes (a u32). Returns the bytes used,
/// 0 when the input ends early, is longer than 5 bytes, overflows a u32 or is
/// not the shortest encoding (a trailing 0x00 group).
inline std::size_t get_varint(std::span<const std::byte> in, std::uint32_t& out) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < in.size() && i < 5; ++i) {
        const auto b = static_cast<std::uint8_t>(in[i]);
        v |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            if (v > 0xffffffffu || (i > 0 && b == 0)) return 0;
            out = static_cast<std::uint32_t>(v);
            return i + 1;
        }
    }
    return 0;
}
/// Writes the canonical LEB128 of v into out (room for 5 bytes); returns the length.
inline std::size_t put_varint(std::byte* out, std::uint32_t v) {
    std::size_t n = 0;
    do {
        auto b = static_cast<std::uint8_t>(v & 0x7f);
        v >>= 7;
        if (v) b |= 0x80;
        out[n++] = static_cast<std::byte>(b);
    } while (v);
    return n;
}

// ---------------------------------------------------------------------------
// Checksums and digests.

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final xor
/// 0xFFFFFFFF), slicing-by-8. crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(std::span<const std::byte> data);
/// Continues a CRC-32C: crc32c(a ++ b) == crc32c_extend(crc32c(a), b).
std::uint32_t crc32c_extend(std::uint32_t crc, std::span<const std::byte> data);

/// The plan checksum: CRC-32C over every byte of the plan except the checksum
/// field itself (bytes [0, 12) then [16, total_size)).
std::uint32_t plan_checksum(std::span<const std::byte> plan);

/// FNV-1a 64 for the node's source digest (audit only; the runtime never
/// recomputes it). havip-compile hashes the node's configuration in canonical
/// keepalived.conf form, so both surface syntaxes give the same digest. Each
/// text is hashed as its length (u64 LE) then its bytes, in the order given,
/// so ("ab","c") and ("a","bc") differ.
class SourceDigest {
  public:
    void add(std::string_view text) {
        std::byte len[8];
        put_u64(len, text.size());
        for (std::byte b : len) mix(static_cast<std::uint8_t>(b));
        for (char c : text) mix(static_cast<std::uint8_t>(c));
    }
    std::uint64_t value() const { return h_; }

  private:
    void mix(std::uint8_t b) { h_ = (h_ ^ b) * 0x100000001b3ull; }
    std::uint64_t h_ = 0xcbf29ce484222325ull;
};

// ---------------------------------------------------------------------------
// Header.

inline constexpr std::array<std::byte, 4> kMagic = {std::byte{'H'}, std::byte{'V'}, std::byte{'P'}, std::byte{'L'}};
/// The format version this code reads and writes.
inline constexpr std::uint8_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 16;
/// A plan larger than this is refused without reading it (one node's plan is
/// hundreds of bytes; the cap keeps a hostile file from costing memory).
inline constexpr std::size_t kMaxPlanSize = 16u << 20;
/// Counts and references are 16-bit: at most this many records per section and
/// this many bytes of data.
inline constexpr std::uint32_t kMaxCount = 0xffff;

namespace header {
inline constexpr std::size_t magic = 0;          ///< 4 bytes "HVPL"
inline constexpr std::size_t version = 4;        ///< u8, kFormatVersion
inline constexpr std::size_t flags = 5;          ///< u8, no bit defined in version 1: must be 0
inline constexpr std::size_t section_count = 6;  ///< u8, entries in the section table
inline constexpr std::size_t reserved = 7;       ///< u8, must be 0
inline constexpr std::size_t total_size = 8;     ///< u32, the whole plan in bytes
inline constexpr std::size_t checksum = 12;      ///< u32, plan_checksum()
}  // namespace header

// ---------------------------------------------------------------------------
// Sections.

enum class SectionId : std::uint8_t {
    Node = 1,       ///< exactly one record: the node and its global settings
    Instance = 2,   ///< VRRP instances, sorted by name
    Vip = 3,        ///< virtual addresses, grouped by instance (instance.vip_end)
    Peer = 4,       ///< unicast peers, grouped by instance (instance.peer_end)
    Track = 5,      ///< tracked interfaces and scripts, grouped by instance
    Script = 6,     ///< vrrp_script definitions, sorted by name
    Command = 7,    ///< notify commands, grouped by instance, kinds ascending
    Data = 8,       ///< the string table: strings, addresses, lists
    SyncGroup = 9,  ///< vrrp_sync_group: members and group notify commands, sorted by name
    Fifo = 10,      ///< notify FIFOs (notify_fifo, vrrp_notify_fifo), kinds ascending
    Process = 11,   ///< vrrp_track_process definitions, sorted by name
    Route = 12,     ///< virtual_routes and virtual_rules, sorted by instance index
    Static = 13,    ///< static_ipaddress addresses, in the order written
};
/// The highest known id (ids below it may be unknown: see section_known).
inline constexpr std::uint8_t kMaxKnownSection = 13;

/// Section flags (table entry byte 1). Bits other than these must be 0.
inline constexpr std::uint8_t kSectionOptional = 0x01;  ///< a reader that does not know the id skips it

/// Full record sizes of this version's layouts (the writer may store less, see above).
inline constexpr std::size_t kNodeSize = 27;
inline constexpr std::size_t kInstanceSize = 40;
inline constexpr std::size_t kVipSize = 9;
inline constexpr std::size_t kPeerSize = 4;
inline constexpr std::size_t kTrackSize = 12;
inline constexpr std::size_t kScriptSize = 21;
inline constexpr std::size_t kCommandSize = 5;
inline constexpr std::size_t kRouteSize = 34;
inline constexpr std::size_t kSyncGroupSize = 24;
inline constexpr std::size_t kFifoSize = 9;
inline constexpr std::size_t kProcessSize = 21;
inline constexpr std::size_t kStaticAddressSize = 9;

/// The full record size of a known section, 1 for data, 0 for an unknown id.
constexpr std::size_t record_size(SectionId id) {
    switch (id) {
        case SectionId::Node:
            return kNodeSize;
        case SectionId::Instance:
            return kInstanceSize;
        case SectionId::Vip:
            return kVipSize;
        case SectionId::Peer:
            return kPeerSize;
        case SectionId::Track:
            return kTrackSize;
        case SectionId::Script:
            return kScriptSize;
        case SectionId::Command:
            return kCommandSize;
        case SectionId::Data:
            return 1;
        case SectionId::Route:
            return kRouteSize;
        case SectionId::SyncGroup:
            return kSyncGroupSize;
        case SectionId::Fifo:
            return kFifoSize;
        case SectionId::Process:
            return kProcessSize;
        case SectionId::Static:
            return kStaticAddressSize;
    }
    return 0;
}
/// True for an id this format version defines (its layout is known).
constexpr bool section_known(std::uint8_t id) { return record_size(static_cast<SectionId>(id)) != 0; }
/// Lowercase name of a known section ("node"…), "" for an unknown id.
constexpr std::string_view section_name(std::uint8_t id) {
    switch (id) {
        case 1:
            return "node";
        case 2:
            return "instance";
        case 3:
            return "vip";
        case 4:
            return "peer";
        case 5:
            return "track";
        case 6:
            return "script";
        case 7:
            return "command";
        case 8:
            return "data";
        case 12:
            return "route";
        case 9:
            return "sync_group";
        case 10:
            return "fifo";
        case 11:
            return "process";
        case 13:
            return "static_address";
        default:
            return "";
    }
}

// ---------------------------------------------------------------------------
// Record layouts: byte offsets of each field. "ref" = u16 data offset,
// "str"/"addr"/"list" says which blob it points at; 0 = none.

/// Node: the one record of the node section.
namespace node {
inline constexpr std::size_t name = 0;               ///< u16 str: TOML node name or .conf stem
inline constexpr std::size_t compiler = 2;           ///< u16 str: compiler version (audit)
inline constexpr std::size_t source_digest = 4;      ///< u64: SourceDigest of the canonical configuration (audit)
inline constexpr std::size_t flags = 12;             ///< u8: kNode* bits
inline constexpr std::size_t script_runas = 13;      ///< u16 list: global script_user [group]
inline constexpr std::size_t startup_delay_ms = 15;  ///< u32: vrrp_startup_delay
inline constexpr std::size_t garp_interval_us = 19;  ///< u32: vrrp_garp_interval
inline constexpr std::size_t gna_interval_us = 23;   ///< u32: vrrp_gna_interval
}  // namespace node
inline constexpr std::uint8_t kNodeScriptSecurity = 0x01;   ///< enable_script_security
inline constexpr std::uint8_t kNodeCheckUnicastSrc = 0x02;  ///< vrrp_check_unicast_src
inline constexpr std::uint8_t kNodeFlagsMask = 0x03;

/// Instance: one VRRP instance with its effective settings.
namespace instance {
inline constexpr std::size_t name = 0;                      ///< u16 str, unique in the plan
inline constexpr std::size_t interface = 2;                 ///< u16 str, 1..15 bytes
inline constexpr std::size_t vrid = 4;                      ///< u8, 1..255
inline constexpr std::size_t priority = 5;                  ///< u8, 1..255
inline constexpr std::size_t mode = 6;                      ///< u8: kMode* bits and the auth type
inline constexpr std::size_t flags = 7;                     ///< u8: kInst* bits
inline constexpr std::size_t advert_cs = 8;                 ///< u16: advert interval, centiseconds
inline constexpr std::size_t vip_end = 10;                  ///< u16: vips [prev.vip_end, vip_end)
inline constexpr std::size_t peer_end = 12;                 ///< u16: peers, same scheme
inline constexpr std::size_t track_end = 14;                ///< u16: tracks, same scheme
inline constexpr std::size_t command_end = 16;              ///< u16: commands, same scheme
inline constexpr std::size_t src = 18;                      ///< u16 addr: unicast_src_ip, 0 = interface's
inline constexpr std::size_t auth_pass = 20;                ///< u16 str: PASS data, at most 8 bytes
inline constexpr std::size_t unicast_ttl = 22;              ///< u8: TTL of sent unicast adverts
inline constexpr std::size_t garp_master_repeat = 23;       ///< u8
inline constexpr std::size_t garp_master_delay_s = 24;      ///< u16, 0 = no second burst
inline constexpr std::size_t garp_master_refresh_s = 26;    ///< u16, 0 = no refresh
inline constexpr std::size_t garp_refresh_repeat = 28;      ///< u8
inline constexpr std::size_t garp_lower_prio_repeat = 29;   ///< u8
inline constexpr std::size_t garp_lower_prio_delay_s = 30;  ///< u16
inline constexpr std::size_t preempt_delay_s = 32;          ///< u16, 0..1000
inline constexpr std::size_t vmac_name = 34;                ///< u16 str: use_vmac's device name, "" = vrrp.VRID
inline constexpr std::size_t mcast_group = 36;              ///< u16 addr: 0 = 224.0.0.18 / ff02::12
inline constexpr std::size_t preempt_delay_ms = 38;         ///< u16, 0..999: milliseconds beyond preempt_delay_s
}  // namespace instance
inline constexpr std::uint8_t kModeMaster = 0x01;  ///< initial state MASTER (else BACKUP)
inline constexpr std::uint8_t kModeV3 = 0x02;      ///< VRRP version 3 (else 2)
inline constexpr std::uint8_t kModeAuthShift = 2;  ///< bits 2-3: AuthType
inline constexpr std::uint8_t kModeAuthMask = 0x0c;
inline constexpr std::uint8_t kModeIpv6 = 0x10;  ///< the instance's family is IPv6 (else IPv4)
inline constexpr std::uint8_t kModeMask = 0x1f;

inline constexpr std::uint8_t kInstNopreempt = 0x01;
inline constexpr std::uint8_t kInstAccept = 0x02;  ///< effective accept mode
inline constexpr std::uint8_t kInstUseVmac = 0x04;
inline constexpr std::uint8_t kInstVmacXmitBase = 0x08;
inline constexpr std::uint8_t kInstV3ChecksumAsV2 = 0x10;  ///< v3 IPv4 checksum without pseudo-header
inline constexpr std::uint8_t kInstStrict = 0x20;          ///< strict_mode / vrrp_strict
inline constexpr std::uint8_t kInstSkipCheckAdvAddr = 0x40;
inline constexpr std::uint8_t kInstDontTrackPrimary = 0x80;

enum class AuthType : std::uint8_t { None = 0, Pass = 1, Ah = 2 };

/// Vip: one virtual_ipaddress (or _excluded) entry.
namespace vip {
inline constexpr std::size_t addr = 0;    ///< u16 addr
inline constexpr std::size_t prefix = 2;  ///< u8, <= 32 / 128
inline constexpr std::size_t flags = 3;   ///< u8: kVip* bits
inline constexpr std::size_t dev = 4;     ///< u16 str, "" = the instance's interface
inline constexpr std::size_t label = 6;   ///< u16 str
inline constexpr std::size_t scope = 8;   ///< u8: rtnetlink scope, 0 = global
}  // namespace vip
inline constexpr std::uint8_t kVipExcluded = 0x01;  ///< virtual_ipaddress_excluded: not in adverts
inline constexpr std::uint8_t kVipNoTrack = 0x02;
inline constexpr std::uint8_t kVipFlagsMask = 0x03;

/// StaticAddress: one static_ipaddress line, the node's (no instance), in the
/// VIP record's layout: addr, prefix, flags (kVipNoTrack only), dev (required),
/// label, scope. A required section when present (a reader without it would
/// run the node without its addresses); plans without them omit it. havipd
/// adds them once at start, before the static routes, and removes them at stop.
namespace static_address = vip;
inline constexpr std::uint8_t kStaticAddressFlagsMask = kVipNoTrack;

/// Peer: one unicast_peer.
namespace peer {
inline constexpr std::size_t addr = 0;     ///< u16 addr, the instance's family
inline constexpr std::size_t min_ttl = 2;  ///< u8, 0 = no bound
inline constexpr std::size_t max_ttl = 3;  ///< u8, 0 = no bound
}  // namespace peer

/// Track: one track_interface / track_script (/file /process /bfd) entry.
namespace track {
inline constexpr std::size_t name = 0;        ///< u16 str
inline constexpr std::size_t kind = 2;        ///< u8 TrackKind
inline constexpr std::size_t flags = 3;       ///< u8: kTrack* bits
inline constexpr std::size_t weight = 4;      ///< i16, -254..254
inline constexpr std::size_t path = 6;        ///< u16 str: a File track's file (else 0); added after
                                              ///< format 1's first layout: 6-byte records read it as 0
inline constexpr std::size_t init_value = 8;  ///< i32: init_file's VALUE (with kTrackInitFile; added after path)
}  // namespace track
enum class TrackKind : std::uint8_t { Interface = 0, Script = 1, File = 2, Process = 3, Bfd = 4 };
inline constexpr std::uint8_t kMaxTrackKind = 4;
inline constexpr std::uint8_t kTrackReverse = 0x01;
inline constexpr std::uint8_t kTrackHasWeight = 0x02;
inline constexpr std::uint8_t kTrackInitFile = 0x04;   ///< File: init_file (write init_value at start when missing)
inline constexpr std::uint8_t kTrackOverwrite = 0x08;  ///< File: init_file … overwrite (also when present)
inline constexpr std::uint8_t kTrackFlagsMask = 0x0f;

/// Script: one vrrp_script.
namespace script {
inline constexpr std::size_t name = 0;         ///< u16 str, unique
inline constexpr std::size_t argv = 2;         ///< u16 list, >= 1 element
inline constexpr std::size_t interval_ms = 4;  ///< u32, >= 1
inline constexpr std::size_t rise = 8;         ///< u16, >= 1
inline constexpr std::size_t fall = 10;        ///< u16, >= 1
inline constexpr std::size_t weight = 12;      ///< i16, -254..254
inline constexpr std::size_t flags = 14;       ///< u8: kScript* bits
inline constexpr std::size_t timeout_ms = 15;  ///< u32, 0 = the interval
inline constexpr std::size_t runas = 19;       ///< u16 list: user [group], 0 = script_user
}  // namespace script
inline constexpr std::uint8_t kScriptReverse = 0x01;
inline constexpr std::uint8_t kScriptInitFail = 0x02;
inline constexpr std::uint8_t kScriptFlagsMask = 0x03;

/// Command: one notify command of an instance.
namespace command {
inline constexpr std::size_t kind = 0;   ///< u8 CommandKind
inline constexpr std::size_t argv = 1;   ///< u16 list, >= 1 element, no shell
inline constexpr std::size_t runas = 3;  ///< u16 list: user [group], 0 = script_user
}  // namespace command
enum class CommandKind : std::uint8_t {
    Master = 0,            ///< notify_master
    Backup = 1,            ///< notify_backup
    Fault = 2,             ///< notify_fault
    Stop = 3,              ///< notify_stop
    Generic = 4,           ///< notify (called with TYPE NAME STATE PRIORITY)
    MasterRxLowerPri = 5,  ///< notify_master_rx_lower_pri
    Deleted = 6,           ///< notify_deleted
};
inline constexpr std::uint8_t kMaxCommandKind = 6;

/// Route: one virtual_routes or virtual_rules entry of an instance. Records
/// are sorted by instance (non-decreasing), each instance's in the order written.
/// havipd installs them, with protocol 18 (RTPROT_KEEPALIVED), after the
/// instance's VIPs when it becomes master, and removes them before the VIPs.
/// Records with instance kRouteOfNode (after every instance's) are the node's
/// static_routes and static_rules: installed once at start, removed at stop.
namespace route {
inline constexpr std::size_t kind = 0;       ///< u8 RouteKind
inline constexpr std::size_t instance = 1;   ///< u16: index into the instance section, or kRouteOfNode
inline constexpr std::size_t flags = 3;      ///< u8: kRoute* bits
inline constexpr std::size_t dst = 4;        ///< u16 addr: route destination (required); rule `to`, 0 = all
inline constexpr std::size_t dst_len = 6;    ///< u8 prefix length of dst
inline constexpr std::size_t src = 7;        ///< u16 addr: route preferred source; rule `from`, 0 = all
inline constexpr std::size_t src_len = 9;    ///< u8: rule `from` prefix length (0 for a route)
inline constexpr std::size_t via = 10;       ///< u16 addr: route gateway, 0 = none (rule: 0)
inline constexpr std::size_t dev = 12;       ///< u16 str: route output device; rule `iif`; "" = none
inline constexpr std::size_t oif = 14;       ///< u16 str: rule `oif`, "" = none (route: "")
inline constexpr std::size_t table = 16;     ///< u32: routing table, 0 = main (254)
inline constexpr std::size_t priority = 20;  ///< u32: route metric; rule preference
inline constexpr std::size_t scope = 24;     ///< u8: route scope (rtnetlink), 0 = global
inline constexpr std::size_t type = 25;      ///< u8: route type (RTN_*), 0 = unicast (rule: 0)
inline constexpr std::size_t fwmark = 26;    ///< u32: rule fwmark (with kRouteFwmark)
inline constexpr std::size_t fwmask = 30;    ///< u32: rule fwmark mask
}  // namespace route
enum class RouteKind : std::uint8_t { Route = 0, Rule = 1 };
/// The instance index of a static_routes / static_rules record (the node's).
inline constexpr std::uint16_t kRouteOfNode = 0xffff;
inline constexpr std::uint8_t kMaxRouteKind = 1;
inline constexpr std::uint8_t kRouteNoTrack = 0x01;  ///< no_track (havipd watches none: recorded only)
inline constexpr std::uint8_t kRouteOnlink = 0x02;   ///< route: onlink
inline constexpr std::uint8_t kRouteInet6 = 0x04;    ///< IPv6 (a rule without addresses says so only here)
inline constexpr std::uint8_t kRouteFwmark = 0x08;   ///< rule: fwmark/fwmask match
inline constexpr std::uint8_t kRouteFlagsMask = 0x0f;
/// The route types a Route record may carry (RTN_*): unicast (0 or 1),
/// blackhole 6, unreachable 7, prohibit 8, throw 9.
constexpr bool route_type_known(std::uint8_t t) { return t <= 1 || (t >= 6 && t <= 9); }
/// SyncGroup: one vrrp_sync_group. A required section when present (a reader
/// without it would run the members apart); plans without groups omit it.
/// The group's tracking is not here: havip-compile adds the group's tracked
/// objects to every member's tracks, and zeroes the members' own weights
/// unless sync_group_tracking_weight (keepalived's rules).
namespace sync_group {
inline constexpr std::size_t name = 0;     ///< u16 str, unique
inline constexpr std::size_t members = 2;  ///< u16 list: instance names, >= 1, each in no other group
/// Then notify commands as argv list + runas list pairs (u16 each, argv 0 =
/// none), in CommandKind order Master, Backup, Fault, Stop, Generic.
inline constexpr std::size_t commands = 4;
inline constexpr std::size_t kCommands = 5;
}  // namespace sync_group
/// Fifo: one notify FIFO of the node (global_defs notify_fifo / vrrp_notify_fifo).
/// Both kinds receive the same lines (keepalived writes VRRP events to both).
namespace fifo {
inline constexpr std::size_t kind = 0;          ///< u8 FifoKind
inline constexpr std::size_t path = 1;          ///< u16 str: absolute path
inline constexpr std::size_t owner = 3;         ///< u16 list: user [group] owning a FIFO havipd creates, 0 = the daemon
inline constexpr std::size_t script = 5;        ///< u16 list: notify_fifo_script argv (the path is appended), 0 = none
inline constexpr std::size_t script_runas = 7;  ///< u16 list: the script's user [group], 0 = script_user
}  // namespace fifo
enum class FifoKind : std::uint8_t {
    Notify = 0,      ///< notify_fifo
    VrrpNotify = 1,  ///< vrrp_notify_fifo
};
inline constexpr std::uint8_t kMaxFifoKind = 1;
/// Process: one vrrp_track_process (keepalived's process tracking).
namespace process {
inline constexpr std::size_t name = 0;                 ///< u16 str, unique
inline constexpr std::size_t process = 2;              ///< u16 str: comm name, or argv[0] when matching cmdline
inline constexpr std::size_t params = 4;               ///< u16 list: parameters to match (0 = none)
inline constexpr std::size_t flags = 6;                ///< u8: kProc* bits
inline constexpr std::size_t weight = 7;               ///< i16, -254..254 (the default of track_process entries)
inline constexpr std::size_t quorum = 9;               ///< u16, 1..65535; 0 only with quorum_max 0
inline constexpr std::size_t quorum_max = 11;          ///< u16, >= quorum; only with kProcQuorumMax (else unlimited)
inline constexpr std::size_t fork_delay_ms = 13;       ///< u32, 0..3600000: a gained quorum counts after this
inline constexpr std::size_t terminate_delay_ms = 17;  ///< u32, 0..3600000: a lost quorum counts after this
}  // namespace process
inline constexpr std::uint8_t kProcReverse = 0x01;    ///< `weight W reverse`
inline constexpr std::uint8_t kProcCmdline = 0x02;    ///< match /proc/PID/cmdline (params, param_match or full_command)
inline constexpr std::uint8_t kProcPartial = 0x04;    ///< param_match partial (or full_command alone): more allowed
inline constexpr std::uint8_t kProcInitial = 0x08;    ///< param_match initial: more allowed, the last one a prefix
inline constexpr std::uint8_t kProcQuorumMax = 0x10;  ///< quorum_max is set
inline constexpr std::uint8_t kProcFullCommand = 0x20;  ///< full_command (audit; implies kProcCmdline)
inline constexpr std::uint8_t kProcFlagsMask = 0x3f;

/// Longest interface name Linux accepts (IFNAMSIZ - 1).
inline constexpr std::size_t kMaxIfName = 15;
/// VRRPv2 PASS authentication data length.
inline constexpr std::size_t kAuthPassLen = 8;

}  // namespace havip::plan
