// SPDX-License-Identifier: MIT
#pragma once
// Reads everything a loaded plan offers through the public accessors, as one
// text: two plans with the same text hold the same configuration whatever
// their layout (record sizes, unknown optional sections). Walking an accepted
// corrupt plan this way is also how the tests show the view stays in bounds.
#include <string>

#include "plan/loader.hpp"

namespace havip::plan_test {

inline std::string describe(const plan::PlanView& v) {
    std::string o;
    auto add = [&o](auto&&... parts) {
        ((o += parts), ...);
        o += '\n';
    };
    auto num = [](auto x) { return std::to_string(static_cast<long long>(x)); };
    auto list = [](const plan::StringList& l) {
        std::string s = "[";
        for (std::size_t i = 0; i < l.size(); ++i) s += (i ? "," : "") + std::string(l[i]);
        return s + "]";
    };
    const auto n = v.node();
    add("node ", n.name, " compiler=", n.compiler, " digest=", std::to_string(n.source_digest),
        " sec=", num(n.enable_script_security), " cus=", num(n.check_unicast_src), " user=", n.script_user, ":",
        n.script_group, " startup=", num(n.startup_delay_ms), " garp=", num(n.garp_interval_us),
        " gna=", num(n.gna_interval_us));
    for (std::size_t i = 0; i < v.script_count(); ++i) {
        const auto s = v.script(i);
        add("script ", s.name, " argv=", list(s.argv), " int=", num(s.interval_ms), " to=", num(s.timeout_ms),
            " rise=", num(s.rise), " fall=", num(s.fall), " w=", num(s.weight), " rev=", num(s.reverse),
            " init_fail=", num(s.init_fail), " user=", s.user, ":", s.group);
        if (auto f = v.find_script(s.name); !f || f->name != s.name) add("  find_script failed");
    }
    for (std::size_t i = 0; i < v.process_count(); ++i) {
        const auto p = v.process(i);
        add("process ", p.name, " ", p.process, " params=", list(p.params), " w=", num(p.weight),
            " rev=", num(p.reverse), " cmd=", num(p.cmdline), num(p.partial), num(p.initial), num(p.full_command),
            " q=", num(p.quorum), "..", p.quorum_max ? num(*p.quorum_max) : std::string("any"),
            " delays=", num(p.fork_delay_ms), "/", num(p.terminate_delay_ms));
        if (auto f = v.find_process(p.name); !f || f->name != p.name) add("  find_process failed");
    }
    for (std::size_t i = 0; i < v.instance_count(); ++i) {
        const auto in = v.instance(i);
        add("instance ", in.name, " if=", in.interface, " vrid=", num(in.vrid), " prio=", num(in.priority),
            " v=", num(in.version), " master=", num(in.master), " v6=", num(in.ipv6),
            " auth=", plan::auth_type_name(in.auth), ":", in.auth_pass, " flags=", num(in.nopreempt), num(in.accept),
            num(in.use_vmac), num(in.vmac_xmit_base), num(in.v3_checksum_as_v2), num(in.strict),
            num(in.skip_check_adv_addr), num(in.dont_track_primary), " adv=", num(in.advert_cs),
            " pdelay=", num(in.preempt_delay_s), " ttl=", num(in.unicast_ttl), " src=", in.src.str(),
            " group=", in.mcast_group.str(), " vmac=", in.vmac_name, " garp=", num(in.garp.master_delay_s), "/",
            num(in.garp.master_repeat), "/", num(in.garp.master_refresh_s), "/", num(in.garp.master_refresh_repeat),
            "/", num(in.garp.lower_prio_delay_s), "/", num(in.garp.lower_prio_repeat));
        for (std::size_t j = in.vips.first; j < in.vips.end(); ++j) {
            const auto x = v.vip(j);
            add("  vip ", x.addr.str(), "/", num(x.prefix), " excl=", num(x.excluded), " nt=", num(x.no_track),
                " dev=", x.dev, " label=", x.label, " scope=", num(x.scope));
        }
        for (std::size_t j = in.peers.first; j < in.peers.end(); ++j) {
            const auto x = v.peer(j);
            add("  peer ", x.addr.str(), " ttl=", num(x.min_ttl), "..", num(x.max_ttl));
        }
        for (std::size_t j = in.tracks.first; j < in.tracks.end(); ++j) {
            const auto x = v.track(j);
            add("  track ", plan::track_kind_name(x.kind), " ", x.name, " w=", num(x.weight), " hw=", num(x.has_weight),
                " rev=", num(x.reverse));
        }
        for (std::size_t j = in.commands.first; j < in.commands.end(); ++j) {
            const auto x = v.command(j);
            add("  command ", plan::command_kind_name(x.kind), " ", list(x.argv), " user=", x.user, ":", x.group);
        }
        if (auto f = v.find_instance(in.name); !f || f->name != in.name) add("  find_instance failed");
    }
    for (std::size_t i = 0; i < v.fifo_count(); ++i) {
        const auto f = v.fifo(i);
        add("fifo ", plan::fifo_kind_name(f.kind), " ", f.path, " owner=", f.owner_user, ":", f.owner_group,
            " script=", list(f.script), " user=", f.script_user, ":", f.script_group);
    }
    return o;
}

}  // namespace havip::plan_test
