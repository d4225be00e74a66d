#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The keepalived oracle: Debian's `keepalived -t` judges the same configs as havip-lint.
#
#   run.sh HAVIP_LINT [SOURCE_DIR [HAVIP_COMPILE]]
#
# Cases: every tests/oracle/corpus/*.conf on its own; every tests/oracle/corpus/<dir>/
# and every examples/<dir>/ (the golden tests' inputs) as one cluster, its .conf
# files linted together; and, given HAVIP_COMPILE, the keepalived.conf files
# `havip-compile --emit keepalived` writes for each clean example (from its .conf
# files and from each havip.toml), which keepalived must accept too; and the broken
# example after `havip-lint --fix --unsafe-fixes`. For each case
# compare.sh runs keepalived in a private network namespace that has a link for
# every interface name the files use, classifies keepalived's lines, runs
# havip-lint, and reports:
#   MISS   keepalived reports a config problem on a line where havip-lint says nothing
#   FALSE  havip-lint reports an error on a line keepalived accepts (codes judging what
#          one keepalived cannot see are listed, with reasons, in cross-node-codes)
#   ABSENT a code the case forbids (`! oracle: absent HVnnn` in the file) fired
#   EXPECT a code the case requires on a line (`! oracle: expect HVnnn LINE`) is missing
#   CRASH  havip-lint died, hung or wrote no JSON
#   HOST   keepalived still reported a missing interface (the harness is wrong); a
#          missing script file is a fact of this machine and is not judged
# A MISS or FALSE listed in known-gaps is printed as a known gap instead of failing;
# a listed gap that no longer happens is printed so it can be removed.
# Needs root, `ip netns`, keepalived and jq; otherwise exits 77 (skipped).
set -uo pipefail
lint=$(realpath "$1"); src=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
compile=${3:+$(realpath "$3")}
here=$src/tests/oracle

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespace)"
command -v keepalived >/dev/null || skip "keepalived not installed"
command -v jq >/dev/null || skip "jq not installed"
# The corpus and the classification of messages are written against Debian 12's keepalived.
kv=$(keepalived -v 2>&1 | sed -n 's/^Keepalived v\([0-9.]*\).*/\1/p' | head -1)
[ "$kv" = 2.2.7 ] || skip "the oracle is keepalived 2.2.7; this is ${kv:-unknown}"
command -v ip >/dev/null || skip "iproute2 not installed"
ns="hvoracle-$$"
ip netns add "$ns" 2>/dev/null || skip "ip netns add does not work here"
tmp=$(mktemp -d /tmp/hvoracle-$$.XXXXXX)
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
ip -n "$ns" link set lo up
echo "oracle: $(keepalived -v 2>&1 | head -1)"

cd "$src" || exit 2
cases=()
for f in tests/oracle/corpus/*.conf; do cases+=("$f"); done
for d in tests/oracle/corpus/*/ examples/*/; do
  fs=$(ls "$d"*.conf 2>/dev/null | tr '\n' ' ')
  [ -n "$fs" ] && cases+=("$fs")
done

# What havip-compile emits for keepalived, from each form of each clean example.
if [ -n "$compile" ]; then
  for d in examples/*/; do
    [ "$d" = examples/broken/ ] && continue
    inv=(); [ -f "$d/vpc.toml" ] && inv=(--inventory "$d/vpc.toml")
    n=0
    for form in "$(ls "$d"*.conf 2>/dev/null | tr '\n' ' ')" $(ls "$d"*.toml 2>/dev/null | grep -v '/vpc.toml$'); do
      [ -n "${form// /}" ] || continue
      n=$((n + 1)); out="$tmp/emit/$(basename "$d")-$n"
      # shellcheck disable=SC2086
      if "$compile" "${inv[@]}" --emit keepalived -o "$out" $form >"$tmp/emit.log" 2>&1; then
        cases+=("$(ls "$out"/*.conf | tr '\n' ' ')")
      else
        echo "FAIL: havip-compile --emit keepalived $form: $(head -3 "$tmp/emit.log")"; emitfail=1
      fi
    done
  done
fi

# What `havip-lint --fix --unsafe-fixes` makes of the broken example: keepalived
# must accept the fixed files as havip-lint judges them (the fixes' own test).
mkdir -p "$tmp/fixed" && cp examples/broken/*.conf "$tmp/fixed/"
"$lint" --no-policy --fix --unsafe-fixes "$tmp"/fixed/*.conf >"$tmp/fix.log" 2>&1
rc=$?
if [ $rc -gt 1 ] || cmp -s "$tmp/fixed/db-a.conf" examples/broken/db-a.conf; then
  echo "FAIL: havip-lint --fix on examples/broken (exit $rc): $(head -3 "$tmp/fix.log")"; emitfail=1
else
  cases+=("$(ls "$tmp"/fixed/*.conf | tr '\n' ' ')")
fi

: > "$tmp/all.tsv"
for c in "${cases[@]}"; do
  read -ra files <<<"$c"
  "$here/compare.sh" "$lint" "$ns" "$tmp" "${files[@]}" >> "$tmp/all.tsv"
done

# Known gaps: "KIND file:line [code]  -- reason", KIND MISS or FALSE.
gaps=$(sed -e 's/[[:space:]]*--.*//' -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$here/known-gaps")
key() { # record -> the key known-gaps uses
  awk -F'\t' '$1 == "MISS" { print "MISS " $2 ":" $3 } $1 == "FALSE" { print "FALSE " $2 ":" $3 " " $4 }'
}
fail=${emitfail:-0}; known=0
ncases=${#cases[@]}
nka=$(awk -F'\t' '$1 == "KA" && $4 == "config"' "$tmp/all.tsv" | wc -l)
nerr=$(awk -F'\t' '$1 == "LINT" && $4 == "error"' "$tmp/all.tsv" | wc -l)
while IFS= read -r rec; do
  k=$(printf '%s\n' "$rec" | key)
  if [ -n "$k" ] && grep -qxF "$k" <<<"$gaps"; then
    echo "known gap: $(printf '%s' "$rec" | tr '\t' ' ')"; known=$((known + 1))
    echo "$k" >> "$tmp/seen"
  else
    echo "FAIL: $(printf '%s' "$rec" | tr '\t' ' ')"; fail=$((fail + 1))
  fi
done < <(grep -E '^(MISS|FALSE|ABSENT|EXPECT|CRASH)' "$tmp/all.tsv")
while IFS=$'\t' read -r _ f l cls m _; do
  echo "FAIL: HOST $f:$l keepalived still sees a machine fact: $m"; fail=$((fail + 1))
done < <(awk -F'\t' '$1 == "KA" && $4 == "host" && $5 ~ /interface/' "$tmp/all.tsv")
awk -F'\t' '$1 == "KA" && $4 == "crash" { print "note: keepalived itself failed on " $2 ": " $5 }' "$tmp/all.tsv"
while IFS= read -r g; do
  [ -n "$g" ] || continue
  grep -qxF "$g" "$tmp/seen" 2>/dev/null || echo "fixed, remove from known-gaps: $g"
done <<<"$gaps"
echo "oracle: $ncases cases, $nka keepalived config complaints, $nerr havip-lint errors; $known known gaps, $fail failures"
[ $fail = 0 ]
