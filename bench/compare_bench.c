/* compare_bench.c — time of aligning two large synthetic plans.
 *
 * usage: compare_bench A.md B.md [RUNS]
 *
 * Parses both plans once, then aligns them RUNS times (default 3) and
 * prints the median wall time of pl_alignment_compute, the link count and
 * the peak RSS (getrusage). */
#include "parley/compare.h"
#include "parley/file.h"
#include "parley/markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static pl_doc *load(const char *path)
{
	char *text;
	size_t len;
	pl_error err;
	pl_doc *doc;
	if (pl_file_read(path, (size_t)1 << 30, &text, &len, &err) ||
	    pl_markdown_parse(&doc, text, len, path, &err)) {
		fprintf(stderr, "compare_bench: %s\n", err.message);
		exit(1);
	}
	free(text);
	return doc;
}

static int compare_doubles(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: compare_bench A.md B.md [RUNS]\n");
		return 2;
	}
	int runs = argc > 3 ? atoi(argv[3]) : 3;
	if (runs < 1 || runs > 99)
		runs = 3;
	pl_doc *a = load(argv[1]), *b = load(argv[2]);
	double times[99];
	size_t links = 0;
	for (int r = 0; r < runs; r++) {
		pl_alignment *al;
		pl_error err;
		double start = now();
		if (pl_alignment_compute(&al, a, b, NULL, &err)) {
			fprintf(stderr, "compare_bench: %s\n", err.message);
			return 1;
		}
		times[r] = now() - start;
		links = al->link_count;
		pl_alignment_free(al);
	}
	qsort(times, (size_t)runs, sizeof *times, compare_doubles);
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	printf("align %zu x %zu points: median %.3f s over %d runs, %zu links, peak RSS %ld MiB\n",
	       a->point_count, b->point_count, times[runs / 2], runs, links,
	       usage.ru_maxrss / 1024);
	pl_doc_free(a);
	pl_doc_free(b);
	return 0;
}
