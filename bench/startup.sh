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
	# the builds take turns going first too
	if ! ((pair % 2)) && ((${#runs[@]} > 1)); then runs=("${runs[1]}" "${runs[0]}"); fi
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
python3 - "$results" "$reps" "${names[@]}" <<'PY'
import statistics, sys
path, reps, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = [line.split() for line in open(path)]
def run(row, name):
    return float(row[row.index(name) + 1])
for name in names:
    t = [run(r, name) for r in rows]
    q = [run(r, name) / run(r, "sqlite3") for r in rows]
    print(f"{name}: parley docs {1000 * statistics.median(t) / reps:.2f} ms of CPU a run (median of {len(t)} pairs; range {1000 * min(t) / reps:.2f}-{1000 * max(t) / reps:.2f}); / sqlite3 {statistics.median(q):.2f} (range {min(q):.2f}-{max(q):.2f})")
if "before" in names:
    q = [run(r, "before") / run(r, "this") for r in rows]
    print(f"before / this, pair by pair: {statistics.median(q):.2f} (range {min(q):.2f}-{max(q):.2f})")
s = [run(r, "sqlite3") for r in rows]
print(f"sqlite3: {1000 * statistics.median(s) / reps:.2f} ms of CPU a run (median)")
PY
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
