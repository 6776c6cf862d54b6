/* project_int.h — projections: what each kind of event does to the tables.
 * The same function serves appending and rebuilding, so that a rebuilt
 * database equals the one built incrementally. */
#ifndef PARLEY_PROJECT_INT_H
#define PARLEY_PROJECT_INT_H

#include <jansson.h>

#include "store_int.h"

/* Event kinds. */
#define PL_EVENT_VERSION "document.version"
#define PL_EVENT_PARTY "party.add"
#define PL_EVENT_DELEGATE "delegate.add"
#define PL_EVENT_TRACK "track.create"
#define PL_EVENT_JOIN "track.join"
#define PL_EVENT_CIRCULATE "version.circulate"

/* Applies event to the projection tables. PL_EINVALID for an event whose
 * payload does not have the shape its kind requires. */
int pl_project_event(pl_store *store, const store_event *event, pl_error *err);

/* The same, for an event whose payload is at hand as a parsed tree (the
 * append path, which need not parse back what it just wrote). */
int pl_project_payload(pl_store *store, const store_event *event, json_t *payload,
		       pl_error *err);

/* Projections of the kinds that live in their own modules (meetings,
 * statements, ...): PL_EINVALID "unknown kind of event" for others. */
int pl_project_extra(pl_store *store, const store_event *event, json_t *payload,
		     pl_error *err);

/* The opaque reference to a track that circulations carry in their
 * payload: hex BLAKE2b-256 of the track's random salt and its name. Members
 * of the source track can check it; others learn nothing from it. */
void pl_track_reference(char out[PL_HASH_HEX], const char *name, const char *salt);

/* Parses a hex hash; 0 on success. */
int pl_unhex_hash(uint8_t out[PL_HASH_BYTES], const char *hex);

#endif
