/* reuse_bench.c — 'reuse' on a synthetic corpus with planted
 * near-duplicates, against an all-pairs exact baseline.
 *
 * usage: reuse_bench [DOCS [POINTS [SUBSET [THREADS]]]]
 *        (defaults 2000 documents x 100 points, subset 4000, 2 threads)
 *
 * Each point is 20-40 words drawn uniformly from 20,000 generated words;
 * one point in 50 is planted: a copy of a random point of another
 * document with 0-6 of its words replaced (Jaccard of 5-gram sets from
 * about 0.3 to 1). Prints the time of pl_reuse_find on the whole corpus,
 * the recall of the planted pairs whose exact Jaccard is >= 0.8, the
 * lowest Jaccard in the verified output, peak RSS, and on the first
 * SUBSET points the all-pairs exact Jaccard baseline (each text shingled
 * once, then every pair of other documents compared): its time, the
 * speed-up of LSH, and LSH's recall of the baseline's pairs >= 0.8. */
#include "parley/buf.h"
#include "parley/mem.h"
#include "parley/reuse.h"
#include "reuse_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define WORDS 20000

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct planted {
	size_t source, copy;
} planted;

static void word(pl_buf *out, uint64_t *s)
{
	uint64_t w = next(s) % WORDS;
	static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru",
	                                  "sa", "te", "vo", "zu", "pe"};
	do {
		pl_buf_puts(out, syl[w % 10]);
		w /= 10;
	} while (w);
}

/* texts[i] of group i / points; *plants filled. */
static char **make_corpus(size_t docs, size_t points, planted **plants, size_t *plant_count,
                          size_t **group)
{
	uint64_t s = 42;
	size_t n = docs * points, capacity = 0;
	char **texts = pl_malloc(n * sizeof *texts);
	*group = pl_malloc(n * sizeof **group);
	*plants = NULL;
	*plant_count = 0;
	for (size_t i = 0; i < n; i++) {
		(*group)[i] = i / points;
		pl_buf t = PL_BUF_INIT;
		size_t src = i >= points ? next(&s) % (i - i % points) : 0;
		if (i >= points && next(&s) % 50 == 0) {
			/* a copy of src with some words replaced */
			size_t edits = next(&s) % 7;
			const char *p = texts[src];
			size_t count = 1;
			for (const char *q = p; *q; q++)
				count += *q == ' ';
			for (size_t w = 0; w < count; w++) {
				const char *end = strchr(p, ' ');
				size_t len = end ? (size_t)(end - p) : strlen(p);
				if (w)
					pl_buf_putc(&t, ' ');
				if (edits && next(&s) % count < edits)
					word(&t, &s);
				else
					pl_buf_put(&t, p, len);
				p += len + (end != NULL);
			}
			*plants = pl_grow(*plants, &capacity, *plant_count + 1, sizeof **plants);
			(*plants)[(*plant_count)++] = (planted){src, i};
		} else {
			size_t count = 20 + next(&s) % 21;
			for (size_t w = 0; w < count; w++) {
				if (w)
					pl_buf_putc(&t, ' ');
				word(&t, &s);
			}
		}
		texts[i] = pl_buf_detach(&t);
	}
	return texts;
}

static int found(const pl_reuse *r, size_t x, size_t y)
{
	size_t lo = 0, hi = r->pair_count;
	while (lo < hi) { /* pairs are sorted by x then y */
		size_t mid = (lo + hi) / 2;
		const pl_reuse_pair *p = &r->pairs[mid];
		if (p->x == x && p->y == y)
			return 1;
		if (p->x < x || (p->x == x && p->y < y))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static pl_reuse *find(char **texts, size_t *group, size_t n, int threads, double *seconds)
{
	pl_reuse_options o = {0};
	o.threads = threads;
	pl_reuse *r;
	pl_error err;
	double start = now();
	if (pl_reuse_find(&r, (const char *const *)texts, group, n, &o, &err)) {
		fprintf(stderr, "reuse_bench: %s\n", err.message);
		exit(1);
	}
	*seconds = now() - start;
	return r;
}

static void whole(char **texts, size_t *group, size_t n, planted *plants, size_t plant_count,
                  int threads)
{
	double seconds;
	pl_reuse *r = find(texts, group, n, threads, &seconds);
	size_t eligible = 0, hit = 0;
	for (size_t k = 0; k < plant_count; k++) {
		double j;
		pl_reuse_jaccard(&j, texts[plants[k].source], texts[plants[k].copy], 5, NULL);
		if (j >= 0.8 && group[plants[k].source] != group[plants[k].copy]) {
			eligible++;
			hit += found(r, plants[k].source, plants[k].copy);
		}
	}
	double lowest = 1;
	for (size_t p = 0; p < r->pair_count; p++) {
		double j;
		pl_reuse_jaccard(&j, texts[r->pairs[p].x], texts[r->pairs[p].y], 5, NULL);
		lowest = j < lowest ? j : lowest;
	}
	printf("corpus %zu points, %d threads: %.2f s; %zu candidates, %zu verified pairs, "
	       "%zu clusters\n",
	       n, threads, seconds, r->candidate_count, r->pair_count, r->cluster_count);
	printf("planted pairs with Jaccard >= 0.8: %zu, found %zu (recall %.4f); lowest Jaccard "
	       "in output %.3f\n",
	       eligible, hit, eligible ? (double)hit / (double)eligible : 1.0, lowest);
	pl_reuse_free(r);
}

static void baseline(char **texts, size_t *group, size_t n, int threads)
{
	double lsh_seconds;
	pl_reuse *r = find(texts, group, n, threads, &lsh_seconds);
	double start = now();
	size_t truth = 0, hit = 0;
	pl_reuse_set *sets = pl_malloc(n * sizeof *sets);
	for (size_t x = 0; x < n; x++)
		pl_reuse_shingles(&sets[x], texts[x], 5, NULL);
	for (size_t x = 0; x < n; x++)
		for (size_t y = x + 1; y < n; y++) {
			if (group[x] == group[y])
				continue;
			double j = pl_reuse_set_jaccard(&sets[x], &sets[y]);
			if (j >= 0.8) {
				truth++;
				hit += found(r, x, y);
			}
		}
	double exact = now() - start;
	for (size_t x = 0; x < n; x++)
		free(sets[x].items);
	free(sets);
	printf("subset %zu points: all-pairs exact Jaccard %.2f s (one thread), "
	       "LSH %.3f s: speed-up %.0fx; recall of exact pairs >= 0.8: %zu of %zu\n",
	       n, exact, lsh_seconds, exact / lsh_seconds, hit, truth);
	pl_reuse_free(r);
}

int main(int argc, char **argv)
{
	size_t docs = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	size_t points = argc > 2 ? strtoul(argv[2], NULL, 10) : 100;
	size_t subset = argc > 3 ? strtoul(argv[3], NULL, 10) : 4000;
	int threads = argc > 4 ? atoi(argv[4]) : 2;
	size_t plant_count, *group;
	planted *plants;
	char **texts = make_corpus(docs, points, &plants, &plant_count, &group);
	size_t n = docs * points;
	whole(texts, group, n, plants, plant_count, threads);
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	printf("peak RSS %ld MiB (corpus texts included)\n", usage.ru_maxrss / 1024);
	baseline(texts, group, subset < n ? subset : n, threads);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(group);
	free(plants);
	return 0;
}
