/* compare.c — plan comparison: the alignment of two plans (steps 1-5 of
 * parley/compare.h) and of N plans against the first. */
#include "compare_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "parley/redline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pl_relation_name(pl_relation relation)
{
	static const char *const names[PL_RELATION_COUNT] = {"same", "overlaps", "conflicts"};
	return relation < PL_RELATION_COUNT ? names[relation] : "?";
}

static const char *unit_of(const char *number)
{
	const char *space = strchr(number, ' ');
	return space ? space + 1 : NULL;
}

static int holds(const pl_cmp_signals *s, const char *number)
{
	for (size_t k = 0; k < s->number_count; k++)
		if (strcmp(s->numbers[k], number) == 0)
			return 1;
	return 0;
}

/* Different numbers for one matter: x counts u as n, y counts the same u
 * as m, and neither holds the other's count. why says which. */
static int numbers_conflict(const pl_cmp_signals *x, const pl_cmp_signals *y, char *why,
                            size_t size)
{
	for (size_t i = 0; i < x->number_count; i++) {
		const char *u = unit_of(x->numbers[i]);
		if (!u || holds(y, x->numbers[i]))
			continue;
		for (size_t j = 0; j < y->number_count; j++) {
			const char *v = unit_of(y->numbers[j]);
			if (v && strcmp(u, v) == 0 && !holds(x, y->numbers[j])) {
				snprintf(why, size, "%.*s vs %.*s %s", (int)(u - 1 - x->numbers[i]),
				         x->numbers[i], (int)(v - 1 - y->numbers[j]), y->numbers[j],
				         u);
				return 1;
			}
		}
	}
	return 0;
}

/* Side 0 of an opposite pair on one side and side 1 on the other, each
 * side holding only one of the two. */
static int opposed(unsigned x, unsigned y)
{
	unsigned x0 = x & 0xffffu, x1 = x >> 16, y0 = y & 0xffffu, y1 = y >> 16;
	return ((x0 & y1 & ~x1 & ~y0) | (x1 & y0 & ~x0 & ~y1)) != 0;
}

/* The relation of a link from the two points' signals and the share of
 * terms they have in common: conflicts only with evidence, said in why. */
static pl_relation cmp_relation(const pl_cmp_signals *x, const pl_cmp_signals *y, double shared,
                                unsigned *evidence, char *why, size_t size)
{
	unsigned e = 0;
	why[0] = '\0';
	if (numbers_conflict(x, y, why, size))
		e |= PL_EVIDENCE_NUMBER;
	/* A negation or an opposite verb tells only about one object: the
	 * two must share at least half of their terms. */
	if (shared >= 0.5 && x->negated != y->negated) {
		e |= PL_EVIDENCE_NEGATION;
		if (!why[0])
			snprintf(why, size, "negated on one side only");
	}
	if (shared >= 0.5 && opposed(x->opposite, y->opposite)) {
		e |= PL_EVIDENCE_OPPOSITE;
		if (!why[0])
			snprintf(why, size, "opposite verbs");
	}
	*evidence = e;
	return e ? PL_RELATION_CONFLICTS : PL_RELATION_OVERLAPS;
}

static void free_points(pl_cmp_point *points, size_t count)
{
	for (size_t i = 0; i < count; i++)
		pl_cmp_point_free(&points[i]);
	free(points);
}

static int read_points(pl_cmp_point **out, pl_cmp_terms *terms, const pl_doc *doc, pl_error *err)
{
	pl_cmp_point *points = pl_calloc(doc->point_count + 1, sizeof *points);
	for (size_t i = 0; i < doc->point_count; i++) {
		int rc = pl_cmp_point_read(&points[i], terms, &doc->points[i], err);
		if (rc) {
			free_points(points, i + 1);
			*out = NULL;
			return rc;
		}
	}
	*out = points;
	return 0;
}

/* The anchor of a point: its core link's score, else its best score. */
static void anchors(const pl_cmp_edge *edges, size_t edge_count, const size_t *match,
                    size_t a_count, size_t b_count, double *anchor_a, double *anchor_b)
{
	memset(anchor_a, 0, a_count * sizeof *anchor_a);
	memset(anchor_b, 0, b_count * sizeof *anchor_b);
	for (size_t e = 0; e < edge_count; e++) {
		if (edges[e].score > anchor_a[edges[e].a])
			anchor_a[edges[e].a] = edges[e].score;
		if (edges[e].score > anchor_b[edges[e].b])
			anchor_b[edges[e].b] = edges[e].score;
	}
	for (size_t i = 0; i < a_count; i++)
		if (match[i] != CMP_NONE) {
			const pl_cmp_edge *core = &edges[match[i]];
			anchor_a[i] = core->score;
			anchor_b[core->b] = core->score;
		}
}

static char *whole_text(const pl_point *p)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_puts(&out, p->text);
	for (size_t k = 0; k < p->item_count; k++)
		pl_buf_printf(&out, " (%s) %s", p->items[k].label, p->items[k].text);
	return pl_buf_detach(&out);
}

/* Where two linked points share most of their wording (one plan amends
 * the other), the redline engine's classification decides whether they
 * are the same: a rewording is, a change of substance is not. */
/* The share of the smaller vector's terms that the other has too (both
 * sorted by term): a cheap test before the word diff. */
static double term_overlap(const pl_cmp_vector *x, const pl_cmp_vector *y)
{
	size_t i = 0, j = 0, shared = 0;
	while (i < x->count && j < y->count) {
		if (x->terms[i] == y->terms[j]) {
			shared++;
			i++;
			j++;
		} else if (x->terms[i] < y->terms[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t smaller = x->count < y->count ? x->count : y->count;
	return smaller ? (double)shared / (double)smaller : 0;
}

/* `same` only for texts equal after normalisation (case, white space,
 * Unicode NFC): the redline engine finds no change between them. */
static pl_relation same_if_equal(pl_relation relation, const pl_point *x, const pl_point *y)
{
	if (relation == PL_RELATION_CONFLICTS)
		return relation;
	char *a = whole_text(x), *b = whole_text(y);
	pl_text_diff diff;
	unsigned options = PL_TOKEN_FOLD_CASE | PL_TOKEN_NFC | PL_TOKEN_IGNORE_SPACE;
	if (pl_text_diff_compute(&diff, a, strlen(a), b, strlen(b), options, NULL) == 0) {
		if (!diff.changed)
			relation = PL_RELATION_SAME;
		pl_text_diff_free(&diff);
	}
	free(a);
	free(b);
	return relation;
}

static void add_link(pl_alignment *al, const pl_cmp_edge *edge, const pl_cmp_point *a,
                     const pl_cmp_point *b, int primary, size_t *capacity)
{
	al->links = pl_grow(al->links, capacity, al->link_count + 1, sizeof *al->links);
	pl_link *link = &al->links[al->link_count++];
	link->a = edge->a;
	link->b = edge->b;
	link->score = edge->similarity;
	link->primary = primary;
	double shared = term_overlap(&a[edge->a].whole, &b[edge->b].whole);
	link->relation = cmp_relation(&a[edge->a].signals, &b[edge->b].signals, shared,
	                              &link->evidence, link->why, sizeof link->why);
	/* Texts that do not share all their terms cannot be equal: no word
	 * diff for them. */
	if (shared >= 1.0)
		link->relation =
		    same_if_equal(link->relation, &al->a->points[edge->a], &al->b->points[edge->b]);
	al->counts[link->relation]++;
	if (al->a_link_count[edge->a]++ == 0)
		al->a_matched++;
	if (al->b_link_count[edge->b]++ == 0)
		al->b_matched++;
}

/* Step 4: the core matching, then the links nearly as good as a core
 * link of one of their points. */
static void choose_links(pl_alignment *al, const pl_cmp_edge *edges, size_t edge_count,
                         const pl_cmp_point *a, const pl_cmp_point *b, double secondary)
{
	size_t na = al->a->point_count, nb = al->b->point_count, capacity = 0;
	size_t *match = pl_malloc((na + 1) * sizeof *match);
	pl_cmp_assign(edges, edge_count, na, nb, match);
	double *anchor_a = pl_malloc((na + 1) * sizeof *anchor_a);
	double *anchor_b = pl_malloc((nb + 1) * sizeof *anchor_b);
	anchors(edges, edge_count, match, na, nb, anchor_a, anchor_b);
	for (size_t e = 0; e < edge_count; e++) {
		const pl_cmp_edge *edge = &edges[e];
		int primary = match[edge->a] == e;
		double anchor =
		    anchor_a[edge->a] > anchor_b[edge->b] ? anchor_a[edge->a] : anchor_b[edge->b];
		if (primary || edge->score >= secondary * anchor)
			add_link(al, edge, a, b, primary, &capacity);
	}
	free(anchor_a);
	free(anchor_b);
	free(match);
}

/* Step 3c: the lexicon of the core links of edges, and the candidates
 * scored again with its support, the similarities of every pair read from
 * the first scoring (edges is freed; the same edges come back when no
 * link is confident). */
static pl_cmp_edge *rescore(pl_cmp_edge *edges, size_t *edge_count, const pl_cmp_point *a,
                            size_t a_count, const pl_cmp_point *b, size_t b_count,
                            const pl_cmp_terms *terms, double threshold, double hubness,
                            size_t hubness_k, double weight, double *similarities)
{
	size_t *match = pl_malloc((a_count + 1) * sizeof *match);
	pl_cmp_assign(edges, *edge_count, a_count, b_count, match);
	pl_cmp_lexicon *lexicon =
	    pl_cmp_lexicon_learn(a, a_count, b, b_count, terms, edges, match, weight);
	free(match);
	if (!lexicon)
		return edges;
	free(edges);
	edges = pl_cmp_candidates(a, a_count, b, b_count, pl_cmp_terms_count(terms), threshold,
	                          hubness, hubness_k, lexicon, similarities, edge_count);
	pl_cmp_lexicon_free(lexicon);
	return edges;
}

static pl_alignment *alignment_new(const pl_doc *a, const pl_doc *b)
{
	pl_alignment *al = pl_calloc(1, sizeof *al);
	al->a = a;
	al->b = b;
	al->a_link_count = pl_calloc(a->point_count + 1, sizeof *al->a_link_count);
	al->b_link_count = pl_calloc(b->point_count + 1, sizeof *al->b_link_count);
	return al;
}

/* The term dictionary of options (language, WordNet, n-grams), once the
 * options are checked. */
static int new_terms(pl_cmp_terms **out, const pl_compare_options *o, pl_error *err)
{
	if (o->ngram > PL_COMPARE_NGRAM_MAX)
		return pl_error_set(err, PL_EINVALID, "character n-grams longer than %d",
		                    PL_COMPARE_NGRAM_MAX);
	if (o->hubness_k > PL_COMPARE_HUBNESS_K_MAX)
		return pl_error_set(err, PL_EINVALID, "hubness over more than %d neighbours",
		                    PL_COMPARE_HUBNESS_K_MAX);
	int rc = pl_cmp_terms_new(out, o->language, o->wordnet, err);
	if (rc == 0)
		pl_cmp_terms_ngrams(*out, o->ngram > 0   ? (size_t)o->ngram
		                          : o->ngram < 0 ? 0
		                                         : PL_COMPARE_NGRAM);
	return rc;
}

int pl_alignment_compute(pl_alignment **out, const pl_doc *a, const pl_doc *b,
                         const pl_compare_options *options, pl_error *err)
{
	*out = NULL;
	pl_compare_options o =
	    options ? *options : (pl_compare_options){NULL, 0, 0, NULL, 0, 0, 0, 0};
	double threshold = o.threshold > 0 ? o.threshold : PL_COMPARE_THRESHOLD;
	double secondary = o.secondary > 0 ? o.secondary : PL_COMPARE_SECONDARY;
	double hubness = o.hubness > 0 ? o.hubness : o.hubness < 0 ? 0 : PL_COMPARE_HUBNESS;
	double lexicon = o.lexicon > 0 ? o.lexicon : o.lexicon < 0 ? 0 : PL_COMPARE_LEXICON;
	size_t hubness_k = o.hubness_k > 0 ? o.hubness_k : PL_COMPARE_HUBNESS_K;
	pl_cmp_terms *terms;
	int rc = new_terms(&terms, &o, err);
	if (rc)
		return rc;
	/* Step 2b only where every pair is scored: the inverted index of large
	 * inputs finds pairs by shared rare words alone. Step 1b makes vectors
	 * several times longer, and every pair's score as much slower: only
	 * for plans of up to a few hundred points. */
	size_t pairs = a->point_count * b->point_count;
	int large = pairs > PL_COMPARE_EXACT_PAIRS;
	if (large)
		pl_cmp_terms_lexical(terms);
	if (pairs > PL_COMPARE_NGRAM_PAIRS)
		pl_cmp_terms_ngrams(terms, 0);
	pl_cmp_point *pa = NULL, *pb = NULL;
	rc = read_points(&pa, terms, a, err);
	if (rc == 0)
		rc = read_points(&pb, terms, b, err);
	if (rc == 0) {
		size_t term_count = pl_cmp_terms_count(terms), edge_count;
		pl_cmp_terms_relate(terms);
		pl_cmp_weigh(pa, a->point_count, pb, b->point_count, terms);
		/* Step 3c, on inputs as small as step 1b's: the pairs are scored
		 * again with the support of the lexicon of a first alignment. */
		int learn = lexicon > 0 && pairs <= PL_COMPARE_NGRAM_PAIRS;
		double *similarities = learn ? pl_malloc((pairs + 1) * sizeof *similarities) : NULL;
		pl_cmp_edge *edges =
		    pl_cmp_candidates(pa, a->point_count, pb, b->point_count, term_count, threshold,
		                      hubness, hubness_k, NULL, similarities, &edge_count);
		if (learn)
			edges =
			    rescore(edges, &edge_count, pa, a->point_count, pb, b->point_count,
			            terms, threshold, hubness, hubness_k, lexicon, similarities);
		free(similarities);
		*out = alignment_new(a, b);
		if (pl_cmp_terms_lexical_fallback(terms))
			(*out)->note = pl_cmp_wordnet_status();
		choose_links(*out, edges, edge_count, pa, pb, secondary);
		free(edges);
	}
	if (pa)
		free_points(pa, a->point_count);
	if (pb)
		free_points(pb, b->point_count);
	pl_cmp_terms_free(terms);
	return rc;
}

void pl_alignment_free(pl_alignment *al)
{
	if (!al)
		return;
	free(al->links);
	free(al->a_link_count);
	free(al->b_link_count);
	free(al);
}

int pl_compare_texts(double *score, const char *a, const char *b, const pl_compare_options *options,
                     pl_error *err)
{
	*score = 0;
	pl_point pa = {NULL, (char *)"a", (char *)a, PL_NO_PART, NULL, 0, 0};
	pl_point pb = {NULL, (char *)"b", (char *)b, PL_NO_PART, NULL, 0, 0};
	pl_compare_options o =
	    options ? *options : (pl_compare_options){NULL, 0, 0, NULL, 0, 0, 0, 0};
	pl_cmp_terms *terms;
	int rc = new_terms(&terms, &o, err);
	if (rc)
		return rc;
	pl_cmp_point x, y;
	rc = pl_cmp_point_read(&x, terms, &pa, err);
	if (rc == 0) {
		rc = pl_cmp_point_read(&y, terms, &pb, err);
		if (rc == 0) {
			pl_cmp_terms_relate(terms);
			pl_cmp_weigh(&x, 1, &y, 1, terms);
			*score = pl_cmp_score(&x, &y);
			pl_cmp_point_free(&y);
		}
		pl_cmp_point_free(&x);
	}
	pl_cmp_terms_free(terms);
	return rc;
}

int pl_comparison_compute(pl_comparison **out, const pl_doc *const *docs, const char *const *names,
                          size_t count, const pl_compare_options *options, pl_error *err)
{
	*out = NULL;
	if (count < 2)
		return pl_error_set(err, PL_EINVALID, "a comparison needs at least two plans");
	pl_comparison *c = pl_calloc(1, sizeof *c);
	c->doc_count = count;
	c->docs = pl_calloc(count, sizeof *c->docs);
	c->names = pl_calloc(count, sizeof *c->names);
	c->pairs = pl_calloc(count - 1, sizeof *c->pairs);
	for (size_t k = 0; k < count; k++) {
		c->docs[k] = docs[k];
		c->names[k] = pl_strdup(names[k]);
	}
	for (size_t k = 1; k < count; k++) {
		int rc = pl_alignment_compute(&c->pairs[k - 1], docs[0], docs[k], options, err);
		if (rc) {
			pl_comparison_free(c);
			return rc;
		}
	}
	*out = c;
	return 0;
}

void pl_comparison_free(pl_comparison *c)
{
	if (!c)
		return;
	for (size_t k = 0; k < c->doc_count; k++)
		free(c->names[k]);
	for (size_t k = 0; k + 1 < c->doc_count; k++)
		pl_alignment_free(c->pairs[k]);
	free(c->pairs);
	free(c->names);
	free(c->docs);
	free(c);
}
