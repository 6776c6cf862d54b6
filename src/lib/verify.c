/* verify.c — the chain verifier (verify_int.h). The events are taken in
 * windows: each payload is read once (pl_event_content: proved canonical in
 * the same pass, with no JSON tree for the payloads parley writes) and
 * hashed on both cores, the rules of authority then read the fields kept
 * from it in order (and say under which keys each signature must hold),
 * and the signatures are checked on both cores; the links between events
 * come last, in order. */
#include "authority_int.h"
#include "event_int.h"
#include "parley/mem.h"
#include "project_int.h"
#include "strmap_int.h"
#include "verify_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct owned_event {
	pl_store_event view;
	char *strings; /* track, kind, at, actor, payload, one after the other */
	char *track, *kind, *at, *actor, *payload;
	uint8_t prev[PL_HASH_BYTES], hash[PL_HASH_BYTES], sig[PL_SIGNATURE_BYTES];
	uint8_t after[PL_HASH_BYTES];
	uint8_t statement[PL_HASH_BYTES]; /* as given; then as computed from the content */
	int has_prev, has_sig, has_after, has_statement;
	int redacted; /* no payload: links and signature only */
	/* Filled by the checks. */
	pl_payload *fields;  /* what the rules read, while the event's window is checked */
	int not_rules_json;  /* the payload is not an object or array: no rule can read it */
	int content;         /* PL_CONTENT_* */
	pl_auth_keys keys;   /* the signer's keys at the time (authority.c) */
	const char *problem; /* NULL when the event is sound */
	char *denial;        /* the rule it breaks, when that is the problem */
} owned_event;

struct pl_verifier {
	owned_event *events;
	size_t count, capacity;
	int partial; /* the events are a reader's share of the record */
	pl_auth *auth;
};

pl_verifier *pl_verifier_new(int partial)
{
	pl_verifier *v = pl_calloc(1, sizeof(pl_verifier));
	v->partial = partial;
	return v;
}

void pl_verifier_free(pl_verifier *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		owned_event *e = &v->events[i];
		free(e->strings);
		free(e->denial);
	}
	pl_auth_free(v->auth);
	free(v->events);
	free(v);
}

/* Copies s (or "" for NULL, unless keep_null) to *at, and moves *at on. */
static char *copy(char **at, const char *s, size_t len, int keep_null)
{
	if (!s && keep_null)
		return NULL;
	char *to = *at;
	memcpy(to, s ? s : "", len);
	to[len] = '\0';
	*at += len + 1;
	return to;
}

void pl_verifier_add(pl_verifier *v, const pl_store_event *event)
{
	v->events = pl_grow(v->events, &v->capacity, v->count + 1, sizeof *v->events);
	owned_event *e = &v->events[v->count++];
	memset(e, 0, sizeof *e);
	/* One allocation for the five strings: a record has millions. */
	size_t track = event->track ? strlen(event->track) : 0,
	       kind = event->kind ? strlen(event->kind) : 0, at = event->at ? strlen(event->at) : 0,
	       actor = event->actor ? strlen(event->actor) : 0,
	       payload = event->payload ? strlen(event->payload) : 0;
	e->strings = pl_malloc(track + kind + at + actor + payload + 5);
	char *next = e->strings;
	e->track = copy(&next, event->track, track, 0);
	e->kind = copy(&next, event->kind, kind, 0);
	e->at = copy(&next, event->at, at, 0);
	e->actor = copy(&next, event->actor, actor, 1);
	e->redacted = event->payload == NULL;
	e->payload = copy(&next, event->payload, payload, 0);
	if (event->prev) {
		memcpy(e->prev, event->prev, PL_HASH_BYTES);
		e->has_prev = 1;
	}
	if (event->hash)
		memcpy(e->hash, event->hash, PL_HASH_BYTES);
	if (event->sig) {
		memcpy(e->sig, event->sig, PL_SIGNATURE_BYTES);
		e->has_sig = 1;
	}
	if (event->after) {
		memcpy(e->after, event->after, PL_HASH_BYTES);
		e->has_after = 1;
	}
	if (event->statement) {
		memcpy(e->statement, event->statement, PL_HASH_BYTES);
		e->has_statement = 1;
	}
	e->view = (pl_store_event){.id = event->id,
	                           .track = e->track,
	                           .seq = event->seq,
	                           .kind = e->kind,
	                           .at = e->at,
	                           .actor = e->actor,
	                           .payload = e->payload};
}

/* Pass 1, on both cores: the content. The payload is read once, here, and
 * what the rules need of it kept for pass 2. It must be the canonical JSON
 * whose envelope hashes to the stored hash. */
static void check_content(owned_event *e)
{
	if (e->redacted) {
		/* Withheld from this reader: the statement's hash, the signature
		 * over it and the links still prove the chain. */
		uint8_t hash[PL_HASH_BYTES];
		if (e->has_statement)
			pl_event_link_hash(e->has_prev ? e->prev : NULL, e->view.seq, e->statement,
			                   hash);
		e->content = e->has_statement && memcmp(hash, e->hash, PL_HASH_BYTES) == 0
		                 ? PL_CONTENT_SOUND
		                 : PL_CONTENT_ALTERED;
		return;
	}
	pl_store_event view = e->view;
	view.prev = e->has_prev ? e->prev : NULL;
	view.hash = e->hash;
	view.sig = e->has_sig ? e->sig : NULL;
	view.after = e->has_after ? e->after : NULL;
	view.statement = e->has_statement ? e->statement : NULL;
	uint8_t statement[PL_HASH_BYTES];
	e->content = pl_event_content(&view, e->fields, statement);
	memcpy(e->statement, statement, PL_HASH_BYTES);
	/* The rules take an object or an array, as json_loads without
	 * JSON_DECODE_ANY would; a bare value is no payload of theirs. */
	e->not_rules_json = !e->fields->container;
}

/* Pass 2, in order: each event against the rules of authority, which also
 * say under which keys its signature must hold. The problems are chosen
 * as when the rules ran before the content check: a damaged content says
 * more than a broken rule, an unreadable payload more than both. */
static void judge(pl_auth *auth, owned_event *e)
{
	if (e->not_rules_json && !e->redacted) {
		e->problem = "payload is not JSON";
	} else {
		pl_error err;
		/* The array no longer grows: its own hash may be pointed at. */
		e->view.hash = e->hash;
		e->view.prev = e->has_prev ? e->prev : NULL;
		if (pl_auth_step(auth, &e->view, e->redacted ? NULL : e->fields, &e->keys, &err) !=
		    0) {
			e->denial = pl_strdup(err.message);
			e->problem = e->denial;
		}
		if (!e->problem && e->view.actor && !e->has_sig)
			e->problem = "signature missing";
	}
	/* Only a window's fields are held at once. */
	pl_payload_clear(e->fields);
	e->fields = NULL;
	if (e->content == PL_CONTENT_NOT_CANONICAL)
		e->problem = e->problem ? e->problem : "payload is not canonical JSON";
	else if (e->content == PL_CONTENT_ALTERED)
		e->problem = "hash does not match the content (altered)";
}

/* The signature against the signer's keys: a current one, or else a
 * revoked one (which says why it fails). */
static const char *signature_problem(const owned_event *e)
{
	int revoked = 0;
	for (size_t k = 0; k < e->keys.count; k++)
		if (pl_signature_valid(e->sig, e->statement, e->keys.key[k])) {
			if (!e->keys.revoked[k])
				return NULL;
			revoked = 1;
		}
	return revoked ? "signed with a key revoked before it" : "bad signature";
}

/* Pass 3, on both cores: a signature that does not hold says more than the
 * rule an event broke: whoever it names did not sign it. Only the content
 * that hashed to the signed hash is worth it. */
static void check_signature(owned_event *e)
{
	if (e->content != PL_CONTENT_SOUND || !e->has_sig || e->keys.count == 0)
		return;
	const char *problem = signature_problem(e);
	if (problem)
		e->problem = problem;
}

/* A pass on both cores over events [next, to). */
typedef struct pass {
	owned_event *events;
	size_t next; /* the next chunk to take, shared by both threads */
	size_t to;
	void (*each)(owned_event *);
} pass;

/* Small enough that the core which finishes first waits little for the
 * other at the end of a window. */
#define CHUNK 64
/* Enough events to keep both cores busy between the serial rules; few
 * enough that their fields take a few megabytes. */
#define WINDOW 8192

/* Takes chunks from the shared counter until none is left, so that a core
 * slowed by other work simply takes fewer. */
static void *run_pass(void *arg)
{
	pass *p = arg;
	for (;;) {
		size_t from = __atomic_fetch_add(&p->next, CHUNK, __ATOMIC_RELAXED);
		if (from >= p->to)
			return NULL;
		size_t to = from + CHUNK < p->to ? from + CHUNK : p->to;
		for (size_t i = from; i < to; i++)
			p->each(&p->events[i]);
	}
}

static void in_parallel(owned_event *events, size_t from, size_t to, void (*each)(owned_event *))
{
	pass shared = {events, from, to, each};
	pthread_t thread;
	int threaded =
	    to - from >= 2 * CHUNK && pthread_create(&thread, NULL, run_pass, &shared) == 0;
	run_pass(&shared);
	if (threaded)
		pthread_join(thread, NULL);
}

static void check_all(pl_verifier *v)
{
	pl_auth_free(v->auth);
	v->auth = pl_auth_new(v->partial);
	size_t room = v->count < WINDOW ? v->count : WINDOW;
	pl_payload *fields = pl_malloc((room ? room : 1) * sizeof *fields);
	for (size_t from = 0; from < v->count; from += WINDOW) {
		size_t to = from + WINDOW < v->count ? from + WINDOW : v->count;
		for (size_t i = from; i < to; i++) {
			v->events[i].fields = &fields[i - from];
			pl_payload_init(v->events[i].fields);
		}
		in_parallel(v->events, from, to, check_content);
		for (size_t i = from; i < to; i++)
			judge(v->auth, &v->events[i]);
		in_parallel(v->events, from, to, check_signature);
	}
	free(fields);
}

/* Pass 3, in order: each track's chain links; what each signer says it
 * had seen is an earlier event of the same track; and no statement is
 * recorded twice (a signed statement replayed by whoever appends). */
typedef struct head {
	int64_t seq;
	uint8_t hash[PL_HASH_BYTES];
} head;

static const char *order_problem(pl_strmap *hashes, pl_strmap *statements, owned_event *e,
                                 size_t track)
{
	size_t where;
	if (e->has_after &&
	    (!pl_strmap_get(hashes, (const char *)e->after, PL_HASH_BYTES, &where) ||
	     where != track))
		return "follows an event that is not earlier in its track (its signer saw "
		       "another record)";
	if (e->content == PL_CONTENT_SOUND &&
	    !pl_strmap_put(statements, (const char *)e->statement, PL_HASH_BYTES, 0))
		return "the same signed statement is recorded twice (replayed)";
	return NULL;
}

static void check_links(pl_verifier *v, size_t *tracks)
{
	pl_strmap by_track, hashes, statements;
	pl_strmap_init(&by_track);
	pl_strmap_init(&hashes);
	pl_strmap_init(&statements);
	pl_strmap_reserve(&hashes, v->count);
	pl_strmap_reserve(&statements, v->count);
	head *heads = pl_calloc(v->count + 1, sizeof *heads);
	*tracks = 0;
	for (size_t i = 0; i < v->count; i++) {
		owned_event *e = &v->events[i];
		size_t t;
		if (!pl_strmap_get(&by_track, e->track, strlen(e->track), &t)) {
			t = (*tracks)++;
			pl_strmap_put(&by_track, e->track, strlen(e->track), t);
		}
		head *h = &heads[t];
		if (e->view.seq != h->seq + 1)
			e->problem = e->view.seq > h->seq + 1 ? "events before it are missing"
			                                      : "out of order (sequence repeats)";
		else if (h->seq == 0 ? e->has_prev
		                     : !e->has_prev || memcmp(e->prev, h->hash, PL_HASH_BYTES) != 0)
			e->problem = e->problem
			                 ? e->problem
			                 : "does not follow the previous event (chain broken)";
		const char *order = order_problem(&hashes, &statements, e, t);
		if (order && !e->problem)
			e->problem = order;
		pl_strmap_put(&hashes, (const char *)e->hash, PL_HASH_BYTES, t);
		h->seq = e->view.seq;
		memcpy(h->hash, e->hash, PL_HASH_BYTES);
	}
	free(heads);
	pl_strmap_free(&by_track);
	pl_strmap_free(&hashes);
	pl_strmap_free(&statements);
}

static int find_receipt(const pl_verifier *v, const char *expect)
{
	uint8_t hash[PL_HASH_BYTES];
	if (pl_unhex(hash, sizeof hash, expect) != 0)
		return -1;
	for (size_t i = 0; i < v->count; i++)
		if (memcmp(v->events[i].hash, hash, PL_HASH_BYTES) == 0)
			return 1;
	return 0;
}

int pl_verifier_run(pl_verifier *v, const char *expect, pl_verify_report *report, pl_error *err)
{
	memset(report, 0, sizeof *report);
	check_all(v);
	check_links(v, &report->tracks);
	report->events = v->count;
	for (size_t i = 0; i < v->count; i++) {
		const owned_event *e = &v->events[i];
		report->signed_events += e->has_sig;
		if (e->problem && !report->first_bad[0]) {
			snprintf(report->first_bad, sizeof report->first_bad,
			         "track %s, event #%lld (%s): %s", e->track, (long long)e->view.seq,
			         e->kind, e->problem);
			snprintf(report->first_bad_track, sizeof report->first_bad_track, "%s",
			         e->track);
		}
	}
	if (report->first_bad[0])
		return pl_error_set(err, PL_EBADSIG, "%s", report->first_bad);
	if (expect) {
		int found = find_receipt(v, expect);
		if (found < 0)
			return pl_error_set(err, PL_EINVALID,
			                    "'%s' is not a head receipt (64 hex digits)", expect);
		if (!found) {
			snprintf(report->first_bad, sizeof report->first_bad,
			         "the event of receipt %.16s... is gone: the log was cut back or "
			         "rewritten",
			         expect);
			return pl_error_set(err, PL_EBADSIG, "%s", report->first_bad);
		}
	}
	return 0;
}

pl_auth *pl_verifier_take_state(pl_verifier *v, size_t *bad)
{
	*bad = v->count;
	for (size_t i = 0; i < v->count && *bad == v->count; i++)
		if (v->events[i].problem)
			*bad = i;
	pl_auth *state = v->auth;
	v->auth = NULL;
	if (*bad == v->count && state)
		return state;
	/* Replay again, stopping before the first bad event. */
	pl_auth_free(state);
	state = pl_auth_new(v->partial);
	pl_payload fields;
	pl_payload_init(&fields);
	for (size_t i = 0; i < *bad; i++) {
		int readable =
		    !v->events[i].redacted && pl_payload_parse(&fields, v->events[i].payload);
		pl_auth_step(state, &v->events[i].view, readable ? &fields : NULL, NULL, NULL);
		pl_payload_clear(&fields);
	}
	return state;
}
