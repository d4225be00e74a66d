#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Plan figures (the havip-compile issue):
#  - the guide's node compiled by havip-compile: plan size (goal <= 256 bytes);
#  - load + verify of that plan (goal <= 5 us), Google Benchmark, median of 5;
#    CPU time is the figure (wall time also counts other processes on a busy machine).
#   scripts/bench/plan.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
compile="$build/compiler/havip-compile"
bench="$build/tests/bench/bench_plan"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The guide's keepalived.conf as published, and the bundled example node.
# Target keepalived 2.2.7 (Debian 12) so the lint gate judges them as deployed.
for conf in tests/unit/syntax_keepalived/data/guide_backup.conf examples/guide-non-standing/a.conf; do
  node=$(basename "$conf" .conf)
  if "$compile" -q --target-keepalived 2.2.7 -o "$out" "$src/$conf" 2>/dev/null; then
    printf '%-52s %5d bytes of text -> %s.hvp %4d bytes (goal: <= 256)\n' \
      "$conf" "$(wc -c <"$src/$conf")" "$node" "$(wc -c <"$out/$node.hvp")"
  else
    echo "$conf: havip-compile refused it (run it by hand to see why)"
  fi
done

if [ -x "$bench" ]; then
  "$bench" --benchmark_filter='BM_LoadVerify/' --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true 2>/dev/null |
    awk '/_median/ { sub("plan_bytes=", "", $7);
      printf "load + verify (%s, %s-byte plan): %s ns CPU, %s ns wall, median of 5 runs (goal: <= 5000 ns)\n", $NF, $7, $4, $2 }'
else
  echo "bench_plan not built (configure with -DHAVIP_BENCH=ON)"
fi
