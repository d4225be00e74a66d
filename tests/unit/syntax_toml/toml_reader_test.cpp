// SPDX-License-Identifier: MIT
// havip.toml → keepalived statements: each key's mapping, the derivations from
// the mode and the other nodes, per-node overrides, and spans on the TOML text.
#include <gtest/gtest.h>

#include "toml_test_util.hpp"

using havip::test::Read;
using havip::test::render;

namespace {

const std::string kPair = R"(name = "web"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
[[node]]
name = "b"
address = "10.0.0.2"
)";

std::string instance_text(const Read& r, std::size_t node) {
    const auto* inst = r.find(node, "vrrp_instance");
    if (!inst) return "<no vrrp_instance>";
    std::string out;
    havip::test::render(inst->children, 0, out);
    return out;
}

}  // namespace

TEST(TomlReader, MinimalPairGivesOneDocumentPerNode) {
    Read r(kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    ASSERT_EQ(r.docs.size(), 2u);
    EXPECT_EQ(r.docs[0].node_name, "a");
    EXPECT_EQ(r.docs[1].node_name, "b");
    EXPECT_EQ(r.docs[0].cluster.text, "web");
    EXPECT_EQ(r.text(r.docs[0].cluster.span), "\"web\"");
    EXPECT_EQ(render(r.docs[0]),
              "vrrp_instance web {\n"
              "  virtual_router_id 7\n"
              "  unicast_src_ip 10.0.0.1\n"
              "  unicast_peer {\n"
              "    10.0.0.2\n"
              "  }\n"
              "}\n");
    EXPECT_EQ(instance_text(r, 1), "virtual_router_id 7\nunicast_src_ip 10.0.0.2\nunicast_peer {\n  10.0.0.1\n}\n");
}

TEST(TomlReader, InstanceNameDefaultsToClusterName) {
    Read r("instance = \"VI_1\"\n" + kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    ASSERT_EQ(r.docs[0].statements.back().args.size(), 1u);
    EXPECT_EQ(r.docs[0].statements.back().args[0].text, "VI_1");
    EXPECT_EQ(r.docs[0].cluster.text, "web");
}

TEST(TomlReader, NonStandingModeMakesEveryNodeBackupWithNopreempt) {
    Read r("mode = \"non-standing\"\npriority = 50\n" + kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    for (std::size_t i = 0; i < 2; ++i) {
        auto t = instance_text(r, i);
        EXPECT_NE(t.find("state BACKUP\n"), std::string::npos) << t;
        EXPECT_NE(t.find("priority 50\n"), std::string::npos) << t;
        EXPECT_NE(t.find("nopreempt\n"), std::string::npos) << t;
    }
    EXPECT_EQ(r.docs[0].mode.text, "non-standing");
    // Derived statements point at the `mode` value.
    const auto* st = r.find(0, "state");
    ASSERT_NE(st, nullptr);
    EXPECT_EQ(r.text(st->args[0].span), "\"non-standing\"");
    EXPECT_EQ(r.text(r.find(0, "nopreempt")->keyword_span), "\"non-standing\"");
}

TEST(TomlReader, NopreemptFalseOverridesTheMode) {
    Read r("mode = \"non-standing\"\nnopreempt = false\n" + kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "nopreempt"), nullptr);
    EXPECT_NE(r.find(0, "state"), nullptr);
}

TEST(TomlReader, StandingModeMakesTheHighestPriorityMaster) {
    Read r(R"(name = "web"
mode = "standing"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
priority = 30
[[node]]
name = "b"
address = "10.0.0.2"
priority = 50
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "state")->args[0].text, "BACKUP");
    EXPECT_EQ(r.find(1, "state")->args[0].text, "MASTER");
    EXPECT_EQ(r.find(0, "nopreempt"), nullptr);
    EXPECT_EQ(r.find(1, "nopreempt"), nullptr);
}

TEST(TomlReader, StandingTieGoesToTheFirstNodeAndExplicitStateWins) {
    Read tie("mode = \"standing\"\n" + kPair);
    EXPECT_EQ(tie.find(0, "state")->args[0].text, "MASTER");
    EXPECT_EQ(tie.find(1, "state")->args[0].text, "BACKUP");

    Read expl(R"(name = "web"
mode = "standing"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
priority = 90
[[node]]
name = "b"
address = "10.0.0.2"
state = "MASTER"
)");
    ASSERT_EQ(expl.diags.items.size(), 0u) << expl.messages();
    EXPECT_EQ(expl.find(0, "state")->args[0].text, "BACKUP");
    EXPECT_EQ(expl.find(1, "state")->args[0].text, "MASTER");
    EXPECT_EQ(expl.text(expl.find(1, "state")->keyword_span), "state");
}

TEST(TomlReader, StateTextPassesThroughForTheLinter) {
    // `state = "master"` is wrong for keepalived (falls back to BACKUP); the reader
    // keeps the text so HV110 can point at it.
    Read r(R"(name = "web"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
state = "master"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "state")->args[0].text, "master");
    EXPECT_EQ(r.text(r.find(0, "state")->args[0].span), "\"master\"");
}

TEST(TomlReader, NodeValuesOverrideClusterValues) {
    Read r(R"(name = "web"
router_id = 7
interface = "eth0"
priority = 50
preempt_delay = 10
[[node]]
name = "a"
address = "10.0.0.1"
interface = "eth1"
[[node]]
name = "b"
address = "10.0.0.2"
priority = 40
preempt_delay = 0
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "interface")->args[0].text, "eth1");
    EXPECT_EQ(r.find(1, "interface")->args[0].text, "eth0");
    EXPECT_EQ(r.find(0, "priority")->args[0].text, "50");
    EXPECT_EQ(r.find(1, "priority")->args[0].text, "40");
    EXPECT_EQ(r.find(0, "preempt_delay")->args[0].text, "10");
    EXPECT_EQ(r.find(1, "preempt_delay")->args[0].text, "0");
    // Spans: keyword on the TOML key, argument on the value, statement across both.
    const auto* p = r.find(1, "priority");
    EXPECT_EQ(r.text(p->keyword_span), "priority");
    EXPECT_EQ(r.text(p->args[0].span), "40");
    EXPECT_EQ(r.text(p->span), "priority = 40");
    EXPECT_EQ(r.sm.begin_of(p->args[0].span).line, 13u);
}

TEST(TomlReader, PeersFollowFromTheOtherNodesOrAreGiven) {
    Read three(R"(name = "web"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
[[node]]
name = "b"
address = "10.0.0.2"
[[node]]
name = "c"
address = "10.0.0.3"
peers = ["10.0.0.1"]
)");
    ASSERT_EQ(three.diags.items.size(), 0u) << three.messages();
    const auto* pa = three.find(0, "unicast_peer");
    ASSERT_NE(pa, nullptr);
    ASSERT_EQ(pa->children.size(), 2u);
    EXPECT_EQ(pa->children[0].keyword, "10.0.0.2");
    EXPECT_EQ(pa->children[1].keyword, "10.0.0.3");
    EXPECT_EQ(three.text(pa->children[1].keyword_span), "\"10.0.0.3\"");
    const auto* pc = three.find(2, "unicast_peer");
    ASSERT_EQ(pc->children.size(), 1u);
    EXPECT_EQ(pc->children[0].keyword, "10.0.0.1");
}

TEST(TomlReader, MulticastClusterHasNoUnicastPeers) {
    Read r(R"(name = "web"
router_id = 7
multicast = true
[[node]]
name = "a"
address = "10.0.0.1"
[[node]]
name = "b"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "unicast_peer"), nullptr);
    EXPECT_EQ(r.find(0, "unicast_src_ip"), nullptr);
    EXPECT_EQ(r.find(0, "mcast_src_ip")->args[0].text, "10.0.0.1");
    EXPECT_EQ(r.find(1, "mcast_src_ip"), nullptr);
}

TEST(TomlReader, VipsAsStringsPrefixesAndTables) {
    Read r(R"(name = "web"
router_id = 7
vips = [
  "172.16.0.135",
  "172.16.0.136/24",
  { address = "172.16.0.137/24", dev = "eth1", label = "eth1:vip", scope = "global", no_track = true },
  "172.16.0.138/24 dev eth2",
]
[[node]]
name = "a"
address = "10.0.0.1"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    const auto* v = r.find(0, "virtual_ipaddress");
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->is_block);
    std::string out;
    havip::test::render(v->children, 0, out);
    EXPECT_EQ(out,
              "172.16.0.135\n"
              "172.16.0.136/24\n"
              "172.16.0.137/24 dev eth1 label eth1:vip scope global no_track\n"
              "172.16.0.138/24 dev eth2\n");
    EXPECT_EQ(r.text(v->keyword_span), "vips");
    EXPECT_EQ(r.text(v->children[0].keyword_span), "172.16.0.135");  // the words inside the quotes
    EXPECT_EQ(r.text(v->children[2].keyword_span), "\"172.16.0.137/24\"");
    EXPECT_EQ(r.text(v->children[2].args[1].span), "\"eth1\"");
    // Words of a string get their own bytes.
    EXPECT_EQ(r.text(v->children[3].keyword_span), "172.16.0.138/24");
    EXPECT_EQ(r.text(v->children[3].args[1].span), "eth2");
}

TEST(TomlReader, AuthGarpVmacAndVersion) {
    Read r(R"(name = "web"
router_id = 7
version = 2
advert_int = 0.5
vmac = "vrrp.7"
vmac_xmit_base = true
[auth]
type = "PASS"
pass = 1111
[garp]
delay = 1
repeat = 2
refresh = 60
refresh_repeat = 3
lower_prio_delay = 4
lower_prio_repeat = 5
[[node]]
name = "a"
address = "10.0.0.1"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(instance_text(r, 0),
              "virtual_router_id 7\n"
              "advert_int 0.5\n"
              "version 2\n"
              "unicast_src_ip 10.0.0.1\n"
              "authentication {\n"
              "  auth_type PASS\n"
              "  auth_pass 1111\n"
              "}\n"
              "use_vmac vrrp.7\n"
              "vmac_xmit_base\n"
              "garp_master_delay 1\n"
              "garp_master_repeat 2\n"
              "garp_master_refresh 60\n"
              "garp_master_refresh_repeat 3\n"
              "garp_lower_prio_delay 4\n"
              "garp_lower_prio_repeat 5\n");
    EXPECT_EQ(r.text(r.find(0, "authentication")->keyword_span), "[auth]");
}

TEST(TomlReader, NotifyScriptsAsStringsOrTablesWithNodeOverride) {
    Read r(R"(name = "web"
router_id = 7
[notify]
master = "/etc/keepalived/notify.sh MASTER"
backup = { command = "/etc/keepalived/notify.sh BACKUP", user = "nobody", group = "nogroup" }
notify = "/etc/keepalived/any.sh"
[[node]]
name = "a"
address = "10.0.0.1"
notify = { master = "/opt/a/master.sh" }
[[node]]
name = "b"
address = "10.0.0.2"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(instance_text(r, 1),
              "virtual_router_id 7\n"
              "unicast_src_ip 10.0.0.2\n"
              "unicast_peer {\n  10.0.0.1\n}\n"
              "notify_master \"/etc/keepalived/notify.sh MASTER\"\n"
              "notify_backup \"/etc/keepalived/notify.sh BACKUP\" nobody nogroup\n"
              "notify \"/etc/keepalived/any.sh\"\n");
    EXPECT_EQ(r.find(0, "notify_master")->args[0].text, "/opt/a/master.sh");
    EXPECT_TRUE(r.find(0, "notify_master")->args[0].quoted);
}

TEST(TomlReader, ScriptsAndTracking) {
    Read r(R"(name = "web"
router_id = 7
[script.chk_nginx]
command = "/usr/bin/pgrep -x nginx"
interval = 2
timeout = 1
weight = -20
rise = 2
fall = 3
user = "nobody nogroup"
init_fail = true
[script.chk_disk]
command = "/usr/local/bin/chk_disk"
weight = 10
reverse = true
[track]
interfaces = ["eth1", { name = "eth2", weight = -10, reverse = true }]
[[node]]
name = "a"
address = "10.0.0.1"
[[node]]
name = "b"
address = "10.0.0.2"
track = { scripts = [{ name = "chk_nginx", weight = -30 }] }
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    const auto& st = r.docs[0].statements;
    ASSERT_EQ(st.size(), 3u);
    std::string scripts;
    havip::test::render({st[0], st[1]}, 0, scripts);
    EXPECT_EQ(scripts,
              "vrrp_script chk_nginx {\n"
              "  script \"/usr/bin/pgrep -x nginx\"\n"
              "  interval 2\n"
              "  timeout 1\n"
              "  weight -20\n"
              "  rise 2\n"
              "  fall 3\n"
              "  user nobody nogroup\n"
              "  init_fail\n"
              "}\n"
              "vrrp_script chk_disk {\n"
              "  script \"/usr/local/bin/chk_disk\"\n"
              "  weight 10 reverse\n"
              "}\n");
    EXPECT_EQ(r.text(st[0].args[0].span), "chk_nginx");
    EXPECT_EQ(r.text(st[0].keyword_span), "[script.chk_nginx]");
    // No [track] scripts list: every script is tracked.
    EXPECT_EQ(instance_text(r, 0),
              "virtual_router_id 7\nunicast_src_ip 10.0.0.1\nunicast_peer {\n  10.0.0.2\n}\n"
              "track_interface {\n  eth1\n  eth2 weight -10 reverse\n}\n"
              "track_script {\n  chk_nginx\n  chk_disk\n}\n");
    // b names its own list and keeps the cluster's interfaces.
    EXPECT_EQ(instance_text(r, 1),
              "virtual_router_id 7\nunicast_src_ip 10.0.0.2\nunicast_peer {\n  10.0.0.1\n}\n"
              "track_interface {\n  eth1\n  eth2 weight -10 reverse\n}\n"
              "track_script {\n  chk_nginx weight -30\n}\n");
}

TEST(TomlReader, GlobalAndExtraPassThroughKeepalivedKeywords) {
    Read r(R"(name = "web"
router_id = 7
[global]
enable_script_security = true
vrrp_strict = false
script_user = "keepalived_script"
vrrp_garp_master_repeat = 1
vrrp_startup_delay = 5.5
vrrp_mcast_group4 = "224.0.0.18"
[extra]
dont_track_primary = true
unicast_ttl = 10
[[node]]
name = "a"
address = "10.0.0.1"
global = { script_user = "other", router_id = "node-a" }
extra = { unicast_ttl = 20 }
[[node]]
name = "b"
address = "10.0.0.2"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    const auto& a = r.docs[0].statements;
    std::string g;
    havip::test::render({a[0]}, 0, g);
    EXPECT_EQ(g,
              "global_defs {\n"
              "  enable_script_security\n"
              "  script_user other\n"
              "  vrrp_garp_master_repeat 1\n"
              "  vrrp_startup_delay 5.5\n"
              "  vrrp_mcast_group4 224.0.0.18\n"
              "  router_id node-a\n"
              "}\n");
    auto ta = instance_text(r, 0), tb = instance_text(r, 1);
    EXPECT_NE(ta.find("dont_track_primary\nunicast_ttl 20\n"), std::string::npos) << ta;
    EXPECT_NE(tb.find("dont_track_primary\nunicast_ttl 10\n"), std::string::npos) << tb;
    EXPECT_EQ(r.text(r.find(1, "script_user")->args[0].span), "keepalived_script");
}

TEST(TomlReader, DocumentCarriesSubnetsAndMode) {
    Read r("subnet = [\"10.0.0.0/24\", \"fd00::/64\"]\nmode = \"standing\"\n" + kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    ASSERT_EQ(r.docs[1].subnets.size(), 2u);
    EXPECT_EQ(r.docs[1].subnets[1].text, "fd00::/64");
    EXPECT_EQ(r.text(r.docs[1].subnets[0].span), "\"10.0.0.0/24\"");
    EXPECT_EQ(r.docs[1].mode.text, "standing");
    Read one("subnet = \"10.0.0.0/24\"\n" + kPair);
    ASSERT_EQ(one.docs[0].subnets.size(), 1u);
}

TEST(TomlReader, NumbersAreWrittenAsKeepalivedReadsThem) {
    Read r(R"(name = "web"
router_id = 0x10
advert_int = 1.0
priority = +100
[[node]]
name = "a"
address = "10.0.0.1"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(r.find(0, "virtual_router_id")->args[0].text, "16");
    EXPECT_EQ(r.find(0, "advert_int")->args[0].text, "1.0");
    EXPECT_EQ(r.find(0, "priority")->args[0].text, "100");
}

TEST(TomlReader, OutOfRangeIntegersReachTheRangeChecksAsWritten) {
    Read r("name = \"w\"\nrouter_id = 99999999999999999999\n[[node]]\nname = \"a\"\naddress = \"10.0.0.1\"\n");
    if (r.docs.empty()) {
        // toml11 may refuse the literal itself: then it is a syntax error, still located.
        ASSERT_EQ(r.codes(), "HV001");
        return;
    }
    EXPECT_EQ(r.find(0, "virtual_router_id")->args[0].text, "99999999999999999999");
}

TEST(TomlReader, MalformedSuppressionCommentsAreSyntaxErrorsAndProseIsNot) {
    const std::string nodes = "[[node]]\nname = \"a\"\naddress = \"10.0.0.1\"\n";
    for (const char* bad : {"# havip-lint: disable HV211\n", "# havip-lint: disable=\n", "# havip-lint: off\n",
                            "  #havip-lint: disable=HV2_11 -- reason\n", "# havip-lint: disable=-garp -- reason\n",
                            "# havip-lint: disable=garp- -- reason\n"}) {
        Read r(std::string("name = \"web\"\n") + bad + "router_id = 7\n" + nodes);
        ASSERT_EQ(r.codes(), "HV001") << bad << r.messages();
        EXPECT_EQ(r.diags.items[0].message, "malformed `havip-lint:` comment");
        EXPECT_EQ(r.where(0).line, 2u);
    }
    Read prose("# linted by havip-lint in CI\nname = \"web\"\nrouter_id = 7\n" + nodes);
    EXPECT_EQ(prose.diags.items.size(), 0u) << prose.messages();
}

TEST(TomlReader, SuppressionCommentsAttachToTheNextKey) {
    Read r(R"(name = "web"
# havip-lint: disable=standing-mode -- the standing example on purpose
mode = "standing"
router_id = 7
[[node]]
name = "a"
address = "10.0.0.1"
# havip-lint: disable=HV111,HV112 -- legacy password
[auth]
type = "PASS"
pass = "longpassword"
)");
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    const auto* st = r.find(0, "state");
    ASSERT_EQ(st->directives.size(), 1u);
    EXPECT_EQ(st->directives[0].codes, std::vector<std::string>{"standing-mode"});  // a slug
    EXPECT_EQ(st->directives[0].reason, "the standing example on purpose");
    EXPECT_EQ(r.sm.begin_of(st->directives[0].span).line, 2u);
    const auto* auth = r.find(0, "authentication");
    ASSERT_EQ(auth->directives.size(), 1u);
    EXPECT_EQ(auth->directives[0].codes, (std::vector<std::string>{"HV111", "HV112"}));
    // Only the outermost statement on that line takes it.
    EXPECT_TRUE(r.find(0, "auth_type")->directives.empty());
}

TEST(TomlReader, VrrpInstanceSpansTheNodeTable) {
    Read r(kPair);
    const auto* inst = r.find(1, "vrrp_instance");
    EXPECT_EQ(r.text(inst->keyword_span), "[[node]]");
    EXPECT_EQ(r.text(inst->span), "[[node]]\nname = \"b\"\naddress = \"10.0.0.2\"");
    EXPECT_EQ(r.text(inst->args[0].span), "\"web\"");
}

TEST(TomlReader, ReadsFilesAndReportsUnreadableOnes) {
    havip::source::SourceMap sm;
    havip::diag::DiagList diags;
    auto docs = havip::syntax::toml::read_cluster(
        sm, std::string(HAVIP_SOURCE_DIR) + "/examples/guide-standing/havip.toml", diags);
    EXPECT_EQ(docs.size(), 2u);
    EXPECT_EQ(diags.items.size(), 0u);
    auto none = havip::syntax::toml::read_cluster(sm, "/nonexistent/havip.toml", diags);
    EXPECT_TRUE(none.empty());
    ASSERT_EQ(diags.items.size(), 1u);
    EXPECT_EQ(diags.items[0].code, "HV002");
    EXPECT_NE(diags.items[0].message.find("/nonexistent/havip.toml"), std::string::npos);
    // Devices and FIFOs are not read (a FIFO would block, /dev/zero never ends).
    havip::diag::DiagList dev;
    EXPECT_TRUE(havip::syntax::toml::read_cluster(sm, "/dev/zero", dev).empty());
    ASSERT_EQ(dev.items.size(), 1u);
    EXPECT_EQ(dev.items[0].message, "cannot read `/dev/zero`: not a regular file (a character device)");
    havip::diag::DiagList dir;
    EXPECT_TRUE(havip::syntax::toml::read_cluster(sm, HAVIP_SOURCE_DIR, dir).empty());
    EXPECT_EQ(dir.count_code("HV002"), 1u);
}

TEST(TomlReader, RoutesAndRulesBecomeTheirListBlocks) {
    Read r(
        "routes = [\"10.8.0.0/16 via 10.0.0.254 dev eth0 table 100\", \"blackhole 10.9.0.0/16\"]\n"
        "rules = [\"from 10.0.0.100/32 table 100 preference 100\"]\n" +
        kPair);
    ASSERT_EQ(r.diags.items.size(), 0u) << r.messages();
    EXPECT_EQ(instance_text(r, 0),
              "virtual_router_id 7\nunicast_src_ip 10.0.0.1\nunicast_peer {\n  10.0.0.2\n}\n"
              "virtual_routes {\n  10.8.0.0/16 via 10.0.0.254 dev eth0 table 100\n  blackhole 10.9.0.0/16\n}\n"
              "virtual_rules {\n  from 10.0.0.100/32 table 100 preference 100\n}\n");
    Read bad("routes = [\"\", 7]\n" + kPair);
    EXPECT_EQ(bad.diags.items.size(), 2u) << bad.messages();
}
