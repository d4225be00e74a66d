// SPDX-License-Identifier: MIT
// The verifying loader. Order matters: header fields that decide how to read
// the rest (magic, version, size, checksum) first, then the section table,
// then every record field by field. Nothing is used before it is checked, and
// every check is linear or n·log n in the plan size, so no input can make the
// loader slow, let alone read out of bounds.
#include "plan/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace havip::plan {
namespace {

std::string hex(std::uint64_t v, int width = 0) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[v & 0xf]);
        v >>= 4;
    } while (v);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
    return "0x" + s;
}

bool valid_ifname(std::string_view s) {
    if (s.empty() || s.size() > kMaxIfName || s == "." || s == "..") return false;
    for (unsigned char c : s)
        if (c <= 0x20 || c == 0x7f || c == '/' || c == ':') return false;
    return true;
}

bool printable(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

}  // namespace

/// Walks a plan once, checking every field; the first failure stops it.
class Checker {
  public:
    explicit Checker(std::span<const std::byte> b) : b_(b) {}

    std::optional<LoadError> run(PlanView& v) {
        v.bytes_ = b_;
        if (!header() || !table(v)) return err_;
        data_ = v.data();
        if (!data_section() || !node(v) || !scripts(v) || !processes(v) || !instances(v) || !routes(v) ||
            !sync_groups(v) || !fifos(v) || !static_addresses(v))
            return err_;
        return std::nullopt;
    }

  private:
    using Sid = SectionId;

    bool fail(std::size_t off, const std::string& field, const std::string& what) {
        err_ = LoadError{field + " at offset " + std::to_string(off) + ": " + what, off};
        return false;
    }

    // --- header and table ---------------------------------------------------

    bool header() {
        if (b_.size() < kHeaderSize)
            return fail(
                0, "header",
                "plan is " + std::to_string(b_.size()) + " bytes, shorter than the 16-byte header (truncated file?)");
        if (b_.size() > kMaxPlanSize)
            return fail(0, "header",
                        "plan is " + std::to_string(b_.size()) + " bytes, more than the " +
                            std::to_string(kMaxPlanSize) + "-byte limit");
        if (!std::equal(kMagic.begin(), kMagic.end(), b_.begin()))
            return fail(header::magic, "magic", "not a havip plan (expected \"HVPL\")");
        const auto ver = get_u8(at(header::version));
        if (ver > kFormatVersion)
            return fail(header::version, "version",
                        "plan format " + std::to_string(ver) + " is newer than this loader (format " +
                            std::to_string(kFormatVersion) +
                            "); upgrade havipd, or compile the plan with a havip-compile of this release");
        if (ver != kFormatVersion)
            return fail(header::version, "version", "unknown plan format " + std::to_string(ver));
        if (auto f = get_u8(at(header::flags)); f != 0)
            return fail(
                header::flags, "flags",
                "unknown flag bits " + hex(f, 2) + " (format " + std::to_string(kFormatVersion) + " defines none)");
        if (auto r = get_u8(at(header::reserved)); r != 0)
            return fail(header::reserved, "reserved", "must be 0, is " + std::to_string(r));
        const auto total = get_u32(at(header::total_size));
        if (total != b_.size())
            return fail(header::total_size, "total_size",
                        "header says " + std::to_string(total) + " bytes but the plan has " +
                            std::to_string(b_.size()) + (total > b_.size() ? " (truncated)" : " (trailing bytes)"));
        const auto stored = get_u32(at(header::checksum));
        const auto computed = plan_checksum(b_);
        if (stored != computed)
            return fail(header::checksum, "checksum",
                        "stored " + hex(stored, 8) + ", computed " + hex(computed, 8) + " (corrupted plan)");
        return true;
    }

    bool table(PlanView& v) {
        const std::size_t n = get_u8(at(header::section_count));
        std::size_t pos = kHeaderSize;
        std::array<bool, 256> seen{};
        struct Entry {
            std::uint8_t id, flags, rs;
            std::uint32_t count, offset;
            std::size_t at;
        };
        std::array<Entry, 256> entries{};
        for (std::size_t i = 0; i < n; ++i) {
            const std::string f = "section[" + std::to_string(i) + "]";
            if (pos + 3 > b_.size()) return fail(pos, f, "section table runs past the end of the plan");
            Entry e{get_u8(at(pos)), get_u8(at(pos + 1)), get_u8(at(pos + 2)), 0, 0, pos};
            std::size_t used = get_varint(b_.subspan(pos + 3), e.count);
            if (!used) return fail(pos + 3, f + ".count", "bad varint (truncated, overlong or too large)");
            const std::size_t opos = pos + 3 + used;
            std::size_t used2 = get_varint(b_.subspan(opos), e.offset);
            if (!used2) return fail(opos, f + ".offset", "bad varint (truncated, overlong or too large)");
            pos = opos + used2;

            const auto name = section_name(e.id);
            const std::string fn = name.empty() ? f : f + " (" + std::string(name) + ")";
            if (e.id == 0) return fail(e.at, fn + ".id", "section id 0 is reserved");
            if (seen[e.id]) return fail(e.at, fn + ".id", "section id " + std::to_string(e.id) + " appears twice");
            seen[e.id] = true;
            if (e.flags & ~kSectionOptional)
                return fail(e.at + 1, fn + ".flags", "unknown flag bits " + hex(e.flags, 2));
            const bool known = section_known(e.id);
            if (!known && !(e.flags & kSectionOptional))
                return fail(e.at, fn + ".id",
                            "required section id " + std::to_string(e.id) + " is unknown to this loader (format " +
                                std::to_string(kFormatVersion) + "); upgrade havipd");
            if (e.rs == 0 && e.count != 0) return fail(e.at + 2, fn + ".record_size", "0 with records present");
            if (known) {
                if (e.count > kMaxCount)
                    return fail(e.at + 3, fn + ".count", std::to_string(e.count) + " is more than 65535");
                if (e.id == static_cast<std::uint8_t>(Sid::Data) && e.rs != 1)
                    return fail(e.at + 2, fn + ".record_size", "must be 1, is " + std::to_string(e.rs));
                if (e.id == static_cast<std::uint8_t>(Sid::Node) && e.count != 1)
                    return fail(e.at + 3, fn + ".count", "must be 1, is " + std::to_string(e.count));
            }
            if (static_cast<std::uint64_t>(e.count) * e.rs > b_.size())
                return fail(
                    e.at + 3, fn + ".count",
                    std::to_string(e.count) + " records of " + std::to_string(e.rs) + " bytes do not fit in the plan");
            entries[i] = e;
        }
        v.table_end_ = pos;
        // Sections follow the table back to back: each offset is checked against
        // the running end, and the last one must end exactly at total_size.
        std::uint64_t expect = pos;
        for (std::size_t i = 0; i < n; ++i) {
            const Entry& e = entries[i];
            const std::string f = "section[" + std::to_string(i) + "]";
            if (e.offset != expect)
                return fail(e.at, f + ".offset",
                            std::to_string(e.offset) + " but the previous section ends at " + std::to_string(expect));
            expect += static_cast<std::uint64_t>(e.count) * e.rs;
            if (expect > b_.size())
                return fail(e.at, f + ".size",
                            "section ends at " + std::to_string(expect) + ", past the end of the plan (" +
                                std::to_string(b_.size()) + ")");
            if (section_known(e.id)) v.known_[e.id] = {e.offset, e.count, e.rs};
        }
        if (expect != b_.size())
            return fail(static_cast<std::size_t>(expect), "sections",
                        std::to_string(b_.size() - expect) + " bytes after the last section");
        if (!seen[static_cast<std::size_t>(Sid::Node)]) return fail(kHeaderSize, "section table", "no node section");
        if (!seen[static_cast<std::size_t>(Sid::Data)]) return fail(kHeaderSize, "section table", "no data section");
        // A record longer than this loader's layout may only carry zeros in the
        // fields it does not know (a non-zero one is a feature it lacks).
        for (std::uint8_t id = 1; id <= kMaxKnownSection; ++id) {
            if (!section_known(id)) continue;
            const auto& k = v.known_[id];
            const std::size_t full = record_size(static_cast<Sid>(id));
            if (k.record_size <= full) continue;
            for (std::uint32_t r = 0; r < k.count; ++r)
                for (std::size_t o = full; o < k.record_size; ++o) {
                    const std::size_t off = k.offset + std::size_t{r} * k.record_size + o;
                    if (get_u8(at(off)) != 0)
                        return fail(off, std::string(section_name(id)) + "[" + std::to_string(r) + "]",
                                    "byte " + std::to_string(o) + " is a field unknown to this loader (format " +
                                        std::to_string(kFormatVersion) + ") and is not zero; upgrade havipd");
                }
        }
        view_ = &v;
        return true;
    }

    // --- data references ----------------------------------------------------

    bool data_section() {
        if (data_.empty() || get_u8(data_.data()) != 0)
            return fail(view_->known_[8].offset, "data[0]", "must be a 0 byte (the empty string and \"none\")");
        // next_nul_[i]: index of the first NUL at or after i (data_.size() if none);
        // makes every string check O(1) whatever the input.
        next_nul_.assign(data_.size() + 1, static_cast<std::uint32_t>(data_.size()));
        for (std::size_t i = data_.size(); i-- > 0;)
            next_nul_[i] = get_u8(data_.data() + i) == 0 ? static_cast<std::uint32_t>(i) : next_nul_[i + 1];
        return true;
    }

    std::size_t data_off(std::uint16_t ref) const { return view_->known_[8].offset + ref; }

    /// A string reference: in the data section, NUL-terminated there.
    bool str(std::uint16_t ref, std::size_t field_off, const std::string& f, std::string_view& out) {
        if (ref >= data_.size())
            return fail(field_off, f,
                        "string reference " + std::to_string(ref) + " is past the data section (" +
                            std::to_string(data_.size()) + " bytes)");
        if (next_nul_[ref] == data_.size())
            return fail(data_off(ref), f, "string at data+" + std::to_string(ref) + " has no terminating NUL");
        out = std::string_view(reinterpret_cast<const char*>(data_.data()) + ref, next_nul_[ref] - ref);
        return true;
    }
    bool name(std::uint16_t ref, std::size_t off, const std::string& f, std::string_view& out) {
        if (!str(ref, off, f, out)) return false;
        if (out.empty()) return fail(off, f, "must not be empty");
        if (!printable(out)) return fail(data_off(ref), f, "contains a control character");
        return true;
    }
    bool ifname(std::uint16_t ref, std::size_t off, const std::string& f, bool allow_empty) {
        std::string_view s;
        if (!str(ref, off, f, s)) return false;
        if (s.empty() && allow_empty) return true;
        if (!valid_ifname(s))
            return fail(
                data_off(ref), f,
                "`" + std::string(s.substr(0, 32)) + "` is not an interface name (1..15 bytes, no blank, '/' or ':')");
        return true;
    }
    bool addr(std::uint16_t ref, std::size_t off, const std::string& f, bool required, Address& a) {
        a = {};
        if (ref == 0) return required ? fail(off, f, "address is missing") : true;
        if (ref >= data_.size())
            return fail(off, f, "address reference " + std::to_string(ref) + " is past the data section");
        const auto fam = get_u8(data_.data() + ref);
        if (fam != 4 && fam != 6)
            return fail(data_off(ref), f, "address family " + std::to_string(fam) + " is neither 4 nor 6");
        const std::size_t len = fam == 4 ? 4 : 16;
        if (std::size_t{ref} + 1 + len > data_.size())
            return fail(data_off(ref), f, "address runs past the end of the data section");
        a = Address::from_bytes(reinterpret_cast<const std::uint8_t*>(data_.data() + ref + 1), fam);
        return true;
    }
    /// A list: count in [min_n, max_n], each element a string, the first non-empty.
    bool list(std::uint16_t ref, std::size_t off, const std::string& f, std::size_t min_n, std::size_t max_n) {
        if (ref == 0) return min_n == 0 ? true : fail(off, f, "list is missing");
        if (ref >= data_.size())
            return fail(off, f, "list reference " + std::to_string(ref) + " is past the data section");
        const std::size_t n = get_u8(data_.data() + ref);
        if (n < min_n || n > max_n)
            return fail(data_off(ref), f,
                        "list has " + std::to_string(n) + " elements, expected " + std::to_string(min_n) + ".." +
                            std::to_string(max_n));
        if (std::size_t{ref} + 1 + 2 * n > data_.size())
            return fail(data_off(ref), f, "list of " + std::to_string(n) + " runs past the end of the data section");
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t eo = ref + 1 + 2 * i;
            std::string_view s;
            const std::string fe = f + "[" + std::to_string(i) + "]";
            if (!str(get_u16(data_.data() + eo), data_off(eo), fe, s)) return false;
            if (i == 0 && s.empty()) return fail(data_off(eo), fe, "must not be empty");
        }
        return true;
    }

    // --- records ------------------------------------------------------------

    template <std::size_t N>
    std::array<std::byte, N> rec(Sid id, std::size_t i, std::size_t& base) const {
        const auto& k = view_->known_[static_cast<std::size_t>(id)];
        base = k.offset + i * k.record_size;
        std::array<std::byte, N> r{};
        std::memcpy(r.data(), b_.data() + base, std::min<std::size_t>(N, k.record_size));
        return r;
    }
    static std::string fname(Sid id, std::size_t i, const char* field) {
        return std::string(section_name(static_cast<std::uint8_t>(id))) + "[" + std::to_string(i) + "]." + field;
    }

    bool node(PlanView& v) {
        std::size_t base;
        auto r = rec<kNodeSize>(Sid::Node, 0, base);
        std::string_view s;
        if (!str(get_u16(&r[node::name]), base + node::name, "node.name", s)) return false;
        if (!printable(s)) return fail(base + node::name, "node.name", "contains a control character");
        if (!str(get_u16(&r[node::compiler]), base + node::compiler, "node.compiler", s)) return false;
        if (auto f = get_u8(&r[node::flags]); f & ~kNodeFlagsMask)
            return fail(base + node::flags, "node.flags", "unknown bits " + hex(f, 2));
        if (!list(get_u16(&r[node::script_runas]), base + node::script_runas, "node.script_runas", 0, 2)) return false;
        if (get_u16(&r[node::script_runas]) && get_u8(data_.data() + get_u16(&r[node::script_runas])) == 0)
            return fail(base + node::script_runas, "node.script_runas", "empty list (use 0 for none)");
        (void)v;
        return true;
    }

    bool scripts(PlanView& v) {
        std::string_view prev;
        for (std::size_t i = 0; i < v.script_count(); ++i) {
            std::size_t base;
            auto r = rec<kScriptSize>(Sid::Script, i, base);
            std::string_view nm;
            if (!name(get_u16(&r[script::name]), base, fname(Sid::Script, i, "name"), nm)) return false;
            if (i > 0 && !(prev < nm))
                return fail(base, fname(Sid::Script, i, "name"),
                            "`" + std::string(nm) + "` is not after `" + std::string(prev) +
                                "` (names must be sorted and unique)");
            prev = nm;
            if (!list(get_u16(&r[script::argv]), base + script::argv, fname(Sid::Script, i, "argv"), 1, 255))
                return false;
            if (get_u32(&r[script::interval_ms]) == 0)
                return fail(base + script::interval_ms, fname(Sid::Script, i, "interval_ms"), "must be at least 1");
            if (get_u16(&r[script::rise]) == 0)
                return fail(base + script::rise, fname(Sid::Script, i, "rise"), "must be at least 1");
            if (get_u16(&r[script::fall]) == 0)
                return fail(base + script::fall, fname(Sid::Script, i, "fall"), "must be at least 1");
            if (auto w = get_i16(&r[script::weight]); w < -254 || w > 254)
                return fail(base + script::weight, fname(Sid::Script, i, "weight"),
                            std::to_string(w) + " is out of -254..254");
            if (auto f = get_u8(&r[script::flags]); f & ~kScriptFlagsMask)
                return fail(base + script::flags, fname(Sid::Script, i, "flags"), "unknown bits " + hex(f, 2));
            if (!list(get_u16(&r[script::runas]), base + script::runas, fname(Sid::Script, i, "runas"), 0, 2))
                return false;
            if (!runas_nonempty(get_u16(&r[script::runas]), base + script::runas, fname(Sid::Script, i, "runas")))
                return false;
        }
        return true;
    }

    bool processes(PlanView& v) {
        std::string_view prev;
        for (std::size_t i = 0; i < v.process_count(); ++i) {
            std::size_t base;
            auto r = rec<kProcessSize>(Sid::Process, i, base);
            std::string_view nm;
            if (!name(get_u16(&r[process::name]), base, fname(Sid::Process, i, "name"), nm)) return false;
            if (i > 0 && !(prev < nm))
                return fail(base, fname(Sid::Process, i, "name"),
                            "`" + std::string(nm) + "` is not after `" + std::string(prev) +
                                "` (names must be sorted and unique)");
            prev = nm;
            if (!process_fields(r, base, i)) return false;
        }
        return true;
    }

    bool process_fields(const std::array<std::byte, kProcessSize>& r, std::size_t base, std::size_t i) {
        std::string_view pn;
        if (!name(get_u16(&r[process::process]), base + process::process, fname(Sid::Process, i, "process"), pn))
            return false;
        if (!list(get_u16(&r[process::params]), base + process::params, fname(Sid::Process, i, "params"), 0, 255))
            return false;
        const auto f = get_u8(&r[process::flags]);
        if (f & ~kProcFlagsMask)
            return fail(base + process::flags, fname(Sid::Process, i, "flags"), "unknown bits " + hex(f, 2));
        if ((f & kProcPartial) && (f & kProcInitial))
            return fail(base + process::flags, fname(Sid::Process, i, "flags"), "both partial and initial");
        if ((f & (kProcPartial | kProcInitial | kProcFullCommand)) && !(f & kProcCmdline))
            return fail(base + process::flags, fname(Sid::Process, i, "flags"), "parameter matching without cmdline");
        if (get_u16(&r[process::params]) && !(f & kProcCmdline))
            return fail(base + process::params, fname(Sid::Process, i, "params"), "parameters without cmdline");
        if (auto w = get_i16(&r[process::weight]); w < -254 || w > 254)
            return fail(base + process::weight, fname(Sid::Process, i, "weight"),
                        std::to_string(w) + " is out of -254..254");
        const auto q = get_u16(&r[process::quorum]);
        if (q == 0 && !((f & kProcQuorumMax) && get_u16(&r[process::quorum_max]) == 0))
            return fail(base + process::quorum, fname(Sid::Process, i, "quorum"), "0 without quorum_max 0");
        if ((f & kProcQuorumMax) && get_u16(&r[process::quorum_max]) < q)
            return fail(base + process::quorum_max, fname(Sid::Process, i, "quorum_max"), "is less than quorum");
        if (!(f & kProcQuorumMax) && get_u16(&r[process::quorum_max]) != 0)
            return fail(base + process::quorum_max, fname(Sid::Process, i, "quorum_max"), "set without its flag");
        for (std::size_t off : {process::fork_delay_ms, process::terminate_delay_ms})
            if (get_u32(&r[off]) > 3'600'000)
                return fail(
                    base + off,
                    fname(Sid::Process, i, off == process::fork_delay_ms ? "fork_delay_ms" : "terminate_delay_ms"),
                    "is more than 3600 s");
        return true;
    }

    bool runas_nonempty(std::uint16_t ref, std::size_t off, const std::string& f) {
        if (ref && get_u8(data_.data() + ref) == 0) return fail(off, f, "empty list (use 0 for none)");
        return true;
    }

    /// A child range [prev_end, end) of one instance; ends never go backwards.
    bool child_end(std::uint16_t end, std::size_t& prev_end, std::size_t total, std::size_t off, const std::string& f) {
        if (end < prev_end)
            return fail(off, f,
                        std::to_string(end) + " is before the previous instance's end " + std::to_string(prev_end));
        if (end > total)
            return fail(off, f,
                        std::to_string(end) + " is past the " + std::to_string(total) + " records of the section");
        prev_end = end;
        return true;
    }

    static constexpr std::array<const char*, 4> kEndNames{"vip_end", "peer_end", "track_end", "command_end"};

    /// Every instance record, then its children (vip, peer, track, command
    /// records, each section in instance order), then that no record is left over.
    bool instances(PlanView& v) {
        std::array<std::size_t, 4> ends{};  // vip, peer, track, command
        const std::array<std::size_t, 4> totals{v.vip_count(), v.peer_count(), v.track_count(), v.command_count()};
        static constexpr std::array<std::size_t, 4> end_offs{instance::vip_end, instance::peer_end, instance::track_end,
                                                             instance::command_end};
        std::string_view prev;
        for (std::size_t i = 0; i < v.instance_count(); ++i) {
            std::size_t base;
            auto r = rec<kInstanceSize>(Sid::Instance, i, base);
            std::uint8_t fam = 4;
            if (!instance_fields(i, r, base, prev, fam)) return false;
            const auto starts = ends;
            for (std::size_t k = 0; k < 4; ++k)
                if (!child_end(get_u16(&r[end_offs[k]]), ends[k], totals[k], base + end_offs[k],
                               fname(Sid::Instance, i, kEndNames[k])))
                    return false;
            if (!instance_children(v, starts, ends, fam)) return false;
        }
        return no_orphans(ends, totals);
    }

    /// Instance record i's own fields; `prev` is the name before it (names are
    /// sorted and unique); `fam` gets its address family (4 or 6).
    bool instance_fields(std::size_t i, const std::array<std::byte, kInstanceSize>& r, std::size_t base,
                         std::string_view& prev, std::uint8_t& fam) {
        auto F = [&](const char* field) { return fname(Sid::Instance, i, field); };
        std::string_view nm;
        if (!name(get_u16(&r[instance::name]), base, F("name"), nm)) return false;
        if (i > 0 && !(prev < nm))
            return fail(
                base, F("name"),
                "`" + std::string(nm) + "` is not after `" + std::string(prev) + "` (names must be sorted and unique)");
        prev = nm;
        if (!ifname(get_u16(&r[instance::interface]), base + instance::interface, F("interface"), false)) return false;
        if (get_u8(&r[instance::vrid]) == 0) return fail(base + instance::vrid, F("vrid"), "0 is out of 1..255");
        if (get_u8(&r[instance::priority]) == 0)
            return fail(base + instance::priority, F("priority"), "0 is out of 1..255");
        bool v3 = false;
        if (!instance_mode(i, r, base, v3, fam)) return false;
        const auto adv = get_u16(&r[instance::advert_cs]);
        if (adv == 0 || (v3 && adv > 4095) || (!v3 && (adv % 100 || adv > 25500)))
            return fail(base + instance::advert_cs, F("advert_cs"),
                        std::to_string(adv) + (v3 ? " is out of 1..4095 centiseconds"
                                                  : " is not whole seconds in 1..255 (VRRP version 2)"));
        Address a;
        if (!addr(get_u16(&r[instance::src]), base + instance::src, F("src"), false, a)) return false;
        if (a.valid() && a.family != fam)
            return fail(base + instance::src, F("src"), "address family differs from the instance's");
        std::string_view pass;
        if (!str(get_u16(&r[instance::auth_pass]), base + instance::auth_pass, F("auth_pass"), pass)) return false;
        if (pass.size() > kAuthPassLen) return fail(base + instance::auth_pass, F("auth_pass"), "longer than 8 bytes");
        if (get_u16(&r[instance::preempt_delay_s]) > 1000)
            return fail(base + instance::preempt_delay_s, F("preempt_delay_s"), "is more than 1000");
        if (get_u16(&r[instance::preempt_delay_ms]) > 999)
            return fail(base + instance::preempt_delay_ms, F("preempt_delay_ms"), "is more than 999");
        if (!ifname(get_u16(&r[instance::vmac_name]), base + instance::vmac_name, F("vmac_name"), true)) return false;
        if (!addr(get_u16(&r[instance::mcast_group]), base + instance::mcast_group, F("mcast_group"), false, a))
            return false;
        if (a.valid() && (a.family != fam || (fam == 4 ? (a.bytes[0] & 0xf0) != 0xe0 : a.bytes[0] != 0xff)))
            return fail(base + instance::mcast_group, F("mcast_group"),
                        "`" + a.str() + "` is not a multicast group of the instance's family");
        return true;
    }

    /// The mode byte: known bits, an auth type, and a version that fits the family and the auth.
    bool instance_mode(std::size_t i, const std::array<std::byte, kInstanceSize>& r, std::size_t base, bool& v3,
                       std::uint8_t& fam) {
        const std::size_t at = base + instance::mode;
        const std::string field = fname(Sid::Instance, i, "mode");
        const auto mode = get_u8(&r[instance::mode]);
        if (mode & ~kModeMask) return fail(at, field, "unknown bits " + hex(mode, 2));
        const auto auth = (mode & kModeAuthMask) >> kModeAuthShift;
        if (auth > 2) return fail(at, field, "auth type " + std::to_string(auth) + " is not 0, 1 or 2");
        v3 = mode & kModeV3;
        const bool v6 = mode & kModeIpv6;
        if (v6 && !v3) return fail(at, field, "IPv6 with VRRP version 2");
        if (v3 && auth) return fail(at, field, "authentication with VRRP version 3");
        fam = v6 ? 6 : 4;
        return true;
    }

    /// The records one instance owns: [starts[k], ends[k]) of each child section.
    bool instance_children(PlanView& v, const std::array<std::size_t, 4>& starts,
                           const std::array<std::size_t, 4>& ends, std::uint8_t fam) {
        for (std::size_t j = starts[0]; j < ends[0]; ++j)
            if (!vip(j)) return false;
        for (std::size_t j = starts[1]; j < ends[1]; ++j)
            if (!peer(j, fam)) return false;
        for (std::size_t j = starts[2]; j < ends[2]; ++j)
            if (!track(v, j)) return false;
        int last_kind = -1;
        for (std::size_t j = starts[3]; j < ends[3]; ++j)
            if (!command(j, last_kind)) return false;
        return true;
    }

    /// The last instance's ends reach the end of each child section.
    bool no_orphans(const std::array<std::size_t, 4>& ends, const std::array<std::size_t, 4>& totals) {
        static constexpr std::array<Sid, 4> ids{Sid::Vip, Sid::Peer, Sid::Track, Sid::Command};
        for (std::size_t k = 0; k < 4; ++k)
            if (ends[k] != totals[k]) {
                const auto& kn = view_->known_[static_cast<std::size_t>(ids[k])];
                return fail(
                    kn.offset + ends[k] * kn.record_size,
                    std::string(section_name(static_cast<std::uint8_t>(ids[k]))) + "[" + std::to_string(ends[k]) + "]",
                    "record belongs to no instance (the last instance's " + std::string(kEndNames[k]) + " is " +
                        std::to_string(ends[k]) + " of " + std::to_string(totals[k]) + ")");
            }
        return true;
    }

    bool vip(std::size_t i) {
        std::size_t base;
        auto r = rec<kVipSize>(Sid::Vip, i, base);
        Address a;
        if (!addr(get_u16(&r[vip::addr]), base + vip::addr, fname(Sid::Vip, i, "addr"), true, a)) return false;
        const auto p = get_u8(&r[vip::prefix]);
        if (p > (a.family == 4 ? 32 : 128))
            return fail(base + vip::prefix, fname(Sid::Vip, i, "prefix"),
                        std::to_string(p) + " is longer than the address (" + (a.family == 4 ? "32" : "128") + ")");
        if (auto f = get_u8(&r[vip::flags]); f & ~kVipFlagsMask)
            return fail(base + vip::flags, fname(Sid::Vip, i, "flags"), "unknown bits " + hex(f, 2));
        if (!ifname(get_u16(&r[vip::dev]), base + vip::dev, fname(Sid::Vip, i, "dev"), true)) return false;
        std::string_view label;
        if (!str(get_u16(&r[vip::label]), base + vip::label, fname(Sid::Vip, i, "label"), label)) return false;
        if (label.size() > kMaxIfName || !printable(label))
            return fail(base + vip::label, fname(Sid::Vip, i, "label"), "not a label (at most 15 printable bytes)");
        return true;
    }

    /// static_ipaddress: a VIP record's checks, and a device, which no instance supplies.
    bool static_addresses(PlanView& v) {
        for (std::size_t i = 0; i < v.static_address_count(); ++i) {
            std::size_t base;
            auto r = rec<kStaticAddressSize>(Sid::Static, i, base);
            auto F = [&](const char* field) { return fname(Sid::Static, i, field); };
            Address a;
            if (!addr(get_u16(&r[static_address::addr]), base + static_address::addr, F("addr"), true, a)) return false;
            const auto p = get_u8(&r[static_address::prefix]);
            if (p > (a.family == 4 ? 32 : 128))
                return fail(base + static_address::prefix, F("prefix"),
                            std::to_string(p) + " is longer than the address (" + (a.family == 4 ? "32" : "128") + ")");
            if (auto f = get_u8(&r[static_address::flags]); f & ~kStaticAddressFlagsMask)
                return fail(base + static_address::flags, F("flags"), "unknown bits " + hex(f, 2));
            if (!ifname(get_u16(&r[static_address::dev]), base + static_address::dev, F("dev"), false)) return false;
            std::string_view label;
            if (!str(get_u16(&r[static_address::label]), base + static_address::label, F("label"), label)) return false;
            if (label.size() > kMaxIfName || !printable(label))
                return fail(base + static_address::label, F("label"), "not a label (at most 15 printable bytes)");
        }
        return true;
    }

    bool peer(std::size_t i, std::uint8_t fam) {
        std::size_t base;
        auto r = rec<kPeerSize>(Sid::Peer, i, base);
        Address a;
        if (!addr(get_u16(&r[peer::addr]), base + peer::addr, fname(Sid::Peer, i, "addr"), true, a)) return false;
        if (a.family != fam)
            return fail(base + peer::addr, fname(Sid::Peer, i, "addr"), "address family differs from the instance's");
        const auto lo = get_u8(&r[peer::min_ttl]), hi = get_u8(&r[peer::max_ttl]);
        if (lo && hi && lo > hi)
            return fail(base + peer::min_ttl, fname(Sid::Peer, i, "min_ttl"),
                        std::to_string(lo) + " is above max_ttl " + std::to_string(hi));
        return true;
    }

    bool track(PlanView& v, std::size_t i) {
        std::size_t base;
        auto r = rec<kTrackSize>(Sid::Track, i, base);
        std::string_view nm;
        if (!name(get_u16(&r[track::name]), base + track::name, fname(Sid::Track, i, "name"), nm)) return false;
        const auto kind = get_u8(&r[track::kind]);
        if (kind > kMaxTrackKind)
            return fail(base + track::kind, fname(Sid::Track, i, "kind"), std::to_string(kind) + " is out of 0..4");
        if (auto f = get_u8(&r[track::flags]); f & ~kTrackFlagsMask)
            return fail(base + track::flags, fname(Sid::Track, i, "flags"), "unknown bits " + hex(f, 2));
        if (auto w = get_i16(&r[track::weight]); w < -254 || w > 254)
            return fail(base + track::weight, fname(Sid::Track, i, "weight"),
                        std::to_string(w) + " is out of -254..254");
        if (kind == static_cast<std::uint8_t>(TrackKind::Interface) && !valid_ifname(nm))
            return fail(base + track::name, fname(Sid::Track, i, "name"),
                        "`" + std::string(nm.substr(0, 32)) + "` is not an interface name");
        std::string_view path;
        if (!str(get_u16(&r[track::path]), base + track::path, fname(Sid::Track, i, "path"), path)) return false;
        // A file track without a path is a plan written before the field existed:
        // well-formed, but not one havipd can run (node::from_plan says so).
        if (!path.empty() && (path.size() < 2 || path.front() != '/' || path.back() == '/'))
            return fail(base + track::path, fname(Sid::Track, i, "path"), "not an absolute file path");
        if (kind != static_cast<std::uint8_t>(TrackKind::File) && !path.empty())
            return fail(base + track::path, fname(Sid::Track, i, "path"), "only a file track has a path");
        const auto tf = get_u8(&r[track::flags]);
        if ((tf & (kTrackInitFile | kTrackOverwrite)) && path.empty())
            return fail(base + track::flags, fname(Sid::Track, i, "flags"), "init_file without a file path");
        if ((tf & kTrackOverwrite) && !(tf & kTrackInitFile))
            return fail(base + track::flags, fname(Sid::Track, i, "flags"), "overwrite without init_file");
        if (get_i32(&r[track::init_value]) && !(tf & kTrackInitFile))
            return fail(base + track::init_value, fname(Sid::Track, i, "init_value"), "set without init_file");
        if (kind == static_cast<std::uint8_t>(TrackKind::Script) && !v.find_script(nm))
            return fail(base + track::name, fname(Sid::Track, i, "name"),
                        "no vrrp_script `" + std::string(nm.substr(0, 64)) + "` in the plan");
        // A process track without a process section is a plan from before the
        // section: well-formed, refused by node::from_plan with a recompile hint.
        if (kind == static_cast<std::uint8_t>(TrackKind::Process) && v.process_count() && !v.find_process(nm))
            return fail(base + track::name, fname(Sid::Track, i, "name"),
                        "no vrrp_track_process `" + std::string(nm.substr(0, 64)) + "` in the plan");
        return true;
    }

    bool command(std::size_t i, int& last_kind) {
        std::size_t base;
        auto r = rec<kCommandSize>(Sid::Command, i, base);
        const auto kind = get_u8(&r[command::kind]);
        if (kind > kMaxCommandKind)
            return fail(base + command::kind, fname(Sid::Command, i, "kind"), std::to_string(kind) + " is out of 0..6");
        if (static_cast<int>(kind) <= last_kind)
            return fail(base + command::kind, fname(Sid::Command, i, "kind"),
                        "kinds of one instance must be ascending and unique");
        last_kind = kind;
        if (!list(get_u16(&r[command::argv]), base + command::argv, fname(Sid::Command, i, "argv"), 1, 255))
            return false;
        if (!list(get_u16(&r[command::runas]), base + command::runas, fname(Sid::Command, i, "runas"), 0, 2))
            return false;
        return runas_nonempty(get_u16(&r[command::runas]), base + command::runas, fname(Sid::Command, i, "runas"));
    }

    // --- routes and rules (their own section, by instance index; the node's last)

    bool routes(PlanView& v) {
        std::size_t prev = 0;
        for (std::size_t i = 0; i < v.route_count(); ++i) {
            std::size_t base;
            auto r = rec<kRouteSize>(Sid::Route, i, base);
            auto F = [&](const char* field) { return fname(Sid::Route, i, field); };
            const auto kind = get_u8(&r[route::kind]);
            if (kind > kMaxRouteKind)
                return fail(base + route::kind, F("kind"), std::to_string(kind) + " is neither 0 (route) nor 1 (rule)");
            const std::size_t inst = get_u16(&r[route::instance]);
            if (inst >= v.instance_count() && inst != kRouteOfNode)
                return fail(base + route::instance, F("instance"),
                            std::to_string(inst) + " is past the " + std::to_string(v.instance_count()) +
                                " instances (and not 65535, the node's static routes and rules)");
            if (inst < prev)
                return fail(base + route::instance, F("instance"),
                            std::to_string(inst) + " is before the previous record's " + std::to_string(prev) +
                                " (records are sorted by instance)");
            prev = inst;
            const auto f = get_u8(&r[route::flags]);
            if (f & ~kRouteFlagsMask) return fail(base + route::flags, F("flags"), "unknown bits " + hex(f, 2));
            if (!route_addresses(r, base, i, kind == static_cast<std::uint8_t>(RouteKind::Rule), f)) return false;
            if (!route_devices(r, base, i, kind == static_cast<std::uint8_t>(RouteKind::Rule))) return false;
        }
        return true;
    }

    /// One address field of a route record: family as the record's, prefix in range.
    bool route_addr(std::uint16_t ref, std::size_t off, const std::string& f, bool required, std::uint8_t fam,
                    std::uint8_t len, std::size_t len_off) {
        Address a;
        if (!addr(ref, off, f, required, a)) return false;
        if (a.valid() && a.family != fam) return fail(off, f, "address family differs from the record's (flag inet6)");
        if (len > (fam == 4 ? 32 : 128))
            return fail(len_off, f + "_len", std::to_string(len) + " is longer than the address");
        if (!a.valid() && len != 0) return fail(len_off, f + "_len", "a prefix length without an address");
        return true;
    }

    template <class R>
    bool route_addresses(const R& r, std::size_t base, std::size_t i, bool rule, std::uint8_t flags) {
        const std::uint8_t fam = flags & kRouteInet6 ? 6 : 4;
        auto F = [&](const char* field) { return fname(Sid::Route, i, field); };
        if (!route_addr(get_u16(&r[route::dst]), base + route::dst, F("dst"), !rule, fam, get_u8(&r[route::dst_len]),
                        base + route::dst_len))
            return false;
        if (!route_addr(get_u16(&r[route::src]), base + route::src, F("src"), false, fam,
                        rule ? get_u8(&r[route::src_len]) : 0, base + route::src_len))
            return false;
        if (!route_addr(get_u16(&r[route::via]), base + route::via, F("via"), false, fam, 0, base + route::via))
            return false;
        if (rule &&
            (get_u16(&r[route::via]) || get_u8(&r[route::type]) || get_u8(&r[route::scope]) || (flags & kRouteOnlink)))
            return fail(base, F("kind"), "a rule with a route's gateway, type, scope or onlink");
        if (!rule && (get_u8(&r[route::src_len]) || (flags & kRouteFwmark) || get_u16(&r[route::oif])))
            return fail(base, F("kind"), "a route with a rule's from prefix, fwmark or oif");
        if (!route_type_known(get_u8(&r[route::type])))
            return fail(base + route::type, F("type"),
                        std::to_string(get_u8(&r[route::type])) +
                            " is not unicast (0, 1), blackhole 6, unreachable 7, prohibit 8 or throw 9");
        return true;
    }

    template <class R>
    bool route_devices(const R& r, std::size_t base, std::size_t i, bool rule) {
        if (!ifname(get_u16(&r[route::dev]), base + route::dev, fname(Sid::Route, i, rule ? "iif" : "dev"), true))
            return false;
        return ifname(get_u16(&r[route::oif]), base + route::oif, fname(Sid::Route, i, "oif"), true);
    }

    /// Sync groups: names sorted and unique, members instances of the plan,
    /// each in one group at most, commands well formed.
    bool sync_groups(PlanView& v) {
        std::string_view prev;
        std::vector<std::string_view> taken;
        for (std::size_t i = 0; i < v.sync_group_count(); ++i) {
            std::size_t base;
            auto r = rec<kSyncGroupSize>(Sid::SyncGroup, i, base);
            auto F = [&](const char* field) { return fname(Sid::SyncGroup, i, field); };
            std::string_view nm;
            if (!name(get_u16(&r[sync_group::name]), base, F("name"), nm)) return false;
            if (i > 0 && !(prev < nm))
                return fail(base, F("name"),
                            "`" + std::string(nm) + "` is not after `" + std::string(prev) +
                                "` (names must be sorted and unique)");
            prev = nm;
            if (!sync_members(v, get_u16(&r[sync_group::members]), base + sync_group::members, F("members"), taken))
                return false;
            for (std::size_t k = 0; k < sync_group::kCommands; ++k) {
                const std::size_t at = sync_group::commands + 4 * k;
                const std::string f = F("notify") + "[" + std::to_string(k) + "]";
                if (!list(get_u16(&r[at]), base + at, f + ".argv", 0, 255)) return false;
                if (!list(get_u16(&r[at + 2]), base + at + 2, f + ".runas", 0, 2)) return false;
                if (!runas_nonempty(get_u16(&r[at + 2]), base + at + 2, f + ".runas")) return false;
            }
        }
        return true;
    }

    bool sync_members(PlanView& v, std::uint16_t ref, std::size_t off, const std::string& f,
                      std::vector<std::string_view>& taken) {
        if (!list(ref, off, f, 1, 255)) return false;
        const StringList members(data_, ref);
        for (std::size_t j = 0; j < members.size(); ++j) {
            const std::string_view m = members[j];
            const std::string fe = f + "[" + std::to_string(j) + "]";
            if (!v.find_instance(m))
                return fail(off, fe, "no vrrp_instance `" + std::string(m.substr(0, 64)) + "` in the plan");
            if (std::find(taken.begin(), taken.end(), m) != taken.end())
                return fail(off, fe, "instance `" + std::string(m.substr(0, 64)) + "` is in another sync group");
            taken.push_back(m);
        }
        return true;
    }

    bool fifos(PlanView& v) {
        int last_kind = -1;
        for (std::size_t i = 0; i < v.fifo_count(); ++i)
            if (!fifo(i, last_kind)) return false;
        return true;
    }

    bool fifo(std::size_t i, int& last_kind) {
        std::size_t base;
        auto r = rec<kFifoSize>(Sid::Fifo, i, base);
        auto F = [&](const char* field) { return fname(Sid::Fifo, i, field); };
        const auto kind = get_u8(&r[fifo::kind]);
        if (kind > kMaxFifoKind) return fail(base + fifo::kind, F("kind"), std::to_string(kind) + " is out of 0..1");
        if (static_cast<int>(kind) <= last_kind)
            return fail(base + fifo::kind, F("kind"), "kinds must be ascending and unique");
        last_kind = kind;
        std::string_view path;
        if (!name(get_u16(&r[fifo::path]), base + fifo::path, F("path"), path)) return false;
        if (path.size() < 2 || path.front() != '/' || path.back() == '/')
            return fail(base + fifo::path, F("path"), "not an absolute file path");
        if (!list(get_u16(&r[fifo::owner]), base + fifo::owner, F("owner"), 0, 2) ||
            !runas_nonempty(get_u16(&r[fifo::owner]), base + fifo::owner, F("owner")))
            return false;
        if (!list(get_u16(&r[fifo::script]), base + fifo::script, F("script"), 0, 255)) return false;
        if (get_u16(&r[fifo::script]) && get_u8(data_.data() + get_u16(&r[fifo::script])) == 0)
            return fail(base + fifo::script, F("script"), "empty list (use 0 for none)");
        if (!list(get_u16(&r[fifo::script_runas]), base + fifo::script_runas, F("script_runas"), 0, 2)) return false;
        return runas_nonempty(get_u16(&r[fifo::script_runas]), base + fifo::script_runas, F("script_runas"));
    }

    const std::byte* at(std::size_t off) const { return b_.data() + off; }

    std::span<const std::byte> b_;
    std::span<const std::byte> data_;
    const PlanView* view_ = nullptr;
    std::vector<std::uint32_t> next_nul_;
    LoadError err_;
};

Result<PlanView> PlanView::load(std::span<const std::byte> bytes) {
    PlanView v;
    Checker c(bytes);
    if (auto e = c.run(v)) return *e;
    return v;
}

base::Status verify(std::span<const std::byte> bytes) {
    auto r = PlanView::load(bytes);
    return r ? base::Status() : base::Status::error(r.error().message);
}

Result<std::vector<std::byte>> read_plan_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return LoadError{path + ": cannot open: " + std::strerror(errno), 0};
    std::vector<std::byte> buf;
    char chunk[4096];
    while (in) {
        in.read(chunk, sizeof chunk);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (buf.size() + n > kMaxPlanSize)
            return LoadError{path + ": larger than " + std::to_string(kMaxPlanSize) + " bytes, not a plan", 0};
        const auto* p = reinterpret_cast<const std::byte*>(chunk);
        buf.insert(buf.end(), p, p + n);
    }
    if (in.bad()) return LoadError{path + ": read error", 0};
    return buf;
}

}  // namespace havip::plan
