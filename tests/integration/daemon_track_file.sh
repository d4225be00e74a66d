#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# track_file on real files: each host tracks its own file with weight -60
# (VRRPv3, advert 0.1 s, host 1 priority 100, host 2 50). Writing 1 on host 1
# (40 < 50) moves the VIP to host 2; a rename of 0 over it brings it back;
# -2 on host 2 (50 + 120 = 170) moves it to host 2; deleting the file brings
# it back. The same config runs on both kinds, so with KIND2 = keepalived the
# pair is havipd against keepalived 2.2.7, each reading its own file.
#   daemon_track_file.sh HAVIPD PLANTOOL KIND1 KIND2
. "$(dirname "$0")/netns.sh"
. "$(dirname "$0")/havipd_lib.sh"
hv_require
hd_init "$1" "$2"
kind1=${3:-havipd} kind2=${4:-havipd}
[ "$kind1" = keepalived ] || [ "$kind2" = keepalived ] && hd_need_keepalived
hv_lan 3

for i in 1 2; do
  mkdir -p "$HV_TMP/files.n$i"
  hd_conf "$i" "$HV_TMP/body.n$i.conf" prio=$((i == 1 ? 100 : 50)) version=3 advert=0.1 pass="" \
    extra="$(printf '  track_file {\n    down weight -60\n  }')"
  { printf 'track_file down {\n  file "%s"\n}\n' "$HV_TMP/files.n$i/down"; cat "$HV_TMP/body.n$i.conf"; } >"$HV_TMP/n$i.conf"
  if [ -x "$HD_KEEPALIVED" ]; then
    # (-t also warns about script security for the notify scripts: only what it says of track files counts.)
    "$HD_KEEPALIVED" -t -f "$HV_TMP/n$i.conf" >"$HV_TMP/t.n$i" 2>&1
    grep -i "track" "$HV_TMP/t.n$i" && hv_fail "keepalived -t complains about the track_file of n$i.conf"
  fi
done

hd_start 1 "$kind1" "$HV_TMP/n1.conf"
hd_assert_single 1 8 "start"
hd_start 2 "$kind2" "$HV_TMP/n2.conf"
hd_assert_single 1 5 "both running"
echo "ok: host 1 ($kind1) is master, host 2 ($kind2) backup"

echo 1 >"$HV_TMP/files.n1/down"
hd_assert_single 2 5 "host 1 wrote 1 (priority 40)"
echo "ok: writing 1 on host 1 moved the VIP to host 2"

echo 0 >"$HV_TMP/files.n1/new" && mv "$HV_TMP/files.n1/new" "$HV_TMP/files.n1/down"
hd_assert_single 1 5 "host 1 renamed 0 over its file"
echo "ok: a rename of 0 over the file brought the VIP back"

echo "bogus" >"$HV_TMP/files.n1/down"  # no number: 0, nothing changes
echo -2 >"$HV_TMP/files.n2/down"
hd_assert_single 2 5 "host 2 wrote -2 (priority 170)"
echo "ok: -2 on host 2 raised it over host 1"

rm -f "$HV_TMP/files.n2/down"
hd_assert_single 1 5 "host 2 deleted its file"
echo "ok: deleting the file counts as 0"

if [ "$kind1" = havipd ]; then
  grep -q "event=track_file .*value=1" "$HV_TMP/log.n1" || { hd_dump; hv_fail "no track_file value=1 line on host 1"; }
fi
hd_stop 2 || hv_fail "exit code $?"
hd_stop 1 || hv_fail "exit code $?"
echo "PASS"
