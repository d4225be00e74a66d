#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The chaos harness's machinery (sourced after tests/integration/netns.sh).
# Two pairs side by side, at the same time, with the same configuration: pair h
# runs two havipd, pair k two keepalived. Each pair has its own LAN (bridge)
# with hosts n1 and n2 (VRRP, 10.250.0.1 and .2, VIP 10.250.0.100) and n3, the
# client, which pings the VIP every 20 ms and captures the adverts.
#
#   cx_init HAVIPD PLANTOOL           tool paths; skips (77) when something is missing
#   cx_setup VERSION ADVERT PRIO1 PRIO2 [slowfs]   fresh LANs and configs for both pairs
#   cx_start [race]                   starts the four daemons (race: n1 and n2 of a
#                                     pair in the same millisecond)
#   cx_wait_single SECS               until both pairs have exactly one holder
#   cx_master P                       the host (1 or 2) holding pair P's VIP
#   cx_fault_* / cx_heal_*            the faults (see chaos.sh)
#   cx_restart_killed P I             SIGKILL host I's daemon and start it again
#   cx_stop_all                       SIGTERM every daemon, counts the VIPs left (stale)
#   cx_metrics P FROM FAULT_END TO    one line of figures for pair P
set -uo pipefail

CX_VIP=10.250.0.100
CX_KEEPALIVED=${HAVIP_KEEPALIVED:-/usr/sbin/keepalived}
CX_BASE="hvchaos-$$"
CX_PAIRS="h k"
declare -A CX_PID CX_STALE CX_NFQ_PID
CX_RUN=0 CX_RESTARTS=0
CX_NFQ="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/nfq_delay.py"

cx_init() {
  CX_HAVIPD=$1 CX_PLANTOOL=$2
  [ -x "$CX_HAVIPD" ] || hv_skip "havipd not built: $CX_HAVIPD"
  [ -x "$CX_PLANTOOL" ] || hv_skip "havip-test-plan not built: $CX_PLANTOOL"
  [ -x "$CX_KEEPALIVED" ] || hv_skip "keepalived not installed ($CX_KEEPALIVED)"
  local t
  for t in tcpdump ping nft; do command -v "$t" >/dev/null || hv_skip "$t not installed"; done
  # The delay fault needs iptables (NFQUEUE) and python3; only it skips without them.
  CX_HAVE_NFQ=1
  for t in iptables python3; do command -v "$t" >/dev/null || CX_HAVE_NFQ=0; done
}

cx_ns() { echo "${CX_BASE}-$1-n$2"; }
cx_exec() {
  local p=$1 i=$2; shift 2
  ip netns exec "$(cx_ns "$p" "$i")" "$@"
}
cx_dir() { echo "$HV_TMP/run$CX_RUN/$1"; }
cx_now() { date +%s.%N; }

cx_conf() {
  local p=$1 i=$2 version=$3 advert=$4 prio=$5 out=$6
  {
    echo "global_defs {"
    echo "  router_id $p-n$i"
    echo "  script_user root"
    echo "}"
    echo "vrrp_instance VI_1 {"
    echo "  state BACKUP"
    echo "  interface eth0"
    echo "  virtual_router_id 51"
    echo "  priority $prio"
    echo "  advert_int $advert"
    [ "$version" = 3 ] && echo "  version 3"
    echo "  virtual_ipaddress {"
    echo "    $CX_VIP/32"
    echo "  }"
    echo "  garp_master_delay 1"
    echo "  garp_master_repeat 3"
    echo "  garp_lower_prio_delay 5"
    echo "  garp_lower_prio_repeat 1"
    echo "}"
  } >"$out"
}

# cx_setup VERSION ADVERT PRIO1 PRIO2 [slowfs]: new namespaces (the previous
# run's are removed), configs, plans, recorders.
cx_setup() {
  local version=$1 advert=$2 prio1=$3 prio2=$4 slowfs=${5:-}
  cx_teardown
  CX_RUN=$((CX_RUN + 1))
  CX_ADVERT=$advert CX_VERSION=$version CX_SLOWFS=$slowfs
  local p i d
  for p in $CX_PAIRS; do
    d=$(cx_dir "$p")
    mkdir -p "$d"
    HV_PREFIX="${CX_BASE}-$p-"
    hv_lan 3
    for i in 1 2; do
      cx_conf "$p" "$i" "$version" "$advert" "$([ "$i" = 1 ] && echo "$prio1" || echo "$prio2")" "$d/n$i.conf"
      if [ "$p" = h ]; then
        mkdir -p "$d/plan.n$i"
        "$CX_PLANTOOL" "$d/plan.n$i" "$d/n$i.conf" >"$d/plan.n$i/node" 2>"$d/plan.n$i/err" \
          || { cat "$d/plan.n$i/err" >&2; hv_fail "plan for $p n$i"; }
      fi
    done
  done
  if [ -n "$slowfs" ]; then
    # havipd's state dirs on a small ext4 that cx_freeze_disk freezes.
    d=$(cx_dir h)
    mkdir -p "$d/fs"
    truncate -s 16M "$d/fs.img"
    mkfs.ext4 -q -F "$d/fs.img" >/dev/null 2>&1 || hv_skip "mkfs.ext4 failed"
    mount -o loop "$d/fs.img" "$d/fs" || hv_skip "cannot loop-mount a file system here"
    CX_MOUNT="$d/fs"
  fi
  # Recorders: VIP add/del per VRRP host, the client's pings and the adverts it sees.
  for p in $CX_PAIRS; do
    d=$(cx_dir "$p")
    for i in 1 2; do
      TZ=UTC0 ip -ts -n "$(cx_ns "$p" "$i")" monitor address >"$d/mon.n$i" 2>&1 &
      HV_PIDS+=("$!")
      disown
    done
    ip netns exec "$(cx_ns "$p" 3)" ping -n -D -i 0.02 -W 1 "$CX_VIP" >"$d/ping" 2>&1 &
    HV_PIDS+=("$!")
    disown
    ip netns exec "$(cx_ns "$p" 3)" tcpdump -l -U -n -tt -i eth0 'ip proto 112' >"$d/adverts" 2>"$d/tcpdump.err" &
    HV_PIDS+=("$!")
    disown
  done
  for p in $CX_PAIRS; do
    local k
    for ((k = 0; k < 300; k++)); do grep -q "listening on" "$(cx_dir "$p")/tcpdump.err" 2>/dev/null && break; sleep 0.01; done
  done
}

cx_teardown() {
  local p
  for p in "${CX_PID[@]}" "${CX_NFQ_PID[@]}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null; done
  CX_PID=() CX_NFQ_PID=()
  if [ -n "${CX_MOUNT:-}" ]; then
    fsfreeze -u "$CX_MOUNT" 2>/dev/null
    umount -l "$CX_MOUNT" 2>/dev/null
    CX_MOUNT=""
  fi
  local ns
  for ns in "${HV_NAMESPACES[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  HV_NAMESPACES=()
  for p in "${HV_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  HV_PIDS=()
}

# The command line that starts host I of pair P.
cx_cmd() {
  local p=$1 i=$2 d
  d=$(cx_dir "$p")
  if [ "$p" = h ]; then
    local state="$d/state.n$i"
    [ -n "$CX_SLOWFS" ] && state="$CX_MOUNT/n$i"
    mkdir -p "$state"
    echo "$CX_HAVIPD --state-dir $state $d/plan.n$i/$(head -1 "$d/plan.n$i/node").hvp"
  else
    echo "$CX_KEEPALIVED -n -l -D -f $d/n$i.conf -p $d/ka.n$i.pid -r $d/ka.n$i.vrrp.pid"
  fi
}

# cx_start [race]: every daemon of both pairs; race: all four block opening one
# FIFO and the kernel releases them together when it is opened for writing
# (n1 and n2 of a pair start within the same millisecond).
cx_start() {
  local race=${1:-} p i go
  go="$HV_TMP/run$CX_RUN/go"
  [ -n "$race" ] && mkfifo "$go"
  for p in $CX_PAIRS; do
    for i in 1 2; do
      local cmd
      cmd=$(cx_cmd "$p" "$i")
      # ip netns exec execs the command: $! is the daemon itself.
      if [ -n "$race" ]; then
        ip netns exec "$(cx_ns "$p" "$i")" bash -c "read -r _ <$go; exec $cmd" >"$(cx_dir "$p")/log.n$i" 2>&1 &
      else
        ip netns exec "$(cx_ns "$p" "$i")" $cmd >"$(cx_dir "$p")/log.n$i" 2>&1 &
      fi
      CX_PID[$p$i]=$!
    done
  done
  if [ -n "$race" ]; then
    sleep 0.3
    CX_T_START=$(cx_now)
    exec 9>"$go"
    exec 9>&-
  else
    CX_T_START=$(cx_now)
  fi
}

# Processes of host I's daemon in pair P (keepalived has a VRRP child).
cx_pids() {
  local p=$1 i=$2 d
  d=$(cx_dir "$p")
  echo "${CX_PID[$p$i]}"
  if [ "$p" = k ] && [ -f "$d/ka.n$i.vrrp.pid" ]; then cat "$d/ka.n$i.vrrp.pid"; fi
}

cx_has_vip() { ip -n "$(cx_ns "$1" "$2")" -o addr show 2>/dev/null | grep " $CX_VIP/" >/dev/null; }
cx_holders() {
  local p=$1 out="" i
  for i in 1 2; do cx_has_vip "$p" "$i" && out="$out $i"; done
  echo "${out# }"
}
cx_master() { cx_holders "$1"; }

cx_wait_single() {
  local secs=$1 k p ok
  for ((k = 0; k < secs * 50; k++)); do
    ok=1
    for p in $CX_PAIRS; do [[ "$(cx_holders "$p")" =~ ^[12]$ ]] || ok=0; done
    [ "$ok" = 1 ] && return 0
    sleep 0.02
  done
  return 1
}

# Faults, each applied to one pair (the scenarios apply them to both at once).
cx_nft() {
  local p=$1 i=$2 rule=$3
  cx_exec "$p" "$i" nft -f - <<EOF
add table netdev chaos
add chain netdev chaos in { type filter hook ingress device eth0 priority 0 ; }
add rule netdev chaos in $rule
EOF
}
cx_nft_flush() { cx_exec "$1" "$2" nft delete table netdev chaos 2>/dev/null; }
# Random loss of N % of the adverts each VRRP host receives.
cx_fault_loss() { local p=$1 n=$2; cx_nft "$p" 1 "ip protocol 112 numgen random mod 100 < $n drop"; cx_nft "$p" 2 "ip protocol 112 numgen random mod 100 < $n drop"; }
cx_heal_loss() { cx_nft_flush "$1" 1; cx_nft_flush "$1" 2; }
# One-way partition: the other host stops hearing master M (M still hears it, the client still reaches M).
cx_fault_partition() { local p=$1 m=$2; cx_nft "$p" "$((3 - m))" "ip saddr 10.250.0.$m drop"; }
cx_heal_partition() { cx_nft_flush "$1" "$((3 - $2))"; }
# VM freeze: the daemon's processes stop (its kernel, and so the VIP, stays).
cx_fault_freeze() { kill -STOP $(cx_pids "$1" "$2") 2>/dev/null; }
cx_heal_freeze() { kill -CONT $(cx_pids "$1" "$2") 2>/dev/null; }
cx_fault_flap() { ip -n "$(cx_ns "$1" "$2")" link set eth0 down; }
cx_heal_flap() { ip -n "$(cx_ns "$1" "$2")" link set eth0 up; }
# Delay with jitter: the adverts each VRRP host of pair P receives are held
# MIN..MAX s (uniform, so they can overtake each other) by nfq_delay.py on an
# NFQUEUE queue (iptables' NFQUEUE target; this kernel has nft's queue
# statement off, and no netem). Both hosts draw from the same seed per pair.
cx_fault_delay() {
  local p=$1 lo=$2 hi=$3 i k d
  d=$(cx_dir "$p")
  for i in 1 2; do
    cx_exec "$p" "$i" iptables -w -A INPUT -p 112 -j NFQUEUE --queue-num 0 --queue-bypass
    cx_exec "$p" "$i" python3 "$CX_NFQ" 0 "$lo" "$hi" "$((CX_RUN * 10 + i))" >"$d/nfq.n$i" 2>&1 &
    CX_NFQ_PID[$p$i]=$!
  done
  for i in 1 2; do
    for ((k = 0; k < 250; k++)); do grep -q ready "$d/nfq.n$i" 2>/dev/null && break; sleep 0.02; done
  done
}
cx_heal_delay() {
  local p=$1 i
  for i in 1 2; do
    cx_exec "$p" "$i" iptables -w -F INPUT
    # The queue lets what it holds go at once when told to stop.
    [ -n "${CX_NFQ_PID[$p$i]:-}" ] && { kill -TERM "${CX_NFQ_PID[$p$i]}" 2>/dev/null; wait "${CX_NFQ_PID[$p$i]}" 2>/dev/null; }
    CX_NFQ_PID[$p$i]=""
  done
}
# A crash loop: host I's daemon of pair P killed (SIGKILL, every process of
# it) and started again at once, its VIP left behind for the new one to find.
cx_restart_killed() {
  local p=$1 i=$2 k
  kill -9 $(cx_pids "$p" "$i") 2>/dev/null
  for ((k = 0; k < 100; k++)); do kill -0 "${CX_PID[$p$i]}" 2>/dev/null || break; sleep 0.005; done
  local cmd
  cmd=$(cx_cmd "$p" "$i")
  ip netns exec "$(cx_ns "$p" "$i")" $cmd >>"$(cx_dir "$p")/log.n$i" 2>&1 &
  CX_PID[$p$i]=$!
  CX_RESTARTS=$((CX_RESTARTS + 1))
}
cx_freeze_disk() { [ -n "${CX_MOUNT:-}" ] && fsfreeze -f "$CX_MOUNT"; }
cx_thaw_disk() { [ -n "${CX_MOUNT:-}" ] && fsfreeze -u "$CX_MOUNT"; }

# cx_after_advert P M: returns just after the next advert of pair P's host M.
cx_after_advert() {
  local f n k
  f="$(cx_dir "$1")/adverts"
  n=$(grep -c "IP 10.250.0.$2 >" "$f")
  for ((k = 0; k < 1000; k++)); do
    [ "$(grep -c "IP 10.250.0.$2 >" "$f")" -gt "$n" ] && return 0
    sleep 0.002
  done
}

# SIGTERM every daemon; VIPs still configured 1.5 s later are stale.
cx_stop_all() {
  local p i k
  cx_thaw_disk 2>/dev/null
  for p in $CX_PAIRS; do
    for i in 1 2; do kill -CONT $(cx_pids "$p" "$i") 2>/dev/null; kill -TERM "${CX_PID[$p$i]}" 2>/dev/null; done
  done
  for ((k = 0; k < 75; k++)); do
    local alive=0
    for p in $CX_PAIRS; do for i in 1 2; do kill -0 "${CX_PID[$p$i]}" 2>/dev/null && alive=1; done; done
    [ "$alive" = 0 ] && break
    sleep 0.02
  done
  sleep 0.5
  for p in $CX_PAIRS; do
    local n=0
    for i in 1 2; do cx_has_vip "$p" "$i" && n=$((n + 1)); done
    CX_STALE[$p]=$n
  done
  if [ -n "${CX_MOUNT:-}" ]; then
    for i in 1 2; do cp "$CX_MOUNT/n$i/stats" "$(cx_dir h)/fs.stats.n$i" 2>/dev/null; done
  fi
}

# cx_metrics P FROM FAULT_END TO: the figures of pair P over [FROM, TO]:
#   moves dual_s dual_max_s zero_s probe_loss_pct probe_gap_s settle_s silence_s stale
# probe_loss_pct: pings without a reply in the window (one every 20 ms, at
# the rate ping actually kept over the whole run).
# settle_s: from FAULT_END until the holder set last changed, when it ends with
# one holder (-1: it does not). silence_s: longest time without an advert of
# priority > 0 seen by the client (counted from the last one before FROM).
cx_metrics() {
  local p=$1 from=$2 fend=$3 to=$4 d
  d=$(cx_dir "$p")
  local day
  day=$(date -u -d "$(head -c 11 "$d/mon.n1" | tr -d '[T' 2>/dev/null || date -u +%F)" +%s 2>/dev/null || date -u -d "$(date -u +%F)" +%s)
  {
    for i in 1 2; do
      awk -v h="$i" -v day="$day" -v vip="inet $CX_VIP/" '
        index($0, vip) && /^\[/ {
          split(substr($1, 13, 15), t, ":"); ts = day + t[1] * 3600 + t[2] * 60 + t[3]
          printf "%.6f %s %s\n", ts, h, (index($0, "Deleted") ? "del" : "add") }' "$d/mon.n$i"
    done
  } | sort -n >"$d/timeline"
  local holders
  holders=$(awk -v from="$from" -v to="$to" -v fend="$fend" '
    function advance(t) { if (t > to) t = to; if (t > last) { dt = t - last; n = h[1] + h[2]
        if (n == 2) { dual += dt; ep += dt; if (ep > epmax) epmax = ep } else ep = 0
        if (n == 0) zero += dt }
      if (t > last) last = t }
    BEGIN { last = from; h[1] = 0; h[2] = 0; settle = 0 }
    { if ($1 > to) next
      if ($1 >= from) advance($1)
      was = h[1] + h[2]; h[$2] = ($3 == "add"); now = h[1] + h[2]
      if ($1 >= from && $3 == "add") moves++
      if ($1 >= fend) settle = $1 - fend }
    END { advance(to); n = h[1] + h[2]
      printf "%d %.3f %.3f %.3f %.3f", moves, dual, epmax, zero, (n == 1 ? settle : -1) }' "$d/timeline")
  local probes
  probes=$(awk -v from="$from" -v to="$to" '
    /bytes from/ { ts = substr($1, 2, length($1) - 2) + 0
      seq = $0; sub(/.*icmp_seq=/, "", seq); sub(/ .*/, "", seq); seq += 0
      if (!t_first) { t_first = ts; s_first = seq }; t_last = ts; s_last = seq  # the actual send rate
      if (ts < from || ts > to) next
      n++
      g = ts - (prev ? prev : from); if (g > gap) gap = g; prev = ts }
    END { if (!prev) prev = from; if (to - prev > gap) gap = to - prev
      rate = (t_last > t_first ? (s_last - s_first) / (t_last - t_first) : 50)
      want = (to - from) * rate; lost = (want > n ? 100 * (want - n) / want : 0)
      printf "%.1f %.3f", lost, gap }' "$d/ping")
  local silence
  silence=$(awk -v from="$from" -v to="$to" '
    /VRRP/ && !/prio 0,/ { ts = $1 + 0; if (ts > to) next
      if (ts < from) { prev = ts; next }  # silence counts from the last advert before the window
      g = ts - (prev ? prev : from); if (g > gap) gap = g; prev = ts }
    END { if (!prev) prev = from; if (to - prev > gap) gap = to - prev; printf "%.3f", gap }' "$d/adverts")
  local moves dual dmax zero settle
  read -r moves dual dmax zero settle <<<"$holders"
  echo "$moves $dual $dmax $zero $probes $settle $silence ${CX_STALE[$p]:-0}"
}
