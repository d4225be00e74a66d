// SPDX-License-Identifier: MIT
#pragma once
/// What havipd executes: one node's instances, resolved into the VRRP core's
/// InstanceConfig plus what only the daemon needs (interfaces, VIP devices and
/// labels, VMAC, notify commands, tracked interfaces and scripts). Built from a
/// verified plan by from_plan.hpp; tests may build it directly. A module of its
/// own (std and runtime/vrrp only) so that havip-compile --diff classifies a
/// plan change with the very functions havipd's SIGHUP reload uses; the names
/// stay in havip::daemon, whose model of a node this is.
#include <cstdint>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "vrrp/config.hpp"

namespace havip::daemon {

/// user [group] a script runs as; empty user: the daemon's own identity.
struct RunAs {
    std::string user;
    std::string group;
    bool operator==(const RunAs&) const = default;
};

struct Command {
    std::vector<std::string> argv;
    RunAs runas;
    bool operator==(const Command&) const = default;
};

struct VipSpec {
    vrrp::IpAddress addr;
    int prefix = -1;  ///< -1: /32 or /128
    std::string dev;  ///< "" = the instance's interface (or its VMAC)
    std::string label;
    bool excluded = false;   ///< virtual_ipaddress_excluded (not in adverts)
    std::uint8_t scope = 0;  ///< rtnetlink scope of an IPv4 address (0: global); IPv6 has none to set
    /// no_track: not put back when something else removes it (keepalived's dont_track).
    bool no_track = false;
    bool operator==(const VipSpec&) const = default;
};

/// A tracked object of an instance; `index` is its position in vrrp.tracks.
struct TrackSpec {
    enum class Kind : std::uint8_t { Interface, Script, File, Process } kind = Kind::Interface;
    std::string name;  ///< interface name, vrrp_script, track_file or vrrp_track_process name
    std::string path;  ///< File: the file holding the integer (absolute)
    /// File: init_file [VALUE] [overwrite]: `VALUE\n` written at start when the
    /// file is missing (overwrite: also over a regular file, but not on reload).
    bool init_file = false, overwrite = false;
    std::int32_t init_value = 0;
    bool operator==(const TrackSpec&) const = default;
};

/// keepalived's per-peer min_ttl / max_ttl (0: no bound) for received unicast adverts.
struct PeerTtl {
    std::uint8_t min = 0;
    std::uint8_t max = 0;
    bool operator==(const PeerTtl&) const = default;
};

/// One virtual_routes (rule = false) or virtual_rules entry: installed after
/// the VIPs when the instance becomes master, removed before them.
struct RouteSpec {
    bool rule = false;
    int family = 4;
    vrrp::IpAddress dst;  ///< route destination; rule `to` (unset: all)
    int dst_len = 0;
    vrrp::IpAddress src;  ///< route preferred source; rule `from` (unset: all)
    int src_len = 0;
    vrrp::IpAddress via;  ///< route gateway
    std::string dev;      ///< route output device; rule `iif` ("" = none)
    std::string oif;      ///< rule `oif`
    std::uint32_t table = 254;
    std::uint32_t priority = 0;  ///< route metric, rule preference
    std::uint8_t scope = 0;
    std::uint8_t type = 0;  ///< route RTN_* type, 0 = unicast
    bool onlink = false;
    bool no_track = false;
    bool has_fwmark = false;
    std::uint32_t fwmark = 0, fwmask = 0;
    bool operator==(const RouteSpec&) const = default;
};

struct InstanceSpec {
    vrrp::InstanceConfig vrrp;  ///< tracks[i] corresponds to tracks[i] below
    std::string interface;
    std::vector<VipSpec> vips;  ///< every VIP, excluded ones too
    std::vector<TrackSpec> tracks;
    std::vector<PeerTtl> peer_ttl;  ///< parallel to vrrp.peers (may be shorter: no bounds)
    bool use_vmac = false;
    std::string vmac_name;        ///< "" = vrrp.VRID
    bool vmac_xmit_base = false;  ///< send adverts from the base interface, not the VMAC
    Command notify_master, notify_backup, notify_fault, notify_stop, notify;  ///< empty argv = none
    std::vector<RouteSpec> routes;  ///< virtual_routes then virtual_rules, in plan order
};

struct ScriptSpec {
    std::string name;
    Command cmd;
    std::int64_t interval_ms = 1000;
    std::int64_t timeout_ms = 0;  ///< 0 = the interval
    int rise = 1;
    int fall = 1;
    bool init_fail = false;
    bool operator==(const ScriptSpec&) const = default;
};

/// A vrrp_sync_group: its members move together (vrrp/sync.hpp). Members have
/// vrrp.sync_group set; the group's tracking is already in their tracks.
struct SyncGroupSpec {
    std::string name;
    std::vector<std::string> members;                                         ///< instance names
    Command notify_master, notify_backup, notify_fault, notify_stop, notify;  ///< empty argv = none
    bool operator==(const SyncGroupSpec&) const = default;
};

/// A notify FIFO (notify_fifo, vrrp_notify_fifo): every instance transition is
/// written to it as keepalived's `INSTANCE "NAME" STATE PRIORITY` line.
struct FifoSpec {
    std::string path;  ///< absolute
    RunAs owner;       ///< owns the FIFO when havipd creates it; empty: the daemon
    Command script;    ///< notify_fifo_script, run with the path appended; empty argv: none
    bool operator==(const FifoSpec&) const = default;
};

/// A vrrp_track_process: OK while quorum <= matching processes <= quorum_max.
struct ProcessSpec {
    enum class Match : std::uint8_t {
        Comm,     ///< /proc/PID/comm == process (cut to the kernel's 15 bytes)
        Exact,    ///< cmdline: argv[0] == process, then exactly params
        Partial,  ///< cmdline: argv[0] == process, params the first ones, more allowed
        Initial,  ///< as Partial, but the last param only a prefix of the process's
    } match = Match::Comm;
    std::string name;
    std::string process;
    std::vector<std::string> params;
    std::uint32_t quorum = 1;
    std::uint32_t quorum_max = UINT32_MAX;  ///< UINT32_MAX: unlimited
    std::int64_t fork_delay_ms = 0;         ///< a gained quorum counts after this
    std::int64_t terminate_delay_ms = 0;    ///< a lost quorum counts after this
    bool operator==(const ProcessSpec&) const = default;
};

struct NodeConfig {
    std::string name;
    std::vector<InstanceSpec> instances;
    std::vector<ScriptSpec> scripts;
    std::vector<SyncGroupSpec> sync_groups;
    std::vector<ProcessSpec> processes;  ///< vrrp_track_process blocks, by name
    RunAs script_runas;                  ///< global script_user
    bool script_security = false;
    std::int64_t garp_interval_us = 0;
    std::int64_t gna_interval_us = 0;
    std::int64_t startup_delay_ms = 0;
    std::uint32_t plan_checksum = 0;  ///< the plan's CRC-32C (0: not made from a plan file)
    std::vector<FifoSpec> fifos;      ///< notify_fifo, vrrp_notify_fifo (both get every line)
    /// static_routes and static_rules: the node's, installed at start (before the
    /// instances), removed at stop; a reload adds the new and removes the dropped.
    std::vector<RouteSpec> static_routes;
    /// static_ipaddress (dev always set): added at start before the static
    /// routes, removed at stop after them.
    std::vector<VipSpec> static_addresses;
};

/// True when two instance specs would behave identically (SIGHUP keeps its state).
bool same_instance(const InstanceSpec& a, const InstanceSpec& b);

/// What SIGHUP does with a running instance when the new plan has `next` for it.
enum class Reload : std::uint8_t {
    Keep,     ///< nothing changed
    Update,   ///< only what apply_update() changes: applied in place, the state is kept
    Restart,  ///< anything else: stop as on SIGTERM, start anew
};
Reload reload_kind(const InstanceSpec& running, const InstanceSpec& next);

/// The instance of the next plan that takes over the running instance `name`
/// on reload (the last one with that name), or nullptr: then it stops.
const InstanceSpec* reload_match(const NodeConfig& next, const std::string& name);

/// Copies into `spec` what an Update may change: priority (neither old nor new
/// 255, the owner), track weights (same tracks otherwise), the GARP schedule,
/// notify commands, per-peer TTL bounds, the VIP set (with labels and devices),
/// the advert interval, and the routes and rules.
void apply_update(InstanceSpec& spec, const InstanceSpec& next);

}  // namespace havip::daemon
