#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue figure: keepalived.conf parse throughput on a generated fleet of 20,000
# node files (tests/bench/fleetgen: 10,000 clusters of two nodes), on one core.
# Goal: >= 50 MB/s and the whole fleet in under 1 s.
#   scripts/bench/parse.sh BUILD_DIR [CLUSTERS=10000]
# Prints the best of three repetitions (each the mean of 5 passes) for:
#   files   parse_file on every file: open, read, preprocess, tokenize, tree
#   memory  parse_text on the same texts already in memory (the parser alone)
# with wall and CPU time; MB = 10^6 bytes. Pinned to one CPU when taskset exists.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
clusters=${2:-10000}
bench="$build/tests/bench/bench_parse"
gen="$build/tests/bench/fleetgen"
for b in "$bench" "$gen"; do
  [ -x "$b" ] || { echo "parse.sh: $b not built (cmake --build $build --target bench_parse fleetgen)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$gen" "$work" "$clusters" 240 >/dev/null
files=$(find "$work/nodes" -name '*.conf' | wc -l)
bytes=$(cat "$work/nodes"/*.conf | wc -c)
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(( $(nproc) - 1 ))")

"${pin[@]}" "$bench" --fleet-dir="$work" --benchmark_filter='BM_ParseFleet' --benchmark_repetitions=3 \
  --benchmark_format=csv 2>/dev/null >"$work/out.csv"

awk -F, -v files="$files" -v bytes="$bytes" '
  # name,iterations,real_time,cpu_time,time_unit,...   (times in ms)
  $1 ~ /^"BM_ParseFleet(InMemory)?\/iterations:[0-9]+"$/ {
    kind = ($1 ~ /InMemory/) ? "memory" : "files"
    if (!(kind in wall) || $3 < wall[kind]) { wall[kind] = $3; cpu[kind] = $4 }
  }
  END {
    printf "parse: %d keepalived.conf files, %.1f MB (avg %d bytes), one core\n", files, bytes / 1e6, bytes / files
    for (k in wall) {
      printf "  %-6s  wall %7.1f ms  %6.1f MB/s   cpu %7.1f ms  %6.1f MB/s\n", k, wall[k], bytes / 1e3 / wall[k], cpu[k], bytes / 1e3 / cpu[k]
    }
    printf "  goal: >= 50 MB/s and the whole fleet < 1000 ms (files, wall): %s\n", \
      (wall["files"] < 1000 && bytes / 1e3 / wall["files"] >= 50) ? "met" : "NOT met"
  }' "$work/out.csv"
