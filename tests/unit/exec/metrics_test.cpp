// SPDX-License-Identifier: MIT
// The Prometheus exposition havipd renders (runtime/exec/metrics.hpp): the
// exact text for a small fixed state, label escaping, and the empty node.
#include <gtest/gtest.h>

#include <string>

#include "exec/metrics.hpp"

using namespace havip;
using namespace havip::exec;

namespace {

constexpr const char* kExpected =
    R"(# HELP havipd_up 1 while havipd runs; 0 in the textfile it leaves after a graceful stop.
# TYPE havipd_up gauge
havipd_up 1
# HELP havipd_plan_info The running plan: node name and plan checksum (CRC-32C), value 1.
# TYPE havipd_plan_info gauge
havipd_plan_info{node="db-a",checksum="0x7a8f52c6"} 1
# HELP havipd_start_time_seconds When havipd started, seconds since the Unix epoch.
# TYPE havipd_start_time_seconds gauge
havipd_start_time_seconds 1796299000.250
# HELP havipd_reloads_total Plan reloads (SIGHUP) by result; a failed reload keeps the running plan.
# TYPE havipd_reloads_total counter
havipd_reloads_total{result="ok"} 2
havipd_reloads_total{result="failed"} 1
# HELP havipd_last_reload_successful 1 when the last reload succeeded (or none was tried), else 0.
# TYPE havipd_last_reload_successful gauge
havipd_last_reload_successful 0
# HELP havipd_loop_lag_max_seconds The largest lateness of an event-loop timer since the start.
# TYPE havipd_loop_lag_max_seconds gauge
havipd_loop_lag_max_seconds 0.042000123
# HELP havipd_loop_timers_total Event-loop timers run (each one's lateness is measured).
# TYPE havipd_loop_timers_total counter
havipd_loop_timers_total 1000
# HELP havipd_loop_late_timers_total Event-loop timers that ran more than 10 ms late.
# TYPE havipd_loop_late_timers_total counter
havipd_loop_late_timers_total 3
# HELP havipd_file_writes_total State, stats and metrics files written off the event loop, by result.
# TYPE havipd_file_writes_total counter
havipd_file_writes_total{result="ok"} 7
havipd_file_writes_total{result="failed"} 1
# HELP havipd_file_writes_coalesced_total File contents replaced by a newer one before being written (a slow disk).
# TYPE havipd_file_writes_coalesced_total counter
havipd_file_writes_coalesced_total 4
# HELP havipd_file_writes_pending File writes queued or under way.
# TYPE havipd_file_writes_pending gauge
havipd_file_writes_pending 1
# HELP havipd_file_write_max_seconds The longest file write since the start.
# TYPE havipd_file_write_max_seconds gauge
havipd_file_write_max_seconds 1.500000000
# HELP havipd_adverts_unmatched_total Received VRRP packets that matched no instance, by reason (malformed, or an unknown VRID).
# TYPE havipd_adverts_unmatched_total counter
havipd_adverts_unmatched_total{reason="too_short"} 0
havipd_adverts_unmatched_total{reason="bad_version"} 0
havipd_adverts_unmatched_total{reason="bad_type"} 0
havipd_adverts_unmatched_total{reason="vrid_mismatch"} 9
havipd_adverts_unmatched_total{reason="truncated"} 0
havipd_adverts_unmatched_total{reason="auth_ah"} 2
# HELP havipd_script_up 1 while a vrrp_script counts as up (after rise/fall), else 0.
# TYPE havipd_script_up gauge
havipd_script_up{script="chk_nginx"} 1
# HELP havipd_instance_state 1 for the state the instance is in (init, backup, master, fault), else 0.
# TYPE havipd_instance_state gauge
havipd_instance_state{instance="VI_1",vrid="51",state="init"} 0
havipd_instance_state{instance="VI_1",vrid="51",state="backup"} 0
havipd_instance_state{instance="VI_1",vrid="51",state="master"} 1
havipd_instance_state{instance="VI_1",vrid="51",state="fault"} 0
# HELP havipd_instance_priority The configured priority.
# TYPE havipd_instance_priority gauge
havipd_instance_priority{instance="VI_1",vrid="51"} 100
# HELP havipd_instance_effective_priority The priority advertised now: configured plus track weights.
# TYPE havipd_instance_effective_priority gauge
havipd_instance_effective_priority{instance="VI_1",vrid="51"} 90
# HELP havipd_instance_vips Virtual addresses this node holds now for the instance.
# TYPE havipd_instance_vips gauge
havipd_instance_vips{instance="VI_1",vrid="51"} 1
# HELP havipd_instance_adverts_sent_total VRRP adverts sent (one per destination).
# TYPE havipd_instance_adverts_sent_total counter
havipd_instance_adverts_sent_total{instance="VI_1",vrid="51"} 1234
# HELP havipd_instance_adverts_received_total Valid VRRP adverts received.
# TYPE havipd_instance_adverts_received_total counter
havipd_instance_adverts_received_total{instance="VI_1",vrid="51"} 5
# HELP havipd_instance_adverts_dropped_total Received adverts dropped, by reason.
# TYPE havipd_instance_adverts_dropped_total counter
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="version_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="family_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="own_advert"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="bad_ttl"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="not_a_peer"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="bad_checksum"} 3
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="addr_count_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="addr_list_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="interval_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="zero_interval"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="auth_ah"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="auth_type_mismatch"} 0
havipd_instance_adverts_dropped_total{instance="VI_1",vrid="51",reason="auth_pass_mismatch"} 0
# HELP havipd_instance_transitions_total State changes.
# TYPE havipd_instance_transitions_total counter
havipd_instance_transitions_total{instance="VI_1",vrid="51"} 2
# HELP havipd_instance_become_master_total Transitions to master.
# TYPE havipd_instance_become_master_total counter
havipd_instance_become_master_total{instance="VI_1",vrid="51"} 1
# HELP havipd_instance_release_master_total Transitions from master to another state.
# TYPE havipd_instance_release_master_total counter
havipd_instance_release_master_total{instance="VI_1",vrid="51"} 0
# HELP havipd_instance_garp_sent_total Gratuitous ARP frames sent for the instance's IPv4 VIPs.
# TYPE havipd_instance_garp_sent_total counter
havipd_instance_garp_sent_total{instance="VI_1",vrid="51"} 5
# HELP havipd_instance_na_sent_total Unsolicited neighbour advertisements sent for the instance's IPv6 VIPs.
# TYPE havipd_instance_na_sent_total counter
havipd_instance_na_sent_total{instance="VI_1",vrid="51"} 0
# HELP havipd_instance_vips_restored_total VIPs put back while master after something else removed them from the host.
# TYPE havipd_instance_vips_restored_total counter
havipd_instance_vips_restored_total{instance="VI_1",vrid="51"} 0
# HELP havipd_instance_notify_failures_total Notify scripts that failed (non-zero exit, signal, timeout, or could not start).
# TYPE havipd_instance_notify_failures_total counter
havipd_instance_notify_failures_total{instance="VI_1",vrid="51"} 1
# HELP havipd_instance_last_transition_timestamp_seconds When the instance last changed state, seconds since the Unix epoch (0: not yet).
# TYPE havipd_instance_last_transition_timestamp_seconds gauge
havipd_instance_last_transition_timestamp_seconds{instance="VI_1",vrid="51"} 1796299001.007
# HELP havipd_instance_track_up 1 while a tracked interface or script is up, as the instance sees it.
# TYPE havipd_instance_track_up gauge
havipd_instance_track_up{instance="VI_1",vrid="51",track="chk_nginx",kind="script"} 1
havipd_instance_track_up{instance="VI_1",vrid="51",track="eth1",kind="interface"} 0
)";

metrics::Node fixed_node(const metrics::DropCounts& drops, const metrics::DropCounts& unmatched) {
    metrics::Node n;
    n.node = "db-a";
    n.plan_checksum = 0x7a8f52c6;
    n.start_time_unix_ms = 1'796'299'000'250;
    n.reloads_ok = 2;
    n.reloads_failed = 1;
    n.last_reload_ok = false;
    n.loop_max_lag_ns = 42'000'123;
    n.loop_timers = 1000;
    n.loop_late_timers = 3;
    n.files_written = 7;
    n.files_failed = 1;
    n.files_coalesced = 4;
    n.files_pending = 1;
    n.file_max_write_ns = 1'500'000'000;
    n.unmatched = &unmatched;
    n.scripts = {{"chk_nginx", true}};
    metrics::Instance in;
    in.name = "VI_1";
    in.vrid = 51;
    in.state = vrrp::State::Master;
    in.priority = 100;
    in.effective_priority = 90;
    in.adverts_sent = 1234;
    in.adverts_received = 5;
    in.transitions = 2;
    in.vips_held = 1;
    in.drops = &drops;
    in.counters.become_master = 1;
    in.counters.release_master = 0;
    in.counters.garp_sent = 5;
    in.counters.na_sent = 0;
    in.counters.notify_failed = 1;
    in.counters.last_transition_unix_ms = 1'796'299'001'007;
    in.tracks = {{"chk_nginx", "script", true}, {"eth1", "interface", false}};
    n.instances.push_back(in);
    return n;
}

}  // namespace

TEST(Metrics, ExactTextForAFixedState) {
    metrics::DropCounts drops{}, unmatched{};
    drops[static_cast<std::size_t>(vrrp::DropReason::BadChecksum)] = 3;
    unmatched[static_cast<std::size_t>(vrrp::DropReason::VridMismatch)] = 9;
    // Reasons of the other side (before or after matching an instance) are left
    // out while zero, and shown when not.
    unmatched[static_cast<std::size_t>(vrrp::DropReason::AuthAh)] = 2;
    std::string out;
    metrics::render(fixed_node(drops, unmatched), out);
    EXPECT_EQ(out, kExpected);
}

TEST(Metrics, LabelValuesAreEscaped) {
    metrics::Node n;
    n.node = "a\"b\\c\nd";
    std::string out;
    metrics::render(n, out);
    EXPECT_NE(out.find("havipd_plan_info{node=\"a\\\"b\\\\c\\nd\",checksum=\"0x00000000\"} 1\n"), std::string::npos)
        << out;
}

TEST(Metrics, NoInstanceNoScriptGivesNodeFamiliesOnly) {
    metrics::Node n;
    n.up = false;
    std::string out;
    metrics::render(n, out);
    EXPECT_NE(out.find("\nhavipd_up 0\n"), std::string::npos);
    EXPECT_EQ(out.find("havipd_instance_"), std::string::npos);
    EXPECT_EQ(out.find("havipd_script_up"), std::string::npos);
    EXPECT_EQ(out.find("havipd_adverts_unmatched_total"), std::string::npos);  // no counts given
    // Every family has exactly one HELP and one TYPE line.
    std::size_t helps = 0, types = 0;
    for (std::size_t p = 0; (p = out.find("# HELP ", p)) != std::string::npos; ++p) ++helps;
    for (std::size_t p = 0; (p = out.find("# TYPE ", p)) != std::string::npos; ++p) ++types;
    EXPECT_EQ(helps, 12u);
    EXPECT_EQ(types, 12u);
}

TEST(Metrics, RenderAppends) {
    metrics::Node n;
    std::string out = "keep\n";
    metrics::render(n, out);
    EXPECT_EQ(out.rfind("keep\n# HELP havipd_up ", 0), 0u);
}

TEST(Metrics, SyncGroupStateMembersAndTransitions) {
    metrics::Node n;
    n.groups = {{"G\"1", vrrp::State::Backup, 2, 1'796'299'001'007, {"VI_1", "VI_2"}}};
    std::string out;
    metrics::render(n, out);
    EXPECT_NE(out.find("# TYPE havipd_sync_group_state gauge\n"
                       "havipd_sync_group_state{group=\"G\\\"1\",state=\"init\"} 0\n"
                       "havipd_sync_group_state{group=\"G\\\"1\",state=\"backup\"} 1\n"
                       "havipd_sync_group_state{group=\"G\\\"1\",state=\"master\"} 0\n"
                       "havipd_sync_group_state{group=\"G\\\"1\",state=\"fault\"} 0\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("# TYPE havipd_sync_group_member_info gauge\n"
                       "havipd_sync_group_member_info{group=\"G\\\"1\",instance=\"VI_1\"} 1\n"
                       "havipd_sync_group_member_info{group=\"G\\\"1\",instance=\"VI_2\"} 1\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("\nhavipd_sync_group_transitions_total{group=\"G\\\"1\"} 2\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\nhavipd_sync_group_last_transition_timestamp_seconds{group=\"G\\\"1\"} 1796299001.007\n"),
              std::string::npos)
        << out;
}
