// SPDX-License-Identifier: MIT
// HV101–HV109: each rule fires on a config (code, severity, primary span) and
// stays quiet on its closest neighbour. Configs start from the guide's clean
// pair (harness.cpp) and change one thing.
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

/// A node of a second cluster in the same subnet: web-a (.26) or web-b (.24),
/// VIP .136, made from the guide's node of the same side.
std::string web(const std::string& guide, bool a) {
    auto t = with(guide, "172.16.0.135/24", "172.16.0.136/24");
    t = with(t, a ? "unicast_src_ip 172.16.0.16" : "unicast_src_ip 172.16.0.14",
             a ? "unicast_src_ip 172.16.0.26" : "unicast_src_ip 172.16.0.24");
    return with(t, a ? "        172.16.0.14\n" : "        172.16.0.16\n",
                a ? "        172.16.0.24\n" : "        172.16.0.26\n");
}
Inputs two_clusters(std::string_view web_vrid) {
    Inputs s;
    const auto vrid = "virtual_router_id " + std::string(web_vrid);
    auto wa = with(web(kGuideA, true), "virtual_router_id 51", vrid);
    auto wb = with(web(kGuideB, false), "virtual_router_id 51", vrid);
    s.files = {{"db-a.conf", kGuideA}, {"db-b.conf", kGuideB}, {"web-a.conf", wa}, {"web-b.conf", wb}};
    return s;
}

// ---- HV101 duplicate-vrid ----------------------------------------------------------

RULE_TEST(HV101, FiresAsErrorInOneSubnetWithLabelsOnBothClusters) {
    auto r = run(two_clusters("51"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV101", Severity::Error, "web-a.conf:7:5"));
    EXPECT_TRUE(fires(*r, "HV101", Severity::Error, "web-b.conf:7:5"));
    ASSERT_EQ(r->with("HV101").size(), 2u) << r->dump();
    const auto* d = r->with("HV101").front();
    const auto* other = label_at(*r, *d, "db-a.conf:7:5");
    ASSERT_NE(other, nullptr) << r->dump();
    EXPECT_FALSE(other->primary);
    EXPECT_NE(other->message.find("first used by cluster"), std::string::npos);
}

RULE_TEST(HV101, QuietWithOwnRouterIds) {
    auto r = run(two_clusters("52"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV101"));
    EXPECT_TRUE(r->found.empty()) << r->dump();
}

RULE_TEST(HV101, FiresAsWarningAcrossSubnetsWithUnicastAndNoVmac) {
    auto s = two_clusters("51");
    for (auto& f : s.files) {
        f.text = with(f.text, "    use_vmac\n    vmac_xmit_base\n", "");
        if (f.name.rfind("web", 0) == 0) {
            for (int k = 0; k < 3; ++k) f.text = with(f.text, "172.16.0.", "172.16.1.");
        }
    }
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV101", Severity::Warning, "web-a.conf:7:5"));
}

RULE_TEST(HV101, FiresAsErrorAcrossSubnetsWithVmac) {
    auto s = two_clusters("51");
    for (auto& f : s.files)
        if (f.name.rfind("web", 0) == 0)
            for (int k = 0; k < 3; ++k) f.text = with(f.text, "172.16.0.", "172.16.1.");
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV101", Severity::Error, "web-a.conf:7:5"));
    EXPECT_NE(r->with("HV101").front()->notes.front().find("00:00:5e:00:01:33"), std::string::npos) << r->dump();
}

RULE_TEST(HV101, FiresAsErrorWhenOneClusterUsesMulticast) {
    auto s = two_clusters("51");
    for (auto& f : s.files) {
        f.text = with(f.text, "    use_vmac\n    vmac_xmit_base\n", "");
        if (f.name.rfind("web", 0) == 0) {
            for (int k = 0; k < 3; ++k) f.text = with(f.text, "172.16.0.", "172.16.1.");
            f.text = with(f.text, "    unicast_src_ip", "    mcast_src_ip");
            auto b = f.text.find("    unicast_peer {");
            f.text.erase(b, f.text.find("}\n", b) + 2 - b);
        }
    }
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV101", Severity::Error, "web-a.conf:7:5"));
}

RULE_TEST(HV101, QuietInSeparateVpcsOfTheInventory) {
    auto s = two_clusters("51");
    for (auto& f : s.files)
        if (f.name.rfind("web", 0) == 0)
            for (int k = 0; k < 3; ++k) f.text = with(f.text, "172.16.0.", "10.9.0.");
    s.inventory = R"([[vpc]]
name = "prod"
subnets = ["172.16.0.0/24"]

[[vpc]]
name = "test"
subnets = ["10.9.0.0/24"]
)";
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV101"));
}

// ---- HV102 vrid-mismatch -------------------------------------------------------------

RULE_TEST(HV102, FiresOnTheMemberThatDiffers) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", with(kGuideB, "virtual_router_id 51", "virtual_router_id 52")}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV102", Severity::Error, "b.conf:7:5"));
    EXPECT_NE(label_at(*r, *r->with("HV102").front(), "a.conf:7:5"), nullptr) << r->dump();
}

RULE_TEST(HV102, QuietWhenMembersAgree) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}};
    auto r = run(s);
    EXPECT_TRUE(quiet(*r, "HV102"));
}

// ---- HV103 not-same-subnet -------------------------------------------------------------

RULE_TEST(HV103, FiresOnAnAddressOutsideTheSubnet) {
    auto r = run_one("a.conf", with(kGuideA, "unicast_src_ip 172.16.0.16", "unicast_src_ip 172.16.1.16"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV103", Severity::Error, "a.conf:11:5"));
}

RULE_TEST(HV103, QuietInsideTheSubnet) {
    auto r = run_one("a.conf", kGuideA);
    EXPECT_TRUE(quiet(*r, "HV103"));
}

RULE_TEST(HV103, FiresOnceAsInfoWhenNoSubnetIsKnown) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "172.16.0.135/24", "172.16.0.135")},
               {"b.conf", with(kGuideB, "172.16.0.135/24", "172.16.0.135")}};
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV103", Severity::Info, "a.conf:4:15"));
    EXPECT_EQ(r->with("HV103").size(), 1u);
    // --subnet decides it.
    s.opt.subnets.push_back(*model::Cidr::parse("172.16.0.0/24"));
    s.files[1].text = with(s.files[1].text, "unicast_src_ip 172.16.0.14", "unicast_src_ip 172.16.2.14");
    r = run(s);
    EXPECT_EQ(r->with("HV103").size(), 1u) << r->dump();
    EXPECT_TRUE(fires(*r, "HV103", Severity::Error, "b.conf:11:5"));
}

// ---- HV104 havip-per-eni ---------------------------------------------------------------

std::string vips(int n) {
    std::string v;
    for (int k = 0; k < n; ++k) v += "        172.16.0." + std::to_string(135 + k) + "/24\n";
    return v;
}

RULE_TEST(HV104, FiresOnTheSixthHavipOfAnEni) {
    auto r = run_one("a.conf", with(kGuideA, "        172.16.0.135/24\n", vips(6)));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV104", Severity::Error, "a.conf:21:9"));
    EXPECT_NE(label_at(*r, *r->with("HV104").front(), "a.conf:16:9"), nullptr);
}

RULE_TEST(HV104, QuietAtFive) {
    auto r = run_one("a.conf", with(kGuideA, "        172.16.0.135/24\n", vips(5)));
    EXPECT_TRUE(quiet(*r, "HV104"));
}

RULE_TEST(HV104, FiresAtTheInventoryLimit) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "        172.16.0.135/24\n", vips(3))}};
    s.inventory = "[[vpc]]\nname = \"prod\"\nsubnets = [\"172.16.0.0/24\"]\nhavip_per_eni = 2\n";
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV104", Severity::Error, "a.conf:18:9"));
}

// ---- HV105 keyword-too-new ---------------------------------------------------------------

const std::string kStartupDelay = "global_defs {\n    vrrp_startup_delay 5\n";

RULE_TEST(HV105, FiresOnAKeywordNewerThanTheTarget) {
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", kStartupDelay));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV105", Severity::Error, "a.conf:2:5"));
    EXPECT_NE(r->with("HV105").front()->message.find("2.0.14"), std::string::npos);
}

RULE_TEST(HV105, QuietWhenTheTargetHasIt) {
    Options o;
    o.target_keepalived = {2, 0, 14};
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", kStartupDelay), o);
    EXPECT_TRUE(quiet(*r, "HV105"));
}

RULE_TEST(HV105, FiresFromTheInventoryVersionOfTheNode) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "global_defs {\n", kStartupDelay)}};
    s.opt.target_keepalived = {2, 2, 7};
    s.inventory = "[[node]]\nname = \"a\"\nkeepalived = \"2.0.10\"\n";
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV105", Severity::Error, "a.conf:2:5"));
}

RULE_TEST(HV105, FiresAsInfoOnScriptSecurityKeywords) {
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    enable_script_security\n"));
    EXPECT_TRUE(fires(*r, "HV105", Severity::Info, "a.conf:2:5"));
}

RULE_TEST(HV105, FiresOnSyntaxNewerThanTheTarget) {
    auto r = run_one("a.conf", "$PEER=172.16.0.14\n" + with(kGuideA, "        172.16.0.14\n", "        $PEER\n"));
    bool recorded = false;
    for (const auto& k : r->fleet.nodes.at(0).keywords) recorded = recorded || k.block() == "(syntax)";
    if (!recorded)
        GTEST_SKIP() << "the keepalived front end does not record syntax uses (ast::Document::syntax_uses) yet";
    EXPECT_TRUE(fires(*r, "HV105", Severity::Error, "a.conf:1:1"));
    EXPECT_NE(r->with("HV105").front()->message.find("1.4.0"), std::string::npos) << r->dump();
}

RULE_TEST(HV105, FiresOnAHavipTomlGlobal) {
    auto r = run_one("db.toml", R"(name = "db"
mode = "non-standing"
router_id = 51
subnet = "172.16.0.0/24"
interface = "eth0"
priority = 50
vips = ["172.16.0.135/24"]

[global]
vrrp_startup_delay = 5

[[node]]
name = "db-a"
address = "172.16.0.16"

[[node]]
name = "db-b"
address = "172.16.0.14"
)");
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV105", Severity::Error, "db.toml:10:1"));
    // One finding per written line, not one per node of the file.
    EXPECT_EQ(r->with("HV105").size(), 1u) << r->dump();
}

// ---- HV106 unicast-src ---------------------------------------------------------------------

RULE_TEST(HV106, FiresOnPeersWithoutASourceAddress) {
    auto r = run_one("a.conf", with(kGuideA, "    unicast_src_ip 172.16.0.16\n", ""));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV106", Severity::Error, "a.conf:11:5"));
}

RULE_TEST(HV106, QuietWithASourceAddress) {
    auto r = run_one("a.conf", kGuideA);
    EXPECT_TRUE(quiet(*r, "HV106"));
}

// keepalived 2.2.7 takes the family from unicast_src_ip and skips peers and
// VIPs of the other one ("MUST be of the same family"): each is labelled.
RULE_TEST(HV106, FiresOnASourceAddressOfAnotherFamilyAndLabelsWhatIsSkipped) {
    auto r = run_one("a.conf", with(kGuideA, "unicast_src_ip 172.16.0.16", "unicast_src_ip fd00::16"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV106", Severity::Error, "a.conf:11:5"));
    const auto& d = *r->with("HV106").front();
    EXPECT_NE(label_at(*r, d, "a.conf:13:9"), nullptr) << r->dump();
    EXPECT_NE(label_at(*r, d, "a.conf:16:9"), nullptr) << r->dump();
}

RULE_TEST(HV106, FiresOnASourceAddressThatIsNotTheNodes) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}};
    s.inventory = "[[node]]\nname = \"a\"\ninterfaces = { eth0 = [\"172.16.0.14/24\"] }\n";
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV106", Severity::Error, "a.conf:11:5"));
    s.inventory = "[[node]]\nname = \"a\"\ninterfaces = { eth0 = [\"172.16.0.16/24\"] }\n";
    EXPECT_TRUE(quiet(*run(s), "HV106"));
}

// ---- HV107 peers-asymmetric -----------------------------------------------------------------

RULE_TEST(HV107, FiresOnAMemberMissingFromAPeerList) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", with(kGuideB, "        172.16.0.16\n", "        172.16.0.61\n")}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV107", Severity::Error, "b.conf:12:5"));
    EXPECT_NE(label_at(*r, *r->with("HV107").front(), "a.conf:11:5"), nullptr) << r->dump();
}

RULE_TEST(HV107, QuietOnSymmetricPeers) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}};
    EXPECT_TRUE(quiet(*run(s), "HV107"));
}

RULE_TEST(HV107, FiresOnANodeListingItself) {
    auto r = run_one("a.conf", with(kGuideA, "        172.16.0.14\n", "        172.16.0.14\n        172.16.0.16\n"));
    EXPECT_TRUE(fires(*r, "HV107", Severity::Error, "a.conf:14:9"));
}

// ---- HV108 unicast-peer-empty ------------------------------------------------------------------

RULE_TEST(HV108, FiresOnAnEmptyPeerBlock) {
    auto r = run_one("a.conf", with(kGuideA, "        172.16.0.14\n", ""));
    EXPECT_TRUE(fires(*r, "HV108", Severity::Error, "a.conf:12:5"));
    // An empty block is neither "multicast" (HV201) nor a missing peer (HV107).
    EXPECT_TRUE(quiet(*r, "HV201"));
}

RULE_TEST(HV108, QuietWithAPeer) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV108")); }

// ---- HV109 nopreempt-needs-backup ---------------------------------------------------------------

RULE_TEST(HV109, FiresOnNopreemptWithStateMaster) {
    auto r = run_one("a.conf", with(kGuideA, "state BACKUP", "state MASTER"));
    EXPECT_TRUE(fires(*r, "HV109", Severity::Error, "a.conf:10:5"));
    EXPECT_NE(label_at(*r, *r->with("HV109").front(), "a.conf:5:5"), nullptr) << r->dump();
}

RULE_TEST(HV109, QuietOnNopreemptWithStateBackup) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV109")); }

RULE_TEST(HV109, FiresOnPreemptDelayWithNopreempt) {
    auto r = run_one("a.conf", with(kGuideA, "    nopreempt\n", "    nopreempt\n    preempt_delay 10\n"));
    EXPECT_TRUE(fires(*r, "HV109", Severity::Error, "a.conf:11:5"));
    r = run_one("a.conf", with(kGuideA, "    nopreempt\n", "    preempt_delay 10\n"));
    EXPECT_TRUE(quiet(*r, "HV109"));
}

}  // namespace
}  // namespace havip::lint::test
