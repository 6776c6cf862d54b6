/* store_talks_int.h — the store's tables of the talks: amendments and
 * their decisions, positions on points, and the labels and serials of a
 * document's points that tabling needs.
 *
 * Ownership: strings in the structs handed to callbacks are borrowed for
 * the duration of the call; those passed to the inserts are the caller's.
 * Every function returns 0 or the store's error code, with the message
 * set on err. */
#ifndef PARLEY_STORE_TALKS_INT_H
#define PARLEY_STORE_TALKS_INT_H

#include <stdint.h>

#include "store_int.h"

typedef struct pl_store_amendment {
	int64_t doc;
	const char *id;
	const char *track;
	int64_t seq;
	int64_t base; /* the version it now applies to */
	const char *party;
	const char *delegate;      /* NULL when unsigned */
	const char *justification; /* NULL for none */
	const char *parent;        /* NULL for none */
	const char *status;        /* read only: a new one is "tabled" */
	const char *note;          /* read only: NULL for none */
	const char *ops;           /* the operations as compact JSON */
	const char *at;
} pl_store_amendment;

/* Records a newly tabled amendment, tabled on version a->base. */
int pl_store_amendment_insert(pl_store *store, const pl_store_amendment *a, pl_error *err);
/* Sets the status (and its note, NULL for none) of amendment id of doc. */
int pl_store_amendment_decide(pl_store *store, int64_t doc, const char *id, const char *status,
                              const char *note, pl_error *err);
/* Carries amendment id of doc over to version base, as ops. */
int pl_store_amendment_rebase(pl_store *store, int64_t doc, const char *id, int64_t base,
                              const char *ops, pl_error *err);
/* How many amendments of doc were tabled in track. */
int pl_store_amendment_count(pl_store *store, int64_t doc, const char *track, int64_t *count,
                             pl_error *err);

enum {
	PL_STORE_AMEND_ALL,     /* on version base (0: any) */
	PL_STORE_AMEND_TABLED,  /* the same, still tabled only */
	PL_STORE_AMEND_PENDING, /* on the table while version base was current */
};
typedef int (*pl_store_amendment_fn)(void *context, const pl_store_amendment *a, pl_error *err);
/* The amendments of doc that which (PL_STORE_AMEND_*) selects, ordered by
 * time, seq and track. */
int pl_store_amendments_foreach(pl_store *store, int64_t doc, int64_t base, int which,
                                pl_store_amendment_fn fn, void *context, pl_error *err);

typedef struct pl_store_position {
	const char *track;
	int64_t seq;
	int64_t doc;
	int64_t number; /* the version it was taken on */
	const char *point;
	const char *party;
	const char *stance;
	const char *note; /* NULL for none */
	const char *at;
} pl_store_position;
int pl_store_position_insert(pl_store *store, const pl_store_position *p, pl_error *err);
typedef int (*pl_store_position_fn)(void *context, const pl_store_position *p, pl_error *err);
/* The positions on doc taken on versions up to number, ordered by time,
 * track and seq (doc and at are not read). */
int pl_store_positions_foreach(pl_store *store, int64_t doc, int64_t number,
                               pl_store_position_fn fn, void *context, pl_error *err);

/* The next point serial of document doc; *serial is left as it was when
 * there is no such document. */
int pl_store_next_point(pl_store *store, int64_t doc, int64_t *serial, pl_error *err);
/* The label of point id in version number of document, copied into out;
 * out is left as it was when the tables do not know it. */
int pl_store_point_label(pl_store *store, const char *document, int64_t number, const char *id,
                         char out[64], pl_error *err);

#endif
