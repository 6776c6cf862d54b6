#!/usr/bin/env bash
# diff_plan.sh — the plan diff against git's word diff (issue 12's speed
# goal), on one core and on two.
#
# usage: bench/diff_plan.sh        (PAIRS=11 SEED=42 SIZE=10 CORES="1 2")
#        BEFORE=/path/to/an/older/parley bench/diff_plan.sh
#
# Builds a Release tree in build-bench/ (if needed) and writes the pair of
# bench/diff.sh to bench/out/: A is `gen_plan --seed SEED --bytes SIZE M`,
# B is `gen_edit --seed SEED < A`. Then, for each number of cores (1:
# `taskset -c 0`, 2: `taskset -c 0,1`), PAIRS times, the two commands
#
#   plan   parley diff --files A B --format json > /dev/null
#   git    git diff --no-index --word-diff=porcelain A B > /dev/null
#
# one right after the other, the order swapped from pair to pair (git
# first in odd pairs), timed by bash's `time` (wall, user and system
# seconds). Prints per number of cores the median wall and CPU (user +
# system) seconds of each command with their ranges, and the median, lowest
# and highest of the pairs' ratios git wall / plan wall (above 1: parley is
# faster), against the goals (>= 1 on one core, >= 1.5 on two). With
# BEFORE, that binary's plan diff runs in each round too (the three
# commands in turn, the first of a round moving on by one each round), and
# its row and ratio are printed beside the others. Last, it
# checks the plan diff's JSON with `redline_check --plan` (every point's
# edits rebuild both of its texts) and says which block reader read each
# plan (`diff_plan_reader`: md_scan.c's scanner, or cmark for a plan
# outside its subset).
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli gen_plan gen_edit redline_check diff_plan_reader
pairs=${PAIRS:-11}
seed=${SEED:-42}
size=${SIZE:-10}
cores=${CORES:-"1 2"}

command -v git >/dev/null || { echo "diff_plan.sh: needs git" >&2; exit 1; }
command -v taskset >/dev/null || { echo "diff_plan.sh: needs taskset (util-linux)" >&2; exit 1; }
((pairs >= 1)) || { echo "diff_plan.sh: PAIRS must be at least 1" >&2; exit 1; }

parley=$build/parley
a=$out/diff-${size}M-a.md
b=$out/diff-${size}M-b.md
"$build/gen_plan" --seed "$seed" --bytes "${size}M" >"$a"
"$build/gen_edit" --seed "$seed" <"$a" >"$b"

# One timed run: appends "WALL CPU" to $1. parley and git exit 1 when the
# files differ; anything above is a failure.
timed() {
	local report=$1 status=0 line
	shift
	line=$({ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>/dev/null || status=$?; } 2>&1)
	if ((status > 1)); then
		echo "diff_plan.sh: '$*' failed with status $status" >&2
		exit 1
	fi
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$line" >>"$report"
}

# median, lowest and highest of column $2 of file $1
stats() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
	"$(git --version); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s MB pair (seed %s): A %d bytes, B %d bytes; %d rounds, order turned each round\n' \
	"$size" "$seed" "$(stat -c %s "$a")" "$(stat -c %s "$b")" "$pairs"

for n in $cores; do
	case $n in
	1) pin=(taskset -c 0) goal=1 ;;
	2) pin=(taskset -c 0,1) goal=1.5 ;;
	*) echo "diff_plan.sh: CORES holds 1 and 2 only" >&2; exit 1 ;;
	esac
	plan_t=$out/times-plan-${n}core
	git_t=$out/times-git-${n}core
	ratio_t=$out/times-ratio-${n}core
	before_t=$out/times-before-${n}core
	: >"$plan_t"
	: >"$git_t"
	: >"$before_t"
	run_one() {
		case $1 in
		git) timed "$git_t" "${pin[@]}" git diff --no-index --word-diff=porcelain "$a" "$b" ;;
		plan) timed "$plan_t" "${pin[@]}" "$parley" diff --files "$a" "$b" --format json ;;
		before) timed "$before_t" "${pin[@]}" "$BEFORE" diff --files "$a" "$b" --format json ;;
		esac
	}
	for ((p = 1; p <= pairs; p++)); do
		if [[ -n ${BEFORE:-} ]]; then
			case $((p % 3)) in
			1) order="git plan before" ;;
			2) order="plan before git" ;;
			0) order="before git plan" ;;
			esac
		elif ((p % 2)); then
			order="git plan"
		else
			order="plan git"
		fi
		for step in $order; do run_one "$step"; done
	done
	paste "$git_t" "$plan_t" | awk '{ printf "%.4f\n", $1 / $3 }' >"$ratio_t"
	echo
	echo "$n core(s) (${pin[*]}), load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '| %-42s | %-21s | %-21s |\n' command "wall s, median (range)" \
		"CPU s, median (range)"
	printf '|%s|%s|%s|\n' -------------------------------------------- \
		----------------------- -----------------------
	rows=("git diff --no-index --word-diff=porcelain:$git_t"
		"parley diff --files --format json (plan):$plan_t")
	[[ -n ${BEFORE:-} ]] && rows+=("the same, BEFORE's binary:$before_t")
	for row in "${rows[@]}"; do
		read -r wm wl wh < <(stats "${row#*:}" 1)
		read -r cm cl ch < <(stats "${row#*:}" 2)
		printf '| %-42s | %5.3f (%5.3f-%5.3f) | %5.3f (%5.3f-%5.3f) |\n' "${row%%:*}" \
			"$wm" "$wl" "$wh" "$cm" "$cl" "$ch"
	done
	read -r rm rl rh < <(stats "$ratio_t" 1)
	awk -v m="$rm" -v l="$rl" -v h="$rh" -v g="$goal" -v n="$n" 'BEGIN {
		printf "git / plan, per pair: median %.2f (range %.2f-%.2f); goal >= %s on %s core(s): %s\n",
			m, l, h, g, n, (m >= g ? "met" : (m >= 0.9 * g ? "near" : "MISSED")) }'
	if [[ -n ${BEFORE:-} ]]; then
		paste "$git_t" "$before_t" | awk '{ printf "%.4f\n", $1 / $3 }' >"$ratio_t"
		read -r rm rl rh < <(stats "$ratio_t" 1)
		printf "git / BEFORE's plan, per round: median %.2f (range %.2f-%.2f)\n" "$rm" "$rl" "$rh"
	fi
done

json=$out/diff-${size}M-plan.json
"$parley" diff --files "$a" "$b" --format json >"$json" || [[ $? -eq 1 ]]
echo
echo "plan JSON: $("$build/redline_check" --plan "$a" "$b" "$json")"
echo "block reader: $("$build/diff_plan_reader" "$a" "$b" | tr '\n' ' ')"
