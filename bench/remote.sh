#!/usr/bin/env bash
# remote.sh — what a command costs through 'parley --server' against the
# same command on the database file: the wall time of one whole command
# line (process start, key, signature, request, answer), local and remote
# run by run in turn, PAIRS pairs (default 9), median and range of each.
#
# usage: bench/remote.sh [PAIRS]
# Commands: a read (show framework@1 --format json, the 28-point plan)
# and a change (position ... undecided, prepare -> sign -> commit, which
# records an event each time). The story of examples/demo.sh is the
# database, with one fixed clock; the server is 'parley serve' on
# loopback with its default thread pool.
set -euo pipefail
. "$(dirname "$0")/lib.sh" parley_cli
pairs=${1:-9}
parley=$build/parley
work=$(mktemp -d)
server_pid=
cleanup() {
	[[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export PARLEY_CLOCK=2025-11-20T12:00:00Z NO_COLOR=1
PARLEY_DEMO_DIR=$work bash "$root/examples/demo.sh" "$parley" >/dev/null 2>&1
export PARLEY_DB=$work/negotiation.db PARLEY_KEYS=$work/keys
"$parley" serve --listen 127.0.0.1:0 --access-log /dev/null >"$work/serve.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 1 100); do [[ -s $work/serve.out ]] && break; sleep 0.1; done
url=$(head -n 1 "$work/serve.out" | grep -Eo 'https?://[^ ]+')

# ns of one run of "$@", its output thrown away (it must succeed).
run_ns() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null
	end=$(date +%s%N)
	echo $((end - start))
}

# median and range, in ms, of the numbers on standard input.
summary() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %.2f ms (range %.2f-%.2f)", m / 1e6, v[1] / 1e6, v[NR] / 1e6 }'
}

measure() {
	local name=$1
	shift
	: >"$work/local" && : >"$work/remote"
	for ((i = 0; i < pairs; i++)); do
		run_ns "$parley" "$@" >>"$work/local"
		run_ns "$parley" --server "$url" "$@" >>"$work/remote"
	done
	printf '%-8s local  %s\n' "$name" "$(summary <"$work/local")"
	printf '%-8s remote %s\n' "$name" "$(summary <"$work/remote")"
}

echo "parley --server against the local command, $pairs pairs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure show show framework@1 --format json --as umerov
measure position position framework@1 6 undecided --as umerov
