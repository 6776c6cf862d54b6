/* md_arena.c — the region allocator for cmark (md_arena.h).
 *
 * Blocks of BLOCK_SIZE (or one block per larger request) come from
 * pl_calloc, so they start zeroed and calloc needs no memset. Each
 * allocation has a header with its size, for realloc; the last
 * allocation of the block grows (and is freed) in place, which is how
 * cmark's growing string buffers mostly behave. Everything else that is
 * freed stays until the region ends. Memory is handed out zeroed: blocks
 * start so, and what is given back in place is zeroed again. */
#include "md_arena.h"

#include "parley/mem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK_SIZE = 4 << 20, ALIGN = alignof(max_align_t) };

typedef struct block {
	struct block *next;
	size_t used, size; /* bytes of data[] in use, and its capacity */
	alignas(max_align_t) unsigned char data[];
} block;

/* Before each allocation: its size (rounded to ALIGN). */
typedef struct header {
	alignas(max_align_t) size_t size;
} header;

typedef struct arena {
	block *blocks; /* the newest first */
	void *last;    /* the newest allocation, or NULL */
} arena;

static _Thread_local arena region;

static size_t round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static header *header_of(void *ptr)
{
	return (header *)ptr - 1;
}

static void *take(size_t size)
{
	size = round_up(size ? size : 1);
	size_t need = sizeof(header) + size;
	block *b = region.blocks;
	if (!b || b->size - b->used < need) {
		size_t capacity = need > BLOCK_SIZE ? need : BLOCK_SIZE;
		b = pl_calloc(1, sizeof *b + capacity);
		b->size = capacity;
		b->next = region.blocks;
		region.blocks = b;
	}
	header *h = (header *)(b->data + b->used);
	h->size = size;
	b->used += need;
	region.last = h + 1;
	return region.last;
}

/* 1 when ptr is the newest allocation of the newest block. */
static int is_last(void *ptr)
{
	return ptr && ptr == region.last;
}

static void *arena_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / 2 / size)
		abort(); /* as pl_malloc does when memory runs out */
	return take(count * size);
}

static void *arena_realloc(void *ptr, size_t size)
{
	if (!ptr)
		return take(size);
	header *h = header_of(ptr);
	size_t old = h->size, want = round_up(size ? size : 1);
	if (want <= old)
		return ptr;
	block *b = region.blocks;
	if (is_last(ptr) && b->size - b->used >= want - old) {
		b->used += want - old;
		h->size = want;
		return ptr;
	}
	void *moved = take(size);
	memcpy(moved, ptr, old);
	return moved;
}

static void arena_free(void *ptr)
{
	if (!is_last(ptr))
		return;
	/* Given back, and zeroed again: calloc hands out what it takes as is. */
	block *b = region.blocks;
	size_t size = sizeof(header) + header_of(ptr)->size;
	b->used -= size;
	memset(b->data + b->used, 0, size);
	region.last = NULL;
}

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

cmark_mem *pl_md_arena_begin(void)
{
	pl_md_arena_end();
	return &arena_mem;
}

void pl_md_arena_end(void)
{
	while (region.blocks) {
		block *next = region.blocks->next;
		free(region.blocks);
		region.blocks = next;
	}
	region.last = NULL;
}
