/* record_ops.c — the acting delegate, signing, the viewer rule, and the
 * record's operations: parties, delegates, tracks, circulation. */
#include "event_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/record.h"
#include "project_int.h"
#include "talks_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- identity and the acting delegate ------------------------------- */

static int read_id(void *context, const store_row *row, pl_error *err)
{
	(void)err;
	snprintf((char *)context, 33, "%s", store_row_text(row, 0));
	return 0;
}

int pl_neg_load_identity(pl_negotiation *n, int create, pl_error *err)
{
	size_t rows = 0;
	int rc =
	    store_query(n->store, err, read_id, n->id, &rows, "SELECT id FROM negotiation", "");
	if (rc == 0 && rows == 0 && create) {
		uint8_t random[16];
		pl_random(random, sizeof random);
		pl_hex(n->id, random, sizeof random);
		rc = store_exec(n->store, err, "INSERT INTO negotiation(id) VALUES (?1)", "s",
		                n->id);
	}
	size_t delegates = 0;
	if (rc == 0)
		rc = store_query(n->store, err, NULL, NULL, &delegates,
		                 "SELECT 1 FROM delegates LIMIT 1", "");
	n->founding = delegates == 0;
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

typedef struct delegate_row {
	int found;
	char party[32];
	char role[16];
	uint8_t public_key[PL_PUBLIC_KEY_BYTES];
} delegate_row;

static int read_delegate(void *context, const store_row *row, pl_error *err)
{
	delegate_row *d = context;
	size_t len;
	const void *key = store_row_blob(row, 2, &len);
	if (len != PL_PUBLIC_KEY_BYTES)
		return pl_error_set(err, PL_EIO, "a delegate's public key is damaged");
	d->found = 1;
	snprintf(d->party, sizeof d->party, "%s", store_row_text(row, 0));
	snprintf(d->role, sizeof d->role, "%s", store_row_text(row, 1));
	memcpy(d->public_key, key, PL_PUBLIC_KEY_BYTES);
	return 0;
}

static int find_delegate(pl_negotiation *n, const char *name, delegate_row *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	return store_query(n->store, err, read_delegate, out, NULL,
	                   "SELECT party, role, public_key FROM delegates WHERE name = ?1", "s",
	                   name);
}

int pl_neg_set_actor(pl_negotiation *n, const char *name, pl_error *err)
{
	delegate_row d;
	int rc = find_delegate(n, name, &d, err);
	if (rc)
		return rc;
	if (!d.found)
		return pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	char path[4096];
	rc = pl_key_path(n, name, path, sizeof path, err);
	if (rc == 0)
		rc = pl_key_file_read(path, d.public_key, &n->key, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_ENOTFOUND, "no key file for delegate '%s' at %s", name,
		                  path);
	if (rc)
		return rc;
	n->actor = pl_strdup(name);
	n->actor_party = pl_strdup(d.party);
	n->actor_role = pl_strdup(d.role);
	n->has_actor = 1;
	return 0;
}

/* --- the viewer rule --------------------------------------------------- */

static int read_int(void *context, const store_row *row, pl_error *err)
{
	(void)err;
	*(int64_t *)context = store_row_int(row, 0);
	return 0;
}

/* The sequence number from which the viewer's party is a member of track,
 * or 0 when it is none. */
static int64_t member_since(pl_negotiation *n, const char *track)
{
	if (!n->has_actor)
		return 0;
	int64_t since = 0;
	if (store_query(n->store, NULL, read_int, &since, NULL,
	                "SELECT since_seq FROM track_members WHERE track = ?1 AND party = ?2", "ss",
	                track, n->actor_party))
		return 0;
	return since;
}

int pl_neg_sees(pl_negotiation *n, const char *track, int64_t seq)
{
	if (strcmp(track, PL_PLENARY) == 0)
		return 1;
	int64_t since = member_since(n, track);
	return since > 0 && since <= (seq ? seq : since);
}

typedef struct place {
	char track[PL_NAME_MAX + 1];
	int64_t seq;
} place;

typedef struct places {
	place *items;
	size_t count, capacity;
} places;

static int collect_place(void *context, const store_row *row, pl_error *err)
{
	places *p = context;
	(void)err;
	p->items = pl_grow(p->items, &p->capacity, p->count + 1, sizeof *p->items);
	place *at = &p->items[p->count++];
	snprintf(at->track, sizeof at->track, "%s", store_row_text(row, 0));
	at->seq = store_row_int(row, 1);
	return 0;
}

/* Where a version can be read: its home track at its event, and every
 * track it was circulated to at the circulation. */
static int version_places(pl_negotiation *n, int64_t doc, int number, places *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = store_query(n->store, err, collect_place, out, NULL,
	                     "SELECT e.track, e.seq FROM versions v JOIN events e ON e.id = v.event"
	                     " WHERE v.doc = ?1 AND v.number = ?2",
	                     "ii", doc, (int64_t)number);
	if (rc == 0)
		rc = store_query(
		    n->store, err, collect_place, out, NULL,
		    "SELECT track, seq FROM circulations WHERE doc = ?1 AND number = ?2", "ii", doc,
		    (int64_t)number);
	return rc;
}

void pl_neg_visible_track(pl_negotiation *n, int64_t doc, int number, const char *home, char *out,
                          size_t size)
{
	snprintf(out, size, "%s", home);
	if (pl_neg_sees(n, home, 0))
		return;
	places p;
	if (version_places(n, doc, number, &p, NULL) == 0)
		for (size_t i = 0; i < p.count; i++)
			if (pl_neg_sees(n, p.items[i].track, p.items[i].seq)) {
				snprintf(out, size, "%s", p.items[i].track);
				break;
			}
	free(p.items);
}

int pl_neg_version_in_track(pl_negotiation *n, int64_t doc, int number, const char *track)
{
	places p;
	int found = 0;
	if (version_places(n, doc, number, &p, NULL) == 0)
		for (size_t i = 0; i < p.count && !found; i++)
			found = strcmp(p.items[i].track, track) == 0;
	free(p.items);
	return found;
}

void pl_neg_table_track(pl_negotiation *n, int64_t doc, int number, const char *home, char *out,
                        size_t size)
{
	places p;
	int in_plenary = strcmp(home, PL_PLENARY) == 0;
	if (!in_plenary && version_places(n, doc, number, &p, NULL) == 0) {
		for (size_t i = 0; i < p.count; i++)
			in_plenary |= strcmp(p.items[i].track, PL_PLENARY) == 0;
		free(p.items);
	}
	if (in_plenary)
		snprintf(out, size, "%s", PL_PLENARY);
	else
		pl_neg_visible_track(n, doc, number, home, out, size);
}

int pl_neg_sees_version(pl_negotiation *n, int64_t doc, int number)
{
	places p;
	int visible = 0;
	if (version_places(n, doc, number, &p, NULL) == 0)
		for (size_t i = 0; i < p.count && !visible; i++)
			visible = pl_neg_sees(n, p.items[i].track, p.items[i].seq);
	free(p.items);
	return visible;
}

/* --- appending --------------------------------------------------------- */

static int may_write(pl_negotiation *n, const char *track, pl_error *err)
{
	if (!n->has_actor) {
		if (n->founding && strcmp(track, PL_PLENARY) == 0)
			return 0;
		return pl_error_set(err, PL_EDENIED,
		                    "this negotiation has delegates: act as one (--as NAME or "
		                    "PARLEY_AS)");
	}
	if (strcmp(n->actor_role, "observer") == 0)
		return pl_error_set(err, PL_EDENIED,
		                    "%s is an observer and cannot change the record", n->actor);
	if (!pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	return 0;
}

static int append_signed(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                         const pl_keypair *key, const char *actor, pl_error *err)
{
	char at[32];
	pl_neg_time(n, at);
	pl_event event;
	int rc = pl_event_append(n->store, track, kind, at, actor, payload, key, &event, err);
	if (rc)
		return rc;
	rc = pl_project_payload(n->store, &event.view, payload, err);
	pl_event_clear(&event);
	return rc;
}

int pl_neg_append(pl_negotiation *n, const char *track, const char *kind, json_t *payload,
                  pl_error *err)
{
	int rc = may_write(n, track, err);
	if (rc)
		return rc;
	return append_signed(n, track, kind, payload, n->has_actor ? &n->key : NULL,
	                     n->has_actor ? n->actor : NULL, err);
}

int pl_neg_begin(pl_negotiation *n, pl_error *err)
{
	return n->batch ? store_savepoint(n->store, err) : store_begin(n->store, err);
}

int pl_neg_end(pl_negotiation *n, int rc, pl_error *err)
{
	if (rc == 0) {
		rc = n->batch ? store_release(n->store, err) : store_commit(n->store, err);
		if (rc)
			pl_neg_forget(n);
		return rc;
	}
	pl_neg_forget(n);
	if (n->batch)
		store_rollback_savepoint(n->store);
	else
		store_rollback(n->store);
	return rc;
}

int pl_negotiation_begin(pl_negotiation *n, pl_error *err)
{
	if (n->batch)
		return pl_error_set(err, PL_EINVALID, "a batch is already open");
	int rc = store_begin(n->store, err);
	n->batch = rc == 0;
	return rc;
}

int pl_negotiation_commit(pl_negotiation *n, pl_error *err)
{
	n->batch = 0;
	int rc = store_commit(n->store, err);
	if (rc)
		pl_neg_forget(n);
	return rc;
}

void pl_negotiation_rollback(pl_negotiation *n)
{
	n->batch = 0;
	pl_neg_forget(n);
	store_rollback(n->store);
}

/* --- names -------------------------------------------------------------- */

static int valid_code(const char *code)
{
	size_t len = strlen(code);
	if (len == 0 || len > 16)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isupper((unsigned char)code[i]) && !isdigit((unsigned char)code[i]))
			return 0;
	return 1;
}

static int check_name(const char *what, const char *name, pl_error *err)
{
	if (!pl_document_name_valid(name))
		return pl_error_set(
		    err, PL_EINVALID,
		    "'%s' is not a %s name (letters, digits, '.', '_', '-'; max %d)", name, what,
		    PL_NAME_MAX);
	return 0;
}

static int exists(pl_negotiation *n, const char *sql, const char *value, pl_error *err, int *found)
{
	size_t rows = 0;
	int rc = store_query(n->store, err, NULL, NULL, &rows, sql, "s", value);
	*found = rows > 0;
	return rc;
}

static int party_exists(pl_negotiation *n, const char *code, pl_error *err)
{
	int found;
	int rc = exists(n, "SELECT 1 FROM parties WHERE code = ?1", code, err, &found);
	if (rc == 0 && !found)
		rc = pl_error_set(err, PL_ENOTFOUND, "no party with code '%s'", code);
	return rc;
}

/* --- parties and delegates --------------------------------------------- */

static int party_add_locked(pl_negotiation *n, const char *code, const char *name, pl_error *err)
{
	int found;
	int rc = exists(n, "SELECT 1 FROM parties WHERE code = ?1", code, err, &found);
	if (rc == 0 && found)
		rc = pl_error_set(err, PL_ECONFLICT, "party %s exists already", code);
	if (rc)
		return rc;
	json_t *payload = json_pack("{s:s, s:s}", "code", code, "name", name);
	rc = pl_neg_append(n, PL_PLENARY, PL_EVENT_PARTY, payload, err);
	json_decref(payload);
	return rc;
}

int pl_party_add(pl_negotiation *n, const char *code, const char *name, pl_error *err)
{
	if (!valid_code(code))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a party code (1-16 capital letters and digits)",
		                    code);
	if (!name || !*name)
		return pl_error_set(err, PL_EINVALID, "a party needs a name");
	int rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, party_add_locked(n, code, name, err), err);
}

static int valid_role(const char *role)
{
	return strcmp(role, "lead") == 0 || strcmp(role, "envoy") == 0 ||
	       strcmp(role, "member") == 0 || strcmp(role, "observer") == 0;
}

/* Makes KEYS_DIR/<id>/ (0700) for a new key file. */
static int make_key_folder(const pl_negotiation *n, pl_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s", n->keys_dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return pl_error_set(err, PL_EIO, "cannot make %s: %s", path,
			                    strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return pl_error_set(err, PL_EIO, "cannot make %s: %s", path, strerror(errno));
	snprintf(path, sizeof path, "%s/%s", n->keys_dir, n->id);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return pl_error_set(err, PL_EIO, "cannot make %s: %s", path, strerror(errno));
	return 0;
}

static int delegate_add_locked(pl_negotiation *n, const char *name, const char *party,
                               const char *role, const char *path, pl_error *err)
{
	int found;
	int rc = party_exists(n, party, err);
	if (rc == 0)
		rc = exists(n, "SELECT 1 FROM delegates WHERE name = ?1", name, err, &found);
	if (rc == 0 && found)
		rc = pl_error_set(err, PL_ECONFLICT, "delegate %s exists already", name);
	if (rc == 0 && !n->founding)
		rc = may_write(n, PL_PLENARY, err);
	if (rc == 0)
		rc = make_key_folder(n, err);
	if (rc)
		return rc;
	pl_keypair pair;
	pl_keypair_generate(&pair);
	char public_hex[2 * PL_PUBLIC_KEY_BYTES + 1];
	pl_hex(public_hex, pair.public_key, PL_PUBLIC_KEY_BYTES);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "party", party, "role",
	                            role, "public_key", public_hex);
	/* The first delegate signs its own arrival; later ones are signed by
	 * whoever adds them. */
	int self = n->founding && !n->has_actor;
	rc = append_signed(n, PL_PLENARY, PL_EVENT_DELEGATE, payload, self ? &pair : &n->key,
	                   self ? name : n->actor, err);
	json_decref(payload);
	/* The key file last: if writing it fails, the transaction is undone. */
	if (rc == 0)
		rc = pl_key_file_write(path, &pair, err);
	pl_keypair_wipe(&pair);
	return rc;
}

int pl_delegate_add(pl_negotiation *n, const char *name, const char *party, const char *role,
                    char *key_path, size_t key_path_size, pl_error *err)
{
	int rc = check_name("delegate", name, err);
	if (rc == 0 && !valid_role(role))
		rc = pl_error_set(err, PL_EINVALID,
		                  "'%s' is not a role (lead, envoy, member, observer)", role);
	if (rc == 0)
		rc = pl_key_path(n, name, key_path, key_path_size, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	rc = pl_neg_end(n, delegate_add_locked(n, name, party, role, key_path, err), err);
	if (rc == 0)
		n->founding = 0;
	return rc;
}

/* --- tracks ----------------------------------------------------------- */

static int track_exists(pl_negotiation *n, const char *track, pl_error *err, int *found)
{
	if (strcmp(track, PL_PLENARY) == 0) {
		*found = 1;
		return 0;
	}
	return exists(n, "SELECT 1 FROM tracks WHERE name = ?1", track, err, found);
}

static int track_add_locked(pl_negotiation *n, const char *name, const char *const *parties,
                            size_t count, pl_error *err)
{
	if (!n->has_actor)
		return may_write(n, name, err);
	int found, rc = track_exists(n, name, err, &found);
	/* A track the viewer cannot see is reported as taken without saying
	 * more; its members are not named. */
	if (rc == 0 && found)
		rc = pl_error_set(err, PL_ECONFLICT, "the track name '%s' is not available", name);
	int self = 0;
	json_t *members = json_array();
	for (size_t i = 0; rc == 0 && i < count; i++) {
		rc = party_exists(n, parties[i], err);
		self |= n->has_actor && strcmp(parties[i], n->actor_party) == 0;
		json_array_append_new(members, json_string(parties[i]));
	}
	if (rc == 0 && !self)
		rc = pl_error_set(err, PL_EDENIED, "a track must include the acting party (%s)",
		                  n->actor_party);
	if (rc == 0 && strcmp(n->actor_role, "observer") == 0)
		rc = pl_error_set(err, PL_EDENIED, "%s is an observer and cannot change the record",
		                  n->actor);
	uint8_t random[16];
	char salt[33];
	pl_random(random, sizeof random);
	pl_hex(salt, random, sizeof random);
	json_t *payload =
	    json_pack("{s:s, s:o, s:s}", "name", name, "members", members, "salt", salt);
	if (rc == 0)
		rc = append_signed(n, name, PL_EVENT_TRACK, payload, &n->key, n->actor, err);
	json_decref(payload);
	return rc;
}

int pl_track_add(pl_negotiation *n, const char *name, const char *const *parties, size_t count,
                 pl_error *err)
{
	int rc = check_name("track", name, err);
	if (rc == 0 && count == 0)
		rc = pl_error_set(err, PL_EINVALID, "a track needs member parties");
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, track_add_locked(n, name, parties, count, err), err);
}

static int track_join_locked(pl_negotiation *n, const char *track, const char *party, pl_error *err)
{
	int found;
	int rc = may_write(n, track, err);
	if (rc == 0 && strcmp(track, PL_PLENARY) == 0)
		rc = pl_error_set(err, PL_EINVALID, "every party is in the plenary");
	if (rc == 0)
		rc = party_exists(n, party, err);
	size_t rows = 0;
	if (rc == 0)
		rc = store_query(n->store, err, NULL, NULL, &rows,
		                 "SELECT 1 FROM track_members WHERE track = ?1 AND party = ?2",
		                 "ss", track, party);
	found = rows > 0;
	if (rc == 0 && found)
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

/* --- versions as the viewer sees them ---------------------------------- */

int pl_neg_resolve(pl_negotiation *n, const char *ref, pl_resolved *out, pl_error *err)
{
	char name[PL_NAME_MAX + 1];
	int number;
	memset(out, 0, sizeof *out);
	int rc = pl_ref_parse(ref, name, &number, err);
	if (rc)
		return rc;
	store_document doc;
	rc = store_document_find(n->store, name, &doc, err);
	if (rc == PL_ENOTFOUND)
		return pl_error_set(err, rc, "no document named '%s'", name);
	if (rc)
		return rc;
	/* The latest version the viewer may read. */
	int latest = 0;
	for (int v = doc.latest; v >= 1 && !latest; v--)
		if (pl_neg_sees_version(n, doc.id, v))
			latest = v;
	if (!latest)
		rc = pl_error_set(err, PL_ENOTFOUND, "no document named '%s'", name);
	else if (number > doc.latest || (number && !pl_neg_sees_version(n, doc.id, number)))
		rc = pl_error_set(err, PL_ENOTFOUND, "%s has no version %d (latest is %d)", name,
		                  number, latest);
	if (rc == 0) {
		out->doc = doc.id;
		out->number = number ? number : latest;
		out->latest = latest;
		snprintf(out->name, sizeof out->name, "%s", doc.name);
		snprintf(out->track, sizeof out->track, "%s", doc.track);
	}
	store_document_clear(&doc);
	return rc;
}

/* --- circulation ------------------------------------------------------ */

static int read_salt_reference(void *context, const store_row *row, pl_error *err)
{
	(void)err;
	pl_track_reference(context, store_row_text(row, 0), store_row_text(row, 1));
	return 0;
}

int pl_neg_circulate(pl_negotiation *n, const char *ref, const char *to_track, const char *note,
                     pl_error *err)
{
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc == 0)
		rc = may_write(n, to_track, err);
	char from[PL_HASH_HEX] = PL_PLENARY;
	if (rc == 0 && strcmp(v.track, PL_PLENARY) != 0)
		rc = store_query(n->store, err, read_salt_reference, from, NULL,
		                 "SELECT name, salt FROM tracks WHERE name = ?1", "s", v.track);
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
	int check_track; /* column holding a track the viewer must see, or -1 */
} table_fill;

static int add_row(void *context, const store_row *row, pl_error *err)
{
	table_fill *f = context;
	(void)err;
	if (f->check_track >= 0 && !pl_neg_sees(f->n, store_row_text(row, f->check_track), 0))
		return 0;
	const char *values[16];
	for (size_t c = 0; c < f->table->columns && c < 16; c++)
		values[c] = store_row_text(row, (int)c);
	pl_table_add_row(f->table, values);
	return 0;
}

static int list_query(pl_negotiation *n, pl_table **out, size_t columns, const char *const *headers,
                      int check_track, const char *sql, const char *param, pl_error *err)
{
	table_fill f = {pl_table_new(columns, headers), n, check_track};
	int rc = param ? store_query(n->store, err, add_row, &f, NULL, sql, "s", param)
	               : store_query(n->store, err, add_row, &f, NULL, sql, "");
	if (rc) {
		pl_table_free(f.table);
		return rc;
	}
	*out = f.table;
	return 0;
}

int pl_party_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"code", "name"};
	return list_query(n, out, 2, headers, -1, "SELECT code, name FROM parties ORDER BY code",
	                  NULL, err);
}

int pl_delegate_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"name", "party", "role", "public_key"};
	return list_query(n, out, 4, headers, -1,
	                  "SELECT name, party, role, lower(hex(public_key)) FROM delegates"
	                  " ORDER BY party, name",
	                  NULL, err);
}

int pl_track_list(pl_negotiation *n, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"track", "members", "created"};
	int rc =
	    list_query(n, out, 3, headers, 0,
	               "SELECT t.name, group_concat(m.party, ' '), t.created_at FROM tracks t"
	               " JOIN (SELECT * FROM track_members ORDER BY party) m ON m.track = t.name"
	               " GROUP BY t.name ORDER BY t.name",
	               NULL, err);
	if (rc == 0) {
		/* The plenary first: every party, always. */
		pl_table *all = pl_table_new(3, headers);
		pl_table *parties = NULL;
		rc = pl_party_list(n, &parties, err);
		pl_buf codes = PL_BUF_INIT;
		for (size_t r = 0; rc == 0 && r < parties->rows; r++)
			pl_buf_printf(&codes, "%s%s", r ? " " : "", pl_table_cell(parties, r, 0));
		const char *plenary[] = {PL_PLENARY, codes.ptr, NULL};
		pl_table_add_row(all, plenary);
		for (size_t r = 0; r < (*out)->rows; r++) {
			const char *row[] = {pl_table_cell(*out, r, 0), pl_table_cell(*out, r, 1),
			                     pl_table_cell(*out, r, 2)};
			pl_table_add_row(all, row);
		}
		pl_buf_free(&codes);
		if (rc == 0)
			pl_table_free(parties);
		pl_table_free(*out);
		*out = all;
	}
	return rc;
}

int pl_track_members(pl_negotiation *n, const char *track, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"party", "name", "since"};
	if (strcmp(track, PL_PLENARY) == 0)
		return list_query(n, out, 3, headers, -1,
		                  "SELECT p.code, p.name, e.at FROM parties p JOIN events e"
		                  " ON e.id = p.event ORDER BY p.code",
		                  NULL, err);
	if (!pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	return list_query(n, out, 3, headers, -1,
	                  "SELECT m.party, p.name, m.since_at FROM track_members m JOIN parties p"
	                  " ON p.code = m.party WHERE m.track = ?1 ORDER BY m.since_seq, m.party",
	                  track, err);
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

static int add_seen_member(void *context, const store_row *row, pl_error *err)
{
	seen_fill *f = context;
	(void)err;
	int64_t since_seq = store_row_int(row, 1);
	const char *since_at = store_row_text(row, 2);
	/* A party that joined after the version arrived does not see it there. */
	if (strcmp(f->place->track, PL_PLENARY) != 0 && since_seq > f->place->seq)
		return 0;
	const char *since = strcmp(since_at, f->place->at) > 0 ? since_at : f->place->at;
	const char *values[] = {store_row_text(row, 0), since, f->place->track,
	                        f->place->by[0] ? f->place->by : NULL};
	pl_table_add_row(f->table, values);
	return 0;
}

static int read_seen_place(void *context, const store_row *row, pl_error *err)
{
	seen_fill *f = context;
	seen_place where = {{0}, store_row_int(row, 1), {0}, {0}};
	snprintf(where.track, sizeof where.track, "%s", store_row_text(row, 0));
	snprintf(where.at, sizeof where.at, "%s", store_row_text(row, 2));
	if (!store_row_is_null(row, 3))
		snprintf(where.by, sizeof where.by, "%s", store_row_text(row, 3));
	if (!pl_neg_sees(f->n, where.track, 0))
		return 0; /* a track the viewer may not know of */
	f->place = &where;
	if (strcmp(where.track, PL_PLENARY) == 0)
		return store_query(
		    f->n->store, err, add_seen_member, f, NULL,
		    "SELECT p.code, 0, e.at FROM parties p JOIN events e ON e.id = p.event"
		    " ORDER BY p.code",
		    "");
	return store_query(f->n->store, err, add_seen_member, f, NULL,
	                   "SELECT party, since_seq, since_at FROM track_members WHERE track = ?1"
	                   " ORDER BY party",
	                   "s", where.track);
}

int pl_seen(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"party", "since", "track", "shared_by"};
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	seen_fill f = {n, pl_table_new(4, headers), NULL};
	rc = store_query(n->store, err, read_seen_place, &f, NULL,
	                 "SELECT e.track, e.seq, e.at, NULL FROM versions v JOIN events e"
	                 " ON e.id = v.event WHERE v.doc = ?1 AND v.number = ?2"
	                 " UNION ALL SELECT track, seq, at, by_delegate FROM circulations"
	                 " WHERE doc = ?1 AND number = ?2 ORDER BY 3, 1",
	                 "ii", v.doc, (int64_t)v.number);
	if (rc) {
		pl_table_free(f.table);
		return rc;
	}
	*out = f.table;
	return 0;
}
