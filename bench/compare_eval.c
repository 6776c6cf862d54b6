/* compare_eval.c — precision, recall and F1 of plan alignment against a
 * hand-made gold set.
 *
 * usage: compare_eval A.md B.md GOLD.tsv [--threshold T] [--secondary S]
 *                     [--language L] [--hubness W] [--hubness-k K]
 *                     [--ngram N] [--lexicon W] [--verbose | --top | --rank]
 *
 * GOLD.tsv has a header line, then rows "LABEL_A<TAB>LABEL_B<TAB>KIND",
 * "-" standing for no point. A row naming two points is a gold link; KIND
 * is its relation: same, overlaps, conflicts — or, for a redline gold set
 * (tests/data/gold-counter-v28.tsv), unchanged and reworded (counted as
 * same) and substantive (overlaps or conflicts both count as right). Rows
 * with "-" (only, deleted, added) name unmatched points and are not links.
 *
 * Prints one line for links and one for labelled links (a link counts
 * only with the right relation), each "P R F1", and with --verbose every
 * missed and every spurious link; --top prints the three best-scoring
 * points of b for every point of a, --rank how well the similarities rank
 * the gold links (average precision). */
#include "parley/compare.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gold_link {
	char a[32], b[32], kind[32];
	int found;
} gold_link;

static pl_doc *load(const char *path)
{
	char *text;
	size_t len;
	pl_error err;
	pl_doc *doc;
	if (pl_file_read(path, PL_DEFAULT_MAX_INPUT, &text, &len, &err) ||
	    pl_markdown_parse(&doc, text, len, path, &err)) {
		fprintf(stderr, "compare_eval: %s\n", err.message);
		exit(1);
	}
	free(text);
	return doc;
}

static gold_link *read_gold(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "compare_eval: cannot open %s\n", path);
		exit(1);
	}
	char line[512];
	gold_link *links = NULL;
	size_t capacity = 0;
	*count = 0;
	if (!fgets(line, sizeof line, f))
		line[0] = 0;
	while (fgets(line, sizeof line, f)) {
		gold_link g = {{0}, {0}, {0}, 0};
		if (sscanf(line, "%31[^\t]\t%31[^\t]\t%31[^\t\r\n]", g.a, g.b, g.kind) != 3)
			continue;
		if (strcmp(g.a, "-") == 0 || strcmp(g.b, "-") == 0)
			continue;
		links = pl_grow(links, &capacity, *count + 1, sizeof *links);
		links[(*count)++] = g;
	}
	fclose(f);
	return links;
}

static int relation_right(const char *kind, pl_relation relation)
{
	if (strcmp(kind, "unchanged") == 0 || strcmp(kind, "reworded") == 0)
		return relation == PL_RELATION_SAME;
	if (strcmp(kind, "substantive") == 0)
		return relation != PL_RELATION_SAME;
	return strcmp(kind, pl_relation_name(relation)) == 0;
}

static void print_prf(const char *what, size_t right, size_t predicted, size_t gold)
{
	double p = predicted ? (double)right / (double)predicted : 0;
	double r = gold ? (double)right / (double)gold : 0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
	printf("%-9s P %.3f  R %.3f  F1 %.3f  (%zu right, %zu predicted, %zu gold)\n", what, p, r,
	       f, right, predicted, gold);
}

/* The three best-scoring points of b for every point of a. */
static void print_top(const pl_doc *a, const pl_doc *b, const pl_compare_options *options)
{
	pl_compare_options o = *options;
	o.threshold = 0.01;
	o.secondary = 0.01;
	pl_alignment *al;
	pl_error err;
	if (pl_alignment_compute(&al, a, b, &o, &err))
		return;
	for (size_t i = 0; i < a->point_count; i++) {
		double best[3] = {0, 0, 0};
		size_t which[3] = {0, 0, 0};
		for (size_t k = 0; k < al->link_count; k++) {
			const pl_link *l = &al->links[k];
			if (l->a != i)
				continue;
			for (int r = 0; r < 3; r++)
				if (l->score > best[r]) {
					for (int s = 2; s > r; s--) {
						best[s] = best[s - 1];
						which[s] = which[s - 1];
					}
					best[r] = l->score;
					which[r] = l->b;
					break;
				}
		}
		printf("top %s:", a->points[i].label);
		for (int r = 0; r < 3; r++)
			if (best[r] > 0)
				printf("  %s %.3f", b->points[which[r]].label, best[r]);
		printf("\n");
	}
	pl_alignment_free(al);
}

static int by_score(const void *x, const void *y)
{
	const pl_link *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* How well the similarities rank the gold links, whatever the
 * assignment: the average precision of the pairs sorted by similarity, and
 * how many gold links are the best pair of their point of a, of b, and of
 * both. The pairs are those the alignment keeps with threshold and
 * secondary near 0: all pairs with a positive similarity less those whose
 * hubness-corrected score (step 3b of parley/compare.h) is not positive. */
static void print_rank(const pl_doc *a, const pl_doc *b, const pl_compare_options *options,
                       gold_link *gold, size_t gold_count)
{
	pl_compare_options o = *options;
	o.threshold = 1e-6;
	o.secondary = 1e-6;
	pl_alignment *al;
	pl_error err;
	if (pl_alignment_compute(&al, a, b, &o, &err))
		return;
	pl_link *links = pl_malloc((al->link_count + 1) * sizeof *links);
	memcpy(links, al->links, al->link_count * sizeof *links);
	qsort(links, al->link_count, sizeof *links, by_score);
	double *best_a = pl_calloc(a->point_count + 1, sizeof *best_a);
	double *best_b = pl_calloc(b->point_count + 1, sizeof *best_b);
	for (size_t k = 0; k < al->link_count; k++) {
		if (links[k].score > best_a[links[k].a])
			best_a[links[k].a] = links[k].score;
		if (links[k].score > best_b[links[k].b])
			best_b[links[k].b] = links[k].score;
	}
	double ap = 0;
	size_t hits = 0, top_a = 0, top_b = 0, top_both = 0;
	for (size_t k = 0; k < al->link_count; k++) {
		const char *la = a->points[links[k].a].label, *lb = b->points[links[k].b].label;
		int is_gold = 0;
		for (size_t q = 0; q < gold_count; q++)
			is_gold |= strcmp(gold[q].a, la) == 0 && strcmp(gold[q].b, lb) == 0;
		if (!is_gold)
			continue;
		hits++;
		ap += (double)hits / (double)(k + 1);
		int ta = links[k].score >= best_a[links[k].a],
		    tb = links[k].score >= best_b[links[k].b];
		top_a += ta;
		top_b += tb;
		top_both += ta && tb;
	}
	printf("rank      AP %.3f  best of a %zu, of b %zu, of both %zu (of %zu gold)\n",
	       gold_count ? ap / (double)gold_count : 0, top_a, top_b, top_both, gold_count);
	free(best_a);
	free(best_b);
	free(links);
	pl_alignment_free(al);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: compare_eval A.md B.md GOLD.tsv [--threshold T] "
		                "[--secondary S] [--language L] [--hubness W] [--hubness-k K] "
		                "[--ngram N] [--lexicon W] [--verbose | --top | --rank]\n");
		return 2;
	}
	pl_compare_options options = {NULL, 0, 0, NULL, 0, 0, 0, 0};
	/* As the CLI does: the library reads no environment. */
	const char *off = getenv("PARLEY_WORDNET");
	if (off && strcmp(off, "off") == 0)
		options.wordnet = "off";
	int verbose = 0;
	for (int k = 4; k < argc; k++) {
		if (strcmp(argv[k], "--verbose") == 0)
			verbose = 1;
		else if (strcmp(argv[k], "--top") == 0)
			verbose = 2;
		else if (strcmp(argv[k], "--rank") == 0)
			verbose = 3;
		else if (strcmp(argv[k], "--threshold") == 0 && k + 1 < argc)
			options.threshold = strtod(argv[++k], NULL);
		else if (strcmp(argv[k], "--secondary") == 0 && k + 1 < argc)
			options.secondary = strtod(argv[++k], NULL);
		else if (strcmp(argv[k], "--language") == 0 && k + 1 < argc)
			options.language = argv[++k];
		else if (strcmp(argv[k], "--hubness") == 0 && k + 1 < argc)
			options.hubness = strtod(argv[++k], NULL);
		else if (strcmp(argv[k], "--hubness-k") == 0 && k + 1 < argc)
			options.hubness_k = (size_t)strtoul(argv[++k], NULL, 10);
		else if (strcmp(argv[k], "--ngram") == 0 && k + 1 < argc)
			options.ngram = (int)strtol(argv[++k], NULL, 10);
		else if (strcmp(argv[k], "--lexicon") == 0 && k + 1 < argc)
			options.lexicon = strtod(argv[++k], NULL);
	}
	pl_doc *a = load(argv[1]), *b = load(argv[2]);
	size_t gold_count;
	gold_link *gold = read_gold(argv[3], &gold_count);
	pl_alignment *al;
	pl_error err;
	if (pl_alignment_compute(&al, a, b, &options, &err)) {
		fprintf(stderr, "compare_eval: %s\n", err.message);
		return 1;
	}
	size_t right = 0, labelled = 0;
	for (size_t k = 0; k < al->link_count; k++) {
		const pl_link *l = &al->links[k];
		const char *la = a->points[l->a].label, *lb = b->points[l->b].label;
		gold_link *g = NULL;
		for (size_t q = 0; q < gold_count; q++)
			if (strcmp(gold[q].a, la) == 0 && strcmp(gold[q].b, lb) == 0)
				g = &gold[q];
		if (g) {
			g->found = 1;
			right++;
			labelled += relation_right(g->kind, l->relation);
		}
		if (verbose && verbose < 3)
			printf("%s %s -> %s  %.3f %s%s\n",
			       g ? (relation_right(g->kind, l->relation) ? "ok " : "rel") : "SPU",
			       la, lb, l->score, pl_relation_name(l->relation), g ? "" : "");
	}
	if (verbose == 2)
		print_top(a, b, &options);
	if (verbose == 3)
		print_rank(a, b, &options, gold, gold_count);
	for (size_t q = 0; verbose && verbose < 3 && q < gold_count; q++)
		if (!gold[q].found)
			printf("MISS %s -> %s (%s)\n", gold[q].a, gold[q].b, gold[q].kind);
	print_prf("links", right, al->link_count, gold_count);
	print_prf("relations", labelled, al->link_count, gold_count);
	pl_alignment_free(al);
	free(gold);
	pl_doc_free(a);
	pl_doc_free(b);
	return 0;
}
