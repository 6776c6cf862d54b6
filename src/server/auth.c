/* auth.c — who signed a request: its HTTP message signature (RFC 9421 as
 * profiled in httpsig.h), the key's owner in the record, a nonce used once
 * within the window, and a limit on failed signatures per key and per
 * address (429), so that nobody can try keys or signatures at speed.
 *
 * The nonce cache and the failure counts live in memory, in hash tables
 * under one lock each; entries expire with the window. A restart forgets
 * the nonces, but a request signed before the restart can only be
 * replayed within its window, as before it. */
#include "server.h"

#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "httpsig.h"
#include "parley/mem.h"
#include "parley/signing.h"

enum { BUCKETS = 1 << 14 };

typedef struct entry {
	struct entry *next;
	int64_t expires; /* a nonce: forgotten after; a failure count: its minute ends */
	int count;
	char key[PL_HTTPSIG_NONCE_MAX + 72];
} entry;

typedef struct table {
	pthread_mutex_t lock;
	entry *buckets[BUCKETS];
	size_t entries;
} table;

struct server_auth {
	table nonces;
	table failures;
};

static size_t bucket_of(const char *key)
{
	uint64_t hash = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		hash = (hash ^ *p) * 1099511628211ull;
	return (size_t)(hash & (BUCKETS - 1));
}

/* Finds key in t (dropping expired entries of its bucket on the way);
 * with create, adds it when missing. Called with t->lock held. */
static entry *find(table *t, const char *key, int64_t now, int create, int *created)
{
	entry **link = &t->buckets[bucket_of(key)];
	*created = 0;
	while (*link) {
		entry *e = *link;
		if (e->expires < now) {
			*link = e->next;
			free(e);
			t->entries--;
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
	t->entries++;
	*created = 1;
	return e;
}

static void free_table(table *t)
{
	for (size_t i = 0; i < BUCKETS; i++)
		while (t->buckets[i]) {
			entry *e = t->buckets[i];
			t->buckets[i] = e->next;
			free(e);
		}
	pthread_mutex_destroy(&t->lock);
}

struct server_auth *serve_auth_new(void)
{
	struct server_auth *a = pl_calloc(1, sizeof *a);
	pthread_mutex_init(&a->nonces.lock, NULL);
	pthread_mutex_init(&a->failures.lock, NULL);
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
	pthread_mutex_lock(&a->failures.lock);
	int created;
	entry *e = find(&a->failures, who, now, 0, &created);
	int over = e && e->count >= SERVE_FAILS_PER_MINUTE;
	pthread_mutex_unlock(&a->failures.lock);
	return over;
}

static void count_failure(struct server_auth *a, const char *who, int64_t now)
{
	pthread_mutex_lock(&a->failures.lock);
	int created;
	entry *e = find(&a->failures, who, now, 1, &created);
	if (created)
		e->expires = now + 60;
	e->count++;
	pthread_mutex_unlock(&a->failures.lock);
}

/* 1 when the nonce is new for the key (and remembers it until expires). */
static int nonce_fresh(struct server_auth *a, const char *keyid, const char *nonce, int64_t now,
                       int64_t expires)
{
	char key[sizeof((entry *)0)->key];
	snprintf(key, sizeof key, "%s/%s", keyid, nonce);
	pthread_mutex_lock(&a->nonces.lock);
	int created;
	entry *e = find(&a->nonces, key, now, 1, &created);
	if (created)
		e->expires = expires;
	pthread_mutex_unlock(&a->nonces.lock);
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