/* talks_int.h — shared by the modules behind parley/talks.h. */
#ifndef PARLEY_TALKS_INT_H
#define PARLEY_TALKS_INT_H

#include <jansson.h>

#include "negotiation_int.h"
#include "parley/talks.h"

/* Event kinds. */
#define PL_EVENT_AMEND        "amendment.table"
#define PL_EVENT_AMEND_STATUS "amendment.status"
#define PL_EVENT_AMEND_REBASE "amendment.rebase"
#define PL_EVENT_POSITION     "position.set"

json_t *pl_ops_to_json(const pl_amendment *a);
pl_amendment *pl_ops_from_json(const char *id, json_t *ops);

/* The amendments of document doc the viewer may see: on version base (0:
 * any), only pending ones if pending_only. */
int pl_talks_records(pl_negotiation *n, int64_t doc, const char *document, int base,
                     int pending_only, pl_amendment_record **out, size_t *count, pl_error *err);

/* Appends an amendment.status event for r. */
int pl_talks_status(pl_negotiation *n, const pl_amendment_record *r, const char *status,
                    const char *note, pl_error *err);

/* Appends the acting party's decision (accept, reject, supersede) on r. */
int pl_talks_decision(pl_negotiation *n, const pl_amendment_record *r, const char *decision,
                      const char *note, pl_error *err);
/* Where decision on amendment id of document stands (all zero when the
 * state does not know it). */
void pl_talks_tally(pl_negotiation *n, const char *document, const char *id, const char *decision,
                    pl_tally *out);

/* Loads version number of v's document. */
int pl_version_load_number(pl_negotiation *n, const pl_resolved *v, int number, pl_doc **out,
                           pl_error *err);

/* The next point serial of document doc. */
int64_t pl_neg_next_serial(pl_negotiation *n, int64_t doc);

/* Circulates within an open change (no transaction of its own). */
int pl_neg_circulate(pl_negotiation *n, const char *ref, const char *to_track, const char *note,
                     pl_error *err);

typedef struct position {
	char *party, *point, *stance, *note; /* note: NULL when none */
	int number;
} position;

typedef struct positions {
	pl_negotiation *n;
	position *items;
	size_t count, capacity;
} positions;

typedef struct stance_view {
	pl_negotiation *n;
	const pl_resolved *v;
	const pl_doc *doc;
	positions all;
	pl_doc **versions; /* loaded on demand, by number */
} stance_view;

/* Opens a view of the stances on version v (positions up to it). */
int pl_stance_view_open(stance_view *s, pl_negotiation *n, const pl_resolved *v, pl_error *err);
void pl_stance_view_close(stance_view *s);
/* The current position of party on point (NULL when none); *stale when
 * the point's words changed since the version it was taken on. */
const position *pl_position_of(stance_view *s, const char *party, const pl_point *point,
                               int *stale);
/* The current stance of party on point ("undecided" when none); *stale
 * when the point's words changed since the version it was taken on. */
const char *pl_stance_of(stance_view *s, const char *party, const pl_point *point, int *stale);
/* 1 when stance accepts the point as worded: accept, reserve or keep. */
int pl_stance_accepts(const char *stance);
/* 1 when every party accepts (or reserves, or keeps) the point on its
 * current words. */
int pl_consensus(stance_view *s, const pl_table *parties, const pl_point *point);

#endif
