/* server.h — what the modules of 'parley serve' share: the server, one
 * request as a handler sees it, the routing table, the writer that records
 * signed changes, and the event streams.
 *
 * Threads (docs/server.md): libmicrohttpd's pool runs the handlers, each
 * worker thread with its own negotiation handle; one writer thread records
 * every commit (group commit); the stream hub wakes event streams.
 *
 * Ownership: a request's buffers belong to the request (http.c frees them);
 * handlers append to r->out and return 0 or a negative PL_E* code with the
 * message on r->err. */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"

struct MHD_Connection;
struct MHD_Daemon;
struct MHD_Response;

/* Limits a request must keep (docs/server.md, "Limits"). */
enum {
	SERVE_BODY_MAX = 8 << 20,    /* bytes of a request's body */
	SERVE_HEADER_MAX = 16 << 10, /* bytes of the request line and headers */
	SERVE_URI_MAX = 8192,        /* bytes of the request target */
	SERVE_JSON_DEPTH = 32,       /* nesting of a JSON body */
	SERVE_JSON_STRING = 4 << 20, /* bytes of one JSON string (a plan's text) */
	SERVE_PARAMS_MAX = 16,       /* query parameters */
	SERVE_TIMEOUT_S = 30,        /* a connection idle this long is closed */
	SERVE_GROUP_MAX = 256,       /* commits in one transaction */
	SERVE_FAILS_PER_MINUTE = 30, /* failed signatures before 429, per key / address */
	SERVE_STREAMS_MAX = 1024,    /* open event streams */
	SERVE_HEARTBEAT_S = 15,      /* a comment line on an idle stream */
	/* How often to look for other processes' appends in a database that
	 * cannot tell of them (SQLite: the record's last event id, a read
	 * transaction on the watcher's own handle, about 100 a second); and
	 * how long to wait for PostgreSQL's NOTIFY before looking anyway. */
	SERVE_POLL_MS = 10,
	SERVE_WATCH_MS = 100,
};

typedef struct serve_config {
	const char *db_path;
	char host[64];
	unsigned port;
	int window_s;           /* validity of a signature's "created" and of a statement's "at" */
	const char *access_log; /* NULL: stderr */
	const char *tls_cert, *tls_key;
	unsigned threads;
	const char *wordnet; /* compare's WordNet folder, "off", or NULL */
	const char *clock;   /* a fixed clock for reproducible tests (PARLEY_CLOCK), or NULL */
} serve_config;

typedef struct server server;

/* One request as a handler sees it. */
typedef struct serve_request {
	server *server;
	struct MHD_Connection *connection;
	const char *method;
	const char *path;  /* the raw path, as sent */
	const char *query; /* the raw query, without '?', or "" */
	char *params[4];   /* the path's {parameters}, percent-decoded */
	size_t param_count;
	char *query_names[SERVE_PARAMS_MAX], *query_values[SERVE_PARAMS_MAX];
	size_t query_count;
	const char *accept;
	const char *body;
	size_t body_len;
	json_t *json; /* the body, parsed by serve_body_json */
	/* Who signed it (empty for an unsigned route). */
	char delegate[PL_NAME_MAX + 1];
	uint8_t public_key[32];
	pl_negotiation *n; /* this thread's handle, acting as the delegate */
	/* The answer. */
	unsigned status;
	pl_buf out;
	struct serve_shared *shared; /* or the answer is a cached one's bytes (cache.c) */
	const char *content_type;
	const char *error_code; /* a code of the contract when not derived from err */
	int cacheable;          /* immutable: may be cached, with its ETag */
	char etag[40];          /* its ETag, once computed */
	int suspended;          /* handed to the writer; answered when resumed */
	int enrol;              /* a commit acting as no one (POST /api/enrol) */
	int differ;             /* diff: 1 different, 0 the same (X-Parley-Differ); else -1 */
	char address[64];       /* the client's address */
	void *job;              /* the writer's job, while suspended */
	pl_error err;
} serve_request;

typedef int (*serve_handler)(serve_request *r);

typedef struct serve_route {
	const char *method;
	const char *pattern; /* "/api/docs/{doc}/versions" */
	serve_handler handler;
	int is_signed;
} serve_route;

/* routes.c: the table, and the route of method + raw path (its parameters
 * decoded into r->params). NULL when none matches; *path_known set when
 * the path exists with another method (405). */
const serve_route *serve_route_find(serve_request *r, int *path_known);
/* Percent-decodes text[0..len) ('+' as a space when plus is set): NULL
 * when malformed, or when it decodes to a control character or to bytes
 * that are not UTF-8. The result is the caller's. */
char *serve_decode(const char *text, size_t len, int plus);
/* Prints "METHOD PATTERN signed|unsigned" for every route. */
void serve_routes_print(FILE *out);
extern const serve_route serve_routes[];
extern const size_t serve_route_count;

/* http.c: the daemon. */
int serve_run(const serve_config *config, volatile sig_atomic_t *stop, pl_error *err);

/* module.c: the server is a module of its own (parley-serve.so), loaded by
 * the command line only for 'parley serve' (src/cli/modules.c), so that
 * no other command loads libmicrohttpd and what it brings. Its one
 * exported symbol is PL_SERVE_MODULE, a function returning this table;
 * version is PL_SERVE_MODULE_VERSION, checked by the loader. */
#define PL_SERVE_MODULE         "pl_serve_module"
#define PL_SERVE_MODULE_VERSION 1
typedef struct pl_serve_module_table {
	int version;
	int (*run)(const serve_config *config, volatile sig_atomic_t *stop, pl_error *err);
	void (*routes_print)(FILE *out);
} pl_serve_module_table;
/* Returns the module's pl_serve_module_table (every module's entry has this one type,
 * for src/cli/modules.c to call). */
const void *pl_serve_module(void);
/* The one-line error body for code (a PL_E* code) or r->error_code. */
void serve_error_body(serve_request *r, int code);
/* The HTTP status of a library code. */
unsigned serve_status_of(int code);
/* Sets r->status, r->error_code and the message: an error the server
 * finds itself (a bad parameter, a signature). Returns PL_EINVALID (any
 * nonzero) for the handler to return. */
int serve_fail(serve_request *r, unsigned status, const char *code, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* request.c: parameters and bodies. */
/* Decodes r->query into r->query_names/values: refuses malformed escapes,
 * text that is not UTF-8, a name given twice, too many. */
int serve_parse_query(serve_request *r);
/* The query parameter name (decoded), or NULL. */
const char *serve_query(const serve_request *r, const char *name);
/* 1 when the flag parameter name is set ("1", "true", "" when present). */
int serve_flag(const serve_request *r, const char *name);
/* The output format asked for (?format= or Accept), among allowed
 * (NULL-terminated, the first the default); NULL after failing the request. */
const char *serve_format(serve_request *r, const char *const *allowed);
/* Parses the body as a JSON object within the limits; PL_EINVALID or
 * PL_ETOOBIG with the message set. */
int serve_body_json(serve_request *r);
/* A string member of the body, or NULL (absent). PL_EINVALID via *bad when
 * present but not a string. */
const char *serve_body_string(serve_request *r, const char *key, int *bad);
/* Refuses members of the body not among known (NULL-terminated). */
int serve_body_only(serve_request *r, const char *const *known);
/* parley's one JSON style (docs/json.md): compact, one line, ending in a
 * newline. */
void serve_squeeze_json(pl_buf *out);
/* Sets the content type for format ("json" -> application/json, ...). */
void serve_content_type(serve_request *r, const char *format);

/* cache.c: this thread's immutable answers, by key (delegate, target,
 * Accept). get fills r (1) or returns 0; put keeps r's answer, which must
 * have its ETag. */
int serve_cache_get(serve_request *r, const char *key);
/* A cached answer's bytes, shared by the cache and the responses sending
 * them (counted references: the last to let go frees them). */
typedef struct serve_shared serve_shared;
char *serve_shared_bytes(serve_shared *s, size_t *len);
void serve_shared_release(void *s);
void serve_cache_put(const serve_request *r, const char *key);
void serve_cache_clear(void);

/* handles.c: this thread's negotiation handle, opened on first use.
 * A worker's handle does not look for changes on every read
 * (pl_negotiation_assume_current): serve_handle catches it up when the
 * record changed since its thread last caught up, which serve_changed
 * says — the writer after each group, the watcher when another process
 * appended. */
int serve_handle(server *s, pl_negotiation **out, pl_error *err);
void serve_changed(void);
/* A new handle for a thread that keeps its own and closes it itself (the
 * writer), started from the first handle's state. */
int serve_handle_open(server *s, pl_negotiation **out, pl_error *err);
void serve_handles_close_all(void);

/* auth.c: the request's signature; fills r->delegate and r->public_key
 * and makes r->n act as that delegate. */
int serve_authenticate(serve_request *r, const char *address);
/* The same for POST /api/enrol, signed by a key no one holds yet: only
 * the signature, with the key its keyid names (r->public_key). */
int serve_authenticate_new_key(serve_request *r, const char *address);
struct server_auth *serve_auth_new(void);
void serve_auth_delete(struct server_auth *auth);

/* writer.c: commits of signed changes, in groups. */
int serve_writer_start(server *s, pl_error *err);
void serve_writer_stop(server *s);
/* How many groups the writer committed, holding how many commits, the
 * largest how large (logged when the server stops). */
void serve_writer_stats(size_t *groups, size_t *commits, size_t *largest);
/* Queues r's body (parley.signed/1) for the writer and suspends r's
 * connection; serve_commit_finish answers it once resumed. */
int serve_commit_queue(serve_request *r);
int serve_commit_finish(serve_request *r);
void serve_commit_forget(void *job);

/* events.c: Server-Sent Events. */
int serve_events_start(server *s, pl_error *err);
void serve_events_stop(server *s);
/* Called by the writer after a transaction committed. */
void serve_events_wake(server *s);

/* What every module may read of the server. */
const serve_config *serve_config_of(const server *s);
struct server_auth *serve_auth_of(server *s);
struct server_writer *serve_writer_of(server *s);
struct server_events *serve_events_of(server *s);

/* The handlers, by module. */
int api_health(serve_request *r);
int api_openapi(serve_request *r);

#endif
