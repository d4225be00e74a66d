// SPDX-License-Identifier: MIT
// Plans into the simulator (the path `havip-sim --plan` takes), and the
// havip-sim command itself when it is built: JSON, scenario files, exit codes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "../vrrp/plan_builder.hpp"
#include "sim/plan_nodes.hpp"
#include "sim_helpers.hpp"
#include "vrrp/timing.hpp"

using namespace simtest;

namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
    fs::path d = fs::path(HAVIP_BINARY_DIR) / "tests" / "sim_tmp";
    fs::create_directories(d);
    return d;
}

// The guide's standing pair as two plans: a MASTER 50, b BACKUP 30, unicast.
void write_pair(const fs::path& dir) {
    for (int i = 0; i < 2; ++i) {
        plantest::Builder b;
        b.node_name = i == 0 ? "a" : "b";
        plantest::Instance in;
        in.name = "VI_1";
        in.vrid = 51;
        in.priority = i == 0 ? 50 : 30;
        in.mode = std::uint8_t((i == 0 ? havip::plan::kModeMaster : 0) | (1 << havip::plan::kModeAuthShift));
        in.auth_pass = "1111";
        in.src = plantest::v4(192, 0, 2, std::uint8_t(i + 1));
        in.peers = {plantest::v4(192, 0, 2, std::uint8_t(2 - i))};
        in.vips = {{plantest::v4(192, 0, 2, 100), false}};
        b.instances = {in};
        const auto bytes = b.build();
        std::ofstream(dir / (b.node_name + ".hvp"), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    }
}

std::string run_cmd(const std::string& cmd, int& rc) {
    std::string out;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (!p) {
        rc = -1;
        return out;
    }
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    rc = pclose(p);
    rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

fs::path sim_binary() { return fs::path(HAVIP_BINARY_DIR) / "runtime" / "havip-sim"; }

}  // namespace

TEST(Plans, GuidePairFromPlansFailsOverAndReturns) {
    const auto dir = temp_dir();
    write_pair(dir);
    havip::sim::Setup s;
    for (const char* n : {"a", "b"}) {
        auto node = havip::sim::node_from_plan_file((dir / (std::string(n) + ".hvp")).string(), s.nodes.size());
        ASSERT_TRUE(node) << node.message();
        s.nodes.push_back(*node);
    }
    EXPECT_EQ(s.nodes[0].name, "a");
    EXPECT_EQ(s.nodes[0].instances[0].auth_type, havip::vrrp::AuthType::Pass);
    for (const char* e : {"kill:a@10s", "start:a@20s"}) {
        havip::sim::EventSpec ev;
        ASSERT_EQ(havip::sim::parse_event(e, ev), "");
        s.events.push_back(ev);
    }
    s.duration = 40 * kSec;
    ASSERT_EQ(havip::sim::validate(s), "");
    const auto r = havip::sim::run(s);
    EXPECT_EQ(r.accepted, r.delivered);  // PASS auth and VIP lists agree
    EXPECT_EQ(r.failures[0].taken_over, 1u);
    EXPECT_EQ(masters(s, r), std::vector<std::string>{"a"});
}

TEST(Plans, CorruptPlanIsRefusedWithTheLoadersMessage) {
    const auto dir = temp_dir();
    write_pair(dir);
    std::fstream f(dir / "a.hvp", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('\x7f');
    f.close();
    const auto node = havip::sim::node_from_plan_file((dir / "a.hvp").string(), 0);
    ASSERT_FALSE(node);
    EXPECT_NE(node.message().find("checksum"), std::string::npos) << node.message();
}

TEST(Cli, PlansJsonAndScenarioFile) {
    if (!fs::exists(sim_binary())) GTEST_SKIP() << "havip-sim not built";
    const auto dir = temp_dir();
    write_pair(dir);
    int rc = 0;
    const std::string sim = sim_binary().string();
    std::string out = run_cmd(sim + " --plan " + (dir / "a.hvp").string() + " --plan " + (dir / "b.hvp").string() +
                                  " --duration 30s --delay 1 --event kill:a@10s --json",
                              rc);
    EXPECT_EQ(rc, 0) << out;
    EXPECT_NE(out.find("\"transitions\""), std::string::npos);
    EXPECT_NE(out.find("\"event\": \"kill:a@10s\""), std::string::npos);
    // b (priority 30) heard a's last advert at 9.610375 s: 3 + 226/256 s later.
    const havip::vrrp::usec expect = havip::vrrp::master_down_interval(2, 50, kSec) + 6 * kSec + 1000 +
                                     havip::vrrp::master_down_interval(2, 30, kSec) - 10 * kSec;
    char want[64];
    std::snprintf(want, sizeof want, "\"takeover_s\": %.6f", double(expect) / 1e6);
    EXPECT_NE(out.find(want), std::string::npos) << want << "\n" << out;
    EXPECT_NE(out.find("\"masters\": [\"b\"]"), std::string::npos);

    std::ofstream(dir / "flap.scn") << "# a scenario file\nnode a:prio=100\nnode b:prio=90\nduration 40s\n"
                                       "loss 0\nstop:a@10s\nstart:a@20s\n";
    out = run_cmd(sim + " --scenario " + (dir / "flap.scn").string() + " --json", rc);
    EXPECT_EQ(rc, 0) << out;
    EXPECT_NE(out.find("\"kind\": \"stop\""), std::string::npos);
    EXPECT_NE(out.find("\"masters\": [\"a\"]"), std::string::npos);

    out = run_cmd(sim + " --node a --event explode:a@1s", rc);
    EXPECT_EQ(rc, 2);
    EXPECT_NE(out.find("unknown event"), std::string::npos);
    out = run_cmd(sim + " --plan /nonexistent.hvp", rc);
    EXPECT_EQ(rc, 2);
    out = run_cmd(sim + " --help", rc);
    EXPECT_EQ(rc, 0);
    EXPECT_NE(out.find("--node NAME"), std::string::npos);
}

TEST(Parse, DurationsAndEvents) {
    using havip::sim::parse_duration;
    EXPECT_EQ(parse_duration("10s"), 10 * kSec);
    EXPECT_EQ(parse_duration("250ms"), 250'000);
    EXPECT_EQ(parse_duration("1.5s"), 1'500'000);
    EXPECT_EQ(parse_duration("100us"), 100);
    EXPECT_EQ(parse_duration("2m"), 120 * kSec);
    EXPECT_EQ(parse_duration("1h"), 3600 * kSec);
    EXPECT_EQ(parse_duration("5", 1000), 5000);
    EXPECT_FALSE(parse_duration("ten"));
    EXPECT_FALSE(parse_duration("-1s"));
    havip::sim::EventSpec e;
    EXPECT_EQ(havip::sim::parse_event("partition:a,c|b@10s", e), "");
    ASSERT_EQ(e.groups.size(), 2u);
    EXPECT_EQ(e.groups[0], (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(havip::sim::parse_event("heal@20s", e), "");
    EXPECT_EQ(e.kind, havip::sim::EventKind::Heal);
    EXPECT_EQ(havip::sim::parse_event("track-down:a:chk@1s", e), "");
    EXPECT_EQ(e.track, "chk");
    EXPECT_NE(havip::sim::parse_event("kill:a", e), "");
    EXPECT_NE(havip::sim::parse_event("kill@1s", e), "");
    EXPECT_NE(havip::sim::parse_event("partition:a@1s", e), "");
    EXPECT_NE(havip::sim::parse_event("kill:a:x@1s", e), "");
    havip::sim::Setup s;
    havip::sim::BuiltinCluster b;
    EXPECT_NE(havip::sim::parse_scenario("loss 2\n", s, b), "");
    EXPECT_NE(havip::sim::parse_scenario("bogus 1\n", s, b).find("line 1"), std::string::npos);
    b.nodes = {"a:prio=300"};
    std::vector<havip::sim::NodeSpec> nodes;
    EXPECT_NE(havip::sim::build_cluster(b, nodes), "");
    s.nodes = {};
    EXPECT_NE(havip::sim::validate(s), "");
}
