// SPDX-License-Identifier: MIT
#include "model/dump.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace havip::model {

namespace {

bool is_control(char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; }

/// One word as keepalived reads it back: bare when it can be, else in double
/// quotes (inside which blanks, comment characters and braces are plain text
/// and backslash escapes are kept as written, as the model holds them).
/// Text keepalived cannot hold in one word never escapes it: a line break or
/// other control character becomes a blank and a lone `"` is escaped (the
/// command's argv is unchanged by that), so a value can never start a new
/// statement or block.
std::string word(std::string_view w) {
    bool plain = !w.empty() && w.find_first_of(" \t\"'#!{}\\") == std::string_view::npos && w.front() != '@' &&
                 w.front() != '~' && std::none_of(w.begin(), w.end(), is_control);
    if (plain) return std::string(w);
    std::string out = "\"";
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = is_control(w[i]) ? ' ' : w[i];
        if (c == '\\') {
            // An escape is kept as written; a trailing backslash must not eat the closing quote.
            out += c;
            out += i + 1 < w.size() ? (is_control(w[i + 1]) ? ' ' : w[i + 1]) : '\\';
            ++i;
        } else if (c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

const char* bool_word(bool b) { return b ? "on" : "off"; }

const char* track_keyword(TrackKind k) {
    switch (k) {
        case TrackKind::Interface:
            return "track_interface";
        case TrackKind::Script:
            return "track_script";
        case TrackKind::File:
            return "track_file";
        case TrackKind::Process:
            return "track_process";
        case TrackKind::Bfd:
            return "track_bfd";
    }
    return "track_script";
}

/// Accumulates lines at the current depth (4 spaces a level).
class Writer {
  public:
    void line(std::string_view text) {
        out_.append(depth_ * 4, ' ');
        out_.append(text);
        out_.push_back('\n');
    }
    void open(std::string_view head) {
        line(fmt::format("{} {{", head));
        ++depth_;
    }
    void close() {
        --depth_;
        line("}");
    }
    void blank() { out_.push_back('\n'); }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
    std::size_t depth_ = 0;
};

void kv(Writer& w, std::string_view key, std::string_view value) { w.line(fmt::format("{} {}", key, value)); }

template <class T>
void kv_num(Writer& w, std::string_view key, const Located<T>& v) {
    if (v.set) kv(w, key, std::to_string(v.value));
}

void kv_word(Writer& w, std::string_view key, const Located<std::string>& v) {
    if (v.set) kv(w, key, word(v.value));
}

/// `keyword` for a flag that only turns something on.
void flag(Writer& w, std::string_view key, const Located<bool>& v) {
    if (v.set && v.value) w.line(key);
}

/// `keyword` or `keyword off` for keywords taking an optional boolean.
void opt_bool(Writer& w, std::string_view key, const Located<bool>& v) {
    if (!v.set) return;
    if (v.value)
        w.line(key);
    else
        kv(w, key, bool_word(false));
}

void command(Writer& w, std::string_view key, const Command& c) {
    if (c.text.empty()) return;
    std::string s = fmt::format("{} {}", key, word(c.text));
    if (!c.user().empty()) {
        s += ' ' + word(c.user());
        if (!c.group().empty()) s += ' ' + word(c.group());
    }
    w.line(s);
}

/// `notify_fifo PATH [user [group]]`.
void fifo(Writer& w, std::string_view key, const Located<std::string>& path, const std::string& user,
          const std::string& group) {
    if (!path.set) return;
    std::string s = fmt::format("{} {}", key, word(path.value));
    if (!user.empty()) s += ' ' + word(user);
    if (!user.empty() && !group.empty()) s += ' ' + word(group);
    w.line(s);
}

/// Track entries grouped into blocks: consecutive entries of one kind share a
/// block, so lowering reads them back in the same order.
void tracks(Writer& w, const std::vector<TrackRef>& refs) {
    for (std::size_t i = 0; i < refs.size();) {
        TrackKind kind = refs[i].kind;
        w.open(track_keyword(kind));
        for (; i < refs.size() && refs[i].kind == kind; ++i) {
            const auto& t = refs[i];
            std::string s = word(t.name);
            if (t.has_weight) s += fmt::format(" weight {}", t.weight);
            if (t.reverse) s += " reverse";
            w.line(s);
        }
        w.close();
    }
}

void vip_lines(Writer& w, const std::vector<Vip>& vips) {
    for (const auto& v : vips) {
        std::string s = v.addr.str();
        if (!v.dev.empty()) s += " dev " + word(v.dev);
        if (!v.label.empty()) s += " label " + word(v.label);
        if (!v.scope.empty()) s += " scope " + word(v.scope);
        if (v.no_track) s += " no_track";
        w.line(s);
    }
}

/// GARP settings; `prefix` is "vrrp_" in global_defs and empty in an instance.
void garp(Writer& w, std::string_view prefix, const Garp& g) {
    auto one = [&](std::string_view key, const Located<std::uint32_t>& v) {
        if (v.set) kv(w, fmt::format("{}{}", prefix, key), std::to_string(v.value));
    };
    one("garp_master_delay", g.master_delay_s);
    one("garp_master_repeat", g.master_repeat);
    one("garp_master_refresh", g.master_refresh_s);
    one("garp_master_refresh_repeat", g.master_refresh_repeat);
    one("garp_lower_prio_delay", g.lower_prio_delay_s);
    one("garp_lower_prio_repeat", g.lower_prio_repeat);
}

bool any_set(const GlobalDefs& g) {
    const auto& r = g.vrrp_garp;
    return g.router_id.set || g.script_user.set || g.enable_script_security.set || g.vrrp_version.set ||
           g.vrrp_strict.set || g.vrrp_skip_check_adv_addr.set || g.vrrp_check_unicast_src.set ||
           g.vrrp_startup_delay_ms.set || r.master_delay_s.set || r.master_repeat.set || r.master_refresh_s.set ||
           r.master_refresh_repeat.set || r.lower_prio_delay_s.set || r.lower_prio_repeat.set ||
           (g.vrrp_garp_interval_us.set && g.vrrp_garp_interval_us.value != 0) ||
           (g.vrrp_gna_interval_us.set && g.vrrp_gna_interval_us.value != 0) || g.vrrp_min_garp.set ||
           g.notify_fifo.set || g.vrrp_notify_fifo.set || !g.notify_fifo_script.text.empty() ||
           !g.vrrp_notify_fifo_script.text.empty() || g.vrrp_mcast_group4.set || g.vrrp_mcast_group6.set ||
           g.max_auto_priority.set;
}

void global_defs(Writer& w, const GlobalDefs& g) {
    if (!any_set(g)) return;
    w.open("global_defs");
    kv_word(w, "router_id", g.router_id);
    if (g.script_user.set) {
        // Held as "user group"; written back as the two words it was read from.
        std::string_view v = g.script_user.value;
        auto sp = v.find(' ');
        if (sp == std::string_view::npos)
            kv(w, "script_user", word(v));
        else
            kv(w, "script_user", word(v.substr(0, sp)) + ' ' + word(v.substr(sp + 1)));
    }
    flag(w, "enable_script_security", g.enable_script_security);
    kv_num(w, "vrrp_version", g.vrrp_version);
    flag(w, "vrrp_strict", g.vrrp_strict);
    opt_bool(w, "vrrp_skip_check_adv_addr", g.vrrp_skip_check_adv_addr);
    flag(w, "vrrp_check_unicast_src", g.vrrp_check_unicast_src);
    if (g.vrrp_startup_delay_ms.set)
        kv(w, "vrrp_startup_delay", seconds_text(std::uint64_t{g.vrrp_startup_delay_ms.value} * 1000));
    garp(w, "vrrp_", g.vrrp_garp);
    // keepalived >= 2.0.7 rejects 0 ("is invalid") and keeps its default: write nothing.
    if (g.vrrp_garp_interval_us.set && g.vrrp_garp_interval_us.value != 0)
        kv(w, "vrrp_garp_interval", seconds_text(g.vrrp_garp_interval_us.value));
    if (g.vrrp_gna_interval_us.set && g.vrrp_gna_interval_us.value != 0)
        kv(w, "vrrp_gna_interval", seconds_text(g.vrrp_gna_interval_us.value));
    if (g.vrrp_min_garp.set) {
        if (g.vrrp_min_garp.value)
            w.line("vrrp_min_garp");
        else
            kv(w, "vrrp_min_garp", bool_word(false));
    }
    fifo(w, "notify_fifo", g.notify_fifo, g.notify_fifo_user, g.notify_fifo_group);
    command(w, "notify_fifo_script", g.notify_fifo_script);
    fifo(w, "vrrp_notify_fifo", g.vrrp_notify_fifo, g.vrrp_notify_fifo_user, g.vrrp_notify_fifo_group);
    command(w, "vrrp_notify_fifo_script", g.vrrp_notify_fifo_script);
    kv_word(w, "vrrp_mcast_group4", g.vrrp_mcast_group4);
    kv_word(w, "vrrp_mcast_group6", g.vrrp_mcast_group6);
    kv_num(w, "max_auto_priority", g.max_auto_priority);
    w.close();
    w.blank();
}

void script(Writer& w, const Script& s) {
    w.open("vrrp_script " + word(s.name));
    command(w, "script", s.command);
    if (s.command.text.empty() && !s.command.user().empty())
        kv(w, "user", word(s.command.user()) + (s.command.group().empty() ? "" : " " + word(s.command.group())));
    if (s.interval_ms.set) kv(w, "interval", seconds_text(std::uint64_t{s.interval_ms.value} * 1000));
    if (s.timeout_ms.set) kv(w, "timeout", seconds_text(std::uint64_t{s.timeout_ms.value} * 1000));
    if (s.weight.set) kv(w, "weight", std::to_string(s.weight.value) + (s.reverse ? " reverse" : ""));
    kv_num(w, "rise", s.rise);
    kv_num(w, "fall", s.fall);
    if (s.init_fail) w.line("init_fail");
    w.close();
    w.blank();
}

void track_file(Writer& w, const TrackFile& f) {
    w.open("track_file " + word(f.name));
    kv(w, "file", word(f.path.value));
    if (f.weight.set) kv(w, "weight", std::to_string(f.weight.value) + (f.reverse ? " reverse" : ""));
    if (f.init_file.value) kv(w, "init_file", std::to_string(f.init_value) + (f.init_overwrite ? " overwrite" : ""));
    w.close();
    w.blank();
}

void track_process(Writer& w, const TrackProcess& p) {
    w.open("vrrp_track_process " + word(p.name));
    std::string line = word(p.process.value);
    for (const auto& a : p.params) line += " " + word(a);
    kv(w, "process", line);
    if (p.param_match.set)
        w.line(p.match == TrackProcess::Match::Partial   ? "param_match partial"
               : p.match == TrackProcess::Match::Initial ? "param_match initial"
                                                         : "param_match");
    if (p.full_command) w.line("full_command");
    if (p.weight.set) kv(w, "weight", std::to_string(p.weight.value) + (p.reverse ? " reverse" : ""));
    if (p.quorum.set && p.quorum.value) kv(w, "quorum", std::to_string(p.quorum.value));
    if (p.quorum_max.set) kv(w, "quorum_max", std::to_string(p.quorum_max.value));
    if (p.fork_delay_ms) kv(w, "fork_delay", seconds_text(std::uint64_t{p.fork_delay_ms} * 1000));
    if (p.terminate_delay_ms) kv(w, "terminate_delay", seconds_text(std::uint64_t{p.terminate_delay_ms} * 1000));
    w.close();
    w.blank();
}

void sync_group(Writer& w, const SyncGroup& g) {
    w.open("vrrp_sync_group " + word(g.name));
    w.open("group");
    for (const auto& m : g.members) w.line(word(m));
    w.close();
    tracks(w, g.tracks);
    command(w, "notify_master", g.notify_master);
    command(w, "notify_backup", g.notify_backup);
    command(w, "notify_fault", g.notify_fault);
    command(w, "notify_stop", g.notify_stop);
    command(w, "notify", g.notify);
    if (g.global_tracking) w.line("global_tracking");
    if (g.tracking_weight) w.line("sync_group_tracking_weight");
    w.close();
    w.blank();
}

/// A list block whose lines are written back word for word.
template <class T>
void word_lines(Writer& w, const char* block, const std::vector<T>& lines) {
    if (lines.empty()) return;
    w.open(block);
    for (const auto& l : lines) {
        std::string s;
        for (const auto& x : l.words) s += (s.empty() ? "" : " ") + word(x);
        w.line(s);
    }
    w.close();
}

void instance(Writer& w, const Instance& in) {
    w.open("vrrp_instance " + word(in.name));
    if (in.state.set)
        kv(w, "state",
           in.state_text.empty() ? (in.state.value == State::Master ? "MASTER" : "BACKUP") : word(in.state_text));
    kv_word(w, "interface", in.interface);
    kv_num(w, "virtual_router_id", in.vrid);
    kv_num(w, "priority", in.priority);
    if (in.advert_int_us.set)
        kv(w, "advert_int",
           in.advert_int_text.empty() ? seconds_text(in.advert_int_us.value) : word(in.advert_int_text));
    kv_num(w, "version", in.version);
    flag(w, "nopreempt", in.nopreempt);
    flag(w, "preempt", in.preempt);
    if (in.preempt_delay_ms.set) kv(w, "preempt_delay", seconds_text(std::uint64_t(in.preempt_delay_ms.value) * 1000));

    if (in.unicast_src_ip.set) kv(w, "unicast_src_ip", in.unicast_src_ip.value.str());
    if (in.unicast_peer_block || !in.peers.empty()) {
        w.open("unicast_peer");
        for (const auto& p : in.peers) {
            std::string s = p.addr.str();
            if (p.min_ttl) s += fmt::format(" min_ttl {}", *p.min_ttl);
            if (p.max_ttl) s += fmt::format(" max_ttl {}", *p.max_ttl);
            w.line(s);
        }
        w.close();
    }
    kv_num(w, "unicast_ttl", in.unicast_ttl);
    if (in.mcast_src_ip.set) kv(w, "mcast_src_ip", in.mcast_src_ip.value.str());

    if (in.auth_type.set || in.auth_pass.set) {
        w.open("authentication");
        if (in.auth_type.set) {
            const char* t = in.auth_type.value == AuthType::Ah ? "AH" : "PASS";
            kv(w, "auth_type", in.auth_type_text.empty() ? std::string(t) : word(in.auth_type_text));
        }
        kv_word(w, "auth_pass", in.auth_pass);
        w.close();
    }

    if (in.vip_block || !in.vips.empty()) {
        w.open("virtual_ipaddress");
        vip_lines(w, in.vips);
        w.close();
    }
    if (!in.vips_excluded.empty()) {
        w.open("virtual_ipaddress_excluded");
        vip_lines(w, in.vips_excluded);
        w.close();
    }
    word_lines(w, "virtual_routes", in.routes);
    word_lines(w, "virtual_rules", in.rules);
    tracks(w, in.tracks);

    command(w, "notify_master", in.notify_master);
    command(w, "notify_backup", in.notify_backup);
    command(w, "notify_fault", in.notify_fault);
    command(w, "notify_stop", in.notify_stop);
    command(w, "notify", in.notify);
    command(w, "notify_master_rx_lower_pri", in.notify_master_rx_lower_pri);
    command(w, "notify_deleted", in.notify_deleted);

    garp(w, "", in.garp);

    if (in.use_vmac.set && in.use_vmac.value)
        w.line(in.vmac_name.empty() ? std::string("use_vmac") : "use_vmac " + word(in.vmac_name));
    flag(w, "vmac_xmit_base", in.vmac_xmit_base);
    flag(w, "accept", in.accept);
    flag(w, "no_accept", in.no_accept);
    opt_bool(w, "strict_mode", in.strict);
    flag(w, "dont_track_primary", in.dont_track_primary);
    opt_bool(w, "skip_check_adv_addr", in.skip_check_adv_addr);
    opt_bool(w, "smtp_alert", in.smtp_alert);
    opt_bool(w, "v3_checksum_as_v2", in.v3_checksum_as_v2);
    w.close();
    w.blank();
}

}  // namespace

std::string seconds_text(std::uint64_t us) {
    std::string s = std::to_string(us / 1000000);
    if (auto frac = us % 1000000) {
        std::string f = fmt::format("{:06}", frac);
        f.erase(f.find_last_not_of('0') + 1);
        s += '.' + f;
    }
    return s;
}

std::string dump_keepalived(const Node& node) {
    Writer w;
    global_defs(w, node.globals);
    for (const auto& s : node.scripts) script(w, s);
    for (const auto& f : node.track_file_defs) track_file(w, f);
    for (const auto& p : node.track_process_defs) track_process(w, p);
    word_lines(w, "static_ipaddress", node.static_addresses);
    word_lines(w, "static_routes", node.static_routes);
    word_lines(w, "static_rules", node.static_rules);
    for (const auto& g : node.sync_groups) sync_group(w, g);
    for (const auto& in : node.instances) instance(w, in);
    std::string out = w.take();
    // One newline at the end, not the blank line after the last block.
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

}  // namespace havip::model
