// SPDX-License-Identifier: MIT
// Reports of a simulation run: JSON for tools and tests, text for people.
#include <cstdio>
#include <string>

#include "base/quote.hpp"
#include "sim/sim.hpp"

namespace havip::sim {

namespace {

std::string secs(usec us) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6f", double(us) / 1e6);
    return b;
}

std::string node_name(const Setup& s, std::uint16_t n) { return n < s.nodes.size() ? s.nodes[n].name : "?"; }

std::string instance_name(const Setup& s, std::uint16_t n, std::uint16_t i) {
    if (n >= s.nodes.size() || i >= s.nodes[n].instances.size()) return "?";
    const auto& c = s.nodes[n].instances[i];
    return c.name.empty() ? "vrid" + std::to_string(c.vrid) : c.name;
}

}  // namespace

std::string to_json(const Setup& s, const Result& r, bool with_transitions) {
    std::string o = "{\n";
    o += "  \"seed\": " + std::to_string(s.seed) + ",\n";
    o += "  \"duration_s\": " + secs(s.duration) + ",\n";
    o += "  \"clusters\": " + std::to_string(s.clusters) + ",\n";
    o += "  \"nodes\": [";
    for (std::size_t i = 0; i < s.nodes.size(); ++i) o += (i ? ", " : "") + base::quote(s.nodes[i].name);
    o += "],\n";
    if (with_transitions) {
        o += "  \"transitions\": [";
        for (std::size_t i = 0; i < r.transitions.size(); ++i) {
            const auto& t = r.transitions[i];
            o += i ? ",\n    " : "\n    ";
            o += "{\"t_s\": " + secs(t.t) + ", \"t_us\": " + std::to_string(t.t) +
                 ", \"cluster\": " + std::to_string(t.cluster) + ", \"node\": " + base::quote(node_name(s, t.node)) +
                 ", \"instance\": " + base::quote(instance_name(s, t.node, t.instance)) + ", \"from\": \"" +
                 std::string(vrrp::state_name(t.from)) + "\", \"to\": \"" + std::string(vrrp::state_name(t.to)) + "\"}";
        }
        o += r.transitions.empty() ? "],\n" : "\n  ],\n";
    }
    o += "  \"summary\": {\n    \"failures\": [";
    for (std::size_t i = 0; i < r.failures.size(); ++i) {
        const auto& f = r.failures[i];
        const auto& e = s.events[f.event];
        o += i ? ",\n      " : "\n      ";
        o += "{\"event\": " + base::quote(e.text) + ", \"kind\": \"" + std::string(event_kind_name(e.kind)) +
             "\", \"at_s\": " + secs(e.at) + ", \"masters_lost\": " + std::to_string(f.needed) +
             ", \"taken_over\": " + std::to_string(f.taken_over);
        if (f.taken_over) {
            o += ", \"takeover_s\": " + secs(f.min);  // the single value for one cluster
            o += ", \"takeover_min_s\": " + secs(f.min) + ", \"takeover_max_s\": " + secs(f.max);
            char b[32];
            std::snprintf(b, sizeof b, "%.6f", f.mean / 1e6);
            o += std::string(", \"takeover_mean_s\": ") + b;
        } else {
            o += ", \"takeover_s\": null";
        }
        o += "}";
    }
    o += r.failures.empty() ? "],\n" : "\n    ],\n";
    o += "    \"split_brain_s\": " + secs(r.split_brain_total) + ",\n";
    o += "    \"split_brain_max_episode_s\": " + secs(r.split_brain_max_episode) + ",\n";
    o += "    \"split_brain_episodes\": " + std::to_string(r.split_brain_episodes) + ",\n";
    o += "    \"masters_at_end\": [";
    for (std::size_t i = 0; i < r.end_cluster0.size(); ++i) {
        const auto& g = r.end_cluster0[i];
        o += i ? ", " : "";
        o += "{\"vrid\": " + std::to_string(g.vrid) + ", \"family\": \"" +
             (g.family == vrrp::Family::V4 ? "ipv4" : "ipv6") + "\", \"masters\": [";
        for (std::size_t j = 0; j < g.masters.size(); ++j)
            o += (j ? ", " : "") + base::quote(node_name(s, g.masters[j]));
        o += "]}";
    }
    o += "],\n";
    o += "    \"groups\": {\"one_master\": " + std::to_string(r.groups_one_master) +
         ", \"no_master\": " + std::to_string(r.groups_no_master) +
         ", \"several_masters\": " + std::to_string(r.groups_many_masters) + "},\n";
    o += "    \"packets\": {\"sent\": " + std::to_string(r.sent) + ", \"delivered\": " + std::to_string(r.delivered) +
         ", \"accepted\": " + std::to_string(r.accepted) + ", \"lost\": " + std::to_string(r.lost) +
         ", \"unreachable\": " + std::to_string(r.unreachable) + ", \"duplicated\": " + std::to_string(r.duplicated) +
         ", \"unknown_vrid\": " + std::to_string(r.unknown_vrid) + ", \"dropped\": {";
    bool first = true;
    for (std::size_t i = 1; i < vrrp::kDropReasonCount; ++i) {
        if (!r.dropped[i]) continue;
        o += (first ? "\"" : ", \"") + std::string(vrrp::drop_reason_name(vrrp::DropReason(i))) +
             "\": " + std::to_string(r.dropped[i]);
        first = false;
    }
    o += "}},\n";
    o += "    \"garp_frames\": " + std::to_string(r.garp_frames) + ",\n";
    o += "    \"events_processed\": " + std::to_string(r.events_processed) + "\n";
    o += "  }\n}\n";
    return o;
}

std::string to_text(const Setup& s, const Result& r) {
    std::string o;
    char b[256];
    if (s.clusters == 1) {
        for (const auto& t : r.transitions) {
            std::snprintf(b, sizeof b, "%12.6f  %-10s %-12s %s -> %s\n", double(t.t) / 1e6,
                          node_name(s, t.node).c_str(), instance_name(s, t.node, t.instance).c_str(),
                          std::string(vrrp::state_name(t.from)).c_str(), std::string(vrrp::state_name(t.to)).c_str());
            o += b;
        }
    }
    for (const auto& f : r.failures) {
        const auto& e = s.events[f.event];
        if (!f.needed) continue;
        if (f.taken_over)
            std::snprintf(b, sizeof b, "%-24s takeover %.6f s (min %.6f, max %.6f; %llu of %llu groups)\n",
                          e.text.c_str(), f.mean / 1e6, double(f.min) / 1e6, double(f.max) / 1e6,
                          (unsigned long long)f.taken_over, (unsigned long long)f.needed);
        else
            std::snprintf(b, sizeof b, "%-24s no takeover (%llu groups lost their master)\n", e.text.c_str(),
                          (unsigned long long)f.needed);
        o += b;
    }
    std::snprintf(b, sizeof b, "split brain: %.6f s in %llu episode%s (longest %.6f s)\n",
                  double(r.split_brain_total) / 1e6, (unsigned long long)r.split_brain_episodes,
                  r.split_brain_episodes == 1 ? "" : "s", double(r.split_brain_max_episode) / 1e6);
    o += b;
    std::snprintf(b, sizeof b, "groups at end: %llu with one master, %llu with none, %llu with several\n",
                  (unsigned long long)r.groups_one_master, (unsigned long long)r.groups_no_master,
                  (unsigned long long)r.groups_many_masters);
    o += b;
    std::snprintf(b, sizeof b, "packets: %llu sent, %llu delivered, %llu lost, %llu unreachable; %llu events\n",
                  (unsigned long long)r.sent, (unsigned long long)r.delivered, (unsigned long long)r.lost,
                  (unsigned long long)r.unreachable, (unsigned long long)r.events_processed);
    o += b;
    return o;
}

}  // namespace havip::sim
