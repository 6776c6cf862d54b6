/* project_int.h — projections: what each kind of event does to the tables.
 * The same function serves appending and rebuilding, so that a rebuilt
 * database equals the one built incrementally. */
#ifndef PARLEY_PROJECT_INT_H
#define PARLEY_PROJECT_INT_H

#include <jansson.h>

#include "parley/doc.h"
#include "store_int.h"

/* Event kinds. */
#define PL_EVENT_VERSION   "document.version"
#define PL_EVENT_PARTY     "party.add"
#define PL_EVENT_DELEGATE  "delegate.add"
#define PL_EVENT_TRACK     "track.create"
#define PL_EVENT_JOIN      "track.join"
#define PL_EVENT_CIRCULATE "version.circulate"

/* Applies event to the projection tables. PL_EINVALID for an event whose
 * payload does not have the shape its kind requires, or of a kind no
 * module projects ("unknown kind of event"). */
int pl_project_event(pl_store *store, const pl_store_event *event, pl_error *err);

/* The same, for an event whose payload is at hand as a parsed tree (the
 * append path, which need not parse back what it just wrote). */
int pl_project_payload(pl_store *store, const pl_store_event *event, json_t *payload,
                       pl_error *err);

/* The same for a version event whose payload pl_version_payload_write
 * wrote from doc (version number of document name, from source): the rows
 * come from the document model, never parsed back from the payload, and
 * are those project_version writes from the payload. */
int pl_project_version_doc(pl_store *store, const pl_store_event *event, const char *name,
                           int number, const pl_doc *doc, const char *source, pl_error *err);

/* What one kind of event does to the tables. */
typedef int (*pl_project_fn)(pl_store *store, const pl_store_event *event, json_t *payload,
                             pl_error *err);

typedef struct pl_projector {
	const char *kind;
	pl_project_fn project;
} pl_projector;

/* Each module's projectors, in its own file, ended by {NULL, NULL}; the
 * kinds' names stay where each module defines them (above, authority_int.h,
 * talks_int.h, meeting_int.h). */
extern const pl_projector pl_record_projectors[];  /* project.c */
extern const pl_projector pl_talks_projectors[];   /* talks_project.c */
extern const pl_projector pl_meeting_projectors[]; /* project_extra.c */

/* The registry pl_project_payload walks: the tables above, ended by NULL.
 * Each kind is to appear in exactly one of them (tests/unit/test_project.c). */
extern const pl_projector *const pl_projector_tables[];

/* The opaque reference to a track that circulations carry in their
 * payload: hex BLAKE2b-256 of the track's random salt and its name. Members
 * of the source track can check it; others learn nothing from it. */
void pl_track_reference(char out[PL_HASH_HEX], const char *name, const char *salt);

/* Parses a hex hash; 0 on success. */
int pl_unhex_hash(uint8_t out[PL_HASH_BYTES], const char *hex);

#endif
