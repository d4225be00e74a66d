// SPDX-License-Identifier: MIT
// HV201–HV213: each rule fires on a config (code, severity, primary span) and
// stays quiet on its closest neighbour.
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

Inputs pair(std::string a, std::string b) {
    Inputs s;
    s.files = {{"a.conf", std::move(a)}, {"b.conf", std::move(b)}};
    return s;
}

Options target(int major, int minor, int patch) {
    Options o;
    o.target_keepalived = {major, minor, patch};
    return o;
}

/// The guide's node a on multicast: no unicast_src_ip and no unicast_peer block.
std::string multicast(std::string n) {
    n = with(n, "    unicast_src_ip 172.16.0.16\n", "");
    return with(n, "    unicast_peer {\n        172.16.0.14\n    }\n", "");
}

/// The standing pair: a MASTER at 50, b BACKUP at `prio_b`, preemption on.
Inputs standing(int prio_b) {
    auto a = with(with(kGuideA, "state BACKUP", "state MASTER"), "    nopreempt\n", "");
    auto b = with(with(kGuideB, "priority 50", "priority " + std::to_string(prio_b)), "    nopreempt\n", "");
    return pair(a, b);
}

/// Node `base` with its one instance repeated `n` times (VI_1 … VI_n, VRID 1 … n,
/// one VIP each): one node of a pair that runs n clusters. `mark` (when not empty)
/// is written before the block of instance number `marked`.
std::string instances(const std::string& base, int n, const std::string& mark = {}, int marked = 0) {
    const auto at = base.find("vrrp_instance VI_1 {");
    std::string out = base.substr(0, at);
    const std::string block = base.substr(at);
    for (int k = 1; k <= n; ++k) {
        if (k == marked) out += mark;
        auto b = with(block, "VI_1", "VI_" + std::to_string(k));
        b = with(b, "virtual_router_id 51", "virtual_router_id " + std::to_string(k));
        out += with(b, "172.16.0.135/24",
                    "172.16." + std::to_string(k / 200) + "." + std::to_string(k % 200 + 20) + "/16");
    }
    return out;
}

// ---- one finding for a problem 255 instances of a node share --------------------------------

TEST(Folding, SharedProblemOf255InstancesOfOneNodeIsOneFinding) {
    auto a = with(with(kGuideA, "state BACKUP", "state backup"), "advert_int 1", "advert_int 0.5");
    a = with(a, "    garp_master_refresh 5\n",
             "    garp_master_refresh 5\n    track_interface {\n        eth0\n    }\n"
             "    authentication {\n        auth_type PASS\n        auth_pass longpassword\n    }\n");
    auto r = run_one("a.conf", instances(a, 255));
    ASSERT_TRUE(valid_input(*r)) << r->dump();
    for (const char* code : {"HV110", "HV111", "HV113", "HV205"}) {
        ASSERT_EQ(r->with(code).size(), 1u) << code << ": one finding, not 255\n" << r->dump();
        const auto& d = *r->with(code).front();
        EXPECT_NE(d.message.find("(255 instances of node `a`: `VI_1`, `VI_2`"), std::string::npos) << d.message;
        EXPECT_NE(d.message.find("and 247 more)"), std::string::npos) << d.message;
        EXPECT_GE(d.labels.size(), 4u) << code;
    }
    // The fixes of the folded findings are one fix that edits every instance.
    const auto& e = *r->with("HV110").front();
    ASSERT_TRUE(e.fix);
    EXPECT_EQ(e.fix->edits.size(), 255u);
}

TEST(Folding, NopreemptPlacementOf255InstancesIsOneFinding) {
    auto a = with(with(kGuideA, "priority 50", "priority 100"), "    nopreempt\n", "");
    auto r = run(pair(instances(a, 255), instances(kGuideB, 255)));
    ASSERT_EQ(r->with("HV208").size(), 1u) << r->dump();
    EXPECT_NE(r->with("HV208").front()->message.find("(255 instances of node `b`:"), std::string::npos)
        << r->with("HV208").front()->message;
}

TEST(Folding, NodeProblemsOf255InstancesAreOneFindingEach) {
    // Strict mode with unicast and authentication (HV118), auth with VRRPv3
    // (HV112), MASTER with nopreempt (HV109) and under strict mode below 255
    // (HV124), an own address as peer (HV107), a source outside the subnet (HV103).
    auto a = with(kGuideA, "    vrrp_garp_master_repeat 1\n", "    vrrp_garp_master_repeat 1\n    vrrp_strict\n");
    a = with(a, "state BACKUP", "state MASTER");
    a = with(a, "unicast_src_ip 172.16.0.16", "unicast_src_ip 10.9.0.16");
    a = with(a, "        172.16.0.14\n", "        172.16.0.14\n        10.9.0.16\n");
    a = with(a, "    garp_master_refresh 5\n",
             "    garp_master_refresh 5\n    version 3\n"
             "    authentication {\n        auth_type PASS\n        auth_pass pw\n    }\n");
    auto r = run_one("a.conf", instances(a, 255));
    for (const char* code : {"HV103", "HV107", "HV109", "HV112", "HV118", "HV124"}) {
        ASSERT_FALSE(r->with(code).empty()) << code << "\n" << r->dump();
        EXPECT_LE(r->with(code).size(), 2u) << code << ": folded, not 255 copies\n" << r->dump();
        for (const auto* d : r->with(code)) {
            EXPECT_NE(d->message.find("255 instances of node `a`"), std::string::npos) << d->message;
            EXPECT_NE(d->message.find("and 247 more"), std::string::npos) << d->message;
        }
    }
    EXPECT_EQ(r->with("HV118").size(), 2u) << "unicast and authentication: two problems";
}

TEST(Folding, MemberDifferencesOf255ClustersAreOneFinding) {
    // b runs version 3 and does not list a's new source address, in every cluster.
    auto a = with(kGuideA, "unicast_src_ip 172.16.0.16", "unicast_src_ip 172.16.0.17");
    auto b = with(kGuideB, "    garp_master_refresh 5\n", "    garp_master_refresh 5\n    version 3\n");
    auto r = run(pair(instances(a, 255), instances(b, 255)));
    for (const char* code : {"HV107", "HV112"}) {
        ASSERT_EQ(r->with(code).size(), 1u) << code << "\n" << r->dump();
        EXPECT_NE(r->with(code).front()->message.find("(255 instances of node `b`:"), std::string::npos)
            << r->with(code).front()->message;
    }
    // One fix that adds the address to every instance's peer list.
    const auto& d = *r->with("HV107").front();
    ASSERT_TRUE(d.fix);
    EXPECT_EQ(d.fix->edits.size(), 255u);
}

// ---- HV201 multicast-in-vpc -----------------------------------------------------------------

RULE_TEST(HV201, FiresOnAnInstanceWithoutUnicastPeers) {
    auto r = run_one("a.conf", multicast(kGuideA));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV201", Severity::Warning, "a.conf:4:15"));
}

RULE_TEST(HV201, FiresOnceFor255InstancesOfOneNode) {
    auto r = run_one("a.conf", instances(multicast(kGuideA), 255));
    ASSERT_EQ(r->with("HV201").size(), 1u) << "one finding for the node, not 255";
    EXPECT_TRUE(fires(*r, "HV201", Severity::Warning, "a.conf:4:15"));
    EXPECT_EQ(r->with("HV201").front()->message,
              "255 instances of node `a` have no unicast peers, so they use multicast: `VI_1`, `VI_2`, `VI_3`, "
              "`VI_4`, `VI_5`, `VI_6`, `VI_7`, `VI_8` and 247 more");
    // A message that does not name the instance gets the count and list appended (HV202).
    auto v = run_one("a.conf", instances(with(kGuideA, "    vmac_xmit_base\n", ""), 9));
    ASSERT_EQ(v->with("HV202").size(), 1u) << v->dump();
    EXPECT_EQ(v->with("HV202").front()->message,
              "use_vmac with unicast peers without vmac_xmit_base (9 instances of node `a`: `VI_1`, `VI_2`, `VI_3`, "
              "`VI_4`, `VI_5`, `VI_6`, `VI_7`, `VI_8` and `VI_9`)");
}

RULE_TEST(HV201, QuietWithUnicastPeers) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV201")); }

RULE_TEST(HV201, QuietWhenTheVpcHasMulticast) {
    Inputs s;
    s.files = {{"a.conf", multicast(kGuideA)}};
    s.inventory = "[[vpc]]\nname = \"prod\"\nsubnets = [\"172.16.0.0/24\"]\nmulticast = true\n";
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV201")) << "the VIP places the node in the multicast VPC";
}

// ---- HV202 vmac -------------------------------------------------------------------------------

RULE_TEST(HV202, FiresOnVmacWithUnicastWithoutXmitBase) {
    auto r = run_one("a.conf", with(kGuideA, "    vmac_xmit_base\n", ""));
    EXPECT_TRUE(fires(*r, "HV202", Severity::Warning, "a.conf:18:5"));
}

RULE_TEST(HV202, QuietWithXmitBase) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV202")); }

RULE_TEST(HV202, FiresOnMulticastWithNothingPinningTheSource) {
    auto mc = with(with(multicast(kGuideA), "    use_vmac\n", ""), "    vmac_xmit_base\n", "");
    auto r = run_one("a.conf", mc);
    EXPECT_TRUE(fires(*r, "HV202", Severity::Warning, "a.conf:4:15"));
    r = run_one("a.conf", with(mc, "    nopreempt\n", "    nopreempt\n    mcast_src_ip 172.16.0.16\n"));
    EXPECT_TRUE(quiet(*r, "HV202"));
}

// ---- HV203 garp-repeat -----------------------------------------------------------------------------

const std::string kTwoVips = "        172.16.0.135/24\n        172.16.0.136/24\n";

RULE_TEST(HV203, FiresOnSeveralVipsWithRepeatedGarp) {
    auto n = with(with(kGuideA, "    vrrp_garp_master_repeat 1\n", ""), "        172.16.0.135/24\n", kTwoVips);
    auto r = run_one("a.conf", n);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV203", Severity::Warning, "a.conf:16:9"));
    EXPECT_NE(label_at(*r, *r->with("HV203").front(), "a.conf:15:9"), nullptr) << r->dump();
}

RULE_TEST(HV203, QuietWithOneGarpPerVip) {
    EXPECT_TRUE(quiet(*run_one("a.conf", with(kGuideA, "        172.16.0.135/24\n", kTwoVips)), "HV203"));
}

RULE_TEST(HV203, QuietWithOneVip) {
    EXPECT_TRUE(quiet(*run_one("a.conf", with(kGuideA, "    vrrp_garp_master_repeat 1\n", "")), "HV203"));
}

// ---- HV204 garp-settings -------------------------------------------------------------------------------

RULE_TEST(HV204, FiresOnAZeroGarpInterval) {
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    vrrp_garp_interval 0\n"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV204", Severity::Warning, "a.conf:2:5"));
    r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    vrrp_garp_interval 0.001\n"));
    EXPECT_TRUE(quiet(*r, "HV204"));
}

RULE_TEST(HV204, FiresWithoutAGarpRefresh) {
    auto r = run_one("a.conf", with(kGuideA, "    garp_master_refresh 5\n", ""));
    EXPECT_TRUE(fires(*r, "HV204", Severity::Warning, "a.conf:4:15"));
    ASSERT_EQ(r->with("HV204").size(), 1u);
    EXPECT_EQ(r->with("HV204").front()->message, "instance `VI_1` never refreshes its gratuitous ARP")
        << "one instance: the finding as it always was";
}

RULE_TEST(HV204, FiresOnceFor255InstancesOfOneNode) {
    auto r = run_one("a.conf", instances(with(kGuideA, "    garp_master_refresh 5\n", ""), 255));
    ASSERT_TRUE(valid_input(*r)) << r->dump();
    ASSERT_EQ(r->with("HV204").size(), 1u) << "one finding for the node, not 255";
    const auto& d = *r->with("HV204").front();
    EXPECT_TRUE(fires(*r, "HV204", Severity::Warning, "a.conf:4:15")) << "primary on the first instance";
    EXPECT_EQ(d.message,
              "255 instances of node `a` never refresh their gratuitous ARP: `VI_1`, `VI_2`, `VI_3`, `VI_4`, "
              "`VI_5`, `VI_6`, `VI_7`, `VI_8` and 247 more");
    ASSERT_EQ(d.labels.size(), 4u) << "the first instance and three others";
    EXPECT_FALSE(d.labels[1].primary);
    EXPECT_EQ(d.labels[1].message, "no garp_master_refresh");
}

RULE_TEST(HV204, FoldsWhatASuppressionLeaves) {
    const std::string mark = "# havip-lint: disable=HV204 -- VI_2 moves by hand\n";
    auto r = run_one("a.conf", instances(with(kGuideA, "    garp_master_refresh 5\n", ""), 3, mark, 2));
    ASSERT_TRUE(valid_input(*r)) << r->dump();
    ASSERT_EQ(r->with("HV204").size(), 1u) << r->dump();
    EXPECT_EQ(r->with("HV204").front()->message,
              "2 instances of node `a` never refresh their gratuitous ARP: `VI_1` and `VI_3`");
    EXPECT_TRUE(quiet(*r, "HV901")) << "the suppression still silences its own instance";
}

RULE_TEST(HV204, QuietWithAGlobalRefresh) {
    auto n = with(with(kGuideA, "    garp_master_refresh 5\n", ""), "global_defs {\n",
                  "global_defs {\n    vrrp_garp_master_refresh 10\n");
    EXPECT_TRUE(quiet(*run_one("a.conf", n), "HV204"));
}

// ---- HV205 track-interface -------------------------------------------------------------------------------

const std::string kTrackEth0 = "    garp_master_refresh 5\n    track_interface {\n        eth0\n    }\n";

RULE_TEST(HV205, FiresAsInfoOnTheOwnInterface) {
    auto r = run_one("a.conf", with(kGuideA, "    garp_master_refresh 5\n", kTrackEth0));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV205", Severity::Info, "a.conf:22:9"));
}

RULE_TEST(HV205, QuietOnAWeightedOwnInterface) {
    auto n = with(kGuideA, "    garp_master_refresh 5\n",
                  "    garp_master_refresh 5\n    track_interface {\n        eth0 weight -20\n    }\n");
    auto r = run_one("a.conf", n);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV205"));
}

RULE_TEST(HV205, FiresAsErrorOnAnInterfaceTheNodeLacks) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "    garp_master_refresh 5\n",
                               "    garp_master_refresh 5\n    track_interface {\n        eth1\n    }\n")}};
    s.inventory = "[[node]]\nname = \"a\"\ninterfaces = { eth0 = [\"172.16.0.16/24\"] }\n";
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV205", Severity::Error, "a.conf:22:9"));
    s.inventory = "[[node]]\nname = \"a\"\ninterfaces = { eth0 = [\"172.16.0.16/24\"], eth1 = [\"10.1.0.16/24\"] }\n";
    EXPECT_TRUE(quiet(*run(s), "HV205"));
}

// ---- HV206 script-security ---------------------------------------------------------------------------------

std::string notify(const std::string& n, std::string_view cmd) {
    return with(n, "    garp_master_refresh 5\n",
                "    garp_master_refresh 5\n    notify_master \"" + std::string(cmd) + "\"\n");
}

RULE_TEST(HV206, FiresOnARelativeScriptPath) {
    auto r = run_one("a.conf", notify(kGuideA, "notify.sh MASTER"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV206", Severity::Warning, "a.conf:21:5"));
}

RULE_TEST(HV206, QuietOnAnAbsolutePathWithATargetWithoutScriptSecurity) {
    // keepalived 1.2.24 has no enable_script_security: nothing to ask for.
    EXPECT_TRUE(quiet(*run_one("a.conf", notify(kGuideA, "/etc/keepalived/notify.sh MASTER")), "HV206"));
}

RULE_TEST(HV206, FiresWithoutScriptSecurityWhereTheTargetHasIt) {
    auto n = notify(kGuideA, "/etc/keepalived/notify.sh MASTER");
    auto r = run_one("a.conf", n, target(2, 2, 7));
    EXPECT_TRUE(fires(*r, "HV206", Severity::Warning, "a.conf:21:5"));
    r = run_one("a.conf", with(n, "global_defs {\n", "global_defs {\n    enable_script_security\n"), target(2, 2, 7));
    EXPECT_TRUE(quiet(*r, "HV206"));
}

// ---- HV207 priority-tie -------------------------------------------------------------------------------------

RULE_TEST(HV207, FiresOnStandingModeWithEqualPriorities) {
    auto r = run(standing(50));
    EXPECT_TRUE(fires(*r, "HV207", Severity::Warning, "b.conf:8:5"));
    EXPECT_NE(label_at(*r, *r->with("HV207").front(), "a.conf:8:5"), nullptr) << r->dump();
}

RULE_TEST(HV207, QuietWithALowerBackup) { EXPECT_TRUE(quiet(*run(standing(30)), "HV207")); }

// ---- HV208 nopreempt-placement --------------------------------------------------------------------------------

RULE_TEST(HV208, FiresOnNopreemptOnlyOnTheLowerNode) {
    auto s = standing(30);
    s.files[1].text = with(s.files[1].text, "    advert_int 1\n", "    advert_int 1\n    nopreempt\n");
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV208", Severity::Warning, "b.conf:10:5"));
}

RULE_TEST(HV208, QuietWithoutIt) { EXPECT_TRUE(quiet(*run(standing(30)), "HV208")); }

// ---- HV209 weights-ignored ---------------------------------------------------------------------------------------

std::string grouped(bool honour) {
    std::string head =
        "vrrp_script chk {\n    script \"/usr/local/bin/check_mysql\"\n    weight -30\n}\n"
        "vrrp_sync_group db {\n    group {\n        VI_1\n    }\n";
    head += honour ? "    sync_group_tracking_weight\n}\n" : "}\n";
    return head + with(kGuideA, "    garp_master_refresh 5\n",
                       "    garp_master_refresh 5\n    track_script {\n        chk\n    }\n");
}

RULE_TEST(HV209, FiresOnAWeightInASyncGroup) {
    auto r = run_one("a.conf", grouped(false));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV209", Severity::Warning, "a.conf:31:9"));
    EXPECT_NE(label_at(*r, *r->with("HV209").front(), "a.conf:5:1"), nullptr) << r->dump();
}

RULE_TEST(HV209, QuietWithSyncGroupTrackingWeight) { EXPECT_TRUE(quiet(*run_one("a.conf", grouped(true)), "HV209")); }

// ---- HV210 notify-ordering ---------------------------------------------------------------------------------------

RULE_TEST(HV210, FiresAsInfoOnNotifyScriptsWithoutAFifo) {
    auto r = run_one("a.conf", notify(kGuideA, "/etc/keepalived/notify.sh MASTER"), target(2, 2, 7));
    EXPECT_TRUE(fires(*r, "HV210", Severity::Info, "a.conf:21:5"));
}

RULE_TEST(HV210, QuietWhereTheTargetHasNoFifo) {
    EXPECT_TRUE(quiet(*run_one("a.conf", notify(kGuideA, "/etc/keepalived/notify.sh MASTER")), "HV210"));
}

RULE_TEST(HV210, QuietWithAFifo) {
    auto n = with(notify(kGuideA, "/etc/keepalived/notify.sh MASTER"), "global_defs {\n",
                  "global_defs {\n    notify_fifo /run/keepalived.fifo\n");
    EXPECT_TRUE(quiet(*run_one("a.conf", n, target(2, 2, 7)), "HV210"));
}

// ---- HV211 standing-mode ------------------------------------------------------------------------------------------

RULE_TEST(HV211, FiresAsInfoOnAStandingPair) {
    auto r = run(standing(30));
    EXPECT_TRUE(fires(*r, "HV211", Severity::Info, "a.conf:5:5"));
    EXPECT_EQ(r->with("HV211").size(), 1u) << "once per cluster";
    EXPECT_EQ(r->with("HV211").front()->message, "cluster `VI_1 (a, b)` runs in standing mode");
}

RULE_TEST(HV211, FiresOnceFor255ClustersOfOnePair) {
    auto a = with(with(kGuideA, "state BACKUP", "state MASTER"), "    nopreempt\n", "");
    auto b = with(with(kGuideB, "priority 50", "priority 30"), "    nopreempt\n", "");
    auto r = run(pair(instances(a, 255), instances(b, 255)));
    ASSERT_EQ(r->with("HV211").size(), 1u) << "one finding for the pair, not 255";
    EXPECT_TRUE(fires(*r, "HV211", Severity::Info, "a.conf:5:5"));
    const auto& d = *r->with("HV211").front();
    EXPECT_EQ(d.message,
              "255 clusters of `a`, `b` run in standing mode: `VI_1`, `VI_2`, `VI_3`, `VI_4`, `VI_5`, `VI_6`, "
              "`VI_7`, `VI_8` and 247 more");
    EXPECT_EQ(d.labels.size(), 4u);
}

RULE_TEST(HV211, QuietOnTheNonStandingPair) { EXPECT_TRUE(quiet(*run(pair(kGuideA, kGuideB)), "HV211")); }

// ---- HV212 multi-eni-multicast -----------------------------------------------------------------------------------

const std::string kTwoEnis = R"([[vpc]]
name = "prod"
subnets = ["172.16.0.0/24", "172.16.1.0/24"]
multicast = true

[[node]]
name = "a"
default_route_interface = "eth0"
interfaces = { eth0 = ["172.16.0.16/24"], eth1 = ["172.16.1.16/24"] }
)";

RULE_TEST(HV212, FiresOnMulticastOffTheDefaultRouteEni) {
    Inputs s;
    s.files = {{"a.conf", with(multicast(kGuideA), "interface eth0", "interface eth1")}};
    s.inventory = kTwoEnis;
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV212", Severity::Warning, "a.conf:6:5"));
}

RULE_TEST(HV212, QuietOnTheDefaultRouteEni) {
    Inputs s;
    s.files = {{"a.conf", multicast(kGuideA)}};
    s.inventory = kTwoEnis;
    EXPECT_TRUE(quiet(*run(s), "HV212"));
}

// ---- HV213 startup-delay -------------------------------------------------------------------------------------------

RULE_TEST(HV213, FiresAsInfoWithoutAStartupDelay) {
    EXPECT_TRUE(fires(*run_one("a.conf", kGuideA, target(2, 2, 7)), "HV213", Severity::Info, "a.conf:4:15"));
}

RULE_TEST(HV213, QuietWithAStartupDelay) {
    auto n = with(kGuideA, "global_defs {\n", "global_defs {\n    vrrp_startup_delay 5\n");
    EXPECT_TRUE(quiet(*run_one("a.conf", n, target(2, 2, 7)), "HV213"));
    EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV213")) << "1.2.24 has no vrrp_startup_delay";
}

}  // namespace
}  // namespace havip::lint::test
