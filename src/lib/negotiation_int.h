/* negotiation_int.h — the negotiation handle, shared by the modules that
 * implement negotiation.h and record.h. */
#ifndef PARLEY_NEGOTIATION_INT_H
#define PARLEY_NEGOTIATION_INT_H

#include <jansson.h>

#include "authority_int.h"
#include "parley/verify.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "record_int.h"
#include "event_int.h"
#include "store_int.h"

struct pl_negotiation {
	pl_store *store;
	char *clock;
	char *keys_dir;
	char *key_file; /* the actor's key file, when not the usual one */
	char id[33];    /* the negotiation's random id, hex; names its key folder */
	/* The acting delegate (who signs and whose party reads), if any. */
	char *actor;
	char *actor_party;
	char *actor_role;
	pl_keypair key;
	int has_actor;
	/* Acting through a server (signing.h): key holds the public half
	 * only, and a change can only be prepared for its signer. */
	int remote;
	/* Preparing (pl_negotiation_prepare): changes run in a transaction
	 * that is undone, their statements collected; the state as it was
	 * before is kept aside, to be put back. */
	int preparing;
	pl_auth *auth_before;
	int64_t last_id_before, data_version_before;
	struct pl_prepared_list *prepared;
	/* The state of authority, replayed from the verified events (see
	 * pl_neg_load_state); every decision on who may read or sign uses it. */
	pl_auth *auth;
	int64_t state_last_id;       /* the last event it has seen */
	int64_t data_version;        /* SQLite's data_version when it was replayed */
	int state_changed;           /* events entered it in the open transaction */
	int unsound;                 /* an event does not verify: nothing more is appended */
	int assume_current;          /* reads do not look for changes (assume_current) */
	pl_verify_report *first_bad; /* which, when unsound */
	int batch;                   /* inside pl_negotiation_begin .. commit */
	/* Inside a batch, state_changed of the changes before each open
	 * savepoint (pl_neg_begin .. pl_neg_end). */
#define PL_NEG_SAVEPOINTS_MAX 16
	int changed_before[PL_NEG_SAVEPOINTS_MAX];
	int savepoints;
	/* The version loaded last, kept for the next load of the same one
	 * (tabling thousands of amendments reads one base again and again).
	 * A copy is kept only from the second load of a version on, so that a
	 * command reading a version once (show, diff) pays for no copy.
	 * A committed version never changes. The copy is used only while the
	 * state still names the event it was read from (cached_event): a
	 * version made in a change that was undone (a prepare, a refused
	 * commit) is gone from the state, or another event holds its number. */
	pl_doc *cached;
	int64_t cached_doc; /* the version cached, or else the one loaded last */
	int cached_number;
	uint8_t cached_event[PL_HASH_BYTES];
	/* what its row says of it, when a load asked (show): created_at,
	 * source, title and point_count; has_info tells */
	pl_version_info cached_info;
	int cached_has_info;
};

/* Appends a statement signed elsewhere (its track, kind, at, actor,
 * payload and after) with its signature: judged by the rules like any
 * event, then the signature checked against the keys the rules name.
 * Inside pl_neg_begin .. pl_neg_end. */
int pl_neg_append_signed(pl_negotiation *n, const pl_store_event *statement,
                         const uint8_t signature[PL_SIGNATURE_BYTES], pl_error *err);

/* pl_neg_may_write for a statement signed elsewhere by the acting
 * delegate, who may act by its public key alone. */
int pl_neg_may_write_signed(pl_negotiation *n, const char *track, pl_error *err);
/* Ends a preparing without writing anything (pl_negotiation_close). */
void pl_neg_prepare_drop(pl_negotiation *n);

/* Enrolment codes (signing.c): a new code, "XXXX-XXXX-…" (32 characters
 * of Crockford's base 32 in groups of four), and the key pair derived from
 * a code as typed. */
void pl_invite_code_new(char code[PL_INVITE_CODE_SIZE]);
int pl_invite_pair(const char *code, pl_keypair *out, pl_error *err);

/* A sibling handle's state, taken from like (negotiation.h). */
int pl_neg_take_state(pl_negotiation *n, const pl_negotiation *like, pl_error *err);

/* Collects the statement of an event appended while preparing
 * (signing.c). */
struct pl_event;
void pl_neg_prepared_add(pl_negotiation *n, const struct pl_event *event);

/* Drops the cached version (see struct pl_negotiation). */
void pl_neg_forget(pl_negotiation *n);

/* Every change runs between these two: its own transaction, or a savepoint
 * inside a batch. pl_neg_end commits (or releases) when rc is 0 and undoes
 * the change otherwise; it returns rc, or the commit's error. */
int pl_neg_begin(pl_negotiation *n, pl_error *err);
int pl_neg_end(pl_negotiation *n, int rc, pl_error *err);

/* Appends an event to track as the acting delegate — signed, after
 * checking that its party may write there — and projects it. The rules of
 * authority judge it first (authority.c): an event they refuse is never
 * recorded. The payload is borrowed. */
int pl_neg_append(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                  pl_error *err);
/* The same, signed with key as actor, without the acting delegate's checks
 * (the founding, whose signer is not yet a delegate). */
int pl_neg_append_as(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                     const pl_keypair *key, const char *actor, pl_error *err);
/* What projects an event appended by pl_neg_append_text into the tables,
 * as pl_project_event would from its payload. */
typedef int (*pl_neg_project_fn)(void *context, pl_store *store, const pl_store_event *event,
                                 pl_error *err);
/* pl_neg_append for a payload already written as canonical text (len
 * bytes; allocated, and taken over: freed here in every case). project
 * (with context) fills the tables; NULL: pl_project_event. */
int pl_neg_append_text(pl_negotiation *n, const char *track, const char *kind, char *payload,
                       size_t len, pl_neg_project_fn project, void *context, pl_error *err);
/* pl_neg_append_text for a payload of len bytes written in pieces by write
 * (event_int.h: pl_event_append_stream), never held whole: only on a store
 * that takes it so, not while preparing. fields (borrowed) holds what the
 * rules read of the payload: the same values its text would give them. */
int pl_neg_append_stream(pl_negotiation *n, const char *track, const char *kind, size_t len,
                         pl_event_writer write, void *writer, json_t *fields,
                         pl_neg_project_fn project, void *context, pl_error *err);
/* 0 when the acting delegate may append to track (a sound record, a current
 * key, not an observer, a member); otherwise the reason. */
int pl_neg_may_write(pl_negotiation *n, const char *track, pl_error *err);
/* Replays the events into n->auth, checking each one's hash, link,
 * signature and rule; stops the state before the first bad event and sets
 * n->unsound. */
int pl_neg_load_state(pl_negotiation *n, pl_error *err);
/* When another connection changed the database since (PRAGMA
 * data_version), verifies the events it appended and takes them into the
 * state; anything else (an event that does not verify, fewer events) makes
 * it replay the whole record. Every change calls it once it holds the write
 * lock. */
int pl_neg_catch_up(pl_negotiation *n, pl_error *err);
/* The same for reads: every read entry point calls it, so that a
 * long-lived handle never decides from a stale state. */
void pl_neg_refresh(pl_negotiation *n);

/* The viewer rule, in one place: 1 when the viewer (the acting delegate's
 * party; nobody without one) may see what track holds at sequence number
 * seq (0: whether it may know the track at all). The plenary is open to
 * all; another track to its member parties, from the event that made them
 * members onwards. */
int pl_neg_sees(pl_negotiation *n, const char *track, int64_t seq);

/* 1 when the viewer may read version number of document: it sees the
 * version's home track at the version's event, or a track it was
 * circulated to at the circulation. */
int pl_neg_sees_version(pl_negotiation *n, const char *document, int number);

/* The track to name as a version's place for the viewer: its home track
 * if the viewer may know it, else the first track it reached the viewer
 * through. */
void pl_neg_visible_track(pl_negotiation *n, const char *document, int number, char *out,
                          size_t size);

/* 1 when version number of document is readable in track: drafted or
 * circulated there. */
int pl_neg_version_in_track(pl_negotiation *n, const char *document, int number, const char *track);

/* Where amendments and positions on a version go by default: the plenary
 * when the version is on the table there, else the track through which the
 * viewer knows it. */
void pl_neg_table_track(pl_negotiation *n, const char *document, int number, char *out,
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

/* Reads (or, when creating, makes) the negotiation's id, and replays the
 * state of authority. */
int pl_neg_load_identity(pl_negotiation *n, int create, pl_error *err);

/* Every text in value (a payload, or a part of one) as the library takes
 * texts in, whatever the front end did: valid UTF-8 and no control
 * character but newline and tab. 0, or PL_EINVALID with the message in
 * err (record_ops.c). */
int pl_neg_check_texts(const json_t *value, pl_error *err);

/* Appends version number of document name, drafted in track, as the
 * acting delegate; doc's points carry their ids already. extra's fields
 * (if any) join the payload. */
int pl_neg_append_version(pl_negotiation *n, const char *name, int number, const char *track,
                          const pl_doc *doc, const char *source, json_t *extra, pl_error *err);

/* Version number of document name as the signed event's payload (its
 * hash checked by the caller) records it, with its texts read from the
 * blobs and each checked against the hash the payload names
 * (version_read.c). points: how many points to make room for (a hint,
 * bounded by what the payload can hold). PL_EBADSIG when a text is
 * missing or altered, or the payload is not that version's. */
int pl_version_read(pl_store *store, const char *payload, const char *name, int number,
                    size_t points, pl_doc **out, pl_error *err);

/* The event time: the fixed clock, or now. */
void pl_neg_time(const pl_negotiation *n, char out[32]);

#endif
