# Faults under load, on a PostgreSQL server of this test's own (it is
# restarted): two 'parley serve' processes and sixteen clients appending
# to one track while
#   - one server is killed with kill -9 in the middle of its appends,
#   - PostgreSQL stops at once (as a crash) and starts again,
#   - every connection to PostgreSQL is dropped (pg_terminate_backend),
#   - a command-line import is killed with kill -9 half-way.
# Clients see a clear, retryable answer (503 "... try again", or no
# answer from the killed server); every acknowledged change is in the
# log; no fork; verify and rebuild hold; the surviving server serves on.
. "$(dirname "$0")/../server/lib.sh" "$@"
[ -n "${PARLEY_TEST_PG:-}" ] || { echo "PARLEY_TEST_PG is not set (run through ctest)" >&2; exit 1; }
PG="$ROOT/scripts/pg-scratch"
# A server of its own, outside $WORK (which its user may not enter).
PGDIR=$(mktemp -d /tmp/parley-faults-XXXXXX)
"$PG" start "$PGDIR" >/dev/null || { bad "a PostgreSQL of the test's own did not start"; finish; exit; }
export PARLEY_DB=$("$PG" createdb "$PGDIR" faults)
PIDS=()
cleanup() { kill -9 "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; "$PG" stop "$PGDIR"; rm -rf "$WORK"; }
trap cleanup EXIT

setup_story || { bad "setup"; finish; exit; }
URLS=()
for i in 1 2; do
  "$PARLEY" serve --listen 127.0.0.1:0 --threads 4 >"serve$i.out" 2>"serve$i.err" &
  PIDS+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 100); do
    grep -q 'listening on' "serve$i.out" 2>/dev/null && break
    sleep 0.1
  done
  URLS+=("$(sed -n 's/^parley serve: listening on //p' "serve$i.out" | head -1)")
done
[ -n "${URLS[1]}" ] && ok || { bad "two servers did not start: $(cat serve*.err)"; finish; exit; }

i=0
for who in witkoff dmitriev umerov witkoff; do
  key="KEY_$who"
  "$CLIENT" --load 4 14 "${URLS[$((i % 2))]}" "${!key}" "$who" europe@1 $((i + 1)) \
    >"load.$i" 2>"err.$i" &
  load_pids="${load_pids:-} $!"
  i=$((i + 1))
done
sleep 3
LABEL="kill -9 of a server mid-append"
kill -9 "${PIDS[0]}" && ok || bad "$LABEL"
sleep 2
LABEL="PostgreSQL stops at once and starts again"
"$PG" restart "$PGDIR" && ok || bad "$LABEL"
sleep 3
LABEL="every connection dropped"
"$PG" sql "$("$PG" createdb "$PGDIR" other)" \
  "SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity WHERE datname = 'faults'" | grep -qx t &&
  ok || bad "$LABEL"
wait $load_pids

cat load.* >acknowledged
n=$(wc -l <acknowledged)
echo "$n changes acknowledged under faults: $(tail -qn1 err.* | tr '\n' ' ')"
LABEL="changes were acknowledged after the faults"
after=$(tail -qn1 load.1 load.3 | wc -l)
[ "$n" -gt 16 ] && [ "$after" -gt 0 ] && ok || bad "$LABEL: $n in all"
LABEL="refusals say what happened and that it passes"
# The killed server's clients saw no answer (status 0); the survivor's saw
# 503 with the store's words; none saw a 500.
grep -h '^serve_client: ' err.* | grep -v ' committed, ' >refusals || true
! grep -Eq '^serve_client: (500|[0-9]+ 500) ' refusals && ok ||
  bad "$LABEL: $(grep -E ' 500 ' refusals | head -2); the servers said: $(grep -hv '^parley serve: listening' serve*.err serve*.out | sort | uniq -c | sort -rn | head -5)"
grep -q '503' refusals && grep -q 'try again' refusals && ok ||
  bad "$LABEL: no 503 with 'try again' among $(wc -l <refusals) refusals: $(head -c 400 refusals)"

check_acknowledged

LABEL="a command-line import killed half-way leaves nothing"
python3 - "$ROOT/examples/plan-us-28.md" >big.md <<'PY'
import sys
text = open(sys.argv[1]).read()
print("# A long plan\n")
for i in range(1, 3001):
    print(f"{i}. Point {i} of a long plan, whose words repeat the framework's {i * 7} times.\n")
PY
before=$(PARLEY_AS=witkoff p log head plenary 2>&1)
PARLEY_AS=witkoff "$PARLEY" import big.md --doc big >/dev/null 2>&1 &
importer=$!
sleep 0.8
kill -9 $importer 2>/dev/null
wait $importer 2>/dev/null
after=$(PARLEY_AS=witkoff p log head plenary 2>&1)
if PARLEY_AS=witkoff p versions big >/dev/null 2>&1; then
  echo "(the import had finished before it was killed)"
  ok
else
  [ "$before" = "$after" ] && ok || bad "$LABEL: the head moved without a version: $before / $after"
fi

LABEL="verify"; PARLEY_AS=witkoff p verify >out 2>&1 && ok || bad "$LABEL: $(cat out)"
LABEL="rebuild"; PARLEY_AS=witkoff p rebuild >out 2>&1 && grep -q 'identical' out && ok || bad "$LABEL: $(cat out)"
LABEL="the surviving server serves on"
"$CLIENT" --load 1 1 "${URLS[1]}" "$KEY_umerov" umerov europe@1 2 >last 2>last.err
[ -s last ] && ok || bad "$LABEL: $(cat last.err)"
finish
