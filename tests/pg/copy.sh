# A whole negotiation from SQLite to PostgreSQL and back: every event byte
# for byte (the same digest at the three ends), both ends verify, and every
# reading prints the same. Copying onto a negotiation, onto itself, or a
# record that does not verify is refused, and nothing is written.
. "$(dirname "$0")/../cli/lib.sh" "$@"
[ -n "${PARLEY_TEST_PG:-}" ] || { echo "PARLEY_TEST_PG is not set (run through ctest)" >&2; exit 1; }
export PARLEY_KEYS="$WORK/keys" PARLEY_CLOCK=2025-11-20T09:00:00Z
PG="$ROOT/scripts/pg-scratch"
PGDB=$PARLEY_DB
export PARLEY_DB="$WORK/story.db"
# The demo's story, small: parties, a back-channel, amendments, positions,
# meetings and statements, so that every projection has rows.
p() { "$PARLEY" "$@" >/dev/null || bad "parley $*"; }
p init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
p party add RU Russia
p party add UA Ukraine
p delegate add dmitriev --party RU --role envoy --make-key
p delegate add umerov --party UA --role lead --make-key
p track add backchannel US RU
p import "$ROOT/examples/plan-us-28.md" --doc framework --track backchannel
p import "$ROOT/examples/plan-eu-24.md" --doc europe
p circulate framework@1 --to plenary
p amend framework@1 --edit '6: 600,000 -> 800,000' --justification "a larger army" --as umerov
p position framework@1 6 reserve --as umerov
p meeting add "Geneva talks" --date 2025-11-23 --place Geneva --parties US,UA
p statement add "Talks go on" --date 2025-11-20 --level record
unset PARLEY_AS

reading() {
  for cmd in "docs" "show framework" "show europe --format json" "amendments framework" \
    "matrix framework@1" "timeline" "meeting list" "track list" "verify" "log head plenary"; do
    echo "== $cmd"
    # shellcheck disable=SC2086
    PARLEY_AS=witkoff "$PARLEY" $cmd --db "$1" 2>&1 | sed "s|$1|DB|g"
  done
}
reading "$PARLEY_DB" >sqlite.txt

LABEL="SQLite -> PostgreSQL"
"$PARLEY" copy --to "$PGDB" >out 2>err && ok || bad "$LABEL: $(cat err)"
grep -Eq '^copied [0-9]+ events and [0-9]+ texts from .* \(SQLite\) to .* \(PostgreSQL\); both verify, events [0-9a-f]{16} at both ends$' out && ok || bad "$LABEL: $(cat out)"
digest1=$(sed -n 's/.*events \([0-9a-f]*\) at both ends/\1/p' out)
# A bulk load ends with the planner's statistics gathered, so that the first
# requests are not planned blind; and the copy prints nothing on stderr
# (that PostgreSQL's warnings never do: unit/store_engines).
LABEL="the copy gathers PostgreSQL's statistics"
[ "$("$PG" sql "$PGDB" "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'events'")" = t ] && ok || bad "$LABEL"
[ ! -s err ] && ok || bad "$LABEL: it printed $(cat err)"
reading "$PGDB" >pg.txt
diff sqlite.txt pg.txt >/dev/null && ok || bad "$LABEL: readings differ: $(diff sqlite.txt pg.txt | head -8)"

LABEL="PostgreSQL -> SQLite"
"$PARLEY" copy --from "$PGDB" --to "$WORK/back.db" --format json >out 2>err && ok || bad "$LABEL: $(cat err)"
[ "$(jq -r .digest out)" != null ] && [ "$(jq -r .digest out | cut -c1-16)" = "$digest1" ] && ok || bad "$LABEL: digest $(cat out) vs $digest1"
[ "$(jq -r .from out) $(jq -r .to out)" = "PostgreSQL SQLite" ] && ok || bad "$LABEL: $(cat out)"
reading "$WORK/back.db" >back.txt
diff sqlite.txt back.txt >/dev/null && ok || bad "$LABEL: readings differ: $(diff sqlite.txt back.txt | head -8)"
LABEL="the events are the same bytes at both SQLite ends"
cols="track, seq, kind, at, actor, payload, hex(prev), hex(hash), hex(sig), hex(after), hex(statement)"
[ "$(sqlite3 "$PARLEY_DB" "SELECT $cols FROM events ORDER BY id")" = "$(sqlite3 back.db "SELECT $cols FROM events ORDER BY id")" ] && ok || bad "$LABEL"
[ "$(sqlite3 "$PARLEY_DB" "SELECT hex(hash), body FROM blobs ORDER BY hash")" = "$(sqlite3 back.db "SELECT hex(hash), body FROM blobs ORDER BY hash")" ] && ok || bad "$LABEL: texts"

LABEL="onto a negotiation"
before=$("$PG" dump "$PGDB" | sha256sum)
expect_error 1 '^parley: .* already holds a negotiation$' -- copy --to "$PGDB"
[ "$("$PG" dump "$PGDB" | sha256sum)" = "$before" ] && ok || bad "$LABEL: the target changed"
LABEL="onto itself"
expect_error 1 '^parley: a database is not copied onto itself$' -- copy --to "$PARLEY_DB"
LABEL="without --to"
expect_error 2 "^parley: copy: names where to copy: --to FILE\|URL \(see 'parley copy --help'\)$" -- copy

LABEL="a record that does not verify is not copied"
cp "$PARLEY_DB" bad.db
sqlite3 bad.db "DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '800,000', '900,000') WHERE kind LIKE 'amendment%'"
EMPTY=$("$PG" createdb "$PARLEY_TEST_PG" "e_$$_$RANDOM")
"$PARLEY" copy --from bad.db --to "$EMPTY" >out 2>err
[ $? = 1 ] && grep -q "does not verify, so it is not copied" err && ok || bad "$LABEL: $(cat out err)"
[ -z "$("$PG" sql "$EMPTY" "SELECT 1 FROM pg_tables WHERE tablename = 'events'")" ] && ok || bad "$LABEL: the empty database was written"
finish
