/* verify.c — the chain verifier (verify_int.h): hashes and signatures are
 * checked on both cores, then the links between events in order. */
#include "event_int.h"
#include "parley/mem.h"
#include "project_int.h"
#include "strmap_int.h"
#include "verify_int.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct owned_event {
	store_event view;
	char *track, *kind, *at, *actor, *payload;
	uint8_t prev[PL_HASH_BYTES], hash[PL_HASH_BYTES], sig[PL_SIGNATURE_BYTES];
	int has_prev, has_sig;
	int redacted; /* no payload: links and signature only */
	/* Filled by the checks. */
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	int has_key;
	const char *problem; /* NULL when the event is sound */
} owned_event;

typedef struct known_key {
	char *name;
	char *party;
	uint8_t key[PL_PUBLIC_KEY_BYTES];
} known_key;

struct pl_verifier {
	owned_event *events;
	size_t count, capacity;
	known_key *keys;
	size_t key_count, key_capacity;
	/* "track\tparty" of every membership seen so far. */
	pl_strmap members;
	char **member_keys;
	size_t member_count, member_capacity;
};

pl_verifier *pl_verifier_new(void)
{
	pl_verifier *v = pl_calloc(1, sizeof(pl_verifier));
	pl_strmap_init(&v->members);
	return v;
}

void pl_verifier_free(pl_verifier *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		owned_event *e = &v->events[i];
		free(e->track);
		free(e->kind);
		free(e->at);
		free(e->actor);
		free(e->payload);
	}
	for (size_t i = 0; i < v->key_count; i++) {
		free(v->keys[i].name);
		free(v->keys[i].party);
	}
	for (size_t i = 0; i < v->member_count; i++)
		free(v->member_keys[i]);
	free(v->member_keys);
	pl_strmap_free(&v->members);
	free(v->events);
	free(v->keys);
	free(v);
}

static char *copy(const char *s) { return s ? pl_strdup(s) : NULL; }

void pl_verifier_add(pl_verifier *v, const store_event *event)
{
	v->events = pl_grow(v->events, &v->capacity, v->count + 1, sizeof *v->events);
	owned_event *e = &v->events[v->count++];
	memset(e, 0, sizeof *e);
	e->track = copy(event->track ? event->track : "");
	e->kind = copy(event->kind ? event->kind : "");
	e->at = copy(event->at ? event->at : "");
	e->actor = copy(event->actor);
	e->redacted = event->payload == NULL;
	e->payload = copy(event->payload ? event->payload : "");
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
	e->view = (store_event){event->id, e->track, event->seq, e->kind, e->at, e->actor,
				e->payload, NULL, NULL, NULL};
}

void pl_verifier_add_key(pl_verifier *v, const char *delegate, const char *party,
			 const uint8_t *public_key)
{
	v->keys = pl_grow(v->keys, &v->key_capacity, v->key_count + 1, sizeof *v->keys);
	known_key *k = &v->keys[v->key_count++];
	k->name = pl_strdup(delegate);
	k->party = pl_strdup(party ? party : "");
	memcpy(k->key, public_key, PL_PUBLIC_KEY_BYTES);
}

static void add_member(pl_verifier *v, const char *track, const char *party)
{
	size_t len = strlen(track) + strlen(party) + 2, ignored;
	char *key = pl_malloc(len);
	snprintf(key, len, "%s\t%s", track, party);
	if (pl_strmap_get(&v->members, key, len - 1, &ignored)) {
		free(key);
		return;
	}
	v->member_keys = pl_grow(v->member_keys, &v->member_capacity, v->member_count + 1,
				 sizeof *v->member_keys);
	v->member_keys[v->member_count++] = key;
	pl_strmap_put(&v->members, key, len - 1, 0);
}

static int is_member(const pl_verifier *v, const char *track, const char *party)
{
	if (strcmp(track, "plenary") == 0)
		return 1;
	char key[512];
	size_t ignored;
	int len = snprintf(key, sizeof key, "%s\t%s", track, party);
	return len > 0 && (size_t)len < sizeof key &&
	       pl_strmap_get(&v->members, key, (size_t)len, &ignored);
}

/* Memberships a track.create or track.join event makes. */
static void note_members(pl_verifier *v, const owned_event *e)
{
	int create = strcmp(e->kind, PL_EVENT_TRACK) == 0;
	if (!create && strcmp(e->kind, PL_EVENT_JOIN) != 0)
		return;
	json_t *payload = json_loads(e->payload, 0, NULL);
	if (create) {
		size_t i;
		json_t *member;
		json_array_foreach(json_object_get(payload, "members"), i, member)
			if (json_is_string(member))
				add_member(v, e->track, json_string_value(member));
	} else if (json_string_value(json_object_get(payload, "party"))) {
		add_member(v, e->track, json_string_value(json_object_get(payload, "party")));
	}
	json_decref(payload);
}

static const known_key *find_key(const pl_verifier *v, const char *name)
{
	/* The latest key of that name wins: keys are added in event order. */
	for (size_t i = v->key_count; i-- > 0;)
		if (strcmp(v->keys[i].name, name) == 0)
			return &v->keys[i];
	return NULL;
}

/* The delegate a delegate.add event introduces, its party and its key. */
static int introduced_key(const owned_event *e, char *name, size_t size, char *party,
			  size_t party_size, uint8_t key[PL_PUBLIC_KEY_BYTES])
{
	json_t *payload = json_loads(e->payload, 0, NULL);
	const char *n = json_string_value(json_object_get(payload, "name"));
	const char *p = json_string_value(json_object_get(payload, "party"));
	const char *hex = json_string_value(json_object_get(payload, "public_key"));
	int ok = n && p && hex && pl_unhex(key, PL_PUBLIC_KEY_BYTES, hex) == 0;
	if (ok) {
		snprintf(name, size, "%s", n);
		snprintf(party, party_size, "%s", p);
	}
	json_decref(payload);
	return ok;
}

/* Pass 1, in order: who should have signed each event. The plenary is
 * founding until its first delegate; the first delegate signs its own
 * arrival; every later event needs a delegate known by then. */
static void assign_keys(pl_verifier *v)
{
	int founding = 1;
	for (size_t i = 0; i < v->count; i++) {
		owned_event *e = &v->events[i];
		int plenary = strcmp(e->track, "plenary") == 0;
		int is_delegate = plenary && strcmp(e->kind, PL_EVENT_DELEGATE) == 0;
		char name[128], party[64];
		uint8_t key[PL_PUBLIC_KEY_BYTES];
		int introduces = is_delegate && introduced_key(e, name, sizeof name, party,
							       sizeof party, key);
		note_members(v, e);
		if (!e->actor) {
			if (!(plenary && founding))
				e->problem = "not signed";
			else if (e->has_sig)
				e->problem = "a signature without a signer";
		} else if (introduces && founding && strcmp(name, e->actor) == 0) {
			memcpy(e->key, key, sizeof key);
			e->has_key = 1;
		} else {
			const known_key *k = find_key(v, e->actor);
			if (!k) {
				e->problem = "signed by an unknown delegate";
			} else if (!is_member(v, e->track, k->party)) {
				e->problem = "signed by a delegate whose party is not in the track";
			} else {
				memcpy(e->key, k->key, sizeof key);
				e->has_key = 1;
			}
		}
		if (e->actor && !e->has_sig && !e->problem)
			e->problem = "signature missing";
		if (introduces) {
			pl_verifier_add_key(v, name, party, key);
			founding = 0;
		}
	}
}

/* Pass 2, on both cores: each event's hash and signature. */
typedef struct slice {
	pl_verifier *v;
	size_t next; /* the next chunk to take, shared by both threads */
} slice;

#define CHUNK 256

static void check_event(owned_event *e)
{
	if (e->redacted) {
		/* The content is withheld from this reader: the signature over the
		 * hash, and the links, still prove the chain. */
		if (!e->problem && e->has_key && !pl_signature_valid(e->sig, e->hash, e->key))
			e->problem = "bad signature";
		return;
	}
	store_event view = e->view;
	view.prev = e->has_prev ? e->prev : NULL;
	view.hash = e->hash;
	char *encoding = NULL;
	if (pl_event_encode(&view, &encoding, NULL) != 0) {
		e->problem = e->problem ? e->problem : "payload is not canonical JSON";
		return;
	}
	uint8_t hash[PL_HASH_BYTES];
	pl_hash(hash, encoding, strlen(encoding));
	free(encoding);
	if (memcmp(hash, e->hash, PL_HASH_BYTES) != 0)
		e->problem = "hash does not match the content (altered)";
	else if (!e->problem && e->has_key && !pl_signature_valid(e->sig, e->hash, e->key))
		e->problem = "bad signature";
}

/* Takes chunks from the shared counter until none is left, so that a core
 * slowed by other work simply takes fewer. */
static void *check_slice(void *arg)
{
	slice *s = arg;
	for (;;) {
		size_t from = __atomic_fetch_add(&s->next, CHUNK, __ATOMIC_RELAXED);
		if (from >= s->v->count)
			return NULL;
		size_t to = from + CHUNK < s->v->count ? from + CHUNK : s->v->count;
		for (size_t i = from; i < to; i++)
			check_event(&s->v->events[i]);
	}
}

static void check_all(pl_verifier *v)
{
	slice shared = {v, 0};
	pthread_t thread;
	int threaded = v->count >= 2 * CHUNK && pthread_create(&thread, NULL, check_slice, &shared) == 0;
	check_slice(&shared);
	if (threaded)
		pthread_join(thread, NULL);
}

/* Pass 3, in order: each track's chain links. */
typedef struct head {
	int64_t seq;
	uint8_t hash[PL_HASH_BYTES];
} head;

static void check_links(pl_verifier *v, size_t *tracks)
{
	pl_strmap by_track;
	pl_strmap_init(&by_track);
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
			e->problem = e->problem ? e->problem
						: "does not follow the previous event (chain broken)";
		h->seq = e->view.seq;
		memcpy(h->hash, e->hash, PL_HASH_BYTES);
	}
	free(heads);
	pl_strmap_free(&by_track);
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

int pl_verifier_run(pl_verifier *v, const char *expect, pl_verify_report *report,
		    pl_error *err)
{
	memset(report, 0, sizeof *report);
	assign_keys(v);
	check_all(v);
	check_links(v, &report->tracks);
	report->events = v->count;
	for (size_t i = 0; i < v->count; i++) {
		const owned_event *e = &v->events[i];
		report->signed_events += e->has_sig;
		if (e->problem && !report->first_bad[0])
			snprintf(report->first_bad, sizeof report->first_bad,
				 "track %s, event #%lld (%s): %s", e->track, (long long)e->view.seq,
				 e->kind, e->problem);
	}
	if (report->first_bad[0])
		return pl_error_set(err, PL_EBADSIG, "%s", report->first_bad);
	if (expect) {
		int found = find_receipt(v, expect);
		if (found < 0)
			return pl_error_set(err, PL_EINVALID, "'%s' is not a head receipt (64 hex digits)",
					    expect);
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
