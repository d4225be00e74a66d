#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `cmake --install --prefix P` writes a havipd.service that starts P/sbin/havipd,
# checks the plan first (ExecStartPre=havipd -n), is skipped without a plan,
# and keeps its sandbox: systemd-analyze's offline exposure stays at most 3.5
# (6.4 before the sandbox) when systemd-analyze is there.
source "$(dirname "$0")/lib.sh"
[ -x "$BUILD/runtime/havipd" ] || { echo "SKIP: havipd not built"; exit 77; }
expect_rc 0 "cmake --install --prefix" -- cmake --install "$BUILD" --prefix "$T/p r" --component havipd
unit="$T/p r/lib/systemd/system/havipd.service"
if [ -f "$unit" ]; then ok "the unit is installed"; else bad "no $unit"; finish; fi
grep -qx "ExecStart=$T/p r/sbin/havipd --state-dir /run/havipd \$HAVIPD_OPTS \${HAVIPD_PLAN}" "$unit" &&
  ok "ExecStart names the installed havipd" || bad "ExecStart: $(grep ^ExecStart= "$unit")"
grep -qx "ExecStartPre=$T/p r/sbin/havipd -n \${HAVIPD_PLAN}" "$unit" && ok "ExecStartPre validates the plan" ||
  bad "no ExecStartPre=havipd -n"
grep -q '^ConditionFileNotEmpty=|/etc/havip/havipd.hvp$' "$unit" && ok "skipped without a plan" ||
  bad "no ConditionFileNotEmpty on the plan"
for k in PrivateTmp ProtectKernelTunables ProtectKernelLogs ProtectKernelModules ProtectClock ProtectHostname \
         RestrictNamespaces SystemCallArchitectures UMask CapabilityBoundingSet RestrictAddressFamilies; do
  grep -q "^$k=" "$unit" || bad "no $k="
done
grep -q '^RestrictAddressFamilies=.*AF_PACKET' "$unit" && grep -q '^CapabilityBoundingSet=.*CAP_NET_RAW' "$unit" &&
  ok "keeps AF_PACKET and CAP_NET_RAW" || bad "lost what havipd needs"
if command -v systemd-analyze >/dev/null; then
  cp "$unit" "$T/havipd.service"
  score=$(cd "$T" && systemd-analyze security --offline=true havipd.service 2>/dev/null |
          sed -n 's/.*Overall exposure level for havipd.service: \([0-9.]*\).*/\1/p')
  if [ -z "$score" ]; then echo "skip: systemd-analyze security --offline gave no score"
  elif awk -v s="$score" 'BEGIN { exit !(s <= 3.5) }'; then ok "systemd-analyze security: $score (<= 3.5)"
  else bad "systemd-analyze security: $score, want <= 3.5"; fi
fi
finish
