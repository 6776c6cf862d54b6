#!/usr/bin/env bash
# run.sh — runs one web test file for ctest: tests/web/run.sh FILE.test.mjs
# PARLEY PARLEY_BUILD. Skipped (77) when the test tools are missing: Debian's
# chromium (scripts/install-deps) or tests/web/node_modules (scripts/test
# runs 'npm ci' there).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=$1
export PARLEY=$2 PARLEY_BUILD=$3
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "skipped: run 'npm ci' in tests/web (scripts/test does)" >&2
  exit 77
fi
if [ ! -x "${PARLEY_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "skipped: no chromium (scripts/install-deps installs it)" >&2
  exit 77
fi
command -v node >/dev/null || { echo "skipped: no node" >&2; exit 77; }
cd "$here"
exec node --test --test-reporter=spec "$file"
