// SPDX-License-Identifier: MIT
#include "cli/compile_toml_losses.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "driver/driver.hpp"
#include "model/dump.hpp"
#include "source/source_map.hpp"

namespace havip::cli {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string first_word(std::string_view s) { return std::string(s.substr(0, s.find(' '))); }

/// The top-level block a track of `kind` names (empty: none, an interface).
std::string_view track_block(model::TrackKind kind) {
    switch (kind) {
        case model::TrackKind::Script:
            return "vrrp_script";
        case model::TrackKind::File:
            return "track_file";
        case model::TrackKind::Process:
            return "vrrp_track_process";
        case model::TrackKind::Interface:
        case model::TrackKind::Bfd:
            break;
    }
    return {};
}

/// The node-level blocks instance `in` of `n` uses: its tracked objects' and
/// those of the sync groups holding it, and those groups.
std::set<std::string> used_blocks(const model::Node& n, const model::Instance& in) {
    std::set<std::string> used;
    auto add_tracks = [&used](const std::vector<model::TrackRef>& tracks) {
        for (const auto& t : tracks)
            if (auto b = track_block(t.kind); !b.empty()) used.insert(std::string(b) + " " + t.name);
    };
    add_tracks(in.tracks);
    for (const auto& g : n.sync_groups)
        if (std::find(g.members.begin(), g.members.end(), in.name) != g.members.end()) {
            used.insert("vrrp_sync_group " + g.name);
            add_tracks(g.tracks);
        }
    return used;
}

/// The canonical lines that matter for instance `in` of node `n`, each keyed
/// by the block headers above it ("vrrp_instance > unicast_peer > 10.0.0.2";
/// the instance's own header is written without its name), in dump order,
/// with the label a loss is reported under.
struct Lines {
    std::set<std::string> keys;
    std::vector<std::pair<std::string, std::string>> ordered;  // key, label
};

bool kept_block(std::string_view header, const std::string& instance, const std::set<std::string>& used) {
    return header == "global_defs" || header.starts_with("static_") || header == "vrrp_instance " + instance ||
           used.count(std::string(header));
}

Lines canonical(const model::Node& n, const model::Instance& in) {
    const auto used = used_blocks(n, in);
    std::istringstream dump(model::dump_keepalived(n));
    std::vector<std::string> stack;  // headers; "" for a block left out
    Lines out;
    for (std::string raw; std::getline(dump, raw);) {
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        if (line == "}") {
            if (!stack.empty()) stack.pop_back();
            continue;
        }
        if (line.ends_with("{")) {
            const std::string_view header = trim(line.substr(0, line.size() - 1));
            if (stack.empty())
                stack.emplace_back(!kept_block(header, in.name, used)     ? ""
                                   : header.starts_with("vrrp_instance ") ? "vrrp_instance"
                                                                          : std::string(header));
            else
                stack.emplace_back(stack.back().empty() ? "" : std::string(header));
            continue;
        }
        if (stack.empty() || stack.back().empty()) continue;
        std::string key;
        for (const auto& h : stack) key += h + " > ";
        key += line;
        if (!out.keys.insert(key).second) continue;
        // Within the instance and global_defs, the keyword; elsewhere the block.
        const bool by_keyword = stack.front() == "vrrp_instance" || stack.front() == "global_defs";
        const std::string label =
            by_keyword ? stack.front() + " > " + (stack.size() > 1 ? first_word(stack[1]) : first_word(line))
                       : stack.front();
        out.ordered.emplace_back(std::move(key), label);
    }
    return out;
}

}  // namespace

std::vector<std::string> toml_losses(const std::vector<emit::ClusterMember>& members, const std::string& toml) {
    source::SourceMap sm;
    diag::DiagList diags;
    const auto back = driver::read_toml_text(sm, "havip.toml", toml, diags);
    for (const auto& d : diags.items)
        if (d.severity == diag::Severity::Error)
            return {"the emitted havip.toml does not read back (" + d.code + ": " + d.message + ")"};
    std::vector<std::string> out;
    for (const auto& m : members) {
        auto b = std::find_if(back.begin(), back.end(), [&m](const model::Node& n) { return n.name == m.node->name; });
        if (b == back.end() || b->instances.empty()) {
            out.push_back("node `" + m.node->name + "`: not in the havip.toml");
            continue;
        }
        const Lines want = canonical(*m.node, *m.instance);
        const Lines got = canonical(*b, b->instances.front());
        std::vector<std::string> lost;
        for (const auto& [key, label] : want.ordered)
            if (!got.keys.count(key) && std::find(lost.begin(), lost.end(), label) == lost.end()) lost.push_back(label);
        if (lost.empty()) continue;
        std::string line = "node `" + m.node->name + "`: ";
        for (std::size_t i = 0; i < lost.size(); ++i) line += (i ? ", `" : "`") + lost[i] + "`";
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace havip::cli
