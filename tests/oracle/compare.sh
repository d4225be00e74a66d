#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# compare.sh LINT NETNS TMPDIR FILE... — one case of the keepalived oracle.
#
# Runs Debian's `keepalived -t` on each FILE inside network namespace NETNS
# (made by the caller; this script adds a veth link for every interface name the
# files use, so "interface missing" never shows), classifies each line keepalived
# prints, runs `havip-lint --format json` on all FILEs together (one cluster),
# and prints one tab-separated record a line:
#   KA    file line class message end a keepalived line (classes: see classify.awk)
#   LINT  file line severity code message
#   MISS  file line message           config-level keepalived complaint, no finding on that line
#   FALSE file line code message      havip-lint error on a line keepalived accepts,
#                                     code not on the cross-node allow-list
#   CRASH file - what                 havip-lint died, hung, or wrote no JSON
#   KARC  file rc                     keepalived's exit code (0 clean, non-0 complaints)
#   ABSENT file line code message     a code the case forbids (`! oracle: absent CODE`) fired
#   EXPECT file line code message     a code the case requires (`! oracle: expect CODE LINE`) is missing
# Exit 0 unless the tools could not run.
set -uo pipefail
lint=$1 ns=$2 tmp=$(cd "$3" && pwd); shift 3
here=$(cd "$(dirname "$0")" && pwd)

# Codes of havip-lint errors that judge what one keepalived process cannot see:
# the other nodes of the cluster, the cloud, or the target version. Each has a reason.
allow_re=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/cross-node-codes" | awk '{print $1}' | paste -sd'|')

kav=$(keepalived -v 2>&1 | sed -n 's/^Keepalived v\([0-9.]*\).*/\1/p' | head -1)
ifseq=0
ka_file() { # FILE -> KA/KARC records
  local f=$1 out rc name
  while read -r name; do
    [[ $name =~ ^[A-Za-z0-9_.-]{1,15}$ ]] || continue
    [ "$name" = lo ] && continue
    ip -n "$ns" link show "$name" >/dev/null 2>&1 && continue
    ifseq=$((ifseq + 1))
    ip -n "$ns" link add "$name" type veth peer name "hvo$$x$ifseq" 2>/dev/null &&
      ip -n "$ns" link set "$name" up 2>/dev/null
  done < <(awk -f "$here/ifnames.awk" "$f" | sort -u)
  out="$tmp/ka.out"
  ka_t "$(dirname "$f")" "$(basename "$f")" > "$out"
  rc=$?
  printf 'KARC\t%s\t%s\n' "$f" "$rc"
  # keepalived stops checking at "*** Configuration line starting `X` is missing a
  # parameter after keyword `K`". To judge the rest too, ask again with a `0` put
  # after K on that line (a copy in the scratch folder, same line numbers, braces
  # kept), up to 5 times; that line has its complaint already.
  local copy="$tmp/stopped/$(basename "$f")" stops=() s n k
  mkdir -p "$tmp/stopped"; cp "$f" "$copy"
  for n in 1 2 3 4 5; do
    s=$(sed -n 's/^(\([^()]*: \)\{0,1\}Line \([0-9]*\)) \*\*\* Configuration line starting .* is missing a parameter.*/\2/p' "$out" | tail -1)
    [ -n "$s" ] || break
    case " ${stops[*]} " in *" $s "*) break ;; esac
    stops+=("$s")
    k=$(sed -n 's/.* is missing a parameter after keyword `\([^`]*\)`.*/\1/p' "$out" | tail -1)
    awk -v s="$s" -v k="$k" 'FNR == s { i = index($0, k); if (k != "" && i) $0 = substr($0, 1, i + length(k) - 1) " 0" substr($0, i + length(k)); else $0 = "" } { print }' "$copy" > "$copy.new" && mv "$copy.new" "$copy"
    ka_t "$(dirname "$f")" "$copy" >> "$out"
  done
  awk -v file="$f" -f "$here/classify.awk" "$f" "$out"
}

ka_t() { # DIR FILE: keepalived -t on FILE from DIR (so relative includes resolve)
  # -t: parse and check only. -G -l -D: no syslog, detail to the console.
  # -n: no fork. Private pid files, so nothing of the host's keepalived is touched.
  ( cd "$1" &&
    timeout 20 ip netns exec "$ns" keepalived -t -G -l -D -n \
      -p "$tmp/k.pid" -r "$tmp/v.pid" -c "$tmp/c.pid" -b "$tmp/b.pid" -f "$2" ) 2>&1
}

for f in "$@"; do ka_file "$f"; done > "$tmp/ka.tsv"

# The target is the keepalived that judges: 2.2.7 (Debian 12). No policy file:
# the rules' own severities are compared.
timeout 30 "$lint" --format json --no-policy --target-keepalived "$kav" "$@" > "$tmp/lint.json" 2>"$tmp/lint.err"
lrc=$?
if [ $lrc -gt 2 ] || ! jq -e .diagnostics "$tmp/lint.json" >/dev/null 2>&1; then
  printf 'CRASH\t%s\t-\tlint exit %s: %s\n' "$1" "$lrc" "$(head -c 200 "$tmp/lint.err" | tr '\n\t' '  ')"
  : > "$tmp/lint.tsv"
else
  # One record per finding; the lines of the finding are its primary location and
  # every label's location (a finding that points at a line in a label counts there).
  jq -r '.diagnostics[] | . as $d
    | ([.location] + [.labels[]?.location]) | map(select(. != null)) | map("\(.file):\(.line)") | unique | join(" ") as $at
    | [$d.location.file // "-", ($d.location.line // 0 | tostring), $d.severity, $d.code, ($d.message | gsub("[\t\n]"; " ")), $at] | @tsv' \
    "$tmp/lint.json" > "$tmp/lint.tsv"
fi

cat "$tmp/ka.tsv"
awk -F'\t' '{printf "LINT\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5}' "$tmp/lint.tsv"

# Findings of these codes are general advice printed on an instance's first line
# (multicast, vmac, standing mode, startup delay, notify order...): they never
# count as the answer to a keepalived complaint.
advice='^(HV201|HV202|HV203|HV206|HV207|HV208|HV210|HV211|HV212|HV213)$'

# MISS: config complaints with no finding on their line, or for a complaint
# keepalived gave about a whole block, anywhere in that block.
awk -F'\t' -v advice="$advice" 'FILENAME == ARGV[1] { if ($4 ~ advice || ($4 == "HV103" && $3 == "info") || ($4 == "HV204" && $5 ~ /never refreshes/)) next
    n = split($6, a, " "); for (i = 1; i <= n; i++) { f = a[i]; sub(/:[0-9]+$/, "", f); l = a[i]; sub(/.*:/, "", l); at[++m] = f; ln[m] = l + 0 }; next }
  $1 == "KA" && $4 == "config" { hit = 0
    if ($3 != "-") for (i = 1; i <= m; i++) if (at[i] == $2 && ln[i] >= $3 + 0 && ln[i] <= $6 + 0) { hit = 1; break }
    if (!hit) printf "MISS\t%s\t%s\t%s\n", $2, $3, $5 }' "$tmp/lint.tsv" "$tmp/ka.tsv"

# FALSE: errors on no line keepalived complains about (any class; a complaint
# about a block covers the block), unless the code is on the allow-list.
awk -F'\t' -v allow="^(${allow_re:-NONE})$" 'FILENAME == ARGV[1] {
    if ($1 == "KA" && $3 != "-") { kf[++k] = $2; kl[k] = $3 + 0; ke[k] = $6 + 0 }
    next }
  $3 == "error" && $4 !~ allow { n = split($6, a, " "); hit = 0
    for (i = 1; i <= n && !hit; i++) { f = a[i]; sub(/:[0-9]+$/, "", f); l = a[i]; sub(/.*:/, "", l)
      for (j = 1; j <= k; j++) if (kf[j] == f && l + 0 >= kl[j] && l + 0 <= ke[j]) { hit = 1; break } }
    if (!hit) printf "FALSE\t%s\t%s\t%s\t%s\n", $1, $2, $4, $5 }' "$tmp/ka.tsv" "$tmp/lint.tsv"

# ABSENT: a corpus file may say `! oracle: absent HVnnn` (a code that must not
# fire for this case, e.g. a cross-node rule the oracle cannot otherwise judge).
for c in $(sed -n 's/^[!#][[:space:]]*oracle:[[:space:]]*absent[[:space:]]\+//p' "$@" | tr ' ' '\n' | sort -u); do
    awk -F'\t' -v c="$c" '$4 == c' "$tmp/lint.tsv" | while IFS=$'\t' read -r lf ll _ lc lm _; do
      printf 'ABSENT\t%s\t%s\t%s\t%s\n' "$lf" "$ll" "$lc" "$lm"; done
done
# EXPECT: a corpus file may say `! oracle: expect HVnnn LINE` (that code must fire on
# that line of that file), where lines keepalived reports follow from one cause and
# only the right code at the cause says what happened.
for f in "$@"; do
  sed -n 's/^[!#][[:space:]]*oracle:[[:space:]]*expect[[:space:]]\+\(HV[0-9]*\)[[:space:]]\+\([0-9]*\).*/\1 \2/p' "$f" |
  while read -r c l; do
    awk -F'\t' -v f="$f" -v c="$c" -v l="$l" '$4 == c && (" " $6 " ") ~ (" " f ":" l " ") { found = 1 } END { exit !found }' "$tmp/lint.tsv" ||
      printf 'EXPECT\t%s\t%s\t%s\texpected here, not found\n' "$f" "$l" "$c"
  done
done
exit 0
