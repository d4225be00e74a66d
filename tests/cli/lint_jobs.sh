#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-lint --jobs: the output (every format, with and without --max-findings
# caps) and the exit code are byte-identical whatever the number of threads, on
# a generated multi-cluster fleet with findings, includes, `@id` files, a
# havip.toml and standard input.
source "$(dirname "$0")/lib.sh" "$@"
GEN="$BUILD/tests/bench/fleetgen"
[ -x "$GEN" ] || { echo "SKIP: fleetgen not built"; exit 77; }
"$GEN" fleet 300 40 >/dev/null || bad "fleetgen"
cd fleet/nodes || exit 2
# Findings of many kinds in some of the nodes: a bad state, a typo (HV003), an
# unknown keyword, an advert_int that differs from the peer's, a VIP outside the subnet.
for c in 3 17 18 90 151 152 299; do
  sed -i -e 's/state BACKUP/state master/' -e 's/    nopreempt/    nopreemt/' "c${c}a.conf"
done
for c in 5 6 7 140; do
  sed -i -e 's/advert_int 1/advert_int 2/' -e 's/^global_defs {$/&\n   frobnicate_level 3/' "c${c}b.conf"
  sed -i -e 's|\(virtual_ipaddress {\)|\1\n        192.168.7.7/24|' "c${c}a.conf"
done
# Includes (more than one file per input: later inputs' file ids move) and `@id`s.
mkdir -p inc
printf 'vrrp_script chk_extra {\n    script "/bin/true"\n    interval 1\n    weight 300\n}\n' >inc/extra.inc
for c in 10 200; do echo "include inc/extra.inc" >>"c${c}a.conf"; done
sed -i -e 's/^    priority 100$/@east    priority 100\n@west    priority 90\n@west    priority x1/' c250b.conf
cd ../..
cp "$SRC"/examples/guide-standing/havip.toml fleet/nodes/pair.toml
sed -e 's/state BACKUP/state backup/' fleet/nodes/c1a.conf >stdin.conf

run() {  # JOBS FORMAT ARGS... -> out.JOBS, err.JOBS, rc.JOBS
  local j=$1 f=$2
  shift 2
  "$LINT" --no-policy --inventory fleet/vpc.toml --format "$f" -j "$j" "$@" fleet/nodes - \
    --stdin-filename stdin-node.conf <stdin.conf >"out.$j" 2>"err.$j"
  echo $? >"rc.$j"
}
for f in human json sarif gnu junit github; do
  for cap in "" "--max-findings 3" "--max-findings 0" "--max-findings 40"; do
    # shellcheck disable=SC2086
    run 1 "$f" $cap
    for j in 2 8; do
      # shellcheck disable=SC2086
      run "$j" "$f" $cap
      if cmp -s out.1 "out.$j" && cmp -s err.1 "err.$j" && cmp -s rc.1 "rc.$j"; then
        ok "--format $f ${cap:-(default caps)}: -j $j same as -j 1 ($(wc -c <out.1) bytes, exit $(cat rc.1))"
      else
        bad "--format $f ${cap:-(default caps)}: -j $j differs from -j 1"
        diff out.1 "out.$j" | head -20
        diff err.1 "err.$j" | head -5
      fi
    done
  done
done
# The fleet is not trivially clean: findings of several codes in several files,
# from the includes, the `@id` nodes, the TOML and standard input.
run 2 gnu --max-findings 0
codes=$(grep -oE '\[HV[0-9]+\]$' out.2 | sort -u | wc -l)
files=$(cut -d: -f1 out.2 | sort -u | wc -l)
[ "$codes" -ge 5 ] && [ "$files" -ge 10 ] && ok "findings: $codes codes in $files files" ||
  bad "too few findings to compare: $codes codes in $files files"
grep -q '^fleet/nodes/inc/extra.inc:' out.2 && ok "finding in an included file" || bad "no finding in the include"
grep -q 'stdin-node.conf:' out.2 && ok "finding in standard input" || bad "no finding in standard input"
grep -q 'c250b' out.2 && ok "finding in an @id file" || bad "no finding in the @id file"
[ "$(cat rc.2)" = 1 ] && ok "exit 1 with findings" || bad "exit $(cat rc.2), want 1"
expect_rc 2 "--jobs 0 is a usage error" -- "$LINT" --jobs 0 fleet/nodes
# A directory walk checks its files on every thread: the files it refuses are
# named in the same order, and its inventories are skipped, whatever -j.
mkdir -p walk/sub
cp fleet/nodes/c1a.conf fleet/nodes/c1b.conf walk/sub/
for n in 3 1 2; do ln -s "loop$n.conf" "walk/loop$n.conf"; done
cp fleet/vpc.toml walk/sub/vpc.toml
for j in 1 2 8; do
  "$LINT" --no-policy --format gnu -j "$j" walk >"walk.out.$j" 2>"walk.err.$j"
  echo $? >"walk.rc.$j"
done
[ "$(cat walk.rc.1)" = 2 ] && [ "$(grep -c 'too many levels of symbolic links' walk.err.1)" = 3 ] &&
  ok "a walk names each file it cannot read (exit 2)" || { cat walk.err.1; bad "walk: want 3 refused files, exit 2"; }
for j in 2 8; do
  cmp -s walk.err.1 "walk.err.$j" && cmp -s walk.out.1 "walk.out.$j" && cmp -s walk.rc.1 "walk.rc.$j" &&
    ok "walk: -j $j same as -j 1" || { diff walk.err.1 "walk.err.$j"; bad "walk: -j $j differs from -j 1"; }
done
rm walk/loop*.conf
"$LINT" --no-policy --target-keepalived 2.2.7 --format gnu -j 2 walk >walk.out 2>walk.err
[ $? = 0 ] && [ ! -s walk.err ] && ok "walk: the inventory in it is no node" || { cat walk.err walk.out; bad "walk"; }
finish
