/* auth.c — who signed a request: its HTTP message signature (RFC 9421 as
 * profiled in httpsig.h), the key's owner in the record, a nonce used once
 * within the window, and a limit on failed signatures per key and per
 * address (429), so that nobody can try keys or signatures at speed.
 *
 * The nonce cache and the failure counts live in memory, in hash tables
 * whose buckets are locked in stripes (two workers rarely wait for each
 * other); entries expire with the window. While no signature has failed
 * for a minute, the failure counts are not even looked at. A restart forgets
 * the nonces, but a request signed before the restart can only be
 * replayed within its window, as before it. */
#include "server.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "httpsig.h"
#include "parley/mem.h"
#include "parley/signing.h"

/* Buckets: a nonce is kept for the window (60 s by default), so under a
 * load of 20,000 requests a second the nonce table holds about a million;
 * the failure counts stay few. */
enum { NONCE_BUCKETS = 1 << 18, FAILURE_BUCKETS = 1 << 10, STRIPES = 64 };

typedef struct entry {
	struct entry *next;
	int64_t expires; /* a nonce: forgotten after; a failure count: its minute ends */
	int count;
	char key[PL_HTTPSIG_NONCE_MAX + 72];
} entry;

typedef struct table {
	pthread_mutex_t locks[STRIPES]; /* bucket b is under locks[b % STRIPES] */
	entry **buckets;
	size_t mask; /* buckets - 1, a power of two */
} table;

struct server_auth {
	table nonces;
	table failures;
	_Atomic int64_t last_failure; /* when a signature last failed (unix s) */
};

static uint64_t hash_of(const char *key)
{
	uint64_t hash = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		hash = (hash ^ *p) * 1099511628211ull;
	return hash;
}

/* Finds key in bucket of t (dropping expired entries of the bucket on
 * the way); with create, adds it when missing. Called with the bucket's
 * lock held. */
static entry *find(table *t, size_t bucket, const char *key, int64_t now, int create, int *created)
{
	entry **link = &t->buckets[bucket];
	*created = 0;
	while (*link) {
		entry *e = *link;
		if (e->expires < now) {
			*link = e->next;
			free(e);
			continue;
		}
		if (strcmp(e->key, key) == 0)
			return e;
		link = &e->next;
	}
	if (!create)
		return NULL;
	entry *e = pl_calloc(1, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", key);
	*link = e;
	*created = 1;
	return e;
}

static void free_table(table *t)
{
	for (size_t i = 0; i <= t->mask; i++)
		while (t->buckets[i]) {
			entry *e = t->buckets[i];
			t->buckets[i] = e->next;
			free(e);
		}
	free(t->buckets);
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&t->locks[i]);
}

static void init_table(table *t, size_t buckets)
{
	t->buckets = pl_calloc(buckets, sizeof *t->buckets);
	t->mask = buckets - 1;
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_init(&t->locks[i], NULL);
}

/* Looks key up in t under its bucket's lock (see find). */
static entry *lookup(table *t, const char *key, int64_t now, int create, int *created,
                     pthread_mutex_t **lock)
{
	size_t bucket = (size_t)(hash_of(key) & t->mask);
	*lock = &t->locks[bucket % STRIPES];
	pthread_mutex_lock(*lock);
	return find(t, bucket, key, now, create, created);
}

struct server_auth *serve_auth_new(void)
{
	struct server_auth *a = pl_calloc(1, sizeof *a);
	init_table(&a->nonces, NONCE_BUCKETS);
	init_table(&a->failures, FAILURE_BUCKETS);
	atomic_init(&a->last_failure, INT64_MIN / 2);
	return a;
}

void serve_auth_delete(struct server_auth *a)
{
	if (!a)
		return;
	free_table(&a->nonces);
	free_table(&a->failures);
	free(a);
}

/* 1 when who ("a:ADDRESS" or "k:KEYID") failed too often this minute. */
static int limited(struct server_auth *a, const char *who, int64_t now)
{
	if (now - atomic_load(&a->last_failure) > 60)
		return 0; /* every count has expired */
	int created;
	pthread_mutex_t *lock;
	entry *e = lookup(&a->failures, who, now, 0, &created, &lock);
	int over = e && e->count >= SERVE_FAILS_PER_MINUTE;
	pthread_mutex_unlock(lock);
	return over;
}

static void count_failure(struct server_auth *a, const char *who, int64_t now)
{
	atomic_store(&a->last_failure, now);
	int created;
	pthread_mutex_t *lock;
	entry *e = lookup(&a->failures, who, now, 1, &created, &lock);
	if (created)
		e->expires = now + 60;
	e->count++;
	pthread_mutex_unlock(lock);
}

/* 1 when the nonce is new for the key (and remembers it until expires). */
static int nonce_fresh(struct server_auth *a, const char *keyid, const char *nonce, int64_t now,
                       int64_t expires)
{
	char key[sizeof((entry *)0)->key];
	snprintf(key, sizeof key, "%s/%s", keyid, nonce);
	int created;
	pthread_mutex_t *lock;
	entry *e = lookup(&a->nonces, key, now, 1, &created, &lock);
	if (created)
		e->expires = expires;
	pthread_mutex_unlock(lock);
	return created;
}

static int refuse(serve_request *r, struct server_auth *a, const char *address, const char *keyid,
                  int64_t now, const char *code, const char *message)
{
	char who[96];
	snprintf(who, sizeof who, "a:%s", address);
	count_failure(a, who, now);
	if (keyid && *keyid) {
		snprintf(who, sizeof who, "k:%s", keyid);
		count_failure(a, who, now);
	}
	return serve_fail(r, 401, code, "%s", message);
}

/* The signature checks every signed request passes: the rate limits, the
 * profile, the nonce. params gets the key. */
static int check_signature(serve_request *r, const char *address, pl_httpsig_params *params)
{
	struct server_auth *a = serve_auth_of(r->server);
	int64_t now = (int64_t)time(NULL);
	char who[96];
	snprintf(who, sizeof who, "a:%s", address);
	if (limited(a, who, now))
		return serve_fail(r, 429, "too_many",
		                  "too many failed signatures from this address; wait a minute");
	const char *digest =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Content-Digest");
	const char *input =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Signature-Input");
	const char *signature =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Signature");
	pl_httpsig_request request = {r->method, r->path, r->query, r->body, r->body_len};
	memset(params, 0, sizeof *params);
	const char *code = "bad_signature";
	pl_error err;
	int window = serve_config_of(r->server)->window_s;
	int rc =
	    pl_httpsig_verify(params, &request, digest, input, signature, now, window, &code, &err);
	if (params->keyid[0]) {
		snprintf(who, sizeof who, "k:%s", params->keyid);
		if (limited(a, who, now))
			return serve_fail(
			    r, 429, "too_many",
			    "too many failed signatures with this key; wait a minute");
	}
	if (rc)
		return refuse(r, a, address, params->keyid, now, code, err.message);
	/* A nonce is kept until its request could no longer pass the window. */
	if (!nonce_fresh(a, params->keyid, params->nonce, now, params->created + window + 1))
		return refuse(r, a, address, params->keyid, now, "replayed",
		              "the request's nonce was used before: a replay");
	return 0;
}

int serve_authenticate(serve_request *r, const char *address)
{
	pl_httpsig_params params;
	int rc = check_signature(r, address, &params);
	if (rc)
		return rc;
	struct server_auth *a = serve_auth_of(r->server);
	int64_t now = (int64_t)time(NULL);
	pl_error err;
	const char *name = NULL;
	rc = pl_negotiation_key_owner(r->n, params.public_key, &name, &err);
	if (rc == PL_EDENIED)
		return refuse(r, a, address, params.keyid, now, "unknown_key",
		              "the request is signed with a revoked key");
	if (rc)
		return refuse(r, a, address, params.keyid, now, "unknown_key",
		              "the request is signed with a key no delegate holds");
	snprintf(r->delegate, sizeof r->delegate, "%s", name);
	memcpy(r->public_key, params.public_key, 32);
	rc = pl_negotiation_act_as_key(r->n, r->delegate, r->public_key, &r->err);
	if (rc)
		return refuse(r, a, address, params.keyid, now, "unknown_key", r->err.message);
	return 0;
}

/* POST /api/enrol is signed by the new key, which no delegate holds yet:
 * the signature is checked with the key its keyid names, and that key must
 * be the one the enrolment's statement enrols. */
int serve_authenticate_new_key(serve_request *r, const char *address)
{
	pl_httpsig_params params;
	int rc = check_signature(r, address, &params);
	if (rc == 0)
		memcpy(r->public_key, params.public_key, 32);
	return rc;
}