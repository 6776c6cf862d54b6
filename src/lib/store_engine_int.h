/* store_engine_int.h — the table of operations behind every store call.
 *
 * A store is one of two engines: SQLite (store.c, the default: a file) and
 * PostgreSQL (store_pg.c, a server named by a postgresql:// address, in
 * the module parley-pg.so). Each engine's handle begins with a pl_store,
 * whose engine member is its table; the pl_store_* calls of store_int.h
 * and store_sql_int.h (store_engine.c) pass each call to it. The typed
 * queries of the store's areas (store_log.c, store_project.c,
 * store_talks.c, store_meeting.c) are written once, in the SQL both
 * engines read (?N parameters, which the PostgreSQL engine numbers $N),
 * and choose by pl_store_dialect where the two differ.
 *
 * Ownership: as in store_int.h and store_sql_int.h. */
#ifndef PARLEY_STORE_ENGINE_INT_H
#define PARLEY_STORE_ENGINE_INT_H

#include <stdarg.h>

#include "store_sql_int.h"

typedef struct pl_store_engine pl_store_engine;

struct pl_store {
	const pl_store_engine *engine;
};

struct pl_store_row {
	const pl_store_engine *engine;
};

#define PL_STORE_ENGINE_VERSION 3

struct pl_store_engine {
	int version; /* PL_STORE_ENGINE_VERSION: a module of another build is refused */
	const char *name;
	int dialect; /* PL_STORE_* */
	int (*open)(pl_store **out, const pl_store_open_options *options, pl_error *err);
	void (*close)(pl_store *store);
	int (*schema_version)(pl_store *store, int *version, pl_error *err);
	int (*migrate)(pl_store *store, pl_error *err);

	int (*begin)(pl_store *store, pl_error *err);
	int (*commit)(pl_store *store, pl_error *err);
	void (*rollback)(pl_store *store);
	int (*savepoint)(pl_store *store, pl_error *err);
	int (*release)(pl_store *store, pl_error *err);
	void (*rollback_savepoint)(pl_store *store);

	int (*get_texts)(pl_store *store, pl_store_text *texts, size_t count, pl_error *err);
	int (*put_blob)(pl_store *store, const uint8_t hash[PL_HASH_BYTES], const char *text,
	                size_t len, pl_error *err);
	int (*get_blob)(pl_store *store, const uint8_t hash[PL_HASH_BYTES], char **out,
	                pl_error *err);
	int (*blob_present)(pl_store *store, const uint8_t hash[PL_HASH_BYTES], int *present,
	                    pl_error *err);
	int (*blobs_check)(pl_store *store, uint8_t bad_out[PL_HASH_BYTES], int *found,
	                   pl_error *err);
	int (*blobs_foreach)(pl_store *store, pl_store_blob_fn fn, void *context, pl_error *err);
	int (*triggers_check)(pl_store *store, pl_error *err);

	int (*event_insert)(pl_store *store, const pl_store_event *event, int64_t *id_out,
	                    pl_error *err);
	/* NULL in an engine that takes a payload only whole (store_int.h) */
	int (*event_insert_open)(pl_store *store, const pl_store_event *event, size_t payload_len,
	                         int64_t *id_out, pl_error *err);
	int (*event_payload_write)(pl_store *store, const char *bytes, size_t len, pl_error *err);
	void (*event_payload_close)(pl_store *store);
	int (*track_head)(pl_store *store, const char *track, int64_t *seq_out,
	                  uint8_t hash_out[PL_HASH_BYTES], pl_error *err);
	int (*events_foreach)(pl_store *store, const char *kind, pl_store_event_fn fn,
	                      void *context, pl_error *err);
	int (*data_version)(pl_store *store, int64_t *out, pl_error *err);
	int (*wait_change)(pl_store *store, int timeout_ms, pl_error *err);

	int (*clear_projections)(pl_store *store, pl_error *err);
	int (*projection_digest)(pl_store *store, uint8_t out[PL_HASH_BYTES], pl_error *err);
	/* NULL in an engine whose plans need no statistics (SQLite's here) */
	int (*analyze)(pl_store *store, pl_error *err);

	int (*document_find)(pl_store *store, const char *name, pl_store_document *out,
	                     pl_error *err);
	int (*document_insert)(pl_store *store, const char *name, const char *track, int64_t event,
	                       int64_t *id_out, pl_error *err);
	int (*document_update)(pl_store *store, int64_t id, int latest, int64_t next_point,
	                       pl_error *err);
	int (*documents_foreach)(pl_store *store, pl_store_document_fn fn, void *context,
	                         pl_error *err);
	int (*version_insert)(pl_store *store, const pl_store_version *version, pl_error *err);
	int (*versions_foreach)(pl_store *store, int64_t doc, int number, pl_store_version_fn fn,
	                        void *context, pl_error *err);
	int (*part_insert)(pl_store *store, int64_t doc, int number, int64_t ord,
	                   const uint8_t *heading, const uint8_t *intro, pl_error *err);
	int (*point_insert)(pl_store *store, int64_t doc, int number, int64_t ord, const char *id,
	                    const char *label, int64_t part, const uint8_t *text, pl_error *err);
	int (*item_insert)(pl_store *store, int64_t doc, int number, int64_t point_ord, int64_t ord,
	                   const char *label, const uint8_t *text, pl_error *err);

	int (*exec)(pl_store *store, pl_error *err, const char *sql, const char *types,
	            va_list args);
	int (*query)(pl_store *store, pl_error *err, pl_store_row_fn fn, void *context,
	             size_t *rows, const char *sql, const char *types, va_list args);
	const char *(*row_text)(const pl_store_row *row, int column);
	int64_t (*row_int)(const pl_store_row *row, int column);
	const void *(*row_blob)(const pl_store_row *row, int column, size_t *len);
	int (*row_is_null)(const pl_store_row *row, int column);
};

/* The SQLite engine (store.c). */
extern const pl_store_engine pl_store_sqlite;

/* The PostgreSQL engine, once pl_store_use_postgres has been given it
 * (store_engine.c): the command loads it from parley-pg.so on the first
 * postgresql:// address; a test program links store_pg.c and passes its
 * table. */
const pl_store_engine *pl_store_postgres_engine(void);
void pl_store_use_postgres(const pl_store_engine *engine);

/* The entry of store_pg.c: its table (a const pl_store_engine *). */
#define PL_STORE_PG_MODULE "pl_store_pg_module"
const void *pl_store_pg_module(void);

#endif
