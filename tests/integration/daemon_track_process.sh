#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# vrrp_track_process on real processes: host 1 (priority 100) tracks a copy of
# sleep under a name of its own with weight 0, host 2 (50) tracks nothing
# (VRRPv3, advert 0.1 s). Killing the process puts host 1 in FAULT and the VIP
# moves to host 2; starting it again brings the VIP back; two copies with
# quorum_max 1 are a FAULT too. With KIND2 = keepalived the backup is
# keepalived 2.2.7.
#   daemon_track_process.sh HAVIPD PLANTOOL KIND2
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind2=${3:-havipd}
[ "$kind2" = keepalived ] && hd_need_keepalived
hv_lan 3

name="hvtp$$"  # comm is at most 15 bytes: this fits
name=${name:0:15}
cp /bin/sleep "$HV_TMP/$name"
start_proc() { hv_bg 1 /dev/null "$HV_TMP/$name" 600; }  # its pid: HV_BG_PID (ip netns exec execs it)

hd_conf 1 "$HV_TMP/body.n1.conf" prio=100 version=3 advert=0.1 pass="" \
  extra="$(printf '  track_process {\n    svc weight 0\n  }')"
{ printf 'vrrp_track_process svc {\n  process %s\n  quorum_max 1\n}\n' "$name"; cat "$HV_TMP/body.n1.conf"; } >"$HV_TMP/n1.conf"
hd_conf 2 "$HV_TMP/n2.conf" prio=50 version=3 advert=0.1 pass=""
if [ -x "$HD_KEEPALIVED" ]; then
  # (-t also warns about script security for the notify scripts: only what it says of the process track counts.)
  "$HD_KEEPALIVED" -t -f "$HV_TMP/n1.conf" >"$HV_TMP/t.n1" 2>&1
  grep -i "process\|quorum" "$HV_TMP/t.n1" && hv_fail "keepalived -t complains about the vrrp_track_process"
fi

start_proc
p1=$HV_BG_PID
hd_start 1 havipd "$HV_TMP/n1.conf"
hd_assert_single 1 8 "start"
hd_start 2 "$kind2" "$HV_TMP/n2.conf"
hd_assert_single 1 5 "both running"
echo "ok: host 1 (tracking $name, running) is master, host 2 ($kind2) backup"

t0=$(hd_now)
kill "$p1"
hd_assert_single 2 5 "the tracked process was killed"
t1=$(hd_now)
echo "ok: killing $name moved the VIP to host 2 ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s incl. settling)"

start_proc
p2=$HV_BG_PID
hd_assert_single 1 5 "the tracked process runs again"
echo "ok: starting $name again brought the VIP back"

start_proc
p3=$HV_BG_PID  # two copies: more than quorum_max 1
hd_assert_single 2 5 "a second copy (quorum_max 1)"
kill "$p3"
hd_assert_single 1 5 "back to one copy"
echo "ok: a second copy (quorum_max 1) moved the VIP away and back"

grep -q "event=process_watch .*method=proc_scan" "$HV_TMP/log.n1" || { hd_dump; hv_fail "no process_watch line on host 1"; }
grep -q "event=track_process .*track=svc .*status=down" "$HV_TMP/log.n1" || { hd_dump; hv_fail "no track_process down line"; }
kill "$p2"
hd_stop 2 || hv_fail "exit code $?"
hd_stop 1 || hv_fail "exit code $?"
echo "PASS"
