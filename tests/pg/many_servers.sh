# Three 'parley serve' processes on one PostgreSQL database, 64 clients
# appending to one track through them for 30 seconds (prepare -> sign ->
# commit): every acknowledged change is in the log with the hash it was
# acknowledged with, no sequence number is given twice (no fork), verify
# and rebuild hold; and a change made through one server reaches another
# server's event stream.
. "$(dirname "$0")/../server/lib.sh" "$@"
[ -n "${PARLEY_TEST_PG:-}" ] || { echo "PARLEY_TEST_PG is not set (run through ctest)" >&2; exit 1; }
SECONDS_OF_LOAD=${PARLEY_LOAD_SECONDS:-30}

setup_story || { bad "setup"; finish; exit; }
PIDS=()
URLS=()
for i in 1 2 3; do
  "$PARLEY" serve --listen 127.0.0.1:0 --threads 4 >"serve$i.out" 2>"serve$i.err" &
  PIDS+=($!)
done
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for i in 1 2 3; do
  for _ in $(seq 1 100); do
    grep -q 'listening on' "serve$i.out" 2>/dev/null && break
    sleep 0.1
  done
  URLS+=("$(sed -n 's/^parley serve: listening on //p' "serve$i.out" | head -1)")
done
[ -n "${URLS[2]}" ] && ok || { bad "three servers did not start: $(cat serve*.err)"; finish; exit; }

LABEL="a change through one server reaches the stream of another at once"
"$CLIENT" --key "$KEY_umerov" --max-time 4 GET "${URLS[2]}/api/events" >live.sse 2>live.err &
stream=$!
sleep 1.5
"$CLIENT" --load 1 0.2 "${URLS[0]}" "$KEY_umerov" umerov europe@1 1 >first 2>/dev/null
wait $stream
grep -q '"kind":"position' live.sse && ok || bad "$LABEL: $(head -c 300 live.sse) $(cat live.err)"

# 64 clients: eight groups of eight threads, the groups spread over the
# three servers, delegates of three parties.
i=0
for who in witkoff dmitriev umerov witkoff dmitriev umerov witkoff dmitriev; do
  key="KEY_$who"
  "$CLIENT" --load 8 "$SECONDS_OF_LOAD" "${URLS[$((i % 3))]}" "${!key}" "$who" europe@1 $((i + 1)) \
    >"load.$i" 2>"err.$i" &
  load_pids="${load_pids:-} $!"
  i=$((i + 1))
done
wait $load_pids
cat load.* first >acknowledged
LABEL="changes acknowledged"
n=$(wc -l <acknowledged)
[ "$n" -gt 64 ] && ok || bad "$LABEL: only $n: $(tail -qn2 err.*)"
echo "$n changes acknowledged through three servers in ${SECONDS_OF_LOAD}s: $(tail -qn1 err.* | tr '\n' ' ')"
check_acknowledged
LABEL="verify"; PARLEY_AS=witkoff p verify >out 2>&1 && ok || bad "$LABEL: $(cat out)"
LABEL="rebuild"; PARLEY_AS=witkoff p rebuild >out 2>&1 && grep -q 'identical' out && ok || bad "$LABEL: $(cat out)"
LABEL="no server failed a request"
! grep -h '"status":5' serve*.out >/dev/null 2>&1 && ok || bad "$LABEL"
finish
