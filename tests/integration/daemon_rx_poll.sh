#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Busy sockets are read from a timer (runtime/sys/rx_pacer.hpp): 120 instances
# x 0.1 s adverts make 1,200 a second on the backup, which reads its socket
# every 5 ms instead of on every arrival (the stats file's `adverts` line says
# polling=1, with several packets per read). Nothing is lost: the backup holds
# no VIP and counts every advert the master sent. When the master kill -9s,
# the backup takes all VIPs within the protocol's bound plus the poll period
# (and a margin for a loaded machine), and with no adverts coming its socket
# goes back to the loop (polling=0). The master's restart preempts back and
# the backup polls again. (Every 2 s on the timer, one window of 100 ms is read
# on arrival to decide again: a sample of the mode that falls in it is taken again.)
#   daemon_rx_poll.sh HAVIPD PLANTOOL
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
hv_lan 2
n=120
for i in 1 2; do hd_conf_many "$i" "$n" 0.1 "$HV_TMP/n$i.conf"; done
vips_on() { ip -n "$(hv_ns "$1")" -4 -o addr show dev eth0 | grep -c " 10\.251\."; }
wait_vips() {  # HOST COUNT TRIES(x 20 ms)
  local k
  for ((k = 0; k < $3; k++)); do [ "$(vips_on "$1")" = "$2" ] && return 0; sleep 0.02; done
  return 1
}
# "reads packets polling polled" from host I's stats file
rx_line() {
  local f="$HV_TMP/state.n$1/stats"
  rm -f "$f"; kill -USR1 "${HD_PID[$1]}"
  hv_wait_file "$f" 5 || hv_fail "no stats file from host $1"
  sleep 0.05
  sed -n 's/^adverts reads=\([0-9]*\) packets=\([0-9]*\) polling=\([01]\) polled=\([0-9]*\)$/\1 \2 \3 \4/p' "$f"
}
# Whether host I reads from the timer: every 2 s on it, one window of 100 ms
# is read on arrival to decide again, so a sample in that window is taken again
# 150 ms later. Prints "polling polled".
polls() {
  local p polled
  read -r _ _ p polled < <(rx_line "$1")
  if [ "$p" != 1 ]; then sleep 0.15; read -r _ _ p polled < <(rx_line "$1"); fi
  echo "$p $polled"
}

hd_start 1 havipd "$HV_TMP/n1.conf"
wait_vips 1 "$n" 1500 || hv_fail "host 1 holds $(vips_on 1) of $n VIPs"
hd_start 2 havipd "$HV_TMP/n2.conf"
sleep 3
[ "$(vips_on 2)" = 0 ] || hv_fail "the backup holds $(vips_on 2) VIPs"
read -r tx1a _ _ < <(hd_counters 1); read -r _ rx2a _ < <(hd_counters 2)
read -r reads_a packets_a _ _ < <(rx_line 2)
read -r polling polled < <(polls 2)
[ "$polling" = 1 ] && [ "$polled" -ge 1 ] || hv_fail "backup not polling at 1,200 adverts/s: polling=$polling polled=$polled"
sleep 2
read -r reads_b packets_b _ _ < <(rx_line 2)
read -r tx1b _ _ < <(hd_counters 1); read -r _ rx2b x2 < <(hd_counters 2)
read -r polling _ < <(polls 2)
[ "$polling" = 1 ] || hv_fail "backup left polling while adverts flow"
reads=$((reads_b - reads_a)) packets=$((packets_b - packets_a))
echo "2 s polling: $packets adverts in $reads reads; master sent $((tx1b - tx1a)), backup accepted $((rx2b - rx2a))"
[ $((packets * 10)) -ge $((reads * 30)) ] || hv_fail "fewer than 3 adverts per read ($packets in $reads)"
# Nothing dropped: the kernel counts what overflowed the backup's raw sockets,
# and the counters of both nodes agree (their windows differ by the signals' gap).
drops=$(hv_exec 2 awk 'NR > 1 { d += $NF } END { print d + 0 }' /proc/net/raw)
[ "$drops" = 0 ] || hv_fail "the backup's raw sockets dropped $drops packets"
sent=$((tx1b - tx1a)) got=$((rx2b - rx2a))
[ $((got * 100)) -ge $((sent * 90)) ] || hv_fail "backup accepted $got of $sent adverts"
[ "$(vips_on 2)" = 0 ] || hv_fail "the backup took VIPs while polling"
[ "$x2" = "$n" ] || hv_fail "backup made $x2 transitions ($n expected: each instance INIT to BACKUP once)"

t=$(hd_now)
hd_kill9 1
# Bound: 3 x 0.1 s + skew (0.1 x 206/256) = 0.38 s; + 5 ms poll; 1.5 s for a loaded machine.
wait_vips 2 "$n" 75 || hv_fail "backup holds $(vips_on 2) of $n VIPs 1.5 s after the master's kill -9"
echo "all $n VIPs on the backup $(awk -v a="$t" -v b="$(hd_now)" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms after kill -9"
sleep 0.5
read -r _ _ polling _ < <(rx_line 2)
[ "$polling" = 0 ] || hv_fail "no adverts come, yet the socket is still read from the timer"

hd_start 1 havipd "$HV_TMP/n1.conf"
wait_vips 1 "$n" 500 || hv_fail "host 1 did not preempt back ($(vips_on 1) of $n)"
wait_vips 2 0 250 || hv_fail "host 2 kept $(vips_on 2) VIPs"
sleep 1
read -r polling polled < <(polls 2)
[ "$polling" = 1 ] && [ "$polled" -ge 2 ] || hv_fail "backup again: polling=$polling polled=$polled"
echo "PASS"
