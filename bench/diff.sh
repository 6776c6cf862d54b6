#!/usr/bin/env bash
# diff.sh — the redline benchmark of issue 3.
#
# usage: bench/diff.sh            (RUNS=5 SEED=42 SIZES="1 10" by default)
#
# Builds a Release tree in build-bench/ (if needed). For each size, writes
# to bench/out/ a seeded plan A (gen_plan), a second version B with about
# 1% of the words changed and some sentences moved between points
# (gen_edit), and an unrelated plan C (gen_plan, another seed). Then, RUNS
# times, interleaved, through bench/measure (wall time and peak RSS):
#
#   read      cat A B > /dev/null                      (the floor)
#   text      parley diff --files A B --text --format json > /dev/null
#   git       git diff --no-index --word-diff=porcelain A B > /dev/null
#   wdiff     wdiff A B > /dev/null                    (skipped if absent)
#   plan      parley diff --files A B --format json > /dev/null
#   unrelated parley diff --files A C --text --format json > /dev/null
#
# Prints medians, the largest peak RSS, ratios against git, and checks:
# the JSON of text and unrelated is a valid redline of its pair
# (bench/redline_check), and the script's length against GNU diff's
# minimal one, in two units: whitespace-separated words (`tr -s
# '[:space:]' '\n'`, the issue's command) and parley's own tokens (each
# file's non-space tokens one a line, `redline_check --tokens`). Last, the
# phases of the text diff inside one process (bench/diff_phases: read,
# NUL check, diff with its UTF-8 check, JSON; medians of RUNS). Files are read from the page
# cache (each was just written).
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli gen_plan gen_edit measure redline_check diff_phases
runs=${RUNS:-5}
seed=${SEED:-42}
sizes=${SIZES:-"1 10"}

command -v git >/dev/null || { echo "diff.sh: needs git" >&2; exit 1; }
have_wdiff=0
command -v wdiff >/dev/null && have_wdiff=1

parley=$build/parley
measure=$build/measure
check=$build/redline_check

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
peak() { awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$1"; }
# git and wdiff exit 1 when the files differ; anything above is a failure.
differs_ok() { "$@" || [[ $? -eq 1 ]]; }

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
	"$(git --version), wdiff $([[ $have_wdiff == 1 ]] && wdiff --version | head -1 | awk '{ print $NF }' || echo absent)"

for size in $sizes; do
	a=$out/diff-${size}M-a.md
	b=$out/diff-${size}M-b.md
	c=$out/diff-${size}M-c.md
	"$build/gen_plan" --seed "$seed" --bytes "${size}M" >"$a"
	"$build/gen_edit" --seed "$seed" <"$a" >"$b"
	"$build/gen_plan" --seed "$((seed + 1))" --bytes "${size}M" >"$c"
	steps="read text git plan unrelated"
	[[ $have_wdiff == 1 ]] && steps="read text git wdiff plan unrelated"
	t() { echo "$out/times-diff-${size}M-$1"; }
	for step in $steps phases; do : >"$(t "$step")"; done

	for ((run = 1; run <= runs; run++)); do
		"$measure" "$(t read)" cat "$a" "$b" >/dev/null
		differs_ok "$measure" "$(t text)" "$parley" diff --files "$a" "$b" --text --format json \
			>"$out/diff-${size}M-text.json"
		differs_ok "$measure" "$(t git)" git diff --no-index --word-diff=porcelain "$a" "$b" \
			>/dev/null
		if [[ $have_wdiff == 1 ]]; then
			differs_ok "$measure" "$(t wdiff)" wdiff "$a" "$b" >/dev/null
		fi
		differs_ok "$measure" "$(t plan)" "$parley" diff --files "$a" "$b" --format json >/dev/null
		differs_ok "$measure" "$(t unrelated)" "$parley" diff --files "$a" "$c" --text --format json \
			>"$out/diff-${size}M-unrelated.json"
		"$build/diff_phases" "$a" "$b" >>"$(t phases)"
	done

	bytes=$(($(stat -c %s "$a") + $(stat -c %s "$b")))
	echo
	printf '%s MB pair (seed %s): A %d bytes, B %d bytes; %d runs\n' "$size" "$seed" \
		"$(stat -c %s "$a")" "$(stat -c %s "$b")" "$runs"
	git_s=$(median "$(t git)")
	printf '| %-40s | %9s | %9s | %12s | %9s |\n' step "median s" "git / it" "peak RSS MiB" \
		"RSS/A+B"
	printf '|%s|%s|%s|%s|%s|\n' ------------------------------------------ -----------: \
		-----------: --------------: -----------:
	for step in $steps; do
		case $step in
		read) label="cat A B (read both)" ;;
		text) label="parley diff --text --format json" ;;
		git) label="git diff --no-index --word-diff=porcelain" ;;
		wdiff) label="wdiff" ;;
		plan) label="parley diff --format json (plan)" ;;
		unrelated) label="parley diff --text, unrelated A C" ;;
		esac
		s=$(median "$(t "$step")")
		kib=$(peak "$(t "$step")")
		awk -v l="$label" -v s="$s" -v g="$git_s" -v k="$kib" -v b="$bytes" \
			'BEGIN { printf "| %-40s | %9.4f | %9.2f | %12.1f | %9.2f |\n",
				l, s, g / s, k / 1024, k * 1024 / b }'
	done

	read -r _ runs_text del ins cdel cins < <("$check" "$a" "$b" "$out/diff-${size}M-text.json")
	read -r _ runs_unrel udel uins _ _ < <("$check" "$a" "$c" "$out/diff-${size}M-unrelated.json")
	gnu_chunks=$(diff <(tr -s '[:space:]' '\n' <"$a") <(tr -s '[:space:]' '\n' <"$b") |
		grep -c '^[<>]' || true)
	gnu_tokens=$(diff <("$check" --tokens "$a") <("$check" --tokens "$b") |
		grep -c '^[<>]' || true)
	echo "valid redlines: A->B $runs_text edits; unrelated A->C $runs_unrel edits" \
		"($udel words deleted, $uins inserted)"
	echo "script length, whitespace words: parley touches $((cdel + cins)) ($cdel deleted," \
		"$cins inserted), GNU diff minimal $gnu_chunks"
	echo "script length, parley tokens:    parley $((del + ins)) ($del deleted, $ins inserted)," \
		"GNU diff minimal $gnu_tokens"
	phase() { awk -v c="$1" '{ print $c }' "$(t phases)" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
	echo "text diff phases in one process (median ms): read $(phase 1), NUL check $(phase 2)," \
		"diff $(phase 3), JSON $(phase 4)"
	awk -v t="$(median "$(t text)")" -v g="$git_s" -v p="$(median "$(t plan)")" \
		-v u="$(median "$(t unrelated)")" -v k="$(peak "$(t text)")" -v b="$bytes" \
		-v size="$size" -v pt="$((del + ins))" -v gt="$gnu_tokens" 'BEGIN {
		goal = size >= 10 ? 4 : 2
		printf "goals (%s MB): git / text = %.2f (goal >= %d: %s); ", size, g / t, goal,
			(g / t >= goal ? "met" : "MISSED")
		printf "git / plan = %.2f (goal >= 1: %s); ", g / p, (g / p >= 1 ? "met" : "MISSED")
		printf "text peak RSS / (A+B) = %.2f (goal < 8: %s); ", k * 1024 / b,
			(k * 1024 / b < 8 ? "met" : "MISSED")
		printf "tokens %d vs GNU %d (goal <=: %s); unrelated %.3f s\n", pt, gt,
			(pt <= gt ? "met" : "MISSED"), u }'
done
