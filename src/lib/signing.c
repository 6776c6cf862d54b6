/* signing.c — changes signed on the delegate's side (signing.h): acting as
 * a delegate known by a public key, preparing a change for its signer,
 * signing it where the key is, and committing what was signed. */
#include "authority_int.h"
#include "event_int.h"
#include "integrity_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/signing.h"
#include "project_int.h"
#include "store_log_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	 * was rather than replayed. A version the handle keeps loaded stays:
	 * it is used only while the state names its event (load_version). */
	n->batch = 0;
	n->preparing = 0;
	pl_store_rollback(n->store);
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

void pl_signer_public_hex(const pl_signer *signer, char out[65])
{
	pl_hex(out, signer->pair.public_key, PL_PUBLIC_KEY_BYTES);
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

/* --- enrolment codes -------------------------------------------------------- */

/* Crockford's base 32: no I, L, O or U, so that a code read aloud or
 * typed again is read one way. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_BYTES 20 /* 160 random bits: 32 characters */
#define CODE_CHARS 32

/* The 32 characters of a code, upper case, without its dashes and
 * spaces, the look-alikes read as Crockford says (O as 0, I and L as 1). */
static int code_normalize(const char *code, char out[CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *c = code; *c; c++) {
		char ch = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
		if (ch == '-' || ch == ' ')
			continue;
		ch = ch == 'O' ? '0' : (ch == 'I' || ch == 'L') ? '1' : ch;
		if (!strchr(code_alphabet, ch) || ch == '\0' || n == CODE_CHARS)
			return -1;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == CODE_CHARS ? 0 : -1;
}

int pl_invite_pair(const char *code, pl_keypair *out, pl_error *err)
{
	char normal[CODE_CHARS + 1];
	if (code_normalize(code, normal) != 0)
		return pl_error_set(err, PL_EINVALID,
		                    "that is not an enrolment code (32 letters and digits, in "
		                    "groups of four)");
	static const char domain[] = "parley.invite/1\n";
	uint8_t seed[PL_HASH_BYTES];
	pl_hash2(seed, domain, sizeof domain - 1, normal, CODE_CHARS);
	pl_keypair_from_seed(out, seed);
	memset(seed, 0, sizeof seed);
	return 0;
}

void pl_invite_code_new(char code[PL_INVITE_CODE_SIZE])
{
	uint8_t random[CODE_BYTES];
	pl_random(random, sizeof random);
	size_t at = 0;
	unsigned bits = 0, value = 0;
	int written = 0;
	for (size_t i = 0; i < sizeof random; i++) {
		value = (value << 8) | random[i];
		bits += 8;
		while (bits >= 5) {
			if (written && written % 4 == 0)
				code[at++] = '-';
			code[at++] = code_alphabet[(value >> (bits - 5)) & 31];
			bits -= 5;
			written++;
		}
	}
	code[at] = '\0';
	memset(random, 0, sizeof random);
}

int pl_enrol_sign(const char *name, const char *code, const pl_signer *device, const char *at,
                  pl_buf *out, pl_error *err)
{
	char now[32];
	if (!at) {
		pl_time_now(now);
		at = now;
	}
	pl_keypair invite;
	int rc = pl_invite_pair(code, &invite, err);
	if (rc)
		return rc;
	char invite_hex[PL_HASH_HEX], key_hex[PL_HASH_HEX], proof_hex[2 * PL_SIGNATURE_BYTES + 1];
	pl_hex(invite_hex, invite.public_key, PL_PUBLIC_KEY_BYTES);
	pl_hex(key_hex, device->pair.public_key, PL_PUBLIC_KEY_BYTES);
	pl_buf message = PL_BUF_INIT;
	pl_auth_enrol_message(name, key_hex, &message);
	uint8_t proof[PL_SIGNATURE_BYTES];
	pl_sign_message(proof, message.ptr, message.len, &invite);
	pl_keypair_wipe(&invite);
	pl_buf_free(&message);
	pl_hex(proof_hex, proof, sizeof proof);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s}", "invite", invite_hex, "name", name,
	                            "proof", proof_hex, "public_key", key_hex);
	char *payload_text = payload ? pl_event_payload_text(payload) : NULL;
	json_decref(payload);
	pl_store_event view = {.track = PL_PLENARY,
	                       .kind = PL_EVENT_ENROL,
	                       .at = at,
	                       .actor = name,
	                       .payload = payload_text};
	char *text = payload_text ? pl_statement_write(&view) : NULL;
	free(payload_text);
	if (!text)
		return pl_error_set(err, PL_EINVALID, "the delegate's name is not UTF-8");
	uint8_t hash[PL_HASH_BYTES], signature[PL_SIGNATURE_BYTES];
	pl_hash(hash, text, strlen(text));
	pl_sign_message(signature, hash, sizeof hash, &device->pair);
	char sig_hex[2 * PL_SIGNATURE_BYTES + 1];
	pl_hex(sig_hex, signature, sizeof signature);
	json_t *doc = json_pack("{s:s, s:[{s:s, s:s}], s:{}}", "schema", "parley.signed/1",
	                        "statements", "statement", text, "signature", sig_hex, "texts");
	free(text);
	char *dumped = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(doc);
	pl_buf_puts(out, dumped);
	free(dumped);
	return 0;
}

/* --- committing, on the server's side ------------------------------------- */

static int fresh(pl_negotiation *n, const statement_fields *s, size_t index, int max_age_s,
                 pl_error *err)
{
	char now_text[32];
	pl_neg_time(n, now_text);
	long long now = pl_time_read(now_text), at = pl_time_read(s->view.at);
	if (at < 0)
		return pl_error_set(err, PL_EINVALID, "statement %zu: '%s' is not a time",
		                    index + 1, s->view.at);
	if (at > now || now - at > max_age_s)
		return pl_error_set(err, PL_ESTALE,
		                    "statement %zu is stale (made at %s, now %s): prepare it again",
		                    index + 1, s->view.at, now_text);
	return 0;
}

/* Not recorded before; after names an event of its own track. */
static int in_place(pl_negotiation *n, const statement_fields *s, size_t index, pl_error *err)
{
	int64_t recorded = 0, follows = 0;
	int rc = pl_store_statement_place(n->store, s->hash, s->view.after, s->view.track,
	                                  &recorded, &follows, err);
	if (rc == 0 && recorded > 0)
		return pl_error_set(err, PL_ECONFLICT,
		                    "statement %zu is recorded already (the same change, signed "
		                    "the same second, was sent before)",
		                    index + 1);
	if (rc == 0 && s->view.after && follows == 0)
		rc = pl_error_set(err, PL_ESTALE,
		                  "statement %zu follows an event its track does not hold: "
		                  "prepare it again",
		                  index + 1);
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
	/* A new device enrolls itself: its own key signs, the rules check
	 * the code; everything else comes from the delegate who sends it. */
	int enrol = strcmp(s.view.kind, PL_EVENT_ENROL) == 0;
	if (!enrol && !n->has_actor)
		rc = pl_error_set(err, PL_EDENIED, "a signed change is sent by its signer");
	else if (!enrol && strcmp(s.view.actor, n->actor) != 0)
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
	if (rc == 0 && !enrol)
		rc = pl_neg_may_write_signed(
		    n, strcmp(s.view.kind, PL_EVENT_TRACK) == 0 ? PL_PLENARY : s.view.track, err);
	if (rc == 0 && enrol && n->unsound)
		rc = pl_error_set(err, PL_EBADSIG,
		                  "the record does not verify, so nothing more is added to it");
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
