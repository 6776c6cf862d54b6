/* client.c — signed requests to a parley server over libcurl, and the
 * prepare -> sign -> commit flow of a change (client.h). */
#include "client.h"

#include "httpsig.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct pl_client {
	CURL *curl;
	char base[512]; /* scheme://host:port, no trailing '/' */
	char ca_file[4096];
	const pl_signer *signer; /* borrowed */
	long status;
	char error_code[32];
	pl_buf headers;         /* the last answer's header lines */
	char header_value[256]; /* what pl_client_header returned last */
	pl_buf *body;           /* where the answer goes while it comes */
	size_t max_response;
	int too_big;
};

/* --- opening ------------------------------------------------------------- */

static int check_url(const char *url, char *base, size_t size, pl_error *err)
{
	const char *rest = NULL;
	if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else
		return pl_error_set(err, PL_EINVALID,
		                    "server address '%s' does not start with http:// or https://",
		                    url);
	size_t host_len = strcspn(rest, "/?#");
	if (host_len == 0)
		return pl_error_set(err, PL_EINVALID, "server address '%s' names no host", url);
	if (memchr(rest, '@', host_len))
		return pl_error_set(err, PL_EINVALID,
		                    "server address '%s' holds a user name; parley signs requests, "
		                    "it sends no passwords",
		                    url);
	const char *tail = rest + host_len;
	if (*tail && strcmp(tail, "/") != 0)
		return pl_error_set(err, PL_EINVALID,
		                    "server address '%s' has a path, query or fragment; give only "
		                    "scheme, host and port",
		                    url);
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return pl_error_set(
			    err, PL_EINVALID,
			    "server address '%s' holds a space or a byte outside ASCII", url);
	size_t len = (size_t)(tail - url);
	if (len >= size)
		return pl_error_set(err, PL_EINVALID, "server address is too long");
	memcpy(base, url, len);
	base[len] = '\0';
	return 0;
}

int pl_client_open(const char *url, const char *ca_file, pl_client **out, pl_error *err)
{
	*out = NULL;
	pl_client *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	pl_buf_init(&c->headers);
	int rc = check_url(url, c->base, sizeof c->base, err);
	if (rc == 0 && ca_file && strlen(ca_file) >= sizeof c->ca_file)
		rc = pl_error_set(err, PL_EINVALID, "the certificate file's name is too long");
	if (rc == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		rc = pl_error_set(err, PL_EIO, "libcurl cannot start");
	if (rc == 0 && !(c->curl = curl_easy_init()))
		rc = pl_error_set(err, PL_EIO, "libcurl cannot start");
	if (rc) {
		free(c);
		return rc;
	}
	if (ca_file)
		memcpy(c->ca_file, ca_file, strlen(ca_file) + 1);
	c->max_response = PL_CLIENT_MAX_RESPONSE;
	*out = c;
	return 0;
}

void pl_client_close(pl_client *client)
{
	if (!client)
		return;
	curl_easy_cleanup(client->curl);
	pl_buf_free(&client->headers);
	free(client);
}

void pl_client_set_signer(pl_client *client, const pl_signer *signer)
{
	client->signer = signer;
}

void pl_client_set_limit(pl_client *client, size_t max_response)
{
	client->max_response = max_response;
}

long pl_client_status(const pl_client *client)
{
	return client->status;
}

const char *pl_client_error_code(const pl_client *client)
{
	return client->error_code;
}

const char *pl_client_header(pl_client *client, const char *name)
{
	size_t name_len = strlen(name);
	const char *line = client->headers.ptr;
	while (*line) {
		const char *end = strchr(line, '\n');
		if (!end)
			break;
		if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
			const char *value = line + name_len + 1;
			while (*value == ' ' || *value == '\t')
				value++;
			snprintf(client->header_value, sizeof client->header_value, "%.*s",
			         (int)(end - value), value);
			return client->header_value;
		}
		line = end + 1;
	}
	return NULL;
}

/* --- one request --------------------------------------------------------- */

static size_t take_body(char *data, size_t size, size_t count, void *context)
{
	pl_client *c = context;
	size_t len = size * count;
	if (c->body->len + len > c->max_response) {
		c->too_big = 1;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	pl_buf_put(c->body, data, len);
	return len;
}

/* Header lines are kept one per line, each NUL-free and ending in "\n";
 * a status line (a new answer, after a 100 Continue) starts them afresh. */
static size_t take_header(char *data, size_t size, size_t count, void *context)
{
	pl_client *c = context;
	size_t len = size * count;
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		pl_buf_clear(&c->headers);
	size_t keep = len;
	while (keep > 0 && (data[keep - 1] == '\r' || data[keep - 1] == '\n'))
		keep--;
	if (keep > 0 && !memchr(data, '\0', keep) && c->headers.len + keep < (64 << 10)) {
		pl_buf_put(&c->headers, data, keep);
		pl_buf_putc(&c->headers, '\n');
	}
	return len;
}

/* The three signature headers of method path?query body, added to list. */
static int sign_request(pl_client *c, const char *method, const char *path, const char *query,
                        const char *body, size_t len, struct curl_slist **list, pl_error *err)
{
	pl_httpsig_request request = {method, path, query, body, len};
	pl_httpsig_headers h;
	int rc = pl_httpsig_sign(&h, &request, c->signer, (int64_t)time(NULL), NULL, err);
	if (rc)
		return rc;
	pl_buf line = PL_BUF_INIT;
	pl_buf_printf(&line, "Content-Digest: %s", h.content_digest);
	*list = curl_slist_append(*list, line.ptr);
	pl_buf_clear(&line);
	pl_buf_printf(&line, "Signature-Input: %s", h.signature_input);
	*list = curl_slist_append(*list, line.ptr);
	pl_buf_clear(&line);
	pl_buf_printf(&line, "Signature: %s", h.signature);
	*list = curl_slist_append(*list, line.ptr);
	pl_buf_free(&line);
	return 0;
}

static const struct {
	const char *code;
	int rc;
} error_codes[] = {
    {"invalid", PL_EINVALID}, {"unsigned", PL_EDENIED},    {"bad_signature", PL_EDENIED},
    {"replayed", PL_EDENIED}, {"expired", PL_EDENIED},     {"unknown_key", PL_EDENIED},
    {"denied", PL_EDENIED},   {"not_found", PL_ENOTFOUND}, {"conflict", PL_ECONFLICT},
    {"stale", PL_ESTALE},     {"bad_record", PL_EBADSIG},  {"too_large", PL_ETOOBIG},
    {"too_many", PL_EBUSY},   {"busy", PL_EBUSY},          {"internal", PL_EIO},
};

/* An error answer: {"error":{"code":..,"message":..}} into err. */
static int read_error(pl_client *c, const pl_buf *body, pl_error *err)
{
	json_t *doc = json_loadb(body->ptr, body->len, 0, NULL);
	json_t *error = json_object_get(doc, "error");
	const char *code = json_string_value(json_object_get(error, "code"));
	const char *message = json_string_value(json_object_get(error, "message"));
	int rc = 0;
	for (size_t i = 0; code && message && i < sizeof error_codes / sizeof *error_codes; i++)
		if (strcmp(code, error_codes[i].code) == 0)
			rc = error_codes[i].rc;
	if (rc) {
		snprintf(c->error_code, sizeof c->error_code, "%s", code);
		pl_error_set(err, rc, "%s", message);
	} else {
		rc = pl_error_set(err, PL_EIO,
		                  "the server answered HTTP %ld without a parley error", c->status);
	}
	json_decref(doc);
	return rc;
}

static void set_method(CURL *curl, const char *method, const char *body, size_t len)
{
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, NULL);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
		return;
	}
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, len ? body : "");
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	if (strcmp(method, "POST") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
}

static void set_options(pl_client *c, const char *url, struct curl_slist *headers)
{
	CURL *curl = c->curl;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)PL_CLIENT_CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)PL_CLIENT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_response);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, take_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, take_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "parley/" PARLEY_VERSION);
	if (c->ca_file[0])
		curl_easy_setopt(curl, CURLOPT_CAINFO, c->ca_file);
}

/* A transport failure as one line naming the server. */
static int transport_error(pl_client *c, CURLcode code, pl_error *err)
{
	if (c->too_big || code == CURLE_FILESIZE_EXCEEDED)
		return pl_error_set(err, PL_ETOOBIG, "the answer of %s is over %zu bytes", c->base,
		                    c->max_response);
	return pl_error_set(err, PL_EIO, "cannot reach the server %s: %s", c->base,
	                    curl_easy_strerror(code));
}

int pl_client_request(pl_client *client, const char *method, const char *path, const char *query,
                      const char *body, size_t len, pl_buf *out, pl_error *err)
{
	pl_client *c = client;
	c->status = 0;
	c->error_code[0] = '\0';
	c->too_big = 0;
	pl_buf_clear(&c->headers);
	struct curl_slist *headers = NULL;
	int rc = 0;
	if (c->signer)
		rc = sign_request(c, method, path, query, body, len, &headers, err);
	if (rc)
		return rc;
	headers = curl_slist_append(headers, "Accept: */*");
	/* A small body goes at once; a big one waits for the server's
	 * "100 Continue", so that a refusal (413) arrives as an answer rather
	 * than as a connection closed in the middle of the upload. */
	if (len < (1u << 20))
		headers = curl_slist_append(headers, "Expect:");
	else
		headers = curl_slist_append(headers, "Expect: 100-continue");
	if (strcmp(method, "GET") != 0)
		headers = curl_slist_append(headers, "Content-Type: application/json");
	pl_buf url = PL_BUF_INIT, answer = PL_BUF_INIT;
	pl_buf_printf(&url, "%s%s%s%s", c->base, path, query && *query ? "?" : "",
	              query ? query : "");
	set_options(c, url.ptr, headers);
	set_method(c->curl, method, body, len);
	c->body = &answer;
	CURLcode code = curl_easy_perform(c->curl);
	c->body = NULL;
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(headers);
	pl_buf_free(&url);
	if (code != CURLE_OK) {
		rc = transport_error(c, code, err);
	} else {
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
		if (c->status >= 200 && c->status < 300)
			pl_buf_put(out, answer.ptr, answer.len);
		else
			rc = read_error(c, &answer, err);
	}
	pl_buf_free(&answer);
	return rc;
}

/* --- a change: prepare, check, sign, commit ------------------------------ */

static int kind_allowed(const char *kind, const char *const *kinds)
{
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kinds[i], kind) == 0)
			return 1;
	return 0;
}

/* What the client checks before it signs: each statement is the caller's
 * and of a kind this command makes. pl_prepared_sign checks the rest (the
 * statements canonical and hashed as said, the texts hashing to their
 * names). */
typedef struct change_policy {
	const char *name;
	const char *const *kinds;
	pl_client_check_fn check;
	void *context;
} change_policy;

/* 1 when the prepared answer records nothing by the server's account: no
 * statement, and a result saying "unchanged" (an import of the text the
 * document holds already). Nothing is signed then; any other empty answer
 * is refused. */
static int unchanged(json_t *statements, json_t *outcome)
{
	return json_is_array(statements) && json_array_size(statements) == 0 &&
	       json_is_true(json_object_get(outcome, "unchanged"));
}

static int check_statements(json_t *statements, const change_policy *policy, pl_error *err)
{
	size_t i;
	json_t *item;
	if (!json_is_array(statements) || json_array_size(statements) == 0)
		return pl_error_set(err, PL_EINVALID, "the server prepared nothing to sign");
	json_array_foreach(statements, i, item)
	{
		const char *text = json_string_value(json_object_get(item, "statement"));
		json_t *statement = text ? json_loads(text, 0, NULL) : NULL;
		const char *actor = json_string_value(json_object_get(statement, "actor"));
		const char *kind = json_string_value(json_object_get(statement, "kind"));
		int rc = 0;
		if (!actor || !kind)
			rc = pl_error_set(err, PL_EINVALID,
			                  "the server prepared a malformed statement");
		else if (strcmp(actor, policy->name) != 0)
			rc = pl_error_set(
			    err, PL_EBADSIG,
			    "the server asked %s to sign a statement of %s; nothing signed",
			    policy->name, actor);
		else if (!kind_allowed(kind, policy->kinds))
			rc = pl_error_set(
			    err, PL_EBADSIG,
			    "the server asked to sign a '%s' statement, which this command "
			    "does not make; nothing signed",
			    kind);
		else if (policy->check)
			rc = policy->check(policy->context, text, err);
		json_decref(statement);
		if (rc)
			return rc;
	}
	return policy->check ? policy->check(policy->context, NULL, err) : 0;
}

/* Splits the prepared answer: checks it, appends its "result" to result
 * and the parley.prepared/1 document without it to prepared (left empty
 * when the answer records nothing: see unchanged). */
static int read_prepared(const pl_buf *answer, const change_policy *policy, pl_buf *prepared,
                         pl_buf *result, pl_error *err)
{
	json_t *doc = json_loadb(answer->ptr, answer->len, 0, NULL);
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	json_t *outcome = json_object_get(doc, "result");
	int rc = 0;
	if (!doc || !schema || strcmp(schema, "parley.prepared/1") != 0 || !json_is_object(outcome))
		rc = pl_error_set(err, PL_EINVALID,
		                  "the server's answer is not a parley.prepared/1 document with a "
		                  "result");
	int nothing = rc == 0 && unchanged(json_object_get(doc, "statements"), outcome);
	if (rc == 0 && !nothing)
		rc = check_statements(json_object_get(doc, "statements"), policy, err);
	if (rc == 0 && nothing) {
		char *text = json_dumps(outcome, JSON_COMPACT | JSON_PRESERVE_ORDER);
		pl_buf_puts(result, text ? text : "{}");
		free(text);
	} else if (rc == 0) {
		char *text = json_dumps(outcome, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_object_del(doc, "result");
		char *rest = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!text || !rest)
			rc = pl_error_set(err, PL_EINVALID, "the server's answer cannot be read");
		else {
			pl_buf_puts(result, text);
			pl_buf_puts(prepared, rest);
		}
		free(text);
		free(rest);
	}
	json_decref(doc);
	return rc;
}

/* One attempt: prepare, check, sign, commit. */
static int change_once(pl_client *c, const char *path, const char *body, size_t len,
                       const change_policy *policy, pl_buf *result, pl_error *err)
{
	pl_buf answer = PL_BUF_INIT, prepared = PL_BUF_INIT, outcome = PL_BUF_INIT;
	pl_buf signed_doc = PL_BUF_INIT, committed = PL_BUF_INIT;
	int rc = pl_client_request(c, "POST", path, NULL, body, len, &answer, err);
	if (rc == 0)
		rc = read_prepared(&answer, policy, &prepared, &outcome, err);
	int nothing = rc == 0 && prepared.len == 0;
	if (rc == 0 && !nothing)
		rc = pl_prepared_sign(prepared.ptr, prepared.len, policy->name, c->signer,
		                      &signed_doc, err);
	if (rc == 0 && !nothing)
		rc = pl_client_request(c, "POST", "/api/commit", NULL, signed_doc.ptr,
		                       signed_doc.len, &committed, err);
	if (rc == 0)
		pl_buf_put(result, outcome.ptr, outcome.len);
	pl_buf_free(&answer);
	pl_buf_free(&prepared);
	pl_buf_free(&outcome);
	pl_buf_free(&signed_doc);
	pl_buf_free(&committed);
	return rc;
}

int pl_client_change(pl_client *client, const char *path, const char *body, size_t len,
                     const char *name, const char *const *kinds, pl_client_check_fn check,
                     void *context, pl_buf *result, pl_error *err)
{
	if (!client->signer)
		return pl_error_set(err, PL_EINVALID, "a change needs the delegate's key");
	change_policy policy = {name, kinds, check, context};
	int rc = change_once(client, path, body, len, &policy, result, err);
	for (int retry = 0; rc == PL_ESTALE && retry < PL_CLIENT_RETRIES; retry++)
		rc = change_once(client, path, body, len, &policy, result, err);
	return rc;
}
