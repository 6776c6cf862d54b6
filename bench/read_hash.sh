#!/usr/bin/env bash
# read_hash.sh — what checking every text against its hash costs a read
# (issue 11).
#
# usage: bench/read_hash.sh          (PAIRS=9 SEED=42 SIZE=40M by default)
#
# Builds two Release trees: build-bench/ (as every benchmark) and
# build-bench-nocheck/, the same code compiled with
# -DPARLEY_BENCH_NO_READ_CHECK, which skips the hash check of the texts a
# version's rows resolve (store.c; no other build uses the switch). First
# makes sure the switch does what it says: on a small plan with one text
# altered, the checked build refuses to show it and the other prints it.
# Then generates a seeded plan of SIZE bytes (40M: about 100,000 points),
# imports it, and runs `parley show --format json` of it PAIRS times with
# each build, alternating which goes first, after one warm-up run of each.
# Prints every pair, the median and range of the checked/unchecked ratio,
# and the bytes of text the check hashes per read.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli gen_plan measure
pairs=${PAIRS:-9}
seed=${SEED:-42}
size=${SIZE:-40M}

nocheck=$root/build-bench-nocheck
if [[ ! -f $nocheck/build.ninja ]]; then
	cmake -S "$root" -B "$nocheck" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF \
		-DCMAKE_C_FLAGS=-DPARLEY_BENCH_NO_READ_CHECK >/dev/null
fi
ninja -C "$nocheck" parley_cli >/dev/null
checked=$build/parley
unchecked=$nocheck/parley

fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

# The switch works: a text altered under its hash is refused by one build
# and printed by the other.
small=$out/read-hash-small.db
fresh "$small"
"$build/gen_plan" --seed "$seed" --bytes 20K >"$out/read-hash-small.md"
"$checked" init --db "$small" >/dev/null
"$checked" import --db "$small" "$out/read-hash-small.md" --doc bench >/dev/null
sqlite3 "$small" "DROP TRIGGER blobs_no_update;
	UPDATE blobs SET body = body || '!' WHERE hash = (SELECT text FROM version_points LIMIT 1)"
if "$checked" show --db "$small" bench --format json >/dev/null 2>&1 ||
	! "$unchecked" show --db "$small" bench --format json >/dev/null 2>&1; then
	echo "read_hash.sh: the two builds do not differ in the check" >&2
	exit 1
fi
fresh "$small"

plan=$out/read-hash-$size.md
db=$out/read-hash-$size.db
"$build/gen_plan" --seed "$seed" --bytes "$size" >"$plan"
fresh "$db"
"$checked" init --db "$db" >/dev/null
"$checked" import --db "$db" "$plan" --doc bench >/dev/null
points=$(sqlite3 "$db" "SELECT count(*) FROM version_points")
hashed=$(sqlite3 "$db" "SELECT sum(length(CAST(b.body AS BLOB))) FROM blobs b
	WHERE b.hash IN (SELECT text FROM version_points UNION ALL SELECT text FROM version_items
	UNION ALL SELECT heading FROM version_parts UNION ALL SELECT intro FROM version_parts)")

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'plan: %s bytes (seed %s), %d points; the check hashes %d bytes of text per read\n' \
	"$(stat -c %s "$plan")" "$seed" "$points" "$hashed"

times=$out/read-hash-times
: >"$times.check"
: >"$times.nocheck"
show() { "$build/measure" "$1" "$2" show --db "$db" bench --format json >/dev/null; }
show /dev/null "$checked"
show /dev/null "$unchecked"
for ((pair = 1; pair <= pairs; pair++)); do
	if ((pair % 2)); then
		show "$times.check" "$checked"
		show "$times.nocheck" "$unchecked"
	else
		show "$times.nocheck" "$unchecked"
		show "$times.check" "$checked"
	fi
done

echo
echo "| pair | checked s | unchecked s | ratio |"
echo "|---:|---:|---:|---:|"
paste -d' ' "$times.check" "$times.nocheck" | awk '{
	printf "| %d | %.4f | %.4f | %.3f |\n", NR, $1, $4, $1 / $4 }'
paste -d' ' "$times.check" "$times.nocheck" | awk '{ print $1 / $4, $1, $4 }' | sort -n |
	awk -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
	{ r[NR] = $1; c[NR] = $2; u[NR] = $3 }
	END {
		m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
		printf "\nchecked / unchecked, median of %d pairs: %.3f (range %.3f-%.3f)\n",
			NR, m, r[1], r[NR]
		print "load average after: " load }'
fresh "$db"
