#!/usr/bin/env bash
# serve_write.sh — signed changes through parley serve: 32 concurrent
# clients, each in a loop of prepare (POST /api/positions), sign on the
# client's side, commit (POST /api/commit); counts the changes
# acknowledged per second. Each acknowledged change is durable: the writer
# commits groups of them in one transaction (WAL, synchronous=FULL) before
# answering. Runs RUNS times (restarting the server on the same database)
# and prints each run, the median and range, the largest group and the
# server's peak memory.
#
# usage: bench/serve_write.sh [RUNS (default 5)] [SECONDS (default 5)] [CLIENTS (default 32)]
set -euo pipefail
runs=${1:-5}
seconds=${2:-5}
clients=${3:-32}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$root/build-bench-serve}
if [[ ! -f $build/build.ninja ]]; then
	cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=ON >/dev/null
fi
ninja -C "$build" parley_cli serve_client >/dev/null
parley=$build/parley
client=$build/tests/serve_client
cores=${CORES:-0,1}
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
export PARLEY_DB=$work/bench.db PARLEY_KEYS=$work/keys
unset PARLEY_AS PARLEY_CLOCK
"$parley" init --convenor witkoff --party US --party-name "United States" >/dev/null
export PARLEY_AS=witkoff
"$parley" party add RU Russia >/dev/null
"$parley" party add UA Ukraine >/dev/null
"$parley" delegate add dmitriev --party RU --role lead --make-key >/dev/null
"$parley" delegate add umerov --party UA --role lead --make-key >/dev/null
"$parley" import "$root/examples/plan-us-28.md" --doc framework >/dev/null
unset PARLEY_AS
: >"$work/runs"
for i in $(seq 1 "$runs"); do
	taskset -c "$cores" "$parley" serve --listen 127.0.0.1:0 --access-log "$work/access.log" \
		>"$work/serve.out" 2>"$work/serve.err" &
	pid=$!
	for _ in $(seq 1 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
	url=$(sed -n 's/^parley serve: listening on //p' "$work/serve.out")
	# A third of the clients for each of three parties, on three points.
	per=$((clients / 3))
	k=0
	pids=
	for who in witkoff dmitriev umerov; do
		n=$per
		[[ $who == umerov ]] && n=$((clients - 2 * per))
		taskset -c "$cores" "$client" --load "$n" "$seconds" "$url" \
			"$(ls "$PARLEY_KEYS"/*/$who.key)" "$who" framework@1 $((k + 1)) \
			>"$work/load.$who" 2>"$work/err.$who" &
		pids="$pids $!"
		k=$((k + 1))
	done
	wait $pids
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	acknowledged=$(cat "$work"/load.* | wc -l)
	grep '"writer"' "$work/access.log" | tail -1 >&2
	refused=$(grep -ho '[0-9]* refused' "$work"/err.* | awk '{s += $1} END {print s}')
	rate=$(awk -v a="$acknowledged" -v s="$seconds" 'BEGIN {printf "%.0f", a / s}')
	echo "$rate $hwm $refused" >>"$work/runs"
	echo "run $i: $acknowledged changes acknowledged in ${seconds} s: $rate/s ($refused refused), VmHWM $hwm kB" >&2
done
PARLEY_AS=witkoff "$parley" verify >&2
median() { sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s (range %s-%s)", m, v[1], v[NR]}'; }
echo
echo "$clients clients, ${seconds}s per run, $runs runs, cores $cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "changes acknowledged per second: $(cut -d' ' -f1 "$work/runs" | median)"
echo "peak memory (VmHWM) of the server: $(cut -d' ' -f2 "$work/runs" | sort -n | tail -1) kB"
