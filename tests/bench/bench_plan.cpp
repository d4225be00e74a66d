// SPDX-License-Identifier: MIT
// Plan figures: the size of the guide's node as a plan (goal <= 256 bytes) and
// the time to load and verify it (goal <= 5 us), plus writing it. Inputs are
// real configurations read through the keepalived front end and lowering:
//   guide        the guide's keepalived.conf as published (about 1.9 KB)
//   example      examples/guide-non-standing/a.conf
// Counters: plan_bytes (the plan) and source_bytes (the configuration text).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "emit/plan_writer.hpp"
#include "model/lower.hpp"
#include "plan/loader.hpp"
#include "syntax/keepalived/parser.hpp"

using namespace havip;

namespace {

struct Input {
    const char* name;
    const char* path;  // relative to the source tree
};
constexpr Input kInputs[] = {
    {"guide", "tests/unit/syntax_keepalived/data/guide_backup.conf"},
    {"example", "examples/guide-non-standing/a.conf"},
};

struct Compiled {
    std::size_t source_bytes = 0;
    model::Node node;
    std::vector<std::byte> plan;
    std::string error;
};

/// What havip-compile does for one .conf file, minus the lint and the file write.
Compiled compile(const Input& in) {
    Compiled c;
    const std::string path = std::string(HAVIP_SOURCE_DIR) + "/" + in.path;
    std::ifstream f(path, std::ios::binary);
    c.source_bytes = std::string(std::istreambuf_iterator<char>(f), {}).size();
    source::SourceMap sm;
    diag::DiagList diags;
    const auto doc = syntax::keepalived::parse_file(sm, path, {}, diags);
    // Named like havip-compile names it (the file's stem), so the size is the same.
    c.node = model::lower(doc, sm, diags, std::filesystem::path(path).stem().string());
    plan::SourceDigest d;
    d.add("bench");
    c.plan = emit::write_plan(c.node, emit::PlanMeta{"havip 0.1.0", d.value()}, &c.error);
    if (c.plan.empty()) c.error = path + ": " + c.error;
    return c;
}

void BM_LoadVerify(benchmark::State& st) {
    const auto c = compile(kInputs[st.range(0)]);
    if (c.plan.empty()) {
        st.SkipWithError(c.error.c_str());
        return;
    }
    for (auto _ : st) {
        auto v = plan::PlanView::load(c.plan);
        benchmark::DoNotOptimize(v);
        if (!v.ok()) {
            st.SkipWithError(v.error().message.c_str());
            break;
        }
    }
    st.SetLabel(kInputs[st.range(0)].name);
    st.counters["plan_bytes"] = static_cast<double>(c.plan.size());
    st.counters["source_bytes"] = static_cast<double>(c.source_bytes);
}
BENCHMARK(BM_LoadVerify)->DenseRange(0, 1);

/// Load, verify and read every instance with its children (what havipd does at start).
void BM_LoadVerifyRead(benchmark::State& st) {
    const auto c = compile(kInputs[st.range(0)]);
    if (c.plan.empty()) {
        st.SkipWithError(c.error.c_str());
        return;
    }
    for (auto _ : st) {
        auto v = plan::PlanView::load(c.plan);
        std::size_t sum = 0;
        for (std::size_t i = 0; i < v->instance_count(); ++i) {
            const auto in = v->instance(i);
            sum += in.vrid + in.interface.size();
            for (std::size_t j = in.vips.first; j < in.vips.end(); ++j) sum += v->vip(j).prefix;
            for (std::size_t j = in.peers.first; j < in.peers.end(); ++j) sum += v->peer(j).addr.family;
            for (std::size_t j = in.commands.first; j < in.commands.end(); ++j) sum += v->command(j).argv.size();
        }
        benchmark::DoNotOptimize(sum);
    }
    st.SetLabel(kInputs[st.range(0)].name);
}
BENCHMARK(BM_LoadVerifyRead)->DenseRange(0, 1);

void BM_WritePlan(benchmark::State& st) {
    const auto c = compile(kInputs[st.range(0)]);
    if (c.plan.empty()) {
        st.SkipWithError(c.error.c_str());
        return;
    }
    for (auto _ : st) {
        auto b = emit::write_plan(c.node, emit::PlanMeta{"havip 0.1.0", 1});
        benchmark::DoNotOptimize(b);
    }
    st.SetLabel(kInputs[st.range(0)].name);
}
BENCHMARK(BM_WritePlan)->DenseRange(0, 1);

}  // namespace

BENCHMARK_MAIN();
