// SPDX-License-Identifier: MIT
// HV110–HV119: each rule fires on a config (code, severity, primary span) and
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

/// The guide's node with an authentication block after garp_master_refresh
/// (authentication at line 21, auth_type 22, auth_pass 23).
std::string auth(const std::string& node, std::string_view type, std::string_view pass) {
    return with(node, "    garp_master_refresh 5\n",
                "    garp_master_refresh 5\n    authentication {\n        auth_type " + std::string(type) +
                    "\n        auth_pass " + std::string(pass) + "\n    }\n");
}

// ---- HV110 enum-case ---------------------------------------------------------------------

RULE_TEST(HV110, FiresOnALowerCaseState) {
    auto r = run_one("a.conf", with(kGuideA, "state BACKUP", "state backup"));
    EXPECT_TRUE(fires(*r, "HV110", Severity::Error, "a.conf:5:5"));
}

RULE_TEST(HV110, QuietOnUpperCase) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV110")); }

RULE_TEST(HV110, FiresOnALowerCaseAuthType) {
    auto r = run_one("a.conf", auth(kGuideA, "pass", "1111"));
    EXPECT_TRUE(fires(*r, "HV110", Severity::Error, "a.conf:22:9"));
    EXPECT_TRUE(quiet(*run_one("a.conf", auth(kGuideA, "PASS", "1111")), "HV110"));
}

// ---- HV111 auth-pass-length ----------------------------------------------------------------

RULE_TEST(HV111, FiresOnAPasswordLongerThanEightBytes) {
    auto r = run_one("a.conf", auth(kGuideA, "PASS", "123456789"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV111", Severity::Error, "a.conf:23:9"));
    EXPECT_NE(r->with("HV111").front()->message.find("`12345678`"), std::string::npos);
}

RULE_TEST(HV111, QuietAtEightBytes) {
    EXPECT_TRUE(quiet(*run_one("a.conf", auth(kGuideA, "PASS", "12345678")), "HV111"));
}

// ---- HV112 version-auth ----------------------------------------------------------------------

RULE_TEST(HV112, FiresOnPasswordsThatDiffer) {
    auto r = run(pair(auth(kGuideA, "PASS", "1111"), auth(kGuideB, "PASS", "2222")));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "b.conf:23:9"));
    EXPECT_NE(label_at(*r, *r->with("HV112").front(), "a.conf:23:9"), nullptr) << r->dump();
}

// keepalived 2.2.7: "Authentication specified but no password given. Ignoring".
RULE_TEST(HV112, FiresOnAuthenticationWithoutAPassword) {
    auto a = with(auth(kGuideA, "PASS", "x"), "        auth_pass x\n", "");
    auto r = run_one("a.conf", a);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:22:9"));
    EXPECT_TRUE(quiet(*run_one("a.conf", auth(kGuideA, "PASS", "x")), "HV112"));
}

RULE_TEST(HV112, QuietOnPasswordsThatDifferOnlyAfterByteEight) {
    auto r = run(pair(auth(kGuideA, "PASS", "12345678a"), auth(kGuideB, "PASS", "12345678b")));
    EXPECT_TRUE(quiet(*r, "HV112"));
}

RULE_TEST(HV112, FiresOnAuthTypeAndVersionDifferences) {
    auto r = run(pair(auth(kGuideA, "PASS", "1111"), kGuideB));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "b.conf:4:15")) << "no auth on b: points at the instance";
    r = run(pair(kGuideA, with(kGuideB, "    advert_int 1\n", "    advert_int 1\n    version 3\n")));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "b.conf:10:5"));
}

RULE_TEST(HV112, FiresOnAuthenticationWithVersion3) {
    auto r = run_one("a.conf",
                     with(auth(kGuideA, "PASS", "1111"), "    advert_int 1\n", "    advert_int 1\n    version 3\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:23:9"));
}

RULE_TEST(HV112, FiresOnAnIpv6VipWithVersion2) {
    auto six = with(kGuideA, "        172.16.0.135/24\n", "        172.16.0.135/24\n        fd00::135/64\n");
    auto r = run_one("a.conf", six);
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:17:9"));
    // keepalived ignores a VIP of the other family in any version.
    r = run_one("a.conf", with(six, "    advert_int 1\n", "    advert_int 1\n    version 3\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:18:9"));
}

// keepalived 2.2.7 runs an IPv6 instance without its own `version` as version 3 and
// says nothing; an instance `version 2` it keeps (silently); with strict mode it
// reports "cannot use IPv6 with VRRP version 2; setting version 3".
const std::string kSix = with(kGuideA, "        172.16.0.135/24\n", "        fd00::135/64\n");
std::string six_v(std::string text, std::string_view extra) {
    return with(std::move(text), "    advert_int 1\n", "    advert_int 1\n" + std::string(extra));
}

RULE_TEST(HV112, QuietOnAnIpv6InstanceWithoutVersion) {
    auto r = run_one("a.conf", kSix);
    ASSERT_TRUE(valid_input(*r)) << r->dump();
    EXPECT_TRUE(quiet(*r, "HV112"));
}

RULE_TEST(HV112, WarnsOnAnIpv6InstanceWithVersion2) {
    auto r = run_one("a.conf", six_v(kSix, "    version 2\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Warning, "a.conf:10:5"));
    EXPECT_NE(label_at(*r, *r->with("HV112").front(), "a.conf:17:9"), nullptr) << r->dump();
    EXPECT_EQ(r->with("HV112").size(), 1u) << r->dump();
}

RULE_TEST(HV112, FiresOnAnIpv6InstanceWithVersion2InStrictMode) {
    auto r = run_one("a.conf", six_v(kSix, "    version 2\n    strict_mode\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:10:5"));
}

RULE_TEST(HV112, InfoOnAnIpv6InstanceUnderAGlobalVersion2) {
    auto r = run_one("a.conf", with(kSix, "global_defs {\n", "global_defs {\n    vrrp_version 2\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Info, "a.conf:17:9"));
}

RULE_TEST(HV112, FiresOnAnIpv4VipAfterAnIpv6One) {
    auto r = run_one("a.conf", with(kSix, "        fd00::135/64\n", "        fd00::135/64\n        172.16.0.136/24\n"));
    EXPECT_TRUE(fires(*r, "HV112", Severity::Error, "a.conf:17:9"));
}

RULE_TEST(HV112, QuietOnIpv6MembersWhereOneSaysVersion3) {
    auto b = with(kGuideB, "        172.16.0.135/24\n", "        fd00::135/64\n");
    auto r = run(pair(kSix, six_v(b, "    version 3\n")));
    EXPECT_TRUE(quiet(*r, "HV112")) << "both run version 3";
    r = run(pair(kSix, six_v(b, "    version 2\n")));
    bool differs = false;
    for (const auto* d : r->with("HV112"))
        differs |= d->severity == Severity::Error && d->message.find("differs from version 3") != std::string::npos;
    EXPECT_TRUE(differs) << "version 2 against version 3\n" << r->dump();
}

// ---- HV113 advert-int --------------------------------------------------------------------------

RULE_TEST(HV113, FiresOnMembersWithAnotherInterval) {
    auto r = run(pair(kGuideA, with(kGuideB, "advert_int 1", "advert_int 2")));
    EXPECT_TRUE(fires(*r, "HV113", Severity::Error, "b.conf:9:5"));
    EXPECT_NE(label_at(*r, *r->with("HV113").front(), "a.conf:9:5"), nullptr) << r->dump();
}

RULE_TEST(HV113, QuietOnVersion3MembersWithAnotherInterval) {
    auto v3 = [](const std::string& n, std::string_view adv) {
        return with(n, "    advert_int 1\n", "    advert_int " + std::string(adv) + "\n    version 3\n");
    };
    auto r = run(pair(v3(kGuideA, "1"), v3(kGuideB, "0.5")));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(quiet(*r, "HV113"));
}

RULE_TEST(HV113, FiresOnAFractionalVersion2Interval) {
    auto r = run_one("a.conf", with(kGuideA, "advert_int 1", "advert_int 0.5"));
    EXPECT_TRUE(fires(*r, "HV113", Severity::Error, "a.conf:9:5"));
}

RULE_TEST(HV113, FiresOnAVersion3IntervalFinerThanACentisecond) {
    auto r = run_one("a.conf", with(kGuideA, "    advert_int 1\n", "    advert_int 0.125\n    version 3\n"));
    EXPECT_TRUE(fires(*r, "HV113", Severity::Error, "a.conf:9:5"));
    r = run_one("a.conf", with(kGuideA, "    advert_int 1\n", "    advert_int 0.12\n    version 3\n"));
    EXPECT_TRUE(quiet(*r, "HV113"));
}

// ---- HV114 priority-arithmetic -------------------------------------------------------------------

/// Standing pair a (MASTER, `prio_a`) / b (BACKUP, 30), both tracking `chk` with
/// `weight`: the script is lines 1–5, track_script at line 26 (chk at 27:9).
Inputs tracked(int prio_a, int weight) {
    const std::string script =
        "vrrp_script chk {\n    script \"/usr/local/bin/check_mysql\"\n    interval 2\n    weight " +
        std::to_string(weight) + "\n}\n";
    auto track = [&](std::string n) {
        n = with(n, "    nopreempt\n", "");
        return script + with(n, "    garp_master_refresh 5\n",
                             "    garp_master_refresh 5\n    track_script {\n        chk\n    }\n");
    };
    auto a =
        with(with(track(kGuideA), "state BACKUP", "state MASTER"), "priority 50", "priority " + std::to_string(prio_a));
    auto b = with(track(kGuideB), "priority 50", "priority 30");
    return pair(a, b);
}

RULE_TEST(HV114, FiresWhenWeightsCannotMoveTheVip) {
    auto r = run(tracked(50, -10));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV114", Severity::Error, "a.conf:26:9"));
    EXPECT_NE(label_at(*r, *r->with("HV114").front(), "b.conf:13:5"), nullptr) << r->dump();
}

RULE_TEST(HV114, QuietWhenTheWeightBeatsTheGap) { EXPECT_TRUE(quiet(*run(tracked(50, -25)), "HV114")); }

RULE_TEST(HV114, FiresWhenThePriorityLeavesTheRange) {
    auto r = run(tracked(50, -60));
    EXPECT_TRUE(fires(*r, "HV114", Severity::Error, "b.conf:13:5")) << "30 - 60 < 1";
}

RULE_TEST(HV114, FiresOnAWeightAtPriority255) {
    auto r = run(tracked(255, -60));
    EXPECT_TRUE(fires(*r, "HV114", Severity::Error, "a.conf:26:9"));
}

// ---- HV115 vip-set-mismatch ------------------------------------------------------------------------

RULE_TEST(HV115, FiresOnAnotherVipSet) {
    auto r = run(pair(
        kGuideA, with(kGuideB, "        172.16.0.135/24\n", "        172.16.0.135/24\n        172.16.0.136/24\n")));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV115", Severity::Error, "b.conf:15:5"));
    EXPECT_NE(label_at(*r, *r->with("HV115").front(), "a.conf:15:5"), nullptr) << r->dump();
}

RULE_TEST(HV115, QuietOnTheSameSetInAnotherOrder) {
    const std::string two = "        172.16.0.135/24\n        172.16.0.136/24\n";
    const std::string owt = "        172.16.0.136/24\n        172.16.0.135/24\n";
    auto r =
        run(pair(with(kGuideA, "        172.16.0.135/24\n", two), with(kGuideB, "        172.16.0.135/24\n", owt)));
    EXPECT_TRUE(quiet(*r, "HV115"));
}

// ---- HV116 duplicate-vip ------------------------------------------------------------------------------

std::string cluster_toml(std::string_view name, int vrid, std::string_view vip, std::string_view a,
                         std::string_view b) {
    return "name = \"" + std::string(name) + "\"\nmode = \"non-standing\"\nrouter_id = " + std::to_string(vrid) +
           "\nsubnet = \"172.16.0.0/24\"\ninterface = \"eth0\"\npriority = 50\nvips = [\"" + std::string(vip) +
           "\"]\n\n[[node]]\nname = \"" + std::string(name) + "-a\"\naddress = \"" + std::string(a) +
           "\"\n\n[[node]]\nname = \"" + std::string(name) + "-b\"\naddress = \"" + std::string(b) + "\"\n";
}

RULE_TEST(HV116, FiresOnAVipOfTwoClustersWithLabelsOnBoth) {
    Inputs s;
    s.files = {{"db.toml", cluster_toml("db", 11, "172.16.0.135/24", "172.16.0.16", "172.16.0.14")},
               {"web.toml", cluster_toml("web", 12, "172.16.0.135/24", "172.16.0.26", "172.16.0.24")}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV116", Severity::Error, "web.toml:7:9"));
    EXPECT_EQ(r->with("HV116").size(), 1u) << r->dump();
    const auto* other = label_at(*r, *r->with("HV116").front(), "db.toml:7:9");
    ASSERT_NE(other, nullptr) << r->dump();
    EXPECT_NE(other->message.find("`db`"), std::string::npos) << other->message;
}

RULE_TEST(HV116, QuietOnOwnVips) {
    Inputs s;
    s.files = {{"db.toml", cluster_toml("db", 11, "172.16.0.135/24", "172.16.0.16", "172.16.0.14")},
               {"web.toml", cluster_toml("web", 12, "172.16.0.136/24", "172.16.0.26", "172.16.0.24")}};
    EXPECT_TRUE(quiet(*run(s), "HV116"));
}

RULE_TEST(HV116, FiresOnTwoConfPairs) {
    auto web = [](const std::string& n, std::string_view src, std::string_view peer, std::string_view old_src,
                  std::string_view old_peer) {
        auto t = with(n, "virtual_router_id 51", "virtual_router_id 52");
        t = with(t, "unicast_src_ip " + std::string(old_src), "unicast_src_ip " + std::string(src));
        return with(t, "        " + std::string(old_peer) + "\n", "        " + std::string(peer) + "\n");
    };
    Inputs s;
    s.files = {{"db-a.conf", kGuideA},
               {"db-b.conf", kGuideB},
               {"web-a.conf", web(kGuideA, "172.16.0.26", "172.16.0.24", "172.16.0.16", "172.16.0.14")},
               {"web-b.conf", web(kGuideB, "172.16.0.24", "172.16.0.26", "172.16.0.14", "172.16.0.16")}};
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV116", Severity::Error, "web-a.conf:16:9"));
    EXPECT_TRUE(fires(*r, "HV116", Severity::Error, "web-b.conf:16:9"));
    EXPECT_TRUE(quiet(*r, "HV115")) << "each pair agrees within itself";
}

// ---- HV117 vip-is-node-address -----------------------------------------------------------------------

RULE_TEST(HV117, FiresOnTheNodesOwnAddressAsVip) {
    auto r = run_one("a.conf", with(kGuideA, "172.16.0.135/24", "172.16.0.16/24"));
    EXPECT_TRUE(fires(*r, "HV117", Severity::Error, "a.conf:16:9"));
    EXPECT_NE(label_at(*r, *r->with("HV117").front(), "a.conf:11:5"), nullptr) << r->dump();
}

RULE_TEST(HV117, FiresOnThePeersAddressAsVip) {
    auto r = run_one("a.conf", with(kGuideA, "172.16.0.135/24", "172.16.0.14/24"));
    EXPECT_TRUE(fires(*r, "HV117", Severity::Error, "a.conf:16:9"));
}

RULE_TEST(HV117, QuietOnAHavip) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV117")); }

// ---- HV118 strict-unicast --------------------------------------------------------------------------------

RULE_TEST(HV118, FiresOnStrictModeWithUnicast) {
    auto r = run_one("a.conf", with(kGuideA, "global_defs {\n", "global_defs {\n    vrrp_strict\n"));
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV118", Severity::Error, "a.conf:13:5"));
    EXPECT_NE(label_at(*r, *r->with("HV118").front(), "a.conf:2:5"), nullptr) << r->dump();
}

RULE_TEST(HV118, QuietWithoutStrictMode) { EXPECT_TRUE(quiet(*run_one("a.conf", kGuideA), "HV118")); }

RULE_TEST(HV118, FiresOnNoAcceptWithAuthentication) {
    auto r =
        run_one("a.conf", with(auth(kGuideA, "PASS", "1111"), "    nopreempt\n", "    nopreempt\n    no_accept\n"));
    EXPECT_TRUE(fires(*r, "HV118", Severity::Error, "a.conf:23:9"));
    r = run_one("a.conf",
                with(auth(kGuideA, "PASS", "1111"), "    nopreempt\n", "    nopreempt\n    no_accept\n    accept\n"));
    EXPECT_TRUE(quiet(*r, "HV118")) << "accept wins";
}

// ---- HV119 mode-inconsistent --------------------------------------------------------------------------------

RULE_TEST(HV119, FiresOnAMasterInNonStandingMode) {
    auto r = run(pair(kGuideA, with(kGuideB, "state BACKUP", "state MASTER")));
    EXPECT_TRUE(fires(*r, "HV119", Severity::Error, "b.conf:5:5"));
}

RULE_TEST(HV119, QuietOnTheGuidesNonStandingPair) { EXPECT_TRUE(quiet(*run(pair(kGuideA, kGuideB)), "HV119")); }

RULE_TEST(HV119, FiresOnABackupOutrankingTheStandingMaster) {
    auto a =
        with(with(with(kGuideA, "state BACKUP", "state MASTER"), "priority 50", "priority 30"), "    nopreempt\n", "");
    auto b = with(kGuideB, "    nopreempt\n", "");
    auto r = run(pair(a, b));
    EXPECT_TRUE(fires(*r, "HV119", Severity::Error, "b.conf:8:5"));
    EXPECT_NE(label_at(*r, *r->with("HV119").front(), "a.conf:8:5"), nullptr) << r->dump();
    EXPECT_TRUE(quiet(*run(pair(with(a, "priority 30", "priority 60"), b)), "HV119"));
}

RULE_TEST(HV119, FiresOnADeclaredModeTheNodesContradict) {
    auto t = cluster_toml("db", 11, "172.16.0.135/24", "172.16.0.16", "172.16.0.14");
    t = with(t, "address = \"172.16.0.14\"\n", "address = \"172.16.0.14\"\npriority = 30\n");
    auto r = run_one("db.toml", t);
    ASSERT_TRUE(valid_input(*r));
    EXPECT_TRUE(fires(*r, "HV119", Severity::Error, "db.toml:16:1"));
}

}  // namespace
}  // namespace havip::lint::test
