#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue figures for the VRRP core and simulator:
#  - decode + validate + state-machine step of one advert (goal <= 200 ns);
#  - 10,000 clusters x one hour of virtual time at 1 s adverts (goal < 60 s wall);
#  - takeover after a silent master death vs the RFC bound.
#   scripts/bench/sim.sh BUILD_DIR [CLUSTERS=10000] [DURATION=3600s]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
clusters=${2:-10000}
duration=${3:-3600s}
sim="$build/runtime/havip-sim"
bench="$build/tests/bench/bench_vrrp"

if [ -x "$bench" ]; then
  "$bench" --benchmark_filter='BM_DecodeValidateStep' --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true 2>/dev/null | grep -E 'BM_|Benchmark' || true
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
/usr/bin/time -o "$out.time" -f '%e %U %M' \
  "$sim" --node a:prio=100 --node b:prio=90 --advert 1s --clusters "$clusters" --duration "$duration" -q >"$out"
read -r wall user kib < <(tail -1 "$out.time")
rm -f "$out.time"
cat "$out"
echo "havip-sim: $clusters clusters x $duration at 1 s adverts: wall ${wall} s, user ${user} s, peak RSS $((kib / 1024)) MiB, load $(cut -d' ' -f1-3 /proc/loadavg) (goal: < 60 s)"

# Takeover after kill -9 of the master, simulated, against the RFC bound.
"$sim" --node a:prio=100 --node b:prio=90 --advert 1s --delay 1 --duration 30s --event kill:a@10s --json |
  grep -o '"takeover_s": [0-9.]*' | head -1 |
  awk '{ printf "takeover after silent death at 10 s: %s s (RFC: 3 x 1 s + (256-90)/256 s - time since the last advert = 3.258812 s)\n", $2 }'
