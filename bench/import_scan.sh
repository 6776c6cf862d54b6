#!/usr/bin/env bash
# import_scan.sh — `parley import` of a plan of many short points, this
# build against an older binary, run by run in turn: what a change of the
# plan reader (such as md_scan.c's block scanner) gains in time and peak
# memory.
#
# usage: BEFORE=/path/to/an/older/parley bench/import_scan.sh   (POINTS=100000 PAIRS=9)
#
# Builds a Release tree in build-bench/ (if needed), writes the plan of
# bench/show.sh and bench/import_mem.sh (bench/gen_points.sh POINTS, as
# bench/out/show-plan.md) and PAIRS times imports it into a fresh database
# with each binary (`parley init`, then `parley import`, the import
# measured by bench/measure: wall time and peak RSS), the order swapped
# from pair to pair. Prints the median and range of each binary's wall
# time and peak RSS, and of the pairs' ratios BEFORE / this build.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli measure
points=${POINTS:-100000}
pairs=${PAIRS:-9}
before=${BEFORE:?set BEFORE to the parley binary to compare with}
[[ -x $before ]] || { echo "import_scan.sh: $before is not executable" >&2; exit 1; }
((pairs >= 1)) || { echo "import_scan.sh: PAIRS must be at least 1" >&2; exit 1; }

plan=$out/show-plan.md
db=$out/import-scan.db
export PARLEY_KEYS=$out/import-scan-keys
"$root/bench/gen_points.sh" "$points" >"$plan"
now_t=$out/import-scan-now
before_t=$out/import-scan-before
: >"$now_t"
: >"$before_t"

# One import with binary $1, appending "SECONDS MAXRSS_KIB STATUS" to $2.
import_once() {
	rm -rf "$db" "$db-wal" "$db-shm" "$PARLEY_KEYS"
	"$1" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
	"$build/measure" "$2" "$1" import --db "$db" "$plan" --doc plan --as un >/dev/null
}

echo "plan: $points points, $(stat -c %s "$plan") bytes; $pairs pairs;" \
	"load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((p = 1; p <= pairs; p++)); do
	if ((p % 2)); then
		import_once "$before" "$before_t"
		import_once "$build/parley" "$now_t"
	else
		import_once "$build/parley" "$now_t"
		import_once "$before" "$before_t"
	fi
done
rm -rf "$db" "$db-wal" "$db-shm" "$PARLEY_KEYS"

# median, lowest and highest of the numbers on standard input
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f (%.3f-%.3f)", m, v[1], v[NR] }'
}
printf '| %-22s | %-24s | %-27s |\n' binary "wall s, median (range)" "peak RSS MiB, median (range)"
printf '|%s|%s|%s|\n' ------------------------ -------------------------- -----------------------------
for row in "BEFORE:$before_t" "this build:$now_t"; do
	printf '| %-22s | %-24s | %-27s |\n' "${row%%:*}" "$(awk '{ print $1 }' "${row#*:}" | stats)" \
		"$(awk '{ print $2 / 1024 }' "${row#*:}" | stats)"
done
echo "BEFORE / this build, per pair: wall $(paste "$before_t" "$now_t" | awk '{ print $1 / $4 }' | stats)," \
	"peak RSS $(paste "$before_t" "$now_t" | awk '{ print $2 / $5 }' | stats)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
