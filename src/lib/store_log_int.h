/* store_log_int.h — the store's reads of the log itself: the
 * negotiation's identity, events by position, by track or by hash, and
 * the counters that tell a connection something was appended.
 *
 * Ownership: events and texts handed to callbacks are borrowed for the
 * duration of the call. Every function returns 0 or the store's error
 * code (PL_EIO, PL_EBUSY, ...), with the message set on err. */
#ifndef PARLEY_STORE_LOG_INT_H
#define PARLEY_STORE_LOG_INT_H

#include <stdint.h>

#include "store_int.h"

/* The negotiation's id (32 hex digits): copied into out and *found set to
 * 1 when the database has one; out is left as it was and *found 0 when
 * not. */
int pl_store_negotiation_id(pl_store *store, char out[33], int *found, pl_error *err);
int pl_store_negotiation_id_insert(pl_store *store, const char *id, pl_error *err);

/* A counter that changes when another connection commits to the database
 * (SQLite's data_version): equal values, nothing new. */
int pl_store_data_version(pl_store *store, int64_t *out, pl_error *err);
/* The id of the last event appended; 0 when there is none. */
int pl_store_last_event_id(pl_store *store, int64_t *out, pl_error *err);

/* Calls fn for each event appended after event id after, in order, at most
 * max of them (0: all); stops at fn's first non-zero return and passes it
 * up. fn may use the store. */
int pl_store_events_since(pl_store *store, int64_t after, int64_t max, pl_store_event_fn fn,
                          void *context, pl_error *err);
/* The same walk, all events after id after, each with whether its after
 * names an event of its own track appended before it (1 as well when
 * after is NULL): a catch-up's check of every event, in the walk's one
 * query rather than a query per event. */
typedef int (*pl_store_checked_event_fn)(void *context, const pl_store_event *event,
                                         int after_earlier, pl_error *err);
int pl_store_events_since_checked(pl_store *store, int64_t after, pl_store_checked_event_fn fn,
                                  void *context, pl_error *err);
/* Calls fn for each event of track (NULL: of every track), in appending
 * order, with its id, track, seq, kind, at, actor and payload only. */
int pl_store_events_in_track(pl_store *store, const char *track, pl_store_event_fn fn,
                             void *context, pl_error *err);
/* Calls fn once with event id when it exists: its track, seq, kind, at,
 * actor, payload, prev, sig and after (hash and statement NULL: what the
 * caller checks is recomputed from those). Not an error when it does not
 * exist: fn is simply not called. */
int pl_store_event_by_id(pl_store *store, int64_t id, pl_store_event_fn fn, void *context,
                         pl_error *err);

/* Where an event is, whether it is signed and its hash, for counting a
 * share of the log without reading payloads. */
typedef struct pl_store_event_mark {
	const char *track;
	const uint8_t *hash; /* NULL unless PL_HASH_BYTES long */
	int is_signed;       /* a signature of PL_SIGNATURE_BYTES is stored */
} pl_store_event_mark;
typedef int (*pl_store_mark_fn)(void *context, const pl_store_event_mark *mark, pl_error *err);
/* Calls fn for every event, in appending order. */
int pl_store_event_marks(pl_store *store, pl_store_mark_fn fn, void *context, pl_error *err);

/* The last event of track: *found 0 when the track has none. PL_EBADSIG
 * "the head event's hash is damaged" when its stored hash is not
 * PL_HASH_BYTES long. */
int pl_store_head_event(pl_store *store, const char *track, int *found, int64_t *seq,
                        uint8_t hash[PL_HASH_BYTES], pl_error *err);

/* Where a signed statement would go, in one query: *recorded, how many
 * events record the statement whose hash is given; *follows, how many
 * events of track have the hash after (0 when after is NULL). */
int pl_store_statement_place(pl_store *store, const uint8_t statement[PL_HASH_BYTES],
                             const uint8_t *after, const char *track, int64_t *recorded,
                             int64_t *follows, pl_error *err);

/* Calls fn with the payload of the event that made version number of
 * document (not called when the tables know no such version). */
int pl_store_version_payload(pl_store *store, const char *document, int64_t number,
                             pl_store_text_fn fn, void *context, pl_error *err);

#endif
