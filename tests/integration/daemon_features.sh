#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a havipd master does besides adverts, on the wire and on the host, with
# two havipd nodes (VRRPv3, advert 0.1 s) and host 3 capturing:
#   - the GARP schedule: garp_master_repeat now, again after garp_master_delay,
#     then every garp_master_refresh;
#   - VIPs with prefix, dev and label as planned; an IPv6 instance and its
#     unsolicited NA; a VMAC instance (macvlan, GARP from 00:00:5e:00:01:VRID);
#   - weights: a track_script and a track_interface with weight -60 move the
#     VIP to the backup and back (preempt);
#   - a slow notify script never delays adverts (no dual master while it runs),
#     and notify scripts still run in order;
#   - after SIGTERM no VIP and no VMAC is left.
#   daemon_features.sh HAVIPD PLANTOOL
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
hv_lan 3
HD_ADVERT=0.1

cat >"$HV_TMP/slow.sh" <<EOF
#!/bin/sh
sleep 1
echo "\$2" >> "$HV_TMP/notify.\$1"
EOF
chmod 755 "$HV_TMP/slow.sh"
for i in 1 2; do
  p=$((3 - i)) prio=$((i == 1 ? 100 : 50))
  # Two more links per host (veth pairs: not every kernel has the dummy driver).
  for d in dummy0 dummy1; do
    ip -n "$(hv_ns "$i")" link add "$d" type veth peer name "${d}p" || hv_fail "veth $d"
    ip -n "$(hv_ns "$i")" link set "${d}p" up
    ip -n "$(hv_ns "$i")" link set "$d" up
  done
  cat >"$HV_TMP/n$i.conf" <<EOF
global_defs {
  router_id n$i
  script_user root
}
vrrp_script chk {
  script "$HV_TMP/check.sh n$i"
  interval 1
  fall 1
  rise 1
  weight -60
}
vrrp_instance V4 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int 0.1
  version 3
  unicast_src_ip 10.250.0.$i
  unicast_peer {
    10.250.0.$p
  }
  virtual_ipaddress {
    10.250.0.100/32
    10.250.0.101/24 dev dummy0 label dummy0:vip
  }
  garp_master_repeat 3
  garp_master_delay 1
  garp_master_refresh 1
  track_interface {
    dummy1 weight -60
  }
  track_script {
    chk
  }
  notify_backup "$HV_TMP/notify.sh n$i BACKUP"
  notify_master "$HV_TMP/slow.sh n$i MASTER"
}
vrrp_instance V6 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority $prio
  advert_int 0.1
  version 3
  unicast_src_ip fd00:250::$i
  unicast_peer {
    fd00:250::$p
  }
  virtual_ipaddress {
    fd00:250::100/128
  }
}
vrrp_instance VM {
  state BACKUP
  interface eth0
  virtual_router_id 53
  priority $prio
  advert_int 0.1
  version 3
  use_vmac
  vmac_xmit_base
  unicast_src_ip 10.250.0.$i
  unicast_peer {
    10.250.0.$p
  }
  virtual_ipaddress {
    10.250.0.102/32
  }
}
EOF
done
hv_bg 3 "$HV_TMP/cap.n3" tcpdump -l -U -n -e -tt -i eth0 'arp or (icmp6 and ip6[40] == 136)'
for ((k = 0; k < 300; k++)); do grep -q "listening on" "$HV_TMP/cap.n3" 2>/dev/null && break; sleep 0.01; done

has() { ip -n "$(hv_ns "$1")" -o addr show 2>/dev/null | hv_has " $2/"; }
wait_has() {  # host addr secs
  local k
  for ((k = 0; k < $3 * 50; k++)); do has "$1" "$2" && return 0; sleep 0.02; done
  return 1
}
garps() {  # mac vip from to: GARPs seen by host 3 in [from, to)
  awk -v m="$1" -v v="$2" -v a="$3" -v b="$4" '$2 == m && $0 ~ ("who-has " v " .*tell " v ",") && $1 + 0 >= a + 0 && $1 + 0 < b + 0 { n++ } END { print n + 0 }' "$HV_TMP/cap.n3"
}
first_garp() {  # mac vip
  awk -v m="$1" -v v="$2" '$2 == m && $0 ~ ("who-has " v " .*tell " v ",") { print $1; exit }' "$HV_TMP/cap.n3"
}

hd_start 1 havipd "$HV_TMP/n1.conf"
wait_has 1 10.250.0.100 4 || { hd_dump; hv_fail "host 1 never became master"; }
hd_start 2 havipd "$HV_TMP/n2.conf"
wait_has 1 fd00:250::100 4 && wait_has 1 10.250.0.102 4 || { hd_dump; hv_fail "IPv6 / VMAC instances not master"; }

# VIPs as planned.
ip -n "$(hv_ns 1)" -4 -o addr show dev eth0 | hv_has " 10.250.0.100/32 " || hv_fail "10.250.0.100/32 not on eth0"
ip -n "$(hv_ns 1)" -4 -o addr show dev dummy0 | hv_has " 10.250.0.101/24 .* dummy0:vip" \
  || { ip -n "$(hv_ns 1)" -4 -o addr show; hv_fail "10.250.0.101/24 not on dummy0 with label dummy0:vip"; }
ip -n "$(hv_ns 1)" -6 -o addr show dev eth0 | hv_has " fd00:250::100/128 " || hv_fail "fd00:250::100/128 not on eth0"
vmac=$(ip -n "$(hv_ns 1)" -o link show vrrp.53 2>/dev/null | grep -o "link/ether [0-9a-f:]*" | cut -d' ' -f2)
[ "$vmac" = 00:00:5e:00:01:35 ] || hv_fail "VMAC vrrp.53 has MAC '$vmac'"
ip -n "$(hv_ns 1)" -4 -o addr show dev vrrp.53 | hv_has " 10.250.0.102/32 " || hv_fail "10.250.0.102 not on vrrp.53"
ip -n "$(hv_ns 2)" -o link show vrrp.53 >/dev/null 2>&1 || hv_fail "backup has no VMAC interface"
has 2 10.250.0.102 && hv_fail "backup holds the VMAC instance's VIP"
echo "ok: VIPs with prefix, dev and label; IPv6 VIP; VMAC vrrp.53 (00:00:5e:00:01:35) with its VIP"

# Unsolicited NA for the IPv6 VIP, from host 1's MAC; GARP for the VMAC VIP from the VMAC.
mac1=$(hd_mac 1)
for ((k = 0; k < 100; k++)); do grep -q "tgt is fd00:250::100" "$HV_TMP/cap.n3" && break; sleep 0.02; done
grep -q "^[0-9.]* $mac1 > 33:33:00:00:00:01.*neighbor advertisement.*tgt is fd00:250::100" "$HV_TMP/cap.n3" \
  || { cat "$HV_TMP/cap.n3"; hv_fail "no unsolicited NA for fd00:250::100 from $mac1"; }
for ((k = 0; k < 100; k++)); do [ -n "$(first_garp 00:00:5e:00:01:35 10.250.0.102)" ] && break; sleep 0.02; done
[ -n "$(first_garp 00:00:5e:00:01:35 10.250.0.102)" ] || { cat "$HV_TMP/cap.n3"; hd_dump; hv_fail "no GARP for 10.250.0.102 from the VMAC"; }
echo "ok: unsolicited NA for the IPv6 VIP; GARP from the VMAC"

# The GARP schedule of 10.250.0.100: 3 now, 3 after 1 s, then 1 every second.
t0=$(first_garp "$mac1" 10.250.0.100)
[ -n "$t0" ] || hv_fail "no GARP for 10.250.0.100"
sleep 2.6
b1=$(garps "$mac1" 10.250.0.100 "$t0" "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t + 0.5 }')")
b2=$(garps "$mac1" 10.250.0.100 "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t + 0.8 }')" "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t + 1.5 }')")
b3=$(garps "$mac1" 10.250.0.100 "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t + 1.5 }')" "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t + 2.5 }')")
[ "$b1" = 3 ] || hv_fail "first GARP burst: $b1, want 3 (garp_master_repeat)"
[ "$b2" -ge 3 ] || hv_fail "second GARP burst after garp_master_delay: $b2, want >= 3"
[ "$b3" -ge 1 ] || hv_fail "no GARP refresh within (1.5 s, 2.5 s] (garp_master_refresh 1)"
echo "ok: GARP schedule: $b1 at once, $b2 around 1 s, $b3 refresh in the next second"

# A slow notify_master (1 s) did not hold anything up: host 2 never became master.
hd_notify_is 1 "BACKUP MASTER"
hd_notify_is 2 "BACKUP"
grep -q "event=transition instance=V4 from=backup to=master" "$HV_TMP/log.n2" && hv_fail "dual master while notify ran"
echo "ok: a 1 s notify_master ran without delaying adverts; notify order kept"

# Weights: the track_script (-60) takes host 1 to 40 < 50: host 2 preempts; and back.
touch "$HV_TMP/fail.n1"
hd_wait_holder 2 5 || { hd_dump; hv_fail "track_script weight: VIP did not move to host 2"; }
grep -q "event=priority instance=V4 priority=40" "$HV_TMP/log.n1" || hv_fail "no priority=40 line"
rm -f "$HV_TMP/fail.n1"
hd_wait_holder 1 5 || { hd_dump; hv_fail "track_script recovered: VIP did not come back"; }
echo "ok: track_script weight -60 moves the VIP and back"
ip -n "$(hv_ns 1)" link set dummy1 down
hd_wait_holder 2 5 || { hd_dump; hv_fail "track_interface weight: VIP did not move to host 2"; }
ip -n "$(hv_ns 1)" link set dummy1 up
hd_wait_holder 1 5 || { hd_dump; hv_fail "track_interface recovered: VIP did not come back"; }
echo "ok: track_interface weight -60 moves the VIP and back"
hd_notify_is 1 "BACKUP MASTER BACKUP MASTER BACKUP MASTER"
hd_notify_is 2 "BACKUP MASTER BACKUP MASTER BACKUP"

hd_stop 2 || hv_fail "exit code $?"
hd_stop 1 || hv_fail "exit code $?"
for a in 10.250.0.100 10.250.0.101 10.250.0.102 fd00:250::100; do
  has 1 "$a" && hv_fail "$a left on host 1 after stop"
  has 2 "$a" && hv_fail "$a left on host 2 after stop"
done
ip -n "$(hv_ns 1)" link show vrrp.53 >/dev/null 2>&1 && hv_fail "VMAC left on host 1"
ip -n "$(hv_ns 2)" link show vrrp.53 >/dev/null 2>&1 && hv_fail "VMAC left on host 2"
echo "ok: after stop no VIP and no VMAC is left"
echo "PASS"
