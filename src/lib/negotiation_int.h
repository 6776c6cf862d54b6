/* negotiation_int.h — the negotiation handle, shared by the modules that
 * implement negotiation.h and record.h. */
#ifndef PARLEY_NEGOTIATION_INT_H
#define PARLEY_NEGOTIATION_INT_H

#include <jansson.h>

#include "parley/negotiation.h"
#include "record_int.h"
#include "store_int.h"

struct pl_negotiation {
	pl_store *store;
	char *clock;
	char *keys_dir;
	char id[33]; /* the negotiation's random id, hex; names its key folder */
	/* The acting delegate (who signs and whose party reads), if any. */
	char *actor;
	char *actor_party;
	char *actor_role;
	pl_keypair key;
	int has_actor;
	int founding; /* no delegate exists yet: plenary events go unsigned */
	int batch;    /* inside pl_negotiation_begin .. commit */
	/* The version loaded last, kept for the next load of the same one
	 * (tabling thousands of amendments reads one base again and again).
	 * A committed version never changes; pl_neg_forget drops the copy
	 * whenever a change is undone, in case it was the one made there. */
	pl_doc *cached;
	int64_t cached_doc;
	int cached_number;
};

/* Drops the cached version (see struct pl_negotiation). */
void pl_neg_forget(pl_negotiation *n);

/* Every change runs between these two: its own transaction, or a savepoint
 * inside a batch. pl_neg_end commits (or releases) when rc is 0 and undoes
 * the change otherwise; it returns rc, or the commit's error. */
int pl_neg_begin(pl_negotiation *n, pl_error *err);
int pl_neg_end(pl_negotiation *n, int rc, pl_error *err);

/* Appends an event to track as the acting delegate — signed, after
 * checking that its party may write there — and projects it. In a
 * founding negotiation (no delegates yet) plenary events are unsigned.
 * The payload is borrowed. */
int pl_neg_append(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                  pl_error *err);

/* The viewer rule, in one place: 1 when the viewer (the acting delegate's
 * party; nobody without one) may see what track holds at sequence number
 * seq (0: whether it may know the track at all). The plenary is open to
 * all; another track to its member parties, from the event that made them
 * members onwards. */
int pl_neg_sees(pl_negotiation *n, const char *track, int64_t seq);

/* 1 when the viewer may read version number of the document with id doc:
 * it sees the version's home track at the version's event, or a track it
 * was circulated to at the circulation. */
int pl_neg_sees_version(pl_negotiation *n, int64_t doc, int number);

/* The track to name as a version's place for the viewer: its home track
 * if the viewer may know it, else the first track it reached the viewer
 * through. */
void pl_neg_visible_track(pl_negotiation *n, int64_t doc, int number, const char *home, char *out,
                          size_t size);

/* 1 when version number of doc is readable in track: drafted or
 * circulated there. */
int pl_neg_version_in_track(pl_negotiation *n, int64_t doc, int number, const char *track);

/* Where amendments and positions on a version go by default: the plenary
 * when the version is on the table there, else the track through which the
 * viewer knows it. */
void pl_neg_table_track(pl_negotiation *n, int64_t doc, int number, const char *home, char *out,
                        size_t size);

/* A version reference resolved for the viewer. */
typedef struct pl_resolved {
	int64_t doc;
	int number; /* the version asked for, or the latest the viewer may read */
	int latest; /* the latest version the viewer may read */
	char name[PL_NAME_MAX + 1];
	char track[PL_NAME_MAX + 1]; /* the document's home track */
} pl_resolved;

/* Resolves "DOC" or "DOC@N" as the viewer sees it: a document or version
 * the viewer may not read is reported exactly as one that does not exist. */
int pl_neg_resolve(pl_negotiation *n, const char *ref, pl_resolved *out, pl_error *err);

/* Loads the actor named by the open options, with its key. */
int pl_neg_set_actor(pl_negotiation *n, const char *name, pl_error *err);

/* Reads (or, when creating, makes) the negotiation's id, and whether any
 * delegate exists. */
int pl_neg_load_identity(pl_negotiation *n, int create, pl_error *err);

/* Appends version number of document name, drafted in track, as the
 * acting delegate; doc's points carry their ids already. extra's fields
 * (if any) join the payload. */
int pl_neg_append_version(pl_negotiation *n, const char *name, int number, const char *track,
                          const pl_doc *doc, const char *source, json_t *extra, pl_error *err);

/* The event time: the fixed clock, or now. */
void pl_neg_time(const pl_negotiation *n, char out[32]);

#endif
