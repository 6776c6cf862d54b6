/* compare_score.c — steps 2 and 3 of plan comparison: TF-IDF weights,
 * cosines, the score of a pair, and the candidate pairs. */
#include "compare_int.h"
#include "parley/mem.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void count_df(const pl_cmp_point *p, size_t count, size_t *df)
{
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < p[i].whole.count; k++)
			df[p[i].whole.terms[k]]++;
}

/* (1 + ln tf) * idf, then L2-normalised. */
static void weigh_vector(pl_cmp_vector *v, const double *idf)
{
	double norm = 0;
	for (size_t k = 0; k < v->count; k++) {
		double w = (1 + log(v->weights[k])) * idf[v->terms[k]];
		v->weights[k] = w;
		norm += w * w;
	}
	norm = sqrt(norm);
	for (size_t k = 0; k < v->count; k++)
		v->weights[k] = norm > 0 ? v->weights[k] / norm : 0;
}

static void weigh_points(pl_cmp_point *p, size_t count, const double *idf)
{
	for (size_t i = 0; i < count; i++) {
		p[i].norm_whole = 1;
		weigh_vector(&p[i].whole, idf);
		for (size_t k = 0; k < p[i].part_count; k++)
			weigh_vector(&p[i].parts[k], idf);
	}
}

/* Whether some term related to t occurs in the plan counted by df. */
static int related_in(const pl_cmp_terms *terms, uint32_t t, const size_t *df)
{
	size_t n;
	const uint32_t *r = pl_cmp_terms_related(terms, t, &n);
	for (size_t k = 0; k < n; k++)
		if (df[r[k]])
			return 1;
	return 0;
}

static double dot(const pl_cmp_vector *x, const pl_cmp_vector *y)
{
	double d = 0;
	size_t i = 0, j = 0;
	while (i < x->count && j < y->count) {
		if (x->terms[i] == y->terms[j])
			d += x->weights[i++] * y->weights[j++];
		else if (x->terms[i] < y->terms[j])
			i++;
		else
			j++;
	}
	return d;
}

static int compare_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

/* x' = x + beta R x, over the terms with a weight (idf > 0), and the soft
 * norm sqrt(x'.x). */
static pl_cmp_vector expand(const pl_cmp_vector *x, const pl_cmp_terms *terms, const double *idf,
                            double beta, double *acc, uint32_t **touched, size_t *touched_capacity,
                            double *norm)
{
	size_t count = 0;
	for (size_t k = 0; k < x->count; k++) {
		uint32_t t = x->terms[k];
		if (acc[t] == 0) {
			*touched = pl_grow(*touched, touched_capacity, count + 1, sizeof **touched);
			(*touched)[count++] = t;
		}
		acc[t] += x->weights[k];
		size_t n;
		const uint32_t *r = pl_cmp_terms_related(terms, t, &n);
		for (size_t q = 0; q < n; q++) {
			if (idf[r[q]] <= 0 || x->weights[k] <= 0)
				continue;
			if (acc[r[q]] == 0) {
				*touched = pl_grow(*touched, touched_capacity, count + 1,
				                   sizeof **touched);
				(*touched)[count++] = r[q];
			}
			acc[r[q]] += beta * x->weights[k];
		}
	}
	if (count > 1)
		qsort(*touched, count, sizeof **touched, compare_u32);
	pl_cmp_vector v = {pl_malloc((count + 1) * sizeof *v.terms),
	                   pl_malloc((count + 1) * sizeof *v.weights), 0};
	for (size_t k = 0; k < count; k++) {
		uint32_t t = (*touched)[k];
		if (acc[t] > 0) {
			v.terms[v.count] = t;
			v.weights[v.count++] = acc[t];
		}
		acc[t] = 0;
	}
	double n2 = dot(&v, x);
	*norm = n2 > 0 ? sqrt(n2) : 1;
	return v;
}

static void expand_points(pl_cmp_point *p, size_t count, const pl_cmp_terms *terms,
                          const double *idf, double beta, double *acc)
{
	uint32_t *touched = NULL;
	size_t touched_capacity = 0;
	for (size_t i = 0; i < count; i++) {
		p[i].soft_whole = expand(&p[i].whole, terms, idf, beta, acc, &touched,
		                         &touched_capacity, &p[i].norm_whole);
		if (!p[i].part_count)
			continue;
		p[i].soft_parts = pl_calloc(p[i].part_count, sizeof *p[i].soft_parts);
		p[i].norm_parts = pl_calloc(p[i].part_count, sizeof *p[i].norm_parts);
		for (size_t k = 0; k < p[i].part_count; k++)
			p[i].soft_parts[k] = expand(&p[i].parts[k], terms, idf, beta, acc, &touched,
			                            &touched_capacity, &p[i].norm_parts[k]);
	}
	free(touched);
}

void pl_cmp_weigh(pl_cmp_point *a, size_t a_count, pl_cmp_point *b, size_t b_count,
                  const pl_cmp_terms *terms)
{
	size_t term_count = pl_cmp_terms_count(terms);
	size_t *df_a = pl_calloc(term_count + 1, sizeof *df_a);
	size_t *df = pl_calloc(term_count + 1, sizeof *df);
	count_df(a, a_count, df_a);
	count_df(b, b_count, df);
	double *idf = pl_malloc((term_count + 1) * sizeof *idf);
	double n = (double)(a_count + b_count);
	/* A term that only one plan uses, and that is related to no term of
	 * the other, is evidence for no pair: it is left out, so that it does
	 * not dilute the vectors. */
	for (size_t t = 0; t < term_count; t++) {
		double d = (double)(df_a[t] + df[t]);
		int used = (df_a[t] && df[t]) || (df_a[t] && related_in(terms, (uint32_t)t, df)) ||
		           (df[t] && related_in(terms, (uint32_t)t, df_a));
		idf[t] = used ? log(1 + (n - d + 0.5) / (d + 0.5)) : 0;
	}
	free(df_a);
	weigh_points(a, a_count, idf);
	weigh_points(b, b_count, idf);
	double beta = PL_COMPARE_SEMANTIC;
	if (pl_cmp_terms_semantic(terms) && beta > 0) {
		double *acc = pl_calloc(term_count + 1, sizeof *acc);
		expand_points(a, a_count, terms, idf, beta, acc);
		expand_points(b, b_count, terms, idf, beta, acc);
		free(acc);
	}
	free(idf);
	free(df);
}

/* The cosine of two normalised vectors. */
static double cmp_cosine(const pl_cmp_vector *x, const pl_cmp_vector *y)
{
	double d = dot(x, y);
	return d > 1 ? 1 : d;
}

/* The soft cosine x'.y / (|x|' |y|') when x has an expanded vector, else
 * the cosine. */
static double soft(const pl_cmp_vector *x, const pl_cmp_vector *sx, double nx,
                   const pl_cmp_vector *y, double ny)
{
	if (!sx || !sx->terms)
		return cmp_cosine(x, y);
	double d = dot(sx, y) / (nx * ny);
	return d > 1 ? 1 : d;
}

/* The best cosine of one part of x with the whole of y. */
static double best_part(const pl_cmp_point *x, const pl_cmp_point *y)
{
	double best = 0;
	for (size_t k = 0; k < x->part_count; k++) {
		double c = soft(&x->parts[k], x->soft_parts ? &x->soft_parts[k] : NULL,
		                x->norm_parts ? x->norm_parts[k] : 1, &y->whole, y->norm_whole);
		if (c > best)
			best = c;
	}
	return best;
}

double pl_cmp_score(const pl_cmp_point *x, const pl_cmp_point *y)
{
	double whole = soft(&x->whole, &x->soft_whole, x->norm_whole, &y->whole, y->norm_whole);
	double part = best_part(x, y);
	double other = best_part(y, x);
	if (other > part)
		part = other;
	part *= PL_COMPARE_PART_DISCOUNT;
	return part > whole ? part : whole;
}

typedef struct edge_list {
	pl_cmp_edge *items;
	size_t count, capacity;
} edge_list;

/* The k best similarities of every point of both plans (step 3b). */
typedef struct hubs {
	double *best_a, *best_b; /* a_count * k and b_count * k, descending */
	size_t k;
} hubs;

void pl_cmp_best_note(double *best, size_t k, double s)
{
	if (!k || s <= best[k - 1])
		return;
	size_t at = k - 1;
	while (at > 0 && best[at - 1] < s) {
		best[at] = best[at - 1];
		at--;
	}
	best[at] = s;
}

static void keep(edge_list *edges, hubs *h, size_t a, size_t b, double similarity, double support,
                 double threshold)
{
	double score = similarity + support;
	pl_cmp_best_note(h->best_a + a * h->k, h->k, score);
	pl_cmp_best_note(h->best_b + b * h->k, h->k, score);
	if (score < threshold)
		return;
	edges->items =
	    pl_grow(edges->items, &edges->capacity, edges->count + 1, sizeof(pl_cmp_edge));
	edges->items[edges->count++] = (pl_cmp_edge){a, b, score, similarity, support};
}

/* Postings of b's wholes for the terms in at most max_df points. */
typedef struct postings {
	size_t *start; /* term_count + 1 offsets */
	size_t *points;
	double *weights;
} postings;

static void build_postings(postings *p, const pl_cmp_point *b, size_t b_count, size_t term_count)
{
	p->start = pl_calloc(term_count + 2, sizeof *p->start);
	for (size_t j = 0; j < b_count; j++)
		for (size_t k = 0; k < b[j].whole.count; k++)
			p->start[b[j].whole.terms[k] + 2]++;
	for (size_t t = 2; t < term_count + 2; t++)
		p->start[t] += p->start[t - 1];
	p->points = pl_malloc((p->start[term_count + 1] + 1) * sizeof *p->points);
	p->weights = pl_malloc((p->start[term_count + 1] + 1) * sizeof *p->weights);
	for (size_t j = 0; j < b_count; j++)
		for (size_t k = 0; k < b[j].whole.count; k++) {
			size_t at = p->start[b[j].whole.terms[k] + 1]++;
			p->points[at] = j;
			p->weights[at] = b[j].whole.weights[k];
		}
}

static void indexed_candidates(edge_list *edges, hubs *h, const pl_cmp_point *a, size_t a_count,
                               const pl_cmp_point *b, size_t b_count, size_t term_count,
                               double threshold)
{
	postings post;
	build_postings(&post, b, b_count, term_count);
	size_t *df_a = pl_calloc(term_count + 1, sizeof *df_a);
	count_df(a, a_count, df_a);
	size_t max_df = (a_count + b_count) / 10 > 16 ? (a_count + b_count) / 10 : 16;
	double *acc = pl_calloc(b_count, sizeof *acc);
	size_t *touched = pl_malloc((b_count + 1) * sizeof *touched), touched_count = 0;
	for (size_t i = 0; i < a_count; i++) {
		for (size_t k = 0; k < a[i].whole.count; k++) {
			uint32_t t = a[i].whole.terms[k];
			size_t from = post.start[t], to = post.start[t + 1];
			if (df_a[t] + (to - from) > max_df)
				continue;
			for (size_t q = from; q < to; q++) {
				size_t j = post.points[q];
				if (acc[j] == 0)
					touched[touched_count++] = j;
				acc[j] += a[i].whole.weights[k] * post.weights[q] + 1e-12;
			}
		}
		for (size_t q = 0; q < touched_count; q++) {
			size_t j = touched[q];
			/* The rare terms' share of the cosine is a lower bound of
			 * it; pairs far below the threshold there are not scored. */
			if (acc[j] >= threshold * PL_COMPARE_PRUNE)
				keep(edges, h, i, j, pl_cmp_score(&a[i], &b[j]), 0, threshold);
			acc[j] = 0;
		}
		touched_count = 0;
	}
	free(acc);
	free(touched);
	free(df_a);
	free(post.start);
	free(post.points);
	free(post.weights);
}

static int compare_edges(const void *x, const void *y)
{
	const pl_cmp_edge *e = x, *f = y;
	if (e->a != f->a)
		return (e->a > f->a) - (e->a < f->a);
	return (e->b > f->b) - (e->b < f->b);
}

/* The mean of each point's k best similarities. */
static double *hub_means(const double *best, size_t count, size_t k)
{
	double *mean = pl_calloc(count + 1, sizeof *mean);
	for (size_t i = 0; i < count; i++) {
		for (size_t q = 0; q < k; q++)
			mean[i] += best[i * k + q];
		mean[i] /= (double)k;
	}
	return mean;
}

size_t pl_cmp_hubness_correct(pl_cmp_edge *edges, size_t edge_count, const double *hub_a,
                              const double *hub_b, double lambda, double threshold)
{
	size_t kept = 0;
	for (size_t e = 0; e < edge_count; e++) {
		pl_cmp_edge edge = edges[e];
		edge.score =
		    edge.similarity + edge.support - lambda * (hub_a[edge.a] + hub_b[edge.b]) / 2;
		if (edge.score >= threshold && edge.score > 0)
			edges[kept++] = edge;
	}
	return kept;
}

pl_cmp_edge *pl_cmp_candidates(const pl_cmp_point *a, size_t a_count, const pl_cmp_point *b,
                               size_t b_count, size_t term_count, double threshold, double lambda,
                               size_t k, const pl_cmp_lexicon *lexicon, double *similarities,
                               size_t *edge_count)
{
	assert(k > 0);
	edge_list edges = {NULL, 0, 0};
	hubs h = {pl_calloc(a_count * k + 1, sizeof(double)),
	          pl_calloc(b_count * k + 1, sizeof(double)), k};
	/* A corrected score is never above the similarity with support: pairs
	 * below the threshold there need not be kept. */
	if (a_count * b_count <= PL_COMPARE_EXACT_PAIRS) {
		for (size_t i = 0; i < a_count; i++)
			for (size_t j = 0; j < b_count; j++) {
				double *known =
				    similarities ? &similarities[i * b_count + j] : NULL;
				double s = known && lexicon ? *known : pl_cmp_score(&a[i], &b[j]);
				if (known)
					*known = s;
				keep(&edges, &h, i, j, s,
				     lexicon ? pl_cmp_lexicon_support(lexicon, i, j) : 0,
				     threshold);
			}
	} else {
		indexed_candidates(&edges, &h, a, a_count, b, b_count, term_count, threshold);
		if (edges.count > 1)
			qsort(edges.items, edges.count, sizeof *edges.items, compare_edges);
	}
	double *hub_a = hub_means(h.best_a, a_count, h.k);
	double *hub_b = hub_means(h.best_b, b_count, h.k);
	*edge_count =
	    pl_cmp_hubness_correct(edges.items, edges.count, hub_a, hub_b, lambda, threshold);
	free(hub_a);
	free(hub_b);
	free(h.best_a);
	free(h.best_b);
	return edges.items;
}
