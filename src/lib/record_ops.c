/* record_ops.c — the acting delegate, signing, the viewer rule, and the
 * record's operations: parties, delegates, tracks, circulation. */
#include "event_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/record.h"
#include "project_int.h"
#include "store_log_int.h"
#include "store_project_int.h"
#include "talks_int.h"
#include "parley/utf8.h"
#include "verify_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- identity and the acting delegate ------------------------------- */

int pl_neg_load_identity(pl_negotiation *n, int create, pl_error *err)
{
	int found = 0;
	int rc = pl_store_negotiation_id(n->store, n->id, &found, err);
	if (rc == 0 && !found && create) {
		uint8_t random[16];
		pl_random(random, sizeof random);
		pl_hex(n->id, random, sizeof random);
		rc = pl_store_negotiation_id_insert(n->store, n->id, err);
	}
	if (rc == 0)
		rc = pl_neg_load_state(n, err);
	return rc;
}

void pl_neg_time(const pl_negotiation *n, char out[32])
{
	if (n->clock)
		snprintf(out, 32, "%s", n->clock);
	else
		pl_time_now(out);
}

int pl_key_path(const pl_negotiation *n, const char *name, char *out, size_t size, pl_error *err)
{
	if (!n->keys_dir)
		return pl_error_set(err, PL_EINVALID, "no keys directory given (--keys DIR)");
	int len = snprintf(out, size, "%s/%s/%s.key", n->keys_dir, n->id, name);
	if (len < 0 || (size_t)len >= size)
		return pl_error_set(err, PL_EINVALID, "key file path too long");
	return 0;
}

int pl_neg_set_actor(pl_negotiation *n, const char *name, pl_error *err)
{
	const char *party, *role;
	/* A record that does not verify may have lost what admitted name: read
	 * it as no one (the plenary), which is enough for verify to name the
	 * bad event; nothing can be appended to it anyway. */
	if (!pl_auth_delegate(n->auth, name, &party, &role) && n->unsound)
		return 0;
	if (!pl_auth_delegate(n->auth, name, &party, &role))
		return pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	char path[4096];
	int rc = 0;
	if (n->key_file)
		snprintf(path, sizeof path, "%s", n->key_file);
	else
		rc = pl_key_path(n, name, path, sizeof path, err);
	if (rc == 0)
		rc = pl_key_file_read(path, NULL, &n->key, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_ENOTFOUND, "no key file for delegate '%s' at %s", name,
		                  path);
	if (rc == 0 && !pl_auth_key_current(n->auth, name, n->key.public_key))
		rc = pl_error_set(err, PL_EBADSIG,
		                  "key file %s holds a key that is not a current key of %s "
		                  "(another delegate's, revoked, or never enrolled)",
		                  path, name);
	if (rc) {
		pl_keypair_wipe(&n->key);
		return rc;
	}
	n->actor = pl_strdup(name);
	n->actor_party = pl_strdup(party);
	n->actor_role = pl_strdup(role);
	n->has_actor = 1;
	return 0;
}

/* --- the viewer rule --------------------------------------------------- */

int pl_neg_sees(pl_negotiation *n, const char *track, int64_t seq)
{
	if (strcmp(track, PL_PLENARY) == 0)
		return 1;
	int64_t since = n->has_actor ? pl_auth_member_since(n->auth, track, n->actor_party) : 0;
	return since > 0 && since <= (seq ? seq : since);
}

int pl_neg_sees_version(pl_negotiation *n, const char *document, int number)
{
	size_t count = pl_auth_place_count(n->auth, document, number);
	for (size_t i = 0; i < count; i++) {
		int64_t seq;
		const char *track = pl_auth_place(n->auth, document, number, i, &seq);
		if (pl_neg_sees(n, track, seq))
			return 1;
	}
	return 0;
}

void pl_neg_visible_track(pl_negotiation *n, const char *document, int number, char *out,
                          size_t size)
{
	size_t count = pl_auth_place_count(n->auth, document, number);
	int64_t seq;
	snprintf(out, size, "%s",
	         count ? pl_auth_place(n->auth, document, number, 0, &seq) : PL_PLENARY);
	if (count == 0 || pl_neg_sees(n, out, 0))
		return;
	for (size_t i = 1; i < count; i++) {
		const char *track = pl_auth_place(n->auth, document, number, i, &seq);
		if (pl_neg_sees(n, track, seq)) {
			snprintf(out, size, "%s", track);
			return;
		}
	}
}

int pl_neg_version_in_track(pl_negotiation *n, const char *document, int number, const char *track)
{
	size_t count = pl_auth_place_count(n->auth, document, number);
	int64_t seq;
	for (size_t i = 0; i < count; i++)
		if (strcmp(pl_auth_place(n->auth, document, number, i, &seq), track) == 0)
			return 1;
	return 0;
}

void pl_neg_table_track(pl_negotiation *n, const char *document, int number, char *out, size_t size)
{
	if (pl_neg_version_in_track(n, document, number, PL_PLENARY))
		snprintf(out, size, "%s", PL_PLENARY);
	else
		pl_neg_visible_track(n, document, number, out, size);
}

/* --- appending --------------------------------------------------------- */

/* Who may append to track now; a delegate acting by key alone
 * (signing.h) only when remote_ok, for a statement it signed. */
static int may_write(pl_negotiation *n, const char *track, int remote_ok, pl_error *err)
{
	if (n->unsound)
		return pl_error_set(err, PL_EBADSIG,
		                    "the record does not verify, so nothing more is added to it "
		                    "(see parley verify)");
	if (!n->has_actor)
		return pl_error_set(err, PL_EDENIED,
		                    "a change is signed by a delegate: act as one (--as NAME or "
		                    "PARLEY_AS)");
	if (strcmp(n->actor_role, "observer") == 0)
		return pl_error_set(err, PL_EDENIED,
		                    "%s is an observer and cannot change the record", n->actor);
	if (!pl_auth_key_current(n->auth, n->actor, n->key.public_key))
		return pl_error_set(err, PL_EDENIED, "the key of %s has been revoked", n->actor);
	if (n->remote && !n->preparing && !remote_ok)
		return pl_error_set(err, PL_EDENIED,
		                    "a change is signed by %s's own key: it can only be prepared "
		                    "here, for %s to sign",
		                    n->actor, n->actor);
	if (!pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	return 0;
}

int pl_neg_may_write(pl_negotiation *n, const char *track, pl_error *err)
{
	return may_write(n, track, 0, err);
}

int pl_neg_may_write_signed(pl_negotiation *n, const char *track, pl_error *err)
{
	return may_write(n, track, 1, err);
}

/* Every text an event records is checked once more where the library
 * takes it in, whatever the front end did: valid UTF-8 (jansson refuses to
 * build a string of anything else, which leaves the payload NULL), and no
 * control character but newline and tab. */
int pl_neg_check_texts(const json_t *value, pl_error *err)
{
	if (json_is_string(value))
		return pl_utf8_check(json_string_value(value), json_string_length(value),
		                     PL_UTF8_LINES, 0, "a text", err);
	size_t i;
	const char *key;
	json_t *item;
	int rc = 0;
	if (json_is_array(value))
		json_array_foreach((json_t *)value, i, item) if (rc == 0) rc =
		    pl_neg_check_texts(item, err);
	if (json_is_object(value))
		json_object_foreach((json_t *)value, key, item) if (rc == 0) rc =
		    pl_neg_check_texts(item, err);
	return rc;
}

/* Inserts an event with the canonical payload text (taken over): signed
 * here with key or, while preparing, unsigned for its signer, following
 * the head of track as it was when the preparing began. */
static int insert(pl_negotiation *n, const char *track, const char *kind, const char *actor,
                  char *text, size_t len, const pl_keypair *key, pl_event *event, pl_error *err)
{
	char at[32];
	pl_neg_time(n, at);
	if (!n->preparing)
		return pl_event_append_text(n->store, track, kind, at, actor, text, len, key, event,
		                            err);
	const uint8_t *after = NULL;
	if (pl_auth_head(n->auth_before, track, &after) == 0)
		after = NULL;
	return pl_event_append_prepared(n->store, track, kind, at, actor, text, len, after, event,
	                                err);
}

/* The same rules as replay and verify judge an inserted event (an event
 * they refuse is never recorded; keys, if not NULL, receives those its
 * signature must hold under), then it is projected — by project, from
 * payload when given, or from its text — and, while preparing, its
 * statement collected. */
static int judge_and_project(pl_negotiation *n, pl_event *event, size_t len, json_t *payload,
                             pl_neg_project_fn project, void *context, pl_auth_keys *keys,
                             pl_error *err)
{
	pl_payload fields;
	pl_payload_init(&fields);
	if (payload)
		pl_payload_from_json(&fields, payload);
	else if (!pl_payload_read(&fields, event->payload, len))
		pl_payload_parse(&fields, event->payload);
	int rc = pl_auth_step(n->auth, &event->view, &fields, keys, err);
	pl_payload_clear(&fields);
	if (rc == 0) {
		n->state_changed = 1;
		n->state_last_id = event->view.id;
		rc = project   ? project(context, n->store, &event->view, err)
		     : payload ? pl_project_payload(n->store, &event->view, payload, err)
		               : pl_project_event(n->store, &event->view, err);
	}
	if (rc == 0 && n->preparing)
		pl_neg_prepared_add(n, event);
	return rc;
}

int pl_neg_append_as(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                     const pl_keypair *key, const char *actor, pl_error *err)
{
	if (!payload)
		return pl_error_set(err, PL_EINVALID, "a text is not valid UTF-8");
	int rc = pl_neg_check_texts(payload, err);
	if (rc)
		return rc;
	char *text = pl_event_payload_text(payload);
	if (!text)
		return pl_error_set(err, PL_EINVALID, "an event's payload cannot be written");
	size_t len = strlen(text);
	pl_event event;
	rc = insert(n, track, kind, actor, text, len, key, &event, err);
	if (rc == 0)
		rc = judge_and_project(n, &event, len, payload, NULL, NULL, NULL, err);
	pl_event_clear(&event);
	return rc;
}

int pl_neg_append_text(pl_negotiation *n, const char *track, const char *kind, char *payload,
                       size_t len, pl_neg_project_fn project, void *context, pl_error *err)
{
	int rc = pl_neg_may_write(n, track, err);
	if (rc) {
		free(payload);
		return rc;
	}
	pl_event event;
	rc = insert(n, track, kind, n->actor, payload, len, &n->key, &event, err);
	if (rc)
		return rc;
	/* The rules read the fields as replay reads them: from the text. */
	rc = judge_and_project(n, &event, len, NULL, project, context, NULL, err);
	pl_event_clear(&event);
	return rc;
}

int pl_neg_append_stream(pl_negotiation *n, const char *track, const char *kind, size_t len,
                         pl_event_writer write, void *writer, json_t *fields,
                         pl_neg_project_fn project, void *context, pl_error *err)
{
	int rc = pl_neg_may_write(n, track, err);
	if (rc)
		return rc;
	if (n->preparing)
		return pl_error_set(err, PL_EIO, "a statement being prepared is written whole");
	char at[32];
	pl_neg_time(n, at);
	pl_event event;
	rc = pl_event_append_stream(n->store, track, kind, at, n->actor, len, write, writer,
	                            &n->key, &event, err);
	if (rc)
		return rc;
	rc = judge_and_project(n, &event, len, fields, project, context, NULL, err);
	pl_event_clear(&event);
	return rc;
}

/* 1 when signature holds over statement under a current key of its actor,
 * or, for an enrolment, under the key it enrols: checked before anything is
 * appended, so that a bad signature never lets an event into the state
 * (whose undoing would replay the record). */
static int signed_by_actor(pl_negotiation *n, const pl_store_event *statement,
                           const uint8_t signature[PL_SIGNATURE_BYTES])
{
	uint8_t hash[PL_HASH_BYTES], key[PL_PUBLIC_KEY_BYTES];
	if (!statement->actor ||
	    pl_statement_hash(statement, strlen(statement->payload), hash) != 0)
		return 0;
	if (strcmp(statement->kind, PL_EVENT_ENROL) == 0) {
		json_t *payload = json_loads(statement->payload, 0, NULL);
		const char *hex = json_string_value(json_object_get(payload, "public_key"));
		int valid = hex && strlen(hex) == 2 * PL_PUBLIC_KEY_BYTES &&
		            pl_unhex(key, sizeof key, hex) == 0 &&
		            pl_signature_valid_remembered(signature, hash, key);
		json_decref(payload);
		return valid;
	}
	const uint8_t *current;
	int revoked;
	for (size_t i = 0; (current = pl_auth_key(n->auth, statement->actor, i, &revoked)); i++)
		if (!revoked && pl_signature_valid_remembered(signature, hash, current))
			return 1;
	return 0;
}

int pl_neg_append_signed(pl_negotiation *n, const pl_store_event *statement,
                         const uint8_t signature[PL_SIGNATURE_BYTES], pl_error *err)
{
	if (!signed_by_actor(n, statement, signature))
		return pl_error_set(err, PL_EBADSIG,
		                    "the signature of a statement by %s does not verify under a "
		                    "current key of %s",
		                    statement->actor ? statement->actor : "no one",
		                    statement->actor ? statement->actor : "anyone");
	pl_event event;
	int rc = pl_event_append_signed(n->store, statement, signature, &event, err);
	if (rc)
		return rc;
	pl_auth_keys keys;
	rc = judge_and_project(n, &event, strlen(event.payload), NULL, NULL, NULL, &keys, err);
	/* Signed by whom it names: a current key of the signer, as verify
	 * will check it. */
	int held = 0;
	for (size_t k = 0; rc == 0 && k < keys.count; k++)
		held |= !keys.revoked[k] &&
		        pl_signature_valid_remembered(signature, event.statement, keys.key[k]);
	if (rc == 0 && !held)
		rc = pl_error_set(err, PL_EBADSIG,
		                  "the signature of a statement by %s does not verify under a "
		                  "current key of %s",
		                  statement->actor ? statement->actor : "no one",
		                  statement->actor ? statement->actor : "anyone");
	pl_event_clear(&event);
	return rc;
}

int pl_neg_append(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                  pl_error *err)
{
	int rc = pl_neg_may_write(n, track, err);
	if (rc)
		return rc;
	return pl_neg_append_as(n, track, kind, payload, &n->key, n->actor, err);
}

int pl_neg_begin(pl_negotiation *n, pl_error *err)
{
	if (n->batch && n->savepoints == PL_NEG_SAVEPOINTS_MAX)
		return pl_error_set(err, PL_EINVALID, "changes nested too deep");
	int rc = n->batch ? pl_store_savepoint(n->store, err) : pl_store_begin(n->store, err);
	if (rc == 0 && !n->batch && (rc = pl_neg_catch_up(n, err)) != 0)
		pl_store_rollback(n->store);
	/* Inside a batch, whether this change let an event into the state is
	 * kept apart from what the changes before it did: undoing a refused
	 * change must not replay the record because an earlier one of the
	 * batch (a server's group of commits) succeeded. */
	if (rc == 0 && n->batch) {
		n->changed_before[n->savepoints++] = n->state_changed;
		n->state_changed = 0;
	}
	return rc;
}

int pl_neg_end(pl_negotiation *n, int rc, pl_error *err)
{
	int before = n->batch && n->savepoints ? n->changed_before[--n->savepoints] : 0;
	if (rc == 0) {
		rc = n->batch ? pl_store_release(n->store, err) : pl_store_commit(n->store, err);
		if (rc)
			pl_neg_forget(n);
		if (rc == 0 && !n->batch)
			n->state_changed = 0;
		if (rc)
			pl_neg_load_state(n, NULL);
		n->state_changed |= before;
		return rc;
	}
	pl_neg_forget(n);
	if (n->batch)
		pl_store_rollback_savepoint(n->store);
	else
		pl_store_rollback(n->store);
	/* The state holds what was undone only if a rule let an event in
	 * during this change: then replay it again (a refusal, the common
	 * case, leaves it as it was). */
	if (n->state_changed)
		pl_neg_load_state(n, NULL);
	n->state_changed = before;
	return rc;
}

int pl_negotiation_begin(pl_negotiation *n, pl_error *err)
{
	if (n->batch)
		return pl_error_set(err, PL_EINVALID, "a batch is already open");
	int rc = pl_store_begin(n->store, err);
	if (rc == 0 && (rc = pl_neg_catch_up(n, err)) != 0)
		pl_store_rollback(n->store);
	n->batch = rc == 0;
	n->savepoints = 0;
	return rc;
}

int pl_negotiation_commit(pl_negotiation *n, pl_error *err)
{
	n->batch = 0;
	int rc = pl_store_commit(n->store, err);
	if (rc) {
		pl_neg_forget(n);
		pl_neg_load_state(n, NULL);
	}
	n->state_changed = 0;
	return rc;
}

void pl_negotiation_rollback(pl_negotiation *n)
{
	n->batch = 0;
	pl_neg_forget(n);
	pl_store_rollback(n->store);
	if (n->state_changed)
		pl_neg_load_state(n, NULL);
}

/* --- names -------------------------------------------------------------- */

static int check_name(const char *what, const char *name, pl_error *err)
{
	if (!pl_document_name_valid(name))
		return pl_error_set(
		    err, PL_EINVALID,
		    "'%s' is not a %s name (letters, digits, '.', '_', '-'; max %d)", name, what,
		    PL_NAME_MAX);
	return 0;
}

static int party_exists(pl_negotiation *n, const char *code, pl_error *err)
{
	if (!pl_auth_has_party(n->auth, code))
		return pl_error_set(err, PL_ENOTFOUND, "no party with code '%s'", code);
	return 0;
}

/* --- tracks ----------------------------------------------------------- */

static int track_add_locked(pl_negotiation *n, const char *name, const char *const *parties,
                            size_t count, const char *rule, pl_error *err)
{
	int rc = pl_neg_may_write(n, PL_PLENARY, err);
	/* A track the viewer cannot see is reported as taken without saying
	 * more; its members are not named. */
	if (rc == 0 && pl_auth_track_exists(n->auth, name))
		rc = pl_error_set(err, PL_ECONFLICT, "the track name '%s' is not available", name);
	int self = 0;
	json_t *members = json_array();
	for (size_t i = 0; rc == 0 && i < count; i++) {
		rc = party_exists(n, parties[i], err);
		self |= strcmp(parties[i], n->actor_party) == 0;
		json_array_append_new(members, json_string(parties[i]));
	}
	if (rc == 0 && !self)
		rc = pl_error_set(err, PL_EDENIED, "a track must include the acting party (%s)",
		                  n->actor_party);
	uint8_t random[16];
	char salt[33];
	pl_random(random, sizeof random);
	pl_hex(salt, random, sizeof random);
	json_t *payload = json_pack("{s:s, s:o, s:s, s:s}", "name", name, "members", members,
	                            "salt", salt, "rule", rule ? rule : PL_RULE_CONSENSUS);
	if (rc == 0)
		rc = pl_neg_append_as(n, name, PL_EVENT_TRACK, payload, &n->key, n->actor, err);
	json_decref(payload);
	return rc;
}

int pl_track_add(pl_negotiation *n, const char *name, const char *const *parties, size_t count,
                 const char *rule, pl_error *err)
{
	int rc = check_name("track", name, err);
	if (rc == 0 && count == 0)
		rc = pl_error_set(err, PL_EINVALID, "a track needs member parties");
	if (rc == 0 && rule && !pl_rule_valid(rule))
		rc = pl_error_set(err, PL_EINVALID,
		                  "'%s' is not a decision rule (consensus, chair, majority)", rule);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, track_add_locked(n, name, parties, count, rule, err), err);
}

static int track_join_locked(pl_negotiation *n, const char *track, const char *party, pl_error *err)
{
	int rc = pl_neg_may_write(n, track, err);
	if (rc == 0 && strcmp(track, PL_PLENARY) == 0)
		rc = pl_error_set(err, PL_EINVALID, "every party is in the plenary");
	if (rc == 0)
		rc = party_exists(n, party, err);
	if (rc == 0 && pl_auth_member_since(n->auth, track, party))
		rc = pl_error_set(err, PL_ECONFLICT, "%s is already in %s", party, track);
	json_t *payload = json_pack("{s:s}", "party", party);
	if (rc == 0)
		rc = pl_neg_append(n, track, PL_EVENT_JOIN, payload, err);
	json_decref(payload);
	return rc;
}

int pl_track_join(pl_negotiation *n, const char *track, const char *party, pl_error *err)
{
	int rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, track_join_locked(n, track, party, err), err);
}

static int rule_locked(pl_negotiation *n, const char *track, const char *rule, int *changed,
                       pl_error *err)
{
	int rc = pl_neg_may_write(n, track, err);
	const char *before = pl_auth_track_rule(n->auth, track);
	int kept = before && strcmp(before, rule) == 0;
	json_t *payload =
	    json_pack("{s:s, s:s}", "rule", rule, "party", n->actor_party ? n->actor_party : "");
	if (rc == 0)
		rc = pl_neg_append(n, track, PL_EVENT_RULE, payload, err);
	json_decref(payload);
	const char *now = pl_auth_track_rule(n->auth, track);
	if (rc == 0)
		*changed = kept ? 2 : now && strcmp(now, rule) == 0;
	return rc;
}

int pl_track_rule(pl_negotiation *n, const char *track, const char *rule, int *changed,
                  pl_error *err)
{
	*changed = 0;
	if (!pl_rule_valid(rule))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a decision rule (consensus, chair, majority)",
		                    rule);
	int rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, rule_locked(n, track, rule, changed, err), err);
}

const char *pl_track_rule_said(int changed, const char *track, const char *rule, char *out,
                               size_t size)
{
	if (changed == 1)
		snprintf(out, size, "the decision rule of %s is now %s", track, rule);
	else if (changed == 2)
		snprintf(out, size,
		         "%s has the %s rule already; your party's consent to another no longer "
		         "counts",
		         track, rule);
	else
		snprintf(out, size,
		         "recorded your party's consent to the %s rule for %s; it changes when the "
		         "track's current rule is met",
		         rule, track);
	return out;
}

/* --- versions as the viewer sees them ---------------------------------- */

int pl_neg_resolve(pl_negotiation *n, const char *ref, pl_resolved *out, pl_error *err)
{
	char name[PL_NAME_MAX + 1];
	int number;
	memset(out, 0, sizeof *out);
	pl_neg_refresh(n);
	int rc = pl_ref_parse(ref, name, &number, err);
	if (rc)
		return rc;
	/* Which versions exist and who may read them comes from the verified
	 * state; the projection only says where the rows of their text are. */
	int newest = pl_auth_latest(n->auth, name), latest = 0;
	for (int v = newest; v >= 1 && !latest; v--)
		if (pl_neg_sees_version(n, name, v))
			latest = v;
	if (!latest)
		return pl_error_set(err, PL_ENOTFOUND, "no document named '%s'", name);
	if (number > newest || (number && !pl_neg_sees_version(n, name, number)))
		return pl_error_set(err, PL_ENOTFOUND, "%s has no version %d (latest is %d)", name,
		                    number, latest);
	pl_store_document doc;
	rc = pl_store_document_find(n->store, name, &doc, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_EBADSIG,
		                  "the tables lost the document %s: the database was altered "
		                  "outside parley (parley rebuild repairs them)",
		                  name);
	if (rc)
		return rc;
	int64_t seq;
	out->doc = doc.id;
	out->number = number ? number : latest;
	out->latest = latest;
	snprintf(out->name, sizeof out->name, "%s", name);
	snprintf(out->track, sizeof out->track, "%s", pl_auth_place(n->auth, name, 1, 0, &seq));
	pl_store_document_clear(&doc);
	return 0;
}

/* --- circulation ------------------------------------------------------ */

static int read_salt_reference(void *context, const char *name, const char *salt, pl_error *err)
{
	(void)err;
	pl_track_reference(context, name, salt);
	return 0;
}

int pl_neg_circulate(pl_negotiation *n, const char *ref, const char *to_track, const char *note,
                     pl_error *err)
{
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc == 0)
		rc = pl_neg_may_write(n, to_track, err);
	char from[PL_HASH_HEX] = PL_PLENARY;
	if (rc == 0 && strcmp(v.track, PL_PLENARY) != 0)
		rc = pl_store_track_find(n->store, v.track, read_salt_reference, from, err);
	if (rc)
		return rc;
	json_t *payload =
	    json_pack("{s:s, s:i, s:s}", "document", v.name, "number", v.number, "from", from);
	json_object_set_new(payload, "note", note ? json_string(note) : json_null());
	rc = pl_neg_append(n, to_track, PL_EVENT_CIRCULATE, payload, err);
	json_decref(payload);
	return rc;
}

int pl_circulate(pl_negotiation *n, const char *ref, const char *to_track, const char *note,
                 pl_error *err)
{
	int rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, pl_neg_circulate(n, ref, to_track, note, err), err);
}

/* --- listings ------------------------------------------------------------ */

typedef struct table_fill {
	pl_table *table;
	pl_negotiation *n;
} table_fill;

static int listing_done(table_fill *f, int rc, pl_table **out)
{
	if (rc) {
		pl_table_free(f->table);
		return rc;
	}
	*out = f->table;
	return 0;
}

static int add_party(void *context, const char *code, const char *name, pl_error *err)
{
	table_fill *f = context;
	const char *values[] = {code, name};
	(void)err;
	pl_table_add_row(f->table, values);
	return 0;
}

int pl_party_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"code", "name"};
	table_fill f = {pl_table_new(2, headers), n};
	return listing_done(&f, pl_store_parties_foreach(n->store, add_party, &f, err), out);
}

static int add_delegate(void *context, const pl_store_delegate *d, pl_error *err)
{
	table_fill *f = context;
	const char *values[] = {d->name, d->party, d->role, d->public_key};
	(void)err;
	pl_table_add_row(f->table, values);
	return 0;
}

int pl_delegate_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"name", "party", "role", "public_key"};
	table_fill f = {pl_table_new(4, headers), n};
	int rc = pl_store_delegates_foreach(n->store, PL_STORE_BY_PARTY, add_delegate, &f, err);
	return listing_done(&f, rc, out);
}

/* A track's row of `track list`: its rule, from the verified state, and
 * the consents to another rule not yet met ("EU:chair UA:chair"). */
static void add_track_row(pl_table *table, const pl_auth *a, const char *name, const char *members,
                          const char *created)
{
	pl_buf pending = PL_BUF_INIT;
	const char *party, *rule;
	for (size_t i = 0; (party = pl_auth_pending(a, name, i, &rule)) != NULL; i++)
		pl_buf_printf(&pending, "%s%s:%s", i ? " " : "", party, rule);
	const char *values[] = {name, members, created, pl_auth_track_rule(a, name),
	                        pending.ptr ? pending.ptr : ""};
	pl_table_add_row(table, values);
	pl_buf_free(&pending);
}

static int add_track(void *context, const pl_store_track_row *t, pl_error *err)
{
	table_fill *f = context;
	(void)err;
	if (pl_neg_sees(f->n, t->name, 0))
		add_track_row(f->table, f->n->auth, t->name, t->members, t->created_at);
	return 0;
}

static int add_member(void *context, const pl_store_member *m, pl_error *err)
{
	table_fill *f = context;
	const char *values[] = {m->party, m->name, m->since_at};
	(void)err;
	pl_table_add_row(f->table, values);
	return 0;
}

int pl_track_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	pl_neg_refresh(n);
	static const char *const headers[] = {"track", "members", "created", "rule", "consents"};
	/* The plenary first: every party, always. */
	pl_table *parties = NULL;
	int rc = pl_party_list(n, &parties, err);
	if (rc)
		return rc;
	pl_buf codes = PL_BUF_INIT;
	for (size_t r = 0; r < parties->rows; r++)
		pl_buf_printf(&codes, "%s%s", r ? " " : "", pl_table_cell(parties, r, 0));
	table_fill f = {pl_table_new(sizeof headers / sizeof *headers, headers), n};
	add_track_row(f.table, n->auth, PL_PLENARY, codes.ptr, NULL);
	pl_buf_free(&codes);
	pl_table_free(parties);
	return listing_done(&f, pl_store_tracks_list(n->store, add_track, &f, err), out);
}

int pl_track_members(pl_negotiation *n, const char *track, pl_table **out, pl_error *err)
{
	pl_neg_refresh(n);
	static const char *const headers[] = {"party", "name", "since"};
	if (strcmp(track, PL_PLENARY) != 0 && !pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	table_fill f = {pl_table_new(3, headers), n};
	int rc = strcmp(track, PL_PLENARY) == 0
	             ? pl_store_plenary_members(n->store, add_member, &f, err)
	             : pl_store_track_members(n->store, track, PL_STORE_MEMBERS_JOINED, add_member,
	                                      &f, err);
	return listing_done(&f, rc, out);
}

/* --- who had a version ------------------------------------------------ */

typedef struct seen_place {
	char track[PL_NAME_MAX + 1];
	int64_t seq;
	char at[32];
	char by[PL_NAME_MAX + 1];
} seen_place;

typedef struct seen_fill {
	pl_negotiation *n;
	pl_table *table;
	const seen_place *place;
} seen_fill;

static int add_seen_member(void *context, const pl_store_member *m, pl_error *err)
{
	seen_fill *f = context;
	(void)err;
	int64_t since_seq = m->since_seq;
	const char *since_at = m->since_at;
	/* A party that joined after the version arrived does not see it there. */
	if (strcmp(f->place->track, PL_PLENARY) != 0 && since_seq > f->place->seq)
		return 0;
	const char *since = strcmp(since_at, f->place->at) > 0 ? since_at : f->place->at;
	const char *values[] = {m->party, since, f->place->track,
	                        f->place->by[0] ? f->place->by : NULL};
	pl_table_add_row(f->table, values);
	return 0;
}

static int read_seen_place(void *context, const pl_store_place *p, pl_error *err)
{
	seen_fill *f = context;
	seen_place where = {{0}, p->seq, {0}, {0}};
	snprintf(where.track, sizeof where.track, "%s", p->track);
	snprintf(where.at, sizeof where.at, "%s", p->at);
	if (p->by)
		snprintf(where.by, sizeof where.by, "%s", p->by);
	if (!pl_neg_sees(f->n, where.track, 0))
		return 0; /* a track the viewer may not know of */
	f->place = &where;
	if (strcmp(where.track, PL_PLENARY) == 0)
		return pl_store_plenary_members(f->n->store, add_seen_member, f, err);
	return pl_store_track_members(f->n->store, where.track, PL_STORE_MEMBERS_BY_CODE,
	                              add_seen_member, f, err);
}

int pl_seen(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"party", "since", "track", "shared_by"};
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	seen_fill f = {n, pl_table_new(4, headers), NULL};
	rc = pl_store_version_places(n->store, v.doc, (int64_t)v.number, read_seen_place, &f, err);
	if (rc) {
		pl_table_free(f.table);
		return rc;
	}
	*out = f.table;
	return 0;
}
