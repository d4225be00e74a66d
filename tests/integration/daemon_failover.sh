#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two VRRP nodes on one LAN - two havipd, or havipd opposite keepalived in
# either role - through the failures the issue lists, asserted on the wire (GARP
# captured by a third host) and on the hosts (VIP holders, notify order):
#   (always first) election: host 1 starts first and becomes master, host 2 joins as backup
#   kill9          kill -9 of the master; on restart havipd resumes as master with the
#                  VIP it left (preempt allowed) or removes it (nopreempt)
#   stop           graceful stop: priority 0, VIP gone, notify_stop last; then the old
#                  master comes back (preempt: standing; nopreempt: non-standing)
#   link           link down on the master (FAULT) and up again
#   track          a track script (weight 0) fails on the master, then recovers
#   reload         SIGHUP: same plan (state kept), broken plan (kept), changed priority,
#                  notify and VIP label (updated in place), dont_track_primary (restart)
#   (always last)  both stop: no VIP anywhere, notify_stop last on each
#   daemon_failover.sh HAVIPD PLANTOOL KIND1 KIND2 standing|non-standing 2|3 [SCENARIO...]
# KIND is havipd or keepalived; host 1 runs KIND1. Default scenarios: all of them
# (reload only when both are havipd).
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
declare -A kind=([1]=$3 [2]=$4)
mode=$5 version=$6
shift 6
scenarios=" ${*:-kill9 stop link track reload} "
[ "${kind[1]}" = keepalived ] || [ "${kind[2]}" = keepalived ] && hd_need_keepalived
[ "${kind[1]}" = havipd ] && [ "${kind[2]}" = havipd ] || scenarios=${scenarios/ reload / }
want() { [[ "$scenarios" == *" $1 "* ]]; }
hv_lan 3

if [ "$version" = 2 ]; then advert=1 wait=12; else advert=0.1 wait=4; fi
common=(version="$version" advert="$advert" track=1)
if [ "$mode" = standing ]; then
  c1=(state=MASTER prio=100) c2=(state=BACKUP prio=50)
else
  c1=(state=BACKUP prio=50 nopreempt=1) c2=(state=BACKUP prio=50 nopreempt=1)
fi
hd_conf 1 "$HV_TMP/n1.conf" "${common[@]}" "${c1[@]}"
hd_conf 2 "$HV_TMP/n2.conf" "${common[@]}" "${c2[@]}"
hd_capture
declare -A notes=([1]="" [2]="")
# expect I "STATES": host I's notify scripts have run these next (nothing else).
expect() { [ -n "$2" ] && notes[$1]="${notes[$1]:+${notes[$1]} }$2"; hd_notify_is "$1" "${notes[$1]}"; }

# The roles move; `master` and `backup` always name the hosts that have them now.
master=1 backup=2
swap() { local t=$master; master=$backup; backup=$t; }
# settle_after_return I T WHAT [resumed]: host I came back (or recovered) at
# time T; in standing mode it is host 1 and preempts (resumed: straight to
# MASTER, no BACKUP first), in non-standing mode it stays backup.
settle_after_return() {
  local i=$1 t=$2 what=$3 resumed=${4:-}
  if [ "$mode" = standing ]; then
    hd_assert_single "$i" "$wait" "$what (preempt)"
    hd_garp_from "$i" "$t"
    master=$i backup=$((3 - i))
    expect "$master" "$([ -n "$resumed" ] && echo MASTER || echo "BACKUP MASTER")"
    expect "$backup" "BACKUP"
  else
    hd_assert_single "$((3 - i))" "$wait" "$what (nopreempt)"
    expect "$i" "BACKUP"
    master=$((3 - i)) backup=$i
  fi
}

# Election: host 1 alone becomes master; host 2 joins as backup.
t=$(hd_now)
hd_start 1 "${kind[1]}" "$HV_TMP/n1.conf"
hd_wait_holder 1 "$wait" || { hd_dump; hv_fail "election: host 1 never took the VIP"; }
hd_garp_from 1 "$t"
expect 1 "BACKUP MASTER"
hd_start 2 "${kind[2]}" "$HV_TMP/n2.conf"
hd_assert_single 1 "$wait" "election"
expect 2 "BACKUP"
echo "ok: election (host 1 master, GARP seen, host 2 backup)"

if want kill9; then
  # The backup takes over; the dead daemon's VIP stays behind until its restart
  # removes it (both havipd and keepalived do so at start).
  t=$(hd_now)
  hd_kill9 "$master"
  for ((k = 0; k < wait * 50; k++)); do hd_has_vip "$backup" && break; sleep 0.02; done
  hd_has_vip "$backup" || { hd_dump; hv_fail "kill -9: host $backup did not take over"; }
  hd_garp_from "$backup" "$t"
  expect "$backup" "MASTER"
  hd_has_vip "$master" || hv_fail "premise: a VIP stays behind a killed daemon"
  t=$(hd_now)
  hd_start "$master" "${kind[$master]}" "${HD_CONF[$master]}"
  resumed=""
  if [ "${kind[$master]}" = havipd ] && [ "$mode" = standing ]; then
    # Preemption allowed: the restart keeps the VIP it finds and resumes as
    # master at once; the peer yields to its first advert.
    for ((k = 0; k < 100; k++)); do grep -q "event=resume" "$HV_TMP/log.n$master" && break; sleep 0.02; done
    grep -q "event=resume instance=VI_1" "$HV_TMP/log.n$master" || { hd_dump; hv_fail "no resume on restart"; }
    ! grep -q "event=stale_vip_removed" "$HV_TMP/log.n$master" || hv_fail "resume removed the VIP first"
    resumed=1
  elif [ "${kind[$master]}" = havipd ]; then
    for ((k = 0; k < 100; k++)); do grep -q "event=stale_vip_removed" "$HV_TMP/log.n$master" && break; sleep 0.02; done
    grep -q "event=stale_vip_removed instance=VI_1 vip=$HD_VIP" "$HV_TMP/log.n$master" || hv_fail "no stale_vip_removed on restart"
  fi
  settle_after_return "$master" "$t" "restart after kill -9" $resumed
  echo "ok: kill -9 of the master, restart $([ -n "$resumed" ] && echo "resumed as master with its VIP" || echo "removed the stale VIP")"
fi

if want stop; then
  t=$(hd_now)
  hd_stop "$master" || hv_fail "${kind[$master]} exit code $? on SIGTERM"
  hd_assert_single "$backup" "$wait" "graceful stop"
  hd_garp_from "$backup" "$t"
  expect "$master" "STOP"
  expect "$backup" "MASTER"
  echo "ok: graceful stop of host $master"
  # The old master returns.
  swap
  t=$(hd_now)
  hd_start "$backup" "${kind[$backup]}" "${HD_CONF[$backup]}"
  settle_after_return "$backup" "$t" "old master returns"
  echo "ok: old master returns (host $master master)"
fi

if want link; then
  t=$(hd_now)
  errors=$(grep -c "level=error" "$HV_TMP/log.n$master")
  ip -n "$(hv_ns "$master")" link set eth0 down
  hd_assert_single "$backup" "$wait" "link down"
  hd_garp_from "$backup" "$t"
  expect "$master" "FAULT"
  expect "$backup" "MASTER"
  # A dead link is handled (FAULT), not an error: its failed priority-0 advert
  # is logged below error level.
  if [ "${kind[$master]}" = havipd ] && [ "$(grep -c "level=error" "$HV_TMP/log.n$master")" != "$errors" ]; then
    hd_dump
    hv_fail "link down logged an error: $(grep "level=error" "$HV_TMP/log.n$master" | tail -1)"
  fi
  swap
  t=$(hd_now)
  ip -n "$(hv_ns "$backup")" link set eth0 up
  settle_after_return "$backup" "$t" "link up"
  echo "ok: link down on the master and up again"
fi

if want track; then
  t=$(hd_now)
  touch "$HV_TMP/fail.n$master"
  hd_assert_single "$backup" "$((wait + 3))" "track script failure"
  hd_garp_from "$backup" "$t"
  expect "$master" "FAULT"
  expect "$backup" "MASTER"
  swap
  t=$(hd_now)
  rm -f "$HV_TMP/fail.n$backup"
  settle_after_return "$backup" "$t" "track script recovers"
  echo "ok: track script failure and recovery"
fi

if want reload; then
  # hup I: SIGHUP host I and wait for its next reloaded / reload_failed line; prints it.
  hup() {
    local i=$1 n k
    n=$(grep -c "event=reload" "$HV_TMP/log.n$i" || true)
    hd_hup "$i"
    for ((k = 0; k < 150; k++)); do
      [ "$(grep -c "event=reload" "$HV_TMP/log.n$i" || true)" -gt "$n" ] && break
      sleep 0.02
    done
    grep "event=reload" "$HV_TMP/log.n$i" | tail -1
  }
  # Same plan: the instance keeps its state, no script runs.
  line=$(hup "$master")
  [[ "$line" == *"event=reloaded kept=1 updated=0 restarted=0 stopped=0"* ]] \
    || { hd_dump; hv_fail "unchanged reload did not keep the instance: $line"; }
  hd_assert_single "$master" "$wait" "unchanged reload"
  expect "$master" ""
  # A broken plan: the running one stays.
  cp "${HD_PLAN[$backup]}" "$HV_TMP/good.hvp"
  printf 'not a plan' >"${HD_PLAN[$backup]}"
  line=$(hup "$backup")
  [[ "$line" == *"event=reload_failed"* ]] || { hd_dump; hv_fail "broken plan: no reload_failed: $line"; }
  kill -0 "${HD_PID[$backup]}" || hv_fail "broken plan: havipd exited"
  cp "$HV_TMP/good.hvp" "${HD_PLAN[$backup]}"
  # A changed priority and notify command apply in place: the backup's priority
  # goes up to 150 and its notify_master says MASTER-reloaded; it keeps its state
  # (no STOP) and, where preemption is allowed, takes over.
  sed -i -e "s/priority [0-9]*/priority 150/" -e "s/ MASTER\"/ MASTER-reloaded\"/" "${HD_CONF[$backup]}"
  hd_replan "$backup" "${HD_CONF[$backup]}"
  t=$(hd_now)
  line=$(hup "$backup")
  [[ "$line" == *"event=reloaded kept=0 updated=1 restarted=0 stopped=0"* ]] \
    || { hd_dump; hv_fail "changed priority: the instance was not updated in place: $line"; }
  grep -q "event=instance_updated instance=VI_1 priority_was=[0-9]* priority=150" "$HV_TMP/log.n$backup" \
    || { hd_dump; hv_fail "changed priority: no instance_updated line"; }
  if [ "$mode" = standing ]; then
    hd_assert_single "$backup" "$wait" "changed priority (preempt)"
    hd_garp_from "$backup" "$t"
    expect "$backup" "MASTER-reloaded"
    expect "$master" "BACKUP"
    swap
  else
    hd_assert_single "$master" "$wait" "changed priority (nopreempt)"
    expect "$backup" ""
  fi
  # A VIP label on the master applies in place: it keeps its state (no STOP,
  # no BACKUP) and the address carries the label at once.
  sed -i "s|$HD_VIP/32\$|$HD_VIP/32 label eth0:vip|" "${HD_CONF[$master]}"
  hv_has "label eth0:vip" "${HD_CONF[$master]}" || hv_fail "the label edit did not apply"
  hd_replan "$master" "${HD_CONF[$master]}"
  line=$(hup "$master")
  [[ "$line" == *"event=reloaded kept=0 updated=1 restarted=0 stopped=0"* ]] \
    || { hd_dump; hv_fail "changed label: the master was not updated in place: $line"; }
  hv_exec "$master" ip -4 addr show dev eth0 | grep -q "$HD_VIP/32 .*eth0:vip" \
    || { hd_dump; hv_fail "changed label: the VIP does not carry eth0:vip"; }
  hd_assert_single "$master" "$wait" "label changed in place"
  expect "$master" ""
  # A VIP added, as a rollout does it: the backup first. It accepts the
  # master's adverts with the old list meanwhile, so it stays backup well past
  # the master-down interval; then the master adds the VIP in place.
  vip_b=10.250.0.101
  for i in $backup $master; do
    sed -i "s|^\(    $HD_VIP/32.*\)\$|\1\n    $vip_b/32|" "${HD_CONF[$i]}"
    hv_has "$vip_b" "${HD_CONF[$i]}" || hv_fail "the VIP edit did not apply on host $i"
    hd_replan "$i" "${HD_CONF[$i]}"
  done
  line=$(hup "$backup")
  [[ "$line" == *"event=reloaded kept=0 updated=1 restarted=0 stopped=0"* ]] \
    || { hd_dump; hv_fail "VIP added: the backup was not updated in place: $line"; }
  sleep "$(awk -v a="$advert" 'BEGIN { print a * 5 }')"
  hv_has "event=advert_previous_plan" "$HV_TMP/log.n$backup" \
    || { hd_dump; hv_fail "VIP added: the backup did not accept the master's previous VIP list"; }
  hd_assert_single "$master" "$wait" "backup reloaded first"
  line=$(hup "$master")
  [[ "$line" == *"event=reloaded kept=0 updated=1 restarted=0 stopped=0"* ]] \
    || { hd_dump; hv_fail "VIP added: the master was not updated in place: $line"; }
  hv_exec "$master" ip -4 addr show dev eth0 | hv_has "$vip_b/32" || { hd_dump; hv_fail "VIP added: not on the master"; }
  for ((k = 0; k < 100; k++)); do hv_has "event=rollout_complete" "$HV_TMP/log.n$backup" && break; sleep 0.05; done
  hv_has "event=rollout_complete" "$HV_TMP/log.n$backup" || { hd_dump; hv_fail "VIP added: the rollout did not complete"; }
  hd_assert_single "$master" "$wait" "both reloaded"
  expect "$master" ""
  expect "$backup" ""
  # A change that needs a restart (dont_track_primary) on the backup: it stops
  # and starts anew as backup; the master is undisturbed.
  sed -i "s|^  interface eth0\$|  interface eth0\n  dont_track_primary|" "${HD_CONF[$backup]}"
  hv_has "dont_track_primary" "${HD_CONF[$backup]}" || hv_fail "the dont_track_primary edit did not apply"
  hd_replan "$backup" "${HD_CONF[$backup]}"
  line=$(hup "$backup")
  [[ "$line" == *"event=reloaded kept=0 updated=0 restarted=1 stopped=1"* ]] \
    || { hd_dump; hv_fail "dont_track_primary: the instance did not restart: $line"; }
  hd_assert_single "$master" "$wait" "restarted backup"
  expect "$backup" "STOP BACKUP"
  expect "$master" ""
  echo "ok: SIGHUP reload (same plan kept, broken plan refused, priority/notify/label/VIP set updated in place, backup-first rollout, dont_track_primary restarts)"
fi

# Both stop: no VIP anywhere, notify_stop last on each.
hd_stop "$backup" || hv_fail "exit code $? on stop"
hd_stop "$master" || hv_fail "exit code $? on stop"
hd_wait_holder 0 2 || { hd_dump; hv_fail "a VIP is left after both stopped: '$(hd_holders)'"; }
expect "$backup" "STOP"
expect "$master" "STOP"
echo "ok: both stopped, no VIP left"
echo "PASS"
