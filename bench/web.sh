#!/usr/bin/env bash
# web.sh — the web interface's speed in Chromium (bench/web.mjs): the
# 28-point plan's largest contentful paint, a 5,000-point plan opening and
# scrolling, and the gzipped weight of web/. Release build (build-bench/),
# Debian's chromium, playwright-core from tests/web (npm ci there first).
#
# usage: bench/web.sh [RUNS]     (default 9)
set -euo pipefail
. "$(dirname "$0")/lib.sh" parley_cli
if [[ ! -d $root/tests/web/node_modules/playwright-core ]]; then
	(cd "$root/tests/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
PARLEY_BUILD=$build node "$root/bench/web.mjs" "$build/parley" "${1:-9}" | tee "$out/web.txt"
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
