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
