/* database.c — a database's schema upgrades, and copies of a whole
 * negotiation between databases (see database.h). */
#include "parley/database.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/negotiation.h"
#include "project_int.h"
#include "store_int.h"
#include "store_log_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int pl_database_migrate(const char *path, int busy_timeout_ms, int *from, int *to, pl_error *err)
{
	*from = *to = 0;
	pl_store_open_options options = {
	    .path = path, .busy_timeout_ms = busy_timeout_ms, .migrate = 1};
	pl_store *store;
	int rc = pl_store_open(&store, &options, err);
	if (rc)
		return rc;
	rc = pl_store_schema_version(store, from, err);
	if (rc == 0)
		rc = pl_store_migrate(store, err);
	if (rc == 0)
		rc = pl_store_schema_version(store, to, err);
	pl_store_close(store);
	return rc;
}

/* --- copying ---------------------------------------------------------------- */

/* The digest of events, each field length-prefixed so that no two
 * different records digest alike. */
static void digest_field(crypto_generichash_state *state, const void *bytes, size_t len)
{
	uint64_t n = bytes ? (uint64_t)len + 1 : 0; /* NULL and empty differ */
	crypto_generichash_update(state, (const unsigned char *)&n, sizeof n);
	if (bytes && len)
		crypto_generichash_update(state, bytes, len);
}

static void digest_text(crypto_generichash_state *state, const char *text)
{
	digest_field(state, text, text ? strlen(text) : 0);
}

static void digest_event(crypto_generichash_state *state, const pl_store_event *e)
{
	digest_text(state, e->track);
	int64_t seq = e->seq;
	digest_field(state, &seq, sizeof seq);
	digest_text(state, e->kind);
	digest_text(state, e->at);
	digest_text(state, e->actor);
	digest_text(state, e->payload);
	digest_field(state, e->prev, PL_HASH_BYTES);
	digest_field(state, e->hash, PL_HASH_BYTES);
	digest_field(state, e->sig, PL_SIGNATURE_BYTES);
	digest_field(state, e->after, PL_HASH_BYTES);
	digest_field(state, e->statement, PL_HASH_BYTES);
}

typedef struct copying {
	pl_store *to;
	crypto_generichash_state digest;
	size_t events, texts;
} copying;

static int copy_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *text, size_t len,
                     pl_error *err)
{
	copying *c = context;
	uint8_t actual[PL_HASH_BYTES];
	pl_hash(actual, text, len);
	if (memcmp(actual, hash, PL_HASH_BYTES) != 0)
		return pl_store_text_fail(err, 0, hash, "");
	c->texts++;
	return pl_store_put_blob(c->to, hash, text, len, err);
}

static int copy_event(void *context, const pl_store_event *event, pl_error *err)
{
	copying *c = context;
	digest_event(&c->digest, event);
	c->events++;
	int64_t id;
	int rc = pl_store_event_insert(c->to, event, &id, err);
	if (rc)
		return rc;
	pl_store_event copied = *event;
	copied.id = id;
	return pl_project_event(c->to, &copied, err);
}

static int digest_only(void *context, const pl_store_event *event, pl_error *err)
{
	copying *c = context;
	(void)err;
	digest_event(&c->digest, event);
	c->events++;
	return 0;
}

/* Opens path as a negotiation, whose whole record is verified on opening;
 * PL_EBADSIG when it does not verify. */
static int open_verified(const char *path, int busy_timeout_ms, pl_negotiation **out, pl_error *err)
{
	pl_open_options options = {
	    .path = path, .read_only = 1, .busy_timeout_ms = busy_timeout_ms};
	int rc = pl_negotiation_open(out, &options, err);
	if (rc == 0 && (*out)->unsound) {
		rc = pl_error_set(err, PL_EBADSIG, "%s does not verify, so it is not copied: %s",
		                  path, (*out)->first_bad->first_bad);
		pl_negotiation_close(*out);
		*out = NULL;
	}
	return rc;
}

static void hex_digest(crypto_generichash_state *state, char out[65])
{
	uint8_t digest[PL_HASH_BYTES];
	crypto_generichash_final(state, digest, sizeof digest);
	pl_hex(out, digest, sizeof digest);
}

int pl_database_copy(const char *from, const char *to, int busy_timeout_ms, pl_copy_report *report,
                     pl_error *err)
{
	memset(report, 0, sizeof *report);
	if (strcmp(from, to) == 0)
		return pl_error_set(err, PL_EINVALID, "a database is not copied onto itself");
	pl_negotiation *source;
	int rc = open_verified(from, busy_timeout_ms, &source, err);
	if (rc)
		return rc;
	pl_store_open_options target_options = {
	    .path = to, .create = 1, .busy_timeout_ms = busy_timeout_ms};
	pl_store *target;
	rc = pl_store_open(&target, &target_options, err);
	if (rc) {
		pl_negotiation_close(source);
		return rc;
	}
	snprintf(report->engine_from, sizeof report->engine_from, "%s",
	         pl_store_engine_name(source->store));
	snprintf(report->engine_to, sizeof report->engine_to, "%s", pl_store_engine_name(target));
	copying c = {.to = target};
	crypto_generichash_init(&c.digest, NULL, 0, PL_HASH_BYTES);
	rc = pl_store_begin(target, err);
	if (rc == 0)
		rc = pl_store_negotiation_id_insert(target, source->id, err);
	if (rc == 0)
		rc = pl_store_blobs_foreach(source->store, copy_text, &c, err);
	if (rc == 0)
		rc = pl_store_events_foreach(source->store, copy_event, &c, err);
	if (rc == 0)
		rc = pl_store_commit(target, err);
	else
		pl_store_rollback(target);
	pl_store_close(target);
	pl_negotiation_close(source);
	if (rc)
		return rc;
	report->events = c.events;
	report->texts = c.texts;
	hex_digest(&c.digest, report->digest);

	/* The other end, as any reader would open it: verified in full, and
	 * its events digested again. */
	pl_negotiation *copy;
	rc = open_verified(to, busy_timeout_ms, &copy, err);
	if (rc)
		return rc;
	copying again = {0};
	crypto_generichash_init(&again.digest, NULL, 0, PL_HASH_BYTES);
	rc = pl_store_events_foreach(copy->store, digest_only, &again, err);
	/* A bulk load: PostgreSQL plans by statistics it has not gathered yet
	 * (autovacuum would, within a minute or so), and the first requests
	 * should not be planned blind. */
	if (rc == 0)
		rc = pl_store_analyze(copy->store, err);
	pl_negotiation_close(copy);
	char digest[65];
	hex_digest(&again.digest, digest);
	if (rc == 0 && (again.events != c.events || strcmp(digest, report->digest) != 0))
		rc = pl_error_set(err, PL_EIO,
		                  "the copy at %s does not hold the same events (%zu, %.16s) as %s "
		                  "(%zu, %.16s)",
		                  to, again.events, digest, from, c.events, report->digest);
	return rc;
}
