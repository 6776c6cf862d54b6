/* store_meeting_int.h — the store's tables of meetings, their changes and
 * statements.
 *
 * Ownership: strings in a pl_meeting_row are owned by it
 * (pl_meeting_row_clear); a row handed to a callback is cleared after the
 * call. Strings in the other structs handed to callbacks are borrowed for
 * the duration of the call; those passed to the inserts are the caller's.
 * Every function returns 0 or the store's error code, with the message set
 * on err. */
#ifndef PARLEY_STORE_MEETING_INT_H
#define PARLEY_STORE_MEETING_INT_H

#include <stdint.h>

#include "parley/meeting.h"
#include "store_int.h"

typedef struct pl_meeting_row {
	int found;
	char id[PL_MEETING_ID_MAX];
	char track[PL_NAME_MAX + 1];
	int64_t seq; /* the meeting.add event in its track */
	char date[11];
	char time[6];     /* "" for all day */
	char status[12];  /* planned, postponed, held, cancelled */
	int64_t sequence; /* revisions that count for calendars */
	char updated_at[32];
	int64_t agenda_doc; /* 0 for none */
	int agenda_number;
	char *title;
	char *place;
	char *parties;     /* codes separated by spaces */
	char *agenda_name; /* the document's name, or NULL */
} pl_meeting_row;

void pl_meeting_row_clear(pl_meeting_row *row);

/* Loads meeting id into out (out->found 0 when there is none). */
int pl_store_meeting_find(pl_store *store, const char *id, pl_meeting_row *out, pl_error *err);
typedef int (*pl_store_meeting_fn)(void *context, const pl_meeting_row *m, pl_error *err);
/* Every meeting, ordered by date, time (all day first), track and seq. */
int pl_store_meetings_foreach(pl_store *store, pl_store_meeting_fn fn, void *context,
                              pl_error *err);
/* How many meetings were planned in track. */
int pl_store_meeting_count(pl_store *store, const char *track, int64_t *count, pl_error *err);

/* A meeting as planned: status "planned", no revisions yet. */
typedef struct pl_store_meeting_new {
	const char *id;
	const char *track;
	int64_t seq;
	const char *title;
	const char *date;
	const char *time; /* NULL for all day */
	const char *place;
	const char *parties;
	int64_t agenda_doc;    /* 0 for none */
	int64_t agenda_number; /* 0 for none */
	const char *by;
	const char *at;
} pl_store_meeting_new;
int pl_store_meeting_insert(pl_store *store, const pl_store_meeting_new *m, pl_error *err);
/* Moves meeting id to date and time (NULL: all day) with status, adding
 * revision to its count of revisions. */
int pl_store_meeting_update(pl_store *store, const char *id, const char *date, const char *time,
                            const char *status, int64_t revision, const char *at, pl_error *err);

typedef struct pl_store_meeting_change {
	const char *meeting;
	const char *track;
	int64_t seq;
	const char *kind; /* the status it gave */
	const char *date;
	const char *time; /* NULL for all day */
	const char *note; /* NULL for none */
	const char *at;
	const char *by;
} pl_store_meeting_change;
int pl_store_meeting_change_insert(pl_store *store, const pl_store_meeting_change *c,
                                   pl_error *err);
typedef int (*pl_store_meeting_change_fn)(void *context, const pl_store_meeting_change *c,
                                          pl_error *err);
/* The changes of meeting id that carry a note, in order (kind, at and
 * note are read). */
int pl_store_meeting_notes(pl_store *store, const char *id, pl_store_meeting_change_fn fn,
                           void *context, pl_error *err);

typedef struct pl_store_statement {
	const char *track;
	int64_t seq;
	const char *date;
	const char *party;
	const char *speaker; /* NULL when not named */
	const char *level;   /* record, background, nfa */
	const char *text;
	const char *at;
	const char *by;
} pl_store_statement;
int pl_store_statement_insert(pl_store *store, const pl_store_statement *s, pl_error *err);
typedef int (*pl_store_statement_fn)(void *context, const pl_store_statement *s, pl_error *err);
/* The statements of track (NULL: of every track), ordered by date, track
 * and seq (at and by are not read). */
int pl_store_statements_foreach(pl_store *store, const char *track, pl_store_statement_fn fn,
                                void *context, pl_error *err);

#endif
