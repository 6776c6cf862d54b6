#!/usr/bin/env bash
# pg.sh — the two stores side by side (issue 15): SQLite against
# PostgreSQL, every configuration measured in the same run, alternated run
# by run, the median and range of each and of the ratios (rule 5).
#
# usage: bench/pg.sh [PART...]   PART: serve, commit, plans, young, trips, fresh, show, read,
#                                log
#                                (default: serve show read log)
#
#   serve  signed changes per second through parley serve (prepare -> sign
#          -> commit, tests/serve_client --load): one server on SQLite, one
#          on PostgreSQL, three on PostgreSQL (the client groups spread over
#          them). CLIENTS clients (default 48) in six groups, the same in
#          each configuration, SECONDS_PER_RUN seconds a run (default 5),
#          ROUNDS rounds (default 9); each round runs the three in a
#          rotated order. Goal: 3xPG / 1xSQLite > 1. BEFORE=DIR (a Release
#          build of another commit, schema-compatible) adds a fourth
#          configuration to each round: three servers on PostgreSQL of
#          DIR/parley. Also the machine's CPU time per change (every
#          process: clients, servers, PostgreSQL), from /proc/stat, split
#          into PostgreSQL's processes, the servers' and the rest (from
#          /proc/PID/stat), and the share of the cores left idle.
#   commit an upper bound for serve's goal (not part of the default): what
#          committing alone records per second, the changes prepared and
#          signed AHEAD seconds (default 20) before the run's SECONDS_PER_RUN
#          (serve_client --load-signed), as if preparing cost nothing: one
#          server on SQLite, one and three on PostgreSQL, beside one server
#          on SQLite doing the whole prepare -> sign -> commit as in serve;
#          ROUNDS rounds, the four in a rotated order. If three servers on
#          PostgreSQL committing alone do not pass the whole loop on SQLite,
#          no change to preparing can meet serve's goal on this machine.
#   plans  how the statements that read the events table are planned under
#          three servers committing alone (not part of the default): one
#          run as in commit, every plan logged by PostgreSQL's auto_explain
#          (PGOPTIONS, session_preload_libraries), on a young record just
#          copied into a new database; prints how often each statement ran
#          and how often its plan scanned the whole table. BEFORE=DIR does
#          the same with DIR's build, on a copy of its own.
#   young  BEFORE=DIR required (not part of the default): three servers
#          committing alone, as in commit, each run on the young record just
#          copied into a new database, this build and DIR's alternated for
#          PAIRS pairs (default 9).
#   fresh  three servers on PostgreSQL at once after `parley copy` has moved
#          a grown record there, as after moving a negotiation to
#          PostgreSQL (not part of the default). The serve part's record
#          is grown on SQLite by the same load to FRESH_EVENTS events
#          (default 30000); each run copies it into a new database and
#          starts three servers on it for SECONDS_PER_RUN seconds. With
#          BEFORE=DIR, DIR's build does the same (its own copy, its own
#          servers), the two alternated for FRESH_PAIRS pairs (default 9).
#   trips  the round trips one signed change costs: one client through one
#          server on PostgreSQL for SECONDS_PER_RUN seconds, the server's
#          sends to PostgreSQL counted by strace (not part of the default).
#   show   `parley show DOC --format json` of the 28-point plan and of a
#          plan of POINTS points (default 5000, bench/gen_points.sh), on
#          SQLite and on the same negotiation copied to PostgreSQL (parley
#          copy); PAIRS pairs (default 9), the order swapped pair by pair.
#          A run is REPEAT invocations (default 10 for the small plan, 1
#          for the large one). Checks that both print the same bytes.
#          Goal: PG / SQLite <= 1.5 (wall time).
#   read   the same reads through one `parley serve` on each store, as
#          several servers on PostgreSQL would answer them: GET
#          /api/docs/DOC/show (the latest version: an answer no server
#          caches, read from the store each time) by wrk, -t2 -c8,
#          SECONDS_PER_RUN per run (default 5), PAIRS pairs (default 9) alternating the
#          stores; each request signed beforehand (serve_client
#          --sign-many) and the server started afresh for each run. Checks
#          that both answer the same bytes. Goal: PG / SQLite <= 1.5 in time
#          per request (SQLite's requests/s over PostgreSQL's).
#   log    `parley verify` and `parley rebuild` of a log of EVENTS events
#          (default 1000000) built on SQLite by bench/verify_rate.c
#          (--mode build), copied to PostgreSQL by parley copy (timed once),
#          then LOG_PAIRS pairs (default 9) alternating the stores
#          (LOG_PAIRS=0: the build and the copy only).
#
# Everything runs on CORES (default 0,1) through taskset. PostgreSQL is a
# throwaway server (scripts/pg-scratch, a Unix socket in a mktemp
# directory, fsync on), stopped and removed at the end. The parley tree is a
# Release build in build-bench-pg/ ($BUILD), with the tests' serve_client.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$root/build-bench-pg}
if [[ ! -f $build/build.ninja ]]; then
	cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=ON >/dev/null
fi
ninja -C "$build" parley_cli parley_pg_module serve_client verify_rate >/dev/null
parley=$build/parley
client=$build/tests/serve_client
scratch=$root/scripts/pg-scratch
cores=${CORES:-0,1}
parts=${*:-serve show read log}

work=$(mktemp -d /tmp/pgbench.XXXXXX)
pgdir=$work/pg
# serve_run runs in a command substitution: its servers' ids are kept in
# a file, for the script's trap.
cleanup() {
	local pids=()
	if [[ -f $work/server.pids ]]; then
		read -ra pids <"$work/server.pids" || true
		kill "${pids[@]}" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	"$scratch" stop "$pgdir" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
"$scratch" start "$pgdir" >/dev/null
pgdb() { "$scratch" createdb "$pgdir" "$1"; }
unset PARLEY_AS PARLEY_CLOCK PARLEY_DB PARLEY_KEYS

# stats: the median and range of the numbers on stdin, "M (range A-B)".
stats() {
	sort -g | awk '{v[NR] = $1} END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4g (range %.4g-%.4g, n=%d)", m, v[1], v[NR], NR }'
}
# ratio FILE COLUMN_A COLUMN_B: column A / column B of each line.
ratio() { awk -v a="$2" -v b="$3" '{ printf "%.6f\n", $a / $b }' "$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# at_most_1_5 LABEL FILE A B: LABEL, the stats of column A / column B of
# FILE, and whether their median meets the goal of 1.5 at most.
at_most_1_5() {
	local goal
	goal=$(ratio "$2" "$3" "$4" | stats)
	echo "  $1: $goal  goal <= 1.5: $(awk -v m="${goal%% *}" 'BEGIN {print (m <= 1.5 ? "met" : "MISSED")}')"
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "PostgreSQL: $("$scratch" sql "postgresql:///postgres?host=$pgdir&user=parley" 'SHOW server_version')," \
	"commit $(git -C "$root" rev-parse --short HEAD), cores $cores"

# --- serve ---------------------------------------------------------------

# server_url OUT ERR: the address a `parley serve` writing to OUT says it
# listens on, waited for; the script stops, with ERR, if it never does.
server_url() {
	local url=
	for _ in $(seq 1 200); do
		url=$(sed -n 's/^parley serve: listening on //p' "$1" 2>/dev/null | head -1)
		[[ -n $url ]] && break
		sleep 0.05
	done
	[[ -n $url ]] || { echo "pg.sh: a server did not start: $(cat "$2")" >&2; exit 1; }
	echo "$url"
}

# One negotiation as bench/serve_write.sh makes it, on SQLite, copied to
# PostgreSQL: the same keys serve both.
serve_setup() {
	[[ -n ${serve_pg:-} ]] && return
	export PARLEY_KEYS=$work/serve-keys
	local db=$work/serve.db
	"$parley" init --db "$db" --convenor witkoff --party US --party-name "United States" >/dev/null
	"$parley" party add RU Russia --db "$db" --as witkoff >/dev/null
	"$parley" party add UA Ukraine --db "$db" --as witkoff >/dev/null
	"$parley" delegate add dmitriev --party RU --role lead --make-key --db "$db" --as witkoff >/dev/null
	"$parley" delegate add umerov --party UA --role lead --make-key --db "$db" --as witkoff >/dev/null
	"$parley" import "$root/examples/plan-us-28.md" --doc framework --db "$db" --as witkoff >/dev/null
	serve_pg=$(pgdb serve)
	"$parley" copy --from "$db" --to "$serve_pg" >/dev/null
	serve_sqlite=$db
}

# serve_run NAME DB SERVERS [PARLEY [AHEAD]]: starts SERVERS servers (of
# PARLEY, default this build's) on DB, six groups of clients spread over
# them, prints the changes acknowledged per second / the CPU ms per change.
# AHEAD > 0: the clients prepare and sign for AHEAD seconds first
# (serve_client --load-signed), then only commit; the rate and the CPU are
# those of the committing alone.
serve_run() {
	local name=$1 db=$2 servers=$3 program=${4:-$parley} ahead=${5:-0} urls=() i server_pids=()
	for ((i = 0; i < servers; i++)); do
		taskset -c "$cores" "$program" serve --db "$db" --listen 127.0.0.1:0 \
			>"$work/serve$i.out" 2>"$work/serve$i.err" &
		server_pids+=($!)
	done
	echo "${server_pids[@]}" >"$work/server.pids"
	for ((i = 0; i < servers; i++)); do
		urls+=("$(server_url "$work/serve$i.out" "$work/serve$i.err")")
		[[ -n ${urls[i]} ]] || exit 1
	done
	rm -f "$work"/load.* "$work"/err.*
	local groups=6 per=$((clients / 6)) k=0 n pids=() who busy_before busy_after pg_before
	local servers_before start= load_args=()
	if ((ahead > 0)); then
		start=$(awk -v t="$(date +%s.%N)" -v a="$ahead" 'BEGIN {printf "%.3f", t + a}')
	fi
	sample_before() {
		pg_before=$(postgres_ticks)
		servers_before=$(for p in "${server_pids[@]}"; do pid_ticks "$p"; done)
		busy_before=$(busy_ticks)
	}
	[[ -n $start ]] || sample_before
	for who in witkoff dmitriev umerov witkoff dmitriev umerov; do
		n=$per
		((k == groups - 1)) && n=$((clients - (groups - 1) * per))
		load_args=(--load "$n" "$seconds")
		[[ -z $start ]] ||
			load_args=(--load-signed "$n" "$start" "$(awk -v t="$start" -v s="$seconds" 'BEGIN {printf "%.3f", t + s}')")
		taskset -c "$cores" "$client" "${load_args[@]}" "${urls[k % servers]}" \
			"$(ls "$PARLEY_KEYS"/*/$who.key)" "$who" framework@1 $((k + 1)) \
			>"$work/load.$k" 2>"$work/err.$k" &
		pids+=($!)
		k=$((k + 1))
	done
	if [[ -n $start ]]; then
		sleep "$(awk -v t="$start" -v now="$(date +%s.%N)" 'BEGIN {d = t - now; printf "%.3f", (d > 0 ? d : 0)}')"
		sample_before
	fi
	wait "${pids[@]}"
	busy_after=$(busy_ticks)
	# PostgreSQL's share and the servers' (not their start, which verifies
	# the record), read before the servers and their backends end.
	local pg_ticks server_ticks
	pg_ticks=$(ticks_since "$pg_before" "$(postgres_ticks)")
	server_ticks=$(ticks_since "$servers_before" "$(for p in "${server_pids[@]}"; do pid_ticks "$p"; done)")
	for p in "${server_pids[@]}"; do kill "$p"; done
	for p in "${server_pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -f "$work/server.pids"
	local acknowledged refused
	acknowledged=$(cat "$work"/load.* | wc -l)
	refused=$(grep -ho '[0-9]* refused' "$work"/err.* | awk '{s += $1} END {print s + 0}')
	if ((ahead > 0)); then
		# Changes signed ahead, and clients that had none left before the
		# end: the rate of a run where some ran out is too low.
		grep -ho '[0-9]* signed ahead; [0-9]*' "$work"/err.* |
			awk '{s += $1; r += $4} END {printf "  (%d signed ahead, %d clients ran out)\n", s, r}' >&2
	fi
	# The machine's CPU time per acknowledged change (every process:
	# clients, servers, PostgreSQL's backends), and the share of the two
	# cores left idle.
	local cpu
	cpu=$(awk -v b="${busy_before% *}" -v a="${busy_after% *}" -v n="$acknowledged" \
		-v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", n ? (a - b) * 1000 / hz / n : 0}')
	echo "  $name: $acknowledged acknowledged, $refused refused, $cpu ms of CPU each" \
		"($(awk -v p="$pg_ticks" -v s="$server_ticks" -v n="$acknowledged" -v c="$cpu" \
			-v hz="$(getconf CLK_TCK)" 'BEGIN {
				if (!n) exit
				pg = p * 1000 / hz / n; sv = s * 1000 / hz / n
				printf "PostgreSQL %.2f, servers %.2f, clients and the rest %.2f", pg, sv, c - pg - sv }'))," \
		"$(awk -v b="${busy_before#* }" -v a="${busy_after#* }" -v bb="${busy_before% *}" \
			-v ab="${busy_after% *}" 'BEGIN {printf "%.0f", 100 * (a - b) / (a - b + ab - bb)}')% idle" >&2
	awk -v a="$acknowledged" -v s="$seconds" -v c="$cpu" 'BEGIN {printf "%.1f/%s", a / s, c}'
}

# pid_ticks PID: "PID TICKS", the CPU clock ticks (user + system, all
# threads) PID has used so far; nothing once it has ended.
pid_ticks() { awk -v p="$1" '{sub(/^.*\) /, ""); print p, $12 + $13}' "/proc/$1/stat" 2>/dev/null || true; }
# postgres_ticks: pid_ticks of the scratch server and each of its processes.
postgres_ticks() {
	local main p
	main=$(head -1 "$pgdir/data/postmaster.pid")
	for p in "$main" $(pgrep -P "$main"); do pid_ticks "$p"; done
}
# ticks_since BEFORE AFTER: the ticks used between two postgres_ticks (a
# process started since counts whole; one ended since is not counted).
ticks_since() {
	awk 'NR == FNR {before[$1] = $2; next} {s += $2 - ($1 in before ? before[$1] : 0)}
		END {print s + 0}' <(echo "$1") <(echo "$2")
}
# busy_ticks: "BUSY IDLE" clock ticks of all CPUs so far (/proc/stat).
busy_ticks() {
	awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}

# record_round: a round's rates and CPU figures (the caller's r, "RATE/CPU"
# each) as a line of the caller's $results and of its $cpu_results.
record_round() {
	echo "${r[0]%/*} ${r[1]%/*} ${r[2]%/*} ${r[3]%/*}" >>"$results"
	echo "${r[0]#*/} ${r[1]#*/} ${r[2]#*/} ${r[3]#*/}" >>"$cpu_results"
}
verify_both() {
	"$parley" verify --db "$serve_sqlite" --as witkoff >/dev/null
	"$parley" verify --db "$serve_pg" --as witkoff >/dev/null
	echo "both stores verify after the load; load after: $(load)"
}

part_serve() {
	rounds=${ROUNDS:-9}
	seconds=${SECONDS_PER_RUN:-5}
	clients=${CLIENTS:-48}
	echo
	echo "== serve: $clients clients in six groups, ${seconds}s a run, $rounds rounds; load before: $(load)"
	serve_setup
	local results=$work/serve.results cpu_results=$work/serve.cpu
	local names=(sqlite1 pg1 pg3 pg3-before) r=() k j configs=3
	[[ -n ${BEFORE:-} ]] && configs=4
	: >"$results"
	: >"$cpu_results"
	for ((round = 1; round <= rounds; round++)); do
		r=(0 0 0 0)
		for ((j = 0; j < configs; j++)); do
			k=$(((j + round - 1) % configs))
			case $k in
			0) r[0]=$(serve_run "1 server on SQLite" "$serve_sqlite" 1) ;;
			1) r[1]=$(serve_run "1 server on PostgreSQL" "$serve_pg" 1) ;;
			2) r[2]=$(serve_run "3 servers on PostgreSQL" "$serve_pg" 3) ;;
			3) r[3]=$(serve_run "3 servers on PostgreSQL, $BEFORE" "$serve_pg" 3 "$BEFORE/parley") ;;
			esac
		done
		record_round
		echo "round $round (first: ${names[(round - 1) % configs]}): changes/s 1xSQLite ${r[0]%/*}," \
			"1xPG ${r[1]%/*}, 3xPG ${r[2]%/*}${BEFORE:+, 3xPG before ${r[3]%/*}}"
	done
	verify_both
	echo "changes/s, 1 server on SQLite:      $(cut -d' ' -f1 "$results" | stats)"
	echo "changes/s, 1 server on PostgreSQL:  $(cut -d' ' -f2 "$results" | stats)"
	echo "changes/s, 3 servers on PostgreSQL: $(cut -d' ' -f3 "$results" | stats)"
	echo "CPU ms per change, 1xSQLite:        $(cut -d' ' -f1 "$cpu_results" | stats)"
	echo "CPU ms per change, 1xPG:            $(cut -d' ' -f2 "$cpu_results" | stats)"
	echo "CPU ms per change, 3xPG:            $(cut -d' ' -f3 "$cpu_results" | stats)"
	echo "ratio 1xPG / 1xSQLite:              $(ratio "$results" 2 1 | stats)"
	if [[ -n ${BEFORE:-} ]]; then
		echo "changes/s, 3 servers on PostgreSQL, before: $(cut -d' ' -f4 "$results" | stats)"
		echo "CPU ms per change, 3xPG before:     $(cut -d' ' -f4 "$cpu_results" | stats)"
		echo "ratio 3xPG / 3xPG before:           $(ratio "$results" 3 4 | stats)"
	fi
	local goal
	goal=$(ratio "$results" 3 1 | stats)
	echo "ratio 3xPG / 1xSQLite:              $goal  goal > 1: $(awk -v m="${goal%% *}" 'BEGIN {print (m > 1 ? "met" : "MISSED")}')"
}

# --- commit --------------------------------------------------------------

part_commit() {
	rounds=${ROUNDS:-9}
	seconds=${SECONDS_PER_RUN:-5}
	clients=${CLIENTS:-48}
	local ahead=${AHEAD:-20}
	echo
	echo "== commit: committing alone, the changes prepared and signed ${ahead}s ahead;" \
		"$clients clients in six groups, ${seconds}s a run, $rounds rounds; load before: $(load)"
	serve_setup
	local results=$work/commit.results cpu_results=$work/commit.cpu r=() k j
	local names=("1xSQLite, whole" "1xSQLite, committing" "1xPG, committing" "3xPG, committing")
	: >"$results"
	: >"$cpu_results"
	for ((round = 1; round <= rounds; round++)); do
		r=(0 0 0 0)
		for ((j = 0; j < 4; j++)); do
			k=$(((j + round - 1) % 4))
			case $k in
			0) r[0]=$(serve_run "1 server on SQLite, prepare -> sign -> commit" "$serve_sqlite" 1) ;;
			1) r[1]=$(serve_run "1 server on SQLite, committing alone" "$serve_sqlite" 1 "$parley" "$ahead") ;;
			2) r[2]=$(serve_run "1 server on PostgreSQL, committing alone" "$serve_pg" 1 "$parley" "$ahead") ;;
			3) r[3]=$(serve_run "3 servers on PostgreSQL, committing alone" "$serve_pg" 3 "$parley" "$ahead") ;;
			esac
		done
		record_round
		echo "round $round (first: ${names[(round - 1) % 4]}): changes/s 1xSQLite whole ${r[0]%/*}," \
			"committing alone: 1xSQLite ${r[1]%/*}, 1xPG ${r[2]%/*}, 3xPG ${r[3]%/*}"
	done
	verify_both
	echo "changes/s, 1xSQLite, prepare -> sign -> commit: $(cut -d' ' -f1 "$results" | stats)"
	echo "changes/s committing alone, 1xSQLite:           $(cut -d' ' -f2 "$results" | stats)"
	echo "changes/s committing alone, 1xPG:               $(cut -d' ' -f3 "$results" | stats)"
	echo "changes/s committing alone, 3xPG:               $(cut -d' ' -f4 "$results" | stats)"
	echo "CPU ms per change, the same four:               $(cut -d' ' -f1 "$cpu_results" | stats);" \
		"$(cut -d' ' -f2 "$cpu_results" | stats); $(cut -d' ' -f3 "$cpu_results" | stats);" \
		"$(cut -d' ' -f4 "$cpu_results" | stats)"
	echo "ratio 3xPG / 1xSQLite, both committing alone: $(ratio "$results" 4 2 | stats)"
	echo "ratio 3xPG / 1xPG, both committing alone:     $(ratio "$results" 4 3 | stats)"
	local bound
	bound=$(ratio "$results" 4 1 | stats)
	echo "ratio 3xPG committing alone / 1xSQLite whole:   $bound" \
		"(above 1: a write path that prepares for nothing could meet serve's goal;" \
		"$(awk -v m="${bound%% *}" 'BEGIN {print (m > 1 ? "it could" : "it could NOT")}'))"
}

# --- plans ---------------------------------------------------------------

# plans_run NAME PARLEY DATABASE: the serve part's young record copied by
# PARLEY into a new database named DATABASE (parley copy, which ends with ANALYZE), then one run
# of three servers of PARLEY committing alone on it (as in commit), every
# statement's plan logged by auto_explain; prints, for the statements that
# read the events table, how often each ran and how often its plan
# scanned the whole table.
plans_run() {
	local mark db
	db=$(pgdb "$3")
	"$2" copy --from "$serve_sqlite" --to "$db" >/dev/null
	mark=$(wc -l <"$pgdir/server.log")
	PGOPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0" \
		serve_run "3 servers on PostgreSQL, committing alone, $1" "$db" 3 "$2" "${AHEAD:-20}" >/dev/null
	echo "  $1: runs, of which with a sequential scan of events, by statement:"
	tail -n +"$((mark + 1))" "$pgdir/server.log" | awk '
		/Query Text:/ { q = $0; sub(/.*Query Text: /, "", q); q = substr(q, 1, 90); runs[q]++; scanned = 0; next }
		/LOG:/ { q = "" }
		/Seq Scan on events / && q != "" && !scanned { seq[q]++; scanned = 1 }
		END { for (q in runs) if (q ~ /events/) printf "%8d %8d  %s\n", runs[q], seq[q], q }' |
		sort -k2,2nr -k1,1nr | head -8
}

part_young() {
	[[ -n ${BEFORE:-} ]] || { echo "pg.sh young: give BEFORE=DIR, the build to compare with" >&2; exit 2; }
	local pairs=${PAIRS:-9} f=$work/young.results pair a b
	seconds=${SECONDS_PER_RUN:-5}
	clients=${CLIENTS:-48}
	echo
	echo "== young: three servers committing alone on a young record just copied, this build" \
		"and $BEFORE alternated, $pairs pairs; load before: $(load)"
	serve_setup
	: >"$f"
	run_a() { fresh_run "this build, a young record" "$parley" "$serve_sqlite" "young_a$1" "${AHEAD:-20}"; }
	run_b() { fresh_run "$BEFORE, a young record" "$BEFORE/parley" "$serve_sqlite" "young_b$1" "${AHEAD:-20}"; }
	for ((pair = 1; pair <= pairs; pair++)); do
		take_turns "$pair"
		echo "${a%% *} ${b%% *}" >>"$f"
		echo "pair $pair: changes/s this build ${a%% *}, $BEFORE ${b%% *}"
	done
	echo "changes/s, this build: $(cut -d' ' -f1 "$f" | stats)"
	echo "changes/s, $BEFORE: $(cut -d' ' -f2 "$f" | stats)"
	echo "ratio this build / $BEFORE: $(ratio "$f" 1 2 | stats); load after: $(load)"
}

part_plans() {
	seconds=${SECONDS_PER_RUN:-5}
	clients=${CLIENTS:-48}
	echo
	echo "== plans: how three servers committing alone read the events table (auto_explain)"
	serve_setup
	plans_run "this build" "$parley" plans_this
	[[ -z ${BEFORE:-} ]] || plans_run "$BEFORE" "$BEFORE/parley" plans_before
}

# --- fresh ---------------------------------------------------------------

# take_turns PAIR: the caller's run_a and run_b, for pair PAIR, the first
# first in odd pairs, the second in even ones; their outputs in a and b.
take_turns() {
	if (($1 % 2)); then
		a=$(run_a "$1")
		b=$(run_b "$1")
	else
		b=$(run_b "$1")
		a=$(run_a "$1")
	fi
}

# fresh_run NAME PARLEY DB TARGET [AHEAD]: DB copied by PARLEY into a new
# PostgreSQL database named TARGET, then three servers of PARLEY on it at
# once (AHEAD > 0: committing alone, as in serve_run); prints
# "CHANGES_PER_S COPY_S".
fresh_run() {
	local name=$1 program=$2 db=$3 pg start end rate
	pg=$(pgdb "$4")
	start=$(date +%s.%N)
	"$program" copy --from "$db" --to "$pg" >/dev/null
	end=$(date +%s.%N)
	rate=$(serve_run "$name" "$pg" 3 "$program" "${5:-0}")
	echo "${rate%/*} $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')"
}

part_fresh() {
	local events=${FRESH_EVENTS:-30000} pairs=${FRESH_PAIRS:-9} db=$work/fresh.db n
	seconds=${SECONDS_PER_RUN:-5}
	clients=${CLIENTS:-48}
	echo
	echo "== fresh: 3 servers on PostgreSQL just after parley copy of $events events;" \
		"$clients clients, ${seconds}s a run, $pairs pairs; load before: $(load)"
	serve_setup
	sqlite3 "$serve_sqlite" ".backup '$db'"
	while n=$(sqlite3 "$db" 'SELECT count(*) FROM events') && ((n < events)); do
		serve_run "growing the record on SQLite" "$db" 1 >/dev/null 2>&1
	done
	echo "  the record: $n events"
	local f=$work/fresh.results pair a b
	: >"$f"
	run_a() { fresh_run "3 servers, just copied" "$parley" "$db" "fresh$1"; }
	run_b() { fresh_run "3 servers, just copied, $BEFORE" "$BEFORE/parley" "$db" "before$1"; }
	for ((pair = 1; pair <= pairs; pair++)); do
		if [[ -z ${BEFORE:-} ]]; then
			a=$(run_a "$pair")
			b="$a"
		else
			take_turns "$pair"
		fi
		echo "$a $b" >>"$f"
	done
	echo "  changes/s, 3 servers just after the copy: $(cut -d' ' -f1 "$f" | stats)"
	echo "  copy s:                                   $(cut -d' ' -f2 "$f" | stats)"
	if [[ -n ${BEFORE:-} ]]; then
		echo "  changes/s, the same of $BEFORE: $(cut -d' ' -f3 "$f" | stats)"
		echo "  copy s, $BEFORE:                $(cut -d' ' -f4 "$f" | stats)"
		echo "  ratio changes/s, this build / $BEFORE: $(ratio "$f" 1 3 | stats)"
	fi
	echo "load after: $(load)"
}

# --- show ----------------------------------------------------------------

# timed REPEAT COMMAND...: "WALL CPU" seconds per invocation (bash's time:
# real, and user + system of the children; a PostgreSQL backend's own CPU
# is not in the second).
timed() {
	local repeat=$1 TIMEFORMAT='%R %U %S'
	shift
	{ time for ((t = 0; t < repeat; t++)); do
		taskset -c "$cores" "$@" >/dev/null 2>"$work/timed.err" || { echo FAILED; break; }
	done; } 2>&1 |
		awk -v n="$repeat" '/FAILED/ { exit 1 } { printf "%.6f %.6f\n", $1 / n, ($2 + $3) / n }' ||
		{ echo "pg.sh: $* failed: $(cat "$work/timed.err")" >&2; return 1; }
}

part_show() {
	local pairs=${PAIRS:-9} points=${POINTS:-5000}
	echo
	echo "== show --format json: $pairs pairs; load before: $(load)"
	export PARLEY_KEYS=$work/show-keys
	local db=$work/show.db
	"$parley" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
	"$parley" import --db "$db" "$root/examples/plan-us-28.md" --doc framework --as un >/dev/null
	"$root/bench/gen_points.sh" "$points" >"$work/plan.md"
	"$parley" import --db "$db" "$work/plan.md" --doc big --as un >/dev/null
	local pg
	pg=$(pgdb show)
	"$parley" copy --from "$db" --to "$pg" >/dev/null
	local doc repeat pair a b
	for doc in framework big; do
		"$parley" show --db "$db" "$doc" --format json --as un >"$work/a.json"
		"$parley" show --db "$pg" "$doc" --format json --as un >"$work/b.json"
		cmp -s "$work/a.json" "$work/b.json" ||
			{ echo "pg.sh: show $doc differs between the stores" >&2; exit 1; }
		repeat=${REPEAT:-$([[ $doc == framework ]] && echo 10 || echo 1)}
		echo "$doc: $(stat -c %s "$work/a.json") bytes of JSON, the same on both stores; $repeat invocations a run"
		: >"$work/show.$doc"
		for ((pair = 1; pair <= pairs; pair++)); do
			if ((pair % 2)); then
				a=$(timed "$repeat" "$parley" show --db "$db" "$doc" --format json --as un)
				b=$(timed "$repeat" "$parley" show --db "$pg" "$doc" --format json --as un)
			else
				b=$(timed "$repeat" "$parley" show --db "$pg" "$doc" --format json --as un)
				a=$(timed "$repeat" "$parley" show --db "$db" "$doc" --format json --as un)
			fi
			echo "$a $b" >>"$work/show.$doc"
			printf '  pair %d: SQLite %.2f ms (CPU %.2f), PostgreSQL %.2f ms (CPU %.2f)\n' "$pair" \
				"$(echo "$a" | awk '{print $1 * 1000}')" "$(echo "$a" | awk '{print $2 * 1000}')" \
				"$(echo "$b" | awk '{print $1 * 1000}')" "$(echo "$b" | awk '{print $2 * 1000}')"
		done
		echo "  $doc wall ms, SQLite:     $(awk '{print $1 * 1000}' "$work/show.$doc" | stats)"
		echo "  $doc wall ms, PostgreSQL: $(awk '{print $3 * 1000}' "$work/show.$doc" | stats)"
		echo "  $doc CPU ms of parley, SQLite: $(awk '{print $2 * 1000}' "$work/show.$doc" | stats), PostgreSQL: $(awk '{print $4 * 1000}' "$work/show.$doc" | stats)"
		at_most_1_5 "$doc PG / SQLite (wall)" "$work/show.$doc" 3 1
	done
	echo "load after: $(load)"
}

# --- read ----------------------------------------------------------------

# read_server DB: starts one server on DB (its id in server.pids, for the
# trap); read_url is its address. read_stop stops it.
read_server() {
	taskset -c "$cores" "$parley" serve --db "$1" --listen 127.0.0.1:0 --window 3600 \
		>"$work/read.out" 2>"$work/read.err" &
	echo $! >"$work/server.pids"
	read_url=$(server_url "$work/read.out" "$work/read.err")
}
read_stop() {
	kill "$(cat "$work/server.pids")"
	wait "$(cat "$work/server.pids")" 2>/dev/null || true
	rm -f "$work/server.pids"
}

# read_run DB DOC: one run of wrk against a fresh server on DB; prints
# "REQUESTS_PER_SECOND NON_2XX".
read_run() {
	local db=$1 doc=$2 out
	read_server "$db"
	out=$(THREADS=2 SIGNED=$work/read.signed.$doc PATH_Q=/api/docs/$doc/show taskset -c "$cores" \
		wrk -t2 -c8 -d"${seconds}s" -s "$root/bench/serve_get.lua" "$read_url" 2>&1)
	read_stop
	echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

part_read() {
	local pairs=${PAIRS:-9} points=${POINTS:-5000}
	seconds=${SECONDS_PER_RUN:-5}
	echo
	echo "== read through parley serve: GET /api/docs/DOC/show, wrk -t2 -c8, ${seconds}s a run, $pairs pairs; load before: $(load)"
	export PARLEY_KEYS=$work/read-keys
	local db=$work/read.db pg key doc pair a b
	"$parley" init --db "$db" --convenor un --party UN --party-name "United Nations" >/dev/null
	"$parley" import --db "$db" "$root/examples/plan-us-28.md" --doc framework --as un >/dev/null
	"$root/bench/gen_points.sh" "$points" >"$work/read-plan.md"
	"$parley" import --db "$db" "$work/read-plan.md" --doc big --as un >/dev/null
	pg=$(pgdb read)
	"$parley" copy --from "$db" --to "$pg" >/dev/null
	key=$(ls "$PARLEY_KEYS"/*/un.key)
	for doc in framework big; do
		# The same bytes from both, then enough signatures for the fastest run.
		for store in "$db" "$pg"; do
			read_server "$store"
			"$client" --key "$key" GET "$read_url/api/docs/$doc/show" | tail -n +2 >"$work/read.$doc.$([[ $store == "$db" ]] && echo a || echo b)"
			read_stop
		done
		cmp -s "$work/read.$doc.a" "$work/read.$doc.b" && [[ -s $work/read.$doc.a ]] ||
			{ echo "pg.sh: GET $doc differs between the stores" >&2; exit 1; }
		"$client" --sign-many "${SIGNATURES:-150000}" "$key" GET "$read_url/api/docs/$doc/show" >"$work/read.signed.$doc"
		echo "$doc: $(stat -c %s "$work/read.$doc.a") bytes, the same from both stores"
		: >"$work/read.$doc"
		for ((pair = 1; pair <= pairs; pair++)); do
			if ((pair % 2)); then
				a=$(read_run "$db" "$doc")
				b=$(read_run "$pg" "$doc")
			else
				b=$(read_run "$pg" "$doc")
				a=$(read_run "$db" "$doc")
			fi
			echo "$a $b" >>"$work/read.$doc"
			echo "  pair $pair: requests/s SQLite ${a% *}, PostgreSQL ${b% *} (non-2xx ${a#* }, ${b#* })"
		done
		echo "  $doc requests/s, SQLite:     $(cut -d' ' -f1 "$work/read.$doc" | stats)"
		echo "  $doc requests/s, PostgreSQL: $(cut -d' ' -f3 "$work/read.$doc" | stats)"
		echo "  $doc non-2xx answers in all runs: $(awk '{s += $2 + $4} END {print s + 0}' "$work/read.$doc")"
		at_most_1_5 "$doc PG / SQLite (time per request)" "$work/read.$doc" 1 3
	done
	echo "load after: $(load)"
}

# --- log -----------------------------------------------------------------

part_log() {
	local events=${EVENTS:-1000000} pairs=${LOG_PAIRS:-9}
	echo
	echo "== verify and rebuild of $events events: $pairs pairs; load before: $(load)"
	local start end
	start=$(date +%s.%N)
	"$build/verify_rate" --events "$events" --mode build --batch 1000 --dir "$work" | sed 's/^/  /'
	local db=$work/verify-rate.db pg
	export PARLEY_KEYS=$work/verify-rate-keys
	pg=$(pgdb log)
	start=$(date +%s.%N)
	"$parley" copy --from "$db" --to "$pg" | sed 's/^/  /'
	end=$(date +%s.%N)
	echo "  parley copy SQLite -> PostgreSQL: $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s; size on PostgreSQL $("$scratch" sql "$pg" 'SELECT pg_size_pretty(pg_database_size(current_database()))'), SQLite $(du -h "$db" | cut -f1)"
	local pair v1 v2 r1 r2
	: >"$work/log.results"
	for ((pair = 1; pair <= pairs; pair++)); do
		if ((pair % 2)); then
			v1=$(timed 1 "$parley" verify --db "$db" --as a1)
			v2=$(timed 1 "$parley" verify --db "$pg" --as a1)
			r1=$(timed 1 "$parley" rebuild --db "$db" --as a1)
			r2=$(timed 1 "$parley" rebuild --db "$pg" --as a1)
		else
			v2=$(timed 1 "$parley" verify --db "$pg" --as a1)
			v1=$(timed 1 "$parley" verify --db "$db" --as a1)
			r2=$(timed 1 "$parley" rebuild --db "$pg" --as a1)
			r1=$(timed 1 "$parley" rebuild --db "$db" --as a1)
		fi
		echo "$v1 $v2 $r1 $r2" >>"$work/log.results"
		echo "  pair $pair: verify SQLite ${v1% *} s, PG ${v2% *} s; rebuild SQLite ${r1% *} s, PG ${r2% *} s (wall)"
	done
	local f=$work/log.results
	if ((pairs == 0)); then
		echo "load after: $(load)"
		return
	fi
	echo "  verify wall s, SQLite:      $(cut -d' ' -f1 "$f" | stats) (CPU $(cut -d' ' -f2 "$f" | stats))"
	echo "  verify wall s, PostgreSQL:  $(cut -d' ' -f3 "$f" | stats) (CPU $(cut -d' ' -f4 "$f" | stats))"
	echo "  verify PG / SQLite (wall):  $(ratio "$f" 3 1 | stats)"
	echo "  rebuild wall s, SQLite:     $(cut -d' ' -f5 "$f" | stats) (CPU $(cut -d' ' -f6 "$f" | stats))"
	echo "  rebuild wall s, PostgreSQL: $(cut -d' ' -f7 "$f" | stats) (CPU $(cut -d' ' -f8 "$f" | stats))"
	echo "  rebuild PG / SQLite (wall): $(ratio "$f" 7 5 | stats)"
	echo "load after: $(load)"
}

# --- trips ----------------------------------------------------------------

# One client through one server on PostgreSQL for SECONDS_PER_RUN seconds,
# the server watched by strace: every message it sends PostgreSQL (a send
# on a Unix socket; clients come over TCP) begins a round trip. Prints the
# sends per acknowledged change: a count, not a time, the same from run to
# run up to the watcher's looks at the last event id (after each NOTIFY,
# or every 100 ms) that fall in a run.
part_trips() {
	echo
	echo "== trips: sends to PostgreSQL per signed change, one client through one server"
	if ! command -v strace >/dev/null; then
		echo "  strace is not installed: skipped"
		return
	fi
	serve_setup
	local url pid tracer changes sends
	taskset -c "$cores" "$parley" serve --db "$serve_pg" --listen 127.0.0.1:0 \
		>"$work/trips.out" 2>"$work/trips.err" &
	pid=$!
	echo "$pid" >"$work/server.pids"
	url=$(server_url "$work/trips.out" "$work/trips.err")
	strace -f -qq -yy -e trace=sendto -o "$work/trips.strace" -p "$pid" &
	tracer=$!
	sleep 1
	"$client" --load 1 "${SECONDS_PER_RUN:-5}" "$url" "$(ls "$PARLEY_KEYS"/*/witkoff.key)" \
		witkoff framework@1 1 >"$work/trips.load" 2>/dev/null
	kill "$tracer" "$pid"
	wait "$tracer" "$pid" 2>/dev/null || true
	rm -f "$work/server.pids"
	changes=$(wc -l <"$work/trips.load")
	sends=$(grep -c 'UNIX-STREAM' "$work/trips.strace" || true)
	echo "  $changes changes acknowledged, $sends sends to PostgreSQL:" \
		"$(awk -v s="$sends" -v c="$changes" 'BEGIN {printf "%.1f", c ? s / c : 0}') a change"
}

for part in $parts; do
	case $part in
	serve) part_serve ;;
	commit) part_commit ;;
	plans) part_plans ;;
	young) part_young ;;
	trips) part_trips ;;
	show) part_show ;;
	read) part_read ;;
	log) part_log ;;
	fresh) part_fresh ;;
	*)
		echo "usage: bench/pg.sh [serve] [commit] [plans] [young] [trips] [fresh] [show] [read] [log]" >&2
		exit 2
		;;
	esac
done
