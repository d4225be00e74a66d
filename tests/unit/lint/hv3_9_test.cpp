// SPDX-License-Identifier: MIT
// HV301–HV307 (what havipd does not execute; only with the havipd target) and
// HV901–HV903 (suppression comments): fires, and a close neighbour that does not.
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

Options havipd() {
    Options o;
    o.havipd_target = true;
    return o;
}

/// The guide's node with `text` inserted before its first line.
std::string before(std::string_view text) { return std::string(text) + kGuideA; }
/// The guide's node with `text` inserted into its instance, after garp_master_refresh (line 21 on).
std::string inside(std::string_view text) {
    return with(kGuideA, "    garp_master_refresh 5\n", "    garp_master_refresh 5\n" + std::string(text));
}

// ---- HV301 lvs -----------------------------------------------------------------------------

const std::string kLvs = R"(virtual_server 172.16.0.135 3306 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 172.16.0.16 3306 {
        weight 1
    }
}
)";

RULE_TEST(HV301, FiresOnVirtualServerForHavipd) {
    auto r = run_one("a.conf", before(kLvs), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV301", Severity::Error, "a.conf:1:1"));
    EXPECT_EQ(r->with("HV301").size(), 1u) << "the block, not each of its keywords";
}

RULE_TEST(HV301, QuietForKeepalived) { EXPECT_TRUE(quiet(*run_one("a.conf", before(kLvs)), "HV301")); }

RULE_TEST(HV301, QuietWithoutLvs) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA, havipd()), "HV301")); }

// ---- HV302 bfd ------------------------------------------------------------------------------

RULE_TEST(HV302, FiresOnBfdForHavipd) {
    auto r = run_one("a.conf", before("bfd_instance db-b {\n    neighbor_ip 172.16.0.14\n}\n"), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV302", Severity::Error, "a.conf:1:1"));
}

RULE_TEST(HV302, QuietWithoutBfd) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA, havipd()), "HV302")); }

// ---- HV303 sync-group ------------------------------------------------------------------------

std::string group_of(std::string_view members) {
    auto second = with(with(with(kGuideA.substr(kGuideA.find("vrrp_instance")), "VI_1", "VI_2"), "virtual_router_id 51",
                            "virtual_router_id 52"),
                       "172.16.0.135/24", "172.16.0.136/24");
    return "vrrp_sync_group db {\n    group {\n" + std::string(members) + "    }\n}\n" + kGuideA + second;
}

RULE_TEST(HV303, FiresOnAGroupWithAnAddressOwner) {
    // VI_2 (the second instance) owns its address: priority 255.
    auto text = group_of("        VI_1\n        VI_2\n");
    const auto at = text.rfind("priority 50");
    text.replace(at, 11, "priority 255");
    auto r = run_one("a.conf", text, havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV303", Severity::Error, "a.conf:1:1"));
    EXPECT_EQ(r->with("HV303").size(), 1u);
}

RULE_TEST(HV303, QuietOnAGroupOfTwoInstances) {
    // havipd executes sync groups: members, group tracking and notify.
    auto r = run_one("a.conf", group_of("        VI_1\n        VI_2\n"), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV303"));
}

RULE_TEST(HV303, QuietOnAGroupOfOne) {
    auto r = run_one("a.conf", group_of("        VI_1\n"), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV303"));
}

// ---- HV304 snmp-dbus -------------------------------------------------------------------------

RULE_TEST(HV304, FiresOnSnmpForHavipd) {
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    enable_snmp_vrrp\n"), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV304", Severity::Error, "a.conf:2:5"));
}

RULE_TEST(HV304, QuietWithoutSnmp) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA, havipd()), "HV304")); }

// ---- HV305 routes-rules ----------------------------------------------------------------------

RULE_TEST(HV305, FiresOnARouteWordHavipdDoesNotRun) {
    auto r =
        run_one("a.conf", inside("    virtual_routes {\n        10.8.0.0/16 via 172.16.0.1 dev eth0 mtu 1400\n    }\n"),
                havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:22:45"));
}

RULE_TEST(HV305, FiresOnARuleGoto) {
    auto r = run_one("a.conf", inside("    virtual_rules {\n        from 10.8.0.0/16 goto 40 preference 30\n    }\n"),
                     havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:22:26"));
}

RULE_TEST(HV305, FiresOnAStaticAddressWithoutDev) {
    auto r = run_one("a.conf", "static_ipaddress {\n    10.8.0.1/24 label eth0:1\n}\n" + kGuideA, havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:2:5"));
}

RULE_TEST(HV305, FiresOnAStaticAddressWordHavipdDoesNotRun) {
    auto r = run_one("a.conf", "static_ipaddress {\n    10.8.0.1/24 dev eth0 brd 10.8.0.255\n}\n" + kGuideA, havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:2:26"));
}

RULE_TEST(HV305, QuietOnStaticAddressesHavipdRuns) {
    auto r = run_one("a.conf",
                     "static_ipaddress {\n    10.8.0.1/24 dev eth0 label eth0:st scope global\n"
                     "    10.8.0.2 dev eth0 no_track\n    10.8.0.3 dev eth0 scope link\n"
                     "    10.8.0.4 dev eth0 scope 200\n}\n" +
                         kGuideA,
                     havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV305"));
}

RULE_TEST(HV305, FiresOnAStaticAddressScopeThatIsNoScope) {
    auto r = run_one("a.conf", "static_ipaddress {\n    10.8.0.1/24 dev eth0 scope nearby\n}\n" + kGuideA, havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:2:26"));
}

RULE_TEST(HV305, FiresOnAStaticRouteWordHavipdDoesNotRun) {
    auto r =
        run_one("a.conf", "static_routes {\n    10.8.0.0/16 via 172.16.0.1 dev eth0 mtu 1400\n}\n" + kGuideA, havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV305", Severity::Error, "a.conf:2:41"));
}

RULE_TEST(HV305, QuietOnStaticRoutesAndRulesHavipdRuns) {
    auto r = run_one("a.conf",
                     "static_routes {\n    10.8.0.0/16 via 172.16.0.1 dev eth0\n}\nstatic_rules {\n"
                     "    from 172.16.0.0/24 table 100 preference 100\n}\n" +
                         kGuideA,
                     havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV305"));
}

RULE_TEST(HV305, QuietOnRoutesAndRulesHavipdRuns) {
    auto r = run_one("a.conf",
                     inside("    virtual_routes {\n        10.8.0.0/16 via 172.16.0.1 dev eth0 table 100 metric 5\n"
                            "        blackhole 10.9.0.0/16 dev eth0\n    }\n    virtual_rules {\n"
                            "        from 172.16.0.135/32 table 100 preference 100\n"
                            "        to 10.8.0.0/16 fwmark 0x10/0xff iif eth0 lookup 100 priority 101\n    }\n"),
                     havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV305"));
}

RULE_TEST(HV305, QuietWithoutRoutes) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA, havipd()), "HV305")); }

// HV306 (track_file's init_file) is retired: havipd writes init_file as keepalived does.
RULE_TEST(HV305, QuietOnTrackFileWithInitFileWhichHavipdRuns) {
    auto f = "track_file db_ok {\n    file /run/db-ok\n    init_file 0 overwrite\n}\n" +
             inside("    track_file {\n        db_ok\n    }\n");
    auto rf = run_one("a.conf", f, havipd());
    ASSERT_TRUE(valid_input(*rf));
    for (const char* code : {"HV305", "HV307"}) EXPECT_TRUE(quiet(*rf, code)) << code;
}

// ---- HV307 unsupported-keyword ----------------------------------------------------------------

RULE_TEST(HV307, FiresOnFifoLinesHavipdDoesNotWrite) {
    auto r = run_one(
        "a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    fifo_write_vrrp_states_on_reload\n"), havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV307", Severity::Error, "a.conf:2:5")) << r->dump();
    EXPECT_NE(r->with("HV307").front()->message.find("`fifo_write_vrrp_states_on_reload`"), std::string::npos);
}

RULE_TEST(HV307, QuietOnNotifyFifoWhichHavipdRuns) {
    auto r = run_one("a.conf",
                     with(kGuideA, "global_defs {\n",
                          "global_defs {\n    notify_fifo /run/keepalived.fifo\n"
                          "    vrrp_notify_fifo /run/vrrp.fifo nobody\n"
                          "    vrrp_notify_fifo_script /usr/local/bin/fifo-reader\n"),
                     havipd());
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV307")) << r->dump();
}

RULE_TEST(HV307, FiresOnNoAcceptAndStrictModeForHavipd) {
    auto r = run_one("a.conf", inside("    no_accept\n"), havipd());
    EXPECT_TRUE(fires(*r, "HV307", Severity::Error, "a.conf:21:5")) << r->dump();
    EXPECT_NE(r->with("HV307").front()->message.find("`no_accept`"), std::string::npos);
    r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    vrrp_strict\n"), havipd());
    EXPECT_TRUE(fires(*r, "HV307", Severity::Error, "a.conf:2:5")) << r->dump();
    EXPECT_TRUE(quiet(*run_one("a.conf", inside("    accept\n"), havipd()), "HV307"));
}

RULE_TEST(HV307, QuietOnNotifyScripts) {
    auto r = run_one("a.conf", inside("    notify_master \"/etc/keepalived/notify.sh MASTER\"\n"), havipd());
    EXPECT_TRUE(quiet(*r, "HV307"));
}

// ---- HV901 unused-suppression ------------------------------------------------------------------

const std::string kTrack = "    track_interface {\n        eth0\n    }\n";

RULE_TEST(HV901, FiresOnASuppressionThatSilencesNothing) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=HV203 -- one GARP is enough\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV901", Severity::Warning, "a.conf:21:5"));
    EXPECT_NE(label_at(*r, *r->with("HV901").front(), "a.conf:22:5"), nullptr) << r->dump();
    EXPECT_TRUE(fires(*r, "HV205", Severity::Info, "a.conf:23:9")) << "still reported";
}

RULE_TEST(HV901, QuietOnASuppressionInUse) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=HV205 -- kept from the guide's template\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV901"));
    EXPECT_TRUE(quiet(*r, "HV205")) << "suppressed";
}

RULE_TEST(HV901, QuietOnAnHv3SuppressionWhenHv3DoesNotRun) {
    auto n = "# havip-lint: disable=HV301 -- this node stays on keepalived\n" + before(kLvs);
    auto r = run_one("a.conf", n);
    EXPECT_TRUE(quiet(*r, "HV901"));
    r = run_one("a.conf", n, havipd());
    EXPECT_TRUE(quiet(*r, "HV901"));
    EXPECT_TRUE(quiet(*r, "HV301"));
}

RULE_TEST(HV901, ARuleThePolicyTurnsOffStillRunsForASuppressionNamingIt) {
    // HV205 off: it runs only because the suppression (of HV205 and HV203) names
    // it; the suppression then silences HV205's finding and is in use.
    Inputs in;
    in.files.push_back(
        {"a.conf", inside("    # havip-lint: disable=HV205,HV203 -- kept from the template\n" + kTrack)});
    in.policy.severity["HV205"] = Severity::Off;
    auto r = run(in);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV901")) << r->dump();
    EXPECT_TRUE(quiet(*r, "HV205"));
    // Without a suppression an off rule shows nothing either (it is not run at all).
    in.files[0].text = inside(kTrack);
    r = run(in);
    EXPECT_TRUE(quiet(*r, "HV205"));
}

RULE_TEST(HV901, QuietOnASuppressionBySlug) {
    auto r = run_one("a.conf",
                     inside("    # havip-lint: disable=track-interface -- kept from the guide's template\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV901"));
    EXPECT_TRUE(quiet(*r, "HV903"));
    EXPECT_TRUE(quiet(*r, "HV205")) << "suppressed by its slug";
}

// ---- HV902 suppression-without-reason -------------------------------------------------------------

RULE_TEST(HV902, FiresOnASuppressionWithoutReason) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=HV205\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV902", Severity::Info, "a.conf:21:5"));
    EXPECT_TRUE(quiet(*r, "HV205"));
}

RULE_TEST(HV902, QuietWithAReason) {
    EXPECT_TRUE(
        quiet(*run_one("a.conf", inside("    # havip-lint: disable=HV205 -- guide template\n" + kTrack)), "HV902"));
}

// ---- HV903 bad-suppression ------------------------------------------------------------------------

RULE_TEST(HV903, FiresOnAnUnknownCode) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=HV250 -- guide template\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV903", Severity::Warning, "a.conf:21:5"));
}

RULE_TEST(HV903, FiresOnAnInputCode) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=HV003 -- guide template\n" + kTrack));
    EXPECT_TRUE(fires(*r, "HV903", Severity::Warning, "a.conf:21:5"));
    EXPECT_NE(r->with("HV903").front()->message.find("cannot be suppressed"), std::string::npos);
}

RULE_TEST(HV903, FiresOnAnInputSlugAndAnUnknownSlug) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=syntax -- guide template\n" + kTrack));
    EXPECT_TRUE(fires(*r, "HV903", Severity::Warning, "a.conf:21:5"));
    EXPECT_NE(r->with("HV903").front()->message.find("cannot be suppressed"), std::string::npos);
    r = run_one("a.conf", inside("    # havip-lint: disable=track-iface -- guide template\n" + kTrack));
    EXPECT_TRUE(fires(*r, "HV903", Severity::Warning, "a.conf:21:5"));
    EXPECT_NE(r->with("HV903").front()->message.find("unknown code `track-iface`"), std::string::npos);
}

RULE_TEST(HV903, QuietOnAKnownCode) {
    auto r = run_one("a.conf", inside("    # havip-lint: disable=hv205 -- lower case is accepted\n" + kTrack));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV903"));
    EXPECT_TRUE(quiet(*r, "HV205"));
}

}  // namespace
}  // namespace havip::lint::test

namespace havip::lint::test {
namespace {

RULE_TEST(HV901, QuietOnASuppressionOfACodeThePolicyTurnsOff) {
    Inputs s;
    s.files = {{"a.conf", inside("    # havip-lint: disable=HV203 -- one GARP is enough\n" + kTrack)}};
    s.policy.severity["HV203"] = diag::Severity::Off;
    EXPECT_TRUE(quiet(*run(s), "HV901"));
    s.policy.severity.clear();
    s.policy.severity["garp-repeat"] = diag::Severity::Off;
    EXPECT_TRUE(quiet(*run(s), "HV901")) << "by slug";
}

}  // namespace
}  // namespace havip::lint::test
