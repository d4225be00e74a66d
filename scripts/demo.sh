#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job on the bundled examples.
set -uo pipefail
build=${1:-build}
echo "== havip-lint examples/ (clean)"
"$build"/compiler/havip-lint examples/
