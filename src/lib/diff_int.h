/* diff_int.h — anchors for the diff engine (diff_anchor.c), used by diff.c.
 *
 * Ownership: a pl_anchor_scratch owns all its arrays (reused from call to
 * call) and is released by pl_anchor_scratch_free; anchors returned are
 * borrowed from it until its next use. */
#ifndef PARLEY_DIFF_INT_H
#define PARLEY_DIFF_INT_H

#include "parley/diff.h"

#include <stddef.h>
#include <stdint.h>

/* a[a .. a + length) equals b[b .. b + length); absolute positions. */
typedef struct pl_diff_anchor {
	size_t a;
	size_t b;
	size_t length;
} pl_diff_anchor;

typedef struct pl_gram_slot pl_gram_slot;
typedef struct pl_gram_sample pl_gram_sample;

typedef struct pl_anchor_scratch {
	pl_gram_slot *slots; /* open-addressing table of sampled runs */
	size_t slot_capacity;
	size_t slot_mask;
	size_t slots_used;
	pl_gram_sample *samples_a; /* sampled runs of each side, in order */
	pl_gram_sample *samples_b;
	size_t samples_a_capacity;
	size_t samples_b_capacity;
	uint32_t *cand_a; /* candidate anchors, in A order */
	uint32_t *cand_b;
	size_t cand_count;
	size_t cand_capacity;
	uint32_t *tails; /* patience piles: tails and back links */
	uint32_t *links;
	size_t lis_capacity;
	pl_diff_anchor *anchors;
	size_t anchor_count;
	size_t anchor_capacity;
} pl_anchor_scratch;

/* Finds anchors between a[off1 .. lim1) and b[off2 .. lim2): runs of k ids
 * (k = 1, 2, 4 or 8) whose content occurs once in each side, considering
 * only runs whose content hash has its top sample_bits bits zero; keeps the longest chain
 * in the same order on both sides, without overlaps, runs on one diagonal
 * merged. Returns how many, in s->anchors, ordered. */
size_t pl_diff_find_anchors(pl_anchor_scratch *s, const uint32_t *a, size_t off1, size_t lim1,
                            const uint32_t *b, size_t off2, size_t lim2, unsigned k,
                            unsigned sample_bits);

void pl_anchor_scratch_free(pl_anchor_scratch *s);

/* What pl_diff_compute allocates for its search, kept from one call to
 * the next by a caller that diffs many small texts in a row (the redline
 * of a plan diffs thousands of points): each call otherwise allocates,
 * faults in and frees its marks and Myers arrays afresh. Zeroed before
 * first use; one per thread; released by pl_diff_workspace_free. */
typedef struct pl_diff_piece pl_diff_piece;
typedef struct pl_diff_workspace {
	unsigned char *marks; /* deleted then inserted marks */
	size_t marks_capacity;
	ptrdiff_t *kvd; /* Myers' furthest points */
	size_t kvd_capacity;
	pl_diff_piece *stack;
	size_t stack_capacity;
	pl_anchor_scratch anchors;
	uint32_t *ids; /* not used by the diff: room for its caller's ids */
	size_t ids_capacity;
} pl_diff_workspace;

/* pl_diff_compute with the arrays of workspace, which may be NULL (then
 * it allocates its own, as pl_diff_compute does). The script is the same. */
void pl_diff_compute_in(pl_diff_workspace *workspace, pl_diff_script *out, const uint32_t *a,
                        size_t a_len, const uint32_t *b, size_t b_len,
                        const pl_diff_options *options);

void pl_diff_workspace_free(pl_diff_workspace *workspace);

#endif
