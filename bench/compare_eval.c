/* compare_eval.c — precision, recall and F1 of plan alignment against a
 * hand-made gold set.
 *
 * usage: compare_eval A.md B.md GOLD.tsv [--threshold T] [--secondary S]
 *                     [--language L] [--verbose]
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
 * missed and every spurious link. */
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

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: compare_eval A.md B.md GOLD.tsv [--threshold T] "
		                "[--secondary S] [--language L] [--verbose]\n");
		return 2;
	}
	pl_compare_options options = {NULL, 0, 0, NULL};
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
		else if (strcmp(argv[k], "--threshold") == 0 && k + 1 < argc)
			options.threshold = strtod(argv[++k], NULL);
		else if (strcmp(argv[k], "--secondary") == 0 && k + 1 < argc)
			options.secondary = strtod(argv[++k], NULL);
		else if (strcmp(argv[k], "--language") == 0 && k + 1 < argc)
			options.language = argv[++k];
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
		if (verbose)
			printf("%s %s -> %s  %.3f %s%s\n",
			       g ? (relation_right(g->kind, l->relation) ? "ok " : "rel") : "SPU",
			       la, lb, l->score, pl_relation_name(l->relation), g ? "" : "");
	}
	if (verbose > 1)
		print_top(a, b, &options);
	for (size_t q = 0; verbose && q < gold_count; q++)
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
