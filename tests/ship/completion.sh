#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: tests/ship/completion.sh BUILD_DIR
# The completion scripts the build generated (build/completions/, from each
# program's own option table): bash through the completion function itself
# (COMP_WORDS/COMP_CWORD -> COMPREPLY, with compgen inside), every option of
# --help offered (nothing drifts), zsh and fish parsed by their shells where
# installed.
set -uo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=$build/completions
fail=0
for p in havip-lint havip-compile havip-sim havipd; do
  for f in "$dir/bash/$p" "$dir/zsh/_$p" "$dir/fish/$p.fish"; do
    [ -s "$f" ] || { echo "FAIL: $f missing (build the completions target)"; exit 1; }
  done
  # shellcheck disable=SC1090
  source "$dir/bash/$p"
done

# complete WORDS...: the last word is the one being completed.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMPREPLY=()
  local fn
  fn=$(complete -p "$1" | sed -E 's/.* -F ([^ ]+) .*/\1/')
  "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]:-}"
  ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() {  # "words" expected-lines
  local got
  read -r -a w <<<"$1"
  [[ $1 == *" " ]] && w+=("")
  got=$(complete_words "${w[@]}" | tr '\n' ' ')
  if [ "$got" != "$2" ]; then echo "FAIL: [$1] -> [$got], expected [$2]"; fail=1; else echo "ok: [$1] -> [$got]"; fi
}
cd "$src" || exit 2
expect "havip-lint --form" "--format "
expect "havip-lint --format " "auto github gitlab gnu human json junit sarif "
expect "havip-lint -f j" "json junit "
expect "havip-lint --color a" "always auto "
expect "havip-lint --stdin" "--stdin-filename "
expect "havip-lint --unsafe" "--unsafe-fixes "
expect "havip-lint --dif" "--diff "
expect "havip-lint --failure-threshold w" "warning "
expect "havip-lint examples/guide-non-standing/a" "examples/guide-non-standing/a.conf "
expect "havip-lint --inventory examples/multi" "$(cd "$src" && compgen -f -- examples/multi | sort | tr '\n' ' ')"
expect "havip-compile --emit k" "keepalived "
expect "havip-compile --out" "--output "
expect "havip-sim --js" "--json "
expect "havip-sim --plan examples/guide-non-standing/b" "examples/guide-non-standing/b.conf "
expect "havipd --log-level n" "notice "
expect "havipd --val" "--validate "
expect "havipd -" "--help --keep-privileges --log-level --metrics-interval --metrics-listen --metrics-textfile --state-dir --validate --version -h -n "
expect "havipd examples/guide-non-standing/b" "examples/guide-non-standing/b.conf "
# The hidden option is not offered.
expect "havip-lint --compl" ""
expect "havipd --compl" ""

# Every option --help lists is offered (the same table, so nothing drifts).
for p in havip-lint havip-compile havip-sim havipd; do
  bin=$build/compiler/$p
  [ -x "$bin" ] || bin=$build/runtime/$p
  want=$("$bin" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | sort -u)
  got=$(complete_words "$p" "--" | sort -u)
  missing=$(comm -23 <(echo "$want") <(echo "$got"))
  if [ -n "$missing" ]; then echo "FAIL: $p: not offered: $missing"; fail=1
  else echo "ok: $p: all $(wc -l <<<"$want") options of --help offered"; fi
done

if command -v zsh >/dev/null; then
  for p in havip-lint havip-compile havip-sim havipd; do
    zsh -n "$dir/zsh/_$p" || { echo "FAIL: zsh cannot parse _$p"; fail=1; }
  done
  echo "zsh: scripts parse"
else
  echo "zsh not installed: zsh scripts not parsed"
fi
if command -v fish >/dev/null; then
  for p in havip-lint havip-compile havip-sim havipd; do
    fish -n "$dir/fish/$p.fish" || { echo "FAIL: fish cannot parse $p.fish"; fail=1; }
  done
  # And fish completes from them: option names and an option's choices.
  fish_expect() {  # PROGRAM COMMANDLINE EXPECTED (the candidates, one line, sorted)
    local got
    got=$(HOME=$(mktemp -d) fish --no-config -c "source '$dir/fish/$1.fish'; complete -C '$2'" | cut -f1 | sort | tr '\n' ' ')
    [ "$got" = "$3" ] || { echo "FAIL: fish [$2] -> [$got], expected [$3]"; fail=1; }
  }
  fish_expect havipd "havipd --log-level " "debug error info notice warning "
  fish_expect havip-lint "havip-lint --form" "--format "
  fish_expect havip-lint "havip-lint --format " "auto github gitlab gnu human json junit sarif "
  fish_expect havip-sim "havip-sim --vrrp-v" "--vrrp-version "
  echo "fish: scripts parse and complete"
else
  echo "fish not installed: fish scripts not parsed"
fi
[ $fail = 0 ] && echo "completion: ok"
exit $fail
