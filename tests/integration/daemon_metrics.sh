#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havipd's Prometheus metrics on a live pair (VRRPv3 at 0.1 s):
#   1. host 1 (priority 100, a track script) serves /metrics on 127.0.0.1:955 (below
#      1024: the socket is opened before the privilege drop) and
#      writes a textfile every second; host 2 (priority 50) serves on its LAN
#      address (default port) and writes its textfile every 60 s, so a fresh
#      file on host 2 within 2 s of a transition is the on-transition write;
#   2. the scrapes and the textfiles pass `promtool check metrics` and say who
#      is master, with the adverts, GARPs and the plan checksum they should;
#   3. the listener answers 404, 405, 431 and HEAD as documented;
#   4. host 1's track script fails: host 1 goes FAULT, host 2 takes over;
#      the counters, track and script gauges follow; a SIGHUP counts a reload;
#   5. a real Prometheus server (if installed), run inside host 1's namespace
#      with a throwaway config and a data directory on a tmpfs, scrapes that
#      node's loopback listener; the test asks its HTTP API for havipd_up;
#   6. a graceful stop leaves havipd_up 0 in the textfile.
#   daemon_metrics.sh HAVIPD PLANTOOL
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
command -v curl >/dev/null || hv_skip "curl not installed"
PROMTOOL=$(command -v promtool) || hv_skip "promtool not installed (Debian package prometheus)"

PROM_MNT="$HV_TMP/prom"
prom_cleanup() { mountpoint -q "$PROM_MNT" 2>/dev/null && umount -l "$PROM_MNT"; }
trap 'prom_cleanup; hv_cleanup' EXIT

# Usage errors: exit 2 with the reason, before anything starts.
usage() {  # usage PATTERN ARGS...
  local pat=$1 rc
  shift
  "$HD_HAVIPD" "$@" /nonexistent.hvp >"$HV_TMP/out" 2>"$HV_TMP/err"
  rc=$?
  [ "$rc" = 2 ] && hv_has -- "$pat" "$HV_TMP/err" || { cat "$HV_TMP/err"; hv_fail "havipd $*: exit $rc, want 2 and '$pat'"; }
}
usage "is not an IP address" --metrics-listen localhost:9655
usage "is not an IP address" --metrics-listen 10.0.0.300
usage "port \`0\` is not 1-65535" --metrics-listen 127.0.0.1:0
usage "port \`x\` is not 1-65535" --metrics-listen 127.0.0.1:x
usage "in brackets" --metrics-listen ::1:9655
usage "without" --metrics-listen '[::1:9655'
usage "must end in .prom" --metrics-textfile /tmp/havipd.txt
usage "needs --metrics-textfile" --metrics-interval 5
usage "1-3600" --metrics-textfile /tmp/x.prom --metrics-interval 0
usage "empty value" --metrics-listen=
usage "empty value" --metrics-textfile ""
echo "ok: bad metrics options exit 2 with a reason"

hv_lan 3
hd_conf 1 "$HV_TMP/n1.conf" state=BACKUP prio=100 version=3 advert=0.1 track=1
hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 version=3 advert=0.1
TF1="$HV_TMP/state.n1/havipd.prom" TF2="$HV_TMP/state.n2/havipd.prom"
HD_OPTS[1]="--metrics-listen 127.0.0.1:955 --metrics-textfile $TF1 --metrics-interval 1"
HD_OPTS[2]="--metrics-listen 10.250.0.2 --metrics-textfile $TF2 --metrics-interval 60"
hd_start 1 havipd "$HV_TMP/n1.conf"
hd_start 2 havipd "$HV_TMP/n2.conf"
hd_assert_single 1 4 "election"

scrape() {  # scrape HOST URL OUT: body to OUT, headers to OUT.h
  hv_exec "$1" curl -sS --max-time 5 -D "$3.h" -o "$3" "$2" || hv_fail "curl $2 from host $1"
}
check() {  # check FILE WHAT: promtool on FILE
  "$PROMTOOL" check metrics <"$1" >"$1.promtool" 2>&1 || { cat "$1.promtool" >&2; hv_fail "promtool check metrics: $2"; }
}
val() {  # val FILE SERIES: the sample's value (the exact series text before the value)
  awk -v s="$2" 'index($0, s " ") == 1 { print $2; found = 1 } END { exit !found }' "$1"
}
expect() {  # expect FILE SERIES VALUE
  local v
  v=$(val "$1" "$2") || { hd_dump; hv_fail "$1: no sample $2"; }
  [ "$v" = "$3" ] || { hd_dump; hv_fail "$1: $2 is $v, want $3"; }
}
at_least() {  # at_least FILE SERIES MIN
  local v
  v=$(val "$1" "$2") || { hd_dump; hv_fail "$1: no sample $2"; }
  [ "${v%.*}" -ge "$3" ] || { hd_dump; hv_fail "$1: $2 is $v, want >= $3"; }
}
I='instance="VI_1",vrid="51"'

# A port in use stops a second havipd before it touches anything (host 1 keeps its VIP).
hd_replan 1 "$HV_TMP/n1.conf"
hv_exec 1 "$HD_HAVIPD" --state-dir "$HV_TMP/state.x" --metrics-listen 127.0.0.1:955 "${HD_PLAN[1]}" >"$HV_TMP/log.x" 2>&1
rc=$?
[ "$rc" = 1 ] && hv_has "metrics listener: bind 127.0.0.1:955: Address already in use" "$HV_TMP/log.x" ||
  { cat "$HV_TMP/log.x"; hv_fail "a second havipd on a used port: exit $rc"; }
[ "$(hd_holders)" = 1 ] || hv_fail "the refused havipd changed the VIP: holders '$(hd_holders)'"
hv_exec 1 "$HD_HAVIPD" --state-dir "$HV_TMP/state.x" --metrics-textfile "$HV_TMP/nodir/h.prom" "${HD_PLAN[1]}" >"$HV_TMP/log.x" 2>&1
rc=$?
[ "$rc" = 1 ] && hv_has "nodir/ is not a directory" "$HV_TMP/log.x" || { cat "$HV_TMP/log.x"; hv_fail "a textfile in a missing directory: exit $rc"; }
[ "$(hd_holders)" = 1 ] || hv_fail "the refused havipd changed the VIP: holders '$(hd_holders)'"
mkdir -p "$HV_TMP/theirs" && chown 65534:65534 "$HV_TMP/theirs" && chmod 0755 "$HV_TMP/theirs"
hv_exec 1 "$HD_HAVIPD" --state-dir "$HV_TMP/state.x" --metrics-textfile "$HV_TMP/theirs/h.prom" "${HD_PLAN[1]}" >"$HV_TMP/log.x" 2>&1
rc=$?
[ "$rc" = 1 ] && hv_has "is not writable by havipd's user" "$HV_TMP/log.x" ||
  { cat "$HV_TMP/log.x"; hv_fail "a textfile directory of another user: exit $rc"; }
[ "$(hd_holders)" = 1 ] || hv_fail "the refused havipd changed the VIP: holders '$(hd_holders)'"
echo "ok: a port in use, a textfile directory that does not exist or is another user's: exit 1 with the reason, nothing touched"

# 2. Scrapes and textfiles.
sleep 0.5
t0=$(date +%s%N)
scrape 1 http://127.0.0.1:955/metrics "$HV_TMP/m1"
t1=$(date +%s%N)
scrape 2 http://10.250.0.2:9655/metrics "$HV_TMP/m2"
echo "scrape of host 1: $(wc -c <"$HV_TMP/m1") bytes, $(((t1 - t0) / 1000)) us (curl in the namespace, process start included)"
hv_has -i '^HTTP/1.0 200 OK' "$HV_TMP/m1.h" || hv_fail "status: $(head -1 "$HV_TMP/m1.h")"
hv_has -i '^Content-Type: text/plain; version=0.0.4; charset=utf-8' "$HV_TMP/m1.h" || hv_fail "content type: $(cat "$HV_TMP/m1.h")"
check "$HV_TMP/m1" "host 1 scrape"
check "$HV_TMP/m2" "host 2 scrape"
expect "$HV_TMP/m1" "havipd_up" 1
expect "$HV_TMP/m1" "havipd_instance_state{$I,state=\"master\"}" 1
expect "$HV_TMP/m1" "havipd_instance_state{$I,state=\"backup\"}" 0
expect "$HV_TMP/m2" "havipd_instance_state{$I,state=\"backup\"}" 1
expect "$HV_TMP/m1" "havipd_instance_become_master_total{$I}" 1
expect "$HV_TMP/m1" "havipd_instance_priority{$I}" 100
expect "$HV_TMP/m1" "havipd_instance_effective_priority{$I}" 100
expect "$HV_TMP/m1" "havipd_instance_vips{$I}" 1
expect "$HV_TMP/m2" "havipd_instance_vips{$I}" 0
at_least "$HV_TMP/m1" "havipd_instance_adverts_sent_total{$I}" 3
at_least "$HV_TMP/m2" "havipd_instance_adverts_received_total{$I}" 3
at_least "$HV_TMP/m1" "havipd_instance_garp_sent_total{$I}" 1
expect "$HV_TMP/m1" "havipd_instance_track_up{$I,track=\"chk\",kind=\"script\"}" 1
expect "$HV_TMP/m1" "havipd_script_up{script=\"chk\"}" 1
expect "$HV_TMP/m1" "havipd_instance_adverts_dropped_total{$I,reason=\"bad_checksum\"}" 0
crc=$(od -An -tx4 -j12 -N4 "${HD_PLAN[1]}" | tr -d ' ')
expect "$HV_TMP/m1" "havipd_plan_info{node=\"n1\",checksum=\"0x$crc\"}" 1
last=$(val "$HV_TMP/m1" "havipd_instance_last_transition_timestamp_seconds{$I}")
now=$(date +%s)
awk -v l="$last" -v n="$now" 'BEGIN { exit !(l > n - 30 && l <= n + 1) }' || hv_fail "last transition $last, now $now"
echo "ok: scrapes pass promtool; host 1 master (plan 0x$crc), host 2 backup"

hv_wait_file "$TF1" 3 || hv_fail "no textfile on host 1"
[ "$(stat -c %a "$TF1")" = 644 ] || hv_fail "textfile mode $(stat -c %a "$TF1") (node_exporter must read it)"
check "$TF1" "host 1 textfile"
check "$TF2" "host 2 textfile"
expect "$TF1" "havipd_instance_state{$I,state=\"master\"}" 1
m_before=$(stat -c %Y.%y "$TF1")
sleep 1.5
[ "$(stat -c %Y.%y "$TF1")" != "$m_before" ] || hv_fail "host 1's textfile not rewritten within 1.5 s (--metrics-interval 1)"
ls "$HV_TMP/state.n1" | grep -q '\.tmp\.' && hv_fail "a temporary file left beside the textfile"
echo "ok: textfiles pass promtool, mode 644, rewritten every interval"

# havipd status: state files plus the textfile, for people and as JSON.
"$HD_HAVIPD" status --state-dir "$HV_TMP/state.n1" --metrics-textfile "$TF1" >"$HV_TMP/status" ||
  hv_fail "havipd status: exit $?"
cat "$HV_TMP/status"
hv_has -E '^node n1, plan 0x[0-9a-f]{8}, havipd up$' "$HV_TMP/status" || hv_fail "status: no node line"
hv_has -E '^VI_1 +51 +MASTER +100 +100 +1 +self +20[0-9-]+ [0-9:]+ UTC \([0-9]+s ago\)$' "$HV_TMP/status" ||
  hv_fail "status: VI_1 line"
# Host 1 started first: master by its down timer, or by preempting host 2 if that was quicker.
hv_has -E '^ +last transition: (master down timer|preempted lower priority master 10\.250\.0\.2)$' "$HV_TMP/status" ||
  hv_fail "status: VI_1's last transition"
"$HD_HAVIPD" status --state-dir "$HV_TMP/state.n2" --json >"$HV_TMP/status.json" || hv_fail "havipd status --json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["instances"][0]
assert i["instance"]=="VI_1" and i["state"]=="BACKUP" and i["priority"] is None and i["since"] > 0, d
assert i["master"]=="10.250.0.1", d
assert i["last_transition"]["reason"] in ("startup", "higher_priority_advert"), d' \
  "$HV_TMP/status.json" || hv_fail "status --json: $(cat "$HV_TMP/status.json")"
"$HD_HAVIPD" status --state-dir "$HV_TMP/nowhere" >/dev/null 2>"$HV_TMP/err"
[ $? = 2 ] && hv_has "nowhere" "$HV_TMP/err" || hv_fail "status on a missing directory: not exit 2 with the reason"
echo "ok: havipd status (table with the textfile, JSON from the state files alone)"

# 3. Everything but GET/HEAD /metrics.
code() { hv_exec 1 curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code http://127.0.0.1:955/)" = 404 ] || hv_fail "GET / is not 404"
[ "$(code http://127.0.0.1:955/metricsx)" = 404 ] || hv_fail "GET /metricsx is not 404"
[ "$(code -X POST -d x http://127.0.0.1:955/metrics)" = 405 ] || hv_fail "POST is not 405"
[ "$(code -H "X-Big: $(head -c 6000 /dev/zero | tr '\0' a)" http://127.0.0.1:955/metrics)" = 431 ] ||
  hv_fail "a 6000-byte header is not 431"
hv_exec 1 curl -sS --max-time 5 -I http://127.0.0.1:955/metrics >"$HV_TMP/head" || hv_fail "HEAD"
hv_has -i '^Content-Length: [1-9]' "$HV_TMP/head" || hv_fail "HEAD without Content-Length: $(cat "$HV_TMP/head")"
echo "ok: 404, 405, 431 and HEAD"

# 4. Host 1's track script fails: FAULT, host 2 takes over and writes its textfile at once.
touch "$HV_TMP/fail.n1"
hd_wait_holder 2 5 || { hd_dump; hv_fail "host 2 did not take over"; }
t_over=$(date +%s%N)
for ((k = 0; k < 100; k++)); do
  [ "$(val "$TF2" "havipd_instance_state{$I,state=\"master\"}" 2>/dev/null)" = 1 ] && break
  sleep 0.02
done
took=$((($(date +%s%N) - t_over) / 1000000))
expect "$TF2" "havipd_instance_state{$I,state=\"master\"}" 1
echo "ok: host 2's textfile said master ${took} ms after the VIP moved (interval 60 s: the on-transition write)"
scrape 1 http://127.0.0.1:955/metrics "$HV_TMP/m1b"
expect "$HV_TMP/m1b" "havipd_instance_state{$I,state=\"fault\"}" 1
expect "$HV_TMP/m1b" "havipd_instance_release_master_total{$I}" 1
expect "$HV_TMP/m1b" "havipd_instance_track_up{$I,track=\"chk\",kind=\"script\"}" 0
expect "$HV_TMP/m1b" "havipd_script_up{script=\"chk\"}" 0
expect "$HV_TMP/m1b" "havipd_instance_vips{$I}" 0
"$HD_HAVIPD" status --state-dir "$HV_TMP/state.n1" --json >"$HV_TMP/status1.json" || hv_fail "havipd status --json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["instances"][0]
assert i["state"]=="FAULT" and i["master"]=="-", d
assert i["last_transition"]=={"reason": "track_down", "detail": "track script chk failed"}, d' \
  "$HV_TMP/status1.json" || hv_fail "status --json after the fault: $(cat "$HV_TMP/status1.json")"
hd_replan 1 "$HV_TMP/n1.conf"
hd_hup 1
for ((k = 0; k < 100; k++)); do hv_has "event=reloaded" "$HV_TMP/log.n1" && break; sleep 0.02; done
scrape 1 http://127.0.0.1:955/metrics "$HV_TMP/m1c"
expect "$HV_TMP/m1c" 'havipd_reloads_total{result="ok"}' 1
expect "$HV_TMP/m1c" 'havipd_reloads_total{result="failed"}' 0
check "$HV_TMP/m1c" "host 1 after the failover"
echo "ok: FAULT, release_master, track and script gauges, reload counted"

# 5. A real Prometheus server scrapes host 1 (inside host 1's namespace).
if PROMETHEUS=$(command -v prometheus); then
  mkdir -p "$PROM_MNT"
  mount -t tmpfs -o size=64m tmpfs "$PROM_MNT" || hv_fail "cannot mount a tmpfs for Prometheus"
  # Host 1 listens on its loopback only: Prometheus runs in host 1's namespace for it.
  cat >"$PROM_MNT/prometheus1.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: havipd
    static_configs:
      - targets: ['127.0.0.1:955']
EOF
  hv_bg 1 "$HV_TMP/prom.log" "$PROMETHEUS" --config.file="$PROM_MNT/prometheus1.yml" \
    --storage.tsdb.path="$PROM_MNT/data" --web.listen-address=127.0.0.1:9090
  prom_pid=$HV_BG_PID
  ok=""
  for ((k = 0; k < 300; k++)); do
    r=$(hv_exec 1 curl -s --max-time 2 'http://127.0.0.1:9090/api/v1/query?query=havipd_up' 2>/dev/null)
    if [[ "$r" == *'"status":"success"'* && "$r" == *'"__name__":"havipd_up"'* && "$r" == *',"1"]'* ]]; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || { tail -20 "$HV_TMP/prom.log" >&2; hv_fail "Prometheus never returned havipd_up = 1: ${r:-no answer}"; }
  echo "ok: Prometheus scraped host 1: $r"
  r=$(hv_exec 1 curl -s --max-time 2 'http://127.0.0.1:9090/api/v1/targets?state=active')
  [[ "$r" == *'"health":"up"'* ]] || hv_fail "Prometheus's target is not up: $r"
  kill "$prom_pid"; wait "$prom_pid" 2>/dev/null
  prom_cleanup
else
  echo "note: prometheus not installed, the server scrape is left out"
fi

# 6. A graceful stop leaves havipd_up 0 behind.
hd_stop 2 || hv_fail "host 2 exit code $?"
expect "$TF2" "havipd_up" 0
check "$TF2" "host 2 textfile after the stop"
hv_has "level=error" "$HV_TMP/log.n1" "$HV_TMP/log.n2" && { hd_dump; hv_fail "an error was logged"; }
echo "ok: graceful stop: havipd_up 0 in the textfile"
hd_stop 1 || hv_fail "host 1 exit code $?"
echo "PASS"
