/* compare_int.h — the inner steps of plan comparison: terms, weighted
 * vectors, candidate scoring, assignment, relation evidence. */
#ifndef PARLEY_COMPARE_INT_H
#define PARLEY_COMPARE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/compare.h"
#include "strmap_int.h"

#define CMP_NONE ((size_t)-1)

/* On large inputs, a pair whose rare terms alone give less than this
 * share of the threshold is not scored (see parley/compare.h). */
#define PL_COMPARE_PRUNE 0.5

/* A sparse vector: term ids ascending, with weights (counts before
 * weighting). */
typedef struct pl_cmp_vector {
	uint32_t *terms;
	double *weights;
	size_t count;
} pl_cmp_vector;

/* What step 5 looks at in a text. */
typedef struct pl_cmp_signals {
	char **numbers; /* normalised ("600000"), sorted, unique */
	size_t number_count;
	int negated;       /* holds a negator */
	unsigned opposite; /* bit k: holds a stem of side 0 of opposite pair k;
	                    * bit 16 + k: of side 1 */
} pl_cmp_signals;

/* One point: its whole text and its parts (lead, items). */
typedef struct pl_cmp_point {
	pl_cmp_vector whole;
	pl_cmp_vector *parts; /* only when the point has sub-items */
	size_t part_count;
	pl_cmp_signals signals;
	/* After pl_cmp_weigh, with related terms (step 2b): the vectors expanded
	 * to related terms (x + beta R x) and their soft norms sqrt(x'.x);
	 * the expanded vectors are empty when there is no relation. */
	pl_cmp_vector soft_whole;
	pl_cmp_vector *soft_parts;
	double norm_whole;
	double *norm_parts;
} pl_cmp_point;

/* The term dictionary and the stemmer of one comparison. */
typedef struct pl_cmp_terms pl_cmp_terms;

/* A new dictionary for language (NULL: english; "none": no stemming);
 * PL_EINVALID for a language libstemmer does not know. */
int pl_cmp_terms_new(pl_cmp_terms **out, const char *language, const char *wordnet, pl_error *err);
void pl_cmp_terms_free(pl_cmp_terms *terms);
/* The number of distinct terms so far. */
size_t pl_cmp_terms_count(const pl_cmp_terms *terms);
/* Fills point with term counts (not yet weighted) and signals for the
 * plan point p. PL_EINVALID for invalid UTF-8. */
int pl_cmp_point_read(pl_cmp_point *point, pl_cmp_terms *terms, const pl_point *p, pl_error *err);
void pl_cmp_point_free(pl_cmp_point *point);

/* Builds the relation between terms whose WordNet concepts meet (step
 * 2b; nothing when WordNet is off or unavailable). */
void pl_cmp_terms_relate(pl_cmp_terms *terms);
/* The terms related to term t (not t itself), ascending. */
const uint32_t *pl_cmp_terms_related(const pl_cmp_terms *terms, uint32_t t, size_t *count);
/* 1 when the terms were expanded with WordNet concepts. */
int pl_cmp_terms_semantic(const pl_cmp_terms *terms);
/* Turns step 2b off (before any point is read). */
void pl_cmp_terms_lexical(pl_cmp_terms *terms);
/* Adds the character n-grams of every word (not of English function
 * words) as terms of their own (step 1b), n at most PL_COMPARE_NGRAM_MAX;
 * 0: none. Before any point is read. */
void pl_cmp_terms_ngrams(pl_cmp_terms *terms, size_t n);
/* 1 when term t is a character n-gram of step 1b. */
int pl_cmp_terms_is_ngram(const pl_cmp_terms *terms, uint32_t t);
/* 1 when the language is english but WordNet could not be opened. */
int pl_cmp_terms_lexical_fallback(const pl_cmp_terms *terms);

/* WordNet (compare_wordnet.c): 1 when its database could be opened. */
int pl_cmp_wordnet_available(const char *dir);
/* A line saying where the database is, or why comparison is lexical. */
const char *pl_cmp_wordnet_status(void);
/* The concepts of a case-folded English word (malloc'ed in *out, to
 * free), or 0 when none or WordNet is unavailable. */
size_t pl_cmp_wordnet_concepts(const char *word, size_t len, uint32_t **out);

/* Turns counts into normalised TF-IDF weights, with df counted over the
 * wholes of both sides (a_count + b_count points), and fills the
 * expanded vectors from the relation of terms. */
void pl_cmp_weigh(pl_cmp_point *a, size_t a_count, pl_cmp_point *b, size_t b_count,
                  const pl_cmp_terms *terms);
/* The score of two points (step 3). */
double pl_cmp_score(const pl_cmp_point *x, const pl_cmp_point *y);

/* A scored candidate pair. */
typedef struct pl_cmp_edge {
	size_t a, b;
	double score;      /* what step 4 maximises: similarity plus support
	                    * less the hubness correction */
	double similarity; /* pl_cmp_score of the pair, which a link reports */
	double support;    /* the lexicon's support (step 3c), or 0 */
} pl_cmp_edge;

/* Step 3c: a word lexicon learned from an alignment's confident links
 * (compare_lexicon.c). */
typedef struct pl_cmp_lexicon pl_cmp_lexicon;

/* Learns the lexicon of the core links (match from pl_cmp_assign over edges)
 * whose corrected score is at least PL_COMPARE_LEXICON_CONFIDENT; the
 * support it gives is scaled by weight. NULL when no link is confident. */
pl_cmp_lexicon *pl_cmp_lexicon_learn(const pl_cmp_point *a, size_t a_count, const pl_cmp_point *b,
                                     size_t b_count, const pl_cmp_terms *terms,
                                     const pl_cmp_edge *edges, const size_t *match, double weight);
/* The support of the pair (point i of a, point j of b), in [0, weight]. */
double pl_cmp_lexicon_support(const pl_cmp_lexicon *lexicon, size_t i, size_t j);
void pl_cmp_lexicon_free(pl_cmp_lexicon *lexicon);

/* The candidate pairs: their similarity, their support from lexicon (when
 * not NULL) and, in score, the two together corrected for hubness with
 * weight lambda over each point's k best (step 3b); the pairs whose
 * corrected score is at least threshold, sorted by a then b. Where every
 * pair is scored (at most PL_COMPARE_EXACT_PAIRS), similarities, when not
 * NULL, has room for a_count * b_count of them, row by row: without a
 * lexicon they are written there, with one they are read from there
 * (written by an earlier call). Elsewhere the lexicon is not used. */
pl_cmp_edge *pl_cmp_candidates(const pl_cmp_point *a, size_t a_count, const pl_cmp_point *b,
                               size_t b_count, size_t term_count, double threshold, double lambda,
                               size_t k, const pl_cmp_lexicon *lexicon, double *similarities,
                               size_t *edge_count);

/* Inserts s into best, the k largest values seen so far, descending. */
void pl_cmp_best_note(double *best, size_t k, double s);
/* Step 3b: sets each edge's score to its similarity plus its support less
 * lambda times the mean of hub_a[a] and hub_b[b] (each point's mean of its
 * k best similarities with support), drops the edges scoring below threshold (keeping the
 * order of the others) and returns how many remain. */
size_t pl_cmp_hubness_correct(pl_cmp_edge *edges, size_t edge_count, const double *hub_a,
                              const double *hub_b, double lambda, double threshold);

/* The maximum-weight matching of edges (sorted by a then b; every weight
 * positive) between a_count rows and b_count columns, where a row may stay
 * unmatched: match[i] is the index of the edge matched to row i, or
 * CMP_NONE. */
void pl_cmp_assign(const pl_cmp_edge *edges, size_t edge_count, size_t a_count, size_t b_count,
                   size_t *match);

#endif
