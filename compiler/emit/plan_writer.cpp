// SPDX-License-Identifier: MIT
// Plan writer. Records are built at their full layout, then each section is
// stored with the shortest record size that keeps every non-zero byte (the
// format's extensible-struct rule), which is what keeps the guide's node under
// 256 bytes without giving up fixed-size records.
#include "emit/plan_writer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "model/dump.hpp"
#include "plan/format.hpp"

namespace havip::emit {
namespace {

namespace p = havip::plan;

struct Fail {
    std::string message;
};

/// The data section: blobs stored once each, in first-use order.
class Data {
  public:
    Data() { bytes_.push_back(std::byte{0}); }

    std::uint16_t str(std::string_view s, const std::string& what) {
        if (s.find('\0') != std::string_view::npos) throw Fail{what + " contains a NUL byte"};
        if (s.empty()) return 0;
        std::string blob(s);
        blob.push_back('\0');
        return intern(blob);
    }
    std::uint16_t addr(const model::IpAddr& a) {
        if (!a.valid()) return 0;
        std::string blob(1, static_cast<char>(a.family));
        blob.append(reinterpret_cast<const char*>(a.bytes.data()), a.is_v4() ? 4 : 16);
        return intern(blob);
    }
    std::uint16_t list(const std::vector<std::string_view>& items, const std::string& what) {
        if (items.empty()) return 0;
        if (items.size() > 255) throw Fail{what + " has " + std::to_string(items.size()) + " elements (at most 255)"};
        std::string blob(1, static_cast<char>(items.size()));
        for (auto s : items) {
            const auto r = str(s, what);
            blob.push_back(static_cast<char>(r & 0xff));
            blob.push_back(static_cast<char>(r >> 8));
        }
        return intern(blob);
    }
    const std::vector<std::byte>& bytes() const { return bytes_; }

  private:
    std::uint16_t intern(const std::string& blob) {
        if (auto it = seen_.find(blob); it != seen_.end()) return it->second;
        if (bytes_.size() + blob.size() > p::kMaxCount)
            throw Fail{"the plan's strings exceed 65535 bytes (the format's 16-bit references)"};
        const auto ref = static_cast<std::uint16_t>(bytes_.size());
        for (char c : blob) bytes_.push_back(static_cast<std::byte>(c));
        seen_.emplace(blob, ref);
        return ref;
    }
    std::vector<std::byte> bytes_;
    std::map<std::string, std::uint16_t> seen_;
};

/// The records of one section at their full layout.
template <std::size_t N>
struct Records {
    std::vector<std::array<std::byte, N>> recs;
    std::array<std::byte, N>& add() {
        if (recs.size() >= p::kMaxCount) throw Fail{"more than 65535 records in one section"};
        return recs.emplace_back();
    }
};

struct Section {
    p::SectionId id;
    std::uint8_t record_size = 0;
    std::uint32_t count = 0;
    std::vector<std::byte> body;
};

template <std::size_t N>
Section pack(p::SectionId id, const Records<N>& r) {
    std::size_t rs = 1;  // the shortest prefix holding every non-zero byte
    for (const auto& rec : r.recs)
        for (std::size_t i = N; i > rs; --i)
            if (rec[i - 1] != std::byte{0}) {
                rs = i;
                break;
            }
    Section s{id, static_cast<std::uint8_t>(rs), static_cast<std::uint32_t>(r.recs.size()), {}};
    for (const auto& rec : r.recs)
        s.body.insert(s.body.end(), rec.begin(), rec.begin() + static_cast<std::ptrdiff_t>(rs));
    return s;
}

template <class T>
T pick(const model::Located<T>& inst, const model::Located<T>& global) {
    return (!inst.set && global.set) ? global.value : inst.value;
}

std::uint8_t u8_in(long long v, long long lo, long long hi, const std::string& what) {
    if (v < lo || v > hi)
        throw Fail{what + " " + std::to_string(v) + " is out of " + std::to_string(lo) + ".." + std::to_string(hi)};
    return static_cast<std::uint8_t>(v);
}
std::uint16_t u16_in(long long v, long long lo, long long hi, const std::string& what) {
    if (v < lo || v > hi)
        throw Fail{what + " " + std::to_string(v) + " is out of " + std::to_string(lo) + ".." + std::to_string(hi)};
    return static_cast<std::uint16_t>(v);
}

std::uint32_t u32_in(long long v, long long lo, long long hi, const std::string& what) {
    if (v < lo || v > hi)
        throw Fail{what + " " + std::to_string(v) + " is out of " + std::to_string(lo) + ".." + std::to_string(hi)};
    return static_cast<std::uint32_t>(v);
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

std::uint16_t runas(Data& d, std::string_view user, std::string_view group, const std::string& what) {
    if (user.empty()) return 0;
    std::vector<std::string_view> l{user};
    if (!group.empty()) l.push_back(group);
    return d.list(l, what + " user");
}

std::uint16_t argv(Data& d, const model::Command& c, const std::string& what) {
    if (c.argv.empty() || c.argv[0].empty()) throw Fail{what + " has no program"};
    std::vector<std::string_view> l(c.argv.begin(), c.argv.end());
    return d.list(l, what);
}

std::uint8_t scope_number(const std::string& s, const std::string& what) {
    if (s.empty() || s == "global" || s == "universe") return 0;
    if (s == "site") return 200;
    if (s == "link") return 253;
    if (s == "host") return 254;
    if (s == "nowhere") return 255;
    if (s.find_first_not_of("0123456789") == std::string::npos && s.size() <= 3)
        return u8_in(std::stoll(s), 0, 255, what);
    throw Fail{what + " `" + s + "` is not an address scope"};
}

std::uint8_t track_kind(model::TrackKind k) {
    switch (k) {
        case model::TrackKind::Interface:
            return static_cast<std::uint8_t>(p::TrackKind::Interface);
        case model::TrackKind::Script:
            return static_cast<std::uint8_t>(p::TrackKind::Script);
        case model::TrackKind::File:
            return static_cast<std::uint8_t>(p::TrackKind::File);
        case model::TrackKind::Process:
            return static_cast<std::uint8_t>(p::TrackKind::Process);
        case model::TrackKind::Bfd:
            return static_cast<std::uint8_t>(p::TrackKind::Bfd);
    }
    return 0;
}

/// The instance's address family: its source, else its first advertised VIP,
/// else its first peer; IPv4 when none says.
std::uint8_t family_of(const model::Instance& in) {
    if (in.unicast_src_ip.value.valid()) return in.unicast_src_ip.value.family;
    if (in.mcast_src_ip.value.valid()) return in.mcast_src_ip.value.family;
    if (!in.vips.empty() && in.vips[0].addr.addr.valid()) return in.vips[0].addr.addr.family;
    if (!in.peers.empty() && in.peers[0].addr.valid()) return in.peers[0].addr.family;
    return 4;
}

class Writer {
  public:
    Writer(const model::Node& n, const PlanMeta& m) : n_(n), m_(m) {}

    std::vector<std::byte> run() {
        node();
        scripts();
        processes();
        std::vector<const model::Instance*> order;
        for (const auto& in : n_.instances) order.push_back(&in);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (std::size_t i = 1; i < order.size(); ++i)
            if (order[i]->name == order[i - 1]->name)
                throw Fail{"two vrrp_instance blocks named `" + order[i]->name + "`"};
        for (const auto* in : order) instance(*in);
        fifos();
        sync_groups();
        for (std::size_t i = 0; i < order.size(); ++i) routes(*order[i], i);
        for (const auto& r : n_.static_routes) route(r, p::kRouteOfNode, "static_routes");
        for (const auto& r : n_.static_rules) rule(r, p::kRouteOfNode, "static_rules");
        for (const auto& a : n_.static_addresses) static_address(a);

        std::vector<Section> secs;
        secs.push_back(pack(p::SectionId::Node, node_));
        if (!inst_.recs.empty()) secs.push_back(pack(p::SectionId::Instance, inst_));
        if (!vip_.recs.empty()) secs.push_back(pack(p::SectionId::Vip, vip_));
        if (!peer_.recs.empty()) secs.push_back(pack(p::SectionId::Peer, peer_));
        if (!track_.recs.empty()) secs.push_back(pack(p::SectionId::Track, track_));
        if (!fifo_.recs.empty()) secs.push_back(pack(p::SectionId::Fifo, fifo_));
        if (!script_.recs.empty()) secs.push_back(pack(p::SectionId::Script, script_));
        if (!cmd_.recs.empty()) secs.push_back(pack(p::SectionId::Command, cmd_));
        if (!route_.recs.empty()) secs.push_back(pack(p::SectionId::Route, route_));
        if (!proc_.recs.empty()) secs.push_back(pack(p::SectionId::Process, proc_));
        secs.push_back(Section{p::SectionId::Data, 1, static_cast<std::uint32_t>(data_.bytes().size()), data_.bytes()});
        if (!sync_.recs.empty()) secs.push_back(pack(p::SectionId::SyncGroup, sync_));
        if (!static_addr_.recs.empty()) secs.push_back(pack(p::SectionId::Static, static_addr_));
        return assemble(secs);
    }

  private:
    static std::vector<std::byte> assemble(const std::vector<Section>& secs) {
        // The table holds varint offsets, so its size depends on the offsets it
        // holds: iterate to the fixed point (sizes only grow; two rounds at most).
        std::size_t table = 0;
        std::vector<std::byte> tab;
        for (int round = 0; round < 8; ++round) {
            tab.clear();
            std::uint32_t off = static_cast<std::uint32_t>(p::kHeaderSize + table);
            for (const auto& s : secs) {
                std::byte v[5];
                tab.push_back(static_cast<std::byte>(s.id));
                tab.push_back(std::byte{0});
                tab.push_back(static_cast<std::byte>(s.record_size));
                tab.insert(tab.end(), v, v + p::put_varint(v, s.count));
                tab.insert(tab.end(), v, v + p::put_varint(v, off));
                off += static_cast<std::uint32_t>(s.body.size());
            }
            if (tab.size() == table) break;
            table = tab.size();
        }
        std::size_t total = p::kHeaderSize + tab.size();
        for (const auto& s : secs) total += s.body.size();
        if (total > p::kMaxPlanSize) throw Fail{"the plan would exceed 16 MiB"};
        std::vector<std::byte> out;
        out.reserve(total);
        out.insert(out.end(), p::kMagic.begin(), p::kMagic.end());
        out.resize(p::kHeaderSize);
        p::put_u8(&out[p::header::version], p::kFormatVersion);
        p::put_u8(&out[p::header::flags], 0);
        p::put_u8(&out[p::header::section_count], static_cast<std::uint8_t>(secs.size()));
        p::put_u8(&out[p::header::reserved], 0);
        out.insert(out.end(), tab.begin(), tab.end());
        for (const auto& s : secs) out.insert(out.end(), s.body.begin(), s.body.end());
        p::put_u32(&out[p::header::total_size], static_cast<std::uint32_t>(out.size()));
        p::put_u32(&out[p::header::checksum], p::plan_checksum(out));
        return out;
    }

    void node() {
        const auto& g = n_.globals;
        auto& r = node_.add();
        p::put_u16(&r[p::node::name], data_.str(n_.name, "node name"));
        p::put_u16(&r[p::node::compiler], data_.str(m_.compiler_version, "compiler version"));
        p::put_u64(&r[p::node::source_digest], m_.source_digest);
        std::uint8_t f = 0;
        if (g.enable_script_security.value) f |= p::kNodeScriptSecurity;
        if (g.vrrp_check_unicast_src.value) f |= p::kNodeCheckUnicastSrc;
        p::put_u8(&r[p::node::flags], f);
        const auto ug = words(g.script_user.value);
        if (ug.size() > 2) throw Fail{"script_user `" + g.script_user.value + "` has more than a user and a group"};
        p::put_u16(&r[p::node::script_runas],
                   runas(data_, ug.empty() ? "" : ug[0], ug.size() > 1 ? ug[1] : "", "script_user"));
        p::put_u32(&r[p::node::startup_delay_ms], g.vrrp_startup_delay_ms.value);
        p::put_u32(&r[p::node::garp_interval_us], g.vrrp_garp_interval_us.value);
        p::put_u32(&r[p::node::gna_interval_us], g.vrrp_gna_interval_us.value);
    }

    void scripts() {
        std::vector<const model::Script*> order;
        for (const auto& s : n_.scripts) order.push_back(&s);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto& s = *order[i];
            const std::string what = "vrrp_script `" + s.name + "`";
            if (s.name.empty()) throw Fail{"a vrrp_script has no name"};
            if (i && s.name == order[i - 1]->name) throw Fail{"two vrrp_script blocks named `" + s.name + "`"};
            script_names_.push_back(s.name);
            auto& r = script_.add();
            p::put_u16(&r[p::script::name], data_.str(s.name, what));
            p::put_u16(&r[p::script::argv], argv(data_, s.command, what + " script"));
            if (s.interval_ms.value == 0) throw Fail{what + " interval is 0"};
            p::put_u32(&r[p::script::interval_ms], s.interval_ms.value);
            p::put_u16(&r[p::script::rise], u16_in(s.rise.value, 1, 65535, what + " rise"));
            p::put_u16(&r[p::script::fall], u16_in(s.fall.value, 1, 65535, what + " fall"));
            p::put_i16(&r[p::script::weight],
                       static_cast<std::int16_t>(u16_in(s.weight.value + 254, 0, 508, what + " weight (+254)") - 254));
            std::uint8_t f = 0;
            if (s.reverse) f |= p::kScriptReverse;
            if (s.init_fail) f |= p::kScriptInitFail;
            p::put_u8(&r[p::script::flags], f);
            p::put_u32(&r[p::script::timeout_ms], s.timeout_ms.value);
            p::put_u16(&r[p::script::runas], runas(data_, s.command.user(), s.command.group(), what));
        }
    }

    void processes() {
        std::vector<const model::TrackProcess*> order;
        for (const auto& tp : n_.track_process_defs) order.push_back(&tp);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i && order[i]->name == order[i - 1]->name)
                throw Fail{"two vrrp_track_process blocks named `" + order[i]->name + "`"};
            process(*order[i]);
        }
    }

    void process(const model::TrackProcess& tp) {
        const std::string what = "vrrp_track_process `" + tp.name + "`";
        if (tp.name.empty() || tp.process.value.empty()) throw Fail{"a vrrp_track_process has no name or process"};
        auto& r = proc_.add();
        p::put_u16(&r[p::process::name], data_.str(tp.name, what));
        p::put_u16(&r[p::process::process], data_.str(tp.process.value, what + " process"));
        if (!tp.params.empty()) {
            if (tp.params.size() > 255) throw Fail{what + " has more than 255 parameters"};
            std::vector<std::string_view> l(tp.params.begin(), tp.params.end());
            p::put_u16(&r[p::process::params], data_.list(l, what + " parameters"));
        }
        std::uint8_t f = 0;
        if (tp.reverse) f |= p::kProcReverse;
        if (tp.cmdline()) f |= p::kProcCmdline;
        // keepalived: full_command alone compares argv[0] only (any parameters), as partial does.
        const bool any_params = tp.full_command && !tp.param_match.set && tp.params.empty();
        if (tp.match == model::TrackProcess::Match::Partial || any_params) f |= p::kProcPartial;
        if (tp.match == model::TrackProcess::Match::Initial) f |= p::kProcInitial;
        if (tp.quorum_max.set) f |= p::kProcQuorumMax;
        if (tp.full_command) f |= p::kProcFullCommand;
        p::put_u8(&r[p::process::flags], f);
        p::put_i16(&r[p::process::weight],
                   static_cast<std::int16_t>(u16_in(tp.weight.value + 254, 0, 508, what + " weight (+254)") - 254));
        p::put_u16(&r[p::process::quorum], u16_in(tp.quorum.value, tp.quorum_max.set ? 0 : 1, 65535, what + " quorum"));
        if (tp.quorum_max.set)
            p::put_u16(&r[p::process::quorum_max],
                       u16_in(tp.quorum_max.value, tp.quorum.value, 65535, what + " quorum_max"));
        for (auto [off, ms] : {std::pair{p::process::fork_delay_ms, tp.fork_delay_ms},
                               std::pair{p::process::terminate_delay_ms, tp.terminate_delay_ms}}) {
            if (ms > 3'600'000) throw Fail{what + " delay is more than 3600 s"};
            p::put_u32(&r[off], ms);
        }
    }

    void instance(const model::Instance& in) {
        const auto& g = n_.globals;
        const std::string what = "vrrp_instance `" + in.name + "`";
        if (in.name.empty()) throw Fail{"a vrrp_instance has no name"};
        auto& r = inst_.add();
        p::put_u16(&r[p::instance::name], data_.str(in.name, what));
        if (in.interface.value.empty()) throw Fail{what + " has no interface"};
        p::put_u16(&r[p::instance::interface], data_.str(in.interface.value, what + " interface"));
        p::put_u8(&r[p::instance::vrid], u8_in(in.vrid.value, 1, 255, what + " virtual_router_id"));
        p::put_u8(&r[p::instance::priority], u8_in(in.priority.value, 1, 255, what + " priority"));

        const std::uint8_t fam = family_of(in);
        int version = pick(in.version, g.vrrp_version);
        if (fam == 6) version = 3;  // keepalived: IPv6 runs VRRPv3
        if (version != 2 && version != 3) throw Fail{what + " version " + std::to_string(version) + " is not 2 or 3"};
        auto auth = static_cast<std::uint8_t>(in.auth_type.value);
        if (version == 3) auth = 0;  // keepalived ignores authentication with v3
        std::uint8_t mode = static_cast<std::uint8_t>(auth << p::kModeAuthShift);
        if (in.state.value == model::State::Master) mode |= p::kModeMaster;
        if (version == 3) mode |= p::kModeV3;
        if (fam == 6) mode |= p::kModeIpv6;
        p::put_u8(&r[p::instance::mode], mode);

        const bool strict = in.strict.value || g.vrrp_strict.value;
        const bool unicast = !in.peers.empty();
        std::uint8_t f = 0;
        if (in.nopreempt.value) f |= p::kInstNopreempt;
        // keepalived: accept unless no_accept, or strict mode without `accept`.
        if (!in.no_accept.value && (in.accept.value || !strict)) f |= p::kInstAccept;
        if (in.use_vmac.value) f |= p::kInstUseVmac;
        // keepalived sets vmac_xmit_base itself for a unicast instance on a VMAC.
        if (in.vmac_xmit_base.value || (in.use_vmac.value && unicast)) f |= p::kInstVmacXmitBase;
        if (in.v3_checksum_as_v2.value) f |= p::kInstV3ChecksumAsV2;
        if (strict) f |= p::kInstStrict;
        if (pick(in.skip_check_adv_addr, g.vrrp_skip_check_adv_addr)) f |= p::kInstSkipCheckAdvAddr;
        if (in.dont_track_primary.value) f |= p::kInstDontTrackPrimary;
        p::put_u8(&r[p::instance::flags], f);

        p::put_u16(&r[p::instance::advert_cs], advert_cs(in.advert_int_us.value, version, what));

        // Children, grouped under this instance (ends = running counts).
        for (const auto& v : in.vips) vip(v, false, what);
        for (const auto& v : in.vips_excluded) vip(v, true, what);
        for (const auto& pr : in.peers) peer(pr, fam, what);
        for (const auto& t : effective_tracks(in)) track(t, what);
        command(in.notify_master, p::CommandKind::Master, what);
        command(in.notify_backup, p::CommandKind::Backup, what);
        command(in.notify_fault, p::CommandKind::Fault, what);
        command(in.notify_stop, p::CommandKind::Stop, what);
        command(in.notify, p::CommandKind::Generic, what);
        command(in.notify_master_rx_lower_pri, p::CommandKind::MasterRxLowerPri, what);
        command(in.notify_deleted, p::CommandKind::Deleted, what);
        p::put_u16(&r[p::instance::vip_end], static_cast<std::uint16_t>(vip_.recs.size()));
        p::put_u16(&r[p::instance::peer_end], static_cast<std::uint16_t>(peer_.recs.size()));
        p::put_u16(&r[p::instance::track_end], static_cast<std::uint16_t>(track_.recs.size()));
        p::put_u16(&r[p::instance::command_end], static_cast<std::uint16_t>(cmd_.recs.size()));

        const model::IpAddr& src = in.unicast_src_ip.value.valid() ? in.unicast_src_ip.value : in.mcast_src_ip.value;
        if (src.valid() && src.family != fam) throw Fail{what + " source address family differs from the instance's"};
        p::put_u16(&r[p::instance::src], data_.addr(src));
        std::string pass =
            auth ? in.auth_pass.value.substr(0, p::kAuthPassLen) : std::string();  // keepalived truncates at 8
        p::put_u16(&r[p::instance::auth_pass], data_.str(pass, what + " auth_pass"));
        p::put_u8(&r[p::instance::unicast_ttl], u8_in(in.unicast_ttl.value, 0, 255, what + " unicast_ttl"));

        const auto& ig = in.garp;
        const auto& gg = g.vrrp_garp;
        p::put_u8(&r[p::instance::garp_master_repeat],
                  u8_in(pick(ig.master_repeat, gg.master_repeat), 0, 255, what + " garp_master_repeat"));
        p::put_u16(&r[p::instance::garp_master_delay_s],
                   u16_in(pick(ig.master_delay_s, gg.master_delay_s), 0, 65535, what + " garp_master_delay"));
        p::put_u16(&r[p::instance::garp_master_refresh_s],
                   u16_in(pick(ig.master_refresh_s, gg.master_refresh_s), 0, 65535, what + " garp_master_refresh"));
        p::put_u8(&r[p::instance::garp_refresh_repeat], u8_in(pick(ig.master_refresh_repeat, gg.master_refresh_repeat),
                                                              0, 255, what + " garp_master_refresh_repeat"));
        p::put_u8(&r[p::instance::garp_lower_prio_repeat],
                  u8_in(pick(ig.lower_prio_repeat, gg.lower_prio_repeat), 0, 255, what + " garp_lower_prio_repeat"));
        p::put_u16(&r[p::instance::garp_lower_prio_delay_s], u16_in(pick(ig.lower_prio_delay_s, gg.lower_prio_delay_s),
                                                                    0, 65535, what + " garp_lower_prio_delay"));
        const std::uint32_t pd_ms = u32_in(in.preempt_delay_ms.value, 0, 1'000'000, what + " preempt_delay");
        p::put_u16(&r[p::instance::preempt_delay_s], std::uint16_t(pd_ms / 1000));
        p::put_u16(&r[p::instance::preempt_delay_ms], std::uint16_t(pd_ms % 1000));
        if (!in.vmac_name.empty())
            p::put_u16(&r[p::instance::vmac_name], data_.str(in.vmac_name, what + " use_vmac name"));
        const auto& group_text = fam == 6 ? g.vrrp_mcast_group6 : g.vrrp_mcast_group4;
        if (group_text.set && !group_text.value.empty()) {
            const auto a = model::IpAddr::parse(group_text.value);
            if (!a || a->family != fam)
                throw Fail{"vrrp_mcast_group" + std::to_string(fam) + " `" + group_text.value + "` is not an IPv" +
                           std::to_string(fam) + " address"};
            p::put_u16(&r[p::instance::mcast_group], data_.addr(*a));
        }
    }

    static std::uint16_t advert_cs(std::uint32_t us, int version, const std::string& what) {
        if (version == 3) {
            // VRRPv3 carries centiseconds: keepalived rounds to 10 ms.
            const std::uint64_t cs = (std::uint64_t{us} + 5000) / 10000;
            return u16_in(static_cast<long long>(cs), 1, 4095, what + " advert_int (centiseconds)");
        }
        // VRRPv2 carries whole seconds: fractions are rounded, never to 0.
        std::uint64_t s = (std::uint64_t{us} + 500000) / 1000000;
        if (s == 0) s = 1;
        return static_cast<std::uint16_t>(
            100 * u8_in(static_cast<long long>(s), 1, 255, what + " advert_int (seconds, VRRPv2)"));
    }

    void vip(const model::Vip& v, bool excluded, const std::string& what) {
        if (!v.addr.addr.valid()) throw Fail{what + " has a virtual address without an address"};
        const int max = v.addr.addr.is_v4() ? 32 : 128;
        const int prefix = v.addr.prefix < 0 ? max : v.addr.prefix;
        auto& r = vip_.add();
        p::put_u16(&r[p::vip::addr], data_.addr(v.addr.addr));
        p::put_u8(&r[p::vip::prefix], u8_in(prefix, 0, max, what + " virtual address " + v.addr.str() + " prefix"));
        std::uint8_t f = 0;
        if (excluded) f |= p::kVipExcluded;
        if (v.no_track) f |= p::kVipNoTrack;
        p::put_u8(&r[p::vip::flags], f);
        p::put_u16(&r[p::vip::dev], data_.str(v.dev, what + " vip dev"));
        p::put_u16(&r[p::vip::label], data_.str(v.label, what + " vip label"));
        p::put_u8(&r[p::vip::scope], scope_number(v.scope, what + " vip scope"));
    }

    /// A static_ipaddress line: a VIP record of its own section, with its device.
    void static_address(const model::StaticAddress& a) {
        const std::string what = "static_ipaddress " + a.addr.addr.str();
        if (!a.unsupported.empty()) throw Fail{what + ": havipd does not run " + a.unsupported};
        const model::Vip& v = a.addr;
        const int max = v.addr.addr.is_v4() ? 32 : 128;
        const int prefix = v.addr.prefix < 0 ? max : v.addr.prefix;
        auto& r = static_addr_.add();
        namespace sa = p::static_address;
        p::put_u16(&r[sa::addr], data_.addr(v.addr.addr));
        p::put_u8(&r[sa::prefix], u8_in(prefix, 0, max, what + " prefix"));
        p::put_u8(&r[sa::flags], v.no_track ? p::kVipNoTrack : 0);
        p::put_u16(&r[sa::dev], data_.str(v.dev, what + " dev"));
        p::put_u16(&r[sa::label], data_.str(v.label, what + " label"));
        p::put_u8(&r[sa::scope], scope_number(v.scope, what + " scope"));
    }

    void peer(const model::Peer& pr, std::uint8_t fam, const std::string& what) {
        if (!pr.addr.valid() || pr.addr.family != fam)
            throw Fail{what + " unicast_peer " + pr.addr.str() + " is not of the instance's address family"};
        auto& r = peer_.add();
        p::put_u16(&r[p::peer::addr], data_.addr(pr.addr));
        if (pr.min_ttl) p::put_u8(&r[p::peer::min_ttl], u8_in(*pr.min_ttl, 0, 255, what + " min_ttl"));
        if (pr.max_ttl) p::put_u8(&r[p::peer::max_ttl], u8_in(*pr.max_ttl, 1, 255, what + " max_ttl"));
    }

    void track(const model::TrackRef& t, const std::string& what) {
        if (t.name.empty()) throw Fail{what + " tracks an object without a name"};
        if (t.kind == model::TrackKind::Script &&
            !std::binary_search(script_names_.begin(), script_names_.end(), t.name))
            throw Fail{what + " track_script `" + t.name + "` names no vrrp_script"};
        const model::TrackFile* file = nullptr;
        model::TrackRef eff = t;
        if (t.kind == model::TrackKind::Process) eff = process_ref(t, what);
        if (t.kind == model::TrackKind::File) {
            file = n_.track_file(t.name);
            if (!file) throw Fail{what + " track_file `" + t.name + "` names no track_file block with a file"};
            if (file->path.value.empty() || file->path.value.front() != '/')
                throw Fail{"track_file `" + t.name + "` file `" + file->path.value + "` is not an absolute path"};
            // keepalived: the instance's weight, else the block's (default 1) and its reverse.
            if (!t.has_weight) {
                eff.weight = file->weight.value;
                eff.reverse = file->reverse;
            }
            eff.has_weight = true;
        }
        auto& r = track_.add();
        p::put_u16(&r[p::track::name], data_.str(t.name, what + " track name"));
        p::put_u8(&r[p::track::kind], track_kind(t.kind));
        std::uint8_t f = 0;
        if (eff.reverse) f |= p::kTrackReverse;
        if (eff.has_weight) f |= p::kTrackHasWeight;
        if (file && file->init_file.value) {
            if (file->init_value < INT32_MIN || file->init_value > INT32_MAX)
                throw Fail{"track_file `" + t.name + "` init_file value " + std::to_string(file->init_value) +
                           " is out of the int range"};
            f |= p::kTrackInitFile;
            if (file->init_overwrite) f |= p::kTrackOverwrite;
            p::put_i32(&r[p::track::init_value], static_cast<std::int32_t>(file->init_value));
        }
        p::put_u8(&r[p::track::flags], f);
        if (eff.weight < -254 || eff.weight > 254)
            throw Fail{what + " track `" + t.name + "` weight " + std::to_string(eff.weight) + " is out of -254..254"};
        p::put_i16(&r[p::track::weight], static_cast<std::int16_t>(eff.weight));
        if (file) p::put_u16(&r[p::track::path], data_.str(file->path.value, what + " track_file path"));
    }

    /// The sync group an instance runs in: keepalived takes the first group
    /// naming it (a later one is ignored for it), and only existing instances.
    const model::SyncGroup* group_of(const std::string& instance) const {
        for (const auto& g : n_.sync_groups)
            for (const auto& m : g.members)
                if (m == instance) return &g;
        return nullptr;
    }
    bool is_instance(const std::string& name) const {
        return std::any_of(n_.instances.begin(), n_.instances.end(), [&](const auto& in) { return in.name == name; });
    }

    /// keepalived's tracking in a sync group (2.2.7, unless
    /// sync_group_tracking_weight or the deprecated global_tracking): a member's
    /// weighted track_interface gets weight 0 (down = FAULT), a weighted
    /// track_script is ignored, a track_file of the default weight 1 gets 0 and
    /// one of another weight is ignored; a track_process keeps its weight. Then the group's tracked objects are
    /// added to every member with their weights (an object on both: the group's).
    std::vector<model::TrackRef> effective_tracks(const model::Instance& in) const {
        const model::SyncGroup* g = group_of(in.name);
        if (!g) return in.tracks;
        std::vector<model::TrackRef> out;
        for (const auto& t : in.tracks)
            if (g->tracking_weight || g->global_tracking)
                out.push_back(t);
            else if (auto z = unweighted(t))
                out.push_back(*z);
        for (const auto& gt : g->tracks) {
            auto same = [&](const model::TrackRef& t) { return t.kind == gt.kind && t.name == gt.name; };
            if (auto it = std::find_if(out.begin(), out.end(), same); it != out.end())
                *it = gt;
            else
                out.push_back(gt);
        }
        return out;
    }

    /// A member's own track under keepalived's sync group rule, or nothing when it is ignored.
    std::optional<model::TrackRef> unweighted(model::TrackRef t) const {
        if (t.kind == model::TrackKind::Process) return t;  // keepalived 2.2.7 keeps its weight
        int w = t.weight;
        if (!t.has_weight && t.kind == model::TrackKind::Script)
            for (const auto& s : n_.scripts)
                if (s.name == t.name) w = s.weight.value;
        if (!t.has_weight && t.kind == model::TrackKind::File)
            if (const auto* f = n_.track_file(t.name)) w = f->weight.value;
        if (w == 0) return t;
        if (t.kind == model::TrackKind::Script || (t.kind == model::TrackKind::File && w != 1)) return std::nullopt;
        t.weight = 0;
        t.has_weight = true;
        return t;
    }

    void sync_groups() {
        std::vector<const model::SyncGroup*> order;
        for (const auto& g : n_.sync_groups) order.push_back(&g);
        std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->name < b->name; });
        for (const auto* g : order) sync_group(*g);
    }

    void sync_group(const model::SyncGroup& g) {
        const std::string what = "vrrp_sync_group `" + g.name + "`";
        std::vector<std::string_view> members;
        for (const auto& m : g.members)
            if (is_instance(m) && group_of(m) == &g && std::find(members.begin(), members.end(), m) == members.end())
                members.push_back(m);
        if (members.empty()) return;  // keepalived removes a group without instances
        if (g.name.empty()) throw Fail{"a vrrp_sync_group has no name"};
        if (!sync_.recs.empty() && sync_names_.back() == g.name) throw Fail{"two " + what + " blocks"};
        sync_names_.push_back(g.name);
        auto& r = sync_.add();
        p::put_u16(&r[p::sync_group::name], data_.str(g.name, what));
        p::put_u16(&r[p::sync_group::members], data_.list(members, what + " group"));
        const std::array<const model::Command*, p::sync_group::kCommands> cmds{
            &g.notify_master, &g.notify_backup, &g.notify_fault, &g.notify_stop, &g.notify};
        for (std::size_t k = 0; k < cmds.size(); ++k) {
            if (cmds[k]->empty()) continue;
            const std::string w = what + " " + std::string(kind_name(static_cast<p::CommandKind>(k)));
            const std::size_t at = p::sync_group::commands + 4 * k;
            p::put_u16(&r[at], argv(data_, *cmds[k], w));
            p::put_u16(&r[at + 2], runas(data_, cmds[k]->user(), cmds[k]->group(), w));
        }
    }

    /// keepalived: the entry's weight, else the block's (default 1) with its reverse.
    model::TrackRef process_ref(const model::TrackRef& t, const std::string& what) const {
        const auto* tp = n_.track_process(t.name);
        if (!tp) throw Fail{what + " track_process `" + t.name + "` names no vrrp_track_process with a process"};
        model::TrackRef eff = t;
        if (!t.has_weight) {
            eff.weight = tp->weight.value;
            eff.reverse = tp->reverse;
        }
        eff.has_weight = true;
        return eff;
    }

    void command(const model::Command& c, p::CommandKind kind, const std::string& what) {
        if (c.empty()) return;
        const std::string w = what + " " + std::string(kind_name(kind));
        auto& r = cmd_.add();
        p::put_u8(&r[p::command::kind], static_cast<std::uint8_t>(kind));
        p::put_u16(&r[p::command::argv], argv(data_, c, w));
        p::put_u16(&r[p::command::runas], runas(data_, c.user(), c.group(), w));
    }

    // --- virtual_routes and virtual_rules: their own section, by instance index.

    void routes(const model::Instance& in, std::size_t index) {
        const std::string what = "vrrp_instance `" + in.name + "`";
        for (const auto& r : in.routes) route(r, index, what + " virtual_routes");
        for (const auto& r : in.rules) rule(r, index, what + " virtual_rules");
    }

    /// An address and its prefix length (no prefix: the whole address).
    std::pair<std::uint16_t, std::uint8_t> prefix(const model::Cidr& c) {
        if (!c.addr.valid()) return {0, 0};
        const int len = c.prefix < 0 ? (c.addr.is_v4() ? 32 : 128) : c.prefix;
        return {data_.addr(c.addr), static_cast<std::uint8_t>(len)};
    }

    static std::uint8_t route_type(const std::string& t) {
        if (t == "blackhole") return 6;
        if (t == "unreachable") return 7;
        if (t == "prohibit") return 8;
        if (t == "throw") return 9;
        return 0;
    }

    std::array<std::byte, p::kRouteSize>& route_record(p::RouteKind kind, std::size_t index, std::uint8_t flags) {
        auto& r = route_.add();
        p::put_u8(&r[p::route::kind], static_cast<std::uint8_t>(kind));
        p::put_u16(&r[p::route::instance], static_cast<std::uint16_t>(index));
        p::put_u8(&r[p::route::flags], flags);
        return r;
    }

    void route(const model::Route& m, std::size_t index, const std::string& what) {
        if (!m.unsupported.empty()) throw Fail{what + ": havipd does not run " + m.unsupported};
        const bool v6 = m.inet6 || m.dst.addr.is_v6() || m.src.is_v6() || m.via.is_v6();
        std::uint8_t f = v6 ? p::kRouteInet6 : 0;
        if (m.no_track) f |= p::kRouteNoTrack;
        if (m.onlink) f |= p::kRouteOnlink;
        auto& r = route_record(p::RouteKind::Route, index, f);
        model::Cidr dst = m.dst;
        if (!dst.addr.valid())
            dst = model::Cidr{model::IpAddr::unspecified(v6 ? model::IpAddr::V6 : model::IpAddr::V4), 0};
        const auto [ref, len] = prefix(dst);
        p::put_u16(&r[p::route::dst], ref);
        p::put_u8(&r[p::route::dst_len], len);
        p::put_u16(&r[p::route::src], data_.addr(m.src));
        p::put_u16(&r[p::route::via], data_.addr(m.via));
        p::put_u16(&r[p::route::dev], data_.str(m.dev, what + " dev"));
        p::put_u32(&r[p::route::table], m.table == 254 ? 0 : m.table);
        p::put_u32(&r[p::route::priority], m.metric);
        p::put_u8(&r[p::route::scope], scope_number(m.scope, what + " scope"));
        p::put_u8(&r[p::route::type], route_type(m.type));
    }

    void rule(const model::Rule& m, std::size_t index, const std::string& what) {
        if (!m.unsupported.empty()) throw Fail{what + ": havipd does not run " + m.unsupported};
        const bool v6 = m.inet6 || m.from.addr.is_v6() || m.to.addr.is_v6();
        std::uint8_t f = v6 ? p::kRouteInet6 : 0;
        if (m.no_track) f |= p::kRouteNoTrack;
        if (m.has_fwmark) f |= p::kRouteFwmark;
        auto& r = route_record(p::RouteKind::Rule, index, f);
        const auto [to, to_len] = prefix(m.to);
        const auto [from, from_len] = prefix(m.from);
        p::put_u16(&r[p::route::dst], to);
        p::put_u8(&r[p::route::dst_len], to_len);
        p::put_u16(&r[p::route::src], from);
        p::put_u8(&r[p::route::src_len], from_len);
        p::put_u16(&r[p::route::dev], data_.str(m.iif, what + " iif"));
        p::put_u16(&r[p::route::oif], data_.str(m.oif, what + " oif"));
        p::put_u32(&r[p::route::table], m.table == 254 ? 0 : m.table);
        p::put_u32(&r[p::route::priority], m.preference);
        if (m.has_fwmark) {  // else zero: the records stay short
            p::put_u32(&r[p::route::fwmark], m.fwmark);
            p::put_u32(&r[p::route::fwmask], m.fwmask);
        }
    }

    /// notify_fifo and vrrp_notify_fifo (a script without its FIFO does nothing, as in keepalived).
    void fifos() {
        const auto& g = n_.globals;
        if (g.notify_fifo.set && g.vrrp_notify_fifo.set && g.notify_fifo.value == g.vrrp_notify_fifo.value)
            throw Fail{"notify_fifo and vrrp_notify_fifo name the same FIFO `" + g.notify_fifo.value +
                       "` (keepalived: the FIFO names must all be different)"};
        fifo(p::FifoKind::Notify, g.notify_fifo, g.notify_fifo_user, g.notify_fifo_group, g.notify_fifo_script);
        fifo(p::FifoKind::VrrpNotify, g.vrrp_notify_fifo, g.vrrp_notify_fifo_user, g.vrrp_notify_fifo_group,
             g.vrrp_notify_fifo_script);
    }

    void fifo(p::FifoKind kind, const model::Located<std::string>& path, const std::string& user,
              const std::string& group, const model::Command& script) {
        if (!path.set) return;
        const std::string what(kind == p::FifoKind::Notify ? "notify_fifo" : "vrrp_notify_fifo");
        const std::string& f = path.value;
        if (f.size() < 2 || f.front() != '/' || f.back() == '/')
            throw Fail{what + " `" + f + "` is not an absolute file path"};
        auto& r = fifo_.add();
        p::put_u8(&r[p::fifo::kind], static_cast<std::uint8_t>(kind));
        p::put_u16(&r[p::fifo::path], data_.str(f, what));
        p::put_u16(&r[p::fifo::owner], runas(data_, user, group, what + " owner"));
        if (script.empty()) return;
        p::put_u16(&r[p::fifo::script], argv(data_, script, what + "_script"));
        p::put_u16(&r[p::fifo::script_runas], runas(data_, script.user(), script.group(), what + "_script"));
    }

    static std::string_view kind_name(p::CommandKind k) {
        static constexpr std::array<std::string_view, 7> names{
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_master_rx_lower_pri",
            "notify_deleted"};
        return names[static_cast<std::size_t>(k)];
    }

    const model::Node& n_;
    const PlanMeta& m_;
    Data data_;
    std::vector<std::string> script_names_;  // sorted
    Records<p::kNodeSize> node_;
    Records<p::kInstanceSize> inst_;
    Records<p::kVipSize> vip_;
    Records<p::kPeerSize> peer_;
    Records<p::kTrackSize> track_;
    Records<p::kScriptSize> script_;
    Records<p::kCommandSize> cmd_;
    Records<p::kFifoSize> fifo_;
    Records<p::kRouteSize> route_;
    Records<p::kStaticAddressSize> static_addr_;
    Records<p::kSyncGroupSize> sync_;
    std::vector<std::string> sync_names_;  // sorted
    Records<p::kProcessSize> proc_;
};

}  // namespace

std::uint64_t config_digest(const model::Node& node) {
    p::SourceDigest d;
    d.add(model::dump_keepalived(node));
    return d.value();
}

std::vector<std::byte> write_plan(const model::Node& node, const PlanMeta& meta, std::string* error) {
    // Fail stays inside this file: the boundary converts it to an error string.
    try {
        return Writer(node, meta).run();
    } catch (const Fail& f) {
        if (error) *error = f.message;
    } catch (const std::exception& e) {
        if (error) *error = std::string("plan writer: ") + e.what();
    }
    return {};
}

}  // namespace havip::emit
