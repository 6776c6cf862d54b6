#!/usr/bin/env bash
# import_mem.sh — peak memory of importing a plan of many short points
# (issue 12: peak RSS <= 5x the input's size).
#
# usage: bench/import_mem.sh        (POINTS=100000 RUNS=3 by default)
#
# Builds a Release tree in build-bench/ (if needed), writes a plan of
# POINTS short points (bench/gen_points.sh) and RUNS times imports it into a
# fresh database (`parley init`, then `parley import`), measured by
# bench/measure (wall time, and the peak RSS from wait4's ru_maxrss).
# Prints each run and the median and range of peak RSS / input bytes.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli measure
points=${POINTS:-100000}
runs=${RUNS:-3}
parley=$build/parley
plan=$out/import-mem-plan.md
db=$out/import-mem.db
keys=$out/import-mem-keys
report=$out/import-mem-runs.txt

"$root/bench/gen_points.sh" "$points" >"$plan"
bytes=$(stat -c %s "$plan")
export PARLEY_KEYS=$keys
echo "plan: $points points, $bytes bytes; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$report"
for ((run = 1; run <= runs; run++)); do
	rm -rf "$db" "$db-wal" "$db-shm" "$keys"
	"$parley" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
	"$build/measure" "$report" "$parley" import --db "$db" "$plan" --doc plan --as un >/dev/null
	tail -1 "$report" | awk -v b="$bytes" -v r="$run" \
		'{ printf "run %d: %.2f s, peak RSS %.1f MiB = %.2f x the input\n", r, $1, $2 / 1024, $2 * 1024 / b }'
done
sort -n -k2 "$report" | awk -v b="$bytes" '{ v[NR] = $2 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "peak RSS / input: median %.2f (%.2f-%.2f) over %d runs; goal <= 5: %s\n",
		m * 1024 / b, v[1] * 1024 / b, v[NR] * 1024 / b, NR, m * 1024 / b <= 5 ? "met" : "MISSED" }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$db" "$db-wal" "$db-shm" "$keys"
