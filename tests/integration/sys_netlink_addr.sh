#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# VIPs through libnl3: add/remove IPv4 (label, default /32) and IPv6 (/128, no DAD),
# seen by `ip addr`; adding twice is harmless, removing a missing one is reported.
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
echo "PASS"
