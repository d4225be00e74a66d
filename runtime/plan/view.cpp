// SPDX-License-Identifier: MIT
// PlanView accessors. They run only on a plan load() accepted, so references
// and ranges are known good; each accessor still bounds its index, so misuse
// returns an empty struct instead of reading past the buffer.
#include <algorithm>
#include <cstring>

#include "plan/loader.hpp"

namespace havip::plan {

std::string_view StringList::operator[](std::size_t i) const {
    if (i >= size()) return {};
    const std::uint16_t r = get_u16(data_.data() + ref_ + 1 + 2 * i);
    if (r >= data_.size()) return {};
    const char* p = reinterpret_cast<const char*>(data_.data()) + r;
    const void* nul = std::memchr(p, 0, data_.size() - r);
    return nul ? std::string_view(p, static_cast<const char*>(nul) - p) : std::string_view();
}

std::vector<std::string> StringList::to_vector() const {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < size(); ++i) v.emplace_back((*this)[i]);
    return v;
}

template <std::size_t N>
std::array<std::byte, N> PlanView::record(SectionId id, std::size_t i) const {
    const Known& k = known_[static_cast<std::size_t>(id)];
    std::array<std::byte, N> r{};
    if (i < k.count)
        std::memcpy(r.data(), bytes_.data() + k.offset + i * k.record_size, std::min<std::size_t>(N, k.record_size));
    return r;
}

std::span<const std::byte> PlanView::data() const {
    const Known& k = known_[static_cast<std::size_t>(SectionId::Data)];
    return bytes_.subspan(k.offset, k.count);
}

std::string_view PlanView::str(std::uint16_t ref) const {
    const auto d = data();
    if (ref >= d.size()) return {};
    const char* p = reinterpret_cast<const char*>(d.data()) + ref;
    const void* nul = std::memchr(p, 0, d.size() - ref);
    return nul ? std::string_view(p, static_cast<const char*>(nul) - p) : std::string_view();
}

Address PlanView::addr(std::uint16_t ref) const {
    Address a;
    const auto d = data();
    if (ref == 0 || ref >= d.size()) return a;
    const auto fam = get_u8(d.data() + ref);
    const std::size_t len = fam == 4 ? 4 : fam == 6 ? 16 : 0;
    if (!len || std::size_t{ref} + 1 + len > d.size()) return a;
    return Address::from_bytes(reinterpret_cast<const std::uint8_t*>(d.data() + ref + 1), fam);
}

namespace {
void user_group(const StringList& l, std::string_view& user, std::string_view& group) {
    user = l.size() > 0 ? l[0] : std::string_view();
    group = l.size() > 1 ? l[1] : std::string_view();
}
}  // namespace

NodeInfo PlanView::node() const {
    const auto r = record<kNodeSize>(SectionId::Node, 0);
    NodeInfo n;
    n.name = str(get_u16(&r[node::name]));
    n.compiler = str(get_u16(&r[node::compiler]));
    n.source_digest = get_u64(&r[node::source_digest]);
    const auto f = get_u8(&r[node::flags]);
    n.enable_script_security = f & kNodeScriptSecurity;
    n.check_unicast_src = f & kNodeCheckUnicastSrc;
    user_group(list(get_u16(&r[node::script_runas])), n.script_user, n.script_group);
    n.startup_delay_ms = get_u32(&r[node::startup_delay_ms]);
    n.garp_interval_us = get_u32(&r[node::garp_interval_us]);
    n.gna_interval_us = get_u32(&r[node::gna_interval_us]);
    return n;
}

InstanceInfo PlanView::instance(std::size_t i) const {
    InstanceInfo in;
    if (i >= instance_count()) return in;
    const auto r = record<kInstanceSize>(SectionId::Instance, i);
    in.name = str(get_u16(&r[instance::name]));
    in.interface = str(get_u16(&r[instance::interface]));
    in.vrid = get_u8(&r[instance::vrid]);
    in.priority = get_u8(&r[instance::priority]);
    const auto mode = get_u8(&r[instance::mode]);
    in.master = mode & kModeMaster;
    in.version = (mode & kModeV3) ? 3 : 2;
    in.auth = static_cast<AuthType>((mode & kModeAuthMask) >> kModeAuthShift);
    in.ipv6 = mode & kModeIpv6;
    const auto f = get_u8(&r[instance::flags]);
    in.nopreempt = f & kInstNopreempt;
    in.accept = f & kInstAccept;
    in.use_vmac = f & kInstUseVmac;
    in.vmac_xmit_base = f & kInstVmacXmitBase;
    in.v3_checksum_as_v2 = f & kInstV3ChecksumAsV2;
    in.strict = f & kInstStrict;
    in.skip_check_adv_addr = f & kInstSkipCheckAdvAddr;
    in.dont_track_primary = f & kInstDontTrackPrimary;
    in.advert_cs = get_u16(&r[instance::advert_cs]);
    in.src = addr(get_u16(&r[instance::src]));
    in.auth_pass = str(get_u16(&r[instance::auth_pass]));
    in.unicast_ttl = get_u8(&r[instance::unicast_ttl]);
    in.garp.master_repeat = get_u8(&r[instance::garp_master_repeat]);
    in.garp.master_delay_s = get_u16(&r[instance::garp_master_delay_s]);
    in.garp.master_refresh_s = get_u16(&r[instance::garp_master_refresh_s]);
    in.garp.master_refresh_repeat = get_u8(&r[instance::garp_refresh_repeat]);
    in.garp.lower_prio_repeat = get_u8(&r[instance::garp_lower_prio_repeat]);
    in.garp.lower_prio_delay_s = get_u16(&r[instance::garp_lower_prio_delay_s]);
    in.preempt_delay_s = get_u16(&r[instance::preempt_delay_s]);
    in.preempt_delay_ms = get_u16(&r[instance::preempt_delay_ms]);
    in.vmac_name = str(get_u16(&r[instance::vmac_name]));
    in.mcast_group = addr(get_u16(&r[instance::mcast_group]));
    // Children: [previous instance's end, this instance's end).
    std::array<std::size_t, 4> first{};
    if (i > 0) {
        const auto p = record<kInstanceSize>(SectionId::Instance, i - 1);
        first = {get_u16(&p[instance::vip_end]), get_u16(&p[instance::peer_end]), get_u16(&p[instance::track_end]),
                 get_u16(&p[instance::command_end])};
    }
    auto range = [&](std::size_t k, std::size_t off) {
        const std::size_t end = get_u16(&r[off]);
        return Range{first[k], end >= first[k] ? end - first[k] : 0};
    };
    in.vips = range(0, instance::vip_end);
    in.peers = range(1, instance::peer_end);
    in.tracks = range(2, instance::track_end);
    in.commands = range(3, instance::command_end);
    return in;
}

VipInfo PlanView::vip(std::size_t i) const {
    VipInfo v;
    if (i >= vip_count()) return v;
    const auto r = record<kVipSize>(SectionId::Vip, i);
    v.addr = addr(get_u16(&r[vip::addr]));
    v.prefix = get_u8(&r[vip::prefix]);
    const auto f = get_u8(&r[vip::flags]);
    v.excluded = f & kVipExcluded;
    v.no_track = f & kVipNoTrack;
    v.dev = str(get_u16(&r[vip::dev]));
    v.label = str(get_u16(&r[vip::label]));
    v.scope = get_u8(&r[vip::scope]);
    return v;
}

VipInfo PlanView::static_address(std::size_t i) const {
    VipInfo v;
    if (i >= static_address_count()) return v;
    const auto r = record<kStaticAddressSize>(SectionId::Static, i);
    v.addr = addr(get_u16(&r[static_address::addr]));
    v.prefix = get_u8(&r[static_address::prefix]);
    v.no_track = get_u8(&r[static_address::flags]) & kVipNoTrack;
    v.dev = str(get_u16(&r[static_address::dev]));
    v.label = str(get_u16(&r[static_address::label]));
    v.scope = get_u8(&r[static_address::scope]);
    return v;
}

PeerInfo PlanView::peer(std::size_t i) const {
    PeerInfo p;
    if (i >= peer_count()) return p;
    const auto r = record<kPeerSize>(SectionId::Peer, i);
    p.addr = addr(get_u16(&r[peer::addr]));
    p.min_ttl = get_u8(&r[peer::min_ttl]);
    p.max_ttl = get_u8(&r[peer::max_ttl]);
    return p;
}

TrackInfo PlanView::track(std::size_t i) const {
    TrackInfo t;
    if (i >= track_count()) return t;
    const auto r = record<kTrackSize>(SectionId::Track, i);
    t.name = str(get_u16(&r[track::name]));
    t.kind = static_cast<TrackKind>(get_u8(&r[track::kind]));
    const auto f = get_u8(&r[track::flags]);
    t.reverse = f & kTrackReverse;
    t.has_weight = f & kTrackHasWeight;
    t.weight = get_i16(&r[track::weight]);
    t.path = str(get_u16(&r[track::path]));
    t.init_file = f & kTrackInitFile;
    t.overwrite = f & kTrackOverwrite;
    t.init_value = get_i32(&r[track::init_value]);
    return t;
}

ScriptInfo PlanView::script(std::size_t i) const {
    ScriptInfo s;
    if (i >= script_count()) return s;
    const auto r = record<kScriptSize>(SectionId::Script, i);
    s.name = str(get_u16(&r[script::name]));
    s.argv = list(get_u16(&r[script::argv]));
    s.interval_ms = get_u32(&r[script::interval_ms]);
    s.rise = get_u16(&r[script::rise]);
    s.fall = get_u16(&r[script::fall]);
    s.weight = get_i16(&r[script::weight]);
    const auto f = get_u8(&r[script::flags]);
    s.reverse = f & kScriptReverse;
    s.init_fail = f & kScriptInitFail;
    s.timeout_ms = get_u32(&r[script::timeout_ms]);
    user_group(list(get_u16(&r[script::runas])), s.user, s.group);
    return s;
}

CommandInfo PlanView::command(std::size_t i) const {
    CommandInfo c;
    if (i >= command_count()) return c;
    const auto r = record<kCommandSize>(SectionId::Command, i);
    c.kind = static_cast<CommandKind>(get_u8(&r[command::kind]));
    c.argv = list(get_u16(&r[command::argv]));
    user_group(list(get_u16(&r[command::runas])), c.user, c.group);
    return c;
}

RouteInfo PlanView::route(std::size_t i) const {
    RouteInfo o;
    if (i >= route_count()) return o;
    const auto r = record<kRouteSize>(SectionId::Route, i);
    o.kind = static_cast<RouteKind>(get_u8(&r[route::kind]));
    o.instance = get_u16(&r[route::instance]);
    const auto f = get_u8(&r[route::flags]);
    o.family = f & kRouteInet6 ? 6 : 4;
    o.no_track = f & kRouteNoTrack;
    o.onlink = f & kRouteOnlink;
    o.has_fwmark = f & kRouteFwmark;
    o.dst = addr(get_u16(&r[route::dst]));
    o.dst_len = get_u8(&r[route::dst_len]);
    o.src = addr(get_u16(&r[route::src]));
    o.src_len = get_u8(&r[route::src_len]);
    o.via = addr(get_u16(&r[route::via]));
    o.dev = str(get_u16(&r[route::dev]));
    o.oif = str(get_u16(&r[route::oif]));
    const auto table = get_u32(&r[route::table]);
    o.table = table ? table : 254;
    o.priority = get_u32(&r[route::priority]);
    o.scope = get_u8(&r[route::scope]);
    o.type = get_u8(&r[route::type]);
    o.fwmark = get_u32(&r[route::fwmark]);
    o.fwmask = get_u32(&r[route::fwmask]);
    return o;
}

SyncGroupInfo PlanView::sync_group(std::size_t i) const {
    SyncGroupInfo g;
    if (i >= sync_group_count()) return g;
    const auto r = record<kSyncGroupSize>(SectionId::SyncGroup, i);
    g.name = str(get_u16(&r[sync_group::name]));
    g.members = list(get_u16(&r[sync_group::members]));
    for (std::size_t k = 0; k < sync_group::kCommands; ++k) {
        const std::size_t at = sync_group::commands + 4 * k;
        g.notify[k].kind = static_cast<CommandKind>(k);
        g.notify[k].argv = list(get_u16(&r[at]));
        user_group(list(get_u16(&r[at + 2])), g.notify[k].user, g.notify[k].group);
    }
    return g;
}

FifoInfo PlanView::fifo(std::size_t i) const {
    FifoInfo f;
    if (i >= fifo_count()) return f;
    const auto r = record<kFifoSize>(SectionId::Fifo, i);
    f.kind = static_cast<FifoKind>(get_u8(&r[fifo::kind]));
    f.path = str(get_u16(&r[fifo::path]));
    user_group(list(get_u16(&r[fifo::owner])), f.owner_user, f.owner_group);
    f.script = list(get_u16(&r[fifo::script]));
    user_group(list(get_u16(&r[fifo::script_runas])), f.script_user, f.script_group);
    return f;
}

ProcessInfo PlanView::process(std::size_t i) const {
    ProcessInfo p;
    if (i >= process_count()) return p;
    const auto r = record<kProcessSize>(SectionId::Process, i);
    p.name = str(get_u16(&r[process::name]));
    p.process = str(get_u16(&r[process::process]));
    p.params = list(get_u16(&r[process::params]));
    p.weight = get_i16(&r[process::weight]);
    const auto f = get_u8(&r[process::flags]);
    p.reverse = f & kProcReverse;
    p.cmdline = f & kProcCmdline;
    p.partial = f & kProcPartial;
    p.initial = f & kProcInitial;
    p.full_command = f & kProcFullCommand;
    p.quorum = get_u16(&r[process::quorum]);
    if (f & kProcQuorumMax) p.quorum_max = get_u16(&r[process::quorum_max]);
    p.fork_delay_ms = get_u32(&r[process::fork_delay_ms]);
    p.terminate_delay_ms = get_u32(&r[process::terminate_delay_ms]);
    return p;
}

std::optional<ProcessInfo> PlanView::find_process(std::string_view name) const {
    std::size_t lo = 0, hi = process_count();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto r = record<kProcessSize>(SectionId::Process, mid);
        const auto n = str(get_u16(&r[process::name]));
        if (n == name) return process(mid);
        if (n < name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

std::optional<InstanceInfo> PlanView::find_instance(std::string_view name) const {
    // Instances are sorted by name (the loader checked): binary search.
    std::size_t lo = 0, hi = instance_count();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto r = record<kInstanceSize>(SectionId::Instance, mid);
        const auto n = str(get_u16(&r[instance::name]));
        if (n == name) return instance(mid);
        if (n < name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

std::optional<ScriptInfo> PlanView::find_script(std::string_view name) const {
    std::size_t lo = 0, hi = script_count();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto r = record<kScriptSize>(SectionId::Script, mid);
        const auto n = str(get_u16(&r[script::name]));
        if (n == name) return script(mid);
        if (n < name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

std::vector<SectionInfo> PlanView::sections() const {
    std::vector<SectionInfo> out;
    const std::size_t n = get_u8(bytes_.data() + header::section_count);
    std::size_t pos = kHeaderSize;
    for (std::size_t i = 0; i < n && pos + 3 <= bytes_.size(); ++i) {
        SectionInfo s;
        s.entry_offset = static_cast<std::uint32_t>(pos);
        s.id = get_u8(bytes_.data() + pos);
        s.flags = get_u8(bytes_.data() + pos + 1);
        s.record_size = get_u8(bytes_.data() + pos + 2);
        pos += 3;
        std::size_t used = get_varint(bytes_.subspan(pos), s.count);
        if (!used) break;
        pos += used;
        used = get_varint(bytes_.subspan(pos), s.offset);
        if (!used) break;
        pos += used;
        s.size = s.count * s.record_size;
        out.push_back(s);
    }
    return out;
}

std::string_view track_kind_name(TrackKind k) {
    switch (k) {
        case TrackKind::Interface:
            return "interface";
        case TrackKind::Script:
            return "script";
        case TrackKind::File:
            return "file";
        case TrackKind::Process:
            return "process";
        case TrackKind::Bfd:
            return "bfd";
    }
    return "?";
}

std::string_view command_kind_name(CommandKind k) {
    switch (k) {
        case CommandKind::Master:
            return "notify_master";
        case CommandKind::Backup:
            return "notify_backup";
        case CommandKind::Fault:
            return "notify_fault";
        case CommandKind::Stop:
            return "notify_stop";
        case CommandKind::Generic:
            return "notify";
        case CommandKind::MasterRxLowerPri:
            return "notify_master_rx_lower_pri";
        case CommandKind::Deleted:
            return "notify_deleted";
    }
    return "?";
}

std::string_view route_type_name(std::uint8_t type) {
    switch (type) {
        case 0:
        case 1:
            return "unicast";
        case 6:
            return "blackhole";
        case 7:
            return "unreachable";
        case 8:
            return "prohibit";
        case 9:
            return "throw";
        default:
            return "?";
    }
}

std::string_view fifo_kind_name(FifoKind k) {
    return k == FifoKind::Notify ? "notify_fifo" : k == FifoKind::VrrpNotify ? "vrrp_notify_fifo" : "?";
}

std::string_view auth_type_name(AuthType a) {
    switch (a) {
        case AuthType::None:
            return "none";
        case AuthType::Pass:
            return "PASS";
        case AuthType::Ah:
            return "AH";
    }
    return "?";
}

}  // namespace havip::plan
