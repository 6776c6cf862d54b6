/* static.h — the web interface's files (web/), embedded in the binary at
 * build time (cmake/web_assets.cmake) and served by 'parley serve'
 * (docs/web.md).
 *
 * Ownership: the table is static and read-only; serve_static answers from
 * it and from nothing else. */
#ifndef PARLEY_SERVER_STATIC_H
#define PARLEY_SERVER_STATIC_H

#include <stddef.h>

typedef struct serve_asset {
	const char *path; /* "/app/main.js", as requested */
	const unsigned char *bytes;
	size_t len;
	const char *content_type;
	const char *etag; /* strong: the quoted start of the file's SHA-256 */
} serve_asset;

/* Generated: every file under web/, sorted by path. */
extern const serve_asset serve_assets[];
extern const size_t serve_asset_count;

struct serve_request;

/* 1 when the request is the web interface's to answer: a GET or HEAD of a
 * path not under /api/ (nor /api itself). */
int serve_static_wants(const struct serve_request *r);

/* Answers r from the table: "/app/..." and "/i18n/..." are files (404 when
 * not in the table), any other path is index.html, the page whose script
 * reads the path (the History API). Sets r->status; returns libmicrohttpd's
 * result of queueing the answer. */
int serve_static_answer(struct serve_request *r);

#endif
