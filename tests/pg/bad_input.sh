# PostgreSQL's own bad input: an address that does not answer, a database
# that is not parley's, schemas older and newer than this build, and the
# append-only rule enforced by the server and checked by verify. Each is
# one clear line and changes nothing. Run by ctest as pg/own/bad_input,
# on the scratch server of the fixture pg/start (PARLEY_TEST_PG).
. "$(dirname "$0")/../cli/lib.sh" "$@"
[ -n "${PARLEY_TEST_PG:-}" ] || { echo "PARLEY_TEST_PG is not set (run through ctest)" >&2; exit 1; }
export PARLEY_KEYS="$WORK/keys"
PG="$ROOT/scripts/pg-scratch"

LABEL="no server at the address"
expect_error 1 "^parley: cannot connect to PostgreSQL at postgresql:///nothing\?host=$WORK/none&user=parley: .*No such file or directory" -- docs --db "postgresql:///nothing?host=$WORK/none&user=parley"

LABEL="a database that does not exist"
expect_error 1 '^parley: cannot connect to PostgreSQL at .*database "no_such_db" does not exist$' -- docs --db "postgresql:///no_such_db?host=$PARLEY_TEST_PG&user=parley"

LABEL="the password is not repeated in messages"
"$PARLEY" docs --db "postgresql://parley:secret@/no_such_db?host=$PARLEY_TEST_PG" 2>err
if grep -q secret err; then bad "$LABEL: $(cat err)"; else ok; fi

LABEL="an empty database"
expect_error 1 "^parley: no negotiation database at .* \(run 'parley init' first\)$" -- docs

OTHER=$("$PG" createdb "$PARLEY_TEST_PG" "o_$$_$RANDOM")
"$PG" sql "$OTHER" "CREATE TABLE invoices(n int)"
LABEL="a database holding other tables"
expect_error 1 "^parley: .* is not a parley database$" -- docs --db "$OTHER"
"$PARLEY" init --convenor a --party US --party-name X --db "$OTHER" 2>err >/dev/null
grep -q "holds tables of its own" err && ok || bad "init over other tables: $(cat err)"
[ "$("$PG" sql "$OTHER" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 1 ] && ok || bad "init over other tables changed them"

LABEL="a failed init can be run again"
touch not-a-directory
"$PARLEY" init --convenor witkoff --party US --party-name "United States" --keys "$WORK/not-a-directory" >out 2>err
[ $? = 1 ] && grep -q "Not a directory" err && ok || bad "$LABEL: the first init: $(cat out err)"
"$PARLEY" init --convenor witkoff --party US --party-name "United States" >/dev/null || bad "init"
export PARLEY_AS=witkoff
"$PARLEY" import "$ROOT/examples/plan-us-28.md" --doc framework >/dev/null || bad "import"

LABEL="init again"
expect_error 1 "^parley: .* already holds a negotiation$" -- init --convenor x --party XX --party-name Y

LABEL="a newer schema"
"$PG" sql "$PARLEY_DB" "UPDATE parley_schema SET version = 42"
expect_error 1 '^parley: .* was written by a newer parley \(schema 42; this build reads up to 5\)$' -- docs
expect_error 1 '^parley: .* was written by a newer parley \(schema 42; this build reads up to 5\)$' -- migrate
[ "$("$PG" sql "$PARLEY_DB" "SELECT version FROM parley_schema")" = 42 ] && ok || bad "the newer schema was changed"

LABEL="an older schema waits for 'parley migrate'"
"$PG" sql "$PARLEY_DB" "UPDATE parley_schema SET version = 4"
expect_error 1 "^parley: .* holds schema 4 and this parley schema 5: back it up, then run 'parley migrate'$" -- docs
"$PARLEY" migrate >out 2>err && grep -qx 'schema 4 -> 5: upgraded' out && ok || bad "migrate: $(cat out err)"
"$PARLEY" migrate >out && grep -qx 'schema 5: up to date, nothing to do' out && ok || bad "migrate again: $(cat out)"
"$PARLEY" docs >/dev/null && ok || bad "docs after migrate"

LABEL="a warning at connection start-up is not printed"
# A database whose recorded collation version is not the system's (as
# after an upgrade of the C library) makes PostgreSQL warn at the start of
# every connection, before a client can set its notice processor the
# usual way. psql shows it; parley's library prints nothing.
collversion=$("$PG" sql "$PARLEY_DB" "SELECT coalesce(datcollversion, '') FROM pg_database WHERE datname = current_database()")
"$PG" sql "$PARLEY_DB" "UPDATE pg_database SET datcollversion = '0.0' WHERE datname = current_database()"
"$PG" sql "$PARLEY_DB" "SELECT 1" >/dev/null 2>err
grep -q "collation version" err && ok || bad "$LABEL: the set-up makes no warning: $(cat err)"
"$PARLEY" docs >out 2>err && [ ! -s err ] && grep -q framework out && ok || bad "$LABEL: docs: $(cat err)"
"$PARLEY" serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
server=$!
for _ in $(seq 1 100); do grep -q listening serve.out 2>/dev/null && break; sleep 0.05; done
sleep 0.5 # the server's own connections: its handles' and LISTEN's
kill "$server"
wait "$server"
# (its stderr has the writer's figures, written as it stops)
grep -q listening serve.out && [ -z "$(grep -v '^{"writer":' serve.err)" ] && ok || bad "$LABEL: serve: $(cat serve.out serve.err)"
"$PG" sql "$PARLEY_DB" "UPDATE pg_database SET datcollversion = nullif('$collversion', '') WHERE datname = current_database()" 2>/dev/null # psql warns

LABEL="several hosts: each tried in turn, one that does not answer left after connect_timeout"
db_name=$("$PG" sql "$PARLEY_DB" "SELECT current_database()")
"$PARLEY" docs --db "postgresql:///$db_name?host=$WORK/none,$PARLEY_TEST_PG&user=parley" >out 2>err &&
  grep -q framework out && [ ! -s err ] && ok || bad "$LABEL: a host with no server first: $(cat err)"
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(60)' >silent.port &
silent=$!
for _ in $(seq 1 100); do [ -s silent.port ] && break; sleep 0.05; done
start=$(date +%s)
"$PARLEY" docs --db "postgresql:///$db_name?host=127.0.0.1,$PARLEY_TEST_PG&port=$(cat silent.port),5432&user=parley&connect_timeout=2" >out 2>err &&
  grep -q framework out && [ $(($(date +%s) - start)) -lt 10 ] && ok || bad "$LABEL: a silent host first: $(cat err)"
expect_error 1 "^parley: cannot connect to PostgreSQL at .*: no answer within 2 s \(connect_timeout\)$" -- docs --db "postgresql:///$db_name?host=127.0.0.1&port=$(cat silent.port)&user=parley&connect_timeout=1"
kill "$silent"
expect_error 1 "^parley: cannot connect to PostgreSQL at .*: connection to server on socket \"$WORK/none/.s.PGSQL.5432\" failed: No such file or directory$" -- docs --db "postgresql:///$db_name?host=$WORK/none,$WORK/none2&user=parley"
expect_error 1 "^parley: cannot connect to PostgreSQL at .*: could not match 3 port numbers to 2 hosts$" -- docs --db "postgresql:///$db_name?host=$WORK/none,$PARLEY_TEST_PG&port=1,2,3&user=parley"

LABEL="the append-only rule: no UPDATE, DELETE or TRUNCATE of the truth"
before=$(db_digest)
for sql in "UPDATE events SET kind = 'x'" "DELETE FROM events" "TRUNCATE events CASCADE" \
  "UPDATE blobs SET body = 'forged'" "DELETE FROM blobs WHERE false OR true" "TRUNCATE blobs CASCADE"; do
  if "$PG" sql "$PARLEY_DB" "$sql" 2>err; then bad "$LABEL: '$sql' was allowed"; else
    grep -q "are append-only" err && ok || bad "$LABEL: '$sql': $(cat err)"
  fi
done
[ "$(db_digest)" = "$before" ] && ok || bad "$LABEL: the database changed"
"$PARLEY" verify >/dev/null && ok || bad "verify after refused edits"

LABEL="a disabled or dropped trigger is found by verify"
"$PG" sql "$PARLEY_DB" "ALTER TABLE blobs DISABLE TRIGGER blobs_no_update"
"$PARLEY" verify >out 2>err
grep -q "the append-only trigger blobs_no_update was changed: the database was altered outside parley" err && ok || bad "$LABEL: $(cat out err)"
"$PG" sql "$PARLEY_DB" "ALTER TABLE blobs ENABLE TRIGGER blobs_no_update"
"$PG" sql "$PARLEY_DB" "DROP TRIGGER events_no_delete ON events"
"$PARLEY" verify >out 2>err
grep -q "the append-only trigger events_no_delete is missing" err && ok || bad "$LABEL: $(cat err)"
"$PG" sql "$PARLEY_DB" "CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION parley_append_only()"
"$PARLEY" verify >/dev/null && ok || bad "$LABEL: verify once the trigger is back"

LABEL="a text forged behind a disabled trigger is refused where it is read"
"$PG" sql "$PARLEY_DB" "ALTER TABLE blobs DISABLE TRIGGER blobs_no_update"
"$PG" sql "$PARLEY_DB" "UPDATE blobs SET body = replace(body, 'sovereign', 'occupied') WHERE body LIKE '%sovereign%'"
"$PG" sql "$PARLEY_DB" "ALTER TABLE blobs ENABLE TRIGGER blobs_no_update"
"$PARLEY" show framework >out 2>err
grep -q "does not match its hash: the database was altered outside parley" err && [ ! -s out ] && ok || bad "$LABEL: $(head -3 out) $(cat err)"
"$PARLEY" verify >out 2>err
grep -q "does not match its hash" err && ok || bad "$LABEL: verify: $(cat out err)"
finish
