// SPDX-License-Identifier: MIT
// Simulator throughput: clusters × virtual time at 1 s adverts. The issue's
// figure (10,000 clusters × 1 h in < 60 s) is scripts/bench/sim.sh; this
// measures the same loop at a size Google Benchmark can repeat.
#include <benchmark/benchmark.h>

#include "sim/scenario.hpp"
#include "sim/sim.hpp"

namespace {

void BM_SimClusters(benchmark::State& st) {
    havip::sim::Setup s;
    havip::sim::BuiltinCluster b;
    b.nodes = {"a:prio=100", "b:prio=90"};
    if (!havip::sim::build_cluster(b, s.nodes).empty()) st.SkipWithError("bad cluster");
    s.clusters = std::uint32_t(st.range(0));
    s.duration = st.range(1) * 1'000'000LL;
    s.record_transitions = false;
    std::uint64_t events = 0;
    for (auto _ : st) {
        const auto r = havip::sim::run(s);
        events += r.events_processed;
        if (r.groups_one_master != s.clusters) st.SkipWithError("a cluster did not end with one master");
    }
    st.counters["events/s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
    st.counters["cluster_hours/s"] = benchmark::Counter(
        double(st.iterations()) * double(s.clusters) * double(s.duration) / 3.6e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimClusters)->Args({100, 600})->Args({1000, 600})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
