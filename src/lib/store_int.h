/* store_int.h — the store: the record's tables, in SQLite (a file, the
 * default) or PostgreSQL (a postgresql:// address); store_engine_int.h
 * says how the two are chosen. Only store.c includes sqlite3.h, only
 * store_pg.c libpq-fe.h.
 *
 * Ownership: a pl_store owns its connection and cached statements; strings
 * handed to callbacks are borrowed for the duration of the callback; strings
 * returned through char ** are owned by the caller.
 *
 * The store holds two kinds of tables. The truth — events (append-only,
 * hash-chained per track) and blobs (texts, content-addressed, stored once)
 * — is never updated or deleted; triggers refuse it. Everything else is a
 * projection of the events that pl_store_clear_projections empties for a
 * rebuild.
 *
 * This header is the store's core; the rest of its interface is grouped by
 * area in store_log_int.h, store_project_int.h, store_talks_int.h and
 * store_meeting_int.h. Nothing outside store*.c sees SQL (store_sql_int.h
 * is the store's own). A callback of a typed query may call any store
 * function but that same query, whose statement is still being read
 * (pl_store_events_foreach and pl_store_events_of_kind excepted: they
 * prepare a statement of their own each time). */
#ifndef PARLEY_STORE_INT_H
#define PARLEY_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "record_int.h"

typedef struct pl_store pl_store;

typedef struct pl_store_open_options {
	const char *path; /* a file, or a postgresql:// (postgres://) address */
	int create;       /* make a new negotiation database; fail if one exists */
	int read_only;
	int busy_timeout_ms; /* how long to wait for a lock held by another process */
	int migrate;         /* open an older schema, for pl_store_migrate */
} pl_store_open_options;

/* The schema version this build writes (SQLite's PRAGMA user_version,
 * PostgreSQL's parley_schema table). */
#define PL_SCHEMA_VERSION 5

/* 1 when path names a PostgreSQL database (postgresql:// or postgres://). */
int pl_store_is_postgres(const char *path);
/* A database of an older schema opens only with options->migrate; one of
 * a newer schema never (PL_EVERSION, saying which). */
int pl_store_open(pl_store **out, const pl_store_open_options *options, pl_error *err);
void pl_store_close(pl_store *store);
/* "SQLite" or "PostgreSQL". */
const char *pl_store_engine_name(const pl_store *store);
/* The schema the database holds, and the upgrade to this build's. */
int pl_store_schema_version(pl_store *store, int *version, pl_error *err);
int pl_store_migrate(pl_store *store, pl_error *err);
/* The open-time rule of schemas, the same for every engine: 0 when the
 * database at where, of schema version, may be opened. */
int pl_store_schema_check(const char *where, int version, const pl_store_open_options *options,
                          pl_error *err);

/* One command, one transaction: BEGIN IMMEDIATE takes the write lock at
 * once, so a second writer waits (up to the busy timeout) instead of
 * failing half-way. */
int pl_store_begin(pl_store *store, pl_error *err);
int pl_store_commit(pl_store *store, pl_error *err);
void pl_store_rollback(pl_store *store);
/* A change inside a larger transaction: undone alone if it fails. */
int pl_store_savepoint(pl_store *store, pl_error *err);
int pl_store_release(pl_store *store, pl_error *err);
void pl_store_rollback_savepoint(pl_store *store);

/* Texts by their hashes, many at once (a whole version's). Sets every
 * text's state, and its text (malloc'd, the caller's) when it is stored
 * and hashes to its key; a missing or altered text is not an error of
 * this call, which fails only when the database does. */
enum { PL_STORE_TEXT_OK, PL_STORE_TEXT_MISSING, PL_STORE_TEXT_ALTERED };
typedef struct pl_store_text {
	uint8_t hash[PL_HASH_BYTES];
	char *text; /* out */
	int state;  /* out: PL_STORE_TEXT_* */
} pl_store_text;
int pl_store_get_texts(pl_store *store, pl_store_text *texts, size_t count, pl_error *err);

/* Texts are checked on every read: a text read from the blobs table — by
 * pl_store_get_blob, as a version's title in pl_store_versions_foreach, by
 * pl_store_get_texts — must hash to the key it is read under, and a text a
 * row or an event refers to must be there. Otherwise the read fails with
 * PL_EBADSIG (the code of a hash that does not verify: the
 * file was changed by something other than parley, not by a failing disk,
 * which SQLite reports itself) and a one-line message naming the text's
 * first 16 hex digits and where it was read, ending in STORE_ALTERED. */
#define STORE_ALTERED "the database was altered outside parley"
/* Sets that error for the text stored (or, when missing, to be stored)
 * under hash, read at place ("framework@1 point 6"; "" for unknown);
 * returns PL_EBADSIG. */
int pl_store_text_fail(pl_error *err, int missing, const uint8_t hash[PL_HASH_BYTES],
                       const char *place);

/* Stores text under its BLAKE2b-256 hash (no-op when present). */
int pl_store_put_blob(pl_store *store, const uint8_t hash[PL_HASH_BYTES], const char *text,
                      size_t len, pl_error *err);
/* *out is a new string; PL_EBADSIG when no blob has that hash or its text
 * does not match it. */
int pl_store_get_blob(pl_store *store, const uint8_t hash[PL_HASH_BYTES], char **out,
                      pl_error *err);
/* *present is 1 when a text is stored under hash, else 0 (not checked). */
int pl_store_blob_present(pl_store *store, const uint8_t hash[PL_HASH_BYTES], int *present,
                          pl_error *err);
/* Recomputes the hash of every stored text, in key order: *found is 1 and
 * bad_out the key of the first text that does not match it, else 0. */
int pl_store_blobs_check(pl_store *store, uint8_t bad_out[PL_HASH_BYTES], int *found,
                         pl_error *err);
/* Calls fn for every stored text, in key order (not checked: a copy
 * checks them where they arrive). */
typedef int (*pl_store_blob_fn)(void *context, const uint8_t hash[PL_HASH_BYTES], const char *text,
                                size_t len, pl_error *err);
int pl_store_blobs_foreach(pl_store *store, pl_store_blob_fn fn, void *context, pl_error *err);
/* 0 when the append-only triggers on events and blobs are in place exactly
 * as parley wrote them; else PL_EBADSIG, "the append-only trigger NAME is
 * missing: " (or "was changed: ") STORE_ALTERED. */
int pl_store_triggers_check(pl_store *store, pl_error *err);

typedef struct pl_store_event {
	int64_t id; /* global order of appending */
	const char *track;
	int64_t seq; /* 1, 2, ... within the track */
	const char *kind;
	const char *at;
	const char *actor; /* NULL until delegates sign (issue 4) */
	const char *payload;
	const uint8_t *prev; /* NULL for a track's first event */
	const uint8_t *hash;
	const uint8_t *sig; /* NULL for an unsigned founding event */
	/* What the signer had seen of track: its head's hash (NULL: nothing). */
	const uint8_t *after;
	/* The hash of the signed statement (see event_int.h), as stored; NULL
	 * where it is not at hand (it is recomputed from the content). */
	const uint8_t *statement;
} pl_store_event;

/* Inserts a fully formed event (the record layer computed its sequence
 * number, previous hash and hash). PL_ECONFLICT if (track, seq) exists. */
int pl_store_event_insert(pl_store *store, const pl_store_event *event, int64_t *id_out,
                          pl_error *err);
/* An event whose payload is written after its row, in pieces: a payload
 * of megabytes is then held neither whole by the caller nor copied into
 * the database's record of the row. pl_store_event_insert_open inserts
 * event (its payload ignored) with room for payload_len bytes (> 0), which
 * pl_store_event_payload_write fills in order; pl_store_event_payload_close
 * ends the writing, also after a failure (the caller rolls the transaction
 * back then). Only where pl_store_can_stream_payload answers 1 (SQLite);
 * elsewhere the payload goes whole to pl_store_event_insert. */
int pl_store_can_stream_payload(const pl_store *store);
int pl_store_event_insert_open(pl_store *store, const pl_store_event *event, size_t payload_len,
                               int64_t *id_out, pl_error *err);
int pl_store_event_payload_write(pl_store *store, const char *bytes, size_t len, pl_error *err);
void pl_store_event_payload_close(pl_store *store);
/* The head (last seq and hash) of track; *seq_out is 0 for an empty track. */
int pl_store_track_head(pl_store *store, const char *track, int64_t *seq_out,
                        uint8_t hash_out[PL_HASH_BYTES], pl_error *err);

typedef int (*pl_store_event_fn)(void *context, const pl_store_event *event, pl_error *err);
/* Calls fn for every event in appending order; stops at the first non-zero
 * return and passes it up. */
int pl_store_events_foreach(pl_store *store, pl_store_event_fn fn, void *context, pl_error *err);
/* The same for the events of one kind only (their payloads are the only
 * ones read). */
int pl_store_events_of_kind(pl_store *store, const char *kind, pl_store_event_fn fn, void *context,
                            pl_error *err);

/* 1 when the engine's data version (pl_store_data_version) is the last
 * event's id (PostgreSQL), so that a caller need not ask for both. */
int pl_store_version_is_last_event(const pl_store *store);

/* Waits up to timeout_ms for another connection to append (PostgreSQL's
 * LISTEN): 0 after a change or the timeout; 1 at once when the engine
 * cannot be told (SQLite: the caller polls). */
int pl_store_wait_change(pl_store *store, int timeout_ms, pl_error *err);

/* Projections. */
int pl_store_clear_projections(pl_store *store, pl_error *err);
/* A BLAKE2b-256 digest over every projection row in key order. */
int pl_store_projection_digest(pl_store *store, uint8_t out[PL_HASH_BYTES], pl_error *err);
/* After a bulk load (parley copy): the statistics the engine's planner
 * chooses by, gathered afresh (PostgreSQL's ANALYZE, of the tables the
 * role owns); nothing on SQLite. */
int pl_store_analyze(pl_store *store, pl_error *err);

typedef struct pl_store_document {
	int64_t id;
	char *name;
	char *track;
	int latest;         /* highest version number */
	int64_t next_point; /* the next point serial to hand out */
} pl_store_document;

void pl_store_document_clear(pl_store_document *doc);
/* PL_ENOTFOUND (with no message set) when no document has that name. */
int pl_store_document_find(pl_store *store, const char *name, pl_store_document *out,
                           pl_error *err);
int pl_store_document_insert(pl_store *store, const char *name, const char *track, int64_t event,
                             int64_t *id_out, pl_error *err);
int pl_store_document_update(pl_store *store, int64_t id, int latest, int64_t next_point,
                             pl_error *err);
/* Lists every document, ordered by name. */
typedef int (*pl_store_document_fn)(void *context, const pl_store_document *doc, pl_error *err);
int pl_store_documents_foreach(pl_store *store, pl_store_document_fn fn, void *context,
                               pl_error *err);

typedef struct pl_store_version {
	int64_t doc;
	int number;
	int64_t event;
	const char *created_at;
	const char *source;
	const uint8_t *title;    /* blob hash or NULL */
	const uint8_t *preamble; /* blob hash or NULL */
	int64_t point_count;
} pl_store_version;

int pl_store_version_insert(pl_store *store, const pl_store_version *version, pl_error *err);
typedef int (*pl_store_version_fn)(void *context, const pl_store_version *version,
                                   const char *title, pl_error *err);
/* Calls fn for version number (or, when number is 0, every version of doc
 * in order) with its title text. PL_ENOTFOUND when none. */
int pl_store_versions_foreach(pl_store *store, int64_t doc, int number, pl_store_version_fn fn,
                              void *context, pl_error *err);

int pl_store_part_insert(pl_store *store, int64_t doc, int number, int64_t ord,
                         const uint8_t *heading, const uint8_t *intro, pl_error *err);
int pl_store_point_insert(pl_store *store, int64_t doc, int number, int64_t ord, const char *id,
                          const char *label, int64_t part, const uint8_t *text, pl_error *err);
int pl_store_item_insert(pl_store *store, int64_t doc, int number, int64_t point_ord, int64_t ord,
                         const char *label, const uint8_t *text, pl_error *err);

/* One text a query yields (borrowed for the call), for the typed queries
 * of the store_*_int.h areas that read a single column. */
typedef int (*pl_store_text_fn)(void *context, const char *text, pl_error *err);

#endif
