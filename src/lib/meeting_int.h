/* meeting_int.h — what meeting.c, ical.c, timeline.c and project_extra.c
 * share: event kinds, date checks, meeting rows. Strings in a
 * pl_meeting_row are owned by it (pl_meeting_row_clear). */
#ifndef PARLEY_MEETING_INT_H
#define PARLEY_MEETING_INT_H

#include <stdint.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/meeting.h"
#include "store_int.h"

#define PL_EVENT_MEETING_ADD      "meeting.add"
#define PL_EVENT_MEETING_POSTPONE "meeting.postpone"
#define PL_EVENT_MEETING_HELD     "meeting.held"
#define PL_EVENT_MEETING_CANCEL   "meeting.cancel"
#define PL_EVENT_STATEMENT        "statement.add"

/* 0 when date is a real calendar date "YYYY-MM-DD"; otherwise PL_EINVALID
 * with a message saying what is wrong (err may be NULL). */
int pl_date_check(const char *date, pl_error *err);
/* 0 when time is "HH:MM" from 00:00 to 23:59; otherwise PL_EINVALID. */
int pl_time_check(const char *time, pl_error *err);

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
int pl_meeting_find(pl_store *store, const char *id, pl_meeting_row *out, pl_error *err);

/* The columns pl_meeting_read_row expects, to put after SELECT. */
#define MEETING_COLUMNS                                                                            \
	"m.id, m.track, m.seq, m.date, m.time, m.status, m.sequence, m.updated_at,"                \
	" m.agenda_doc, m.agenda_number, m.title, m.place, m.parties, d.name"
#define MEETING_FROM " FROM meetings m LEFT JOIN documents d ON d.id = m.agenda_doc"
void pl_meeting_read_row(const pl_store_row *row, pl_meeting_row *out);

/* 0 when the viewer may know track; PL_ENOTFOUND "no track named ..." as
 * for a track that does not exist otherwise. */
int pl_meeting_track_visible(pl_negotiation *n, const char *track, pl_error *err);

/* 1 when the status allows no further change. */
int pl_meeting_is_final(const char *status);
/* 1 when date and time (NULL: all day, which sorts first) come strictly
 * after the meeting's present date and time. */
int pl_meeting_later(const char *date, const char *time, const pl_meeting_row *m);

/* What a statement's level lets a reader see: clears *speaker below "record"
 * and *party at "nfa". */
void pl_statement_attribution(const char *level, const char **party, const char **speaker);

/* iCalendar pieces (RFC 5545), exposed for the tests. */
/* Appends text escaped as a TEXT value: backslash, ';', ',' and newline. */
void pl_ics_escape(pl_buf *out, const char *text);
/* Appends one content line, folded so that no line exceeds 75 octets
 * (continuations start with a space) and never inside a UTF-8 sequence,
 * ended by CRLF. */
void pl_ics_line(pl_buf *out, const char *line, size_t len);

/* s when it can be quoted in a message as one short, printable line (1 to
 * 64 printable ASCII characters), else NULL (meeting_row.c). */
const char *pl_meeting_quotable(const char *s);

#endif
