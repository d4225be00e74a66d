#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-lint options end to end: --havip-per-eni sets HV104's limit (an
# inventory's own limit wins), --check-scripts makes HV206 look at this host's
# script files, suppressions and --ignore take slugs.
source "$(dirname "$0")/lib.sh" "$@"
K=(--no-policy --target-keepalived 2.2.7 --format gnu)
cp "$SRC"/examples/guide-non-standing/{a.conf,b.conf} .
# Three VIPs on eth0 of both nodes (one cluster; HV203 asks for garp_master_repeat 1).
for n in a b; do
  sed -i -e 's|^\( *\)172\.16\.0\.135/24$|&\n\1172.16.0.136/24\n\1172.16.0.137/24|' \
    -e 's|^global_defs {$|&\n    vrrp_garp_master_repeat 1|' $n.conf
done
grep -q 172.16.0.137 a.conf || bad "test set-up: the VIP edit did not apply"

expect_rc 0 "three VIPs per ENI: fine under the default limit of 5" -- "$LINT" "${K[@]}" a.conf b.conf
expect_rc 1 "--havip-per-eni 2" -- "$LINT" "${K[@]}" --havip-per-eni 2 a.conf b.conf
expect_out "^a\.conf:[0-9]+:[0-9]+: error: \`eth0\` of node \`a\` carries 3 HAVIPs, more than 2 \[HV104\]$" "HV104 names the limit"
expect_rc 2 "--havip-per-eni 0 is a usage error" -- "$LINT" "${K[@]}" --havip-per-eni 0 a.conf b.conf
cat >vpc.toml <<'INV'
[[vpc]]
name = "prod"
subnets = ["172.16.0.0/24"]
havip_per_eni = 10
INV
expect_rc 0 "the inventory's havip_per_eni wins over --havip-per-eni" -- \
  "$LINT" "${K[@]}" --havip-per-eni 2 --inventory vpc.toml a.conf b.conf

# --check-scripts: the guide's notify script is not on this host.
expect_rc 0 "scripts unchecked by default" -- "$LINT" "${K[@]}" a.conf b.conf
expect_rc 0 "--check-scripts: HV206 is a warning" -- "$LINT" "${K[@]}" --check-scripts a.conf b.conf
expect_out "warning: script \`/etc/keepalived/notify_action\.sh\` does not exist on this host \[HV206\]" "missing script reported"
mkdir -p bin
printf '#!/bin/sh\nexit 0\n' >bin/notify.sh
chmod 644 bin/notify.sh
sed -i "s|/etc/keepalived/notify_action\.sh|$T/bin/notify.sh|" a.conf b.conf
expect_rc 0 "--check-scripts on a script that is not executable" -- "$LINT" "${K[@]}" --check-scripts a.conf b.conf
expect_out "script \`$T/bin/notify\.sh\` is not executable on this host \[HV206\]" "not executable reported"
chmod 755 bin/notify.sh
expect_rc 0 "--check-scripts, script in place" -- "$LINT" "${K[@]}" --check-scripts --werror a.conf b.conf

# Slugs: in --ignore and in a suppression comment.
expect_rc 0 "--ignore by slug" -- "$LINT" "${K[@]}" --havip-per-eni 2 --ignore havip-per-eni a.conf b.conf
for n in a b; do sed -i 's|^\( *\)virtual_ipaddress {$|\1# havip-lint: disable=havip-per-eni -- three VIPs on purpose\n&|' $n.conf; done
expect_rc 0 "suppressed by slug" -- "$LINT" "${K[@]}" --havip-per-eni 2 --werror a.conf b.conf
finish
