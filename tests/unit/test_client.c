/* test_client.c — the remote client (src/client/) against a tiny HTTP
 * responder in this test: every request it sends is signed as the profile
 * says (checked with pl_httpsig_verify), connections are kept alive, the
 * server's errors come back as codes and messages, and nothing is signed
 * that the command did not ask for. */
#include "testutil.h"

#include "client.h"
#include "httpsig.h"
#include "parley/signing.h"
#include "record_int.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* --- the responder -------------------------------------------------------- */

enum { MAX_ANSWERS = 16 };

typedef struct answer {
	int status;
	const char *body;
	const char *headers; /* extra header lines, each ending "\r\n" */
} answer;

typedef struct responder {
	int listener;
	int port;
	pthread_t thread;
	answer answers[MAX_ANSWERS];
	int answer_count;
	/* what came */
	int connections;
	int requests;
	char method[16];
	char target[1024];
	char body[8192];
	const char *verified; /* NULL: the last request verified; else the 401 code */
	char verify_message[1024];
	int close_after; /* close each connection after one answer */
} responder;

static const char *find_header(char *head, const char *name)
{
	size_t len = strlen(name);
	for (char *line = strstr(head, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
		char *start = line + 2;
		if (strncasecmp(start, name, len) == 0 && start[len] == ':') {
			char *value = start + len + 1;
			while (*value == ' ')
				value++;
			return value;
		}
	}
	return NULL;
}

/* Copies the header's value (up to its CRLF) into out, or NULL. */
static const char *header_copy(char *head, const char *name, char *out, size_t size)
{
	const char *value = find_header(head, name);
	if (!value)
		return NULL;
	size_t len = strcspn(value, "\r");
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), value);
	return out;
}

/* Reads one request from fd; 0 at a clean end of the connection. */
static int read_request(responder *r, int fd)
{
	char head[16384] = "";
	size_t len = 0;
	while (!strstr(head, "\r\n\r\n")) {
		ssize_t n = read(fd, head + len, sizeof head - 1 - len);
		if (n <= 0)
			return 0;
		len += (size_t)n;
		head[len] = '\0';
	}
	char *end = strstr(head, "\r\n\r\n") + 4;
	size_t have = len - (size_t)(end - head);
	char length_text[32] = "0";
	header_copy(head, "Content-Length", length_text, sizeof length_text);
	size_t body_len = strtoul(length_text, NULL, 10);
	assert_true(body_len < sizeof r->body);
	memcpy(r->body, end, have);
	while (have < body_len) {
		ssize_t n = read(fd, r->body + have, body_len - have);
		assert_true(n > 0);
		have += (size_t)n;
	}
	r->body[body_len] = '\0';
	sscanf(head, "%15s %1023s", r->method, r->target);
	char digest[600], input[600], signature[600];
	char *query = strchr(r->target, '?');
	char path[1024];
	snprintf(path, sizeof path, "%.*s",
	         (int)(query ? query - r->target : (long)strlen(r->target)), r->target);
	pl_httpsig_request request = {r->method, path, query ? query + 1 : NULL, r->body, body_len};
	pl_httpsig_params params;
	pl_error err;
	int rc = pl_httpsig_verify(&params, &request,
	                           header_copy(head, "Content-Digest", digest, sizeof digest),
	                           header_copy(head, "Signature-Input", input, sizeof input),
	                           header_copy(head, "Signature", signature, sizeof signature),
	                           (int64_t)time(NULL), 60, &r->verified, &err);
	snprintf(r->verify_message, sizeof r->verify_message, "%s", rc ? err.message : "");
	return 1;
}

static void write_answer(responder *r, int fd)
{
	answer a = r->answers[r->requests < r->answer_count ? r->requests : r->answer_count - 1];
	char head[1024];
	int n =
	    snprintf(head, sizeof head,
	             "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nContent-Type: application/json\r\n"
	             "%s%s\r\n",
	             a.status, strlen(a.body), a.headers ? a.headers : "",
	             r->close_after ? "Connection: close\r\n" : "");
	assert_true(write(fd, head, (size_t)n) == n);
	assert_true(write(fd, a.body, strlen(a.body)) == (ssize_t)strlen(a.body));
}

static void *serve(void *context)
{
	responder *r = context;
	for (;;) {
		int fd = accept(r->listener, NULL, NULL);
		if (fd < 0)
			return NULL;
		r->connections++;
		while (read_request(r, fd)) {
			write_answer(r, fd);
			r->requests++;
			if (r->close_after)
				break;
		}
		close(fd);
	}
}

static void responder_start(responder *r)
{
	r->listener = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in address = {0};
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(r->listener, (struct sockaddr *)&address, sizeof address), 0);
	assert_int_equal(listen(r->listener, 4), 0);
	socklen_t len = sizeof address;
	getsockname(r->listener, (struct sockaddr *)&address, &len);
	r->port = ntohs(address.sin_port);
	pthread_create(&r->thread, NULL, serve, r);
}

static void responder_stop(responder *r)
{
	shutdown(r->listener, SHUT_RDWR);
	close(r->listener);
	pthread_join(r->thread, NULL);
}

/* --- fixture: a key and a client of the responder ------------------------- */

typedef struct fixture {
	char *dir;
	pl_signer *signer;
	responder r;
	pl_client *client;
} fixture;

static int setup(void **state)
{
	assert_true(sodium_init() >= 0);
	fixture *f = calloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	pl_keypair pair;
	pl_keypair_generate(&pair);
	char path[600];
	snprintf(path, sizeof path, "%s/alice.key", f->dir);
	pl_error err;
	assert_int_equal(pl_key_file_write(path, &pair, &err), 0);
	pl_keypair_wipe(&pair);
	assert_int_equal(pl_signer_open(path, &f->signer, &err), 0);
	responder_start(&f->r);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f->r.port);
	assert_int_equal(pl_client_open(url, NULL, &f->client, &err), 0);
	pl_client_set_signer(f->client, f->signer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pl_client_close(f->client);
	responder_stop(&f->r);
	pl_signer_close(f->signer);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void script(fixture *f, int status, const char *body, const char *headers)
{
	f->r.answers[f->r.answer_count++] = (answer){status, body, headers};
}

/* --- tests ------------------------------------------------------------------ */

static void test_url(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
	    {"ftp://host", "does not start with http:// or https://"},
	    {"127.0.0.1:8080", "does not start with http://"},
	    {"http://", "names no host"},
	    {"http://user:pw@host", "holds a user name"},
	    {"http://host/api", "has a path, query or fragment"},
	    {"http://host?x=1", "has a path, query or fragment"},
	    {"http://ho st", "holds a space"},
	};
	pl_client *c;
	pl_error err;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(pl_client_open(bad[i][0], NULL, &c, &err), PL_EINVALID);
		assert_null(c);
		if (!strstr(err.message, bad[i][1]))
			fail_msg("%s: '%s' lacks '%s'", bad[i][0], err.message, bad[i][1]);
	}
	assert_int_equal(pl_client_open("https://example.org:8443/", NULL, &c, &err), 0);
	pl_client_close(c);
}

static void test_escape(void **state)
{
	(void)state;
	pl_buf out = PL_BUF_INIT;
	pl_client_escape(&out, "plan@2 6,7 a/b?c&d=e~f_g.h-i%\xc3\xa9");
	assert_string_equal(out.ptr, "plan@2%206%2C7%20a%2Fb%3Fc%26d%3De~f_g.h-i%25%C3%A9");
	pl_buf_free(&out);
}

static void test_signed_get(void **state)
{
	fixture *f = *state;
	script(f, 200, "{\"format\":\"parley.document/1\"}", "X-Parley-Differ: 1\r\n");
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_client_request(f->client, "GET", "/api/docs/plan@2/show",
	                                   "format=json&point=6", NULL, 0, &out, &err),
	                 0);
	assert_string_equal(out.ptr, "{\"format\":\"parley.document/1\"}");
	assert_string_equal(f->r.method, "GET");
	assert_string_equal(f->r.target, "/api/docs/plan@2/show?format=json&point=6");
	if (f->r.verified)
		fail_msg("not verified: %s: %s", f->r.verified, f->r.verify_message);
	assert_int_equal(pl_client_status(f->client), 200);
	assert_string_equal(pl_client_header(f->client, "x-parley-differ"), "1");
	assert_null(pl_client_header(f->client, "X-Parley-Other"));

	/* A POST, on the same connection: the body is signed too. */
	pl_buf_clear(&out);
	assert_int_equal(pl_client_request(f->client, "POST", "/api/statements", NULL, "{\"a\":1}",
	                                   7, &out, &err),
	                 0);
	assert_string_equal(f->r.method, "POST");
	assert_string_equal(f->r.body, "{\"a\":1}");
	assert_null(f->r.verified);
	assert_int_equal(f->r.connections, 1);
	assert_int_equal(f->r.requests, 2);
	pl_buf_free(&out);
}

static void test_unsigned(void **state)
{
	fixture *f = *state;
	script(f, 200, "{}", NULL);
	pl_client_set_signer(f->client, NULL);
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(
	    pl_client_request(f->client, "GET", "/api/health", NULL, NULL, 0, &out, &err), 0);
	assert_string_equal(f->r.verified, "unsigned");
	pl_buf_free(&out);
}

static void test_errors(void **state)
{
	fixture *f = *state;
	static const struct {
		int status;
		const char *body;
		int rc;
		const char *message;
	} cases[] = {
	    {404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no document 'x'\"}}",
	     PL_ENOTFOUND, "no document 'x'"},
	    {400, "{\"error\":{\"code\":\"invalid\",\"message\":\"bad stance\"}}", PL_EINVALID,
	     "bad stance"},
	    {401, "{\"error\":{\"code\":\"replayed\",\"message\":\"nonce seen\"}}", PL_EDENIED,
	     "nonce seen"},
	    {403, "{\"error\":{\"code\":\"denied\",\"message\":\"observers sign nothing\"}}",
	     PL_EDENIED, "observers sign nothing"},
	    {409, "{\"error\":{\"code\":\"stale\",\"message\":\"prepare again\"}}", PL_ESTALE,
	     "prepare again"},
	    {409, "{\"error\":{\"code\":\"bad_record\",\"message\":\"event 3 bad\"}}", PL_EBADSIG,
	     "event 3 bad"},
	    {413, "{\"error\":{\"code\":\"too_large\",\"message\":\"over 1 MiB\"}}", PL_ETOOBIG,
	     "over 1 MiB"},
	    {429, "{\"error\":{\"code\":\"too_many\",\"message\":\"slow down\"}}", PL_EBUSY,
	     "slow down"},
	    {503, "{\"error\":{\"code\":\"busy\",\"message\":\"locked\"}}", PL_EBUSY, "locked"},
	    {500, "{\"error\":{\"code\":\"internal\",\"message\":\"disk full\"}}", PL_EIO,
	     "disk full"},
	    {502, "<html>bad gateway</html>", PL_EIO,
	     "the server answered HTTP 502 without a parley error"},
	    {404, "{\"error\":{\"code\":\"whatever\",\"message\":\"m\"}}", PL_EIO,
	     "the server answered HTTP 404 without a parley error"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		script(f, cases[i].status, cases[i].body, NULL);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pl_buf out = PL_BUF_INIT;
		pl_error err;
		int rc = pl_client_request(f->client, "GET", "/api/x", NULL, NULL, 0, &out, &err);
		assert_int_equal(rc, cases[i].rc);
		assert_string_equal(err.message, cases[i].message);
		assert_int_equal(out.len, 0);
		assert_int_equal(pl_client_status(f->client), cases[i].status);
		pl_buf_free(&out);
	}
	assert_string_equal(pl_client_error_code(f->client), "");
}

static void test_unreachable(void **state)
{
	fixture *f = *state;
	pl_client *c;
	pl_error err;
	/* A port bound and never listened on: connections are refused, and
	 * no other test's server can take the port meanwhile (a port closed
	 * before the request could be given to one, under ctest -j). */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in address = {0};
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&address, sizeof address), 0);
	socklen_t len = sizeof address;
	getsockname(fd, (struct sockaddr *)&address, &len);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(address.sin_port));
	assert_int_equal(pl_client_open(url, NULL, &c, &err), 0);
	pl_client_set_signer(c, f->signer);
	pl_buf out = PL_BUF_INIT;
	assert_int_equal(pl_client_request(c, "GET", "/api/docs", NULL, NULL, 0, &out, &err),
	                 PL_EIO);
	assert_non_null(strstr(err.message, "cannot reach the server http://127.0.0.1:"));
	pl_client_close(c);
	pl_buf_free(&out);
	close(fd);
}

/* A prepared answer with one statement of actor and kind. */
static char *prepared(const char *actor, const char *kind)
{
	char *text = malloc(1024);
	snprintf(text, 1024,
	         "{\"schema\":\"parley.prepared/1\",\"statements\":[{\"statement\":"
	         "\"{\\\"actor\\\":\\\"%s\\\",\\\"after\\\":null,\\\"at\\\":\\\"2026-12-05T00:00:"
	         "00Z\\\","
	         "\\\"kind\\\":\\\"%s\\\",\\\"payload\\\":{},\\\"track\\\":\\\"plenary\\\"}\","
	         "\"hash\":\"%064d\"}],\"texts\":{},\"result\":{\"format\":\"parley.done/1\","
	         "\"message\":\"done\"}}",
	         actor, kind, 0);
	return text;
}

static void test_change_refuses_foreign_statements(void **state)
{
	fixture *f = *state;
	static const char *const kinds[] = {"position.set", NULL};
	char *other_actor = prepared("mallory", "position.set");
	char *other_kind = prepared("alice", "delegate.key");
	script(f, 200, other_actor, NULL);
	script(f, 200, other_kind, NULL);
	script(f, 200,
	       "{\"schema\":\"parley.prepared/1\",\"statements\":[],\"texts\":{},"
	       "\"result\":{\"message\":\"x\"}}",
	       NULL);
	script(f, 200, "{\"schema\":\"parley.other/1\"}", NULL);
	pl_buf result = PL_BUF_INIT;
	pl_error err;
	const char *body = "{\"ref\":\"plan@2\",\"points\":[\"6\"],\"stance\":\"accept\"}";
	assert_int_equal(pl_client_change(f->client, "/api/positions", body, strlen(body), "alice",
	                                  kinds, NULL, NULL, &result, &err),
	                 PL_EBADSIG);
	assert_string_equal(
	    err.message, "the server asked alice to sign a statement of mallory; nothing signed");
	assert_int_equal(pl_client_change(f->client, "/api/positions", body, strlen(body), "alice",
	                                  kinds, NULL, NULL, &result, &err),
	                 PL_EBADSIG);
	assert_string_equal(err.message, "the server asked to sign a 'delegate.key' statement, "
	                                 "which this command does not make; nothing signed");
	assert_int_equal(pl_client_change(f->client, "/api/positions", body, strlen(body), "alice",
	                                  kinds, NULL, NULL, &result, &err),
	                 PL_EINVALID);
	assert_string_equal(err.message, "the server prepared nothing to sign");
	assert_int_equal(pl_client_change(f->client, "/api/positions", body, strlen(body), "alice",
	                                  kinds, NULL, NULL, &result, &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "not a parley.prepared/1 document"));
	/* Four prepares, no commit. */
	assert_int_equal(f->r.requests, 4);
	assert_string_equal(f->r.target, "/api/positions");
	assert_string_equal(f->r.body, body);
	assert_int_equal(result.len, 0);
	pl_buf_free(&result);
	free(other_actor);
	free(other_kind);
}

/* An import of the text the document holds: no statement, a result that
 * says "unchanged". Nothing is signed or committed; the result is the
 * command's. */
static void test_change_unchanged_signs_nothing(void **state)
{
	fixture *f = *state;
	static const char *const kinds[] = {"document.version", NULL};
	script(f, 200,
	       "{\"schema\":\"parley.prepared/1\",\"statements\":[],\"texts\":{},"
	       "\"result\":{\"format\":\"parley.import/1\",\"unchanged\":true,"
	       "\"message\":\"plan.md is unchanged from plan@2; no new version\"}}",
	       NULL);
	pl_buf result = PL_BUF_INIT;
	pl_error err;
	const char *body = "{\"doc\":\"plan\",\"text\":\"# Plan\\n\\n1. One.\\n\"}";
	assert_int_equal(pl_client_change(f->client, "/api/import", body, strlen(body), "alice",
	                                  kinds, NULL, NULL, &result, &err),
	                 0);
	assert_non_null(strstr(result.ptr, "\"unchanged\":true"));
	assert_non_null(strstr(result.ptr, "unchanged from plan@2"));
	/* One prepare, no commit. */
	assert_int_equal(f->r.requests, 1);
	assert_string_equal(f->r.target, "/api/import");
	pl_buf_free(&result);
}

static void test_response_cap(void **state)
{
	fixture *f = *state;
	script(f, 200, "{\"format\":\"parley.document/1\",\"title\":\"a long answer\"}", NULL);
	f->r.close_after = 1;
	pl_client_set_limit(f->client, 16);
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_client_request(f->client, "GET", "/api/x", NULL, NULL, 0, &out, &err),
	                 PL_ETOOBIG);
	assert_non_null(strstr(err.message, "is over 16 bytes"));
	assert_int_equal(out.len, 0);
	pl_buf_free(&out);
}

/* A real prepared answer: one canonical statement of alice, hashed. */
static char *real_prepared(void)
{
	json_t *statement = json_pack("{s:s, s:n, s:s, s:s, s:{s:s}, s:s}", "actor", "alice",
	                              "after", "at", "2025-11-24T12:00:00Z", "kind", "position.set",
	                              "payload", "stance", "accept", "track", "plenary");
	char *text = json_dumps(statement, JSON_SORT_KEYS | JSON_COMPACT);
	uint8_t hash[PL_HASH_BYTES];
	pl_hash(hash, text, strlen(text));
	char hex[2 * PL_HASH_BYTES + 1];
	pl_hex(hex, hash, PL_HASH_BYTES);
	json_t *doc =
	    json_pack("{s:s, s:[{s:s, s:s}], s:{}, s:{s:s, s:s}}", "schema", "parley.prepared/1",
	              "statements", "statement", text, "hash", hex, "texts", "result", "format",
	              "parley.done/1", "message", "recorded");
	char *out = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	json_decref(statement);
	free(text);
	return out;
}

static const char stale[] = "{\"error\":{\"code\":\"stale\",\"message\":\"the track moved\"}}";
static const char committed[] = "{\"schema\":\"parley.committed/1\",\"events\":[]}";

/* Prepare, a stale commit, prepare again, commit: the result is printed
 * once, and what was committed is signed. */
static void test_change_retries_stale(void **state)
{
	fixture *f = *state;
	static const char *const kinds[] = {"position.set", NULL};
	char *prepared_doc = real_prepared();
	script(f, 200, prepared_doc, NULL);
	script(f, 409, stale, NULL);
	script(f, 200, prepared_doc, NULL);
	script(f, 200, committed, NULL);
	pl_buf result = PL_BUF_INIT;
	pl_error err;
	const char *body = "{\"stance\":\"accept\"}";
	int rc = pl_client_change(f->client, "/api/positions", body, strlen(body), "alice", kinds,
	                          NULL, NULL, &result, &err);
	if (rc)
		fail_msg("change: %s", err.message);
	assert_string_equal(result.ptr, "{\"format\":\"parley.done/1\",\"message\":\"recorded\"}");
	assert_int_equal(f->r.requests, 4);
	assert_string_equal(f->r.target, "/api/commit");
	assert_null(f->r.verified);
	assert_non_null(strstr(f->r.body, "\"schema\":\"parley.signed/1\""));
	assert_non_null(strstr(f->r.body, "\"signature\":\""));
	pl_buf_free(&result);
	free(prepared_doc);
}

/* Stale every time: five retries, then the server's message. */
static void test_change_gives_up(void **state)
{
	fixture *f = *state;
	static const char *const kinds[] = {"position.set", NULL};
	char *prepared_doc = real_prepared();
	for (int i = 0; i < 6; i++) {
		script(f, 200, prepared_doc, NULL);
		script(f, 409, stale, NULL);
	}
	pl_buf result = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_client_change(f->client, "/api/positions", "{}", 2, "alice", kinds,
	                                  NULL, NULL, &result, &err),
	                 PL_ESTALE);
	assert_string_equal(err.message, "the track moved");
	assert_string_equal(pl_client_error_code(f->client), "stale");
	assert_int_equal(f->r.requests, 2 * (1 + PL_CLIENT_RETRIES));
	assert_int_equal(result.len, 0);
	pl_buf_free(&result);
	free(prepared_doc);
}

/* A conflict that is not stale is not retried. */
static void test_change_conflict_not_retried(void **state)
{
	fixture *f = *state;
	static const char *const kinds[] = {"position.set", NULL};
	char *prepared_doc = real_prepared();
	script(f, 200, prepared_doc, NULL);
	script(f, 409, "{\"error\":{\"code\":\"conflict\",\"message\":\"recorded already\"}}",
	       NULL);
	pl_buf result = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_client_change(f->client, "/api/positions", "{}", 2, "alice", kinds,
	                                  NULL, NULL, &result, &err),
	                 PL_ECONFLICT);
	assert_int_equal(f->r.requests, 2);
	pl_buf_free(&result);
	free(prepared_doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test_setup_teardown(test_signed_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unsigned, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unreachable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_refuses_foreign_statements, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_change_unchanged_signs_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_response_cap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_retries_stale, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_gives_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_conflict_not_retried, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
