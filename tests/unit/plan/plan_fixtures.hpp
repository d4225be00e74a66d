// SPDX-License-Identifier: MIT
#pragma once
// Models built by hand for the plan tests and the plan benchmark: the guide's
// node (one instance, 1 VIP, 1 peer, PASS auth, 4 notify scripts, a
// track_interface, GARP settings) and a node that sets every field the plan
// carries.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace havip::plan_test {

inline model::IpAddr ip(const char* s) { return *model::IpAddr::parse(s); }

inline model::Command cmd(std::vector<std::string> argv, std::string user = "", std::string group = "") {
    model::Command c;
    for (std::size_t i = 0; i < argv.size(); ++i) c.text += (i ? " " : "") + argv[i];
    c.argv = std::move(argv);
    c.set_run_as(std::move(user), std::move(group));
    return c;
}

inline model::Vip vip(const char* cidr, std::string dev = "", std::string label = "", std::string scope = "") {
    model::Vip v;
    v.addr = *model::Cidr::parse(cidr);
    v.dev = std::move(dev);
    v.label = std::move(label);
    v.scope = std::move(scope);
    return v;
}

/// The guide's keepalived.conf (the slave of the standing pair), as lowered.
inline model::Node guide_node() {
    model::Node n;
    n.name = "a";
    n.globals.router_id.assign("LVS_DEVEL", {});
    n.globals.vrrp_skip_check_adv_addr.assign(true, {});
    n.globals.vrrp_garp_interval_us.assign(0, {});
    n.globals.vrrp_gna_interval_us.assign(0, {});
    model::Instance in;
    in.name = "VI_1";
    in.state.assign(model::State::Backup, {});
    in.state_text = "BACKUP";
    in.interface.assign("eth0", {});
    in.vrid.assign(51, {});
    in.nopreempt.assign(true, {});
    in.priority.assign(30, {});
    in.advert_int_us.assign(1000000, {});
    in.advert_int_text = "1";
    in.auth_type.assign(model::AuthType::Pass, {});
    in.auth_type_text = "PASS";
    in.auth_pass.assign("1111", {});
    in.unicast_src_ip.assign(ip("172.16.0.16"), {});
    in.peers.push_back(model::Peer{ip("172.16.0.14"), {}, {}, {}});
    in.unicast_peer_block = true;
    in.vips.push_back(vip("172.16.0.135"));
    in.vip_block = true;
    in.notify_master = cmd({"/etc/keepalived/notify_action.sh", "MASTER"});
    in.notify_backup = cmd({"/etc/keepalived/notify_action.sh", "BACKUP"});
    in.notify_fault = cmd({"/etc/keepalived/notify_action.sh", "FAULT"});
    in.notify_stop = cmd({"/etc/keepalived/notify_action.sh", "STOP"});
    in.garp.master_delay_s.assign(1, {});
    in.garp.master_refresh_s.assign(5, {});
    model::TrackRef t;
    t.kind = model::TrackKind::Interface;
    t.name = "eth0";
    in.tracks.push_back(t);
    n.instances.push_back(std::move(in));
    return n;
}

/// A node that sets every field the plan carries, with two instances given
/// out of name order (the writer sorts them) and an IPv6 one.
inline model::Node full_node() {
    model::Node n;
    n.name = "db-1";
    n.globals.script_user.assign("keepalived_script nogroup", {});
    n.globals.enable_script_security.assign(true, {});
    n.globals.vrrp_check_unicast_src.assign(true, {});
    n.globals.vrrp_startup_delay_ms.assign(5500, {});
    n.globals.vrrp_garp_interval_us.assign(1000, {});
    n.globals.vrrp_gna_interval_us.assign(2500, {});
    n.globals.notify_fifo.assign("/run/keepalived/notify.fifo", {});
    n.globals.notify_fifo_user = "keepalived_script";
    n.globals.vrrp_notify_fifo.assign("/run/keepalived/vrrp.fifo", {});
    n.globals.vrrp_notify_fifo_script.argv = {"/usr/local/bin/fifo-reader", "-q"};
    n.globals.vrrp_notify_fifo_script.set_run_as("nobody", "");
    n.globals.vrrp_garp.lower_prio_repeat.assign(2, {});
    n.globals.vrrp_mcast_group6.assign("ff02::1:2", {});

    model::Script chk;
    chk.name = "chk_mysql";
    chk.command = cmd({"/usr/local/bin/check", "--port", "3306", ""}, "mysql", "mysql");
    chk.interval_ms.assign(2000, {});
    chk.timeout_ms.assign(1500, {});
    chk.weight.assign(-20, {});
    chk.reverse = true;
    chk.rise.assign(3, {});
    chk.fall.assign(2, {});
    chk.init_fail = true;
    model::Script ping;
    ping.name = "chk_gw";
    ping.command = cmd({"/bin/ping", "-c1", "10.0.0.1"});
    n.scripts = {chk, ping};

    model::Instance v6;
    v6.name = "VI_6";
    v6.state.assign(model::State::Master, {});
    v6.interface.assign("ens5", {});
    v6.vrid.assign(52, {});
    v6.priority.assign(255, {});
    v6.version.assign(3, {});
    v6.advert_int_us.assign(250000, {});
    v6.mcast_src_ip.assign(ip("fe80::1"), {});
    v6.vips.push_back(vip("2001:db8::10/64", "ens5", "", "link"));
    v6.vips.push_back(vip("2001:db8::11"));
    v6.vips_excluded.push_back(vip("10.9.9.9/24", "lo", "lo:9", "host"));
    v6.v3_checksum_as_v2.assign(true, {});
    v6.notify = cmd({"/usr/bin/logger", "-t", "vrrp"}, "root");
    n.instances.push_back(v6);

    model::Instance v4;
    v4.name = "VI_1";
    v4.interface.assign("eth0", {});
    v4.vrid.assign(51, {});
    v4.priority.assign(150, {});
    v4.version.assign(2, {});
    v4.advert_int_us.assign(3000000, {});
    v4.preempt_delay_ms.assign(300500, {});  // keepalived takes fractions
    v4.auth_type.assign(model::AuthType::Pass, {});
    v4.auth_pass.assign("secretpassword", {});  // keepalived uses the first 8 bytes
    v4.unicast_src_ip.assign(ip("10.0.0.2"), {});
    v4.peers.push_back(model::Peer{ip("10.0.0.3"), 250, 255, {}});
    v4.peers.push_back(model::Peer{ip("10.0.0.4"), {}, {}, {}});
    v4.unicast_ttl.assign(64, {});
    v4.vips.push_back(vip("10.0.0.100/24", "eth0", "eth0:1"));
    v4.vips.back().no_track = true;
    v4.use_vmac.assign(true, {});
    v4.vmac_name = "vrrp.51";
    v4.accept.assign(true, {});
    v4.strict.assign(true, {});
    v4.dont_track_primary.assign(true, {});
    v4.garp.master_delay_s.assign(10, {});
    v4.garp.master_repeat.assign(3, {});
    v4.garp.master_refresh_s.assign(60, {});
    v4.garp.master_refresh_repeat.assign(2, {});
    v4.garp.lower_prio_delay_s.assign(7, {});
    model::TrackRef ti{model::TrackKind::Interface, "eth1", -30, true, false, {}};
    model::TrackRef ts{model::TrackKind::Script, "chk_mysql", 0, false, true, {}};
    model::TrackRef tf{model::TrackKind::File, "/run/ok", 5, true, false, {}};
    model::TrackRef tp{model::TrackKind::Process, "web", -15, true, true, {}};
    v4.tracks = {ti, ts, tf, tp};
    model::Route rt;
    rt.dst = *model::Cidr::parse("10.8.0.0/16");
    rt.via = *model::IpAddr::parse("192.168.10.1");
    rt.dev = "eth0";
    rt.table = 100;
    rt.metric = 5;
    model::Route bh;
    bh.type = "blackhole";
    bh.dst = *model::Cidr::parse("10.9.0.0/16");
    v4.routes = {rt, bh};
    model::Rule ru;
    ru.from = *model::Cidr::parse("192.168.10.100/32");
    ru.table = 100;
    ru.has_table = true;
    ru.preference = 100;
    ru.has_fwmark = true;
    ru.fwmark = 0x10;
    ru.fwmask = 0xff;
    ru.iif = "eth0";
    v4.rules = {ru};
    model::TrackFile def;
    def.name = "/run/ok";
    def.path.assign("/run/ok", {});
    n.track_files.push_back(def.name);
    n.track_file_defs.push_back(def);
    for (const char* name : {"web", "api"}) {  // written sorted: api, web
        model::TrackProcess pd;
        pd.name = name;
        pd.process.assign(name == std::string("web") ? "/usr/sbin/nginx" : "api", {});
        if (pd.name == "web") {
            pd.params = {"-c", "/etc/nginx.conf"};
            pd.param_match.assign(true, {});
            pd.match = model::TrackProcess::Match::Partial;
            pd.quorum.assign(2, {});
            pd.quorum_max.assign(5, {});
            pd.fork_delay_ms = 500;
            pd.terminate_delay_ms = 2500;
            pd.weight.assign(-40, {});
        }
        n.track_processes.push_back(pd.name);
        n.track_process_defs.push_back(pd);
    }
    v4.notify_master = cmd({"/usr/local/bin/notify", "master"}, "ops", "wheel");
    v4.notify_backup = cmd({"/usr/local/bin/notify", "backup"});
    v4.notify_fault = cmd({"/usr/local/bin/notify", "fault"});
    v4.notify_stop = cmd({"/usr/local/bin/notify", "stop"});
    v4.notify = cmd({"/usr/local/bin/notify"});
    v4.notify_master_rx_lower_pri = cmd({"/usr/local/bin/notify", "lower"});
    v4.notify_deleted = cmd({"/usr/local/bin/notify", "deleted"});
    n.instances.push_back(v4);
    return n;
}

}  // namespace havip::plan_test
