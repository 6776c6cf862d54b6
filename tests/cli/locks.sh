# A read-only database and one locked by another process: a clear error,
# after waiting, and nothing changed.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null

# Locked: another process holds an exclusive lock for two seconds.
( printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n'; sleep 2; printf 'COMMIT;\n' ) | sqlite3 "$PARLEY_DB" >/dev/null &
holder=$!
sleep 0.5
start=$(date +%s%N)
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc us28 --wait 0.3 >out 2>err
status=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
[ $status = 1 ] && grep -q 'locked by another process (waited 300 ms)' err && ok || bad "locked: exit $status: $(cat err)"
[ "$elapsed" -ge 250 ] && ok || bad "locked: gave up after $elapsed ms without waiting"
wait $holder
# Once the lock is gone, waiting long enough succeeds.
( printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n'; sleep 1; printf 'COMMIT;\n' ) | sqlite3 "$PARLEY_DB" >/dev/null &
holder=$!
sleep 0.3
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc us28 --wait 10 >/dev/null 2>err && ok || bad "waiting import failed: $(cat err)"
wait $holder
[ "$("$PARLEY" versions us28 | wc -l)" = 3 ] && ok || bad "expected two versions"

# Read-only: the file is not writable by the user running parley. Root
# ignores file modes, so as root the command runs as 'nobody'.
chmod 0755 "$WORK"
chmod 0444 "$PARLEY_DB"
rm -f "$PARLEY_DB-wal" "$PARLEY_DB-shm"
as_user=()
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod -R o+rX "$ROOT/tests/data" 2>/dev/null || true
fi
before=$(sha256sum "$PARLEY_DB")
"${as_user[@]}" "$PARLEY" import "$ROOT/tests/data/plan-eu-24.md" --doc eu24 >out 2>err
status=$?
[ $status = 1 ] && grep -q "^parley: the database .* is read-only$" err && ok || bad "read-only: exit $status: $(cat err)"
[ "$before" = "$(sha256sum "$PARLEY_DB")" ] && ok || bad "read-only file changed"
finish
