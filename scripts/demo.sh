#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job on the bundled examples: lint them (clean), lint the broken one
# (findings), compile every example to plans and dump one, and — as root, with
# network namespaces available — a live two-node failover in throwaway namespaces.
set -uo pipefail
build=${1:-build}
lint="$build/compiler/havip-lint"
compile="$build/compiler/havip-compile"
bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Each example directory holds one VPC; where it has both forms (.conf per node
# and havip.toml per cluster) they describe the same clusters, so each form is
# linted on its own (together they would rightly collide: HV101, HV116).
lint_example() {  # dir
  local d=$1 inv=() confs tomls
  [ -f "$d/vpc.toml" ] && inv=(--inventory "$d/vpc.toml")
  confs=$(find "$d" -maxdepth 1 -name '*.conf' | sort)
  tomls=$(find "$d" -maxdepth 1 -name '*.toml' ! -name vpc.toml | sort)
  if [ -n "$confs" ]; then echo "-- $d*.conf"; "$lint" --color always "${inv[@]}" $confs; echo "exit: $?"; fi
  if [ -n "$tomls" ]; then echo "-- $d*.toml"; "$lint" --color always "${inv[@]}" $tomls; echo "exit: $?"; fi
}
bold "havip-lint on every example (clean)"
for d in $(ls -d examples/*/ | grep -v broken); do lint_example "$d"; done

bold "havip-lint on examples/broken (real problems)"
lint_example examples/broken/

out="$build/plans"
bold "havip-compile every example to $out/<example>/"
for d in $(ls -d examples/*/ | grep -v broken); do
  name=$(basename "$d")
  # A directory holds one cluster twice (as .conf files and as havip.toml): compile each form.
  confs=$(ls "$d"*.conf 2>/dev/null)
  [ -n "$confs" ] && "$compile" -q -o "$out/$name/conf" $confs
  tomls=$(find "$d" -maxdepth 1 -name '*.toml' ! -name vpc.toml | sort)
  [ -n "$tomls" ] && "$compile" -q -o "$out/$name/toml" $tomls
done
if [ -f "$out/guide-non-standing/conf/a.hvp" ]; then
  if cmp -s "$out/guide-non-standing/conf/a.hvp" "$out/guide-non-standing/toml/a.hvp"; then
    echo "guide-non-standing: a.conf and havip.toml give byte-identical plans for node a"
  else
    echo "guide-non-standing: plans from a.conf and havip.toml DIFFER"
  fi
  bold "havip-compile --dump $out/guide-non-standing/conf/a.hvp"
  "$compile" --dump "$out/guide-non-standing/conf/a.hvp"
fi

if [ -x scripts/failover-demo.sh ]; then
  bold "live failover: two havipd nodes in throwaway network namespaces"
  if [ "$(id -u)" = 0 ] && ip netns list >/dev/null 2>&1; then
    scripts/failover-demo.sh "$build"
  else
    echo "skipped: needs root and ip netns"
  fi
fi
