#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# havip-compile --diff OLD.hvp NEW.hvp: per instance kept / updated / restarted
# / added / removed as havipd's reload decides it, the rollout warning for
# settings both nodes change together, --format json, the exit codes (0 no
# change, 1 changes, 2 unreadable or corrupt plan) and the refused combinations.
source "$(dirname "$0")/lib.sh" "$@"
K=(--no-policy --target-keepalived 2.2.7 -q --node a)
inst() {  # NAME VRID PRIORITY VIPS...
  local name=$1 vrid=$2 prio=$3
  shift 3
  printf 'vrrp_instance %s {\n    state BACKUP\n    interface eth0\n    virtual_router_id %s\n' "$name" "$vrid"
  printf '    priority %s\n    advert_int 1\n    garp_master_refresh 5\n' "$prio"
  printf '    unicast_src_ip 10.9.0.1\n    unicast_peer {\n        10.9.0.2\n    }\n    virtual_ipaddress {\n'
  for v in "$@"; do printf '        %s/24\n' "$v"; done
  printf '    }\n}\n'
}
globals='global_defs {
    vrrp_startup_delay 5
    vrrp_garp_master_repeat 1
}'
{ echo "$globals"; inst web 51 100 10.9.0.100; inst db 52 100 10.9.0.101
  inst cache 53 100 10.9.0.102; inst mail 54 100 10.9.0.103; } >old.conf
# web: priority only (in place); db: one VIP more (restart, both nodes);
# cache: unchanged; mail: gone; api: new.
{ echo "$globals"; inst web 51 150 10.9.0.100; inst db 52 100 10.9.0.101 10.9.0.111
  inst cache 53 100 10.9.0.102; inst api 55 100 10.9.0.104; } >new.conf
expect_rc 0 "compile the old plan" -- "$COMPILE" "${K[@]}" -o old old.conf
expect_rc 0 "compile the new plan" -- "$COMPILE" "${K[@]}" -o new new.conf

expect_rc 0 "a plan against itself" -- "$COMPILE" --diff old/a.hvp old/a.hvp
expect_out '^4 kept, 0 updated, 0 restarted, 0 added, 0 removed$' "everything kept"
if grep -q warning "$T/out.txt"; then bad "warning without a change"; else ok "no warning without a change"; fi

expect_rc 1 "old against new" -- "$COMPILE" --diff old/a.hvp new/a.hvp
expect_out '^old/a\.hvp -> new/a\.hvp \(node a\)$' "header line"
expect_out '^  web: updated in place \(state kept\): priority$' "priority: updated in place"
expect_out '^  db: updated in place \(state kept\): virtual_ipaddress$' "VIP added: updated in place (the master keeps its state)"
expect_out '^  cache: kept$' "unchanged instance kept"
expect_out '^  mail: removed \(stopped, a master resigns\)$' "instance removed"
expect_out '^  api: added \(started\)$' "instance added"
expect_out '^warning: db: virtual_ipaddress changed: peers drop each other.s adverts while these differ: reload the backup first, then the master' \
  "rollout warning for the VIP list"
if grep -q '^warning: web' "$T/out.txt"; then bad "rollout warning for a priority change"; else ok "no rollout warning for a priority change"; fi
expect_out '^1 kept, 2 updated, 0 restarted, 1 added, 1 removed$' "summary line"

expect_rc 1 "--format json" -- "$COMPILE" --diff old/a.hvp new/a.hvp --format json
if python3 - "$T/out.txt" <<'PY'; then ok "json: each class, the lockstep fields and the rollout"; else bad "json output:"; sed 's/^/     | /' "$T/out.txt"; fi
import json, sys
d = json.load(open(sys.argv[1]))
got = {i["name"]: (i["change"], i["fields"], i["lockstep"]) for i in d["instances"]}
assert got == {"web": ("updated", ["priority"], []), "db": ("updated", ["virtual_ipaddress"], ["virtual_ipaddress"]),
               "cache": ("kept", [], []), "mail": ("removed", [], []), "api": ("added", [], [])}, got
assert d["changed"] is True and d["rollout"] == "together" and d["old_node"] == d["new_node"] == "a", d
PY
expect_rc 0 "--format json, no change" -- "$COMPILE" --diff new/a.hvp new/a.hvp -f json
expect_out '"changed":false' "json: unchanged"
expect_out '"rollout":"any order"' "json: no lockstep change"

# Plans of two different nodes: compared, with a warning (the node name is
# no instance setting: same instances, exit 0).
expect_rc 0 "compile the new config as node b" -- "$COMPILE" --no-policy --target-keepalived 2.2.7 -q --node b -o b new.conf
expect_rc 0 "a's plan against b's (same instances)" -- "$COMPILE" --diff new/a.hvp b/b.hvp
expect_out '^warning: the plans are for different nodes \(a, b\)$' "different nodes warned"

# Unreadable or corrupt plans: exit 2 with the reason, nothing on stdout.
head -c 100 new/a.hvp >cut.hvp
expect_rc 2 "a truncated plan" -- "$COMPILE" --diff old/a.hvp cut.hvp
expect_out '^havip-compile: cut\.hvp: total_size at offset 8: .*\(truncated\)$' "truncation reason"
if [ -z "$("$COMPILE" --diff old/a.hvp cut.hvp 2>/dev/null)" ]; then ok "nothing on stdout"; else bad "stdout on a corrupt plan"; fi
expect_rc 2 "a missing plan" -- "$COMPILE" --diff nope.hvp new/a.hvp
expect_out 'nope\.hvp: cannot open' "missing file reason"
expect_rc 2 "a keepalived.conf is no plan" -- "$COMPILE" --diff old.conf new/a.hvp
expect_out 'not a havip plan' "not-a-plan reason"

# Contradictory requests are refused, as for --dump.
expect_rc 2 "--diff with one plan" -- "$COMPILE" --diff old/a.hvp
expect_rc 2 "--diff and --dump" -- "$COMPILE" --diff old/a.hvp new/a.hvp --dump old/a.hvp
expect_out '^havip-compile: --diff cannot be combined with --dump or --verify$' "--dump refused"
expect_rc 2 "--diff and --verify" -- "$COMPILE" --diff old/a.hvp new/a.hvp --verify old/a.hvp
expect_rc 2 "--diff and inputs" -- "$COMPILE" old.conf --diff old/a.hvp new/a.hvp
expect_out 'it takes no inputs' "inputs refused"
expect_rc 2 "--diff with three plans" -- "$COMPILE" --diff old/a.hvp new/a.hvp cut.hvp
expect_rc 2 "--diff and --emit" -- "$COMPILE" --diff old/a.hvp new/a.hvp --emit toml
expect_rc 2 "--diff and -o" -- "$COMPILE" --diff old/a.hvp new/a.hvp -o out
expect_rc 2 "--diff and --format sarif" -- "$COMPILE" --diff old/a.hvp new/a.hvp --format sarif
expect_out 'human or json' "format refused"
finish
