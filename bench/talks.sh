#!/usr/bin/env bash
# talks.sh — the amendments benchmark of issue 5.
#
# usage: bench/talks.sh    (RUNS=5 POINTS=5000 by default)
#
# Builds a Release tree in build-bench/ (if needed) and runs bench/talks.c
# twice on a generated plan of POINTS points with about 2×POINTS amendments
# (a few hundred collision groups):
#   1. the pure part — voting list of all amendments, applying POINTS
#      non-colliding ones, rendering the result (the baseline) — and, on a
#      database holding all amendments, pl_voting_table and the CLI's
#      `parley voting-list --format json` (bracketed text skipped);
#   2. the bracketed text on a database holding DB_BRACKETS (100)
#      amendments only: it is quadratic in the points today (see
#      BENCHMARKS.md), so 10,000 would take hours.
# Prints every run, the medians and the ratios the issue sets goals for.
# Databases go to bench/out/ and are removed at the end.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-bench}
out=$root/bench/out
mkdir -p "$out"

if [[ ! -f $build/build.ninja ]]; then
	cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DPARLEY_TESTS=OFF >/dev/null
fi
ninja -C "$build" talks parley_cli >/dev/null

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/talks" --points "${POINTS:-5000}" --runs "${RUNS:-5}" --dir "$out" \
	--parley "$build/parley" --brackets 0
echo "--- the bracketed text, ${DB_BRACKETS:-100} amendments"
"$build/talks" --points "${POINTS:-5000}" --runs "${RUNS:-5}" --dir "$out" \
	--db-amendments "${DB_BRACKETS:-100}" --brackets 1 | grep -E '^(database|db run|median \(database)'
rm -rf "$out/talks.db" "$out/talks.db-wal" "$out/talks.db-shm" "$out/talks-keys"
