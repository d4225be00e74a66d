#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Gratuitous ARP and unsolicited NA sent from one namespace, captured in the other
# by an AF_PACKET receiver (and by tcpdump when installed, as an independent decoder).
. "$(dirname "$0")/netns.sh"
probe=$1
hv_require
hv_lan 2
mac1=$(hv_exec 1 cat /sys/class/net/eth0/address)

# GARP
ready=$HV_TMP/r1; out=$HV_TMP/o1
hv_bg 2 "$out" "$probe" capture eth0 arp 1 3000 "$ready"
cap=$HV_BG_PID
hv_wait_file "$ready" || hv_fail "capture not ready"
if command -v tcpdump >/dev/null; then
  hv_bg 2 "$HV_TMP/td1" timeout 5 tcpdump -l -n -e -i eth0 -c 1 arp
  tdpid=$HV_BG_PID
  sleep 0.5
fi
hv_exec 1 "$probe" garp eth0 10.250.0.100 >/dev/null || hv_fail "send GARP"
wait "$cap"
grep -q "arp eth_dst=ff:ff:ff:ff:ff:ff eth_src=$mac1 op=1 sha=$mac1 spa=10.250.0.100 tha=ff:ff:ff:ff:ff:ff tpa=10.250.0.100 len=60" "$out" \
  || { cat "$out"; hv_fail "GARP fields"; }
echo "ok: GARP sender=target=VIP, broadcast, from the interface MAC"
if [ -n "${tdpid:-}" ]; then
  wait "$tdpid"
  grep -q "$mac1 > ff:ff:ff:ff:ff:ff, ethertype ARP.*Request who-has 10.250.0.100 .*tell 10.250.0.100" "$HV_TMP/td1" \
    || { cat "$HV_TMP/td1"; hv_fail "tcpdump did not decode the GARP as expected"; }
  echo "ok: tcpdump agrees"
fi

# GARP from the VRRP virtual MAC
ready=$HV_TMP/r2; out=$HV_TMP/o2
hv_bg 2 "$out" "$probe" capture eth0 arp 1 3000 "$ready"
hv_wait_file "$ready" || hv_fail "capture not ready"
hv_exec 1 "$probe" garp eth0 10.250.0.100 00:00:5e:00:01:33 >/dev/null || hv_fail "send GARP (vmac)"
wait "$HV_BG_PID"
grep -q "eth_src=00:00:5e:00:01:33 op=1 sha=00:00:5e:00:01:33 spa=10.250.0.100" "$out" || { cat "$out"; hv_fail "VMAC GARP"; }
echo "ok: GARP from the VMAC"

# Unsolicited NA
ll=$(hv_exec 1 ip -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1)
ready=$HV_TMP/r3; out=$HV_TMP/o3
hv_bg 2 "$out" "$probe" capture eth0 na 1 3000 "$ready"
cap=$HV_BG_PID
hv_wait_file "$ready" || hv_fail "capture not ready"
if command -v tcpdump >/dev/null; then
  hv_bg 2 "$HV_TMP/td2" timeout 5 tcpdump -l -n -v -i eth0 -c 1 "icmp6 and ip6[40] == 136"
  tdpid=$HV_BG_PID
  sleep 0.5
fi
hv_exec 1 "$probe" na eth0 fd00:250::100 "$ll" >/dev/null || hv_fail "send NA"
wait "$cap"
grep -q "na eth_dst=33:33:00:00:00:01 eth_src=$mac1 src=$ll dst=ff02::1 hlim=255 target=fd00:250::100 flags=20 opt=2 lladdr=$mac1 csum=ok" "$out" \
  || { cat "$out"; hv_fail "NA fields"; }
echo "ok: unsolicited NA (override, ff02::1, hop limit 255, checksum verified)"
if [ -n "${tdpid:-}" ]; then
  wait "$tdpid"
  grep -q "neighbor advertisement, length 32, tgt is fd00:250::100" "$HV_TMP/td2" && grep -q "Flags \[override\]" "$HV_TMP/td2" \
    || { cat "$HV_TMP/td2"; hv_fail "tcpdump did not decode the NA as expected"; }
  grep -qi "bad cksum\|wrong" "$HV_TMP/td2" && hv_fail "tcpdump reports a bad checksum"
  echo "ok: tcpdump agrees"
fi

# What the announcements are for: a neighbour holding the old holder's MAC for the
# VIP switches to the new one (the Override flag for NA; ARP updates existing entries).
hv_exec 2 ip neigh replace 10.250.0.100 lladdr 02:00:00:00:00:99 dev eth0 nud stale
hv_exec 2 ip -6 neigh replace fd00:250::100 lladdr 02:00:00:00:00:99 dev eth0 nud stale
hv_exec 1 "$probe" garp eth0 10.250.0.100 >/dev/null || hv_fail "send GARP"
hv_exec 1 "$probe" na eth0 fd00:250::100 "$ll" >/dev/null || hv_fail "send NA"
sleep 0.2
hv_exec 2 ip neigh show 10.250.0.100 dev eth0 | hv_has "lladdr $mac1" \
  || { hv_exec 2 ip neigh show dev eth0; hv_fail "GARP did not update the neighbour's ARP entry"; }
hv_exec 2 ip -6 neigh show fd00:250::100 dev eth0 | hv_has "lladdr $mac1" \
  || { hv_exec 2 ip -6 neigh show dev eth0; hv_fail "NA did not override the neighbour entry"; }
echo "ok: the neighbour's ARP and ND entries moved to the new MAC"
echo "PASS"
