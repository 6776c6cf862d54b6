/* reuse_int.h — the inner steps of text reuse detection. */
#ifndef PARLEY_REUSE_INT_H
#define PARLEY_REUSE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/reuse.h"

/* A text's sorted, unique shingle hashes. */
typedef struct pl_reuse_set {
	uint64_t *items;
	size_t count;
} pl_reuse_set;

/* Runs fn(context, start, end) over [0, count) cut into threads ranges,
 * each on its own thread (the last on the caller's). */
void pl_reuse_parallel(int threads, size_t count, void *context,
                       void (*fn)(void *context, size_t start, size_t end));

/* The shingles of text into set; PL_EINVALID for invalid UTF-8. */
int pl_reuse_shingles(pl_reuse_set *set, const char *text, size_t shingle, pl_error *err);
/* The exact Jaccard similarity of two sets (0 when both are empty). */
double pl_reuse_set_jaccard(const pl_reuse_set *x, const pl_reuse_set *y);

/* Candidate pairs from the bands of the signatures (count texts, each
 * bands * rows values); pairs packed as x << 32 | y, x < y, sorted,
 * unique, never within one group. */
uint64_t *pl_reuse_candidates(const uint32_t *signatures, const pl_reuse_set *sets,
                              const size_t *group, size_t count, size_t bands, size_t rows,
                              int threads, size_t *pair_count);

/* Fills r->clusters from r->pairs: connected components, largest first. */
void pl_reuse_build_clusters(pl_reuse *r, size_t count, const size_t *group);

#endif
