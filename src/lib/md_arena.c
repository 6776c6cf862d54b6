/* md_arena.c — the region allocator for cmark (md_arena.h).
 *
 * Blocks: the first is sized from the text, the next ones are BLOCK_SIZE
 * (or one per larger request). They are mapped zeroed, so calloc needs no
 * memset, and on Linux populated at once (MAP_POPULATE): the parse writes
 * every page of them, and one call that maps them all costs less than a
 * page fault per 4 KiB — on these virtual machines the first touch of a
 * page is the dearest part of a large parse. A block of 4 MiB or more
 * (the first, for a plan over 1.4 MB) is asked for in huge pages
 * (MADV_HUGEPAGE, where transparent huge pages are on or "madvise") and
 * filled in with MADV_POPULATE_WRITE: cmark's tree is reached all over,
 * and with 2 MiB pages the TLB misses go too (measured on the 10 MB pair:
 * the parse of both plans, one core, 354 to 253 ms, median of 7).
 *
 * Allocations: each has a header with its size, for realloc. The newest
 * grows, and is freed, in place, which is how cmark's growing string
 * buffers mostly behave; any other that is freed goes on a free list by
 * size class (powers of two) and serves a later request of that class.
 * With that reuse cmark took about 2.8 bytes per byte of a plan (29.4 MB
 * for 10 MB, measured; 3.6 without it), so a first block of three bytes
 * per byte leaves little unused. Memory is handed out zeroed: blocks start
 * so, and what is reused is zeroed again. */
#include "md_arena.h"

#include "parley/mem.h"

#include <limits.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

enum { BLOCK_SIZE = 1 << 20, FIRST_MIN = 64 << 10, ALIGN = alignof(max_align_t) };

/* Blocks of this size or more are mapped in huge pages. */
#define HUGE_MIN ((size_t)4 << 20)

/* The first block's share of the text: three bytes per byte, up to 1 GiB. */
#define FIRST_PER_BYTE 3
#define FIRST_MAX      ((size_t)1 << 30)

typedef struct block {
	struct block *next;
	size_t used, size; /* bytes of data[] in use, and its capacity */
	alignas(max_align_t) unsigned char data[];
} block;

/* Before each allocation: its size (rounded to ALIGN). */
typedef struct header {
	alignas(max_align_t) size_t size;
} header;

enum { CLASSES = 40 }; /* free lists by size: class c holds sizes of 2^c to 2^(c+1) - 1 */

typedef struct arena {
	block *blocks;        /* the newest first */
	void *last;           /* the newest allocation, or NULL */
	size_t next;          /* the capacity of the next block */
	void *freed[CLASSES]; /* allocations given back, by class; linked through */
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

/* A zeroed block of at least capacity bytes of data. */
static block *new_block(size_t capacity)
{
	block *b = NULL;
#if defined(__linux__) && defined(MAP_POPULATE)
	size_t size = sizeof *b + capacity;
#if defined(MADV_HUGEPAGE) && defined(MADV_POPULATE_WRITE)
	/* A large block in huge pages where the kernel has them (one fault per
	 * 2 MiB), filled in at once. */
	if (size >= HUGE_MIN) {
		const size_t huge = (size_t)2 << 20;
		size_t mapped = (size + 2 * huge - 1) & ~(huge - 1);
		char *raw =
		    mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw == MAP_FAILED)
			abort();
		char *start = (char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
		if (start > raw)
			munmap(raw, (size_t)(start - raw));
		size_t kept = mapped - (size_t)(start - raw);
		size_t used = (size + huge - 1) & ~(huge - 1);
		if (kept > used)
			munmap(start + used, kept - used);
		madvise(start, used, MADV_HUGEPAGE);
		if (madvise(start, used, MADV_POPULATE_WRITE) != 0) { /* not this kernel: */
			for (size_t at = 0; at < used; at += 4096)    /* page by page */
				start[at] = 0;
		}
		b = (block *)(void *)start;
		b->size = used - sizeof *b;
		return b;
	}
#endif
	b = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
	         0);
	if (b == MAP_FAILED)
		abort(); /* out of memory, as pl_malloc */
#else
	b = pl_calloc(1, sizeof *b + capacity);
#endif
	b->size = capacity;
	return b;
}

static void drop_block(block *b)
{
#if defined(__linux__) && defined(MAP_POPULATE)
	munmap(b, sizeof *b + b->size);
#else
	free(b);
#endif
}

/* The class whose every allocation holds size bytes: the smallest c with
 * 2^c >= size; the class an allocation of size bytes is kept in: the
 * largest c with 2^c <= size. */
static unsigned class_for(size_t size)
{
	/* Every allocation takes one of these: counted, not looped. */
	return size <= 1 ? 0
	                 : (unsigned)(sizeof(unsigned long long) * CHAR_BIT) -
	                       (unsigned)__builtin_clzll((unsigned long long)size - 1);
}

static unsigned class_of(size_t size)
{
	return (unsigned)(sizeof(unsigned long long) * CHAR_BIT - 1) -
	       (unsigned)__builtin_clzll((unsigned long long)size);
}

/* An allocation given back that holds size bytes (zeroed), or NULL. */
static void *reuse(size_t size)
{
	unsigned c = class_for(size);
	if (c >= CLASSES || !region.freed[c])
		return NULL;
	void *ptr = region.freed[c];
	memcpy(&region.freed[c], ptr, sizeof(void *));
	memset(ptr, 0, size);
	return ptr;
}

static void *take(size_t size)
{
	size = round_up(size ? size : 1);
	void *again = reuse(size);
	if (again)
		return again;
	size_t need = sizeof(header) + size;
	block *b = region.blocks;
	if (!b || b->size - b->used < need) {
		b = new_block(need > region.next ? need : region.next);
		region.next = BLOCK_SIZE;
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

static void arena_free(void *ptr);

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
	arena_free(ptr); /* as realloc releases what it moved from */
	return moved;
}

static void arena_free(void *ptr)
{
	if (!ptr)
		return;
	if (!is_last(ptr)) {
		/* Kept for a later request of its class (its header stays). */
		unsigned c = class_of(header_of(ptr)->size);
		if (c < CLASSES) {
			memcpy(ptr, &region.freed[c], sizeof(void *));
			region.freed[c] = ptr;
		}
		return;
	}
	/* Given back, and zeroed again: calloc hands out what it takes as is. */
	block *b = region.blocks;
	size_t size = sizeof(header) + header_of(ptr)->size;
	b->used -= size;
	memset(b->data + b->used, 0, size);
	region.last = NULL;
}

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

cmark_mem *pl_md_arena_begin(size_t text_len)
{
	pl_md_arena_end();
	size_t first =
	    text_len < FIRST_MAX / FIRST_PER_BYTE ? FIRST_PER_BYTE * text_len : FIRST_MAX;
	region.next = first < FIRST_MIN ? FIRST_MIN : first;
	return &arena_mem;
}

void pl_md_arena_end(void)
{
	while (region.blocks) {
		block *next = region.blocks->next;
		drop_block(region.blocks);
		region.blocks = next;
	}
	region.last = NULL;
	memset(region.freed, 0, sizeof region.freed);
}
