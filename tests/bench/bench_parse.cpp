// SPDX-License-Identifier: MIT
// keepalived.conf parse throughput on a generated fleet (issue goal: >= 50 MB/s
// on one core, 20,000 node files in under 1 s). The fleet is the one the lint
// benchmark uses: tests/bench/fleetgen (10,000 clusters, two nodes each, with
// tracking and notify scripts, auth and unicast peers).
//   bench_parse [--fleet-dir=DIR] [google benchmark flags]
// DIR holds nodes/*.conf as fleetgen writes them; without it the fleetgen next
// to this binary writes one to a scratch directory, removed at exit.
//
// BM_ParseFleet: parse_file over every file (open, read, preprocess, tokenize,
// tree), one SourceMap for the whole fleet as havip-lint keeps it.
// BM_ParseFleetInMemory: the same texts already in memory (the parser alone).
// BM_ParseOneNode: one typical node file, for a per-file figure.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "syntax/keepalived/parser.hpp"

namespace fs = std::filesystem;
namespace kp = havip::syntax::keepalived;

namespace {

std::string g_fleet_dir;
std::string g_self;

struct Fleet {
    fs::path scratch;  // removed at exit when we made it
    std::vector<std::string> files;
    std::vector<std::string> texts;
    std::size_t bytes = 0;

    Fleet() {
        fs::path dir = g_fleet_dir;
        if (dir.empty()) {
            std::string tmpl = (fs::temp_directory_path() / "havip-bench-parse-XXXXXX").string();
            if (!::mkdtemp(tmpl.data())) {
                std::perror("mkdtemp");
                std::exit(2);
            }
            scratch = dir = tmpl;
            fs::path gen = fs::path(g_self).parent_path() / "fleetgen";
            std::string cmd = "'" + gen.string() + "' '" + dir.string() + "' 10000 240 >/dev/null";
            if (std::system(cmd.c_str()) != 0) {
                std::fprintf(stderr, "bench_parse: %s failed (pass --fleet-dir=DIR)\n", gen.c_str());
                std::exit(2);
            }
        }
        fs::path nodes = fs::is_directory(dir / "nodes") ? dir / "nodes" : dir;
        for (const auto& e : fs::directory_iterator(nodes))
            if (e.path().extension() == ".conf") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            std::fprintf(stderr, "bench_parse: no .conf files in %s\n", nodes.c_str());
            std::exit(2);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            texts.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            bytes += texts.back().size();
        }
    }
    ~Fleet() {
        std::error_code ec;
        if (!scratch.empty()) fs::remove_all(scratch, ec);
    }
};

Fleet& fleet() {
    static Fleet f;
    return f;
}

void counters(benchmark::State& state, const Fleet& f, std::size_t findings) {
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(f.bytes));
    state.counters["files"] = static_cast<double>(f.files.size());
    state.counters["avg_file_bytes"] = static_cast<double>(f.bytes) / static_cast<double>(f.files.size());
    state.counters["findings"] = static_cast<double>(findings);
}

void BM_ParseFleet(benchmark::State& state) {
    Fleet& f = fleet();
    std::size_t statements = 0, findings = 0;
    for (auto _ : state) {
        havip::source::SourceMap sm;
        havip::diag::DiagList diags;
        kp::Options opt;
        for (const auto& path : f.files) statements += kp::parse_file(sm, path, opt, diags).statements.size();
        findings = diags.items.size();
        benchmark::DoNotOptimize(statements);
    }
    counters(state, f, findings);
}
BENCHMARK(BM_ParseFleet)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ParseFleetInMemory(benchmark::State& state) {
    Fleet& f = fleet();
    std::size_t statements = 0, findings = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<std::string> copies = f.texts;  // parse_text takes the text
        state.ResumeTiming();
        havip::source::SourceMap sm;
        havip::diag::DiagList diags;
        kp::Options opt;
        for (std::size_t i = 0; i < copies.size(); ++i)
            statements += kp::parse_text(sm, f.files[i], std::move(copies[i]), opt, diags).statements.size();
        findings = diags.items.size();
        benchmark::DoNotOptimize(statements);
    }
    counters(state, f, findings);
}
BENCHMARK(BM_ParseFleetInMemory)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ParseOneNode(benchmark::State& state) {
    Fleet& f = fleet();
    const std::string& text = f.texts.front();
    for (auto _ : state) {
        havip::source::SourceMap sm;
        havip::diag::DiagList diags;
        auto doc = kp::parse_text(sm, f.files.front(), text, {}, diags);
        benchmark::DoNotOptimize(doc.statements.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseOneNode)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
    g_self = argv[0];
    // Our own flag first; the rest goes to Google Benchmark.
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--fleet-dir=", 12) == 0)
            g_fleet_dir = argv[i] + 12;
        else
            rest.push_back(argv[i]);
    }
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
