#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-compile end to end: one plan per node with its summary, atomic and
# deterministic output, .conf and havip.toml giving the same bytes, the lint
# gate (exit 1, nothing written), HV3xx stopping plans only, --verify (0 or 2
# with the reason), --dump, and usage/I-O errors (exit 2).
source "$(dirname "$0")/lib.sh" "$@"
K=(--no-policy --target-keepalived 2.2.7)
cp "$SRC"/examples/guide-standing/{a.conf,b.conf,havip.toml} .
flip() {  # FILE OFFSET: flips the lowest bit of one byte
  perl -e 'open(my $f, "+<:raw", $ARGV[0]) or die; seek($f, $ARGV[1], 0); read($f, my $c, 1);
           seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1)' "$1" "$2"
}
poke() {  # FILE OFFSET BYTE
  perl -e 'open(my $f, "+<:raw", $ARGV[0]) or die; seek($f, $ARGV[1], 0); print $f chr($ARGV[2])' "$1" "$2" "$3"
}

# One plan per node, named after the file's stem, and a summary per node.
expect_rc 0 "compile the guide pair" -- "$COMPILE" "${K[@]}" -o out a.conf b.conf
expect_out '^a: out/a\.hvp \([0-9]+ bytes\), 1 instance, 1 VIP$' "summary line of node a"
expect_out '^  guide: vrid 51, VRRPv2, priority 50, advert 1 s, starts MASTER$' "instance line"
expect_out 'a as master dies: b \(priority 30\) takes over after 3\.883 s \(3 x 1 s \+ skew 0\.883 s\); a stops gracefully: 0\.883 s' \
  "failover budget of a's peer (3 x advert + (256 - 30) / 256 s)"
expect_out 'b as master dies: a \(priority 50\) takes over after 3\.805 s' "failover budget of b's peer"
if [ -f out/a.hvp ] && [ -f out/b.hvp ]; then ok "a.hvp and b.hvp written"; else bad "plans missing: $(ls out)"; fi
if [ "$(ls -A out | wc -l)" = 2 ]; then ok "no temporary files left"; else bad "stray files: $(ls -A out)"; fi
size=$(wc -c <out/a.hvp)
if [ "$size" -le 256 ]; then ok "guide node plan: $size bytes (<= 256)"; else bad "a.hvp is $size bytes"; fi

# Deterministic; the same pair as havip.toml gives byte-identical plans.
expect_rc 0 "compile the pair again" -- "$COMPILE" "${K[@]}" -q -o again a.conf b.conf
if cmp -s out/a.hvp again/a.hvp && cmp -s out/b.hvp again/b.hvp; then ok "identical bytes twice"; else bad "plans differ between runs"; fi
expect_rc 0 "compile havip.toml" -- "$COMPILE" "${K[@]}" -q -o toml havip.toml
if cmp -s out/a.hvp toml/a.hvp && cmp -s out/b.hvp toml/b.hvp; then ok ".conf pair and havip.toml: byte-identical plans"
else bad ".conf and havip.toml plans differ"; fi
old=$(stat -c %i out/a.hvp)
expect_rc 0 "recompile over existing plans" -- "$COMPILE" "${K[@]}" -q -o out a.conf b.conf
if [ "$(stat -c %i out/a.hvp)" != "$old" ]; then ok "a.hvp replaced by rename (new inode)"; else bad "a.hvp rewritten in place"; fi

# --node names the node of a single file.
expect_rc 0 "--node" -- "$COMPILE" "${K[@]}" -q --node db1 -o node a.conf
if [ -f node/db1.hvp ]; then ok "--node db1 writes db1.hvp"; else bad "--node wrote: $(ls node)"; fi

# --verify and --dump.
expect_rc 0 "--verify a good plan" -- "$COMPILE" --verify out/a.hvp
expect_out '^out/a\.hvp: ok \([0-9]+ bytes, 1 instance\)$' "--verify says ok"
expect_rc 0 "--dump" -- "$COMPILE" --dump out/a.hvp
expect_out '^havip plan, format 1, [0-9]+ bytes, crc32c 0x[0-9a-f]{8} \(verified\)$' "--dump header line"
expect_out '^  [0-9]+ +8 +data ' "--dump section table"
expect_out '^instance\[0\] @0x[0-9a-f]{4} "guide"$' "--dump instance"
expect_out '^  peer\[0\] @0x[0-9a-f]{4} 172\.16\.0\.14$' "--dump peer"
head -c 100 out/a.hvp >cut.hvp
expect_rc 2 "--verify a truncated plan" -- "$COMPILE" --verify cut.hvp
expect_out '^havip-compile: cut\.hvp: total_size at offset 8: header says [0-9]+ bytes but the plan has 100 \(truncated\)$' "truncation reason"
cp out/a.hvp flip.hvp && flip flip.hvp 150
expect_rc 2 "--verify a plan with one flipped bit" -- "$COMPILE" --verify flip.hvp
expect_out 'flip\.hvp: checksum at offset 12: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8} \(corrupted plan\)$' "checksum reason"
cp out/a.hvp v2.hvp && poke v2.hvp 4 2
expect_rc 2 "--verify a plan of format 2" -- "$COMPILE" --verify v2.hvp
expect_out 'version at offset 4: plan format 2 is newer than this loader \(format 1\); upgrade havipd' "version reason"
expect_rc 2 "--dump refuses a bad plan too" -- "$COMPILE" --dump flip.hvp
expect_out 'corrupted plan' "--dump reason"
expect_rc 2 "--verify a missing file" -- "$COMPILE" --verify nope.hvp
expect_out 'nope\.hvp: cannot open' "missing file reason"
expect_rc 2 "--verify a keepalived.conf" -- "$COMPILE" --verify a.conf
expect_out 'not a havip plan' "not-a-plan reason"

# The lint gate: an error stops every plan (exit 1); old plans stay as they were.
mkdir bad && sed 's/virtual_router_id 51/virtual_router_id 300/' a.conf >bad/a.conf && cp b.conf bad/
cp out/a.hvp keep.hvp
expect_rc 1 "a lint error stops the compile" -- "$COMPILE" "${K[@]}" --format gnu -o out bad/a.conf bad/b.conf
expect_out 'bad/a\.conf:[0-9]+:[0-9]+: error: .*\[HV[0-9]{3}\]' "the error is reported"
expect_out '^havip-compile: not emitting: fix the errors above first$' "refusal message"
if cmp -s out/a.hvp keep.hvp; then ok "the old a.hvp is untouched"; else bad "a.hvp changed by a failed compile"; fi

# HV3xx: a feature havipd does not run stops the plan, not keepalived.conf.
mkdir lvs && cp a.conf lvs/ && cat >>lvs/a.conf <<'CONF'

virtual_server 172.16.0.135 80 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 172.16.0.20 80 {
        weight 1
    }
}
CONF
expect_rc 1 "HV301 stops the plan" -- "$COMPILE" "${K[@]}" --format gnu -o lvsout lvs/a.conf
expect_out 'error: havipd does not execute LVS \(`virtual_server`\).*\[HV301\]' "HV301 names the keyword"
if [ ! -e lvsout ]; then ok "nothing written"; else bad "lvsout exists: $(ls lvsout)"; fi
expect_rc 0 "--emit keepalived is unaffected by HV3xx" -- "$COMPILE" "${K[@]}" -q --emit keepalived -o lvskc lvs/a.conf
expect_out '`virtual_server` is not carried into the emitted keepalived\.conf' "the dropped block is named"

# Usage and I/O errors: exit 2.
expect_rc 2 "plans need -o" -- "$COMPILE" "${K[@]}" a.conf
expect_rc 2 "unknown --emit" -- "$COMPILE" --emit yaml -o x a.conf
expect_rc 2 "missing input" -- "$COMPILE" "${K[@]}" -o x nope.conf
touch afile
expect_rc 2 "output directory is a file" -- "$COMPILE" "${K[@]}" -q -o afile a.conf
finish
