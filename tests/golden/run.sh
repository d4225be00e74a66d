#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Golden test: runs the command line in CASE/cmd from inside CASE (so paths in the
# output are relative and stable), and compares stdout+stderr and the exit code
# with CASE/expected. HAVIP_UPDATE_GOLDEN=1 rewrites CASE/expected for review.
# usage: run.sh BUILD_DIR CASE_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
case_dir=$2
cd "$case_dir" || exit 2
export PATH="$build/compiler:$build/runtime:$PATH" NO_COLOR=1 HAVIP_NO_TTY=1
actual=$(bash -c "$(cat cmd)" 2>&1; echo "exit: $?")
if [ "${HAVIP_UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" > expected
  echo "updated $case_dir/expected"
  exit 0
fi
if ! diff -u expected <(printf '%s\n' "$actual"); then
  echo "golden mismatch in $case_dir (HAVIP_UPDATE_GOLDEN=1 make test regenerates)"
  exit 1
fi
