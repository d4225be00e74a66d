#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: scripts/validate-sarif.sh FILE [BUILD_DIR]
#
# Validates FILE as SARIF 2.1.0 with two independent checkers, installed with
# npm under BUILD_DIR/tools (default BUILD_DIR: build) on first use:
#   1. Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, `validate`):
#      the SARIF schema plus the SDK's SARIF rules. Its error-level findings fail
#      the file; its warnings (style advice such as "provide informationUri")
#      are printed and do not.
#   2. The SARIF 2.1.0 JSON schema (rtm.5, the final one; Microsoft ships it in
#      `@microsoft/jest-sarif`) checked with ajv (JSON Schema draft-04). This
#      one also catches what the Multitool skips silently, such as an unknown
#      `level` value.
# The Multitool is a self-contained .NET program; where it cannot start, the
# schema check alone decides and the script says so.
#
# Also: scripts/validate-sarif.sh --schema SCHEMA FILE [BUILD_DIR] checks FILE
# against any draft-07 JSON schema with the same ajv (used for havip-lint's
# own JSON output and schemas/diagnostics.schema.json).
#
# Exit status: 0 valid, 1 invalid, 2 usage error or validators not installable.
set -euo pipefail

own_schema=
if [ "${1:-}" = "--schema" ] && [ $# -ge 3 ]; then
    own_schema=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    shift 2
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 [--schema SCHEMA] FILE [BUILD_DIR]" >&2
    exit 2
fi
file=$1
build=${2:-build}
[ -r "$file" ] || { echo "validate-sarif: cannot read $file" >&2; exit 2; }
command -v npm >/dev/null && command -v node >/dev/null || { echo "validate-sarif: needs node and npm" >&2; exit 2; }

mkdir -p "$build/tools"
tools=$(cd "$build/tools" && pwd)
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
mods=$tools/node_modules
multitool=$mods/@microsoft/sarif-multitool-linux/Sarif.Multitool
schema=$mods/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json

if [ ! -f "$multitool" ] || [ ! -f "$schema" ] || [ ! -f "$mods/ajv/package.json" ]; then
    echo "validate-sarif: installing validators under $tools" >&2
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
        @microsoft/sarif-multitool@5.7.0 @microsoft/jest-sarif@1.0.0-beta.0 >&2 ||
        { echo "validate-sarif: npm install failed" >&2; exit 2; }
fi
[ -f "$schema" ] || { echo "validate-sarif: schema not found in @microsoft/jest-sarif" >&2; exit 2; }

if [ -n "$own_schema" ]; then
    node - "$file" "$own_schema" "$mods" <<'EOF'
const [file, schemaPath, mods] = process.argv.slice(2);
const Ajv = require(mods + '/ajv');
const ajv = new Ajv({ allErrors: true });
const fs = require('fs');
let doc;
try {
  doc = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error('json-schema: not JSON: ' + e.message);
  process.exit(1);
}
if (!ajv.validate(JSON.parse(fs.readFileSync(schemaPath, 'utf8')), doc)) {
  for (const e of ajv.errors) console.error(`json-schema: ${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  console.error(`INVALID: ${file} against ${schemaPath}`);
  process.exit(1);
}
console.log(`valid: ${file} against ${schemaPath}`);
EOF
    exit $?
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
ran=()

# 1. SARIF Multitool. npm may skip its postinstall chmod, so set the bit here.
if [ -f "$multitool" ]; then
    chmod u+x "$multitool" 2>/dev/null || true
    if DOTNET_CLI_TELEMETRY_OPTOUT=1 "$multitool" --version >/dev/null 2>&1; then
        if DOTNET_CLI_TELEMETRY_OPTOUT=1 "$multitool" validate "$file" -o "$work/log.sarif" >"$work/out.txt" 2>&1 &&
            [ -f "$work/log.sarif" ]; then
            ran+=("sarif-multitool $("$multitool" --version 2>&1 | head -n1 | awk '{print $NF}')")
            # The Multitool exits 0 even when it finds errors: read its own SARIF log.
            if ! node - "$work/log.sarif" <<'EOF'
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
let errors = 0;
for (const run of log.runs || []) {
  const driver = (run.tool && run.tool.driver) || {};
  const rules = [driver, ...((run.tool && run.tool.extensions) || [])].flatMap(c => c.rules || []);
  for (const r of run.results || []) {
    // Results carry a message id and arguments; the text lives with the rule.
    const m = r.message || {};
    const rule = rules.find(x => x.id === r.ruleId) || {};
    const tmpl = (m.id && rule.messageStrings && rule.messageStrings[m.id]) ? rule.messageStrings[m.id].text : null;
    const text = m.text || (tmpl ? tmpl.replace(/\{(\d+)\}/g, (_, n) => (m.arguments || [])[n]) : (m.arguments || []).join(' '));
    const level = r.level || 'warning';
    console.error(`sarif-multitool: ${level} ${r.ruleId}: ${text}`);
    if (level === 'error') errors++;
  }
}
process.exit(errors ? 1 : 0);
EOF
            then
                status=1
            fi
        else
            echo "validate-sarif: sarif-multitool failed to run:" >&2
            cat "$work/out.txt" >&2
            status=1
        fi
    else
        echo "validate-sarif: sarif-multitool cannot start here; using the JSON schema alone" >&2
    fi
fi

# 2. The JSON schema with ajv (draft-04, the schema's dialect).
ajv_version=$(node -p "require('$mods/ajv/package.json').version")
if node - "$file" "$schema" "$mods" <<'EOF'
const [file, schemaPath, mods] = process.argv.slice(2);
const Ajv = require(mods + '/ajv');
const ajv = new Ajv({ schemaId: 'auto', allErrors: true, validateSchema: false });
ajv.addMetaSchema(require(mods + '/ajv/lib/refs/json-schema-draft-04.json'));
const schema = require(schemaPath);
let doc;
try {
  doc = JSON.parse(require('fs').readFileSync(file, 'utf8'));
} catch (e) {
  console.error('sarif-schema: not JSON: ' + e.message);
  process.exit(1);
}
if (!ajv.validate(schema, doc)) {
  for (const e of ajv.errors) console.error(`sarif-schema: ${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}
EOF
then
    ran+=("SARIF 2.1.0 JSON schema (rtm.5) with ajv $ajv_version")
else
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "valid SARIF 2.1.0: $file (checked by: $(IFS=';'; echo "${ran[*]}" | sed 's/;/, /g'))"
else
    echo "INVALID SARIF: $file" >&2
fi
exit "$status"
