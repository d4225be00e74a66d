#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: tests/ship/formats.sh BUILD_DIR
# --format gitlab and --format junit on the broken and a clean example:
#   gitlab: valid against schemas/gitlab-codequality.schema.json (ajv, as
#     scripts/validate-sarif.sh --schema installs it), fingerprints unique and
#     unchanged when lines are inserted above the findings, lines within the file;
#   junit: valid against schemas/junit.xsd (xmllint), and the counts add up.
# The goldens (tests/golden/lint-broken-gitlab, lint-broken-junit) pin the text.
# Exit 77 when xmllint, node/npm or python3 is missing.
set -uo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
for tool in xmllint python3 node npm; do
  command -v "$tool" >/dev/null || { echo "formats: $tool not found: skipped"; exit 77; }
done
lint=$build/compiler/havip-lint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
cd "$src/examples" || exit 2
"$lint" --format gitlab broken/db-a.conf broken/db-b.conf >"$work/broken.json"; [ $? = 1 ] || { echo "FAIL: exit"; fail=1; }
"$lint" --format gitlab guide-non-standing/a.conf guide-non-standing/b.conf >"$work/clean.json" || { echo "FAIL: clean exit"; fail=1; }
"$lint" --format junit broken/db-a.conf broken/db-b.conf >"$work/broken.xml"
"$lint" --format junit guide-non-standing/a.conf guide-non-standing/b.conf >"$work/clean.xml"
# The same findings with three lines inserted at the top of db-a.conf.
mkdir -p "$work/moved/broken"
{ printf '# moved\n# down\n# three lines\n'; cat broken/db-a.conf; } >"$work/moved/broken/db-a.conf"
cp broken/db-b.conf "$work/moved/broken/"
cp .havip-lint.toml "$work/moved/"
(cd "$work/moved" && "$lint" --format gitlab broken/db-a.conf broken/db-b.conf >"$work/moved.json")

for f in broken clean moved; do
  if "$src/scripts/validate-sarif.sh" --schema "$src/schemas/gitlab-codequality.schema.json" "$work/$f.json" \
      "$build/lint-validate" >"$work/$f.log" 2>&1; then
    echo "ok: gitlab $f: valid against schemas/gitlab-codequality.schema.json"
  else
    rc=$?; cat "$work/$f.log"
    if [ $rc = 2 ]; then echo "formats: validator not installable: skipped"; exit 77; fi
    echo "FAIL: gitlab $f: schema"; fail=1
  fi
done
# The checkers reject what they should: a wrong severity, a broken fingerprint.
sed -e '0,/"minor"/s//"bogus"/' "$work/broken.json" >"$work/bad.json"
if "$src/scripts/validate-sarif.sh" --schema "$src/schemas/gitlab-codequality.schema.json" "$work/bad.json" \
    "$build/lint-validate" >/dev/null 2>&1; then echo "FAIL: the schema accepts severity bogus"; fail=1
else echo "ok: the schema rejects severity bogus"; fi
sed -e '0,/<failure type="warning"/s//<failure type="fatal"/' "$work/broken.xml" >"$work/bad.xml"
if xmllint --noout --schema "$src/schemas/junit.xsd" "$work/bad.xml" 2>/dev/null; then
  echo "FAIL: the xsd accepts failure type fatal"; fail=1
else echo "ok: the xsd rejects failure type fatal"; fi
python3 - "$work" <<'EOF2' || fail=1
import json, sys
w = sys.argv[1]
broken, clean, moved = (json.load(open(f"{w}/{n}.json")) for n in ("broken", "clean", "moved"))
ok = True
def check(c, msg):
    global ok
    print(("ok: " if c else "FAIL: ") + msg)
    ok = ok and c
fps = [i["fingerprint"] for i in broken]
check(len(broken) > 0 and len(set(fps)) == len(fps), f"{len(fps)} findings, fingerprints unique")
check(clean == [], "clean example: empty report")
check(sorted(fps) == sorted(i["fingerprint"] for i in moved), "fingerprints unchanged when lines move")
lines = {p: sum(1 for _ in open(p)) for p in {i["location"]["path"] for i in broken}}
check(all(1 <= i["location"]["lines"]["begin"] <= i["location"]["lines"].get("end", 10**9) and
          i["location"]["lines"].get("end", 1) <= lines[i["location"]["path"]] for i in broken),
      "lines within the file, begin <= end")
moved_by = {i["fingerprint"]: i for i in moved}
check(all(moved_by[i["fingerprint"]]["location"]["lines"]["begin"] == i["location"]["lines"]["begin"] + 3
          for i in broken if i["location"]["path"].endswith("db-a.conf")), "db-a's lines moved by 3")
sys.exit(0 if ok else 1)
EOF2
for f in broken clean; do
  if xmllint --noout --schema "$src/schemas/junit.xsd" "$work/$f.xml" 2>"$work/x.log"; then
    echo "ok: junit $f: valid against schemas/junit.xsd"
  else
    cat "$work/x.log"; echo "FAIL: junit $f: schema"; fail=1
  fi
done
python3 - "$work" <<'EOF2' || fail=1
import sys, xml.etree.ElementTree as ET
w = sys.argv[1]
ok = True
for name, want_fail in (("broken", True), ("clean", False)):
    root = ET.parse(f"{w}/{name}.xml").getroot()
    suites = root.findall("testsuite")
    cases = [c for s in suites for c in s.findall("testcase")]
    fails = [c for c in cases if c.find("failure") is not None]
    good = (int(root.get("tests")) == len(cases) and int(root.get("failures")) == len(fails)
            and all(int(s.get("tests")) == len(s.findall("testcase")) and
                    int(s.get("failures")) == sum(c.find("failure") is not None for c in s.findall("testcase"))
                    for s in suites)
            and bool(fails) == want_fail)
    print(("ok: " if good else "FAIL: ") + f"junit {name}: {len(suites)} suites, {len(cases)} cases, {len(fails)} failures; counts add up")
    ok = ok and good
sys.exit(0 if ok else 1)
EOF2
[ $fail = 0 ] && echo "formats: ok"
exit $fail
