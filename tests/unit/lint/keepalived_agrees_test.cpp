// SPDX-License-Identifier: MIT
// Rules that say what keepalived itself reports (HV121–HV124, HV214–HV219), and
// the cases keepalived accepts that must not be errors (a VIP on another port,
// halves of a cluster that cannot be paired, a peer written with a prefix).
// Each starts from the guide's clean pair (harness.cpp) and changes one thing.
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

const std::string kScript = "vrrp_script chk {\n    script \"/usr/local/bin/chk.sh\"\n    weight -10\n}\n";
const std::string kTrack = "    track_script {\n        chk\n    }\n    use_vmac\n";

// ---- HV121 duplicate-name ---------------------------------------------------------

RULE_TEST(HV121, FiresOnASecondInstanceOfTheSameNameWhichIsNotPaired) {
    auto copy =
        with(with(kGuideA.substr(kGuideA.find("vrrp_instance")), "virtual_router_id 51", "virtual_router_id 52"),
             "172.16.0.135/24", "172.16.0.136/24");
    Inputs s;
    s.files = {{"db-a.conf", kGuideA + copy}, {"db-b.conf", kGuideB}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV121", Severity::Error, "db-a.conf:22:15"));
    // keepalived ignores the copy, and so does the model: no VRID mismatch, no extra VIP.
    EXPECT_EQ(r->fleet.nodes[0].instances.size(), 1u);
    EXPECT_TRUE(quiet(*r, "HV102"));
    EXPECT_TRUE(quiet(*r, "HV115"));
}

RULE_TEST(HV121, QuietWithDistinctNames) {
    auto copy =
        with(with(with(kGuideA.substr(kGuideA.find("vrrp_instance")), "virtual_router_id 51", "virtual_router_id 52"),
                  "172.16.0.135/24", "172.16.0.136/24"),
             "VI_1", "VI_2");
    EXPECT_TRUE(quiet(*run_one("db-a.conf", kGuideA + copy), "HV121"));
}

RULE_TEST(HV121, FiresAsWarningOnATwiceDefinedScript) {
    auto r = run_one("a.conf", kScript + kScript + with(kGuideA, "    use_vmac\n", kTrack));
    EXPECT_TRUE(fires(*r, "HV121", Severity::Warning, "a.conf:5:13"));
}

// ---- HV122 unresolved-reference ---------------------------------------------------

RULE_TEST(HV122, FiresOnAScriptDefinedAfterTheInstance) {
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n", kTrack) + kScript);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV122", Severity::Error, "a.conf:19:9"));
    EXPECT_NE(r->with("HV122").front()->message.find("defined only after it"), std::string::npos);
}

RULE_TEST(HV122, FiresOnAnUndefinedScriptAndAnUnknownSyncGroupMember) {
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n", kTrack) +
                                   "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_9\n    }\n}\n");
    EXPECT_TRUE(fires(*r, "HV122", Severity::Error, "a.conf:19:9"));
    EXPECT_TRUE(fires(*r, "HV122", Severity::Error, "a.conf:25:17"));
}

RULE_TEST(HV122, QuietWhenTheScriptComesFirst) {
    auto r = run_one("a.conf", kScript + with(kGuideA, "    use_vmac\n", kTrack));
    EXPECT_TRUE(quiet(*r, "HV122"));
}

// ---- HV123 repeated-notify --------------------------------------------------------

RULE_TEST(HV123, FiresOnASecondNotifyMaster) {
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n",
                                    "    notify_master \"/bin/n.sh master\"\n    notify_master \"/bin/n.sh backup\"\n"
                                    "    use_vmac\n"));
    EXPECT_TRUE(fires(*r, "HV123", Severity::Error, "a.conf:19:5"));
    EXPECT_EQ(r->fleet.nodes[0].instances[0].notify_master.text, "/bin/n.sh master");
}

RULE_TEST(HV123, QuietWithOneLinePerKeyword) {
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n",
                                    "    notify_master \"/bin/n.sh master\"\n    notify_backup \"/bin/n.sh backup\"\n"
                                    "    use_vmac\n"));
    EXPECT_TRUE(quiet(*r, "HV123"));
}

// ---- HV124 master-cleared ---------------------------------------------------------

const std::string kAh = "    authentication {\n        auth_type AH\n        auth_pass x\n    }\n    use_vmac\n";

RULE_TEST(HV124, FiresOnMasterWithAh) {
    auto t = with(with(with(kGuideA, "    use_vmac\n", kAh), "state BACKUP", "state MASTER"), "    nopreempt\n", "");
    EXPECT_TRUE(fires(*run_one("a.conf", t), "HV124", Severity::Error, "a.conf:5:5"));
}

RULE_TEST(HV124, FiresOnStrictMasterBelow255) {
    auto t =
        with(with(with(kGuideA, "    vrrp_garp_master_repeat 1\n", "    vrrp_garp_master_repeat 1\n    vrrp_strict\n"),
                  "state BACKUP", "state MASTER"),
             "    nopreempt\n", "");
    EXPECT_TRUE(fires(*run_one("a.conf", t), "HV124", Severity::Error, "a.conf:6:5"));
}

// keepalived 2.2.7: an unset priority with `state MASTER` is 255, the address
// owner, which keeps MASTER with AH and in strict mode (checked with keepalived -t).
RULE_TEST(HV124, QuietOnTheAddressOwnerAndOnMasterWithoutPriority) {
    auto ah = with(with(with(kGuideA, "    use_vmac\n", kAh), "state BACKUP", "state MASTER"), "    nopreempt\n", "");
    EXPECT_TRUE(quiet(*run_one("a.conf", with(ah, "priority 50", "priority 255")), "HV124"));
    EXPECT_TRUE(quiet(*run_one("a.conf", with(ah, "    priority 50\n", "")), "HV124"));
}

RULE_TEST(HV124, QuietOnBackupWithAh) {
    EXPECT_TRUE(quiet(*run_one("a.conf", with(kGuideA, "    use_vmac\n", kAh)), "HV124"));
}

// ---- HV125 no-vrid ----------------------------------------------------------------

RULE_TEST(HV125, FiresOnAnInstanceWithoutVirtualRouterId) {
    auto r = run_one("a.conf", with(kGuideA, "    virtual_router_id 51\n", ""));
    EXPECT_TRUE(fires(*r, "HV125", Severity::Error, "a.conf:4:15"));
}

// A virtual_router_id with a bad value (a template's placeholder) is HV004's.
RULE_TEST(HV125, QuietOnAVirtualRouterIdWithABadValue) {
    auto r = run_one("a.conf", with(kGuideA, "virtual_router_id 51", "virtual_router_id VRID"));
    EXPECT_TRUE(quiet(*r, "HV125"));
    EXPECT_NE(r->dump().find("a.conf:7:23: error: `virtual_router_id` expects"), std::string::npos) << r->dump();
}

RULE_TEST(HV125, QuietWithAVirtualRouterId) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV125")); }

// ---- HV214 no-vip -----------------------------------------------------------------

RULE_TEST(HV214, FiresWithoutVipAndNamesTheNotifyScripts) {
    auto t = with(with(kGuideA, "    virtual_ipaddress {\n        172.16.0.135/24\n    }\n", ""), "    use_vmac\n",
                  "    notify_master \"/bin/move-vip.sh\"\n    use_vmac\n");
    auto r = run_one("a.conf", t);
    EXPECT_TRUE(fires(*r, "HV214", Severity::Warning, "a.conf:4:15"));
    const auto& notes = r->with("HV214").front()->notes;
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_NE(notes[1].find("`notify_master`"), std::string::npos);
}

RULE_TEST(HV214, QuietWithAVip) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV214")); }

// ---- HV215 unicast-without-peers ---------------------------------------------------

RULE_TEST(HV215, FiresOnUnicastSrcWithoutPeers) {
    auto r = run_one("a.conf", with(kGuideA, "    unicast_peer {\n        172.16.0.14\n    }\n", ""));
    EXPECT_TRUE(fires(*r, "HV215", Severity::Warning, "a.conf:11:5"));
}

// keepalived 2.2.7 counts check_unicast_src and old_unicast_checksum as unicast
// keywords too ("A unicast keyword has been specified without any unicast peers").
RULE_TEST(HV215, FiresOnCheckUnicastSrcOrOldChecksumWithoutPeers) {
    const auto bare = with(with(kGuideA, "    unicast_peer {\n        172.16.0.14\n    }\n", ""),
                           "    unicast_src_ip 172.16.0.16\n", "");
    EXPECT_TRUE(quiet(*run_one("a.conf", bare), "HV215"));
    for (const char* kw : {"check_unicast_src", "old_unicast_checksum"}) {
        auto r = run_one("a.conf", with(bare, "    nopreempt\n", "    nopreempt\n    " + std::string(kw) + "\n"));
        EXPECT_TRUE(fires(*r, "HV215", Severity::Warning, "a.conf:11:5")) << kw;
    }
    // In another instance it does not count.
    auto r = run_one("a.conf", bare +
                                   "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 52\n"
                                   "    check_unicast_src\n    unicast_peer {\n        172.16.0.14\n    }\n"
                                   "    virtual_ipaddress {\n        172.16.0.136/24\n    }\n}\n");
    EXPECT_TRUE(quiet(*r, "HV215")) << r->dump();
}

RULE_TEST(HV215, QuietWithPeersOrAnEmptyBlock) {
    EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV215"));
    // An empty block is HV108's.
    auto r = run_one("a.conf", with(kGuideA, "        172.16.0.14\n", ""));
    EXPECT_TRUE(quiet(*r, "HV215"));
    EXPECT_FALSE(r->with("HV108").empty());
}

// ---- HV216 single-instance-sync-group ----------------------------------------------

RULE_TEST(HV216, FiresOnAGroupOfOne) {
    auto r = run_one("a.conf", kGuideA + "vrrp_sync_group G {\n    group {\n        VI_1\n    }\n}\n");
    EXPECT_TRUE(fires(*r, "HV216", Severity::Warning, "a.conf:22:17"));
}

RULE_TEST(HV216, QuietOnAGroupOfTwo) {
    auto second = with(with(with(kGuideA.substr(kGuideA.find("vrrp_instance")), "VI_1", "VI_2"), "virtual_router_id 51",
                            "virtual_router_id 52"),
                       "172.16.0.135/24", "172.16.0.136/24");
    auto r = run_one("a.conf",
                     kGuideA + second + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n");
    EXPECT_TRUE(quiet(*r, "HV216"));
}

// ---- HV217 deprecated-keyword -------------------------------------------------------

RULE_TEST(HV217, FiresOnEachDeprecatedConstruct) {
    auto t = with(kGuideA, "    vrrp_garp_master_repeat 1\n",
                  "    vrrp_garp_master_repeat 1\n    notification_email {\n    }\n");
    t = with(t, "    use_vmac\n", "    lvs_sync_daemon_interface eth0\n    use_vmac\n");
    t = with(t, "        172.16.0.135/24\n", "        172.16.0.135/24\n        fd00::1/64 scope link\n");
    t += "static_routes {\n    10.1.0.0/16 gw 172.16.0.1 dev eth0\n}\n";
    auto r = run_one("a.conf", t);
    EXPECT_TRUE(fires(*r, "HV217", Severity::Info, "a.conf:27:17"));
    EXPECT_TRUE(fires(*r, "HV217", Severity::Info, "a.conf:3:5"));
    EXPECT_TRUE(fires(*r, "HV217", Severity::Info, "a.conf:19:9"));
    EXPECT_TRUE(fires(*r, "HV217", Severity::Info, "a.conf:21:5"));
}

RULE_TEST(HV217, QuietOnTheGuide) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV217")); }

// ---- HV218 smtp-alert ----------------------------------------------------------------

RULE_TEST(HV218, FiresForHavipdAsAWarningNotAPlanStopper) {
    Options o;
    o.havipd_target = true;
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n", "    smtp_alert\n    use_vmac\n"), o);
    EXPECT_TRUE(fires(*r, "HV218", Severity::Warning, "a.conf:18:5"));
    EXPECT_TRUE(quiet(*r, "HV307"));
}

RULE_TEST(HV218, QuietForKeepalived) {
    auto r = run_one("a.conf", with(kGuideA, "    use_vmac\n", "    smtp_alert\n    use_vmac\n"));
    EXPECT_TRUE(quiet(*r, "HV218"));
}

// ---- HV219 lvs-defaults ---------------------------------------------------------------

const std::string kVs =
    "virtual_server 172.16.0.135 80 {\n    lb_kind DR\n    real_server 172.16.0.16 80 {\n    }\n}\n";

RULE_TEST(HV219, FiresWithoutProtocolAndScheduler) {
    auto r = run_one("a.conf", kVs + kGuideA);
    EXPECT_TRUE(fires(*r, "HV219", Severity::Warning, "a.conf:1:1"));
    EXPECT_NE(r->with("HV219").front()->message.find("`protocol` (UDP), `lb_algo` (wlc)"), std::string::npos);
}

RULE_TEST(HV219, QuietWhenAllThreeAreSet) {
    auto r = run_one("a.conf",
                     with(kVs, "    lb_kind DR\n", "    lb_kind DR\n    lb_algo rr\n    protocol TCP\n") + kGuideA);
    EXPECT_TRUE(quiet(*r, "HV219"));
}

// keepalived: "Virtual server FWM 1: protocol specified for fwmark - protocol will be
// ignored"; a fwmark service without protocol it accepts silently.
RULE_TEST(HV219, FiresOnProtocolWithAFwmarkAndQuietWithout) {
    const std::string fw = "virtual_server fwmark 1 {\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n}\n";
    auto r = run_one("a.conf", fw + kGuideA);
    EXPECT_TRUE(fires(*r, "HV219", Severity::Warning, "a.conf:4:5"));
    EXPECT_EQ(r->with("HV219").size(), 1u) << r->dump();
    EXPECT_TRUE(quiet(*run_one("a.conf", with(fw, "    protocol TCP\n", "") + kGuideA), "HV219"));
}

// ---- keepalived accepts these: no errors ----------------------------------------------

TEST(KeepalivedAccepts, AVipOnAnotherPortIsNoHavipOfTheSubnet) {
    // Neutron: the gateway port's address is added by keepalived, not a HAVIP.
    Inputs s;
    auto ex = "    virtual_ipaddress_excluded {\n        10.100.0.204/24 dev qg-1\n    }\n    use_vmac\n";
    s.files = {{"db-a.conf", with(kGuideA, "    use_vmac\n", ex)}, {"db-b.conf", with(kGuideB, "    use_vmac\n", ex)}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV103"));
    // Six on the other port do not count against eth0's HAVIPs either.
    std::string six = "    virtual_ipaddress_excluded {\n";
    for (int k = 1; k <= 6; ++k) six += "        10.100.0." + std::to_string(k) + "/24 dev qg-1\n";
    six += "    }\n    use_vmac\n";
    EXPECT_TRUE(quiet(*run_one("db-a.conf", with(kGuideA, "    use_vmac\n", six)), "HV104"));
}

TEST(KeepalivedAccepts, HalvesThatCannotBePairedAreNotDuplicateVrids) {
    auto placeholder = [](std::string t) {
        t = with(t, "unicast_src_ip 172.16.0.", "unicast_src_ip XXX.XXX.XXX.");
        t = with(t, "        172.16.0.1", "        XXX.XXX.XXX.1");
        return with(t, "        172.16.0.135/24", "        XXX.XXX.XXX.XXX");
    };
    Inputs s;
    s.files = {{"db-a.conf", placeholder(kGuideA)}, {"db-b.conf", placeholder(kGuideB)}};
    auto r = run(s);
    EXPECT_GT(r->front.count_code("HV004"), 0u);  // keepalived rejects the placeholders too
    EXPECT_TRUE(quiet(*r, "HV101")) << r->dump();
}

TEST(KeepalivedAccepts, PeersWithAPrefixPairAndAreNotEmpty) {
    Inputs s;
    s.files = {{"db-a.conf", with(kGuideA, "        172.16.0.14\n", "        172.16.0.14/24\n")},
               {"db-b.conf", with(kGuideB, "unicast_src_ip 172.16.0.14", "unicast_src_ip 172.16.0.14/24")}};
    auto r = run(s);
    EXPECT_EQ(r->front.count_code("HV007"), 2u) << r->dump();
    EXPECT_EQ(r->front.count(Severity::Error), 0u) << r->dump();
    EXPECT_TRUE(quiet(*r, "HV108"));
    EXPECT_TRUE(quiet(*r, "HV107"));
    ASSERT_EQ(r->fleet.nodes[0].instances[0].peers.size(), 1u);
    EXPECT_EQ(r->fleet.nodes[1].instances[0].unicast_src_ip.value.str(), "172.16.0.14");
}

}  // namespace
}  // namespace havip::lint::test
