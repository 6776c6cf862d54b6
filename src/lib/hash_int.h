/* hash_int.h — a fast 64-bit hash of bytes for tables that live in one
 * process (never stored: it may change between builds). */
#ifndef PARLEY_HASH_INT_H
#define PARLEY_HASH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* p[0 .. len), eight bytes at a time (splitmix64's constants). room is
 * how many bytes from p may be read, at least len: with eight or more
 * left past the last whole word, the tail is one masked load. */
static inline uint64_t pl_hash_bytes(const unsigned char *p, size_t len, size_t room)
{
	uint64_t h = 0x9E3779B97F4A7C15ull * (len + 1);
	for (; len >= 8; p += 8, len -= 8, room -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	if (len && room >= 8) {
		memcpy(&w, p, 8);
		w &= ~(uint64_t)0 >> (64 - 8 * len);
	} else {
		for (size_t i = 0; i < len; i++)
			w |= (uint64_t)p[i] << (8 * i);
	}
	h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
	h ^= h >> 31;
	h *= 0x94D049BB133111EBull;
	return h ^ (h >> 32);
}

#endif
