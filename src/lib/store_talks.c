/* store_talks.c — amendments, positions and points (see store_talks_int.h). */
#include "store_talks_int.h"
#include "store_sql_int.h"

#include <stdio.h>

int pl_store_amendment_insert(pl_store *store, const pl_store_amendment *a, pl_error *err)
{
	return pl_store_exec(
	    store, err,
	    "INSERT INTO amendments(doc, id, track, seq, base, tabled_on, party,"
	    " delegate, justification, parent, status, note, ops, at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, 'tabled', NULL, ?10, ?11)",
	    "issiissssss", a->doc, a->id, a->track, a->seq, a->base, a->party, a->delegate,
	    a->justification, a->parent, a->ops, a->at);
}

int pl_store_amendment_decide(pl_store *store, int64_t doc, const char *id, const char *status,
                              const char *note, pl_error *err)
{
	return pl_store_exec(
	    store, err, "UPDATE amendments SET status = ?3, note = ?4 WHERE doc = ?1 AND id = ?2",
	    "isss", doc, id, status, note);
}

int pl_store_amendment_rebase(pl_store *store, int64_t doc, const char *id, int64_t base,
                              const char *ops, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "UPDATE amendments SET base = ?3, ops = ?4 WHERE doc = ?1 AND id = ?2",
	                     "isis", doc, id, base, ops);
}

int pl_store_amendment_count(pl_store *store, int64_t doc, const char *track, int64_t *count,
                             pl_error *err)
{
	*count = 0;
	return pl_store_query(store, err, pl_store_read_int, count, NULL,
	                      "SELECT count(*) FROM amendments WHERE doc = ?1 AND track = ?2", "is",
	                      doc, track);
}

typedef struct amendment_walk {
	pl_store_amendment_fn fn;
	void *context;
	int64_t doc;
} amendment_walk;

static int read_amendment(void *context, const pl_store_row *row, pl_error *err)
{
	amendment_walk *w = context;
	pl_store_amendment a = {w->doc,
	                        pl_store_row_text(row, 0),
	                        pl_store_row_text(row, 1),
	                        pl_store_row_int(row, 2),
	                        pl_store_row_int(row, 3),
	                        pl_store_row_text(row, 4),
	                        pl_store_row_text(row, 5),
	                        pl_store_row_text(row, 6),
	                        pl_store_row_text(row, 7),
	                        pl_store_row_text(row, 8),
	                        pl_store_row_text(row, 9),
	                        pl_store_row_text(row, 10),
	                        pl_store_row_text(row, 11)};
	return w->fn(w->context, &a, err);
}

int pl_store_amendments_foreach(pl_store *store, int64_t doc, int64_t base, int which,
                                pl_store_amendment_fn fn, void *context, pl_error *err)
{
	amendment_walk w = {fn, context, doc};
	/* ?3 is which: PL_STORE_AMEND_TABLED is 1, PL_STORE_AMEND_PENDING 2.
	 * Pending: tabled on base or before, carried over to it or beyond (an
	 * amendment decided when the next version was made keeps base = that
	 * version), and not withdrawn. */
	return pl_store_query(
	    store, err, read_amendment, &w, NULL,
	    "SELECT id, track, seq, base, party, delegate, justification, parent,"
	    " status, note, ops, at FROM amendments WHERE doc = ?1"
	    " AND (?3 = 2 OR ?2 = 0 OR base = ?2)"
	    " AND (?3 != 2 OR (tabled_on <= ?2 AND base >= ?2 AND status != 'withdrawn'))"
	    " AND (?3 != 1 OR status = 'tabled')"
	    " ORDER BY at, seq, track",
	    "iii", doc, base, (int64_t)which);
}

int pl_store_position_insert(pl_store *store, const pl_store_position *p, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO positions(track, seq, doc, number, point, party, stance,"
	                     " note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                     "siiisssss", p->track, p->seq, p->doc, p->number, p->point, p->party,
	                     p->stance, p->note, p->at);
}

typedef struct position_walk {
	pl_store_position_fn fn;
	void *context;
	int64_t doc;
} position_walk;

static int read_position(void *context, const pl_store_row *row, pl_error *err)
{
	position_walk *w = context;
	pl_store_position p = {
	    pl_store_row_text(row, 0), pl_store_row_int(row, 1),  w->doc,
	    pl_store_row_int(row, 5),  pl_store_row_text(row, 3), pl_store_row_text(row, 2),
	    pl_store_row_text(row, 4), pl_store_row_text(row, 6), NULL};
	return w->fn(w->context, &p, err);
}

int pl_store_positions_foreach(pl_store *store, int64_t doc, int64_t number,
                               pl_store_position_fn fn, void *context, pl_error *err)
{
	position_walk w = {fn, context, doc};
	return pl_store_query(store, err, read_position, &w, NULL,
	                      "SELECT track, seq, party, point, stance, number, note FROM positions"
	                      " WHERE doc = ?1 AND number <= ?2 ORDER BY at, track, seq",
	                      "ii", doc, number);
}

int pl_store_next_point(pl_store *store, int64_t doc, int64_t *serial, pl_error *err)
{
	return pl_store_query(store, err, pl_store_read_int, serial, NULL,
	                      "SELECT next_point FROM documents WHERE id = ?1", "i", doc);
}

static int read_label(void *context, const pl_store_row *row, pl_error *err)
{
	(void)err;
	snprintf(context, 64, "%s", pl_store_row_text(row, 0));
	return 0;
}

int pl_store_point_label(pl_store *store, const char *document, int64_t number, const char *id,
                         char out[64], pl_error *err)
{
	return pl_store_query(
	    store, err, read_label, out, NULL,
	    "SELECT p.label FROM version_points p JOIN documents d ON d.id = p.doc"
	    " WHERE d.name = ?1 AND p.number = ?2 AND p.point_id = ?3",
	    "sis", document, number, id);
}
