#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havipd's event-loop lag with 255 instances (VRRPv3, 0.1 s adverts, one VIP
# each) on a state dir whose writes stall: host 2's state dir is an ext4 that is
# frozen (fsfreeze) while host 1's daemon is stopped (SIGSTOP), so host 2 takes
# over all 255 instances with every state file write stuck, then host 1 resumes
# and takes them back. Prints host 2's "loop" and "files" stats lines (max_lag_us:
# the latest any of its timers ran) and its largest advert gap seen by host 1.
# HAVIP_BENCH_RT=1: both daemons at SCHED_FIFO 10 (chrt), so other work on a
# shared machine does not enter the figure.
# As root; the namespaces are removed on exit.
#   scripts/bench/loop-lag.sh BUILD_DIR [INSTANCES]
set -uo pipefail
build=${1:?usage: loop-lag.sh BUILD_DIR [INSTANCES]}
n=${2:-255}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hv_require
hd_init "$build/runtime/havipd" "$build/tests/integration/havip-test-plan"
FS_DIR="$HV_TMP/state.n2"
trap 'fsfreeze -u "$FS_DIR" 2>/dev/null; umount -l "$FS_DIR" 2>/dev/null; hv_cleanup' EXIT
mkdir -p "$FS_DIR"
truncate -s 64M "$HV_TMP/state.img"
mkfs.ext4 -q -F "$HV_TMP/state.img" >/dev/null 2>&1 || hv_skip "mkfs.ext4 failed"
mount -o loop "$HV_TMP/state.img" "$FS_DIR" || hv_skip "cannot loop-mount"
hv_lan 3
for i in 1 2; do hd_conf_many "$i" "$n" 0.1 "$HV_TMP/n$i.conf"; done
hd_capture
rt() { [ -z "${HAVIP_BENCH_RT:-}" ] || chrt -a -f -p 10 "$1" >/dev/null; }
hd_start 1 havipd "$HV_TMP/n1.conf"; rt "${HD_PID[1]}"
sleep 2
hd_start 2 havipd "$HV_TMP/n2.conf"; rt "${HD_PID[2]}"
sleep 2
[ -n "${HAVIP_BENCH_NOFREEZE:-}" ] || fsfreeze -f "$FS_DIR"  # set it to compare with a disk that does not stall
kill -STOP "${HD_PID[1]}"
sleep 3
t0=$(hd_now)
sleep 2
t1=$(hd_now)
kill -CONT "${HD_PID[1]}"
sleep 2
fsfreeze -u "$FS_DIR"
sleep 1
rm -f "$FS_DIR/stats"
kill -USR1 "${HD_PID[2]}"
# Queued behind the state files the thaw released.
for ((k = 0; k < 3000; k++)); do [ -s "$FS_DIR/stats" ] && break; sleep 0.01; done
echo "instances: $n"
echo "host 2 VIPs while host 1 was stopped: up to $(grep -c "event=vips_added" "$HV_TMP/log.n2")"
grep -E "^(loop|files) " "$FS_DIR/stats"
awk -v a="$t0" -v b="$t1" '$0 ~ /10\.250\.0\.2 > 10\.250\.0\.1: VRRPv3/ && $1 + 0 >= a && $1 + 0 <= b {
    v = $0; sub(/.*vrid /, "", v); sub(/,.*/, "", v)
    if (v in last && $1 - last[v] > max) max = $1 - last[v]; last[v] = $1; k++ }
  END { printf "adverts of host 2 in a 2 s window with its disk frozen: %d, largest gap of one instance: %.3f s\n", k, max }' "$HV_TMP/cap.n1"
grep -c "level=error" "$HV_TMP/log.n2" | sed 's/^/error lines on host 2: /'
hd_stop 2
hd_stop 1
