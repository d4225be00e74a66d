#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Link events through the netlink monitor and the event loop: carrier loss (the
# far end goes down) and administrative down are both reported.
. "$(dirname "$0")/netns.sh"
probe=$1
hv_require
hv_lan 1
br="${HV_PREFIX}br"

ready=$HV_TMP/r1; out=$HV_TMP/o1
hv_bg 1 "$out" "$probe" link-watch eth0 5000 "$ready"
hv_wait_file "$ready" || hv_fail "watcher not ready"
ip -n "$br" link set v1 down   # carrier lost on eth0, eth0 itself still up
wait "$HV_BG_PID" || { cat "$out"; hv_fail "no carrier-loss event"; }
grep -q "link name=eth0 up=1 running=0 deleted=0" "$out" || { cat "$out"; hv_fail "carrier-loss fields"; }
echo "ok: carrier loss seen (up=1 running=0)"
ip -n "$br" link set v1 up

ready=$HV_TMP/r2; out=$HV_TMP/o2
hv_bg 1 "$out" "$probe" link-watch eth0 5000 "$ready"
hv_wait_file "$ready" || hv_fail "watcher not ready"
hv_exec 1 ip link set eth0 down
wait "$HV_BG_PID" || { cat "$out"; hv_fail "no link-down event"; }
grep -q "link name=eth0 up=0 running=0 deleted=0" "$out" || { cat "$out"; hv_fail "link-down fields"; }
echo "ok: administrative down seen"
echo "PASS"
