#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark binary, then every scripts/bench/*.sh figure script.
set -uo pipefail
build=${1:-build}
for b in "$build"/tests/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || echo "benchmark $b failed"
done
for s in scripts/bench/*.sh; do
  [ -x "$s" ] || continue
  echo "== $(basename "$s")"
  "$s" "$build" || echo "figure script $s failed"
done
