// SPDX-License-Identifier: MIT
// Lowering, part 2: vrrp_instance (with its address, peer and track lists),
// vrrp_script and vrrp_sync_group.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "model/argspec.hpp"
#include "model/lower_internal.hpp"

namespace havip::model::detail {
namespace {

constexpr std::uint64_t kMaxAdvertUs = 255ull * 1000000;

/// Option words of one data line (`172.16.0.135/24 dev eth1 label eth1:0`),
/// checked against the options the catalogue lists for the line's block.
class LineOptions {
  public:
    LineOptions(Lowerer& l, const Catalogue& cat, std::string block, const ast::Statement& line, std::size_t from)
        : l_(l), cat_(cat), block_(std::move(block)), line_(line), i_(from) {}

    /// Next option: its word and its value (nullptr for a flag). False at the end
    /// or after reporting a bad option (the rest of the line is then skipped).
    bool next(std::string_view& word, const ast::Arg*& value) {
        if (i_ >= line_.args.size()) return false;
        const auto& a = line_.args[i_++];
        const KeywordSpec* spec = cat_.find(block_, a.text);
        if (!spec || spec->kind != KeywordKind::Option) {
            auto s = cat_.suggest(block_, a.text, true);
            // keepalived: "Unknown configuration entry '//' for ip address - ignoring": the
            // address is used, the rest of the line is not (a warning, as for a keyword).
            l_.error("HV006", a.span, fmt::format("unknown option `{}` in `{}`", a.text, line_keyword()),
                     "keepalived ignores this and the words after it",
                     s.empty() ? std::string("remove it, or make it a comment with `#`")
                               : fmt::format("did you mean `{}`?", s),
                     diag::Severity::Warning);
            i_ = line_.args.size();
            return false;
        }
        word = a.text;
        value = nullptr;
        if (!spec->args.empty()) {
            if (i_ >= line_.args.size()) {
                l_.error("HV004", a.span, fmt::format("option `{}` needs a value", a.text), "value missing",
                         fmt::format("write `{} {}`", a.text, spec->args));
                return false;
            }
            value = &line_.args[i_++];
            const auto& r = cat_.range(*spec);
            if (r) {
                auto v = to_int(value->text);
                if (!v || !r->contains(static_cast<double>(*v))) {
                    l_.error(
                        "HV004", value->span,
                        fmt::format("option `{}` value `{}` is not an integer in {}", a.text, value->text, spec->range),
                        "out of range");
                    i_ = line_.args.size();
                    return false;
                }
            }
        }
        return true;
    }

  private:
    std::string_view line_keyword() const {
        auto p = block_.rfind('/');
        return p == std::string::npos ? std::string_view(block_) : std::string_view(block_).substr(p + 1);
    }
    Lowerer& l_;
    const Catalogue& cat_;
    std::string block_;
    const ast::Statement& line_;
    std::size_t i_;
};

/// A data line's words: the keyword slot holds the first word.
const std::string& head(const ast::Statement& line) { return line.keyword; }

source::Span or_name(const Instance& i) { return i.name_span.valid() ? i.name_span : i.span; }

}  // namespace

Command Lowerer::command(const ast::Statement& st) {
    Command c;
    c.span = st.span;
    if (st.args.empty()) return c;
    c.text = st.args.front().text;
    c.argv = split_command(c.text);
    if (st.args.size() > 1) c.set_run_as(st.args[1].text, st.args.size() > 2 ? st.args[2].text : std::string());
    if (c.argv.empty())
        error("HV004", st.args.front().span, fmt::format("`{}` names no command", st.keyword), "empty command",
              "write the script's absolute path, quoted with its arguments");
    return c;
}

void Lowerer::notify_once(const std::string& owner, Command& into, const ast::Statement& st) {
    if (!into.span.valid() && into.empty()) {
        into = command(st);
        return;
    }
    // keepalived: "notify_master script already specified - ignoring ...": the first stays.
    node_.parse.repeats.push_back({owner, st.keyword, st.span, into.span});
}

void Lowerer::vip_list(Instance& in, const ast::Statement& st, bool excluded) {
    auto& out = excluded ? in.vips_excluded : in.vips;
    in.vip_block = in.vip_block || !excluded;
    if (!excluded) in.vip_span = st.span;
    const std::string block = std::string("vrrp_instance/") + st.keyword;
    for (const auto& line : st.children) {
        suppressions(line);
        if (auto v = address_line(block, line)) out.push_back(std::move(*v));
    }
}

std::optional<Vip> Lowerer::address_line(const std::string& block, const ast::Statement& line) {
    auto c = Cidr::parse(head(line));
    if (!c) {
        error("HV004", line.keyword_span, fmt::format("`{}` is not an IP address or CIDR", head(line)),
              "an address expected", "write an address with its prefix, e.g. `172.16.0.135/24`");
        return std::nullopt;
    }
    Vip v;
    v.span = line.span;
    v.addr = *c;
    LineOptions opts(*this, cat_, block, line, 0);
    std::string_view w;
    const ast::Arg* val = nullptr;
    while (opts.next(w, val)) {
        node_.keywords.push_back(KeywordUse{block, w, line.span});
        if (w == "dev" && val)
            v.dev = val->text;
        else if (w == "label" && val)
            v.label = val->text;
        else if (w == "scope" && val)
            v.scope = val->text;
        else if (w == "no_track")
            v.no_track = true;
    }
    return v;
}

void Lowerer::peer_list(Instance& in, const ast::Statement& st) {
    in.unicast_peer_block = true;
    in.unicast_peer_span = st.span;
    for (const auto& line : st.children) {
        suppressions(line);
        auto ip = IpAddr::parse(head(line));
        if (!ip && (ip = plain_address(head(line))))
            plain_address_warning("unicast_peer", head(line), line.keyword_span);
        if (!ip) {
            error("HV004", line.keyword_span, fmt::format("unicast peer `{}` is not an IP address", head(line)),
                  "an address expected", "write one peer address per line");
            continue;
        }
        Peer p;
        p.addr = *ip;
        p.span = line.span;
        LineOptions opts(*this, cat_, "vrrp_instance/unicast_peer", line, 0);
        std::string_view w;
        const ast::Arg* val = nullptr;
        while (opts.next(w, val)) {
            node_.keywords.push_back(KeywordUse{"vrrp_instance/unicast_peer", w, line.span});
            if (!val) continue;
            int v = static_cast<int>(to_int(val->text).value_or(0));
            if (w == "min_ttl")
                p.min_ttl = v;
            else if (w == "max_ttl")
                p.max_ttl = v;
        }
        in.peers.push_back(p);
    }
}

void Lowerer::track_list(std::vector<TrackRef>& out, std::string_view parent, std::string_view owner, TrackKind kind,
                         const ast::Statement& st) {
    const std::string block = std::string(parent) + "/" + st.keyword;
    for (const auto& line : st.children) {
        suppressions(line);
        TrackRef t;
        t.kind = kind;
        t.name = head(line);
        t.span = line.span;
        LineOptions opts(*this, cat_, block, line, 0);
        std::string_view w;
        const ast::Arg* val = nullptr;
        while (opts.next(w, val)) {
            node_.keywords.push_back(KeywordUse{block, w, line.span});
            if (w == "weight" && val) {
                t.weight = static_cast<int>(to_int(val->text).value_or(0));
                t.has_weight = true;
            } else if (w == "reverse") {
                t.reverse = true;
            } else if (w == "noreverse" || w == "no_reverse") {
                t.reverse = false;
            }
        }
        // keepalived resolves these names while it parses: only what is defined above counts.
        bool known = true;
        if (kind == TrackKind::Script)
            known = node_.script(t.name) != nullptr;
        else if (kind == TrackKind::File)
            known = std::find(node_.track_files.begin(), node_.track_files.end(), t.name) != node_.track_files.end();
        else if (kind == TrackKind::Process)
            known = std::find(node_.track_processes.begin(), node_.track_processes.end(), t.name) !=
                    node_.track_processes.end();
        if (!known)
            node_.parse.unresolved.push_back({std::string(parent), std::string(owner), kind, t.name, line.span});
        out.push_back(std::move(t));
    }
}

void Lowerer::authentication(Instance& in, const ast::Statement& st) {
    in.auth_span = st.span;
    for (const auto& c : st.children) {
        if (!check("vrrp_instance/authentication", c) || c.args.empty()) continue;
        const auto& a = c.args.front();
        if (c.keyword == "auth_type") {
            in.auth_type_text = a.text;
            if (a.text == "PASS")
                in.auth_type.assign(AuthType::Pass, c.span);
            else if (a.text == "AH")
                in.auth_type.assign(AuthType::Ah, c.span);
            else {
                in.auth_type.assign(AuthType::None, c.span);
                // A case variant (`pass`) is HV110's to explain; anything else is a bad value.
                if (!iequals(a.text, "PASS") && !iequals(a.text, "AH"))
                    error("HV004", a.span, fmt::format("unknown auth_type `{}`", a.text), "not PASS or AH",
                          "write `auth_type PASS` (VRRPv2 only)");
            }
        } else if (c.keyword == "auth_pass") {
            in.auth_pass.assign(a.text, c.span);
        }
    }
}

bool Lowerer::instance_value(Instance& in, const ast::Statement& c) {
    const std::string& k = c.keyword;
    const ast::Arg* a = first(c);
    if (k == "state" && a) {
        in.state_text = a->text;
        in.state.assign(a->text == "MASTER" ? State::Master : State::Backup, c.span);
        if (!iequals(a->text, "MASTER") && !iequals(a->text, "BACKUP"))  // a case variant is HV110's
            error("HV004", a->span, fmt::format("unknown state `{}`", a->text), "keepalived falls back to BACKUP",
                  "write `state MASTER` or `state BACKUP`");
    } else if (k == "interface" && a) {
        if (a->text.size() > 15)  // IFNAMSIZ - 1
            error("HV004", a->span, fmt::format("interface name `{}` is longer than 15 bytes", a->text),
                  "no Linux interface has this name", "write the interface's real name (`ip link` lists them)");
        else
            in.interface.assign(a->text, c.span);
    } else if (k == "virtual_router_id") {
        if (auto v = uint_arg(c)) in.vrid.assign(static_cast<int>(*v), c.span);
    } else if (k == "priority") {
        if (auto v = uint_arg(c)) in.priority.assign(static_cast<int>(*v), c.span);
    } else if (k == "advert_int" && a) {
        if (auto us = seconds_arg_us(c, kMaxAdvertUs)) {
            in.advert_int_us.assign(*us, c.span);
            in.advert_int_text = a->text;
        }
    } else if (k == "version") {
        if (auto v = uint_arg(c)) in.version.assign(static_cast<int>(*v), c.span);
    } else if ((k == "unicast_src_ip" || k == "mcast_src_ip") && a) {
        // check() has reported an `/len` or `-range` (HV007); keepalived uses the address.
        auto ip = IpAddr::parse(a->text);
        if (!ip) ip = plain_address(a->text);
        if (ip) (k == "unicast_src_ip" ? in.unicast_src_ip : in.mcast_src_ip).assign(*ip, c.span);
    } else if (k == "unicast_ttl") {
        if (auto v = uint_arg(c)) in.unicast_ttl.assign(static_cast<int>(*v), c.span);
    } else if (k == "preempt_delay") {
        if (auto us = seconds_arg_us(c, 1000ull * 1000000))
            in.preempt_delay_ms.assign(std::uint32_t((*us + 500) / 1000), c.span);
    } else if (k == "use_vmac") {
        in.use_vmac.assign(true, c.span);
        in.vmac_name = a ? a->text : std::string();
    } else {
        return false;
    }
    return true;
}

bool Lowerer::instance_lists(Instance& in, const ast::Statement& c) {
    const std::string& k = c.keyword;
    static constexpr std::pair<std::string_view, TrackKind> kTracks[] = {
        {"track_interface", TrackKind::Interface}, {"track_script", TrackKind::Script}, {"track_file", TrackKind::File},
        {"track_process", TrackKind::Process},     {"track_bfd", TrackKind::Bfd},
    };
    static constexpr std::pair<std::string_view, Command Instance::*> kNotify[] = {
        {"notify_master", &Instance::notify_master},
        {"notify_backup", &Instance::notify_backup},
        {"notify_fault", &Instance::notify_fault},
        {"notify_stop", &Instance::notify_stop},
        {"notify", &Instance::notify},
        {"notify_master_rx_lower_pri", &Instance::notify_master_rx_lower_pri},
        {"notify_deleted", &Instance::notify_deleted},
    };
    if (k == "unicast_peer")
        peer_list(in, c);
    else if (k == "virtual_ipaddress" || k == "virtual_ipaddress_excluded")
        vip_list(in, c, k == "virtual_ipaddress_excluded");
    else if (k == "authentication")
        authentication(in, c);
    else {
        for (const auto& [key, kind] : kTracks)
            if (k == key) {
                track_list(in.tracks, "vrrp_instance", in.name, kind, c);
                return true;
            }
        for (const auto& [key, field] : kNotify)
            if (k == key) {
                notify_once(in.name, in.*field, c);
                return true;
            }
        return false;
    }
    return true;
}

bool Lowerer::instance_flag(Instance& in, const ast::Statement& c) {
    struct Flag {
        std::string_view key;
        Located<bool> Instance::*field;
        bool valued;  ///< `keyword [BOOL]`; else the keyword alone sets it
    };
    static constexpr Flag kFlags[] = {
        {"nopreempt", &Instance::nopreempt, false},
        {"preempt", &Instance::preempt, false},
        {"vmac_xmit_base", &Instance::vmac_xmit_base, false},
        {"accept", &Instance::accept, false},
        {"no_accept", &Instance::no_accept, false},
        {"strict_mode", &Instance::strict, true},
        {"dont_track_primary", &Instance::dont_track_primary, false},
        {"skip_check_adv_addr", &Instance::skip_check_adv_addr, true},
        {"smtp_alert", &Instance::smtp_alert, true},
        {"v3_checksum_as_v2", &Instance::v3_checksum_as_v2, true},
    };
    for (const auto& f : kFlags)
        if (c.keyword == f.key) {
            (in.*f.field).assign(f.valued ? flag_value(c) : true, c.span);
            return true;
        }
    return false;
}

void Lowerer::instance_stmt(Instance& in, const ast::Statement& c) {
    const SharedScope once(*this, c);
    const auto* spec = check("vrrp_instance", c);
    if (!spec) return;
    if (instance_value(in, c) || instance_lists(in, c) || instance_flag(in, c)) return;
    const std::string& k = c.keyword;
    if (k.rfind("garp_", 0) == 0 && global_garp(c, in.garp, false)) return;
    if (spec->kind == KeywordKind::List) {
        for (const auto& line : c.children) suppressions(line);
        if (k == "virtual_routes") {
            route_lines(c);
            route_list(in, c);
        }
        if (k == "virtual_rules") {
            rule_lines(c);
            rule_list(in, c);
        }
    } else if (c.is_block) {
        generic("vrrp_instance/" + k, c.children);
    }
}

void Lowerer::instance(const ast::Statement& st) {
    Instance in;
    in.span = st.span;
    if (!st.args.empty()) {
        in.name = st.args.front().text;
        in.name_span = st.args.front().span;
    }
    for (const auto& c : st.children) instance_stmt(in, c);
    // keepalived 2.2.7 derives an unset priority from the initial state:
    // `state MASTER` without `priority` is the address owner, 255 (else 100).
    if (!in.priority.set && in.state.set && in.state.value == State::Master) in.priority.value = 255;
    for (const auto& other : node_.instances)
        if (other.name == in.name) {
            // keepalived: "vrrp instance VI_1 already defined"; the block is ignored.
            node_.parse.duplicates.push_back({"vrrp_instance", in.name, or_name(in), or_name(other)});
            return;
        }
    node_.instances.push_back(std::move(in));
}

void Lowerer::script(const ast::Statement& st) {
    Script s;
    s.span = st.span;
    s.name_span = st.span;
    if (!st.args.empty()) {
        s.name = st.args.front().text;
        s.name_span = st.args.front().span;
    }
    std::string user, group;
    for (const auto& c : st.children) {
        if (!check("vrrp_script", c)) continue;
        const std::string& k = c.keyword;
        const ast::Arg* a = first(c);
        if (k == "script")
            s.command = command(c);
        else if (k == "interval") {
            if (auto us = seconds_arg_us(c, 3600ull * 1000000)) s.interval_ms.assign(*us / 1000, c.span);
        } else if (k == "timeout") {
            if (auto us = seconds_arg_us(c, 3600ull * 1000000)) s.timeout_ms.assign(*us / 1000, c.span);
        } else if (k == "weight" && a) {
            s.weight.assign(static_cast<int>(to_int(a->text).value_or(0)), c.span);
            if (c.args.size() > 1) s.reverse = c.args[1].text == "reverse";
        } else if (k == "rise") {
            if (auto v = uint_arg(c)) s.rise.assign(static_cast<int>(*v), c.span);
        } else if (k == "fall") {
            if (auto v = uint_arg(c)) s.fall.assign(static_cast<int>(*v), c.span);
        } else if (k == "user" && a) {
            user = a->text;
            if (c.args.size() > 1) group = c.args[1].text;
        } else if (k == "init_fail")
            s.init_fail = true;
    }
    if (!user.empty()) s.command.set_run_as(std::move(user), std::move(group));
    if (s.command.empty() && st.span.valid()) {
        // keepalived: "No script set for vrrp_script chk - removing": it is then not defined
        // for the track_script entries that name it (HV122).
        error("HV004", st.span, fmt::format("vrrp_script `{}` has no `script`", s.name), "nothing to run",
              "add `script \"/path/to/check.sh\"`");
        return;
    }
    if (const auto* first = node_.script(s.name)) {
        // keepalived 2.2.7 says nothing, but resolves every track_script to the first.
        node_.parse.duplicates.push_back({"vrrp_script", s.name, s.name_span, first->name_span});
        return;
    }
    node_.scripts.push_back(std::move(s));
}

void Lowerer::track_file(const ast::Statement& st) {
    TrackFile f;
    f.span = st.span;
    f.name = st.args.front().text;
    f.name_span = st.args.front().span;
    const std::string block = st.keyword;
    for (const auto& c : st.children) {
        const std::string& k = c.keyword;
        const ast::Arg* a = first(c);
        if (k == "file" && a) {
            f.path.assign(a->text, c.span);
        } else if (k == "weight" && a) {
            // keepalived 2.2.7: "Weight (300) for track_file x must be between [-254..254]
            // inclusive. Ignoring..." (the weight stays 1; the catalogue's range reports it).
            const auto w = to_int(a->text);
            if (w && *w >= -254 && *w <= 254) {
                f.weight.assign(static_cast<int>(*w), c.span);
                if (c.args.size() > 1) f.reverse = c.args[1].text == "reverse";
            }
        } else if (k == "init_file") {
            f.init_file.assign(true, c.span);
            for (const auto& arg : c.args) {
                if (arg.text == "overwrite")
                    f.init_overwrite = true;
                else if (auto v = to_int(arg.text))
                    f.init_value = static_cast<long>(*v);
            }
        }
    }
    // keepalived: "No file set for track_file NAME - removing": then it is not
    // defined for the track_file entries that name it (HV122). The first block
    // of a name is the one used.
    if (f.path.value.empty()) return;
    node_.track_files.push_back(f.name);
    if (!node_.track_file(f.name)) node_.track_file_defs.push_back(std::move(f));
}

void Lowerer::sync_group(const ast::Statement& st) {
    SyncGroup g;
    g.span = st.span;
    g.name_span = st.span;
    if (!st.args.empty()) {
        g.name = st.args.front().text;
        g.name_span = st.args.front().span;
    }
    for (const auto& c : st.children) {
        if (!check("vrrp_sync_group", c)) continue;
        const std::string& k = c.keyword;
        if (k == "group") {
            for (const auto& line : c.children) {
                suppressions(line);
                g.members.push_back(line.keyword);
                for (const auto& a : line.args) g.members.push_back(a.text);
            }
        } else if (k == "track_interface")
            track_list(g.tracks, "vrrp_sync_group", g.name, TrackKind::Interface, c);
        else if (k == "track_script")
            track_list(g.tracks, "vrrp_sync_group", g.name, TrackKind::Script, c);
        else if (k == "track_file")
            track_list(g.tracks, "vrrp_sync_group", g.name, TrackKind::File, c);
        else if (k == "track_process")
            track_list(g.tracks, "vrrp_sync_group", g.name, TrackKind::Process, c);
        else if (k == "track_bfd")
            track_list(g.tracks, "vrrp_sync_group", g.name, TrackKind::Bfd, c);
        else if (k == "notify_master")
            notify_once(g.name, g.notify_master, c);
        else if (k == "notify_backup")
            notify_once(g.name, g.notify_backup, c);
        else if (k == "notify_fault")
            notify_once(g.name, g.notify_fault, c);
        else if (k == "notify_stop")
            notify_once(g.name, g.notify_stop, c);
        else if (k == "notify")
            notify_once(g.name, g.notify, c);
        else if (k == "sync_group_tracking_weight")
            g.tracking_weight = true;
        else if (k == "global_tracking")
            g.global_tracking = true;
    }
    for (const auto& other : node_.sync_groups)
        if (other.name == g.name) {
            // keepalived: "vrrp sync group G1 already defined"; the block is ignored.
            node_.parse.duplicates.push_back({"vrrp_sync_group", g.name, g.name_span, other.name_span});
            return;
        }
    node_.sync_groups.push_back(std::move(g));
}

}  // namespace havip::model::detail
