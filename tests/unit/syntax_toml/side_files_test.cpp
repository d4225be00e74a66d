// SPDX-License-Identifier: MIT
// The VPC inventory and the lint policy file.
#include <gtest/gtest.h>

#include "syntax/toml/inventory.hpp"
#include "syntax/toml/policy.hpp"
#include "toml_test_util.hpp"

using namespace havip;
namespace st = havip::syntax::toml;

namespace {

struct Inv {
    source::SourceMap sm;
    diag::DiagList diags;
    std::optional<st::Inventory> inv;
    explicit Inv(std::string text) { inv = st::read_inventory_text(sm, "vpc.toml", std::move(text), diags); }
    std::string codes() const {
        std::string s;
        for (const auto& d : diags.items) s += (s.empty() ? "" : " ") + d.code;
        return s;
    }
    std::string text(source::Span s) const { return std::string(sm.text(s)); }
};

struct Pol {
    source::SourceMap sm;
    diag::DiagList diags;
    std::optional<st::Policy> pol;
    explicit Pol(std::string text) { pol = st::read_policy_text(sm, ".havip-lint.toml", std::move(text), diags); }
    std::string codes() const {
        std::string s;
        for (const auto& d : diags.items) s += (s.empty() ? "" : " ") + d.code;
        return s;
    }
    std::string text(source::Span s) const { return std::string(sm.text(s)); }
};

}  // namespace

TEST(Inventory, TheDocumentedShape) {
    Inv r(R"([[vpc]]
name = "prod"
subnets = ["10.0.0.0/24", "10.0.1.0/24"]
multicast = false
havip_per_eni = 4

[[vpc]]
name = "lab"
subnets = ["192.168.0.0/16"]
multicast = true

[[node]]
name = "db-a"
keepalived = "2.2.7"
default_route_interface = "eth0"
interfaces = { eth0 = ["10.0.0.11/24"], eth1 = ["10.0.1.11/24", "10.0.1.12/24"] }

[[node]]
name = "lab-1"
vpc = "lab"
interfaces = { eth0 = "192.168.1.5/16" }
)");
    ASSERT_TRUE(r.inv);
    EXPECT_EQ(r.diags.items.size(), 0u) << r.codes();
    const auto& inv = *r.inv;
    ASSERT_EQ(inv.vpcs.size(), 2u);
    EXPECT_EQ(inv.vpcs[0].name.text, "prod");
    ASSERT_EQ(inv.vpcs[0].subnets.size(), 2u);
    EXPECT_EQ(inv.vpcs[0].subnets[1].text, "10.0.1.0/24");
    EXPECT_EQ(r.text(inv.vpcs[0].subnets[1].span), "\"10.0.1.0/24\"");
    EXPECT_FALSE(inv.vpcs[0].multicast);
    EXPECT_EQ(inv.vpcs[0].havip_per_eni, 4);
    EXPECT_TRUE(inv.vpcs[1].multicast);
    EXPECT_EQ(r.text(inv.vpcs[1].multicast_span), "multicast = true");
    EXPECT_FALSE(inv.vpcs[1].havip_per_eni);
    ASSERT_EQ(inv.nodes.size(), 2u);
    const auto& a = inv.nodes[0];
    EXPECT_EQ(a.name.text, "db-a");
    EXPECT_EQ(a.keepalived.text, "2.2.7");
    EXPECT_EQ(a.default_route_interface.text, "eth0");
    ASSERT_EQ(a.interfaces.size(), 2u);
    EXPECT_EQ(a.interfaces[0].name.text, "eth0");
    EXPECT_EQ(r.text(a.interfaces[0].name.span), "eth0");
    ASSERT_EQ(a.interfaces[1].addresses.size(), 2u);
    EXPECT_EQ(a.interfaces[1].addresses[1].text, "10.0.1.12/24");
    EXPECT_EQ(inv.nodes[1].vpc.text, "lab");
    ASSERT_EQ(inv.nodes[1].interfaces.size(), 1u);
    EXPECT_EQ(inv.nodes[1].interfaces[0].addresses[0].text, "192.168.1.5/16");
    EXPECT_EQ(r.sm.begin_of(a.span).line, 12u);
}

TEST(Inventory, EmptyIsFine) {
    Inv r("");
    ASSERT_TRUE(r.inv);
    EXPECT_TRUE(r.inv->vpcs.empty());
    EXPECT_EQ(r.diags.items.size(), 0u);
}

TEST(Inventory, BadValuesAreReportedAndLeftOut) {
    Inv r(R"([[vpc]]
name = "prod"
subnets = ["10.0.0.0/24", "10.0.0.0", "nonsense/8"]
multicast = "yes"
[[vpc]]
name = "prod"
subnets = ["10.9.0.0/16"]
[[node]]
name = "db-a"
vpc = "prd"
keepalived = "two"
default_route_interface = "eht0"
interfaces = { eth0 = ["10.0.0.11/24", "10.0.0.999/24"] }
[[node]]
name = "db-a"
)");
    ASSERT_TRUE(r.inv);
    EXPECT_EQ(r.codes(), "HV004 HV004 HV004 HV004 HV004 HV004 HV004 HV004 HV004");
    ASSERT_EQ(r.inv->vpcs.size(), 1u);
    EXPECT_EQ(r.inv->vpcs[0].subnets.size(), 1u);
    ASSERT_EQ(r.inv->nodes.size(), 1u);
    const auto& n = r.inv->nodes[0];
    EXPECT_TRUE(n.vpc.empty());
    EXPECT_TRUE(n.keepalived.empty());
    EXPECT_TRUE(n.default_route_interface.empty());
    EXPECT_EQ(n.interfaces[0].addresses.size(), 1u);
    bool vpc_hint = false, eni_hint = false;
    for (const auto& d : r.diags.items) {
        if (d.help == "did you mean `prod`?") vpc_hint = true;
        if (d.help == "did you mean `eth0`?") eni_hint = true;
    }
    EXPECT_TRUE(vpc_hint);
    EXPECT_TRUE(eni_hint);
}

TEST(Inventory, UnknownKeysAndSyntaxErrors) {
    Inv r("[[vpc]]\nname = \"p\"\nsubnet = [\"10.0.0.0/24\"]\n");
    ASSERT_TRUE(r.inv);
    EXPECT_EQ(r.codes(), "HV003 HV004");
    EXPECT_EQ(r.diags.items[0].help, "did you mean `subnets`?");
    Inv bad("[[vpc]\nname = 1\n");
    EXPECT_FALSE(bad.inv);
    EXPECT_EQ(bad.codes(), "HV001");
}

TEST(Inventory, ManyNodesReadInLinearTime) {
    std::string text = "[[vpc]]\nname = \"prod\"\nsubnets = [\"10.0.0.0/8\"]\n";
    for (int i = 0; i < 5000; ++i)
        text += "[[node]]\nname = \"n" + std::to_string(i) +
                "\"\nkeepalived = \"2.2.7\"\ninterfaces = { eth0 = [\"10." + std::to_string(i / 250) + "." +
                std::to_string(i % 250) + ".1/24\"] }\n";
    Inv r(text);
    ASSERT_TRUE(r.inv);
    EXPECT_EQ(r.inv->nodes.size(), 5000u);
    EXPECT_EQ(r.diags.items.size(), 0u);
}

TEST(Inventory, TheExampleInventoryReads) {
    source::SourceMap sm;
    diag::DiagList diags;
    auto inv = st::read_inventory(sm, std::string(HAVIP_SOURCE_DIR) + "/examples/multi-cluster-vpc/vpc.toml", diags);
    ASSERT_TRUE(inv);
    EXPECT_EQ(diags.items.size(), 0u);
    EXPECT_GE(inv->nodes.size(), 6u);
}

TEST(Policy, AllKeys) {
    Pol r(R"(ignore = ["HV203"]
severity = { HV211 = "off", HV205 = "error" }
failure_threshold = "warning"
target_keepalived = "2.2.7"
subnets = ["172.16.0.0/24"]
werror = true
inventory = "vpc.toml"
)");
    ASSERT_TRUE(r.pol);
    EXPECT_EQ(r.diags.items.size(), 0u) << r.codes();
    const auto& p = *r.pol;
    ASSERT_EQ(p.ignore.size(), 1u);
    EXPECT_EQ(p.ignore[0].text, "HV203");
    EXPECT_EQ(r.text(p.ignore[0].span), "\"HV203\"");
    ASSERT_EQ(p.severity.size(), 2u);
    EXPECT_EQ(p.severity[0].code.text, "HV211");
    EXPECT_EQ(p.severity[0].level.text, "off");
    EXPECT_EQ(r.text(p.severity[0].code.span), "HV211");
    EXPECT_EQ(p.severity[1].code.text, "HV205");
    EXPECT_EQ(p.failure_threshold.text, "warning");
    EXPECT_EQ(p.target_keepalived.text, "2.2.7");
    ASSERT_EQ(p.subnets.size(), 1u);
    EXPECT_EQ(p.werror, true);
    EXPECT_EQ(p.inventory.text, "vpc.toml");
}

TEST(Policy, BadEntriesAreReportedAndLeftOut) {
    Pol r(R"(ignore = ["HV203", "203", 5]
severity = { HV211 = "of", XX1 = "off" }
failure_threshold = "warn"
target_keepalived = "latest"
subnets = ["10.0.0.0"]
ignroe = []
)");
    ASSERT_TRUE(r.pol);
    EXPECT_EQ(r.codes(), "HV003 HV004 HV004 HV004 HV004 HV004 HV004 HV004");
    EXPECT_EQ(r.diags.items[0].help, "did you mean `ignore`?");
    EXPECT_EQ(r.pol->ignore.size(), 1u);
    EXPECT_TRUE(r.pol->severity.empty());
    EXPECT_TRUE(r.pol->failure_threshold.empty());
    EXPECT_TRUE(r.pol->target_keepalived.empty());
    EXPECT_TRUE(r.pol->subnets.empty());
}

TEST(Policy, SyntaxAndIoErrors) {
    Pol r("ignore = [\"HV203\"\n");
    EXPECT_FALSE(r.pol);
    EXPECT_EQ(r.codes(), "HV001");
    source::SourceMap sm;
    diag::DiagList diags;
    EXPECT_FALSE(st::read_policy(sm, "/nonexistent/.havip-lint.toml", diags));
    ASSERT_EQ(diags.items.size(), 1u);
    EXPECT_EQ(diags.items[0].code, "HV002");
}
