/* store.c — the SQLite store (see store_int.h for the contract). */
#include "store_int.h"
#include "store_schema.h"
#include "store_engine_int.h"
#include "parley/mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to (memory status, which parley never reads): a server's threads,
 * each on its own connection, queued on it — a GET under load went from
 * 4,300 to 6,500 requests/s without it. Only before the first open. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* PRAGMA application_id: 'PRLY'. Marks a file as a parley negotiation. */
#define PARLEY_APPLICATION_ID 0x50524c59

enum statement {
	ST_BLOB_PUT,
	ST_BLOB_GET,
	ST_BLOB_PRESENT,
	ST_BLOBS_ALL,
	ST_BLOB_COUNT,
	ST_TRIGGER_SQL,
	ST_DOC_NAME,
	ST_EVENT_INSERT,
	ST_TRACK_HEAD,
	ST_EVENTS_ALL,
	ST_DOC_FIND,
	ST_DOC_INSERT,
	ST_DOC_UPDATE,
	ST_DOCS_ALL,
	ST_VERSION_INSERT,
	ST_VERSION_ONE,
	ST_VERSIONS_ALL,
	ST_PART_INSERT,
	ST_POINT_INSERT,
	ST_ITEM_INSERT,
	ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
    [ST_BLOB_PUT] = "INSERT OR IGNORE INTO blobs(hash, body) VALUES (?1, ?2)",
    [ST_BLOB_GET] = "SELECT body FROM blobs WHERE hash = ?1",
    [ST_BLOB_PRESENT] = "SELECT 1 FROM blobs WHERE hash = ?1",
    [ST_BLOBS_ALL] = "SELECT hash, body FROM blobs ORDER BY hash",
    [ST_BLOB_COUNT] = "SELECT count(*) FROM blobs",
    [ST_TRIGGER_SQL] = "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
    [ST_DOC_NAME] = "SELECT name FROM documents WHERE id = ?1",
    [ST_EVENT_INSERT] = "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash, sig,"
                        " after, statement) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [ST_TRACK_HEAD] = "SELECT seq, hash FROM events WHERE track = ?1 ORDER BY seq DESC LIMIT 1",
    [ST_EVENTS_ALL] = "SELECT id, track, seq, kind, at, actor, payload, prev, hash, sig, after,"
                      " statement FROM events ORDER BY id",
    [ST_DOC_FIND] = "SELECT id, name, track, latest, next_point FROM documents WHERE name = ?1",
    [ST_DOC_INSERT] = "INSERT INTO documents(name, track, created_event, latest, next_point)"
                      " VALUES (?1, ?2, ?3, 0, 1)",
    [ST_DOC_UPDATE] = "UPDATE documents SET latest = ?2, next_point = ?3 WHERE id = ?1",
    [ST_DOCS_ALL] = "SELECT id, name, track, latest, next_point FROM documents ORDER BY name",
    [ST_VERSION_INSERT] = "INSERT INTO versions(doc, number, event, created_at, source, title,"
                          " preamble, point_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_VERSION_ONE] = "SELECT v.doc, v.number, v.event, v.created_at, v.source, v.title,"
                       " v.preamble, v.point_count, b.body FROM versions v LEFT JOIN blobs b"
                       " ON b.hash = v.title WHERE v.doc = ?1 AND v.number = ?2",
    [ST_VERSIONS_ALL] = "SELECT v.doc, v.number, v.event, v.created_at, v.source, v.title,"
                        " v.preamble, v.point_count, b.body FROM versions v LEFT JOIN blobs b"
                        " ON b.hash = v.title WHERE v.doc = ?1 ORDER BY v.number",
    [ST_PART_INSERT] = "INSERT INTO version_parts(doc, number, ord, heading, intro)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_POINT_INSERT] = "INSERT INTO version_points(doc, number, ord, point_id, label, part,"
                        " text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_ITEM_INSERT] = "INSERT INTO version_items(doc, number, point_ord, ord, label, text)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

typedef struct cached_statement {
	const char *sql; /* the caller's string literal, compared by address */
	sqlite3_stmt *stmt;
} cached_statement;

typedef struct sqlite_store {
	pl_store base;
	cached_statement *cache;
	size_t cache_count, cache_capacity;
	sqlite3 *db;
	char *path;
	int busy_timeout_ms;
	int in_transaction;
	int64_t blob_count;    /* texts stored, once counted (blob_count); -1 before */
	sqlite3_blob *payload; /* an event's payload being written in pieces */
	int payload_offset;    /* where its next piece goes */
	sqlite3_stmt *statements[ST_COUNT];
} sqlite_store;

static int code_of(int sqlite_code)
{
	switch (sqlite_code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return PL_EBUSY;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return PL_EDENIED;
	case SQLITE_NOTADB:
		return PL_EVERSION;
	case SQLITE_CONSTRAINT:
		return PL_ECONFLICT;
	case SQLITE_TOOBIG:
		return PL_ETOOBIG;
	default:
		return PL_EIO;
	}
}

/* Turns the connection's last error into a parley code and message. */
static int db_fail(sqlite_store *store, int sqlite_code, const char *what, pl_error *err)
{
	int code = code_of(sqlite_code);
	if (code == PL_EBUSY)
		return pl_error_set(
		    err, code, "%s: the database %s is locked by another process (waited %d ms)",
		    what, store->path, store->busy_timeout_ms);
	if (code == PL_EDENIED)
		return pl_error_set(err, code, "%s: the database %s is read-only", what,
		                    store->path);
	if (code == PL_EVERSION)
		return pl_error_set(err, code, "%s is not a parley database (not an SQLite file)",
		                    store->path);
	return pl_error_set(err, code, "%s: %s", what,
	                    store->db ? sqlite3_errmsg(store->db) : "cannot open");
}

static sqlite3_stmt *statement(sqlite_store *store, enum statement which, pl_error *err, int *rc)
{
	sqlite3_stmt *stmt = store->statements[which];
	if (stmt) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		return stmt;
	}
	int status = sqlite3_prepare_v3(store->db, statement_sql[which], -1,
	                                SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (status != SQLITE_OK) {
		*rc = db_fail(store, status, "preparing a query", err);
		return NULL;
	}
	store->statements[which] = stmt;
	return stmt;
}

static int exec(sqlite_store *store, const char *sql, const char *what, pl_error *err)
{
	int status = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	return status == SQLITE_OK ? 0 : db_fail(store, status, what, err);
}

static int pragma_int(sqlite_store *store, const char *sql, int *value, pl_error *err)
{
	sqlite3_stmt *stmt;
	int status = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (status == SQLITE_OK) {
		status = sqlite3_step(stmt);
		*value = status == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
		if (status == SQLITE_ROW || status == SQLITE_DONE)
			status = SQLITE_OK;
	} else {
		stmt = NULL;
	}
	sqlite3_finalize(stmt);
	return status == SQLITE_OK ? 0 : db_fail(store, status, "reading the database", err);
}

static void sq_close(pl_store *base);
static void sq_rollback(pl_store *base);

/* 1 when the foreign keys hold (PRAGMA foreign_key_check finds nothing). */
static int foreign_keys_hold(sqlite_store *store)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(store->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	int status = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return status == SQLITE_DONE;
}

static int migrate_from(sqlite_store *store, int from, pl_error *err)
{
	/* A migration may copy a table into a new one (4 -> 5): the foreign
	 * keys are off while it runs (a pragma that only works outside a
	 * transaction), and checked before the upgrade commits. */
	int rc = exec(store, "PRAGMA foreign_keys = OFF", "starting the schema upgrade", err);
	if (rc == 0)
		rc = exec(store, "BEGIN IMMEDIATE", "starting the schema upgrade", err);
	for (int v = from; rc == 0 && v < PL_SCHEMA_VERSION; v++)
		rc = exec(store, pl_store_migrations[v], "upgrading the schema", err);
	if (rc == 0 && !foreign_keys_hold(store))
		rc = pl_error_set(err, PL_EIO,
		                  "upgrading the schema: a reference between tables would break; "
		                  "nothing was changed");
	if (rc == 0) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		         PARLEY_APPLICATION_ID, PL_SCHEMA_VERSION);
		rc = exec(store, sql, "upgrading the schema", err);
	}
	if (rc == 0)
		rc = exec(store, "COMMIT", "upgrading the schema", err);
	if (rc)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	int on = exec(store, "PRAGMA foreign_keys = ON", "finishing the schema upgrade",
	              rc ? NULL : err);
	return rc ? rc : on;
}

static int sq_schema_version(pl_store *base, int *version, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	return pragma_int(store, "PRAGMA user_version", version, err);
}

/* Brings an older schema up to this build's: 'parley migrate'. */
static int sq_migrate(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int version = 0;
	int rc = pragma_int(store, "PRAGMA user_version", &version, err);
	if (rc == 0 && version < PL_SCHEMA_VERSION)
		rc = migrate_from(store, version, err);
	return rc;
}

/* Checks that the file is a parley database this build understands: a
 * new one gets the whole schema; an older one is refused until 'parley
 * migrate' upgrades it (options->migrate), a newer one always. */
static int check_schema(sqlite_store *store, const pl_store_open_options *options, pl_error *err)
{
	int app = 0, version = 0, tables = 0;
	int rc = pragma_int(store, "PRAGMA application_id", &app, err);
	if (rc == 0)
		rc = pragma_int(store, "PRAGMA user_version", &version, err);
	if (rc == 0)
		rc = pragma_int(store, "SELECT count(*) FROM sqlite_schema", &tables, err);
	if (rc)
		return rc;
	if (app != PARLEY_APPLICATION_ID && (tables > 0 || !options->create))
		return pl_error_set(err, PL_EVERSION, "%s is not a parley database", store->path);
	if (app == PARLEY_APPLICATION_ID && options->create)
		return pl_error_set(err, PL_ECONFLICT, "%s already holds a negotiation",
		                    store->path);
	if (options->create)
		return migrate_from(store, 0, err);
	/* Before schema 4 an event's signature covered its place in the
	 * chain; a record of then cannot be carried over, since only its
	 * signers could sign it again. */
	int events = 0;
	if (version > 0 && version < 4 &&
	    pragma_int(store, "SELECT count(*) FROM events", &events, err) == 0 && events > 0)
		return pl_error_set(err, PL_EVERSION,
		                    "%s was written by an earlier parley (schema %d), whose "
		                    "signatures this build does not read; its signers would have "
		                    "to sign its events again",
		                    store->path, version);
	return pl_store_schema_check(store->path, version, options, err);
}

static int open_connection(sqlite_store *store, const pl_store_open_options *options, pl_error *err)
{
	struct stat st;
	int exists = stat(options->path, &st) == 0;
	if (!exists && !options->create)
		return pl_error_set(err, PL_ENOTFOUND,
		                    "no negotiation database at %s (run 'parley init' first)",
		                    options->path);
	if (exists && !S_ISREG(st.st_mode))
		return pl_error_set(err, PL_EINVALID, "%s is not a regular file", options->path);
	int flags = options->read_only
	                ? SQLITE_OPEN_READONLY
	                : SQLITE_OPEN_READWRITE | (options->create ? SQLITE_OPEN_CREATE : 0);
	/* One thread at a time uses a store (include/parley/negotiation.h), so
	 * the connection needs no mutex of its own around every call. */
	pthread_once(&configured, configure_sqlite);
	int status = sqlite3_open_v2(options->path, &store->db,
	                             flags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "opening the database", err);
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, store->busy_timeout_ms);
	if (!options->read_only && sqlite3_db_readonly(store->db, "main") == 1)
		return pl_error_set(err, PL_EDENIED, "the database %s is read-only", store->path);
	return 0;
}

static int sq_open(pl_store **out, const pl_store_open_options *options, pl_error *err)
{
	*out = NULL;
	sqlite_store *store = pl_calloc(1, sizeof *store);
	store->base.engine = &pl_store_sqlite;
	store->path = pl_strdup(options->path);
	store->busy_timeout_ms = options->busy_timeout_ms > 0 ? options->busy_timeout_ms : 5000;
	store->blob_count = -1;
	int rc = pl_record_init() ? pl_error_set(err, PL_EIO, "libsodium failed to start") : 0;
	if (rc == 0)
		rc = open_connection(store, options, err);
	if (rc == 0)
		rc = exec(store, "PRAGMA foreign_keys = ON", "configuring the database", err);
	/* Pages read through a map: a version's point rows and their texts
	 * (rows of two tables, read in turns) would otherwise cost a read(2)
	 * each time the page cache lets one go. Writes still go by write(2). */
	if (rc == 0)
		rc = exec(store, "PRAGMA mmap_size = 268435456", "configuring the database", err);
	if (rc == 0)
		rc = check_schema(store, options, err);
	if (rc == 0 && !options->read_only)
		rc = exec(store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL",
		          "configuring the database", err);
	if (rc) {
		sq_close(&store->base);
		return rc;
	}
	*out = &store->base;
	return 0;
}

static void sq_close(pl_store *base)
{
	sqlite_store *store = (sqlite_store *)base;
	if (!store)
		return;
	sqlite3_blob_close(store->payload);
	if (store->in_transaction)
		sq_rollback(base);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(store->statements[i]);
	for (size_t i = 0; i < store->cache_count; i++)
		sqlite3_finalize(store->cache[i].stmt);
	free(store->cache);
	sqlite3_close(store->db);
	free(store->path);
	free(store);
}

static int sq_begin(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = exec(store, "BEGIN IMMEDIATE", "starting a transaction", err);
	store->in_transaction = rc == 0;
	return rc;
}

static int sq_commit(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = exec(store, "COMMIT", "committing", err);
	if (rc == 0)
		store->in_transaction = 0;
	return rc;
}

static int step_done(sqlite_store *store, sqlite3_stmt *stmt, const char *what, pl_error *err);
static const char savepoint_sql[] = "SAVEPOINT change";
static const char release_sql[] = "RELEASE change";

/* Savepoints are prepared once: a batch of thousands of changes would
 * otherwise parse the same statement thousands of times. */
static sqlite3_stmt *cached(sqlite_store *store, const char *sql, pl_error *err, int *rc);

static int sq_savepoint(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = cached(store, savepoint_sql, err, &rc);
	return stmt ? step_done(store, stmt, "starting a change", err) : rc;
}

static int sq_release(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = cached(store, release_sql, err, &rc);
	return stmt ? step_done(store, stmt, "finishing a change", err) : rc;
}

static void sq_rollback_savepoint(pl_store *base)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_exec(store->db, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
}

static void sq_rollback(pl_store *base)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->in_transaction = 0;
}

/* Steps a statement that returns no rows. */
static int step_done(sqlite_store *store, sqlite3_stmt *stmt, const char *what, pl_error *err)
{
	int status = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return status == SQLITE_DONE ? 0 : db_fail(store, status, what, err);
}

static void bind_hash(sqlite3_stmt *stmt, int index, const uint8_t *hash)
{
	if (hash)
		sqlite3_bind_blob(stmt, index, hash, PL_HASH_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

static void bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

static const char *column_text(sqlite3_stmt *stmt, int index)
{
	return (const char *)sqlite3_column_text(stmt, index);
}

static const uint8_t *column_hash(sqlite3_stmt *stmt, int index)
{
	if (sqlite3_column_bytes(stmt, index) != PL_HASH_BYTES)
		return NULL;
	return sqlite3_column_blob(stmt, index);
}

/* --- texts checked against their hashes -------------------------------- */

enum text_state { TEXT_OK, TEXT_MISSING, TEXT_ALTERED };

/* Whether the text in column body (NULL: not stored) is the one stored under
 * the key_len bytes of key. */
static enum text_state text_state(const void *key, int key_len, sqlite3_stmt *stmt, int body)
{
	if (sqlite3_column_type(stmt, body) == SQLITE_NULL)
		return TEXT_MISSING;
	const unsigned char *text = sqlite3_column_text(stmt, body);
	uint8_t actual[PL_HASH_BYTES];
	pl_hash(actual, text, (size_t)sqlite3_column_bytes(stmt, body));
	return key_len == PL_HASH_BYTES && memcmp(key, actual, PL_HASH_BYTES) == 0 ? TEXT_OK
	                                                                           : TEXT_ALTERED;
}

/* Only bench/read_hash.sh builds with this, to measure what the check
 * costs the reads of a version; no other build may. */
#ifdef PARLEY_BENCH_NO_READ_CHECK
#define READ_CHECK 0
#else
#define READ_CHECK 1
#endif

/* The same for a row whose key sits in column key; a NULL key is a text
 * the row does not have (a part without an introduction). */
static enum text_state column_state(sqlite3_stmt *stmt, int key, int body)
{
	if (!READ_CHECK || sqlite3_column_type(stmt, key) == SQLITE_NULL)
		return TEXT_OK;
	const void *bytes = sqlite3_column_blob(stmt, key);
	return text_state(bytes, sqlite3_column_bytes(stmt, key), stmt, body);
}

/* The same for a key read from a row, which need not be a whole hash. */
static int text_fail(enum text_state state, const void *key, int key_len, const char *place,
                     pl_error *err)
{
	uint8_t hash[PL_HASH_BYTES] = {0};
	if (key && key_len > 0)
		memcpy(hash, key, key_len < PL_HASH_BYTES ? (size_t)key_len : PL_HASH_BYTES);
	return pl_store_text_fail(err, state == TEXT_MISSING, hash, place);
}

/* "name@number" of a version, for messages; "?@number" when the document
 * cannot be found (the message it goes into is already an error's). */
static void version_name(sqlite_store *store, int64_t doc, int number, char *out, size_t size)
{
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_DOC_NAME, NULL, &rc);
	const char *name = NULL;
	if (stmt) {
		sqlite3_bind_int64(stmt, 1, doc);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			name = column_text(stmt, 0);
	}
	snprintf(out, size, "%s@%d", name ? name : "?", number);
	if (stmt)
		sqlite3_reset(stmt);
}

static int sq_put_blob(pl_store *base, const uint8_t hash[PL_HASH_BYTES], const char *text,
                       size_t len, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_BLOB_PUT, err, &rc);
	if (!stmt)
		return rc;
	bind_hash(stmt, 1, hash);
	sqlite3_bind_text(stmt, 2, text, (int)len, SQLITE_STATIC);
	return step_done(store, stmt, "storing a text", err);
}

static int sq_get_blob(pl_store *base, const uint8_t hash[PL_HASH_BYTES], char **out, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	*out = NULL;
	sqlite3_stmt *stmt = statement(store, ST_BLOB_GET, err, &rc);
	if (!stmt)
		return rc;
	bind_hash(stmt, 1, hash);
	int status = sqlite3_step(stmt);
	enum text_state state =
	    status == SQLITE_ROW ? text_state(hash, PL_HASH_BYTES, stmt, 0) : TEXT_MISSING;
	if (status != SQLITE_ROW && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading a text", err);
	else if (state != TEXT_OK)
		rc = text_fail(state, hash, PL_HASH_BYTES, "", err);
	else
		*out = pl_strdup(column_text(stmt, 0));
	sqlite3_reset(stmt);
	return rc;
}

/* --- many texts at once ------------------------------------------------ */

/* The wanted texts by their keys: an open-addressing table of the first
 * of each distinct key (its duplicates chained through dup), sized to a
 * power of two at least twice their count. */
typedef struct wanted {
	pl_store_text *texts;
	size_t *slots; /* index + 1 into texts; 0: empty */
	size_t *dup;   /* the next text with the same key, index + 1; 0: none */
	size_t mask;
	size_t *firsts; /* the first of each distinct key, in the order added */
	size_t distinct;
} wanted;

static size_t key_slot(const wanted *w, const uint8_t *key)
{
	uint64_t h;
	memcpy(&h, key, sizeof h); /* a hash's bytes are already uniform */
	return (size_t)h & w->mask;
}

/* The first wanted text stored under key, index + 1; 0 if none. */
static size_t find_wanted(const wanted *w, const uint8_t *key)
{
	for (size_t at = key_slot(w, key);; at = (at + 1) & w->mask) {
		size_t i = w->slots[at];
		if (i == 0 || memcmp(w->texts[i - 1].hash, key, PL_HASH_BYTES) == 0)
			return i;
	}
}

static void wanted_init(wanted *w, pl_store_text *texts, size_t count)
{
	size_t size = 16;
	while (size < 2 * count)
		size *= 2;
	*w = (wanted){.texts = texts, .mask = size - 1};
	w->slots = pl_calloc(size, sizeof *w->slots);
	w->dup = pl_calloc(count, sizeof *w->dup);
	w->firsts = pl_malloc(count * sizeof *w->firsts);
	size_t *last = pl_malloc(count * sizeof *last); /* the tail of each chain */
	for (size_t i = 0; i < count; i++) {
		size_t at = key_slot(w, texts[i].hash);
		while (w->slots[at] &&
		       memcmp(texts[w->slots[at] - 1].hash, texts[i].hash, PL_HASH_BYTES) != 0)
			at = (at + 1) & w->mask;
		if (w->slots[at]) {
			size_t first = w->slots[at] - 1;
			w->dup[last[first]] = i + 1;
			last[first] = i;
		} else {
			w->slots[at] = i + 1;
			last[i] = i;
			w->firsts[w->distinct++] = i;
		}
	}
	free(last);
}

static void wanted_free(wanted *w)
{
	free(w->slots);
	free(w->dup);
	free(w->firsts);
}

/* The stored body (len bytes) of the texts under the key of first, checked
 * against it. */
static void take_text(const wanted *w, size_t first, const unsigned char *body, size_t len)
{
	pl_store_text *t = &w->texts[first];
	uint8_t actual[PL_HASH_BYTES];
	pl_hash(actual, body, len);
	if (memcmp(actual, t->hash, PL_HASH_BYTES) != 0) {
		t->state = PL_STORE_TEXT_ALTERED;
	} else {
		t->text = pl_malloc(len + 1);
		memcpy(t->text, body, len);
		t->text[len] = '\0';
		t->state = PL_STORE_TEXT_OK;
	}
	for (size_t i = w->dup[first]; i; i = w->dup[i - 1]) {
		w->texts[i - 1].state = t->state;
		w->texts[i - 1].text = t->text ? pl_strdup(t->text) : NULL;
	}
}

/* One lookup per distinct text. */
static int texts_by_lookup(sqlite_store *store, const wanted *w, pl_error *err)
{
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < w->distinct; k++) {
		size_t first = w->firsts[k];
		sqlite3_stmt *stmt = statement(store, ST_BLOB_GET, err, &rc);
		if (!stmt)
			break;
		bind_hash(stmt, 1, w->texts[first].hash);
		int status = sqlite3_step(stmt);
		if (status == SQLITE_ROW)
			take_text(w, first, sqlite3_column_text(stmt, 0),
			          (size_t)sqlite3_column_bytes(stmt, 0));
		else if (status != SQLITE_DONE)
			rc = db_fail(store, status, "reading a text", err);
		sqlite3_reset(stmt);
	}
	return rc;
}

/* One walk over the stored texts, each key looked up among the wanted:
 * where a lookup would search the tree from its root for every text. */
static int texts_by_scan(sqlite_store *store, const wanted *w, pl_error *err)
{
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_BLOBS_ALL, err, &rc);
	if (!stmt)
		return rc;
	size_t left = w->distinct;
	int status = SQLITE_ROW;
	while (left > 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *key = sqlite3_column_blob(stmt, 0);
		if (sqlite3_column_bytes(stmt, 0) != PL_HASH_BYTES)
			continue; /* a stray row: never a wanted key */
		size_t i = find_wanted(w, key);
		if (i == 0 || w->texts[i - 1].state != PL_STORE_TEXT_MISSING)
			continue;
		take_text(w, i - 1, sqlite3_column_text(stmt, 1),
		          (size_t)sqlite3_column_bytes(stmt, 1));
		left--;
	}
	if (status != SQLITE_ROW && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading the texts", err);
	sqlite3_reset(stmt);
	return rc;
}

/* How many texts are stored: counted once for the handle (texts are only
 * ever added, so an older count only makes a walk a little likelier). */
static int blob_count(sqlite_store *store, int64_t *out, pl_error *err)
{
	if (store->blob_count >= 0) {
		*out = store->blob_count;
		return 0;
	}
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_BLOB_COUNT, err, &rc);
	if (!stmt)
		return rc;
	int status = sqlite3_step(stmt);
	if (status == SQLITE_ROW)
		*out = store->blob_count = sqlite3_column_int64(stmt, 0);
	else
		rc = db_fail(store, status, "counting the texts", err);
	sqlite3_reset(stmt);
	return rc;
}

static int sq_get_texts(pl_store *base, pl_store_text *texts, size_t count, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	for (size_t i = 0; i < count; i++) {
		texts[i].text = NULL;
		texts[i].state = PL_STORE_TEXT_MISSING;
	}
	if (count == 0)
		return 0;
	wanted w;
	wanted_init(&w, texts, count);
	/* A walk costs a step per stored text, a lookup some twenty key
	 * comparisons, about eight steps' worth: walk when more than one
	 * stored text in eight is wanted. Below a thousand wanted, lookups
	 * cost less than counting the stored texts would (count(*) walks
	 * every page of the table), so they are not counted at all. */
	int rc = 0;
	int walk = 0;
	if (w.distinct >= 1024) {
		int64_t stored = 0;
		rc = blob_count(store, &stored, err);
		walk = rc == 0 && (int64_t)w.distinct * 8 >= stored;
	}
	if (rc == 0)
		rc = walk ? texts_by_scan(store, &w, err) : texts_by_lookup(store, &w, err);
	wanted_free(&w);
	return rc;
}

static int sq_blob_present(pl_store *base, const uint8_t hash[PL_HASH_BYTES], int *present,
                           pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	*present = 0;
	sqlite3_stmt *stmt = statement(store, ST_BLOB_PRESENT, err, &rc);
	if (!stmt)
		return rc;
	bind_hash(stmt, 1, hash);
	int status = sqlite3_step(stmt);
	*present = status == SQLITE_ROW;
	if (status != SQLITE_ROW && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading a text", err);
	sqlite3_reset(stmt);
	return rc;
}

static int sq_blobs_check(pl_store *base, uint8_t bad_out[PL_HASH_BYTES], int *found, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	*found = 0;
	sqlite3_stmt *stmt;
	int status = sqlite3_prepare_v2(store->db, statement_sql[ST_BLOBS_ALL], -1, &stmt, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "reading texts", err);
	while (!*found && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *key = sqlite3_column_blob(stmt, 0);
		int len = sqlite3_column_bytes(stmt, 0);
		if (text_state(key, len, stmt, 1) == TEXT_OK)
			continue;
		*found = 1;
		memset(bad_out, 0, PL_HASH_BYTES);
		if (key)
			memcpy(bad_out, key, len < PL_HASH_BYTES ? (size_t)len : PL_HASH_BYTES);
	}
	int rc = *found || status == SQLITE_DONE ? 0 : db_fail(store, status, "reading texts", err);
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_triggers_check(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < pl_store_trigger_count; i++) {
		sqlite3_stmt *stmt = statement(store, ST_TRIGGER_SQL, err, &rc);
		if (!stmt)
			break;
		bind_text(stmt, 1, pl_store_triggers[i][0]);
		int status = sqlite3_step(stmt);
		const char *sql = status == SQLITE_ROW ? column_text(stmt, 0) : NULL;
		if (status != SQLITE_ROW && status != SQLITE_DONE)
			rc = db_fail(store, status, "reading the schema", err);
		else if (!sql || strcmp(sql, pl_store_triggers[i][1]) != 0)
			rc = pl_error_set(
			    err, PL_EBADSIG, "the append-only trigger %s %s: " STORE_ALTERED,
			    pl_store_triggers[i][0], sql ? "was changed" : "is missing");
		sqlite3_reset(stmt);
	}
	return rc;
}

/* The row of event; with payload_len > 0, its payload is payload_len
 * zero bytes, written afterwards in pieces (sq_event_payload_write). */
static int insert_event(sqlite_store *store, const pl_store_event *event, size_t payload_len,
                        int64_t *id_out, pl_error *err)
{
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_EVENT_INSERT, err, &rc);
	if (!stmt)
		return rc;
	bind_text(stmt, 1, event->track);
	sqlite3_bind_int64(stmt, 2, event->seq);
	bind_text(stmt, 3, event->kind);
	bind_text(stmt, 4, event->at);
	bind_text(stmt, 5, event->actor);
	if (payload_len)
		sqlite3_bind_zeroblob64(stmt, 6, payload_len);
	else
		bind_text(stmt, 6, event->payload);
	bind_hash(stmt, 7, event->prev);
	bind_hash(stmt, 8, event->hash);
	if (event->sig)
		sqlite3_bind_blob(stmt, 9, event->sig, PL_SIGNATURE_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 9);
	bind_hash(stmt, 10, event->after);
	bind_hash(stmt, 11, event->statement);
	rc = step_done(store, stmt, "appending an event", err);
	if (rc == 0 && id_out)
		*id_out = sqlite3_last_insert_rowid(store->db);
	return rc;
}

static int sq_event_insert(pl_store *base, const pl_store_event *event, int64_t *id_out,
                           pl_error *err)
{
	return insert_event((sqlite_store *)base, event, 0, id_out, err);
}

/* A payload of megabytes bound whole is copied once more into SQLite's
 * record of the row: the row is made with room for it (a zeroblob, which
 * SQLite writes to its pages without holding it), and the payload is then
 * written into that room through the incremental blob interface. The
 * value is stored as a BLOB; every reader takes its bytes as text. */
static int sq_event_insert_open(pl_store *base, const pl_store_event *event, size_t payload_len,
                                int64_t *id_out, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	if (payload_len == 0 || payload_len > INT_MAX)
		return pl_error_set(err, PL_ETOOBIG, "an event's payload of %zu bytes",
		                    payload_len);
	int64_t id = 0;
	int rc = insert_event(store, event, payload_len, &id, err);
	if (rc)
		return rc;
	sqlite3_blob_close(store->payload);
	store->payload = NULL;
	store->payload_offset = 0;
	int status =
	    sqlite3_blob_open(store->db, "main", "events", "payload", id, 1, &store->payload);
	if (status != SQLITE_OK) {
		sqlite3_blob_close(store->payload);
		store->payload = NULL;
		return db_fail(store, status, "writing an event's payload", err);
	}
	if (id_out)
		*id_out = id;
	return 0;
}

static int sq_event_payload_write(pl_store *base, const char *bytes, size_t len, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	if (!store->payload)
		return pl_error_set(err, PL_EIO, "no event's payload is being written");
	if (len > (size_t)(sqlite3_blob_bytes(store->payload) - store->payload_offset))
		return pl_error_set(err, PL_EIO, "an event's payload runs past its length");
	int status = sqlite3_blob_write(store->payload, bytes, (int)len, store->payload_offset);
	if (status != SQLITE_OK)
		return db_fail(store, status, "writing an event's payload", err);
	store->payload_offset += (int)len;
	return 0;
}

static void sq_event_payload_close(pl_store *base)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_blob_close(store->payload);
	store->payload = NULL;
	store->payload_offset = 0;
}

static int sq_track_head(pl_store *base, const char *track, int64_t *seq_out,
                         uint8_t hash_out[PL_HASH_BYTES], pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_TRACK_HEAD, err, &rc);
	if (!stmt)
		return rc;
	bind_text(stmt, 1, track);
	int status = sqlite3_step(stmt);
	*seq_out = 0;
	memset(hash_out, 0, PL_HASH_BYTES);
	if (status == SQLITE_ROW) {
		*seq_out = sqlite3_column_int64(stmt, 0);
		const uint8_t *hash = column_hash(stmt, 1);
		if (hash)
			memcpy(hash_out, hash, PL_HASH_BYTES);
	} else if (status != SQLITE_DONE) {
		rc = db_fail(store, status, "reading a track's head", err);
	}
	sqlite3_reset(stmt);
	return rc;
}

/* Calls fn for each event a prepared statement of ST_EVENTS_ALL's columns
 * yields, then finalizes it. */
static int each_event(sqlite_store *store, sqlite3_stmt *stmt, pl_store_event_fn fn, void *context,
                      pl_error *err)
{
	int rc = 0, status;
	while (rc == 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		pl_store_event event = {
		    .id = sqlite3_column_int64(stmt, 0),
		    .track = column_text(stmt, 1),
		    .seq = sqlite3_column_int64(stmt, 2),
		    .kind = column_text(stmt, 3),
		    .at = column_text(stmt, 4),
		    .actor = column_text(stmt, 5),
		    .payload = column_text(stmt, 6),
		    .prev = column_hash(stmt, 7),
		    .hash = column_hash(stmt, 8),
		    .sig = sqlite3_column_bytes(stmt, 9) == PL_SIGNATURE_BYTES
		               ? sqlite3_column_blob(stmt, 9)
		               : NULL,
		    .after = column_hash(stmt, 10),
		    .statement = column_hash(stmt, 11),
		};
		rc = fn(context, &event, err);
	}
	if (rc == 0 && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading events", err);
	sqlite3_finalize(stmt);
	return rc;
}

/* Every event, or those of one kind (whose payloads are the only ones
 * read), in appending order. Not the cached statement: fn may itself use
 * the store. */
static int sq_events_foreach(pl_store *base, const char *kind, pl_store_event_fn fn, void *context,
                             pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_stmt *stmt;
	const char *sql = kind ? "SELECT id, track, seq, kind, at, actor, payload, prev, hash,"
	                         " sig, after, statement FROM events WHERE kind = ?1 ORDER BY id"
	                       : statement_sql[ST_EVENTS_ALL];
	int status = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "reading events", err);
	if (kind)
		sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_TRANSIENT);
	return each_event(store, stmt, fn, context, err);
}

static int sq_clear_projections(pl_store *base, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	/* Children first, for the foreign keys. */
	for (size_t i = pl_store_projection_count; rc == 0 && i-- > 0;) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", pl_store_projections[i][0]);
		rc = exec(store, sql, "clearing projections", err);
	}
	return rc;
}

/* Serialises one row unambiguously: per column a type byte, a length and
 * the bytes. */
static void digest_row(pl_buf *acc, sqlite3_stmt *stmt)
{
	int columns = sqlite3_column_count(stmt);
	for (int c = 0; c < columns; c++) {
		int type = sqlite3_column_type(stmt, c);
		const void *bytes = type == SQLITE_BLOB
		                        ? sqlite3_column_blob(stmt, c)
		                        : (const void *)sqlite3_column_text(stmt, c);
		int len = type == SQLITE_NULL ? 0 : sqlite3_column_bytes(stmt, c);
		pl_buf_printf(acc, "%d:%d:", type, len);
		pl_buf_put(acc, bytes, (size_t)len);
	}
	pl_buf_putc(acc, '\n');
}

static int sq_projection_digest(pl_store *base, uint8_t out[PL_HASH_BYTES], pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	pl_buf acc = PL_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < pl_store_projection_count; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s",
		         pl_store_projections[i][0], pl_store_projections[i][1]);
		sqlite3_stmt *stmt;
		int status = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
		if (status != SQLITE_OK) {
			rc = db_fail(store, status, "reading projections", err);
			break;
		}
		pl_buf_printf(&acc, "table %s\n", pl_store_projections[i][0]);
		while ((status = sqlite3_step(stmt)) == SQLITE_ROW)
			digest_row(&acc, stmt);
		if (status != SQLITE_DONE)
			rc = db_fail(store, status, "reading projections", err);
		sqlite3_finalize(stmt);
	}
	if (rc == 0)
		pl_hash(out, acc.ptr, acc.len);
	pl_buf_free(&acc);
	return rc;
}

static void read_document(sqlite3_stmt *stmt, pl_store_document *out)
{
	out->id = sqlite3_column_int64(stmt, 0);
	out->name = pl_strdup(column_text(stmt, 1));
	out->track = pl_strdup(column_text(stmt, 2));
	out->latest = sqlite3_column_int(stmt, 3);
	out->next_point = sqlite3_column_int64(stmt, 4);
}

static int sq_document_find(pl_store *base, const char *name, pl_store_document *out, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = statement(store, ST_DOC_FIND, err, &rc);
	if (!stmt)
		return rc;
	bind_text(stmt, 1, name);
	int status = sqlite3_step(stmt);
	if (status == SQLITE_ROW)
		read_document(stmt, out);
	else if (status == SQLITE_DONE)
		rc = PL_ENOTFOUND;
	else
		rc = db_fail(store, status, "reading documents", err);
	sqlite3_reset(stmt);
	return rc;
}

static int sq_document_insert(pl_store *base, const char *name, const char *track, int64_t event,
                              int64_t *id_out, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_DOC_INSERT, err, &rc);
	if (!stmt)
		return rc;
	bind_text(stmt, 1, name);
	bind_text(stmt, 2, track);
	sqlite3_bind_int64(stmt, 3, event);
	rc = step_done(store, stmt, "adding a document", err);
	if (rc == 0)
		*id_out = sqlite3_last_insert_rowid(store->db);
	return rc;
}

static int sq_document_update(pl_store *base, int64_t id, int latest, int64_t next_point,
                              pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_DOC_UPDATE, err, &rc);
	if (!stmt)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, latest);
	sqlite3_bind_int64(stmt, 3, next_point);
	return step_done(store, stmt, "updating a document", err);
}

static int sq_documents_foreach(pl_store *base, pl_store_document_fn fn, void *context,
                                pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_stmt *stmt;
	int status = sqlite3_prepare_v2(store->db, statement_sql[ST_DOCS_ALL], -1, &stmt, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "reading documents", err);
	int rc = 0;
	while (rc == 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		pl_store_document doc;
		read_document(stmt, &doc);
		rc = fn(context, &doc, err);
		pl_store_document_clear(&doc);
	}
	if (rc == 0 && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading documents", err);
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_version_insert(pl_store *base, const pl_store_version *version, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_VERSION_INSERT, err, &rc);
	if (!stmt)
		return rc;
	sqlite3_bind_int64(stmt, 1, version->doc);
	sqlite3_bind_int(stmt, 2, version->number);
	sqlite3_bind_int64(stmt, 3, version->event);
	bind_text(stmt, 4, version->created_at);
	bind_text(stmt, 5, version->source);
	bind_hash(stmt, 6, version->title);
	bind_hash(stmt, 7, version->preamble);
	sqlite3_bind_int64(stmt, 8, version->point_count);
	return step_done(store, stmt, "adding a version", err);
}

/* The title of a row of ST_VERSION_ONE or ST_VERSIONS_ALL: key in column
 * 5, text in column 8. */
static int check_title(sqlite_store *store, sqlite3_stmt *stmt, const pl_store_version *version,
                       pl_error *err)
{
	enum text_state state = column_state(stmt, 5, 8);
	if (state == TEXT_OK)
		return 0;
	char name[300], place[320];
	version_name(store, version->doc, version->number, name, sizeof name);
	snprintf(place, sizeof place, "%s title", name);
	const void *key = sqlite3_column_blob(stmt, 5);
	return text_fail(state, key, sqlite3_column_bytes(stmt, 5), place, err);
}

static int sq_versions_foreach(pl_store *base, int64_t doc, int number, pl_store_version_fn fn,
                               void *context, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_stmt *stmt;
	const char *sql = statement_sql[number ? ST_VERSION_ONE : ST_VERSIONS_ALL];
	int status = sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "reading versions", err);
	sqlite3_bind_int64(stmt, 1, doc);
	if (number)
		sqlite3_bind_int(stmt, 2, number);
	int rc = 0, rows = 0;
	while (rc == 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		pl_store_version version = {
		    .doc = sqlite3_column_int64(stmt, 0),
		    .number = sqlite3_column_int(stmt, 1),
		    .event = sqlite3_column_int64(stmt, 2),
		    .created_at = column_text(stmt, 3),
		    .source = column_text(stmt, 4),
		    .title = column_hash(stmt, 5),
		    .preamble = column_hash(stmt, 6),
		    .point_count = sqlite3_column_int64(stmt, 7),
		};
		rows++;
		rc = check_title(store, stmt, &version, err);
		if (rc == 0)
			rc = fn(context, &version, column_text(stmt, 8), err);
	}
	if (rc == 0 && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading versions", err);
	sqlite3_finalize(stmt);
	return rc == 0 && rows == 0 ? PL_ENOTFOUND : rc;
}

static int sq_part_insert(pl_store *base, int64_t doc, int number, int64_t ord,
                          const uint8_t *heading, const uint8_t *intro, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_PART_INSERT, err, &rc);
	if (!stmt)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_int(stmt, 2, number);
	sqlite3_bind_int64(stmt, 3, ord);
	bind_hash(stmt, 4, heading);
	bind_hash(stmt, 5, intro);
	return step_done(store, stmt, "adding a part", err);
}

static int sq_point_insert(pl_store *base, int64_t doc, int number, int64_t ord, const char *id,
                           const char *label, int64_t part, const uint8_t *text, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_POINT_INSERT, err, &rc);
	if (!stmt)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_int(stmt, 2, number);
	sqlite3_bind_int64(stmt, 3, ord);
	bind_text(stmt, 4, id);
	bind_text(stmt, 5, label);
	if (part < 0)
		sqlite3_bind_null(stmt, 6);
	else
		sqlite3_bind_int64(stmt, 6, part);
	bind_hash(stmt, 7, text);
	return step_done(store, stmt, "adding a point", err);
}

static int sq_item_insert(pl_store *base, int64_t doc, int number, int64_t point_ord, int64_t ord,
                          const char *label, const uint8_t *text, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = statement(store, ST_ITEM_INSERT, err, &rc);
	if (!stmt)
		return rc;
	sqlite3_bind_int64(stmt, 1, doc);
	sqlite3_bind_int(stmt, 2, number);
	sqlite3_bind_int64(stmt, 3, point_ord);
	sqlite3_bind_int64(stmt, 4, ord);
	bind_text(stmt, 5, label);
	bind_hash(stmt, 6, text);
	return step_done(store, stmt, "adding a sub-item", err);
}

/* --- generic statements ---------------------------------------------- */

typedef struct sqlite_row {
	pl_store_row base;
	sqlite3_stmt *stmt;
} sqlite_row;

static sqlite3_stmt *row_statement(const pl_store_row *row)
{
	return ((const sqlite_row *)row)->stmt;
}

static const char *sq_row_text(const pl_store_row *row, int column)
{
	return column_text(row_statement(row), column);
}

static int64_t sq_row_int(const pl_store_row *row, int column)
{
	return sqlite3_column_int64(row_statement(row), column);
}

static const void *sq_row_blob(const pl_store_row *row, int column, size_t *len)
{
	sqlite3_stmt *stmt = row_statement(row);
	*len = (size_t)sqlite3_column_bytes(stmt, column);
	return sqlite3_column_blob(stmt, column);
}

static int sq_row_is_null(const pl_store_row *row, int column)
{
	return sqlite3_column_type(row_statement(row), column) == SQLITE_NULL;
}

static sqlite3_stmt *cached(sqlite_store *store, const char *sql, pl_error *err, int *rc)
{
	for (size_t i = 0; i < store->cache_count; i++)
		if (store->cache[i].sql == sql) {
			sqlite3_reset(store->cache[i].stmt);
			sqlite3_clear_bindings(store->cache[i].stmt);
			return store->cache[i].stmt;
		}
	sqlite3_stmt *stmt;
	int status = sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (status != SQLITE_OK) {
		*rc = db_fail(store, status, "preparing a query", err);
		return NULL;
	}
	store->cache = pl_grow(store->cache, &store->cache_capacity, store->cache_count + 1,
	                       sizeof *store->cache);
	store->cache[store->cache_count++] = (cached_statement){sql, stmt};
	return stmt;
}

static void bind_all(sqlite3_stmt *stmt, const char *types, va_list args)
{
	for (int i = 0; types[i]; i++) {
		if (types[i] == 's') {
			bind_text(stmt, i + 1, va_arg(args, const char *));
		} else if (types[i] == 'i') {
			sqlite3_bind_int64(stmt, i + 1, va_arg(args, int64_t));
		} else if (types[i] == 'b') {
			const void *data = va_arg(args, const void *);
			size_t len = va_arg(args, size_t);
			if (data)
				sqlite3_bind_blob(stmt, i + 1, data, (int)len, SQLITE_STATIC);
			else
				sqlite3_bind_null(stmt, i + 1);
		}
	}
}

static int sq_exec(pl_store *base, pl_error *err, const char *sql, const char *types, va_list args)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = cached(store, sql, err, &rc);
	if (!stmt)
		return rc;
	bind_all(stmt, types, args);
	return step_done(store, stmt, "writing the record", err);
}

static int sq_query(pl_store *base, pl_error *err, pl_store_row_fn fn, void *context, size_t *rows,
                    const char *sql, const char *types, va_list args)
{
	sqlite_store *store = (sqlite_store *)base;
	int rc = 0;
	sqlite3_stmt *stmt = cached(store, sql, err, &rc);
	if (!stmt)
		return rc;
	bind_all(stmt, types, args);
	size_t count = 0;
	int status;
	sqlite_row row = {{&pl_store_sqlite}, stmt};
	while (rc == 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		count++;
		if (fn)
			rc = fn(context, &row.base, err);
	}
	if (rc == 0 && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading the record", err);
	sqlite3_reset(stmt);
	if (rows)
		*rows = count;
	return rc;
}

/* --- what only this engine has ------------------------------------------- */

/* SQLite's own counter of changes made by other connections. */
static int sq_data_version(pl_store *base, int64_t *out, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	static const char sql[] = "PRAGMA data_version";
	int rc = 0;
	*out = 0;
	sqlite3_stmt *stmt = cached(store, sql, err, &rc);
	if (!stmt)
		return rc;
	int status = sqlite3_step(stmt);
	if (status == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else
		rc = db_fail(store, status, "reading the database", err);
	sqlite3_reset(stmt);
	return rc;
}

/* A file says nothing when another process writes it: the caller polls. */
static int sq_wait_change(pl_store *base, int timeout_ms, pl_error *err)
{
	(void)base;
	(void)timeout_ms;
	(void)err;
	return 1;
}

static int sq_blobs_foreach(pl_store *base, pl_store_blob_fn fn, void *context, pl_error *err)
{
	sqlite_store *store = (sqlite_store *)base;
	sqlite3_stmt *stmt;
	int status = sqlite3_prepare_v2(store->db, statement_sql[ST_BLOBS_ALL], -1, &stmt, NULL);
	if (status != SQLITE_OK)
		return db_fail(store, status, "reading texts", err);
	int rc = 0;
	while (rc == 0 && (status = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != PL_HASH_BYTES)
			continue;
		rc = fn(context, sqlite3_column_blob(stmt, 0), column_text(stmt, 1),
		        (size_t)sqlite3_column_bytes(stmt, 1), err);
	}
	if (rc == 0 && status != SQLITE_DONE)
		rc = db_fail(store, status, "reading texts", err);
	sqlite3_finalize(stmt);
	return rc;
}

const pl_store_engine pl_store_sqlite = {
    .version = PL_STORE_ENGINE_VERSION,
    .name = "SQLite",
    .dialect = PL_STORE_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .schema_version = sq_schema_version,
    .migrate = sq_migrate,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .release = sq_release,
    .rollback_savepoint = sq_rollback_savepoint,
    .get_texts = sq_get_texts,
    .put_blob = sq_put_blob,
    .get_blob = sq_get_blob,
    .blob_present = sq_blob_present,
    .blobs_check = sq_blobs_check,
    .blobs_foreach = sq_blobs_foreach,
    .triggers_check = sq_triggers_check,
    .event_insert = sq_event_insert,
    .event_insert_open = sq_event_insert_open,
    .event_payload_write = sq_event_payload_write,
    .event_payload_close = sq_event_payload_close,
    .track_head = sq_track_head,
    .events_foreach = sq_events_foreach,
    .data_version = sq_data_version,
    .wait_change = sq_wait_change,
    .clear_projections = sq_clear_projections,
    .projection_digest = sq_projection_digest,
    .document_find = sq_document_find,
    .document_insert = sq_document_insert,
    .document_update = sq_document_update,
    .documents_foreach = sq_documents_foreach,
    .version_insert = sq_version_insert,
    .versions_foreach = sq_versions_foreach,
    .part_insert = sq_part_insert,
    .point_insert = sq_point_insert,
    .item_insert = sq_item_insert,
    .exec = sq_exec,
    .query = sq_query,
    .row_text = sq_row_text,
    .row_int = sq_row_int,
    .row_blob = sq_row_blob,
    .row_is_null = sq_row_is_null,
};
