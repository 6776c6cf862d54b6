/* strmap_int.h — a string-keyed hash map to size_t values (open addressing).
 * Keys are borrowed: they must outlive the map. */
#ifndef PARLEY_STRMAP_INT_H
#define PARLEY_STRMAP_INT_H

#include <stddef.h>
#include <stdint.h>

/* One slot: a probe reads one entry, and compares keys only when the
 * hashes agree. key is NULL in an empty slot. */
typedef struct pl_strmap_entry {
	const char *key;
	uint32_t hash; /* the low bits of pl_strhash */
	uint32_t len;  /* keys are shorter than 4 GiB */
	size_t value;
} pl_strmap_entry;

typedef struct pl_strmap {
	pl_strmap_entry *slots;
	size_t capacity; /* a power of two */
	size_t count;
} pl_strmap;

void pl_strmap_init(pl_strmap *map);
void pl_strmap_free(pl_strmap *map);
/* Makes room for count keys in all, so that inserting them rehashes never. */
void pl_strmap_reserve(pl_strmap *map, size_t count);
/* Inserts key (first insertion wins; later ones are ignored) and returns 1
 * if it was new. */
int pl_strmap_put(pl_strmap *map, const char *key, size_t len, size_t value);
/* Inserts key, or replaces its value and returns 1 with the old one in
 * *old (one lookup for both). */
int pl_strmap_swap(pl_strmap *map, const char *key, size_t len, size_t value, size_t *old);
/* Inserts key or replaces its value. */
void pl_strmap_set(pl_strmap *map, const char *key, size_t len, size_t value);
/* 1 and *value when key is present. */
int pl_strmap_get(const pl_strmap *map, const char *key, size_t len, size_t *value);
/* FNV-1a, 64 bit. */
uint64_t pl_strhash(const char *key, size_t len);

#endif
