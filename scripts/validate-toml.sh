#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Validates TOML files against the project's JSON Schemas with taplo:
# cluster files against schemas/havip.schema.json, inventories (files with a
# [[vpc]] table) against schemas/inventory.schema.json.
#
#   scripts/validate-toml.sh BUILD_DIR [FILE...]
#
# Without FILEs: every *.toml under examples/ (policy files, .havip-lint.toml,
# have no schema and are skipped). taplo comes from npm (@taplo/cli), installed
# once under BUILD_DIR/tools/taplo, never globally; after that it runs offline.
# Exit: 0 all valid, 1 a file is invalid, 2 usage or set-up error.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [FILE...]" >&2
  exit 2
fi
build=$(mkdir -p "$1" && cd "$1" && pwd) || { echo "validate-toml: cannot use build dir $1" >&2; exit 2; }
shift
# Its own prefix: other validators install under BUILD_DIR/tools concurrently
# (ctest -j), and two npm installs into one prefix race.
tools=$build/tools/taplo
taplo=$tools/node_modules/.bin/taplo
taplo_version=0.7.0   # @taplo/cli (taplo 0.9)

if [ ! -x "$taplo" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "validate-toml: npm not found: install the Debian package npm" >&2
    exit 2
  fi
  mkdir -p "$tools"
  if ! npm install --prefix "$tools" --no-audit --no-fund --silent "@taplo/cli@$taplo_version" >&2; then
    echo "validate-toml: npm could not install @taplo/cli@$taplo_version" >&2
    exit 2
  fi
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  while IFS= read -r f; do files+=("$f"); done < <(cd "$root" && find examples -name '*.toml' -type f | sort)
  cd "$root" || exit 2
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "validate-toml: no TOML files to check" >&2
  exit 2
fi

# One taplo run per schema: each run costs about two seconds however few files it checks.
cluster=() inventory=()
for f in "${files[@]}"; do
  case "$(basename "$f")" in
    .*) continue ;;   # .havip-lint.toml: no schema
  esac
  if [ ! -r "$f" ]; then
    echo "validate-toml: cannot read $f" >&2
    exit 2
  fi
  if grep -qE '^[[:space:]]*\[\[vpc\]\]' "$f"; then inventory+=("$f"); else cluster+=("$f"); fi
done

fail=0 checked=0
check() {  # SCHEMA FILE...
  local schema=$1 out rc bad f
  shift
  [ $# -gt 0 ] || return 0
  out=$("$taplo" check --no-auto-config --colors never --schema "file://$schema" "$@" 2>&1)
  rc=$?
  if [ $rc = 0 ]; then
    checked=$((checked + $#))
    return 0
  fi
  echo "$out" | grep -v ' INFO ' >&2
  # taplo names each invalid file: `invalid file error=... path="FILE"`.
  bad=$(echo "$out" | sed -n 's/.*invalid file .*path="\(.*\)".*/\1/p')
  if [ -z "$bad" ]; then
    echo "validate-toml: taplo failed (exit $rc) on $*" >&2
    fail=1
    return 0
  fi
  for f in "$@"; do
    if grep -qxF -- "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" <<<"$bad" ||
       grep -qxF -- "$f" <<<"$bad"; then
      echo "validate-toml: $f does not match $(basename "$schema")" >&2
      fail=1
    else
      checked=$((checked + 1))
    fi
  done
}
check "$root/schemas/havip.schema.json" ${cluster[@]+"${cluster[@]}"}
check "$root/schemas/inventory.schema.json" ${inventory[@]+"${inventory[@]}"}
if [ $fail = 0 ]; then
  echo "validate-toml: $checked files valid"
fi
exit $fail
