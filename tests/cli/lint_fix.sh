#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-lint --fix, --unsafe-fixes and --diff end to end: the broken example
# fixed as far as fixes go, each fixable rule's findings gone after a fix, a
# second --fix a no-op, --diff writing nothing, the file's mode, CRLF, a
# symlink, an include and standard input; a read-only file refused with
# nothing written (for every file of the run).
source "$(dirname "$0")/lib.sh" "$@"
K=(--no-policy --target-keepalived 2.2.7)
codes() { "$LINT" "${K[@]}" --format gnu "$@" 2>/dev/null | grep -oE '\[HV[0-9]+\]$' | sort | uniq -c | tr -s ' \n' ' '; }

# ---- the broken example --------------------------------------------------------
cp "$SRC"/examples/broken/db-{a,b}.conf .
cp db-a.conf a.orig; cp db-b.conf b.orig
chmod 640 db-a.conf
expect_rc 1 "--diff: there are changes" -- "$LINT" "${K[@]}" --diff db-a.conf db-b.conf
expect_out '^--- a/db-a\.conf$' "--diff header"
expect_out '^-    vrrp_garp_interval 0$' "--diff removes vrrp_garp_interval 0"
expect_out '^\+        172\.16\.0\.16$' "--diff adds the peer to db-b"
expect_out 'would fix 4 findings in 2 files \(HV107, HV204 x2, HV205\); 3 more with --unsafe-fixes' "--diff summary"
cmp -s db-a.conf a.orig && cmp -s db-b.conf b.orig && ok "--diff wrote nothing" || bad "--diff changed a file"

before=$(codes db-a.conf db-b.conf)
expect_rc 1 "--fix: findings remain (exit 1)" -- "$LINT" "${K[@]}" --format gnu --fix db-a.conf db-b.conf
expect_out 'fixed 4 findings in 2 files' "--fix summary"
after=$(codes db-a.conf db-b.conf)
# HV204's other finding (no garp_master_refresh) has no fix; its `... 0` lines do.
grep -Eq 'vrrp_(garp|gna)_interval 0' db-a.conf && bad "vrrp_garp_interval 0 still there" || ok "the \`... 0\` lines are gone"
after=${after/ 1 \[HV204\]/}
for c in HV107 HV204 HV205; do
  grep -q "$c" <<<"$after" && bad "$c still reported after --fix: $after" || ok "$c gone after --fix"
done
grep -q HV110 <<<"$after" && ok "HV110 (maybe-incorrect) left by --fix" || bad "HV110 fixed without --unsafe-fixes"
[ "$(stat -c %a db-a.conf)" = 640 ] && ok "mode 0640 kept" || bad "mode now $(stat -c %a db-a.conf)"
[ "$(head -3 db-a.conf)" = "$(head -3 a.orig)" ] && ok "comments kept" || bad "comments changed"
cp db-a.conf a.fixed; cp db-b.conf b.fixed
expect_rc 1 "second --fix" -- "$LINT" "${K[@]}" --format gnu --fix db-a.conf db-b.conf
expect_out 'fixed 0 findings in 0 files' "second --fix fixes nothing"
cmp -s db-a.conf a.fixed && cmp -s db-b.conf b.fixed && ok "second --fix is a no-op" || bad "second --fix changed a file"
expect_rc 1 "--diff --unsafe-fixes shows the rest" -- "$LINT" "${K[@]}" --diff --unsafe-fixes db-a.conf db-b.conf
expect_rc 0 "--diff after --fix: nothing (exit 0)" -- "$LINT" "${K[@]}" --diff db-a.conf db-b.conf
grep -q '^--- a/' "$T/out.txt" && bad "a diff printed after --fix" || ok "no diff printed"
expect_rc 1 "--fix --unsafe-fixes" -- "$LINT" "${K[@]}" --format gnu --fix --unsafe-fixes db-a.conf db-b.conf
expect_out 'fixed 3 findings in 2 files \(HV110, HV111 x2\)' "--unsafe-fixes summary"
after=$(codes db-a.conf db-b.conf)
after=${after/ 1 \[HV204\]/}
for c in HV107 HV110 HV111 HV204 HV205; do
  grep -q "$c" <<<"$after" && bad "$c still reported after --unsafe-fixes: $after" || ok "$c gone after --unsafe-fixes"
done
echo "     before: $before"
echo "     after:  $after"
grep -q '^    state MASTER$' db-a.conf && ok "state MASTER written" || bad "state not fixed"
cp db-a.conf a.fixed; cp db-b.conf b.fixed
expect_rc 1 "second --fix --unsafe-fixes" -- "$LINT" "${K[@]}" --fix --unsafe-fixes db-a.conf db-b.conf
cmp -s db-a.conf a.fixed && cmp -s db-b.conf b.fixed && ok "idempotent" || bad "second --unsafe-fixes run changed a file"

# ---- every other fixable rule, on a config written for it ------------------------
cat >n.conf <<'EOF'
global_defs {
    vrrp_garp_master_refresh 5
    vrrp_garp_master_repeat 1
    vrrp_startup_delay 5
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 50
    advert_int 1
    nopreempt
    unicast_src_ip 10.0.0.1
    unicast_peer {
        10.0.0.2/24
    }
    virtual_ipaddress {
        10.0.0.100/24
    }
    authentication {
        auth_type pass
        auth_pass secret
    }
    track_script {
        chk
    }
    virtual_rooter_id 51
}
# the check, defined too late
vrrp_script chk {
    script "/bin/true"
    interval 2
}
virtual_server 10.0.0.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 10.0.0.3 80 {
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 3
            nb_get_retry 3
        }
    }
}
EOF
cp n.conf n.orig
before=$(codes n.conf)
for c in HV003 HV007 HV110 HV122 HV217; do
  grep -q "$c" <<<"$before" || bad "test set-up: $c does not fire on n.conf: $before"
done
expect_rc 0 "--fix --unsafe-fixes on a node with five fixable rules: only a warning remains" -- \
  "$LINT" "${K[@]}" --format gnu --fix --unsafe-fixes n.conf
after=$(codes n.conf)
for c in HV003 HV007 HV110 HV122 HV217; do
  grep -q "$c" <<<"$after" && bad "$c still reported: $after" || ok "$c gone after --fix"
done
grep -q '^        10\.0\.0\.2$' n.conf && ok "HV007: plain peer address" || bad "HV007 edit"
grep -q 'virtual_rooter_id' n.conf && bad "HV003 edit" || ok "HV003: spelling"
grep -q '^            retry 3$' n.conf && ok "HV217: retry" || bad "HV217 edit"
[ "$(grep -n 'vrrp_script chk' n.conf | cut -d: -f1)" -lt "$(grep -n 'vrrp_instance VI_1' n.conf | cut -d: -f1)" ] &&
  ok "HV122: vrrp_script moved above the instance" || bad "HV122 move"
[ "$(grep -B1 '^vrrp_script chk' n.conf | head -1)" = "# the check, defined too late" ] &&
  ok "its comment moved with it" || bad "comment left behind"
cp n.conf n.fixed
"$LINT" "${K[@]}" --fix --unsafe-fixes n.conf >/dev/null 2>&1
cmp -s n.conf n.fixed && ok "second run changes nothing" || bad "second run changed n.conf"

# ---- CRLF, a symlink, an include, standard input ---------------------------------
mkdir -p crlf && sed 's/$/\r/' "$SRC"/examples/broken/db-a.conf >crlf/db-a.conf
expect_rc 1 "--fix on a CRLF file" -- "$LINT" "${K[@]}" --fix --unsafe-fixes crlf/db-a.conf
[ "$(grep -c $'\r$' crlf/db-a.conf)" = "$(wc -l <crlf/db-a.conf)" ] && ok "every line still ends in CRLF" ||
  bad "a line lost its CR"
grep -q $'^    state MASTER\r$' crlf/db-a.conf && ok "CRLF file fixed" || bad "CRLF file not fixed"

mkdir -p link && cp a.orig link/real.conf && ln -s real.conf link/db-a.conf
expect_rc 1 "--fix through a symlink" -- "$LINT" "${K[@]}" --fix link/db-a.conf
[ -L link/db-a.conf ] && ok "the symlink stays a symlink" || bad "the symlink was replaced"
grep -q vrrp_garp_interval link/real.conf && bad "target not fixed" || ok "its target is fixed"

mkdir -p inc && printf 'include common.inc\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 9\n    virtual_ipaddress {\n        10.0.0.9/24\n    }\n}\n' >inc/main.conf
printf '# shared defaults\nglobal_defs {\n    vrrp_garp_interval 0\n}\n' >inc/common.inc
cp inc/main.conf main.orig
"$LINT" "${K[@]}" --fix inc/main.conf >/dev/null 2>&1
grep -q vrrp_garp_interval inc/common.inc && bad "include not fixed" || ok "the include holding the span is fixed"
cmp -s inc/main.conf main.orig && ok "the including file is untouched" || bad "main.conf changed"

# One include read by two nodes: one hunk in --diff, one fix, one write.
mkdir -p inc2 && printf '# shared defaults\nglobal_defs {\n    vrrp_garp_interval 0\n}\n' >inc2/common.inc
for n in a b; do
  printf 'include common.inc\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 9\n    virtual_ipaddress {\n        10.0.0.9/24\n    }\n}\n' >inc2/$n.conf
done
"$LINT" "${K[@]}" --diff inc2/a.conf inc2/b.conf >inc2.diff 2>inc2.err
[ "$(grep -c '^@@' inc2.diff)" = 1 ] && ok "a shared include: one hunk in --diff" || bad "shared include: $(grep -c '^@@' inc2.diff) hunks"
grep -q "1 finding in 1 file" inc2.err && ok "a shared include: one fix counted" || bad "shared include summary: $(cat inc2.err)"
"$LINT" "${K[@]}" --fix inc2/a.conf inc2/b.conf >/dev/null 2>&1
[ "$(grep -c 'global_defs' inc2/common.inc)" = 1 ] && ! grep -q vrrp_garp_interval inc2/common.inc &&
  ok "a shared include: fixed once" || bad "shared include after --fix: $(cat inc2/common.inc)"

"$LINT" "${K[@]}" --fix --stdin-filename db-a.conf - <a.orig >stdin.out 2>stdin.err
rc=$?
[ $rc = 1 ] && ok "- --fix: exit 1 (findings remain)" || bad "- --fix: exit $rc"
grep -q vrrp_garp_interval stdin.out && bad "stdout not the fixed text" || ok "- --fix prints the fixed text"
[ "$(head -3 stdin.out)" = "$(head -3 a.orig)" ] && ok "stdout is the whole file" || bad "stdout: $(head -3 stdin.out)"
grep -q 'HV110' stdin.err && ok "remaining findings on stderr" || bad "no findings on stderr: $(cat stdin.err)"
expect_rc 2 "- with another input" -- "$LINT" "${K[@]}" --fix - db-a.conf

# ---- refusals: nothing written -------------------------------------------------
mkdir -p ro && cp "$SRC"/examples/broken/db-{a,b}.conf ro/ && chmod 444 ro/db-b.conf
cp ro/db-a.conf ro.a
expect_rc 2 "--fix with a read-only file" -- "$LINT" "${K[@]}" --fix ro/db-a.conf ro/db-b.conf
expect_out 'ro/db-b\.conf: the file is read-only; --fix wrote nothing' "clear error"
cmp -s ro/db-a.conf ro.a && ok "the writable file was not written either" || bad "db-a.conf written"
ls ro | grep -q tmp && bad "temporary file left: $(ls ro)" || ok "no temporary file left"
expect_rc 2 "--unsafe-fixes alone" -- "$LINT" "${K[@]}" --unsafe-fixes db-a.conf
expect_rc 2 "--diff with --format" -- "$LINT" "${K[@]}" --diff --format json db-a.conf
finish
