#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# IPv6 VRRPv3 between havipd and keepalived, in both roles, multicast (ff02::12
# from link-local addresses) and unicast: election, then a graceful stop of the
# master hands the VIP over; the stopped node keeps no VIP.
#   daemon_interop_v6.sh HAVIPD PLANTOOL
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
hd_need_keepalived
vip=fd00:250::100

has6() { ip -n "$(hv_ns "$1")" -6 -o addr show dev eth0 2>/dev/null | hv_has " $vip/128 "; }
holders6() { local o="" i; for i in 1 2; do has6 "$i" && o="$o $i"; done; echo "${o# }"; }
wait6() {  # want secs
  local k
  for ((k = 0; k < $2 * 50; k++)); do [ "$(holders6)" = "$1" ] && return 0; sleep 0.02; done
  return 1
}

run=0
for kinds in "keepalived havipd" "havipd keepalived"; do
  for cast in multicast unicast; do
    run=$((run + 1))
    set -- $kinds
    HV_PREFIX="hvtest-$$-$run-"
    hv_lan 2
    for i in 1 2; do
      p=$((3 - i))
      {
        echo "global_defs {"
        echo "  router_id n$i"
        echo "}"
        echo "vrrp_instance V6 {"
        echo "  state BACKUP"
        echo "  interface eth0"
        echo "  virtual_router_id 52"
        echo "  priority $((i == 1 ? 100 : 50))"
        echo "  advert_int 0.1"
        echo "  version 3"
        if [ "$cast" = unicast ]; then
          printf '  unicast_src_ip fd00:250::%s\n  unicast_peer {\n    fd00:250::%s\n  }\n' "$i" "$p"
        fi
        printf '  virtual_ipaddress {\n    %s/128\n  }\n}\n' "$vip"
      } >"$HV_TMP/v6.$run.n$i.conf"
    done
    : >"$HV_TMP/log.n1"
    : >"$HV_TMP/log.n2"
    hd_start 1 "$1" "$HV_TMP/v6.$run.n1.conf"
    wait6 1 4 || { hd_dump; hv_fail "$kinds $cast: host 1 ($1) never took the IPv6 VIP"; }
    hd_start 2 "$2" "$HV_TMP/v6.$run.n2.conf"
    sleep 0.5
    [ "$(holders6)" = 1 ] || { hd_dump; hv_fail "$kinds $cast: holders '$(holders6)' after host 2 ($2) joined"; }
    hd_stop 1 || hv_fail "$kinds $cast: exit code $? on stop"
    wait6 2 4 || { hd_dump; hv_fail "$kinds $cast: host 2 ($2) did not take over"; }
    hd_stop 2 || hv_fail "$kinds $cast: exit code $? on stop"
    wait6 "" 2 || hv_fail "$kinds $cast: an IPv6 VIP is left after stop"
    echo "ok: IPv6 $cast, $1 master, $2 backup: election, graceful handover, nothing left"
  done
done
echo "PASS"
