#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue figure: havip-lint over a generated fleet of 10,000 clusters (20,000
# keepalived.conf files) in VPCs of 240 clusters with one inventory, then 20,000
# clusters (40,000 files) for the scaling ratio, and `keepalived -t` per file on
# a sample of the same files, side by side. Each fleet is linted with -j 1 and
# -j 2, three runs each, the two fleets back to back in each round; the figures
# are the medians (wall, user+sys CPU, peak RSS).
#   scripts/bench/lint-fleet.sh BUILD_DIR [CLUSTERS=10000]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
n=${2:-10000}
lint="$build/compiler/havip-lint"
gen="$build/tests/bench/fleetgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # dir jobs → prints "wall_s cpu_s rss_mib exit"
  local dir=$1 jobs=$2 rc=0
  /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' \
    "$lint" -j "$jobs" --format gnu --inventory "$dir/vpc.toml" "$dir/nodes" >/dev/null 2>&1 || rc=$?
  read -r wall user sys kib < <(tail -1 "$work/time.txt")
  echo "$wall $(awk "BEGIN{printf \"%.2f\", $user+$sys}") $((kib / 1024)) $rc"
}

"$gen" "$work/f1" "$n" 240 >/dev/null
"$gen" "$work/f2" "$((2 * n))" 240 >/dev/null
files1=$(ls "$work/f1/nodes" | wc -l)
files2=$(ls "$work/f2/nodes" | wc -l)
bytes1=$(cat "$work/f1/nodes"/* | wc -c)

# Warm the page cache once per fleet, then three runs per thread count: the median.
for d in "$work/f1" "$work/f2"; do
  "$lint" --format gnu --inventory "$d/vpc.toml" "$d/nodes" >/dev/null 2>&1 || true
done
mid() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
# Three rounds per thread count, each linting the two fleets back to back: the
# ratio compares runs taken a moment apart (this machine's speed drifts by
# more than the ratio's margin over minutes). Prints, per fleet, "wall cpu rss
# exit" (each the median of three runs).
pair() {  # jobs → two lines
  local jobs=$1 w1=() c1=() r1=() w2=() c2=() r2=() rc1=0 rc2=0
  for _ in 1 2 3; do
    read -r w c r rc1 <<<"$(measure "$work/f1" "$jobs")"; w1+=("$w"); c1+=("$c"); r1+=("$r")
    read -r w c r rc2 <<<"$(measure "$work/f2" "$jobs")"; w2+=("$w"); c2+=("$c"); r2+=("$r")
  done
  echo "$(mid "${w1[@]}") $(mid "${c1[@]}") $(mid "${r1[@]}") $rc1"
  echo "$(mid "${w2[@]}") $(mid "${c2[@]}") $(mid "${r2[@]}") $rc2"
}
"$lint" -j 1 --format gnu --inventory "$work/f1/vpc.toml" "$work/f1/nodes" >"$work/findings.txt" 2>&1 || true
"$lint" -j 2 --format gnu --inventory "$work/f1/vpc.toml" "$work/f1/nodes" >"$work/findings2.txt" 2>&1 || true
same=$(cmp -s "$work/findings.txt" "$work/findings2.txt" && echo "byte-identical" || echo "DIFFERENT")
findings=$(grep -c ': \(error\|warning\):' "$work/findings.txt" || true)
infos=$(grep -c ': info:' "$work/findings.txt" || true)

echo "havip-lint fleet: $files1 files ($((bytes1 / 1024 / 1024)) MiB), $n clusters in VPCs of 240, all rules; medians of 3 runs"
echo "  errors+warnings ${findings} (infos ${infos}); output of -j 1 and -j 2: $same"
for j in 1 2; do
  { read -r w1 c1 r1 rc1; read -r w2 c2 r2 rc2; } < <(pair "$j")
  echo "  -j $j: $files1 files: wall ${w1} s, user+sys ${c1} s, peak RSS ${r1} MiB, exit ${rc1}" \
       "| $files2 files: wall ${w2} s, user+sys ${c2} s, peak RSS ${r2} MiB; ratio $(awk "BEGIN{printf \"%.2f\", $w2/$w1}")"
done
echo "  (goal: -j 2 at $files1 files <= 0.6 s wall, <= 128 MiB; $files2 / $files1 <= 2.1)"

keepalived=$(command -v keepalived || true)
[ -z "$keepalived" ] && [ -x /usr/sbin/keepalived ] && keepalived=/usr/sbin/keepalived
if [ -n "$keepalived" ]; then
  all=("$work/f1/nodes"/*.conf)
  sample=("${all[@]:0:50}")
  codes=""
  start=$(date +%s.%N)
  for f in "${sample[@]}"; do
    rc=0; "$keepalived" -t -f "$f" >/dev/null 2>&1 || rc=$?
    codes="$codes $rc"
  done
  end=$(date +%s.%N)
  ka=$(awk "BEGIN{printf \"%.3f\", ($end-$start)*1000/50}")
  ours=$(awk "BEGIN{printf \"%.4f\", $w1*1000/$files1}")
  echo "  keepalived -t: ${ka} ms per file (50-file sample; exit codes: $(tr ' ' '\n' <<<"$codes" | grep . | sort | uniq -c | awk '{printf "%s%s x exit %s", s, $1, $2; s=", "}'), 5 = the scripts are not on this host); havip-lint: ${ours} ms per file in the fleet run;" \
       "ratio $(awk "BEGIN{printf \"%.0f\", $ka/$ours}")x"
fi
