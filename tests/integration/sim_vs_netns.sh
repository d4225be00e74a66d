#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The simulator against the real thing: the guide's standing pair (VRRPv3,
# 0.1 s adverts, host 1 MASTER 100, host 2 BACKUP 50) runs in network
# namespaces through election, kill -9 and restart (resume with the VIP it
# left), graceful stop and start, link down and up. The same plans and the
# same events at the same offsets then run in havip-sim. Both must give the
# same transition sequence per node, each transition within a tolerance of
# its real time: one advert interval (the phase of the adverts at a failure
# differs between the runs) plus 60 ms for process start and scheduling.
#   sim_vs_netns.sh HAVIPD PLANTOOL HAVIP-SIM
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
SIM=$3
[ -x "$SIM" ] || hv_skip "havip-sim not built: $SIM"
command -v python3 >/dev/null || hv_skip "python3 not installed"
hv_lan 3

hd_conf 1 "$HV_TMP/n1.conf" version=3 advert=0.1 state=MASTER prio=100
hd_conf 2 "$HV_TMP/n2.conf" version=3 advert=0.1 state=BACKUP prio=50
hd_replan 1 "$HV_TMP/n1.conf"
hd_replan 2 "$HV_TMP/n2.conf"
export HD_REPLAN=0  # starts take milliseconds, as the simulator's do

stamps=()
t0=$EPOCHREALTIME
# at SECONDS: sleep until t0 + SECONDS.
at() { sleep "$(python3 -c "import time; print(max(0, $t0 + $1 - time.time()))")"; }
note() { stamps+=("$1 $EPOCHREALTIME"); }  # note KIND: the event now (no process started to read the clock)

hd_start 1 havipd "$HV_TMP/n1.conf"
hd_start 2 havipd "$HV_TMP/n2.conf"
at 1.5; note kill; hd_kill9 1
at 3.0; note start; hd_start 1 havipd "$HV_TMP/n1.conf"
at 4.5; note stop; hd_stop 1
at 6.0; note start; hd_start 1 havipd "$HV_TMP/n1.conf"
# `ip` has made the change when it returns.
at 7.5; hv_exec 1 ip link set eth0 down; note link-down
at 9.0; hv_exec 1 ip link set eth0 up; note link-up
at 10.5
hd_stop 1
hd_stop 2

sim_args=(--plan "${HD_PLAN[1]}" --plan "${HD_PLAN[2]}" --delay 0.1ms --duration 10500ms --json)
events=()
for st in "${stamps[@]}"; do
  events+=("${st%% *}:n1@$(python3 -c "print('%.0fms' % ((${st#* } - $t0) * 1000))")")
done
for e in "${events[@]}"; do sim_args+=(--event "$e"); done
echo "events: ${events[*]}"
"$SIM" "${sim_args[@]}" >"$HV_TMP/sim.json" || { cat "$HV_TMP/sim.json"; hv_fail "havip-sim failed"; }

python3 - "$t0" "$HV_TMP/log.n1" "$HV_TMP/log.n2" "$HV_TMP/sim.json" <<'EOF' || hv_fail "simulator and network namespaces differ"
import datetime, json, re, sys
t0 = float(sys.argv[1])
tolerance = 0.1 + 0.06  # one advert interval + process start and scheduling
end = 10.5
real = {}
for node, path in (("n1", sys.argv[2]), ("n2", sys.argv[3])):
    seq = []
    for line in open(path):
        m = re.search(r"ts=(\S+)Z .*event=transition instance=VI_1 from=(\w+) to=(\w+)", line)
        if m:
            ts = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f")
            t = ts.replace(tzinfo=datetime.timezone.utc).timestamp() - t0
            if t <= end:  # the final stops come after the simulated time
                seq.append((round(t, 3), m.group(2), m.group(3)))
    real[node] = seq
sim = {"n1": [], "n2": []}
for t in json.load(open(sys.argv[4]))["transitions"]:
    sim[t["node"]].append((round(t["t_us"] / 1e6, 3), t["from"], t["to"]))
worst = 0.0
ok = True
for node in ("n1", "n2"):
    r, s = real[node], sim[node]
    print(f"{node} netns: {r}")
    print(f"{node} sim:   {s}")
    if [x[1:] for x in r] != [x[1:] for x in s]:
        print(f"{node}: the transition sequences differ")
        ok = False
        continue
    for (tr, f, to), (ts_, _, _) in zip(r, s):
        d = abs(tr - ts_)
        worst = max(worst, d)
        if d > tolerance:
            print(f"{node}: {f}->{to} at {tr:.3f} s in netns, {ts_:.3f} s simulated ({d * 1000:.0f} ms apart)")
            ok = False
print(f"largest difference: {worst * 1000:.0f} ms (tolerance {tolerance * 1000:.0f} ms)")
sys.exit(0 if ok else 1)
EOF
echo "ok: havip-sim and havipd in netns agree (election, kill -9, resume, stop, start, link down/up)"
