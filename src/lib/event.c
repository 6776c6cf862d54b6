#include "event_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "json_text_int.h"

#include <sodium.h>
#include <stdio.h>
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

void pl_time_write(long long seconds, char out[32])
{
	time_t when = (time_t)seconds;
	struct tm utc;
	gmtime_r(&when, &utc);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

void pl_time_now(char out[32])
{
	pl_time_write((long long)time(NULL), out);
}

long long pl_time_read(const char *at)
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

/* The canonical form: sorted keys, compact, UTF-8 as is. */
static char *canonical(const json_t *value)
{
	return json_dumps(value, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Writes "null" or the quoted hex of bytes[0..len). */
static void put_hex_or_null(pl_buf *out, const uint8_t *bytes, size_t len)
{
	if (!bytes) {
		pl_buf_puts(out, "null");
		return;
	}
	char hex[2 * PL_SIGNATURE_BYTES + 3];
	hex[0] = '"';
	pl_hex_public(hex + 1, bytes, len);
	hex[2 * len + 1] = '"';
	pl_buf_put(out, hex, 2 * len + 2);
}

/* The statement of an event whose payload is already canonical text is
 * {"actor","after","at","kind","payload","track"} in that (sorted) order,
 * the payload spliced in as it is, so that it is never serialised twice.
 * statement_envelope writes what goes around the payload: out holds the
 * part before it, then the part after it from *split. -1 when a field is
 * not UTF-8. */
static int statement_envelope(const pl_store_event *event, pl_buf *out, size_t *split)
{
	pl_buf_puts(out, "{\"actor\":");
	int rc =
	    event->actor ? pl_json_put_string(out, event->actor) : (pl_buf_puts(out, "null"), 0);
	pl_buf_puts(out, ",\"after\":");
	put_hex_or_null(out, event->after, PL_HASH_BYTES);
	pl_buf_puts(out, ",\"at\":");
	rc |= pl_json_put_string(out, event->at);
	pl_buf_puts(out, ",\"kind\":");
	rc |= pl_json_put_string(out, event->kind);
	pl_buf_puts(out, ",\"payload\":");
	*split = out->len;
	pl_buf_puts(out, ",\"track\":");
	rc |= pl_json_put_string(out, event->track);
	pl_buf_putc(out, '}');
	return rc ? -1 : 0;
}

/* The statement itself; NULL when a field is not UTF-8. */
static char *statement_text(const pl_store_event *event, size_t payload_len)
{
	pl_buf around = PL_BUF_INIT;
	size_t split;
	if (statement_envelope(event, &around, &split) != 0) {
		pl_buf_free(&around);
		return NULL;
	}
	pl_buf out = PL_BUF_INIT;
	pl_buf_reserve(&out, around.len + payload_len);
	pl_buf_put(&out, around.ptr, split);
	pl_buf_put(&out, event->payload, payload_len);
	pl_buf_put(&out, around.ptr + split, around.len - split);
	pl_buf_free(&around);
	return pl_buf_detach(&out);
}

int pl_statement_hash(const pl_store_event *event, size_t payload_len, uint8_t out[PL_HASH_BYTES])
{
	pl_buf around = PL_BUF_INIT;
	pl_buf_reserve(&around, 320);
	size_t split;
	int rc = statement_envelope(event, &around, &split);
	if (rc == 0) {
		/* Hashed where it lies: a payload of megabytes is not copied
		 * into a statement first. */
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

void pl_event_link_hash(const uint8_t *prev, int64_t seq, const uint8_t statement[PL_HASH_BYTES],
                        uint8_t out[PL_HASH_BYTES])
{
	pl_buf link = PL_BUF_INIT;
	pl_buf_reserve(&link, 320);
	pl_buf_puts(&link, "{\"prev\":");
	put_hex_or_null(&link, prev, PL_HASH_BYTES);
	/* The sequence number in decimal, as %lld writes it. */
	char digits[24];
	size_t at = sizeof digits;
	unsigned long long n = seq < 0 ? 0 - (unsigned long long)seq : (unsigned long long)seq;
	do
		digits[--at] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	if (seq < 0)
		digits[--at] = '-';
	pl_buf_puts(&link, ",\"seq\":");
	pl_buf_put(&link, digits + at, sizeof digits - at);
	pl_buf_puts(&link, ",\"statement\":");
	put_hex_or_null(&link, statement, PL_HASH_BYTES);
	pl_buf_putc(&link, '}');
	pl_hash(out, link.ptr, link.len);
	pl_buf_free(&link);
}

/* The statement's hash and the event's, from the content as it lies; -1
 * when a field is not UTF-8. */
static int both_hashes(const pl_store_event *event, size_t payload_len,
                       uint8_t statement[PL_HASH_BYTES], uint8_t out[PL_HASH_BYTES])
{
	if (pl_statement_hash(event, payload_len, statement) != 0)
		return -1;
	pl_event_link_hash(event->prev, event->seq, statement, out);
	return 0;
}

int pl_event_content(const pl_store_event *event, pl_payload *fields,
                     uint8_t statement[PL_HASH_BYTES])
{
	size_t len = strlen(event->payload);
	int canonical_form = pl_payload_read(fields, event->payload, len);
	if (!canonical_form) {
		/* Not the form parley writes, or one the reader leaves to
		 * jansson: it decides, as it always did. */
		json_t *tree = json_loads(event->payload, JSON_DECODE_ANY, NULL);
		char *again = tree ? canonical(tree) : NULL;
		canonical_form = again && strcmp(again, event->payload) == 0;
		free(again);
		if (tree)
			pl_payload_from_json(fields, tree);
		json_decref(tree);
	}
	uint8_t hash[PL_HASH_BYTES];
	if (!canonical_form || both_hashes(event, len, statement, hash) != 0)
		return PL_CONTENT_NOT_CANONICAL;
	if (memcmp(hash, event->hash, PL_HASH_BYTES) != 0 ||
	    (event->statement && memcmp(event->statement, statement, PL_HASH_BYTES) != 0))
		return PL_CONTENT_ALTERED;
	return PL_CONTENT_SOUND;
}

int pl_event_statement(const pl_store_event *event, char **out, pl_error *err)
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
	int same = again && strcmp(again, event->payload) == 0;
	free(again);
	json_decref(payload);
	if (!same)
		return pl_error_set(err, PL_EBADSIG,
		                    "event %s #%lld: payload is not canonical JSON", event->track,
		                    (long long)event->seq);
	*out = statement_text(event, strlen(event->payload));
	if (!*out)
		return pl_error_set(err, PL_EBADSIG, "event #%lld: a field is not UTF-8",
		                    (long long)event->seq);
	return 0;
}

/* Fills out's view as the next event of its track: its place after the
 * track's head, and what it follows. out is cleared on failure. */
static int place_after_head(pl_store *store, pl_event *out, int given_after, const uint8_t *after,
                            pl_error *err)
{
	int64_t head_seq;
	int rc = pl_store_track_head(store, out->track, &head_seq, out->prev, err);
	if (rc) {
		pl_event_clear(out);
		return rc;
	}
	pl_store_event *view = &out->view;
	*view = (pl_store_event){.track = out->track,
	                         .seq = head_seq + 1,
	                         .kind = out->kind,
	                         .at = out->at,
	                         .actor = out->actor,
	                         .payload = out->payload,
	                         .prev = head_seq ? out->prev : NULL,
	                         .hash = out->hash,
	                         .statement = out->statement};
	/* A statement signed here names the head it follows; one signed
	 * elsewhere names the head its signer had seen. */
	if (given_after ? after != NULL : head_seq > 0) {
		memcpy(out->after, given_after ? after : out->prev, PL_HASH_BYTES);
		view->after = out->after;
	}
	return 0;
}

/* Appends the event out holds the strings of (payload of len bytes), after
 * the head of its track: signed here with key, or with signature made
 * elsewhere, or unsigned (both NULL: a statement being prepared). Its
 * statement follows the head, unless given_after says that after (NULL:
 * nothing) is what its signer saw. */
static int append(pl_store *store, pl_event *out, size_t len, const pl_keypair *key,
                  int given_after, const uint8_t *after, const uint8_t *signature, pl_error *err)
{
	int rc = place_after_head(store, out, given_after, after, err);
	if (rc)
		return rc;
	pl_store_event *view = &out->view;
	if (pl_statement_hash(view, len, out->statement) != 0) {
		pl_event_clear(out);
		return pl_error_set(err, PL_EINVALID,
		                    "an event's track, kind, time or actor is not UTF-8");
	}
	if (key)
		pl_sign(out->sig, out->statement, key);
	else if (signature)
		memcpy(out->sig, signature, PL_SIGNATURE_BYTES);
	if (key || signature)
		view->sig = out->sig;
	pl_event_link_hash(view->prev, view->seq, out->statement, out->hash);
	rc = pl_store_event_insert(store, view, &view->id, err);
	if (rc)
		pl_event_clear(out);
	return rc;
}

static void take_fields(pl_event *out, const char *track, const char *kind, const char *at,
                        const char *actor, char *payload)
{
	memset(out, 0, sizeof *out);
	out->payload = payload;
	out->track = pl_strdup(track);
	out->kind = pl_strdup(kind);
	out->at = pl_strdup(at);
	out->actor = actor ? pl_strdup(actor) : NULL;
}

int pl_event_append_text(pl_store *store, const char *track, const char *kind, const char *at,
                         const char *actor, char *payload, size_t len, const pl_keypair *key,
                         pl_event *out, pl_error *err)
{
	take_fields(out, track, kind, at, actor, payload);
	return append(store, out, len, key, 0, NULL, NULL, err);
}

struct pl_event_sink {
	pl_store *store; /* NULL: the pass that only hashes */
	crypto_generichash_state hash;
	size_t written;
};

int pl_event_sink_put(pl_event_sink *sink, const char *bytes, size_t len, pl_error *err)
{
	crypto_generichash_update(&sink->hash, (const unsigned char *)bytes, len);
	sink->written += len;
	return sink->store ? pl_store_event_payload_write(sink->store, bytes, len, err) : 0;
}

/* One pass of write through sink: the statement's hash into out, from
 * the envelope around the payload. */
static int stream_pass(pl_event_sink *sink, const pl_buf *around, size_t split, int pass,
                       pl_event_writer write, void *context, uint8_t out[PL_HASH_BYTES],
                       pl_error *err)
{
	crypto_generichash_init(&sink->hash, NULL, 0, PL_HASH_BYTES);
	crypto_generichash_update(&sink->hash, (const unsigned char *)around->ptr, split);
	sink->written = 0;
	int rc = write(context, pass, sink, err);
	crypto_generichash_update(&sink->hash, (const unsigned char *)around->ptr + split,
	                          around->len - split);
	crypto_generichash_final(&sink->hash, out, PL_HASH_BYTES);
	return rc;
}

int pl_event_append_stream(pl_store *store, const char *track, const char *kind, const char *at,
                           const char *actor, size_t len, pl_event_writer write, void *context,
                           const pl_keypair *key, pl_event *out, pl_error *err)
{
	take_fields(out, track, kind, at, actor, NULL);
	int rc = place_after_head(store, out, 0, NULL, err);
	if (rc)
		return rc;
	pl_store_event *view = &out->view;
	pl_buf around = PL_BUF_INIT;
	size_t split;
	pl_event_sink sink = {.store = NULL};
	uint8_t again[PL_HASH_BYTES];
	if (statement_envelope(view, &around, &split) != 0)
		rc = pl_error_set(err, PL_EINVALID,
		                  "an event's track, kind, time or actor is not UTF-8");
	if (rc == 0)
		rc = stream_pass(&sink, &around, split, 1, write, context, out->statement, err);
	if (rc == 0 && sink.written != len)
		rc = pl_error_set(err, PL_EIO,
		                  "an event's payload is %zu bytes, not the %zu expected",
		                  sink.written, len);
	if (rc == 0) {
		pl_sign(out->sig, out->statement, key);
		view->sig = out->sig;
		pl_event_link_hash(view->prev, view->seq, out->statement, out->hash);
		rc = pl_store_event_insert_open(store, view, len, &view->id, err);
	}
	if (rc == 0) {
		/* what goes into the row is hashed again: it must be what was
		 * signed, byte for byte */
		sink.store = store;
		rc = stream_pass(&sink, &around, split, 2, write, context, again, err);
		pl_store_event_payload_close(store);
		if (rc == 0 &&
		    (sink.written != len || memcmp(again, out->statement, PL_HASH_BYTES) != 0))
			rc = pl_error_set(err, PL_EIO,
			                  "an event's payload came out differently the second time "
			                  "it was written: nothing is recorded");
	}
	pl_buf_free(&around);
	if (rc)
		pl_event_clear(out);
	return rc;
}

int pl_event_append_prepared(pl_store *store, const char *track, const char *kind, const char *at,
                             const char *actor, char *payload, size_t len, const uint8_t *after,
                             pl_event *out, pl_error *err)
{
	take_fields(out, track, kind, at, actor, payload);
	return append(store, out, len, NULL, 1, after, NULL, err);
}

int pl_event_append_signed(pl_store *store, const pl_store_event *statement,
                           const uint8_t signature[PL_SIGNATURE_BYTES], pl_event *out,
                           pl_error *err)
{
	take_fields(out, statement->track, statement->kind, statement->at, statement->actor,
	            pl_strdup(statement->payload));
	return append(store, out, strlen(out->payload), NULL, 1, statement->after, signature, err);
}

char *pl_event_payload_text(const json_t *payload)
{
	return canonical(payload);
}

int pl_event_hash(const pl_store_event *event, uint8_t out[PL_HASH_BYTES])
{
	uint8_t statement[PL_HASH_BYTES];
	return both_hashes(event, strlen(event->payload), statement, out);
}

char *pl_statement_write(const pl_store_event *event)
{
	return statement_text(event, strlen(event->payload));
}
