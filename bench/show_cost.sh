#!/usr/bin/env bash
# show_cost.sh — what `show` of 100,000 points and the plan diff of the
# 10 MB pair cost, in counts that do not depend on a noisy machine:
# instructions (callgrind, every thread) and minor page faults and peak
# RSS (bench/measure -f), against cmark on the same Markdown, and against
# an older build when BEFORE names its tree (issue 12, BENCHMARKS.md).
#
# usage: bench/show_cost.sh             (POINTS=100000 SEED=42 SIZE=10)
#        BEFORE=/path/to/older/build bench/show_cost.sh
#
# Writes its plans and databases to bench/out/ like show.sh and
# diff_plan.sh (the same generators, so the same inputs). Needs valgrind.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli measure gen_plan gen_edit
command -v valgrind >/dev/null || { echo "show_cost.sh: needs valgrind" >&2; exit 1; }
command -v cmark >/dev/null || { echo "show_cost.sh: needs cmark" >&2; exit 1; }
points=${POINTS:-100000}
seed=${SEED:-42}
size=${SIZE:-10}
plan=$out/cost-plan.md
db=$out/cost.db
export PARLEY_KEYS=$out/cost-keys
a=$out/diff-${size}M-a.md
b=$out/diff-${size}M-b.md

"$root/bench/gen_points.sh" "$points" >"$plan"
[[ -f $a ]] || "$build/gen_plan" --seed "$seed" --bytes "${size}M" >"$a"
[[ -f $b ]] || "$build/gen_edit" --seed "$seed" <"$a" >"$b"
rm -rf "$db" "$db-wal" "$db-shm" "$PARLEY_KEYS"
"$build/parley" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
"$build/parley" import --db "$db" "$plan" --doc plan --as un >/dev/null

# instructions COMMAND...: the instructions callgrind counts for it.
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		awk '/refs:/ { gsub(",", "", $NF); printf "%.0f M", $NF / 1e6 }'
}
# faults COMMAND...: its minor page faults and peak RSS.
faults() {
	local report=$out/cost-measure.txt
	: >"$report"
	"$build/measure" -f "$report" "$@" >/dev/null || true
	awk '{ printf "%d faults, %.1f MiB", $4, $2 / 1024 }' "$report"
}

builds=("$build")
[[ -n ${BEFORE:-} ]] && builds+=("$BEFORE")
echo "plan of $points points ($(stat -c %s "$plan") bytes); pair of ${size} MB (seed $seed)"
printf '%-28s | %-12s | %s\n' command instructions "page faults, peak RSS"
printf '%-28s | %-12s | %s\n' "cmark (the show's baseline)" "$(instructions cmark "$plan")" \
	"$(faults cmark "$plan")"
for tree in "${builds[@]}"; do
	name=$([[ $tree == "$build" ]] && echo this || echo before)
	for f in html json; do
		cmd=("$tree/parley" show --db "$db" plan --format "$f" --as un)
		printf '%-28s | %-12s | %s\n' "$name: show --format $f" "$(instructions "${cmd[@]}")" \
			"$(faults "${cmd[@]}")"
	done
	cmd=("$tree/parley" diff --files "$a" "$b" --format json)
	printf '%-28s | %-12s | %s\n' "$name: diff (plan, json)" "$(instructions "${cmd[@]}")" \
		"$(faults "${cmd[@]}")"
done
