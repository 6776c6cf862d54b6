/* meeting.h — meetings, statements and the timeline of a negotiation.
 *
 * Ownership: listings return a new pl_table (pl_table_free); the iCalendar
 * export appends to a pl_buf the caller owns. Every change is one signed
 * event in the track of the meeting or statement, in one transaction, made
 * by the acting delegate (pl_open_options.actor); every read shows only
 * what that delegate's party may see.
 *
 * Meeting ids are "<track>-<n>": the n-th meeting of that track. Only the
 * track's members can see or name a meeting, and the counter counts that
 * track's meetings alone, so an id says nothing about other tracks. A
 * party that joins a track later does not see meetings planned there
 * before it joined (the rule of record.h for everything a track holds).
 *
 * Dates are ISO 8601 calendar dates "YYYY-MM-DD" (Gregorian, years
 * 0001-9999); times are "HH:MM", local to the place, or absent for an
 * all-day meeting. */
#ifndef PARLEY_MEETING_H
#define PARLEY_MEETING_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"
#include "parley/table.h"

/* Room for a meeting id: a track name, '-', a number, NUL. */
#define PL_MEETING_ID_MAX (PL_NAME_MAX + 24)

/* Longest title, place or statement text, in bytes. */
#define PL_MEETING_TEXT_MAX   512
#define PL_STATEMENT_TEXT_MAX 8192

typedef struct pl_meeting_spec {
	const char *title;
	const char *date; /* YYYY-MM-DD */
	const char *time; /* HH:MM, or NULL for an all-day meeting */
	const char *place;
	const char *const *parties; /* participating party codes */
	size_t party_count;
	const char *track;  /* NULL: the plenary */
	const char *agenda; /* "DOC@V" (or "DOC": the latest), or NULL */
} pl_meeting_spec;

/* Plans a meeting. The participants must be parties of the track, and the
 * agenda a version the actor sees that is also readable in the track (its
 * home track, the plenary, or circulated there), so that the meeting does
 * not name a document other members may not know. The new id goes to id.
 * Returns 0, PL_EINVALID (bad date, time or text), PL_ENOTFOUND (unknown
 * party, track or document), PL_EDENIED, PL_ECONFLICT, or a store error. */
int pl_meeting_add(pl_negotiation *n, const pl_meeting_spec *spec, char id[PL_MEETING_ID_MAX],
                   pl_error *err);

/* Moves meeting id to a later date (and time, or all day when time is
 * NULL), with an optional note. A held or cancelled meeting is final:
 * PL_ECONFLICT. A meeting the viewer cannot see: PL_ENOTFOUND, as for one
 * that does not exist. */
int pl_meeting_postpone(pl_negotiation *n, const char *id, const char *date, const char *time,
                        const char *note, pl_error *err);
/* Records that meeting id took place / was called off. Same codes. */
int pl_meeting_held(pl_negotiation *n, const char *id, const char *note, pl_error *err);
int pl_meeting_cancel(pl_negotiation *n, const char *id, const char *note, pl_error *err);

/* The meetings the viewer may see, by date (track NULL: every track):
 * columns id, track, date, time, status, title, place, parties, agenda. */
int pl_meeting_list(pl_negotiation *n, const char *track, pl_table **out, pl_error *err);

/* Appends an iCalendar (RFC 5545) object with one VEVENT per meeting the
 * viewer may see to out (see README.md for the mapping). */
int pl_meeting_export_ics(pl_negotiation *n, const char *track, pl_buf *out, pl_error *err);

typedef struct pl_statement_spec {
	const char *text;
	const char *date;    /* YYYY-MM-DD: when it was said */
	const char *level;   /* "record", "background" or "nfa" (not for attribution) */
	const char *party;   /* whose statement; NULL: the actor's party */
	const char *speaker; /* who said it; NULL: the actor, when it is the actor's
	                      * party's statement. Required on record for another party. */
	const char *track;   /* NULL: the plenary */
} pl_statement_spec;

/* Records a statement in a track. Its level governs every read: on record
 * shows party and speaker; background the party only; not for attribution
 * neither. The record keeps both (and the signed event names the delegate
 * who recorded it). */
int pl_statement_add(pl_negotiation *n, const pl_statement_spec *spec, pl_error *err);

/* The statements the viewer may see, by date, attributed as their level
 * allows: columns date, track, level, party, speaker, text. */
int pl_statement_list(pl_negotiation *n, const char *track, pl_table **out, pl_error *err);

/* The dated story of the negotiation as the viewer may see it (track NULL:
 * every track it may see): parties, delegates and tracks joining, versions
 * drafted, circulations, meetings and their changes, statements at their
 * level. Columns date, time, track, kind, what; ordered by date and time,
 * then by the order of the record. Times of record events are UTC ("HH:MMZ");
 * meeting times are local. PL_ENOTFOUND for a track the viewer may not see. */
int pl_timeline(pl_negotiation *n, const char *track, pl_table **out, pl_error *err);

#endif
