#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Helpers for the havipd tests (sourced after netns.sh, not run). A LAN of three
# hosts: 1 and 2 run VRRP (havipd or keepalived), 3 watches the wire and forges.
#
#   hd_init HAVIPD PLANTOOL [FORGE]   tool paths; skips (77) when they are missing
#   hd_conf I OUT [k=v...]            keepalived.conf for host I (see below)
#   hd_conf_many I N ADVERT OUT       N instances (VRID v, VIP hd_many_vip v), unicast, v3;
#                                     host 1 priority 100, host 2 50 (the scale benchmarks)
#   hd_start I havipd|keepalived CONF start host I's daemon; its pid in HD_PID[I]
#                                     (HD_OPTS[I]: more havipd options, split on spaces)
#   hd_kill9 I / hd_stop I            kill -9 every process of it / SIGTERM and wait
#   hd_hup I                          SIGHUP (havipd: recompile CONF first with hd_replan)
#   hd_holders                        hosts holding the VIP, e.g. "1" or "1 2" or ""
#   hd_wait_holder I SECS             until exactly host I holds the VIP (0: nobody)
#   hd_assert_single I SECS           hd_wait_holder, then still so after 3 adverts
#   hd_capture                        tcpdump on host 3 (ARP) and 1, 2 (VRRP + ARP)
#   hd_garp_from I SINCE              a GARP for the VIP from host I's MAC after SINCE
#   hd_notify_is I "S1 S2..."         host I's notify scripts ran exactly in that order
#   hd_now                            wall-clock seconds (tcpdump -tt's clock)
set -uo pipefail

HD_VIP=10.250.0.100
HD_KEEPALIVED=${HAVIP_KEEPALIVED:-/usr/sbin/keepalived}
declare -A HD_PID HD_KIND HD_CONF HD_PLAN HD_OPTS
HD_ADVERT=1

hd_init() {
  HD_HAVIPD=$1 HD_PLANTOOL=$2 HD_FORGE=${3:-}
  [ -x "$HD_HAVIPD" ] || hv_skip "havipd not built: $HD_HAVIPD"
  [ -x "$HD_PLANTOOL" ] || hv_skip "havip-test-plan not built: $HD_PLANTOOL"
  command -v tcpdump >/dev/null || hv_skip "tcpdump not installed"
  # Notify scripts log "STATE" lines per host; check scripts fail while a flag file exists.
  cat >"$HV_TMP/notify.sh" <<EOF
#!/bin/sh
echo "\$2" >> "$HV_TMP/notify.\$1"
EOF
  cat >"$HV_TMP/check.sh" <<EOF
#!/bin/sh
test ! -e "$HV_TMP/fail.\$1"
EOF
  chmod 755 "$HV_TMP/notify.sh" "$HV_TMP/check.sh"
}

hd_need_keepalived() { [ -x "$HD_KEEPALIVED" ] || hv_skip "keepalived not installed ($HD_KEEPALIVED)"; }

hd_now() { date +%s.%N; }

# hd_conf I OUT [k=v...]: one vrrp_instance for host I. Keys: state (BACKUP),
# prio (100), version (2), advert (1), pass (secret; "" = no auth), nopreempt (0),
# mcast (0: unicast to the other VRRP host), vrid (51), track (0: a vrrp_script
# that fails while $HV_TMP/fail.nI exists), extra (lines for the instance).
hd_conf() {
  local i=$1 out=$2; shift 2
  local state=BACKUP prio=100 version=2 advert=1 pass=secret nopreempt=0 mcast=0 vrid=51 track=0 extra=""
  local kv
  for kv; do local "${kv%%=*}=${kv#*=}"; done
  local peer=$((3 - i))
  {
    echo "global_defs {"
    echo "  router_id n$i"
    echo "  script_user root"
    echo "}"
    if [ "$track" = 1 ]; then
      echo "vrrp_script chk {"
      echo "  script \"$HV_TMP/check.sh n$i\""
      echo "  interval 1"
      echo "  fall 1"
      echo "  rise 1"
      echo "}"
    fi
    echo "vrrp_instance VI_1 {"
    echo "  state $state"
    echo "  interface eth0"
    echo "  virtual_router_id $vrid"
    echo "  priority $prio"
    echo "  advert_int $advert"
    [ "$version" = 3 ] && echo "  version 3"
    [ "$nopreempt" = 1 ] && echo "  nopreempt"
    if [ "$mcast" = 0 ]; then
      echo "  unicast_src_ip 10.250.0.$i"
      echo "  unicast_peer {"
      echo "    10.250.0.$peer"
      echo "  }"
    fi
    if [ -n "$pass" ] && [ "$version" = 2 ]; then
      echo "  authentication {"
      echo "    auth_type PASS"
      echo "    auth_pass $pass"
      echo "  }"
    fi
    echo "  virtual_ipaddress {"
    echo "    $HD_VIP/32"
    echo "  }"
    [ "$track" = 1 ] && printf '  track_script {\n    chk\n  }\n'
    echo "  notify_master \"$HV_TMP/notify.sh n$i MASTER\""
    echo "  notify_backup \"$HV_TMP/notify.sh n$i BACKUP\""
    echo "  notify_fault \"$HV_TMP/notify.sh n$i FAULT\""
    echo "  notify_stop \"$HV_TMP/notify.sh n$i STOP\""
    [ -n "$extra" ] && printf '%s\n' "$extra"
    echo "}"
  } >"$out"
  HD_ADVERT=$advert
}

hd_many_vip() { echo "10.251.$(($1 / 250)).$(($1 % 250 + 1))"; }
hd_conf_many() {
  local i=$1 n=$2 advert=$3 out=$4 v
  {
    echo "global_defs {"
    echo "  router_id n$i"
    echo "}"
    for ((v = 1; v <= n; v++)); do
      echo "vrrp_instance VI_$v {"
      echo "  state BACKUP"
      echo "  interface eth0"
      echo "  virtual_router_id $v"
      echo "  priority $([ "$i" = 1 ] && echo 100 || echo 50)"
      echo "  advert_int $advert"
      echo "  version 3"
      echo "  unicast_src_ip 10.250.0.$i"
      echo "  unicast_peer {"
      echo "    10.250.0.$((3 - i))"
      echo "  }"
      echo "  virtual_ipaddress {"
      echo "    $(hd_many_vip "$v")/32"
      echo "  }"
      echo "}"
    done
  } >"$out"
}

# hd_replan I CONF: compiles CONF into host I's plan (havipd reads it at start and on SIGHUP).
hd_replan() {
  local i=$1 conf=$2 node
  local dir="$HV_TMP/plan.n$i"
  mkdir -p "$dir"
  node=$("$HD_PLANTOOL" "$dir" "$conf" 2>"$dir/err") || { cat "$dir/err" >&2; hv_fail "havip-test-plan $conf"; }
  node=$(echo "$node" | head -1)
  [ -f "$dir/$node.hvp" ] || hv_fail "no plan for node $node"
  HD_PLAN[$i]="$dir/$node.hvp"
}

hd_start() {
  local i=$1 kind=$2 conf=$3
  local log="$HV_TMP/log.n$i"
  HD_KIND[$i]=$kind HD_CONF[$i]=$conf
  echo "---- start $kind" >>"$log"
  if [ "$kind" = havipd ]; then
    # HD_REPLAN=0: the plan hd_replan made before (a start that must be quick).
    [ "${HD_REPLAN:-1}" = 0 ] && [ -n "${HD_PLAN[$i]:-}" ] || hd_replan "$i" "$conf"
    mkdir -p "$HV_TMP/state.n$i"
    # shellcheck disable=SC2086  # HD_OPTS: words on purpose
    ip netns exec "$(hv_ns "$i")" "$HD_HAVIPD" --state-dir "$HV_TMP/state.n$i" ${HD_OPTS[$i]:-} "${HD_PLAN[$i]}" >>"$log" 2>&1 &
  else
    ip netns exec "$(hv_ns "$i")" "$HD_KEEPALIVED" -n -l -D -f "$conf" \
      -p "$HV_TMP/ka.n$i.pid" -r "$HV_TMP/ka.n$i.vrrp.pid" >>"$log" 2>&1 &
  fi
  HD_PID[$i]=$!
  HV_PIDS+=("$!")
}

# CPU time (ns) every thread of process PID has used (schedstat).
hd_cpu_ns() { local t s=0; for t in /proc/"$1"/task/*/schedstat; do s=$((s + $(cut -d' ' -f1 "$t"))); done; echo "$s"; }

# havipd host I's counters summed over its instances, from the stats file it
# writes on SIGUSR1: "tx rx transitions" (nothing when the file does not come).
hd_counters() {
  local f="$HV_TMP/state.n$1/stats"
  rm -f "$f"; kill -USR1 "${HD_PID[$1]}"
  hv_wait_file "$f" 5 || return 1
  sleep 0.05
  awk '/^instance=/ { for (i = 1; i <= NF; i++) { split($i, kv, "=");
         if (kv[1] == "tx") t += kv[2]; if (kv[1] == "rx") r += kv[2]; if (kv[1] == "transitions") x += kv[2] } }
       END { print t + 0, r + 0, x + 0 }' "$f"
}

# Every process of host I's daemon (keepalived forks a VRRP child).
hd_pids() {
  local i=$1 p
  echo "${HD_PID[$i]}"
  if [ "${HD_KIND[$i]}" = keepalived ] && [ -f "$HV_TMP/ka.n$i.vrrp.pid" ]; then
    p=$(cat "$HV_TMP/ka.n$i.vrrp.pid" 2>/dev/null)
    [ -n "$p" ] && echo "$p"
  fi
}

hd_kill9() {
  local i=$1 pids k
  pids=$(hd_pids "$i")
  # Stopped first, so no process of it can react to another's death (keepalived's
  # VRRP child would otherwise get its parent-death signal and resign gracefully).
  kill -STOP $pids 2>/dev/null
  kill -9 $pids 2>/dev/null
  wait "${HD_PID[$i]}" 2>/dev/null
  # keepalived refuses to start while its VRRP child's pid is still alive (or
  # not yet reaped), so the restart waits for every process to be gone.
  for ((k = 0; k < 200; k++)); do
    kill -0 $pids 2>/dev/null || break
    sleep 0.01
  done
  HD_PID[$i]=""
}

hd_stop() {
  local i=$1 k
  kill -TERM "${HD_PID[$i]}" 2>/dev/null
  for ((k = 0; k < 1000; k++)); do
    kill -0 "${HD_PID[$i]}" 2>/dev/null || break
    sleep 0.01
  done
  kill -0 "${HD_PID[$i]}" 2>/dev/null && hv_fail "host $i's ${HD_KIND[$i]} did not stop within 10 s"
  wait "${HD_PID[$i]}"
  local rc=$?
  HD_PID[$i]=""
  return $rc
}

hd_hup() { kill -HUP "${HD_PID[$1]}"; }

hd_has_vip() { ip -n "$(hv_ns "$1")" -o addr show 2>/dev/null | hv_has " $HD_VIP/"; }

hd_holders() {
  local out="" i
  for i in 1 2; do hd_has_vip "$i" && out="$out $i"; done
  echo "${out# }"
}

hd_wait_holder() {
  local want=$1 secs=$2 k
  [ "$want" = 0 ] && want=""
  for ((k = 0; k < secs * 50; k++)); do
    [ "$(hd_holders)" = "$want" ] && return 0
    sleep 0.02
  done
  return 1
}

hd_assert_single() {
  local i=$1 secs=$2 what=${3:-}
  hd_wait_holder "$i" "$secs" || { hd_dump; hv_fail "${what:+$what: }expected only host $i to hold the VIP, holders: '$(hd_holders)'"; }
  sleep "$(awk -v a="$HD_ADVERT" 'BEGIN { print a * 3 }')"
  [ "$(hd_holders)" = "$i" ] || { hd_dump; hv_fail "${what:+$what: }holders changed to '$(hd_holders)' after settling"; }
}

hd_capture() {
  hv_bg 3 "$HV_TMP/cap.n3" tcpdump -l -U -n -e -tt -i eth0 arp
  local i k
  for i in 1 2; do hv_bg "$i" "$HV_TMP/cap.n$i" tcpdump -l -U -n -e -tt -i eth0 'arp or ip proto 112'; done
  for i in 1 2 3; do
    for ((k = 0; k < 300; k++)); do grep -q "listening on" "$HV_TMP/cap.n$i" 2>/dev/null && break; sleep 0.01; done
  done
}

hd_mac() { hv_exec "$1" cat /sys/class/net/eth0/address; }

# hd_garp_from I SINCE [SECS]: host 3 saw a gratuitous ARP for the VIP from host I's MAC after SINCE.
hd_garp_from() {
  local i=$1 since=$2 secs=${3:-3} mac k
  mac=$(hd_mac "$i")
  for ((k = 0; k < secs * 50; k++)); do
    awk -v since="$since" -v mac="$mac" -v vip="$HD_VIP" '
      $1 + 0 >= since + 0 && $2 == mac && $0 ~ ("who-has " vip " .*tell " vip ",") { found = 1 }
      END { exit !found }' "$HV_TMP/cap.n3" && return 0
    sleep 0.02
  done
  hd_dump
  hv_fail "no GARP for $HD_VIP from host $i ($mac) since $since"
}

# hd_notify_is I "STATES": the notify scripts of host I ran in exactly this order (waits up to 5 s).
hd_notify_is() {
  local i=$1 want=$2 got k
  for ((k = 0; k < 250; k++)); do
    got=$(tr '\n' ' ' <"$HV_TMP/notify.n$i" 2>/dev/null | sed 's/ $//')
    [ "$got" = "$want" ] && return 0
    sleep 0.02
  done
  hd_dump
  hv_fail "host $i notify order: got '$got', want '$want'"
}

hd_dump() {
  local i
  for i in 1 2; do
    echo "==== host $i (${HD_KIND[$i]:-}) log, tail" >&2
    tail -25 "$HV_TMP/log.n$i" >&2 2>/dev/null
    echo "==== host $i notify: $(tr '\n' ' ' <"$HV_TMP/notify.n$i" 2>/dev/null)" >&2
    echo "==== host $i addresses: $(ip -n "$(hv_ns "$i")" -o addr show dev eth0 scope global 2>/dev/null | awk '{print $4}' | tr '\n' ' ')" >&2
  done
}
