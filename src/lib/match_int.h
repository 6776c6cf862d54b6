/* match_int.h — carrying stable point ids from one version to the next. */
#ifndef PARLEY_MATCH_INT_H
#define PARLEY_MATCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/doc.h"

typedef struct pl_match_stats {
	size_t carried; /* points that kept an id of the previous version */
	size_t added;   /* points that got a new id */
} pl_match_stats;

/* Gives every point of next an id: the id of the point of previous that is
 * clearly the same point, tried in this order —
 *   1. identical text under the same label;
 *   2. identical text under another label (renumbered);
 *   3. the same label in a part of the same heading (rewritten in place), or
 *      the same label elsewhere with similar text (word Dice coefficient
 *      >= PL_MATCH_SIMILAR);
 *   4. reworded and relabelled: the most similar remaining pair, while the
 *      similarity is >= PL_MATCH_MOVED;
 * — and otherwise a new id "p<serial>" from *next_serial, which is advanced.
 * previous may be NULL (a first version). Each id is used at most once. */
void pl_match_ids(pl_doc *next, const pl_doc *previous, int64_t *next_serial,
                  pl_match_stats *stats);

/* The pairing behind pl_match_ids, without ids: partner[i] is the index
 * of the point of previous that point i of next is, or PL_MATCH_NONE.
 * partner holds next->point_count entries. */
#define PL_MATCH_NONE ((size_t)-1)
void pl_match_points(const pl_doc *next, const pl_doc *previous, size_t *partner);

#define PL_MATCH_SIMILAR 0.5
#define PL_MATCH_MOVED   0.6
/* Pass 4 compares all remaining pairs only up to this many. */
#define PL_MATCH_MOVED_PAIRS 40000

/* The Dice coefficient of the multisets of words of a and b (ASCII letters
 * lower-cased),
 * in [0, 1]; 1 for two texts without words. */
double pl_word_similarity(const char *a, const char *b);

#endif
