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
	free(map->keys);
	free(map->key_lengths);
	free(map->values);
	pl_strmap_init(map);
}

static size_t slot_of(const pl_strmap *map, const char *key, size_t len)
{
	size_t mask = map->capacity - 1;
	size_t i = (size_t)pl_strhash(key, len) & mask;
	while (map->keys[i] && (map->key_lengths[i] != len || memcmp(map->keys[i], key, len) != 0))
		i = (i + 1) & mask;
	return i;
}

static void rehash_to(pl_strmap *map, size_t capacity)
{
	pl_strmap old = *map;
	map->capacity = capacity;
	map->keys = pl_calloc(map->capacity, sizeof *map->keys);
	map->key_lengths = pl_calloc(map->capacity, sizeof *map->key_lengths);
	map->values = pl_calloc(map->capacity, sizeof *map->values);
	for (size_t i = 0; i < old.capacity; i++) {
		if (!old.keys[i])
			continue;
		size_t slot = slot_of(map, old.keys[i], old.key_lengths[i]);
		map->keys[slot] = old.keys[i];
		map->key_lengths[slot] = old.key_lengths[i];
		map->values[slot] = old.values[i];
	}
	free(old.keys);
	free(old.key_lengths);
	free(old.values);
}

static void rehash(pl_strmap *map)
{
	rehash_to(map, map->capacity ? map->capacity * 2 : 64);
}

void pl_strmap_reserve(pl_strmap *map, size_t count)
{
	size_t capacity = map->capacity ? map->capacity : 64;
	while (2 * (count + 1) > capacity)
		capacity *= 2;
	if (capacity > map->capacity)
		rehash_to(map, capacity);
}

int pl_strmap_put(pl_strmap *map, const char *key, size_t len, size_t value)
{
	if (2 * (map->count + 1) > map->capacity)
		rehash(map);
	size_t slot = slot_of(map, key, len);
	if (map->keys[slot])
		return 0;
	map->keys[slot] = key;
	map->key_lengths[slot] = len;
	map->values[slot] = value;
	map->count++;
	return 1;
}

void pl_strmap_set(pl_strmap *map, const char *key, size_t len, size_t value)
{
	size_t old;
	pl_strmap_swap(map, key, len, value, &old);
}

int pl_strmap_swap(pl_strmap *map, const char *key, size_t len, size_t value, size_t *old)
{
	if (2 * (map->count + 1) > map->capacity)
		rehash(map);
	size_t slot = slot_of(map, key, len);
	if (map->keys[slot]) {
		*old = map->values[slot];
		map->values[slot] = value;
		return 1;
	}
	map->keys[slot] = key;
	map->key_lengths[slot] = len;
	map->values[slot] = value;
	map->count++;
	return 0;
}

int pl_strmap_get(const pl_strmap *map, const char *key, size_t len, size_t *value)
{
	if (!map->capacity)
		return 0;
	size_t slot = slot_of(map, key, len);
	if (!map->keys[slot])
		return 0;
	*value = map->values[slot];
	return 1;
}
