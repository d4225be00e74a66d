// SPDX-License-Identifier: MIT
#pragma once
/// The verifying loader: PlanView::load checks a plan completely (magic,
/// version, size, checksum, then every count, offset, length, reference and
/// enum) before anything is used, and hands out a zero-copy view. Accessors
/// return small structs whose strings are string_views into the caller's
/// buffer, which must outlive the view. std-only; nothing throws.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/ip.hpp"
#include "base/result.hpp"
#include "plan/format.hpp"

namespace havip::plan {

/// Why a plan was refused: a message naming the field, and the byte offset
/// the problem was found at (also in the message).
struct LoadError {
    std::string message;
    std::size_t offset = 0;
};

/// A value or a LoadError (the base layer's Result).
template <class T>
using Result = base::Result<T, LoadError>;

/// An address as the plan stores it (family 0 = none): the base layer's
/// type, so the VRRP core and the daemon take it as it is. str() prints a
/// dotted quad, RFC 5952 IPv6, or "-" for none.
using Address = base::IpAddr;

/// A list blob: argv, or user [group]. Elements were checked at load.
class StringList {
  public:
    StringList() = default;
    StringList(std::span<const std::byte> data, std::uint16_t ref) : data_(data), ref_(ref) {}
    std::size_t size() const { return ref_ ? get_u8(data_.data() + ref_) : 0; }
    bool empty() const { return size() == 0; }
    /// Element i (precondition i < size()).
    std::string_view operator[](std::size_t i) const;
    std::vector<std::string> to_vector() const;

  private:
    std::span<const std::byte> data_;
    std::uint16_t ref_ = 0;
};

/// A [first, first + count) range of records of a child section.
struct Range {
    std::size_t first = 0;
    std::size_t count = 0;
    std::size_t end() const { return first + count; }
};

struct NodeInfo {
    std::string_view name;
    std::string_view compiler;  ///< compiler version string
    std::uint64_t source_digest = 0;
    bool enable_script_security = false;
    bool check_unicast_src = false;
    std::string_view script_user, script_group;  ///< "" = not set
    std::uint32_t startup_delay_ms = 0;
    std::uint32_t garp_interval_us = 0;
    std::uint32_t gna_interval_us = 0;
};

struct GarpInfo {
    std::uint16_t master_delay_s = 0;
    std::uint8_t master_repeat = 0;
    std::uint16_t master_refresh_s = 0;
    std::uint8_t master_refresh_repeat = 0;
    std::uint16_t lower_prio_delay_s = 0;
    std::uint8_t lower_prio_repeat = 0;
};

struct InstanceInfo {
    std::string_view name;
    std::string_view interface;
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    std::uint8_t version = 2;  ///< 2 or 3
    bool master = false;       ///< initial state MASTER
    bool ipv6 = false;         ///< the instance's family
    AuthType auth = AuthType::None;
    std::string_view auth_pass;  ///< at most 8 bytes
    bool nopreempt = false, accept = false, use_vmac = false, vmac_xmit_base = false, v3_checksum_as_v2 = false,
         strict = false, skip_check_adv_addr = false, dont_track_primary = false;
    std::uint16_t advert_cs = 0;  ///< centiseconds
    std::uint16_t preempt_delay_s = 0;
    std::uint16_t preempt_delay_ms = 0;  ///< beyond preempt_delay_s, 0..999
    std::uint8_t unicast_ttl = 0;
    Address src;          ///< unicast_src_ip, family 0 = none
    Address mcast_group;  ///< family 0 = the protocol's group
    std::string_view vmac_name;
    GarpInfo garp;
    Range vips, peers, tracks, commands;
};

struct VipInfo {
    Address addr;
    std::uint8_t prefix = 0;
    bool excluded = false, no_track = false;
    std::string_view dev, label;  ///< dev "" = the instance's interface
    std::uint8_t scope = 0;       ///< rtnetlink scope, 0 = global
};

struct PeerInfo {
    Address addr;
    std::uint8_t min_ttl = 0, max_ttl = 0;  ///< 0 = no bound
};

struct TrackInfo {
    TrackKind kind = TrackKind::Interface;
    std::string_view name;
    std::int16_t weight = 0;
    bool has_weight = false, reverse = false;
    std::string_view path;                      ///< File: the tracked file (absolute)
    bool init_file = false, overwrite = false;  ///< File: init_file [VALUE] [overwrite]
    std::int32_t init_value = 0;
};

struct ScriptInfo {
    std::string_view name;
    StringList argv;
    std::uint32_t interval_ms = 0, timeout_ms = 0;
    std::uint16_t rise = 0, fall = 0;
    std::int16_t weight = 0;
    bool reverse = false, init_fail = false;
    std::string_view user, group;  ///< "" = the node's script_user
};

struct ProcessInfo {
    std::string_view name;
    std::string_view process;  ///< comm, or argv[0] with cmdline
    StringList params;
    std::int16_t weight = 0;
    bool reverse = false, cmdline = false, partial = false, initial = false, full_command = false;
    std::uint16_t quorum = 1;
    std::optional<std::uint16_t> quorum_max;  ///< nullopt: unlimited
    std::uint32_t fork_delay_ms = 0, terminate_delay_ms = 0;
};

struct CommandInfo {
    CommandKind kind = CommandKind::Master;
    StringList argv;
    std::string_view user, group;  ///< "" = the node's script_user
};

/// One virtual_routes (kind Route) or virtual_rules (kind Rule) entry.
struct RouteInfo {
    RouteKind kind = RouteKind::Route;
    std::size_t instance = 0;  ///< index of its instance; kRouteOfNode: static_routes / static_rules
    int family = 4;            ///< 4 or 6
    Address dst;               ///< route destination; rule `to` (family 0 = all)
    std::uint8_t dst_len = 0;
    Address src;  ///< route preferred source; rule `from` (family 0 = all)
    std::uint8_t src_len = 0;
    Address via;                 ///< route gateway, family 0 = none
    std::string_view dev, oif;   ///< route device / rule iif; rule oif
    std::uint32_t table = 254;   ///< 0 in the record reads as main (254)
    std::uint32_t priority = 0;  ///< route metric, rule preference
    std::uint8_t scope = 0, type = 0;
    bool no_track = false, onlink = false, has_fwmark = false;
    std::uint32_t fwmark = 0, fwmask = 0;
};

/// A vrrp_sync_group: notify[k] is the command of CommandKind k (Master..Generic),
/// an empty argv when not set.
struct SyncGroupInfo {
    std::string_view name;
    StringList members;
    std::array<CommandInfo, sync_group::kCommands> notify{};
};

/// A notify FIFO (global_defs notify_fifo / vrrp_notify_fifo).
struct FifoInfo {
    FifoKind kind = FifoKind::Notify;
    std::string_view path;
    std::string_view owner_user, owner_group;  ///< "" = the daemon's
    StringList script;                         ///< notify_fifo_script argv, empty = none
    std::string_view script_user, script_group;
};

/// One entry of the section table, offsets resolved.
struct SectionInfo {
    std::uint8_t id = 0;
    std::uint8_t flags = 0;
    std::uint8_t record_size = 0;
    std::uint32_t count = 0;
    std::uint32_t offset = 0;
    std::uint32_t size = 0;          ///< count * record_size
    std::uint32_t entry_offset = 0;  ///< where the table entry is
    bool known() const { return section_known(id); }
};

/// A verified plan. Cheap to copy (a span and a small table).
class PlanView {
  public:
    /// Checks everything and returns the view, or the first problem found.
    static Result<PlanView> load(std::span<const std::byte> bytes);

    std::span<const std::byte> bytes() const { return bytes_; }
    std::uint8_t version() const { return get_u8(bytes_.data() + header::version); }
    std::uint32_t checksum() const { return get_u32(bytes_.data() + header::checksum); }

    NodeInfo node() const;
    std::size_t instance_count() const { return count(SectionId::Instance); }
    std::size_t vip_count() const { return count(SectionId::Vip); }
    std::size_t peer_count() const { return count(SectionId::Peer); }
    std::size_t track_count() const { return count(SectionId::Track); }
    std::size_t script_count() const { return count(SectionId::Script); }
    std::size_t command_count() const { return count(SectionId::Command); }
    std::size_t fifo_count() const { return count(SectionId::Fifo); }
    std::size_t sync_group_count() const { return count(SectionId::SyncGroup); }
    std::size_t route_count() const { return count(SectionId::Route); }
    std::size_t process_count() const { return count(SectionId::Process); }
    std::size_t static_address_count() const { return count(SectionId::Static); }

    /// Record i of a section; an index out of range gives a default-constructed struct.
    InstanceInfo instance(std::size_t i) const;
    VipInfo vip(std::size_t i) const;
    PeerInfo peer(std::size_t i) const;
    TrackInfo track(std::size_t i) const;
    FifoInfo fifo(std::size_t i) const;
    ScriptInfo script(std::size_t i) const;
    SyncGroupInfo sync_group(std::size_t i) const;
    CommandInfo command(std::size_t i) const;
    RouteInfo route(std::size_t i) const;
    ProcessInfo process(std::size_t i) const;
    /// A static_ipaddress line (excluded is always false, dev never empty).
    VipInfo static_address(std::size_t i) const;
    /// The instance or script with this name.
    std::optional<InstanceInfo> find_instance(std::string_view name) const;
    std::optional<ScriptInfo> find_script(std::string_view name) const;
    std::optional<ProcessInfo> find_process(std::string_view name) const;

    /// Every section of the table in file order, unknown optional ones included.
    std::vector<SectionInfo> sections() const;
    /// Size in bytes of the section table.
    std::size_t table_end() const { return table_end_; }

  private:
    struct Known {
        std::uint32_t offset = 0, count = 0;
        std::uint8_t record_size = 0;
    };
    std::size_t count(SectionId id) const { return known_[static_cast<std::size_t>(id)].count; }
    /// Record i of a known section, copied into a zero-filled buffer of the full
    /// layout (the extensible-struct rule: missing trailing fields read as 0).
    template <std::size_t N>
    std::array<std::byte, N> record(SectionId id, std::size_t i) const;
    std::span<const std::byte> data() const;
    std::string_view str(std::uint16_t ref) const;
    Address addr(std::uint16_t ref) const;
    StringList list(std::uint16_t ref) const { return StringList(data(), ref); }

    std::span<const std::byte> bytes_;
    std::array<Known, kMaxKnownSection + 1> known_{};
    std::size_t table_end_ = 0;

    friend class Checker;
};

/// Ok when the plan loads, else the reason it is refused.
base::Status verify(std::span<const std::byte> bytes);

/// Reads a plan file (at most kMaxPlanSize bytes); the error names the path.
Result<std::vector<std::byte>> read_plan_file(const std::string& path);

/// objdump-like text: header, section table with offsets and sizes, every
/// record decoded with its offset. Used by `havip-compile --dump`.
std::string disassemble(const PlanView& plan);

/// Stable lowercase names for dumps and logs.
std::string_view track_kind_name(TrackKind k);
std::string_view command_kind_name(CommandKind k);
std::string_view fifo_kind_name(FifoKind k);
std::string_view auth_type_name(AuthType a);
/// "unicast", "blackhole", "unreachable", "prohibit", "throw" (RTN_* numbers).
std::string_view route_type_name(std::uint8_t type);

}  // namespace havip::plan
