// SPDX-License-Identifier: MIT
#include "emit/toml_writer.hpp"

#include <fmt/format.h>

#include "base/quote.hpp"
#include "model/dump.hpp"

#include <algorithm>

namespace havip::emit {
namespace {

using base::quote;

std::string command(const model::Command& c) {
    if (c.user().empty()) return quote(c.text);
    std::string o = "{ command = " + quote(c.text) + ", user = " + quote(c.user());
    if (!c.group().empty()) o += ", group = " + quote(c.group());
    return o + " }";
}

std::string vip(const model::Vip& v) {
    if (v.dev.empty() && v.label.empty() && v.scope.empty() && !v.no_track) return quote(v.addr.str());
    std::string o = "{ address = " + quote(v.addr.str());
    if (!v.dev.empty()) o += ", dev = " + quote(v.dev);
    if (!v.label.empty()) o += ", label = " + quote(v.label);
    if (!v.scope.empty()) o += ", scope = " + quote(v.scope);
    if (v.no_track) o += ", no_track = true";
    return o + " }";
}

std::string track(const model::TrackRef& t) {
    if (!t.has_weight) return quote(t.name);
    return fmt::format("{{ name = {}, weight = {}{} }}", quote(t.name), t.weight, t.reverse ? ", reverse = true" : "");
}

template <class F>
std::string list(std::size_t n, F&& item) {
    std::string o = "[";
    for (std::size_t i = 0; i < n; ++i) o += (i ? ", " : "") + item(i);
    return o + "]";
}

/// `routes = [...]` / `rules = [...]`: each line's words as one string.
template <class T>
void word_lines(std::string& o, const char* key, const std::vector<T>& lines) {
    if (lines.empty()) return;
    o += std::string(key) + " = " +
         list(lines.size(),
              [&](std::size_t i) {
                  std::string s;
                  for (const auto& w : lines[i].words) s += (s.empty() ? "" : " ") + w;
                  return quote(s);
              }) +
         "\n";
}

void notify(std::string& o, const model::Instance& in) {
    std::string body;
    auto add = [&](const char* k, const model::Command& c) {
        if (!c.empty()) body += fmt::format("{} = {}\n", k, command(c));
    };
    add("master", in.notify_master);
    add("backup", in.notify_backup);
    add("fault", in.notify_fault);
    add("stop", in.notify_stop);
    add("notify", in.notify);
    if (!body.empty()) o += "\n[notify]\n" + body;
}

void garp(std::string& o, const model::Garp& g) {
    std::string body;
    auto add = [&](const char* k, const model::Located<std::uint32_t>& v) {
        if (v.set) body += fmt::format("{} = {}\n", k, v.value);
    };
    add("delay", g.master_delay_s);
    add("repeat", g.master_repeat);
    add("refresh", g.master_refresh_s);
    add("refresh_repeat", g.master_refresh_repeat);
    add("lower_prio_delay", g.lower_prio_delay_s);
    add("lower_prio_repeat", g.lower_prio_repeat);
    if (!body.empty()) o += "\n[garp]\n" + body;
}

/// [track]: the instance's tracked interfaces and scripts (the kinds havip.toml has).
void track_table(std::string& o, const model::Instance& in) {
    std::vector<model::TrackRef> ifs, scripts;
    for (const auto& t : in.tracks) {
        if (t.kind == model::TrackKind::Interface)
            ifs.push_back(t);
        else if (t.kind == model::TrackKind::Script)
            scripts.push_back(t);
    }
    if (ifs.empty() && scripts.empty()) return;
    o += "\n[track]\n";
    if (!ifs.empty()) o += "interfaces = " + list(ifs.size(), [&](std::size_t i) { return track(ifs[i]); }) + "\n";
    if (!scripts.empty())
        o += "scripts = " + list(scripts.size(), [&](std::size_t i) { return track(scripts[i]); }) + "\n";
}

/// One [script.NAME] table per vrrp_script.
void script_tables(std::string& o, const std::vector<model::Script>& scripts) {
    for (const auto& s : scripts) {
        o += "\n[script." + s.name + "]\n";
        o += "command = " + quote(s.command.text) + "\n";
        if (s.interval_ms.set)
            o += "interval = " + model::seconds_text(std::uint64_t{s.interval_ms.value} * 1000) + "\n";
        if (s.timeout_ms.set) o += "timeout = " + model::seconds_text(std::uint64_t{s.timeout_ms.value} * 1000) + "\n";
        if (s.weight.set) o += fmt::format("weight = {}\n", s.weight.value);
        if (s.reverse) o += "reverse = true\n";
        if (s.rise.set) o += fmt::format("rise = {}\n", s.rise.value);
        if (s.fall.set) o += fmt::format("fall = {}\n", s.fall.value);
        if (s.init_fail) o += "init_fail = true\n";
    }
}

void global(std::string& o, const model::GlobalDefs& g) {
    std::string body;
    if (g.router_id.set) body += "router_id = " + quote(g.router_id.value) + "\n";
    if (g.enable_script_security.set && g.enable_script_security.value) body += "enable_script_security = true\n";
    if (g.script_user.set) body += "script_user = " + quote(g.script_user.value) + "\n";
    if (g.vrrp_startup_delay_ms.set)
        body +=
            "vrrp_startup_delay = " + model::seconds_text(std::uint64_t{g.vrrp_startup_delay_ms.value} * 1000) + "\n";
    if (g.vrrp_garp.master_repeat.set)
        body += fmt::format("vrrp_garp_master_repeat = {}\n", g.vrrp_garp.master_repeat.value);
    if (g.vrrp_garp.master_refresh_s.set)
        body += fmt::format("vrrp_garp_master_refresh = {}\n", g.vrrp_garp.master_refresh_s.value);
    if (g.vrrp_garp.master_delay_s.set)
        body += fmt::format("vrrp_garp_master_delay = {}\n", g.vrrp_garp.master_delay_s.value);
    if (g.vrrp_strict.set && g.vrrp_strict.value) body += "vrrp_strict = true\n";
    if (g.vrrp_skip_check_adv_addr.set && g.vrrp_skip_check_adv_addr.value) body += "vrrp_skip_check_adv_addr = true\n";
    if (!body.empty()) o += "\n[global]\n" + body;
}

}  // namespace

std::string cluster_toml(const std::vector<ClusterMember>& members, const std::string& subnet) {
    if (members.empty()) return {};
    const auto& first = *members.front().instance;
    bool all_backup = true, equal_prio = true, all_nopreempt = true;
    int masters = 0;
    for (const auto& m : members) {
        const auto& in = *m.instance;
        all_backup &= in.state.value == model::State::Backup;
        masters += in.state.value == model::State::Master;
        equal_prio &= in.priority.value == first.priority.value;
        all_nopreempt &= in.nopreempt.value;
    }
    std::string mode;
    if (all_backup && equal_prio && all_nopreempt)
        mode = "non-standing";
    else if (masters == 1) {
        bool none_nopreempt = std::none_of(members.begin(), members.end(),
                                           [](const ClusterMember& m) { return m.instance->nopreempt.value; });
        if (none_nopreempt) mode = "standing";
    }
    bool same_interface = std::all_of(members.begin(), members.end(), [&](const ClusterMember& m) {
        return m.instance->interface.value == first.interface.value;
    });

    std::string o = "# havip.toml written by havip-compile --emit toml\n";
    const auto& cluster = members.front().node->cluster;
    o += "name = " + quote(cluster.name.empty() ? first.name : cluster.name) + "\n";
    if (!cluster.name.empty() && cluster.name != first.name) o += "instance = " + quote(first.name) + "\n";
    if (!mode.empty()) o += "mode = " + quote(mode) + "\n";
    o += fmt::format("router_id = {}\n", first.vrid.value);
    if (first.version.set || first.version.value != 2) o += fmt::format("version = {}\n", first.version.value);
    o += "advert_int = " + model::seconds_text(first.advert_int_us.value) + "\n";
    if (!subnet.empty()) o += "subnet = " + quote(subnet) + "\n";
    if (same_interface && first.interface.set) o += "interface = " + quote(first.interface.value) + "\n";
    if (equal_prio) o += fmt::format("priority = {}\n", first.priority.value);
    o += "vips = " + list(first.vips.size(), [&](std::size_t i) { return vip(first.vips[i]); }) + "\n";
    word_lines(o, "routes", first.routes);
    word_lines(o, "rules", first.rules);
    if (first.peers.empty()) o += "multicast = true\n";
    if (mode.empty() && first.preempt_delay_ms.set)
        o += "preempt_delay = " + model::seconds_text(std::uint64_t(first.preempt_delay_ms.value) * 1000) + "\n";
    if (first.use_vmac.value)
        o += first.vmac_name.empty() ? "vmac = true\n" : "vmac = " + quote(first.vmac_name) + "\n";
    if (first.vmac_xmit_base.value) o += "vmac_xmit_base = true\n";
    if (first.auth_type.value != model::AuthType::None) {
        o += "\n[auth]\n";
        o += fmt::format("type = \"{}\"\n", first.auth_type.value == model::AuthType::Pass ? "PASS" : "AH");
        if (first.auth_pass.set) o += "pass = " + quote(first.auth_pass.value) + "\n";
    }
    garp(o, first.garp);
    notify(o, first);
    track_table(o, first);
    script_tables(o, members.front().node->scripts);
    global(o, members.front().node->globals);
    for (const auto& m : members) {
        const auto& in = *m.instance;
        o += "\n[[node]]\nname = " + quote(m.node->name) + "\n";
        if (in.unicast_src_ip.set) o += "address = " + quote(in.unicast_src_ip.value.str()) + "\n";
        if (!same_interface && in.interface.set) o += "interface = " + quote(in.interface.value) + "\n";
        if (!equal_prio) o += fmt::format("priority = {}\n", in.priority.value);
        if (mode.empty()) {
            o += fmt::format("state = \"{}\"\n", in.state.value == model::State::Master ? "MASTER" : "BACKUP");
            if (in.nopreempt.value) o += "nopreempt = true\n";
        }
    }
    return o;
}

}  // namespace havip::emit
