/* compare_lexicon.c — step 3c of plan comparison: a word lexicon learned
 * from the alignment's own confident links, and the support it gives a
 * pair of points.
 *
 * The confident links (core links of a first alignment whose corrected
 * score is at least PL_COMPARE_LEXICON_CONFIDENT) are a small bitext. On
 * it IBM Model 1 (Brown et al. 1993, "The mathematics of statistical
 * machine translation", §4) learns t(v | u), the probability that word u
 * of one plan's point is rendered by word v in the linked point of the
 * other, by PL_COMPARE_LEXICON_ITERATIONS rounds of EM from uniform
 * probabilities, with a NULL word on the source side; one table for each
 * direction. A point x is then carried into the other plan's words,
 * x'(v) = sum over u of x(u) t(v | u) for v other than u (identical words
 * are the cosine's business), and the support of a pair is the mean of the
 * two directions' cosines: cos(x', y) and cos(x, y'). Point vectors here are
 * words and numbers only (no character n-grams), weighted by the BM25
 * inverse document frequency over the points of both plans, including
 * words that only one plan uses: those are the ones a lexicon can join.
 *
 * Tables are sparse: a probability exists only for word pairs that meet in
 * a confident link. Everything is visited in term order, so the result
 * depends only on the input. */
#include "compare_int.h"
#include "parley/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One direction's t(v | u): the entries of source u are row[u] to
 * row[u + 1], by target; the source term_count stands for NULL. */
typedef struct table {
	uint32_t *target;
	double *prob;
	size_t count;
	size_t *row; /* term_count + 2 offsets into the entries, by source */
} table;

struct pl_cmp_lexicon {
	double *support; /* a_count x b_count, row by row */
	size_t b_count;
};

/* The words and numbers of v, weighted by idf and L2-normalised. */
static pl_cmp_vector word_vector(const pl_cmp_vector *v, const pl_cmp_terms *terms,
                                 const double *idf)
{
	pl_cmp_vector w = {pl_malloc((v->count + 1) * sizeof *w.terms),
	                   pl_malloc((v->count + 1) * sizeof *w.weights), 0};
	double norm = 0;
	for (size_t k = 0; k < v->count; k++) {
		uint32_t t = v->terms[k];
		if (pl_cmp_terms_is_ngram(terms, t))
			continue;
		w.terms[w.count] = t;
		w.weights[w.count++] = idf[t];
		norm += idf[t] * idf[t];
	}
	norm = sqrt(norm);
	for (size_t k = 0; k < w.count; k++)
		w.weights[k] = norm > 0 ? w.weights[k] / norm : 0;
	return w;
}

static pl_cmp_vector *word_vectors(const pl_cmp_point *p, size_t count, const pl_cmp_terms *terms,
                                   const double *idf)
{
	pl_cmp_vector *out = pl_calloc(count + 1, sizeof *out);
	for (size_t i = 0; i < count; i++)
		out[i] = word_vector(&p[i].whole, terms, idf);
	return out;
}

/* BM25 idf over the wholes of both plans, every term counted. */
static double *all_idf(const pl_cmp_point *a, size_t a_count, const pl_cmp_point *b, size_t b_count,
                       size_t term_count)
{
	double *idf = pl_calloc(term_count + 1, sizeof *idf);
	for (size_t i = 0; i < a_count; i++)
		for (size_t k = 0; k < a[i].whole.count; k++)
			idf[a[i].whole.terms[k]]++;
	for (size_t j = 0; j < b_count; j++)
		for (size_t k = 0; k < b[j].whole.count; k++)
			idf[b[j].whole.terms[k]]++;
	double n = (double)(a_count + b_count);
	for (size_t t = 0; t < term_count; t++)
		idf[t] = log(1 + (n - idf[t] + 0.5) / (idf[t] + 0.5));
	return idf;
}

static int compare_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

/* The entries of t: every (source word or NULL, target word) of the
 * linked pairs (src[link_src[c]], tgt[link_tgt[c]]), uniform per source;
 * counted into rows by source first, then each row sorted and made
 * unique. */
static void table_support(table *t, const pl_cmp_vector *src, const pl_cmp_vector *tgt,
                          const size_t *link_src, const size_t *link_tgt, size_t links,
                          size_t term_count)
{
	t->row = pl_calloc(term_count + 2, sizeof *t->row);
	for (size_t c = 0; c < links; c++) {
		const pl_cmp_vector *x = &src[link_src[c]], *y = &tgt[link_tgt[c]];
		for (size_t p = 0; p <= x->count; p++)
			t->row[(p < x->count ? x->terms[p] : term_count) + 1] += y->count;
	}
	for (size_t s = 0; s <= term_count; s++)
		t->row[s + 1] += t->row[s];
	size_t *fill = pl_malloc((term_count + 1) * sizeof *fill);
	memcpy(fill, t->row, (term_count + 1) * sizeof *fill);
	t->target = pl_malloc((t->row[term_count + 1] + 1) * sizeof *t->target);
	for (size_t c = 0; c < links; c++) {
		const pl_cmp_vector *x = &src[link_src[c]], *y = &tgt[link_tgt[c]];
		for (size_t p = 0; p <= x->count; p++) {
			size_t s = p < x->count ? x->terms[p] : term_count;
			memcpy(t->target + fill[s], y->terms, y->count * sizeof *y->terms);
			fill[s] += y->count;
		}
	}
	free(fill);
	size_t kept = 0;
	for (size_t s = 0; s <= term_count; s++) {
		size_t from = t->row[s], to = t->row[s + 1];
		if (to - from > 1)
			qsort(t->target + from, to - from, sizeof *t->target, compare_u32);
		t->row[s] = kept;
		for (size_t k = from; k < to; k++)
			if (k == from || t->target[k] != t->target[k - 1])
				t->target[kept++] = t->target[k];
	}
	t->row[term_count + 1] = kept;
	t->count = kept;
	t->prob = pl_malloc((kept + 1) * sizeof *t->prob);
	for (size_t s = 0; s <= term_count; s++)
		for (size_t e = t->row[s]; e < t->row[s + 1]; e++)
			t->prob[e] = 1.0 / (double)(t->row[s + 1] - t->row[s]);
}

/* The entry of (source, target), which the support guarantees. */
static size_t table_find(const table *t, uint32_t source, uint32_t target)
{
	size_t lo = t->row[source], hi = t->row[source + 1];
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->target[mid] <= target)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* One EM round of Model 1: each target word of a link is shared among the
 * link's source words and NULL in proportion to t, and t re-estimated. */
static void table_em(table *t, const pl_cmp_vector *src, const pl_cmp_vector *tgt,
                     const size_t *link_src, const size_t *link_tgt, size_t links,
                     size_t term_count)
{
	double *count = pl_calloc(t->count + 1, sizeof *count);
	/* A point has at most term_count words, and NULL. */
	size_t *at = pl_malloc((term_count + 1) * sizeof *at);
	for (size_t c = 0; c < links; c++) {
		const pl_cmp_vector *x = &src[link_src[c]], *y = &tgt[link_tgt[c]];
		for (size_t q = 0; q < y->count; q++) {
			double denom = 0;
			for (size_t p = 0; p <= x->count; p++) {
				uint32_t s = p < x->count ? x->terms[p] : (uint32_t)term_count;
				at[p] = table_find(t, s, y->terms[q]);
				denom += t->prob[at[p]];
			}
			for (size_t p = 0; denom > 0 && p <= x->count; p++)
				count[at[p]] += t->prob[at[p]] / denom;
		}
	}
	for (size_t s = 0; s <= term_count; s++) {
		double total = 0;
		for (size_t e = t->row[s]; e < t->row[s + 1]; e++)
			total += count[e];
		for (size_t e = t->row[s]; e < t->row[s + 1]; e++)
			t->prob[e] = total > 0 ? count[e] / total : 0;
	}
	free(at);
	free(count);
}

static void table_free(table *t)
{
	free(t->target);
	free(t->prob);
	free(t->row);
}

/* x' = sum over the words u of x of x(u) t(. | u), less u itself, into
 * acc (term_count zeros); its terms are listed in touched. Returns |x'|. */
static double carry(const pl_cmp_vector *x, const table *t, double *acc, uint32_t **touched,
                    size_t *touched_count, size_t *touched_capacity)
{
	size_t count = 0;
	for (size_t p = 0; p < x->count; p++)
		for (size_t e = t->row[x->terms[p]]; e < t->row[x->terms[p] + 1]; e++) {
			uint32_t v = t->target[e];
			if (v == x->terms[p] || t->prob[e] <= 0)
				continue;
			if (acc[v] == 0) {
				*touched = pl_grow(*touched, touched_capacity, count + 1,
				                   sizeof **touched);
				(*touched)[count++] = v;
			}
			acc[v] += x->weights[p] * t->prob[e];
		}
	double norm = 0;
	for (size_t k = 0; k < count; k++)
		norm += acc[(*touched)[k]] * acc[(*touched)[k]];
	*touched_count = count;
	return sqrt(norm);
}

/* One direction: the Model 1 table learned from the links (src[link_src[c]],
 * tgt[link_tgt[c]]) carries each point of src into the other plan's words,
 * and support[i * stride_i + j * stride_j] grows by scale times the cosine
 * of carried point i with tgt[j]. */
static void learn_direction(const pl_cmp_vector *src, size_t src_count, const pl_cmp_vector *tgt,
                            size_t tgt_count, const size_t *link_src, const size_t *link_tgt,
                            size_t links, size_t term_count, double *support, size_t stride_i,
                            size_t stride_j, double scale)
{
	table t;
	table_support(&t, src, tgt, link_src, link_tgt, links, term_count);
	for (int round = 0; round < PL_COMPARE_LEXICON_ITERATIONS; round++)
		table_em(&t, src, tgt, link_src, link_tgt, links, term_count);
	double *acc = pl_calloc(term_count + 1, sizeof *acc);
	uint32_t *touched = NULL;
	size_t touched_count, touched_capacity = 0;
	for (size_t i = 0; i < src_count; i++) {
		double norm = carry(&src[i], &t, acc, &touched, &touched_count, &touched_capacity);
		for (size_t j = 0; norm > 0 && j < tgt_count; j++) {
			double d = 0;
			for (size_t k = 0; k < tgt[j].count; k++)
				d += acc[tgt[j].terms[k]] * tgt[j].weights[k];
			d /= norm;
			support[i * stride_i + j * stride_j] += scale * (d > 1 ? 1 : d);
		}
		for (size_t k = 0; k < touched_count; k++)
			acc[touched[k]] = 0;
	}
	free(touched);
	free(acc);
	table_free(&t);
}

static void vectors_free(pl_cmp_vector *v, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		free(v[k].terms);
		free(v[k].weights);
	}
	free(v);
}

pl_cmp_lexicon *pl_cmp_lexicon_learn(const pl_cmp_point *a, size_t a_count, const pl_cmp_point *b,
                                     size_t b_count, const pl_cmp_terms *terms,
                                     const pl_cmp_edge *edges, const size_t *match, double weight)
{
	size_t *link_a = pl_malloc((a_count + 1) * sizeof *link_a);
	size_t *link_b = pl_malloc((a_count + 1) * sizeof *link_b), links = 0;
	for (size_t i = 0; i < a_count; i++)
		if (match[i] != CMP_NONE && edges[match[i]].score >= PL_COMPARE_LEXICON_CONFIDENT) {
			link_a[links] = i;
			link_b[links++] = edges[match[i]].b;
		}
	if (!links) {
		free(link_a);
		free(link_b);
		return NULL;
	}
	size_t term_count = pl_cmp_terms_count(terms);
	double *idf = all_idf(a, a_count, b, b_count, term_count);
	pl_cmp_vector *words_a = word_vectors(a, a_count, terms, idf);
	pl_cmp_vector *words_b = word_vectors(b, b_count, terms, idf);
	pl_cmp_lexicon *lex = pl_calloc(1, sizeof *lex);
	lex->b_count = b_count;
	lex->support = pl_calloc(a_count * b_count + 1, sizeof *lex->support);
	learn_direction(words_a, a_count, words_b, b_count, link_a, link_b, links, term_count,
	                lex->support, b_count, 1, weight / 2);
	learn_direction(words_b, b_count, words_a, a_count, link_b, link_a, links, term_count,
	                lex->support, 1, b_count, weight / 2);
	vectors_free(words_a, a_count);
	vectors_free(words_b, b_count);
	free(idf);
	free(link_a);
	free(link_b);
	return lex;
}

double pl_cmp_lexicon_support(const pl_cmp_lexicon *lex, size_t i, size_t j)
{
	return lex->support[i * lex->b_count + j];
}

void pl_cmp_lexicon_free(pl_cmp_lexicon *lex)
{
	if (!lex)
		return;
	free(lex->support);
	free(lex);
}
