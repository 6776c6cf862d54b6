#include "parley/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Out of memory is not an error parley can report usefully from deep inside
 * a parser; like cmark, it stops the process. This is the only abort. */
static void *checked(void *ptr)
{
	if (!ptr)
		abort();
	return ptr;
}

void *pl_malloc(size_t size)
{
	return checked(malloc(size ? size : 1));
}

void *pl_calloc(size_t count, size_t size)
{
	return checked(calloc(count ? count : 1, size ? size : 1));
}

void *pl_realloc(void *ptr, size_t size)
{
	return checked(realloc(ptr, size ? size : 1));
}

void *pl_grow(void *ptr, size_t *capacity, size_t need, size_t size)
{
	if (need <= *capacity)
		return ptr;
	size_t cap = *capacity ? *capacity : 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	if (cap > SIZE_MAX / size)
		abort();
	*capacity = cap;
	return pl_realloc(ptr, cap * size);
}

char *pl_strndup(const char *s, size_t len)
{
	char *copy = pl_malloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *pl_strdup(const char *s)
{
	return pl_strndup(s, strlen(s));
}

/* With defrag=madvise a huge page fault may compact memory synchronously,
 * which costs more than the few hundred small faults of a region under
 * 2 MiB: those are not rounded up. */
void *pl_malloc_huge(size_t size, int zero)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const size_t huge = (size_t)2 << 20;
	if (size >= huge && size <= SIZE_MAX - huge) {
		size_t rounded = (size + huge - 1) & ~(huge - 1);
		void *memory = NULL;
		if (posix_memalign(&memory, huge, rounded) != 0)
			abort();
		madvise(memory, rounded, MADV_HUGEPAGE);
		if (zero)
			memset(memory, 0, size);
		return memory;
	}
#endif
	return zero ? pl_calloc(1, size) : pl_malloc(size);
}

#if defined(__linux__)
/* madvise over the whole units of align inside ptr[0 .. len); a hint, so
 * its failure is ignored. */
static void advise_inside(void *ptr, size_t len, uintptr_t align, int advice)
{
	uintptr_t start = ((uintptr_t)ptr + align - 1) & ~(align - 1);
	uintptr_t end = ((uintptr_t)ptr + len) & ~(align - 1);
	if (end > start)
		madvise((void *)start, end - start, advice);
}
#endif

void pl_advise_huge(void *ptr, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = (uintptr_t)2 << 20;
	if (len >= 2 * huge)
		advise_inside(ptr, len, huge, MADV_HUGEPAGE);
#else
	(void)ptr;
	(void)len;
#endif
}
