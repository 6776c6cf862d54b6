#!/usr/bin/env bash
# import.sh — the import/export benchmark of issue 2.
#
# usage: bench/import.sh            (RUNS=5 SEED=42 SIZES="1 10" by default)
#
# Builds a Release tree in build-bench/ (if needed), generates seeded plans
# of SIZES megabytes in bench/out/, and for each measures, RUNS times,
# interleaved: reading the file (bench/readfile.c), the baseline (the sqlite3
# shell bulk-inserting the same rows from a prepared SQL file, written by
# bench/gen_sql.c, into a freshly initialised parley database), `parley
# init`, `parley import`, and `parley show` in each format. Wall time and
# peak RSS come from bench/measure.c (fork, exec, wait4). Prints medians of
# the time, the largest peak RSS, and the ratios the issue sets goals for:
# import of 10 MB within 5x the sqlite3 baseline, peak memory under 10x the
# input size. Files are read from the page cache (each was just written).
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli gen_plan gen_sql measure readfile
runs=${RUNS:-5}
seed=${SEED:-42}
sizes=${SIZES:-"1 10"}
formats="md json html text"

command -v sqlite3 >/dev/null || { echo "import.sh: needs the sqlite3 shell" >&2; exit 1; }

parley=$build/parley
measure=$build/measure

# The rows of a database, in a form two databases can be compared by; the
# event's time and hash and the version's time are left out (gen_sql fixes
# them), everything else must be equal.
rows_digest() {
	sqlite3 "$1" "SELECT hex(hash), body FROM blobs ORDER BY hash;
		SELECT * FROM version_parts ORDER BY ord;
		SELECT doc, number, ord, point_id, label, part, hex(text) FROM version_points ORDER BY ord;
		SELECT * FROM version_items ORDER BY point_ord, ord;
		SELECT track, seq, kind, actor, payload FROM events WHERE kind = 'document.version';
		SELECT doc, number, event, source, hex(title), hex(preamble), point_count FROM versions;
		SELECT * FROM documents;" | md5sum
}

fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

# median FILE: the median of the first column.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# peak FILE: the largest peak RSS (KiB, second column).
peak() { awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$1"; }

# Every database is founded the same way: the convenor "un" of the UN,
# its key made afresh in a keys folder of its own.
keys=$out/import-keys
export PARLEY_KEYS=$keys
found() {
	rm -rf "$keys"
	"$@" init --db "$db_to_found" --convenor un --party UN --party-name "United Nations"
}

empty=$out/empty.db
fresh "$empty"
db_to_found=$empty found "$parley" >/dev/null

for size in $sizes; do
	plan=$out/plan-${size}M.md
	sql=$out/rows-${size}M.sql
	db=$out/parley-${size}M.db
	base=$out/sqlite-${size}M.db
	"$build/gen_plan" --seed "$seed" --bytes "${size}M" >"$plan"
	"$build/gen_sql" "$plan" --doc bench >"$sql"
	steps="read sqlite3 init import"
	for f in $formats; do steps+=" show-$f"; done
	for step in $steps; do : >"$out/times-${size}M-$step"; done
	t() { echo "$out/times-${size}M-$1"; }

	for ((run = 1; run <= runs; run++)); do
		"$measure" "$(t read)" "$build/readfile" "$plan" >/dev/null
		fresh "$base"
		cp "$empty" "$base"
		"$measure" "$(t sqlite3)" sqlite3 "$base" <"$sql" >/dev/null
		fresh "$db"
		db_to_found=$db found "$measure" "$(t init)" "$parley" >/dev/null
		"$measure" "$(t import)" "$parley" import --db "$db" "$plan" --doc bench --as un >/dev/null
		for f in $formats; do
			"$measure" "$(t show-$f)" "$parley" show --db "$db" bench --format "$f" --as un >/dev/null
		done
	done
	if [[ $(rows_digest "$db") != $(rows_digest "$base") ]]; then
		echo "import.sh: the baseline's rows differ from parley's for $plan" >&2
		exit 1
	fi

	bytes=$(stat -c %s "$plan")
	points=$(sqlite3 "$db" "SELECT count(*) FROM version_points")
	items=$(sqlite3 "$db" "SELECT count(*) FROM version_items")
	parts=$(sqlite3 "$db" "SELECT count(*) FROM version_parts")
	echo
	printf '%s MB plan (seed %s): %d bytes, %d parts, %d points, %d sub-items; SQL file %d bytes; %d runs\n' \
		"$size" "$seed" "$bytes" "$parts" "$points" "$items" "$(stat -c %s "$sql")" "$runs"
	read_s=$(median "$(t read)")
	sqlite_s=$(median "$(t sqlite3)")
	printf '| %-18s | %10s | %8s | %9s | %13s | %9s |\n' step "median s" "x read" "x sqlite3" \
		"peak RSS MiB" "RSS/input"
	printf '|%s|%s|%s|%s|%s|%s|\n' -------------------- -----------: ---------: \
		----------: --------------: ----------:
	for step in $steps; do
		label=$step
		case $step in
		read) label="read file" ;;
		sqlite3) label="sqlite3 baseline" ;;
		init) label="parley init" ;;
		import) label="parley import" ;;
		show-*) label="parley show ${step#show-}" ;;
		esac
		s=$(median "$(t "$step")")
		kib=$(peak "$(t "$step")")
		awk -v l="$label" -v s="$s" -v r="$read_s" -v q="$sqlite_s" -v k="$kib" -v b="$bytes" \
			'BEGIN { printf "| %-18s | %10.4f | %8.1f | %9.2f | %13.1f | %9.2f |\n",
				l, s, s / r, s / q, k / 1024, k * 1024 / b }'
	done
	import_s=$(median "$(t import)")
	import_kib=$(peak "$(t import)")
	show_kib=$(cat "$(t show-md)" "$(t show-json)" "$(t show-html)" "$(t show-text)" |
		awk '$2 > m { m = $2 } END { print m }')
	awk -v i="$import_s" -v q="$sqlite_s" -v k="$import_kib" -v w="$show_kib" -v b="$bytes" \
		-v size="$size" 'BEGIN {
		ratio = i / q; memory = k * 1024 / b; shown = w * 1024 / b
		printf "goals (%s MB): import / sqlite3 = %.2f (goal <= 5: %s); ", size, ratio,
			ratio <= 5 ? "met" : "MISSED"
		printf "peak RSS / input: import %.2f, show %.2f (goal < 10: %s)\n", memory, shown,
			memory < 10 && shown < 10 ? "met" : "MISSED" }'
done
