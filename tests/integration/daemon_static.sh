#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# static_ipaddress, static_routes and static_rules in network namespaces:
# installed when the daemon starts, before its instance (vrrp_startup_delay
# 2 s, no VIP yet), kept while it runs; a reload that changes one rule moves
# that rule only; a kill -9 leaves them and a restart keeps one copy of each;
# SIGTERM removes them, the address that was there before it started too (as
# keepalived does), but not a route another program added for the same
# destination. A scope on a static address and on a VIP is the address's
# scope in the kernel. A static address and the VIP removed by hand come back.
# KIND keepalived runs the same config on keepalived 2.2.7: the same facts.
#   daemon_static.sh HAVIPD PLANTOOL KIND
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind=${3:-havipd}
[ "$kind" = keepalived ] && hd_need_keepalived
hv_lan 2

statics() {
  cat <<EOT
static_ipaddress {
  10.250.0.50/24 dev eth0
  10.250.0.51/24 dev eth0 label eth0:st
  10.250.0.52/32 dev eth0 scope link
}
static_routes {
  10.80.0.0/16 via 10.250.0.254 dev eth0
  10.81.0.0/16 via 10.250.0.254 dev eth0 table 100
}
static_rules {
  from 10.250.0.0/24 table 100 preference 150
  to 10.82.0.0/16 table 100 preference $1
}
EOT
}
conf() {
  hd_conf 1 "$HV_TMP/n1.conf" prio=100 version=3 advert=0.1 pass="" \
    extra=$'  virtual_ipaddress_excluded {\n    10.250.0.60/32 scope host\n  }'
  sed -i 's/^  script_user root$/  script_user root\n  vrrp_startup_delay 2/' "$HV_TMP/n1.conf"
  statics "$1" >>"$HV_TMP/n1.conf"
}
conf 151
if [ -x "$HD_KEEPALIVED" ]; then
  "$HD_KEEPALIVED" -t -f "$HV_TMP/n1.conf" >"$HV_TMP/t.n1" 2>&1
  grep -iE "static|route|rule|address" "$HV_TMP/t.n1" && hv_fail "keepalived -t complains about the static lines"
fi

ns=$(hv_ns 1)
# Another program's route to the first destination (protocol boot): never ours.
ip -n "$ns" route add 10.80.0.0/16 via 10.250.0.254 dev eth0 || hv_fail "ip route add"
# The second static address, there before the daemon starts.
ip -n "$ns" addr add 10.250.0.51/24 dev eth0 || hv_fail "ip addr add"

ours() { ip -n "$ns" route show table all proto keepalived 2>/dev/null | grep -v "^local\|^broadcast\|$HD_VIP"; ip -n "$ns" rule show | grep "proto keepalived"; }
expect_held() {
  local what=$1 pref=$2 o
  o=$(ours)
  ip -n "$ns" -o addr show dev eth0 | hv_has " 10.250.0.50/24 " || { ip -n "$ns" addr; hv_fail "$what: no 10.250.0.50"; }
  [ "$(ip -n "$ns" -o addr show dev eth0 | grep -c " 10.250.0.51/24 ")" = 1 ] || { ip -n "$ns" addr; hv_fail "$what: not one 10.250.0.51"; }
  ip -n "$ns" -o addr show dev eth0 | hv_has " 10.250.0.52/32 scope link " || { ip -n "$ns" addr; hv_fail "$what: no 10.250.0.52 with scope link"; }
  ip -n "$ns" route show table 100 | hv_has "^10.81.0.0/16 via 10.250.0.254 dev eth0 proto keepalived" || { echo "$o"; hd_dump; hv_fail "$what: no 10.81.0.0/16 in table 100"; }
  ip -n "$ns" route show | hv_has "^10.80.0.0/16 via 10.250.0.254 dev eth0" || hv_fail "$what: no 10.80.0.0/16"
  ip -n "$ns" rule show | hv_has "^150:.*from 10.250.0.0/24 lookup 100 proto keepalived" || { ip -n "$ns" rule; hv_fail "$what: no rule 150"; }
  ip -n "$ns" rule show | hv_has "^$pref:.*to 10.82.0.0/16 lookup 100 proto keepalived" || { ip -n "$ns" rule; hv_fail "$what: no rule $pref"; }
  [ "$(ip -n "$ns" rule show | grep -c "proto keepalived")" = 2 ] || { ip -n "$ns" rule; hv_fail "$what: not exactly 2 rules"; }
  [ "$(ip -n "$ns" route show table 100 proto keepalived | grep -c 10.81.0.0)" = 1 ] || hv_fail "$what: not one 10.81.0.0/16"
}

hd_start 1 "$kind" "$HV_TMP/n1.conf"
for ((k = 0; k < 50; k++)); do [ "$(ours | grep -c .)" -ge 3 ] && break; sleep 0.02; done
expect_held "start" 151
hd_has_vip 1 && hv_fail "the VIP came before the startup delay ended"
echo "ok: $kind installed the static addresses, routes and rules at start, before its instance (no VIP yet)"
hd_assert_single 1 8 "after the startup delay"
expect_held "master" 151
ip -n "$ns" -o addr show dev eth0 | hv_has " 10.250.0.60/32 scope host " || { ip -n "$ns" addr; hv_fail "master: no VIP 10.250.0.60 with scope host"; }
echo "ok: still there with the instance MASTER, and the VIP with its scope"

conf 152
[ "$kind" = havipd ] && hd_replan 1 "$HV_TMP/n1.conf"
hd_hup 1
for ((k = 0; k < 150; k++)); do ip -n "$ns" rule show | hv_has "^152:" && break; sleep 0.02; done
expect_held "reload" 152
ip -n "$ns" rule show | hv_has "^151:" && hv_fail "reload: rule 151 still there"
if [ "$kind" = havipd ]; then
  [ "$(grep -c "event=static_removed" "$HV_TMP/log.n1")" = 1 ] || { hd_dump; hv_fail "reload: expected one static_removed"; }
  [ "$(grep -c "event=static_added" "$HV_TMP/log.n1")" = 8 ] || { hd_dump; hv_fail "reload: expected 7 + 1 static_added"; }
fi
hd_has_vip 1 || hv_fail "reload: the master dropped its VIP"
echo "ok: a reload moved rule 151 to 152 and left the rest"

# Removed by hand while the instance is master: both come back. keepalived
# restores the static address at once and takes the VIP back after leaving
# master for a skew time; havipd puts both back in place, without a transition.
transitions=$(grep -c "event=transition" "$HV_TMP/log.n1")
t0=$(hd_now)
ip -n "$ns" addr del 10.250.0.50/24 dev eth0 || hv_fail "ip addr del 10.250.0.50"
ip -n "$ns" addr del 10.250.0.60/32 dev eth0 || hv_fail "ip addr del the VIP"
back=""
for ((k = 0; k < 250; k++)); do
  a=$(ip -n "$ns" -o addr show dev eth0)
  echo "$a" | hv_has " 10.250.0.50/24 " && echo "$a" | hv_has " 10.250.0.60/32 scope host " && { back=$(hd_now); break; }
  sleep 0.02
done
[ -n "$back" ] || { ip -n "$ns" addr; hd_dump; hv_fail "the static address or the VIP removed by hand did not come back within 5 s"; }
if [ "$kind" = havipd ]; then
  hv_has "event=vip_restored instance=VI_1 vip=10.250.0.60" "$HV_TMP/log.n1" || { hd_dump; hv_fail "no vip_restored line"; }
  hv_has 'event=static_restored kind=address address="10.250.0.50/24 dev eth0"' "$HV_TMP/log.n1" || { hd_dump; hv_fail "no static_restored line"; }
  [ "$(grep -c "event=transition" "$HV_TMP/log.n1")" = "$transitions" ] || { hd_dump; hv_fail "restoring made a transition"; }
fi
echo "ok: $kind put back a static address and the VIP removed by hand ($(awk -v a="$t0" -v b="$back" 'BEGIN { printf "%.2f", b - a }') s)"

hd_kill9 1
expect_held "kill -9" 152
hd_start 1 "$kind" "$HV_TMP/n1.conf"
sleep 0.5
expect_held "restart" 152  # one copy of each
echo "ok: kill -9 left them, the restart kept one copy of each"

hd_stop 1 || hv_fail "exit code $?"
[ -z "$(ours)" ] || { ours; hd_dump; hv_fail "SIGTERM left static routes or rules"; }
ip -n "$ns" -o addr show dev eth0 | hv_has -E " 10.250.0.(5[012]|60)/" && { ip -n "$ns" addr; hv_fail "SIGTERM left a static address or the VIP"; }
ip -n "$ns" -o addr show dev eth0 | hv_has " 10.250.0.1/24 " || hv_fail "SIGTERM removed the node's own address"
ip -n "$ns" route show | hv_has "^10.80.0.0/16 via 10.250.0.254 dev eth0" || hv_fail "SIGTERM removed the other program's route"
echo "ok: SIGTERM removed them all (10.250.0.51, there before, too); the other program's route stays"
echo "PASS"
