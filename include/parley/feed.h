/* feed.h — the record's events as a feed: what a live view (the server's
 * Server-Sent Events) tells a delegate, in the order they were recorded.
 *
 * Ownership: the events returned belong to the caller, who frees them with
 * pl_feed_free. */
#ifndef PARLEY_FEED_H
#define PARLEY_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"
#include "parley/negotiation.h"

/* Longest kind and time kept, in bytes. */
#define PL_FEED_KIND_MAX 48
#define PL_FEED_AT_MAX 40

typedef struct pl_feed_event {
	int64_t id;  /* the event's place in the whole record, increasing */
	int64_t seq; /* its sequence number in its track */
	char track[PL_NAME_MAX + 1];
	char kind[PL_FEED_KIND_MAX];
	char at[PL_FEED_AT_MAX];
	/* Who made it; empty where the viewer may not learn it (a statement
	 * not on the record). */
	char actor[PL_NAME_MAX + 1];
} pl_feed_event;

/* The events after id since (0: from the first) that the acting delegate
 * may see (the viewer rule: the plenary, and a track's events from the one
 * that made the viewer's party a member), at most max of them, oldest
 * first. *last is the id of the last event looked at, seen or not: pass it
 * as since next time. Returns 0 or PL_EIO. */
int pl_feed_list(pl_negotiation *n, int64_t since, size_t max, pl_feed_event **out,
                 size_t *count, int64_t *last, pl_error *err);
/* The id of the record's last event (0 for none). */
int pl_feed_last(pl_negotiation *n, int64_t *out, pl_error *err);
/* Waits up to timeout_ms for another process to append to the record: 0
 * after an append or the timeout (a PostgreSQL database tells, by LISTEN);
 * 1 at once when the database cannot tell (an SQLite file: poll
 * pl_feed_last instead). */
int pl_feed_wait(pl_negotiation *n, int timeout_ms, pl_error *err);
void pl_feed_free(pl_feed_event *events);

#endif
