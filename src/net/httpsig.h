/* httpsig.h — parley's profile of HTTP Message Signatures (RFC 9421) and
 * Content-Digest (RFC 9530), for both sides: the client that signs a
 * request and the server that checks it.
 *
 * The profile (docs/remote.md): every signed request carries
 *
 *   Content-Digest: sha-256=:<base64 SHA-256 of the body, empty or not>:
 *   Signature-Input: parley=("@method" "@path" "@query" "content-digest");
 *       created=<unix s>;keyid="<64 hex>";alg="ed25519";nonce="<base64url>"
 *   Signature: parley=:<base64 Ed25519 signature over the signature base>:
 *
 * and the signature base is RFC 9421 section 2.5's: one line per covered
 * component and the "@signature-params" line, joined by "\n". Parsing is
 * strict: the structured fields (RFC 8941) are read only as far as this
 * profile needs, and anything else is refused with a message naming it.
 *
 * "@path" and "@query" are the request target exactly as sent on the wire
 * (percent-encoding untouched): "/api/docs/plan" and "?format=json", or
 * "?" alone when the request has no query.
 *
 * Ownership: every string is the caller's; nothing here keeps a pointer. */
#ifndef PARLEY_NET_HTTPSIG_H
#define PARLEY_NET_HTTPSIG_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/signing.h"

enum {
	PL_HTTPSIG_WINDOW = 60,    /* default validity of "created", seconds */
	PL_HTTPSIG_FUTURE = 5,     /* how far "created" may lie ahead of the clock */
	PL_HTTPSIG_NONCE_MIN = 16, /* nonce length, characters of base64url */
	PL_HTTPSIG_NONCE_MAX = 64,
	PL_HTTPSIG_HEADER_MAX = 512, /* each header value below fits, with its NUL */
	PL_HTTPSIG_PATH_MAX = 8192,  /* longest "@path" or "@query" accepted */
	PL_HTTPSIG_DIGEST_LEN = 54,  /* strlen("sha-256=:<44 chars>:") */
};

/* What a signature covers: the request's method ("GET"), path ("/api/x"),
 * query (without its "?"; NULL or "" for none) and body (may be NULL when
 * body_len is 0). */
typedef struct pl_httpsig_request {
	const char *method;
	const char *path;
	const char *query;
	const void *body;
	size_t body_len;
} pl_httpsig_request;

/* The three header values of a signed request (without the header names). */
typedef struct pl_httpsig_headers {
	char content_digest[PL_HTTPSIG_HEADER_MAX];
	char signature_input[PL_HTTPSIG_HEADER_MAX];
	char signature[PL_HTTPSIG_HEADER_MAX];
} pl_httpsig_headers;

/* A Signature-Input and Signature pair parsed by pl_httpsig_parse. */
typedef struct pl_httpsig_params {
	int64_t created;
	uint8_t public_key[32]; /* keyid, decoded */
	char keyid[65];         /* keyid as sent: 64 lower-case hex digits */
	char nonce[PL_HTTPSIG_NONCE_MAX + 1];
	uint8_t signature[64];
} pl_httpsig_params;

/* Appends to out the value of a Content-Digest header for body[0..len):
 * "sha-256=:<base64>:". */
void pl_httpsig_digest(pl_buf *out, const void *body, size_t len);

/* Checks a Content-Digest header value (NULL when the request had none)
 * against body[0..len): exactly one member, sha-256, a byte sequence of
 * 32 bytes, equal to the body's digest. PL_EINVALID names what is wrong;
 * PL_EBADSIG when the digest is well formed but not the body's. */
int pl_httpsig_digest_check(const char *header, const void *body, size_t len, pl_error *err);

/* Appends to out the signature base of RFC 9421 section 2.5 for request
 * under the profile's four components, with content_digest the
 * Content-Digest header's value and params the serialized signature
 * parameters (what follows "parley=" in Signature-Input). PL_EINVALID when
 * the method, path or query cannot be a request's (empty, a control
 * character or space, a path not starting with '/', over
 * PL_HTTPSIG_PATH_MAX). */
int pl_httpsig_base(pl_buf *out, const pl_httpsig_request *request, const char *content_digest,
                    const char *params, pl_error *err);

/* Appends to out the serialized signature parameters of the profile:
 * ("@method" "@path" "@query" "content-digest");created=..;keyid="..";
 * alg="ed25519";nonce=".." — keyid from public_key, nonce as given. */
void pl_httpsig_params_serialize(pl_buf *out, int64_t created, const uint8_t public_key[32],
                                 const char *nonce);

/* Makes a fresh nonce: 32 characters of base64url over 24 random bytes. */
void pl_httpsig_nonce(char out[PL_HTTPSIG_NONCE_MAX + 1]);

/* Signs request with signer at time created (unix seconds), with nonce
 * (NULL: a fresh one), filling the three headers. PL_EINVALID when the
 * request cannot be signed (see pl_httpsig_base) or the nonce is not 16
 * to 64 characters of base64url. */
int pl_httpsig_sign(pl_httpsig_headers *out, const pl_httpsig_request *request,
                    const pl_signer *signer, int64_t created, const char *nonce, pl_error *err);

/* Parses the Signature-Input and Signature header values strictly into
 * out. PL_EINVALID, the message naming what is wrong; a header missing
 * (NULL) is PL_ENOTFOUND ("unsigned"). */
int pl_httpsig_parse(pl_httpsig_params *out, const char *signature_input, const char *signature,
                     pl_error *err);

/* The server's check of a request, after it found who holds the key and
 * before it trusts anything else: parses both signature headers, checks
 * Content-Digest against the body received, "created" against now (no
 * older than window seconds, no more than PL_HTTPSIG_FUTURE ahead) and the
 * Ed25519 signature over the signature base. Fills out (when the headers
 * parse) so that the caller can look up the key and remember the nonce.
 * On failure *code is the stable error code of the 401 answer: "unsigned"
 * (no signature headers), "bad_signature" (malformed, wrong digest or a
 * signature that does not verify) or "expired"; the message says more.
 * Returns 0, PL_ENOTFOUND (unsigned), PL_EINVALID (malformed), PL_EBADSIG
 * (digest or signature wrong) or PL_EDENIED (expired or from the future). */
int pl_httpsig_verify(pl_httpsig_params *out, const pl_httpsig_request *request,
                      const char *content_digest, const char *signature_input,
                      const char *signature, int64_t now, int window, const char **code,
                      pl_error *err);

#endif
