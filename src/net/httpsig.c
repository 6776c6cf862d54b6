/* httpsig.c — parley's profile of HTTP Message Signatures (RFC 9421) and
 * Content-Digest (RFC 9530): the signature base, signing, and the strict
 * reading of the three headers. SHA-256, base64 and random bytes are
 * libsodium's; Ed25519 is the library's (pl_signer_sign,
 * pl_signature_check). The structured fields (RFC 8941) are parsed by
 * hand, but only the shapes this profile allows: one dictionary member
 * labelled as the profile says, an inner list of strings, parameters that
 * are integers or strings. */
#include "httpsig.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define LABEL "parley"
#define ALG   "ed25519"

static const char *const components[] = {"@method", "@path", "@query", "content-digest"};
enum { COMPONENT_COUNT = 4 };

/* The four signature parameters of the profile, each present once. */
enum { P_CREATED, P_KEYID, P_ALG, P_NONCE, PARAM_COUNT };
static const char *const param_names[PARAM_COUNT] = {"created", "keyid", "alg", "nonce"};

/* --- Content-Digest ------------------------------------------------------ */

static void put_base64(pl_buf *out, const uint8_t *bytes, size_t len)
{
	size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	pl_buf_reserve(out, size);
	sodium_bin2base64(out->ptr + out->len, size, bytes, len, sodium_base64_VARIANT_ORIGINAL);
	out->len += size - 1;
}

void pl_httpsig_digest(pl_buf *out, const void *body, size_t len)
{
	uint8_t hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, len ? body : (const void *)"", len);
	pl_buf_puts(out, "sha-256=:");
	put_base64(out, hash, sizeof hash);
	pl_buf_putc(out, ':');
}

/* --- a small reader of structured fields (RFC 8941) ---------------------- */

typedef struct reader {
	const char *at, *end;
	const char *header; /* the header's name, for messages */
	pl_error *err;
} reader;

static int fail(reader *r, const char *what)
{
	return pl_error_set(r->err, PL_EINVALID, "%s: %s", r->header, what);
}

static void skip_spaces(reader *r)
{
	while (r->at < r->end && *r->at == ' ')
		r->at++;
}

static int is_lcalpha(char c)
{
	return c >= 'a' && c <= 'z';
}
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A key (RFC 8941 3.1.2): ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" /
 * "-" / "." / "*" ), copied into key (at most size - 1 characters). */
static int read_key(reader *r, char *key, size_t size)
{
	size_t n = 0;
	if (r->at >= r->end || !(is_lcalpha(*r->at) || *r->at == '*'))
		return fail(r, "expected a lower-case key");
	while (r->at < r->end && (is_lcalpha(*r->at) || is_digit(*r->at) || *r->at == '_' ||
	                          *r->at == '-' || *r->at == '.' || *r->at == '*')) {
		if (n + 1 >= size)
			return fail(r, "a key is too long");
		key[n++] = *r->at++;
	}
	key[n] = '\0';
	return 0;
}

/* A string (RFC 8941 3.3.3): printable ASCII in double quotes, with \" and
 * \\ as the only escapes; copied unescaped into out. */
static int read_string(reader *r, char *out, size_t size)
{
	size_t n = 0;
	if (r->at >= r->end || *r->at != '"')
		return fail(r, "expected a string in double quotes");
	r->at++;
	for (;;) {
		if (r->at >= r->end)
			return fail(r, "a string has no closing quote");
		char c = *r->at++;
		if (c == '"')
			break;
		if (c == '\\') {
			if (r->at >= r->end || (*r->at != '"' && *r->at != '\\'))
				return fail(r, "a string has a backslash not before \" or \\");
			c = *r->at++;
		} else if (c < 0x20 || c > 0x7e) {
			return fail(r, "a string holds a byte outside printable ASCII");
		}
		if (n + 1 >= size)
			return fail(r, "a string is longer than this profile allows");
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

/* An integer (RFC 8941 3.3.1) that this profile wants non-negative: at
 * most 15 digits, no sign, no decimal point. */
static int read_count(reader *r, int64_t *out)
{
	int64_t value = 0;
	int digits = 0;
	if (r->at < r->end && *r->at == '-')
		return fail(r, "\"created\" is negative");
	while (r->at < r->end && is_digit(*r->at)) {
		if (++digits > 15)
			return fail(r, "an integer has more than 15 digits");
		value = value * 10 + (*r->at++ - '0');
	}
	if (digits == 0)
		return fail(r, "expected an integer");
	if (r->at < r->end && *r->at == '.')
		return fail(r, "expected an integer, found a decimal");
	*out = value;
	return 0;
}

/* The member "LABEL=" that starts a header: this profile allows exactly
 * one, with the label it names. */
static int read_label(reader *r, const char *label)
{
	char key[64];
	skip_spaces(r);
	int rc = read_key(r, key, sizeof key);
	if (rc)
		return rc;
	if (strcmp(key, label) != 0)
		return pl_error_set(r->err, PL_EINVALID, "%s: the label must be '%s', not '%s'",
		                    r->header, label, key);
	if (r->at >= r->end || *r->at != '=')
		return fail(r, "expected '=' after the label");
	r->at++;
	return 0;
}

/* After the member's value: only spaces, and no second member. */
static int read_end(reader *r)
{
	if (r->at < r->end && *r->at == ';')
		return fail(r, "parameters are not accepted here");
	skip_spaces(r);
	if (r->at < r->end && *r->at == ',')
		return fail(r, "only one member is accepted");
	if (r->at < r->end)
		return fail(r, "unexpected characters after the value");
	return 0;
}

/* A byte sequence (RFC 8941 3.3.5): ":<base64 with padding>:" decoding to
 * exactly len bytes. */
static int read_bytes(reader *r, uint8_t *out, size_t len)
{
	if (r->at >= r->end || *r->at != ':')
		return fail(r, "expected a byte sequence between colons");
	const char *start = ++r->at;
	while (r->at < r->end && *r->at != ':')
		r->at++;
	if (r->at >= r->end)
		return fail(r, "a byte sequence has no closing colon");
	size_t text_len = (size_t)(r->at - start);
	r->at++;
	size_t got = 0;
	const char *stop = NULL;
	if (text_len != sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL) - 1 ||
	    sodium_base642bin(out, len, start, text_len, NULL, &got, &stop,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != len || stop != start + text_len)
		return pl_error_set(r->err, PL_EINVALID,
		                    "%s: the byte sequence is not %zu bytes of padded base64",
		                    r->header, len);
	return 0;
}

static void reader_init(reader *r, const char *value, const char *header, pl_error *err)
{
	r->at = value;
	r->end = value + strlen(value);
	while (r->end > r->at && r->end[-1] == ' ')
		r->end--;
	r->header = header;
	r->err = err;
}

int pl_httpsig_digest_check(const char *header, const void *body, size_t len, pl_error *err)
{
	if (!header)
		return pl_error_set(err, PL_EINVALID, "no Content-Digest header");
	reader r;
	reader_init(&r, header, "Content-Digest", err);
	uint8_t got[crypto_hash_sha256_BYTES];
	int rc = read_label(&r, "sha-256");
	if (rc == 0)
		rc = read_bytes(&r, got, sizeof got);
	if (rc == 0)
		rc = read_end(&r);
	if (rc)
		return rc;
	uint8_t want[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(want, len ? body : (const void *)"", len);
	if (sodium_memcmp(got, want, sizeof want) != 0)
		return pl_error_set(err, PL_EBADSIG, "Content-Digest does not match the body");
	return 0;
}

/* --- the signature base -------------------------------------------------- */

/* Request targets and methods are ASCII without spaces or controls. */
static int check_part(const char *value, int may_be_empty, const char *what, pl_error *err)
{
	size_t len = strlen(value);
	if (len == 0 && !may_be_empty)
		return pl_error_set(err, PL_EINVALID, "the request's %s is empty", what);
	if (len > PL_HTTPSIG_PATH_MAX)
		return pl_error_set(err, PL_EINVALID, "the request's %s is over %d bytes", what,
		                    PL_HTTPSIG_PATH_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)value[i] <= 0x20 || (unsigned char)value[i] >= 0x7f)
			return pl_error_set(err, PL_EINVALID,
			                    "the request's %s holds byte 0x%02x (only printable "
			                    "ASCII without spaces, percent-encoded as sent)",
			                    what, (unsigned char)value[i]);
	return 0;
}

int pl_httpsig_base(pl_buf *out, const pl_httpsig_request *request, const char *content_digest,
                    const char *params, pl_error *err)
{
	const char *query = request->query ? request->query : "";
	int rc = check_part(request->method, 0, "method", err);
	if (rc == 0)
		rc = check_part(request->path, 0, "path", err);
	if (rc == 0 && request->path[0] != '/')
		rc = pl_error_set(err, PL_EINVALID, "the request's path does not start with '/'");
	if (rc == 0)
		rc = check_part(query, 1, "query", err);
	if (rc)
		return rc;
	pl_buf_printf(out, "\"@method\": %s\n", request->method);
	pl_buf_printf(out, "\"@path\": %s\n", request->path);
	pl_buf_printf(out, "\"@query\": ?%s\n", query);
	pl_buf_printf(out, "\"content-digest\": %s\n", content_digest);
	pl_buf_printf(out, "\"@signature-params\": %s", params);
	return 0;
}

static void put_components(pl_buf *out)
{
	pl_buf_putc(out, '(');
	for (int i = 0; i < COMPONENT_COUNT; i++)
		pl_buf_printf(out, "%s\"%s\"", i ? " " : "", components[i]);
	pl_buf_putc(out, ')');
}

/* The parameters in the order given (the order they were received in). */
static void put_params(pl_buf *out, const int order[PARAM_COUNT], const pl_httpsig_params *p)
{
	put_components(out);
	for (int i = 0; i < PARAM_COUNT; i++) {
		switch (order[i]) {
		case P_CREATED:
			pl_buf_printf(out, ";created=%" PRId64, p->created);
			break;
		case P_KEYID:
			pl_buf_printf(out, ";keyid=\"%s\"", p->keyid);
			break;
		case P_ALG:
			pl_buf_puts(out, ";alg=\"" ALG "\"");
			break;
		default:
			pl_buf_printf(out, ";nonce=\"%s\"", p->nonce);
			break;
		}
	}
}

void pl_httpsig_params_serialize(pl_buf *out, int64_t created, const uint8_t public_key[32],
                                 const char *nonce)
{
	static const int order[PARAM_COUNT] = {P_CREATED, P_KEYID, P_ALG, P_NONCE};
	pl_httpsig_params p;
	p.created = created;
	sodium_bin2hex(p.keyid, sizeof p.keyid, public_key, 32);
	snprintf(p.nonce, sizeof p.nonce, "%s", nonce);
	put_params(out, order, &p);
}

/* --- signing ------------------------------------------------------------- */

static int check_nonce(const char *nonce, pl_error *err)
{
	size_t len = strlen(nonce);
	if (len < PL_HTTPSIG_NONCE_MIN || len > PL_HTTPSIG_NONCE_MAX)
		return pl_error_set(err, PL_EINVALID, "the nonce is %zu characters, not %d to %d",
		                    len, PL_HTTPSIG_NONCE_MIN, PL_HTTPSIG_NONCE_MAX);
	for (size_t i = 0; i < len; i++) {
		char c = nonce[i];
		if (!(is_lcalpha(c) || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
		      c == '_'))
			return pl_error_set(err, PL_EINVALID,
			                    "the nonce holds '%c', which is not base64url", c);
	}
	return 0;
}

void pl_httpsig_nonce(char out[PL_HTTPSIG_NONCE_MAX + 1])
{
	uint8_t bytes[24];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, PL_HTTPSIG_NONCE_MAX + 1, bytes, sizeof bytes,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Copies buf into a fixed header field; the fields are sized for the
 * profile, so a value that does not fit is a programmer's error caught
 * by the caller's checks (method/path are not in the headers). */
static void copy_header(char *field, const pl_buf *buf)
{
	snprintf(field, PL_HTTPSIG_HEADER_MAX, "%s", buf->ptr);
}

int pl_httpsig_sign(pl_httpsig_headers *out, const pl_httpsig_request *request,
                    const pl_signer *signer, int64_t created, const char *nonce, pl_error *err)
{
	char fresh[PL_HTTPSIG_NONCE_MAX + 1];
	if (!nonce) {
		pl_httpsig_nonce(fresh);
		nonce = fresh;
	}
	if (created < 0)
		return pl_error_set(err, PL_EINVALID, "\"created\" is negative");
	int rc = check_nonce(nonce, err);
	if (rc)
		return rc;
	uint8_t public_key[32];
	pl_signer_public_key(signer, public_key);
	pl_buf digest = PL_BUF_INIT, params = PL_BUF_INIT, base = PL_BUF_INIT, value = PL_BUF_INIT;
	pl_httpsig_digest(&digest, request->body, request->body_len);
	pl_httpsig_params_serialize(&params, created, public_key, nonce);
	rc = pl_httpsig_base(&base, request, digest.ptr, params.ptr, err);
	if (rc == 0) {
		uint8_t signature[64];
		pl_signer_sign(signer, base.ptr, base.len, signature);
		pl_buf_puts(&value, LABEL "=:");
		put_base64(&value, signature, sizeof signature);
		pl_buf_putc(&value, ':');
		copy_header(out->content_digest, &digest);
		copy_header(out->signature, &value);
		pl_buf_clear(&value);
		pl_buf_puts(&value, LABEL "=");
		pl_buf_put(&value, params.ptr, params.len);
		copy_header(out->signature_input, &value);
	}
	pl_buf_free(&digest);
	pl_buf_free(&params);
	pl_buf_free(&base);
	pl_buf_free(&value);
	return rc;
}

/* --- parsing ------------------------------------------------------------- */

/* ("@method" "@path" "@query" "content-digest"), exactly, each a string
 * without parameters; spaces as RFC 8941 allows them. */
static int read_components(reader *r)
{
	if (r->at >= r->end || *r->at != '(')
		return fail(r, "expected the list of covered components in parentheses");
	r->at++;
	for (int i = 0;; i++) {
		skip_spaces(r);
		if (r->at >= r->end)
			return fail(r, "the list of covered components has no closing parenthesis");
		if (*r->at == ')') {
			if (i != COMPONENT_COUNT)
				return fail(r,
				            "the covered components must be \"@method\" \"@path\" "
				            "\"@query\" \"content-digest\"");
			r->at++;
			return 0;
		}
		if (i > 0 && r->at[-1] != ' ')
			return fail(r, "covered components must be separated by spaces");
		char name[32];
		int rc = read_string(r, name, sizeof name);
		if (rc)
			return rc;
		if (i >= COMPONENT_COUNT || strcmp(name, components[i]) != 0)
			return pl_error_set(
			    r->err, PL_EINVALID,
			    "%s: covered component %d is \"%s\"; the profile covers "
			    "\"@method\" \"@path\" \"@query\" \"content-digest\" in "
			    "that order",
			    r->header, i + 1, name);
		if (r->at < r->end && *r->at == ';')
			return pl_error_set(
			    r->err, PL_EINVALID,
			    "%s: component \"%s\" has parameters, which the profile "
			    "does not accept",
			    r->header, name);
	}
}

static int check_keyid(pl_httpsig_params *out, reader *r)
{
	size_t len = strlen(out->keyid);
	for (size_t i = 0; i < len; i++)
		if (!is_digit(out->keyid[i]) && !(out->keyid[i] >= 'a' && out->keyid[i] <= 'f'))
			return fail(r, "keyid must be the public key as 64 lower-case hex digits");
	if (len != 64 || sodium_hex2bin(out->public_key, 32, out->keyid, 64, NULL, NULL, NULL) != 0)
		return fail(r, "keyid must be the public key as 64 lower-case hex digits");
	return 0;
}

/* One parameter ";name=value" into out; seen[] refuses repeats, order[]
 * keeps the order for the signature base. */
static int read_param(reader *r, pl_httpsig_params *out, int seen[PARAM_COUNT], int *order,
                      int count)
{
	char name[32];
	r->at++; /* ';' */
	skip_spaces(r);
	int rc = read_key(r, name, sizeof name);
	if (rc)
		return rc;
	int which = 0;
	while (which < PARAM_COUNT && strcmp(name, param_names[which]) != 0)
		which++;
	if (which == PARAM_COUNT)
		return pl_error_set(
		    r->err, PL_EINVALID,
		    "%s: parameter '%s' is not one of the profile's (created, keyid, "
		    "alg, nonce)",
		    r->header, name);
	if (seen[which])
		return pl_error_set(r->err, PL_EINVALID, "%s: parameter '%s' appears twice",
		                    r->header, name);
	seen[which] = 1;
	order[count] = which;
	if (r->at >= r->end || *r->at != '=')
		return pl_error_set(r->err, PL_EINVALID, "%s: parameter '%s' has no value",
		                    r->header, name);
	r->at++;
	char alg[16];
	switch (which) {
	case P_CREATED:
		return read_count(r, &out->created);
	case P_KEYID:
		rc = read_string(r, out->keyid, sizeof out->keyid);
		return rc ? rc : check_keyid(out, r);
	case P_ALG:
		rc = read_string(r, alg, sizeof alg);
		if (rc == 0 && strcmp(alg, ALG) != 0)
			rc = pl_error_set(r->err, PL_EINVALID,
			                  "%s: alg is \"%s\"; the profile accepts only \"" ALG "\"",
			                  r->header, alg);
		return rc;
	default:
		rc = read_string(r, out->nonce, sizeof out->nonce);
		return rc ? rc : check_nonce(out->nonce, r->err);
	}
}

static int parse_input(pl_httpsig_params *out, int order[PARAM_COUNT], const char *value,
                       pl_error *err)
{
	reader r;
	reader_init(&r, value, "Signature-Input", err);
	int rc = read_label(&r, LABEL);
	if (rc == 0)
		rc = read_components(&r);
	int seen[PARAM_COUNT] = {0};
	int count = 0;
	while (rc == 0 && r.at < r.end && *r.at == ';' && count < PARAM_COUNT)
		rc = read_param(&r, out, seen, order, count++);
	if (rc == 0 && r.at < r.end && *r.at == ';')
		rc = fail(&r, "more parameters than the profile's four");
	for (int i = 0; rc == 0 && i < PARAM_COUNT; i++)
		if (!seen[i])
			rc = pl_error_set(err, PL_EINVALID,
			                  "Signature-Input: parameter '%s' is missing",
			                  param_names[i]);
	if (rc == 0) {
		skip_spaces(&r);
		if (r.at < r.end && *r.at == ',')
			rc = fail(&r, "only one signature, labelled '" LABEL "', is accepted");
		else if (r.at < r.end)
			rc = fail(&r, "unexpected characters after the parameters");
	}
	return rc;
}

static int parse_signature(pl_httpsig_params *out, const char *value, pl_error *err)
{
	reader r;
	reader_init(&r, value, "Signature", err);
	int rc = read_label(&r, LABEL);
	if (rc == 0)
		rc = read_bytes(&r, out->signature, sizeof out->signature);
	if (rc == 0)
		rc = read_end(&r);
	return rc;
}

static int parse(pl_httpsig_params *out, int order[PARAM_COUNT], const char *signature_input,
                 const char *signature, pl_error *err)
{
	memset(out, 0, sizeof *out);
	if (!signature_input && !signature)
		return pl_error_set(err, PL_ENOTFOUND, "the request is not signed");
	if (!signature_input)
		return pl_error_set(err, PL_EINVALID, "Signature without Signature-Input");
	if (!signature)
		return pl_error_set(err, PL_EINVALID, "Signature-Input without Signature");
	if (strlen(signature_input) >= PL_HTTPSIG_HEADER_MAX ||
	    strlen(signature) >= PL_HTTPSIG_HEADER_MAX)
		return pl_error_set(err, PL_EINVALID, "a signature header is over %d bytes",
		                    PL_HTTPSIG_HEADER_MAX - 1);
	int rc = parse_input(out, order, signature_input, err);
	return rc ? rc : parse_signature(out, signature, err);
}

int pl_httpsig_parse(pl_httpsig_params *out, const char *signature_input, const char *signature,
                     pl_error *err)
{
	int order[PARAM_COUNT];
	return parse(out, order, signature_input, signature, err);
}

/* --- verifying ----------------------------------------------------------- */

static int check_time(const pl_httpsig_params *p, int64_t now, int window, pl_error *err)
{
	if (p->created > now + PL_HTTPSIG_FUTURE)
		return pl_error_set(err, PL_EDENIED,
		                    "the signature was created %" PRId64
		                    " s in the future (check the clock)",
		                    p->created - now);
	if (now - p->created > window)
		return pl_error_set(err, PL_EDENIED,
		                    "the signature expired: created %" PRId64
		                    " s ago, %d s allowed",
		                    now - p->created, window);
	return 0;
}

int pl_httpsig_verify(pl_httpsig_params *out, const pl_httpsig_request *request,
                      const char *content_digest, const char *signature_input,
                      const char *signature, int64_t now, int window, const char **code,
                      pl_error *err)
{
	int order[PARAM_COUNT];
	*code = "bad_signature";
	int rc = parse(out, order, signature_input, signature, err);
	if (rc == PL_ENOTFOUND)
		*code = "unsigned";
	if (rc)
		return rc;
	rc = check_time(out, now, window, err);
	if (rc) {
		*code = "expired";
		return rc;
	}
	rc = pl_httpsig_digest_check(content_digest, request->body, request->body_len, err);
	if (rc)
		return rc;
	/* The digest checked equal to the body's: its canonical form is the
	 * header's value without the spaces RFC 8941 lets a sender add. */
	pl_buf digest = PL_BUF_INIT, params = PL_BUF_INIT, base = PL_BUF_INIT;
	pl_httpsig_digest(&digest, request->body, request->body_len);
	put_params(&params, order, out);
	rc = pl_httpsig_base(&base, request, digest.ptr, params.ptr, err);
	if (rc == 0 && !pl_signature_check(out->signature, base.ptr, base.len, out->public_key))
		rc = pl_error_set(err, PL_EBADSIG, "the request's signature does not verify");
	pl_buf_free(&digest);
	pl_buf_free(&params);
	pl_buf_free(&base);
	if (rc == 0)
		*code = NULL;
	return rc;
}
