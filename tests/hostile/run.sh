#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every case of cases.txt (hostile inputs: expected exit code, message and
# bounds) against the built programs, each under `ulimit -v` (memory) and
# `ulimit -t` (CPU seconds), and checks the size of its output.
#   tests/hostile/run.sh BUILD_DIR [NAME_REGEX]
# Exit: 0 every case passed, 1 one failed, 77 the programs are not built.
set -uo pipefail
BUILD=$(cd "${1:?usage: $0 BUILD_DIR [NAME_REGEX]}" && pwd)
only=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
export LINT="$BUILD/compiler/havip-lint" COMPILE="$BUILD/compiler/havip-compile"
export SIM="$BUILD/runtime/havip-sim" HAVIPD="$BUILD/runtime/havipd"
export PLAN_TOOL="$BUILD/tests/integration/havip-test-plan"
export NO_COLOR=1 HAVIP_NO_TTY=1 LC_ALL=C
for p in "$LINT" "$COMPILE" "$SIM" "$HAVIPD"; do
  [ -x "$p" ] || { echo "SKIP: $p not built"; exit 77; }
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2

# ---- the inputs ---------------------------------------------------------------
yes a | head -c 5M >flood5.conf                      # 2.6 M lines, each an unknown keyword
yes a | head -c 1048576 >flood1.conf                 # the largest input accepted: 512 Ki findings
yes 'vrrp_instance x {' | head -c 1048576 >inst1.conf  # the costliest input per byte measured
head -c 50M /dev/zero | tr '\0' a >line50.conf       # one 50 MB line
head -c 1048000 /dev/zero | tr '\0' a >line1.conf    # one 1 MB line, under the size limit
printf 'global_defs %s\n' "$(printf '{ %.0s' $(seq 10000))" >braces.conf  # 10,000 nested braces on one line
awk 'BEGIN { srand(1); for (i = 0; i < 200000; i++) printf "%c", int(rand() * 255) + 1 }' >binary.conf
printf 'include /dev/zero\n' >inczero.conf
: >empty.conf
mkfifo fifo.conf
ln -s loop.conf loop.conf
mkdir loopdir && ln -s x.conf loopdir/x.conf
mkdir bigdir && cp flood5.conf bigdir/x.conf && cp "$SRC/examples/guide-non-standing/a.conf" bigdir/
mkdir ok broken
cp "$SRC/examples/guide-non-standing/a.conf" "$SRC/examples/guide-non-standing/b.conf" ok/
cp "$SRC/examples/broken/"*.conf broken/
cp "$SRC/examples/.havip-lint.toml" .
"$COMPILE" -q -o plans ok >/dev/null 2>&1 || { echo "FAIL: cannot compile the fixture plans"; exit 1; }
printf 'node a:prio=200\nnode \033[31mb\nduration 5s\n' >escape.txt
printf 'node a\nbogus\033[31m 1\n' >escape-bad.txt
# What another user cannot read (the cases run it as nobody).
mkdir -p tree/locked tree2 && cp ok/a.conf tree/ && cp ok/b.conf tree/locked/ && chmod 0700 tree/locked
chmod 0755 tree tree2 && cp ok/a.conf tree2/secret.conf && chmod 0600 tree2/secret.conf
# A plan with no instance: the compiler refuses it, the test tool still writes it.
mkdir zero
if [ -x "$PLAN_TOOL" ]; then "$PLAN_TOOL" zero empty.conf >/dev/null 2>&1; fi

# ---- the cases -----------------------------------------------------------------
fails=0 ran=0
while IFS= read -r row; do
  [[ -z "${row// }" || "$row" == \#* ]] && continue
  # Fields are split at " | " (a regex may hold "|" without spaces, the
  # command, the last field, may hold pipes of its own).
  f=() rest=$row
  for _ in 1 2 3 4 5 6; do
    f+=("${rest%% | *}")
    rest=${rest#* | }
  done
  trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
  name=$(trim "${f[0]}"); want=$(trim "${f[1]}"); regex=$(trim "${f[2]}")
  mem=$(trim "${f[3]}"); outmax=$(trim "${f[4]}"); cpu=$(trim "${f[5]}")
  cmd=$rest
  [[ -n "$only" && ! "$name" =~ $only ]] && continue
  if [[ "$name" == zero-instance-havipd && ! -f zero/empty.hvp ]]; then echo "skip $name (no havip-test-plan)"; continue; fi
  if [[ "$name" == full-emit-dir ]]; then
    # A file system that is full: a tmpfs of one block, when we may mount one.
    rm -rf full; mkdir full
    if ! mount -t tmpfs -o size=4k tmpfs full 2>/dev/null; then echo "skip $name (cannot mount a tmpfs)"; continue; fi
    head -c 4096 /dev/zero >full/filler 2>/dev/null
  fi
  ran=$((ran + 1))
  ( ulimit -v $((mem * 1024)); ulimit -t "$cpu"; eval "$cmd" ) >out.txt 2>&1 </dev/null
  rc=$?
  [[ "$name" == full-emit-dir ]] && umount full 2>/dev/null
  size=$(stat -c %s out.txt)
  why=
  [[ "$rc" == "$want" ]] || why="exit $rc, want $want"
  if [[ -z "$why" && "$regex" != - ]] && ! grep -Eq -- "$regex" out.txt; then why="no /$regex/ in the output"; fi
  [[ -z "$why" && "$size" -gt "$outmax" ]] && why="$size bytes of output, bound $outmax"
  if [[ -z "$why" ]] && grep -q $'\033' out.txt; then why="a raw escape byte in the output"; fi
  # Under the memory limit nothing may run out of memory, even gracefully.
  if [[ -z "$why" ]] && grep -Eq 'bad_alloc|out of memory|AddressSanitizer' out.txt; then why="ran out of memory"; fi
  if [[ -z "$why" ]]; then
    echo "ok   $name (exit $rc, $size bytes, under ${mem} MiB and ${cpu} s CPU)"
  else
    echo "FAIL $name: $why"
    echo "     \$ $cmd"
    head -c 1500 out.txt | sed 's/^/     | /'
    echo
    fails=$((fails + 1))
  fi
done <"$HERE/cases.txt"
echo "$ran cases, $fails failed"
[ "$fails" -eq 0 ]
