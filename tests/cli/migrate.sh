# Schema 4 -> 5 (parley migrate): the events table rebuilt with its payload
# as its last column, every event as it was; a version's payload of a
# megabyte or more then goes into its row in pieces, stored as a BLOB,
# and reads, verifies and rebuilds as before.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null
"$PARLEY" amend us28 --edit '6: 600,000 -> 800,000' --justification 'Room for the reserve.' >/dev/null ||
  bad "an amendment to us28"

# A plan whose version payload is over a megabyte: 9,000 points.
{
  printf '# A long plan\n'
  for part in 1 2 3; do
    printf '\n## Part %d\n' "$part"
    for ((i = (part - 1) * 3000 + 1; i <= part * 3000; i++)); do
      printf '\n%d. Point %d of the long plan, which says what it says in some words.\n' "$i" "$i"
    done
  done
} >long.md
"$PARLEY" import long.md --doc long >/dev/null || bad "the long plan is not imported"
[ "$(sqlite3 t.db "SELECT typeof(payload) FROM events WHERE kind = 'document.version' ORDER BY id")" = "text
blob" ] && ok || bad "the long plan's payload is not the one written in pieces"
[ "$(sqlite3 t.db "SELECT length(payload) > 1048576 FROM events WHERE kind = 'document.version' ORDER BY id DESC LIMIT 1")" = 1 ] &&
  ok || bad "the long plan's payload is under a megabyte: nothing was streamed"
"$PARLEY" show long --format md >long.back && cmp -s long.md long.back && ok ||
  bad "the long plan does not come back as it went in"
"$PARLEY" verify >out 2>&1 && ok || bad "verify after a streamed payload: $(cat out)"
"$PARLEY" rebuild | grep -q identical && ok || bad "rebuild after a streamed payload differs"
# A second version carries the ids over, read back from the streamed one.
sed 's/^9000\. .*/9000. The last point, now reworded./' long.md >long2.md
"$PARLEY" import long2.md --doc long >out 2>&1 && grep -q 'long@2' out && ok || bad "long@2: $(cat out)"
"$PARLEY" diff long@1 long@2 --format json >out
[ $? = 1 ] && grep -q '"a":"Point 9000 of the long plan' out && grep -q 'The last point, now reworded' out && ok ||
  bad "diff long@1 long@2: $(head -c 300 out)"

# The same negotiation as schema 4 laid it out: payload in the middle of the
# row. Made from this one by the steps SQLite gives for changing a table.
events_as_rows() {
  sqlite3 "$1" "SELECT id, track, seq, kind, at, actor, hex(CAST(payload AS BLOB)), hex(prev), hex(hash),
                hex(sig), hex(after), hex(statement) FROM events ORDER BY id" | sha256sum
}
cp t.db v4.db
triggers=$(sqlite3 t.db "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
sqlite3 v4.db <<SQL || bad "the schema-4 copy cannot be made"
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE events_v4(id INTEGER PRIMARY KEY, track TEXT NOT NULL, seq INTEGER NOT NULL,
  kind TEXT NOT NULL, at TEXT NOT NULL, actor TEXT, payload TEXT NOT NULL, prev BLOB,
  hash BLOB NOT NULL, sig BLOB, after BLOB, statement BLOB, UNIQUE(track, seq));
INSERT INTO events_v4 SELECT id, track, seq, kind, at, actor, CAST(payload AS TEXT), prev, hash,
  sig, after, statement FROM events;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_track ON events(track, seq);
CREATE INDEX events_statement ON events(statement);
CREATE INDEX events_hash ON events(hash);
$triggers
PRAGMA user_version = 4;
COMMIT;
SQL
rows=$(events_as_rows t.db)
[ "$(events_as_rows v4.db)" = "$rows" ] && ok || bad "the schema-4 copy does not hold the same events"
[ "$(sqlite3 v4.db "SELECT name FROM pragma_table_info('events') ORDER BY cid DESC LIMIT 1")" = statement ] &&
  ok || bad "the schema-4 copy has its payload last"

# Refused until migrated, and left as it was.
before=$(sqlite3 v4.db .dump | sha256sum)
expect_error 1 "^parley: v4.db holds schema 4 and this parley schema 5: back it up, then run 'parley migrate'$" -- show us28 --db v4.db
[ "$(sqlite3 v4.db .dump | sha256sum)" = "$before" ] && ok || bad "a refused read changed v4.db"

# A reference that would break stops the upgrade, and nothing changes.
cp v4.db broken.db
sqlite3 broken.db "PRAGMA foreign_keys = OFF; INSERT INTO parties(code, name, event) VALUES ('XX', 'Nobody', 999999);"
broken_before=$(sqlite3 broken.db .dump | sha256sum)
expect_error 1 "^parley: upgrading the schema: a reference between tables would break; nothing was changed$" -- migrate --db broken.db
[ "$(sqlite3 broken.db .dump | sha256sum)" = "$broken_before" ] && ok || bad "a failed upgrade changed broken.db"
[ "$(sqlite3 broken.db 'PRAGMA user_version')" = 4 ] && ok || bad "a failed upgrade moved the schema version"

# The upgrade: every event as it was, the payload last, the rules intact.
"$PARLEY" migrate --db v4.db >out 2>&1 && grep -q 'schema 4 -> 5' out && ok || bad "migrate v4.db: $(cat out)"
[ "$(sqlite3 v4.db 'PRAGMA user_version')" = 5 ] && ok || bad "v4.db is not at schema 5"
[ "$(sqlite3 v4.db "SELECT name FROM pragma_table_info('events') ORDER BY cid DESC LIMIT 1")" = payload ] &&
  ok || bad "the payload is not the last column after the upgrade"
[ "$(events_as_rows v4.db)" = "$rows" ] && ok || bad "the upgrade changed an event"
[ "$(sqlite3 v4.db "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'events' AND type IN ('index', 'trigger')")" = 6 ] &&
  ok || bad "the events table lost an index or a trigger: $(sqlite3 v4.db "SELECT name FROM sqlite_master WHERE tbl_name = 'events'")"
sqlite3 v4.db "DELETE FROM events WHERE id = 1" 2>err && bad "an event was deleted after the upgrade" ||
  { grep -q 'append-only' err && ok || bad "the delete failed for another reason: $(cat err)"; }
[ "$(sqlite3 v4.db 'PRAGMA foreign_keys; PRAGMA foreign_key_check' | tr -d '\n')" = 0 ] && ok || bad "foreign keys broken"
"$PARLEY" verify --db v4.db >out 2>&1 && ok || bad "verify after the upgrade: $(cat out)"
"$PARLEY" rebuild --db v4.db | grep -q identical && ok || bad "rebuild after the upgrade differs"
"$PARLEY" show long --db v4.db --format md >long.v4 && cmp -s long2.md long.v4 && ok || bad "long@2 after the upgrade"
"$PARLEY" import long.md --doc long --db v4.db >/dev/null && "$PARLEY" verify --db v4.db >/dev/null && ok ||
  bad "a streamed version after the upgrade"
"$PARLEY" migrate --db v4.db >out 2>&1 && grep -qx 'schema 5: up to date, nothing to do' out && ok ||
  bad "migrate again: $(cat out)"
finish
