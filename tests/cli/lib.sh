#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Helpers for the command-line tests: sourced, never run.
#   BUILD  the build directory (argument 1)   SRC  the source tree   T  a scratch directory
set -uo pipefail
BUILD=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COMPILE="$BUILD/compiler/havip-compile"
LINT="$BUILD/compiler/havip-lint"
export NO_COLOR=1 HAVIP_NO_TTY=1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
[ -x "$COMPILE" ] || { echo "SKIP: havip-compile not built"; exit 77; }

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect_rc WANT DESCRIPTION -- COMMAND...: runs COMMAND (output in $T/out.txt).
expect_rc() {
  local want=$1 what=$2
  shift 3
  "$@" >"$T/out.txt" 2>&1
  local rc=$?
  if [ "$rc" = "$want" ]; then ok "$what (exit $rc)"; else bad "$what: exit $rc, want $want"; sed 's/^/     | /' "$T/out.txt"; fi
}
# expect_out PATTERN DESCRIPTION: the last command's output matches the extended regex.
expect_out() {
  if grep -Eq -- "$1" "$T/out.txt"; then ok "$2"; else bad "$2: no /$1/ in:"; sed 's/^/     | /' "$T/out.txt"; fi
}
finish() {
  if [ "$fails" -ne 0 ]; then echo "$fails check(s) failed"; exit 1; fi
  echo "all checks passed"
  exit 0
}
