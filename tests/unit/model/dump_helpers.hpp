// SPDX-License-Identifier: MIT
#pragma once
// Loading configurations for the dump round-trip tests, and naming the first
// model field two nodes disagree on (so a failure says which field broke).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/dump.hpp"
#include "model/lower.hpp"
#include "source/source_map.hpp"
#include "syntax/keepalived/parser.hpp"
#include "syntax/toml/toml_reader.hpp"

namespace havip::model::testing {

struct Loaded {
    std::string label;  ///< file (and @id) it came from
    Node node;
    std::size_t errors = 0;  ///< error diagnostics while reading and lowering it
};

inline std::size_t errors_in(const diag::DiagList& d) { return d.count(diag::Severity::Error); }

/// A .conf, once per `@id` it names (once without an id when it names none).
inline std::vector<Loaded> load_conf(const std::string& path) {
    std::vector<Loaded> out;
    diag::DiagList scratch;
    auto ids = syntax::keepalived::config_ids(path, scratch);
    if (ids.empty()) ids.emplace_back();
    for (const auto& id : ids) {
        source::SourceMap sm;
        diag::DiagList diags;
        syntax::keepalived::Options opt;
        opt.config_id = id;
        auto doc = syntax::keepalived::parse_file(sm, path, opt, diags);
        Loaded l;
        l.label = id.empty() ? path : path + "@" + id;
        l.node = lower(doc, sm, diags, std::filesystem::path(path).stem().string());
        l.errors = errors_in(diags);
        out.push_back(std::move(l));
    }
    return out;
}

/// Every [[node]] of a havip.toml.
inline std::vector<Loaded> load_toml(const std::string& path) {
    std::vector<Loaded> out;
    source::SourceMap sm;
    diag::DiagList diags;
    auto docs = syntax::toml::read_cluster(sm, path, diags);
    for (const auto& d : docs) {
        diag::DiagList ld;
        Loaded l;
        l.label = path + "#" + d.node_name;
        l.node = lower(d, sm, ld, d.node_name);
        l.errors = errors_in(diags) + errors_in(ld);
        out.push_back(std::move(l));
    }
    return out;
}

/// The same test the driver applies: an inventory (`[[vpc]]`) or a lint policy is not a cluster.
inline bool is_cluster_toml(const std::filesystem::path& p) {
    if (p.filename() == ".havip-lint.toml") return false;
    std::ifstream in(p);
    std::string line;
    while (std::getline(in, line)) {
        auto b = line.find_first_not_of(" \t");
        if (b != std::string::npos && line.compare(b, 7, "[[vpc]]") == 0) return false;
    }
    return true;
}

/// Parses keepalived text and lowers it.
inline Node reparse(const std::string& text, diag::DiagList& diags) {
    source::SourceMap sm;
    auto doc = syntax::keepalived::parse_text(sm, "dumped.conf", text, {}, diags);
    return lower(doc, sm, diags, "dumped");
}

#define HAVIP_FIELD(f) \
    if (!(a.f == b.f)) return #f
inline std::string first_difference(const Instance& a, const Instance& b) {
    HAVIP_FIELD(name);
    HAVIP_FIELD(state);
    HAVIP_FIELD(state_text);
    HAVIP_FIELD(vrid);
    HAVIP_FIELD(priority);
    HAVIP_FIELD(interface);
    HAVIP_FIELD(version);
    HAVIP_FIELD(advert_int_us);
    HAVIP_FIELD(advert_int_text);
    HAVIP_FIELD(unicast_src_ip);
    HAVIP_FIELD(peers);
    HAVIP_FIELD(unicast_peer_block);
    HAVIP_FIELD(unicast_ttl);
    HAVIP_FIELD(mcast_src_ip);
    HAVIP_FIELD(vips);
    HAVIP_FIELD(vips_excluded);
    HAVIP_FIELD(vip_block);
    HAVIP_FIELD(nopreempt);
    HAVIP_FIELD(preempt);
    HAVIP_FIELD(preempt_delay_ms);
    HAVIP_FIELD(auth_type);
    HAVIP_FIELD(auth_type_text);
    HAVIP_FIELD(auth_pass);
    HAVIP_FIELD(tracks);
    HAVIP_FIELD(notify_master);
    HAVIP_FIELD(notify_backup);
    HAVIP_FIELD(notify_fault);
    HAVIP_FIELD(notify_stop);
    HAVIP_FIELD(notify);
    HAVIP_FIELD(notify_master_rx_lower_pri);
    HAVIP_FIELD(notify_deleted);
    HAVIP_FIELD(garp);
    HAVIP_FIELD(use_vmac);
    HAVIP_FIELD(vmac_name);
    HAVIP_FIELD(vmac_xmit_base);
    HAVIP_FIELD(accept);
    HAVIP_FIELD(no_accept);
    HAVIP_FIELD(strict);
    HAVIP_FIELD(dont_track_primary);
    HAVIP_FIELD(skip_check_adv_addr);
    HAVIP_FIELD(smtp_alert);
    HAVIP_FIELD(v3_checksum_as_v2);
    HAVIP_FIELD(sync_group);
    return {};
}

inline std::string first_difference(const GlobalDefs& a, const GlobalDefs& b) {
    HAVIP_FIELD(router_id);
    HAVIP_FIELD(script_user);
    HAVIP_FIELD(enable_script_security);
    HAVIP_FIELD(vrrp_version);
    HAVIP_FIELD(vrrp_strict);
    HAVIP_FIELD(vrrp_skip_check_adv_addr);
    HAVIP_FIELD(vrrp_check_unicast_src);
    HAVIP_FIELD(vrrp_startup_delay_ms);
    HAVIP_FIELD(vrrp_garp);
    HAVIP_FIELD(vrrp_garp_interval_us);
    HAVIP_FIELD(vrrp_gna_interval_us);
    HAVIP_FIELD(vrrp_min_garp);
    HAVIP_FIELD(notify_fifo);
    HAVIP_FIELD(vrrp_notify_fifo);
    HAVIP_FIELD(notify_fifo_user);
    HAVIP_FIELD(notify_fifo_group);
    HAVIP_FIELD(vrrp_notify_fifo_user);
    HAVIP_FIELD(vrrp_notify_fifo_group);
    HAVIP_FIELD(notify_fifo_script);
    HAVIP_FIELD(vrrp_notify_fifo_script);
    HAVIP_FIELD(vrrp_mcast_group4);
    HAVIP_FIELD(vrrp_mcast_group6);
    HAVIP_FIELD(max_auto_priority);
    return {};
}

inline std::string first_difference(const Script& a, const Script& b) {
    HAVIP_FIELD(name);
    HAVIP_FIELD(command);
    HAVIP_FIELD(interval_ms);
    HAVIP_FIELD(timeout_ms);
    HAVIP_FIELD(weight);
    HAVIP_FIELD(reverse);
    HAVIP_FIELD(rise);
    HAVIP_FIELD(fall);
    HAVIP_FIELD(init_fail);
    return {};
}
#undef HAVIP_FIELD

/// "" when the parts of two nodes a dump carries are equal, else where they differ.
inline std::string node_difference(const Node& a, const Node& b) {
    if (auto d = first_difference(a.globals, b.globals); !d.empty()) return "global_defs." + d;
    if (a.instances.size() != b.instances.size()) return "number of instances";
    for (std::size_t i = 0; i < a.instances.size(); ++i)
        if (auto d = first_difference(a.instances[i], b.instances[i]); !d.empty())
            return "vrrp_instance " + a.instances[i].name + ": " + d;
    if (a.scripts.size() != b.scripts.size()) return "number of scripts";
    for (std::size_t i = 0; i < a.scripts.size(); ++i)
        if (auto d = first_difference(a.scripts[i], b.scripts[i]); !d.empty())
            return "vrrp_script " + a.scripts[i].name + ": " + d;
    if (!(a.sync_groups == b.sync_groups)) return "sync groups";
    return {};
}

}  // namespace havip::model::testing
