// SPDX-License-Identifier: MIT
// Property over thousands of random seeds: while the network is whole (no loss,
// no partition, every link up), two masters never coexist for longer than one
// Master_Down_Interval, whatever kills, stops, restarts and track changes do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "sim_helpers.hpp"
#include "vrrp/timing.hpp"

using namespace simtest;

namespace {

struct Lcg {
    std::uint64_t s;
    std::uint64_t next() {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return s >> 33;
    }
    int in(int lo, int hi) { return lo + int(next() % std::uint64_t(hi - lo + 1)); }
};

}  // namespace

TEST(Property, NoLongSplitBrainWhileTheNetworkIsWhole) {
    const int kSeeds = 5000;
    usec worst = 0;
    for (int seed = 1; seed <= kSeeds; ++seed) {
        Lcg g{std::uint64_t(seed) * 0x9e3779b97f4a7c15ULL};
        const int n = g.in(2, 3);
        const bool v3 = g.in(0, 1);
        const usec advert = v3 ? usec(g.in(5, 200)) * 10'000 : usec(g.in(1, 3)) * kSec;
        const bool nopreempt = g.in(0, 3) == 0;
        havip::sim::Setup s;
        havip::sim::BuiltinCluster b;
        b.version = v3 ? 3 : 2;
        b.advert = advert;
        b.multicast = g.in(0, 1);
        for (int i = 0; i < n; ++i) {
            std::string spec = std::string(1, char('a' + i)) + ":prio=" + std::to_string(g.in(1, 254));
            if (nopreempt) spec += ",nopreempt";
            if (g.in(0, 3) == 0) spec += ",preempt_delay=" + std::to_string(g.in(1, 5)) + "s";
            if (g.in(0, 2) == 0) spec += ",track=chk:" + std::to_string(g.in(-100, 100));
            b.nodes.push_back(spec);
        }
        ASSERT_EQ(havip::sim::build_cluster(b, s.nodes), "");
        s.seed = std::uint64_t(seed);
        s.net.delay = advert / usec(g.in(10, 100));
        s.net.jitter = s.net.delay / 2;
        s.net.duplicate = g.in(0, 1) ? 0.05 : 0;
        s.net.reorder = g.in(0, 1) ? 0.05 : 0;
        s.duration = 40 * advert + 10 * kSec;
        const int events = g.in(0, 6);
        static const char* kinds[] = {"kill", "stop", "start", "track-down", "track-up"};
        for (int e = 0; e < events; ++e) {
            havip::sim::EventSpec spec;
            const std::string text = std::string(kinds[g.in(0, 4)]) + ":" + char('a' + g.in(0, n - 1)) + "@" +
                                     std::to_string(g.in(0, int(s.duration / 1000))) + "ms";
            ASSERT_EQ(havip::sim::parse_event(text, spec), "");
            s.events.push_back(spec);
        }
        ASSERT_EQ(havip::sim::validate(s), "") << seed;
        s.record_transitions = false;
        const auto r = havip::sim::run(s);
        // The bound: one Master_Down_Interval of the lowest priority in the
        // cluster (the longest any node waits), the same interval for all.
        int lowest = 255;
        for (const auto& node : s.nodes) lowest = std::min<int>(lowest, node.instances[0].priority);
        const usec bound = havip::vrrp::master_down_interval(b.version, lowest, advert);
        EXPECT_LE(r.split_brain_max_whole, bound) << "seed " << seed;
        worst = std::max(worst, r.split_brain_max_whole * 1000 / bound);
    }
    // Typical episodes last one network delay; print the worst ratio for the report.
    std::printf("worst split-brain episode: %.1f%% of Master_Down_Interval over %d seeds\n", double(worst) / 10.0,
                kSeeds);
}

TEST(Property, SameSeedSameRun) {
    auto s = make({"a:prio=100", "b:prio=100", "c:prio=90"},
                  {{"loss", "0.2"}, {"jitter", "30"}, {"duplicate", "0.1"}, {"reorder", "0.1"}, {"seed", "42"}},
                  {"kill:b@20s", "start:b@40s", "partition:a|b,c@60s", "heal@80s"}, 120 * kSec);
    const auto r1 = havip::sim::run(s);
    const auto r2 = havip::sim::run(s);
    EXPECT_EQ(havip::sim::to_json(s, r1), havip::sim::to_json(s, r2));
    s.seed = 43;
    const auto r3 = havip::sim::run(s);
    EXPECT_NE(havip::sim::to_json(s, r1), havip::sim::to_json(s, r3));
}
