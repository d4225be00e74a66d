// SPDX-License-Identifier: MIT
#pragma once
/// Text forms of the simulator's inputs, shared by havip-sim's command line,
/// --scenario files and the tests: durations, events, and a tiny built-in
/// cluster description for runs without compiled plans.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim.hpp"

namespace havip::sim {

/// "10s", "250ms", "1.5s", "100us", "2m", "1h"; a bare number is in `bare_unit`
/// µs (1'000'000 = seconds, 1000 = milliseconds). nullopt on anything else.
std::optional<usec> parse_duration(std::string_view text, usec bare_unit = 1'000'000);

/// "kill:a@10s", "stop:a@5s", "start:a@30s", "link-down:a@10s", "link-up:a@12s",
/// "partition:a|b@10s" (sides split by '|', nodes within a side by ','),
/// "heal@20s", "track-down:a@10s" / "track-down:a:chk@10s", "track-up:…".
/// Returns "" and fills `out`, or the problem.
std::string parse_event(std::string_view text, EventSpec& out);

/// The built-in cluster description (`--node a:prio=100 --node b:prio=90 --advert 1s`).
struct BuiltinCluster {
    std::vector<std::string> nodes;  ///< "NAME[:key=value,...]"
    usec advert = 1'000'000;
    int version = 2;
    int vrid = 51;
    std::vector<std::string> vips;  ///< default: 192.0.2.100 (IPv4)
    bool multicast = false;         ///< default unicast, as in a VPC
    std::string auth_pass;          ///< v2 PASS when non-empty
    bool fast_takeover = false;     ///< single-peer fast takeover
};

/// Node keys: prio=N, state=master|backup, nopreempt, preempt_delay=DUR, startup_delay=DUR,
/// addr=IP (default 192.0.2.(i+1) or 2001:db8::(i+1)), track=NAME:WEIGHT
/// (repeatable; weight 0 = FAULT when down), garp_delay=DUR, garp_repeat=N.
/// Returns "" and fills `out`, or the problem.
std::string build_cluster(const BuiltinCluster& b, std::vector<NodeSpec>& out);

/// Applies one option by name ("loss", "delay" (ms), "jitter" (ms), "duplicate",
/// "reorder", "seed", "duration", "clusters", "event", "node", "advert",
/// "version", "vrid", "vip", "multicast", "auth", "fast-takeover") — the
/// vocabulary of both the command line and scenario files.
std::string apply_option(std::string_view key, std::string_view value, Setup& setup, BuiltinCluster& builtin);

/// A scenario file: one item per line, `#` comments. A line is either an event
/// ("kill:a@10s") or an option with its value ("loss 0.3", "--delay 5",
/// "node a:prio=100"); a bare option word ("multicast") is a flag.
std::string parse_scenario(std::string_view text, Setup& setup, BuiltinCluster& builtin);

}  // namespace havip::sim
