#include "event_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "json_text_int.h"

#include <sodium.h>
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

/* The canonical form: sorted keys, compact, UTF-8 as is. */
static char *canonical(const json_t *value)
{
	return json_dumps(value, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

/* The canonical encoding of an event whose payload is already canonical
 * text is {"actor","at","kind","payload","prev","seq","track"} in that
 * (sorted) order, the payload spliced in as it is, so that it is never
 * serialised twice. envelope writes what goes around the payload: out
 * holds the part before it, then the part after it from *split. -1 when a
 * field is not UTF-8. */
static int envelope(const pl_store_event *event, pl_buf *out, size_t *split)
{
	pl_buf_puts(out, "{\"actor\":");
	int rc = pl_json_put_string(out, event->actor);
	pl_buf_puts(out, ",\"at\":");
	rc |= pl_json_put_string(out, event->at);
	pl_buf_puts(out, ",\"kind\":");
	rc |= pl_json_put_string(out, event->kind);
	pl_buf_puts(out, ",\"payload\":");
	*split = out->len;
	pl_buf_puts(out, ",\"prev\":");
	if (event->prev) {
		char hex[PL_HASH_HEX + 2];
		hex[0] = '"';
		pl_hex_public(hex + 1, event->prev, PL_HASH_BYTES);
		hex[PL_HASH_HEX] = '"';
		pl_buf_put(out, hex, PL_HASH_HEX + 1);
	} else {
		pl_buf_puts(out, "null");
	}
	/* The sequence number in decimal, as %lld writes it. */
	char digits[24];
	size_t at = sizeof digits;
	unsigned long long seq =
	    event->seq < 0 ? 0 - (unsigned long long)event->seq : (unsigned long long)event->seq;
	do
		digits[--at] = (char)('0' + seq % 10);
	while ((seq /= 10) != 0);
	if (event->seq < 0)
		digits[--at] = '-';
	pl_buf_puts(out, ",\"seq\":");
	pl_buf_put(out, digits + at, sizeof digits - at);
	pl_buf_puts(out, ",\"track\":");
	rc |= pl_json_put_string(out, event->track);
	pl_buf_putc(out, '}');
	return rc ? -1 : 0;
}

/* The encoding itself; NULL when a field is not UTF-8. */
static char *encode(const pl_store_event *event)
{
	pl_buf around = PL_BUF_INIT;
	size_t split;
	if (envelope(event, &around, &split) != 0) {
		pl_buf_free(&around);
		return NULL;
	}
	pl_buf out = PL_BUF_INIT;
	pl_buf_reserve(&out, around.len + strlen(event->payload));
	pl_buf_put(&out, around.ptr, split);
	pl_buf_puts(&out, event->payload);
	pl_buf_put(&out, around.ptr + split, around.len - split);
	pl_buf_free(&around);
	return pl_buf_detach(&out);
}

/* The hash of the encoding, without writing it out: the payload is hashed
 * where it lies. -1 when a field is not UTF-8. */
static int encoding_hash(const pl_store_event *event, size_t payload_len,
                         uint8_t out[PL_HASH_BYTES])
{
	pl_buf around = PL_BUF_INIT;
	pl_buf_reserve(&around, 320);
	size_t split;
	int rc = envelope(event, &around, &split);
	if (rc == 0) {
		crypto_generichash_state state;
		crypto_generichash_init(&state, NULL, 0, PL_HASH_BYTES);
		crypto_generichash_update(&state, (const unsigned char *)around.ptr, split);
		crypto_generichash_update(&state, (const unsigned char *)event->payload,
		                          payload_len);
		crypto_generichash_update(&state, (const unsigned char *)around.ptr + split,
		                          around.len - split);
		crypto_generichash_final(&state, out, PL_HASH_BYTES);
	}
	pl_buf_free(&around);
	return rc;
}

int pl_event_content(const pl_store_event *event, pl_payload *fields)
{
	size_t len = strlen(event->payload);
	uint8_t hash[PL_HASH_BYTES];
	if (pl_payload_read(fields, event->payload, len))
		return encoding_hash(event, len, hash) != 0            ? PL_CONTENT_NOT_CANONICAL
		       : memcmp(hash, event->hash, PL_HASH_BYTES) != 0 ? PL_CONTENT_ALTERED
		                                                       : PL_CONTENT_SOUND;
	/* Not the form parley writes, or one the reader leaves to jansson: it
	 * decides, as it always did. */
	json_t *tree = json_loads(event->payload, JSON_DECODE_ANY, NULL);
	char *encoding = NULL;
	int content;
	if (!tree || pl_event_encode_parsed(event, tree, &encoding, NULL) != 0) {
		content = PL_CONTENT_NOT_CANONICAL;
	} else {
		pl_hash(hash, encoding, strlen(encoding));
		content = memcmp(hash, event->hash, PL_HASH_BYTES) ? PL_CONTENT_ALTERED
		                                                   : PL_CONTENT_SOUND;
	}
	free(encoding);
	if (tree)
		pl_payload_from_json(fields, tree);
	json_decref(tree);
	return content;
}

int pl_event_encode(const pl_store_event *event, char **out, pl_error *err)
{
	*out = NULL;
	json_error_t json_err;
	json_t *payload = json_loads(event->payload, JSON_DECODE_ANY, &json_err);
	if (!payload)
		return pl_error_set(err, PL_EBADSIG, "event %s #%lld: payload is not JSON (%s)",
		                    event->track, (long long)event->seq, json_err.text);
	int rc = pl_event_encode_parsed(event, payload, out, err);
	json_decref(payload);
	return rc;
}

int pl_event_encode_parsed(const pl_store_event *event, const json_t *payload, char **out,
                           pl_error *err)
{
	*out = NULL;
	/* Only the canonical form of a payload is hashed; anything else was
	 * written by something other than parley. */
	char *again = canonical(payload);
	int same = again && strcmp(again, event->payload) == 0;
	free(again);
	if (!same)
		return pl_error_set(err, PL_EBADSIG,
		                    "event %s #%lld: payload is not canonical JSON", event->track,
		                    (long long)event->seq);
	*out = encode(event);
	if (!*out)
		return pl_error_set(err, PL_EBADSIG, "event #%lld: a field is not UTF-8",
		                    (long long)event->seq);
	return 0;
}

int pl_event_append_text(pl_store *store, const char *track, const char *kind, const char *at,
                         const char *actor, char *payload, size_t len, const pl_keypair *key,
                         pl_event *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	out->payload = payload;
	int64_t head_seq;
	int rc = pl_store_track_head(store, track, &head_seq, out->prev, err);
	if (rc) {
		pl_event_clear(out);
		return rc;
	}
	out->track = pl_strdup(track);
	out->kind = pl_strdup(kind);
	out->at = pl_strdup(at);
	out->actor = actor ? pl_strdup(actor) : NULL;
	pl_store_event *view = &out->view;
	*view = (pl_store_event){.track = out->track,
	                         .seq = head_seq + 1,
	                         .kind = out->kind,
	                         .at = out->at,
	                         .actor = out->actor,
	                         .payload = out->payload,
	                         .prev = head_seq ? out->prev : NULL,
	                         .hash = out->hash};
	/* Hashed where it lies: a payload of megabytes is not copied into an
	 * encoding first. */
	if (encoding_hash(view, len, out->hash) != 0) {
		pl_event_clear(out);
		return pl_error_set(err, PL_EINVALID,
		                    "an event's track, kind, time or actor is not UTF-8");
	}
	if (key) {
		pl_sign(out->sig, out->hash, key);
		view->sig = out->sig;
	}
	rc = pl_store_event_insert(store, view, &view->id, err);
	if (rc)
		pl_event_clear(out);
	return rc;
}

int pl_event_append(pl_store *store, const char *track, const char *kind, const char *at,
                    const char *actor, json_t *payload, const pl_keypair *key, pl_event *out,
                    pl_error *err)
{
	char *text = canonical(payload);
	if (!text) {
		memset(out, 0, sizeof *out);
		return pl_error_set(err, PL_EINVALID, "an event's payload cannot be written");
	}
	return pl_event_append_text(store, track, kind, at, actor, text, strlen(text), key, out,
	                            err);
}

int pl_event_hash(const pl_store_event *event, uint8_t out[PL_HASH_BYTES])
{
	return encoding_hash(event, strlen(event->payload), out);
}
