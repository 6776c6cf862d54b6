/* test_httpsig.c — HTTP message signatures (RFC 9421) in parley's profile,
 * and Content-Digest (RFC 9530): RFC 9421's own Ed25519 example, a round
 * trip, and every malformed header we could think of. */
#include "testutil.h"

#include "httpsig.h"
#include "parley/signing.h"
#include "record_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 9421 appendix B.1.4, test-key-ed25519: the JWK's d (the seed) and x
 * (the public key), base64url. */
static const char rfc_seed[] = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
static const char rfc_public[] = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";
/* Appendix B.2.6: the signature base and the signature sig-b26. */
static const char rfc_base[] =
    "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
    "\"@method\": POST\n"
    "\"@path\": /foo\n"
    "\"@authority\": example.com\n"
    "\"content-type\": application/json\n"
    "\"content-length\": 18\n"
    "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" "
    "\"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
static const char rfc_signature[] =
    "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

typedef struct fixture {
	char *dir;
	pl_signer *signer;
	uint8_t public_key[32];
	char keyid[65];
} fixture;

static void decode_url64(uint8_t *out, size_t len, const char *text)
{
	size_t got = 0;
	assert_int_equal(sodium_base642bin(out, len, text, strlen(text), NULL, &got, NULL,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                 0);
	assert_int_equal(got, len);
}

/* A key file holding the key made from seed, opened as a pl_signer. */
static pl_signer *signer_from_seed(const char *dir, const uint8_t seed[32])
{
	pl_keypair pair;
	crypto_sign_seed_keypair(pair.public_key, pair.secret_key, seed);
	char path[512];
	snprintf(path, sizeof path, "%s/k%02x.key", dir, seed[0]);
	pl_error err;
	assert_int_equal(pl_key_file_write(path, &pair, &err), 0);
	pl_keypair_wipe(&pair);
	pl_signer *signer = NULL;
	if (pl_signer_open(path, &signer, &err) != 0)
		fail_msg("pl_signer_open: %s", err.message);
	return signer;
}

static int setup(void **state)
{
	assert_true(sodium_init() >= 0);
	fixture *f = calloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	uint8_t seed[32];
	memset(seed, 7, sizeof seed);
	f->signer = signer_from_seed(f->dir, seed);
	pl_signer_public_key(f->signer, f->public_key);
	sodium_bin2hex(f->keyid, sizeof f->keyid, f->public_key, 32);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pl_signer_close(f->signer);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* --- RFC 9421's example and RFC 9530's digests ---------------------------- */

static void test_rfc9421_ed25519_example(void **state)
{
	fixture *f = *state;
	uint8_t seed[32], x[32], want[64], got[64];
	decode_url64(seed, sizeof seed, rfc_seed);
	decode_url64(x, sizeof x, rfc_public);
	pl_signer *signer = signer_from_seed(f->dir, seed);
	uint8_t public_key[32];
	pl_signer_public_key(signer, public_key);
	assert_memory_equal(public_key, x, 32);
	/* Ed25519 is deterministic: the RFC's signature, byte for byte. */
	pl_signer_sign(signer, rfc_base, strlen(rfc_base), got);
	size_t len = 0;
	assert_int_equal(sodium_base642bin(want, sizeof want, rfc_signature, strlen(rfc_signature),
	                                   NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL),
	                 0);
	assert_int_equal(len, 64);
	assert_memory_equal(got, want, 64);
	assert_true(pl_signature_check(want, rfc_base, strlen(rfc_base), x));
	want[5] ^= 1;
	assert_false(pl_signature_check(want, rfc_base, strlen(rfc_base), x));
	pl_signer_close(signer);

	/* The RFC's Signature header, relabelled, parses to the same bytes. */
	char signature[256], input[512];
	snprintf(signature, sizeof signature, "parley=:%s:", rfc_signature);
	snprintf(input, sizeof input,
	         "parley=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1618884473;"
	         "keyid=\"%s\";alg=\"ed25519\";nonce=\"abcdefghijklmnop\"",
	         f->keyid);
	pl_httpsig_params p;
	pl_error err;
	assert_int_equal(pl_httpsig_parse(&p, input, signature, &err), 0);
	assert_int_equal(sodium_base642bin(want, sizeof want, rfc_signature, strlen(rfc_signature),
	                                   NULL, NULL, NULL, sodium_base64_VARIANT_ORIGINAL),
	                 0);
	assert_memory_equal(p.signature, want, 64);
	assert_int_equal(p.created, 1618884473);
}

static void test_digest(void **state)
{
	(void)state;
	pl_buf out = PL_BUF_INIT;
	/* RFC 9530's example body, and the empty body. */
	pl_httpsig_digest(&out, "{\"hello\": \"world\"}", 18);
	assert_string_equal(out.ptr, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
	assert_int_equal(out.len, PL_HTTPSIG_DIGEST_LEN);
	pl_buf_clear(&out);
	pl_httpsig_digest(&out, NULL, 0);
	assert_string_equal(out.ptr, "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
	pl_error err;
	assert_int_equal(pl_httpsig_digest_check(out.ptr, "", 0, &err), 0);
	assert_int_equal(
	    pl_httpsig_digest_check(
	        " sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:  ", NULL, 0, &err),
	    0);
	assert_int_equal(pl_httpsig_digest_check(out.ptr, "x", 1, &err), PL_EBADSIG);
	assert_string_equal(err.message, "Content-Digest does not match the body");
	pl_buf_free(&out);
}

static void expect_digest_refused(const char *header, const char *message)
{
	pl_error err;
	assert_int_equal(pl_httpsig_digest_check(header, "", 0, &err), PL_EINVALID);
	if (!strstr(err.message, message))
		fail_msg("'%s': message '%s' lacks '%s'", header ? header : "(null)", err.message,
		         message);
}

static void test_digest_malformed(void **state)
{
	(void)state;
	const char *good = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
	char text[256];
	expect_digest_refused(NULL, "no Content-Digest");
	expect_digest_refused("", "expected a lower-case key");
	snprintf(text, sizeof text, "sha-512=:%s:", good);
	expect_digest_refused(text, "the label must be 'sha-256', not 'sha-512'");
	snprintf(text, sizeof text, "SHA-256=:%s:", good);
	expect_digest_refused(text, "expected a lower-case key");
	snprintf(text, sizeof text, "sha-256:%s:", good);
	expect_digest_refused(text, "expected '=' after the label");
	snprintf(text, sizeof text, "sha-256=%s", good);
	expect_digest_refused(text, "expected a byte sequence");
	snprintf(text, sizeof text, "sha-256=:%s", good);
	expect_digest_refused(text, "no closing colon");
	expect_digest_refused("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU:",
	                      "not 32 bytes of padded base64");
	expect_digest_refused("sha-256=:47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
	                      "not 32 bytes of padded base64");
	expect_digest_refused("sha-256=:AAAA:", "not 32 bytes");
	snprintf(text, sizeof text, "sha-256=:%s:;x=1", good);
	expect_digest_refused(text, "parameters are not accepted");
	snprintf(text, sizeof text, "sha-256=:%s:, sha-512=:AAAA:", good);
	expect_digest_refused(text, "only one member");
	snprintf(text, sizeof text, "sha-256=:%s:x", good);
	expect_digest_refused(text, "unexpected characters");
}

/* --- signing and verifying ------------------------------------------------ */

static const pl_httpsig_request post = {"POST", "/api/positions", NULL,
                                        "{\"ref\":\"plan@2\",\"stance\":\"support\"}", 35};

static void test_base(void **state)
{
	(void)state;
	pl_buf base = PL_BUF_INIT;
	pl_error err;
	pl_httpsig_request get = {"GET", "/api/docs/plan/show", "ref=plan%402&format=json", NULL,
	                          0};
	assert_int_equal(pl_httpsig_base(&base, &get, "sha-256=:D:", "(P)", &err), 0);
	assert_string_equal(base.ptr, "\"@method\": GET\n"
	                              "\"@path\": /api/docs/plan/show\n"
	                              "\"@query\": ?ref=plan%402&format=json\n"
	                              "\"content-digest\": sha-256=:D:\n"
	                              "\"@signature-params\": (P)");
	pl_buf_clear(&base);
	assert_int_equal(pl_httpsig_base(&base, &post, "d", "p", &err), 0);
	assert_non_null(strstr(base.ptr, "\"@query\": ?\n"));
	pl_buf_clear(&base);
	pl_buf_put(&base, "", 0);
	const pl_httpsig_request bad[] = {
	    {"", "/x", NULL, NULL, 0},           {"GET", "", NULL, NULL, 0},
	    {"GET", "x", NULL, NULL, 0},         {"GET", "/a b", NULL, NULL, 0},
	    {"GET", "/a\n", NULL, NULL, 0},      {"GET", "/a", "q=\x01", NULL, 0},
	    {"GET", "/\xc3\xa9", NULL, NULL, 0},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(pl_httpsig_base(&base, &bad[i], "d", "p", &err), PL_EINVALID);
	char *long_path = malloc(PL_HTTPSIG_PATH_MAX + 2);
	memset(long_path, 'a', PL_HTTPSIG_PATH_MAX + 1);
	long_path[0] = '/';
	long_path[PL_HTTPSIG_PATH_MAX + 1] = '\0';
	pl_httpsig_request long_request = {"GET", long_path, NULL, NULL, 0};
	assert_int_equal(pl_httpsig_base(&base, &long_request, "d", "p", &err), PL_EINVALID);
	free(long_path);
	pl_buf_free(&base);
}

static void test_sign_headers(void **state)
{
	fixture *f = *state;
	pl_httpsig_headers h;
	pl_error err;
	assert_int_equal(
	    pl_httpsig_sign(&h, &post, f->signer, 1764972000, "nonce-nonce_nonce", &err), 0);
	char want[512];
	snprintf(want, sizeof want,
	         "parley=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1764972000;"
	         "keyid=\"%s\";alg=\"ed25519\";nonce=\"nonce-nonce_nonce\"",
	         f->keyid);
	assert_string_equal(h.signature_input, want);
	assert_int_equal(strncmp(h.signature, "parley=:", 8), 0);
	assert_int_equal(strlen(h.signature), 8 + 88 + 1);
	pl_buf digest = PL_BUF_INIT;
	pl_httpsig_digest(&digest, post.body, post.body_len);
	assert_string_equal(h.content_digest, digest.ptr);
	pl_buf_free(&digest);

	/* The signature is over the base the verifier rebuilds. */
	pl_httpsig_params p;
	const char *code = "unset";
	assert_int_equal(pl_httpsig_verify(&p, &post, h.content_digest, h.signature_input,
	                                   h.signature, 1764972010, 60, &code, &err),
	                 0);
	assert_null(code);
	assert_memory_equal(p.public_key, f->public_key, 32);
	assert_string_equal(p.nonce, "nonce-nonce_nonce");

	/* Fresh nonces differ and are 32 base64url characters. */
	pl_httpsig_headers a, b;
	assert_int_equal(pl_httpsig_sign(&a, &post, f->signer, 5, NULL, &err), 0);
	assert_int_equal(pl_httpsig_sign(&b, &post, f->signer, 5, NULL, &err), 0);
	assert_string_not_equal(a.signature_input, b.signature_input);
	pl_httpsig_params pa;
	assert_int_equal(pl_httpsig_parse(&pa, a.signature_input, a.signature, &err), 0);
	assert_int_equal(strlen(pa.nonce), 32);

	/* Bad nonces and times are refused before signing. */
	assert_int_equal(pl_httpsig_sign(&h, &post, f->signer, 5, "short", &err), PL_EINVALID);
	assert_int_equal(pl_httpsig_sign(&h, &post, f->signer, 5, "sixteen+chars+no", &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "'+', which is not base64url"));
	assert_int_equal(pl_httpsig_sign(&h, &post, f->signer, -1, NULL, &err), PL_EINVALID);
	pl_httpsig_request bad = {"POST", "relative", NULL, NULL, 0};
	assert_int_equal(pl_httpsig_sign(&h, &bad, f->signer, 5, NULL, &err), PL_EINVALID);
}

/* Verifies a request signed at 1000 as checked at now; returns the rc and
 * the code. */
static int verify_at(const pl_httpsig_request *request, const pl_httpsig_headers *h, int64_t now,
                     const char **code, pl_error *err)
{
	pl_httpsig_params p;
	return pl_httpsig_verify(&p, request, h->content_digest, h->signature_input, h->signature,
	                         now, 60, code, err);
}

static void test_verify_refusals(void **state)
{
	fixture *f = *state;
	pl_httpsig_headers h;
	pl_error err;
	const char *code;
	assert_int_equal(pl_httpsig_sign(&h, &post, f->signer, 1000, NULL, &err), 0);
	assert_int_equal(verify_at(&post, &h, 1000, &code, &err), 0);
	assert_int_equal(verify_at(&post, &h, 1060, &code, &err), 0);
	assert_int_equal(verify_at(&post, &h, 995, &code, &err), 0);

	/* Expired, and from the future. */
	assert_int_equal(verify_at(&post, &h, 1061, &code, &err), PL_EDENIED);
	assert_string_equal(code, "expired");
	assert_string_equal(err.message, "the signature expired: created 61 s ago, 60 s allowed");
	assert_int_equal(verify_at(&post, &h, 994, &code, &err), PL_EDENIED);
	assert_string_equal(code, "expired");
	assert_non_null(strstr(err.message, "in the future"));

	/* The body changed after signing. */
	pl_httpsig_request changed = post;
	changed.body = "{\"ref\":\"plan@2\",\"stance\":\"oppose\"}";
	changed.body_len = strlen(changed.body);
	assert_int_equal(verify_at(&changed, &h, 1000, &code, &err), PL_EBADSIG);
	assert_string_equal(code, "bad_signature");
	assert_string_equal(err.message, "Content-Digest does not match the body");

	/* ... and its digest with it: the signature no longer verifies. */
	pl_httpsig_headers forged = h;
	pl_buf digest = PL_BUF_INIT;
	pl_httpsig_digest(&digest, changed.body, changed.body_len);
	snprintf(forged.content_digest, sizeof forged.content_digest, "%s", digest.ptr);
	pl_buf_free(&digest);
	assert_int_equal(verify_at(&changed, &forged, 1000, &code, &err), PL_EBADSIG);
	assert_string_equal(err.message, "the request's signature does not verify");

	/* Path, method or query changed. */
	pl_httpsig_request other = post;
	other.path = "/api/statements";
	assert_int_equal(verify_at(&other, &h, 1000, &code, &err), PL_EBADSIG);
	other = post;
	other.method = "PUT";
	assert_int_equal(verify_at(&other, &h, 1000, &code, &err), PL_EBADSIG);
	other = post;
	other.query = "as=someone";
	assert_int_equal(verify_at(&other, &h, 1000, &code, &err), PL_EBADSIG);
	assert_string_equal(code, "bad_signature");

	/* Another key named in keyid: the signature is not its. */
	forged = h;
	char *keyid = strstr(forged.signature_input, "keyid=\"") + 7;
	keyid[0] = keyid[0] == 'a' ? 'b' : 'a';
	assert_int_equal(verify_at(&post, &forged, 1000, &code, &err), PL_EBADSIG);

	/* created changed: the base changes. */
	forged = h;
	char *created = strstr(forged.signature_input, "created=1000");
	created[8] = '2';
	assert_int_equal(verify_at(&post, &forged, 2000, &code, &err), PL_EBADSIG);

	/* Unsigned; half signed; no digest. */
	pl_httpsig_params p;
	assert_int_equal(
	    pl_httpsig_verify(&p, &post, h.content_digest, NULL, NULL, 1000, 60, &code, &err),
	    PL_ENOTFOUND);
	assert_string_equal(code, "unsigned");
	assert_int_equal(pl_httpsig_verify(&p, &post, h.content_digest, h.signature_input, NULL,
	                                   1000, 60, &code, &err),
	                 PL_EINVALID);
	assert_string_equal(code, "bad_signature");
	assert_int_equal(pl_httpsig_verify(&p, &post, h.content_digest, NULL, h.signature, 1000, 60,
	                                   &code, &err),
	                 PL_EINVALID);
	assert_int_equal(pl_httpsig_verify(&p, &post, NULL, h.signature_input, h.signature, 1000,
	                                   60, &code, &err),
	                 PL_EINVALID);
	assert_string_equal(err.message, "no Content-Digest header");
}

/* Parameters reordered and spaces where RFC 8941 allows them still verify
 * (the base serializes what was received); the signer must have signed
 * that order. */
static void test_verify_param_order(void **state)
{
	fixture *f = *state;
	const char *nonce = "0123456789abcdef";
	char params[512], input[600], signature[200];
	snprintf(
	    params, sizeof params,
	    "(\"@method\" \"@path\" \"@query\" \"content-digest\");nonce=\"%s\";alg=\"ed25519\";"
	    "keyid=\"%s\";created=1000",
	    nonce, f->keyid);
	pl_buf digest = PL_BUF_INIT, base = PL_BUF_INIT, value = PL_BUF_INIT;
	pl_error err;
	pl_httpsig_digest(&digest, post.body, post.body_len);
	assert_int_equal(pl_httpsig_base(&base, &post, digest.ptr, params, &err), 0);
	uint8_t sig[64];
	pl_signer_sign(f->signer, base.ptr, base.len, sig);
	char b64[100];
	sodium_bin2base64(b64, sizeof b64, sig, 64, sodium_base64_VARIANT_ORIGINAL);
	snprintf(signature, sizeof signature, "  parley=:%s:  ", b64);
	snprintf(input, sizeof input,
	         " parley=(  \"@method\"  \"@path\" \"@query\" \"content-digest\" );nonce=\"%s\";"
	         "alg=\"ed25519\";keyid=\"%s\";created=1000 ",
	         nonce, f->keyid);
	pl_httpsig_params p;
	const char *code;
	assert_int_equal(
	    pl_httpsig_verify(&p, &post, digest.ptr, input, signature, 1000, 60, &code, &err), 0);
	pl_buf_free(&digest);
	pl_buf_free(&base);
	pl_buf_free(&value);
}

/* --- malformed signature headers ------------------------------------------ */

#define COMPONENTS "(\"@method\" \"@path\" \"@query\" \"content-digest\")"
#define KEYID      "\"0000000000000000000000000000000000000000000000000000000000000000\""
#define PARAMS     ";created=1;keyid=" KEYID ";alg=\"ed25519\";nonce=\"abcdefghijklmnop\""
#define SIG64                                                                                      \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
#define GOOD_INPUT "parley=" COMPONENTS PARAMS
#define GOOD_SIG   "parley=:" SIG64 ":"

static void expect_parse_refused(const char *input, const char *signature, const char *message)
{
	pl_httpsig_params p;
	pl_error err;
	int rc = pl_httpsig_parse(&p, input, signature, &err);
	if (rc != PL_EINVALID)
		fail_msg("'%s' / '%s': rc %d (%s), not PL_EINVALID", input ? input : "(null)",
		         signature ? signature : "(null)", rc, rc ? err.message : "");
	if (!strstr(err.message, message))
		fail_msg("'%s': message '%s' lacks '%s'", input ? input : "(null)", err.message,
		         message);
}

static void test_parse_good(void **state)
{
	(void)state;
	pl_httpsig_params p;
	pl_error err;
	assert_int_equal(pl_httpsig_parse(&p, GOOD_INPUT, GOOD_SIG, &err), 0);
	assert_int_equal(p.created, 1);
	assert_string_equal(p.nonce, "abcdefghijklmnop");
	assert_int_equal(pl_httpsig_parse(&p, NULL, NULL, &err), PL_ENOTFOUND);
	/* A string's escapes are RFC 8941's: \" and \\ only. */
	assert_int_equal(pl_httpsig_parse(&p,
	                                  "parley=(\"@method\" \"@pa\\th\" \"@query\" "
	                                  "\"content-digest\")" PARAMS,
	                                  GOOD_SIG, &err),
	                 PL_EINVALID);
	/* The largest created RFC 8941 allows. */
	assert_int_equal(pl_httpsig_parse(&p,
	                                  "parley=" COMPONENTS
	                                  ";created=999999999999999;keyid=" KEYID
	                                  ";alg=\"ed25519\";nonce=\"abcdefghijklmnop\"",
	                                  GOOD_SIG, &err),
	                 0);
	assert_int_equal(p.created, 999999999999999LL);
	/* RFC 8941 allows spaces after a parameter's ';'. */
	assert_int_equal(pl_httpsig_parse(&p,
	                                  "parley=" COMPONENTS "; created=1; keyid=" KEYID
	                                  ";alg=\"ed25519\";nonce=\"abcdefghijklmnop\"",
	                                  GOOD_SIG, &err),
	                 0);
}

static void test_parse_malformed_input(void **state)
{
	(void)state;
	const char *S = GOOD_SIG;
	expect_parse_refused(NULL, S, "Signature without Signature-Input");
	expect_parse_refused(GOOD_INPUT, NULL, "Signature-Input without Signature");
	expect_parse_refused("", S, "expected a lower-case key");
	expect_parse_refused("sig1=" COMPONENTS PARAMS, S,
	                     "the label must be 'parley', not 'sig1'");
	expect_parse_refused("Parley=" COMPONENTS PARAMS, S, "expected a lower-case key");
	expect_parse_refused("parley " COMPONENTS PARAMS, S, "expected '=' after the label");
	expect_parse_refused("parley=\"@method\"" PARAMS, S, "in parentheses");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\")" PARAMS, S,
	                     "the covered components must be");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\" \"content-digest\" "
	                     "\"date\")" PARAMS,
	                     S, "covered component 5 is \"date\"");
	expect_parse_refused("parley=(\"@path\" \"@method\" \"@query\" \"content-digest\")" PARAMS,
	                     S, "covered component 1 is \"@path\"");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\" \"Content-Digest\")" PARAMS,
	                     S, "covered component 4 is \"Content-Digest\"");
	expect_parse_refused(
	    "parley=(\"@method\" \"@path\";req \"@query\" \"content-digest\")" PARAMS, S,
	    "component \"@path\" has parameters");
	expect_parse_refused("parley=(\"@method\"\"@path\" \"@query\" \"content-digest\")" PARAMS,
	                     S, "separated by spaces");
	expect_parse_refused("parley=(@method \"@path\" \"@query\" \"content-digest\")" PARAMS, S,
	                     "expected a string");
	expect_parse_refused("parley=(\"@method \"@path\" \"@query\" \"content-digest\")" PARAMS, S,
	                     "covered component 1");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\" \"content-digest\"", S,
	                     "no closing parenthesis");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\" \"content-dig", S,
	                     "no closing quote");
	expect_parse_refused("parley=(\"@method\" \"@path\" \"@query\" \"content-digest\"" PARAMS,
	                     S, "component \"content-digest\" has parameters");
	expect_parse_refused("parley=(\"@m\xc3\xa9thod\" \"@path\" \"@query\" \"content-digest\")",
	                     S, "outside printable ASCII");
	expect_parse_refused("parley=" COMPONENTS, S, "parameter 'created' is missing");
	expect_parse_refused("parley=" COMPONENTS ";created=1;keyid=" KEYID ";alg=\"ed25519\"", S,
	                     "parameter 'nonce' is missing");
	expect_parse_refused("parley=" COMPONENTS PARAMS ";expires=5", S,
	                     "more parameters than the profile's four");
	expect_parse_refused("parley=" COMPONENTS ";expires=5" PARAMS, S,
	                     "parameter 'expires' is not one of the profile's");
	expect_parse_refused("parley=" COMPONENTS ";created=1;created=2", S,
	                     "parameter 'created' appears twice");
	expect_parse_refused("parley=" COMPONENTS ";created" PARAMS, S,
	                     "parameter 'created' has no value");
	expect_parse_refused("parley=" COMPONENTS ";created=-1;keyid=" KEYID, S,
	                     "\"created\" is negative");
	expect_parse_refused("parley=" COMPONENTS ";created=1.5;keyid=" KEYID, S,
	                     "found a decimal");
	expect_parse_refused("parley=" COMPONENTS ";created=1000000000000000", S,
	                     "more than 15 digits");
	expect_parse_refused("parley=" COMPONENTS ";created=\"1\"", S, "expected an integer");
	expect_parse_refused("parley=" COMPONENTS ";created=1;keyid=abc", S,
	                     "expected a string in double quotes");
	expect_parse_refused("parley=" COMPONENTS ";created=1;keyid=\"test-key-ed25519\"", S,
	                     "64 lower-case hex digits");
	expect_parse_refused("parley=" COMPONENTS ";created=1;keyid=\"00\"", S,
	                     "64 lower-case hex digits");
	expect_parse_refused("parley=" COMPONENTS ";created=1;keyid=\"000000000000000000000000"
	                     "000000000000000000000000000000000000000A\"",
	                     S, "64 lower-case hex digits");
	expect_parse_refused("parley=" COMPONENTS ";keyid=\"000000000000000000000000000000000000000"
	                     "00000000000000000000000000000\"",
	                     S, "a string is longer than this profile allows");
	expect_parse_refused("parley=" COMPONENTS ";alg=\"rsa-pss-sha512\"", S,
	                     "alg is \"rsa-pss-sha512\"; the profile accepts only \"ed25519\"");
	expect_parse_refused("parley=" COMPONENTS ";alg=\"Ed25519\"", S,
	                     "accepts only \"ed25519\"");
	expect_parse_refused("parley=" COMPONENTS ";nonce=\"short\"", S,
	                     "the nonce is 5 characters, not 16 to 64");
	expect_parse_refused("parley=" COMPONENTS ";nonce=\"abcdefghijklmnop/\"", S,
	                     "'/', which is not base64url");
	expect_parse_refused("parley=" COMPONENTS PARAMS ", sig2=" COMPONENTS PARAMS, S,
	                     "only one signature, labelled 'parley'");
	expect_parse_refused("parley=" COMPONENTS PARAMS "x", S, "unexpected characters");
}

static void test_parse_malformed_signature(void **state)
{
	(void)state;
	const char *I = GOOD_INPUT;
	expect_parse_refused(I, "", "Signature: expected a lower-case key");
	expect_parse_refused(I, "sig1=:" SIG64 ":", "Signature: the label must be 'parley'");
	expect_parse_refused(I, "parley=" SIG64, "expected a byte sequence");
	expect_parse_refused(I, "parley=:" SIG64, "no closing colon");
	expect_parse_refused(I, "parley=:AAAA:", "not 64 bytes of padded base64");
	expect_parse_refused(I, "parley=:" SIG64 "AAAA:", "not 64 bytes");
	expect_parse_refused(
	    I,
	    "parley=:"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:",
	    "padded base64");
	expect_parse_refused(I,
	                     "parley=:"
	                     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	                     "AAAAAAAAAAAA_A==:",
	                     "padded base64");
	expect_parse_refused(I, "parley=:" SIG64 ":;x=1", "parameters are not accepted");
	expect_parse_refused(I, "parley=:" SIG64 ":, other=:AAAA:", "only one member");
	expect_parse_refused(I, "parley=(\"x\")", "expected a byte sequence");
	char huge[PL_HTTPSIG_HEADER_MAX + 10];
	memset(huge, ' ', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	expect_parse_refused(I, huge, "is over 511 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc9421_ed25519_example),
	    cmocka_unit_test(test_digest),
	    cmocka_unit_test(test_digest_malformed),
	    cmocka_unit_test(test_base),
	    cmocka_unit_test(test_sign_headers),
	    cmocka_unit_test(test_verify_refusals),
	    cmocka_unit_test(test_verify_param_order),
	    cmocka_unit_test(test_parse_good),
	    cmocka_unit_test(test_parse_malformed_input),
	    cmocka_unit_test(test_parse_malformed_signature),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
