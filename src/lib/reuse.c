/* reuse.c — text reuse across a corpus (parley/reuse.h): shingles,
 * MinHash signatures, verification and clusters. */
#include "parley/mem.h"
#include "parley/token.h"
#include "reuse_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct thread_job {
	void *context;
	void (*fn)(void *, size_t, size_t);
	size_t start, end;
} thread_job;

static void *thread_main(void *arg)
{
	thread_job *job = arg;
	job->fn(job->context, job->start, job->end);
	return NULL;
}

void pl_reuse_parallel(int threads, size_t count, void *context,
                       void (*fn)(void *context, size_t start, size_t end))
{
	if (threads < 1)
		threads = 1;
	if (threads > 64)
		threads = 64;
	thread_job jobs[64];
	pthread_t ids[64];
	int started[64] = {0};
	for (int t = 0; t < threads; t++)
		jobs[t] = (thread_job){context, fn, count * (size_t)t / (size_t)threads,
		                       count * (size_t)(t + 1) / (size_t)threads};
	for (int t = 0; t + 1 < threads; t++)
		started[t] = pthread_create(&ids[t], NULL, thread_main, &jobs[t]) == 0;
	for (int t = 0; t < threads; t++)
		if (t == threads - 1 || !started[t]) /* run it here if no thread */
			fn(context, jobs[t].start, jobs[t].end);
	for (int t = 0; t + 1 < threads; t++)
		if (started[t])
			pthread_join(ids[t], NULL);
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int compare_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

int pl_reuse_shingles(pl_reuse_set *set, const char *text, size_t shingle, pl_error *err)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	set->items = NULL;
	set->count = 0;
	int rc = pl_token_split(&list, text, strlen(text), PL_TOKEN_FOLD_CASE, err);
	size_t words = 0;
	uint32_t *w = pl_malloc((list.count + 1) * sizeof *w);
	for (size_t k = 0; rc == 0 && k < list.count; k++)
		if (list.items[k].kind == PL_TOKEN_WORD || list.items[k].kind == PL_TOKEN_NUMBER)
			w[words++] = list.items[k].hash;
	pl_token_list_free(&list);
	/* A text shorter than one shingle is one shingle of all its words. */
	size_t n = words >= shingle ? words - shingle + 1 : words > 0;
	set->items = pl_malloc((n + 1) * sizeof *set->items);
	for (size_t s = 0; s < n; s++) {
		uint64_t h = 0x9e3779b97f4a7c15u;
		for (size_t k = s; k < s + shingle && k < words; k++)
			h = mix64(h ^ w[k]);
		set->items[s] = h;
	}
	free(w);
	qsort(set->items, n, sizeof *set->items, compare_u64);
	for (size_t r = 0; r < n; r++)
		if (set->count == 0 || set->items[set->count - 1] != set->items[r])
			set->items[set->count++] = set->items[r];
	return rc;
}

double pl_reuse_set_jaccard(const pl_reuse_set *x, const pl_reuse_set *y)
{
	size_t i = 0, j = 0, common = 0;
	while (i < x->count && j < y->count) {
		if (x->items[i] == y->items[j])
			common++, i++, j++;
		else if (x->items[i] < y->items[j])
			i++;
		else
			j++;
	}
	size_t all = x->count + y->count - common;
	return all ? (double)common / (double)all : 0;
}

int pl_reuse_jaccard(double *out, const char *a, const char *b, size_t shingle, pl_error *err)
{
	pl_reuse_set x, y;
	*out = 0;
	int rc = pl_reuse_shingles(&x, a, shingle ? shingle : 5, err);
	if (rc == 0) {
		rc = pl_reuse_shingles(&y, b, shingle ? shingle : 5, err);
		if (rc == 0)
			*out = pl_reuse_set_jaccard(&x, &y);
		free(y.items);
	}
	free(x.items);
	return rc;
}

/* --- signatures ---------------------------------------------------------- */

typedef struct job {
	const char *const *texts;
	pl_reuse_set *sets;
	uint32_t *signatures;
	size_t shingle, hashes;
	uint64_t *coef;  /* a_0, b_0, a_1, b_1, ... */
	int *errors;     /* per text: 0 or a code */
	pl_error *first; /* the message of an error */
	pthread_mutex_t lock;
	const uint64_t *pairs;
	double *jaccard;
} job;

/* MinHash with multiply-shift hashing (Dietzfelbinger et al. 1997): hash
 * i of shingle x is the high 32 bits of a_i * mix(x) + b_i, a_i odd. */
static void signature(uint32_t *out, const pl_reuse_set *set, size_t hashes, const uint64_t *coef)
{
	for (size_t i = 0; i < hashes; i++)
		out[i] = UINT32_MAX;
	for (size_t s = 0; s < set->count; s++) {
		uint64_t x = set->items[s];
		for (size_t i = 0; i < hashes; i++) {
			uint32_t h = (uint32_t)((coef[2 * i] * x + coef[2 * i + 1]) >> 32);
			if (h < out[i])
				out[i] = h;
		}
	}
}

static void sign_range(void *context, size_t start, size_t end)
{
	job *j = context;
	for (size_t t = start; t < end; t++) {
		pl_error err;
		j->errors[t] = pl_reuse_shingles(&j->sets[t], j->texts[t], j->shingle, &err);
		if (j->errors[t]) {
			pthread_mutex_lock(&j->lock);
			if (!j->first->code)
				pl_error_set(j->first, err.code, "text %zu: %s", t + 1,
				             err.message);
			pthread_mutex_unlock(&j->lock);
			continue;
		}
		signature(j->signatures + t * j->hashes, &j->sets[t], j->hashes, j->coef);
	}
}

static void verify_range(void *context, size_t start, size_t end)
{
	job *j = context;
	for (size_t p = start; p < end; p++)
		j->jaccard[p] = pl_reuse_set_jaccard(&j->sets[j->pairs[p] >> 32],
		                                     &j->sets[j->pairs[p] & 0xffffffffu]);
}

/* A chunk of a range job: fn over [offset + start, offset + end). */
typedef struct range_job {
	job *j;
	void (*fn)(void *, size_t, size_t);
	size_t offset;
} range_job;

static void offset_range(void *context, size_t start, size_t end)
{
	range_job *r = context;
	r->fn(r->j, r->offset + start, r->offset + end);
}

/* Runs fn over [0, count) in chunks, reporting progress after each. */
static void run_chunks(const pl_reuse_options *o, const char *stage, size_t count, job *j,
                       void (*fn)(void *, size_t, size_t))
{
	size_t chunk = 8192;
	for (size_t start = 0; start < count; start += chunk) {
		size_t n = count - start < chunk ? count - start : chunk;
		range_job r = {j, fn, start};
		pl_reuse_parallel(o->threads, n, &r, offset_range);
		if (o->progress)
			o->progress(o->progress_context, stage, start + n, count);
	}
}

static int check_options(pl_reuse_options *o, pl_error *err)
{
	if (!o->shingle)
		o->shingle = 5;
	if (!o->bands)
		o->bands = 32;
	if (!o->rows)
		o->rows = 4;
	if (o->threshold <= 0)
		o->threshold = 0.5;
	if (!o->threads)
		o->threads = 2;
	if (o->shingle > 64 || o->bands * o->rows > 1024 || o->threshold > 1 || o->threads > 64 ||
	    o->threads < 1)
		return pl_error_set(err, PL_EINVALID,
		                    "reuse: shingle <= 64, bands x rows <= 1024, threshold <= 1, "
		                    "1-64 threads");
	return 0;
}

static void keep_pairs(pl_reuse *r, const uint64_t *pairs, const double *jaccard, size_t count,
                       double threshold)
{
	size_t capacity = 0;
	for (size_t p = 0; p < count; p++) {
		if (jaccard[p] < threshold)
			continue;
		r->pairs = pl_grow(r->pairs, &capacity, r->pair_count + 1, sizeof *r->pairs);
		r->pairs[r->pair_count++] =
		    (pl_reuse_pair){pairs[p] >> 32, pairs[p] & 0xffffffffu, jaccard[p]};
	}
}

/* Candidates, verification, clusters. */
static int find_pairs(pl_reuse **out, job *j, const size_t *group, size_t count,
                      const pl_reuse_options *o)
{
	pl_reuse *r = pl_calloc(1, sizeof *r);
	size_t pair_count;
	if (o->progress)
		o->progress(o->progress_context, "candidates", 0, 1);
	uint64_t *pairs = pl_reuse_candidates(j->signatures, j->sets, group, count, o->bands,
	                                      o->rows, o->threads, &pair_count);
	r->candidate_count = pair_count;
	j->pairs = pairs;
	j->jaccard = pl_malloc((pair_count + 1) * sizeof *j->jaccard);
	run_chunks(o, "verifying", pair_count, j, verify_range);
	keep_pairs(r, pairs, j->jaccard, pair_count, o->threshold);
	free(j->jaccard);
	free(pairs);
	pl_reuse_build_clusters(r, count, group);
	*out = r;
	return 0;
}

static void free_sets(pl_reuse_set *sets, size_t count)
{
	for (size_t t = 0; t < count; t++)
		free(sets[t].items);
	free(sets);
}

int pl_reuse_find(pl_reuse **out, const char *const *texts, const size_t *group, size_t count,
                  const pl_reuse_options *options, pl_error *err)
{
	*out = NULL;
	pl_reuse_options o = options ? *options : (pl_reuse_options){0};
	int rc = check_options(&o, err);
	if (rc)
		return rc;
	if (count > UINT32_MAX)
		return pl_error_set(err, PL_ETOOBIG, "reuse: more than 2^32 - 1 texts");
	job j = {.texts = texts, .shingle = o.shingle, .hashes = o.bands * o.rows};
	pl_error first;
	pl_error_clear(&first);
	j.first = &first;
	pthread_mutex_init(&j.lock, NULL);
	j.sets = pl_calloc(count + 1, sizeof *j.sets);
	j.errors = pl_calloc(count + 1, sizeof *j.errors);
	j.signatures = pl_malloc((count * j.hashes + 1) * sizeof *j.signatures);
	j.coef = pl_malloc(2 * j.hashes * sizeof *j.coef);
	for (size_t i = 0; i < j.hashes; i++) {
		j.coef[2 * i] = mix64(2 * i + 1) | 1;
		j.coef[2 * i + 1] = mix64(2 * i + 2);
	}
	run_chunks(&o, "signatures", count, &j, sign_range);
	if (first.code) {
		rc = first.code;
		if (err)
			*err = first;
	} else {
		rc = find_pairs(out, &j, group, count, &o);
	}
	pthread_mutex_destroy(&j.lock);
	free_sets(j.sets, count);
	free(j.errors);
	free(j.signatures);
	free(j.coef);
	return rc;
}
