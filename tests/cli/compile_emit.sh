#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-compile's other outputs, checked by what reads them:
#  --emit keepalived (from havip.toml): Debian's `keepalived -t -f FILE` accepts
#    it, havip-lint finds no error or warning in it, and it compiles to the
#    same plans as the havip.toml it came from;
#  --emit toml (from a .conf pair): compiles to the same plans as the pair;
#  --emit json: parses as JSON.
# `keepalived -t` checks the file against this host too: an interface the host
# lacks ("interface X ... doesn't exist", exit 5) or a track script that is not
# installed here ("Disabling track script ... not found/accessible", exit 5) are
# host facts, not configuration errors, and are the only complaints tolerated.
# A missing file exits 0 with a message, so "no output" is required as well.
source "$(dirname "$0")/lib.sh" "$@"
K=(--no-policy --target-keepalived 2.2.7)
[ -x "$LINT" ] || { echo "SKIP: havip-lint not built"; exit 77; }

kcheck() {  # FILE
  if ! command -v keepalived >/dev/null; then
    echo "skip keepalived -t $1 (keepalived not installed)"
    return
  fi
  local out rc rest
  out=$(keepalived -t -f "$1" 2>&1)
  rc=$?
  rest=$(printf '%s\n' "$out" | grep -v -E "interface .* doesn't exist|Non-existent interface specified|Cannot use VMAC/ipvlan with unicast and no interface|Disabling track script .* since not found/accessible|^$")
  local clean=0
  if [ "$rc" = 0 ] && [ -z "$out" ]; then clean=1; fi
  if [ "$rc" != 0 ] && [ -n "$out" ] && [ -z "$rest" ]; then clean=1; fi
  if [ "$clean" = 1 ]; then
    ok "keepalived -t -f $1 (exit $rc${out:+, host-only complaints})"
  else
    bad "keepalived -t -f $1: exit $rc"
    printf '%s\n' "$out" | sed 's/^/     | /'
  fi
}

same_plans() {  # DIR1 DIR2 WHAT
  local f n=0 diff=0
  for f in "$1"/*.hvp; do
    n=$((n + 1))
    cmp -s "$f" "$2/$(basename "$f")" || diff=1
  done
  if [ "$n" -gt 0 ] && [ "$diff" = 0 ] && [ "$(ls "$1" | wc -l)" = "$(ls "$2" | wc -l)" ]; then ok "$3 ($n plans)"
  else bad "$3: $(ls "$1") vs $(ls "$2")"; fi
}

for ex in guide-standing guide-non-standing; do
  cp -r "$SRC/examples/$ex" "$ex"
  # havip.toml → keepalived.conf per node.
  expect_rc 0 "$ex: --emit keepalived from havip.toml" -- "$COMPILE" "${K[@]}" -q --emit keepalived -o "kc-$ex" "$ex/havip.toml"
  for n in a b; do kcheck "kc-$ex/$n.conf"; done
  expect_rc 0 "$ex: havip-lint on the emitted pair" -- "$LINT" "${K[@]}" --failure-threshold warning "kc-$ex/a.conf" "kc-$ex/b.conf"
  expect_out '^0 errors, 0 warnings' "$ex: the emitted pair lints clean"
  "$COMPILE" "${K[@]}" -q -o "p-toml-$ex" "$ex/havip.toml" >/dev/null 2>&1
  expect_rc 0 "$ex: compile the emitted keepalived.conf pair" -- "$COMPILE" "${K[@]}" -q -o "p-kc-$ex" "kc-$ex/a.conf" "kc-$ex/b.conf"
  same_plans "p-toml-$ex" "p-kc-$ex" "$ex: emitted keepalived.conf gives the havip.toml's plans"

  # .conf pair → havip.toml.
  expect_rc 0 "$ex: --emit toml from the .conf pair" -- "$COMPILE" "${K[@]}" -q --emit toml -o "t-$ex" "$ex/a.conf" "$ex/b.conf"
  if [ "$(ls "t-$ex" | wc -l)" = 1 ]; then ok "$ex: one havip.toml for the one cluster"; else bad "$ex: $(ls "t-$ex")"; fi
  "$COMPILE" "${K[@]}" -q -o "p-conf-$ex" "$ex/a.conf" "$ex/b.conf" >/dev/null 2>&1
  expect_rc 0 "$ex: compile the emitted havip.toml" -- "$COMPILE" "${K[@]}" -q -o "p-t-$ex" "t-$ex"/*.toml
  same_plans "p-conf-$ex" "p-t-$ex" "$ex: emitted havip.toml gives the .conf pair's plans"
  expect_rc 0 "$ex: the emitted havip.toml lints clean" -- "$LINT" "${K[@]}" --failure-threshold warning "t-$ex"/*.toml
done

# The multi-cluster VPC: two TOML clusters with a track script, through the inventory.
vpc="$SRC/examples/multi-cluster-vpc"
expect_rc 0 "VPC: --emit keepalived from two havip.toml files" -- \
  "$COMPILE" "${K[@]}" -q --inventory "$vpc/vpc.toml" --emit keepalived -o kc-vpc "$vpc/mysql-ha.toml" "$vpc/web.toml"
for f in kc-vpc/*.conf; do kcheck "$f"; done
expect_rc 0 "VPC: havip-lint on the emitted files" -- "$LINT" "${K[@]}" --failure-threshold warning --inventory "$vpc/vpc.toml" kc-vpc/*.conf
"$COMPILE" "${K[@]}" -q --inventory "$vpc/vpc.toml" -o p-vpc "$vpc/mysql-ha.toml" "$vpc/web.toml" >/dev/null 2>&1
expect_rc 0 "VPC: compile the emitted keepalived.conf files" -- "$COMPILE" "${K[@]}" -q --inventory "$vpc/vpc.toml" -o p-kc-vpc kc-vpc/*.conf
same_plans p-vpc p-kc-vpc "VPC: emitted keepalived.conf gives the havip.toml's plans"

# --emit toml names what havip.toml cannot carry (read back through the TOML
# front end and compared), and says nothing when it carries everything.
"$COMPILE" "${K[@]}" -q --emit toml guide-standing/a.conf guide-standing/b.conf >/dev/null 2>lost.guide
grep -q "not carried" lost.guide && bad "guide pair: a loss reported: $(cat lost.guide)" ||
  ok "--emit toml of the guide pair: nothing reported lost"
mkdir -p losses
for n in a b; do
  printf 'static_ipaddress {\n    10.9.0.1/24 dev eth0\n}\ntrack_file tf {\n    file /run/havip-tf\n    weight 5\n}\n' >losses/$n.conf
  sed -e "s/^global_defs {$/&\n    router_id node-$n/" guide-standing/$n.conf >>losses/$n.conf
  sed -i -e 's/^\(\s*\)virtual_ipaddress {/\1track_file {\n\1    tf\n\1}\n&/' losses/$n.conf
done
expect_rc 0 "--emit toml of a pair with blocks havip.toml lacks" -- sh -c '"$0" "$@" >losses.toml 2>losses.err' \
  "$COMPILE" "${K[@]}" -q --emit toml losses/a.conf losses/b.conf
for n in a b; do
  line=$(grep "node \`$n\`" losses.err)
  for w in '`static_ipaddress`' '`track_file tf`' '`vrrp_instance > track_file`'; do
    [[ "$line" == *"$w"* ]] && ok "--emit toml: node $n: $w named as not carried" ||
      bad "--emit toml: node $n: $w not named: $(cat losses.err)"
  done
done
# The first node's router_id is the one havip.toml keeps: the other's is lost.
grep "node \`b\`" losses.err | grep -q '`global_defs > router_id`' && ok "--emit toml: b's router_id named as lost" ||
  bad "--emit toml: b's router_id not named: $(cat losses.err)"
grep "node \`a\`" losses.err | grep -q 'global_defs' && bad "--emit toml: a's global_defs reported lost" ||
  ok "--emit toml: a's global_defs kept"

# JSON of the model.
expect_rc 0 "--emit json" -- sh -c '"$0" "$@" 2>/dev/null >model.json' "$COMPILE" "${K[@]}" -q --emit json \
  guide-standing/a.conf guide-standing/b.conf
if command -v python3 >/dev/null; then
  if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2' model.json 2>/dev/null; then
    ok "--emit json: a JSON array of 2 nodes"
  else
    bad "--emit json is not a JSON array of 2 nodes"; sed 's/^/     | /' model.json
  fi
fi
finish
