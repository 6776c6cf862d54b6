/* log.c — verifying the database's chains, head receipts, and exporting
 * and verifying a track's log as JSON Lines (parley.log/1). */
#include "integrity_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/verify.h"
#include "project_int.h"
#include "store_log_int.h"
#include "store_project_int.h"
#include "strmap_int.h"
#include "utf8_int.h"
#include "verify_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct collect {
	pl_negotiation *n;
	const char *track; /* only this one (and the plenary, where authority starts), or NULL */
	int skipped;       /* some events are not the viewer's to check */
} collect;

/* Whether the viewer checks the whole record or its share of it must be
 * known before the first event is judged, hence a first pass. */
static int count_event(void *context, const pl_store_event *event, pl_error *err)
{
	collect *c = context;
	(void)err;
	int plenary = strcmp(event->track, PL_PLENARY) == 0;
	if (!pl_neg_sees(c->n, event->track, 0) ||
	    (c->track && strcmp(c->track, event->track) != 0 && !plenary))
		c->skipped = 1;
	return 0;
}

typedef struct add_context {
	collect *c;
	pl_verifier *v;
} add_context;

static int add_event(void *context, const pl_store_event *event, pl_error *err)
{
	add_context *x = context;
	(void)err;
	int plenary = strcmp(event->track, PL_PLENARY) == 0;
	if (pl_neg_sees(x->c->n, event->track, 0) &&
	    (!x->c->track || strcmp(x->c->track, event->track) == 0 || plenary))
		pl_verifier_add(x->v, event);
	return 0;
}

/* The viewer's share of a record the handle has verified whole already. */
typedef struct share {
	collect *c;
	pl_verify_report *report;
	char tracks[64][PL_NAME_MAX + 1];
	uint8_t receipt[PL_HASH_BYTES];
	int has_receipt, receipt_found;
} share;

/* One event of the share, read without its payload: counting needs only
 * where it is, whether it is signed, and its hash (for a receipt). */
static int count_share(void *context, const pl_store_event_mark *mark, pl_error *err)
{
	share *s = context;
	(void)err;
	const char *track = mark->track;
	const uint8_t *hash = mark->hash;
	int plenary = strcmp(track, PL_PLENARY) == 0;
	if (!pl_neg_sees(s->c->n, track, 0) ||
	    (s->c->track && strcmp(s->c->track, track) != 0 && !plenary))
		return 0;
	s->report->events++;
	s->report->signed_events += mark->is_signed;
	s->receipt_found |= s->has_receipt && hash && memcmp(hash, s->receipt, PL_HASH_BYTES) == 0;
	size_t t = 0;
	while (t < s->report->tracks && strcmp(s->tracks[t], track) != 0)
		t++;
	if (t == s->report->tracks && t < 64)
		snprintf(s->tracks[s->report->tracks++], sizeof s->tracks[0], "%s", track);
	return 0;
}

/* Opening the negotiation (and catching up since) checked every event of
 * every chain — hash, link, rule, signature: when all held, the viewer's
 * share needs counting, not checking again. */
static int verified_share(pl_negotiation *n, collect *c, const char *expect,
                          pl_verify_report *report, pl_error *err)
{
	share *s = pl_calloc(1, sizeof *s);
	s->c = c;
	s->report = report;
	if (expect && pl_unhex(s->receipt, PL_HASH_BYTES, expect) != 0) {
		free(s);
		return pl_error_set(err, PL_EINVALID, "'%s' is not a head receipt (64 hex digits)",
		                    expect);
	}
	s->has_receipt = expect != NULL;
	int rc = pl_store_event_marks(n->store, count_share, s, err);
	if (rc == 0 && expect && !s->receipt_found) {
		snprintf(report->first_bad, sizeof report->first_bad,
		         "the event of receipt %.16s... is gone: the log was cut back or rewritten",
		         expect);
		rc = pl_error_set(err, PL_EBADSIG, "%s", report->first_bad);
	}
	free(s);
	return rc;
}

typedef struct claims {
	pl_negotiation *n;
	int lost;
} claims;

static int check_claim(void *context, const char *track, pl_error *err)
{
	claims *c = context;
	(void)err;
	c->lost |= !pl_auth_member_since(c->n->auth, track, c->n->actor_party);
	return 0;
}

/* The tables are never trusted to open anything; here they may only make
 * verify fail for a party they say is a member where the events no longer
 * prove it. */
static int claims_lost_membership(pl_negotiation *n)
{
	claims c = {n, 0};
	if (n->has_actor)
		pl_store_party_tracks(n->store, n->actor_party, check_claim, &c, NULL);
	return c.lost;
}

int pl_verify(pl_negotiation *n, const char *track, const char *expect, pl_verify_report *report,
              pl_error *err)
{
	memset(report, 0, sizeof *report);
	pl_neg_refresh(n);
	if (track && !pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	collect c = {.n = n, .track = track};
	if (!n->unsound) {
		int rc = verified_share(n, &c, expect, report, err);
		if (rc == 0) /* what is not an event: the texts, the triggers */
			rc = pl_integrity_verify(n, track, report, err);
		return rc;
	}
	int rc = pl_store_events_foreach(n->store, count_event, &c, err);
	add_context x = {&c, pl_verifier_new(c.skipped)};
	if (rc == 0)
		rc = pl_store_events_foreach(n->store, add_event, &x, err);
	if (rc == 0)
		rc = pl_verifier_run(x.v, expect, report, err);
	pl_verifier_free(x.v);
	/* The viewer's share holds, but the whole record does not: the bad
	 * event is in a track the viewer is not shown to be in. If the tables
	 * still name the viewer's party a member of a track the verified events
	 * do not, the damage may be what proved it a member: say so, without
	 * naming the track. An outsider's share simply holds. */
	if (rc == 0 && !track && claims_lost_membership(n)) {
		snprintf(report->first_bad, sizeof report->first_bad,
		         "the record does not verify: an event in a track you are not a member of "
		         "is bad (its members can name it)");
		rc = pl_error_set(err, PL_EBADSIG, "%s", report->first_bad);
	}
	if (rc == 0) /* what is not an event: the texts, the triggers */
		rc = pl_integrity_verify(n, track, report, err);
	return rc;
}

int pl_log_head(pl_negotiation *n, const char *track, char hash[65], long long *seq, pl_error *err)
{
	if (!pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	uint8_t head[PL_HASH_BYTES];
	int64_t head_seq = 0;
	int found = 0;
	int rc = pl_store_head_event(n->store, track, &found, &head_seq, head, err);
	if (rc == 0 && !found)
		rc = pl_error_set(err, PL_ENOTFOUND, "track %s has no events yet", track);
	if (rc == 0) {
		pl_hex(hash, head, PL_HASH_BYTES);
		*seq = head_seq;
	}
	return rc;
}

/* --- export ------------------------------------------------------------ */

static json_t *hex_or_null(const uint8_t *bytes, size_t len)
{
	if (!bytes)
		return json_null();
	char hex[2 * PL_SIGNATURE_BYTES + 1];
	pl_hex(hex, bytes, len);
	return json_string(hex);
}

/* A stored text the export is about to copy: JSON carries only UTF-8, and
 * a damaged store is named rather than exported in part or as null. */
static int stored_text(const char *text, const char *what, const char *whose, pl_error *err)
{
	size_t bad;
	if (!text || pl_utf8_valid(text, strlen(text), &bad))
		return 0;
	return pl_error_set(err, PL_EINVALID,
	                    "cannot export: %s of %s is not valid UTF-8 "
	                    "(byte offset %zu); the database is damaged",
	                    what, whose, bad);
}

static void put_line(pl_buf *out, json_t *line)
{
	char *text = json_dumps(line, JSON_SORT_KEYS | JSON_COMPACT);
	pl_buf_puts(out, text);
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(line);
}

static int add_key(void *context, const pl_store_delegate *d, pl_error *err)
{
	json_t *keys = context;
	const char *name = d->name;
	int rc = stored_text(name, "the name", "a delegate", err);
	if (rc || (rc = stored_text(d->party, "the party", "a delegate", err)))
		return rc;
	json_object_set_new(
	    keys, name, json_pack("{s:s, s:s}", "party", d->party, "public_key", d->public_key));
	return 0;
}

/* A text the export carries: its hash and where a version names it. */
typedef struct text_ref {
	char *hex;
	char *place;
} text_ref;

typedef struct exporter {
	pl_negotiation *n;
	const char *track;
	pl_buf *out;
	text_ref *texts;
	size_t text_count, text_capacity;
	pl_strmap seen;
} exporter;

static int collect_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                        pl_error *err)
{
	exporter *x = context;
	(void)err;
	char hex[PL_HASH_HEX];
	size_t ignored;
	pl_hex(hex, hash, PL_HASH_BYTES);
	if (pl_strmap_get(&x->seen, hex, strlen(hex), &ignored))
		return 0;
	x->texts = pl_grow(x->texts, &x->text_capacity, x->text_count + 1, sizeof *x->texts);
	text_ref *t = &x->texts[x->text_count++];
	t->hex = pl_strdup(hex);
	t->place = pl_strdup(place);
	pl_strmap_put(&x->seen, t->hex, strlen(t->hex), 0);
	return 0;
}

/* Every text a document.version payload names (integrity.c knows where). */
static int collect_texts(exporter *x, json_t *payload, pl_error *err)
{
	pl_error inner;
	int rc = pl_version_texts_foreach(payload, collect_text, x, &inner);
	return rc ? pl_error_set(err, rc, "cannot export: %s; the database is damaged",
	                         inner.message)
	          : 0;
}

static int add_version_texts(void *context, const char *text, pl_error *err)
{
	exporter *x = context;
	json_t *payload = json_loads(text, 0, NULL);
	int rc = payload ? collect_texts(x, payload, err) : 0;
	json_decref(payload);
	return rc;
}

static int export_event(void *context, const pl_store_event *event, pl_error *err)
{
	exporter *x = context;
	/* The plenary comes along: authority (admissions, keys) starts there. */
	if (strcmp(event->track, x->track) != 0 && strcmp(event->track, PL_PLENARY) != 0)
		return 0;
	char whose[PL_NAME_MAX + 48];
	snprintf(whose, sizeof whose, "event %lld of track %s", (long long)event->seq, x->track);
	int rc = stored_text(event->kind, "the kind", whose, err);
	if (rc || (rc = stored_text(event->at, "the time", whose, err)) ||
	    (rc = stored_text(event->actor, "the actor", whose, err)))
		return rc;
	json_t *payload = json_loads(event->payload, 0, NULL);
	if (!payload)
		return pl_error_set(err, PL_EINVALID,
		                    "cannot export: the payload of %s is not valid "
		                    "JSON; the database is damaged",
		                    whose);
	/* A party that joined the track later gets the events from before as
	 * links of the chain only — hash, signature, kind, actor — not their
	 * content; membership events stay whole so the chain can be checked. */
	int redact = !pl_neg_sees(x->n, event->track, event->seq) &&
	             strcmp(event->kind, PL_EVENT_TRACK) != 0 &&
	             strcmp(event->kind, PL_EVENT_JOIN) != 0;
	if (redact) {
		json_decref(payload);
		payload = NULL;
	}
	json_t *line = json_pack(
	    "{s:s, s:I, s:s, s:s, s:o, s:O, s:o, s:o, s:o}", "track", event->track, "seq",
	    (json_int_t)event->seq, "kind", event->kind, "at", event->at, "actor",
	    event->actor ? json_string(event->actor) : json_null(), "payload",
	    payload ? payload : json_null(), "prev", hex_or_null(event->prev, PL_HASH_BYTES),
	    "hash", hex_or_null(event->hash, PL_HASH_BYTES), "sig",
	    hex_or_null(event->sig, PL_SIGNATURE_BYTES));
	json_object_set_new(line, "after", hex_or_null(event->after, PL_HASH_BYTES));
	json_object_set_new(line, "statement", hex_or_null(event->statement, PL_HASH_BYTES));
	if (redact)
		json_object_set_new(line, "redacted", json_true());
	put_line(x->out, json_pack("{s:o}", "event", line));
	/* The texts of what the viewer was shown here. */
	if (pl_neg_sees(x->n, event->track, event->seq)) {
		if (strcmp(event->kind, PL_EVENT_VERSION) == 0)
			rc = collect_texts(x, payload, err);
		else if (strcmp(event->kind, PL_EVENT_CIRCULATE) == 0)
			rc = pl_store_version_payload(
			    x->n->store, json_string_value(json_object_get(payload, "document")),
			    (int64_t)json_integer_value(json_object_get(payload, "number")),
			    add_version_texts, x, err);
	}
	json_decref(payload);
	return rc;
}

/* One text, checked against its hash as every read is: a text that was
 * altered or deleted is named, never left out of the log in silence. */
static int export_text(exporter *x, const text_ref *t, pl_error *err)
{
	uint8_t hash[PL_HASH_BYTES];
	char *text = NULL;
	pl_error inner;
	int present = 0;
	if (pl_unhex(hash, sizeof hash, t->hex) != 0)
		return pl_error_set(err, PL_EINVALID, "cannot export: a malformed text hash");
	int rc = pl_store_get_blob(x->n->store, hash, &text, &inner);
	if (rc == PL_EBADSIG && pl_store_blob_present(x->n->store, hash, &present, NULL) == 0)
		pl_store_text_fail(&inner, !present, hash, t->place);
	if (rc)
		rc = pl_error_set(err, rc, "cannot export: %s", inner.message);
	if (rc == 0 && (rc = stored_text(text, "the text", t->hex, err)) == 0)
		put_line(x->out, json_pack("{s:s, s:s}", "blob", t->hex, "text", text));
	free(text);
	return rc;
}

static int export_texts(exporter *x, int rc, pl_error *err)
{
	for (size_t i = 0; i < x->text_count; i++) {
		if (rc == 0)
			rc = export_text(x, &x->texts[i], err);
		free(x->texts[i].hex);
		free(x->texts[i].place);
	}
	free(x->texts);
	return rc;
}

int pl_log_export(pl_negotiation *n, const char *track, pl_buf *out, pl_error *err)
{
	pl_neg_refresh(n);
	if (!pl_neg_sees(n, track, 0))
		return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", track);
	int rc = stored_text(n->id, "the id", "the negotiation", err);
	if (rc)
		return rc;
	json_t *keys = json_object();
	rc = pl_store_delegates_foreach(n->store, PL_STORE_BY_NAME, add_key, keys, err);
	if (rc == 0)
		put_line(out, json_pack("{s:s, s:s, s:s, s:o}", "format", "parley.log/1",
		                        "negotiation", n->id, "track", track, "keys", keys));
	else
		json_decref(keys);
	exporter x = {.n = n, .track = track, .out = out};
	pl_strmap_init(&x.seen);
	if (rc == 0)
		rc = pl_store_events_foreach(n->store, export_event, &x, err);
	rc = export_texts(&x, rc, err);
	pl_strmap_free(&x.seen);
	return rc;
}

/* --- verifying an exported log ------------------------------------------- */

typedef struct log_reader {
	pl_verifier *v;
	char track[PL_NAME_MAX + 1];
	size_t events;
	int64_t next_id;
	/* Texts: those the versions in the log name (hex, and where), and those
	 * the log carries; each named one must be carried. */
	pl_strmap carried;
	char **carried_keys;
	size_t carried_count, carried_capacity;
	char **names, **places;
	size_t name_count, name_capacity, place_capacity;
} log_reader;

static int name_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                     pl_error *err)
{
	log_reader *r = context;
	(void)err;
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	r->names = pl_grow(r->names, &r->name_capacity, r->name_count + 1, sizeof *r->names);
	r->places = pl_grow(r->places, &r->place_capacity, r->name_count + 1, sizeof *r->places);
	r->names[r->name_count] = pl_strdup(hex);
	r->places[r->name_count++] = pl_strdup(place);
	return 0;
}

/* Every text a version of the log names is in the log: a log that drops
 * one would prove the version's signature without its words. */
static int texts_present(log_reader *r, pl_error *err)
{
	int rc = 0;
	size_t ignored;
	for (size_t i = 0; i < r->name_count; i++) {
		if (rc == 0 &&
		    !pl_strmap_get(&r->carried, r->names[i], strlen(r->names[i]), &ignored))
			rc = pl_error_set(err, PL_EBADSIG,
			                  "the text %.16s... of %s is missing from the log",
			                  r->names[i], r->places[i]);
		free(r->names[i]);
		free(r->places[i]);
	}
	free(r->names);
	free(r->places);
	return rc;
}

static int bad_line(size_t line, const char *what, pl_error *err)
{
	return pl_error_set(err, PL_EINVALID, "line %zu: %s", line, what);
}

static int read_header(log_reader *r, json_t *root, size_t line, pl_error *err)
{
	const char *format = json_string_value(json_object_get(root, "format"));
	json_t *keys = json_object_get(root, "keys");
	const char *track = json_string_value(json_object_get(root, "track"));
	if (!format || strcmp(format, "parley.log/1") != 0 || !track || !json_is_object(keys))
		return bad_line(line, "not a parley log (no parley.log/1 header)", err);
	/* The header's keys are a convenience for readers: the verifier takes
	 * keys only from the signed admissions in the plenary's events. */
	snprintf(r->track, sizeof r->track, "%s", track);
	return 0;
}

static int hex_field(json_t *object, const char *key, uint8_t *out, size_t len, int *present)
{
	json_t *value = json_object_get(object, key);
	*present = 0;
	if (!value || json_is_null(value))
		return 0;
	*present = 1;
	return json_is_string(value) ? pl_unhex(out, len, json_string_value(value)) : -1;
}

static int read_event(log_reader *r, json_t *e, size_t line, pl_error *err)
{
	uint8_t prev[PL_HASH_BYTES], hash[PL_HASH_BYTES], sig[PL_SIGNATURE_BYTES];
	uint8_t after[PL_HASH_BYTES], statement[PL_HASH_BYTES];
	int has_prev, has_hash, has_sig, has_after, has_statement;
	json_t *seq = json_object_get(e, "seq"), *payload = json_object_get(e, "payload");
	int redacted = json_is_true(json_object_get(e, "redacted"));
	const char *kind = json_string_value(json_object_get(e, "kind"));
	const char *at = json_string_value(json_object_get(e, "at"));
	const char *track = json_string_value(json_object_get(e, "track"));
	json_t *actor = json_object_get(e, "actor");
	if (!json_is_integer(seq) || !kind || !at || (!payload && !redacted) ||
	    hex_field(e, "prev", prev, sizeof prev, &has_prev) ||
	    hex_field(e, "hash", hash, sizeof hash, &has_hash) || !has_hash ||
	    hex_field(e, "sig", sig, sizeof sig, &has_sig) ||
	    hex_field(e, "after", after, sizeof after, &has_after) ||
	    hex_field(e, "statement", statement, sizeof statement, &has_statement) ||
	    (actor && !json_is_null(actor) && !json_is_string(actor)))
		return bad_line(line, "a malformed event", err);
	char *canonical =
	    redacted || json_is_null(payload)
	        ? NULL
	        : json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	pl_store_event view = {(int64_t)++r->next_id,
	                       track ? track : r->track,
	                       json_integer_value(seq),
	                       kind,
	                       at,
	                       json_string_value(actor),
	                       canonical,
	                       has_prev ? prev : NULL,
	                       hash,
	                       has_sig ? sig : NULL,
	                       has_after ? after : NULL,
	                       has_statement ? statement : NULL};
	pl_verifier_add(r->v, &view);
	free(canonical);
	int rc = 0;
	if (!redacted && strcmp(kind, PL_EVENT_VERSION) == 0 && json_is_object(payload) &&
	    pl_version_texts_foreach(payload, name_text, r, NULL) != 0)
		rc = bad_line(line, "a version names a malformed text", err);
	r->events++;
	return rc;
}

static int read_blob(log_reader *r, json_t *root, size_t line, pl_error *err)
{
	uint8_t want[PL_HASH_BYTES], got[PL_HASH_BYTES];
	const char *hex = json_string_value(json_object_get(root, "blob"));
	const char *text = json_string_value(json_object_get(root, "text"));
	if (!hex || !text || pl_unhex(want, sizeof want, hex) != 0)
		return bad_line(line, "a malformed text", err);
	pl_hash(got, text, strlen(text));
	if (memcmp(want, got, sizeof want) != 0)
		return bad_line(line, "a text does not match its hash (altered)", err);
	r->carried_keys = pl_grow(r->carried_keys, &r->carried_capacity, r->carried_count + 1,
	                          sizeof *r->carried_keys);
	char *key = r->carried_keys[r->carried_count++] = pl_strdup(hex);
	pl_strmap_put(&r->carried, key, strlen(key), 0);
	return 0;
}

static int read_line(log_reader *r, const char *start, size_t len, size_t line, pl_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(start, len, 0, &jerr);
	if (!root)
		return bad_line(line, "not JSON (is the file truncated?)", err);
	int rc;
	if (line == 1)
		rc = read_header(r, root, line, err);
	else if (!r->track[0])
		rc = bad_line(1, "not a parley log (no parley.log/1 header)", err);
	else if (json_object_get(root, "event"))
		rc = read_event(r, json_object_get(root, "event"), line, err);
	else if (json_object_get(root, "blob"))
		rc = read_blob(r, root, line, err);
	else
		rc = bad_line(line, "neither an event nor a text", err);
	json_decref(root);
	return rc;
}

int pl_log_verify(const char *text, size_t len, const char *expect, pl_verify_report *report,
                  pl_error *err)
{
	memset(report, 0, sizeof *report);
	log_reader r = {.v = pl_verifier_new(1)};
	pl_strmap_init(&r.carried);
	int rc = 0;
	size_t line = 0, at = 0;
	while (rc == 0 && at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		line++;
		if (!nl)
			rc = bad_line(line, "the last line is cut short (is the file truncated?)",
			              err);
		else if (end > at)
			rc = read_line(&r, text + at, end - at, line, err);
		at = end + 1;
	}
	if (rc == 0 && line == 0)
		rc = pl_error_set(err, PL_EINVALID, "an empty file, not a parley log");
	if (rc == 0)
		rc = pl_verifier_run(r.v, expect, report, err);
	pl_error missing;
	int texts = texts_present(&r, &missing);
	if (rc == 0 && texts) {
		snprintf(report->first_bad, sizeof report->first_bad, "%.500s", missing.message);
		rc = pl_error_set(err, texts, "%s", missing.message);
	}
	pl_verifier_free(r.v);
	for (size_t i = 0; i < r.carried_count; i++)
		free(r.carried_keys[i]);
	free(r.carried_keys);
	pl_strmap_free(&r.carried);
	return rc;
}
