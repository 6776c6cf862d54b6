/* store_schema.c — the database schema: its migrations, and the projection
 * tables (see store_schema.h). Data only; store.c runs it. */
#include "store_schema.h"

/* The append-only triggers, each written once: run by the first migration
 * and compared, byte for byte, with what sqlite_master holds by `verify`
 * (SQLite keeps a CREATE statement's text as it was written, without the
 * semicolon). Changing a byte here makes every existing database fail. */
#define EVENTS_NO_UPDATE                                                                           \
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"                                  \
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
#define EVENTS_NO_DELETE                                                                           \
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"                                  \
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
#define BLOBS_NO_UPDATE                                                                            \
	"CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs"                                    \
	" BEGIN SELECT RAISE(ABORT, 'blobs are append-only'); END"
#define BLOBS_NO_DELETE                                                                            \
	"CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs"                                    \
	" BEGIN SELECT RAISE(ABORT, 'blobs are append-only'); END"

const char *const pl_store_triggers[][2] = {
    {"events_no_update", EVENTS_NO_UPDATE},
    {"events_no_delete", EVENTS_NO_DELETE},
    {"blobs_no_update", BLOBS_NO_UPDATE},
    {"blobs_no_delete", BLOBS_NO_DELETE},
};
const size_t pl_store_trigger_count = sizeof pl_store_triggers / sizeof pl_store_triggers[0];

/* Migrations: migration[i] brings a database from schema i to i + 1. */
const char *const pl_store_migrations[PL_SCHEMA_VERSION] = {
    /* 0 -> 1: the truth (events, blobs) and the document projections. */
    "CREATE TABLE blobs(hash BLOB PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY, track TEXT NOT NULL, seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL, at TEXT NOT NULL, actor TEXT, payload TEXT NOT NULL,"
    " prev BLOB, hash BLOB NOT NULL, UNIQUE(track, seq));" EVENTS_NO_UPDATE ";" EVENTS_NO_DELETE
    ";" BLOBS_NO_UPDATE ";" BLOBS_NO_DELETE ";"
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, track TEXT NOT NULL,"
    " created_event INTEGER NOT NULL REFERENCES events(id),"
    " latest INTEGER NOT NULL, next_point INTEGER NOT NULL);"
    "CREATE TABLE versions("
    " doc INTEGER NOT NULL REFERENCES documents(id), number INTEGER NOT NULL,"
    " event INTEGER NOT NULL REFERENCES events(id), created_at TEXT NOT NULL,"
    " source TEXT, title BLOB REFERENCES blobs(hash), preamble BLOB REFERENCES blobs(hash),"
    " point_count INTEGER NOT NULL, PRIMARY KEY(doc, number)) WITHOUT ROWID;"
    "CREATE TABLE version_parts("
    " doc INTEGER NOT NULL, number INTEGER NOT NULL, ord INTEGER NOT NULL,"
    " heading BLOB NOT NULL REFERENCES blobs(hash), intro BLOB REFERENCES blobs(hash),"
    " PRIMARY KEY(doc, number, ord),"
    " FOREIGN KEY(doc, number) REFERENCES versions(doc, number)) WITHOUT ROWID;"
    "CREATE TABLE version_points("
    " doc INTEGER NOT NULL, number INTEGER NOT NULL, ord INTEGER NOT NULL,"
    " point_id TEXT NOT NULL, label TEXT NOT NULL, part INTEGER,"
    " text BLOB NOT NULL REFERENCES blobs(hash), PRIMARY KEY(doc, number, ord),"
    " FOREIGN KEY(doc, number) REFERENCES versions(doc, number)) WITHOUT ROWID;"
    "CREATE TABLE version_items("
    " doc INTEGER NOT NULL, number INTEGER NOT NULL, point_ord INTEGER NOT NULL,"
    " ord INTEGER NOT NULL, label TEXT NOT NULL, text BLOB NOT NULL REFERENCES blobs(hash),"
    " PRIMARY KEY(doc, number, point_ord, ord),"
    " FOREIGN KEY(doc, number, point_ord) REFERENCES version_points(doc, number, ord))"
    " WITHOUT ROWID;",
    /* 1 -> 2: signatures, and the record of parties, delegates, tracks,
     * circulation, meetings and statements. */
    "ALTER TABLE events ADD COLUMN sig BLOB;"
    "CREATE TABLE negotiation(id TEXT NOT NULL);"
    "CREATE INDEX events_track ON events(track, seq);"
    "CREATE TABLE parties(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " event INTEGER NOT NULL REFERENCES events(id)) WITHOUT ROWID;"
    "CREATE TABLE delegates(name TEXT PRIMARY KEY, party TEXT NOT NULL REFERENCES parties(code),"
    " role TEXT NOT NULL, public_key BLOB NOT NULL, event INTEGER NOT NULL REFERENCES events(id))"
    " WITHOUT ROWID;"
    "CREATE TABLE tracks(name TEXT PRIMARY KEY, created_at TEXT NOT NULL,"
    " created_by TEXT NOT NULL, salt TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE track_members(track TEXT NOT NULL, party TEXT NOT NULL REFERENCES parties(code),"
    " since_seq INTEGER NOT NULL, since_at TEXT NOT NULL, PRIMARY KEY(track, party)) WITHOUT ROWID;"
    "CREATE TABLE circulations(track TEXT NOT NULL, seq INTEGER NOT NULL, doc INTEGER NOT NULL,"
    " number INTEGER NOT NULL, from_track TEXT NOT NULL, by_delegate TEXT NOT NULL,"
    " at TEXT NOT NULL, note TEXT, PRIMARY KEY(track, seq),"
    " FOREIGN KEY(doc, number) REFERENCES versions(doc, number)) WITHOUT ROWID;"
    "CREATE TABLE meetings(id TEXT PRIMARY KEY, track TEXT NOT NULL, seq INTEGER NOT NULL,"
    " title TEXT NOT NULL, date TEXT NOT NULL, time TEXT, place TEXT NOT NULL,"
    " parties TEXT NOT NULL, agenda_doc INTEGER, agenda_number INTEGER,"
    " status TEXT NOT NULL, sequence INTEGER NOT NULL, by_delegate TEXT,"
    " updated_at TEXT NOT NULL, UNIQUE(track, seq),"
    " FOREIGN KEY(agenda_doc, agenda_number) REFERENCES versions(doc, number)) WITHOUT ROWID;"
    "CREATE TABLE meeting_changes(meeting TEXT NOT NULL REFERENCES meetings(id),"
    " track TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,"
    " time TEXT, note TEXT, at TEXT NOT NULL, by_delegate TEXT, PRIMARY KEY(track, seq))"
    " WITHOUT ROWID;"
    "CREATE TABLE statements(track TEXT NOT NULL, seq INTEGER NOT NULL, date TEXT NOT NULL,"
    " party TEXT NOT NULL REFERENCES parties(code), speaker TEXT, level TEXT NOT NULL,"
    " text TEXT NOT NULL, at TEXT NOT NULL, by_delegate TEXT, PRIMARY KEY(track, seq))"
    " WITHOUT ROWID;",
    /* 2 -> 3: amendments and positions. */
    "CREATE TABLE amendments(doc INTEGER NOT NULL REFERENCES documents(id), id TEXT NOT NULL,"
    " track TEXT NOT NULL, seq INTEGER NOT NULL, base INTEGER NOT NULL,"
    " tabled_on INTEGER NOT NULL, party TEXT NOT NULL,"
    " delegate TEXT, justification TEXT, parent TEXT, status TEXT NOT NULL, note TEXT,"
    " ops TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY(doc, id)) WITHOUT ROWID;"
    "CREATE TABLE positions(track TEXT NOT NULL, seq INTEGER NOT NULL, doc INTEGER NOT NULL,"
    " number INTEGER NOT NULL, point TEXT NOT NULL, party TEXT NOT NULL, stance TEXT NOT NULL,"
    " note TEXT, at TEXT NOT NULL, PRIMARY KEY(track, seq)) WITHOUT ROWID;"
    "CREATE INDEX positions_of ON positions(doc, party, point);",
    /* 3 -> 4: statements signed on the signer's side (event_int.h): what
     * the signer had seen of the track, and the signed statement's hash;
     * events found by either hash (a statement is recorded once: the
     * append checks it, and verify again, whatever an index says). */
    "ALTER TABLE events ADD COLUMN after BLOB;"
    "ALTER TABLE events ADD COLUMN statement BLOB;"
    "CREATE INDEX events_statement ON events(statement);"
    "CREATE INDEX events_hash ON events(hash);",
    /* 4 -> 5: the payload as the events table's last column, every row
     * copied as it is. SQLite keeps a zeroblob unwritten in a row only when
     * no column after it holds bytes: a version's payload of megabytes is
     * then written into its row in pieces (store.c), not held whole twice.
     * Run with foreign keys off (store.c), as SQLite's way to change a
     * table has it, and checked by foreign_key_check before it commits. */
    "CREATE TABLE events_v5("
    " id INTEGER PRIMARY KEY, track TEXT NOT NULL, seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL, at TEXT NOT NULL, actor TEXT, prev BLOB, hash BLOB NOT NULL,"
    " sig BLOB, after BLOB, statement BLOB, payload TEXT NOT NULL, UNIQUE(track, seq));"
    "INSERT INTO events_v5(id, track, seq, kind, at, actor, prev, hash, sig, after, statement,"
    " payload) SELECT id, track, seq, kind, at, actor, prev, hash, sig, after, statement,"
    " payload FROM events ORDER BY id;"
    "DROP TABLE events;"
    "ALTER TABLE events_v5 RENAME TO events;"
    "CREATE INDEX events_track ON events(track, seq);"
    "CREATE INDEX events_statement ON events(statement);"
    "CREATE INDEX events_hash ON events(hash);" EVENTS_NO_UPDATE ";" EVENTS_NO_DELETE ";",
};

/* Projection tables with their key order, for clearing and digesting. */
const char *const pl_store_projections[][2] = {
    {"documents", "id"},
    {"versions", "doc, number"},
    {"version_parts", "doc, number, ord"},
    {"version_points", "doc, number, ord"},
    {"version_items", "doc, number, point_ord, ord"},
    {"parties", "code"},
    {"delegates", "name"},
    {"tracks", "name"},
    {"track_members", "track, party"},
    {"circulations", "track, seq"},
    {"meetings", "id"},
    {"meeting_changes", "track, seq"},
    {"statements", "track, seq"},
    {"amendments", "doc, id"},
    {"positions", "track, seq"},
};
const size_t pl_store_projection_count =
    sizeof pl_store_projections / sizeof pl_store_projections[0];
