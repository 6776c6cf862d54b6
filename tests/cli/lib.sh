# lib.sh — helpers for the command-line tests (sourced, not run).
# usage in a test: . "$(dirname "$0")/lib.sh" "$@"
set -uo pipefail
PARLEY=$1
ROOT=$2
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
export PARLEY_DB="$WORK/t.db" NO_COLOR=1
unset PARLEY_CLOCK
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# On PostgreSQL (PARLEY_TEST_PG: the directory of the scratch server the
# ctest fixture pg/start made), each test has a database of its own.
if [ -n "${PARLEY_TEST_PG:-}" ]; then
  PARLEY_DB=$("$ROOT/scripts/pg-scratch" createdb "$PARLEY_TEST_PG" "t_$$_$RANDOM") || exit 1
fi

# Everything in the database as text, and its digest (independent of
# SQLite's WAL state).
db_dump() {
  if [ -n "${PARLEY_TEST_PG:-}" ]; then
    "$ROOT/scripts/pg-scratch" dump "$PARLEY_DB"
  else
    sqlite3 "$PARLEY_DB" .dump
  fi
}
db_digest() { db_dump | sha256sum | cut -d' ' -f1; }
# db_sql SQL: runs a query on the test's database, whichever it is.
db_sql() {
  if [ -n "${PARLEY_TEST_PG:-}" ]; then
    "$ROOT/scripts/pg-scratch" sql "$PARLEY_DB" "$1"
  else
    sqlite3 "$PARLEY_DB" "$1"
  fi
}

# expect_error CODE PATTERN -- parley ARGS...: the command fails with exit
# CODE, prints exactly one line on stderr matching PATTERN, nothing on stdout,
# and leaves the database as it was.
expect_error() {
  local code=$1 pattern=$2
  shift 3
  local before after out err status
  before=$(db_digest)
  "$PARLEY" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
  after=$(db_digest)
  out=$(cat "$WORK/out")
  err=$(cat "$WORK/err")
  if [ "$status" != "$code" ]; then bad "parley $*: exit $status, wanted $code ($err)"; return; fi
  if [ "$(wc -l <"$WORK/err")" != 1 ]; then bad "parley $*: stderr is not one line: $err"; return; fi
  if ! grep -Eq -- "$pattern" "$WORK/err"; then bad "parley $*: '$err' does not match '$pattern'"; return; fi
  if [ -n "$out" ]; then bad "parley $*: printed on stdout: $out"; return; fi
  if [ "$before" != "$after" ]; then bad "parley $*: the database changed"; return; fi
  ok
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

# hold_lock: a sqlite3 process takes the write lock of $PARLEY_DB (BEGIN
# IMMEDIATE) and keeps it until release_lock. Returns once the lock is held,
# which sqlite3 shows by answering a query sent after the BEGIN; if it cannot
# take the lock it stops (.bail) and the test fails instead of hanging.
hold_lock() {
  coproc LOCK_HOLDER { sqlite3 "$PARLEY_DB"; }
  printf ".bail on\nBEGIN IMMEDIATE;\nSELECT 'held';\n" >&"${LOCK_HOLDER[1]}"
  local reply=
  read -r reply <&"${LOCK_HOLDER[0]}"
  [ "$reply" = held ] || bad "hold_lock: sqlite3 did not take the lock ('$reply')"
}

# release_lock: ends the transaction of hold_lock and waits for sqlite3.
release_lock() {
  printf 'COMMIT;\n.quit\n' >&"${LOCK_HOLDER[1]}"
  wait "$LOCK_HOLDER_PID"
}

# wait_until_blocked PID: returns once process PID has the database open and
# is asleep — with the lock of hold_lock taken, that is parley waiting for
# it. A readiness check, not a delay: it polls the process's state in /proc,
# and fails the test (returning 1) only if PID ends before getting there.
wait_until_blocked() {
  local pid=$1 state
  while :; do
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    case $state in
      '' | Z | X) break ;; # gone, or a zombie: it ended
    esac
    if [ "$state" = S ] && ls -l "/proc/$pid/fd" 2>/dev/null | grep -q -- "$PARLEY_DB-wal"; then
      return 0
    fi
    sleep 0.01
  done
  bad "process $pid ended before it waited for the lock"
  return 1
}
