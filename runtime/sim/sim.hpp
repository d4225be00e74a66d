// SPDX-License-Identifier: MIT
#pragma once
/// havip's VRRP simulator: N nodes' instance configurations run by havipd's own
/// executor (runtime/exec: the codec, the state machine, VIPs, GARP schedule,
/// startup delay, resume and graceful stop) on fake hosts, on a virtual clock and a simulated
/// network with delay, jitter, loss, duplication, reordering, link failures and
/// partitions. Deterministic: the same setup and seed give the same run.
///
/// `clusters` replicates the given nodes N times in one simulated VPC; each
/// replica is its own segment (its unicast peers and multicast group reach
/// only its own nodes), as distinct address ranges would in a real VPC.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vrrp/config.hpp"
#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

namespace havip::sim {

using vrrp::usec;

/// One simulated VM: a name and its VRRP instances.
struct NodeSpec {
    std::string name;
    std::vector<vrrp::InstanceConfig> instances;
    /// vrrp_startup_delay: the node's instances start this long after the node
    /// does (at the beginning and at every start event), as havipd's do.
    usec startup_delay = 0;
    /// vrrp_sync_group members (instance names) that move together; the
    /// members' configurations have sync_group set.
    std::vector<std::vector<std::string>> sync_groups;
};

/// The simulated network between the nodes of one cluster.
struct NetParams {
    double loss = 0;       ///< probability a packet is lost
    usec delay = 1000;     ///< one-way base delay
    usec jitter = 0;       ///< extra uniform delay in [0, jitter]
    double duplicate = 0;  ///< probability a packet arrives twice
    double reorder = 0;    ///< probability a packet is held back (arrives after later ones)
};

enum class EventKind : std::uint8_t {
    Kill,      ///< silent death: no priority-0 advert, timers gone
    Stop,      ///< graceful: priority-0 advert, VIPs removed
    Start,     ///< (re)start a killed or stopped node
    LinkDown,  ///< the node's link: packets lost; the instance interface goes down
    LinkUp,
    Partition,  ///< groups of nodes that cannot hear each other
    Heal,       ///< end every partition
    TrackDown,  ///< a tracked object on the node fails (all, or the named one)
    TrackUp,
};
/// "kill", "stop", "start", "link-down", "link-up", "partition", "heal", "track-down", "track-up".
std::string_view event_kind_name(EventKind k);

/// A scheduled failure or recovery, applied in every cluster.
struct EventSpec {
    usec at = 0;
    EventKind kind = EventKind::Kill;
    std::string node;                              ///< node name (not for partition/heal)
    std::string track;                             ///< TrackDown/TrackUp: track name, "" = all
    std::vector<std::vector<std::string>> groups;  ///< Partition: node names per side
    std::string text;                              ///< as written, for reports
};

/// Everything one run needs.
struct Setup {
    std::vector<NodeSpec> nodes;
    NetParams net;
    std::vector<EventSpec> events;
    std::uint64_t seed = 1;
    usec duration = 60'000'000;
    std::uint32_t clusters = 1;
    bool record_transitions = true;  ///< keep every transition (off for huge runs)
};

/// One state change of one instance.
struct Transition {
    usec t = 0;
    std::uint32_t cluster = 0;
    std::uint16_t node = 0;      ///< index into Setup::nodes
    std::uint16_t instance = 0;  ///< index into that node's instances
    vrrp::State from = vrrp::State::Init, to = vrrp::State::Init;
};

/// Per failure event: how long until another node was master with the VIPs,
/// over every cluster and VRRP group whose master the event took away.
struct FailureStat {
    std::size_t event = 0;         ///< index into Setup::events
    std::uint64_t needed = 0;      ///< groups whose master was affected
    std::uint64_t taken_over = 0;  ///< of those, groups where another node became master
    usec min = 0, max = 0;         ///< takeover times (event → new master)
    double mean = 0;
};

/// A VRRP group (same VRID and family) of one cluster at the end of the run.
struct GroupEnd {
    std::uint8_t vrid = 0;
    vrrp::Family family = vrrp::Family::V4;
    std::vector<std::uint16_t> masters;  ///< node indexes (cluster 0)
};

struct Result {
    std::vector<Transition> transitions;
    std::vector<FailureStat> failures;
    usec split_brain_total = 0;        ///< summed over clusters and groups
    usec split_brain_max_episode = 0;  ///< longest single episode
    std::uint64_t split_brain_episodes = 0;
    /// The longest split-brain episode that began and ended while every link was
    /// up, no partition was active and loss was 0 (the property the tests check).
    usec split_brain_max_whole = 0;
    std::vector<GroupEnd> end_cluster0;  ///< masters at the end, cluster 0
    std::uint64_t groups_one_master = 0, groups_no_master = 0, groups_many_masters = 0;
    std::uint64_t sent = 0, delivered = 0, lost = 0, unreachable = 0, duplicated = 0, accepted = 0;
    std::uint64_t dropped[vrrp::kDropReasonCount] = {};
    std::uint64_t unknown_vrid = 0;
    std::uint64_t garp_frames = 0;  ///< gratuitous ARP and unsolicited NA frames sent
    std::uint64_t events_processed = 0;
    usec end_time = 0;
};

/// Checks the setup (node names unique, events name known nodes, configurations
/// pass vrrp::check); returns "" or the problem.
std::string validate(const Setup& s);

/// Runs a validated setup to its duration.
Result run(const Setup& s);

/// JSON report: transitions (time, cluster, node, instance, from, to) and the
/// summary (failures with takeover times, split-brain time, masters at the end).
std::string to_json(const Setup& s, const Result& r, bool with_transitions = true);
/// Short human-readable summary.
std::string to_text(const Setup& s, const Result& r);

}  // namespace havip::sim
