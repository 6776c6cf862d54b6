# lib.sh — helpers for the server's tests (sourced, not run).
# usage in a test: . "$(dirname "$0")/lib.sh" "$@"
#   $1 the parley binary, $2 the source tree, $3 serve_client
set -uo pipefail
PARLEY=$1
ROOT=$2
CLIENT=$3
WORK=$(mktemp -d)
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT
cd "$WORK"
export PARLEY_DB="$WORK/t.db" PARLEY_KEYS="$WORK/keys" NO_COLOR=1
unset PARLEY_CLOCK PARLEY_AS
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
finish() {
  echo "$passed passed, $failed failed"
  if [ "$failed" != 0 ] && [ -s "$WORK/serve.err" ]; then
    echo "--- the server's standard error:" >&2
    head -c 20000 "$WORK/serve.err" >&2
  fi
  [ "$failed" = 0 ]
}
p() { "$PARLEY" "$@"; }

# On PostgreSQL (PARLEY_TEST_PG, see tests/cli/lib.sh), a database of the
# test's own.
if [ -n "${PARLEY_TEST_PG:-}" ]; then
  PARLEY_DB=$("$ROOT/scripts/pg-scratch" createdb "$PARLEY_TEST_PG" "s_$$_$RANDOM") || exit 1
fi

# A digest of everything in the database, independent of WAL state.
db_digest() {
  if [ -n "${PARLEY_TEST_PG:-}" ]; then
    "$ROOT/scripts/pg-scratch" dump "$PARLEY_DB" | sha256sum | cut -d' ' -f1
  else
    sqlite3 "$PARLEY_DB" .dump | sha256sum | cut -d' ' -f1
  fi
}

# The November 2025 story, small: the US convenes, RU and UA at the table,
# a US-RU back-channel holding the 28-point plan, a plenary plan, keys for
# every delegate in $PARLEY_KEYS.
setup_story() {
  p init --convenor witkoff --party US --party-name "United States" >/dev/null || return 1
  export PARLEY_AS=witkoff
  p party add RU "Russia" >/dev/null &&
    p party add UA "Ukraine" >/dev/null &&
    p delegate add dmitriev --party RU --role envoy --make-key >/dev/null &&
    p delegate add umerov --party UA --role lead --make-key >/dev/null &&
    p track add backchannel US RU >/dev/null &&
    p import "$ROOT/examples/plan-us-28.md" --doc framework --track backchannel >/dev/null &&
    p import "$ROOT/examples/plan-eu-24.md" --doc europe >/dev/null &&
    p meeting add "Miami talks" --date 2025-10-24 --place "Miami" --parties US,RU --track backchannel >/dev/null &&
    p statement add "Talks go on" --date 2025-11-20 --level record >/dev/null || return 1
  unset PARLEY_AS
  KEY_witkoff=$(ls "$PARLEY_KEYS"/*/witkoff.key)
  KEY_dmitriev=$(ls "$PARLEY_KEYS"/*/dmitriev.key)
  KEY_umerov=$(ls "$PARLEY_KEYS"/*/umerov.key)
}

# check_acknowledged: the changes the load clients acknowledged (the file
# acknowledged: "committed plenary SEQ HASH" lines) are all in the
# plenary's exported log with those hashes, and no sequence number was
# given twice, among them or in the log (no fork).
check_acknowledged() {
  LABEL="every acknowledged change is in the log"
  PARLEY_AS=witkoff p log export plenary | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line).get("event")
    if e: print("committed plenary", e["seq"], e["hash"])' | sort >logged
  sort acknowledged >acknowledged.sorted
  local missing
  missing=$(comm -23 acknowledged.sorted logged | wc -l)
  [ "$missing" = 0 ] && ok || bad "$LABEL: $missing missing: $(comm -23 acknowledged.sorted logged | head -3)"
  LABEL="no sequence number twice (no fork)"
  [ -z "$(cut -d' ' -f3 acknowledged | sort | uniq -d)" ] && ok || bad "$LABEL"
  [ -z "$(cut -d' ' -f3 logged | sort | uniq -d)" ] && ok || bad "$LABEL in the log"
}

# Starts the server on a free loopback port: URL is its address.
start_server() {
  "$PARLEY" serve --listen 127.0.0.1:0 --access-log "$WORK/access.log" "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if grep -q 'listening on' "$WORK/serve.out" 2>/dev/null; then
      URL=$(sed -n 's/^parley serve: listening on //p' "$WORK/serve.out" | head -1)
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start:" >&2
  cat "$WORK/serve.err" >&2
  return 1
}

# call AS METHOD PATH [BODY] [client options...]: a request signed by AS's
# key (AS "-" for unsigned); STATUS and BODY hold the answer.
call() {
  local who=$1 method=$2 path=$3
  shift 3
  local body=()
  if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then body=("$1"); shift; fi
  local key=()
  if [ "$who" != "-" ]; then
    local var="KEY_$who"
    key=(--key "${!var}")
  fi
  "$CLIENT" "${key[@]}" "$@" "$method" "$URL$path" "${body[@]}" >"$WORK/answer" 2>"$WORK/answer.err"
  STATUS=$(head -1 "$WORK/answer")
  BODY=$(tail -n +2 "$WORK/answer")
}

# expect STATUS [PATTERN]: the last answer's status, and a body matching
# PATTERN (grep -E).
expect() {
  local what="$1" pattern="${2:-}"
  if [ "$STATUS" != "$what" ]; then
    bad "${LABEL:-}: status $STATUS, wanted $what: $(head -c 300 "$WORK/answer") $(cat "$WORK/answer.err")"
    return 1
  fi
  if [ -n "$pattern" ] && ! printf '%s' "$BODY" | grep -Eq -- "$pattern"; then
    bad "${LABEL:-}: body '$(printf '%s' "$BODY" | head -c 300)' does not match '$pattern'"
    return 1
  fi
  ok
}
