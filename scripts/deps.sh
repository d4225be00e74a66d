#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages havip needs to build and test, only those missing.
#   scripts/deps.sh           install what is missing (root); never starts or stops a service
#   scripts/deps.sh --check   only list what is missing: exit 2 if anything is (what `make build` runs)
set -euo pipefail
check_only=
[ "${1:-}" = --check ] && check_only=1
pkgs=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
      tao-pegtl-dev libfmt-dev libcli11-dev libtoml11-dev
      libnl-3-dev libnl-route-3-dev libgtest-dev libgmock-dev libbenchmark-dev
      keepalived iproute2 tcpdump libcap2-bin nftables e2fsprogs iputils-ping jq
      iptables)  # the chaos delay fault: NFQUEUE (tests/chaos/nfq_delay.py)
# Shipping tests (tests/ship): packages, pre-commit hook, report schemas.
pkgs+=(dpkg-dev file lintian pre-commit libxml2-utils python3 git zsh fish)
# The sources' format check (tests/format/check.sh).
pkgs+=(clang-format)
# clang-tidy on the base layer, the runtime and the compiler (tests/tidy/check.sh, .clang-tidy).
pkgs+=(clang-tidy)
# promtool and a Prometheus server for havipd's metrics test (tests/integration/
# daemon_metrics.sh runs its own server in a namespace). The package's
# prometheus.service is not started here (policy-rc.d below), nor left enabled
# for the next boot.
pkgs+=(prometheus)
# Node.js and npm fetch the schema validators; any install that provides the
# commands will do (some Node.js builds bundle npm and conflict with Debian's).
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ -n "$check_only" ]; then
    echo "havip: missing packages: ${missing[*]} (install them with: make deps)" >&2
    exit 2
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "havip: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
  echo "havip: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Installing must never change a running service: the Debian keepalived
  # package would start (or restart) keepalived.service, prometheus its server. A policy-rc.d that
  # answers 101 ("action forbidden") makes invoke-rc.d/deb-systemd-invoke skip
  # every start and stop while the packages install; a keepalived that was
  # already running keeps running, one that was not stays stopped. Ours is
  # installed only when none exists, and removed afterwards.
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# havip scripts/deps.sh: no service starts or stops while packages install\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    own_policy=1
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$own_policy" ]; then rm -f "$policy"; trap - EXIT; fi
  # The packages also enable their services for the next boot. What this script
  # installs only as a test oracle or tool must not start at the next boot
  # either: that is undone for the packages installed here (and only those).
  for svc in keepalived prometheus; do
    if [[ " ${missing[*]} " == *" $svc "* ]] && command -v systemctl >/dev/null 2>&1; then
      systemctl disable "$svc.service" >/dev/null 2>&1 || true
    fi
  done
fi
