#include "event_int.h"
#include "parley/buf.h"
#include "parley/mem.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void pl_event_clear(pl_event *event)
{
	free(event->payload);
	free(event->track);
	free(event->kind);
	free(event->at);
	free(event->actor);
	memset(event, 0, sizeof *event);
}

void pl_time_now(char out[32])
{
	time_t now = time(NULL);
	struct tm utc;
	gmtime_r(&now, &utc);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

static json_t *hash_or_null(const uint8_t *hash)
{
	if (!hash)
		return json_null();
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	return json_string(hex);
}

static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The canonical form: sorted keys, compact, UTF-8 as is. */
static char *canonical(json_t *value)
{
	return json_dumps(value, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

/* The canonical encoding of an event whose payload is already canonical
 * text: the other fields are encoded by jansson, and the payload is spliced
 * in where its key sorts (between "kind" and "prev"), so that the payload
 * is never serialised twice. */
static char *encode(const store_event *event)
{
	json_t *object = json_object();
	json_object_set_new(object, "actor", string_or_null(event->actor));
	json_object_set_new(object, "at", json_string(event->at));
	json_object_set_new(object, "kind", json_string(event->kind));
	json_object_set_new(object, "prev", hash_or_null(event->prev));
	json_object_set_new(object, "seq", json_integer(event->seq));
	json_object_set_new(object, "track", json_string(event->track));
	char *fields = canonical(object);
	json_decref(object);
	/* A quote that is not escaped only starts a key, so this finds the
	 * key "prev" and nothing inside a string value. */
	const char *prev = strstr(fields, ",\"prev\":");
	pl_buf out = PL_BUF_INIT;
	pl_buf_reserve(&out, strlen(fields) + strlen(event->payload) + 16);
	pl_buf_put(&out, fields, (size_t)(prev - fields));
	pl_buf_puts(&out, ",\"payload\":");
	pl_buf_puts(&out, event->payload);
	pl_buf_puts(&out, prev);
	free(fields);
	return pl_buf_detach(&out);
}

int pl_event_encode(const store_event *event, char **out, pl_error *err)
{
	*out = NULL;
	json_error_t json_err;
	json_t *payload = json_loads(event->payload, JSON_DECODE_ANY, &json_err);
	if (!payload)
		return pl_error_set(err, PL_EBADSIG, "event %s #%lld: payload is not JSON (%s)",
				    event->track, (long long)event->seq, json_err.text);
	/* Only the canonical form of a payload is hashed; anything else was
	 * written by something other than parley. */
	char *again = canonical(payload);
	int same = strcmp(again, event->payload) == 0;
	free(again);
	json_decref(payload);
	if (!same)
		return pl_error_set(err, PL_EBADSIG, "event %s #%lld: payload is not canonical JSON",
				    event->track, (long long)event->seq);
	*out = encode(event);
	return 0;
}

int pl_event_append(pl_store *store, const char *track, const char *kind, const char *at,
		    const char *actor, json_t *payload, const pl_keypair *key, pl_event *out,
		    pl_error *err)
{
	memset(out, 0, sizeof *out);
	int64_t head_seq;
	int rc = store_track_head(store, track, &head_seq, out->prev, err);
	if (rc)
		return rc;
	out->payload = canonical(payload);
	out->track = pl_strdup(track);
	out->kind = pl_strdup(kind);
	out->at = pl_strdup(at);
	out->actor = actor ? pl_strdup(actor) : NULL;
	store_event *view = &out->view;
	*view = (store_event){.track = out->track, .seq = head_seq + 1, .kind = out->kind,
			      .at = out->at, .actor = out->actor, .payload = out->payload,
			      .prev = head_seq ? out->prev : NULL, .hash = out->hash};
	char *encoding = encode(view);
	pl_hash(out->hash, encoding, strlen(encoding));
	free(encoding);
	if (key) {
		pl_sign(out->sig, out->hash, key);
		view->sig = out->sig;
	}
	rc = store_event_insert(store, view, &view->id, err);
	if (rc)
		pl_event_clear(out);
	return rc;
}
