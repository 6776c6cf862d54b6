/* mem.h — the one allocation wrapper of parley.
 *
 * Ownership: every pointer returned here is owned by the caller and released
 * with free(). On out-of-memory these functions abort: nothing else in
 * parley checks for NULL after allocating (see STYLE.md, convention 3). */
#ifndef PARLEY_MEM_H
#define PARLEY_MEM_H

#include <stddef.h>

void *pl_malloc(size_t size);
void *pl_calloc(size_t count, size_t size);
void *pl_realloc(void *ptr, size_t size);
/* Grows an array of count elements of size bytes each to hold at least need
 * elements, doubling; updates *capacity. Aborts on overflow. */
void *pl_grow(void *ptr, size_t *capacity, size_t need, size_t size);
char *pl_strdup(const char *s);
/* Memory for a large array that is touched page by page (zeroed if zero is
 * set): from 2 MiB on, aligned on 2 MiB, rounded up to it and advised for
 * huge pages before its first touch, so that the kernel faults it in 2 MiB
 * at a time instead of 4 KiB. Smaller sizes are plain pl_malloc. Released
 * with free(). */
void *pl_malloc_huge(size_t size, int zero);
char *pl_strndup(const char *s, size_t len);
/* Advises the whole 2 MiB pages inside ptr[0 .. len) for huge pages, for
 * an array that is about to be touched page by page. Only a hint (Linux;
 * ignored under 4 MiB). */
void pl_advise_huge(void *ptr, size_t len);

#endif
