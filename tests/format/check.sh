#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every C++ source and header is as .clang-format writes it. Fix with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i --style=file
set -uo pipefail
cd "$(dirname "$0")/../.."
cf=${CLANG_FORMAT:-clang-format}
command -v "$cf" >/dev/null || { echo "SKIP: $cf not installed"; exit 77; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
else
  mapfile -t files < <(find base compiler runtime tests cmake -name '*.cpp' -o -name '*.hpp' | sort)
fi
bad=0
for f in "${files[@]}"; do
  if ! "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "format: $f differs from .clang-format"
    bad=$((bad + 1))
  fi
done
[ "$bad" = 0 ] || { echo "format: $bad of ${#files[@]} files need clang-format"; exit 1; }
echo "format: ${#files[@]} files as .clang-format writes them"
