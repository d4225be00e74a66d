#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clang-tidy finds nothing in the base layer, the runtime and the compiler
# (.clang-tidy says which checks: bugprone, performance, a cognitive-complexity
# ceiling). Their non-test sources are read with the build's
# compile_commands.json, so the build directory must be configured (and its
# generated files built).
#   tests/tidy/check.sh BUILD_DIR [JOBS]
# Scope: base/, runtime/ and compiler/ (every .cpp, and the headers they include
# from there); tests, tools and benchmarks are left out.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: tests/tidy/check.sh BUILD_DIR [JOBS]}" && pwd)
jobs=${2:-$(nproc)}
ct=${CLANG_TIDY:-clang-tidy}
command -v "$ct" >/dev/null || { echo "SKIP: $ct not installed (scripts/deps.sh installs it)"; exit 77; }
db=$build/compile_commands.json
[ -f "$db" ] || { echo "tidy: $db missing (configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON)"; exit 1; }
mapfile -t files < <(grep -o '"file": "[^"]*"' "$db" | sed 's/^"file": "//; s/"$//' |
  awk -v r="$root/" 'index($0, r) == 1 && substr($0, length(r) + 1) ~ /^(base|runtime|compiler)\/.*\.cpp$/' | sort -u)
((${#files[@]})) || { echo "tidy: no base/, runtime/ or compiler/ source in $db"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
# One process per file, JOBS at a time; each writes its findings to its own file.
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} sh -c \
  'f=$1; log=$2/$(echo "$f" | tr / _).log; "$3" -p "$4" --quiet --extra-arg=-Wno-unknown-warning-option "$f" >"$log" 2>&1 || echo "$f" >>"$2/failed"' \
  _ {} "$out" "$ct" "$build"
secs=$(($(date +%s) - start))
if [ -s "$out/failed" ]; then
  # Findings in a shared header repeat once per file that includes it: each once.
  cat "$out"/*.log | grep -E ': (warning|error):' | sort -u
  # A file that failed without a finding (clang-tidy itself failed): its output.
  while read -r f; do
    log=$out/$(echo "$f" | tr / _).log
    grep -qE ': (warning|error):' "$log" || { echo "tidy: clang-tidy failed on $f:"; tail -20 "$log"; }
  done <"$out/failed"
  echo "tidy: $(grep -cE ': (warning|error):' <(cat "$out"/*.log | sort -u)) findings in $(wc -l <"$out/failed") of ${#files[@]} files (${secs} s)"
  exit 1
fi
echo "tidy: ${#files[@]} files of base/, runtime/ and compiler/, no finding (${secs} s)"
