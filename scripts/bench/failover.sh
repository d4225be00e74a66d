#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Failover figures, havipd pair vs keepalived pair (and the two mixed pairs),
# same namespaces, same configs
# (standing pair: host 1 MASTER priority 100, host 2 BACKUP priority 50, unicast;
# VRRPv2 with PASS at advert_int 1, VRRPv3 at advert_int 0.1). Times come from
# tcpdump on host 2 (kernel timestamps of the packets):
#   kill -9       host 1's daemon (every process) killed; "wire" = host 1's last
#                 advert -> host 2's first advert, compared with the protocol bound
#                 Master_Down_Interval = 3 x advert + (256 - 50)/256 x advert;
#                 "kill" = the kill -> host 2's first advert
#   graceful      SIGTERM to host 1: its priority-0 advert -> host 2's first advert
#   VmRSS         per node, every process of it, from /proc (settled, host 1 master)
#   idle CPU      per node, CPU time (user + kernel, which includes sending through
#                 the veth and bridge) over an idle window of HAVIP_BENCH_IDLE s
#                 (default 30), from /proc/PID/task/*/schedstat; the havipd pair
#                 and the keepalived pair run at the same time on one LAN
#   first advert  one node alone at priority 255 (address owner): exec -> first advert
# As root; the namespaces are removed on exit.
#   scripts/bench/failover.sh BUILD_DIR [RUNS]     (RUNS kill/graceful cycles, default 3)
set -uo pipefail
build=${1:?usage: failover.sh BUILD_DIR [RUNS]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
havipd="$build/runtime/havipd"
plantool="$build/tests/integration/havip-test-plan"
keepalived=${HAVIP_KEEPALIVED:-/usr/sbin/keepalived}
[ "$(id -u)" = 0 ] || { echo "failover.sh: needs root" >&2; exit 2; }
for t in "$havipd" "$plantool" "$keepalived"; do [ -x "$t" ] || { echo "failover.sh: $t missing" >&2; exit 2; }; done
command -v tcpdump >/dev/null || { echo "failover.sh: needs tcpdump" >&2; exit 2; }
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hd_init "$havipd" "$plantool"
idle_secs=${HAVIP_BENCH_IDLE:-30}

# Fresh namespaces for each measurement set.
teardown() {
  local p ns
  for p in "${HV_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for p in "${HV_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  for ns in "${HV_NAMESPACES[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  HV_PIDS=() HV_NAMESPACES=()
  rm -f "$HV_TMP"/log.* "$HV_TMP"/notify.* "$HV_TMP"/cap.* "$HV_TMP"/ka.*
}
set_no=0
fresh_lan() { teardown; set_no=$((set_no + 1)); HV_PREFIX="hvbench-$$-$set_no-"; hv_lan 2; }

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
cap_start() {  # tcpdump on host 2: everything VRRP
  hv_bg 2 "$HV_TMP/cap" tcpdump -l -U -n -tt -i eth0 'ip proto 112'
  local k
  for ((k = 0; k < 300; k++)); do grep -q "listening on" "$HV_TMP/cap" 2>/dev/null && break; sleep 0.01; done
}
# adverts SRC: "time prio" of every advert from SRC seen on host 2.
adverts() { awk -v s="$1" '$3 == s && /VRRP/ { for (i = 1; i <= NF; i++) if ($i == "prio") { p = $(i + 1); sub(",", "", p) } print $1, p }' "$HV_TMP/cap"; }
last_before() { adverts "$1" | awk -v t="$2" '$1 + 0 <= t + 0 && $2 > 0 { l = $1 } END { print l }'; }
first_after() { adverts "$1" | awk -v t="$2" '$1 + 0 > t + 0 { print $1; exit }'; }
prio0_after() { adverts "$1" | awk -v t="$2" '$1 + 0 >= t + 0 && $2 == 0 { print $1; exit }'; }
wait_first_after() {  # SRC T SECS
  local k f
  for ((k = 0; k < $3 * 100; k++)); do f=$(first_after "$1" "$2"); [ -n "$f" ] && { echo "$f"; return 0; }; sleep 0.01; done
  return 1
}
node_pids() {  # every process of host I's daemon
  local i=$1
  if [ "${HD_KIND[$i]}" = keepalived ]; then cat "$HV_TMP/ka.n$i.pid" "$HV_TMP/ka.n$i.vrrp.pid" 2>/dev/null
  else echo "${HD_PID[$i]}"; fi
}
rss_kib() { local p s=0 v; for p in $(node_pids "$1"); do v=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status"); s=$((s + v)); done; echo "$s"; }
cpu_ns() { local p t s=0; for p in $(node_pids "$1"); do for t in /proc/"$p"/task/*/schedstat; do s=$((s + $(cut -d' ' -f1 "$t"))); done; done; echo "$s"; }
stats() {  # label values...: min / median / max
  local label=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v l="$label" '{ v[NR] = $1 } END { if (NR) printf "%-62s min %8.1f  median %8.1f  max %8.1f  (n=%d)\n", l, v[1], v[int((NR + 1) / 2)], v[NR], NR }'
}

results=()
measure() {  # IMPL1 IMPL2 VERSION ADVERT (host 1 runs IMPL1, the master; host 2 IMPL2)
  local impl=$1 impl2=$2 version=$3 advert=$4 bound i t k last first p0 f label
  local kill_wire=() kill_from=() grace=()
  bound=$(awk -v a="$advert" 'BEGIN { printf "%.1f", (3 * a + (256 - 50) / 256 * a) * 1000 }')
  fresh_lan
  hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100 version="$version" advert="$advert"
  hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 version="$version" advert="$advert"
  # No notify scripts in the figures: they are the same work for both.
  sed -i '/notify_/d' "$HV_TMP/n1.conf" "$HV_TMP/n2.conf"
  cap_start
  hd_start 1 "$impl" "$HV_TMP/n1.conf"
  hd_start 2 "$impl2" "$HV_TMP/n2.conf"
  hd_wait_holder 1 15 || { hd_dump; echo "no election" >&2; return 1; }
  sleep 1
  label="$impl v$version $advert s"
  [ "$impl" = "$impl2" ] || label="$impl master, $impl2 backup, v$version $advert s"
  for ((i = 0; i < runs; i++)); do
    # kill -9 of the master; host 2 takes over.
    sleep "$(awk -v a="$advert" -v r="$RANDOM" 'BEGIN { print a * (1 + r / 32768) }')"  # any phase of the advert cycle
    t=$(date +%s.%N)
    hd_kill9 1
    f=$(wait_first_after 10.250.0.2 "$t" 15) || { echo "no takeover after kill -9" >&2; hd_dump; return 1; }
    # Host 1's last advert is the last one seen before the takeover: one may
    # leave between the clock reading and the kill.
    last=$(last_before 10.250.0.1 "$f")
    kill_wire+=("$(ms "$last" "$f")") kill_from+=("$(ms "$t" "$f")")
    # Host 1 returns and preempts; then the graceful stop.
    hd_start 1 "$impl" "$HV_TMP/n1.conf"
    hd_wait_holder 1 15 || { hd_dump; echo "host 1 did not preempt" >&2; return 1; }
    sleep "$(awk -v a="$advert" 'BEGIN { print a * 2 }')"
    t=$(date +%s.%N)
    hd_stop 1
    f=$(wait_first_after 10.250.0.2 "$t" 15) || { echo "no takeover after SIGTERM" >&2; hd_dump; return 1; }
    p0=$(prio0_after 10.250.0.1 "$t")
    [ -n "$p0" ] && grace+=("$(ms "$p0" "$f")")
    hd_start 1 "$impl" "$HV_TMP/n1.conf"
    hd_wait_holder 1 15 || { hd_dump; echo "host 1 did not preempt" >&2; return 1; }
    sleep 0.5
  done
  results+=("$(stats "$label: kill -9, last advert -> takeover (ms)" "${kill_wire[@]}") bound $bound")
  results+=("$(stats "$label: kill -9, kill -> takeover (ms)" "${kill_from[@]}")")
  results+=("$(stats "$label: graceful, prio 0 -> takeover (ms)" "${grace[@]}")")
  hd_stop 1 >/dev/null 2>&1; hd_stop 2 >/dev/null 2>&1
}

# VmRSS and idle CPU of both pairs at once, on one LAN (hosts 1-2 havipd, 3-4
# keepalived, VRIDs 51 and 61): whatever else the machine does weighs on both.
idle_side_by_side() {  # VERSION ADVERT
  local version=$1 advert=$2 i c0 c1
  teardown; set_no=$((set_no + 1)); HV_PREFIX="hvbench-$$-$set_no-"; hv_lan 4
  hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100 version="$version" advert="$advert"
  hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 version="$version" advert="$advert"
  sed -i '/notify_/d' "$HV_TMP/n1.conf" "$HV_TMP/n2.conf"
  sed -e 's/10\.250\.0\.1$/10.250.0.3/; s/10\.250\.0\.2$/10.250.0.4/; s/10\.250\.0\.1\b/10.250.0.3/; s/10\.250\.0\.2\b/10.250.0.4/' \
      -e 's/virtual_router_id 51/virtual_router_id 61/; s/10\.250\.0\.100/10.250.0.101/' "$HV_TMP/n1.conf" >"$HV_TMP/n3.conf"
  sed -e 's/10\.250\.0\.1\b/10.250.0.3/; s/10\.250\.0\.2\b/10.250.0.4/' \
      -e 's/virtual_router_id 51/virtual_router_id 61/; s/10\.250\.0\.100/10.250.0.101/' "$HV_TMP/n2.conf" >"$HV_TMP/n4.conf"
  hd_start 1 havipd "$HV_TMP/n1.conf"; hd_start 2 havipd "$HV_TMP/n2.conf"
  hd_start 3 keepalived "$HV_TMP/n3.conf"; hd_start 4 keepalived "$HV_TMP/n4.conf"
  hd_wait_holder 1 15 || { hd_dump; echo "no havipd election" >&2; return 1; }
  for ((i = 0; i < 750; i++)); do ip -n "$(hv_ns 3)" -4 -o addr show | hv_has " 10.250.0.101/" && break; sleep 0.02; done
  sleep 2
  declare -A cpu0 rss
  for i in 1 2 3 4; do cpu0[$i]=$(cpu_ns "$i"); rss[$i]=$(rss_kib "$i"); done
  sleep "$idle_secs"
  local per_min=()
  for i in 1 2 3 4; do per_min[$i]=$(awk -v a="${cpu0[$i]}" -v b="$(cpu_ns "$i")" -v s="$idle_secs" 'BEGIN { printf "%.1f", (b - a) / 1e6 * 60 / s }'); done
  results+=("$(printf 'v%s %-4s idle %ss  havipd:     VmRSS master %5d KiB, backup %5d KiB; CPU master %6.1f ms/min, backup %5.1f ms/min' \
    "$version" "$advert" "$idle_secs" "${rss[1]}" "${rss[2]}" "${per_min[1]}" "${per_min[2]}")")
  results+=("$(printf 'v%s %-4s idle %ss  keepalived: VmRSS master %5d KiB, backup %5d KiB; CPU master %6.1f ms/min, backup %5.1f ms/min' \
    "$version" "$advert" "$idle_secs" "${rss[3]}" "${rss[4]}" "${per_min[3]}" "${per_min[4]}")")
}

first_advert() {  # IMPL: one node, priority 255, exec -> first advert on the wire
  local impl=$1 i t0 f vals=()
  for ((i = 0; i < runs + 2; i++)); do
    fresh_lan
    hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=255 version=3 advert=1
    sed -i '/notify_/d' "$HV_TMP/n1.conf"
    [ "$impl" = havipd ] && hd_replan 1 "$HV_TMP/n1.conf"
    cap_start
    # The peer's MAC known and the bridge forwarding, as on a running LAN: the
    # figure is the daemon's own start-up, not ARP resolution.
    hv_exec 1 ping -c 1 -W 1 10.250.0.2 >/dev/null 2>&1
    if [ "$impl" = havipd ]; then
      mkdir -p "$HV_TMP/state.n1"
      hv_bg 1 "$HV_TMP/log.n1" sh -c 'date +%s.%N >"$0"; exec "$@"' "$HV_TMP/t0" "$havipd" --state-dir "$HV_TMP/state.n1" "${HD_PLAN[1]}"
    else
      hv_bg 1 "$HV_TMP/log.n1" sh -c 'date +%s.%N >"$0"; exec "$@"' "$HV_TMP/t0" "$keepalived" -n -l -D -f "$HV_TMP/n1.conf" \
        -p "$HV_TMP/ka.n1.pid" -r "$HV_TMP/ka.n1.vrrp.pid"
    fi
    f=$(wait_first_after 10.250.0.1 0 10) || { echo "$impl: no advert" >&2; continue; }
    t0=$(cat "$HV_TMP/t0")
    vals+=("$(ms "$t0" "$f")")
  done
  results+=("$(stats "$impl start (exec) -> first advert, owner (ms)" "${vals[@]}")")
}

idle_side_by_side 2 1
idle_side_by_side 3 0.1
for pair in "havipd havipd" "keepalived keepalived" "havipd keepalived" "keepalived havipd"; do
  echo "== $pair" >&2
  measure $pair 2 1
  measure $pair 3 0.1
done
for impl in havipd keepalived; do first_advert "$impl"; done
teardown
echo
echo "failover figures ($runs runs each; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${results[@]}"
