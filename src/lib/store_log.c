/* store_log.c — the store's reads of the log (see store_log_int.h). */
#include "store_log_int.h"
#include "store_sql_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct found_id {
	char *out;
	int found;
} found_id;

static int read_id(void *context, const pl_store_row *row, pl_error *err)
{
	found_id *f = context;
	const char *id = pl_store_row_text(row, 0);
	(void)err;
	snprintf(f->out, 33, "%s", id ? id : "");
	f->found = 1;
	return 0;
}

int pl_store_negotiation_id(pl_store *store, char out[33], int *found, pl_error *err)
{
	found_id f = {out, 0};
	int rc = pl_store_query(store, err, read_id, &f, NULL, "SELECT id FROM negotiation", "");
	*found = f.found;
	return rc;
}

int pl_store_negotiation_id_insert(pl_store *store, const char *id, pl_error *err)
{
	return pl_store_exec(store, err, "INSERT INTO negotiation(id) VALUES (?1)", "s", id);
}

int pl_store_last_event_id(pl_store *store, int64_t *out, pl_error *err)
{
	*out = 0;
	return pl_store_query(store, err, pl_store_read_int, out, NULL,
	                      "SELECT coalesce(max(id), 0) FROM events", "");
}

typedef struct event_walk {
	pl_store_event_fn fn;
	void *context;
} event_walk;

/* An event from a row of every column of events, in the order of the
 * table. */
static pl_store_event row_event(const pl_store_row *row)
{
	pl_store_event e = {pl_store_row_int(row, 0),
	                    pl_store_row_text(row, 1),
	                    pl_store_row_int(row, 2),
	                    pl_store_row_text(row, 3),
	                    pl_store_row_text(row, 4),
	                    pl_store_row_text(row, 5),
	                    pl_store_row_text(row, 6),
	                    pl_store_row_sized(row, 7, PL_HASH_BYTES),
	                    pl_store_row_sized(row, 8, PL_HASH_BYTES),
	                    pl_store_row_sized(row, 9, PL_SIGNATURE_BYTES),
	                    pl_store_row_sized(row, 10, PL_HASH_BYTES),
	                    pl_store_row_sized(row, 11, PL_HASH_BYTES)};
	return e;
}

static int whole_event(void *context, const pl_store_row *row, pl_error *err)
{
	event_walk *w = context;
	pl_store_event e = row_event(row);
	return w->fn(w->context, &e, err);
}

int pl_store_events_since(pl_store *store, int64_t after, int64_t max, pl_store_event_fn fn,
                          void *context, pl_error *err)
{
	event_walk w = {fn, context};
	return pl_store_query(store, err, whole_event, &w, NULL,
	                      "SELECT id, track, seq, kind, at, actor, payload, prev, hash, sig,"
	                      " after, statement FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
	                      "ii", after, max > 0 ? max : INT64_MAX);
}

typedef struct checked_walk {
	pl_store_checked_event_fn fn;
	void *context;
} checked_walk;

static int checked_event(void *context, const pl_store_row *row, pl_error *err)
{
	checked_walk *w = context;
	pl_store_event e = row_event(row);
	return w->fn(w->context, &e, pl_store_row_int(row, 12) != 0, err);
}

int pl_store_events_since_checked(pl_store *store, int64_t after, pl_store_checked_event_fn fn,
                                  void *context, pl_error *err)
{
	checked_walk w = {fn, context};
	/* The events whose hash is e.after are found by that hash alone, then
	 * counted where they are earlier in e's track. Written so, the one
	 * condition an index can serve is the hash: with the track's in the
	 * WHERE clause too, PostgreSQL, before it has statistics of the table
	 * (a new or copied database), intersects the hash's index with the
	 * track's and reads every event of the track for each event checked. */
	return pl_store_query(
	    store, err, checked_event, &w, NULL,
	    "SELECT e.id, e.track, e.seq, e.kind, e.at, e.actor, e.payload, e.prev, e.hash, e.sig,"
	    " e.after, e.statement, e.after IS NULL OR (SELECT count(CASE WHEN d.track = e.track"
	    " AND d.id < e.id THEN 1 END) FROM events d WHERE d.hash = e.after) > 0"
	    " FROM events e WHERE e.id > ?1 ORDER BY e.id",
	    "i", after);
}

static int listed_event(void *context, const pl_store_row *row, pl_error *err)
{
	event_walk *w = context;
	pl_store_event e = {.id = pl_store_row_int(row, 0),
	                    .track = pl_store_row_text(row, 1),
	                    .seq = pl_store_row_int(row, 2),
	                    .kind = pl_store_row_text(row, 3),
	                    .at = pl_store_row_text(row, 4),
	                    .actor = pl_store_row_text(row, 5),
	                    .payload = pl_store_row_text(row, 6)};
	return w->fn(w->context, &e, err);
}

int pl_store_events_in_track(pl_store *store, const char *track, pl_store_event_fn fn,
                             void *context, pl_error *err)
{
	event_walk w = {fn, context};
	return pl_store_query(store, err, listed_event, &w, NULL,
	                      "SELECT id, track, seq, kind, at, actor, payload FROM events"
	                      " WHERE ?1 IS NULL OR track = ?1 ORDER BY id",
	                      "s", track);
}

static int signed_event(void *context, const pl_store_row *row, pl_error *err)
{
	event_walk *w = context;
	pl_store_event e = {.track = pl_store_row_text(row, 0),
	                    .kind = pl_store_row_text(row, 1),
	                    .at = pl_store_row_text(row, 2),
	                    .actor = pl_store_row_text(row, 3),
	                    .payload = pl_store_row_text(row, 4),
	                    .seq = pl_store_row_int(row, 5),
	                    .prev = pl_store_row_sized(row, 6, PL_HASH_BYTES),
	                    .sig = pl_store_row_sized(row, 7, PL_SIGNATURE_BYTES),
	                    .after = pl_store_row_sized(row, 8, PL_HASH_BYTES)};
	return w->fn(w->context, &e, err);
}

int pl_store_event_by_id(pl_store *store, int64_t id, pl_store_event_fn fn, void *context,
                         pl_error *err)
{
	event_walk w = {fn, context};
	return pl_store_query(store, err, signed_event, &w, NULL,
	                      "SELECT track, kind, at, actor, payload, seq, prev, sig, after"
	                      " FROM events WHERE id = ?1",
	                      "i", id);
}

typedef struct mark_walk {
	pl_store_mark_fn fn;
	void *context;
} mark_walk;

static int read_mark(void *context, const pl_store_row *row, pl_error *err)
{
	mark_walk *w = context;
	pl_store_event_mark mark = {pl_store_row_text(row, 0),
	                            pl_store_row_sized(row, 1, PL_HASH_BYTES),
	                            pl_store_row_int(row, 2) == PL_SIGNATURE_BYTES};
	return w->fn(w->context, &mark, err);
}

int pl_store_event_marks(pl_store *store, pl_store_mark_fn fn, void *context, pl_error *err)
{
	mark_walk w = {fn, context};
	return pl_store_query(
	    store, err, read_mark, &w, NULL,
	    "SELECT track, hash, coalesce(length(sig), 0) FROM events ORDER BY id", "");
}

typedef struct head_event {
	int found;
	int64_t seq;
	uint8_t *hash;
} head_event;

static int read_head(void *context, const pl_store_row *row, pl_error *err)
{
	head_event *h = context;
	const uint8_t *hash = pl_store_row_sized(row, 1, PL_HASH_BYTES);
	if (!hash)
		return pl_error_set(err, PL_EBADSIG, "the head event's hash is damaged");
	h->seq = pl_store_row_int(row, 0);
	memcpy(h->hash, hash, PL_HASH_BYTES);
	h->found = 1;
	return 0;
}

int pl_store_head_event(pl_store *store, const char *track, int *found, int64_t *seq,
                        uint8_t hash[PL_HASH_BYTES], pl_error *err)
{
	head_event h = {0, 0, hash};
	int rc = pl_store_query(
	    store, err, read_head, &h, NULL,
	    "SELECT seq, hash FROM events WHERE track = ?1 ORDER BY seq DESC LIMIT 1", "s", track);
	*found = h.found;
	*seq = h.seq;
	return rc;
}

typedef struct two_counts {
	int64_t *first, *second;
} two_counts;

static int read_two_counts(void *context, const pl_store_row *row, pl_error *err)
{
	two_counts *c = context;
	(void)err;
	*c->first = pl_store_row_int(row, 0);
	*c->second = pl_store_row_int(row, 1);
	return 0;
}

int pl_store_statement_place(pl_store *store, const uint8_t statement[PL_HASH_BYTES],
                             const uint8_t *after, const char *track, int64_t *recorded,
                             int64_t *follows, pl_error *err)
{
	*recorded = *follows = 0;
	two_counts c = {recorded, follows};
	/* Without an after, the statement's own hash stands in, and the second
	 * count is not read. The events of that hash are found by the hash
	 * alone, then counted where they are in track, so that only the hash's
	 * index is used (see pl_store_events_since_checked). */
	int rc = pl_store_query(store, err, read_two_counts, &c, NULL,
	                        "SELECT (SELECT count(*) FROM events WHERE statement = ?1),"
	                        " (SELECT count(CASE WHEN track = ?3 THEN 1 END) FROM events"
	                        " WHERE hash = ?2)",
	                        "bbs", statement, (size_t)PL_HASH_BYTES, after ? after : statement,
	                        (size_t)PL_HASH_BYTES, track);
	if (!after)
		*follows = 0;
	return rc;
}

typedef struct text_walk {
	pl_store_text_fn fn;
	void *context;
} text_walk;

static int read_text(void *context, const pl_store_row *row, pl_error *err)
{
	text_walk *w = context;
	return w->fn(w->context, pl_store_row_text(row, 0), err);
}

int pl_store_version_payload(pl_store *store, const char *document, int64_t number,
                             pl_store_text_fn fn, void *context, pl_error *err)
{
	text_walk w = {fn, context};
	return pl_store_query(store, err, read_text, &w, NULL,
	                      "SELECT e.payload FROM versions v JOIN events e ON e.id = v.event"
	                      " JOIN documents d ON d.id = v.doc"
	                      " WHERE d.name = ?1 AND v.number = ?2",
	                      "si", document, number);
}
