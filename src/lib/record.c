#include "record_int.h"

#include <sodium.h>

int pl_record_init(void) { return sodium_init() < 0 ? -1 : 0; }

void pl_hash(uint8_t out[PL_HASH_BYTES], const void *data, size_t len)
{
	crypto_generichash(out, PL_HASH_BYTES, data, len, NULL, 0);
}

void pl_hash2(uint8_t out[PL_HASH_BYTES], const void *a, size_t a_len, const void *b,
	      size_t b_len)
{
	crypto_generichash_state state;
	crypto_generichash_init(&state, NULL, 0, PL_HASH_BYTES);
	crypto_generichash_update(&state, a, a_len);
	crypto_generichash_update(&state, b, b_len);
	crypto_generichash_final(&state, out, PL_HASH_BYTES);
}

void pl_hex(char *out, const uint8_t *bytes, size_t len)
{
	sodium_bin2hex(out, 2 * len + 1, bytes, len);
}
