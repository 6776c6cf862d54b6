#!/usr/bin/env bash
# serve_get.sh — GET of the 28-point plan's JSON from parley serve against
# nginx serving the same bytes as a static file: wrk, 64 connections, both
# servers (and wrk) on the same cores (taskset), alternated run by run.
# Prints requests/s and p99 latency per run, then the medians with their
# range and the ratio, and each server's peak memory (VmHWM).
#
# usage: bench/serve_get.sh [PAIRS (default 9)] [SECONDS per run (default 5)]
# Every parley request is signed (RFC 9421) with a fresh nonce: the
# signatures are made beforehand (serve_client --sign-many) and each is
# replayed once; the server runs with --window 3600 so that they stay good
# for the whole benchmark, and is restarted for each run (an empty nonce
# cache: the same signatures serve every run).
set -euo pipefail
pairs=${1:-9}
seconds=${2:-5}
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
nginx_pid=
parley_pid=
cleanup() {
	[[ -n $parley_pid ]] && kill "$parley_pid" 2>/dev/null && wait "$parley_pid" 2>/dev/null
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export PARLEY_DB=$work/bench.db PARLEY_KEYS=$work/keys
unset PARLEY_AS PARLEY_CLOCK
"$parley" init --convenor witkoff --party US --party-name "United States" >/dev/null
"$parley" import "$root/examples/plan-us-28.md" --doc framework --as witkoff >/dev/null
key=$(ls "$PARLEY_KEYS"/*/witkoff.key)
path=/api/docs/framework@1/show

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_parley() {
	taskset -c "$cores" "$parley" serve --listen 127.0.0.1:0 --window 3600 \
		--access-log "$work/access.log" >"$work/serve.out" 2>"$work/serve.err" &
	parley_pid=$!
	for _ in $(seq 1 100); do
		grep -q listening "$work/serve.out" 2>/dev/null && break
		sleep 0.05
	done
	parley_url=$(sed -n 's/^parley serve: listening on //p' "$work/serve.out")
}
stop_parley() {
	parley_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$parley_pid/status")
	kill "$parley_pid"
	wait "$parley_pid" 2>/dev/null || true
	parley_pid=
}

# The bytes nginx serves: exactly parley's answer.
start_parley
"$client" --key "$key" GET "$parley_url$path" | tail -n +2 >"$work/plan.json"
mkdir -p "$work/www/api/docs/framework@1"
chmod -R a+rX "$work/www" && chmod a+x "$work" # nginx's workers run as nobody
cp "$work/plan.json" "$work/www/api/docs/framework@1/show"
echo "the answer: $(wc -c <"$work/plan.json") bytes" >&2
# Enough signatures for the fastest run we expect (60,000 requests/s).
count=$((60000 * seconds + 20000))
echo "signing $count requests ..." >&2
"$client" --sign-many "$count" "$key" GET "$parley_url$path" >"$work/signed.txt"
stop_parley

nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	server {
		listen 127.0.0.1:$nginx_port;
		location / { root $work/www; default_type application/json; }
	}
}
CONF
taskset -c "$cores" nginx -c "$work/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
sleep 0.5
cmp <(curl -s "http://127.0.0.1:$nginx_port$path") "$work/plan.json" || { echo "nginx serves other bytes" >&2; exit 1; }

# run NAME URL [SIGNED]: one wrk run; prints "rps p99_ms non2xx".
run() {
	local url=$1 signed=${2:-}
	local out
	out=$(THREADS=2 SIGNED=$signed PATH_Q=$path taskset -c "$cores" wrk -t2 -c64 -d"${seconds}s" \
		--latency -s "$root/bench/serve_get.lua" "$url" 2>&1)
	local rps p99 non2xx
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	case $p99 in
	*us) p99=$(awk -v v="${p99%us}" 'BEGIN {printf "%.3f", v / 1000}') ;;
	*ms) p99=${p99%ms} ;;
	*s) p99=$(awk -v v="${p99%s}" 'BEGIN {printf "%.1f", v * 1000}') ;;
	esac
	echo "$rps $p99 ${non2xx:-0}"
}

: >"$work/parley.runs"
: >"$work/nginx.runs"
for i in $(seq 1 "$pairs"); do
	start_parley
	r=$(run "$parley_url" "$work/signed.txt")
	stop_parley
	echo "$r $parley_hwm" >>"$work/parley.runs"
	n=$(run "http://127.0.0.1:$nginx_port")
	echo "$n" >>"$work/nginx.runs"
	echo "pair $i: parley $r (VmHWM $parley_hwm kB) | nginx $n" >&2
done
nginx_hwm=$(for p in $(pgrep -P "$nginx_pid") "$nginx_pid"; do awk '/VmHWM/ {print $2}' "/proc/$p/status"; done | paste -sd+ | bc)

median() { sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s (range %s-%s)", m, v[1], v[NR]}'; }
echo
echo "GET $path ($(wc -c <"$work/plan.json") bytes), wrk -t2 -c64 -d${seconds}s, $pairs pairs, cores $cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "parley requests/s: $(cut -d' ' -f1 "$work/parley.runs" | median)"
echo "nginx  requests/s: $(cut -d' ' -f1 "$work/nginx.runs" | median)"
echo "parley p99 ms:     $(cut -d' ' -f2 "$work/parley.runs" | median)"
echo "nginx  p99 ms:     $(cut -d' ' -f2 "$work/nginx.runs" | median)"
echo "parley non-2xx:    $(cut -d' ' -f3 "$work/parley.runs" | paste -sd+ | bc) in all runs"
echo "ratio parley/nginx (medians): $(awk -v a="$(cut -d' ' -f1 "$work/parley.runs" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')" -v b="$(cut -d' ' -f1 "$work/nginx.runs" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')" 'BEGIN {printf "%.2f", a / b}')"
echo "peak memory: parley $(cut -d' ' -f4 "$work/parley.runs" | sort -n | tail -1) kB, nginx (master + workers) $nginx_hwm kB"
