#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# vrrp_sync_group on real links: each VRRP host has eth0 (10.250.0.I) and eth1
# (10.250.1.I) on two bridges; group G holds VI_1 on eth0 (VIP 10.250.0.100)
# and VI_2 on eth1 (VIP 10.250.1.100), VRRPv3, advert 0.1 s, unicast. Host 1
# (priority 100) takes both VIPs; its eth1 going down puts the whole group in
# FAULT and both VIPs move to host 2 (priority 50); eth1 up again brings both
# back. The same config runs on both kinds, so with KIND2 = keepalived the
# pair is havipd against keepalived 2.2.7 running the same group, and both
# hosts' group notify scripts are compared.
#   daemon_sync_group.sh HAVIPD PLANTOOL KIND1 KIND2
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind1=${3:-havipd} kind2=${4:-keepalived}
[ "$kind1" = keepalived ] || [ "$kind2" = keepalived ] && hd_need_keepalived
hv_lan 3
VIP0=10.250.0.100 VIP1=10.250.1.100

# A second segment: eth1 on every host, on bridge br1 in the bridge namespace.
br="${HV_PREFIX}br"
ip -n "$br" link add br1 type bridge mcast_snooping 0 forward_delay 0 || hv_fail "bridge br1"
ip -n "$br" link set br1 up
for i in 1 2; do
  ip link add eth1 netns "$(hv_ns "$i")" type veth peer name "w$i" netns "$br" || hv_fail "veth eth1 for host $i"
  ip -n "$br" link set "w$i" master br1
  ip -n "$br" link set "w$i" up
  ip -n "$(hv_ns "$i")" addr add "10.250.1.$i/24" dev eth1
  ip -n "$(hv_ns "$i")" link set eth1 up
done

printf '#!/bin/sh\nhost=$1; shift\necho "$*" >> "%s/group.$host"\n' "$HV_TMP" >"$HV_TMP/gnotify.sh"
chmod 755 "$HV_TMP/gnotify.sh"

conf() {
  local i=$1 prio=$2 peer v dev net
  peer=$((3 - i))
  echo "global_defs {"
  echo "  router_id n$i"
  echo "  script_user root"
  echo "}"
  echo "vrrp_sync_group G {"
  echo "  group {"
  echo "    VI_1"
  echo "    VI_2"
  echo "  }"
  echo "  notify \"$HV_TMP/gnotify.sh n$i\""
  echo "}"
  for v in 1 2; do
    dev=eth$((v - 1)) net=10.250.$((v - 1))
    echo "vrrp_instance VI_$v {"
    echo "  state BACKUP"
    echo "  interface $dev"
    echo "  virtual_router_id $((50 + v))"
    echo "  priority $prio"
    echo "  advert_int 0.1"
    echo "  version 3"
    echo "  unicast_src_ip $net.$i"
    echo "  unicast_peer {"
    echo "    $net.$peer"
    echo "  }"
    echo "  virtual_ipaddress {"
    echo "    $net.100/32"
    echo "  }"
    echo "}"
  done
}
conf 1 100 >"$HV_TMP/n1.conf"
conf 2 50 >"$HV_TMP/n2.conf"
if [ -x "$HD_KEEPALIVED" ]; then
  for i in 1 2; do
    "$HD_KEEPALIVED" -t -f "$HV_TMP/n$i.conf" >"$HV_TMP/t.n$i" 2>&1
    grep -i "sync" "$HV_TMP/t.n$i" && hv_fail "keepalived -t complains about the sync group of n$i.conf"
  done
fi

has() { ip -n "$(hv_ns "$1")" -o addr show 2>/dev/null | hv_has " $2/"; }
holders() {
  local out="" i
  for i in 1 2; do has "$i" "$1" && out="$out $i"; done
  echo "${out# }"
}
group_dump() {
  hd_dump
  local i
  for i in 1 2; do echo "==== host $i group notify: $(tr '\n' ',' <"$HV_TMP/group.n$i" 2>/dev/null)" >&2; done
}
# both_on I SECS WHAT: exactly host I holds both VIPs (waits), and still after 3 adverts.
both_on() {
  local want=$1 secs=$2 what=$3 k
  for ((k = 0; k < secs * 50; k++)); do
    [ "$(holders $VIP0)" = "$want" ] && [ "$(holders $VIP1)" = "$want" ] && break
    sleep 0.02
  done
  sleep 0.3
  [ "$(holders $VIP0)" = "$want" ] && [ "$(holders $VIP1)" = "$want" ] && return 0
  group_dump
  hv_fail "$what: expected host $want to hold both VIPs; $VIP0 on '$(holders $VIP0)', $VIP1 on '$(holders $VIP1)'"
}
# group_is I "S1,S2,...": host I's group notify ran with exactly these arguments (waits up to 5 s).
group_is() {
  local i=$1 want=$2 got k
  for ((k = 0; k < 250; k++)); do
    got=$(tr '\n' ',' <"$HV_TMP/group.n$i" 2>/dev/null | sed 's/,$//')
    [ "$got" = "$want" ] && return 0
    sleep 0.02
  done
  group_dump
  hv_fail "host $i group notify: got '$got', want '$want'"
}
secs_since() { awk -v a="$1" -v b="$(hd_now)" 'BEGIN { printf "%.2f", b - a }'; }

# Host 1, when it is havipd, also writes its metrics textfile: `havipd status`
# shows the group's state and members from it (and promtool, when installed,
# checks the group's families).
TF1="$HV_TMP/m1.prom"
[ "$kind1" = havipd ] && HD_OPTS[1]="--metrics-textfile $TF1"
# group_status STATE: host 1's `havipd status` shows group G in STATE with both members.
group_status() {
  [ "$kind1" = havipd ] || return 0
  local k
  for ((k = 0; k < 100; k++)); do
    "$HD_HAVIPD" status --state-dir "$HV_TMP/state.n1" --metrics-textfile "$TF1" >"$HV_TMP/status" 2>&1 &&
      hv_has -E "^G +$1 +VI_1,VI_2 +20[0-9-]+ [0-9:]+ UTC" "$HV_TMP/status" && return 0
    sleep 0.05
  done
  cat "$HV_TMP/status" >&2
  hv_fail "havipd status: group G not $1"
}

hd_start 1 "$kind1" "$HV_TMP/n1.conf"
both_on 1 8 "start"
hd_start 2 "$kind2" "$HV_TMP/n2.conf"
both_on 1 5 "both running"
echo "ok: host 1 ($kind1) holds both VIPs, host 2 ($kind2) is backup"

t0=$(hd_now)
ip -n "$(hv_ns 1)" link set eth1 down
both_on 2 5 "host 1's eth1 down"
echo "ok: host 1's eth1 down moved both VIPs to host 2 (seen within $(secs_since "$t0") s, 0.3 s settling included)"
group_status FAULT

t0=$(hd_now)
ip -n "$(hv_ns 1)" link set eth1 up
both_on 1 5 "host 1's eth1 up"
echo "ok: eth1 up brought both VIPs back to host 1 (seen within $(secs_since "$t0") s, 0.3 s settling included)"
group_status MASTER
if [ "$kind1" = havipd ]; then
  hv_has '^havipd_sync_group_transitions_total{group="G"} 5$' "$TF1" || hv_fail "group transitions: $(grep sync_group_trans "$TF1")"
  if PROMTOOL=$(command -v promtool); then
    "$PROMTOOL" check metrics <"$TF1" >"$HV_TMP/promtool" 2>&1 || { cat "$HV_TMP/promtool" >&2; hv_fail "promtool check metrics"; }
  fi
  echo "ok: havipd status shows group G FAULT, then MASTER, with VI_1,VI_2; 5 group transitions in the metrics"
fi

group_is 1 "GROUP G BACKUP 0,GROUP G MASTER 0,GROUP G FAULT 0,GROUP G BACKUP 0,GROUP G MASTER 0"
group_is 2 "GROUP G BACKUP 0,GROUP G MASTER 0,GROUP G BACKUP 0"
echo "ok: group notify: host 1 ($kind1) BACKUP MASTER FAULT BACKUP MASTER, host 2 ($kind2) BACKUP MASTER BACKUP"

hd_stop 2 || hv_fail "exit code $?"
hd_stop 1 || hv_fail "exit code $?"
group_is 1 "GROUP G BACKUP 0,GROUP G MASTER 0,GROUP G FAULT 0,GROUP G BACKUP 0,GROUP G MASTER 0,GROUP G STOP 0"
echo "PASS"
