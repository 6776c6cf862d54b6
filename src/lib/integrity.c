/* integrity.c — the texts and triggers behind the events (see
 * integrity_int.h). The store recomputes the hashes; this file knows
 * which texts a version event names and where they sit in the plan. */
#include "integrity_int.h"
#include "project_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct text_walk {
	pl_text_ref_fn fn;
	void *context;
	pl_error *err;
	char version[PL_NAME_MAX + 24]; /* "name@number" */
} text_walk;

/* Visits object[key], a text hash or null; format and what follows name
 * its place within the version. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int
visit(const text_walk *w, json_t *object, const char *key, const char *format, ...)
{
	json_t *value = json_object_get(object, key);
	if (!value || json_is_null(value))
		return 0;
	char place[512];
	int used = snprintf(place, sizeof place, "%s ", w->version);
	va_list args;
	va_start(args, format);
	vsnprintf(place + used, sizeof place - (size_t)used, format, args);
	va_end(args);
	uint8_t hash[PL_HASH_BYTES];
	if (!json_is_string(value) || pl_unhex_hash(hash, json_string_value(value)) != 0)
		return pl_error_set(w->err, PL_EINVALID, "%s: a malformed text hash", place);
	return w->fn(w->context, hash, place, w->err);
}

static const char *label_of(json_t *object)
{
	const char *label = json_string_value(json_object_get(object, "label"));
	return label ? label : "?";
}

static int walk_parts(const text_walk *w, json_t *parts)
{
	size_t i;
	json_t *part;
	json_array_foreach(parts, i, part)
	{
		int rc = visit(w, part, "heading", "part %zu heading", i + 1);
		if (rc == 0)
			rc = visit(w, part, "intro", "part %zu introduction", i + 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int walk_points(const text_walk *w, json_t *points)
{
	size_t i, k;
	json_t *point, *item;
	json_array_foreach(points, i, point)
	{
		const char *label = label_of(point);
		int rc = visit(w, point, "text", "point %s", label);
		json_array_foreach(json_object_get(point, "items"), k, item)
		{
			if (rc == 0)
				rc = visit(w, item, "text", "point %s (%s)", label, label_of(item));
		}
		if (rc)
			return rc;
	}
	return 0;
}

int pl_version_texts_foreach(json_t *payload, pl_text_ref_fn fn, void *context, pl_error *err)
{
	text_walk w = {fn, context, err, ""};
	const char *name = json_string_value(json_object_get(payload, "document"));
	snprintf(w.version, sizeof w.version, "%.*s@%lld", PL_NAME_MAX, name ? name : "?",
	         (long long)json_integer_value(json_object_get(payload, "number")));
	int rc = visit(&w, payload, "title", "title");
	if (rc == 0)
		rc = visit(&w, payload, "preamble", "preamble");
	if (rc == 0)
		rc = walk_parts(&w, json_object_get(payload, "parts"));
	if (rc == 0)
		rc = walk_points(&w, json_object_get(payload, "points"));
	return rc;
}

/* --- checking the texts the events name --------------------------------- */

typedef struct texts_check {
	pl_negotiation *n;
	const char *track;
	int scope;
	int altered;                        /* a stored text does not match its hash: */
	uint8_t altered_key[PL_HASH_BYTES]; /* the key it is stored under */
} texts_check;

static int check_text(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                      pl_error *err)
{
	texts_check *c = context;
	if (c->altered && memcmp(hash, c->altered_key, PL_HASH_BYTES) == 0)
		return pl_store_text_fail(err, 0, hash, place);
	int present;
	int rc = pl_store_blob_present(c->n->store, hash, &present, err);
	if (rc == 0 && !present)
		rc = pl_store_text_fail(err, 1, hash, place);
	return rc;
}

static int in_scope(const texts_check *c, const pl_store_event *event)
{
	if (c->scope == PL_INTEGRITY_EVERY_EVENT)
		return 1;
	if (c->track && strcmp(c->track, event->track) != 0)
		return 0;
	return pl_neg_sees(c->n, event->track, event->seq);
}

static int check_event(void *context, const pl_store_event *event, pl_error *err)
{
	texts_check *c = context;
	if (strcmp(event->kind, PL_EVENT_VERSION) != 0 || !in_scope(c, event))
		return 0;
	json_t *payload = json_loads(event->payload, 0, NULL);
	if (!payload)
		return pl_error_set(err, PL_EINVALID, "event %s #%lld (%s): payload is not JSON",
		                    event->track, (long long)event->seq, event->kind);
	int rc = pl_version_texts_foreach(payload, check_text, c, err);
	json_decref(payload);
	return rc;
}

int pl_integrity_texts(pl_negotiation *n, const char *track, int scope, pl_error *err)
{
	texts_check c = {.n = n, .track = track, .scope = scope};
	int rc = pl_store_blobs_check(n->store, c.altered_key, &c.altered, err);
	if (rc == 0)
		rc = pl_store_events_of_kind(n->store, PL_EVENT_VERSION, check_event, &c, err);
	/* An altered text no version in scope names: named by its key alone. */
	if (rc == 0 && c.altered)
		rc = pl_store_text_fail(err, 0, c.altered_key, "");
	return rc;
}

int pl_integrity_verify(pl_negotiation *n, const char *track, pl_verify_report *report,
                        pl_error *err)
{
	pl_error found;
	pl_error_clear(&found);
	int rc = pl_integrity_texts(n, track, PL_INTEGRITY_VIEWER, &found);
	if (rc == 0)
		rc = pl_store_triggers_check(n->store, &found);
	if (rc == PL_EBADSIG)
		snprintf(report->first_bad, sizeof report->first_bad, "%.*s",
		         (int)sizeof report->first_bad - 1, found.message);
	return rc ? pl_error_set(err, rc, "%s", found.message) : 0;
}
