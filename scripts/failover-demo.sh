#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A live failover between two havipd nodes, run as root in throwaway network
# namespaces: the guide's non-standing pair (examples/guide-non-standing, nodes a
# and b on one subnet, VIP 172.16.0.135 on a VMAC) compiled with havip-compile,
# then the master is killed with -9, restarted (its stale VIP is removed), and
# the new master is stopped gracefully. The VIP's moves and their times, as
# seen on the wire, are printed; the namespaces are removed on exit.
#   scripts/failover-demo.sh [BUILD_DIR]
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
havipd="$build/runtime/havipd"
compile="$build/compiler/havip-compile"
example="$root/examples/guide-non-standing"
for t in "$havipd" "$compile"; do
  [ -x "$t" ] || { echo "failover-demo: $t is not built" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "failover-demo: needs root (network namespaces)" >&2; exit 2; }
command -v ip >/dev/null || { echo "failover-demo: needs iproute2" >&2; exit 2; }

tag="havip-demo-$$"
tmp=$(mktemp -d "/tmp/$tag.XXXXXX")
nss=() pids=()
cleanup() {
  local p ns
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  for ns in "${nss[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ns() { echo "$tag-$1"; }
now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { d = (b - a) * 1000; printf (d < 100 ? "%.1f ms" : "%.0f ms"), d }'; }

# The subnet of the example: a = 172.16.0.16, b = 172.16.0.14, one bridge.
ip netns add "$(ns br)" && nss+=("$(ns br)")
ip -n "$(ns br)" link add br0 type bridge forward_delay 0
ip -n "$(ns br)" link set br0 up
addr_a=172.16.0.16 addr_b=172.16.0.14 vip=172.16.0.135
for n in a b; do
  ip netns add "$(ns "$n")" && nss+=("$(ns "$n")")
  ip link add eth0 netns "$(ns "$n")" type veth peer name "v$n" netns "$(ns br)"
  ip -n "$(ns br)" link set "v$n" master br0
  ip -n "$(ns br)" link set "v$n" up
  ip -n "$(ns "$n")" link set lo up
  eval "a=\$addr_$n"
  ip -n "$(ns "$n")" addr add "$a/24" dev eth0
  ip -n "$(ns "$n")" link set eth0 up
done

# The example as it stands, except that its notify scripts (the guide's
# /etc/keepalived/notify_action.sh) are replaced by one per node that logs here.
mkdir -p "$tmp/conf" "$tmp/plans"
cp "$root/examples/.havip-lint.toml" "$tmp/conf/" 2>/dev/null  # the examples' lint policy (target keepalived)
for n in a b; do
  cat >"$tmp/notify-$n.sh" <<EOF
#!/bin/sh
echo "\$1" >> "$tmp/notify.$n"
EOF
  chmod 755 "$tmp/notify-$n.sh"
  sed -e "s|/etc/keepalived/notify_action.sh|$tmp/notify-$n.sh|" "$example/$n.conf" >"$tmp/conf/$n.conf"
done
"$compile" -q -o "$tmp/plans" "$tmp/conf/a.conf" "$tmp/conf/b.conf" || { echo "failover-demo: havip-compile failed" >&2; exit 1; }

echo "two nodes from $example (non-standing: both BACKUP, priority 50, nopreempt,"
echo "advert_int 1, unicast, PASS, use_vmac, vrrp_startup_delay 5); VIP $vip"
# Adverts and GARPs as seen on the wire, from each node's side.
have_tcpdump=0
if command -v tcpdump >/dev/null; then
  have_tcpdump=1
  for n in a b; do
    ip netns exec "$(ns "$n")" tcpdump -l -U -n -tt -i eth0 'ip proto 112 or arp' >"$tmp/cap.$n" 2>/dev/null &
    pids+=("$!")
  done
  sleep 0.5
fi
start() {
  ip netns exec "$(ns "$1")" "$havipd" --state-dir "$tmp/state.$1" "$tmp/plans/$1.hvp" >>"$tmp/log.$1" 2>&1 &
  eval "pid_$1=$!"
  pids+=("$!")
}
holders() {
  local out="" n
  for n in a b; do ip -n "$(ns "$n")" -4 -o addr show | grep " $vip/" >/dev/null && out="$out $n"; done
  echo "${out# }"
}
wait_for() {  # until the holders are exactly $1 (at most $2 s)
  local k
  for ((k = 0; k < $2 * 100; k++)); do [ "$(holders)" = "$1" ] && return 0; sleep 0.01; done
  return 1
}
# first_advert_from NODE SINCE: wire time of NODE's first advert after SINCE (from the other node's capture).
first_advert_from() {
  local src=$1 since=$2 other
  [ "$src" = a ] && other=b || other=a
  eval "s=\$addr_$src"
  awk -v s="$s" -v t="$since" '$1 + 0 >= t + 0 && $3 == s && /VRRP/ { print $1; exit }' "$tmp/cap.$other"
}
last_advert_from() {
  local src=$1 before=$2 other
  [ "$src" = a ] && other=b || other=a
  eval "s=\$addr_$src"
  awk -v s="$s" -v t="$before" '$1 + 0 <= t + 0 && $3 == s && /VRRP/ { last = $1 } END { print last }' "$tmp/cap.$other"
}
show() { printf '   %-7s %s\n' "$1" "$2"; }

t0=$(now)
start a
sleep 0.3
start b
wait_for a 15 || wait_for b 1 || { echo "no master elected"; tail "$tmp/log.a" "$tmp/log.b"; exit 1; }
master=$(holders)
[ "$master" = a ] && backup=b || backup=a
echo
echo "1. election: $master is master after $(ms "$t0" "$(now)") (5 s vrrp_startup_delay + 3 x 1 s + skew)"
show holders "$(holders)"

t_kill=$(now)
pid=$(eval echo "\$pid_$master")
kill -9 "$pid"
wait "$pid" 2>/dev/null
echo
echo "2. kill -9 $master's havipd"
wait_for "$(echo "$master $backup" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" 10 \
  || { echo "   $backup did not take over"; exit 1; }
t_vip=$(now)
show holders "$(holders)  ($master's VIP is stale: nobody removes a killed daemon's addresses)"
if [ "$have_tcpdump" = 1 ]; then
  sleep 0.2
  # a's last advert is the last one before b's first (one may leave after the clock reading).
  first=$(first_advert_from "$backup" "$t_kill")
  last=$(last_advert_from "$master" "$first")
  [ -n "$last" ] && [ -n "$first" ] && show wire "last advert of $master -> first advert of $backup: $(ms "$last" "$first") (bound: 3 x 1 s + (256-50)/256 s = 3805 ms)"
fi
show host "kill -> VIP on $backup: $(ms "$t_kill" "$t_vip")"

echo
echo "3. restart $master's havipd: it removes its stale VIP and stays BACKUP (nopreempt)"
t=$(now)
start "$master"
wait_for "$backup" 10 || { echo "   stale VIP not removed"; exit 1; }
show holders "$(holders)  (after $(ms "$t" "$(now)"))"
grep -h "stale_vip_removed" "$tmp/log.$master" | sed 's/^/   log     /'
sleep 6  # past the restarted node's startup delay: it is a live backup again

echo
echo "4. graceful stop of $backup (SIGTERM: priority-0 advert, VIP removed, notify_stop)"
t_stop=$(now)
kill -TERM "$(eval echo "\$pid_$backup")"
wait_for "$master" 10 || { echo "   $master did not take over"; exit 1; }
t_vip=$(now)
show holders "$(holders)"
if [ "$have_tcpdump" = 1 ]; then
  sleep 0.2
  p0=$(awk -v s="$(eval echo "\$addr_$backup")" -v t="$t_stop" '$1 + 0 >= t + 0 && $3 == s && /prio 0,/ { print $1; exit }' "$tmp/cap.$master")
  first=$(first_advert_from "$master" "$t_stop")
  [ -n "$p0" ] && [ -n "$first" ] && show wire "priority-0 advert of $backup -> first advert of $master: $(ms "$p0" "$first") (single unicast peer: no Skew_Time wait)"
fi
show host "SIGTERM -> VIP on $master: $(ms "$t_stop" "$t_vip")"

echo
echo "notify scripts, in order:"
for n in a b; do show "$n" "$(tr '\n' ' ' <"$tmp/notify.$n" 2>/dev/null)"; done
echo
echo "transitions logged by havipd:"
for n in a b; do sed -n "s/^ts=\([^ ]*\) .*event=transition \(.*\)/\1 $n \2/p" "$tmp/log.$n"; done | sort | sed 's/^/   /'
