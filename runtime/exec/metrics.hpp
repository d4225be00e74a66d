// SPDX-License-Identifier: MIT
#pragma once
/// havipd's Prometheus metrics: a snapshot of the counters the daemon keeps
/// anyway (plain integers updated in place on the VRRP path) rendered in the
/// Prometheus text exposition format (version 0.0.4). Rendering happens only
/// when someone reads the metrics: a scrape of the listener or a textfile
/// write. man/havipd.8 lists every metric.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

namespace havip::exec::metrics {

using DropCounts = std::array<std::uint64_t, vrrp::kDropReasonCount>;

/// Counters an instance keeps besides rx/tx/drops (see executor_impl.hpp).
struct InstanceCounters {
    std::uint64_t become_master = 0;
    std::uint64_t release_master = 0;
    std::uint64_t garp_sent = 0;  ///< gratuitous ARP frames
    std::uint64_t na_sent = 0;    ///< unsolicited neighbour advertisements
    std::uint64_t notify_failed = 0;
    std::uint64_t vips_restored = 0;           ///< VIPs put back after something else removed them
    std::int64_t last_transition_unix_ms = 0;  ///< 0: none yet
};

struct Track {
    std::string_view name;
    std::string_view kind;  ///< "interface", "script", "file" or "process"
    bool up = false;
};

struct Instance {
    std::string_view name;
    unsigned vrid = 0;
    vrrp::State state = vrrp::State::Init;
    unsigned priority = 0;            ///< configured
    unsigned effective_priority = 0;  ///< with track weights
    std::uint64_t adverts_sent = 0, adverts_received = 0, transitions = 0;
    std::size_t vips_held = 0;
    const DropCounts* drops = nullptr;
    InstanceCounters counters;
    std::vector<Track> tracks;
};

struct Script {
    std::string_view name;
    bool up = false;
};

/// A notify FIFO (notify_fifo / vrrp_notify_fifo).
struct Fifo {
    std::string_view path;
    std::uint64_t written = 0;  ///< lines written
    std::uint64_t dropped = 0;  ///< lines dropped: the pipe was full (no reader, or a slow one)
};

/// A vrrp_sync_group: its state (the members' common one) and its members.
struct SyncGroup {
    std::string_view name;
    vrrp::State state = vrrp::State::Init;
    std::uint64_t transitions = 0;
    std::int64_t last_transition_unix_ms = 0;  ///< 0: none yet
    std::vector<std::string_view> members;     ///< the instances the group holds now
};

struct Node {
    bool up = true;  ///< false in the last textfile written at a graceful stop
    std::string_view node;
    std::uint32_t plan_checksum = 0;
    std::int64_t start_time_unix_ms = 0;
    std::uint64_t reloads_ok = 0, reloads_failed = 0;
    bool last_reload_ok = true;
    // The event loop's lag (sys::EventLoop::Lag) and the file writer's counters.
    std::int64_t loop_max_lag_ns = 0;
    std::uint64_t loop_timers = 0, loop_late_timers = 0;
    std::uint64_t files_written = 0, files_failed = 0, files_coalesced = 0;
    std::size_t files_pending = 0;
    std::int64_t file_max_write_ns = 0;
    const DropCounts* unmatched = nullptr;  ///< adverts that matched no instance
    std::vector<Instance> instances;
    std::vector<Script> scripts;
    std::vector<Fifo> fifos;
    std::vector<SyncGroup> groups;
};

/// Appends the whole exposition (HELP and TYPE for every family, then its
/// samples) to `out`. Every drop reason and every state is present, zero or
/// not, so rate() and alerts see a series from the start.
void render(const Node& node, std::string& out);

/// The Content-Type of render()'s output.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace havip::exec::metrics
