#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The scale table: scripts/bench/scale.sh once per (N instances, advert interval,
# daemon), havipd and keepalived side by side, printed as one markdown table with
# the machine's load (uptime) at the start and at the end. Every cell is
# "havipd / keepalived"; a figure is the median over the runs, the per-VRID
# kill -9 figure their maximum. A cell that fails (scale.sh's exit, or a daemon
# that never takes its VIPs) shows "—" and the reason in the last column; the
# grid goes on.
#   scripts/bench/scale-table.sh BUILD_DIR [N_LIST] [ADVERTS] [RUNS]
#     N_LIST   instance counts, e.g. "1 10 50" or 1,10,50 (HAVIP_SCALE_N, default 1 10 50 100 200 255)
#     ADVERTS  advert intervals in s (HAVIP_SCALE_ADVERTS, default 1 0.1)
#     RUNS     kill -9 / SIGTERM cycles per cell (HAVIP_SCALE_RUNS, default 1)
# HAVIP_SCALE_IMPLS (default "havipd keepalived") picks the daemons, HAVIP_SCALE_TIMEOUT
# (default 300 s) bounds a cell, HAVIP_SCALE_LOG=DIR keeps each cell's scale.sh output,
# HAVIP_BENCH_LOCK=FILE runs each cell under `flock FILE` (benchmarks that must not
# overlap); HAVIP_BENCH_RT and HAVIP_BENCH_IDLE go to scale.sh. As root.
set -uo pipefail
build=${1:?usage: scale-table.sh BUILD_DIR [N_LIST] [ADVERTS] [RUNS]}
ns_list=${2:-${HAVIP_SCALE_N:-1 10 50 100 200 255}}
adverts=${3:-${HAVIP_SCALE_ADVERTS:-1 0.1}}
runs=${4:-${HAVIP_SCALE_RUNS:-1}}
impls=${HAVIP_SCALE_IMPLS:-havipd keepalived}
cell_timeout=${HAVIP_SCALE_TIMEOUT:-300}
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "scale-table.sh: needs root" >&2; exit 2; }
command -v timeout >/dev/null || { echo "scale-table.sh: needs timeout (coreutils)" >&2; exit 2; }
if [ -n "${HAVIP_BENCH_LOCK:-}" ]; then
  command -v flock >/dev/null || { echo "scale-table.sh: HAVIP_BENCH_LOCK needs flock" >&2; exit 2; }
fi
read -r -a ns_arr <<<"${ns_list//,/ }"
read -r -a adv_arr <<<"${adverts//,/ }"
read -r -a impl_arr <<<"$impls"
out=$(mktemp -d /tmp/scale-table.XXXXXX)
trap 'rm -rf "$out"' EXIT
[ -n "${HAVIP_SCALE_LOG:-}" ] && mkdir -p "$HAVIP_SCALE_LOG"

load_start=$(uptime)
t_start=$(date +%s)
loads=()

# cell IMPL N ADVERT: runs scale.sh, leaves its output in $out/IMPL.N.ADVERT and
# its exit status, wall time and the load before it in $out/IMPL.N.ADVERT.rc.
cell() {
  local impl=$1 n=$2 adv=$3 f="$out/$1.$2.$3" t0 rc lock=()
  [ -n "${HAVIP_BENCH_LOCK:-}" ] && lock=(flock "$HAVIP_BENCH_LOCK")
  echo "== $impl, $n instances x $adv s, $runs run(s)" >&2
  t0=$(date +%s)
  "${lock[@]}" timeout "$cell_timeout" "$here/scale.sh" "$build" "$n" "$adv" "$runs" "$impl" >"$f" 2>&1
  rc=$?
  echo "$rc $(($(date +%s) - t0)) $(cut -d' ' -f1 /proc/loadavg)" >"$f.rc"
  sed 's/^/   /' "$f" >&2
  [ -n "${HAVIP_SCALE_LOG:-}" ] && cp "$f" "$HAVIP_SCALE_LOG/$impl.$n.$adv.txt"
  return 0
}

# Figures of one cell's output: "KEY VALUE" lines (VALUE "—" when absent).
figures() {
  awk '
    function med(line,   a) { if (match(line, /median +[-0-9.]+/)) { a = substr(line, RSTART, RLENGTH); sub(/median +/, "", a); return a } return "" }
    function mx(line,   a) { if (match(line, /max +[-0-9.]+/)) { a = substr(line, RSTART, RLENGTH); sub(/max +/, "", a); return a } return "" }
    /^startup: / { for (i = 1; i <= NF; i++) if ($i == "ms" && !su) { su = $(i - 1) } }
    /^kill -9: per VRID/ { vrid = mx($0) }
    /^  bound / { bound = $2 }
    /^kill -9: .*first VIP/ { first = med($0) }
    /^kill -9: .*last VIP/ { last = med($0) }
    /^SIGTERM: / { term = med($0) }
    /^VmRSS in steady state/ { for (i = 1; i <= NF; i++) if ($i == "KiB,") rm = $(i - 1); else if ($i == "KiB") rb = $(i - 1) }
    /^preempt-back flaps/ { s = $0; sub(/.*per run: */, "", s); k = split(s, a, " ")
                            for (i = 1; i <= k; i++) if (fl == "" || a[i] + 0 > fl) fl = a[i] + 0 }
    /^steady / { split($0, p, ";"); cm = p[1]; cb = p[2]
                 sub(/ ms CPU\/s.*/, "", cm); sub(/.* /, "", cm)
                 pm = p[1]; sub(/ us CPU per advert sent.*/, "", pm); sub(/.* /, "", pm)
                 cbm = cb; sub(/ ms CPU\/s.*/, "", cbm); sub(/.* /, "", cbm)
                 pb = cb; sub(/ us per advert received.*/, "", pb); sub(/.* /, "", pb) }
    function v(x) { return x == "" ? "—" : x }
    END { print "startup", v(su); print "bound", v(bound); print "first", v(first); print "last", v(last)
          print "vrid", v(vrid); print "term", v(term); print "flaps", v(fl)
          print "cpu_m", v(cm); print "cpu_b", v(cbm); print "us_sent", v(pm); print "us_recv", v(pb)
          print "rss_m", v(rm); print "rss_b", v(rb) }' "$1"
}

# Why a cell failed: its rc file and the last line scale.sh or the harness printed.
reason() {
  local f=$1 rc why
  read -r rc _ <"$f.rc"
  [ "$rc" = 0 ] && return 0
  why=$(grep -E "^(scale\.sh:|FAIL:|SKIP:)" "$f" | tail -1 | sed 's/^scale\.sh: //; s/|/\\|/g')
  [ "$rc" = 124 ] && why="timed out after ${cell_timeout} s${why:+; $why}"
  case $rc in 130 | 143) why="stopped by SIGINT/SIGTERM after $(cut -d' ' -f2 "$f.rc") s${why:+; $why}" ;; esac
  [ -n "$why" ] || why="exit $rc: $(tail -1 "$f" | sed 's/|/\\|/g')"
  echo "$why"
}

for adv in "${adv_arr[@]}"; do
  for n in "${ns_arr[@]}"; do
    for impl in "${impl_arr[@]}"; do
      loads+=("$(cut -d' ' -f1 /proc/loadavg)")
      cell "$impl" "$n" "$adv"
    done
  done
done
load_end=$(uptime)
loads+=("$(cut -d' ' -f1 /proc/loadavg)")

keys=(startup first last vrid term flaps cpu_m cpu_b us_sent us_recv rss_m rss_b)
impl_names=$(printf '%s / ' "${impl_arr[@]}"); impl_names=${impl_names% / }
echo
echo "Scale: ${ns_arr[*]} instances x ${adv_arr[*]} s adverts, $runs run(s) per cell, $(nproc) CPUs${HAVIP_BENCH_RT:+, SCHED_FIFO}, steady-state window ${HAVIP_BENCH_IDLE:-10} s; every cell $impl_names"
echo
echo "| N | advert s | startup ms | kill -9 first VIP ms | kill -9 last VIP ms | kill -9 per-VRID max ms (bound) | SIGTERM last VIP ms | preempt-back flaps | CPU ms/s master | CPU ms/s backup | µs CPU / advert sent | µs CPU / advert received | VmRSS KiB master | VmRSS KiB backup | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for adv in "${adv_arr[@]}"; do
  for n in "${ns_arr[@]}"; do
    declare -A fig=()
    bound="—" notes=""
    for impl in "${impl_arr[@]}"; do
      f="$out/$impl.$n.$adv"
      while read -r k val; do fig[$impl.$k]=$val; done < <(figures "$f")
      [ "${fig[$impl.bound]}" != "—" ] && bound=${fig[$impl.bound]}
      why=$(reason "$f")
      [ -n "$why" ] && notes="${notes:+$notes; }$impl failed: $why"
    done
    row="| $n | $adv"
    for k in "${keys[@]}"; do
      c=""
      for impl in "${impl_arr[@]}"; do c="${c:+$c / }${fig[$impl.$k]}"; done
      [ "$k" = vrid ] && c="$c ($bound)"
      row="$row | $c"
    done
    echo "$row | ${notes:-—} |"
    unset fig
  done
done
echo
total=$(($(date +%s) - t_start))
lo=$(printf '%s\n' "${loads[@]}" | sort -g | head -1)
hi=$(printf '%s\n' "${loads[@]}" | sort -g | tail -1)
echo "Load at start: ${load_start#*load average: }; at end: ${load_end#*load average: }; 1-min load before each cell: $lo–$hi"
echo "Total time: $((total / 60)) min $((total % 60)) s; per cell (s):$(for adv in "${adv_arr[@]}"; do for n in "${ns_arr[@]}"; do for impl in "${impl_arr[@]}"; do read -r _ s _ <"$out/$impl.$n.$adv.rc"; printf ' %s/%s/%s %s' "$impl" "$n" "$adv" "$s"; done; done; done)"
