// SPDX-License-Identifier: MIT
#pragma once
// A test-only writer of small plans, straight from runtime/plan/format.hpp's
// layout (the real writer lives on the compiler side, which these tests do not
// link). Enough for one node with instances, VIPs, peers, tracks and scripts.
#include <cstdint>
#include <string>
#include <vector>

#include "plan/format.hpp"

namespace plantest {

using havip::plan::put_i16;
using havip::plan::put_u16;
using havip::plan::put_u32;
using havip::plan::put_u8;

struct Addr {
    std::uint8_t family = 4;
    std::vector<std::uint8_t> bytes;
};
inline Addr v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) { return {4, {a, b, c, d}}; }

struct Vip {
    Addr addr;
    bool excluded = false;
};
struct Track {
    std::string name;
    std::uint8_t kind = 1;  // script
    std::int16_t weight = 0;
    bool has_weight = false, reverse = false;
};
struct Script {
    std::string name;
    std::int16_t weight = 0;
    bool reverse = false, init_fail = false;
};
struct Instance {
    std::string name = "VI_1", interface = "eth0";
    std::uint8_t vrid = 51, priority = 100, mode = 0, flags = 0;
    std::uint16_t advert_cs = 100, preempt_delay_s = 0, preempt_delay_ms = 0;
    std::uint8_t garp_repeat = 5, garp_refresh_repeat = 1, lower_prio_repeat = 5;
    std::uint16_t garp_delay_s = 5, garp_refresh_s = 0, lower_prio_delay_s = 5;
    Addr src{0, {}};
    std::string auth_pass;
    std::vector<Vip> vips;
    std::vector<Addr> peers;
    std::vector<Track> tracks;
};

class Builder {
  public:
    std::string node_name = "a";
    std::vector<Instance> instances;  ///< must be sorted by name
    std::vector<Script> scripts;      ///< must be sorted by name

    std::vector<std::byte> build() {
        data_.assign(1, std::byte{0});
        std::vector<std::vector<std::byte>> recs(9);
        // Node
        std::vector<std::byte> node(havip::plan::kNodeSize);
        put_u16(&node[havip::plan::node::name], str(node_name));
        put_u16(&node[havip::plan::node::compiler], str("test"));
        recs[1] = node;
        std::size_t nv = 0, np = 0, nt = 0;
        for (const auto& in : instances) {
            std::vector<std::byte> r(havip::plan::kInstanceSize);
            namespace I = havip::plan::instance;
            put_u16(&r[I::name], str(in.name));
            put_u16(&r[I::interface], str(in.interface));
            put_u8(&r[I::vrid], in.vrid);
            put_u8(&r[I::priority], in.priority);
            put_u8(&r[I::mode], in.mode);
            put_u8(&r[I::flags], in.flags);
            put_u16(&r[I::advert_cs], in.advert_cs);
            for (const auto& v : in.vips) {
                std::vector<std::byte> vr(havip::plan::kVipSize);
                put_u16(&vr[havip::plan::vip::addr], addr(v.addr));
                put_u8(&vr[havip::plan::vip::prefix], v.addr.family == 4 ? 32 : 128);
                put_u8(&vr[havip::plan::vip::flags], v.excluded ? havip::plan::kVipExcluded : 0);
                recs[3].insert(recs[3].end(), vr.begin(), vr.end());
                ++nv;
            }
            for (const auto& p : in.peers) {
                std::vector<std::byte> pr(havip::plan::kPeerSize);
                put_u16(&pr[havip::plan::peer::addr], addr(p));
                recs[4].insert(recs[4].end(), pr.begin(), pr.end());
                ++np;
            }
            for (const auto& t : in.tracks) {
                std::vector<std::byte> tr(havip::plan::kTrackSize);
                put_u16(&tr[havip::plan::track::name], str(t.name));
                put_u8(&tr[havip::plan::track::kind], t.kind);
                put_u8(&tr[havip::plan::track::flags], std::uint8_t((t.reverse ? havip::plan::kTrackReverse : 0) |
                                                                    (t.has_weight ? havip::plan::kTrackHasWeight : 0)));
                put_i16(&tr[havip::plan::track::weight], t.weight);
                recs[5].insert(recs[5].end(), tr.begin(), tr.end());
                ++nt;
            }
            put_u16(&r[I::vip_end], std::uint16_t(nv));
            put_u16(&r[I::peer_end], std::uint16_t(np));
            put_u16(&r[I::track_end], std::uint16_t(nt));
            if (in.src.family) put_u16(&r[I::src], addr(in.src));
            if (!in.auth_pass.empty()) put_u16(&r[I::auth_pass], str(in.auth_pass));
            put_u8(&r[I::unicast_ttl], 255);
            put_u8(&r[I::garp_master_repeat], in.garp_repeat);
            put_u16(&r[I::garp_master_delay_s], in.garp_delay_s);
            put_u16(&r[I::garp_master_refresh_s], in.garp_refresh_s);
            put_u8(&r[I::garp_refresh_repeat], in.garp_refresh_repeat);
            put_u8(&r[I::garp_lower_prio_repeat], in.lower_prio_repeat);
            put_u16(&r[I::garp_lower_prio_delay_s], in.lower_prio_delay_s);
            put_u16(&r[I::preempt_delay_s], in.preempt_delay_s);
            put_u16(&r[I::preempt_delay_ms], in.preempt_delay_ms);
            recs[2].insert(recs[2].end(), r.begin(), r.end());
        }
        for (const auto& s : scripts) {
            std::vector<std::byte> r(havip::plan::kScriptSize);
            namespace S = havip::plan::script;
            put_u16(&r[S::name], str(s.name));
            put_u16(&r[S::argv], list({"/bin/true"}));
            put_u32(&r[S::interval_ms], 1000);
            put_u16(&r[S::rise], 1);
            put_u16(&r[S::fall], 1);
            put_i16(&r[S::weight], s.weight);
            put_u8(&r[S::flags], std::uint8_t((s.reverse ? havip::plan::kScriptReverse : 0) |
                                              (s.init_fail ? havip::plan::kScriptInitFail : 0)));
            recs[6].insert(recs[6].end(), r.begin(), r.end());
        }
        recs[8] = data_;
        const std::size_t sizes[9] = {0,
                                      havip::plan::kNodeSize,
                                      havip::plan::kInstanceSize,
                                      havip::plan::kVipSize,
                                      havip::plan::kPeerSize,
                                      havip::plan::kTrackSize,
                                      havip::plan::kScriptSize,
                                      0,
                                      1};
        std::vector<int> ids;
        for (int id = 1; id <= 8; ++id)
            if (id == 1 || id == 8 || !recs[std::size_t(id)].empty()) ids.push_back(id);
        // Offsets depend on the table's varint lengths: iterate to a fixed point.
        std::vector<std::byte> table;
        std::size_t table_size = 0;
        for (int pass = 0; pass < 4; ++pass) {
            table.clear();
            std::size_t off = havip::plan::kHeaderSize + table_size;
            for (int id : ids) {
                const auto& rec = recs[std::size_t(id)];
                table.push_back(std::byte(id));
                table.push_back(std::byte{0});
                table.push_back(std::byte(sizes[id]));
                std::byte buf[5];
                auto n = havip::plan::put_varint(buf, std::uint32_t(rec.size() / sizes[id]));
                table.insert(table.end(), buf, buf + n);
                n = havip::plan::put_varint(buf, std::uint32_t(off));
                table.insert(table.end(), buf, buf + n);
                off += rec.size();
            }
            table_size = table.size();
        }
        std::vector<std::byte> out(havip::plan::kHeaderSize);
        for (int i = 0; i < 4; ++i) out[std::size_t(i)] = havip::plan::kMagic[std::size_t(i)];
        put_u8(&out[havip::plan::header::version], havip::plan::kFormatVersion);
        put_u8(&out[havip::plan::header::section_count], std::uint8_t(ids.size()));
        out.insert(out.end(), table.begin(), table.end());
        for (int id : ids) out.insert(out.end(), recs[std::size_t(id)].begin(), recs[std::size_t(id)].end());
        put_u32(&out[havip::plan::header::total_size], std::uint32_t(out.size()));
        put_u32(&out[havip::plan::header::checksum], havip::plan::plan_checksum(out));
        return out;
    }

  private:
    std::uint16_t str(const std::string& s) {
        const auto ref = std::uint16_t(data_.size());
        for (char c : s) data_.push_back(std::byte(c));
        data_.push_back(std::byte{0});
        return ref;
    }
    std::uint16_t addr(const Addr& a) {
        const auto ref = std::uint16_t(data_.size());
        data_.push_back(std::byte(a.family));
        for (auto b : a.bytes) data_.push_back(std::byte(b));
        return ref;
    }
    std::uint16_t list(std::initializer_list<const char*> items) {
        std::vector<std::uint16_t> refs;
        for (const char* s : items) refs.push_back(str(s));
        const auto ref = std::uint16_t(data_.size());
        data_.push_back(std::byte(refs.size()));
        for (auto r : refs) {
            data_.push_back(std::byte(r & 0xff));
            data_.push_back(std::byte(r >> 8));
        }
        return ref;
    }
    std::vector<std::byte> data_;
};

}  // namespace plantest
