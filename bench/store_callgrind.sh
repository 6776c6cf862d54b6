#!/usr/bin/env bash
# store_callgrind.sh BASELINE_PARLEY DB KEYS — instructions (valgrind
# callgrind, Ir) that `parley verify` and `parley show framework --format
# json` execute on a copy of DB: BASELINE_PARLEY (a Release build of the
# commit before a change), then this checkout's Release build (build-bench/,
# or $BUILD), and the ratio. Instruction counts do not depend on how busy
# the machine is, which timings on a shared machine do; the two outputs are
# compared too (they must be byte for byte the same).
# DB and KEYS: the demo's (PARLEY_DEMO_DIR=DIR examples/demo.sh makes
# DIR/negotiation.db and DIR/keys).
set -euo pipefail
baseline=${1:?usage: store_callgrind.sh BASELINE_PARLEY DB KEYS}
db=${2:?usage: store_callgrind.sh BASELINE_PARLEY DB KEYS}
keys=${3:?usage: store_callgrind.sh BASELINE_PARLEY DB KEYS}
. "$(dirname "$0")/lib.sh" parley
command -v valgrind >/dev/null || { echo "store_callgrind: valgrind is needed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# instructions BINARY NAME ARGS...: prints Ir; the output goes to $work/NAME.
instructions() {
	local bin=$1 name=$2
	shift 2
	cp "$db" "$work/copy.db"
	rm -f "$work/copy.db-wal" "$work/copy.db-shm"
	PARLEY_DB=$work/copy.db PARLEY_KEYS=$keys valgrind --tool=callgrind \
		--callgrind-out-file="$work/cg.out" "$bin" "$@" >"$work/$name" 2>/dev/null
	awk '/^(summary|totals):/ { print $2; exit }' "$work/cg.out"
}

printf '%-30s %14s %14s %8s\n' command baseline parley ratio
for cmd in "verify" "show framework --format json"; do
	# shellcheck disable=SC2086 # cmd is split into arguments on purpose
	before=$(instructions "$baseline" before $cmd)
	# shellcheck disable=SC2086
	after=$(instructions "$build/parley" after $cmd)
	cmp -s "$work/before" "$work/after" || { echo "store_callgrind: '$cmd' printed something else" >&2; exit 1; }
	printf '%-30s %14s %14s %8s\n' "$cmd" "$before" "$after" \
		"$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.5f", a / b }')"
done
