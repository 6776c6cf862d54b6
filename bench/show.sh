#!/usr/bin/env bash
# show.sh — `parley show --format html|json` of a plan of short points
# against cmark rendering the same Markdown to HTML (issue 12).
#
# usage: bench/show.sh        (POINTS=100000 PAIRS=9 by default)
#
# Builds a Release tree in build-bench/ (if needed), writes a plan of
# POINTS short points (bench/gen_points.sh), imports it once into a fresh
# database, then runs PAIRS pairs, alternated run by run (cmark first in odd
# pairs, last in even ones), of `cmark plan.md` and of `parley show DOC
# --format F`, for F in html and json, on both CPUs and under `taskset -c
# 0`. Each run's time is the user + system CPU time of the child and its
# wall time (bash's time). Prints every pair
# and the median and range of parley / cmark per format and CPU set, by CPU
# time and by wall time. The goal: <= 1.5.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli
command -v cmark >/dev/null || {
	echo "show.sh: needs cmark (apt-get install --no-install-recommends cmark)" >&2
	exit 1
}
points=${POINTS:-100000}
pairs=${PAIRS:-9}
parley=$build/parley
plan=$out/show-plan.md
db=$out/show.db
keys=$out/show-keys

"$root/bench/gen_points.sh" "$points" >"$plan"
rm -rf "$db" "$db-wal" "$db-shm" "$keys"
export PARLEY_KEYS=$keys
"$parley" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
"$parley" import --db "$db" "$plan" --doc plan --as un >/dev/null

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "plan: $points points, $(stat -c %s "$plan") bytes; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# run PIN COMMAND...: prints "CPU_SECONDS WALL_SECONDS" of one run (bash's
# time: user + system of the child, and real).
run() {
	local pin=$1
	shift
	local prefix=()
	[[ $pin == 1 ]] && prefix=(taskset -c 0)
	local TIMEFORMAT='%U %S %R'
	{ time "${prefix[@]}" "$@" >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2, $3 }'
}

results=$out/show-results.txt
: >"$results"
for ((pair = 1; pair <= pairs; pair++)); do
	for pin in 2 1; do
		for format in html json; do
			if ((pair % 2)); then
				c=$(run "$pin" cmark "$plan")
				p=$(run "$pin" "$parley" show --db "$db" plan --format "$format" --as un)
			else
				p=$(run "$pin" "$parley" show --db "$db" plan --format "$format" --as un)
				c=$(run "$pin" cmark "$plan")
			fi
			echo "$pair $pin $format $c $p" >>"$results"
			echo "pair $pair, CPUs $pin, $format: cmark $c, parley $p (CPU s, wall s)"
		done
	done
done

echo
echo "parley show / cmark, median of $pairs pairs (range):"
for pin in 2 1; do
	for format in html json; do
		for clock in cpu wall; do
			awk -v pin="$pin" -v f="$format" -v clock="$clock" '
				$2 == pin && $3 == f {
					r[++n] = clock == "cpu" ? $6 / $4 : $7 / $5
					c[n] = clock == "cpu" ? $4 : $5
					p[n] = clock == "cpu" ? $6 : $7 }
				function median(a, n,   i, j, t) {
					for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
						if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
					return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
				END {
					lo = r[1]; hi = r[1]
					for (i = 1; i <= n; i++) { if (r[i] < lo) lo = r[i]; if (r[i] > hi) hi = r[i] }
					mc = median(c, n); mp = median(p, n); m = median(r, n)
					printf "  %-4s %s, %-4s: cmark %.3f s, parley %.3f s, ratio %.2f (%.2f-%.2f)  goal <= 1.5: %s\n",
						clock, pin == 1 ? "taskset -c 0" : "2 CPUs      ", f, mc, mp, m, lo, hi,
						m <= 1.5 ? "met" : "MISSED" }' "$results"
		done
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$db" "$db-wal" "$db-shm" "$keys"
