#include "strmap_int.h"
#include "parley/mem.h"

#include <stdlib.h>
#include <string.h>

uint64_t pl_strhash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3u;
	}
	return h;
}

void pl_strmap_init(pl_strmap *map)
{
	memset(map, 0, sizeof *map);
}

void pl_strmap_free(pl_strmap *map)
{
	free(map->slots);
	pl_strmap_init(map);
}

/* The slot of key, or the empty slot where it would go. */
static pl_strmap_entry *slot_of(const pl_strmap *map, const char *key, size_t len, uint32_t hash)
{
	size_t mask = map->capacity - 1;
	size_t i = hash & mask;
	for (;;) {
		pl_strmap_entry *e = &map->slots[i];
		if (!e->key || (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0))
			return e;
		i = (i + 1) & mask;
	}
}

static void rehash_to(pl_strmap *map, size_t capacity)
{
	pl_strmap old = *map;
	map->capacity = capacity;
	map->slots = pl_calloc(capacity, sizeof *map->slots);
	for (size_t i = 0; i < old.capacity; i++)
		if (old.slots[i].key)
			*slot_of(map, old.slots[i].key, old.slots[i].len, old.slots[i].hash) =
			    old.slots[i];
	free(old.slots);
}

void pl_strmap_reserve(pl_strmap *map, size_t count)
{
	size_t capacity = map->capacity ? map->capacity : 64;
	while (2 * (count + 1) > capacity)
		capacity *= 2;
	if (capacity > map->capacity)
		rehash_to(map, capacity);
}

/* The slot for key, growing the map first if one more key would fill it
 * over half; *fresh says whether key was put in just now. */
static pl_strmap_entry *claim(pl_strmap *map, const char *key, size_t len, int *fresh)
{
	if (2 * (map->count + 1) > map->capacity)
		rehash_to(map, map->capacity ? map->capacity * 2 : 64);
	uint32_t hash = (uint32_t)pl_strhash(key, len);
	pl_strmap_entry *e = slot_of(map, key, len, hash);
	*fresh = !e->key;
	if (*fresh) {
		e->key = key;
		e->hash = hash;
		e->len = (uint32_t)len;
		map->count++;
	}
	return e;
}

int pl_strmap_put(pl_strmap *map, const char *key, size_t len, size_t value)
{
	int fresh;
	pl_strmap_entry *e = claim(map, key, len, &fresh);
	if (fresh)
		e->value = value;
	return fresh;
}

void pl_strmap_set(pl_strmap *map, const char *key, size_t len, size_t value)
{
	size_t old;
	pl_strmap_swap(map, key, len, value, &old);
}

int pl_strmap_swap(pl_strmap *map, const char *key, size_t len, size_t value, size_t *old)
{
	int fresh;
	pl_strmap_entry *e = claim(map, key, len, &fresh);
	if (!fresh)
		*old = e->value;
	e->value = value;
	return !fresh;
}

int pl_strmap_get(const pl_strmap *map, const char *key, size_t len, size_t *value)
{
	if (!map->capacity)
		return 0;
	const pl_strmap_entry *e = slot_of(map, key, len, (uint32_t)pl_strhash(key, len));
	if (!e->key)
		return 0;
	*value = e->value;
	return 1;
}
