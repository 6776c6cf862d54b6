/* payload_int.h — what the rules of authority read from an event's
 * payload: its top-level fields, and the items of its top-level arrays.
 *
 * A pl_payload is built either from the stored text, in one pass that also
 * proves the text canonical (pl_payload_read: no JSON tree, no allocation
 * for a small payload), or from a jansson tree (pl_payload_from_json: for
 * a payload being appended, and for any text the one-pass reader is not
 * sure of, which jansson then decides as before). The rules see the same
 * values either way.
 *
 * Ownership: a pl_payload owns copies of the strings it holds; strings it
 * returns are borrowed until pl_payload_clear. */
#ifndef PARLEY_PAYLOAD_INT_H
#define PARLEY_PAYLOAD_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum pl_payload_type {
	PL_PAYLOAD_ABSENT = 0,
	PL_PAYLOAD_NULL,
	PL_PAYLOAD_BOOL,
	PL_PAYLOAD_INTEGER,
	PL_PAYLOAD_REAL,
	PL_PAYLOAD_STRING,
	PL_PAYLOAD_ARRAY,
	PL_PAYLOAD_OBJECT
};

/* One top-level field, or one item of a top-level array (key == NO_KEY);
 * key and string are offsets into the payload's strings. */
typedef struct pl_payload_entry {
	uint32_t key;
	uint32_t string;
	uint32_t count; /* an array's items, which follow it */
	uint8_t type;
	long long integer;
} pl_payload_entry;

#define PL_PAYLOAD_INLINE_ENTRIES 12
#define PL_PAYLOAD_INLINE_BYTES   256

typedef struct pl_payload {
	int container; /* an object or an array: a payload the rules can read */
	size_t count, capacity;
	pl_payload_entry *entries; /* NULL: the inline ones */
	size_t used, size;
	char *strings; /* NULL: the inline bytes */
	pl_payload_entry inline_entries[PL_PAYLOAD_INLINE_ENTRIES];
	char inline_strings[PL_PAYLOAD_INLINE_BYTES];
} pl_payload;

void pl_payload_init(pl_payload *p);
void pl_payload_clear(pl_payload *p);

/* Reads text (len bytes) into p when it is, beyond doubt, the canonical
 * form jansson writes (sorted keys, compact, UTF-8 as is: what
 * json_dumps(JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY) gives for
 * its own json_loads(JSON_DECODE_ANY)), and returns 1. Returns 0, p
 * cleared, for anything else — non-canonical, not JSON, or a form this
 * reader leaves to jansson (reals, other escapes, deep nesting, integers
 * of 19 digits or more, escaped keys). */
int pl_payload_read(pl_payload *p, const char *text, size_t len);

/* Fills p from a parsed payload (any value; only an object has fields). */
void pl_payload_from_json(pl_payload *p, const json_t *value);

/* Reads text into p, canonical or not (by jansson when the one-pass reader
 * declines). Returns 1 when it is an object or an array, 0 otherwise. */
int pl_payload_parse(pl_payload *p, const char *text);

/* A top-level field: its type (PL_PAYLOAD_ABSENT when there is none). */
int pl_payload_type(const pl_payload *p, const char *key);
/* A top-level string field, or NULL (absent or not a string). */
const char *pl_payload_string(const pl_payload *p, const char *key);
/* A top-level integer field, or 0 (as json_integer_value). */
long long pl_payload_integer(const pl_payload *p, const char *key);
/* A top-level array field: its item count, and in *items its first item
 * (for pl_payload_item); 0 when absent or not an array. */
size_t pl_payload_array(const pl_payload *p, const char *key, const pl_payload_entry **items);
/* The i-th item of an array from pl_payload_array, when a string; else
 * NULL. */
const char *pl_payload_item(const pl_payload *p, const pl_payload_entry *items, size_t i);

/* --- a canonical payload read piece by piece ---------------------------
 * For a reader that walks a payload's structure itself (version_read.c),
 * with the one-pass reader's rules: each call reads one token or value at
 * c->i as jansson's canonical output writes it, moves past it and returns
 * 0, or returns -1 (c->i then undefined) for anything else. */
typedef struct pl_json_cursor {
	const char *s;
	size_t i, len;
} pl_json_cursor;

/* The byte ch (a bracket, brace, colon or comma). */
int pl_json_expect(pl_json_cursor *c, char ch);
/* 1 when the next byte is ch (nothing is read). */
int pl_json_at(const pl_json_cursor *c, char ch);
/* null. */
int pl_json_null(pl_json_cursor *c);
/* A key and its colon: *key and *len are its bytes in c->s (a key has no
 * escapes in canonical JSON). */
int pl_json_key(pl_json_cursor *c, const char **key, size_t *len);
/* A string, unescaped, as a new C string; NULL for anything else. */
char *pl_json_string(pl_json_cursor *c);
/* An integer (at most 18 digits). */
int pl_json_integer(pl_json_cursor *c, long long *out);
/* Any one value, read past. */
int pl_json_skip(pl_json_cursor *c);

#endif
