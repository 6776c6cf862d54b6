/* http.c — the daemon: libmicrohttpd's thread pool, one request from its
 * first byte to its access-log line, and the answer's headers.
 *
 * A request goes: the raw target is kept (the signature covers it as
 * sent), the route found, the body gathered under its cap, the signature
 * checked, the handler run on this thread's negotiation handle, the answer
 * sent with the security headers, and one JSON line logged. A commit is
 * handed to the writer and its connection suspended until the writer has
 * committed (writer.c); an event stream is a response read by callback
 * (events.c). */
#include "server.h"
#include "static.h"

#include <microhttpd.h>
#include <sodium.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parley/file.h"
#include "parley/signing.h"
#include "parley/mem.h"
#include "parley/utf8.h"

struct server {
	serve_config config;
	struct MHD_Daemon *daemon;
	FILE *log;
	struct server_auth *auth;
	struct server_writer *writer;
	struct server_events *events;
	char *tls_cert, *tls_key; /* the files' contents, for MHD */
};

const serve_config *serve_config_of(const server *s)
{
	return &s->config;
}

struct server_auth *serve_auth_of(server *s)
{
	return s->auth;
}

struct server_writer *serve_writer_of(server *s)
{
	return s->writer;
}

struct server_events *serve_events_of(server *s)
{
	return s->events;
}

/* What one connection's current request carries between MHD's calls. */
typedef struct conn {
	serve_request r;
	char *target; /* the raw request target */
	pl_buf body;
	int started, too_large, answered;
	const serve_route *route;
	struct timespec start;
	char address[INET6_ADDRSTRLEN];
} conn;

/* --- errors -------------------------------------------------------------- */

unsigned serve_status_of(int code)
{
	switch (code) {
	case PL_EINVALID:
		return 400;
	case PL_EDENIED:
		return 403;
	case PL_ENOTFOUND:
		return 404;
	case PL_ECONFLICT:
	case PL_ESTALE:
	case PL_EBADSIG:
		return 409;
	case PL_ETOOBIG:
		return 413;
	case PL_EBUSY:
		return 503;
	default:
		return 500;
	}
}

static const char *code_name(int code)
{
	switch (code) {
	case PL_EINVALID:
		return "invalid";
	case PL_EDENIED:
		return "denied";
	case PL_ENOTFOUND:
		return "not_found";
	case PL_ECONFLICT:
		return "conflict";
	case PL_ESTALE:
		return "stale";
	case PL_EBADSIG:
		return "bad_record";
	case PL_ETOOBIG:
		return "too_large";
	case PL_EBUSY:
		return "busy";
	default:
		return "internal";
	}
}

void serve_error_body(serve_request *r, int code)
{
	if (!r->error_code) {
		r->status = serve_status_of(code);
		r->error_code = code_name(code);
	}
	const char *message = r->err.message[0] ? r->err.message : pl_error_name(code);
	if (r->status == 500) /* the cause is in the log, not for the client */
		message = "internal error";
	json_t *doc =
	    json_pack("{s:{s:s,s:s}}", "error", "code", r->error_code, "message", message);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(doc);
	pl_buf_clear(&r->out);
	pl_buf_puts(&r->out, text ? text : "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}");
	pl_buf_putc(&r->out, '\n');
	free(text);
	r->content_type = "application/json";
	r->cacheable = 0;
}

int serve_fail(serve_request *r, unsigned status, const char *code, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char message[sizeof r->err.message];
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	pl_error_set(&r->err, PL_EINVALID, "%s", message);
	r->status = status;
	r->error_code = code;
	return PL_EINVALID;
}

/* --- the access log ------------------------------------------------------ */

/* Appends text to line as a JSON string: every byte that is not
 * printable ASCII as \u00XX, so the line is ASCII whatever a client sent. */
static void log_string(pl_buf *line, const char *name, const char *text)
{
	pl_buf_printf(line, "%s\"%s\":\"", line->len > 1 ? "," : "", name);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			pl_buf_printf(line, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			pl_buf_printf(line, "\\u%04x", *p);
		else
			pl_buf_put(line, p, 1);
	}
	pl_buf_put(line, "\"", 1);
}

/* One JSON line per request, written with one write(2) and no lock: the
 * log is opened for appending (or is stderr), and the kernel appends a
 * line written at once whole. */
static void log_request(server *s, conn *c)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	long long us = (long long)(end.tv_sec - c->start.tv_sec) * 1000000 +
	               (end.tv_nsec - c->start.tv_nsec) / 1000;
	char path[256];
	size_t len = strcspn(c->target ? c->target : "", "?");
	if (len >= sizeof path)
		len = sizeof path - 1;
	memcpy(path, c->target ? c->target : "", len);
	path[len] = '\0';
	pl_buf line = PL_BUF_INIT;
	pl_buf_put(&line, "{", 1);
	log_string(&line, "method", c->r.method ? c->r.method : "");
	log_string(&line, "path", path);
	if (c->r.delegate[0])
		log_string(&line, "delegate", c->r.delegate);
	pl_buf_printf(&line, ",\"status\":%d,\"us\":%lld", (int)c->r.status, us);
	log_string(&line, "address", c->address);
	/* An internal error's cause: for the operator, never the client. */
	if (c->r.status >= 500 && c->r.err.message[0])
		log_string(&line, "error", c->r.err.message);
	pl_buf_put(&line, "}\n", 2);
	if (write(fileno(s->log), line.ptr, line.len) < 0) {
		/* a log that cannot be written does not stop the answer */
	}
	pl_buf_free(&line);
}

/* --- answering ------------------------------------------------------------ */

/* An HTML page (show, diff, the tables) carries its style inline and
 * nothing else: it may apply that style, and load or run nothing. */
static void add_security_headers(struct MHD_Response *response, const char *content_type)
{
	int html = content_type && strncmp(content_type, "text/html", 9) == 0;
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(response, "Content-Security-Policy",
	                        html ? "default-src 'none'; style-src 'unsafe-inline'; "
	                               "frame-ancestors 'none'"
	                             : "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(response, "X-Frame-Options", "DENY");
}

/* The ETag of an immutable answer: a hash of its bytes. */
static void etag_of(const pl_buf *out, char etag[40])
{
	uint8_t hash[16];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)out->ptr, out->len, NULL, 0);
	etag[0] = '"';
	sodium_bin2hex(etag + 1, 33, hash, sizeof hash);
	etag[33] = '"';
	etag[34] = '\0';
}

static enum MHD_Result answer(conn *c)
{
	serve_request *r = &c->r;
	char etag[40] = "";
	unsigned status = r->status ? r->status : 200;
	if (status == 200 && r->cacheable) {
		if (!r->etag[0])
			etag_of(&r->out, r->etag);
		memcpy(etag, r->etag, sizeof etag);
		const char *match =
		    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "If-None-Match");
		if (match && strcmp(match, etag) == 0) {
			status = 304;
			pl_buf_clear(&r->out);
			serve_shared_release(r->shared);
			r->shared = NULL;
		}
	}
	r->status = status;
	struct MHD_Response *response;
	if (r->shared) { /* a cached answer: its bytes are sent, not copied */
		size_t len;
		char *bytes = serve_shared_bytes(r->shared, &len);
		response = MHD_create_response_from_buffer_with_free_callback_cls(
		    len, bytes, serve_shared_release, r->shared);
		if (!response)
			return MHD_NO; /* free_request lets go of r->shared */
		r->shared = NULL;
	} else {
		size_t len = r->out.len;
		char *bytes = pl_buf_detach(&r->out);
		response = MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
		if (!response) {
			free(bytes);
			return MHD_NO;
		}
	}
	add_security_headers(response, r->content_type);
	if (status != 304)
		MHD_add_response_header(response, "Content-Type",
		                        r->content_type ? r->content_type : "application/json");
	if (etag[0]) {
		MHD_add_response_header(response, "ETag", etag);
		MHD_add_response_header(response, "Cache-Control",
		                        "private, max-age=31536000, immutable");
		MHD_add_response_header(response, "Vary", "Accept, Signature, Signature-Input");
	} else {
		MHD_add_response_header(response, "Cache-Control", "no-store");
	}
	if (status == 503)
		MHD_add_response_header(response, "Retry-After", "1");
	if (r->differ >= 0 && status == 200) /* diff's exit status, for the remote CLI */
		MHD_add_response_header(response, "X-Parley-Differ", r->differ ? "1" : "0");
	if (status == 401)
		MHD_add_response_header(response, "WWW-Authenticate", "Signature realm=\"parley\"");
	enum MHD_Result result = MHD_queue_response(r->connection, status, response);
	MHD_destroy_response(response);
	c->answered = 1;
	return result;
}

static enum MHD_Result answer_error(conn *c, int code)
{
	serve_error_body(&c->r, code);
	return answer(c);
}

/* --- one request ----------------------------------------------------------- */

static void *start_request(void *cls, const char *uri, struct MHD_Connection *connection)
{
	(void)cls;
	conn *c = pl_calloc(1, sizeof *c);
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	size_t len = strlen(uri);
	c->target = pl_strndup(uri, len > SERVE_URI_MAX + 1 ? SERVE_URI_MAX + 1 : len);
	c->r.connection = connection;
	c->r.differ = -1;
	pl_buf_init(&c->body);
	pl_buf_init(&c->r.out);
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *address = info ? info->client_addr : NULL;
	if (address && address->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)address)->sin_addr,
		          c->address, sizeof c->address);
	else if (address && address->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)(const void *)address)->sin6_addr,
		          c->address, sizeof c->address);
	return c;
}

static void free_request(conn *c)
{
	serve_request *r = &c->r;
	if (r->job)
		serve_commit_forget(r->job);
	for (size_t i = 0; i < r->param_count; i++)
		free(r->params[i]);
	for (size_t i = 0; i < r->query_count; i++) {
		free(r->query_names[i]);
		free(r->query_values[i]);
	}
	json_decref(r->json);
	pl_buf_free(&r->out);
	serve_shared_release(r->shared);
	r->shared = NULL;
	pl_buf_free(&c->body);
	free(c->target);
	free(c);
}

static void end_request(void *cls, struct MHD_Connection *connection, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
	(void)connection;
	(void)toe;
	conn *c = *con_cls;
	if (!c)
		return;
	if (c->r.method)
		log_request(cls, c);
	free_request(c);
	*con_cls = NULL;
}

/* Splits the target into path and query (in place) and finds the route. */
static enum MHD_Result begin(server *s, conn *c, const char *method)
{
	serve_request *r = &c->r;
	r->server = s;
	r->method = method;
	c->started = 1;
	if (strlen(c->target) > SERVE_URI_MAX) {
		serve_fail(r, 414, "too_large", "the request target is over %d bytes",
		           SERVE_URI_MAX);
		return answer_error(c, PL_ETOOBIG);
	}
	char *mark = strchr(c->target, '?');
	r->query = "";
	if (mark) {
		*mark = '\0';
		r->query = mark + 1;
	}
	r->path = c->target;
	r->accept = MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Accept");
	if (serve_static_wants(r)) { /* the web interface (static.c) */
		c->answered = 1;
		return serve_static_answer(r) == MHD_YES ? MHD_YES : MHD_NO;
	}
	int path_known = 0;
	c->route = serve_route_find(r, &path_known);
	if (r->error_code)
		return answer_error(c, PL_EINVALID);
	if (!c->route) {
		if (path_known) {
			serve_fail(r, 405, "invalid", "%s is not allowed on %s", method, r->path);
			return answer_error(c, PL_EINVALID);
		}
		serve_fail(r, 404, "not_found", "no such route: %s", r->path);
		return answer_error(c, PL_ENOTFOUND);
	}
	if (serve_parse_query(r))
		return answer_error(c, PL_EINVALID);
	const char *length =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Content-Length");
	if (length && strtoull(length, NULL, 10) > SERVE_BODY_MAX) {
		serve_fail(r, 413, "too_large", "the body is over %d bytes", SERVE_BODY_MAX);
		return answer_error(c, PL_ETOOBIG);
	}
	return MHD_YES;
}

static enum MHD_Result run_route(conn *c)
{
	serve_request *r = &c->r;
	if (c->too_large) {
		serve_fail(r, 413, "too_large", "the body is over %d bytes", SERVE_BODY_MAX);
		return answer_error(c, PL_ETOOBIG);
	}
	r->body = c->body.ptr ? c->body.ptr : "";
	r->body_len = c->body.len;
	snprintf(r->address, sizeof r->address, "%s", c->address);
	int rc = 0;
	if (c->route->is_signed) {
		rc = serve_handle(r->server, &r->n, &r->err);
		if (rc == 0)
			rc = serve_authenticate(r, c->address);
	}
	/* An answer that never changes, asked again by the same delegate. */
	pl_buf key = PL_BUF_INIT;
	int cached = 0;
	if (rc == 0 && c->route->is_signed && strcmp(r->method, "GET") == 0) {
		pl_buf_printf(&key, "%s\n%s?%s\n%s", r->delegate, r->path, r->query,
		              r->accept ? r->accept : "");
		cached = serve_cache_get(r, key.ptr);
	}
	if (rc == 0 && !cached) {
		rc = c->route->handler(r);
		if (rc == 0 && key.len && r->cacheable && !r->status) {
			etag_of(&r->out, r->etag);
			serve_cache_put(r, key.ptr);
		}
	}
	pl_buf_free(&key);
	if (rc == 0 && r->suspended)
		return MHD_YES; /* answered when the writer resumes it */
	if (r->n)
		pl_negotiation_act_clear(r->n);
	if (rc == 1) { /* a streaming answer was queued by the handler */
		c->answered = 1;
		return MHD_YES;
	}
	if (rc)
		return answer_error(c, rc);
	return answer(c);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)url;
	(void)version;
	conn *c = *con_cls;
	if (!c)
		return MHD_NO;
	if (!c->started) {
		enum MHD_Result result = begin(cls, c, method);
		return result;
	}
	if (c->answered) {
		*upload_data_size = 0; /* an early error: the rest of the body is dropped */
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (c->body.len + *upload_data_size > SERVE_BODY_MAX)
			c->too_large = 1;
		else
			pl_buf_put(&c->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->r.suspended) { /* resumed by the writer */
		c->r.suspended = 0;
		int rc = serve_commit_finish(&c->r);
		if (c->r.n)
			pl_negotiation_act_clear(c->r.n);
		return rc ? answer_error(c, rc) : answer(c);
	}
	(void)connection;
	return run_route(c);
}

/* --- the daemon ------------------------------------------------------------ */

/* The address to listen on: an IPv4 or an IPv6 address (no name: the
 * server never resolves one). *v6 tells which. */
static int parse_address(const serve_config *config, struct sockaddr_storage *out, int *v6,
                         pl_error *err)
{
	memset(out, 0, sizeof *out);
	struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)out;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)out;
	*v6 = 0;
	if (inet_pton(AF_INET, config->host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)config->port);
		return 0;
	}
	if (inet_pton(AF_INET6, config->host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)config->port);
		*v6 = 1;
		return 0;
	}
	return pl_error_set(err, PL_EINVALID,
	                    "--listen takes an IPv4 or IPv6 address and a port: '%s' is not one",
	                    config->host);
}

static int read_tls(server *s, pl_error *err)
{
	if (!s->config.tls_cert && !s->config.tls_key)
		return 0;
	if (!s->config.tls_cert || !s->config.tls_key)
		return pl_error_set(err, PL_EINVALID, "--tls-cert and --tls-key go together");
	if (!MHD_is_feature_supported(MHD_FEATURE_TLS))
		return pl_error_set(
		    err, PL_EINVALID,
		    "this libmicrohttpd has no TLS: put parley behind a reverse proxy");
	size_t len;
	int rc = pl_file_read(s->config.tls_cert, 1 << 20, &s->tls_cert, &len, err);
	if (rc == 0)
		rc = pl_file_read(s->config.tls_key, 1 << 20, &s->tls_key, &len, err);
	return rc;
}

static unsigned bound_port(struct MHD_Daemon *daemon)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : 0;
}

static int start_daemon(server *s, pl_error *err)
{
	struct sockaddr_storage address;
	int v6;
	int rc = parse_address(&s->config, &address, &v6, err);
	if (rc == 0)
		rc = read_tls(s, err);
	if (rc)
		return rc;
	/* Turbo: with epoll, a new connection is read at once rather than after
	 * the next wait, and a closed one is not shut down first. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
	if (s->tls_cert)
		flags |= MHD_USE_TLS;
	if (v6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem tls[] = {
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key},
	    {MHD_OPTION_END, 0, NULL},
	};
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &address,
	    MHD_OPTION_THREAD_POOL_SIZE, s->config.threads, MHD_OPTION_URI_LOG_CALLBACK,
	    start_request, s, MHD_OPTION_NOTIFY_COMPLETED, end_request, s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_HEADER_MAX * 2,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)4096, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_ARRAY,
	    s->tls_cert ? tls : tls + 2, MHD_OPTION_END);
	if (!s->daemon)
		return pl_error_set(err, PL_EIO, "cannot listen on %s:%u (%s)", s->config.host,
		                    s->config.port, errno ? strerror(errno) : "in use?");
	return 0;
}

/* Waits (up to five seconds) for the connections still open to finish
 * what they are sending. */
static void drain(struct MHD_Daemon *daemon)
{
	struct timespec tick = {0, 20 * 1000 * 1000};
	for (int i = 0; i < 250; i++) {
		const union MHD_DaemonInfo *info =
		    MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			return;
		nanosleep(&tick, NULL);
	}
}

int serve_run(const serve_config *config, volatile sig_atomic_t *stop, pl_error *err)
{
	server *s = pl_calloc(1, sizeof *s);
	s->config = *config;
	s->log = stderr;
	int rc = 0;
	if (config->access_log && !(s->log = fopen(config->access_log, "a"))) {
		s->log = stderr;
		rc = pl_error_set(err, PL_EIO, "cannot open the access log %s", config->access_log);
	}
	/* The database must open before we listen: a bad --db is told at once. */
	pl_negotiation *first = NULL;
	if (rc == 0)
		rc = serve_handle(s, &first, err);
	s->auth = serve_auth_new();
	if (rc == 0)
		rc = serve_writer_start(s, err);
	if (rc == 0)
		rc = serve_events_start(s, err);
	if (rc == 0)
		rc = start_daemon(s, err);
	if (rc == 0) {
		int v6 = strchr(config->host, ':') != NULL;
		printf("parley serve: listening on %s://%s%s%s:%u\n",
		       s->tls_cert ? "https" : "http", v6 ? "[" : "", config->host, v6 ? "]" : "",
		       bound_port(s->daemon));
		fflush(stdout);
		struct timespec tick = {0, 100 * 1000 * 1000};
		while (!*stop)
			nanosleep(&tick, NULL);
		/* Stop accepting, let what is in flight finish: streams end, the
		 * writer answers its queue, then the pool is joined. */
		MHD_quiesce_daemon(s->daemon);
	}
	serve_events_stop(s);
	serve_writer_stop(s);
	size_t groups, commits, largest;
	serve_writer_stats(&groups, &commits, &largest);
	if (s->daemon) {
		fprintf(s->log, "{\"writer\":{\"groups\":%zu,\"commits\":%zu,\"largest\":%zu}}\n",
		        groups, commits, largest);
		fflush(s->log);
	}
	if (s->daemon) {
		drain(s->daemon);
		MHD_stop_daemon(s->daemon);
	}
	serve_handles_close_all();
	serve_auth_delete(s->auth);
	if (s->log != stderr)
		fclose(s->log);
	free(s->tls_cert);
	if (s->tls_key)
		sodium_memzero(s->tls_key, strlen(s->tls_key));
	free(s->tls_key);
	free(s);
	return rc;
}
