// SPDX-License-Identifier: MIT
#include "exec/metrics.hpp"

#include <iterator>

#include <fmt/format.h>

namespace havip::exec::metrics {

namespace {

using Out = std::back_insert_iterator<std::string>;

// Label values: backslash, double quote and newline escaped (exposition format).
struct Esc {
    std::string_view v;
};

void put(std::string& out, Esc e) {
    if (e.v.find_first_of("\\\"\n") == std::string_view::npos) {
        out += e.v;
        return;
    }
    for (char c : e.v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(Out(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// Seconds from an integer count of 10^-digits seconds, without floating point
// (the text is exact and the same on every machine).
void seconds(std::string& out, std::int64_t v, int digits) {
    std::int64_t div = 1;
    for (int i = 0; i < digits; ++i) div *= 10;
    if (v < 0) {
        out += '-';
        v = -v;
    }
    fmt::format_to(Out(out), "{}.{:0{}}", v / div, v % div, digits);
}

void num(std::string& out, std::uint64_t v) {
    fmt::format_int f(v);
    out.append(f.data(), f.size());
}

// {instance="..",vrid=".." — an instance's label set, made once per render
// (the text is ~3 KB per instance: rendering is appends, not formatting).
std::string inst_labels(const Instance& in) {
    std::string l = "{instance=\"";
    put(l, Esc{in.name});
    l += "\",vrid=\"";
    num(l, in.vrid);
    l += '"';
    return l;
}

void fifo_family(std::string& out, const Node& n, std::string_view name, std::string_view help, bool dropped) {
    family(out, name, "counter", help);
    for (const auto& f : n.fifos) {
        out += name;
        out += "{fifo=\"";
        put(out, Esc{f.path});
        out += "\"} ";
        num(out, dropped ? f.dropped : f.written);
        out += '\n';
    }
}

void fifos(std::string& out, const Node& n) {
    if (n.fifos.empty()) return;
    fifo_family(out, n, "havipd_notify_fifo_lines_total", "Lines written to a notify FIFO.", false);
    fifo_family(out, n, "havipd_notify_fifo_dropped_total",
                "Lines not written to a notify FIFO because its pipe was full (no reader, or a slow one).", true);
}

template <class F>
void per_instance(std::string& out, const Node& n, const std::vector<std::string>& labels, std::string_view name,
                  std::string_view type, std::string_view help, F value) {
    if (n.instances.empty()) return;
    family(out, name, type, help);
    for (std::size_t i = 0; i < n.instances.size(); ++i) {
        out += name;
        out += labels[i];
        out += "} ";
        num(out, value(n.instances[i]));
        out += '\n';
    }
}

// The reasons a received packet can be dropped for after it was matched to an
// instance (vrrp::validate() past vrrp::parse()), and before (parse failures and
// unknown VRIDs). Each side's reasons are always present; another reason
// appears only if its count is not zero (which the daemon's path rules out).
bool instance_reason(vrrp::DropReason r) {
    using D = vrrp::DropReason;
    return r != D::TooShort && r != D::BadVersion && r != D::BadType && r != D::Truncated && r != D::VridMismatch;
}

void drops(std::string& out, const DropCounts& d, std::string_view prefix, bool per_instance) {
    for (std::size_t r = 1; r < vrrp::kDropReasonCount; ++r) {
        const auto why = static_cast<vrrp::DropReason>(r);
        if (instance_reason(why) != per_instance && d[r] == 0) continue;
        out += prefix;
        out += "reason=\"";
        out += vrrp::drop_reason_name(why);
        out += "\"} ";
        num(out, d[r]);
        out += '\n';
    }
}

/// One sample per state, 1 for `now`: `series` is the name and the labels
/// before state's (`name{a="x"`).
void states(std::string& out, std::string_view series, vrrp::State now) {
    for (vrrp::State s : {vrrp::State::Init, vrrp::State::Backup, vrrp::State::Master, vrrp::State::Fault}) {
        out += series;
        out += ",state=\"";
        out += vrrp::state_name(s);
        out += now == s ? "\"} 1\n" : "\"} 0\n";
    }
}

std::string group_labels(const SyncGroup& g) {
    std::string l = "{group=\"";
    put(l, Esc{g.name});
    l += '"';
    return l;
}

void groups(std::string& out, const Node& n) {
    if (n.groups.empty()) return;
    std::vector<std::string> labels;
    for (const auto& g : n.groups) labels.push_back(group_labels(g));
    family(out, "havipd_sync_group_state", "gauge",
           "1 for the state the vrrp_sync_group is in (init, backup, master, fault), else 0.");
    for (std::size_t i = 0; i < n.groups.size(); ++i) {
        std::string series = "havipd_sync_group_state";
        series += labels[i];
        states(out, series, n.groups[i].state);
    }
    family(out, "havipd_sync_group_member_info", "gauge", "The instances a vrrp_sync_group holds, value 1.");
    for (std::size_t i = 0; i < n.groups.size(); ++i)
        for (std::string_view m : n.groups[i].members) {
            out += "havipd_sync_group_member_info";
            out += labels[i];
            out += ",instance=\"";
            put(out, Esc{m});
            out += "\"} 1\n";
        }
    family(out, "havipd_sync_group_transitions_total", "counter", "State changes of a vrrp_sync_group.");
    for (std::size_t i = 0; i < n.groups.size(); ++i) {
        out += "havipd_sync_group_transitions_total";
        out += labels[i];
        out += "} ";
        num(out, n.groups[i].transitions);
        out += '\n';
    }
    family(out, "havipd_sync_group_last_transition_timestamp_seconds", "gauge",
           "When the vrrp_sync_group last changed state, seconds since the Unix epoch (0: not yet).");
    for (std::size_t i = 0; i < n.groups.size(); ++i) {
        out += "havipd_sync_group_last_transition_timestamp_seconds";
        out += labels[i];
        out += "} ";
        seconds(out, n.groups[i].last_transition_unix_ms, 3);
        out += '\n';
    }
}

}  // namespace

void render(const Node& n, std::string& out) {
    family(out, "havipd_up", "gauge", "1 while havipd runs; 0 in the textfile it leaves after a graceful stop.");
    fmt::format_to(Out(out), "havipd_up {}\n", n.up ? 1 : 0);
    family(out, "havipd_plan_info", "gauge", "The running plan: node name and plan checksum (CRC-32C), value 1.");
    out += "havipd_plan_info{node=\"";
    put(out, Esc{n.node});
    fmt::format_to(Out(out), "\",checksum=\"0x{:08x}\"}} 1\n", n.plan_checksum);
    family(out, "havipd_start_time_seconds", "gauge", "When havipd started, seconds since the Unix epoch.");
    out += "havipd_start_time_seconds ";
    seconds(out, n.start_time_unix_ms, 3);
    out += '\n';
    family(out, "havipd_reloads_total", "counter",
           "Plan reloads (SIGHUP) by result; a failed reload keeps the running plan.");
    fmt::format_to(Out(out), "havipd_reloads_total{{result=\"ok\"}} {}\nhavipd_reloads_total{{result=\"failed\"}} {}\n",
                   n.reloads_ok, n.reloads_failed);
    family(out, "havipd_last_reload_successful", "gauge",
           "1 when the last reload succeeded (or none was tried), else 0.");
    fmt::format_to(Out(out), "havipd_last_reload_successful {}\n", n.last_reload_ok ? 1 : 0);
    family(out, "havipd_loop_lag_max_seconds", "gauge", "The largest lateness of an event-loop timer since the start.");
    out += "havipd_loop_lag_max_seconds ";
    seconds(out, n.loop_max_lag_ns, 9);
    out += '\n';
    family(out, "havipd_loop_timers_total", "counter", "Event-loop timers run (each one's lateness is measured).");
    fmt::format_to(Out(out), "havipd_loop_timers_total {}\n", n.loop_timers);
    family(out, "havipd_loop_late_timers_total", "counter", "Event-loop timers that ran more than 10 ms late.");
    fmt::format_to(Out(out), "havipd_loop_late_timers_total {}\n", n.loop_late_timers);
    family(out, "havipd_file_writes_total", "counter",
           "State, stats and metrics files written off the event loop, by result.");
    fmt::format_to(Out(out),
                   "havipd_file_writes_total{{result=\"ok\"}} {}\nhavipd_file_writes_total{{result=\"failed\"}} {}\n",
                   n.files_written, n.files_failed);
    family(out, "havipd_file_writes_coalesced_total", "counter",
           "File contents replaced by a newer one before being written (a slow disk).");
    fmt::format_to(Out(out), "havipd_file_writes_coalesced_total {}\n", n.files_coalesced);
    family(out, "havipd_file_writes_pending", "gauge", "File writes queued or under way.");
    fmt::format_to(Out(out), "havipd_file_writes_pending {}\n", n.files_pending);
    family(out, "havipd_file_write_max_seconds", "gauge", "The longest file write since the start.");
    out += "havipd_file_write_max_seconds ";
    seconds(out, n.file_max_write_ns, 9);
    out += '\n';
    if (n.unmatched) {
        family(out, "havipd_adverts_unmatched_total", "counter",
               "Received VRRP packets that matched no instance, by reason (malformed, or an unknown VRID).");
        drops(out, *n.unmatched, "havipd_adverts_unmatched_total{", false);
    }
    if (!n.scripts.empty()) {
        family(out, "havipd_script_up", "gauge", "1 while a vrrp_script counts as up (after rise/fall), else 0.");
        for (const auto& s : n.scripts) {
            out += "havipd_script_up{script=\"";
            put(out, Esc{s.name});
            fmt::format_to(Out(out), "\"}} {}\n", s.up ? 1 : 0);
        }
    }

    std::vector<std::string> labels;
    labels.reserve(n.instances.size());
    for (const auto& in : n.instances) labels.push_back(inst_labels(in));
    if (!n.instances.empty()) {
        family(out, "havipd_instance_state", "gauge",
               "1 for the state the instance is in (init, backup, master, fault), else 0.");
        for (std::size_t i = 0; i < n.instances.size(); ++i) {
            std::string series = "havipd_instance_state";
            series += labels[i];
            states(out, series, n.instances[i].state);
        }
    }
    per_instance(out, n, labels, "havipd_instance_priority", "gauge", "The configured priority.",
                 [](const Instance& i) { return i.priority; });
    per_instance(out, n, labels, "havipd_instance_effective_priority", "gauge",
                 "The priority advertised now: configured plus track weights.",
                 [](const Instance& i) { return i.effective_priority; });
    per_instance(out, n, labels, "havipd_instance_vips", "gauge",
                 "Virtual addresses this node holds now for the instance.",
                 [](const Instance& i) { return i.vips_held; });
    per_instance(out, n, labels, "havipd_instance_adverts_sent_total", "counter",
                 "VRRP adverts sent (one per destination).", [](const Instance& i) { return i.adverts_sent; });
    per_instance(out, n, labels, "havipd_instance_adverts_received_total", "counter", "Valid VRRP adverts received.",
                 [](const Instance& i) { return i.adverts_received; });
    if (!n.instances.empty()) {
        family(out, "havipd_instance_adverts_dropped_total", "counter", "Received adverts dropped, by reason.");
        static const DropCounts kNone{};
        std::string prefix;
        for (std::size_t i = 0; i < n.instances.size(); ++i) {
            prefix = "havipd_instance_adverts_dropped_total";
            prefix += labels[i];
            prefix += ',';
            drops(out, n.instances[i].drops ? *n.instances[i].drops : kNone, prefix, true);
        }
    }
    per_instance(out, n, labels, "havipd_instance_transitions_total", "counter", "State changes.",
                 [](const Instance& i) { return i.transitions; });
    per_instance(out, n, labels, "havipd_instance_become_master_total", "counter", "Transitions to master.",
                 [](const Instance& i) { return i.counters.become_master; });
    per_instance(out, n, labels, "havipd_instance_release_master_total", "counter",
                 "Transitions from master to another state.",
                 [](const Instance& i) { return i.counters.release_master; });
    per_instance(out, n, labels, "havipd_instance_garp_sent_total", "counter",
                 "Gratuitous ARP frames sent for the instance's IPv4 VIPs.",
                 [](const Instance& i) { return i.counters.garp_sent; });
    per_instance(out, n, labels, "havipd_instance_na_sent_total", "counter",
                 "Unsolicited neighbour advertisements sent for the instance's IPv6 VIPs.",
                 [](const Instance& i) { return i.counters.na_sent; });
    per_instance(out, n, labels, "havipd_instance_vips_restored_total", "counter",
                 "VIPs put back while master after something else removed them from the host.",
                 [](const Instance& i) { return i.counters.vips_restored; });
    per_instance(out, n, labels, "havipd_instance_notify_failures_total", "counter",
                 "Notify scripts that failed (non-zero exit, signal, timeout, or could not start).",
                 [](const Instance& i) { return i.counters.notify_failed; });
    if (!n.instances.empty()) {
        family(out, "havipd_instance_last_transition_timestamp_seconds", "gauge",
               "When the instance last changed state, seconds since the Unix epoch (0: not yet).");
        for (std::size_t i = 0; i < n.instances.size(); ++i) {
            out += "havipd_instance_last_transition_timestamp_seconds";
            out += labels[i];
            out += "} ";
            seconds(out, n.instances[i].counters.last_transition_unix_ms, 3);
            out += '\n';
        }
    }
    fifos(out, n);
    groups(out, n);
    bool any_track = false;
    for (const auto& in : n.instances) any_track = any_track || !in.tracks.empty();
    if (any_track) {
        family(out, "havipd_instance_track_up", "gauge",
               "1 while a tracked interface or script is up, as the instance sees it.");
        for (std::size_t i = 0; i < n.instances.size(); ++i)
            for (const auto& t : n.instances[i].tracks) {
                out += "havipd_instance_track_up";
                out += labels[i];
                out += ",track=\"";
                put(out, Esc{t.name});
                out += "\",kind=\"";
                out += t.kind;
                out += t.up ? "\"} 1\n" : "\"} 0\n";
            }
    }
}

}  // namespace havip::exec::metrics
