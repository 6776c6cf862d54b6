/* store_meeting.c — meetings, their changes and statements (see
 * store_meeting_int.h). */
#include "store_meeting_int.h"
#include "parley/mem.h"
#include "store_sql_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_meeting_row_clear(pl_meeting_row *row)
{
	free(row->title);
	free(row->place);
	free(row->parties);
	free(row->agenda_name);
	memset(row, 0, sizeof *row);
}

static char *dup_or_null(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

/* The columns read_row expects, to put after SELECT. */
#define MEETING_COLUMNS                                                                            \
	"m.id, m.track, m.seq, m.date, m.time, m.status, m.sequence, m.updated_at,"                \
	" m.agenda_doc, m.agenda_number, m.title, m.place, m.parties, d.name"
#define MEETING_FROM " FROM meetings m LEFT JOIN documents d ON d.id = m.agenda_doc"

static void read_row(const pl_store_row *row, pl_meeting_row *out)
{
	const char *time = pl_store_row_text(row, 4);
	out->found = 1;
	snprintf(out->id, sizeof out->id, "%s", pl_store_row_text(row, 0));
	snprintf(out->track, sizeof out->track, "%s", pl_store_row_text(row, 1));
	out->seq = pl_store_row_int(row, 2);
	snprintf(out->date, sizeof out->date, "%s", pl_store_row_text(row, 3));
	snprintf(out->time, sizeof out->time, "%s", time ? time : "");
	snprintf(out->status, sizeof out->status, "%s", pl_store_row_text(row, 5));
	out->sequence = pl_store_row_int(row, 6);
	snprintf(out->updated_at, sizeof out->updated_at, "%s", pl_store_row_text(row, 7));
	out->agenda_doc = pl_store_row_is_null(row, 8) ? 0 : pl_store_row_int(row, 8);
	out->agenda_number = (int)pl_store_row_int(row, 9);
	out->title = pl_strdup(pl_store_row_text(row, 10));
	out->place = pl_strdup(pl_store_row_text(row, 11));
	out->parties = pl_strdup(pl_store_row_text(row, 12));
	out->agenda_name = dup_or_null(pl_store_row_text(row, 13));
}

static int read_meeting(void *context, const pl_store_row *row, pl_error *err)
{
	(void)err;
	read_row(row, context);
	return 0;
}

int pl_store_meeting_find(pl_store *store, const char *id, pl_meeting_row *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	return pl_store_query(store, err, read_meeting, out, NULL,
	                      "SELECT " MEETING_COLUMNS MEETING_FROM " WHERE m.id = ?1", "s", id);
}

typedef struct meeting_walk {
	pl_store_meeting_fn fn;
	void *context;
} meeting_walk;

static int each_meeting(void *context, const pl_store_row *row, pl_error *err)
{
	meeting_walk *w = context;
	pl_meeting_row m = {0};
	read_row(row, &m);
	int rc = w->fn(w->context, &m, err);
	pl_meeting_row_clear(&m);
	return rc;
}

int pl_store_meetings_foreach(pl_store *store, pl_store_meeting_fn fn, void *context, pl_error *err)
{
	meeting_walk w = {fn, context};
	return pl_store_query(store, err, each_meeting, &w, NULL,
	                      "SELECT " MEETING_COLUMNS MEETING_FROM
	                      " ORDER BY m.date, coalesce(m.time, ''), m.track, m.seq",
	                      "");
}

int pl_store_meeting_count(pl_store *store, const char *track, int64_t *count, pl_error *err)
{
	*count = 0;
	return pl_store_query(store, err, pl_store_read_int, count, NULL,
	                      "SELECT count(*) FROM meetings WHERE track = ?1", "s", track);
}

int pl_store_meeting_insert(pl_store *store, const pl_store_meeting_new *m, pl_error *err)
{
	return pl_store_exec(
	    store, err,
	    "INSERT INTO meetings(id, track, seq, title, date, time, place, parties,"
	    " agenda_doc, agenda_number, status, sequence, by_delegate, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, 0), NULLIF(?10, 0),"
	    " 'planned', 0, ?11, ?12)",
	    "ssisssssiiss", m->id, m->track, m->seq, m->title, m->date, m->time, m->place,
	    m->parties, m->agenda_doc, m->agenda_number, m->by, m->at);
}

int pl_store_meeting_update(pl_store *store, const char *id, const char *date, const char *time,
                            const char *status, int64_t revision, const char *at, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "UPDATE meetings SET date = ?1, time = ?2, status = ?3,"
	                     " sequence = sequence + ?4, updated_at = ?5 WHERE id = ?6",
	                     "sssiss", date, time, status, revision, at, id);
}

int pl_store_meeting_change_insert(pl_store *store, const pl_store_meeting_change *c, pl_error *err)
{
	return pl_store_exec(
	    store, err,
	    "INSERT INTO meeting_changes(meeting, track, seq, kind, date, time, note,"
	    " at, by_delegate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	    "ssissssss", c->meeting, c->track, c->seq, c->kind, c->date, c->time, c->note, c->at,
	    c->by);
}

typedef struct change_walk {
	pl_store_meeting_change_fn fn;
	void *context;
} change_walk;

static int read_note(void *context, const pl_store_row *row, pl_error *err)
{
	change_walk *w = context;
	pl_store_meeting_change c = {.kind = pl_store_row_text(row, 0),
	                             .at = pl_store_row_text(row, 1),
	                             .note = pl_store_row_text(row, 2)};
	return w->fn(w->context, &c, err);
}

int pl_store_meeting_notes(pl_store *store, const char *id, pl_store_meeting_change_fn fn,
                           void *context, pl_error *err)
{
	change_walk w = {fn, context};
	return pl_store_query(store, err, read_note, &w, NULL,
	                      "SELECT kind, at, note FROM meeting_changes WHERE meeting = ?1"
	                      " AND note IS NOT NULL ORDER BY seq",
	                      "s", id);
}

int pl_store_statement_insert(pl_store *store, const pl_store_statement *s, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO statements(track, seq, date, party, speaker, level, text,"
	                     " at, by_delegate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                     "sisssssss", s->track, s->seq, s->date, s->party, s->speaker, s->level,
	                     s->text, s->at, s->by);
}

typedef struct statement_walk {
	pl_store_statement_fn fn;
	void *context;
} statement_walk;

static int read_statement(void *context, const pl_store_row *row, pl_error *err)
{
	statement_walk *w = context;
	pl_store_statement s = {.date = pl_store_row_text(row, 0),
	                        .track = pl_store_row_text(row, 1),
	                        .seq = pl_store_row_int(row, 2),
	                        .level = pl_store_row_text(row, 3),
	                        .party = pl_store_row_text(row, 4),
	                        .speaker = pl_store_row_text(row, 5),
	                        .text = pl_store_row_text(row, 6)};
	return w->fn(w->context, &s, err);
}

int pl_store_statements_foreach(pl_store *store, const char *track, pl_store_statement_fn fn,
                                void *context, pl_error *err)
{
	statement_walk w = {fn, context};
	return pl_store_query(store, err, read_statement, &w, NULL,
	                      "SELECT date, track, seq, level, party, speaker, text FROM statements"
	                      " WHERE ?1 IS NULL OR track = ?1 ORDER BY date, track, seq",
	                      "s", track);
}
