/* record_int.h — hashing for the record layer (the only module that calls
 * libsodium). */
#ifndef PARLEY_RECORD_INT_H
#define PARLEY_RECORD_INT_H

#include <stddef.h>
#include <stdint.h>

#define PL_HASH_BYTES 32
#define PL_HASH_HEX (2 * PL_HASH_BYTES + 1)

/* Initialises libsodium once; returns 0, or -1 when it cannot start. */
int pl_record_init(void);
/* BLAKE2b-256 of data. */
void pl_hash(uint8_t out[PL_HASH_BYTES], const void *data, size_t len);
/* BLAKE2b-256 of a then b, as if concatenated. */
void pl_hash2(uint8_t out[PL_HASH_BYTES], const void *a, size_t a_len, const void *b,
	      size_t b_len);
/* Lower-case hex of bytes into out (2 * len + 1 bytes). */
void pl_hex(char *out, const uint8_t *bytes, size_t len);

#endif
