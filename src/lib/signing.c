/* signing.c — changes signed on the delegate's side (signing.h): acting as
 * a delegate known by a public key, preparing a change for its signer,
 * signing it where the key is, and committing what was signed. */
#include "event_int.h"
#include "integrity_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/signing.h"
#include "project_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- acting as a delegate known by a key --------------------------------- */

const char *pl_negotiation_id(const pl_negotiation *n)
{
	return n->id;
}

void pl_negotiation_act_clear(pl_negotiation *n)
{
	free(n->actor);
	free(n->actor_party);
	free(n->actor_role);
	n->actor = n->actor_party = n->actor_role = NULL;
	pl_keypair_wipe(&n->key);
	n->has_actor = 0;
	n->remote = 0;
}

int pl_negotiation_key_owner(pl_negotiation *n, const uint8_t public_key[32], const char **name,
                             pl_error *err)
{
	pl_neg_refresh(n);
	int revoked = 0;
	*name = pl_auth_key_owner(n->auth, public_key, &revoked);
	if (!*name)
		return pl_error_set(err, PL_ENOTFOUND, "no delegate holds this key");
	if (revoked)
		return pl_error_set(err, PL_EDENIED, "the key of %s was revoked", *name);
	return 0;
}

int pl_negotiation_act_as_key(pl_negotiation *n, const char *name, const uint8_t public_key[32],
                              pl_error *err)
{
	pl_neg_refresh(n);
	const char *party, *role;
	if (!pl_auth_delegate(n->auth, name, &party, &role))
		return pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	if (!pl_auth_key_current(n->auth, name, public_key))
		return pl_error_set(err, PL_EBADSIG, "the key given is not a current key of %s",
		                    name);
	char *actor = pl_strdup(name), *actor_party = pl_strdup(party),
	     *actor_role = pl_strdup(role);
	pl_negotiation_act_clear(n);
	n->actor = actor;
	n->actor_party = actor_party;
	n->actor_role = actor_role;
	memcpy(n->key.public_key, public_key, PL_PUBLIC_KEY_BYTES);
	n->has_actor = 1;
	n->remote = 1;
	return 0;
}

/* --- preparing ------------------------------------------------------------ */

typedef struct prepared_statement {
	char *text;
	uint8_t hash[PL_HASH_BYTES];
	int version; /* a version: the texts it names go along */
	char *payload;
} prepared_statement;

struct pl_prepared_list {
	prepared_statement *items;
	size_t count, capacity;
};

static void list_free(struct pl_prepared_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].text);
		free(list->items[i].payload);
	}
	free(list->items);
	free(list);
}

void pl_neg_prepared_add(pl_negotiation *n, const pl_event *event)
{
	struct pl_prepared_list *list = n->prepared;
	list->items = pl_grow(list->items, &list->capacity, list->count + 1, sizeof *list->items);
	prepared_statement *s = &list->items[list->count++];
	memset(s, 0, sizeof *s);
	s->text = pl_statement_write(&event->view);
	memcpy(s->hash, event->statement, PL_HASH_BYTES);
	s->version = strcmp(event->kind, PL_EVENT_VERSION) == 0;
	if (s->version)
		s->payload = pl_strdup(event->payload);
}

int pl_negotiation_prepare(pl_negotiation *n, pl_error *err)
{
	if (n->batch || n->preparing)
		return pl_error_set(err, PL_EINVALID, "a batch or a preparing is already open");
	if (!n->has_actor)
		return pl_error_set(err, PL_EDENIED,
		                    "a change is prepared for a delegate to sign: act as one");
	int rc = pl_negotiation_begin(n, err);
	if (rc)
		return rc;
	n->auth_before = pl_auth_clone(n->auth);
	n->last_id_before = n->state_last_id;
	n->data_version_before = n->data_version;
	n->prepared = pl_calloc(1, sizeof *n->prepared);
	n->preparing = 1;
	return 0;
}

typedef struct texts_out {
	pl_negotiation *n;
	json_t *texts;
} texts_out;

static int add_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                    pl_error *err)
{
	texts_out *t = context;
	(void)place;
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	if (json_object_get(t->texts, hex))
		return 0;
	char *text = NULL;
	int rc = pl_store_get_blob(t->n->store, hash, &text, err);
	if (rc == 0)
		json_object_set_new(t->texts, hex, json_string(text));
	free(text);
	return rc;
}

/* The parley.prepared/1 document of what was collected. */
static int write_prepared(pl_negotiation *n, pl_buf *out, pl_error *err)
{
	struct pl_prepared_list *list = n->prepared;
	if (list->count == 0)
		return pl_error_set(err, PL_EINVALID,
		                    "nothing was prepared: the call changed nothing");
	json_t *statements = json_array();
	texts_out t = {n, json_object()};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < list->count; i++) {
		char hex[PL_HASH_HEX];
		pl_hex(hex, list->items[i].hash, PL_HASH_BYTES);
		json_array_append_new(statements, json_pack("{s:s, s:s}", "statement",
		                                            list->items[i].text, "hash", hex));
		if (list->items[i].version) {
			json_t *payload = json_loads(list->items[i].payload, 0, NULL);
			rc = payload
			         ? pl_version_texts_foreach(payload, add_text, &t, err)
			         : pl_error_set(err, PL_EINVALID, "a prepared version is not JSON");
			json_decref(payload);
		}
	}
	if (rc == 0) {
		json_t *doc = json_pack("{s:s, s:o, s:o}", "schema", "parley.prepared/1",
		                        "statements", statements, "texts", t.texts);
		char *text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		json_decref(doc);
		if (!text)
			return pl_error_set(err, PL_EINVALID,
			                    "the prepared change cannot be written");
		pl_buf_puts(out, text);
		free(text);
		return 0;
	}
	json_decref(statements);
	json_decref(t.texts);
	return rc;
}

int pl_negotiation_prepared(pl_negotiation *n, int rc, pl_buf *out, pl_error *err)
{
	if (!n->preparing)
		return pl_error_set(err, PL_EINVALID, "no change is being prepared");
	if (rc == 0)
		rc = write_prepared(n, out, err);
	/* Everything is undone: the transaction, and the state, put back as it
	 * was rather than replayed. */
	n->batch = 0;
	n->preparing = 0;
	pl_store_rollback(n->store);
	pl_neg_forget(n);
	pl_auth_free(n->auth);
	n->auth = n->auth_before;
	n->auth_before = NULL;
	n->state_last_id = n->last_id_before;
	n->data_version = n->data_version_before;
	n->state_changed = 0;
	list_free(n->prepared);
	n->prepared = NULL;
	return rc;
}

void pl_neg_prepare_drop(pl_negotiation *n)
{
	pl_auth_free(n->auth_before);
	n->auth_before = NULL;
	list_free(n->prepared);
	n->prepared = NULL;
	n->preparing = 0;
}

/* --- reading a statement ---------------------------------------------------- */

/* A statement's fields, read from its canonical text. */
typedef struct statement_fields {
	json_t *root;
	pl_store_event view; /* track, kind, at, actor, payload, after */
	char *payload;       /* canonical text */
	uint8_t after[PL_HASH_BYTES];
	uint8_t hash[PL_HASH_BYTES];
} statement_fields;

static void statement_clear(statement_fields *s)
{
	json_decref(s->root);
	free(s->payload);
	memset(s, 0, sizeof *s);
}

static const char *const statement_keys[] = {"actor", "after", "at", "kind", "payload", "track"};

/* Reads a statement: canonical JSON of exactly its six fields, as the
 * signer will sign it and the record will hash it. */
static int statement_read(const char *text, size_t index, statement_fields *s, pl_error *err)
{
	memset(s, 0, sizeof *s);
	s->root = json_loads(text, 0, NULL);
	const json_t *after = json_object_get(s->root, "after");
	int shape = json_is_object(s->root) && json_object_size(s->root) == 6;
	for (size_t k = 0; shape && k < 6; k++)
		shape = json_object_get(s->root, statement_keys[k]) != NULL;
	s->view.track = json_string_value(json_object_get(s->root, "track"));
	s->view.kind = json_string_value(json_object_get(s->root, "kind"));
	s->view.at = json_string_value(json_object_get(s->root, "at"));
	s->view.actor = json_string_value(json_object_get(s->root, "actor"));
	shape = shape && s->view.track && s->view.kind && s->view.at && s->view.actor &&
	        (json_is_null(after) ||
	         (json_is_string(after) && json_string_length(after) == 2 * PL_HASH_BYTES &&
	          pl_unhex(s->after, PL_HASH_BYTES, json_string_value(after)) == 0));
	char *again = shape ? json_dumps(s->root, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	int canonical = again && strcmp(again, text) == 0;
	free(again);
	if (!canonical) {
		statement_clear(s);
		return pl_error_set(err, PL_EINVALID,
		                    "statement %zu is not a statement in canonical form "
		                    "({\"actor\",\"after\",\"at\",\"kind\",\"payload\",\"track\"})",
		                    index + 1);
	}
	s->payload = pl_event_payload_text(json_object_get(s->root, "payload"));
	s->view.payload = s->payload;
	s->view.after = json_is_null(after) ? NULL : s->after;
	pl_hash(s->hash, text, strlen(text));
	return 0;
}

/* --- signing, on the signer's side ----------------------------------------- */

struct pl_signer {
	pl_keypair pair;
};

int pl_signer_open(const char *path, pl_signer **out, pl_error *err)
{
	*out = NULL;
	pl_signer *s = pl_calloc(1, sizeof *s);
	int rc = pl_key_file_read(path, NULL, &s->pair, err);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void pl_signer_close(pl_signer *signer)
{
	if (!signer)
		return;
	pl_keypair_wipe(&signer->pair);
	free(signer);
}

void pl_signer_public_key(const pl_signer *signer, uint8_t out[32])
{
	memcpy(out, signer->pair.public_key, PL_PUBLIC_KEY_BYTES);
}

void pl_signer_sign(const pl_signer *signer, const void *message, size_t len, uint8_t signature[64])
{
	pl_sign_message(signature, message, len, &signer->pair);
}

int pl_signer_path(const char *keys_dir, const char *negotiation_id, const char *name, char *out,
                   size_t size, pl_error *err)
{
	int len = snprintf(out, size, "%s/%s/%s.key", keys_dir, negotiation_id, name);
	if (len < 0 || (size_t)len >= size)
		return pl_error_set(err, PL_EINVALID, "key file path too long");
	return 0;
}

/* Each text under its hash. */
static int texts_check(const json_t *texts, pl_error *err)
{
	const char *hex;
	json_t *text;
	json_object_foreach((json_t *)texts, hex, text)
	{
		uint8_t want[PL_HASH_BYTES], got[PL_HASH_BYTES];
		if (!json_is_string(text) || strlen(hex) != 2 * PL_HASH_BYTES ||
		    pl_unhex(want, sizeof want, hex) != 0)
			return pl_error_set(err, PL_EINVALID, "a text of the change is malformed");
		pl_hash(got, json_string_value(text), json_string_length(text));
		if (memcmp(want, got, PL_HASH_BYTES) != 0)
			return pl_error_set(err, PL_EINVALID,
			                    "the text %.16s... does not match its hash", hex);
	}
	return 0;
}

int pl_prepared_sign(const char *prepared, size_t len, const char *name, const pl_signer *signer,
                     pl_buf *out, pl_error *err)
{
	json_t *root = json_loadb(prepared, len, 0, NULL);
	const char *schema = json_string_value(json_object_get(root, "schema"));
	json_t *statements = json_object_get(root, "statements");
	json_t *texts = json_object_get(root, "texts");
	int rc = 0;
	if (!schema || strcmp(schema, "parley.prepared/1") != 0 || !json_is_array(statements) ||
	    json_array_size(statements) == 0 || (texts && !json_is_object(texts)))
		rc = pl_error_set(err, PL_EINVALID, "not a prepared change (parley.prepared/1)");
	if (rc == 0 && texts)
		rc = texts_check(texts, err);
	json_t *signed_list = json_array();
	for (size_t i = 0; rc == 0 && i < json_array_size(statements); i++) {
		json_t *item = json_array_get(statements, i);
		const char *text = json_string_value(json_object_get(item, "statement"));
		const char *hash = json_string_value(json_object_get(item, "hash"));
		statement_fields s;
		rc = text ? statement_read(text, i, &s, err)
		          : pl_error_set(err, PL_EINVALID, "statement %zu is missing", i + 1);
		if (rc)
			break;
		char hex[PL_HASH_HEX];
		pl_hex(hex, s.hash, PL_HASH_BYTES);
		if (!hash || strcmp(hash, hex) != 0)
			rc = pl_error_set(err, PL_EINVALID,
			                  "statement %zu is not what its hash says", i + 1);
		else if (strcmp(s.view.actor, name) != 0)
			rc = pl_error_set(err, PL_EBADSIG,
			                  "statement %zu would be signed as %s, but it is %s's "
			                  "(refused: only your own words are signed)",
			                  i + 1, name, s.view.actor);
		if (rc == 0) {
			uint8_t signature[PL_SIGNATURE_BYTES];
			pl_sign_message(signature, s.hash, PL_HASH_BYTES, &signer->pair);
			char sig_hex[2 * PL_SIGNATURE_BYTES + 1];
			pl_hex(sig_hex, signature, PL_SIGNATURE_BYTES);
			json_array_append_new(signed_list, json_pack("{s:s, s:s}", "statement",
			                                             text, "signature", sig_hex));
		}
		statement_clear(&s);
	}
	if (rc == 0) {
		json_t *doc =
		    json_pack("{s:s, s:O, s:O}", "schema", "parley.signed/1", "statements",
		              signed_list, "texts", texts ? texts : json_object());
		char *text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		if (text)
			pl_buf_puts(out, text);
		free(text);
		json_decref(doc);
	}
	json_decref(signed_list);
	json_decref(root);
	return rc;
}

/* --- committing, on the server's side ------------------------------------- */

/* Seconds since the epoch of an ISO 8601 UTC time as parley writes it;
 * -1 when it is not one. */
static long long epoch_of(const char *at)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	char zone = 0, extra = 0;
	if (strlen(at) != 20 ||
	    sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone, &extra) != 7 ||
	    zone != 'Z')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

static int fresh(pl_negotiation *n, const statement_fields *s, size_t index, int max_age_s,
                 pl_error *err)
{
	char now_text[32];
	pl_neg_time(n, now_text);
	long long now = epoch_of(now_text), at = epoch_of(s->view.at);
	if (at < 0)
		return pl_error_set(err, PL_EINVALID, "statement %zu: '%s' is not a time",
		                    index + 1, s->view.at);
	if (at > now || now - at > max_age_s)
		return pl_error_set(err, PL_ECONFLICT,
		                    "statement %zu is stale (made at %s, now %s): prepare it again",
		                    index + 1, s->view.at, now_text);
	return 0;
}

static int read_count(void *context, const pl_store_row *row, pl_error *err)
{
	(void)err;
	*(int64_t *)context = pl_store_row_int(row, 0);
	return 0;
}

/* Not recorded before; after names an event of its own track. */
static int in_place(pl_negotiation *n, const statement_fields *s, size_t index, pl_error *err)
{
	int64_t count = 0;
	int rc = pl_store_query(n->store, err, read_count, &count, NULL,
	                        "SELECT count(*) FROM events WHERE statement = ?1", "b", s->hash,
	                        (size_t)PL_HASH_BYTES);
	if (rc == 0 && count > 0)
		return pl_error_set(err, PL_ECONFLICT, "statement %zu is recorded already",
		                    index + 1);
	if (rc == 0 && s->view.after) {
		rc = pl_store_query(n->store, err, read_count, &count, NULL,
		                    "SELECT count(*) FROM events WHERE hash = ?1 AND track = ?2",
		                    "bs", s->view.after, (size_t)PL_HASH_BYTES, s->view.track);
		if (rc == 0 && count == 0)
			rc = pl_error_set(err, PL_ECONFLICT,
			                  "statement %zu follows an event its track does not hold: "
			                  "prepare it again",
			                  index + 1);
	}
	return rc;
}

typedef struct texts_in {
	pl_negotiation *n;
	const json_t *texts;
} texts_in;

/* A text a version names: stored already, or given with the change. */
static int store_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                      pl_error *err)
{
	texts_in *t = context;
	int present = 0;
	int rc = pl_store_blob_present(t->n->store, hash, &present, err);
	if (rc || present)
		return rc;
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	const json_t *text = json_object_get(t->texts, hex);
	if (!json_is_string(text))
		return pl_error_set(err, PL_EINVALID, "the text of %s is not given with the change",
		                    place);
	return pl_store_put_blob(t->n->store, hash, json_string_value(text),
	                         json_string_length(text), err);
}

static int commit_one(pl_negotiation *n, json_t *item, const json_t *texts, size_t index,
                      int max_age_s, json_t *events, pl_error *err)
{
	const char *text = json_string_value(json_object_get(item, "statement"));
	const char *sig_hex = json_string_value(json_object_get(item, "signature"));
	uint8_t signature[PL_SIGNATURE_BYTES];
	if (!text || !sig_hex || strlen(sig_hex) != 2 * PL_SIGNATURE_BYTES ||
	    pl_unhex(signature, sizeof signature, sig_hex) != 0)
		return pl_error_set(
		    err, PL_EINVALID,
		    "statement %zu has no statement or no signature (128 hex digits)", index + 1);
	statement_fields s;
	int rc = statement_read(text, index, &s, err);
	if (rc)
		return rc;
	if (strcmp(s.view.actor, n->actor) != 0)
		rc = pl_error_set(err, PL_EBADSIG,
		                  "statement %zu is %s's, but %s sent it: a delegate records "
		                  "only its own words",
		                  index + 1, s.view.actor, n->actor);
	if (rc == 0)
		rc = fresh(n, &s, index, max_age_s, err);
	if (rc == 0)
		rc = in_place(n, &s, index, err);
	if (rc == 0 && strcmp(s.view.kind, PL_EVENT_VERSION) == 0) {
		texts_in t = {n, texts};
		rc = pl_version_texts_foreach(json_object_get(s.root, "payload"), store_text, &t,
		                              err);
	}
	/* A new track's first event is written with the plenary's leave, as
	 * pl_track_add writes it (the rules of authority check the rest). */
	if (rc == 0)
		rc = pl_neg_may_write_signed(
		    n, strcmp(s.view.kind, PL_EVENT_TRACK) == 0 ? PL_PLENARY : s.view.track, err);
	if (rc == 0)
		rc = pl_neg_append_signed(n, &s.view, signature, err);
	if (rc == 0) {
		const uint8_t *head;
		int64_t seq = pl_auth_head(n->auth, s.view.track, &head);
		char hex[PL_HASH_HEX];
		pl_hex(hex, head, PL_HASH_BYTES);
		json_array_append_new(events, json_pack("{s:s, s:I, s:s}", "track", s.view.track,
		                                        "seq", (json_int_t)seq, "hash", hex));
	}
	statement_clear(&s);
	return rc;
}

int pl_negotiation_commit_signed(pl_negotiation *n, const char *signed_json, size_t len,
                                 int max_age_s, pl_buf *out, pl_error *err)
{
	if (!n->has_actor)
		return pl_error_set(err, PL_EDENIED, "a signed change is sent by its signer");
	json_t *root = json_loadb(signed_json, len, 0, NULL);
	const char *schema = json_string_value(json_object_get(root, "schema"));
	json_t *statements = json_object_get(root, "statements");
	json_t *texts = json_object_get(root, "texts");
	int rc = 0;
	if (!schema || strcmp(schema, "parley.signed/1") != 0 || !json_is_array(statements) ||
	    json_array_size(statements) == 0 || (texts && !json_is_object(texts)))
		rc = pl_error_set(err, PL_EINVALID, "not a signed change (parley.signed/1)");
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc) {
		json_decref(root);
		return rc;
	}
	json_t *events = json_array();
	for (size_t i = 0; rc == 0 && i < json_array_size(statements); i++)
		rc = commit_one(n, json_array_get(statements, i), texts, i, max_age_s, events, err);
	rc = pl_neg_end(n, rc, err);
	if (rc == 0) {
		json_t *doc =
		    json_pack("{s:s, s:O}", "schema", "parley.committed/1", "events", events);
		char *text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		pl_buf_puts(out, text ? text : "");
		free(text);
		json_decref(doc);
	}
	json_decref(events);
	json_decref(root);
	return rc;
}
