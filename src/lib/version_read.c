/* version_read.c — a version read from its signed event
 * (negotiation_int.h, pl_version_read).
 *
 * The payload of a version event holds the whole version but its texts,
 * which it names by their hashes: {"amendments"?, "document", "number",
 * "parts": [{"heading", "intro"}], "points": [{"id", "items": [{"label",
 * "text"}], "label", "part", "text"}], "preamble", "source", "title"}, keys
 * sorted, compact (checked canonical when the record was verified, and
 * read here with the same reader's rules, payload.c). The version is
 * built from it, and its texts are then read from the blobs,
 * each checked against the hash the event signs. The tables of versions,
 * parts and points are an index for queries; a reader never sees them. */
#include "negotiation_int.h"
#include "doc_int.h"
#include "payload_int.h"
#include "project_int.h"
#include "store_int.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Where a text of the version goes. */
enum place { TITLE, PREAMBLE, HEADING, INTRO, POINT, ITEM };

typedef struct text_ref {
	enum place place;
	size_t index, item; /* part or point; sub-item */
} text_ref;

typedef struct reader {
	pl_json_cursor c;
	pl_doc *doc;
	text_ref *refs;
	pl_store_text *texts;
	size_t count, capacity;
	char *name; /* the payload's "document" */
	long long number;
	int has_number;
} reader;

/* The 32 bytes of 64 lower-case hex digits, as parley writes a text's
 * name (pl_unhex_hash's rule); -1 for anything else. */
static int unhex_hash(uint8_t out[PL_HASH_BYTES], const unsigned char *hex)
{
#if defined(__SSE2__)
	/* Sixteen digits at a time: each byte's value (its low four bits,
	 * plus nine for a letter), then each pair of bytes as one. */
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(hex + 16 * k));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
		                              _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
		__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)),
		                               _mm_cmplt_epi8(v, _mm_set1_epi8('f' + 1)));
		if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xFFFF)
			return -1;
		__m128i value = _mm_add_epi8(_mm_and_si128(v, _mm_set1_epi8(0x0F)),
		                             _mm_and_si128(letter, _mm_set1_epi8(9)));
		/* Byte pairs as 16-bit lanes: (high digit) | (low digit) << 8. */
		__m128i pair =
		    _mm_or_si128(_mm_slli_epi16(_mm_and_si128(value, _mm_set1_epi16(0xFF)), 4),
		                 _mm_srli_epi16(value, 8));
		__m128i bytes = _mm_packus_epi16(pair, pair);
		_mm_storel_epi64((__m128i *)(void *)(out + 8 * k), bytes);
	}
	return 0;
#else
	char digits[2 * PL_HASH_BYTES + 1];
	memcpy(digits, hex, 2 * PL_HASH_BYTES);
	digits[2 * PL_HASH_BYTES] = '\0';
	return pl_unhex_hash(out, digits);
#endif
}

static int key_is(const char *key, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(key, name, len) == 0;
}

/* A text's hash (64 hex digits) or null, noted for place. */
static int read_text(reader *r, enum place place, size_t index, size_t item)
{
	pl_json_cursor *c = &r->c;
	if (pl_json_null(c) == 0)
		return 0;
	if (c->len - c->i < 2 * PL_HASH_BYTES + 2 || pl_json_expect(c, '"') != 0)
		return -1;
	if (r->count == r->capacity) {
		r->texts = pl_grow(r->texts, &r->capacity, r->count + 1, sizeof *r->texts);
		r->refs = pl_realloc(r->refs, r->capacity * sizeof *r->refs);
	}
	pl_store_text *t = &r->texts[r->count];
	if (unhex_hash(t->hash, (const unsigned char *)c->s + c->i) != 0)
		return -1;
	c->i += 2 * PL_HASH_BYTES;
	if (pl_json_expect(c, '"') != 0)
		return -1;
	r->refs[r->count++] = (text_ref){place, index, item};
	return 0;
}

/* Reads the members of an object at the cursor, calling member for each;
 * member returns 1 for a key it does not know, which is skipped. */
typedef int (*member_fn)(reader *r, const char *key, size_t len, void *context);

static int read_object(reader *r, member_fn member, void *context)
{
	pl_json_cursor *c = &r->c;
	if (pl_json_expect(c, '{') != 0)
		return -1;
	if (pl_json_expect(c, '}') == 0)
		return 0;
	for (;;) {
		const char *key;
		size_t len;
		if (pl_json_key(c, &key, &len) != 0)
			return -1;
		int rc = member(r, key, len, context);
		if (rc == 1)
			rc = pl_json_skip(c);
		if (rc != 0)
			return -1;
		if (pl_json_expect(c, '}') == 0)
			return 0;
		if (pl_json_expect(c, ',') != 0)
			return -1;
	}
}

/* Reads an array at the cursor, calling each for every item. */
static int read_array(reader *r, int (*each)(reader *r, void *context), void *context)
{
	pl_json_cursor *c = &r->c;
	if (pl_json_expect(c, '[') != 0)
		return -1;
	if (pl_json_expect(c, ']') == 0)
		return 0;
	for (;;) {
		if (each(r, context) != 0)
			return -1;
		if (pl_json_expect(c, ']') == 0)
			return 0;
		if (pl_json_expect(c, ',') != 0)
			return -1;
	}
}

static int part_member(reader *r, const char *key, size_t len, void *context)
{
	size_t index = *(size_t *)context;
	if (key_is(key, len, "heading"))
		return read_text(r, HEADING, index, 0);
	if (key_is(key, len, "intro"))
		return read_text(r, INTRO, index, 0);
	return 1;
}

static int read_part(reader *r, void *context)
{
	(void)context;
	pl_doc *doc = r->doc;
	doc->parts =
	    pl_grow(doc->parts, &doc->part_capacity, doc->part_count + 1, sizeof *doc->parts);
	size_t index = doc->part_count++;
	doc->parts[index] = (pl_part){NULL, NULL};
	return read_object(r, part_member, &index);
}

/* The point being read. */
typedef struct point_reading {
	size_t index;
	long long part; /* -1: null */
	int has_part;
} point_reading;

static int item_member(reader *r, const char *key, size_t len, void *context)
{
	const size_t *at = context; /* point, item */
	pl_item *item = &r->doc->points[at[0]].items[at[1]];
	if (key_is(key, len, "label")) {
		free(item->label);
		item->label = pl_json_string(&r->c);
		return item->label ? 0 : -1;
	}
	if (key_is(key, len, "text"))
		return read_text(r, ITEM, at[0], at[1]);
	return 1;
}

static int read_item(reader *r, void *context)
{
	size_t point = *(size_t *)context;
	pl_point *p = &r->doc->points[point];
	p->items = pl_realloc(p->items, (p->item_count + 1) * sizeof *p->items);
	size_t at[2] = {point, p->item_count++};
	p->items[at[1]] = (pl_item){NULL, NULL};
	if (read_object(r, item_member, at) != 0)
		return -1;
	return p->items[at[1]].label ? 0 : -1;
}

static int point_member(reader *r, const char *key, size_t len, void *context)
{
	point_reading *pr = context;
	pl_point *p = &r->doc->points[pr->index];
	pl_json_cursor *c = &r->c;
	if (key_is(key, len, "id")) {
		free(p->id);
		p->id = NULL;
		if (pl_json_null(c) == 0)
			return 0;
		p->id = pl_json_string(c);
		return p->id ? 0 : -1;
	}
	if (key_is(key, len, "label")) {
		free(p->label);
		p->label = pl_json_string(c);
		return p->label ? 0 : -1;
	}
	if (key_is(key, len, "items"))
		return read_array(r, read_item, &pr->index);
	if (key_is(key, len, "text"))
		return read_text(r, POINT, pr->index, 0);
	if (key_is(key, len, "part")) {
		pr->has_part = 1;
		if (pl_json_null(c) == 0)
			return 0;
		return pl_json_integer(c, &pr->part) == 0 && pr->part >= 0 &&
		               (size_t)pr->part < r->doc->part_count
		           ? 0
		           : -1;
	}
	return 1;
}

static int read_point(reader *r, void *context)
{
	(void)context;
	pl_doc *doc = r->doc;
	doc->points =
	    pl_grow(doc->points, &doc->point_capacity, doc->point_count + 1, sizeof *doc->points);
	point_reading pr = {.index = doc->point_count++, .part = -1};
	pl_point *p = &doc->points[pr.index];
	memset(p, 0, sizeof *p);
	if (read_object(r, point_member, &pr) != 0 || !pr.has_part)
		return -1;
	p = &doc->points[pr.index];
	p->part = pr.part < 0 ? PL_NO_PART : (size_t)pr.part;
	return p->label ? 0 : -1;
}

static int version_member(reader *r, const char *key, size_t len, void *context)
{
	(void)context;
	pl_json_cursor *c = &r->c;
	if (key_is(key, len, "document")) {
		free(r->name);
		r->name = pl_json_string(c);
		return r->name ? 0 : -1;
	}
	if (key_is(key, len, "number")) {
		r->has_number = pl_json_integer(c, &r->number) == 0;
		return r->has_number ? 0 : -1;
	}
	if (key_is(key, len, "parts"))
		return read_array(r, read_part, NULL);
	if (key_is(key, len, "points"))
		return read_array(r, read_point, NULL);
	if (key_is(key, len, "preamble"))
		return read_text(r, PREAMBLE, 0, 0);
	if (key_is(key, len, "title"))
		return read_text(r, TITLE, 0, 0);
	return 1;
}

static char **slot_of(pl_doc *doc, const text_ref *ref)
{
	switch (ref->place) {
	case TITLE:
		return &doc->title;
	case PREAMBLE:
		return &doc->preamble;
	case HEADING:
		return &doc->parts[ref->index].heading;
	case INTRO:
		return &doc->parts[ref->index].intro;
	case POINT:
		return &doc->points[ref->index].text;
	case ITEM:
		return &doc->points[ref->index].items[ref->item].text;
	}
	return NULL;
}

/* "framework@1 point 20 (b)" for a text that fails its check. */
static void describe(const pl_doc *doc, const char *name, int number, const text_ref *ref,
                     char *out, size_t size)
{
	static const char *const what[] = {"title", "preamble", "heading", "introduction"};
	if (ref->place == POINT)
		snprintf(out, size, "%s@%d point %s", name, number, doc->points[ref->index].label);
	else if (ref->place == ITEM)
		snprintf(out, size, "%s@%d point %s (%s)", name, number,
		         doc->points[ref->index].label,
		         doc->points[ref->index].items[ref->item].label);
	else if (ref->place == HEADING || ref->place == INTRO)
		snprintf(out, size, "%s@%d part %zu %s", name, number, ref->index + 1,
		         what[ref->place]);
	else
		snprintf(out, size, "%s@%d %s", name, number, what[ref->place]);
}

/* The least a point takes in a payload: {"id":"","items":[],"label":"",
 * "part":null,"text":"<64 hex>"}, and a comma. */
#define POINT_BYTES 100

int pl_version_read(pl_store *store, const char *payload, const char *name, int number,
                    size_t points, pl_doc **out, pl_error *err)
{
	*out = NULL;
	reader r = {.c = {payload, 0, strlen(payload)}, .doc = pl_doc_new()};
	if (points > r.c.len / POINT_BYTES)
		points = r.c.len / POINT_BYTES;
	if (points > 0) {
		r.doc->points =
		    pl_grow(NULL, &r.doc->point_capacity, points, sizeof *r.doc->points);
		r.texts = pl_grow(NULL, &r.capacity, points + 4, sizeof *r.texts);
		r.refs = pl_malloc(r.capacity * sizeof *r.refs);
	}
	int bad = read_object(&r, version_member, NULL) != 0 || r.c.i != r.c.len || !r.name ||
	          strcmp(r.name, name) != 0 || !r.has_number || r.number != number;
	int rc = bad ? pl_error_set(err, PL_EBADSIG,
	                            "the signed event of %s@%d does not hold a version parley "
	                            "can read",
	                            name, number)
	             : pl_store_get_texts(store, r.texts, r.count, err);
	/* Only a payload read to its end holds places for every text read. */
	for (size_t i = 0; !bad && i < r.count; i++) {
		char **slot = slot_of(r.doc, &r.refs[i]);
		if (rc == 0 && r.texts[i].state != PL_STORE_TEXT_OK) {
			char place[600];
			describe(r.doc, name, number, &r.refs[i], place, sizeof place);
			rc = pl_store_text_fail(err, r.texts[i].state == PL_STORE_TEXT_MISSING,
			                        r.texts[i].hash, place);
		}
		free(*slot);
		*slot = r.texts[i].text;
	}
	/* A point's text and a part's heading are never absent; null in the
	 * event is the empty text. */
	for (size_t i = 0; rc == 0 && i < r.doc->part_count; i++)
		if (!r.doc->parts[i].heading)
			r.doc->parts[i].heading = pl_strdup("");
	for (size_t i = 0; rc == 0 && i < r.doc->point_count; i++) {
		pl_point *p = &r.doc->points[i];
		if (!p->text)
			p->text = pl_strdup("");
		for (size_t k = 0; k < p->item_count; k++)
			if (!p->items[k].text)
				p->items[k].text = pl_strdup("");
	}
	free(r.texts);
	free(r.refs);
	free(r.name);
	if (rc) {
		pl_doc_free(r.doc);
		return rc;
	}
	*out = r.doc;
	return 0;
}
