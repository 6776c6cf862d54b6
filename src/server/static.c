/* static.c — the web interface: the files of web/ embedded in the binary
 * (cmake/web_assets.cmake), answered from that table only.
 *
 * Paths under /app/ and /i18n/ name files of the table; every other GET
 * path outside /api/ answers index.html, whose script routes by the path
 * (the History API), so that a link to /d/framework/p/6 opens that view.
 * Nothing from the request reaches the file system: a path is compared
 * with the table's names, never opened.
 *
 * The files change only with the binary. Each carries a strong ETag (a
 * hash of its bytes, computed at build time) and "Cache-Control: no-cache":
 * a browser keeps the file and asks again with If-None-Match, answered 304
 * with no body, and an upgraded server is seen at once (the URLs carry no
 * version, and ES modules import each other by plain relative paths).
 *
 * A client that accepts gzip gets the compressed bytes, made once per file
 * the first time any file is asked for (zlib, at most a few hundred KB in
 * all, a few milliseconds), when they are smaller. */
#include "static.h"

#include "server.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "parley/mem.h"

/* The security headers of the interface's files (docs/web.md): its own
 * scripts, styles and API only; no inline script or style, no frames. */
static const char app_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* The gzip form of each asset (NULL when it would not be smaller). */
typedef struct packed {
	unsigned char *bytes;
	size_t len;
	char etag[48];
} packed;

static packed *packed_assets;
static pthread_once_t packed_once = PTHREAD_ONCE_INIT;

static void pack_one(const serve_asset *asset, packed *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* windowBits 15 + 16: a gzip wrapper, as Content-Encoding: gzip means. */
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return;
	size_t size = deflateBound(&z, asset->len);
	unsigned char *bytes = pl_malloc(size);
	z.next_in = (unsigned char *)asset->bytes;
	z.avail_in = (uInt)asset->len;
	z.next_out = bytes;
	z.avail_out = (uInt)size;
	int done = deflate(&z, Z_FINISH) == Z_STREAM_END;
	size_t len = z.total_out;
	deflateEnd(&z);
	if (!done || len >= asset->len) {
		free(bytes);
		return;
	}
	out->bytes = bytes;
	out->len = len;
	/* Another representation, another strong validator: "<hash>-gz". */
	size_t etag_len = strlen(asset->etag);
	memcpy(out->etag, asset->etag, etag_len - 1);
	memcpy(out->etag + etag_len - 1, "-gz\"", 5);
}

static void pack_all(void)
{
	packed_assets = pl_calloc(serve_asset_count ? serve_asset_count : 1, sizeof *packed_assets);
	for (size_t i = 0; i < serve_asset_count; i++)
		pack_one(&serve_assets[i], &packed_assets[i]);
}

int serve_static_wants(const serve_request *r)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return 0;
	return strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/api") != 0;
}

static long find(const char *path)
{
	for (size_t i = 0; i < serve_asset_count; i++)
		if (strcmp(serve_assets[i].path, path) == 0)
			return (long)i;
	return -1;
}

/* Does Accept-Encoding take gzip? (A "gzip;q=0" refuses it.) */
static int takes_gzip(const char *accept)
{
	const char *at = accept ? strstr(accept, "gzip") : NULL;
	if (!at)
		return 0;
	const char *q = strstr(at, "q=");
	const char *comma = strchr(at, ',');
	return !(q && (!comma || q < comma) && strtod(q + 2, NULL) <= 0);
}

static int queue(serve_request *r, unsigned status, struct MHD_Response *response)
{
	MHD_add_response_header(response, "Content-Security-Policy", app_policy);
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(response, "X-Frame-Options", "DENY");
	r->status = status;
	enum MHD_Result result = MHD_queue_response(r->connection, status, response);
	MHD_destroy_response(response);
	return result;
}

static int not_found(serve_request *r)
{
	static const char body[] = "not found\n";
	struct MHD_Response *response =
	    MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!response)
		return MHD_NO;
	MHD_add_response_header(response, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(response, "Cache-Control", "no-store");
	return queue(r, 404, response);
}

int serve_static_answer(serve_request *r)
{
	int is_file = strncmp(r->path, "/app/", 5) == 0 || strncmp(r->path, "/i18n/", 6) == 0;
	long index = find(is_file ? r->path : "/index.html");
	if (index < 0)
		return not_found(r);
	pthread_once(&packed_once, pack_all);
	const serve_asset *asset = &serve_assets[index];
	const packed *gz = &packed_assets[index];
	const char *accept_encoding =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Accept-Encoding");
	int zipped = gz->bytes && takes_gzip(accept_encoding);
	const char *etag = zipped ? gz->etag : asset->etag;
	const char *match =
	    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "If-None-Match");
	int same = match && strcmp(match, etag) == 0;
	struct MHD_Response *response =
	    MHD_create_response_from_buffer(same     ? 0
	                                    : zipped ? gz->len
	                                             : asset->len,
	                                    same     ? (void *)""
	                                    : zipped ? (void *)gz->bytes
	                                             : (void *)asset->bytes,
	                                    MHD_RESPMEM_PERSISTENT);
	if (!response)
		return MHD_NO;
	if (!same)
		MHD_add_response_header(response, "Content-Type", asset->content_type);
	if (zipped)
		MHD_add_response_header(response, "Content-Encoding", "gzip");
	MHD_add_response_header(response, "ETag", etag);
	MHD_add_response_header(response, "Cache-Control", "no-cache");
	MHD_add_response_header(response, "Vary", "Accept-Encoding");
	return queue(r, same ? 304 : 200, response);
}
