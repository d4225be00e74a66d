// SPDX-License-Identifier: MIT
// dump_keepalived: canonical text, and the round trip lower → dump → parse →
// lower giving an equal model for every example, the keepalived samples when
// installed, and hand-written configurations that set every dumped field.
#include <gtest/gtest.h>

#include <algorithm>

#include "dump_helpers.hpp"

namespace havip::model {
namespace {

namespace fs = std::filesystem;
using testing::Loaded;

Node lower_text(const std::string& text, diag::DiagList& diags) { return testing::reparse(text, diags); }

/// Dumps, re-reads and compares; also checks the dump of the re-read model is the same text.
void expect_round_trip(const Loaded& given) {
    SCOPED_TRACE(given.label);
    // A value keepalived rejects and replaces by its default is not written
    // (`vrrp_garp_interval 0`: the emitted keepalived.conf must pass `keepalived -t`).
    Loaded in = given;
    for (auto* v : {&in.node.globals.vrrp_garp_interval_us, &in.node.globals.vrrp_gna_interval_us})
        if (v->set && v->value == 0) *v = {};
    std::string text = dump_keepalived(in.node);
    diag::DiagList diags;
    Node back = testing::reparse(text, diags);
    EXPECT_EQ(testing::node_difference(in.node, back), "") << "dump:\n" << text;
    EXPECT_TRUE(in.node.globals == back.globals);
    EXPECT_TRUE(in.node.instances == back.instances);
    EXPECT_TRUE(in.node.scripts == back.scripts);
    EXPECT_TRUE(in.node.sync_groups == back.sync_groups);
    EXPECT_EQ(dump_keepalived(back), text);
    if (in.errors == 0) {
        EXPECT_EQ(testing::errors_in(diags), 0u) << "dump:\n" << text;
        for (const auto& d : diags.items)
            if (d.severity == diag::Severity::Error) ADD_FAILURE() << d.code << " " << d.message;
    }
}

std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(DumpRoundTrip, Examples) {
    std::size_t conf_nodes = 0, toml_nodes = 0;
    for (const auto& p : files_under(fs::path(HAVIP_SOURCE_DIR) / "examples")) {
        std::vector<Loaded> nodes;
        if (p.extension() == ".conf") {
            nodes = testing::load_conf(p.string());
            conf_nodes += nodes.size();
        } else if (p.extension() == ".toml" && testing::is_cluster_toml(p)) {
            nodes = testing::load_toml(p.string());
            toml_nodes += nodes.size();
        }
        for (const auto& n : nodes) expect_round_trip(n);
    }
    // The examples hold several .conf pairs and several havip.toml clusters.
    EXPECT_GE(conf_nodes, 4u);
    EXPECT_GE(toml_nodes, 4u);
}

TEST(DumpRoundTrip, KeepalivedSamplesWhenInstalled) {
    auto files = files_under("/usr/share/doc/keepalived/samples");
    std::size_t n = 0, instances = 0;
    for (const auto& p : files) {
        if (p.filename().string().rfind("keepalived.conf", 0) != 0 || p.extension() == ".gz") continue;
        for (const auto& l : testing::load_conf(p.string())) {
            expect_round_trip(l);
            instances += l.node.instances.size();
            ++n;
        }
    }
    if (n == 0) GTEST_SKIP() << "keepalived samples not installed";
    RecordProperty("nodes", static_cast<int>(n));
    RecordProperty("instances", static_cast<int>(instances));
    EXPECT_GT(instances, 0u);
}

// Sets every field the dump writes, most with a value other than the default.
const char* const kEveryField = R"(global_defs {
    router_id lb_1
    script_user keepalived_script nogroup
    enable_script_security
    vrrp_version 3
    vrrp_strict
    vrrp_skip_check_adv_addr off
    vrrp_check_unicast_src
    vrrp_startup_delay 5.5
    vrrp_garp_master_delay 3
    vrrp_garp_master_repeat 2
    vrrp_garp_master_refresh 60
    vrrp_garp_master_refresh_repeat 4
    vrrp_garp_lower_prio_delay 7
    vrrp_garp_lower_prio_repeat 6
    vrrp_garp_interval 0.001
    vrrp_gna_interval 0.25
    vrrp_min_garp
    notify_fifo /run/keepalived.fifo
    notify_fifo_script "/usr/local/bin/read fifo" nobody
    vrrp_notify_fifo /run/vrrp.fifo keepalived_script daemon
    vrrp_mcast_group4 224.0.0.19
    vrrp_mcast_group6 ff02::13
    max_auto_priority 50
}
vrrp_script chk_haproxy {
    script "/usr/bin/pgrep -x 'ha proxy'"
    interval 2
    timeout 2
    weight -20 reverse
    rise 2
    fall 3
    user nobody nogroup
    init_fail
}
vrrp_script chk_plain {
    script /usr/local/bin/check.sh
    user root
}
track_file tf1 {
    file "/run/tf 1"
    weight -7 reverse
    init_file 3 overwrite
}
vrrp_track_process tp1 {
    process "/usr/bin/my app" -c "a b"
    param_match initial
    full_command
    weight -9 reverse
    quorum 2
    quorum_max 4
    fork_delay 0.5
    terminate_delay 2
}
vrrp_sync_group SG {
    group {
        VI_1
        VI_6
    }
    track_interface {
        eth2 weight 5
    }
    track_script {
        chk_plain
    }
    notify_master "/etc/keepalived/sg.sh master"
    notify_backup /etc/keepalived/sg_backup.sh
    notify_fault "/etc/keepalived/sg.sh fault" root
    notify_stop /bin/true
    notify /etc/keepalived/sg_notify.sh root wheel
    sync_group_tracking_weight
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.5
    version 2
    nopreempt
    preempt_delay 30
    unicast_src_ip 10.0.0.1
    unicast_peer {
        10.0.0.2 min_ttl 1 max_ttl 64
        10.0.0.3
    }
    unicast_ttl 64
    mcast_src_ip 10.0.0.1
    authentication {
        auth_type PASS
        auth_pass "s3cr et"
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0 label eth0:1 scope global
        10.0.0.101 no_track
    }
    virtual_ipaddress_excluded {
        fd00::100/64 dev eth1
    }
    track_interface {
        eth1 weight -10
        eth2
    }
    track_script {
        chk_haproxy weight 10 reverse
    }
    track_file {
        tf1 weight 3
    }
    track_process {
        tp1
    }
    track_interface {
        eth3 weight 0
    }
    notify_master "/etc/keepalived/notify.sh MASTER" root root
    notify_backup "/etc/keepalived/notify.sh BACKUP"
    notify_fault "/etc/keepalived/notify.sh FAULT"
    notify_stop "/etc/keepalived/notify.sh STOP"
    notify /etc/keepalived/notify.sh
    notify_master_rx_lower_pri "/etc/keepalived/notify.sh LOWER"
    notify_deleted "/etc/keepalived/notify.sh DELETED"
    garp_master_delay 1
    garp_master_repeat 3
    garp_master_refresh 10
    garp_master_refresh_repeat 2
    garp_lower_prio_delay 2
    garp_lower_prio_repeat 9
    use_vmac vrrp.51
    vmac_xmit_base
    accept
    strict_mode off
    dont_track_primary
    skip_check_adv_addr
    smtp_alert
    v3_checksum_as_v2
}
vrrp_instance VI_6 {
    state backup
    interface eth1
    virtual_router_id 52
    priority 100
    advert_int 2
    preempt
    authentication {
        auth_type AH
    }
    virtual_ipaddress {
    }
    unicast_peer {
    }
    use_vmac
    no_accept
    strict_mode
    skip_check_adv_addr false
    smtp_alert off
    v3_checksum_as_v2 no
}
)";

TEST(DumpRoundTrip, EveryField) {
    diag::DiagList diags;
    Loaded l;
    l.label = "every field";
    l.node = lower_text(kEveryField, diags);
    for (const auto& d : diags.items)
        if (d.severity == diag::Severity::Error) ADD_FAILURE() << d.code << " " << d.message;
    l.errors = testing::errors_in(diags);

    // The input really sets what the dump must carry (else the round trip proves nothing).
    const auto& g = l.node.globals;
    for (bool set : {g.router_id.set,
                     g.script_user.set,
                     g.enable_script_security.set,
                     g.vrrp_version.set,
                     g.vrrp_strict.set,
                     g.vrrp_skip_check_adv_addr.set,
                     g.vrrp_check_unicast_src.set,
                     g.vrrp_startup_delay_ms.set,
                     g.vrrp_garp.master_delay_s.set,
                     g.vrrp_garp.master_repeat.set,
                     g.vrrp_garp.master_refresh_s.set,
                     g.vrrp_garp.master_refresh_repeat.set,
                     g.vrrp_garp.lower_prio_delay_s.set,
                     g.vrrp_garp.lower_prio_repeat.set,
                     g.vrrp_garp_interval_us.set,
                     g.vrrp_gna_interval_us.set,
                     g.vrrp_min_garp.set,
                     g.notify_fifo.set,
                     g.vrrp_notify_fifo.set,
                     g.vrrp_mcast_group4.set,
                     g.vrrp_mcast_group6.set,
                     g.max_auto_priority.set})
        EXPECT_TRUE(set);
    EXPECT_EQ(g.vrrp_startup_delay_ms.value, 5500u);
    EXPECT_EQ(g.vrrp_garp_interval_us.value, 1000u);
    EXPECT_EQ(g.vrrp_notify_fifo_user, "keepalived_script");
    EXPECT_EQ(g.vrrp_notify_fifo_group, "daemon");
    EXPECT_EQ(g.notify_fifo_script.argv, (std::vector<std::string>{"/usr/local/bin/read", "fifo"}));
    EXPECT_EQ(g.notify_fifo_script.user(), "nobody");
    ASSERT_EQ(l.node.scripts.size(), 2u);
    const auto& s = l.node.scripts[0];
    EXPECT_EQ(s.command.user(), "nobody");
    EXPECT_EQ(s.command.group(), "nogroup");
    EXPECT_TRUE(s.reverse);
    EXPECT_TRUE(s.init_fail);
    EXPECT_EQ(s.interval_ms.value, 2000u);
    ASSERT_EQ(l.node.track_file_defs.size(), 1u);
    const auto& tf = l.node.track_file_defs[0];
    EXPECT_EQ(tf.path.value, "/run/tf 1");
    EXPECT_EQ(tf.weight.value, -7);
    EXPECT_TRUE(tf.reverse);
    EXPECT_TRUE(tf.init_file.value);
    EXPECT_EQ(tf.init_value, 3);
    EXPECT_TRUE(tf.init_overwrite);
    ASSERT_EQ(l.node.track_process_defs.size(), 1u);
    const auto& tp = l.node.track_process_defs[0];
    EXPECT_EQ(tp.process.value, "/usr/bin/my app");
    EXPECT_EQ(tp.params, (std::vector<std::string>{"-c", "a b"}));
    EXPECT_TRUE(tp.param_match.set);
    EXPECT_EQ(tp.match, TrackProcess::Match::Initial);
    EXPECT_TRUE(tp.full_command);
    EXPECT_EQ(tp.weight.value, -9);
    EXPECT_TRUE(tp.reverse);
    EXPECT_EQ(tp.quorum.value, 2u);
    EXPECT_EQ(tp.quorum_max.value, 4u);
    EXPECT_EQ(tp.fork_delay_ms, 500u);
    EXPECT_EQ(tp.terminate_delay_ms, 2000u);
    ASSERT_EQ(l.node.instances.size(), 2u);
    const auto& in = l.node.instances[0];
    for (bool set : {in.state.set,
                     in.interface.set,
                     in.vrid.set,
                     in.priority.set,
                     in.advert_int_us.set,
                     in.version.set,
                     in.nopreempt.set,
                     in.preempt_delay_ms.set,
                     in.unicast_src_ip.set,
                     in.unicast_ttl.set,
                     in.mcast_src_ip.set,
                     in.auth_type.set,
                     in.auth_pass.set,
                     in.garp.master_delay_s.set,
                     in.garp.master_repeat.set,
                     in.garp.master_refresh_s.set,
                     in.garp.master_refresh_repeat.set,
                     in.garp.lower_prio_delay_s.set,
                     in.garp.lower_prio_repeat.set,
                     in.use_vmac.set,
                     in.vmac_xmit_base.set,
                     in.accept.set,
                     in.strict.set,
                     in.dont_track_primary.set,
                     in.skip_check_adv_addr.set,
                     in.smtp_alert.set,
                     in.v3_checksum_as_v2.set})
        EXPECT_TRUE(set);
    EXPECT_EQ(in.peers.size(), 2u);
    EXPECT_EQ(in.vips.size(), 2u);
    EXPECT_EQ(in.vips_excluded.size(), 1u);
    EXPECT_EQ(in.tracks.size(), 6u);
    EXPECT_EQ(in.vmac_name, "vrrp.51");
    EXPECT_EQ(in.auth_pass.value, "s3cr et");
    EXPECT_FALSE(in.notify_deleted.empty());
    EXPECT_EQ(in.sync_group, "SG");
    const auto& six = l.node.instances[1];
    EXPECT_EQ(six.state_text, "backup");
    EXPECT_TRUE(six.preempt.set);
    EXPECT_TRUE(six.no_accept.set);
    EXPECT_TRUE(six.vip_block);
    EXPECT_TRUE(six.unicast_peer_block);
    EXPECT_EQ(six.auth_type.value, AuthType::Ah);
    EXPECT_TRUE(six.strict.value);
    EXPECT_FALSE(six.skip_check_adv_addr.value);
    EXPECT_TRUE(six.skip_check_adv_addr.set);
    ASSERT_EQ(l.node.sync_groups.size(), 1u);
    EXPECT_EQ(l.node.sync_groups[0].notify.group(), "wheel");
    EXPECT_TRUE(l.node.sync_groups[0].tracking_weight);
    EXPECT_FALSE(l.node.sync_groups[0].global_tracking);

    expect_round_trip(l);
}

TEST(Dump, CanonicalText) {
    diag::DiagList diags;
    Node n = lower_text(R"(vrrp_instance VI_1 {
  priority 100
      interface eth0
	state   MASTER
  virtual_ipaddress { 10.1.1.1/24
  }
  virtual_router_id 7
  notify_master "/x.sh  a" root
}
global_defs { router_id r1 }
)",
                        diags);
    EXPECT_EQ(testing::errors_in(diags), 0u);
    // global_defs first, fixed key order, four spaces a level, one newline at the end.
    EXPECT_EQ(dump_keepalived(n),
              "global_defs {\n"
              "    router_id r1\n"
              "}\n"
              "\n"
              "vrrp_instance VI_1 {\n"
              "    state MASTER\n"
              "    interface eth0\n"
              "    virtual_router_id 7\n"
              "    priority 100\n"
              "    virtual_ipaddress {\n"
              "        10.1.1.1/24\n"
              "    }\n"
              "    notify_master \"/x.sh  a\" root\n"
              "}\n");
}

TEST(Dump, EmptyNodeIsEmptyText) { EXPECT_EQ(dump_keepalived(Node{}), ""); }

TEST(Dump, ValuesWithoutTextAreFormatted) {
    // A model built by hand (no text as written) still dumps readable keepalived.
    Node n;
    Instance in;
    in.name = "VI 1";
    in.state.assign(State::Master, {});
    in.advert_int_us.assign(250000, {});
    in.auth_type.assign(AuthType::Pass, {});
    in.auth_pass.assign("pa#ss", {});
    in.notify_master.text = "/bin/notify 'two words'";
    in.notify_master.argv = {"/bin/notify", "two words"};
    n.instances.push_back(in);
    n.globals.vrrp_startup_delay_ms.assign(1500, {});
    n.globals.vrrp_garp_interval_us.assign(2000001, {});
    std::string t = dump_keepalived(n);
    EXPECT_NE(t.find("vrrp_instance \"VI 1\" {\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    state MASTER\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    advert_int 0.25\n"), std::string::npos) << t;
    EXPECT_NE(t.find("        auth_type PASS\n"), std::string::npos) << t;
    EXPECT_NE(t.find("        auth_pass \"pa#ss\"\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    notify_master \"/bin/notify 'two words'\"\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    vrrp_startup_delay 1.5\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    vrrp_garp_interval 2.000001\n"), std::string::npos) << t;

    diag::DiagList diags;
    Node back = lower_text(t, diags);
    ASSERT_EQ(back.instances.size(), 1u);
    EXPECT_EQ(back.instances[0].name, "VI 1");
    EXPECT_EQ(back.instances[0].advert_int_us.value, 250000u);
    EXPECT_EQ(back.instances[0].auth_pass.value, "pa#ss");
    EXPECT_EQ(back.instances[0].notify_master.argv, (std::vector<std::string>{"/bin/notify", "two words"}));
    EXPECT_EQ(back.globals.vrrp_startup_delay_ms.value, 1500u);
    EXPECT_EQ(back.globals.vrrp_garp_interval_us.value, 2000001u);
}

TEST(Dump, NoValueCanStartAStatementOrBlock) {
    // Values from a TOML file (or a hand-built model) may hold anything.
    Node n;
    Instance in;
    in.name = "x } vrrp_instance y {";
    in.interface.assign("eth0\nnopreempt", {});
    in.auth_pass.assign("a\"b { c", {});
    in.notify_master.text = "/bin/a\r\nvrrp_instance evil {";
    in.notify_backup.text = "trailing\\";
    in.vmac_name = "@id";
    in.use_vmac.assign(true, {});
    n.instances.push_back(in);
    std::string t = dump_keepalived(n);
    diag::DiagList diags;
    Node back = lower_text(t, diags);
    EXPECT_EQ(diags.count_code("HV003"), 0u) << t;
    EXPECT_EQ(diags.count_code("HV001"), 0u) << t;
    ASSERT_EQ(back.instances.size(), 1u) << t;
    const auto& b = back.instances[0];
    EXPECT_EQ(b.name, in.name);
    EXPECT_FALSE(b.nopreempt.set) << t;
    EXPECT_EQ(b.interface.value, "eth0 nopreempt");
    EXPECT_EQ(b.notify_master.argv.at(0), "/bin/a") << t;
    EXPECT_EQ(b.vmac_name, "@id") << t;
}

TEST(Dump, InterleavedTrackKindsKeepTheirOrder) {
    Node n;
    Instance in;
    in.name = "VI_1";
    for (auto [kind, name] : {std::pair{TrackKind::Interface, "eth0"}, std::pair{TrackKind::Script, "chk"},
                              std::pair{TrackKind::Interface, "eth1"}, std::pair{TrackKind::Bfd, "bfd1"}}) {
        TrackRef t;
        t.kind = kind;
        t.name = name;
        in.tracks.push_back(t);
    }
    in.tracks[1].has_weight = true;
    in.tracks[1].weight = -5;
    in.tracks[1].reverse = true;
    n.instances.push_back(in);
    diag::DiagList diags;
    Node back = lower_text(dump_keepalived(n), diags);
    ASSERT_EQ(back.instances.size(), 1u);
    EXPECT_TRUE(back.instances[0].tracks == in.tracks) << dump_keepalived(n);
}

TEST(Dump, Deterministic) {
    diag::DiagList diags;
    Node n = lower_text(kEveryField, diags);
    EXPECT_EQ(dump_keepalived(n), dump_keepalived(n));
}

}  // namespace
}  // namespace havip::model

namespace havip::model {
namespace {

TEST(Dump, VirtualRoutesAndRulesAreWrittenBackWordForWord) {
    diag::DiagList diags;
    Node n = lower_text(R"(vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 7
  virtual_ipaddress { 10.1.1.1/24
  }
  virtual_routes {
    10.8.0.0/16   via 10.1.1.254 dev eth0 table 100
    blackhole 10.9.0.0/16 dev eth0 mtu 1400
  }
  virtual_rules {
    from 10.1.1.1/32 table 100 preference 100
  }
}
)",
                        diags);
    EXPECT_EQ(dump_keepalived(n),
              "vrrp_instance VI_1 {\n"
              "    interface eth0\n"
              "    virtual_router_id 7\n"
              "    virtual_ipaddress {\n"
              "        10.1.1.1/24\n"
              "    }\n"
              "    virtual_routes {\n"
              "        10.8.0.0/16 via 10.1.1.254 dev eth0 table 100\n"
              "        blackhole 10.9.0.0/16 dev eth0 mtu 1400\n"
              "    }\n"
              "    virtual_rules {\n"
              "        from 10.1.1.1/32 table 100 preference 100\n"
              "    }\n"
              "}\n");
}

}  // namespace
}  // namespace havip::model
