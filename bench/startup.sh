#!/usr/bin/env bash
# startup.sh — what a short command costs: `parley docs` on the demo
# negotiation, run 50 times in a row, against the sqlite3 shell reading
# the same database 50 times in a row (a program that opens the same
# SQLite file and prints a few rows: the floor of a command on this
# machine), alternated pair by pair, cheaper one first in every other
# pair. With BEFORE=DIR, DIR/parley (another build, e.g. one that linked
# the server and the client into the command) is run in the same pairs.
# Also prints, once, the instructions of one `parley --version` and one
# `parley docs` (valgrind --tool=callgrind, dynamic loading included) and
# the shared objects each loads.
#
# usage: [BEFORE=DIR] [PAIRS=9] bench/startup.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh" parley_cli
pairs=${PAIRS:-9}
reps=50
work=$out/startup
rm -rf "$work"
mkdir -p "$work"
PARLEY_DEMO_DIR=$work/demo bash "$root/examples/demo.sh" "$build/parley" >/dev/null 2>&1
db=$work/demo/negotiation.db
export PARLEY_KEYS=$work/demo/keys PARLEY_DB=$db
unset PARLEY_SERVER PARLEY_AS PARLEY_KEY
binaries=("$build/parley")
names=(this)
if [[ -n ${BEFORE:-} ]]; then
	binaries+=("$BEFORE/parley")
	names+=(before)
fi
echo "machine: $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# cpu COMMAND...: user + system CPU seconds of reps runs of COMMAND.
cpu() {
	local TIMEFORMAT='%U %S'
	{ time for ((i = 0; i < reps; i++)); do "$@" >/dev/null 2>&1; done; } 2>&1 |
		awk '{ printf "%.4f\n", $1 + $2 }'
}
results=$work/results.txt
: >"$results"
for ((pair = 1; pair <= pairs; pair++)); do
	line="pair $pair"
	runs=()
	for b in "${!binaries[@]}"; do runs+=("$b"); done
	if ((pair % 2)); then
		s=$(cpu sqlite3 "$db" 'SELECT name FROM documents ORDER BY name')
	fi
	for b in "${runs[@]}"; do
		t=$(cpu "${binaries[$b]}" docs --as witkoff)
		line+=" ${names[$b]} $t"
	done
	if ! ((pair % 2)); then
		s=$(cpu sqlite3 "$db" 'SELECT name FROM documents ORDER BY name')
	fi
	line+=" sqlite3 $s"
	echo "$line" | tee -a "$results"
done
for name in "${names[@]}"; do
	awk -v n="$name" -v reps="$reps" '
	  { for (i = 3; i <= NF; i += 2) if ($i == n) { t[NR] = $(i + 1); r[NR] = $(i + 1) / $NF } }
	  END {
	    m = asort(t); asort(r)
	    printf "%s: parley docs %.2f ms of CPU a run (median of %d pairs; range %.2f-%.2f); / sqlite3 %.2f (range %.2f-%.2f)\n",
	      n, 1000 * t[int((m + 1) / 2)] / reps, m, 1000 * t[1] / reps, 1000 * t[m] / reps, r[int((m + 1) / 2)], r[1], r[m]
	  }' "$results"
done
awk -v reps="$reps" '{ s[NR] = $NF } END { m = asort(s); printf "sqlite3: %.2f ms of CPU a run (median)\n", 1000 * s[int((m + 1) / 2)] / reps }' "$results"
if command -v valgrind >/dev/null; then
	for b in "${!binaries[@]}"; do
		for args in "--version" "docs --as witkoff"; do
			# shellcheck disable=SC2086
			n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "${binaries[$b]}" $args 2>&1 >/dev/null |
				awk '/Collected/ { print $4 }')
			echo "${names[$b]}: parley $args: $n instructions"
		done
		# shellcheck disable=SC2086
		libs=$(LD_DEBUG=files "${binaries[$b]}" docs --as witkoff 2>&1 >/dev/null | grep -c 'generating link map' || true)
		echo "${names[$b]}: shared objects loaded by parley docs: $libs"
	done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
