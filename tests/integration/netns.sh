#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Network-namespace harness for havip's integration tests (sourced, not run).
#
#   hv_require            exit 77 (ctest: skipped) unless root with working `ip netns`
#   hv_lan N              N hosts hvtest-<pid>-n1..nN on one bridge (its own namespace),
#                         each with eth0 = 10.250.0.I/24 and fd00:250::I/64 (no DAD), lo up
#   hv_ns I               the name of host I's namespace
#   hv_exec I CMD...      run CMD in host I
#   hv_bg I OUT CMD...    run CMD in host I in the background, stdout+stderr to OUT; pid in HV_BG_PID
#   hv_wait_file F [S]    wait up to S seconds (default 5) for file F
#   hv_fail MSG           print and exit 1
# Every namespace this shell made, and every background job it started, is removed
# on exit (trap). Addresses exist only inside these namespaces; nothing is routed out.
set -uo pipefail
# `cmd | grep -q` fails under pipefail when grep exits at the first match and
# cmd dies of SIGPIPE; hv_has reads all of its input.
hv_has() { grep "$@" >/dev/null; }

HV_PREFIX="hvtest-$$-"
HV_TMP=$(mktemp -d /tmp/hvtest-$$.XXXXXX)
HV_PIDS=()
HV_NAMESPACES=()

hv_cleanup() {
  local p ns
  for p in "${HV_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${HV_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  for ns in "${HV_NAMESPACES[@]}"; do
    # Anything still running inside (a daemon a test forgot) goes with its namespace.
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$HV_TMP"
}
trap hv_cleanup EXIT
trap 'exit 130' INT TERM

hv_skip() { echo "SKIP: $*"; exit 77; }
hv_fail() { echo "FAIL: $*" >&2; exit 1; }

hv_require() {
  [ "$(id -u)" = 0 ] || hv_skip "needs root (network namespaces)"
  command -v ip >/dev/null || hv_skip "iproute2 (ip) not installed"
  local probe="${HV_PREFIX}probe"
  ip netns add "$probe" 2>/dev/null || hv_skip "ip netns add does not work here"
  ip netns del "$probe"
}

hv_ns() { echo "${HV_PREFIX}n$1"; }

hv_exec() {
  local i=$1; shift
  ip netns exec "$(hv_ns "$i")" "$@"
}

hv_bg() {
  local i=$1 out=$2; shift 2
  ip netns exec "$(hv_ns "$i")" "$@" >"$out" 2>&1 &
  HV_BG_PID=$!
  HV_PIDS+=("$HV_BG_PID")
}

hv_wait_file() {
  local f=$1 secs=${2:-5} i
  for ((i = 0; i < secs * 100; i++)); do
    [ -e "$f" ] && return 0
    sleep 0.01
  done
  return 1
}

hv_lan() {
  local n=$1 i br="${HV_PREFIX}br" ns
  ip netns add "$br" || hv_fail "ip netns add $br"
  HV_NAMESPACES+=("$br")
  ip -n "$br" link add br0 type bridge mcast_snooping 0 forward_delay 0 || hv_fail "bridge"
  ip -n "$br" link set br0 up
  ip -n "$br" link set lo up
  for ((i = 1; i <= n; i++)); do
    ns=$(hv_ns "$i")
    ip netns add "$ns" || hv_fail "ip netns add $ns"
    HV_NAMESPACES+=("$ns")
    ip -n "$ns" link set lo up
    # Both ends are created directly inside the namespaces: the host's own
    # namespace never sees these interfaces.
    ip link add eth0 netns "$ns" type veth peer name "v$i" netns "$br" || hv_fail "veth for host $i"
    ip -n "$br" link set "v$i" master br0
    ip -n "$br" link set "v$i" up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 net.ipv6.conf.all.accept_dad=0
    ip -n "$ns" addr add "10.250.0.$i/24" dev eth0
    ip -n "$ns" addr add "fd00:250::$i/64" dev eth0 nodad
    ip -n "$ns" link set eth0 up
  done
  # Wait for carrier and for the link-local addresses to leave "tentative".
  for ((i = 1; i <= n; i++)); do
    local k
    for ((k = 0; k < 300; k++)); do
      ip -n "$(hv_ns "$i")" -6 addr show dev eth0 tentative 2>/dev/null | hv_has inet6 || break
      sleep 0.01
    done
  done
}
