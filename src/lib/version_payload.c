/* version_payload.c — a version's signed payload written as canonical text
 * (version_payload_int.h).
 *
 * jansson's canonical dump of the tree parley used to build is compact,
 * with each object's keys in byte order and strings escaped as
 * pl_json_put_string does; the writers below lay the same bytes down in
 * one pass. Every string that goes in is first checked as the append path
 * checks an event's texts (valid UTF-8, no control character but newline
 * and tab), with the same message. tests/unit/test_version_payload.c holds
 * them to jansson's bytes. */
#include "version_payload_int.h"
#include "negotiation_int.h"
#include "json_text_int.h"
#include "parley/mem.h"
#include "parley/utf8.h"
#include "record_int.h"

#include <stdlib.h>
#include <string.h>

/* The payload's own fields, in key order. */
enum { F_DOCUMENT, F_NUMBER, F_PARTS, F_POINTS, F_PREAMBLE, F_SOURCE, F_TITLE, F_COUNT };
static const char *const field_names[F_COUNT] = {"document", "number", "parts", "points",
                                                 "preamble", "source", "title"};

typedef struct version_fields {
	pl_store *store;
	const char *name;
	int number;
	const pl_doc *doc;
	const char *source;
	pl_event_sink *sink; /* NULL: the payload is written whole into out */
} version_fields;

/* A written payload goes to its sink in pieces of about this many bytes. */
#define PIECE (64 * 1024)

/* Hands what out holds to the sink once it is a piece (or, at the end,
 * whatever is left), and empties out. */
static void drain(pl_buf *out, const version_fields *v, size_t at_least, int *rc, pl_error *err)
{
	if (!v->sink || out->len < at_least || out->len == 0)
		return;
	if (*rc == 0)
		*rc = pl_event_sink_put(v->sink, out->ptr, out->len, err);
	out->len = 0;
}

void pl_version_put_text(pl_buf *out, pl_store *store, const char *text, int *rc, pl_error *err)
{
	if (!text) {
		pl_buf_puts(out, "null");
		return;
	}
	uint8_t hash[PL_HASH_BYTES];
	size_t len = strlen(text);
	pl_hash(hash, text, len);
	if (*rc == 0 && store)
		*rc = pl_store_put_blob(store, hash, text, len, err);
	char hex[PL_HASH_HEX + 2];
	hex[0] = '"';
	pl_hex_public(hex + 1, hash, PL_HASH_BYTES);
	hex[PL_HASH_HEX] = '"'; /* over the NUL */
	pl_buf_put(out, hex, PL_HASH_HEX + 1);
}

/* A string the payload holds as it is (a name, an id, a label), checked
 * once: the check proves it UTF-8 for the writer. */
static void put_string(pl_buf *out, const char *s, int *rc, pl_error *err)
{
	if (!s) {
		pl_buf_puts(out, "null");
		return;
	}
	size_t len = strlen(s);
	if (*rc == 0)
		*rc = pl_utf8_check(s, len, PL_UTF8_LINES, 0, "a text", err);
	if (*rc == 0)
		pl_json_put_valid(out, s, len);
}

/* n in decimal, as jansson's %lld writes it. */
static void put_integer(pl_buf *out, long long n)
{
	if (n < 0)
		pl_buf_putc(out, '-');
	pl_buf_put_size(out, n < 0 ? (size_t)0 - (size_t)n : (size_t)n);
}

static void put_parts(pl_buf *out, pl_store *store, const pl_doc *doc, int *rc, pl_error *err)
{
	pl_buf_putc(out, '[');
	for (size_t i = 0; i < doc->part_count; i++) {
		pl_buf_puts(out, i ? ",{\"heading\":" : "{\"heading\":");
		pl_version_put_text(out, store, doc->parts[i].heading, rc, err);
		pl_buf_puts(out, ",\"intro\":");
		pl_version_put_text(out, store, doc->parts[i].intro, rc, err);
		pl_buf_putc(out, '}');
	}
	pl_buf_putc(out, ']');
}

static void put_point(pl_buf *out, pl_store *store, const pl_point *p, int *rc, pl_error *err)
{
	pl_buf_puts(out, "{\"id\":");
	put_string(out, p->id, rc, err);
	pl_buf_puts(out, ",\"items\":[");
	for (size_t k = 0; k < p->item_count; k++) {
		pl_buf_puts(out, k ? ",{\"label\":" : "{\"label\":");
		put_string(out, p->items[k].label, rc, err);
		pl_buf_puts(out, ",\"text\":");
		pl_version_put_text(out, store, p->items[k].text, rc, err);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, "],\"label\":");
	put_string(out, p->label, rc, err);
	pl_buf_puts(out, ",\"part\":");
	if (p->part == PL_NO_PART)
		pl_buf_puts(out, "null");
	else
		put_integer(out, (long long)p->part);
	pl_buf_puts(out, ",\"text\":");
	pl_version_put_text(out, store, p->text, rc, err);
	pl_buf_putc(out, '}');
}

static void put_points(pl_buf *out, const version_fields *v, int *rc, pl_error *err)
{
	pl_buf_putc(out, '[');
	for (size_t i = 0; i < v->doc->point_count; i++) {
		if (i)
			pl_buf_putc(out, ',');
		put_point(out, v->store, &v->doc->points[i], rc, err);
		drain(out, v, PIECE, rc, err);
	}
	pl_buf_putc(out, ']');
}

static void put_field(pl_buf *out, const version_fields *v, int field, int *rc, pl_error *err)
{
	pl_buf_putc(out, '"');
	pl_buf_puts(out, field_names[field]);
	pl_buf_puts(out, "\":");
	switch (field) {
	case F_DOCUMENT:
		put_string(out, v->name, rc, err);
		break;
	case F_NUMBER:
		put_integer(out, v->number);
		break;
	case F_PARTS:
		put_parts(out, v->store, v->doc, rc, err);
		break;
	case F_POINTS:
		put_points(out, v, rc, err);
		break;
	case F_PREAMBLE:
		pl_version_put_text(out, v->store, v->doc->preamble, rc, err);
		break;
	case F_SOURCE:
		put_string(out, v->source, rc, err);
		break;
	default:
		pl_version_put_text(out, v->store, v->doc->title, rc, err);
		break;
	}
}

/* --- extra fields ------------------------------------------------------ */

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* extra's keys in byte order, as jansson sorts them; *count of them. A
 * key with a NUL byte in it (jansson allows one) is refused. */
static const char **sorted_keys(const json_t *extra, size_t *count, int *rc, pl_error *err)
{
	*count = extra ? json_object_size(extra) : 0;
	if (*count == 0)
		return NULL;
	const char **keys = pl_calloc(*count, sizeof *keys);
	size_t n = 0;
	for (void *at = json_object_iter((json_t *)extra); at && n < *count;
	     at = json_object_iter_next((json_t *)extra, at)) {
		keys[n] = json_object_iter_key(at);
		if (strlen(keys[n]) != json_object_iter_key_len(at) && *rc == 0)
			*rc = pl_error_set(err, PL_EINVALID, "a field name holds a NUL byte");
		n++;
	}
	*count = n;
	qsort(keys, n, sizeof *keys, compare_keys);
	return keys;
}

/* "key":value, the value as jansson dumps it (dumped beforehand). */
static void put_extra(pl_buf *out, const char *key, const char *value)
{
	pl_json_put_string(out, key);
	pl_buf_putc(out, ':');
	pl_buf_puts(out, value);
}

/* --- the length, to size the buffer once ------------------------------- */

/* What pl_json_put_string writes for s, in bytes. */
static size_t string_length(const char *s)
{
	if (!s)
		return 4;
	size_t n = 2;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		n += *c == '"' || *c == '\\'                                              ? 2
		     : *c >= 0x20                                                         ? 1
		     : *c == '\b' || *c == '\f' || *c == '\n' || *c == '\r' || *c == '\t' ? 2
		                                                                          : 6;
	return n;
}

static size_t text_length(const char *text)
{
	return text ? PL_HASH_HEX + 1 : 4;
}

static size_t integer_length(long long n)
{
	size_t len = n < 0 ? 2 : 1;
	unsigned long long rest = n < 0 ? 0 - (unsigned long long)n : (unsigned long long)n;
	while ((rest /= 10) != 0)
		len++;
	return len;
}

#define LITERAL(s) (sizeof s - 1)

static size_t point_length(const pl_point *p)
{
	size_t n = LITERAL("{\"id\":") + string_length(p->id) + LITERAL(",\"items\":[") +
	           LITERAL("],\"label\":") + string_length(p->label) + LITERAL(",\"part\":") +
	           (p->part == PL_NO_PART ? 4 : integer_length((long long)p->part)) +
	           LITERAL(",\"text\":") + text_length(p->text) + 1;
	for (size_t k = 0; k < p->item_count; k++)
		n += (k ? 1 : 0) + LITERAL("{\"label\":") + string_length(p->items[k].label) +
		     LITERAL(",\"text\":") + text_length(p->items[k].text) + 1;
	return n;
}

/* The bytes put_field writes for field. */
static size_t field_length(const version_fields *v, int field)
{
	size_t n = strlen(field_names[field]) + 3;
	switch (field) {
	case F_DOCUMENT:
		return n + string_length(v->name);
	case F_NUMBER:
		return n + integer_length(v->number);
	case F_PARTS:
		n += 2;
		for (size_t i = 0; i < v->doc->part_count; i++)
			n += (i ? 1 : 0) + LITERAL("{\"heading\":") +
			     text_length(v->doc->parts[i].heading) + LITERAL(",\"intro\":") +
			     text_length(v->doc->parts[i].intro) + 1;
		return n;
	case F_POINTS:
		n += 2;
		for (size_t i = 0; i < v->doc->point_count; i++)
			n += (i ? 1 : 0) + point_length(&v->doc->points[i]);
		return n;
	case F_PREAMBLE:
		return n + text_length(v->doc->preamble);
	case F_SOURCE:
		return n + string_length(v->source);
	default:
		return n + text_length(v->doc->title);
	}
}

size_t pl_version_payload_length(const char *name, int number, const pl_doc *doc,
                                 const char *source)
{
	version_fields v = {NULL, name, number, doc, source, NULL};
	size_t length = 2 + F_COUNT - 1;
	for (int f = 0; f < F_COUNT; f++)
		length += field_length(&v, f);
	return length;
}

/* A comma before every field but the first. */
static void separate(pl_buf *out, int *first)
{
	if (!*first)
		pl_buf_putc(out, ',');
	*first = 0;
}

int pl_version_payload_prepare(pl_version_payload *p, const char *name, int number,
                               const pl_doc *doc, const char *source, const json_t *extra,
                               pl_error *err)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	p->number = number;
	p->doc = doc;
	p->source = source;
	int rc = extra ? pl_neg_check_texts(extra, err) : 0;
	p->keys = sorted_keys(extra, &p->count, &rc, err);
	p->values = p->count ? pl_calloc(p->count, sizeof *p->values) : NULL;
	/* The buffer is sized once: grown by doubling, a payload of megabytes
	 * would be copied and its old pages left behind at each step. */
	p->length = pl_version_payload_length(name, number, doc, source) + p->count;
	for (size_t k = 0; k < p->count; k++) {
		p->values[k] = json_dumps(json_object_get(extra, p->keys[k]),
		                          JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
		if (!p->values[k] && rc == 0)
			rc = pl_error_set(err, PL_EINVALID,
			                  "a field of a version cannot be written");
		p->length +=
		    string_length(p->keys[k]) + 1 + (p->values[k] ? strlen(p->values[k]) : 0);
	}
	/* A field of extra that replaces one of ours: its own length was
	 * counted, ours is taken back. */
	for (size_t k = 0; k < p->count; k++)
		for (int f = 0; f < F_COUNT; f++)
			if (strcmp(p->keys[k], field_names[f]) == 0) {
				version_fields v = {NULL, name, number, doc, source, NULL};
				p->length -= field_length(&v, f) + 1;
			}
	return rc;
}

void pl_version_payload_release(pl_version_payload *p)
{
	for (size_t k = 0; k < p->count; k++)
		free(p->values[k]);
	free(p->values);
	free(p->keys);
	memset(p, 0, sizeof *p);
}

int pl_version_payload_put(const pl_version_payload *p, pl_buf *out, pl_store *store,
                           pl_event_sink *sink, pl_error *err)
{
	int rc = 0;
	version_fields v = {store, p->name, p->number, p->doc, p->source, sink};
	pl_buf_reserve(out, sink ? PIECE + 4096 : p->length);
	size_t k = 0;
	int first = 1;
	pl_buf_putc(out, '{');
	for (int f = 0; f <= F_COUNT; f++) {
		/* extra's fields that sort before this one, then this one unless
		 * extra replaces it */
		int cmp = 1;
		while (k < p->count &&
		       (f == F_COUNT || (cmp = strcmp(p->keys[k], field_names[f])) <= 0)) {
			separate(out, &first);
			put_extra(out, p->keys[k], p->values[k] ? p->values[k] : "null");
			k++;
			if (cmp == 0)
				break;
		}
		if (f == F_COUNT || cmp == 0)
			continue;
		separate(out, &first);
		put_field(out, &v, f, &rc, err);
	}
	pl_buf_putc(out, '}');
	drain(out, &v, 0, &rc, err);
	return rc;
}

int pl_version_payload_write(pl_buf *out, pl_store *store, const char *name, int number,
                             const pl_doc *doc, const char *source, const json_t *extra,
                             pl_error *err)
{
	pl_version_payload p;
	int rc = pl_version_payload_prepare(&p, name, number, doc, source, extra, err);
	int put = pl_version_payload_put(&p, out, store, NULL, err);
	pl_version_payload_release(&p);
	return rc ? rc : put;
}
