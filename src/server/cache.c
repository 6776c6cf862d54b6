/* cache.c — answers that never change, kept per worker thread: a version
 * shown, the diff of two numbered versions. The key holds the delegate
 * (what one may read another may not; and a delegate who could read a
 * version always can: circulation and joining only add readers), the
 * request target as sent and the Accept header. A thread's cache needs no
 * lock; each holds its last CACHE_SIZE answers, each under CACHE_BYTES. */
#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parley/mem.h"

enum { CACHE_SIZE = 64, CACHE_BYTES = 1 << 20 };

/* Bytes sent as they are by every response that answers from them: not
 * copied per request. */
struct serve_shared {
	atomic_size_t references;
	size_t len;
	char bytes[];
};

char *serve_shared_bytes(serve_shared *s, size_t *len)
{
	*len = s->len;
	return s->bytes;
}

void serve_shared_release(void *pointer)
{
	serve_shared *s = pointer;
	if (s && atomic_fetch_sub(&s->references, 1) == 1)
		free(s);
}

typedef struct cached {
	char *key;
	serve_shared *body;
	const char *content_type;
	char etag[40];
	int differ;
} cached;

typedef struct thread_cache {
	cached entries[CACHE_SIZE];
	unsigned next;
} thread_cache;

/* A thread's cache is freed when the thread ends (libmicrohttpd's workers
 * at the stop): a key with a destructor, where _Thread_local has none. */
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void free_cache(void *pointer)
{
	thread_cache *t = pointer;
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		free(t->entries[i].key);
		serve_shared_release(t->entries[i].body);
	}
	free(t);
}

static void make_key(void)
{
	pthread_key_create(&cache_key, free_cache);
}

static thread_cache *this_thread(void)
{
	pthread_once(&cache_once, make_key);
	thread_cache *t = pthread_getspecific(cache_key);
	if (!t) {
		t = pl_calloc(1, sizeof *t);
		pthread_setspecific(cache_key, t);
	}
	return t;
}

int serve_cache_get(serve_request *r, const char *key)
{
	thread_cache *t = this_thread();
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		cached *e = &t->entries[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		atomic_fetch_add(&e->body->references, 1);
		r->shared = e->body;
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
	thread_cache *t = this_thread();
	cached *e = &t->entries[t->next++ % CACHE_SIZE];
	free(e->key);
	serve_shared_release(e->body);
	e->key = pl_strdup(key);
	e->body = pl_malloc(sizeof *e->body + r->out.len + 1);
	atomic_init(&e->body->references, 1);
	memcpy(e->body->bytes, r->out.ptr, r->out.len);
	e->body->len = r->out.len;
	e->content_type = r->content_type;
	e->differ = r->differ;
	memcpy(e->etag, r->etag, sizeof e->etag);
}

void serve_cache_clear(void)
{
	thread_cache *t = this_thread();
	pthread_setspecific(cache_key, NULL);
	free_cache(t);
}
