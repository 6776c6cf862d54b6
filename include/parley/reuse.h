/* reuse.h — text reuse across a corpus: near-duplicate and heavily
 * overlapping points found by MinHash and locality-sensitive hashing,
 * verified by exact Jaccard similarity, and grouped into clusters.
 *
 * Ownership: pl_reuse_find only reads the caller's texts; a pl_reuse owns
 * its pairs and clusters and is released by pl_reuse_free (NULL allowed).
 *
 * The method (Broder 1997, "On the resemblance and containment of
 * documents"; Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets",
 * ch. 3): each text becomes the set of its word k-grams (shingles; words
 * as the redline tokenizer cuts them, case-folded); a signature of
 * bands * rows minimum hashes estimates the Jaccard similarity of two
 * sets; texts whose signatures agree on all rows of at least one band are
 * candidates (the probability for Jaccard s is 1 - (1 - s^rows)^bands,
 * about 0.999 at s = 0.8 with the defaults 32 x 4, and 0.3 at s = 0.4);
 * candidates are verified by the exact Jaccard of the shingle sets, and
 * pairs at or above the threshold are kept. Clusters are the connected
 * components of the kept pairs. Signatures, bands and verification run on
 * options->threads threads. Texts of the same group (document) are not
 * paired. The result depends only on the input and the options. */
#ifndef PARLEY_REUSE_H
#define PARLEY_REUSE_H

#include <stddef.h>

#include "parley/error.h"

typedef struct pl_reuse_options {
	size_t shingle;   /* words per shingle; 0 for 5 */
	size_t bands;     /* 0 for 32 */
	size_t rows;      /* rows per band; 0 for 4 */
	double threshold; /* least verified Jaccard; 0 for 0.5 */
	int threads;      /* 0 for 2 */
	/* Called now and then from the calling thread with a stage name
	 * ("signatures", "candidates", "verifying") and done of total;
	 * may be NULL. */
	void (*progress)(void *context, const char *stage, size_t done, size_t total);
	void *progress_context;
} pl_reuse_options;

typedef struct pl_reuse_pair {
	size_t x, y; /* text indexes, x < y */
	double jaccard;
} pl_reuse_pair;

typedef struct pl_reuse_cluster {
	size_t *members; /* text indexes, ascending */
	size_t count;
	size_t groups;                   /* distinct groups among the members */
	double min_jaccard, max_jaccard; /* over the cluster's verified pairs */
} pl_reuse_cluster;

typedef struct pl_reuse {
	pl_reuse_pair *pairs; /* verified, by x then y */
	size_t pair_count;
	size_t candidate_count;     /* pairs the bands proposed */
	pl_reuse_cluster *clusters; /* largest first, then by first member */
	size_t cluster_count;
} pl_reuse;

/* Finds reuse among texts[0..count), where group[i] names the document of
 * text i (group may be NULL: every text its own). Returns 0 and *out;
 * PL_EINVALID for a text that is not valid UTF-8 ("text N: invalid UTF-8
 * at byte M") or bad options. */
int pl_reuse_find(pl_reuse **out, const char *const *texts, const size_t *group, size_t count,
                  const pl_reuse_options *options, pl_error *err);
void pl_reuse_free(pl_reuse *reuse);

/* The exact Jaccard similarity of the k-shingle sets of two texts (for
 * tests and baselines); PL_EINVALID for invalid UTF-8. */
int pl_reuse_jaccard(double *out, const char *a, const char *b, size_t shingle, pl_error *err);

#endif
