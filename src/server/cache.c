/* cache.c — answers that never change, kept per worker thread: a version
 * shown, the diff of two numbered versions. The key holds the delegate
 * (what one may read another may not; and a delegate who could read a
 * version always can: circulation and joining only add readers), the
 * request target as sent and the Accept header. A thread's cache needs no
 * lock; each holds its last CACHE_SIZE answers, each under CACHE_BYTES. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "parley/mem.h"

enum { CACHE_SIZE = 64, CACHE_BYTES = 1 << 20 };

typedef struct cached {
	char *key;
	char *body;
	size_t len;
	const char *content_type;
	char etag[40];
	int differ;
} cached;

static _Thread_local cached entries[CACHE_SIZE];
static _Thread_local unsigned next_entry;

int serve_cache_get(serve_request *r, const char *key)
{
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		cached *e = &entries[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		pl_buf_put(&r->out, e->body, e->len);
		r->content_type = e->content_type;
		r->differ = e->differ;
		r->cacheable = 1;
		memcpy(r->etag, e->etag, sizeof r->etag);
		return 1;
	}
	return 0;
}

void serve_cache_put(const serve_request *r, const char *key)
{
	if (r->out.len > CACHE_BYTES || !r->etag[0])
		return;
	cached *e = &entries[next_entry++ % CACHE_SIZE];
	free(e->key);
	free(e->body);
	e->key = pl_strdup(key);
	e->body = pl_malloc(r->out.len + 1);
	memcpy(e->body, r->out.ptr, r->out.len);
	e->len = r->out.len;
	e->content_type = r->content_type;
	e->differ = r->differ;
	memcpy(e->etag, r->etag, sizeof e->etag);
}

void serve_cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		free(entries[i].key);
		free(entries[i].body);
		entries[i].key = entries[i].body = NULL;
	}
}
