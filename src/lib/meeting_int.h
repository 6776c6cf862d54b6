/* meeting_int.h — what meeting.c, ical.c, timeline.c and project_extra.c
 * share: event kinds, date checks, meeting rows (store_meeting_int.h). */
#ifndef PARLEY_MEETING_INT_H
#define PARLEY_MEETING_INT_H

#include <stdint.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/meeting.h"
#include "store_meeting_int.h"

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

/* Meeting rows (pl_meeting_row, pl_store_meeting_find) are the store's:
 * store_meeting_int.h. */

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
