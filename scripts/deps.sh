#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages havip needs to build and test, only those missing.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
      tao-pegtl-dev libfmt-dev libcli11-dev libtoml11-dev
      libnl-3-dev libnl-route-3-dev libgtest-dev libgmock-dev libbenchmark-dev
      keepalived iproute2 tcpdump libcap2-bin jq)
# Node.js and npm fetch the schema validators; any install that provides the
# commands will do (some Node.js builds bundle npm and conflict with Debian's).
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "havip: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
  echo "havip: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian keepalived package may start a service; havip's tests run their own.
  if command -v systemctl >/dev/null && systemctl is-active -q keepalived 2>/dev/null; then
    systemctl stop keepalived || true
    systemctl disable keepalived >/dev/null 2>&1 || true
  fi
fi
