#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# virtual_routes and virtual_rules in network namespaces (VRRPv3, advert
# 0.1 s, host 1 priority 100, host 2 50): the master holds them (protocol
# keepalived, in table 100 and main), the backup none; they move with a
# failover; SIGTERM leaves none; a kill -9 leaves them, a restart that resumes
# keeps exactly one copy, a restart that must wait (vrrp_startup_delay) removes
# them first. With KIND2 = keepalived the peer is keepalived 2.2.7 running the
# same lines.
#   daemon_routes.sh HAVIPD PLANTOOL KIND1 KIND2
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind1=${3:-havipd} kind2=${4:-havipd}
[ "$kind2" = keepalived ] && hd_need_keepalived
hv_lan 3

lines='  virtual_routes {
    10.70.0.0/16 via 10.250.0.254 dev eth0 table 100
    src 10.250.0.100 10.71.0.0/16 via 10.250.0.254 dev eth0 metric 7
    blackhole 10.72.0.0/16 table 100 no_track
  }
  virtual_rules {
    from 10.250.0.100/32 table 100 preference 100
    to 10.73.0.0/16 table 100 preference 101
  }'
for i in 1 2; do
  hd_conf "$i" "$HV_TMP/n$i.conf" prio=$((i == 1 ? 100 : 50)) version=3 advert=0.1 pass="" extra="$lines"
done
# Host 1 again, but waiting 2 s before it starts (so it may not resume what it finds).
sed 's/^  script_user root$/  script_user root\n  vrrp_startup_delay 2/' "$HV_TMP/n1.conf" >"$HV_TMP/n1.delay.conf"
if [ -x "$HD_KEEPALIVED" ]; then
  "$HD_KEEPALIVED" -t -f "$HV_TMP/n1.conf" >"$HV_TMP/t.n1" 2>&1
  grep -iE "route|rule" "$HV_TMP/t.n1" && hv_fail "keepalived -t complains about the routes or rules"
fi

# What host I holds: its protocol-keepalived routes (every table) and rules.
routes_of() { ip -n "$(hv_ns "$1")" route show table all proto keepalived 2>/dev/null | sort; }
rules_of() { ip -n "$(hv_ns "$1")" rule show 2>/dev/null | grep "proto keepalived"; }
count_of() { echo $(($(routes_of "$1" | grep -c .) + $(rules_of "$1" | grep -c .))); }
expect_held() {
  local i=$1 what=$2 r
  r=$(routes_of "$i")
  echo "$r" | hv_has "^10.70.0.0/16 via 10.250.0.254 dev eth0 table 100" || { echo "$r"; hd_dump; hv_fail "$what: host $i lacks 10.70.0.0/16 in table 100"; }
  echo "$r" | hv_has "^10.71.0.0/16 via 10.250.0.254 dev eth0 .*src 10.250.0.100 metric 7" || { echo "$r"; hv_fail "$what: host $i lacks 10.71.0.0/16 (src VIP, metric 7)"; }
  echo "$r" | hv_has "^blackhole 10.72.0.0/16 table 100" || { echo "$r"; hv_fail "$what: host $i lacks the blackhole"; }
  ip -n "$(hv_ns "$i")" rule show | hv_has "^100:.*from 10.250.0.100 lookup 100 proto keepalived" || { ip -n "$(hv_ns "$i")" rule; hv_fail "$what: host $i lacks rule 100"; }
  ip -n "$(hv_ns "$i")" rule show | hv_has "^101:.*to 10.73.0.0/16 lookup 100 proto keepalived" || hv_fail "$what: host $i lacks rule 101"
  [ "$(count_of "$i")" = 5 ] || { routes_of "$i"; rules_of "$i"; hv_fail "$what: host $i holds $(count_of "$i") routes and rules, not 5"; }
}
expect_none() {
  [ "$(count_of "$1")" = 0 ] || { routes_of "$1"; rules_of "$1"; hd_dump; hv_fail "$2: host $1 still holds routes or rules"; }
}
# Routes follow the VIP within a moment of it.
settle() { local k; for ((k = 0; k < 100; k++)); do [ "$(count_of "$1")" = 5 ] && [ "$(count_of "$2")" = 0 ] && return; sleep 0.02; done; }

hd_start 1 "$kind1" "$HV_TMP/n1.conf"
hd_assert_single 1 8 "start"
hd_start 2 "$kind2" "$HV_TMP/n2.conf"
hd_assert_single 1 5 "both running"
settle 1 2
expect_held 1 "election"
expect_none 2 "election"
echo "ok: host 1 ($kind1) holds 3 routes and 2 rules, host 2 ($kind2) none"

hd_stop 1 || hv_fail "host 1 exit code $?"
expect_none 1 "SIGTERM"
hd_assert_single 2 5 "host 1 stopped"
settle 2 1
expect_held 2 "failover"
echo "ok: SIGTERM left nothing on host 1; host 2 holds them"

hd_start 1 "$kind1" "$HV_TMP/n1.conf"
hd_assert_single 1 5 "host 1 back (preempts)"
settle 1 2
expect_held 1 "preempted back"
expect_none 2 "preempted back"
echo "ok: host 2 removed them when it left MASTER, host 1 holds them again"

hd_kill9 1
[ "$(count_of 1)" = 5 ] || hv_fail "kill -9 of host 1 removed its routes (a dead daemon cannot)"
for ((k = 0; k < 250; k++)); do hd_has_vip 2 && [ "$(count_of 2)" = 5 ] && break; sleep 0.02; done
expect_held 2 "host 1 killed"
hd_start 1 "$kind1" "$HV_TMP/n1.conf"
hd_assert_single 1 5 "host 1 restarted"
settle 1 2
expect_held 1 "restart that resumes"  # exactly one copy each: kept, not added twice
expect_none 2 "restart that resumes"
if [ "$kind1" = havipd ]; then
  grep -q "event=resume" "$HV_TMP/log.n1" || { hd_dump; hv_fail "host 1 did not resume"; }
  grep -q "event=stale_route_removed" "$HV_TMP/log.n1" && hv_fail "a resuming start removed its routes"
fi
echo "ok: kill -9 left host 1's routes; its restart resumed with one copy of each"

hd_kill9 1
for ((k = 0; k < 250; k++)); do hd_has_vip 2 && [ "$(count_of 2)" = 5 ] && break; sleep 0.02; done
expect_held 2 "host 1 killed again"
hd_start 1 "$kind1" "$HV_TMP/n1.delay.conf"
for ((k = 0; k < 100; k++)); do [ "$(count_of 1)" = 0 ] && break; sleep 0.02; done
expect_none 1 "restart with vrrp_startup_delay (before the delay ends)"
hd_has_vip 1 && hv_fail "restart with vrrp_startup_delay kept the stale VIP"
if [ "$kind1" = havipd ]; then
  [ "$(grep -c "event=stale_route_removed" "$HV_TMP/log.n1")" = 5 ] || { hd_dump; hv_fail "expected 5 stale_route_removed lines"; }
fi
hd_assert_single 1 8 "host 1 after its startup delay"
settle 1 2
expect_held 1 "after the startup delay"
expect_none 2 "after the startup delay"
echo "ok: a restart that may not resume removed the stale routes and rules first"

hd_stop 2 || hv_fail "host 2 exit code $?"
hd_stop 1 || hv_fail "host 1 exit code $?"
expect_none 1 "both stopped"
expect_none 2 "both stopped"
echo "ok: both stopped, no route or rule left"
echo "PASS"
