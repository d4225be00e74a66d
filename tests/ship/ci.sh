#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: tests/ship/ci.sh BUILD_DIR
# Runs the shell of action.yml and of dist/gitlab/havip-lint.gitlab-ci.yml as
# the runners would (GitHub's GITHUB_OUTPUT file, GitLab's variables), on a
# clean and a broken example: exit codes, the outputs, and the reports they
# hand to code scanning and Code Quality. The upload steps themselves need
# GitHub and GitLab; only their inputs are checked. Exit 77 without PyYAML.
set -uo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "ci: python3 yaml not found: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$build/compiler:$PATH" NO_COLOR=1
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

# action.yml: the composite's steps, in order, with ${{ inputs.* }} resolved.
python3 - "$src/action.yml" "$work" <<'EOF2' || exit 1
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite"
steps = a["runs"]["steps"]
names = [s["name"] for s in steps]
assert names == ["Install havip-lint", "havip-lint", "Upload SARIF", "Findings fail the job"], names
up = steps[2]
assert up["uses"].startswith("github/codeql-action/upload-sarif@"), up["uses"]
assert up["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
for i, s in enumerate(steps):
    if "run" in s:
        open(f"{sys.argv[2]}/step{i}.sh", "w").write(s["run"])
print("ok: action.yml: composite, four steps, SARIF upload via codeql-action")
EOF2
cd "$src/examples" || exit 2
run_action() {  # paths, expected exit-code output
  : >"$work/gh_out"
  (export GITHUB_OUTPUT="$work/gh_out" GITHUB_PATH="$work/gh_path" RUNNER_TEMP="$work"
   bash -e "$work/step0.sh" && PATHS="$1" ARGS="" SARIF="$work/out.sarif" bash -e "$work/step1.sh") >"$work/log" 2>&1
  local rc=$?
  check "action on $1: step exit $rc, exit-code=$2" "[ $rc = 0 ] && grep -qx 'exit-code=$2' '$work/gh_out'"
  check "action on $1: SARIF 2.1.0 written" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"version\"]==\"2.1.0\"' '$work/out.sarif'"
}
run_action "guide-non-standing/a.conf guide-non-standing/b.conf" 0
run_action "broken/db-a.conf broken/db-b.conf" 1
check "action: annotations in the log" "grep -q '^::error file=broken/db-a.conf' '$work/log'"
: >"$work/o"
check "action: a usage error fails the lint step itself (exit-code=2, no upload)" \
  "! PATHS=no-such.conf ARGS= SARIF=$work/x GITHUB_OUTPUT=$work/o bash -e $work/step1.sh >/dev/null 2>&1 && grep -qx exit-code=2 $work/o"

# The GitLab job: its script lines joined as GitLab runs them (one shell, -e).
python3 - "$src/dist/gitlab/havip-lint.gitlab-ci.yml" "$work" <<'EOF2' || exit 1
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
j = c["havip-lint"]
r = j["artifacts"]["reports"]
assert r == {"codequality": "gl-code-quality-report.json", "junit": "havip-lint.junit.xml"}, r
assert j["artifacts"]["when"] == "always"
open(f"{sys.argv[2]}/gitlab.sh", "w").write("set -e\n" + "\n".join(j["script"]) + "\n")
print("ok: gitlab snippet: codequality and junit reports, kept when the job fails")
EOF2
gitlab() {  # paths, expected exit
  rm -rf "$work/gl" && mkdir "$work/gl" && cp -r "$src/examples/." "$work/gl/"
  (cd "$work/gl" && HAVIP_LINT_PATHS="$1" HAVIP_LINT_ARGS="" bash "$work/gitlab.sh") >"$work/gl.log" 2>&1
  local rc=$?
  check "gitlab on $1: exit $rc" "[ $rc = $2 ]"
  check "gitlab on $1: both reports written" "[ -s '$work/gl/gl-code-quality-report.json' ] && xmllint --noout '$work/gl/havip-lint.junit.xml' 2>/dev/null || python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' '$work/gl/havip-lint.junit.xml'"
}
gitlab "guide-non-standing/a.conf guide-non-standing/b.conf" 0
gitlab "broken/db-a.conf broken/db-b.conf" 1
[ $fail = 0 ] && echo "ci: ok"
exit $fail
