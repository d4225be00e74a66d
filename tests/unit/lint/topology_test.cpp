// SPDX-License-Identifier: MIT
// Clusters and VPCs (lint-rules.md, "Cluster and VPC") as the cross-file rules
// see them, and what the runner does around the rules: suppressions, policy,
// order and the one-finding-per-shared-statement rule.
#include <gtest/gtest.h>

#include "harness.hpp"
#include "lint/cluster.hpp"

namespace havip::lint::test {
namespace {

using diag::Severity;

Topology topology_of(const Result& r) { return build_topology(r.fleet, r.inventory, {}); }

std::string peer(const std::string& n, std::string_view src, std::string_view to, std::string_view old_src,
                 std::string_view old_to) {
    auto t = with(n, "unicast_src_ip " + std::string(old_src), "unicast_src_ip " + std::string(src));
    return with(t, "        " + std::string(old_to) + "\n", "        " + std::string(to) + "\n");
}

TEST(Topology, PeeringFormsOneClusterPerPair) {
    Inputs s;
    s.files = {{"a.conf", kGuideA},
               {"b.conf", kGuideB},
               {"c.conf", with(peer(kGuideA, "172.16.0.26", "172.16.0.24", "172.16.0.16", "172.16.0.14"),
                               "172.16.0.135", "172.16.0.136")},
               {"d.conf", with(peer(kGuideB, "172.16.0.24", "172.16.0.26", "172.16.0.14", "172.16.0.16"),
                               "172.16.0.135", "172.16.0.136")}};
    auto r = run(s);
    auto t = topology_of(*r);
    ASSERT_EQ(t.clusters.size(), 2u);
    EXPECT_EQ(t.clusters[0].members.size(), 2u);
    EXPECT_EQ(t.cluster_index({0, 0}), t.cluster_index({1, 0}));
    EXPECT_EQ(t.cluster_index({2, 0}), t.cluster_index({3, 0}));
    EXPECT_NE(t.cluster_index({0, 0}), t.cluster_index({2, 0}));
    ASSERT_TRUE(t.clusters[0].subnet);
    EXPECT_EQ(t.clusters[0].subnet->str(), "172.16.0.0/24");
    EXPECT_EQ(t.clusters[0].subnet_source, SubnetSource::VipPrefix);
    EXPECT_EQ(cluster_name(r->fleet, t.clusters[0]), "VI_1 (a, b)");
}

TEST(Topology, ASharedVipLinksMulticastNodes) {
    auto strip = [](std::string n, std::string_view src, std::string_view peer_addr) {
        n = with(n, "    unicast_src_ip " + std::string(src) + "\n", "");
        return with(n, "    unicast_peer {\n        " + std::string(peer_addr) + "\n    }\n", "");
    };
    Inputs s;
    s.files = {{"a.conf", strip(kGuideA, "172.16.0.16", "172.16.0.14")},
               {"b.conf", strip(kGuideB, "172.16.0.14", "172.16.0.16")}};
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    auto t = topology_of(*r);
    ASSERT_EQ(t.clusters.size(), 1u);
    EXPECT_EQ(t.clusters[0].members.size(), 2u);
}

TEST(Topology, PeeringThatDisagreesOnTheRouterIdIsStillOneCluster) {
    Inputs s;
    s.files = {{"a.conf", kGuideA}, {"b.conf", with(kGuideB, "virtual_router_id 51", "virtual_router_id 61")}};
    auto r = run(s);
    EXPECT_EQ(topology_of(*r).clusters.size(), 1u);
    EXPECT_EQ(r->with("HV102").size(), 1u) << r->dump();
    EXPECT_TRUE(quiet(*r, "HV101")) << "a mismatch inside a cluster is not a collision between clusters";
}

TEST(Topology, InventoryPlacesNodesInVpcsBySubnetOrName) {
    Inputs s;
    auto other = [](const std::string& n) {
        auto t = n;
        for (int k = 0; k < 3; ++k) t = with(t, "172.16.0.", "10.9.0.");
        return t;
    };
    s.files = {{"a.conf", kGuideA}, {"b.conf", kGuideB}, {"x.conf", other(kGuideA)}, {"y.conf", other(kGuideB)}};
    s.inventory = R"([[vpc]]
name = "prod"
subnets = ["172.16.0.0/24"]

[[vpc]]
name = "lab"
subnets = ["192.168.0.0/24"]
multicast = true

[[node]]
name = "x"
vpc = "lab"
)";
    auto r = run(s);
    ASSERT_TRUE(valid_input(*r));
    auto t = build_topology(r->fleet, r->inventory, {});
    EXPECT_EQ(t.node_vpc[0], 0u);
    EXPECT_EQ(t.node_vpc[1], 0u);
    EXPECT_EQ(t.node_vpc[2], 1u) << "x: named VPC";
    EXPECT_EQ(t.node_vpc[3], 2u) << "y: in no VPC of the inventory";
    ASSERT_EQ(t.vpcs.size(), 3u);
    EXPECT_TRUE(t.vpcs[1].multicast);
    EXPECT_FALSE(t.vpcs[2].from_inventory);
}

TEST(Topology, SubnetIndexFindsTheLongestPrefix) {
    SubnetIndex idx;
    idx.add(*model::Cidr::parse("10.0.0.0/8"), 1);
    idx.add(*model::Cidr::parse("10.1.0.0/16"), 2);
    idx.add(*model::Cidr::parse("fd00::/64"), 3);
    EXPECT_EQ(idx.find(*model::IpAddr::parse("10.1.2.3")), 2u);
    EXPECT_EQ(idx.find(*model::IpAddr::parse("10.2.2.3")), 1u);
    EXPECT_EQ(idx.find(*model::IpAddr::parse("fd00::1")), 3u);
    EXPECT_FALSE(idx.find(*model::IpAddr::parse("192.168.1.1")));
}

// ---- the runner around the rules ------------------------------------------------------

TEST(Runner, FindingsAreSortedByFileAndPosition) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "    garp_master_refresh 5\n", "")},
               {"b.conf", with(with(kGuideB, "advert_int 1", "advert_int 2"), "state BACKUP", "state backup")}};
    auto r = run(s);
    ASSERT_GE(r->found.size(), 3u) << r->dump();
    for (std::size_t k = 1; k < r->found.size(); ++k) {
        auto a = r->found[k - 1].primary_span(), b = r->found[k].primary_span();
        EXPECT_TRUE(a.file < b.file || (a.file == b.file && a.begin <= b.begin)) << r->dump();
    }
}

TEST(Runner, PolicyChangesSeverityAndTurnsCodesOff) {
    Inputs s;
    s.files = {{"a.conf", with(kGuideA, "state BACKUP", "state backup")}};
    s.policy.severity["HV110"] = Severity::Warning;
    auto r = run(s);
    EXPECT_TRUE(fires(*r, "HV110", Severity::Warning, "a.conf:5:5"));
    s.policy.severity.clear();
    s.policy.severity["enum-case"] = Severity::Off;
    EXPECT_TRUE(quiet(*run(s), "HV110"));
}

TEST(Runner, SuppressionCoversTheWholeBlockItPrecedes) {
    auto n = with(with(kGuideA, "state BACKUP", "state backup"), "vrrp_instance VI_1 {\n",
                  "# havip-lint: disable=HV110 -- reviewed\nvrrp_instance VI_1 {\n");
    auto r = run_one("a.conf", n);
    EXPECT_TRUE(quiet(*r, "HV110"));
    EXPECT_TRUE(quiet(*r, "HV901"));
    // A suppression on one statement does not reach its neighbours.
    n = with(with(kGuideA, "state BACKUP", "state backup"), "    interface eth0\n",
             "    # havip-lint: disable=HV110 -- reviewed\n    interface eth0\n");
    r = run_one("a.conf", n);
    EXPECT_TRUE(fires(*r, "HV110", Severity::Error, "a.conf:5:5"));
    EXPECT_TRUE(fires(*r, "HV901", Severity::Warning, "a.conf:6:5"));
}

TEST(Runner, SharedHavipTomlStatementsAreReportedOnce) {
    auto r = run_one("db.toml", R"(name = "db"
mode = "non-standing"
router_id = 51
subnet = "172.16.0.0/24"
interface = "eth0"
priority = 50
vips = ["172.16.0.135/24", "172.16.0.136/24"]

[[node]]
name = "db-a"
address = "172.16.0.16"

[[node]]
name = "db-b"
address = "172.16.0.14"
)");
    ASSERT_TRUE(valid_input(*r));
    EXPECT_EQ(r->with("HV203").size(), 1u) << r->dump();
    EXPECT_EQ(r->with("HV204").size(), 1u) << r->dump();
}

TEST(Runner, EmptyFleetHasNoFindings) {
    Inputs s;
    EXPECT_TRUE(run(s)->found.empty());
    EXPECT_TRUE(run_one("a.conf", "! nothing here\n")->found.empty());
}

}  // namespace
}  // namespace havip::lint::test
