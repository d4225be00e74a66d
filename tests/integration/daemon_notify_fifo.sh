#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# notify_fifo on real FIFOs (VRRPv3, advert 0.1 s; host 1 priority 100, host 2 50):
#   1. host 1 has vrrp_notify_fifo with a vrrp_notify_fifo_script reader, which
#      the daemon starts with the FIFO's path as its last argument; host 2 has a
#      notify_fifo nobody reads, filled to the brim by the test;
#   2. host 1 stops: host 2 takes over in the usual time although none of its
#      lines can be written (dropped, counted, logged once);
#   3. the reader saw exactly keepalived's lines in transition order, STOP last,
#      then the end of the FIFO; the FIFO the daemon created is gone after it.
# KIND1 = keepalived runs the same check of host 1 against keepalived 2.2.7
# (which ends its reader at stop: the lines up to MASTER are compared).
#   daemon_notify_fifo.sh HAVIPD PLANTOOL [KIND1]
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind1=${3:-havipd}
[ "$kind1" = keepalived ] && hd_need_keepalived
hv_lan 3

F1="$HV_TMP/n1.fifo" F2="$HV_TMP/n2.fifo" LINES="$HV_TMP/reader.lines"
{
  echo '#!/bin/sh'
  echo "echo \"ARGS \$*\" >>\"$LINES\""
  echo "while IFS= read -r line; do echo \"\$line\" >>\"$LINES\"; done <\"\$2\""
  echo "echo END >>\"$LINES\""
} >"$HV_TMP/reader.sh"
chmod 755 "$HV_TMP/reader.sh"

with_globals() {  # with_globals CONF LINE...: lines at the top of global_defs
  local conf=$1 l
  shift
  for l; do sed -i "/^global_defs {/a\\  $l" "$conf"; done
}
hd_conf 1 "$HV_TMP/n1.conf" prio=100 version=3 advert=0.1
with_globals "$HV_TMP/n1.conf" "vrrp_notify_fifo $F1" "vrrp_notify_fifo_script \"$HV_TMP/reader.sh -\""
hd_conf 2 "$HV_TMP/n2.conf" prio=50 version=3 advert=0.1
with_globals "$HV_TMP/n2.conf" "notify_fifo $F2"

hd_start 2 havipd "$HV_TMP/n2.conf"
hv_wait_file "$F2" 5 || hv_fail "host 2 created no FIFO"
[ -p "$F2" ] || hv_fail "$F2 is not a FIFO"
[ "$(stat -c %a "$F2")" = 600 ] || hv_fail "FIFO mode $(stat -c %a "$F2"), want 600 (as keepalived makes it)"
# Fill host 2's pipe: nobody reads it, so every line after this is dropped.
timeout 5 dd if=/dev/zero of="$F2" bs=512 count=100000 oflag=nonblock status=none 2>/dev/null
hd_wait_holder 2 5 || hv_fail "host 2 alone did not become master"
hd_start 1 "$kind1" "$HV_TMP/n1.conf"
hd_assert_single 1 5 "host 1 preempts"
echo "ok: host 1 ($kind1) master, host 2 backup"

t0=$(date +%s%N)
hd_stop 1 || hv_fail "host 1: exit code $?"
hd_assert_single 2 5 "host 1 stopped"
took=$((($(date +%s%N) - t0) / 1000000))
echo "ok: host 2 took over (and held it 3 adverts) ${took} ms after host 1's stop, its FIFO full"

for ((k = 0; k < 150; k++)); do hv_has -x "END" "$LINES" 2>/dev/null && break; sleep 0.02; done
want=$(printf 'ARGS - %s\nINSTANCE "VI_1" BACKUP 100\nINSTANCE "VI_1" MASTER 100\nINSTANCE "VI_1" STOP 100\nEND' "$F1")
got=$(cat "$LINES" 2>/dev/null)
if [ "$kind1" = keepalived ]; then
  got=$(echo "$got" | head -3) want=$(echo "$want" | head -3)
fi
[ "$got" = "$want" ] || {
  hd_dump
  hv_fail "reader lines:
$got
want:
$want"
}
[ -e "$F1" ] && hv_fail "$F1 left behind: the daemon created it and removes it at stop"
echo "ok: the reader read keepalived's lines in order$([ "$kind1" = havipd ] && echo ", STOP, then the end")"

if [ "$kind1" = havipd ]; then
  n=$(grep -c "event=fifo_line_dropped" "$HV_TMP/log.n2")
  [ "$n" = 1 ] || { hd_dump; hv_fail "host 2 logged fifo_line_dropped $n times, want once"; }
  echo "ok: host 2 dropped its lines and logged it once"
fi
hd_stop 2 || hv_fail "exit code $?"
[ -e "$F2" ] && hv_fail "$F2 left behind"
echo "PASS"
