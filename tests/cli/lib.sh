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

# A digest of everything in the database, independent of WAL state.
db_digest() { sqlite3 "$PARLEY_DB" .dump | sha256sum | cut -d' ' -f1; }

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
