/* record_state.c — the state of authority a negotiation handle decides by
 * (negotiation_int.h): replayed and verified in full when the handle
 * opens, then kept up to date by verifying only what other connections
 * appended since, so that a long-lived handle (a server's) neither decides
 * from a stale state nor pays for the whole record on every change. */
#include "event_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "store_log_int.h"
#include "verify_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loading {
	pl_verifier *v;
	int64_t last;
} loading;

static int add_to_verifier(void *context, const pl_store_event *event, pl_error *err)
{
	loading *l = context;
	(void)err;
	pl_verifier_add(l->v, event);
	l->last = event->id;
	return 0;
}

static int data_version(pl_negotiation *n, int64_t *out, pl_error *err)
{
	return pl_store_data_version(n->store, out, err);
}

/* The state of authority is replayed from the events, every hash, link,
 * signature and rule checked, so that no decision on who may read or sign
 * rests on a row that parley did not verify (docs/authority.md). */
int pl_neg_load_state(pl_negotiation *n, pl_error *err)
{
	pl_auth_free(n->auth);
	n->auth = NULL;
	n->state_changed = 0;
	data_version(n, &n->data_version, NULL);
	pl_verifier *v = pl_verifier_new(0);
	loading l = {v, 0};
	int rc = pl_store_events_foreach(n->store, add_to_verifier, &l, err);
	n->state_last_id = l.last;
	pl_error ignored;
	if (!n->first_bad)
		n->first_bad = pl_calloc(1, sizeof *n->first_bad);
	if (rc == 0) {
		n->unsound = pl_verifier_run(v, NULL, n->first_bad, &ignored) != 0;
		size_t bad;
		n->auth = pl_verifier_take_state(v, &bad);
	}
	pl_verifier_free(v);
	if (!n->auth) { /* the events could not be read: nothing may be seen or signed */
		n->auth = pl_auth_new(0);
		/* ... until they can: an impossible data version makes the next
		 * catch-up replay the record, rather than take this empty state
		 * as current (a database restarting under a server). */
		n->data_version = -1;
		n->state_last_id = 0;
	}
	return rc;
}

int pl_neg_take_state(pl_negotiation *n, const pl_negotiation *like, pl_error *err)
{
	int found;
	int rc = pl_store_negotiation_id(n->store, n->id, &found, err);
	if (rc == 0 && strcmp(n->id, like->id) != 0)
		return pl_error_set(err, PL_EINVALID,
		                    "a sibling handle opens the same negotiation as its model");
	if (rc)
		return rc;
	pl_auth_free(n->auth);
	n->auth = pl_auth_clone(like->auth);
	n->state_last_id = like->state_last_id;
	n->unsound = like->unsound;
	if (like->first_bad) {
		n->first_bad = pl_malloc(sizeof *n->first_bad);
		memcpy(n->first_bad, like->first_bad, sizeof *n->first_bad);
	}
	/* data_version is the connection's own counter: an impossible value
	 * makes the first catch-up look for what was appended since. */
	n->data_version = -1;
	return 0;
}

/* --- catching up ----------------------------------------------------------- */

typedef struct catching_up {
	pl_negotiation *n;
	int bad; /* an event that does not verify: the full replay decides */
} catching_up;

/* An event another connection appended: the same checks as a full replay
 * (link, hash, what it follows, rule, signature), against the state
 * before it; whether it follows an earlier event of its track comes with
 * it from the walk's one query (after_earlier). A statement recorded
 * twice cannot get in: the statement column is unique, and verify checks
 * it again. */
static int take_in(void *context, const pl_store_event *event, int after_earlier, pl_error *err)
{
	catching_up *c = context;
	(void)err;
	pl_store_event e = *event;
	const uint8_t *head;
	int64_t head_seq = pl_auth_head(c->n->auth, e.track, &head);
	int sound = e.hash && e.sig && e.payload && e.statement && e.seq == head_seq + 1 &&
	            (head_seq ? e.prev && memcmp(e.prev, head, PL_HASH_BYTES) == 0 : !e.prev) &&
	            after_earlier;
	pl_payload fields;
	pl_payload_init(&fields);
	uint8_t statement[PL_HASH_BYTES];
	sound = sound && pl_event_content(&e, &fields, statement) == PL_CONTENT_SOUND &&
	        fields.container;
	pl_auth_keys keys;
	sound = sound && pl_auth_step(c->n->auth, &e, &fields, &keys, NULL) == 0;
	pl_payload_clear(&fields);
	int signed_by = 0;
	for (size_t k = 0; sound && k < keys.count; k++)
		signed_by |= !keys.revoked[k] &&
		             pl_signature_valid_remembered(e.sig, statement, keys.key[k]);
	c->bad = !(sound && signed_by);
	c->n->state_last_id = e.id;
	return c->bad; /* stop at the first bad one */
}

int pl_neg_catch_up(pl_negotiation *n, pl_error *err)
{
	int64_t version;
	int rc = data_version(n, &version, err);
	if (rc || version == n->data_version)
		return rc;
	n->data_version = version;
	/* Where the data version is the last event's id, asking again would
	 * be one more round trip for the same number. */
	int64_t last = version;
	if (!pl_store_version_is_last_event(n->store))
		rc = pl_store_last_event_id(n->store, &last, err);
	/* Fewer events than the state has seen (a rollback elsewhere never
	 * leaves that; an edit of the file does): replay everything. */
	if (rc || last < n->state_last_id || n->unsound)
		return rc ? rc : pl_neg_load_state(n, err);
	catching_up c = {n, 0};
	int query = pl_store_events_since_checked(n->store, n->state_last_id, take_in, &c, NULL);
	if (query || c.bad)
		return pl_neg_load_state(n, err);
	return 0;
}

void pl_neg_refresh(pl_negotiation *n)
{
	if (!n->assume_current)
		pl_neg_catch_up(n, NULL);
}

void pl_negotiation_assume_current(pl_negotiation *n, int assume)
{
	n->assume_current = assume != 0;
}

int pl_negotiation_catch_up(pl_negotiation *n, pl_error *err)
{
	return pl_neg_catch_up(n, err);
}
