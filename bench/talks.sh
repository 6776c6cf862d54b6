#!/usr/bin/env bash
# talks.sh — the amendments benchmark of issue 5.
#
# usage: bench/talks.sh    (RUNS=5 POINTS=5000 by default)
#
# Builds a Release tree in build-bench/ (if needed) and runs bench/talks.c
# on a generated plan of POINTS points with about 2×POINTS amendments (a
# few hundred collision groups): the pure part — voting list of all
# amendments, applying POINTS non-colliding ones, rendering the result (the
# baseline) — and, on a database holding all the amendments (tabled once),
# pl_voting_table, the bracketed text (pl_bracketed_text, Markdown) and the
# CLI's `parley voting-list --format json`.
# Prints every run, the medians and the ratios the issue sets goals for.
# Databases go to bench/out/ and are removed at the end.
set -euo pipefail

. "$(dirname "$0")/lib.sh" talks parley_cli

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/talks" --points "${POINTS:-5000}" --runs "${RUNS:-5}" --dir "$out" \
	--parley "$build/parley" --brackets 1
rm -rf "$out/talks.db" "$out/talks.db-wal" "$out/talks.db-shm" "$out/talks-keys"
