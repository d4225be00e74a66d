#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Raw VRRP sockets between two namespaces: unicast and multicast, IPv4 and IPv6;
# TTL/hop limit 255, payload intact, and the source is the one asked for even
# when the kernel's own choice would be the VIP.
. "$(dirname "$0")/netns.sh"
probe=$1
hv_require
hv_lan 2

payload=31330101000100000a320064  # arbitrary VRRP-shaped bytes: the socket never parses them

# IPv4 unicast
ready=$HV_TMP/r1; out=$HV_TMP/o1
hv_bg 2 "$out" "$probe" vrrp-recv 4 eth0 1 3000 "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 4 eth0 10.250.0.1 10.250.0.2 "$payload" >/dev/null || hv_fail "send v4 unicast"
wait "$HV_BG_PID" || { cat "$out"; hv_fail "v4 unicast not received"; }
grep -q "src=10.250.0.1 dst=10.250.0.2 ttl=255 ifindex_ok=1 multicast=0 len=12 payload=$payload" "$out" \
  || { cat "$out"; hv_fail "v4 unicast fields"; }
echo "ok: IPv4 unicast"

# IPv4 source selection: make the VIP the kernel's preferred source, then ask for the real one.
hv_exec 1 ip addr add 10.250.0.100/24 dev eth0
hv_exec 1 ip route replace 10.250.0.0/24 dev eth0 src 10.250.0.100
hv_exec 1 ip route get 10.250.0.2 | hv_has "src 10.250.0.100" || hv_fail "premise: kernel should prefer the VIP"
ready=$HV_TMP/r2; out=$HV_TMP/o2
hv_bg 2 "$out" "$probe" vrrp-recv 4 eth0 1 3000 "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 4 eth0 10.250.0.1 10.250.0.2 "$payload" >/dev/null || hv_fail "send v4 with VIP present"
wait "$HV_BG_PID" || { cat "$out"; hv_fail "v4 unicast (VIP present) not received"; }
grep -q "src=10.250.0.1 " "$out" || { cat "$out"; hv_fail "kernel picked another source"; }
echo "ok: IPv4 source is the configured one, not the VIP"

# IPv4 multicast (joined on the receiver)
ready=$HV_TMP/r3; out=$HV_TMP/o3
hv_bg 2 "$out" "$probe" vrrp-recv 4 eth0 1 3000 join "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 4 eth0 10.250.0.1 224.0.0.18 "$payload" >/dev/null || hv_fail "send v4 multicast"
wait "$HV_BG_PID" || { cat "$out"; hv_fail "v4 multicast not received"; }
grep -q "src=10.250.0.1 dst=224.0.0.18 ttl=255 ifindex_ok=1 multicast=1 len=12 payload=$payload" "$out" \
  || { cat "$out"; hv_fail "v4 multicast fields"; }
echo "ok: IPv4 multicast 224.0.0.18"

# IPv6 unicast
ready=$HV_TMP/r4; out=$HV_TMP/o4
hv_bg 2 "$out" "$probe" vrrp-recv 6 eth0 1 3000 "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 6 eth0 fd00:250::1 fd00:250::2 "$payload" >/dev/null || hv_fail "send v6 unicast"
wait "$HV_BG_PID" || { cat "$out"; hv_fail "v6 unicast not received"; }
grep -q "src=fd00:250::1 dst=fd00:250::2 ttl=255 ifindex_ok=1 multicast=0 len=12 payload=$payload" "$out" \
  || { cat "$out"; hv_fail "v6 unicast fields"; }
echo "ok: IPv6 unicast"

# IPv6 multicast ff02::12 from the link-local address
ll=$(hv_exec 1 ip -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1)
[ -n "$ll" ] || hv_fail "no link-local address on host 1"
ready=$HV_TMP/r5; out=$HV_TMP/o5
hv_bg 2 "$out" "$probe" vrrp-recv 6 eth0 1 3000 join "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 6 eth0 "$ll" ff02::12 "$payload" >/dev/null || hv_fail "send v6 multicast"
wait "$HV_BG_PID" || { cat "$out"; hv_fail "v6 multicast not received"; }
grep -q "src=$ll dst=ff02::12 ttl=255 ifindex_ok=1 multicast=1 len=12 payload=$payload" "$out" \
  || { cat "$out"; hv_fail "v6 multicast fields"; }
echo "ok: IPv6 multicast ff02::12"

# A burst that queues up while the receiver sleeps is read in batches (one
# receive system call takes up to 16): every packet comes out once, in order,
# with its own length, source and fields, across the batch boundaries.
burst() {  # FAMILY SRC DST
  local out=$HV_TMP/burst$1 ready=$HV_TMP/rb$1 n=40 i
  hv_bg 2 "$out" "$probe" vrrp-recv "$1" eth0 "$n" 5000 hold=300 "$ready"
  hv_wait_file "$ready" || hv_fail "receiver not ready"
  hv_exec 1 "$probe" vrrp-send "$1" eth0 "$2" "$3" "$payload" "$n" burst >/dev/null || hv_fail "send v$1 burst"
  wait "$HV_BG_PID" || { cat "$out"; hv_fail "v$1 burst: not all $n received"; }
  for ((i = 0; i < n; i++)); do
    local tail="" b
    b=$(printf '%02x' "$i")
    for ((k = 0; k < i; k++)); do tail+=$b; done
    sed -n "$((i + 1))p" "$out" | grep -q "^src=$2 dst=$3 ttl=255 ifindex_ok=1 multicast=0 len=$((12 + i)) payload=$payload$tail\$" \
      || { cat "$out"; hv_fail "v$1 burst: packet $i"; }
  done
  grep -q "^received=$n\$" "$out" || { cat "$out"; hv_fail "v$1 burst count"; }
}
burst 4 10.250.0.1 10.250.0.2
echo "ok: IPv4 burst of 40 in batches"
burst 6 fd00:250::1 fd00:250::2
echo "ok: IPv6 burst of 40 in batches"

# A burst larger than the kernel's default receive buffer (208 KiB) waits
# whole in the 2 MiB havipd asks for (255 instances that stop together send
# 255 adverts at once, on top of the usual ones).
big=$HV_TMP/big ready=$HV_TMP/rbig n=600
hv_bg 2 "$big" "$probe" vrrp-recv 4 eth0 "$n" 8000 hold=500 rcvbuf=2097152 "$ready"
hv_wait_file "$ready" || hv_fail "receiver not ready"
hv_exec 1 "$probe" vrrp-send 4 eth0 10.250.0.1 10.250.0.2 "$payload" "$n" burst >/dev/null || hv_fail "send big burst"
wait "$HV_BG_PID" || { tail -3 "$big"; hv_fail "big burst: not all $n received"; }
grep -q "^received=$n\$" "$big" || { tail -3 "$big"; hv_fail "big burst count"; }
echo "ok: a burst of $n waits in a 2 MiB receive buffer"
echo "PASS"
