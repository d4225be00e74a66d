#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The chaos benchmark: a havipd pair and a keepalived pair side by side, same
# configs, same faults at the same moment (tests/chaos/chaos.sh describes the
# scenarios and the columns), VRRPv2 at 1 s and VRRPv3 at 0.1 s adverts, RUNS
# repetitions (default 3). Then the median of each column per scenario and pair.
# As root; takes about 15 minutes per run. The namespaces are removed on exit.
#   scripts/bench/chaos.sh BUILD_DIR [RUNS] [SCENARIO...]
set -uo pipefail
build=${1:?usage: chaos.sh BUILD_DIR [RUNS] [SCENARIO...]}
runs=${2:-3}
shift $(($# < 2 ? $# : 2))
scenarios=${*:-loss10 loss30 loss50 freeze partition1 partition2 flap race slowfs delay storm}
root=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "chaos.sh: needs root" >&2; exit 2; }
out=$(mktemp /tmp/havip-chaos.XXXXXX)
trap 'rm -f "$out"' EXIT
for setting in "2 1" "3 0.1"; do
  set -- $setting
  "$root/tests/chaos/chaos.sh" --repeat "$runs" "$build/runtime/havipd" "$build/tests/integration/havip-test-plan" \
    "$1" "$2" $scenarios | tee -a "$out"
done
echo
echo "median of $runs runs (mean of the middle two for an even count) (moves dual dual_max zero loss% gap settle silence stale):"
awk 'NF == 13 && $4 ~ /^(havipd|keepalived)$/ {
       k = $1 " " $2 " " $3 " " $4; n[k]++; order[k] = order[k] ? order[k] : ++seen
       for (c = 5; c <= 13; c++) v[k, c, n[k]] = $c }
     END {
       for (k in n) keys[order[k]] = k
       for (i = 1; i <= seen; i++) { k = keys[i]; line = sprintf("%-36s", k)
         for (c = 5; c <= 13; c++) {
           m = n[k]; for (a = 1; a <= m; a++) x[a] = v[k, c, a]
           for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (x[b] + 0 < x[a] + 0) { t = x[a]; x[a] = x[b]; x[b] = t }
           med = (m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2)
           line = line " " (c == 5 || c == 13 ? med : sprintf("%.3f", med)) }
         print line } }' "$out"
echo
echo "havipd errors and loop lag per run:"
grep "errors=" "$out" | sort | uniq -c | sort -rn | head -40
