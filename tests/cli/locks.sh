# A read-only database and one locked by another process: a clear error,
# after waiting, and nothing changed. No sleeps: a sqlite3 process holds the
# write lock until the test releases it (hold_lock in lib.sh), and the test
# goes on only once that process says it holds the lock, or once parley is
# seen waiting for it (wait_until_blocked).
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null

# Locked for as long as the import may wait: it gives up, says so, and
# changes nothing. The elapsed time is only bounded from below (it did wait
# the 300 ms it reports), which a slow machine cannot make fail.
hold_lock
before=$(db_digest)
start=$(date +%s%N)
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc us28 --wait 0.3 >out 2>err
status=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
release_lock
[ $status = 1 ] && grep -q 'locked by another process (waited 300 ms)' err && ok || bad "locked: exit $status: $(cat err)"
[ "$elapsed" -ge 250 ] && ok || bad "locked: gave up after $elapsed ms without waiting"
[ "$before" = "$(db_digest)" ] && ok || bad "locked: the database changed"
# Released while the import waits for it: the import goes on and succeeds.
hold_lock
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc us28 --wait 600 >/dev/null 2>err &
pid=$!
wait_until_blocked $pid
release_lock
wait $pid && ok || bad "waiting import failed: $(cat err)"
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
