#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a reload that changes the VIP set costs the VIP's clients. A havipd pair
# in network namespaces (VRRPv3, unicast; host 1 priority 100 holds VIP A,
# host 2 priority 50);
# host 3 pings VIP A and VIP B every 10 ms. Each run:
#   add    both nodes get a plan with VIP B added and are reloaded (SIGHUP),
#          backup first, as a rollout does;
#   remove both go back to VIP A alone, backup first.
# Per run it prints: the master's reload line (kept/updated/restarted), whether
# the master stayed master (no notify script ran, no holder change), how often
# VIP A was deleted from the master (ip monitor), VIP A's pings lost and longest
# reply gap in the window, and the time from the master's SIGHUP to VIP B's
# first reply (add) and to VIP B's deletion (remove).
# GAP (seconds, default 0) between the backup's and the master's SIGHUP shows
# what a slow rollout does: a peer drops adverts whose VIP list differs from
# its own, so without havipd's rollout grace (havipd(8), SIGHUP) a gap longer
# than the master-down interval makes the reloaded backup a second master
# ("backup added VIP A") until the master reloads too.
# MASTER=keepalived runs keepalived 2.2.7 on host 1 (the master) against havipd.
# As root; the namespaces are removed on exit.
#   [MASTER=keepalived] scripts/bench/reload.sh BUILD_DIR [RUNS=3] [ADVERT=0.1] [GAP=0]
set -uo pipefail
build=$(cd "${1:?usage: reload.sh BUILD_DIR [RUNS] [ADVERT] [GAP]}" && pwd)
runs=${2:-3}
advert=${3:-0.1}
hup_gap=${4:-0}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hv_require
hd_init "$build/runtime/havipd" "$build/tests/integration/havip-test-plan"
command -v ping >/dev/null || hv_skip "ping not installed"
trap hv_cleanup EXIT
VIP_B=10.250.0.101

hv_lan 3
for i in 1 2; do
  hd_conf "$i" "$HV_TMP/n$i.conf" version=3 advert="$advert" prio=$((i == 1 ? 100 : 50)) pass=
  cp "$HV_TMP/n$i.conf" "$HV_TMP/n$i.a.conf"
  sed "s|^    $HD_VIP/32\$|    $HD_VIP/32\n    $VIP_B/32|" "$HV_TMP/n$i.conf" >"$HV_TMP/n$i.ab.conf"
  hv_has "$VIP_B" "$HV_TMP/n$i.ab.conf" || hv_fail "could not add VIP B to the configuration"
done
master_kind=havipd
[ "${MASTER:-havipd}" = keepalived ] && { hd_need_keepalived; master_kind=keepalived; }
hd_start 1 "$master_kind" "$HV_TMP/n1.conf"
hd_start 2 havipd "$HV_TMP/n2.conf"
hd_wait_holder 1 10 || { hd_dump; hv_fail "host 1 did not become the only holder"; }

# reload_to FORM: both hosts get plan FORM (a or ab); then SIGHUP to the backup,
# GAP seconds, SIGHUP to the master (a rollout, backup first). Prints the
# master's SIGHUP time and its reload line.
reload_to() {
  local form=$1 i n1 n2 k t
  for i in 2 1; do
    cp "$HV_TMP/n$i.$form.conf" "$HV_TMP/n$i.conf"
    [ "${HD_KIND[$i]}" = havipd ] && hd_replan "$i" "$HV_TMP/n$i.conf"
  done
  n1=$(grep -c "event=reload" "$HV_TMP/log.n1" || true)
  n2=$(grep -c "event=reload" "$HV_TMP/log.n2" || true)
  hd_hup 2
  [ "$hup_gap" = 0 ] || sleep "$hup_gap"
  t=$EPOCHREALTIME
  hd_hup 1
  # keepalived logs no reload summary: its reload is done when VIP B is (or is not) there.
  local want=0
  [ "$form" = ab ] && want=1
  for ((k = 0; k < 250; k++)); do
    if [ "$master_kind" = keepalived ]; then
      [ "$(ip -n "$(hv_ns 1)" -o addr show | grep -c " $VIP_B/")" = "$want" ] && break
    else
      [ "$(grep -c "event=reload" "$HV_TMP/log.n1" || true)" -gt "$n1" ] && break
    fi
    sleep 0.02
  done
  for ((k = 0; k < 250; k++)); do
    [ "$(grep -c "event=reload" "$HV_TMP/log.n2" || true)" -gt "$n2" ] && break
    sleep 0.02
  done
  if [ "$master_kind" = keepalived ]; then
    echo "$t keepalived reloaded"
  else
    echo "$t $(grep "event=reload" "$HV_TMP/log.n1" | tail -1 | sed 's/.*event=//')"
  fi
}

# pings FILE FROM TO: "lost longest_gap_ms first_reply" for the replies logged in FILE
# between FROM and TO (ping -D timestamps; one request every 10 ms).
pings() {
  awk -v from="$1" -v to="$2" '
    match($0, /^\[[0-9.]+\]/) && /bytes from/ {
      t = substr($0, 2, RLENGTH - 2) + 0
      if (t < from || t > to) next
      match($0, /icmp_seq=[0-9]+/); s = substr($0, RSTART + 9, RLENGTH - 9) + 0
      if (n == 0) { first = t; s0 = s } else if ((t - last) * 1000 > gap) gap = (t - last) * 1000
      last = t; s1 = s; n++
    }
    END { if (n == 0) { print "all none"; exit } printf "%d %.0f %.6f\n", (s1 - s0 + 1) - n, gap, first }' "$3"
}

echo "$master_kind (master) and havipd (backup): reload of a VIP-set change, VRRPv3 ${advert} s adverts, backup then master ${hup_gap} s later, $runs runs (ping every 10 ms)"
for ((r = 1; r <= runs; r++)); do
  d="$HV_TMP/run$r"
  mkdir -p "$d"
  notify_before=$(cat "$HV_TMP/notify.n1" "$HV_TMP/notify.n2" 2>/dev/null | wc -l)
  hv_bg 1 "$d/mon" ip -ts monitor address
  mon=$HV_BG_PID
  hv_bg 2 "$d/mon2" ip -ts monitor address
  mon2=$HV_BG_PID
  hv_bg 3 "$d/ping.a" ping -n -D -i 0.01 -W 1 "$HD_VIP"
  pa=$HV_BG_PID
  hv_bg 3 "$d/ping.b" ping -n -D -i 0.01 -W 1 "$VIP_B"
  pb=$HV_BG_PID
  sleep 1
  start=$(hd_now)
  read -r t_add line_add < <(reload_to ab)
  sleep 1.5
  read -r t_del line_del < <(reload_to a)
  sleep 1
  end=$(hd_now)
  kill "$pa" "$pb" "$mon" "$mon2" 2>/dev/null
  wait "$pa" "$pb" "$mon" "$mon2" 2>/dev/null
  read -r lost longest _ < <(pings "$start" "$end" "$d/ping.a")
  read -r _ _ b_first < <(pings "$t_add" "$end" "$d/ping.b")
  a_deleted=$(grep -c "^.*Deleted.* $HD_VIP/" "$d/mon" || true)
  b_gone=$(awk -v vip=" $VIP_B/" 'index($0, "Deleted") && index($0, vip) { print substr($1, 2, length($1) - 2); exit }' "$d/mon")
  b_gone_ms=-
  if [ -n "$b_gone" ]; then
    b_gone_s=$(date -d "${b_gone/T/ }" +%s.%N 2>/dev/null || echo "")
    [ -n "$b_gone_s" ] && b_gone_ms=$(awk -v a="$b_gone_s" -v b="$t_del" 'BEGIN { printf "%.1f", (a - b) * 1000 }')
  fi
  b_ms=-
  [ "$b_first" != none ] && b_ms=$(awk -v a="$b_first" -v b="$t_add" 'BEGIN { printf "%.1f", (a - b) * 1000 }')
  notify_after=$(cat "$HV_TMP/notify.n1" "$HV_TMP/notify.n2" 2>/dev/null | wc -l)
  kept=yes
  [ "$notify_after" = "$notify_before" ] && [ "$(hd_holders)" = 1 ] || kept=no
  dual=$(awk -v vip=" $HD_VIP/" 'index($0, vip) && !index($0, "Deleted")' "$d/mon2" | wc -l)
  echo "run $r: add: master ${line_add}; remove: master ${line_del}"
  echo "run $r: master kept: $kept; backup added VIP A ${dual}x; VIP A deleted ${a_deleted}x; VIP A pings lost $lost, longest gap ${longest} ms;" \
    "VIP B first reply ${b_ms} ms after the master's SIGHUP, deleted ${b_gone_ms} ms after it"
done
hd_stop 2
hd_stop 1
