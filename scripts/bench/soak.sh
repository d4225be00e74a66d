#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Soak: two havipd nodes with N instances (VRRPv3, unicast, one /32 VIP each;
# host 1 priority 100 holds them all) left running for SECS seconds. Every
# SAMPLE seconds, per host: VmRSS, open file descriptors, CPU used since the
# last sample, adverts sent / received and transitions (havipd's stats file,
# SIGUSR1), and log lines. Nothing may grow with time: the summary compares
# the first sample after the settle with the last, and counts transitions
# and error lines after the settle (0 expected on a quiet pair).
# HAVIP_BENCH_RT=1 runs both daemons at SCHED_FIFO priority 10 (chrt), so
# other work on a shared machine does not make a backup take over.
# As root; the namespaces are removed on exit. Without SECS (as `make bench`
# runs it) it soaks for 600 s; README's figure is of an hour.
#   scripts/bench/soak.sh BUILD_DIR [N=255] [ADVERT=0.1] [SECS=600] [SAMPLE=60]
set -uo pipefail
build=${1:?usage: soak.sh BUILD_DIR [N] [ADVERT] [SECS] [SAMPLE]}
n=${2:-255}
advert=${3:-0.1}
secs=${4:-600}
every=${5:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hv_require
hd_init "$build/runtime/havipd" "$build/tests/integration/havip-test-plan"
hv_lan 2
for i in 1 2; do hd_conf_many "$i" "$n" "$advert" "$HV_TMP/n$i.conf"; done

vips_on() { ip -n "$(hv_ns "$1")" -4 -o addr show dev eth0 | grep -c " 10\.251\."; }
for i in 1 2; do
  hd_start "$i" havipd "$HV_TMP/n$i.conf"
  [ -n "${HAVIP_BENCH_RT:-}" ] && chrt -a -f -p 10 "${HD_PID[$i]}" >/dev/null
done
for ((k = 0; k < 1500; k++)); do [ "$(vips_on 1)" = "$n" ] && [ "$(vips_on 2)" = 0 ] && break; sleep 0.02; done
[ "$(vips_on 1)" = "$n" ] || { echo "soak.sh: host 1 holds $(vips_on 1) of $n VIPs" >&2; exit 1; }
sleep 5  # settled: the initial GARP bursts are over

sample() {  # HOST T → "rss_kib fds cpu_ns tx rx transitions errors lines"
  local p=${HD_PID[$1]}
  echo "$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status") $(ls "/proc/$p/fd" | wc -l) $(hd_cpu_ns "$p") $(hd_counters "$1" || echo 0 0 0) \
$(grep -c 'level=error' "$HV_TMP/log.n$1") $(wc -l <"$HV_TMP/log.n$1")"
}

echo "soak: havipd, $n instances x $advert s adverts, ${secs} s, a sample every ${every} s; $(nproc) CPUs"
printf '%7s | %-48s | %-48s\n' "t (s)" "host 1 (master): RSS KiB, fds, CPU ms/s, sent/s" "host 2 (backup): RSS KiB, fds, CPU ms/s, received/s"
declare -A first last prev
start=$(date +%s)
for i in 1 2; do prev[$i]=$(sample "$i"); first[$i]=${prev[$i]}; done
t0=$start
while :; do
  sleep "$every"
  now=$(date +%s)
  line=$(printf '%7d' $((now - start)))
  for i in 1 2; do
    [ -d "/proc/${HD_PID[$i]}" ] || { echo "soak.sh: host $i's havipd is gone" >&2; exit 1; }
    cur=$(sample "$i")
    read -r r f c tx rx _ _ _ <<<"$cur"
    read -r _ _ pc ptx prx _ _ _ <<<"${prev[$i]}"
    dt=$((now - t0))
    line+=$(awk -v r="$r" -v f="$f" -v c=$((c - pc)) -v s="$tx" -v ps="$ptx" -v x="$rx" -v px="$prx" -v i="$i" -v dt="$dt" \
      'BEGIN { printf " | %10d %5d %10.1f %10.0f          ", r, f, c / 1e6 / dt, (i == 1 ? s - ps : x - px) / dt }')
    prev[$i]=$cur
  done
  t0=$now
  echo "$line"
  [ $((now - start)) -ge "$secs" ] && break
done
for i in 1 2; do last[$i]=${prev[$i]}; done

echo "summary (first sample after the settle -> last, $(($(date +%s) - start)) s):"
for i in 1 2; do
  read -r r0 f0 c0 tx0 rx0 x0 e0 l0 <<<"${first[$i]}"
  read -r r1 f1 c1 tx1 rx1 x1 e1 l1 <<<"${last[$i]}"
  echo "  host $i: VmRSS $r0 -> $r1 KiB ($((r1 - r0)) KiB), fds $f0 -> $f1, transitions +$((x1 - x0)), error lines +$((e1 - e0)), log lines +$((l1 - l0)), CPU $(awk -v c=$((c1 - c0)) -v s=$(($(date +%s) - start)) 'BEGIN { printf "%.1f", c / 1e6 / s }') ms/s, adverts sent +$((tx1 - tx0)), received +$((rx1 - rx0))"
done
hd_stop 1 >/dev/null 2>&1; hd_stop 2 >/dev/null 2>&1
