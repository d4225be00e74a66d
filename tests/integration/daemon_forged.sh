#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Forged and malformed adverts from a third namespace, IPv4 and IPv6, unicast
# and multicast, are dropped and counted:
# each would make the master yield (priority 200) if it were accepted. The
# counters come from the stats file havipd writes on SIGUSR1 (havipd(8)).
# Controls at the end of each phase send a well-formed advert the same way and
# see the master yield, so the forger's packets demonstrably arrive.
#   daemon_forged.sh HAVIPD PLANTOOL FORGE
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2" "$3"
[ -x "$HD_FORGE" ] || hv_skip "havip-test-forge not built"
hv_lan 3

forge() { hv_exec 3 "$HD_FORGE" eth0 "$@" >/dev/null || hv_fail "forge $*"; }
# stats I: host I's counters, fresh (SIGUSR1, then the file it rewrites).
stats() {
  local f="$HV_TMP/state.n$1/stats" k
  rm -f "$f"
  kill -USR1 "${HD_PID[$1]}"
  for ((k = 0; k < 250; k++)); do [ -s "$f" ] && break; sleep 0.02; done
  cat "$f"
}
# counter I LINE-PREFIX NAME: one counter's value (0 when absent).
counter() { stats "$1" | awk -v p="$2" -v n="$3" 'index($0, p) == 1 { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] == n) v = kv[2] } END { print v + 0 }'; }
expect_count() {
  local got
  got=$(counter 1 "$1" "$2")
  [ "$got" = "$3" ] || { stats 1 >&2; hd_dump; hv_fail "$2: counted $got, want $3"; }
  echo "ok: $2 = $3"
}
still_master() {
  hd_assert_single 1 2 "$1"
  grep -q "event=transition instance=VI_1 from=master" "$HV_TMP/log.n1" && { hd_dump; hv_fail "$1: the master yielded"; }
  return 0
}

# Phase 1: unicast VRRPv2 with PASS. Forged packets go to the master, host 1.
# The master's GARP schedule is pinned so that the lower-priority check below can
# count: no second bursts, 2 GARPs when a lower-priority advert arrives.
hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100 advert=1 \
  extra=$'  garp_master_delay 0\n  garp_lower_prio_delay 0\n  garp_lower_prio_repeat 2'
hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 advert=1
hd_start 1 havipd "$HV_TMP/n1.conf"
hd_start 2 havipd "$HV_TMP/n2.conf"
hd_wait_holder 1 12 || { hd_dump; hv_fail "no master"; }
ok=(10.250.0.2 10.250.0.1 --vip "$HD_VIP" --prio 200 --count 3)
forge "${ok[@]}" --pass wrong
forge "${ok[@]}"
forge "${ok[@]}" --pass secret --bad-checksum
forge 10.250.0.3 10.250.0.1 --vip "$HD_VIP" --prio 200 --count 3 --pass secret
forge "${ok[@]}" --pass secret --vrid 52
forge "${ok[@]}" --pass secret --version 3 --interval 100
forge 10.250.0.2 10.250.0.1 --vip 10.250.0.101 --prio 200 --count 3 --pass secret
forge "${ok[@]}" --pass secret --interval 2
forge 10.250.0.2 10.250.0.1 --garbage 5 --count 3
forge 10.250.0.2 10.250.0.1 --garbage 40 --count 3
sleep 0.3
still_master "forged unicast adverts"
expect_count "instance=VI_1" drop_auth_pass_mismatch 3
expect_count "instance=VI_1" drop_auth_type_mismatch 3
expect_count "instance=VI_1" drop_bad_checksum 3
expect_count "instance=VI_1" drop_not_a_peer 3
expect_count "instance=VI_1" drop_version_mismatch 3
expect_count "instance=VI_1" drop_addr_list_mismatch 3
expect_count "instance=VI_1" drop_interval_mismatch 3
expect_count "unmatched" drop_vrid_mismatch 3
expect_count "unmatched" drop_too_short 3
expect_count "unmatched" drop_bad_version 3
grep -q "event=advert_dropped instance=VI_1 reason=not_a_peer src=10.250.0.3 count=2" "$HV_TMP/log.n1" \
  || hv_fail "drops are not logged at powers of two"
echo "ok: forged unicast adverts dropped, counted, master unmoved"
# A valid advert of lower priority from the peer (a second master, as when a
# partition heals): the master stays, answers at once with an advert so the
# other yields, and re-announces the VIP with garp_lower_prio_repeat GARPs, at
# once and again with each of its next two adverts (so that the last GARP a
# client sees is the master's, after the other router's own).
hv_bg 3 "$HV_TMP/cap.arp" tcpdump -l -U -n -e -tt -i eth0 arp
hv_bg 1 "$HV_TMP/cap.vrrp" tcpdump -l -U -n -tt -i eth0 "ip proto 112 and src 10.250.0.1"
for f in arp vrrp; do
  for ((k = 0; k < 300; k++)); do grep -q "listening on" "$HV_TMP/cap.$f" 2>/dev/null && break; sleep 0.01; done
done
mac1=$(hd_mac 1)
t=$(hd_now)
forge 10.250.0.2 10.250.0.1 --vip "$HD_VIP" --prio 20 --pass secret --count 1
sleep 0.5
still_master "a lower-priority advert"
sleep 3  # the next two adverts (1 s apart) carry the burst again
garps_in() {  # garps_in SECONDS: the master's GARPs for the VIP within SECONDS of the forged advert
  awk -v t="$t" -v w="$1" -v m="$mac1" -v v="$HD_VIP" \
    '$1 + 0 >= t + 0 && $1 + 0 < t + w && $2 == m && $0 ~ ("who-has " v " .*tell " v ",") { n++ } END { print n + 0 }' "$HV_TMP/cap.arp"
}
# "At once": within 0.1 s, and before the master's next scheduled advert (the
# second after the forged one; the first is the answer), which brings its own 2.
second=$(awk -v t="$t" '$1 + 0 >= t + 0 { if (++n == 2) { printf "%.6f", $1 - t; exit } }' "$HV_TMP/cap.vrrp")
window=$(awk -v s="${second:-1}" 'BEGIN { print (s < 0.1 ? s : 0.1) }')
first=$(garps_in "$window") all=$(garps_in 3.4)
[ "$first" = 2 ] || { cat "$HV_TMP/cap.arp"; hv_fail "lower-priority advert: $first GARPs from the master at once, want 2"; }
[ "$all" = 6 ] || { cat "$HV_TMP/cap.arp"; hv_fail "lower-priority advert: $all GARPs from the master in 3.4 s, want 6 (2 at once, 2 with each of the next two adverts)"; }
answer=$(awk -v t="$t" '$1 + 0 >= t + 0 { printf "%.3f", $1 - t; exit }' "$HV_TMP/cap.vrrp")
awk -v a="${answer:-9}" 'BEGIN { exit !(a < 0.1) }' \
  || { cat "$HV_TMP/cap.vrrp"; hv_fail "lower-priority advert: the master's next advert came after ${answer:-never} s, not at once"; }
echo "ok: a lower-priority advert is answered at once (${answer} s) and the VIP re-announced (2 GARPs, then 2 with each of the next two adverts)"
# Control: the same path with everything right does make the master yield.
forge "${ok[@]}" --pass secret
for ((k = 0; k < 100; k++)); do grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" && break; sleep 0.02; done
grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" || { hd_dump; hv_fail "control: a valid advert was not accepted"; }
echo "ok: control (a well-formed advert from the peer's address is obeyed)"
hd_stop 1; hd_stop 2

# Phase 2: multicast VRRPv3. A TTL other than 255 means it crossed a router (RFC 5798 5.1.1.3).
: >"$HV_TMP/log.n1"
hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100 version=3 advert=0.1 mcast=1
hd_conf 2 "$HV_TMP/n2.conf" state=BACKUP prio=50 version=3 advert=0.1 mcast=1
hd_start 1 havipd "$HV_TMP/n1.conf"
hd_start 2 havipd "$HV_TMP/n2.conf"
hd_wait_holder 1 4 || { hd_dump; hv_fail "no master (multicast)"; }
mc=(10.250.0.2 224.0.0.18 --vip "$HD_VIP" --prio 200 --count 3 --version 3 --interval 10)
forge "${mc[@]}" --ttl 64
forge "${mc[@]}" --ttl 1
forge "${mc[@]}" --bad-checksum
sleep 0.3
still_master "forged multicast adverts"
expect_count "instance=VI_1" drop_bad_ttl 6
expect_count "instance=VI_1" drop_bad_checksum 3
forge "${mc[@]}"
for ((k = 0; k < 100; k++)); do grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" && break; sleep 0.02; done
grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" || { hd_dump; hv_fail "control: a valid multicast advert was not accepted"; }
echo "ok: forged multicast adverts (TTL, checksum) dropped and counted; control obeyed"
hd_stop 1; hd_stop 2

# Phases 3 and 4: IPv6 VRRPv3, unicast between global addresses (the forger
# spoofs the peer's), then multicast to ff02::12 from link-local addresses,
# where a hop limit other than 255 means the advert crossed a router.
HD_VIP=fd00:250::100 HD_ADVERT=0.1
v6conf() {  # I OUT unicast|multicast
  local i=$1 p=$((3 - $1))
  {
    printf 'global_defs {\n  router_id n%s\n}\nvrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n' "$i"
    printf '  virtual_router_id 51\n  priority %s\n  advert_int 0.1\n  version 3\n' "$((i == 1 ? 100 : 50))"
    [ "$3" = unicast ] && printf '  unicast_src_ip fd00:250::%s\n  unicast_peer {\n    fd00:250::%s\n  }\n' "$i" "$p"
    printf '  virtual_ipaddress {\n    %s/128\n  }\n}\n' "$HD_VIP"
  } >"$2"
}
for cast in unicast multicast; do
  : >"$HV_TMP/log.n1"
  v6conf 1 "$HV_TMP/n1.conf" "$cast"
  v6conf 2 "$HV_TMP/n2.conf" "$cast"
  hd_start 1 havipd "$HV_TMP/n1.conf"
  hd_wait_holder 1 4 || { hd_dump; hv_fail "no IPv6 master ($cast)"; }
  hd_start 2 havipd "$HV_TMP/n2.conf"
  sleep 0.3
  if [ "$cast" = unicast ]; then
    v6=(fd00:250::2 fd00:250::1 --vip "$HD_VIP" --prio 200 --count 3 --interval 10)
    forge fd00:250::3 fd00:250::1 --vip "$HD_VIP" --prio 200 --count 3 --interval 10
    forge "${v6[@]}" --bad-checksum
    forge "${v6[@]}" --vrid 52
    forge fd00:250::2 fd00:250::1 --vip fd00:250::101 --prio 200 --count 3 --interval 10
    forge "${v6[@]}" --interval 0
    sleep 0.3
    still_master "forged IPv6 unicast adverts"
    expect_count "instance=VI_1" drop_not_a_peer 3
    expect_count "instance=VI_1" drop_bad_checksum 3
    expect_count "unmatched" drop_vrid_mismatch 3
    expect_count "instance=VI_1" drop_addr_list_mismatch 3
    expect_count "instance=VI_1" drop_zero_interval 3
  else
    ll3=$(ip -n "$(hv_ns 3)" -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4; exit }')
    [ -n "$ll3" ] || hv_fail "host 3 has no link-local address"
    v6=("$ll3" ff02::12 --vip "$HD_VIP" --prio 200 --count 3 --interval 10)
    forge "${v6[@]}" --ttl 64
    forge "${v6[@]}" --ttl 1
    forge "${v6[@]}" --bad-checksum
    sleep 0.3
    still_master "forged IPv6 multicast adverts"
    expect_count "instance=VI_1" drop_bad_ttl 6
    expect_count "instance=VI_1" drop_bad_checksum 3
  fi
  forge "${v6[@]}"
  for ((k = 0; k < 100; k++)); do grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" && break; sleep 0.02; done
  grep -q "event=transition instance=VI_1 from=master to=backup" "$HV_TMP/log.n1" \
    || { hd_dump; hv_fail "control: a valid IPv6 $cast advert was not accepted"; }
  echo "ok: forged IPv6 $cast adverts dropped and counted; control obeyed"
  hd_stop 1; hd_stop 2
done
echo "PASS"
