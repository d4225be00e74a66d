// SPDX-License-Identifier: MIT
#include "sim/scenario.hpp"

#include <charconv>
#include <cmath>

namespace havip::sim {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        const auto p = s.find(sep);
        out.push_back(s.substr(0, p));
        if (p == std::string_view::npos) break;
        s.remove_prefix(p + 1);
    }
    return out;
}

std::optional<double> parse_double(std::string_view s) {
    // std::from_chars for double is in g++ 12's libstdc++.
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

template <class T>
std::optional<T> parse_int(std::string_view s) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> parse_probability(std::string_view s) {
    auto v = parse_double(s);
    if (!v || *v < 0 || *v > 1) return std::nullopt;
    return v;
}

}  // namespace

std::string_view event_kind_name(EventKind k) {
    switch (k) {
        case EventKind::Kill:
            return "kill";
        case EventKind::Stop:
            return "stop";
        case EventKind::Start:
            return "start";
        case EventKind::LinkDown:
            return "link-down";
        case EventKind::LinkUp:
            return "link-up";
        case EventKind::Partition:
            return "partition";
        case EventKind::Heal:
            return "heal";
        case EventKind::TrackDown:
            return "track-down";
        case EventKind::TrackUp:
            return "track-up";
    }
    return "?";
}

std::optional<usec> parse_duration(std::string_view text, usec bare_unit) {
    text = trim(text);
    struct Unit {
        std::string_view suffix;
        double us;
    };
    static constexpr Unit units[] = {{"us", 1}, {"ms", 1e3}, {"s", 1e6}, {"m", 60e6}, {"h", 3600e6}};
    double scale = double(bare_unit);
    for (const auto& u : units) {
        if (text.size() > u.suffix.size() && text.substr(text.size() - u.suffix.size()) == u.suffix) {
            // "ms" also ends in "s": only accept a suffix when the rest is a number.
            auto num = parse_double(text.substr(0, text.size() - u.suffix.size()));
            if (num) {
                scale = u.us;
                text = text.substr(0, text.size() - u.suffix.size());
                break;
            }
        }
    }
    auto v = parse_double(text);
    if (!v || *v < 0 || *v * scale > 1e17) return std::nullopt;
    return usec(std::llround(*v * scale));
}

std::string parse_event(std::string_view text, EventSpec& out) {
    out = EventSpec{};
    out.text = std::string(trim(text));
    std::string_view t = trim(text);
    const auto at = t.rfind('@');
    if (at == std::string_view::npos) return "event `" + out.text + "` has no time (KIND:NODE@TIME)";
    auto when = parse_duration(t.substr(at + 1));
    if (!when) return "event `" + out.text + "` has a bad time";
    out.at = *when;
    t = t.substr(0, at);
    const auto colon = t.find(':');
    const std::string_view kind = t.substr(0, colon);
    const std::string_view rest = colon == std::string_view::npos ? std::string_view{} : t.substr(colon + 1);
    struct Name {
        std::string_view name;
        EventKind kind;
    };
    static constexpr Name names[] = {{"kill", EventKind::Kill},       {"stop", EventKind::Stop},
                                     {"start", EventKind::Start},     {"link-down", EventKind::LinkDown},
                                     {"link-up", EventKind::LinkUp},  {"partition", EventKind::Partition},
                                     {"heal", EventKind::Heal},       {"track-down", EventKind::TrackDown},
                                     {"track-up", EventKind::TrackUp}};
    bool found = false;
    for (const auto& n : names)
        if (n.name == kind) {
            out.kind = n.kind;
            found = true;
        }
    if (!found)
        return "unknown event `" + std::string(kind) +
               "` (kill, stop, start, link-down, link-up, partition, heal, track-down, track-up)";
    if (out.kind == EventKind::Heal) {
        if (!rest.empty()) return "`heal` takes no node";
        return "";
    }
    if (rest.empty()) return "event `" + out.text + "` names no node";
    if (out.kind == EventKind::Partition) {
        for (auto side : split(rest, '|')) {
            std::vector<std::string> g;
            for (auto n : split(side, ','))
                if (!trim(n).empty()) g.emplace_back(trim(n));
            if (g.empty()) return "partition `" + out.text + "` has an empty side";
            out.groups.push_back(std::move(g));
        }
        if (out.groups.size() < 2) return "partition `" + out.text + "` needs at least two sides (a|b)";
        return "";
    }
    const auto c2 = rest.find(':');
    out.node = std::string(rest.substr(0, c2));
    if (c2 != std::string_view::npos) {
        if (out.kind != EventKind::TrackDown && out.kind != EventKind::TrackUp)
            return "event `" + out.text + "`: only track events name a track";
        out.track = std::string(rest.substr(c2 + 1));
    }
    return "";
}

namespace {

/// Node i of a built-in cluster before its --node keys: the cluster's VRID,
/// version, interval, VIPs and password, and an address of its own.
vrrp::InstanceConfig node_defaults(const BuiltinCluster& b, const std::vector<vrrp::IpAddress>& vips, std::size_t i) {
    const vrrp::Family fam = vips.front().family;
    vrrp::InstanceConfig c;
    c.name = "VI_" + std::to_string(b.vrid);
    c.vrid = std::uint8_t(b.vrid);
    c.version = std::uint8_t(fam == vrrp::Family::V6 ? 3 : b.version);
    c.advert_interval = b.advert;
    c.family = fam;
    c.vips = vips;
    c.multicast_group = fam == vrrp::Family::V4 ? vrrp::kMulticastV4 : vrrp::kMulticastV6;
    c.source = fam == vrrp::Family::V4 ? vrrp::IpAddress::v4(192, 0, 2, std::uint8_t(i + 1))
                                       : *vrrp::IpAddress::parse("2001:db8::" + std::to_string(i + 1));
    c.single_peer_fast_takeover = b.fast_takeover;
    if (!b.auth_pass.empty() && c.version == 2) {
        c.auth_type = vrrp::AuthType::Pass;
        c.set_auth_pass(b.auth_pass);
    }
    return c;
}

/// One --node key: into the instance `c` or the node `n`. Returns false for
/// a bad value, nullopt for an unknown key.
std::optional<bool> node_key(std::string_view k, std::string_view v, vrrp::InstanceConfig& c, NodeSpec& n) {
    auto duration_into = [v](std::int64_t& into) {
        auto d = parse_duration(v);
        if (d) into = *d;
        return d.has_value();
    };
    if (k == "prio" || k == "priority") {
        auto p = parse_int<int>(v);
        if (!p || *p < 1 || *p > 255) return false;
        c.priority = std::uint8_t(*p);
    } else if (k == "state") {
        const bool master = v == "master" || v == "MASTER", backup = v == "backup" || v == "BACKUP";
        if (!master && !backup) return false;
        c.initial_state = master ? vrrp::InitialState::Master : vrrp::InitialState::Backup;
    } else if (k == "nopreempt") {
        c.nopreempt = true;
    } else if (k == "preempt_delay") {
        return duration_into(c.preempt_delay);
    } else if (k == "startup_delay") {
        return duration_into(n.startup_delay);
    } else if (k == "garp_delay") {
        return duration_into(c.garp.master_delay);
    } else if (k == "addr") {
        auto a = vrrp::IpAddress::parse(v);
        if (!a) return false;
        c.source = *a;
    } else if (k == "track") {
        const auto c2 = v.rfind(':');
        auto w = c2 == std::string_view::npos ? std::optional<int>(0) : parse_int<int>(v.substr(c2 + 1));
        if (!w || *w < -254 || *w > 254) return false;
        c.tracks.push_back({std::string(v.substr(0, c2)), *w, false, true});
    } else if (k == "garp_repeat") {
        auto r = parse_int<std::uint32_t>(v);
        if (!r) return false;
        c.garp.master_repeat = *r;
    } else {
        return std::nullopt;
    }
    return true;
}

/// --node NAME[:key=value,...] into `n` (error text, or "").
std::string build_node(const BuiltinCluster& b, const std::vector<vrrp::IpAddress>& vips, std::size_t i, NodeSpec& n) {
    std::string_view spec = b.nodes[i];
    const auto colon = spec.find(':');
    n.name = std::string(spec.substr(0, colon));
    if (n.name.empty()) return "node `" + b.nodes[i] + "` has no name";
    vrrp::InstanceConfig c = node_defaults(b, vips, i);
    if (colon != std::string_view::npos) {
        for (auto kv : split(spec.substr(colon + 1), ',')) {
            kv = trim(kv);
            if (kv.empty()) continue;
            const auto eq = kv.find('=');
            const std::string_view k = kv.substr(0, eq);
            const std::string_view v = eq == std::string_view::npos ? std::string_view{} : kv.substr(eq + 1);
            const auto ok = node_key(k, v, c, n);
            if (!ok)
                return "node `" + n.name + "`: unknown key `" + std::string(k) +
                       "` (prio, state, nopreempt, preempt_delay, startup_delay, addr, track, garp_delay, "
                       "garp_repeat)";
            if (!*ok) return "node `" + n.name + "`: bad `" + std::string(kv) + "`";
        }
    }
    n.instances.push_back(std::move(c));
    return "";
}

}  // namespace

std::string build_cluster(const BuiltinCluster& b, std::vector<NodeSpec>& out) {
    out.clear();
    if (b.nodes.empty()) return "no nodes: give --plan files or --node NAME[:prio=N,...]";
    std::vector<vrrp::IpAddress> vips;
    for (const auto& v : b.vips.empty() ? std::vector<std::string>{"192.0.2.100"} : b.vips) {
        auto a = vrrp::IpAddress::parse(v);
        if (!a) return "bad VIP `" + v + "`";
        vips.push_back(*a);
    }
    for (std::size_t i = 0; i < b.nodes.size(); ++i) {
        NodeSpec n;
        if (auto err = build_node(b, vips, i, n); !err.empty()) return err;
        out.push_back(std::move(n));
    }
    if (!b.multicast) {
        for (auto& n : out)
            for (auto& m : out)
                if (&n != &m) n.instances[0].peers.push_back(m.instances[0].source);
    }
    return "";
}

std::string apply_option(std::string_view key, std::string_view value, Setup& s, BuiltinCluster& b) {
    while (!key.empty() && key.front() == '-') key.remove_prefix(1);
    value = trim(value);
    auto bad = [&] { return "bad value `" + std::string(value) + "` for " + std::string(key); };
    if (key == "loss") {
        auto v = parse_probability(value);
        if (!v) return bad();
        s.net.loss = *v;
    } else if (key == "delay" || key == "jitter") {
        auto v = parse_duration(value, 1000);
        if (!v) return bad();
        (key == "delay" ? s.net.delay : s.net.jitter) = *v;
    } else if (key == "duplicate" || key == "reorder") {
        auto v = parse_probability(value);
        if (!v) return bad();
        (key == "duplicate" ? s.net.duplicate : s.net.reorder) = *v;
    } else if (key == "seed") {
        auto v = parse_int<std::uint64_t>(value);
        if (!v) return bad();
        s.seed = *v;
    } else if (key == "duration") {
        auto v = parse_duration(value);
        if (!v || *v <= 0) return bad();
        s.duration = *v;
    } else if (key == "clusters") {
        auto v = parse_int<std::uint32_t>(value);
        if (!v || *v < 1 || *v > 1'000'000) return bad();
        s.clusters = *v;
    } else if (key == "event") {
        EventSpec e;
        if (auto err = parse_event(value, e); !err.empty()) return err;
        s.events.push_back(std::move(e));
    } else if (key == "node") {
        if (value.empty()) return bad();
        b.nodes.emplace_back(value);
    } else if (key == "advert") {
        auto v = parse_duration(value);
        if (!v || *v <= 0) return bad();
        b.advert = *v;
    } else if (key == "version") {
        if (value != "2" && value != "3") return bad();
        b.version = value == "2" ? 2 : 3;
    } else if (key == "vrid") {
        auto v = parse_int<int>(value);
        if (!v || *v < 1 || *v > 255) return bad();
        b.vrid = *v;
    } else if (key == "vip") {
        if (!vrrp::IpAddress::parse(value)) return bad();
        b.vips.emplace_back(value);
    } else if (key == "multicast") {
        b.multicast = true;
    } else if (key == "fast-takeover") {
        b.fast_takeover = true;
    } else if (key == "auth") {
        b.auth_pass = std::string(value);
    } else {
        return "unknown option `" + std::string(key) + "`";
    }
    return "";
}

std::string parse_scenario(std::string_view text, Setup& s, BuiltinCluster& b) {
    std::size_t lineno = 0;
    for (auto line : split(text, '\n')) {
        ++lineno;
        if (const auto h = line.find('#'); h != std::string_view::npos) line = line.substr(0, h);
        line = trim(line);
        if (line.empty()) continue;
        std::string err;
        const auto sp = line.find_first_of(" \t");
        const std::string_view first = line.substr(0, sp);
        if (sp == std::string_view::npos && first.find('@') != std::string_view::npos) {
            EventSpec e;
            err = parse_event(line, e);
            if (err.empty()) s.events.push_back(std::move(e));
        } else {
            err = apply_option(first, sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1), s, b);
        }
        if (!err.empty()) return "line " + std::to_string(lineno) + ": " + err;
    }
    return "";
}

}  // namespace havip::sim
