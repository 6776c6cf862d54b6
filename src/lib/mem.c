#include "parley/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Out of memory is not an error parley can report usefully from deep inside
 * a parser; like cmark, it stops the process. This is the only abort. */
static void *checked(void *ptr)
{
	if (!ptr)
		abort();
	return ptr;
}

void *pl_malloc(size_t size) { return checked(malloc(size ? size : 1)); }

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

char *pl_strdup(const char *s) { return pl_strndup(s, strlen(s)); }
