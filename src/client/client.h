/* client.h — the remote client of a parley server (issue 13): signed
 * requests over libcurl, the server's JSON errors read back into pl_error
 * codes, and the prepare -> sign -> commit flow of a change.
 *
 * One pl_client holds one libcurl easy handle, reused for every request
 * so that the connection is kept alive. Requests are signed with the
 * profile of src/net/httpsig.h. Redirects are never followed (a signature
 * covers one path); only http and https are spoken; an answer over
 * PL_CLIENT_MAX_RESPONSE bytes is refused.
 *
 * Ownership: the client borrows its signer (the caller closes it after the
 * client); buffers are the caller's, the client appends to them. */
#ifndef PARLEY_CLIENT_H
#define PARLEY_CLIENT_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/signing.h"

enum {
	PL_CLIENT_CONNECT_TIMEOUT = 10, /* seconds to connect */
	PL_CLIENT_TIMEOUT = 300,        /* seconds for a whole request */
	PL_CLIENT_RETRIES = 5,          /* prepares again after a stale commit */
};
#define PL_CLIENT_MAX_RESPONSE ((size_t)256 << 20)

typedef struct pl_client pl_client;

/* Opens a client of the server at url ("http://127.0.0.1:8080" or
 * "https://host:port", optionally ending in '/'; no path, query, fragment
 * or user name). ca_file (or NULL) is the certificate authority file for
 * https. PL_EINVALID names what is wrong with url; PL_EIO when libcurl
 * cannot start. Nothing is sent yet. */
int pl_client_open(const char *url, const char *ca_file, pl_client **out, pl_error *err);
void pl_client_close(pl_client *client);
/* Signs every later request with signer (borrowed; NULL: unsigned). */
void pl_client_set_signer(pl_client *client, const pl_signer *signer);

/* Refuses answers over max_response bytes (PL_CLIENT_MAX_RESPONSE by
 * default) with PL_ETOOBIG. */
void pl_client_set_limit(pl_client *client, size_t max_response);

/* Sends method path?query (query without '?', NULL for none) with body
 * (NULL when len is 0; sent as application/json), signed, and appends the
 * answer's body to out. On a 2xx status returns 0. On an error answer,
 * returns the code the server's {"error":{"code","message"}} maps to
 * (invalid PL_EINVALID; unsigned, bad_signature, replayed, expired,
 * unknown_key and denied PL_EDENIED; not_found PL_ENOTFOUND; conflict and
 * stale PL_ECONFLICT; bad_record PL_EBADSIG; too_large PL_ETOOBIG; busy and
 * too_many PL_EBUSY; internal PL_EIO) with its message; PL_EIO when the
 * server cannot be reached or answers something else. */
int pl_client_request(pl_client *client, const char *method, const char *path, const char *query,
                      const char *body, size_t len, pl_buf *out, pl_error *err);
/* The last answer's HTTP status (0 before any, or when none came). */
long pl_client_status(const pl_client *client);
/* The last error answer's stable code ("stale", "not_found", ...), or "". */
const char *pl_client_error_code(const pl_client *client);
/* The value of the last answer's header name (case-insensitive), or NULL;
 * valid until the next call (at most 255 bytes kept). */
const char *pl_client_header(pl_client *client, const char *name);

/* Called on each prepared statement (its canonical JSON text) after the
 * client's own checks, then once with NULL when all were seen: returns 0
 * to let them be signed, or an error code with err set to refuse the
 * whole change. */
typedef int (*pl_client_check_fn)(void *context, const char *statement, pl_error *err);

/* A change: POSTs body to path, which prepares it; checks the
 * parley.prepared/1 answer — every statement acted by name and of one of
 * kinds (a NULL-terminated list of event kinds the command can make), and
 * what check (if not NULL) checks of it — signs it with pl_prepared_sign and POSTs the
 * parley.signed/1 document to /api/commit. A commit refused as stale (409 "stale": the track moved
 * between prepare and commit) is prepared again, up to PL_CLIENT_RETRIES
 * times. Appends to result the prepared answer's "result" object (what
 * the CLI prints for the change with --format json), compact. Codes as
 * pl_client_request; PL_EBADSIG when the server asked to sign a statement
 * the command does not make (nothing is signed then). */
int pl_client_change(pl_client *client, const char *path, const char *body, size_t len,
                     const char *name, const char *const *kinds, pl_client_check_fn check,
                     void *context, pl_buf *result, pl_error *err);

/* Appends value to out percent-encoded for a query or a path segment:
 * every byte but ALPHA, DIGIT, '-', '.', '_', '~' and '@' becomes %XX.
 * (src/net/escape.c: it needs no libcurl, and the command line uses it
 * before it knows whether it will talk to a server.) */
void pl_client_escape(pl_buf *out, const char *value);

/* module.c: the client is a module of its own (parley-remote.so), loaded
 * by the command line only when it talks to a server (src/cli/modules.c),
 * so that a local command does not load libcurl and what it brings. Its
 * one exported symbol is PL_CLIENT_MODULE, a function returning this
 * table of the calls above. */
#define PL_CLIENT_MODULE         "pl_client_module"
#define PL_CLIENT_MODULE_VERSION 1
typedef struct pl_client_module_table {
	int version;
	int (*open)(const char *url, const char *ca_file, pl_client **out, pl_error *err);
	void (*close)(pl_client *client);
	void (*set_signer)(pl_client *client, const pl_signer *signer);
	void (*set_limit)(pl_client *client, size_t max_response);
	int (*request)(pl_client *client, const char *method, const char *path, const char *query,
	               const char *body, size_t len, pl_buf *answer, pl_error *err);
	long (*status)(const pl_client *client);
	const char *(*error_code)(const pl_client *client);
	const char *(*header)(pl_client *client, const char *name);
	int (*change)(pl_client *client, const char *path, const char *body, size_t len,
	              const char *name, const char *const *kinds, pl_client_check_fn check,
	              void *context, pl_buf *result, pl_error *err);
} pl_client_module_table;
/* Returns the module's pl_client_module_table (every module's entry has this one type,
 * for src/cli/modules.c to call). */
const void *pl_client_module(void);

#endif
