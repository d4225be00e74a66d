#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Chaos runs: a havipd pair and a keepalived pair side by side (same configs,
# same faults at the same moment, see chaos_lib.sh), one line of figures per
# pair and scenario.
#   chaos.sh [--assert] [--repeat N] HAVIPD PLANTOOL VERSION ADVERT SCENARIO...
# Scenarios (FAULT seconds; the master is whichever host holds the VIP):
#   loss10 loss30 loss50  N % of the adverts each VRRP host receives dropped (nft netdev ingress)
#   freeze                the master's daemon stopped (SIGSTOP) 5 s, then resumed
#   partition1 partition2 the backup stops hearing the master 5 s (one way); 1: the
#                         master is n1 (lower address), 2: n2 (higher address)
#   flap                  the master's link down 2 s, then up
#   race                  equal priorities, both daemons started in the same millisecond,
#                         not hearing each other until both are master
#   slowfs                havipd's state dirs frozen (fsfreeze) while the master freezes 5 s
#                         and 2 s beyond (keepalived writes no state file: same fault, no disk)
#   delay                 every advert each VRRP host receives held 0..2 adverts (uniform,
#                         reordering) for 5 s (NFQUEUE; arrivals stay < Master_Down_Interval
#                         apart, so neither pair should move the VIP); skipped without iptables
#   storm                 a crash loop: the master's daemon killed (SIGKILL) and started
#                         again at once, every second for 5 s
# Columns: moves (VIP added), dual (s both hold it), dual_max (longest episode),
# zero (s nobody does), loss (% client pings lost), gap (longest client gap, s),
# settle (s from the end of the fault to one holder; -1: never), silence (longest
# time without an advert, s), stale (VIPs left after SIGTERM of both).
# --assert: exit 1 unless havipd settles to one holder within 3 adverts + skew +
# 0.5 s after each fault, leaves no stale VIP, logs no error, and is no worse
# than keepalived on dual, zero and gap by more than 0.5 s (+ 2 adverts); in the
# race (a coin toss for both) the client's gap stays within garp_master_delay
# + 2 adverts + 0.5 s.
. "$(dirname "$0")/../integration/netns.sh"
. "$(dirname "$0")/chaos_lib.sh"
assert=0 repeat=1
while [ $# -gt 0 ]; do
  case $1 in
    --assert) assert=1; shift ;;
    --repeat) repeat=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 5 ] || { echo "usage: chaos.sh [--assert] [--repeat N] HAVIPD PLANTOOL VERSION ADVERT SCENARIO..." >&2; exit 2; }
hv_require
cx_init "$1" "$2"
version=$3 advert=$4
shift 4
trap 'cx_teardown; [ -n "${CHAOS_KEEP:-}" ] && cp -r "$HV_TMP" "$CHAOS_KEEP"; hv_cleanup' EXIT
failures=0

# adverts N: N advert intervals in seconds.
adverts() { awk -v a="$advert" -v n="$1" 'BEGIN { printf "%.3f", a * n }'; }
hold() { sleep "$1"; }

run_scenario() {
  local sc=$1 prio1=100 prio2=50 fault=5 slowfs="" race="" m
  case $sc in
    partition2) prio1=50 prio2=100 ;;
    race) prio2=100 race=1 ;;
    slowfs) slowfs=1 ;;
    flap) fault=2 ;;
    loss*) fault=$([ "$advert" = 1 ] && echo 20 || echo 5) ;;
    delay) [ "$CX_HAVE_NFQ" = 1 ] || { echo "$sc: skipped (needs iptables and python3)"; return 0; } ;;
  esac
  [ -n "${CHAOS_FAULT_S:-}" ] && [ "$sc" != race ] && fault=$CHAOS_FAULT_S
  cx_setup "$version" "$advert" "$prio1" "$prio2" "$slowfs"
  [ -z "$race" ] && cx_start
  local t0 tf tend
  if [ -n "$race" ]; then
    # The fault is the start. Started together the two still hear each other's
    # first advert within a millisecond, so the race is forced: the VRRP hosts
    # do not hear each other until both are master (Master_Down_Interval is
    # 3.61 adverts at priority 100), then they do (4.2 adverts from the start),
    # before the garp_master_delay repeat (1 s) is due.
    for p in $CX_PAIRS; do cx_nft "$p" 1 "ip protocol 112 drop"; cx_nft "$p" 2 "ip protocol 112 drop"; done
    cx_start "$race"
    hold "$(adverts 4.2)"
    for p in $CX_PAIRS; do cx_heal_loss "$p"; done
    tf=$(cx_now) t0=$CX_T_START
    hold "$(awk -v a="$advert" 'BEGIN { printf "%.3f", (a * 10 > 3 ? a * 10 : 3) }')"
  else
    cx_wait_single $((20 * ${advert%.*} + 10)) || hv_fail "$sc: no single master at the start"
    hold "$(adverts 3)"
    local p
    declare -A t0s tfs
    for p in $CX_PAIRS; do
      m=$(cx_master "$p")
      # Each pair's fault starts just after its master's advert: the advert
      # phase (up to one interval) would otherwise add noise to every figure.
      cx_after_advert "$p" "$m"
      t0s[$p]=$(cx_now)
      case $sc in
        loss*) cx_fault_loss "$p" "${sc#loss}" ;;
        partition*) cx_fault_partition "$p" "$m" ;;
        freeze | slowfs) [ -n "$slowfs" ] && [ "$p" = h ] && cx_freeze_disk; cx_fault_freeze "$p" "$m" ;;
        flap) cx_fault_flap "$p" "$m" ;;
        delay) cx_fault_delay "$p" 0 "$(adverts 2)" ;;
        storm) cx_restart_killed "$p" "$m" ;;
      esac
      eval "master_$p=$m"
    done
    if [ "$sc" = storm ]; then
      # Killed again every second, each pair on its own clock.
      local k
      for ((k = 1; k < fault; k++)); do
        for p in $CX_PAIRS; do
          hold "$(awk -v t="${t0s[$p]}" -v k="$k" -v now="$(cx_now)" 'BEGIN { d = t + k - now; printf "%.3f", (d > 0 ? d : 0) }')"
          cx_restart_killed "$p" "$(eval echo "\$master_$p")"
        done
      done
    fi
    for p in $CX_PAIRS; do
      m=$(eval echo "\$master_$p")
      # Every pair's fault lasts exactly FAULT seconds from its own start.
      hold "$(awk -v t="${t0s[$p]}" -v f="$fault" -v now="$(cx_now)" 'BEGIN { d = t + f - now; printf "%.3f", (d > 0 ? d : 0) }')"
      case $sc in
        loss*) cx_heal_loss "$p" ;;
        partition*) cx_heal_partition "$p" "$m" ;;
        freeze | slowfs) cx_heal_freeze "$p" "$m" ;;
        flap) cx_heal_flap "$p" "$m" ;;
        delay) cx_heal_delay "$p" ;;
      esac
      tfs[$p]=$(cx_now)
    done
    [ -n "$slowfs" ] && { hold 2; cx_thaw_disk; }
    hold "$(awk -v a="$advert" 'BEGIN { printf "%.3f", (a * 10 > 3 ? a * 10 : 3) }')"
  fi
  tend=$(cx_now)
  cx_stop_all
  local p line
  declare -A fig
  for p in $CX_PAIRS; do
    if [ -n "$race" ]; then
      # From the first VIP added on either host of the pair.
      local first
      cx_metrics "$p" "$t0" "$tf" "$tend" >/dev/null
      first=$(awk '$3 == "add" { print $1; exit }' "$(cx_dir "$p")/timeline")
      line=$(cx_metrics "$p" "${first:-$t0}" "$tf" "$tend")
    else
      line=$(cx_metrics "$p" "${t0s[$p]}" "${tfs[$p]}" "$tend")
    fi
    fig[$p]=$line
    local name; name=$([ "$p" = h ] && echo havipd || echo keepalived)
    printf "%-10s v%s %-4s %-10s %s\n" "$sc" "$version" "$advert" "$name" "$line"
  done
  # havipd's own figures: errors logged, loop lag (stats file at exit).
  local errs
  errs=$(cat "$(cx_dir h)"/log.n* 2>/dev/null | grep -c "level=error")
  # Per host (a frozen daemon's own lag is the freeze itself).
  local lag="" i f
  for i in 1 2; do
    f=$(cx_dir h)/state.n$i/stats
    [ -n "$slowfs" ] && f=$(cx_dir h)/fs.stats.n$i
    lag="$lag n$i:$(sed -n 's/^loop max_lag_us=\([0-9]*\).*/\1/p' "$f" 2>/dev/null)"
  done
  printf "%-10s v%s %-4s %-10s errors=%s max_lag_us=%s\n" "$sc" "$version" "$advert" "havipd" "$errs" "${lag# }"
  [ "$assert" = 1 ] && check "$sc" "${fig[h]}" "${fig[k]}" "$errs"
  return 0
}

# check SCENARIO HAVIPD_FIGURES KEEPALIVED_FIGURES ERRORS
check() {
  local sc=$1 errs=$4
  read -r _ hd _ hz _ hg hs _ hstale <<<"$2"
  read -r _ kd _ kz _ kg _ _ _ <<<"$3"
  local bound slack
  bound=$(awk -v a="$advert" 'BEGIN { printf "%.3f", 3 * a + a + 0.5 }')
  slack=$(awk -v a="$advert" 'BEGIN { printf "%.3f", 0.5 + 2 * a }')
  local bad=""
  awk -v s="$hs" -v b="$bound" 'BEGIN { exit !(s >= 0 && s <= b) }' || bad="$bad settle=$hs>$bound"
  [ "$hstale" = 0 ] || bad="$bad stale=$hstale"
  [ "$errs" = 0 ] || bad="$bad errors=$errs"
  awk -v h="$hd" -v k="$kd" -v s="$slack" 'BEGIN { exit !(h <= k + s) }' || bad="$bad dual=$hd>keepalived($kd)+$slack"
  awk -v h="$hz" -v k="$kz" -v s="$slack" 'BEGIN { exit !(h <= k + s) }' || bad="$bad zero=$hz>keepalived($kz)+$slack"
  if [ "$sc" = race ]; then
    # Who is heard first after the heal is a coin toss for both daemons: when the
    # loser yields unheard, the client waits for the winner's garp_master_delay
    # repeat (1 s after it became master), which nothing may cancel.
    local gmax
    gmax=$(awk -v a="$advert" 'BEGIN { printf "%.3f", 1 + 2 * a + 0.5 }')
    awk -v h="$hg" -v g="$gmax" 'BEGIN { exit !(h <= g) }' || bad="$bad gap=$hg>$gmax"
  else
    awk -v h="$hg" -v k="$kg" -v s="$slack" 'BEGIN { exit !(h <= k + s) }' || bad="$bad gap=$hg>keepalived($kg)+$slack"
  fi
  if [ -n "$bad" ]; then
    echo "FAIL: $sc:$bad" >&2
    for f in "$(cx_dir h)"/log.n*; do echo "== $f" >&2; tail -15 "$f" >&2; done
    failures=$((failures + 1))
  else
    echo "ok: $sc"
  fi
}

echo "scenario   ver adv  pair       moves dual dual_max zero loss% gap settle silence stale"
for ((r = 1; r <= repeat; r++)); do
  for sc in "$@"; do run_scenario "$sc"; done
done
[ "$assert" = 1 ] && [ "$failures" -gt 0 ] && exit 1
[ "$assert" = 1 ] && echo "PASS"
exit 0
