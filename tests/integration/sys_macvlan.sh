#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# VMAC: a macvlan in private mode with 00:00:5e:00:01:VRID created and deleted via libnl3.
. "$(dirname "$0")/netns.sh"
probe=$1
hv_require
hv_lan 1

hv_exec 1 "$probe" macvlan-add eth0 vrrp.51 51 >/dev/null || hv_fail "create macvlan"
d=$(hv_exec 1 ip -d link show vrrp.51)
echo "$d" | hv_has "vrrp.51@eth0" || { echo "$d"; hv_fail "not on eth0"; }
echo "$d" | hv_has "link/ether 00:00:5e:00:01:33" || { echo "$d"; hv_fail "MAC"; }
echo "$d" | hv_has "macvlan mode private" || { echo "$d"; hv_fail "mode"; }
echo "$d" | hv_has "state UP\|,UP" || { echo "$d"; hv_fail "not up"; }
hv_exec 1 "$probe" link-show vrrp.51 | hv_has "kind=macvlan mac=00:00:5e:00:01:33 up=1" || hv_fail "link-show"
echo "ok: macvlan vrrp.51 (private, 00:00:5e:00:01:33, up)"

out=$(hv_exec 1 "$probe" macvlan-add eth0 vrrp.51 51 2>&1) && hv_fail "creating it twice must fail"
echo "$out" | hv_has "vrrp.51" || hv_fail "message should name the interface: $out"
echo "ok: duplicate refused with a message"

hv_exec 1 "$probe" link-del vrrp.51 >/dev/null || hv_fail "delete"
hv_exec 1 ip link show vrrp.51 >/dev/null 2>&1 && hv_fail "still there"
echo "ok: deleted"
echo "PASS"
