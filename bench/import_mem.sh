#!/usr/bin/env bash
# import_mem.sh — peak memory of importing a plan of many short points
# (issue 12: peak RSS <= 5x the input's size), and the import's time.
#
# usage: bench/import_mem.sh                  (POINTS=100000 RUNS=3 by default)
#        BEFORE=DIR RUNS=9 bench/import_mem.sh
#
# Builds a Release tree in build-bench/ (if needed), writes a plan of
# POINTS short points (bench/gen_points.sh) and RUNS times imports it into a
# fresh database (`parley init`, then `parley import`), measured by
# bench/measure (wall time, and the peak RSS from wait4's ru_maxrss) and
# bash's `time` (CPU: user + system). With BEFORE=DIR, DIR/parley (another
# build, e.g. of the branch point) is measured in the same runs, the two
# taking turns to go first. Prints each run and the median and range of
# peak RSS / input bytes and of the times. Then splits one import of each
# into its phases with import_phases (DIR/import_phases for BEFORE): the
# peak while the plan is read and parsed, and the peak of the import itself.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli measure import_phases
points=${POINTS:-100000}
runs=${RUNS:-3}
plan=$out/import-mem-plan.md
db=$out/import-mem.db
keys=$out/import-mem-keys
export PARLEY_KEYS=$keys
TIMEFORMAT='%U %S'

"$root/bench/gen_points.sh" "$points" >"$plan"
bytes=$(stat -c %s "$plan")
echo "plan: $points points, $bytes bytes; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

fresh() {
	rm -rf "$db" "$db-wal" "$db-shm" "$keys"
	"$1" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
}

# One measured import with the parley at $1, its line appended to $2:
# "WALL_S MAXRSS_KIB STATUS CPU_S".
one() {
	local parley=$1 report=$2 cpu
	fresh "$parley"
	cpu=$({ time "$build/measure" "$report.tmp" "$parley" import --db "$db" "$plan" \
		--doc plan --as un >/dev/null; } 2>&1 | awk '{ print $1 + $2 }')
	echo "$(tail -1 "$report.tmp") $cpu" >>"$report"
}

names=(this)
binaries=("$build/parley")
phases=("$build/import_phases")
if [[ -n ${BEFORE:-} ]]; then
	names+=(before)
	binaries+=("$BEFORE/parley")
	phases+=("$BEFORE/import_phases")
fi
for name in "${names[@]}"; do
	: >"$out/import-mem-$name.txt"
	: >"$out/import-mem-$name.txt.tmp"
done
for ((run = 1; run <= runs; run++)); do
	order=("${!names[@]}")
	if ((run % 2 == 0 && ${#names[@]} == 2)); then order=(1 0); fi
	for i in "${order[@]}"; do
		one "${binaries[$i]}" "$out/import-mem-${names[$i]}.txt"
		tail -1 "$out/import-mem-${names[$i]}.txt" | awk -v b="$bytes" -v r="$run" -v n="${names[$i]}" \
			'{ printf "run %d %-6s: %.2f s wall, %.2f s CPU, peak RSS %.1f MiB = %.2f x the input\n",
				r, n, $1, $4, $2 / 1024, $2 * 1024 / b }'
	done
done

# Median (range) of column $2 of file $1, times $3.
median() {
	sort -g -k"$2" "$1" | awk -v c="$2" -v s="$3" '{ v[NR] = $c * s } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f (%.2f-%.2f)", m, v[1], v[NR] }'
}
for name in "${names[@]}"; do
	f=$out/import-mem-$name.txt
	echo "$name: peak RSS / input $(median "$f" 2 "$(awk -v b="$bytes" 'BEGIN { print 1024 / b }')")," \
		"wall s $(median "$f" 1 1), CPU s $(median "$f" 4 1) over $runs runs"
done
sort -g -k2 "$out/import-mem-this.txt" | awk -v b="$bytes" '{ v[NR] = $2 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "goal peak RSS <= 5x the input (this build): %s\n", m * 1024 / b <= 5 ? "met" : "MISSED" }'
for i in "${!names[@]}"; do
	if [[ -x ${phases[$i]} ]]; then
		fresh "${binaries[$i]}"
		"${phases[$i]}" "$db" "$keys" un plan "$plan" | awk -v b="$bytes" -v n="${names[$i]}" \
			'{ printf "%s phases: read+parse peak %.1f MiB = %.2f x, import peak %.1f MiB = %.2f x", \
				n, $2 / 1024, $2 * 1024 / b, $4 / 1024, $4 * 1024 / b
			   if (NF >= 6) printf " (%.1f MiB resident as it starts)", $6 / 1024
			   printf "\n" }'
	fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$db" "$db-wal" "$db-shm" "$keys" "$out"/import-mem-*.txt.tmp
