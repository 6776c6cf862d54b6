/* record_int.h — hashing for the record layer (the only module that calls
 * libsodium). */
#ifndef PARLEY_RECORD_INT_H
#define PARLEY_RECORD_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"

#define PL_HASH_BYTES 32
#define PL_HASH_HEX   (2 * PL_HASH_BYTES + 1)

/* Initialises libsodium once; returns 0, or -1 when it cannot start. */
int pl_record_init(void);
/* BLAKE2b-256 of data. */
void pl_hash(uint8_t out[PL_HASH_BYTES], const void *data, size_t len);
/* BLAKE2b-256 of a then b, as if concatenated. */
void pl_hash2(uint8_t out[PL_HASH_BYTES], const void *a, size_t a_len, const void *b, size_t b_len);
#define PL_PUBLIC_KEY_BYTES 32
#define PL_SECRET_KEY_BYTES 64
#define PL_SIGNATURE_BYTES  64

/* A delegate's key pair. The secret half lives only in memory that is
 * wiped by pl_keypair_wipe, and in the key file. */
typedef struct pl_keypair {
	uint8_t public_key[PL_PUBLIC_KEY_BYTES];
	uint8_t secret_key[PL_SECRET_KEY_BYTES];
} pl_keypair;

void pl_keypair_generate(pl_keypair *out);
/* The key pair of a 32-byte seed (the same seed, the same pair). */
void pl_keypair_from_seed(pl_keypair *out, const uint8_t seed[32]);
void pl_keypair_wipe(pl_keypair *pair);

/* Writes a new key file at path (mode 0600, created exclusively, never
 * through a symbolic link). PL_ECONFLICT if it exists, PL_EIO otherwise. */
int pl_key_file_write(const char *path, const pl_keypair *pair, pl_error *err);

/* Reads the key file at path, refusing a link, a file others may read or
 * write, a file of another owner, and a corrupted file; when expected is
 * not NULL, the key must be that public key's. */
int pl_key_file_read(const char *path, const uint8_t *expected, pl_keypair *out, pl_error *err);

/* Ed25519 over a 32-byte event hash. */
void pl_sign(uint8_t signature[PL_SIGNATURE_BYTES], const uint8_t hash[PL_HASH_BYTES],
             const pl_keypair *pair);
/* 1 when signature is public_key's over hash. */
int pl_signature_valid(const uint8_t signature[PL_SIGNATURE_BYTES],
                       const uint8_t hash[PL_HASH_BYTES], const uint8_t *public_key);
/* The same, remembering for the whole process the last few thousand
 * triples found valid (a pure function: remembering is as good as checking
 * again); for the events one handle recorded and its siblings take in. */
int pl_signature_valid_remembered(const uint8_t signature[PL_SIGNATURE_BYTES],
                                  const uint8_t hash[PL_HASH_BYTES], const uint8_t *public_key);

/* Ed25519 over message[0..len) (signing.h's pl_signature_check verifies). */
void pl_sign_message(uint8_t signature[PL_SIGNATURE_BYTES], const void *message, size_t len,
                     const pl_keypair *pair);

/* Fills out with random bytes. */
void pl_random(uint8_t *out, size_t len);

/* Parses 2 * len hex digits; 0 on success. */
int pl_unhex(uint8_t *out, size_t len, const char *hex);

/* Lower-case hex of bytes into out (2 * len + 1 bytes). */
void pl_hex(char *out, const uint8_t *bytes, size_t len);
/* The same, by table lookup: not constant-time, so for what is public
 * (hashes) and never for a secret. */
void pl_hex_public(char *out, const uint8_t *bytes, size_t len);

#endif
