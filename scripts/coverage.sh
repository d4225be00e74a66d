#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Line coverage of the runtime from the unit tests alone (ctest -L unit: no
# network namespaces, no root), per directory, with gcovr:
#   scripts/coverage.sh [BUILD_DIR]        (default build-cov; Debug, --coverage)
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build-cov}
command -v gcovr >/dev/null || { echo "coverage.sh: needs gcovr (apt-get install gcovr)" >&2; exit 2; }
cmake -S . -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="--coverage -O0" -DHAVIP_BENCH=OFF >/dev/null
cmake --build "$b" -j "$(nproc)"
find "$b" -name '*.gcda' -delete
(cd "$b" && ctest -L unit -j "$(nproc)" >/dev/null) || echo "coverage.sh: some unit tests failed; figures follow anyway" >&2
# Each directory's report goes to BUILD_DIR/coverage/ (never to a device:
# gcovr replaces its output file), the summary line to the terminal.
mkdir -p "$b/coverage"
for d in runtime/vrrp runtime/exec runtime/daemon runtime/node runtime/plan runtime/sys runtime/sim base; do
  printf '%-16s ' "$d"
  gcovr -r . "$b" --filter "$d/" --print-summary -o "$b/coverage/${d//\//_}.txt" 2>/dev/null |
    awk '/^lines:/ { print $2, $3, $4, $5, $6, $7 }'
done
