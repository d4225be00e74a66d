#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one for a
# while on a scratch copy of its seed corpus; new crashes land in the build dir.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [BUILD_DIR=build-fuzz] [TARGET...]
# With HAVIP_FUZZ_KEEP=DIR, each target's grown corpus is kept in DIR/<target>
# (to pick the few new entries worth committing: `fuzz_T -merge=1 NEW OLD`).
# Exit: 0 nothing found, 1 a target crashed, hung or ran out of memory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
build=${2:-$root/build-fuzz}
shift $(( $# > 2 ? 2 : $# ))
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DHAVIP_FUZZ=ON -DHAVIP_TESTS=ON >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$root"/tests/fuzz/fuzz_*.cpp; do n=$(basename "$f" .cpp); targets+=("${n#fuzz_}"); done
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"
rc=0
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "$root/tests/fuzz/corpus/$t/." "$work/" 2>/dev/null || true
  echo "== fuzz_$t for ${secs}s"
  bin=$(find "$build" -name "fuzz_$t" -type f -perm -u+x | head -1)
  ( cd "$build" && "$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 "$work" ) 2>&1 |
    grep -E '^#[0-9]+.*DONE|ERROR|SUMMARY|Test unit written' || true
  [ -z "$(ls "$build"/crash-* "$build"/timeout-* "$build"/oom-* 2>/dev/null)" ] || rc=1
  if [ -n "${HAVIP_FUZZ_KEEP:-}" ]; then mkdir -p "$HAVIP_FUZZ_KEEP/$t" && cp -r "$work/." "$HAVIP_FUZZ_KEEP/$t/"; fi
  rm -rf "$work"
done
exit $rc
