// SPDX-License-Identifier: MIT
// Lowering: catalogue-driven checks (HV003 with "did you mean", HV004 for arity,
// type and range, HV001 for block shape), values and their spans, what an
// instance inherits from global_defs, and script strings split like keepalived.
#include <gtest/gtest.h>

#include "diag/diagnostic.hpp"
#include "model/lower.hpp"
#include "syntax/keepalived/parser.hpp"
#include "syntax/toml/toml_reader.hpp"

namespace havip::model {
namespace {

struct Lowered {
    source::SourceMap sm;
    diag::DiagList diags;
    Node node;
    /// "line:col CODE" of every diagnostic, in order.
    std::vector<std::string> found() const {
        std::vector<std::string> out;
        for (const auto& d : diags.items) {
            auto lc = sm.begin_of(d.primary_span());
            out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.col) + " " + d.code);
        }
        return out;
    }
};

std::unique_ptr<Lowered> lower_text(const std::string& text) {
    auto l = std::make_unique<Lowered>();
    auto doc = syntax::keepalived::parse_text(l->sm, "t.conf", text, {}, l->diags);
    l->node = lower(doc, l->sm, l->diags, "t");
    return l;
}

TEST(Lower, GuideInstanceFieldsAndSpans) {
    auto l = lower_text(
        "vrrp_instance VI_1 {\n"
        "    state MASTER\n"
        "    interface eth0\n"
        "    virtual_router_id 51\n"
        "    priority 50\n"
        "    advert_int 0.25\n"
        "    unicast_src_ip 172.16.0.16\n"
        "    unicast_peer {\n"
        "        172.16.0.14 min_ttl 1 max_ttl 64\n"
        "    }\n"
        "    virtual_ipaddress {\n"
        "        172.16.0.135/24 dev eth0 label eth0:1\n"
        "    }\n"
        "    authentication {\n"
        "        auth_type PASS\n"
        "        auth_pass 1111\n"
        "    }\n"
        "    track_script {\n"
        "        chk weight -20 reverse\n"
        "    }\n"
        "    notify_master \"/etc/keepalived/notify.sh 'MASTER NOW' x\\ y\" root wheel\n"
        "}\n");
    ASSERT_TRUE(l->diags.items.empty()) << l->found().front();
    ASSERT_EQ(l->node.instances.size(), 1u);
    const auto& i = l->node.instances.front();
    EXPECT_EQ(i.name, "VI_1");
    EXPECT_EQ(i.state.value, State::Master);
    EXPECT_EQ(i.vrid.value, 51);
    EXPECT_EQ(l->sm.begin_of(i.vrid.span).line, 4u);
    EXPECT_EQ(i.priority.value, 50);
    EXPECT_EQ(i.advert_int_us.value, 250000u);
    EXPECT_EQ(i.advert_int_text, "0.25");
    EXPECT_EQ(i.unicast_src_ip.value.str(), "172.16.0.16");
    ASSERT_EQ(i.peers.size(), 1u);
    EXPECT_EQ(i.peers[0].min_ttl, 1);
    EXPECT_EQ(i.peers[0].max_ttl, 64);
    ASSERT_EQ(i.vips.size(), 1u);
    EXPECT_EQ(i.vips[0].addr.str(), "172.16.0.135/24");
    EXPECT_EQ(i.vips[0].dev, "eth0");
    EXPECT_EQ(i.vips[0].label, "eth0:1");
    EXPECT_EQ(i.auth_type.value, AuthType::Pass);
    EXPECT_EQ(i.auth_pass.value, "1111");
    ASSERT_EQ(i.tracks.size(), 1u);
    EXPECT_EQ(i.tracks[0].weight, -20);
    EXPECT_TRUE(i.tracks[0].reverse);
    EXPECT_EQ(i.notify_master.argv, (std::vector<std::string>{"/etc/keepalived/notify.sh", "MASTER NOW", "x y"}));
    EXPECT_EQ(i.notify_master.user(), "root");
    EXPECT_EQ(i.notify_master.group(), "wheel");
}

TEST(Lower, InstanceInheritsGlobalDefsItDoesNotSet) {
    auto l = lower_text(
        "global_defs {\n vrrp_version 3\n vrrp_garp_master_repeat 1\n vrrp_strict\n}\n"
        "vrrp_instance A {\n garp_master_repeat 2\n}\n"
        "vrrp_instance B {\n version 2\n}\n");
    ASSERT_EQ(l->node.instances.size(), 2u);
    const auto& a = l->node.instances[0];
    const auto& b = l->node.instances[1];
    EXPECT_EQ(a.version.value, 3);
    EXPECT_FALSE(a.version.set);
    EXPECT_EQ(b.version.value, 2);
    EXPECT_EQ(a.garp.master_repeat.value, 2u);
    EXPECT_EQ(b.garp.master_repeat.value, 1u);
    EXPECT_TRUE(a.strict.value);
}

TEST(Lower, UnknownKeywordSuggestsOrPointsToItsBlock) {
    auto l = lower_text("global_defs {\n    vrrp_strictt\n}\nvrrp_instance A {\n    vrrp_garp_master_repeat 1\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:5 HV003", "5:5 HV003"}));
    EXPECT_EQ(l->diags.items[0].help, "did you mean `vrrp_strict`?");
    EXPECT_EQ(l->diags.items[0].severity, diag::Severity::Warning);
    EXPECT_EQ(l->diags.items[1].help, "move it to `global_defs`");
}

TEST(Lower, BadValuesAreHv004AtTheOffendingWord) {
    auto l = lower_text(
        "vrrp_instance A {\n"
        "    virtual_router_id 300\n"
        "    priority abc\n"
        "    nopreempt yes\n"
        "    advert_int 1.0000001\n"
        "    unicast_peer {\n        10.0.0.x\n        10.0.0.2 min_ttl 300\n    }\n"
        "    virtual_ipaddress {\n        10.0.0.100/24 lable x\n    }\n"
        "    track_script {\n        chk weight 300\n    }\n"
        "    state maybe\n"
        "}\n");
    // `nopreempt yes`: keepalived ignores the word (HV006, a warning), not a bad value;
    // `lable x` in a VIP line is an unknown option keepalived ignores (HV006 too).
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:23 HV004", "3:14 HV004", "4:15 HV006", "5:16 HV004", "7:9 HV004",
                                                    "8:26 HV004", "11:23 HV006", "14:20 HV004", "16:11 HV004"}));
    for (const auto& d : l->diags.items)
        EXPECT_EQ(d.severity, d.code == "HV004" ? diag::Severity::Error : diag::Severity::Warning) << d.message;
}

TEST(Lower, WordsAfterTheArgumentsAreIgnoredWordsNotBadValues) {
    auto l = lower_text(
        "global_defs {\n"
        "    router_id lvs-master // comment\n"
        "    enable_script_security 1\n"
        "}\n"
        "vrrp_instance A {\n"
        "    interface ens33 //VIP\n"
        "    nopreempt //\xe4\xb8\x8d\n"
        "    priority 100 x y\n"
        "}\n"
        "virtual_server 10.0.0.1 53 dev eth0.53 {\n"
        "    protocol UDP\n"
        "}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:26 HV006", "3:28 HV006", "6:21 HV006", "7:15 HV006",
                                                    "8:18 HV006", "10:28 HV006"}));
    for (const auto& d : l->diags.items) EXPECT_EQ(d.severity, diag::Severity::Warning) << d.message;
    EXPECT_EQ(l->diags.items[0].message, "keepalived ignores `// comment` after `router_id`");
    // The ignored words are labelled as one span, from the first to the last.
    auto sp = l->diags.items[0].primary_span();
    auto b = l->sm.begin_of(sp);
    auto e = l->sm.line_col(sp.file, sp.end);
    EXPECT_EQ(b.line, e.line);
    EXPECT_EQ(e.col - b.col, 10u);
    // The values are taken as keepalived takes them.
    EXPECT_EQ(l->node.globals.router_id.value, "lvs-master");
    EXPECT_TRUE(l->node.globals.enable_script_security.value);
    const auto& i = l->node.instances.front();
    EXPECT_EQ(i.interface.value, "ens33");
    EXPECT_TRUE(i.nopreempt.value);
    EXPECT_EQ(i.priority.value, 100);
}

TEST(Lower, ABraceInIgnoredWordsStillOpensABlock) {
    // keepalived has no `//` comments: the `{` opens a block, which nopreempt cannot take.
    auto l = lower_text("vrrp_instance A {\n    nopreempt // {\n    }\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:5 HV001"}));
}

TEST(Lower, AnUnknownKeywordsBlockInsideABlockDerailsKeepalived) {
    // keepalived: "Unknown keyword 'SMTP_CHEKC'", "Unexpected '{' - ignoring", and the `}`
    // closes real_server: the following checker is read one level up.
    auto l = lower_text(
        "virtual_server 10.0.0.1 80 {\n"
        "    real_server 10.0.0.2 80 {\n"
        "        SMTP_CHEKC {}\n"
        "    }\n"
        "}\n"
        "foo_top {\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"3:9 HV003", "3:9 HV001", "6:1 HV003"}));
}

TEST(Lower, PlainAddressKeywordsTakeTheAddressOfAPrefixOrRange) {
    auto l = lower_text(
        "vrrp_instance A {\n"
        "    unicast_src_ip 192.168.0.91/24\n"
        "    mcast_src_ip 192.168.0.91-95\n"
        "    unicast_peer {\n"
        "        192.168.0.92/24\n"
        "        192.168.0.93\n"
        "    }\n"
        "}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:20 HV007", "3:18 HV007", "5:9 HV007"}));
    for (const auto& d : l->diags.items) EXPECT_EQ(d.severity, diag::Severity::Warning) << d.message;
    EXPECT_EQ(l->diags.items[0].message, "`unicast_src_ip` takes a plain address, not `192.168.0.91/24`");
    EXPECT_EQ(l->diags.items[0].labels.front().message, "read as `192.168.0.91`");
    const auto& i = l->node.instances.front();
    EXPECT_EQ(i.unicast_src_ip.value.str(), "192.168.0.91");
    EXPECT_EQ(i.mcast_src_ip.value.str(), "192.168.0.91");
    ASSERT_EQ(i.peers.size(), 2u);
    EXPECT_EQ(i.peers[0].addr.str(), "192.168.0.92");
    // keepalived: "Interface name 'KEEPALIVE_INTERFACE' too long - ignoring".
    auto ifname = lower_text("vrrp_instance A {\n    interface KEEPALIVE_INTERFACE\n}\n");
    EXPECT_EQ(ifname->found(), (std::vector<std::string>{"2:15 HV004"}));
    // Not an address at all is still a bad value.
    auto bad = lower_text("vrrp_instance A {\n    unicast_src_ip XXX.XXX.XXX.XXX\n}\n");
    EXPECT_EQ(bad->found(), (std::vector<std::string>{"2:20 HV004"}));
}

TEST(Lower, KeepalivedKeepsTheFirstOfADuplicateNameOrNotify) {
    auto l = lower_text(
        "vrrp_script chk {\n    script /bin/true\n}\n"
        "vrrp_instance A {\n    virtual_router_id 1\n"
        "    track_script {\n        chk\n        late\n        nothere\n    }\n"
        "    notify_master /bin/a\n    notify_master /bin/b\n}\n"
        "vrrp_instance A {\n    virtual_router_id 2\n}\n"
        "vrrp_script late {\n    script /bin/true\n}\n"
        "vrrp_script chk {\n    script /bin/false\n}\n"
        "vrrp_sync_group G {\n    group {\n        A\n    }\n}\n"
        "vrrp_sync_group G {\n    group {\n        A\n    }\n}\n");
    EXPECT_TRUE(l->diags.items.empty()) << l->found().front();
    const auto& n = l->node;
    ASSERT_EQ(n.instances.size(), 1u);
    EXPECT_EQ(n.instances[0].vrid.value, 1);
    EXPECT_EQ(n.instances[0].notify_master.text, "/bin/a");
    ASSERT_EQ(n.scripts.size(), 2u);
    EXPECT_EQ(n.scripts[0].command.text, "/bin/true");
    ASSERT_EQ(n.sync_groups.size(), 1u);
    ASSERT_EQ(n.parse.duplicates.size(), 3u);
    EXPECT_EQ(n.parse.duplicates[0].kind, "vrrp_instance");
    EXPECT_EQ(n.parse.duplicates[1].kind, "vrrp_script");
    EXPECT_EQ(n.parse.duplicates[2].kind, "vrrp_sync_group");
    ASSERT_EQ(n.parse.unresolved.size(), 2u);  // `late` (defined after) and `nothere`
    EXPECT_EQ(n.parse.unresolved[0].name, "late");
    EXPECT_EQ(n.parse.unresolved[1].name, "nothere");
    ASSERT_EQ(n.parse.repeats.size(), 1u);
    EXPECT_EQ(n.parse.repeats[0].keyword, "notify_master");
}

TEST(Lower, AVrrpScriptWithoutScriptIsRemovedAsKeepalivedDoes) {
    auto l = lower_text(
        "vrrp_script chk {\n    interval 2\n}\nvrrp_instance A {\n    track_script {\n        chk\n    }\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"1:1 HV004"}));
    EXPECT_TRUE(l->node.scripts.empty());
    ASSERT_EQ(l->node.parse.unresolved.size(), 1u);  // "track script chk not found, ignoring..."
    EXPECT_EQ(l->node.parse.unresolved[0].name, "chk");
}

TEST(Lower, VrrpTrackProcessValuesAsKeepalivedReadsThem) {
    auto l = lower_text(
        "vrrp_track_process web {\n"
        "    process nginx\n"
        "    quorum 0\n"
        "    quorum_max 70000\n"
        "    fork_delay 0\n"
        "    terminate_delay 4000\n"
        "    weight 255\n"
        "    param_match exact\n"
        "}\n"
        "vrrp_track_process db {\n"
        "    process postgres -D /var/lib/pg\n"
        "    param_match partial\n"
        "    quorum 3\n"
        "    quorum_max 2\n"
        "    delay 0.25\n"
        "    weight -30 reverse\n"
        "}\n"
        "vrrp_track_process none {\n    quorum_max 0\n}\n"
        "vrrp_track_process zero {\n    process telnetd\n    quorum_max 0\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"3:12 HV004", "4:16 HV004", "5:16 HV004", "6:21 HV004",
                                                    "7:12 HV004", "8:17 HV006", "14:16 HV004", "18:1 HV004"}));
    ASSERT_EQ(l->node.track_process_defs.size(), 3u);  // `none` has no process: dropped
    const auto& web = l->node.track_process_defs[0];
    EXPECT_EQ(web.quorum.value, 1u);  // bad values are ignored: the defaults stay
    EXPECT_FALSE(web.quorum_max.set);
    EXPECT_EQ(web.fork_delay_ms, 0u);
    EXPECT_EQ(web.terminate_delay_ms, 0u);
    EXPECT_EQ(web.weight.value, 1);
    EXPECT_FALSE(web.cmdline());
    const auto& db = l->node.track_process_defs[1];
    EXPECT_EQ(db.params, (std::vector<std::string>{"-D", "/var/lib/pg"}));
    EXPECT_EQ(db.match, TrackProcess::Match::Partial);
    EXPECT_TRUE(db.cmdline());
    EXPECT_EQ(db.quorum.value, 3u);
    EXPECT_FALSE(db.quorum_max.set);  // less than quorum: ignored
    EXPECT_EQ(db.fork_delay_ms, 250u);
    EXPECT_EQ(db.terminate_delay_ms, 250u);
    EXPECT_EQ(db.weight.value, -30);
    EXPECT_TRUE(db.reverse);
    const auto& zero = l->node.track_process_defs[2];
    EXPECT_EQ(zero.quorum.value, 0u);  // quorum_max 0: OK only while none runs
    EXPECT_TRUE(zero.quorum_max.set);
    EXPECT_EQ(l->node.track_processes, (std::vector<std::string>{"web", "db", "zero"}));
}

TEST(Lower, LvsValuesKeepalivedRejectsAreBadValues) {
    auto l = lower_text(
        "virtual_server 10.0.0.1 80 {\n"
        "    lb_kind dr\n"
        "    lb_algo foo\n"
        "    persistence_timeout 0\n"
        "    quorum 0\n"
        "    real_server 10.0.0.2 80 {\n        weight -1\n    }\n"
        "}\n"
        "vrrp_script s {\n    script /bin/true\n    interval 0.2\n    rise 0\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:13 HV004", "3:13 HV004", "4:25 HV004", "5:12 HV004",
                                                    "7:16 HV004", "12:14 HV004", "13:10 HV004"}));
    ASSERT_EQ(l->node.parse.virtual_servers.size(), 1u);
    EXPECT_FALSE(l->node.parse.virtual_servers[0].protocol);
}

// What keepalived 2.2.7 says on reading these (checked with `keepalived -t`):
// "Invalid IPv4 persistence_granularity", "No script path has been specified for
// MISC_CHECKER - skipping", "Invalid smtp server", "cannot track route ... with no
// interface specified", "Rule has no preference specified", "Invalid rule to address".
TEST(Lower, ValuesKeepalivedRejectsOrIgnoresWhileReading) {
    auto l = lower_text(
        "global_defs {\n    smtp_server mail.example.com 25\n}\n"  // 2: warning
        "virtual_server 10.0.0.1 80 {\n"
        "    persistence_granularity 255.255.255.256\n"  // 5: error
        "    real_server 10.0.0.2 80 {\n        MISC_CHECK {\n            misc_timeout 5\n        }\n    }\n"  // 7
        "}\n"
        "static_routes {\n    10.1.0.0/16 via 10.0.0.1\n    10.2.0.0/16 via 10.0.0.1 dev eth0\n}\n"  // 13: warning
        "static_rules {\n    from 10.0.0.0/24 table 1\n    to 10.0.1./24 table 1 preference 5\n"     // 17 warning, 18
        "    from 10.0.2.0/24 table 1 priority 6\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:17 HV004", "5:29 HV004", "7:9 HV004", "13:5 HV004", "17:5 HV004",
                                                    "18:8 HV004"}));
    const auto sev = [&](std::size_t i) { return l->diags.items.at(i).severity; };
    EXPECT_EQ(sev(0), diag::Severity::Warning) << "a host name resolves if DNS is up when keepalived reads it";
    EXPECT_EQ(sev(1), diag::Severity::Error);
    EXPECT_EQ(sev(2), diag::Severity::Error);
    EXPECT_EQ(sev(3), diag::Severity::Warning);
    EXPECT_EQ(sev(4), diag::Severity::Warning);
    EXPECT_EQ(sev(5), diag::Severity::Error);
}

// keepalived 2.2.7 takes `preference`, `priority` and `order` for a rule's
// preference; ip-rule(8)'s `pref` and `prio` are "Unknown rule option" and the
// rule is not added (checked with `keepalived -t`). A `pref` that is a value
// (an interface named so) is no option.
TEST(Lower, RuleShortPreferenceWordsAreErrors) {
    auto l = lower_text(
        "static_rules {\n"
        "    from 10.0.0.0/24 table 1 pref 5\n"  // 2: error at `pref`
        "    from 10.0.1.0/24 table 1 prio 6\n"  // 3: error at `prio`
        "    from 10.0.2.0/24 table 1 preference 7\n"
        "    from 10.0.3.0/24 table 1 priority 8\n"
        "    from 10.0.4.0/24 table 1 order 9\n"
        "    from 10.0.5.0/24 iif pref table 1 preference 10\n"
        "}\n"
        "vrrp_instance VI_1 {\n    virtual_rules {\n        to 10.0.6.0/24 pref 11 table 2\n    }\n}\n");  // 11
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:30 HV004", "3:30 HV004", "11:24 HV004"}));
    for (const auto& d : l->diags.items) {
        EXPECT_EQ(d.severity, diag::Severity::Error);
        EXPECT_NE(d.message.find("in a rule"), std::string::npos) << d.message;
        EXPECT_NE(d.help.find("write `preference`"), std::string::npos) << d.help;
    }
}

// Any other word keepalived 2.2.7 does not know in a rule or a route (a typo,
// ip-route(8)'s `proto`), and a rule whose action it refuses, are errors with
// the word it meant; every word it knows, in the place it reads it, is quiet
// (checked with `keepalived -t`; the oracle corpus has the same lines).
TEST(Lower, UnknownRouteAndRuleWordsAndBadActionsAreErrors) {
    auto l = lower_text(
        "static_routes {\n"
        "    10.9.0.0/16 via 10.0.0.1 dev eth0 metrik 5\n"      // 2: `metrik`
        "    10.7.0.0/16 via 10.0.0.1 dev eth0 proto static\n"  // 3: `proto`
        "    10.6.0.0/16 via 10.0.0.1 dev eth0 table main scope link onlink\n"
        "    10.4.0.0/16 dev eth0 mtu lock 1400 rtt 10ms features ecn\n"
        "    blackhole 10.5.0.0/16 dev eth0\n"
        "}\n"
        "static_rules {\n"
        "    from 10.0.0.0/24 tabel 100 preference 9\n"  // 9: `tabel`
        "    from 10.0.1.0/24 table 100 preference 10 not\n"
        "    from 10.0.2.0/24 preference 11 type unreachable\n"
        "    from 10.0.3.0/24 preference 12 goto 11\n"            // 12: goto backwards
        "    from 10.0.4.0/24 preference 13 lookup 100 l3mdev\n"  // 13: l3mdev and a table
        "    from 10.0.5.0/24 preference 14\n"                    // 14: no action
        "    from 10.0.6.0/24 preference 15 goto 16\n"
        "    to 10.0.7.0/24 preference 16 blackhole\n"
        "    from 10.0.8.0/24 fwmark 0x10/0xff iif eth0 lookup main priority 17\n"
        "}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:39 HV004", "3:39 HV004", "9:22 HV004", "12:41 HV004",
                                                    "13:47 HV004", "14:5 HV004"}));
    for (const auto& d : l->diags.items) EXPECT_EQ(d.severity, diag::Severity::Error) << d.message;
    EXPECT_NE(l->diags.items.at(0).help.find("did you mean `metric`?"), std::string::npos);
    EXPECT_NE(l->diags.items.at(1).help.find("did you mean `protocol`?"), std::string::npos);
    EXPECT_NE(l->diags.items.at(2).help.find("did you mean `table`?"), std::string::npos);
}

// A keyword with no value at the end of a route or rule line stops keepalived
// 2.2.7 ("missing a parameter after keyword"), a comment included; an unknown
// first word or a prefix longer than the address is no route; static_ipaddress
// lines take virtual_ipaddress's words only.
TEST(Lower, MissingValuesFirstWordsAndStaticAddressWords) {
    auto l = lower_text(
        "static_routes {\n"
        "    10.2.0.0/16 via 10.0.0.1 dev eth0 src\n"  // 2: `src`
        "    10.2.1.0/24 dev eth0 via # 10.0.0.1\n"    // 3: `via`
        "    defailt via 10.0.0.1 dev eth0\n"          // 4
        "    10.3.0.0/61 via 10.0.0.1 dev eth0\n"      // 5
        "}\n"
        "static_rules {\n"
        "    from 10.0.0.0/24 preference 5 table\n"  // 8: `table`
        "}\n"
        "static_ipaddress {\n"
        "    10.0.0.50/24 dev eth0 0.5\n"  // 11: `0.5`
        "    10.0.0.53/24 dev eth0 label eth0:ok scope link no_track\n"
        "    10.0.0.54/24 dev\n"  // 13: `dev` needs a value
        "}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:39 HV004", "3:26 HV004", "4:5 HV004", "5:5 HV004", "8:35 HV004",
                                                    "11:27 HV006", "13:18 HV004"}));
    EXPECT_NE(l->diags.items.at(0).message.find("`src` at the end of a route line has no value"), std::string::npos);
    EXPECT_NE(l->diags.items.at(3).message.find("not an address or prefix"), std::string::npos);
}

// keepalived 2.2.7 derives an unset priority from the initial state: 255 (the
// address owner) for `state MASTER`, else 100; a priority written stays.
TEST(Lower, AnUnsetPriorityFollowsTheInitialState) {
    auto l = lower_text(
        "vrrp_instance A {\n    state MASTER\n    virtual_router_id 1\n}\n"
        "vrrp_instance B {\n    state BACKUP\n    virtual_router_id 2\n}\n"
        "vrrp_instance C {\n    virtual_router_id 3\n}\n"
        "vrrp_instance D {\n    state MASTER\n    priority 150\n    virtual_router_id 4\n}\n");
    ASSERT_EQ(l->node.instances.size(), 4u);
    EXPECT_EQ(l->node.instances[0].priority.value, 255);
    EXPECT_EQ(l->node.instances[1].priority.value, 100);
    EXPECT_EQ(l->node.instances[2].priority.value, 100);
    EXPECT_EQ(l->node.instances[3].priority.value, 150);
}

// keepalived 2.2.7 reads numbers with strtoul/strtod: a leading `+` is taken
// (checked with keepalived -t); a `-` on an unsigned value is still HV004.
TEST(Lower, APlusSignOnANumberIsTaken) {
    auto l = lower_text("vrrp_instance A {\n    virtual_router_id +51\n    priority +100\n    advert_int +1\n}\n");
    EXPECT_TRUE(l->diags.items.empty()) << l->found().front();
    ASSERT_EQ(l->node.instances.size(), 1u);
    EXPECT_EQ(l->node.instances[0].vrid.value, 51);
    EXPECT_EQ(l->node.instances[0].priority.value, 100);
    EXPECT_EQ(l->node.instances[0].advert_int_us.value, 1000000u);
    auto m = lower_text("vrrp_instance A {\n    virtual_router_id -51\n}\n");
    EXPECT_EQ(m->found(), (std::vector<std::string>{"2:23 HV004"}));
}

// A rule's preference and goto target are u32s (the preference in any base
// strtoul takes: 0x hex too); anything else keepalived calls "invalid number"
// and skips the rule. A number too long for a u32 is no crash.
TEST(Lower, RulePreferenceAndGotoAreNumbers) {
    auto l = lower_text(
        "static_rules {\n"
        "    from 10.0.1.0/24 table 100 preference abc\n"  // 2
        "    from 10.0.2.0/24 table 100 preference 0x10\n"
        "    from 10.0.3.0/24 preference 99999999999999999999999 goto 999999999999999999999\n"  // 4
        "    from 10.0.4.0/24 preference 5 goto 4294967296\n"                                   // 5
        "    from 10.0.5.0/24 preference 5 goto 4294967295\n"
        "}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:43 HV004", "4:33 HV004", "5:40 HV004"}));
}

TEST(Lower, ValuesKeepalivedAcceptsAreQuiet) {
    auto l = lower_text(
        "global_defs {\n    smtp_server 192.0.2.25 25\n}\n"
        "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    persistence_granularity 255.255.255.0\n"
        "    real_server 10.0.0.2 80 {\n        MISC_CHECK {\n            misc_path /bin/true\n        }\n    }\n}\n"
        "virtual_server fwmark 1 {\n    lb_algo rr\n}\n"
        "virtual_server 10.0.0.3 80 {\n    protocol TCP\n    persistence_granularity 24\n}\n"
        "static_routes {\n    10.2.0.0/16 via 10.0.0.1 dev eth0\n}\n"
        "static_rules {\n    from all table 1 preference 5\n}\n");
    EXPECT_TRUE(l->diags.items.empty()) << l->found().front() << " " << l->diags.items.front().message;
    ASSERT_EQ(l->node.parse.virtual_servers.size(), 3u);
    EXPECT_TRUE(l->node.parse.virtual_servers[1].fwmark);
    EXPECT_FALSE(l->node.parse.virtual_servers[1].protocol);
}

TEST(Lower, CaseVariantsAreLeftToTheLintRule) {
    auto l = lower_text("vrrp_instance A {\n state master\n authentication {\n  auth_type pass\n }\n}\n");
    EXPECT_TRUE(l->diags.items.empty());
    const auto& i = l->node.instances.front();
    EXPECT_EQ(i.state.value, State::Backup);  // keepalived's fallback
    EXPECT_EQ(i.state_text, "master");
    EXPECT_EQ(i.auth_type_text, "pass");
}

TEST(Lower, BlockShapeMismatchIsHv001) {
    auto l = lower_text("vrrp_instance A {\n    virtual_ipaddress 10.0.0.5\n    priority { 1 }\n}\n");
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:5 HV001", "3:5 HV001"}));
}

TEST(Lower, LvsAndBfdBlocksAreCheckedNotLowered) {
    auto l = lower_text(
        "virtual_server 10.0.0.1 80 {\n"
        "    delay_loop 6\n"
        "    lb_algo rr\n"
        "    protocol TCP\n"
        "    real_server 10.0.0.2 80 {\n"
        "        weight 1\n"
        "        HTTP_GET {\n            url {\n                path /\n                status_code 200\n"
        "            }\n            connect_timeout 3\n        }\n"
        "    }\n"
        "}\n"
        "bfd_instance b1 {\n    neighbor_ip 10.0.0.9\n}\n");
    EXPECT_TRUE(l->diags.items.empty()) << l->found().front() << " " << l->diags.items.front().message;
    bool vs = false;
    for (const auto& k : l->node.keywords) vs = vs || (k.block().empty() && k.keyword() == "virtual_server");
    EXPECT_TRUE(vs);
    EXPECT_TRUE(l->node.instances.empty());
}

TEST(Lower, SyncGroupsNameTheirMembers) {
    auto l = lower_text("vrrp_sync_group G {\n group {\n  A\n  B\n }\n}\nvrrp_instance A {\n}\nvrrp_instance B {\n}\n");
    ASSERT_EQ(l->node.sync_groups.size(), 1u);
    EXPECT_EQ(l->node.sync_groups[0].members, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(l->node.instances[0].sync_group, "G");
    EXPECT_EQ(l->node.instances[1].sync_group, "G");
}

TEST(Lower, SuppressionsCoverTheFollowingStatement) {
    auto l =
        lower_text("vrrp_instance A {\n    # havip-lint: disable=HV201 -- multicast by ticket\n    priority 10\n}\n");
    ASSERT_EQ(l->node.suppressions.size(), 1u);
    EXPECT_EQ(l->node.suppressions[0].codes, (std::vector<std::string>{"HV201"}));
    EXPECT_EQ(l->node.suppressions[0].reason, "multicast by ticket");
    EXPECT_EQ(l->sm.begin_of(l->node.suppressions[0].scope).line, 3u);
}

TEST(Lower, SyntaxUsesBecomeKeywordUsesForVersionChecks) {
    auto l = lower_text("$PRIO=50\nvrrp_instance A {\n    priority $PRIO\n}\n");
    EXPECT_TRUE(l->diags.items.empty());
    EXPECT_EQ(l->node.instances.front().priority.value, 50);
    bool seen = false;
    for (const auto& k : l->node.keywords) seen = seen || (k.block() == "(syntax)" && k.keyword() == "$NAME=");
    EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace havip::model

namespace havip::model {
namespace {

TEST(Lower, VirtualRoutesAndRulesInTheSubsetHavipdRuns) {
    auto l = lower_text(
        "vrrp_instance VI_1 {\n"
        "    interface eth0\n"
        "    virtual_router_id 51\n"
        "    virtual_ipaddress {\n"
        "        10.0.0.100/24\n"
        "    }\n"
        "    virtual_routes {\n"
        "        src 10.0.0.100 to 10.8.0.0/16 gw 10.0.0.1 dev eth0 table 100 metric 5 scope link onlink\n"
        "        blackhole 10.9.0.0/16 dev eth0 no_track\n"
        "        default via 10.0.0.1 dev eth0 table main\n"
        "        10.10.0.0/16 via 10.0.0.1 dev eth0 mtu 1400\n"
        "    }\n"
        "    virtual_rules {\n"
        "        from 10.0.0.100/32 lookup 100 priority 7 fwmark 0x10/0xff iif eth0 oif eth1\n"
        "        to all table 100\n"
        "        from 10.0.0.0/24 goto 9 preference 8\n"
        "    }\n"
        "}\n");
    ASSERT_EQ(l->node.instances.size(), 1u);
    const auto& in = l->node.instances[0];
    ASSERT_EQ(in.routes.size(), 4u);
    const auto& r = in.routes[0];
    EXPECT_EQ(r.dst.str(), "10.8.0.0/16");
    EXPECT_EQ(r.src.str(), "10.0.0.100");
    EXPECT_EQ(r.via.str(), "10.0.0.1");
    EXPECT_EQ(r.dev, "eth0");
    EXPECT_EQ(r.table, 100u);
    EXPECT_EQ(r.metric, 5u);
    EXPECT_EQ(r.scope, "link");
    EXPECT_TRUE(r.onlink);
    EXPECT_TRUE(r.unsupported.empty()) << r.unsupported;
    EXPECT_EQ(in.routes[1].type, "blackhole");
    EXPECT_TRUE(in.routes[1].no_track);
    EXPECT_EQ(in.routes[2].dst.prefix, 0);
    EXPECT_EQ(in.routes[2].table, 254u);
    EXPECT_EQ(in.routes[3].unsupported, "`mtu`");
    ASSERT_EQ(in.rules.size(), 3u);
    const auto& u = in.rules[0];
    EXPECT_EQ(u.from.str(), "10.0.0.100/32");
    EXPECT_EQ(u.table, 100u);
    EXPECT_EQ(u.preference, 7u);
    EXPECT_TRUE(u.has_fwmark);
    EXPECT_EQ(u.fwmark, 0x10u);
    EXPECT_EQ(u.fwmask, 0xffu);
    EXPECT_EQ(u.iif, "eth0");
    EXPECT_EQ(u.oif, "eth1");
    EXPECT_TRUE(u.unsupported.empty()) << u.unsupported;
    EXPECT_FALSE(in.rules[1].to.addr.valid());
    EXPECT_EQ(in.rules[1].preference, 16384u);
    EXPECT_EQ(in.rules[2].unsupported, "`goto`");
    // The words as written: what the dump writes back.
    EXPECT_EQ(in.routes[1].words, (std::vector<std::string>{"blackhole", "10.9.0.0/16", "dev", "eth0", "no_track"}));
}

// A havip.toml's cluster-wide statements are lowered with the cluster's first
// node reporting their findings: once for the cluster, not once per node; a
// node's own statements report for each node; every node's model is whole.
TEST(Lower, ClusterStatementsReportOnceNodeStatementsPerNode) {
    Lowered l;
    auto docs = syntax::toml::read_cluster_text(l.sm, "db.toml", R"(name = "db"
router_id = 51
advert_int = 1
interface = "eth0"
vips = ["172.16.0.135/24"]
priority = 300

[global]
smtp_server = "mail.example.com"

[extra]
bogus_kw = "1"
nopreempt = "yes"

[script.chk]
command = "/usr/bin/pgrep -x mysqld"

[[node]]
name = "a"
address = "172.16.0.16"
priority = 100
[node.global]
smtp_server = "192.0.2.25"
[node.extra]
own_kw = 1

[[node]]
name = "b"
address = "172.16.0.14"
[node.extra]
own_kw = 1

[[node]]
name = "c"
address = "172.16.0.15"
[node.global]
smtp_server = "mail2.example.com"
)",
                                                l.diags);
    ASSERT_TRUE(l.diags.items.empty()) << l.found().front();
    ASSERT_EQ(docs.size(), 3u);
    auto nodes = lower_cluster(docs, l.sm, l.diags);
    // The cluster's priority 300 and [global] smtp_server (b holds both, a has its
    // own), [extra] bogus_kw and nopreempt "yes": once each, reported with the
    // first node that holds them; own_kw: once for a, once for b; c's own
    // smtp_server: once.
    EXPECT_EQ(l.found(), (std::vector<std::string>{"12:1 HV003", "13:14 HV006", "25:1 HV003",  // a
                                                   "9:16 HV004", "6:12 HV004", "31:1 HV003",   // b
                                                   "37:16 HV004"}));                           // c
    ASSERT_EQ(nodes.size(), 3u);
    for (const auto& n : nodes) {
        SCOPED_TRACE(n.name);
        ASSERT_EQ(n.instances.size(), 1u);
        const auto& i = n.instances.front();
        EXPECT_EQ(i.vrid.value, 51);
        EXPECT_TRUE(i.nopreempt.value);
        ASSERT_EQ(i.vips.size(), 1u);
        EXPECT_EQ(i.vips[0].addr.str(), "172.16.0.135/24");
        ASSERT_EQ(n.scripts.size(), 1u);
        EXPECT_EQ(n.scripts[0].name, "chk");
        EXPECT_EQ(l.sm.begin_of(n.scripts[0].span).line, 15u);
    }
    EXPECT_EQ(nodes[0].name, "a");
    EXPECT_EQ(nodes[2].name, "c");

    // Each node lowered on its own (model::lower) reports everything it holds.
    diag::DiagList again;
    for (const auto& d : docs) (void)lower(d, l.sm, again, d.node_name);
    EXPECT_EQ(again.items.size(), 12u);
}

TEST(Lower, StaticRoutesAndRulesAreTheNodes) {
    auto l = lower_text(
        "static_routes {\n"
        "    10.8.0.0/16 via 10.0.0.1 dev eth0 table 100\n"
        "    10.9.0.0/16 via 10.0.0.1 dev eth0 track_group G\n"
        "}\n"
        "static_rules {\n"
        "    from 10.0.0.0/24 table 100 preference 150\n"
        "}\n"
        "vrrp_instance VI_1 {\n"
        "    interface eth0\n"
        "    virtual_router_id 51\n"
        "}\n");
    ASSERT_EQ(l->node.static_routes.size(), 2u);
    EXPECT_EQ(l->node.static_routes[0].dst.str(), "10.8.0.0/16");
    EXPECT_EQ(l->node.static_routes[0].table, 100u);
    EXPECT_TRUE(l->node.static_routes[0].unsupported.empty()) << l->node.static_routes[0].unsupported;
    EXPECT_EQ(l->node.static_routes[1].unsupported, "`track_group`");
    ASSERT_EQ(l->node.static_rules.size(), 1u);
    EXPECT_EQ(l->node.static_rules[0].preference, 150u);
    EXPECT_TRUE(l->node.instances.at(0).routes.empty());
}

}  // namespace
}  // namespace havip::model
