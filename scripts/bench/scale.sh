#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Transitions at scale: N instances (VRRPv3, unicast, one /32 VIP each, host 1
# priority 100, host 2 priority 50, both start BACKUP and preempt) on one LAN.
# Per run:
#   startup     host 1's daemon started (its plan already compiled) while host 2 is
#               up: until all N VIPs are on host 1 (polled every 20 ms); the protocol
#               wait in it is host 1's Master_Down_Interval 3 x advert + (256 - 100)/256
#               x advert
#   kill -9     host 1's daemon killed; for every VRID, host 2's VIP add minus that
#               VRID's last advert of host 1 ("per VRID", compared with the bound
#               3 x advert + (256 - 50)/256 x advert), and host 2's first and last VIP
#               add minus host 1's very last advert ("first VIP", "last VIP")
#   preempt     host 1 restarts and takes every instance back: host 2's transitions
#               to master from then until 10 adverts after it settled (flaps;
#               keepalived: its "Entering MASTER STATE" lines)
#   SIGTERM     host 1 stops gracefully: host 2's last VIP add minus host 1's first
#               priority-0 advert
#   loop lag    host 2's own "loop max_lag_us" (stats file, SIGUSR1) after the runs
#   CPU/advert  host 1 (master: sends) and host 2 (backup: receives) CPU time, every
#               process of the daemon, over HAVIP_BENCH_IDLE s (default 10) in steady
#               state, divided by the adverts sent / received (havipd's stats counters;
#               keepalived: host 1's adverts in host 2's capture, for both)
#   VmRSS       both nodes in steady state (keepalived: its VRRP child included)
# Adverts are timed by tcpdump on host 2 (kernel timestamps), VIP adds by
# `ip -tshort monitor address` in host 2 (when it reads the kernel's message).
# HAVIP_BENCH_RT=1 runs both daemons and the VIP monitor at SCHED_FIFO priority 10
# (chrt), so other work on a shared machine does not enter the wall-time figures.
# As root; the namespaces are removed on exit.
#   scripts/bench/scale.sh BUILD_DIR [N] [ADVERT] [RUNS] [havipd|keepalived]
set -uo pipefail
build=${1:?usage: scale.sh BUILD_DIR [N] [ADVERT] [RUNS] [havipd|keepalived]}
n=${2:-255}
advert=${3:-0.1}
runs=${4:-3}
impl=${5:-havipd}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hv_require
hd_init "$build/runtime/havipd" "$build/tests/integration/havip-test-plan"
[ "$impl" = keepalived ] && hd_need_keepalived
idle_secs=${HAVIP_BENCH_IDLE:-10}
hv_lan 2

for i in 1 2; do hd_conf_many "$i" "$n" "$advert" "$HV_TMP/n$i.conf"; done

vips_on() { ip -n "$(hv_ns "$1")" -4 -o addr show dev eth0 | grep -c " 10\.251\."; }
wait_vips() {  # HOST COUNT SECS (wall time: a starved shell must not stretch it)
  local end=$((SECONDS + $3 + 1))
  while ((SECONDS < end)); do [ "$(vips_on "$1")" = "$2" ] && return 0; sleep 0.02; done
  return 1
}
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
bound=$(awk -v a="$advert" 'BEGIN { printf "%.1f", (3 * a + (256 - 50) / 256 * a) * 1000 }')

hv_bg 2 "$HV_TMP/cap" tcpdump -l -U -n -tt -i eth0 'ip proto 112'
cap_pid=$HV_BG_PID
hv_bg 2 "$HV_TMP/mon" ip -tshort monitor address
rt() {  # PID: SCHED_FIFO 10 for every thread of it, when asked
  [ -n "${HAVIP_BENCH_RT:-}" ] && [ -n "$1" ] && chrt -a -f -p 10 "$1" >/dev/null
  return 0
}
rt "$HV_BG_PID"
start() {  # I: start host I's daemon (and give it the real-time priority)
  # A killed keepalived leaves its pid files: the wait below is for the new ones.
  [ "$impl" = keepalived ] && rm -f "$HV_TMP/ka.n$1.pid" "$HV_TMP/ka.n$1.vrrp.pid"
  hd_start "$1" "$impl" "$HV_TMP/n$1.conf"
  local k
  if [ "$impl" = havipd ]; then rt "${HD_PID[$1]}"; return 0; fi
  for ((k = 0; k < 100; k++)); do [ -s "$HV_TMP/ka.n$1.vrrp.pid" ] && break; sleep 0.01; done
  rt "$(cat "$HV_TMP/ka.n$1.pid" 2>/dev/null)"; rt "$(cat "$HV_TMP/ka.n$1.vrrp.pid" 2>/dev/null)"
}
for ((k = 0; k < 300; k++)); do grep -q "listening on" "$HV_TMP/cap" 2>/dev/null && break; sleep 0.01; done
# VIP adds on host 2 after T: "epoch vip" lines (ip prints local time).
vip_adds() {
  local day base
  day=$(awk -F'[][T]' '/^\[/ { print $2; exit }' "$HV_TMP/mon")
  [ -n "$day" ] || return 0
  base=$(date -d "$day 00:00:00" +%s)
  awk -v base="$base" -v t="$1" '/^\[/ && !/Deleted/ && / 10\.251\./ {
      split($1, p, /[T\]]/); split(p[2], h, ":"); e = base + h[1] * 3600 + h[2] * 60 + h[3]
      for (i = 2; i <= NF; i++) if ($i == "inet") { a = $(i + 1); sub("/.*", "", a) }
      if (e > t + 0) printf "%.6f %s\n", e, a }' "$HV_TMP/mon"
}
# adverts of SRC: "time vrid prio"
adverts() {
  awk -v s="$1" '$3 == s && /VRRPv/ { v = ""; p = ""
      for (i = 1; i <= NF; i++) { if ($i == "vrid") { v = $(i + 1); sub(",", "", v) } if ($i == "prio") { p = $(i + 1); sub(",", "", p) } }
      print $1, v, p }' "$HV_TMP/cap"
}
stats() {  # label values...: min / median / max
  local label=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v l="$label" '{ v[NR] = $1 } END { if (NR) printf "%-58s min %8.1f  median %8.1f  max %8.1f  (n=%d)\n", l, v[1], v[int((NR + 1) / 2)], v[NR], NR }'
}
transitions_to_master() {
  if [ "$impl" = havipd ]; then grep -c "event=transition.*to=master" "$HV_TMP/log.n2"
  else grep -c "Entering MASTER STATE" "$HV_TMP/log.n2"; fi
}

start 2
sleep 1
[ "$impl" = havipd ] && hd_replan 1 "$HV_TMP/n1.conf"
t=$(hd_now)
HD_REPLAN=0 start 1
wait_vips 1 "$n" 30 || { echo "scale.sh: host 1 did not take all $n VIPs" >&2; exit 1; }
startup=$(ms "$t" "$(hd_now)")
down1=$(awk -v a="$advert" 'BEGIN { printf "%.1f", (3 * a + (256 - 100) / 256 * a) * 1000 }')
wait_vips 2 0 30 || { echo "scale.sh: host 2 kept VIPs" >&2; exit 1; }
sleep 2

# CPU per advert in steady state (havipd's counters; keepalived: the capture).
cpu_ns() { local p s=0; for p in $(hd_pids "$1"); do s=$((s + $(hd_cpu_ns "$p"))); done; echo "$s"; }
if [ "$impl" = havipd ]; then
  read -r tx1a _ _ < <(hd_counters 1); read -r _ rx2a _ < <(hd_counters 2)
else
  ta=$(hd_now)
fi
c1a=$(cpu_ns 1); c2a=$(cpu_ns 2)
sleep "$idle_secs"
c1b=$(cpu_ns 1); c2b=$(cpu_ns 2)
if [ "$impl" = havipd ]; then
  read -r tx1b _ _ < <(hd_counters 1); read -r _ rx2b _ < <(hd_counters 2)
else
  tb=$(hd_now); sleep 0.1
  tx1a=0 rx2a=0
  tx1b=$(adverts 10.250.0.1 | awk -v a="$ta" -v b="$tb" '$1 + 0 >= a + 0 && $1 + 0 < b + 0 { c++ } END { print c + 0 }')
  rx2b=$tx1b
fi
cpu_line=$(awk -v c1=$((c1b - c1a)) -v c2=$((c2b - c2a)) -v t=$((tx1b - tx1a)) -v r=$((rx2b - rx2a)) -v s="$idle_secs" \
    'BEGIN { printf "steady %s s: master %d adverts sent, %.1f ms CPU/s, %.2f us CPU per advert sent; backup %d received, %.1f ms CPU/s, %.2f us per advert received",
             s, t, c1 / 1e6 / s, t ? c1 / 1e3 / t : 0, r, c2 / 1e6 / s, r ? c2 / 1e3 / r : 0 }')
# Resident memory in steady state (host 1 master), every process of each daemon.
rss_kib() { local p s=0; for p in $(hd_pids "$1"); do s=$((s + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status"))); done; echo "$s"; }
rss_line="VmRSS in steady state: host 1 (master) $(rss_kib 1) KiB, host 2 (backup) $(rss_kib 2) KiB"

kill_vrid=() kill_first=() kill_last=() term_last=() flaps=()
for ((r = 0; r < runs; r++)); do
  sleep "$(awk -v a="$advert" -v x="$RANDOM" 'BEGIN { print a * (1 + x / 32768) }')"  # any phase
  t=$(hd_now)
  hd_kill9 1
  wait_vips 2 "$n" 30 || { echo "scale.sh: host 2 did not take all VIPs after kill -9" >&2; exit 1; }
  sleep 0.3
  # Per VRID: VIP add on host 2 minus that VRID's last advert of host 1 before t + 0.1 s.
  vals=$(awk -v t="$t" 'FNR == NR { if ($1 + 0 <= t + 0.1 && $3 > 0) last[$2] = $1; next }
         { split($2, o, "."); v = o[3] * 250 + o[4] - 1; if (!(v in seen)) { seen[v] = 1; if (v in last) { d = $1 - last[v]; if (d > m) m = d } }
           if ($1 > lv) lv = $1; if (fv == "" || $1 < fv) fv = $1 }
         END { for (v in last) if (last[v] > la) la = last[v]; printf "%.1f %.1f %.1f\n", m * 1000, (fv - la) * 1000, (lv - la) * 1000 }' \
         <(adverts 10.250.0.1) <(vip_adds "$t"))
  read -r a b c <<<"$vals"
  kill_vrid+=("$a") kill_first+=("$b") kill_last+=("$c")
  # Preempt-back: host 2 (master of every instance) must not become master
  # again once one of its instances has gone back to backup.
  m0=$(transitions_to_master)
  start 1
  wait_vips 1 "$n" 30 || { echo "scale.sh: host 1 did not preempt" >&2; exit 1; }
  wait_vips 2 0 30 || { echo "scale.sh: host 2 kept VIPs after preempt" >&2; exit 1; }
  sleep "$(awk -v a="$advert" 'BEGIN { print a * 10 + 0.5 }')"
  # Flaps: host 2's transitions to master from host 1's start to 10 adverts after it settled.
  flaps+=("$(($(transitions_to_master) - m0))")
  # Graceful stop of host 1.
  t=$(hd_now)
  hd_stop 1 >/dev/null 2>&1
  wait_vips 2 "$n" 30 || { echo "scale.sh: host 2 did not take all VIPs after SIGTERM" >&2; exit 1; }
  sleep 0.3
  p0=$(adverts 10.250.0.1 | awk -v t="$t" '$1 + 0 >= t + 0 && $3 == 0 { print $1; exit }')
  lv=$(vip_adds "$t" | awk '$1 > m { m = $1 } END { print m }')
  [ -n "$p0" ] && [ -n "$lv" ] && term_last+=("$(ms "$p0" "$lv")")
  start 1
  wait_vips 1 "$n" 30 || { echo "scale.sh: host 1 did not preempt" >&2; exit 1; }
  wait_vips 2 0 30 || { echo "scale.sh: host 2 kept VIPs after preempt" >&2; exit 1; }
  sleep 1
done

echo "scale: $impl, $n instances x $advert s adverts, $runs runs; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "startup: host 1 start -> all $n VIPs on host 1: $startup ms (Master_Down_Interval $down1 ms)"
stats "kill -9: per VRID, last advert -> VIP on host 2 (ms)" "${kill_vrid[@]}"; echo "  bound $bound ms"
stats "kill -9: host 1's last advert -> host 2's first VIP (ms)" "${kill_first[@]}"
stats "kill -9: host 1's last advert -> host 2's last VIP (ms)" "${kill_last[@]}"
stats "SIGTERM: first priority-0 advert -> host 2's last VIP (ms)" "${term_last[@]}"
echo "$rss_line"
echo "preempt-back flaps (host 2 instances master again) per run: ${flaps[*]}"
echo "$cpu_line"
if [ "$impl" = havipd ]; then
  f="$HV_TMP/state.n2/stats"; rm -f "$f"; kill -USR1 "${HD_PID[2]}"; hv_wait_file "$f" 5; sleep 0.05
  grep -E "^loop " "$f" | sed 's/^/host 2 /'
  echo "error lines: host 1 $(grep -c 'level=error' "$HV_TMP/log.n1"), host 2 $(grep -c 'level=error' "$HV_TMP/log.n2")"
fi
kill "$cap_pid" 2>/dev/null
# HAVIP_BENCH_KEEP=DIR keeps the daemons' logs, the capture and the VIP monitor.
[ -n "${HAVIP_BENCH_KEEP:-}" ] && mkdir -p "$HAVIP_BENCH_KEEP" && cp "$HV_TMP"/log.n* "$HV_TMP/cap" "$HV_TMP/mon" "$HAVIP_BENCH_KEEP/"
hd_stop 1 >/dev/null 2>&1; hd_stop 2 >/dev/null 2>&1
