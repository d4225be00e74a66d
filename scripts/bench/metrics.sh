#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What havipd's metrics listener costs, with INSTANCES instances (VRRPv3, 0.1 s
# adverts, one VIP each) on a pair in network namespaces. Host 1 (master of all)
# runs with --metrics-listen (unless METRICS=0) and is scraped SCRAPES times in a
# row by a Python client in its namespace; prints bytes per scrape, scrape
# latency (median, p99, max), havipd's CPU per scrape (utime+stime over the run,
# minus the same time idle), VmRSS before and after, and the loop's max lag.
# As root; the namespaces are removed on exit.
#   [METRICS=0] [TEXTFILE=1] scripts/bench/metrics.sh BUILD_DIR [INSTANCES] [SCRAPES]
set -uo pipefail
build=${1:?usage: metrics.sh BUILD_DIR [INSTANCES] [SCRAPES]}
n=${2:-255}
scrapes=${3:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/integration/netns.sh"
. "$root/tests/integration/havipd_lib.sh"
hv_require
hd_init "$build/runtime/havipd" "$build/tests/integration/havip-test-plan"
hv_lan 3
for i in 1 2; do hd_conf_many "$i" "$n" 0.1 "$HV_TMP/n$i.conf"; done
[ "${METRICS:-1}" = 0 ] || HD_OPTS[1]="--metrics-listen 127.0.0.1:9655"
# TEXTFILE=1: host 1 also writes its textfile every second (the "files" line shows the writes).
[ "${TEXTFILE:-0}" = 0 ] || HD_OPTS[1]+=" --metrics-textfile $HV_TMP/state.n1/havipd.prom --metrics-interval 1"
hd_start 1 havipd "$HV_TMP/n1.conf"
sleep 2
hd_start 2 havipd "$HV_TMP/n2.conf"
sleep 3
pid=${HD_PID[1]}
hz=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
rss0=$(rss)
c0=$(cpu); sleep 5; c1=$(cpu)
idle_per_s=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.4f", (b - a) / hz / 5 }')
echo "instances: $n; host 1 metrics listener: ${METRICS:-1}"
echo "host 1 idle CPU: ${idle_per_s} s/s; VmRSS ${rss0} KiB"
if [ "${METRICS:-1}" != 0 ]; then
  cat >"$HV_TMP/scrape.py" <<'EOF'
import socket, sys, time
n = int(sys.argv[1]); lat = []; size = 0
for _ in range(n):
    t = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", 9655))
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
    buf = bytearray()
    while True:
        d = s.recv(1 << 16)
        if not d: break
        buf += d
    s.close()
    lat.append(time.perf_counter() - t)
    size = len(buf) - buf.index(b"\r\n\r\n") - 4
lat.sort()
t_all = sum(lat)
print(f"{size} {lat[len(lat)//2]*1e3:.2f} {lat[int(len(lat)*0.99)-1]*1e3:.2f} {lat[-1]*1e3:.2f} {t_all:.3f}")
EOF
  lag() { hv_exec 1 curl -s http://127.0.0.1:9655/metrics | awk '/^havipd_loop_(lag_max_seconds|late_timers_total) / { printf "%s=%s ", $1, $2 }'; }
  echo "before the scrapes: $(lag)"
  c0=$(cpu); t0=$(date +%s.%N)
  read -r size med p99 max busy < <(hv_exec 1 python3 "$HV_TMP/scrape.py" "$scrapes")
  c1=$(cpu); t1=$(date +%s.%N)
  awk -v a="$c0" -v b="$c1" -v hz="$hz" -v t0="$t0" -v t1="$t1" -v idle="$idle_per_s" -v k="$scrapes" \
    -v size="$size" -v med="$med" -v p99="$p99" -v max="$max" 'BEGIN {
      used = (b - a) / hz - idle * (t1 - t0)
      printf "%d scrapes: %d bytes each; latency median %s ms, p99 %s ms, max %s ms\n", k, size, med, p99, max
      printf "havipd CPU per scrape: %.2f ms (%.2f s over %.2f s, idle share removed)\n", used / k * 1000, (b - a) / hz, t1 - t0 }'
  echo "host 1 VmRSS after the scrapes: $(rss) KiB (before: $rss0 KiB)"
  echo "after the scrapes: $(lag)"
fi
kill -USR1 "$pid"; sleep 0.5
grep -E '^(loop|files) ' "$HV_TMP/state.n1/stats"
hd_stop 2 >/dev/null; hd_stop 1 >/dev/null
