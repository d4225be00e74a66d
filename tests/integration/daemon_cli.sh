#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havipd's command line and start-up checks: --version, -n on good and bad plans
# (exit codes 0 and 2, the reason on stderr), plans and scripts writable by
# others refused, an interface the host lacks (exit 1), the capabilities left
# after start (CAP_NET_RAW and CAP_NET_ADMIN, no_new_privs), the state file,
# READY=1 to NOTIFY_SOCKET (Type=notify), and the installed systemd unit.
#   daemon_cli.sh HAVIPD PLANTOOL BUILD_DIR
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hd_init "$1" "$2"
build=$3
havipd=$HD_HAVIPD

out=$("$havipd" --version) || hv_fail "--version exit $?"
[[ "$out" =~ ^havipd\ [0-9]+\.[0-9]+\.[0-9]+ ]] || hv_fail "--version printed '$out'"
echo "ok: --version ($out)"

hd_conf 1 "$HV_TMP/n1.conf" state=MASTER prio=100
hd_replan 1 "$HV_TMP/n1.conf"
plan=${HD_PLAN[1]}
out=$("$havipd" -n "$plan") || hv_fail "-n on a good plan: exit $?"
[[ "$out" == *"ok (node n1, 1 instance)"* ]] || hv_fail "-n printed '$out'"
echo "ok: -n on a good plan"

expect_exit() {  # CODE STDERR-PATTERN ARGS...
  local code=$1 pat=$2 rc
  shift 2
  "$havipd" "$@" >"$HV_TMP/out" 2>"$HV_TMP/err"
  rc=$?
  [ "$rc" = "$code" ] || { cat "$HV_TMP/err"; hv_fail "havipd $*: exit $rc, want $code"; }
  grep -q -- "$pat" "$HV_TMP/err" || { cat "$HV_TMP/err"; hv_fail "havipd $*: no '$pat' on stderr"; }
}
head -c 100 "$plan" >"$HV_TMP/short.hvp"
expect_exit 2 "truncated" -n "$HV_TMP/short.hvp"
cp "$plan" "$HV_TMP/flip.hvp"
printf '\xff' | dd of="$HV_TMP/flip.hvp" bs=1 seek=40 conv=notrunc status=none
expect_exit 2 "havipd: " -n "$HV_TMP/flip.hvp"
printf 'vrrp_instance X {\n}\n' >"$HV_TMP/text.hvp"
expect_exit 2 "havipd: " -n "$HV_TMP/text.hvp"
expect_exit 2 "havipd: " -n "$HV_TMP/missing.hvp"
expect_exit 2 "a plan is required"
expect_exit 2 "" --no-such-option "$plan"
cp "$plan" "$HV_TMP/open.hvp"
chmod 666 "$HV_TMP/open.hvp"
expect_exit 2 "plan refused" -n "$HV_TMP/open.hvp"
echo "ok: bad plans exit 2 with a reason (truncated, corrupted, not a plan, missing, writable by others)"

# The systemd unit, as cmake --install lays it out (the havipd component).
if command -v cmake >/dev/null && [ -f "$build/cmake_install.cmake" ]; then
  DESTDIR="$HV_TMP/inst" cmake --install "$build" --component havipd >"$HV_TMP/out" 2>&1 \
    || { cat "$HV_TMP/out"; hv_fail "cmake --install --component havipd"; }
  unit=$(find "$HV_TMP/inst" -name havipd.service | head -1)
  [ -n "$unit" ] || hv_fail "cmake --install put no havipd.service"
  [[ "$unit" == */lib/systemd/system/havipd.service ]] || hv_fail "unit installed at $unit"
  grep -q "^Type=notify$" "$unit" || hv_fail "unit: not Type=notify"
  exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
  [ -x "$HV_TMP/inst$exe" ] || hv_fail "unit: ExecStart=$exe is not the installed havipd"
  grep -q '^ExecReload=.* -n ' "$unit" || hv_fail "unit: reload does not validate the plan first"
  if command -v systemd-analyze >/dev/null; then
    # Verified with ExecStart pointing at this build (the installed path may not exist here).
    sed "s|=[^ ]*/havipd |=$(readlink -f "$havipd") |" "$unit" >"$HV_TMP/havipd.service"
    if systemd-analyze verify --man=no "$HV_TMP/havipd.service" >"$HV_TMP/verify" 2>&1; then
      echo "ok: systemd-analyze verify"
    elif grep -q "havipd.service:" "$HV_TMP/verify"; then
      cat "$HV_TMP/verify"; hv_fail "systemd-analyze verify complains about the unit"
    fi
  fi
  echo "ok: cmake --install lays out havipd.service (Type=notify)"
fi
if command -v groff >/dev/null; then
  groff -man -ww -z "$(dirname "$0")/../../man/havipd.8" 2>"$HV_TMP/groff"
  [ -s "$HV_TMP/groff" ] && { cat "$HV_TMP/groff"; hv_fail "groff warns about man/havipd.8"; }
  echo "ok: man/havipd.8 formats without warnings"
fi

# The rest runs havipd for real: root and a namespace.
[ "$(id -u)" = 0 ] || { echo "PASS (root parts skipped)"; exit 0; }
hv_require
hv_lan 2

# An interface the host does not have: exit 1 with the reason.
sed 's/interface eth0/interface eth9/' "$HV_TMP/n1.conf" >"$HV_TMP/eth9.conf"
hd_replan 2 "$HV_TMP/eth9.conf"
hv_exec 1 "$havipd" --state-dir "$HV_TMP/state.x" "${HD_PLAN[2]}" >"$HV_TMP/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "eth9" "$HV_TMP/out" || { cat "$HV_TMP/out"; hv_fail "missing interface: exit $rc"; }
echo "ok: a missing interface stops the start (exit 1)"

# A notify script writable by others is refused at start.
cp "$HV_TMP/notify.sh" "$HV_TMP/open-notify.sh"
chmod 777 "$HV_TMP/open-notify.sh"
sed "s|$HV_TMP/notify.sh|$HV_TMP/open-notify.sh|" "$HV_TMP/n1.conf" >"$HV_TMP/open.conf"
hd_replan 2 "$HV_TMP/open.conf"
hv_exec 1 "$havipd" --state-dir "$HV_TMP/state.x" "${HD_PLAN[2]}" >"$HV_TMP/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "refused" "$HV_TMP/out" || { cat "$HV_TMP/out"; hv_fail "script writable by others: exit $rc"; }
echo "ok: a notify script writable by others is refused"

# A normal start: capabilities narrowed, state file written, READY=1 sent.
notify_sock=""
if command -v python3 >/dev/null; then
  notify_sock="$HV_TMP/notify.sock"
  hv_bg 1 "$HV_TMP/ready" python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(10)
print(s.recv(256).decode(), flush=True)' "$notify_sock"
  for ((k = 0; k < 300; k++)); do [ -S "$notify_sock" ] && break; sleep 0.01; done
fi
NOTIFY_SOCKET=$notify_sock hd_start 1 havipd "$HV_TMP/n1.conf"
hd_wait_holder 1 8 || { hd_dump; hv_fail "no master"; }
pid=${HD_PID[1]}
caps=$(awk '/^CapEff/ { print $2 }' "/proc/$pid/status")
bnd=$(awk '/^CapBnd/ { print $2 }' "/proc/$pid/status")
nnp=$(awk '/^NoNewPrivs/ { print $2 }' "/proc/$pid/status")
[ "$caps" = 0000000000003000 ] || hv_fail "CapEff $caps, want only NET_ADMIN and NET_RAW (0x3000)"
[ "$bnd" = 0000000000003000 ] || hv_fail "CapBnd $bnd, want 0x3000"
[ "$nnp" = 1 ] || hv_fail "NoNewPrivs $nnp"
echo "ok: capabilities after start: CapEff=CapBnd=0x3000 (NET_ADMIN, NET_RAW), no_new_privs"
# The state file is written by the file writer, just after the VIP went up.
for ((k = 0; k < 100; k++)); do [ "$(cat "$HV_TMP/state.n1/VI_1.state" 2>/dev/null)" = MASTER ] && break; sleep 0.01; done
[ "$(cat "$HV_TMP/state.n1/VI_1.state")" = MASTER ] || hv_fail "state file: '$(cat "$HV_TMP/state.n1/VI_1.state")'"
echo "ok: state file says MASTER"
threads=$(ls "/proc/$pid/task" | wc -l)
[ "$threads" = 2 ] || hv_fail "havipd runs $threads threads (want the event loop and the file writer)"
# Capabilities are per thread: the writer thread has no more than the loop.
for t in /proc/"$pid"/task/*; do
  c=$(awk '/^CapEff/ { print $2 }' "$t/status") b=$(awk '/^CapBnd/ { print $2 }' "$t/status")
  n=$(awk '/^NoNewPrivs/ { print $2 }' "$t/status")
  [ "$c/$b/$n" = 0000000000003000/0000000000003000/1 ] || hv_fail "thread ${t##*/}: CapEff $c CapBnd $b NoNewPrivs $n"
done
echo "ok: two threads (event loop, file writer), both with CapEff=CapBnd=0x3000 and no_new_privs"
if [ -n "$notify_sock" ]; then
  for ((k = 0; k < 300; k++)); do grep -q "READY=1" "$HV_TMP/ready" && break; sleep 0.01; done
  grep -q "READY=1" "$HV_TMP/ready" || hv_fail "no READY=1 on NOTIFY_SOCKET"
  echo "ok: READY=1 sent to NOTIFY_SOCKET"
fi
hd_stop 1 || hv_fail "exit code $? on SIGTERM"
[ "$(cat "$HV_TMP/state.n1/VI_1.state")" = STOP ] || hv_fail "state file after stop: '$(cat "$HV_TMP/state.n1/VI_1.state")'"
hd_wait_holder 0 2 || hv_fail "VIP left after stop"
echo "ok: stopped, state STOP, no VIP left"

# A notify script run as another user (keepalived's `notify_master "..." USER`):
# the user is looked up (NSS, also from a static havipd) and the script runs as it;
# havipd then keeps CAP_SETUID, CAP_SETGID and CAP_KILL as well.
if id nobody >/dev/null 2>&1; then
  chmod 755 "$HV_TMP"
  mkdir -m 1777 "$HV_TMP/pub"
  printf '#!/bin/sh\nid -u > "%s/pub/uid.$1"\n' "$HV_TMP" >"$HV_TMP/whoami.sh"
  chmod 755 "$HV_TMP/whoami.sh"
  hd_conf 1 "$HV_TMP/user.conf" state=MASTER prio=100 version=3 advert=0.1 \
    extra="  notify \"$HV_TMP/whoami.sh generic\" nobody"
  hd_start 1 havipd "$HV_TMP/user.conf"
  hd_wait_holder 1 4 || { hd_dump; hv_fail "no master (script user)"; }
  for ((k = 0; k < 250; k++)); do [ -s "$HV_TMP/pub/uid.generic" ] && break; sleep 0.02; done
  [ "$(cat "$HV_TMP/pub/uid.generic" 2>/dev/null)" = "$(id -u nobody)" ] || { hd_dump; hv_fail "notify did not run as nobody"; }
  caps=$(awk '/^CapEff/ { print $2 }' "/proc/${HD_PID[1]}/status")
  [ "$caps" = 00000000000030e0 ] || hv_fail "CapEff $caps with a script user, want 0x30e0"
  hd_stop 1 || hv_fail "exit code $? on SIGTERM"
  echo "ok: a notify script runs as the user the plan names (nobody); CapEff=0x30e0"
fi
echo "PASS"
