/* serve_client.c — a small signing HTTP client for the server's tests and
 * benchmarks (not installed): signs requests with a delegate's key file as
 * the remote client does (src/net/httpsig.c, libcurl), and can spoil one
 * part of a signed request on purpose.
 *
 *   serve_client [options] METHOD URL [BODY]
 *     prints the status on the first line, then the body as received.
 *     --key FILE           sign with this key file (else unsigned)
 *     --created-offset S   sign as if S seconds from now
 *     --nonce N            this nonce instead of a fresh one
 *     --send-body B        send B, though BODY was signed
 *     --send-path P        send to path P, though URL's path was signed
 *     --accept TYPE        send Accept: TYPE
 *     --max-time S         read for S seconds at most (an event stream)
 *     --prepared-out FILE  with --commit: write the prepared answer to FILE
 *     --enrol NAME:CODE    the body is the enrolment of --key's key for NAME
 *                          with CODE (pl_enrol_sign), as 'delegate enrol' makes it
 *     --commit-key FILE    sign the commit request with this key file instead
 *     --statement-key FILE sign the statements with this key file instead
 *     --commit NAME        after a 200 prepared answer, sign its statements
 *                          as NAME (pl_prepared_sign) and POST /api/commit;
 *                          print that answer (up to 5 tries on 409 stale)
 *     BODY @FILE reads the body from FILE.
 *
 *   serve_client --sign-many N KEYFILE METHOD URL
 *     prints N signed header sets for the same request, one per line:
 *     Content-Digest, Signature-Input and Signature values, tab-separated
 *     (bench/serve_get.sh replays them with wrk, each once).
 *
 *   serve_client --calendar KEYFILE NAME NEGOTIATION_ID
 *     prints the path of NAME's calendar link (pl_calendar_link, without
 *     the .ics the command line adds), as the web page makes it.
 *
 *   serve_client --load THREADS SECONDS URL KEYFILE NAME REF POINT
 *     THREADS clients, each in a loop for SECONDS: POST URL/api/positions
 *     (a stance on POINT of REF with a note naming the client and the
 *     request, so that no two statements are the same), sign, commit; prints "committed TRACK SEQ HASH" for every
 *     acknowledged event and, on stderr, the count and rate.
 *
 *   serve_client --load-signed THREADS START END URL KEYFILE NAME REF POINT
 *     the same changes, but each client prepares and signs them ahead,
 *     until START (seconds since the epoch), keeping them; then commits
 *     them one after the other until END. Measures committing alone, as
 *     if preparing cost nothing (bench/pg.sh commit); the rate is over
 *     END - START, and stderr says how many were signed ahead and how
 *     many clients ran out of them before END. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "httpsig.h"
#include "parley/buf.h"
#include "parley/file.h"
#include "parley/mem.h"
#include "parley/signing.h"

typedef struct options {
	const char *key, *nonce, *send_body, *send_path, *commit_as, *accept, *commit_key,
	    *statement_key;
	long created_offset;
	long max_time; /* seconds: a stream is read this long, then ended */
	const char *enrol;
	const char *prepared_out; /* with --commit: the prepared answer is written here */
	const char *headers_out;  /* the answer's headers are written here */
} options;

static size_t take_header(char *data, size_t size, size_t count, void *context)
{
	return fwrite(data, size, count, context);
}

typedef struct answer {
	long status;
	pl_buf body;
} answer;

static size_t take(char *data, size_t size, size_t count, void *context)
{
	pl_buf_put(context, data, size * count);
	return size * count;
}

/* Splits url into base ("http://host:port"), path and query (no '?'). */
static int split_url(const char *url, char *base, size_t base_size, const char **path,
                     const char **query, char *path_buf, size_t path_size)
{
	const char *scheme = strstr(url, "://");
	const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
	if (!slash || (size_t)(slash - url) >= base_size)
		return -1;
	memcpy(base, url, (size_t)(slash - url));
	base[slash - url] = '\0';
	const char *mark = strchr(slash, '?');
	size_t len = mark ? (size_t)(mark - slash) : strlen(slash);
	if (len >= path_size)
		return -1;
	memcpy(path_buf, slash, len);
	path_buf[len] = '\0';
	*path = path_buf;
	*query = mark ? mark + 1 : "";
	return 0;
}

static int request(CURL *curl, const pl_signer *signer, const options *o, const char *method,
                   const char *url, const char *body, size_t body_len, answer *out)
{
	char base[256], path_buf[8192];
	const char *path, *query;
	if (split_url(url, base, sizeof base, &path, &query, path_buf, sizeof path_buf)) {
		fprintf(stderr, "serve_client: bad URL %s\n", url);
		return -1;
	}
	struct curl_slist *headers = NULL;
	pl_httpsig_headers signed_headers;
	if (signer) {
		pl_httpsig_request req = {method, path, query, body, body_len};
		pl_error err;
		if (pl_httpsig_sign(&signed_headers, &req, signer, (int64_t)time(NULL) + o->created_offset,
		                    o->nonce, &err)) {
			fprintf(stderr, "serve_client: %s\n", err.message);
			return -1;
		}
		char line[PL_HTTPSIG_HEADER_MAX + 32];
		snprintf(line, sizeof line, "Content-Digest: %s", signed_headers.content_digest);
		headers = curl_slist_append(headers, line);
		snprintf(line, sizeof line, "Signature-Input: %s", signed_headers.signature_input);
		headers = curl_slist_append(headers, line);
		snprintf(line, sizeof line, "Signature: %s", signed_headers.signature);
		headers = curl_slist_append(headers, line);
	}
	if (body_len || strcmp(method, "POST") == 0)
		headers = curl_slist_append(headers, "Content-Type: application/json");
	/* As the remote client does: a big body waits for "100 Continue", so
	 * that a refusal arrives as an answer. */
	headers = curl_slist_append(headers, body_len < (1u << 20) ? "Expect:"
	                                                           : "Expect: 100-continue");
	if (o->accept) {
		char line[256];
		snprintf(line, sizeof line, "Accept: %s", o->accept);
		headers = curl_slist_append(headers, line);
	}
	pl_buf target = PL_BUF_INIT;
	pl_buf_printf(&target, "%s%s%s%s", base, o->send_path ? o->send_path : path, *query ? "?" : "",
	              query);
	const char *sent = o->send_body ? o->send_body : body;
	size_t sent_len = o->send_body ? strlen(o->send_body) : body_len;
	curl_easy_setopt(curl, CURLOPT_URL, target.ptr);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	if (strcmp(method, "GET") != 0 || sent_len) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, sent ? sent : "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sent_len);
	} else {
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out->body);
	FILE *header_file = o->headers_out ? fopen(o->headers_out, "w") : NULL;
	if (header_file) {
		curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, take_header);
		curl_easy_setopt(curl, CURLOPT_HEADERDATA, header_file);
	}
	if (o->max_time)
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, o->max_time);
	CURLcode code = curl_easy_perform(curl);
	if (code == CURLE_OPERATION_TIMEDOUT && o->max_time)
		code = CURLE_OK; /* the stream was read as long as asked */
	if (header_file) {
		fclose(header_file);
		curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, NULL);
	}
	curl_slist_free_all(headers);
	pl_buf_free(&target);
	if (code != CURLE_OK) {
		fprintf(stderr, "serve_client: %s\n", curl_easy_strerror(code));
		return -1;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	return 0;
}

/* The prepared answer's statements signed as name (pl_prepared_sign): a
 * parley.signed/1 document in signed_doc. */
static int sign_prepared(const pl_signer *statement_signer, const char *name,
                         const answer *prepared, pl_buf *signed_doc)
{
	pl_error err;
	if (pl_prepared_sign(prepared->body.ptr, prepared->body.len, name, statement_signer,
	                     signed_doc, &err)) {
		fprintf(stderr, "serve_client: cannot sign the prepared statements: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* POST a signed document to the /api/commit of url's server. */
static int post_commit(CURL *curl, const pl_signer *signer, const char *url,
                       const pl_buf *signed_doc, answer *out)
{
	char base[256], path_buf[8192];
	const char *path, *query;
	if (split_url(url, base, sizeof base, &path, &query, path_buf, sizeof path_buf))
		return -1;
	char commit_url[300];
	snprintf(commit_url, sizeof commit_url, "%s/api/commit", base);
	options plain = {0};
	return request(curl, signer, &plain, "POST", commit_url, signed_doc->ptr, signed_doc->len,
	               out);
}

/* POST the prepared document's signed form to /api/commit. */
static int commit(CURL *curl, const pl_signer *signer, const pl_signer *statement_signer,
                  const char *url, const char *name, const answer *prepared, answer *out)
{
	pl_buf signed_doc = PL_BUF_INIT;
	int rc = sign_prepared(statement_signer, name, prepared, &signed_doc);
	if (rc == 0)
		rc = post_commit(curl, signer, url, &signed_doc, out);
	pl_buf_free(&signed_doc);
	return rc;
}

/* --- load ------------------------------------------------------------------- */

typedef struct load {
	const char *url, *name, *ref, *point;
	int next_client;
	const pl_signer *signer;
	double seconds;
	pthread_mutex_t lock;
	size_t committed, refused;
	/* --load-signed: the changes are prepared and signed until start
	 * (wall clock, seconds since the epoch), then committed until end. */
	double start, end;
	size_t stocked, ran_out;
} load;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void print_events(load *l, const char *committed)
{
	json_t *doc = json_loads(committed, 0, NULL);
	size_t i;
	json_t *event;
	pthread_mutex_lock(&l->lock);
	json_array_foreach(json_object_get(doc, "events"), i, event)
	{
		printf("committed %s %lld %s\n", json_string_value(json_object_get(event, "track")),
		       (long long)json_integer_value(json_object_get(event, "seq")),
		       json_string_value(json_object_get(event, "hash")));
	}
	l->committed++;
	pthread_mutex_unlock(&l->lock);
	json_decref(doc);
}

/* The k-th change of a client: a stance with a note that names the
 * process, the client and the request, so that no two are the same. */
static void load_body(const load *l, int client, int k, char *body, size_t size)
{
	snprintf(body, size,
	         "{\"ref\":\"%s\",\"points\":[\"%s\"],\"stance\":\"reserve\","
	         "\"note\":\"process %ld, client %d, request %d\"}",
	         l->ref, l->point, (long)getpid(), client, k);
}

static void count_refused(load *l, long prepared, long done, const answer *a, const answer *b)
{
	pthread_mutex_lock(&l->lock);
	l->refused++;
	pthread_mutex_unlock(&l->lock);
	if (done != 409)
		fprintf(stderr, "serve_client: %ld %ld %s%s\n", prepared, done,
		        a && a->body.ptr ? a->body.ptr : "", b->body.ptr ? b->body.ptr : "");
}

/* A load client's start: its number, and the address it posts to. */
static int load_client(load *l, char *url, size_t size)
{
	pthread_mutex_lock(&l->lock);
	int client = l->next_client++;
	pthread_mutex_unlock(&l->lock);
	snprintf(url, size, "%s/api/positions", l->url);
	return client;
}

static void *load_main(void *context)
{
	load *l = context;
	char body[512], url[300];
	int client = load_client(l, url, sizeof url);
	CURL *curl = curl_easy_init();
	options o = {0};
	double end = now_s() + l->seconds;
	for (int k = 0; now_s() < end; k++) {
		load_body(l, client, k, body, sizeof body);
		answer prepared = {0, PL_BUF_INIT}, done = {0, PL_BUF_INIT};
		int ok = request(curl, l->signer, &o, "POST", url, body, strlen(body), &prepared) ==
		             0 &&
		         prepared.status == 200 &&
		         commit(curl, l->signer, l->signer, url, l->name, &prepared, &done) == 0 &&
		         done.status == 200;
		if (ok) {
			print_events(l, done.body.ptr);
		} else {
			count_refused(l, prepared.status, done.status, &prepared, &done);
			/* A server that is gone or busy (0, 503): back off a little,
			 * as a client would, rather than spin. */
			if (prepared.status == 0 || prepared.status == 503 || done.status == 503)
				usleep(50000);
		}
		pl_buf_free(&prepared.body);
		pl_buf_free(&done.body);
	}
	curl_easy_cleanup(curl);
	return NULL;
}

/* --load-signed: prepares and signs changes until l->start, keeping them;
 * then commits them, one after the other, until l->end. */
static void *load_signed_main(void *context)
{
	load *l = context;
	char body[512], url[300];
	int client = load_client(l, url, sizeof url);
	CURL *curl = curl_easy_init();
	options o = {0};
	pl_buf *stock = NULL;
	size_t count = 0, capacity = 0;
	for (int k = 0; wall_s() < l->start; k++) {
		load_body(l, client, k, body, sizeof body);
		answer prepared = {0, PL_BUF_INIT};
		pl_buf signed_doc = PL_BUF_INIT;
		if (request(curl, l->signer, &o, "POST", url, body, strlen(body), &prepared) == 0 &&
		    prepared.status == 200 &&
		    sign_prepared(l->signer, l->name, &prepared, &signed_doc) == 0) {
			stock = pl_grow(stock, &capacity, count + 1, sizeof *stock);
			stock[count++] = signed_doc;
		} else {
			pl_buf_free(&signed_doc);
			fprintf(stderr, "serve_client: not prepared: %ld %s\n", prepared.status,
			        prepared.body.ptr ? prepared.body.ptr : "");
			usleep(50000);
		}
		pl_buf_free(&prepared.body);
	}
	pthread_mutex_lock(&l->lock);
	l->stocked += count;
	pthread_mutex_unlock(&l->lock);
	while (wall_s() < l->start)
		usleep(1000);
	size_t next = 0;
	for (; next < count && wall_s() < l->end; next++) {
		answer done = {0, PL_BUF_INIT};
		if (post_commit(curl, l->signer, url, &stock[next], &done) == 0 && done.status == 200)
			print_events(l, done.body.ptr);
		else
			count_refused(l, 200, done.status, NULL, &done);
		pl_buf_free(&done.body);
	}
	if (next == count) {
		pthread_mutex_lock(&l->lock);
		l->ran_out++;
		pthread_mutex_unlock(&l->lock);
	}
	for (size_t i = 0; i < count; i++)
		pl_buf_free(&stock[i]);
	free(stock);
	curl_easy_cleanup(curl);
	return NULL;
}

/* --load, and --load-signed (ahead = 1: two more arguments, the start and
 * end of committing). */
static int run_load(int argc, char **argv, int ahead)
{
	if (argc != 9 + ahead) {
		fprintf(stderr, ahead ? "usage: serve_client --load-signed THREADS START END URL "
		                        "KEYFILE NAME REF POINT\n"
		                      : "usage: serve_client --load THREADS SECONDS URL KEYFILE NAME "
		                        "REF POINT\n");
		return 2;
	}
	int threads = atoi(argv[2]);
	if (threads < 1 || threads > 256)
		return 2;
	char **rest = argv + 4 + ahead; /* URL KEYFILE NAME REF POINT */
	pl_signer *signer;
	pl_error err;
	if (pl_signer_open(rest[1], &signer, &err)) {
		fprintf(stderr, "serve_client: %s\n", err.message);
		return 1;
	}
	load l = {.url = rest[0],
	          .name = rest[2],
	          .ref = rest[3],
	          .point = rest[4],
	          .signer = signer,
	          .seconds = atof(argv[3]),
	          .lock = PTHREAD_MUTEX_INITIALIZER};
	if (ahead) {
		l.start = atof(argv[3]);
		l.end = atof(argv[4]);
		l.seconds = l.end - l.start;
	}
	pthread_t *ids = calloc((size_t)threads, sizeof *ids);
	double start = now_s();
	for (int i = 0; i < threads; i++)
		pthread_create(&ids[i], NULL, ahead ? load_signed_main : load_main, &l);
	for (int i = 0; i < threads; i++)
		pthread_join(ids[i], NULL);
	double took = ahead ? l.seconds : now_s() - start;
	fprintf(stderr, "serve_client: %zu committed, %zu refused in %.2f s: %.0f commits/s\n",
	        l.committed, l.refused, took, (double)l.committed / took);
	if (ahead)
		fprintf(stderr, "serve_client: %zu signed ahead; %zu of %d clients ran out\n",
		        l.stocked, l.ran_out, threads);
	free(ids);
	pl_signer_close(signer);
	return 0;
}

static int sign_many(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: serve_client --sign-many N KEYFILE METHOD URL\n");
		return 2;
	}
	long count = atol(argv[2]);
	pl_signer *signer;
	pl_error err;
	if (pl_signer_open(argv[3], &signer, &err)) {
		fprintf(stderr, "serve_client: %s\n", err.message);
		return 1;
	}
	char base[256], path_buf[8192];
	const char *path, *query;
	if (split_url(argv[5], base, sizeof base, &path, &query, path_buf, sizeof path_buf))
		return 2;
	pl_httpsig_request req = {argv[4], path, query, NULL, 0};
	int64_t now = (int64_t)time(NULL);
	for (long i = 0; i < count; i++) {
		pl_httpsig_headers h;
		if (pl_httpsig_sign(&h, &req, signer, now, NULL, &err)) {
			fprintf(stderr, "serve_client: %s\n", err.message);
			return 1;
		}
		printf("%s\t%s\t%s\n", h.content_digest, h.signature_input, h.signature);
	}
	pl_signer_close(signer);
	return 0;
}

static int calendar_link(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: serve_client --calendar KEYFILE NAME NEGOTIATION_ID\n");
		return 2;
	}
	pl_signer *signer;
	pl_error err;
	if (pl_signer_open(argv[2], &signer, &err)) {
		fprintf(stderr, "serve_client: %s\n", err.message);
		return 1;
	}
	pl_buf link = PL_BUF_INIT;
	pl_calendar_link(&link, "", argv[4], argv[3], signer);
	printf("%s\n", link.ptr);
	pl_buf_free(&link);
	pl_signer_close(signer);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--calendar") == 0)
		return calendar_link(argc, argv);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (argc > 1 && strcmp(argv[1], "--sign-many") == 0)
		return sign_many(argc, argv);
	if (argc > 1 && strcmp(argv[1], "--load") == 0)
		return run_load(argc, argv, 0);
	if (argc > 1 && strcmp(argv[1], "--load-signed") == 0)
		return run_load(argc, argv, 1);
	options o = {0};
	int i = 1;
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *value = argv[i + 1];
		if (strcmp(argv[i], "--key") == 0)
			o.key = value;
		else if (strcmp(argv[i], "--nonce") == 0)
			o.nonce = value;
		else if (strcmp(argv[i], "--send-body") == 0)
			o.send_body = value;
		else if (strcmp(argv[i], "--send-path") == 0)
			o.send_path = value;
		else if (strcmp(argv[i], "--accept") == 0)
			o.accept = value;
		else if (strcmp(argv[i], "--commit-key") == 0)
			o.commit_key = value;
		else if (strcmp(argv[i], "--statement-key") == 0)
			o.statement_key = value;
		else if (strcmp(argv[i], "--commit") == 0)
			o.commit_as = value;
		else if (strcmp(argv[i], "--prepared-out") == 0)
			o.prepared_out = value;
		else if (strcmp(argv[i], "--enrol") == 0)
			o.enrol = value;
		else if (strcmp(argv[i], "--max-time") == 0)
			o.max_time = atol(value);
		else if (strcmp(argv[i], "--headers-out") == 0)
			o.headers_out = value;
		else if (strcmp(argv[i], "--created-offset") == 0)
			o.created_offset = atol(value);
		else {
			fprintf(stderr, "serve_client: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (argc - i < 2 || argc - i > 3) {
		fprintf(stderr, "usage: serve_client [options] METHOD URL [BODY|@FILE]\n");
		return 2;
	}
	const char *method = argv[i], *url = argv[i + 1];
	char *body = NULL;
	size_t body_len = 0;
	pl_error err;
	if (argc - i == 3 && argv[i + 2][0] == '@') {
		if (pl_file_read(argv[i + 2] + 1, (size_t)256 << 20, &body, &body_len, &err)) {
			fprintf(stderr, "serve_client: %s\n", err.message);
			return 1;
		}
	} else if (argc - i == 3) {
		body = strdup(argv[i + 2]);
		body_len = strlen(body);
	}
	pl_signer *signer = NULL;
	if (o.key && pl_signer_open(o.key, &signer, &err)) {
		fprintf(stderr, "serve_client: %s\n", err.message);
		return 1;
	}
	pl_signer *commit_signer = signer, *statement_signer = signer;
	if ((o.commit_key && pl_signer_open(o.commit_key, &commit_signer, &err)) ||
	    (o.statement_key && pl_signer_open(o.statement_key, &statement_signer, &err))) {
		fprintf(stderr, "serve_client: %s\n", err.message);
		return 1;
	}
	if (o.enrol && signer) {
		char name[128];
		const char *colon = strchr(o.enrol, ':');
		snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - o.enrol) : 0, o.enrol);
		char at[32];
		time_t now = time(NULL);
		struct tm utc;
		gmtime_r(&now, &utc);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &utc);
		pl_buf doc = PL_BUF_INIT;
		pl_signer *device = signer; /* --statement-key: another device's enrolment */
		if (o.statement_key && pl_signer_open(o.statement_key, &device, &err))
			return 1;
		int failed = !colon || pl_enrol_sign(name, colon + 1, device, at, &doc, &err);
		if (device != signer)
			pl_signer_close(device);
		if (failed) {
			fprintf(stderr, "serve_client: --enrol NAME:CODE: %s\n", colon ? err.message : "");
			return 1;
		}
		free(body);
		body_len = doc.len;
		body = pl_buf_detach(&doc);
	}
	CURL *curl = curl_easy_init();
	answer a = {0, PL_BUF_INIT};
	int rc = request(curl, signer, &o, method, url, body, body_len, &a);
	for (int tries = 0; rc == 0 && o.commit_as && a.status == 200 && tries < 5; tries++) {
		answer done = {0, PL_BUF_INIT};
		FILE *keep = o.prepared_out ? fopen(o.prepared_out, "w") : NULL;
		if (keep) {
			fwrite(a.body.ptr, 1, a.body.len, keep);
			fclose(keep);
		}
		rc = commit(curl, commit_signer, statement_signer, url, o.commit_as, &a, &done);
		int stale = rc == 0 && done.status == 409 && strstr(done.body.ptr, "\"stale\"");
		if (!stale || tries == 4) {
			pl_buf_free(&a.body);
			a = done;
			break;
		}
		pl_buf_free(&done.body);
		pl_buf_clear(&a.body);
		rc = request(curl, signer, &o, "POST", url, body, body_len, &a);
	}
	if (rc == 0) {
		printf("%ld\n", a.status);
		fwrite(a.body.ptr, 1, a.body.len, stdout);
	}
	pl_buf_free(&a.body);
	free(body);
	curl_easy_cleanup(curl);
	if (commit_signer != signer)
		pl_signer_close(commit_signer);
	if (statement_signer != signer)
		pl_signer_close(statement_signer);
	pl_signer_close(signer);
	curl_global_cleanup();
	return rc ? 1 : 0;
}
