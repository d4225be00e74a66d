// SPDX-License-Identifier: MIT
// Lowering: catalogue-driven checks (HV003 with "did you mean", HV004 for arity,
// type and range, HV001 for block shape), values and their spans, what an
// instance inherits from global_defs, and script strings split like keepalived.
#include <gtest/gtest.h>

#include "diag/diagnostic.hpp"
#include "model/lower.hpp"
#include "syntax/keepalived/parser.hpp"

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
    EXPECT_EQ(i.notify_master.user, "root");
    EXPECT_EQ(i.notify_master.group, "wheel");
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
    EXPECT_EQ(l->found(), (std::vector<std::string>{"2:23 HV004", "3:14 HV004", "4:15 HV004", "5:16 HV004",
                                                    "7:9 HV004", "8:26 HV004", "11:23 HV004", "14:20 HV004",
                                                    "16:11 HV004"}));
    for (const auto& d : l->diags.items) EXPECT_EQ(d.severity, diag::Severity::Error) << d.message;
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
    for (const auto& k : l->node.keywords) vs = vs || (k.block.empty() && k.keyword == "virtual_server");
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
    auto l = lower_text("vrrp_instance A {\n    # havip-lint: disable=HV201 -- multicast by ticket\n    priority 10\n}\n");
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
    for (const auto& k : l->node.keywords) seen = seen || (k.block == "(syntax)" && k.keyword == "$NAME=");
    EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace havip::model
