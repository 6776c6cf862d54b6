/* event_int.h — appending events to a track's hash chain.
 *
 * Every event holds a statement, the part its signer signs: the JSON object
 * {"actor","after","at","kind","payload","track"} with keys sorted and no
 * insignificant white space, where after is the hex hash of the head of
 * track that the signer had seen (null: none). Its BLAKE2b-256 hash is the
 * statement hash, and the signature is Ed25519 over that hash. The event's
 * own hash chains it: BLAKE2b-256 of {"prev","seq","statement"} in the same
 * canonical form — prev the hex hash of the previous event of the track
 * (null for the first), statement the hex statement hash. So the signer fixes what is said and
 * what it followed; whoever appends fixes only where it lands
 * (docs/signing.md). */
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
	uint8_t after[PL_HASH_BYTES];
	uint8_t statement[PL_HASH_BYTES];
} pl_event;

void pl_event_clear(pl_event *event);

/* The canonical text of a payload (new), or NULL when it cannot be
 * written. */
char *pl_event_payload_text(const json_t *payload);

/* Appends an event to track, filling out, with a payload written as
 * canonical text (len bytes, NUL-terminated; allocated, and taken over by
 * out — freed here on failure): nothing is parsed or dumped, and the
 * statement is hashed in pieces around the payload instead of being built.
 * The caller vouches that the text is canonical (verify checks it again).
 * Signed with key (Ed25519 over the statement hash) unless key is NULL;
 * the statement names the track's head as what it follows. */
int pl_event_append_text(pl_store *store, const char *track, const char *kind, const char *at,
                         const char *actor, char *payload, size_t len, const pl_keypair *key,
                         pl_event *out, pl_error *err);

/* A payload too large to hold whole, written in pieces by its writer:
 * write(context, pass, sink, err) lays down exactly the same bytes at each
 * call, passing each piece to pl_event_sink_put. */
typedef struct pl_event_sink pl_event_sink;
typedef int (*pl_event_writer)(void *context, int pass, pl_event_sink *sink, pl_error *err);
int pl_event_sink_put(pl_event_sink *sink, const char *bytes, size_t len, pl_error *err);

/* pl_event_append_text for a payload of len bytes (> 0) that is never held
 * whole, on a store that can take it in pieces
 * (pl_store_can_stream_payload): written a first time (pass 1) to be hashed
 * and signed, then a second time (pass 2) into the row, hashed again and
 * refused if it differs from what was signed. out's payload is NULL. */
int pl_event_append_stream(pl_store *store, const char *track, const char *kind, const char *at,
                           const char *actor, size_t len, pl_event_writer write, void *context,
                           const pl_keypair *key, pl_event *out, pl_error *err);

/* The same, unsigned, for a statement being prepared for a signer who saw
 * after (NULL: nothing) as the head of track. */
int pl_event_append_prepared(pl_store *store, const char *track, const char *kind, const char *at,
                             const char *actor, char *payload, size_t len, const uint8_t *after,
                             pl_event *out, pl_error *err);

/* Appends the statement given (its track, kind, at, actor, payload and
 * after; the rest is ignored) with a signature made elsewhere over its
 * hash, after the head of its track. The caller checks the signature. */
int pl_event_append_signed(pl_store *store, const pl_store_event *statement,
                           const uint8_t signature[PL_SIGNATURE_BYTES], pl_event *out,
                           pl_error *err);

/* The statement of a stored event (see above), its payload checked
 * canonical; *out is new. PL_EBADSIG otherwise. */
int pl_event_statement(const pl_store_event *event, char **out, pl_error *err);
/* The same without the check; NULL when a field is not UTF-8. */
char *pl_statement_write(const pl_store_event *event);
/* The statement hash of event, whose payload is payload_len bytes; -1 when a
 * field is not UTF-8. */
int pl_statement_hash(const pl_store_event *event, size_t payload_len, uint8_t out[PL_HASH_BYTES]);
/* The event hash that chains a statement (prev NULL for a track's first
 * event). */
void pl_event_link_hash(const uint8_t *prev, int64_t seq, const uint8_t statement[PL_HASH_BYTES],
                        uint8_t out[PL_HASH_BYTES]);

/* What the checks of a stored event find in its content. */
enum { PL_CONTENT_SOUND, PL_CONTENT_NOT_CANONICAL, PL_CONTENT_ALTERED };

/* Checks a stored event's content (event->hash must be set): its payload
 * must be canonical JSON (see above), its statement and links must hash to
 * event->hash (and to event->statement, when given). Returns PL_CONTENT_*;
 * statement receives the statement hash, which the signature must hold
 * over. Fills fields with what the rules read from the payload whenever it
 * is JSON at all (fields->container says whether it is an object or an
 * array); clears it otherwise. Builds no JSON tree for the payloads parley
 * writes. */
int pl_event_content(const pl_store_event *event, pl_payload *fields,
                     uint8_t statement[PL_HASH_BYTES]);

/* A stored event's hash (from its statement, sig and links) without
 * checking its payload (already known canonical, as in a record verified
 * when it was opened); -1 when a field is not UTF-8. */
int pl_event_hash(const pl_store_event *event, uint8_t out[PL_HASH_BYTES]);

/* The current time as ISO 8601 UTC with seconds ("2025-11-20T09:30:00Z"). */
void pl_time_now(char out[32]);
/* seconds since the epoch in that form; and back (-1 when at is not in
 * it). */
void pl_time_write(long long seconds, char out[32]);
long long pl_time_read(const char *at);

#endif
