// SPDX-License-Identifier: MIT
#pragma once
/// The VRRP core's input: one instance's settings, already resolved (global
/// defaults applied, keepalived's silent rewrites known). The plan adapter
/// (from_plan.hpp) and the simulator's built-in descriptions both produce it;
/// the codec and the state machine read it and never change it.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vrrp/address.hpp"

namespace havip::vrrp {

/// Microseconds on whatever monotonic clock the caller drives the core with.
using usec = std::int64_t;
/// "No deadline": later than any real time.
inline constexpr usec kNever = INT64_MAX;

enum class InitialState : std::uint8_t { Backup, Master };
/// VRRPv2 authentication type as carried on the wire (keepalived: 0, 1, 2).
enum class AuthType : std::uint8_t { None = 0, Pass = 1, Ah = 2 };
/// Which VRRPv3 checksum an IPv4 instance sends. keepalived and Wireshark use the
/// pseudo-header; RFC 9568 and some vendors checksum the message only. Received
/// IPv4 v3 adverts are accepted in either form; IPv6 always uses the pseudo-header.
enum class V3Checksum : std::uint8_t { PseudoHeader, MessageOnly };

/// A tracked object (script, interface, file, process) as the state machine sees
/// it: a weight and whether it starts up. keepalived semantics: weight > 0 is
/// added while the object is up, weight < 0 while it is down, weight 0 means the
/// object being down puts the instance in FAULT; `reverse` inverts the status.
struct Track {
    std::string name;  ///< for logs and the simulator's events only
    int weight = 0;
    bool reverse = false;
    bool initially_up = true;  ///< keepalived's init_fail gives false
    /// A valued track (track_file): its integer value V counts instead of up/down.
    /// weight 0: FAULT while V != 0 (V == 0 with reverse); else V × weight (× -1
    /// with reverse), clamped to -254..253, is added, and -254 means FAULT. Starts at 0.
    bool valued = false;
};

/// Gratuitous ARP / unsolicited NA schedule, keepalived's garp_* settings.
struct GarpConfig {
    usec master_delay = 5'000'000;    ///< second burst after becoming master; 0: none
    std::uint32_t master_repeat = 5;  ///< messages per VIP per burst
    usec master_refresh = 0;          ///< periodic refresh while master; 0: none
    std::uint32_t master_refresh_repeat = 1;
    usec lower_prio_delay = 5'000'000;    ///< second burst after a lower-priority advert
    std::uint32_t lower_prio_repeat = 5;  ///< burst when a lower-priority advert arrives (0: none)
};

/// One VRRP instance, everything the codec and the state machine need.
struct InstanceConfig {
    std::string name;             ///< keepalived's instance name (logs only)
    std::uint8_t vrid = 0;        ///< 1..255
    std::uint8_t version = 2;     ///< 2 (RFC 3768, IPv4 only) or 3 (RFC 5798)
    std::uint8_t priority = 100;  ///< base priority 1..255; 255 = address owner
    InitialState initial_state = InitialState::Backup;
    bool nopreempt = false;  ///< keepalived ignores it with state MASTER
    usec preempt_delay = 0;  ///< keepalived preempt_delay (0..1000 s)
    /// Advertisement interval in µs: whole seconds for v2 (1..255 s),
    /// multiples of 10 ms for v3 (10 ms..40.95 s).
    usec advert_interval = 1'000'000;
    Family family = Family::V4;
    /// Primary/unicast source address (tie-break and pseudo-header); all zero
    /// of the instance's family = not set yet (the daemon fills it in).
    IpAddress source = IpAddress::unspecified(Family::V4);
    std::vector<IpAddress> peers;              ///< unicast peers; empty = multicast
    IpAddress multicast_group = kMulticastV4;  ///< used when peers is empty
    std::vector<IpAddress> vips;               ///< the addresses carried in adverts, in order
    /// A rollout in progress: the VIP list (and, v2, the interval) this instance
    /// carried before an in-place reload. Adverts that match them instead of the
    /// current ones are accepted too (RxResult::previous), so a peer that has not
    /// reloaded yet stays the master. Empty / 0: no rollout (the executor clears them).
    std::vector<IpAddress> previous_vips;
    usec previous_interval = 0;
    AuthType auth_type = AuthType::None;      ///< v2 only (keepalived ignores auth with v3)
    std::array<std::uint8_t, 8> auth_pass{};  ///< PASS data, zero padded (keepalived truncates at 8)
    std::vector<Track> tracks;
    GarpConfig garp;
    V3Checksum v3_checksum = V3Checksum::PseudoHeader;
    bool accept = false;                   ///< accept mode (the daemon's business; carried along)
    bool lower_prio_no_advert = false;     ///< master does not answer a lower-priority advert
    bool higher_prio_send_advert = false;  ///< master sends one advert before yielding
    bool track_interface = true;           ///< the instance's interface going down → FAULT
    bool check_unicast_src = true;         ///< unicast adverts only from configured peers
    /// havip's optimisation: with exactly one unicast peer, that peer's
    /// priority-0 advert means nobody else can take over, so become master at
    /// once instead of after Skew_Time. RFC behaviour otherwise.
    bool single_peer_fast_takeover = false;
    std::uint8_t down_timer_adverts = 3;  ///< keepalived down_timer_adverts (RFC: 3)
    /// A member of a vrrp_sync_group: it becomes master and leaves FAULT only
    /// when its group says so (vrrp/sync.hpp; the executor feeds the Sync* events).
    bool sync_group = false;

    /// Sets the PASS data from text, truncated to 8 bytes like keepalived.
    void set_auth_pass(std::string_view pass);
    /// True when adverts go to unicast peers.
    bool unicast() const { return !peers.empty(); }
    /// The interval as the wire carries it: seconds (v2) or centiseconds (v3).
    std::uint16_t wire_interval() const;
};

/// Why a configuration cannot run; Ok when it can.
enum class ConfigError : std::uint8_t {
    Ok,
    BadVrid,              ///< not 1..255
    BadVersion,           ///< not 2 or 3
    BadPriority,          ///< 0
    BadInterval,          ///< out of range or not a whole unit for the version
    V2NotIpv4,            ///< VRRPv2 is IPv4 only
    FamilyMismatch,       ///< source, peer, group or VIP of the other family
    TooManyVips,          ///< more than 255, or the advert would not fit 1500 bytes
    BadAuth,              ///< AH (unsupported) or auth with v3
    BadDownTimerAdverts,  ///< keepalived accepts 1..100
};

/// Checks a configuration once, before a state machine or the codec uses it.
ConfigError check(const InstanceConfig& cfg);
/// Stable lowercase name of a ConfigError ("bad_interval"…).
std::string_view config_error_name(ConfigError e);

}  // namespace havip::vrrp
