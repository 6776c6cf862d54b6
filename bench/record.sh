#!/usr/bin/env bash
# record.sh — the signed record benchmark of issue 4.
#
# usage: bench/record.sh            (RUNS=5 EVENTS=100000 BATCH=1000 by default)
#
# Builds a Release tree in build-bench/ (if needed) and runs bench/record.c:
# per run the libsodium baselines (sign, verify on one core, a bare
# hash+sign append loop), then parley appending EVENTS signed events in
# transactions of BATCH, verifying them pinned to CPU 0 and on every CPU,
# and rebuilding the projections from them. Prints every run, the medians
# and the ratios the issue sets goals for. The database goes to bench/out/
# and is removed at the end.
set -euo pipefail

. "$(dirname "$0")/lib.sh" record

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/record" --events "${EVENTS:-100000}" --batch "${BATCH:-1000}" --runs "${RUNS:-5}" \
	--dir "$out"
