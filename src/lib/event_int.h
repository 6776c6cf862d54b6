/* event_int.h — appending events to a track's hash chain.
 *
 * An event's hash is BLAKE2b-256 over its canonical encoding: the JSON
 * object {"actor","at","kind","payload","prev","seq","track"} with keys
 * sorted and no insignificant whitespace, where prev is the hex hash of the
 * previous event of the same track (null for the first). */
#ifndef PARLEY_EVENT_INT_H
#define PARLEY_EVENT_INT_H

#include <jansson.h>

#include "payload_int.h"
#include "store_int.h"

/* An appended event, its strings owned by the record. */
typedef struct pl_event {
	pl_store_event view; /* borrowed pointers into the fields below */
	char *payload;
	char *track;
	char *kind;
	char *at;
	char *actor;
	uint8_t prev[PL_HASH_BYTES];
	uint8_t hash[PL_HASH_BYTES];
	uint8_t sig[PL_SIGNATURE_BYTES];
} pl_event;

void pl_event_clear(pl_event *event);

/* Appends an event with payload (borrowed) to track, filling out; signed
 * with key (Ed25519 over the hash) unless key is NULL. */
int pl_event_append(pl_store *store, const char *track, const char *kind, const char *at,
                    const char *actor, json_t *payload, const pl_keypair *key, pl_event *out,
                    pl_error *err);

/* The same for a payload already written as canonical text (len bytes,
 * NUL-terminated; allocated, and taken over by out — freed here on
 * failure): nothing is parsed or dumped, and the encoding is hashed in
 * pieces around the payload instead of being built. The caller vouches
 * that the text is canonical (verify checks it again). */
int pl_event_append_text(pl_store *store, const char *track, const char *kind, const char *at,
                         const char *actor, char *payload, size_t len, const pl_keypair *key,
                         pl_event *out, pl_error *err);

/* The canonical encoding of a stored event (see above); *out is new. */
int pl_event_encode(const pl_store_event *event, char **out, pl_error *err);
/* The same, for a payload the caller has already parsed (with
 * JSON_DECODE_ANY) from event->payload: the verifier parses each payload
 * once and hands the tree on to the rules of authority. */
int pl_event_encode_parsed(const pl_store_event *event, const json_t *payload, char **out,
                           pl_error *err);

/* What the checks of a stored event find in its content. */
enum { PL_CONTENT_SOUND, PL_CONTENT_NOT_CANONICAL, PL_CONTENT_ALTERED };

/* Checks a stored event's content (event->hash must be set): its payload
 * must be canonical JSON (see above) and its encoding must hash to
 * event->hash. Returns PL_CONTENT_*. Fills fields with what the rules read
 * from the payload whenever it is JSON at all (fields->container says
 * whether it is an object or an array); clears it otherwise. The same
 * verdict as pl_event_encode and a hash of its encoding, without building
 * a JSON tree for the payloads parley writes. */
int pl_event_content(const pl_store_event *event, pl_payload *fields);

/* A stored event's hash without checking its payload (already known
 * canonical, as in a record verified when it was opened) and without
 * building its encoding; -1 when a field is not UTF-8. */
int pl_event_hash(const pl_store_event *event, uint8_t out[PL_HASH_BYTES]);

/* The current time as ISO 8601 UTC with seconds ("2025-11-20T09:30:00Z"). */
void pl_time_now(char out[32]);

#endif
