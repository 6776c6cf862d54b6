# An import that dies at any moment — kill -9, SIGINT, or killed by the
# kernel halfway through writing a file — never leaves a half-written
# version: each time, the database holds either the complete new version or
# none, the projections equal a rebuild from the events, and SQLite's
# integrity check passes. An import left alone succeeds.
#
# The moments are chosen so that the test needs no timing:
# - Halfway through writing: the import runs under `ulimit -f`, so the
#   kernel ends it (SIGXFSZ) at the first write that would pass that many
#   bytes in any file — a byte offset of the WAL, partway through the
#   transaction's frames and perhaps tearing one, or, past the WAL's size,
#   of the database file during the checkpoint. The limits are spread over
#   the size the import gives the database (measured by an import left to
#   finish), so the deaths fall at the start, middle and end of the writing,
#   at the same bytes on every run. At least one must land before the
#   commit, or the test proved nothing.
# - kill -9 and SIGINT: another process holds the write lock, so the import
#   cannot commit; it is killed once it has the database open and waits.
#   Its exit status must show the signal. (SIGINT is restored first: a
#   non-interactive shell starts background jobs with SIGINT ignored, which
#   made the SIGINT rounds of the old form of this test no-ops.)
# The old form killed six imports of a 12,000-point plan after fixed sleeps
# in one growing database; whether a kill landed while writing depended on
# the machine's speed, and its rebuilds grew with every finished import.
# Here every round starts from a copy of the same small database.
. "$(dirname "$0")/lib.sh" "$@"

# A plan large enough that its import writes hundreds of WAL frames.
awk 'BEGIN {
  print "# A long plan\n";
  for (p = 1; p <= 2; p++) {
    printf "## Part %d\n\n", p;
    for (i = 1; i <= 600; i++)
      printf "%d. Point %d of part %d says that the parties agree on clause %d: (a) first %d; (b) second %d.\n\n", (p - 1) * 600 + i, i, p, i * p, i, p;
  }
}' >long.md
points=$(grep -c '^[0-9]' long.md)
export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc earlier >/dev/null
cp "$PARLEY_DB" base.db
fresh() { rm -f "$PARLEY_DB" "$PARLEY_DB-wal" "$PARLEY_DB-shm" && cp base.db "$PARLEY_DB"; }

# whole NAME: the database is whole after an import of NAME ended; sets
# state to "present" or "absent" for the new version.
whole() {
  local name=$1 n
  state=absent
  "$PARLEY" docs >docs || bad "$name: parley docs failed"
  grep -q '^earlier@1 ' docs && ok || bad "$name: the earlier document is gone"
  if grep -q "^$name@" docs; then
    state=present
    n=$("$PARLEY" show "$name" --format json | jq ".points | length")
    [ "$n" = "$points" ] && ok || bad "$name: version has $n of $points points"
  fi
  "$PARLEY" rebuild | grep -q identical && ok || bad "$name: rebuild differs"
  sqlite3 "$PARLEY_DB" 'PRAGMA integrity_check' | grep -qx ok && ok || bad "$name: integrity"
}

# An import left to finish; its database's size spreads the limits below.
fresh
"$PARLEY" import long.md --doc whole >/dev/null && ok || bad "uninterrupted import failed"
whole whole
[ "$state" = present ] && ok || bad "uninterrupted import left no version"
base_kib=$(($(stat -c %s base.db) / 1024))
grown_kib=$(($(stat -c %s "$PARLEY_DB") / 1024 - base_kib))

# Killed by the kernel at a fixed byte: 1/6 .. 5/6 of the way, and in the last 4 KiB.
before_commit=0
for limit in $(for k in 1 2 3 4 5; do echo $((base_kib + grown_kib * k / 6)); done) \
  $((base_kib + grown_kib - 4)); do
  fresh
  (ulimit -c 0 -f "$limit" && exec "$PARLEY" import long.md --doc cut$limit) >/dev/null 2>&1
  status=$?
  [ $status = 153 ] || [ $status = 0 ] || bad "limit $limit KiB: exit $status, wanted SIGXFSZ (153) or 0"
  whole cut$limit
  [ $status = 153 ] && [ "$state" = absent ] && before_commit=$((before_commit + 1))
done
# The test means something only if some imports died before their commit.
[ "$before_commit" -ge 1 ] && ok || bad "no import died before its commit; the test proved nothing"

# kill -9 and SIGINT while the import waits for the write lock.
for signal in KILL INT; do
  fresh
  hold_lock
  env --default-signal=INT "$PARLEY" import long.md --doc sig$signal --wait 600 >/dev/null 2>&1 &
  pid=$!
  wait_until_blocked $pid && kill -$signal $pid
  # Released before waiting: a pending fatal signal ends the import before
  # it runs another instruction, and one that was not fatal (ignored) shows
  # as an import that commits, instead of a test that hangs.
  release_lock
  wait $pid
  status=$?
  [ $status = $((128 + $(kill -l $signal))) ] && ok || bad "$signal: import ended with exit $status"
  whole sig$signal
  [ "$state" = absent ] && ok || bad "$signal: an import killed before it could commit left a version"
done
finish
