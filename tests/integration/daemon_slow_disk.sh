#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A state directory whose writes stall never stalls the VRRP path. Host 2's
# state dir is a small ext4 file system (loop device) that the test freezes
# (fsfreeze: every write and fsync on it waits until the thaw), VRRPv3 at 0.1 s:
#   1. host 1 (priority 100) is master; host 2's disk freezes; host 1 freezes
#      too (SIGSTOP); host 2 takes over and, for 3 s with its disk frozen, sends
#      its adverts on time (largest gap measured on the wire) and holds the VIP alone;
#   2. host 1 resumes (SIGCONT) and preempts: host 2 yields at once, disk still frozen;
#   3. the thaw: host 2's state file catches up (BACKUP), the slow write is logged,
#      the stats file shows the loop's lag (no timer 100 ms late) and the writer's counts;
#   4. SIGTERM with the disk frozen again: host 2 finishes its stop within the
#      flush bound (2 s) and says it could not write every file.
#   daemon_slow_disk.sh HAVIPD PLANTOOL
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
for t in mkfs.ext4 fsfreeze mount umount; do command -v "$t" >/dev/null || hv_skip "$t not installed"; done

FS_DIR="$HV_TMP/state.n2"
fs_cleanup() {
  if mountpoint -q "$FS_DIR" 2>/dev/null; then
    fsfreeze -u "$FS_DIR" 2>/dev/null
    umount -l "$FS_DIR" 2>/dev/null
  fi
}
trap 'fs_cleanup; hv_cleanup' EXIT
mkdir -p "$FS_DIR"
truncate -s 16M "$HV_TMP/state.img"
mkfs.ext4 -q -F "$HV_TMP/state.img" >/dev/null 2>&1 || hv_skip "mkfs.ext4 failed"
mount -o loop "$HV_TMP/state.img" "$FS_DIR" 2>/dev/null || hv_skip "cannot loop-mount a file system here"
fsfreeze -f "$FS_DIR" 2>/dev/null || hv_skip "fsfreeze does not work here"
fsfreeze -u "$FS_DIR"

hv_lan 3
hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100 version=3 advert=0.1
hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 version=3 advert=0.1
hd_capture
hd_start 1 havipd "$HV_TMP/n1.conf"
hd_assert_single 1 4 "election"
hd_start 2 havipd "$HV_TMP/n2.conf"
hv_wait_file "$FS_DIR/VI_1.state" 5 || hv_fail "host 2 wrote no state file"
sleep 0.5
[ "$(cat "$FS_DIR/VI_1.state")" = BACKUP ] || hv_fail "host 2's state file: $(cat "$FS_DIR/VI_1.state")"
echo "ok: host 1 master, host 2 backup (state file on the small file system)"

# 1. Freeze host 2's disk, then host 1: host 2 takes over with its disk stalled.
fsfreeze -f "$FS_DIR" || hv_fail "fsfreeze"
kill -STOP "${HD_PID[1]}"
hd_wait_holder "1 2" 3 || { fs_cleanup; hd_dump; hv_fail "host 2 did not take over with a frozen disk"; }
t0=$(hd_now)
sleep 3
t1=$(hd_now)
# Host 1 is frozen but its capture runs: host 2's adverts, unicast to host 1.
gap=$(awk -v a="$t0" -v b="$t1" '$0 ~ /10\.250\.0\.2 > 10\.250\.0\.1: VRRPv3/ && $1 + 0 >= a && $1 + 0 <= b {
         if (last != "" && $1 - last > max) max = $1 - last; last = $1; n++ }
       END { printf "%d %.3f", n, max }' "$HV_TMP/cap.n1")
read -r n maxgap <<<"$gap"
echo "host 2 as master on a frozen disk: $n adverts in 3 s, largest gap ${maxgap} s"
[ "$n" -ge 25 ] || { fs_cleanup; hd_dump; hv_fail "only $n adverts from the new master in 3 s (want >= 25 at 0.1 s)"; }
awk -v g="$maxgap" 'BEGIN { exit !(g < 0.3) }' || { fs_cleanup; hd_dump; hv_fail "the new master was silent ${maxgap} s"; }
grep -q "MASTER" "$FS_DIR/VI_1.state" && hv_fail "the state file changed on a frozen file system?"

# 2. Host 1 resumes and preempts; host 2 yields with its disk still frozen.
t=$(hd_now)
kill -CONT "${HD_PID[1]}"
hd_wait_holder 1 2 || { fs_cleanup; hd_dump; hv_fail "host 2 did not yield with a frozen disk: '$(hd_holders)'"; }
echo "ok: host 2 yielded in $(awk -v a="$t" -v b="$(hd_now)" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms, disk still frozen"

# 3. The thaw: the files catch up with the latest state.
fsfreeze -u "$FS_DIR"
for ((k = 0; k < 250; k++)); do
  # The log first: once the write that was stuck (MASTER) is logged, the file
  # reads BACKUP only when the latest write landed (read the other way round,
  # a BACKUP from before the freeze could pass just before MASTER lands).
  grep -q "event=state_write_slow" "$HV_TMP/log.n2" && [ "$(cat "$FS_DIR/VI_1.state" 2>/dev/null)" = BACKUP ] && break
  sleep 0.02
done
[ "$(cat "$FS_DIR/VI_1.state")" = BACKUP ] || { hd_dump; hv_fail "state file after the thaw: $(cat "$FS_DIR/VI_1.state")"; }
hv_has "event=state_write_slow" "$HV_TMP/log.n2" || { hd_dump; hv_fail "no state_write_slow line for the stalled write"; }
kill -USR1 "${HD_PID[2]}"
for ((k = 0; k < 100; k++)); do hv_has "^loop " "$FS_DIR/stats" 2>/dev/null && break; sleep 0.02; done
lag=$(sed -n 's/^loop max_lag_us=\([0-9]*\).*/\1/p' "$FS_DIR/stats")
files=$(grep "^files " "$FS_DIR/stats")
echo "host 2 stats: loop max_lag_us=$lag; $files"
[ -n "$lag" ] && [ "$lag" -lt 100000 ] || hv_fail "loop lag ${lag:-?} us with a frozen disk (want < 100 ms)"
[[ "$files" == *"coalesced="* ]] || hv_fail "no writer counters in the stats file"
hv_has "level=error" "$HV_TMP/log.n2" && { hd_dump; hv_fail "host 2 logged an error"; }
echo "ok: files caught up after the thaw, loop lag ${lag} us"

# 4. SIGTERM with the disk frozen: a bounded wait for the files, then the exit.
# (The process is gone only once the kernel lets the stuck write go: the thaw.)
fsfreeze -f "$FS_DIR"
t=$(hd_now)
kill -TERM "${HD_PID[2]}"
for ((k = 0; k < 500; k++)); do hv_has "event=stopped" "$HV_TMP/log.n2" && break; sleep 0.01; done
took=$(awk -v a="$t" -v b="$(hd_now)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
hv_has "event=stopped" "$HV_TMP/log.n2" || { fs_cleanup; hd_dump; hv_fail "havipd did not finish its stop within 5 s with a frozen disk"; }
hv_has "event=files_not_flushed" "$HV_TMP/log.n2" || { fs_cleanup; hd_dump; hv_fail "no files_not_flushed line"; }
[ "$(hd_holders)" = 1 ] || { fs_cleanup; hd_dump; hv_fail "holders after host 2 stopped: '$(hd_holders)'"; }
fsfreeze -u "$FS_DIR"
for ((k = 0; k < 300; k++)); do kill -0 "${HD_PID[2]}" 2>/dev/null || break; sleep 0.01; done
kill -0 "${HD_PID[2]}" 2>/dev/null && hv_fail "havipd still there 3 s after the thaw"
wait "${HD_PID[2]}"; rc=$?
[ "$rc" = 0 ] || hv_fail "host 2 exit code $rc"
HD_PID[2]=""
echo "ok: SIGTERM with a frozen disk: stopped after $took ms (bound 2 s for the files), exit 0 after the thaw"
hd_stop 1 || hv_fail "host 1 exit code $?"
echo "PASS"
