#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: tests/ship/precommit.sh BUILD_DIR
# The repository's .pre-commit-hooks.yaml, through Debian's pre-commit:
# `pre-commit try-repo` against a throwaway repository holding a clean pair
# and a broken one. The hook is `language: system`, so nothing is downloaded
# (the test also runs with the proxy variables cleared). Exit 77 when
# pre-commit or git is missing.
set -uo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
for tool in pre-commit git; do
  command -v "$tool" >/dev/null || { echo "precommit: $tool not found: skipped"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$build/compiler:$PATH" PRE_COMMIT_HOME="$work/cache" NO_COLOR=1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
mkdir -p "$HOME"
fail=0

# The hook repository: only the hooks file, committed (try-repo clones it).
hooks=$work/hooks
git init -q "$hooks" && cp "$src/.pre-commit-hooks.yaml" "$hooks/" &&
  git -C "$hooks" add .pre-commit-hooks.yaml && git -C "$hooks" commit -qm hooks || exit 2

# A user's repository: a clean pair in clean/, then a broken node added.
repo=$work/repo
git init -q "$repo"
mkdir -p "$repo/clean" "$repo/broken"
cp "$src/examples/guide-non-standing/a.conf" "$repo/clean/keepalived-a.conf"
cp "$src/examples/guide-non-standing/b.conf" "$repo/clean/keepalived-b.conf"
cp "$src/examples/.havip-lint.toml" "$repo/.havip-lint.toml"
echo "not a keepalived file" > "$repo/README.conf.txt"
git -C "$repo" add -A && git -C "$repo" commit -qm clean

run() {  # expected-exit, what
  (cd "$repo" && pre-commit try-repo "$hooks" havip-lint --all-files --color never) >"$work/out" 2>&1
  local rc=$?
  if [ "$rc" != "$1" ]; then echo "FAIL: $2: pre-commit exit $rc, expected $1"; cat "$work/out"; fail=1
  else echo "ok: $2 (exit $rc)"; fi
}
run 0 "clean pair"
grep -q 'havip-lint.*Passed' "$work/out" || { echo "FAIL: hook did not run and pass"; cat "$work/out"; fail=1; }

cp "$src/examples/broken/db-a.conf" "$repo/broken/keepalived-db-a.conf"
cp "$src/examples/broken/db-b.conf" "$repo/broken/keepalived-db-b.conf"
git -C "$repo" add -A
run 1 "broken pair"
grep -q 'HV110' "$work/out" || { echo "FAIL: the broken config's HV110 is not reported"; cat "$work/out"; fail=1; }
grep -q 'HV113' "$work/out" || { echo "FAIL: the cross-file HV113 (both nodes in one run) is not reported"; fail=1; }
grep -q 'README.conf.txt' "$work/out" && { echo "FAIL: a file the hook does not match was passed"; fail=1; }
[ $fail = 0 ] && echo "precommit: ok"
exit $fail
