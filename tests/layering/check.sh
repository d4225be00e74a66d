#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The design's one-way boundaries, checked on every include:
#   each module may include only the modules on its row (shared design, "Boundaries"),
#   and each third-party header has exactly one home.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail=0

# module dir | allowed project include prefixes (space separated); every row
# may also include the base layer (base/, std only), added below.
rows=(
  "base|"
  "compiler/source|source/"
  "compiler/diag|source/ diag/"
  "compiler/ast|source/ ast/"
  "compiler/syntax/keepalived|source/ diag/ ast/ syntax/keepalived/"
  "compiler/syntax/toml|source/ diag/ ast/ syntax/toml/"
  "compiler/model|source/ diag/ ast/ model/"
  "compiler/lint|source/ diag/ model/ lint/"
  "compiler/emit|source/ diag/ model/ emit/ plan/format.hpp"
  "compiler/driver|source/ diag/ ast/ syntax/ model/ lint/ emit/ driver/ plan/"
  "compiler/cli|source/ diag/ model/ lint/ emit/ driver/ plan/ node/ cli/"
  "runtime/plan|plan/"
  "runtime/vrrp|plan/ vrrp/"
  "runtime/sim|plan/ vrrp/ node/ exec/ sys/host.hpp sys/fake_host.hpp sim/"
  "runtime/node|plan/ vrrp/ node/"
  "runtime/sys|sys/"
  "runtime/exec|plan/ vrrp/ node/ sys/host.hpp sys/frames.hpp exec/"
  "runtime/daemon|plan/ vrrp/ node/ sys/ exec/ daemon/"
)

for row in "${rows[@]}"; do
  dir=${row%%|*}
  allowed="${row#*|} base/"
  [ -d "$dir" ] || continue
  while IFS= read -r hit; do
    file=${hit%%:*}
    inc=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$hit")
    ok=0
    for a in $allowed; do
      case "$inc" in "$a"*) ok=1 ;; esac
    done
    # A file may include a header beside it by its bare name.
    [ -f "$(dirname "$file")/$inc" ] && ok=1
    if [ $ok = 0 ]; then
      echo "layering: $file includes \"$inc\" (allowed for $dir: $allowed)"
      fail=1
    fi
  done < <(grep -rHn --include='*.cpp' --include='*.hpp' -E '^\s*#\s*include "' "$dir" 2>/dev/null)
done

# The base layer is std only: no third-party header, except CLI11 in the one
# header that adapts a CLI11 App, which only programs' main code includes.
hits=$(grep -rlE --include='*.hpp' --include='*.cpp' '#\s*include\s*<(CLI|fmt|tao|toml|netlink)/' base 2>/dev/null |
  grep -vx 'base/completion_cli11.hpp' || true)
if [ -n "$hits" ]; then
  echo "layering: the base layer includes a third-party header:"; echo "$hits"; fail=1
fi
hits=$(grep -rlE --include='*.cpp' --include='*.hpp' '#\s*include\s*"base/completion_cli11.hpp"' compiler runtime 2>/dev/null |
  grep -vE '^(compiler/cli/|runtime/[a-z]+/main/)' || true)
if [ -n "$hits" ]; then
  echo "layering: base/completion_cli11.hpp (CLI11) included outside programs' main code:"; echo "$hits"; fail=1
fi

# One copy each: address text (inet_pton/inet_ntop: base/ip) and temporary
# files for atomic replacement (mkstemp: base/atomic_write) live in base/ only.
hits=$(grep -rlE --include='*.cpp' --include='*.hpp' '\b(inet_pton|inet_ntop|mkstemp|mkostemp)[[:space:]]*\(' compiler runtime 2>/dev/null || true)
if [ -n "$hits" ]; then
  echo "layering: address parsing/printing or atomic writes outside base/ (use base/ip.hpp, base/atomic_write.hpp):"
  echo "$hits"; fail=1
fi

# Third-party headers: exactly one home each.
check_home() {  # pattern, allowed path regex, name
  local hits
  hits=$(grep -rlE --include='*.cpp' --include='*.hpp' "$1" base compiler runtime 2>/dev/null | grep -vE "$2" || true)
  if [ -n "$hits" ]; then
    echo "layering: $3 included outside its home:"; echo "$hits"; fail=1
  fi
}
check_home '#\s*include\s*[<"]tao/pegtl' '^compiler/syntax/keepalived/' 'PEGTL'
check_home '#\s*include\s*[<"]toml(11)?[./]' '^compiler/syntax/toml/' 'toml11'
check_home '#\s*include\s*[<"]netlink/' '^runtime/sys/netlink' 'libnl3'
check_home '#\s*include\s*[<"]CLI/' '^(compiler/cli/|runtime/[a-z]+/main/|base/completion_cli11.hpp$)' 'CLI11'
check_home '#\s*include\s*[<"]fmt/' '^(compiler/|runtime/(sys|exec|daemon|sim)/)' 'fmt (runtime/plan, runtime/vrrp and runtime/node are std-only)'

# Runtime never includes compiler code.
if grep -rqE --include='*.cpp' --include='*.hpp' '#\s*include\s*"(source|diag|ast|syntax|model|lint|emit|driver)/' runtime 2>/dev/null; then
  echo "layering: runtime includes compiler headers"; fail=1
fi

[ $fail = 0 ] && echo "layering: all boundaries hold"
exit $fail
