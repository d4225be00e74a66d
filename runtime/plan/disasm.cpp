// SPDX-License-Identifier: MIT
// `havip-compile --dump`: an objdump-like listing of a verified plan. Every
// record is shown with its file offset, so a byte in a hex dump can be traced
// to the field it encodes.
#include <cstdio>

#include "base/quote.hpp"
#include "plan/loader.hpp"

namespace havip::plan {
namespace {

std::string hx(std::uint64_t v, int width) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%0*llx", width, static_cast<unsigned long long>(v));
    return buf;
}

std::string pad(std::string s, std::size_t w) {
    if (s.size() < w) s.append(w - s.size(), ' ');
    return s;
}
std::string lpad(std::string s, std::size_t w) {
    if (s.size() < w) s.insert(0, w - s.size(), ' ');
    return s;
}

using base::quote;

std::string argv_text(const StringList& l) {
    std::string o;
    for (std::size_t i = 0; i < l.size(); ++i) o += (i ? " " : "") + quote(l[i]);
    return o;
}

std::string runas(std::string_view user, std::string_view group) {
    if (user.empty()) return "";
    return "  user " + std::string(user) + (group.empty() ? "" : " group " + std::string(group));
}

/// Seconds and milliseconds as "30", "0.5".
std::string delay_text(unsigned s, unsigned ms) {
    std::string t = std::to_string(s);
    if (ms) {
        char b[8];
        std::snprintf(b, sizeof b, ".%03u", ms);
        t += b;
        while (t.back() == '0') t.pop_back();
    }
    return t;
}

std::string cs_text(unsigned cs) {
    std::string s = std::to_string(cs / 100);
    if (cs % 100) {
        char b[8];
        std::snprintf(b, sizeof b, ".%02u", cs % 100);
        s += b;
        while (s.back() == '0') s.pop_back();
    }
    return s + " s";
}

std::string yn(bool b) { return b ? "yes" : "no"; }

class Dumper {
  public:
    explicit Dumper(const PlanView& p) : p_(p) {
        for (const auto& s : p.sections()) {
            if (s.known()) sec_[s.id] = s;
        }
    }

    std::string run() {
        header();
        table();
        node();
        for (std::size_t i = 0; i < p_.script_count(); ++i) script(i);
        for (std::size_t i = 0; i < p_.process_count(); ++i) process(i);
        for (std::size_t i = 0; i < p_.instance_count(); ++i) instance(i);
        for (std::size_t i = 0; i < p_.fifo_count(); ++i) fifo(i);
        for (std::size_t i = 0; i < p_.sync_group_count(); ++i) sync_group(i);
        for (std::size_t i = 0; i < p_.route_count(); ++i) route(i);
        for (std::size_t i = 0; i < p_.static_address_count(); ++i) static_address(i);
        data();
        return out_;
    }

  private:
    std::size_t rec_off(SectionId id, std::size_t i) const {
        const auto& s = sec_[static_cast<std::size_t>(id)];
        return s.offset + i * s.record_size;
    }
    void line(const std::string& s) { out_ += s + "\n"; }

    void header() {
        const auto b = p_.bytes();
        line("havip plan, format " + std::to_string(p_.version()) + ", " + std::to_string(b.size()) +
             " bytes, crc32c " + hx(p_.checksum(), 8) + " (verified)");
        line("");
        line("header @0x0000 (16 bytes)");
        line("  magic         \"HVPL\"");
        line("  version       " + std::to_string(p_.version()));
        line("  flags         " + hx(get_u8(b.data() + header::flags), 2));
        line("  sections      " + std::to_string(get_u8(b.data() + header::section_count)));
        line("  total_size    " + std::to_string(get_u32(b.data() + header::total_size)));
        line("  checksum      " + hx(p_.checksum(), 8));
    }

    void table() {
        line("");
        line("section table @" + hx(kHeaderSize, 4) + " (" + std::to_string(p_.table_end() - kHeaderSize) + " bytes)");
        line("  #  id  name      flags     offset  size  count  record");
        std::size_t i = 0;
        for (const auto& s : p_.sections()) {
            const auto nm = section_name(s.id);
            const std::size_t full = s.known() ? record_size(static_cast<SectionId>(s.id)) : 0;
            std::string rec = std::to_string(s.record_size);
            if (full) rec += "/" + std::to_string(full);
            line("  " + pad(std::to_string(i++), 3) + pad(std::to_string(s.id), 4) +
                 pad((nm.empty() ? "unknown" : std::string(nm)) + " ", 10) +
                 pad((s.flags & kSectionOptional) ? "optional" : "required", 10) + hx(s.offset, 4) +
                 lpad(std::to_string(s.size), 6) + lpad(std::to_string(s.count), 7) + "  " + rec +
                 (s.known() ? "" : "  (skipped)"));
        }
    }

    void node() {
        const auto n = p_.node();
        line("");
        line("node @" + hx(rec_off(SectionId::Node, 0), 4));
        line("  name                    " + quote(n.name));
        line("  compiler                " + quote(n.compiler));
        line("  source_digest           " + hx(n.source_digest, 16) + " (fnv1a64)");
        line("  enable_script_security  " + yn(n.enable_script_security));
        line("  check_unicast_src       " + yn(n.check_unicast_src));
        line("  script_user             " + (n.script_user.empty() ? std::string("-") : std::string(n.script_user)) +
             (n.script_group.empty() ? "" : " " + std::string(n.script_group)));
        line("  startup_delay           " + std::to_string(n.startup_delay_ms) + " ms");
        line("  garp_interval           " + std::to_string(n.garp_interval_us) + " us");
        line("  gna_interval            " + std::to_string(n.gna_interval_us) + " us");
    }

    void script(std::size_t i) {
        const auto s = p_.script(i);
        line("");
        line("script[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Script, i), 4) + " " + quote(s.name));
        line("  argv      " + argv_text(s.argv) + runas(s.user, s.group));
        line("  interval  " + std::to_string(s.interval_ms) + " ms  timeout " +
             (s.timeout_ms ? std::to_string(s.timeout_ms) + " ms" : std::string("= interval")) + "  rise " +
             std::to_string(s.rise) + "  fall " + std::to_string(s.fall));
        line("  weight    " + std::to_string(s.weight) + (s.reverse ? " reverse" : "") +
             (s.init_fail ? "  init_fail" : ""));
    }

    void process(std::size_t i) {
        const auto p = p_.process(i);
        line("");
        line("process[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Process, i), 4) + " " + quote(p.name));
        std::string match = p.cmdline ? " cmdline " + argv_text(p.params) : std::string(" comm");
        if (p.partial) match += " partial";
        if (p.initial) match += " initial";
        if (p.full_command) match += " full_command";
        line("  process   " + quote(p.process) + match);
        line("  quorum    " + std::to_string(p.quorum) + ".." +
             (p.quorum_max ? std::to_string(*p.quorum_max) : std::string("any")) + "  fork_delay " +
             std::to_string(p.fork_delay_ms) + " ms  terminate_delay " + std::to_string(p.terminate_delay_ms) + " ms");
        line("  weight    " + std::to_string(p.weight) + (p.reverse ? " reverse" : ""));
    }

    void instance(std::size_t i) {
        const auto in = p_.instance(i);
        line("");
        line("instance[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Instance, i), 4) + " " + quote(in.name));
        line("  interface " + std::string(in.interface) + "  vrid " + std::to_string(in.vrid) + "  priority " +
             std::to_string(in.priority) + "  version " + std::to_string(in.version) + "  " +
             (in.ipv6 ? "ipv6" : "ipv4") + "  state " + (in.master ? "MASTER" : "BACKUP"));
        line("  advert_int " + cs_text(in.advert_cs) + "  preempt " +
             (in.nopreempt ? std::string("no (nopreempt)")
                           : "yes, delay " + delay_text(in.preempt_delay_s, in.preempt_delay_ms) + " s"));
        line("  auth " + std::string(auth_type_name(in.auth)) +
             (in.auth == AuthType::Pass ? " " + quote(in.auth_pass) : std::string()) + "  src " + in.src.str() +
             "  unicast_ttl " + std::to_string(in.unicast_ttl) + "  mcast_group " +
             (in.mcast_group.valid() ? in.mcast_group.str() : std::string("default")));
        std::string flags;
        auto flag = [&](bool b, const char* n) {
            if (b) flags += std::string(flags.empty() ? "" : " ") + n;
        };
        flag(in.accept, "accept");
        flag(in.use_vmac, "use_vmac");
        flag(in.vmac_xmit_base, "vmac_xmit_base");
        flag(in.v3_checksum_as_v2, "v3_checksum_as_v2");
        flag(in.strict, "strict");
        flag(in.skip_check_adv_addr, "skip_check_adv_addr");
        flag(in.dont_track_primary, "dont_track_primary");
        line("  flags " + (flags.empty() ? std::string("-") : flags) +
             (in.use_vmac ? "  vmac " + (in.vmac_name.empty() ? std::string("(vrrp.VRID)") : std::string(in.vmac_name))
                          : std::string()));
        const auto& g = in.garp;
        line("  garp master delay " + std::to_string(g.master_delay_s) + " s repeat " +
             std::to_string(g.master_repeat) + " refresh " + std::to_string(g.master_refresh_s) + " s repeat " +
             std::to_string(g.master_refresh_repeat) + "  lower_prio delay " + std::to_string(g.lower_prio_delay_s) +
             " s repeat " + std::to_string(g.lower_prio_repeat));
        for (std::size_t j = in.vips.first; j < in.vips.end(); ++j) {
            const auto v = p_.vip(j);
            line("  vip[" + std::to_string(j) + "] @" + hx(rec_off(SectionId::Vip, j), 4) + " " + v.addr.str() + "/" +
                 std::to_string(v.prefix) + (v.dev.empty() ? "" : " dev " + std::string(v.dev)) +
                 (v.label.empty() ? "" : " label " + std::string(v.label)) +
                 (v.scope ? " scope " + std::to_string(v.scope) : "") + (v.excluded ? " excluded" : "") +
                 (v.no_track ? " no_track" : ""));
        }
        for (std::size_t j = in.peers.first; j < in.peers.end(); ++j) {
            const auto pr = p_.peer(j);
            line("  peer[" + std::to_string(j) + "] @" + hx(rec_off(SectionId::Peer, j), 4) + " " + pr.addr.str() +
                 (pr.min_ttl ? " min_ttl " + std::to_string(pr.min_ttl) : "") +
                 (pr.max_ttl ? " max_ttl " + std::to_string(pr.max_ttl) : ""));
        }
        for (std::size_t j = in.tracks.first; j < in.tracks.end(); ++j) {
            const auto t = p_.track(j);
            line("  track[" + std::to_string(j) + "] @" + hx(rec_off(SectionId::Track, j), 4) + " " +
                 std::string(track_kind_name(t.kind)) + " " + quote(t.name) +
                 (t.has_weight ? " weight " + std::to_string(t.weight) : "") + (t.reverse ? " reverse" : "") +
                 (t.path.empty() ? "" : " path " + quote(t.path)) +
                 (t.init_file ? " init_file " + std::to_string(t.init_value) + (t.overwrite ? " overwrite" : "") : ""));
        }
        for (std::size_t j = in.commands.first; j < in.commands.end(); ++j) {
            const auto c = p_.command(j);
            line("  command[" + std::to_string(j) + "] @" + hx(rec_off(SectionId::Command, j), 4) + " " +
                 std::string(command_kind_name(c.kind)) + ": " + argv_text(c.argv) + runas(c.user, c.group));
        }
    }

    static std::string prefix_text(const Address& a, std::uint8_t len) {
        return a.valid() ? a.str() + "/" + std::to_string(len) : std::string("all");
    }

    void route(std::size_t i) {
        const auto r = p_.route(i);
        std::string t =
            "route[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Route, i), 4) +
            (r.instance == kRouteOfNode ? std::string(" static") : " instance " + std::to_string(r.instance)) +
            (r.family == 6 ? " ipv6" : " ipv4");
        if (r.kind == RouteKind::Rule) {
            t += " rule from " + prefix_text(r.src, r.src_len) + " to " + prefix_text(r.dst, r.dst_len) + " table " +
                 std::to_string(r.table) + " preference " + std::to_string(r.priority);
            if (r.has_fwmark) t += " fwmark " + hx(r.fwmark, 1) + "/" + hx(r.fwmask, 1);
            if (!r.dev.empty()) t += " iif " + std::string(r.dev);
            if (!r.oif.empty()) t += " oif " + std::string(r.oif);
        } else {
            t += " " + std::string(route_type_name(r.type)) + " " + prefix_text(r.dst, r.dst_len);
            if (r.src.valid()) t += " src " + r.src.str();
            if (r.via.valid()) t += " via " + r.via.str();
            if (!r.dev.empty()) t += " dev " + std::string(r.dev);
            t += " table " + std::to_string(r.table) + " metric " + std::to_string(r.priority) + " scope " +
                 std::to_string(r.scope);
            if (r.onlink) t += " onlink";
        }
        line("");
        line(t + (r.no_track ? " no_track" : ""));
    }

    void static_address(std::size_t i) {
        const auto v = p_.static_address(i);
        line("");
        line("static_address[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Static, i), 4) + " " + v.addr.str() +
             "/" + std::to_string(v.prefix) + " dev " + std::string(v.dev) +
             (v.label.empty() ? "" : " label " + std::string(v.label)) +
             (v.scope ? " scope " + std::to_string(v.scope) : "") + (v.no_track ? " no_track" : ""));
    }

    void sync_group(std::size_t i) {
        const auto g = p_.sync_group(i);
        line("");
        line("sync_group[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::SyncGroup, i), 4) + " " + quote(g.name));
        line("  members " + argv_text(g.members));
        for (const auto& c : g.notify)
            if (!c.argv.empty())
                line("  " + std::string(command_kind_name(c.kind)) + ": " + argv_text(c.argv) + runas(c.user, c.group));
    }

    void fifo(std::size_t i) {
        const auto f = p_.fifo(i);
        line("");
        line("fifo[" + std::to_string(i) + "] @" + hx(rec_off(SectionId::Fifo, i), 4) + " " +
             std::string(fifo_kind_name(f.kind)) + " " + quote(f.path) +
             (f.owner_user.empty() ? "" : " owner " + std::string(f.owner_user)) +
             (f.owner_group.empty() ? "" : " " + std::string(f.owner_group)));
        if (!f.script.empty()) line("  script  " + argv_text(f.script) + runas(f.script_user, f.script_group));
    }

    void data() {
        const auto& s = sec_[static_cast<std::size_t>(SectionId::Data)];
        line("");
        line("data @" + hx(s.offset, 4) + " (" + std::to_string(s.size) + " bytes)");
        const auto b = p_.bytes().subspan(s.offset, s.size);
        for (std::size_t off = 0; off < b.size(); off += 16) {
            std::string h, a;
            for (std::size_t k = 0; k < 16; ++k) {
                if (off + k < b.size()) {
                    const auto c = get_u8(b.data() + off + k);
                    char x[4];
                    std::snprintf(x, sizeof x, "%02x ", c);
                    h += x;
                    a += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
                } else {
                    h += "   ";
                }
                if (k == 7) h += ' ';
            }
            std::string text = "  " + hx(off, 4).substr(2);
            text += "  ";
            text += h;
            text += " |";
            text += a;
            text += '|';
            line(text);
        }
    }

    const PlanView& p_;
    std::array<SectionInfo, kMaxKnownSection + 1> sec_{};
    std::string out_;
};

}  // namespace

std::string disassemble(const PlanView& plan) { return Dumper(plan).run(); }

}  // namespace havip::plan
