/* payload.c — the fields of a payload, for the rules of authority
 * (payload_int.h). The one-pass reader accepts only what it can prove is
 * jansson's own canonical output, byte for byte; whatever it is not sure
 * of goes back to jansson, so that a stored payload is judged exactly as
 * before, only without building a tree for the ones parley wrote. */
#include "payload_int.h"
#include "parley/mem.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define NO_KEY    UINT32_MAX
#define NO_STRING UINT32_MAX
/* Deeper payloads are left to jansson (its own limit is 2048). */
#define MAX_DEPTH 64
/* 18 digits always fit a long long; longer integers are left to jansson. */
#define MAX_DIGITS 18

void pl_payload_init(pl_payload *p)
{
	p->container = 0;
	p->count = 0;
	p->capacity = PL_PAYLOAD_INLINE_ENTRIES;
	p->entries = NULL;
	p->used = 0;
	p->size = PL_PAYLOAD_INLINE_BYTES;
	p->strings = NULL;
}

void pl_payload_clear(pl_payload *p)
{
	free(p->entries);
	free(p->strings);
	pl_payload_init(p);
}

static pl_payload_entry *entries(const pl_payload *p)
{
	return p->entries ? p->entries : (pl_payload_entry *)p->inline_entries;
}

static const char *strings(const pl_payload *p)
{
	return p->strings ? p->strings : p->inline_strings;
}

static pl_payload_entry *add_entry(pl_payload *p, uint32_t key, int type)
{
	if (p->count == p->capacity) {
		size_t capacity = p->capacity;
		pl_payload_entry *grown = pl_grow(NULL, &capacity, p->count + 1, sizeof *grown);
		memcpy(grown, entries(p), p->count * sizeof *grown);
		free(p->entries);
		p->entries = grown;
		p->capacity = capacity;
	}
	pl_payload_entry *e = &entries(p)[p->count++];
	*e = (pl_payload_entry){key, NO_STRING, 0, (uint8_t)type, 0};
	return e;
}

/* Room for len more bytes of strings; returns where they go. */
static char *reserve(pl_payload *p, size_t len)
{
	if (p->used + len > p->size) {
		size_t size = p->size;
		char *grown = pl_grow(NULL, &size, p->used + len, 1);
		memcpy(grown, strings(p), p->used);
		free(p->strings);
		p->strings = grown;
		p->size = size;
	}
	return (char *)strings(p) + p->used;
}

static uint32_t add_string(pl_payload *p, const char *s, size_t len)
{
	char *to = reserve(p, len + 1);
	memcpy(to, s, len);
	to[len] = '\0';
	uint32_t at = (uint32_t)p->used;
	p->used += len + 1;
	return at;
}

/* --- the one-pass reader ------------------------------------------------- */

typedef struct reader {
	const unsigned char *s;
	size_t i, len;
	pl_payload *p;
} reader;

static int hex_upper(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One UTF-8 sequence of 2-4 bytes at r->i, as jansson validates it (no
 * overlong form, no surrogate, nothing past U+10FFFF). */
static int utf8_sequence(reader *r)
{
	const unsigned char *u = r->s + r->i;
	size_t left = r->len - r->i;
	unsigned c = u[0];
	size_t n = c >= 0xC2 && c <= 0xDF   ? 2
	           : c >= 0xE0 && c <= 0xEF ? 3
	           : c >= 0xF0 && c <= 0xF4 ? 4
	                                    : 0;
	if (n == 0 || left < n)
		return -1;
	unsigned long cp = c & (0xFF >> (n + 1));
	for (size_t k = 1; k < n; k++) {
		if ((u[k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[k] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return -1;
	r->i += n;
	return 0;
}

/* The escape after a backslash at r->i, as jansson writes it: the short
 * forms, and \u00XX (upper-case hex) for other control characters only.
 * Returns the character, or -1. */
static int escape(reader *r)
{
	if (r->i + 1 >= r->len)
		return -1;
	unsigned char c = r->s[r->i + 1];
	static const char from[] = "\"\\bfnrt", to[] = "\"\\\b\f\n\r\t";
	const char *at = c ? strchr(from, c) : NULL;
	if (at) {
		r->i += 2;
		return to[at - from];
	}
	if (c != 'u' || r->i + 6 > r->len || r->s[r->i + 2] != '0' || r->s[r->i + 3] != '0')
		return -1;
	int high = hex_upper(r->s[r->i + 4]), low = hex_upper(r->s[r->i + 5]);
	int code = high < 0 || low < 0 ? -1 : high * 16 + low;
	if (code < 1 || code >= 0x20 || code == '\b' || code == '\f' || code == '\n' ||
	    code == '\r' || code == '\t')
		return -1;
	r->i += 6;
	return code;
}

/* The len bytes of a string read by read_string, unescaped into to (at
 * least len + 1 bytes: never longer unescaped), NUL-terminated; the
 * unescaped length. */
static size_t unescape(const unsigned char *raw, size_t len, char *to)
{
	size_t n = 0;
	reader again = {raw, 0, len, NULL};
	while (again.i < again.len) {
		if (again.s[again.i] == '\\')
			to[n++] = (char)escape(&again);
		else
			to[n++] = (char)again.s[again.i++];
	}
	to[n] = '\0';
	return n;
}

/* 1 when none of eight bytes ends or escapes a string or needs a check:
 * all ASCII from U+0020, no quote, no backslash (the has-zero-byte test of
 * Hacker's Delight, applied to each condition). */
static int plain8(const unsigned char *u)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, u, 8);
	uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
	uint64_t bad =
	    (w - ones * 0x20) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
	return ((bad | w) & high) == 0;
}

/* A string at r->i (its opening quote). When keep, its value is copied to
 * the payload's strings and *at says where. *raw and *raw_len give the
 * bytes between the quotes, *escaped whether any were escapes. */
static int read_string(reader *r, int keep, uint32_t *at, const unsigned char **raw,
                       size_t *raw_len, int *escaped)
{
	size_t start = ++r->i;
	*escaped = 0;
	for (;;) {
#if defined(__SSE2__)
		/* Sixteen at a time; the first byte that stops the run (below
		 * 0x20 or above 0x7f — negative as a signed byte — a quote or a
		 * backslash) is found by its bit in the mask. */
		while (r->i + 16 <= r->len) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(r->s + r->i));
			__m128i stop =
			    _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
			                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
			int mask = _mm_movemask_epi8(stop);
			if (mask) {
				r->i += (size_t)__builtin_ctz((unsigned)mask);
				break;
			}
			r->i += 16;
		}
#endif
		while (r->i + 8 <= r->len && plain8(r->s + r->i))
			r->i += 8;
		while (r->i < r->len && r->s[r->i] >= 0x20 && r->s[r->i] < 0x80 &&
		       r->s[r->i] != '"' && r->s[r->i] != '\\')
			r->i++;
		if (r->i >= r->len)
			return -1;
		unsigned char c = r->s[r->i];
		if (c == '"')
			break;
		if (c == '\\') {
			if (escape(r) < 0)
				return -1;
			*escaped = 1;
		} else if (c < 0x20 || utf8_sequence(r) != 0) {
			return -1;
		}
	}
	*raw = r->s + start;
	*raw_len = r->i - start;
	r->i++; /* the closing quote */
	if (!keep)
		return 0;
	if (!*escaped) {
		*at = add_string(r->p, (const char *)*raw, *raw_len);
		return 0;
	}
	/* Unescaped, it is never longer. */
	size_t n = unescape(*raw, *raw_len, reserve(r->p, *raw_len + 1));
	*at = (uint32_t)r->p->used;
	r->p->used += n + 1;
	return 0;
}

/* An integer as jansson writes one: no plus, no leading zero, no "-0". */
static int read_integer(reader *r, long long *out)
{
	int negative = r->s[r->i] == '-';
	if (negative)
		r->i++;
	size_t first = r->i;
	unsigned long long value = 0;
	while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		value = value * 10 + (unsigned)(r->s[r->i++] - '0');
	size_t digits = r->i - first;
	if (digits == 0 || digits > MAX_DIGITS || (r->s[first] == '0' && (digits > 1 || negative)))
		return -1;
	if (r->i < r->len && (r->s[r->i] == '.' || r->s[r->i] == 'e' || r->s[r->i] == 'E'))
		return -1; /* a real: left to jansson */
	*out = negative ? -(long long)value : (long long)value;
	return 0;
}

static int read_literal(reader *r, const char *word)
{
	size_t n = strlen(word);
	if (r->len - r->i < n || memcmp(r->s + r->i, word, n) != 0)
		return -1;
	r->i += n;
	return 0;
}

/* Keys in jansson's sorted order: bytewise, a prefix first. */
static int key_after(const unsigned char *key, size_t len, const unsigned char *before,
                     size_t before_len)
{
	size_t n = len < before_len ? len : before_len;
	int c = memcmp(key, before, n);
	return c > 0 || (c == 0 && len > before_len);
}

static int read_value(reader *r, int depth, pl_payload_entry *keep);

/* An object at r->i; its fields become entries at depth 0 (the payload's
 * own fields). */
static int read_object(reader *r, int depth)
{
	r->i++;
	if (r->i < r->len && r->s[r->i] == '}') {
		r->i++;
		return 0;
	}
	const unsigned char *before = NULL;
	size_t before_len = 0;
	for (;;) {
		const unsigned char *key;
		size_t key_len;
		int escaped;
		uint32_t key_at = NO_KEY;
		if (r->i >= r->len || r->s[r->i] != '"' ||
		    read_string(r, depth == 0, &key_at, &key, &key_len, &escaped) != 0 || escaped ||
		    (before && !key_after(key, key_len, before, before_len)))
			return -1;
		before = key;
		before_len = key_len;
		if (r->i >= r->len || r->s[r->i] != ':')
			return -1;
		r->i++;
		pl_payload_entry *field =
		    depth == 0 ? add_entry(r->p, key_at, PL_PAYLOAD_ABSENT) : NULL;
		/* add_entry may move the entries: the field is found again by index. */
		size_t index = field ? r->p->count - 1 : 0;
		if (read_value(r, depth + 1, field ? &entries(r->p)[index] : NULL) != 0)
			return -1;
		if (r->i >= r->len)
			return -1;
		if (r->s[r->i] == '}') {
			r->i++;
			return 0;
		}
		if (r->s[r->i] != ',')
			return -1;
		r->i++;
	}
}

/* An array at r->i; when it is a field of the payload (index given), its
 * items become entries after it. */
static int read_array(reader *r, int depth, size_t index, int keep)
{
	r->i++;
	if (r->i < r->len && r->s[r->i] == ']') {
		r->i++;
		return 0;
	}
	for (;;) {
		pl_payload_entry *item = keep ? add_entry(r->p, NO_KEY, PL_PAYLOAD_ABSENT) : NULL;
		if (item)
			entries(r->p)[index].count++;
		size_t at = keep ? r->p->count - 1 : 0;
		if (read_value(r, depth + 1, keep ? &entries(r->p)[at] : NULL) != 0)
			return -1;
		if (r->i >= r->len)
			return -1;
		if (r->s[r->i] == ']') {
			r->i++;
			return 0;
		}
		if (r->s[r->i] != ',')
			return -1;
		r->i++;
	}
}

/* A value at r->i, at depth (0: the payload itself). keep: the entry that
 * records it (a field of the payload or an item of one of its arrays). */
static int read_value(reader *r, int depth, pl_payload_entry *keep)
{
	if (r->i >= r->len || depth > MAX_DEPTH)
		return -1;
	unsigned char c = r->s[r->i];
	int type;
	int rc;
	long long number = 0;
	uint32_t at = NO_STRING;
	/* keep may move while the value is read: remember its index. */
	size_t index = keep ? (size_t)(keep - entries(r->p)) : 0;
	if (c == '{') {
		type = PL_PAYLOAD_OBJECT;
		if (keep)
			keep->type = (uint8_t)type;
		if (depth == 0)
			r->p->container = 1;
		return read_object(r, depth);
	} else if (c == '[') {
		if (depth == 0)
			r->p->container = 1;
		if (keep)
			keep->type = PL_PAYLOAD_ARRAY;
		/* Only the payload's own fields keep their items. */
		return read_array(r, depth, index, keep && depth == 1);
	} else if (c == '"') {
		const unsigned char *raw;
		size_t raw_len;
		int escaped;
		type = PL_PAYLOAD_STRING;
		rc = read_string(r, keep != NULL, &at, &raw, &raw_len, &escaped);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		type = PL_PAYLOAD_INTEGER;
		rc = read_integer(r, &number);
	} else if (c == 't' || c == 'f') {
		type = PL_PAYLOAD_BOOL;
		rc = read_literal(r, c == 't' ? "true" : "false");
	} else {
		type = PL_PAYLOAD_NULL;
		rc = read_literal(r, "null");
	}
	if (rc == 0 && keep) {
		pl_payload_entry *e = &entries(r->p)[index];
		e->type = (uint8_t)type;
		e->string = at;
		e->integer = number;
	}
	return rc;
}

int pl_payload_read(pl_payload *p, const char *text, size_t len)
{
	pl_payload_clear(p);
	reader r = {(const unsigned char *)text, 0, len, p};
	if (len >= NO_STRING || read_value(&r, 0, NULL) != 0 || r.i != len) {
		pl_payload_clear(p);
		return 0;
	}
	return 1;
}

/* --- piece by piece ------------------------------------------------------ */

/* A reader over the cursor's text from its position (no payload to fill). */
static reader at_cursor(const pl_json_cursor *c)
{
	return (reader){(const unsigned char *)c->s, c->i, c->len, NULL};
}

int pl_json_at(const pl_json_cursor *c, char ch)
{
	return c->i < c->len && c->s[c->i] == ch;
}

int pl_json_expect(pl_json_cursor *c, char ch)
{
	if (!pl_json_at(c, ch))
		return -1;
	c->i++;
	return 0;
}

int pl_json_null(pl_json_cursor *c)
{
	reader r = at_cursor(c);
	if (read_literal(&r, "null") != 0)
		return -1;
	c->i = r.i;
	return 0;
}

int pl_json_key(pl_json_cursor *c, const char **key, size_t *len)
{
	reader r = at_cursor(c);
	const unsigned char *raw;
	int escaped;
	if (!pl_json_at(c, '"') || read_string(&r, 0, NULL, &raw, len, &escaped) != 0 || escaped ||
	    r.i >= r.len || r.s[r.i] != ':')
		return -1;
	*key = (const char *)raw;
	c->i = r.i + 1;
	return 0;
}

char *pl_json_string(pl_json_cursor *c)
{
	reader r = at_cursor(c);
	const unsigned char *raw;
	size_t len;
	int escaped;
	if (!pl_json_at(c, '"') || read_string(&r, 0, NULL, &raw, &len, &escaped) != 0)
		return NULL;
	c->i = r.i;
	char *out = pl_malloc(len + 1);
	if (escaped) {
		unescape(raw, len, out);
	} else {
		memcpy(out, raw, len);
		out[len] = '\0';
	}
	return out;
}

int pl_json_integer(pl_json_cursor *c, long long *out)
{
	reader r = at_cursor(c);
	if (read_integer(&r, out) != 0)
		return -1;
	c->i = r.i;
	return 0;
}

int pl_json_skip(pl_json_cursor *c)
{
	reader r = at_cursor(c);
	/* Depth 1: a value inside the payload, whose fields are not kept. */
	if (read_value(&r, 1, NULL) != 0)
		return -1;
	c->i = r.i;
	return 0;
}

/* --- from a jansson tree ------------------------------------------------- */

static int type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return PL_PAYLOAD_OBJECT;
	case JSON_ARRAY:
		return PL_PAYLOAD_ARRAY;
	case JSON_STRING:
		return PL_PAYLOAD_STRING;
	case JSON_INTEGER:
		return PL_PAYLOAD_INTEGER;
	case JSON_REAL:
		return PL_PAYLOAD_REAL;
	case JSON_TRUE:
	case JSON_FALSE:
		return PL_PAYLOAD_BOOL;
	default:
		return PL_PAYLOAD_NULL;
	}
}

static void fill(pl_payload *p, pl_payload_entry *e, const json_t *v)
{
	e->type = (uint8_t)type_of(v);
	e->integer = json_integer_value(v);
	if (json_is_string(v))
		e->string = add_string(p, json_string_value(v), json_string_length(v));
}

void pl_payload_from_json(pl_payload *p, const json_t *payload)
{
	pl_payload_clear(p);
	p->container = json_is_object(payload) || json_is_array(payload);
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)payload, key, v)
	{
		uint32_t key_at = add_string(p, key, strlen(key));
		fill(p, add_entry(p, key_at, PL_PAYLOAD_ABSENT), v);
		size_t index = p->count - 1;
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item)
		{
			fill(p, add_entry(p, NO_KEY, PL_PAYLOAD_ABSENT), item);
			entries(p)[index].count++;
		}
	}
}

int pl_payload_parse(pl_payload *p, const char *text)
{
	if (pl_payload_read(p, text, strlen(text)))
		return p->container;
	json_t *tree = json_loads(text, JSON_DECODE_ANY, NULL);
	if (tree)
		pl_payload_from_json(p, tree);
	json_decref(tree);
	return p->container;
}

/* --- queries ------------------------------------------------------------- */

static const pl_payload_entry *find(const pl_payload *p, const char *key)
{
	const pl_payload_entry *e = entries(p);
	const char *s = strings(p);
	for (size_t i = 0; i < p->count; i += 1 + e[i].count)
		if (strcmp(s + e[i].key, key) == 0)
			return &e[i];
	return NULL;
}

int pl_payload_type(const pl_payload *p, const char *key)
{
	const pl_payload_entry *e = find(p, key);
	return e ? e->type : PL_PAYLOAD_ABSENT;
}

const char *pl_payload_string(const pl_payload *p, const char *key)
{
	const pl_payload_entry *e = find(p, key);
	return e && e->type == PL_PAYLOAD_STRING ? strings(p) + e->string : NULL;
}

long long pl_payload_integer(const pl_payload *p, const char *key)
{
	const pl_payload_entry *e = find(p, key);
	return e && e->type == PL_PAYLOAD_INTEGER ? e->integer : 0;
}

size_t pl_payload_array(const pl_payload *p, const char *key, const pl_payload_entry **items)
{
	const pl_payload_entry *e = find(p, key);
	*items = e ? e + 1 : NULL;
	return e && e->type == PL_PAYLOAD_ARRAY ? e->count : 0;
}

const char *pl_payload_item(const pl_payload *p, const pl_payload_entry *items, size_t i)
{
	return items[i].type == PL_PAYLOAD_STRING ? strings(p) + items[i].string : NULL;
}
