#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# VIPs through libnl3: add/remove IPv4 (label, default /32) and IPv6 (/128, no DAD),
# seen by `ip addr`; adding twice is harmless, removing a missing one is reported.
# The batch (change_addresses, what havipd uses for VIPs): 255 adds in one call,
# outcomes matched per change, then 255 deletes.
. "$(dirname "$0")/netns.sh"
probe=$1
hv_require
hv_lan 1

hv_exec 1 "$probe" addr-add eth0 10.250.0.100 - eth0:vip >/dev/null || hv_fail "add v4"
hv_exec 1 ip -o -4 addr show dev eth0 | hv_has "inet 10.250.0.100/32 .*eth0:vip" \
  || { hv_exec 1 ip -o addr show dev eth0; hv_fail "v4 VIP not shown with /32 and its label"; }
hv_exec 1 "$probe" addr-add eth0 10.250.0.100 >/dev/null || hv_fail "second add should be harmless"
[ "$(hv_exec 1 ip -o -4 addr show dev eth0 | grep -c 10.250.0.100)" = 1 ] || hv_fail "VIP added twice"
hv_exec 1 "$probe" addr-list eth0 | hv_has "addr=10.250.0.100/32 label=eth0:vip" || hv_fail "addr-list"
echo "ok: IPv4 VIP added (/32, label)"

hv_exec 1 "$probe" addr-add eth0 10.250.0.101 24 >/dev/null || hv_fail "add v4 /24"
hv_exec 1 ip -o -4 addr show dev eth0 | hv_has "inet 10.250.0.101/24" || hv_fail "explicit prefix"
echo "ok: explicit prefix"

hv_exec 1 "$probe" addr-add eth0 fd00:250::100 >/dev/null || hv_fail "add v6"
line=$(hv_exec 1 ip -o -6 addr show dev eth0 | grep "fd00:250::100/128")
[ -n "$line" ] || hv_fail "v6 VIP not shown as /128"
case "$line" in *tentative*) hv_fail "v6 VIP is tentative (DAD not skipped): $line" ;; esac
echo "ok: IPv6 VIP added (/128, no DAD)"

hv_exec 1 "$probe" addr-del eth0 10.250.0.100 >/dev/null || hv_fail "del v4"
hv_exec 1 "$probe" addr-del eth0 10.250.0.101 >/dev/null || hv_fail "del v4 /24 (prefix looked up)"
hv_exec 1 "$probe" addr-del eth0 fd00:250::100 >/dev/null || hv_fail "del v6"
hv_exec 1 ip -o addr show dev eth0 | hv_has -E "10.250.0.10[01]|fd00:250::100" && hv_fail "VIP still present"
hv_exec 1 ip -o addr show dev eth0 | hv_has "10.250.0.1/24" || hv_fail "primary address lost"
echo "ok: VIPs removed, primary address kept"

out=$(hv_exec 1 "$probe" addr-del eth0 10.250.0.100 2>&1) && hv_fail "removing a missing address must fail (strict mode)"
echo "$out" | hv_has "not on ifindex" || hv_fail "unexpected message: $out"
out=$(hv_exec 1 "$probe" addr-add nosuchif 10.250.0.100 2>&1) && hv_fail "unknown interface must fail"
echo "$out" | hv_has "nosuchif" || hv_fail "message should name the interface: $out"
echo "ok: errors are messages"
# The batch: 255 IPv4 adds, one already present, one invalid, an IPv6 add, in one call.
args=()
for ((v = 1; v <= 255; v++)); do args+=("+10.251.$((v / 250)).$((v % 250 + 1))/32"); done
hv_exec 1 "$probe" addr-add eth0 10.251.0.5 >/dev/null || hv_fail "pre-add"
out=$(hv_exec 1 "$probe" addr-batch eth0 "${args[@]}" +10.0.0.1/40 +fd00:250::200) || hv_fail "addr-batch add"
[ "$(echo "$out" | grep -c '^ok$')" = 256 ] || { echo "$out" | sort | uniq -c; hv_fail "batch add: expected 256 ok"; }
echo "$out" | sed -n 256p | hv_has "^error: .*prefix /40 too long" || hv_fail "invalid change not reported in its place: $(echo "$out" | sed -n 256p)"
[ "$(hv_exec 1 ip -o -4 addr show dev eth0 | grep -c ' 10\.251\.')" = 255 ] || hv_fail "batch add: not every VIP present"
hv_exec 1 ip -o -6 addr show dev eth0 | hv_has "fd00:250::200/128" || hv_fail "batch add: v6 VIP missing"
dels=("${args[@]/#+/-}")
out=$(hv_exec 1 "$probe" addr-batch eth0 "${dels[@]%/32}" -10.251.0.2 -fd00:250::200) || hv_fail "addr-batch del"
[ "$(echo "$out" | grep -c '^ok$')" = 257 ] || { echo "$out" | sort | uniq -c; hv_fail "batch del (the repeat and absent ones are fine): expected 257 ok"; }
hv_exec 1 ip -o addr show dev eth0 | hv_has -E " 10\.251\.|fd00:250::200" && hv_fail "batch del: VIPs left"
hv_exec 1 ip -o addr show dev eth0 | hv_has "10.250.0.1/24" || hv_fail "primary address lost"
echo "ok: 255 VIPs added and removed in one batch each, outcomes per change"
echo "PASS"
