#include "record_int.h"
#include "parley/signing.h"

#include <sodium.h>

int pl_record_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void pl_hash(uint8_t out[PL_HASH_BYTES], const void *data, size_t len)
{
	crypto_generichash(out, PL_HASH_BYTES, data, len, NULL, 0);
}

void pl_hash2(uint8_t out[PL_HASH_BYTES], const void *a, size_t a_len, const void *b, size_t b_len)
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

void pl_hex_public(char *out, const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Key file: one line of text, "parley-ed25519-secret-v1 " and the 64-byte
 * secret key (seed and public key, as libsodium keeps it) in hex. */
#define KEY_FILE_MAGIC "parley-ed25519-secret-v1 "
#define KEY_FILE_SIZE  (sizeof KEY_FILE_MAGIC - 1 + 2 * PL_SECRET_KEY_BYTES + 1)

void pl_keypair_generate(pl_keypair *out)
{
	crypto_sign_keypair(out->public_key, out->secret_key);
}

void pl_keypair_wipe(pl_keypair *pair)
{
	sodium_memzero(pair, sizeof *pair);
}

void pl_random(uint8_t *out, size_t len)
{
	randombytes_buf(out, len);
}

int pl_unhex(uint8_t *out, size_t len, const char *hex)
{
	size_t got = 0;
	if (strlen(hex) != 2 * len)
		return -1;
	if (sodium_hex2bin(out, len, hex, 2 * len, NULL, &got, NULL) != 0 || got != len)
		return -1;
	return 0;
}

int pl_key_file_write(const char *path, const pl_keypair *pair, pl_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return pl_error_set(err, errno == EEXIST ? PL_ECONFLICT : PL_EIO,
		                    "cannot create key file %s: %s", path, strerror(errno));
	char text[KEY_FILE_SIZE + 1];
	memcpy(text, KEY_FILE_MAGIC, sizeof KEY_FILE_MAGIC - 1);
	sodium_bin2hex(text + sizeof KEY_FILE_MAGIC - 1, 2 * PL_SECRET_KEY_BYTES + 1,
	               pair->secret_key, PL_SECRET_KEY_BYTES);
	text[KEY_FILE_SIZE - 1] = '\n';
	ssize_t n = write(fd, text, KEY_FILE_SIZE);
	sodium_memzero(text, sizeof text);
	int failed = n != (ssize_t)KEY_FILE_SIZE || fsync(fd) != 0;
	close(fd);
	if (failed) {
		unlink(path);
		return pl_error_set(err, PL_EIO, "cannot write key file %s", path);
	}
	return 0;
}

static int check_key_file(int fd, const char *path, pl_error *err)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return pl_error_set(err, PL_EIO, "key file %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pl_error_set(err, PL_EDENIED, "key file %s is not a regular file", path);
	if (st.st_mode & 077)
		return pl_error_set(err, PL_EDENIED,
		                    "key file %s may be read by others (mode %03o); refusing it "
		                    "(chmod 600 it if it is really yours)",
		                    path, (unsigned)(st.st_mode & 0777));
	if (st.st_uid != geteuid())
		return pl_error_set(err, PL_EDENIED, "key file %s belongs to another user", path);
	return 0;
}

int pl_key_file_read(const char *path, const uint8_t *expected, pl_keypair *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			return pl_error_set(err, PL_EDENIED,
			                    "key file %s is a symbolic link; refusing it", path);
		return pl_error_set(err, errno == ENOENT ? PL_ENOTFOUND : PL_EIO, "key file %s: %s",
		                    path, strerror(errno));
	}
	int rc = check_key_file(fd, path, err);
	char text[KEY_FILE_SIZE + 2];
	ssize_t n = rc ? 0 : read(fd, text, sizeof text);
	close(fd);
	if (rc)
		return rc;
	size_t hex_len = 2 * PL_SECRET_KEY_BYTES;
	size_t magic = sizeof KEY_FILE_MAGIC - 1;
	size_t got = 0;
	if (n != (ssize_t)KEY_FILE_SIZE || memcmp(text, KEY_FILE_MAGIC, magic) != 0 ||
	    text[KEY_FILE_SIZE - 1] != '\n' ||
	    sodium_hex2bin(out->secret_key, PL_SECRET_KEY_BYTES, text + magic, hex_len, NULL, &got,
	                   NULL) != 0 ||
	    got != PL_SECRET_KEY_BYTES)
		rc = pl_error_set(err, PL_EINVALID, "key file %s is corrupted", path);
	sodium_memzero(text, sizeof text);
	if (rc == 0) {
		/* A libsodium secret key is the seed and the public key: derive the
		 * key again from the seed; a file whose halves disagree was damaged. */
		uint8_t seed[32], again[PL_SECRET_KEY_BYTES];
		crypto_sign_ed25519_sk_to_seed(seed, out->secret_key);
		crypto_sign_seed_keypair(out->public_key, again, seed);
		sodium_memzero(seed, sizeof seed);
		sodium_memzero(again, sizeof again);
		if (memcmp(out->public_key, out->secret_key + 32, 32) != 0)
			rc = pl_error_set(err, PL_EINVALID, "key file %s is corrupted", path);
		else if (expected && memcmp(out->public_key, expected, PL_PUBLIC_KEY_BYTES) != 0)
			rc = pl_error_set(err, PL_EBADSIG,
			                  "key file %s holds another delegate's key", path);
	}
	if (rc)
		pl_keypair_wipe(out);
	return rc;
}

void pl_sign(uint8_t signature[PL_SIGNATURE_BYTES], const uint8_t hash[PL_HASH_BYTES],
             const pl_keypair *pair)
{
	crypto_sign_detached(signature, NULL, hash, PL_HASH_BYTES, pair->secret_key);
}

/* Signatures found valid, remembered (pl_signature_valid_remembered): a
 * server's handles each take in every event the process's writer recorded
 * (catching up), and an Ed25519 check (46 us here) is most of what that
 * costs. Verification of a whole record (verify, opening) checks afresh. The check is a pure
 * function of the signature, the hash and the key, so remembering that it held is as good as
 * checking again; only valid ones are kept, each under the BLAKE2b-256 of all three, in a table of
 * fixed size (a newer one replaces an older one in its slot). */
#define VALID_SLOTS 8192
static uint8_t valid_seen[VALID_SLOTS][PL_HASH_BYTES];
static pthread_mutex_t valid_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t remembered_slot(const uint8_t signature[PL_SIGNATURE_BYTES],
                              const uint8_t hash[PL_HASH_BYTES], const uint8_t *public_key,
                              uint8_t digest[PL_HASH_BYTES])
{
	crypto_generichash_state state;
	crypto_generichash_init(&state, NULL, 0, PL_HASH_BYTES);
	crypto_generichash_update(&state, signature, PL_SIGNATURE_BYTES);
	crypto_generichash_update(&state, hash, PL_HASH_BYTES);
	crypto_generichash_update(&state, public_key, PL_PUBLIC_KEY_BYTES);
	crypto_generichash_final(&state, digest, PL_HASH_BYTES);
	uint32_t index;
	memcpy(&index, digest, sizeof index);
	return index % VALID_SLOTS;
}

int pl_signature_valid(const uint8_t signature[PL_SIGNATURE_BYTES],
                       const uint8_t hash[PL_HASH_BYTES], const uint8_t *public_key)
{
	return crypto_sign_verify_detached(signature, hash, PL_HASH_BYTES, public_key) == 0;
}

int pl_signature_valid_remembered(const uint8_t signature[PL_SIGNATURE_BYTES],
                                  const uint8_t hash[PL_HASH_BYTES], const uint8_t *public_key)
{
	uint8_t digest[PL_HASH_BYTES];
	size_t slot = remembered_slot(signature, hash, public_key, digest);
	pthread_mutex_lock(&valid_lock);
	int known = memcmp(valid_seen[slot], digest, PL_HASH_BYTES) == 0;
	pthread_mutex_unlock(&valid_lock);
	if (known)
		return 1;
	if (crypto_sign_verify_detached(signature, hash, PL_HASH_BYTES, public_key) != 0)
		return 0;
	pthread_mutex_lock(&valid_lock);
	memcpy(valid_seen[slot], digest, PL_HASH_BYTES);
	pthread_mutex_unlock(&valid_lock);
	return 1;
}

void pl_sign_message(uint8_t signature[PL_SIGNATURE_BYTES], const void *message, size_t len,
                     const pl_keypair *pair)
{
	crypto_sign_detached(signature, NULL, message, len, pair->secret_key);
}

int pl_signature_check(const uint8_t signature[64], const void *message, size_t len,
                       const uint8_t public_key[32])
{
	return crypto_sign_verify_detached(signature, message, len, public_key) == 0;
}

void pl_keypair_from_seed(pl_keypair *out, const uint8_t seed[32])
{
	crypto_sign_seed_keypair(out->public_key, out->secret_key, seed);
}
