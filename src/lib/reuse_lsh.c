/* reuse_lsh.c — the banding step of locality-sensitive hashing, and the
 * clusters of verified pairs. */
#include "parley/mem.h"
#include "reuse_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A band bucket larger than this is a boilerplate clause shared by very
 * many texts: its members are paired with its first member only, which
 * keeps the clusters and bounds the pairs. */
#define REUSE_BUCKET_MAX 256

typedef struct entry {
	uint64_t key;
	uint32_t text;
} entry;

typedef struct pair_list {
	uint64_t *items;
	size_t count, capacity;
} pair_list;

typedef struct band_job {
	const uint32_t *signatures;
	const pl_reuse_set *sets;
	const size_t *group;
	size_t count, bands, rows;
	pair_list lists[64]; /* one per thread, by the range's first band */
	size_t per_thread;
} band_job;

static int compare_entries(const void *x, const void *y)
{
	const entry *a = x, *b = y;
	if (a->key != b->key)
		return (a->key > b->key) - (a->key < b->key);
	return (a->text > b->text) - (a->text < b->text);
}

static void add_pair(pair_list *list, const band_job *j, uint32_t x, uint32_t y)
{
	if (j->group && j->group[x] == j->group[y])
		return;
	list->items = pl_grow(list->items, &list->capacity, list->count + 1, sizeof *list->items);
	list->items[list->count++] = (uint64_t)x << 32 | y;
}

static void bucket_pairs(pair_list *list, const band_job *j, const entry *e, size_t n)
{
	size_t reach = n > REUSE_BUCKET_MAX ? 1 : n;
	for (size_t p = 0; p < reach; p++)
		for (size_t q = p + 1; q < n; q++)
			add_pair(list, j, e[p].text, e[q].text);
}

static void band_range(band_job *j, size_t l)
{
	size_t start = l * j->per_thread;
	size_t end = start + j->per_thread < j->bands ? start + j->per_thread : j->bands;
	pair_list *list = &j->lists[l];
	entry *entries = pl_malloc((j->count + 1) * sizeof *entries);
	for (size_t b = start; b < end; b++) {
		size_t n = 0;
		for (size_t t = 0; t < j->count; t++) {
			if (!j->sets[t].count)
				continue;
			const uint32_t *s = j->signatures + t * j->bands * j->rows + b * j->rows;
			uint64_t key = 0x9e3779b97f4a7c15u ^ b;
			for (size_t r = 0; r < j->rows; r++)
				key = (key ^ s[r]) * 0x100000001b3u + (key >> 29);
			entries[n++] = (entry){key, (uint32_t)t};
		}
		qsort(entries, n, sizeof *entries, compare_entries);
		for (size_t p = 0, q; p < n; p = q) {
			for (q = p + 1; q < n && entries[q].key == entries[p].key;)
				q++;
			if (q - p > 1)
				bucket_pairs(list, j, entries + p, q - p);
		}
	}
	free(entries);
}

static void list_range(void *context, size_t start, size_t end)
{
	for (size_t l = start; l < end; l++)
		band_range(context, l);
}

static int compare_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

uint64_t *pl_reuse_candidates(const uint32_t *signatures, const pl_reuse_set *sets,
                              const size_t *group, size_t count, size_t bands, size_t rows,
                              int threads, size_t *pair_count)
{
	band_job j;
	memset(&j, 0, sizeof j);
	j.signatures = signatures;
	j.sets = sets;
	j.group = group;
	j.count = count;
	j.bands = bands;
	j.rows = rows;
	if ((size_t)threads > bands)
		threads = (int)bands;
	j.per_thread = (bands + (size_t)threads - 1) / (size_t)threads;
	size_t lists = (bands + j.per_thread - 1) / j.per_thread;
	pl_reuse_parallel((int)lists, lists, &j, list_range);
	pair_list all = {NULL, 0, 0};
	for (size_t l = 0; l < lists; l++) {
		pair_list *p = &j.lists[l];
		all.items =
		    pl_grow(all.items, &all.capacity, all.count + p->count + 1, sizeof *all.items);
		if (p->count)
			memcpy(all.items + all.count, p->items, p->count * sizeof *p->items);
		all.count += p->count;
		free(p->items);
	}
	if (all.count > 1)
		qsort(all.items, all.count, sizeof *all.items, compare_u64);
	size_t w = 0;
	for (size_t r = 0; r < all.count; r++)
		if (w == 0 || all.items[w - 1] != all.items[r])
			all.items[w++] = all.items[r];
	*pair_count = w;
	return all.items;
}

/* --- clusters ------------------------------------------------------------- */

static size_t find_root(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static int compare_clusters(const void *x, const void *y)
{
	const pl_reuse_cluster *a = x, *b = y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return (a->members[0] > b->members[0]) - (a->members[0] < b->members[0]);
}

static size_t count_groups(const pl_reuse_cluster *c, const size_t *group)
{
	size_t groups = 0;
	for (size_t k = 0; k < c->count; k++) {
		int seen = 0;
		for (size_t q = 0; q < k && !seen && group; q++)
			seen = group[c->members[q]] == group[c->members[k]];
		groups += !seen;
	}
	return groups;
}

void pl_reuse_build_clusters(pl_reuse *r, size_t count, const size_t *group)
{
	size_t *parent = pl_malloc((count + 1) * sizeof *parent);
	size_t *slot = pl_malloc((count + 1) * sizeof *slot);
	for (size_t t = 0; t < count; t++) {
		parent[t] = t;
		slot[t] = (size_t)-1;
	}
	for (size_t p = 0; p < r->pair_count; p++) {
		size_t x = find_root(parent, r->pairs[p].x), y = find_root(parent, r->pairs[p].y);
		if (x != y)
			parent[x > y ? x : y] = x < y ? x : y;
	}
	size_t capacity = 0;
	for (size_t p = 0; p < r->pair_count; p++) {
		size_t root = find_root(parent, r->pairs[p].x);
		if (slot[root] == (size_t)-1) {
			r->clusters = pl_grow(r->clusters, &capacity, r->cluster_count + 1,
			                      sizeof *r->clusters);
			slot[root] = r->cluster_count;
			r->clusters[r->cluster_count++] = (pl_reuse_cluster){NULL, 0, 0, 1, 0};
		}
		pl_reuse_cluster *c = &r->clusters[slot[root]];
		double jac = r->pairs[p].jaccard;
		c->min_jaccard = jac < c->min_jaccard ? jac : c->min_jaccard;
		c->max_jaccard = jac > c->max_jaccard ? jac : c->max_jaccard;
	}
	size_t *capacities = pl_calloc(r->cluster_count + 1, sizeof *capacities);
	for (size_t t = 0; t < count; t++) {
		size_t root = find_root(parent, t);
		if (slot[root] == (size_t)-1)
			continue;
		pl_reuse_cluster *c = &r->clusters[slot[root]];
		c->members =
		    pl_grow(c->members, &capacities[slot[root]], c->count + 1, sizeof(size_t));
		c->members[c->count++] = t;
	}
	for (size_t k = 0; k < r->cluster_count; k++)
		r->clusters[k].groups = count_groups(&r->clusters[k], group);
	if (r->cluster_count > 1)
		qsort(r->clusters, r->cluster_count, sizeof *r->clusters, compare_clusters);
	free(capacities);
	free(slot);
	free(parent);
}

void pl_reuse_free(pl_reuse *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < r->cluster_count; k++)
		free(r->clusters[k].members);
	free(r->clusters);
	free(r->pairs);
	free(r);
}
