/* store_engine.c — every store call, passed to the engine of its handle
 * (store_engine_int.h); and what the engines share: the rule of schemas,
 * the messages of an altered text. */
#include "store_engine_int.h"
#include "parley/mem.h"
#include "store_log_int.h"

#include <stdlib.h>
#include <string.h>

static const pl_store_engine *postgres;

void pl_store_use_postgres(const pl_store_engine *engine)
{
	postgres = engine;
}

const pl_store_engine *pl_store_postgres_engine(void)
{
	return postgres;
}

int pl_store_is_postgres(const char *path)
{
	return path &&
	       (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

int pl_store_open(pl_store **out, const pl_store_open_options *options, pl_error *err)
{
	*out = NULL;
	if (!pl_store_is_postgres(options->path))
		return pl_store_sqlite.open(out, options, err);
	if (!postgres)
		return pl_error_set(err, PL_EIO,
		                    "this program cannot open PostgreSQL databases (its PostgreSQL "
		                    "module is not loaded)");
	return postgres->open(out, options, err);
}

void pl_store_close(pl_store *store)
{
	if (store)
		store->engine->close(store);
}

const char *pl_store_engine_name(const pl_store *store)
{
	return store->engine->name;
}

int pl_store_dialect(const pl_store *store)
{
	return store->engine->dialect;
}

int pl_store_schema_check(const char *where, int version, const pl_store_open_options *options,
                          pl_error *err)
{
	if (version > PL_SCHEMA_VERSION)
		return pl_error_set(err, PL_EVERSION,
		                    "%s was written by a newer parley (schema %d; this build "
		                    "reads up to %d)",
		                    where, version, PL_SCHEMA_VERSION);
	if (version < PL_SCHEMA_VERSION && !options->migrate)
		return pl_error_set(err, PL_EVERSION,
		                    "%s holds schema %d and this parley schema %d: back it up, "
		                    "then run 'parley migrate'",
		                    where, version, PL_SCHEMA_VERSION);
	return 0;
}

int pl_store_schema_version(pl_store *store, int *version, pl_error *err)
{
	return store->engine->schema_version(store, version, err);
}

int pl_store_migrate(pl_store *store, pl_error *err)
{
	return store->engine->migrate(store, err);
}

int pl_store_begin(pl_store *store, pl_error *err)
{
	return store->engine->begin(store, err);
}

int pl_store_commit(pl_store *store, pl_error *err)
{
	return store->engine->commit(store, err);
}

void pl_store_rollback(pl_store *store)
{
	store->engine->rollback(store);
}

int pl_store_savepoint(pl_store *store, pl_error *err)
{
	return store->engine->savepoint(store, err);
}

int pl_store_release(pl_store *store, pl_error *err)
{
	return store->engine->release(store, err);
}

void pl_store_rollback_savepoint(pl_store *store)
{
	store->engine->rollback_savepoint(store);
}

int pl_store_get_texts(pl_store *store, pl_store_text *texts, size_t count, pl_error *err)
{
	return store->engine->get_texts(store, texts, count, err);
}

int pl_store_text_fail(pl_error *err, int missing, const uint8_t hash[PL_HASH_BYTES],
                       const char *place)
{
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	return pl_error_set(err, PL_EBADSIG, "text %.16s...%s%s %s: " STORE_ALTERED, hex,
	                    place[0] ? " of " : "", place,
	                    missing ? "is missing" : "does not match its hash");
}

int pl_store_put_blob(pl_store *store, const uint8_t hash[PL_HASH_BYTES], const char *text,
                      size_t len, pl_error *err)
{
	return store->engine->put_blob(store, hash, text, len, err);
}

int pl_store_get_blob(pl_store *store, const uint8_t hash[PL_HASH_BYTES], char **out, pl_error *err)
{
	return store->engine->get_blob(store, hash, out, err);
}

int pl_store_blob_present(pl_store *store, const uint8_t hash[PL_HASH_BYTES], int *present,
                          pl_error *err)
{
	return store->engine->blob_present(store, hash, present, err);
}

int pl_store_blobs_check(pl_store *store, uint8_t bad_out[PL_HASH_BYTES], int *found, pl_error *err)
{
	return store->engine->blobs_check(store, bad_out, found, err);
}

int pl_store_blobs_foreach(pl_store *store, pl_store_blob_fn fn, void *context, pl_error *err)
{
	return store->engine->blobs_foreach(store, fn, context, err);
}

int pl_store_triggers_check(pl_store *store, pl_error *err)
{
	return store->engine->triggers_check(store, err);
}

int pl_store_event_insert(pl_store *store, const pl_store_event *event, int64_t *id_out,
                          pl_error *err)
{
	return store->engine->event_insert(store, event, id_out, err);
}

int pl_store_can_stream_payload(const pl_store *store)
{
	return store->engine->event_insert_open != NULL;
}

int pl_store_event_insert_open(pl_store *store, const pl_store_event *event, size_t payload_len,
                               int64_t *id_out, pl_error *err)
{
	if (!store->engine->event_insert_open)
		return pl_error_set(err, PL_EIO, "the %s store takes a payload only whole",
		                    store->engine->name);
	return store->engine->event_insert_open(store, event, payload_len, id_out, err);
}

int pl_store_event_payload_write(pl_store *store, const char *bytes, size_t len, pl_error *err)
{
	return store->engine->event_payload_write(store, bytes, len, err);
}

void pl_store_event_payload_close(pl_store *store)
{
	if (store->engine->event_payload_close)
		store->engine->event_payload_close(store);
}

int pl_store_track_head(pl_store *store, const char *track, int64_t *seq_out,
                        uint8_t hash_out[PL_HASH_BYTES], pl_error *err)
{
	return store->engine->track_head(store, track, seq_out, hash_out, err);
}

int pl_store_events_foreach(pl_store *store, pl_store_event_fn fn, void *context, pl_error *err)
{
	return store->engine->events_foreach(store, NULL, fn, context, err);
}

int pl_store_events_of_kind(pl_store *store, const char *kind, pl_store_event_fn fn, void *context,
                            pl_error *err)
{
	return store->engine->events_foreach(store, kind, fn, context, err);
}

int pl_store_data_version(pl_store *store, int64_t *out, pl_error *err)
{
	return store->engine->data_version(store, out, err);
}

int pl_store_version_is_last_event(const pl_store *store)
{
	return store->engine->dialect == PL_STORE_POSTGRES;
}

int pl_store_wait_change(pl_store *store, int timeout_ms, pl_error *err)
{
	return store->engine->wait_change(store, timeout_ms, err);
}

int pl_store_clear_projections(pl_store *store, pl_error *err)
{
	return store->engine->clear_projections(store, err);
}

int pl_store_projection_digest(pl_store *store, uint8_t out[PL_HASH_BYTES], pl_error *err)
{
	return store->engine->projection_digest(store, out, err);
}

int pl_store_analyze(pl_store *store, pl_error *err)
{
	return store->engine->analyze ? store->engine->analyze(store, err) : 0;
}

void pl_store_document_clear(pl_store_document *doc)
{
	free(doc->name);
	free(doc->track);
	memset(doc, 0, sizeof *doc);
}

int pl_store_document_find(pl_store *store, const char *name, pl_store_document *out, pl_error *err)
{
	return store->engine->document_find(store, name, out, err);
}

int pl_store_document_insert(pl_store *store, const char *name, const char *track, int64_t event,
                             int64_t *id_out, pl_error *err)
{
	return store->engine->document_insert(store, name, track, event, id_out, err);
}

int pl_store_document_update(pl_store *store, int64_t id, int latest, int64_t next_point,
                             pl_error *err)
{
	return store->engine->document_update(store, id, latest, next_point, err);
}

int pl_store_documents_foreach(pl_store *store, pl_store_document_fn fn, void *context,
                               pl_error *err)
{
	return store->engine->documents_foreach(store, fn, context, err);
}

int pl_store_version_insert(pl_store *store, const pl_store_version *version, pl_error *err)
{
	return store->engine->version_insert(store, version, err);
}

int pl_store_versions_foreach(pl_store *store, int64_t doc, int number, pl_store_version_fn fn,
                              void *context, pl_error *err)
{
	return store->engine->versions_foreach(store, doc, number, fn, context, err);
}

int pl_store_part_insert(pl_store *store, int64_t doc, int number, int64_t ord,
                         const uint8_t *heading, const uint8_t *intro, pl_error *err)
{
	return store->engine->part_insert(store, doc, number, ord, heading, intro, err);
}

int pl_store_point_insert(pl_store *store, int64_t doc, int number, int64_t ord, const char *id,
                          const char *label, int64_t part, const uint8_t *text, pl_error *err)
{
	return store->engine->point_insert(store, doc, number, ord, id, label, part, text, err);
}

int pl_store_item_insert(pl_store *store, int64_t doc, int number, int64_t point_ord, int64_t ord,
                         const char *label, const uint8_t *text, pl_error *err)
{
	return store->engine->item_insert(store, doc, number, point_ord, ord, label, text, err);
}

/* --- the SQL runner ------------------------------------------------------- */

int pl_store_exec(pl_store *store, pl_error *err, const char *sql, const char *types, ...)
{
	va_list args;
	va_start(args, types);
	int rc = store->engine->exec(store, err, sql, types, args);
	va_end(args);
	return rc;
}

int pl_store_query(pl_store *store, pl_error *err, pl_store_row_fn fn, void *context, size_t *rows,
                   const char *sql, const char *types, ...)
{
	va_list args;
	va_start(args, types);
	int rc = store->engine->query(store, err, fn, context, rows, sql, types, args);
	va_end(args);
	return rc;
}

const char *pl_store_row_text(const pl_store_row *row, int column)
{
	return row->engine->row_text(row, column);
}

int64_t pl_store_row_int(const pl_store_row *row, int column)
{
	return row->engine->row_int(row, column);
}

const void *pl_store_row_blob(const pl_store_row *row, int column, size_t *len)
{
	return row->engine->row_blob(row, column, len);
}

int pl_store_row_is_null(const pl_store_row *row, int column)
{
	return row->engine->row_is_null(row, column);
}

const uint8_t *pl_store_row_sized(const pl_store_row *row, int column, size_t size)
{
	size_t len;
	const void *blob = pl_store_row_blob(row, column, &len);
	return blob && len == size ? blob : NULL;
}

int pl_store_read_int(void *context, const pl_store_row *row, pl_error *err)
{
	(void)err;
	*(int64_t *)context = pl_store_row_int(row, 0);
	return 0;
}
