/* diff_anchor.c — cutting a large diff into independent pieces at runs
 * that occur exactly once on each side.
 *
 * This is Bram Cohen's patience diff (unique lines, longest increasing
 * chain by patience sorting) generalised from single ids to runs of k ids
 * found by a rolling hash: in a long text few single words are unique, but
 * almost every run of four words is. On large inputs only runs whose hash
 * has its low bits zero are kept; the choice depends on content alone, so a
 * run is kept on both sides or on neither, and the table stays small. */
#include "diff_int.h"

#include "parley/mem.h"

#include <stdlib.h>
#include <string.h>

struct pl_gram_slot {
	uint64_t key;   /* 0: empty */
	uint32_t pos_a; /* offset in the A piece, or MANY */
	uint32_t pos_b; /* offset in the B piece, NONE or MANY */
};

#define POS_NONE UINT32_MAX
#define POS_MANY (UINT32_MAX - 1)

/* splitmix64's finalizer: spreads ids and rolling sums over all 64 bits. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	return x;
}

/* A cheap spread of an id over 64 bits; mix64 finishes the job for keys. */
static uint64_t id_code(uint32_t id)
{
	uint64_t x = ((uint64_t)id + 1) * 0x9E3779B97F4A7C15ull;
	return x ^ (x >> 29);
}

/* The hash of the run of k ids ending at each position, for k = 1 or 8:
 * with k = 8 each step shifts the sum left by 8 bits, so an id's share is
 * gone after 8 steps and the sum covers exactly the last 8 ids, at one
 * add and one shift a step. Runs with the top sample_bits bits of the sum
 * zero are the sample; their table key is mix64 of the sum. */
typedef struct gram_iter {
	const uint32_t *v;
	size_t n;
	size_t next; /* index of the next id to take in */
	unsigned k;
	unsigned shift;
	unsigned sample_bits;
	uint64_t sum;
} gram_iter;

static void gram_init(gram_iter *g, const uint32_t *v, size_t n, unsigned k, unsigned sample_bits)
{
	*g = (gram_iter){v, n, 0, k, k == 1 ? 0 : 64 / k, sample_bits, 0};
}

static int sampled(const gram_iter *g)
{
	return g->sample_bits == 0 || (g->sum >> (64 - g->sample_bits)) == 0;
}

/* The next sampled run: its offset in *pos and key in *key (never 0); 0 at
 * the end. */
static int gram_next(gram_iter *g, size_t *pos, uint64_t *key)
{
	while (g->next < g->n) {
		uint64_t code = id_code(g->v[g->next++]);
		g->sum = g->shift ? (g->sum << g->shift) + code : code;
		if (g->next < g->k || !sampled(g))
			continue;
		uint64_t mixed = mix64(g->sum);
		*key = mixed ? mixed : 1;
		*pos = g->next - g->k;
		return 1;
	}
	return 0;
}

static void table_reset(pl_anchor_scratch *s, size_t expected)
{
	size_t size = 64;
	while (size < expected * 2)
		size *= 2;
	if (size > s->slot_capacity) {
		free(s->slots);
		s->slots = pl_malloc(size * sizeof *s->slots);
		s->slot_capacity = size;
	}
	memset(s->slots, 0, size * sizeof *s->slots);
	s->slot_mask = size - 1;
	s->slots_used = 0;
}

/* The slot of key: found, or (insert) new with pos_a = pos_b = NONE, or
 * NULL. The table is sized for every sample of A, so it never fills. */
static pl_gram_slot *table_find(pl_anchor_scratch *s, uint64_t key, int insert)
{
	size_t i = (size_t)(key >> 32) & s->slot_mask;
	while (s->slots[i].key) {
		if (s->slots[i].key == key)
			return &s->slots[i];
		i = (i + 1) & s->slot_mask;
	}
	if (!insert)
		return NULL;
	s->slots_used++;
	s->slots[i] = (pl_gram_slot){key, POS_NONE, POS_NONE};
	return &s->slots[i];
}

struct pl_gram_sample {
	uint64_t key;
	size_t pos;
};

/* The sampled runs of v[0 .. n), in order, into *samples. */
static size_t collect_samples(const uint32_t *v, size_t n, unsigned k, unsigned sample_bits,
                              pl_gram_sample **samples, size_t *capacity)
{
	gram_iter g;
	size_t pos, count = 0;
	uint64_t key;
	*samples = pl_grow(*samples, capacity, (n >> sample_bits) + 16, sizeof **samples);
	gram_init(&g, v, n, k, sample_bits);
	while (gram_next(&g, &pos, &key)) {
		if (count == *capacity)
			*samples = pl_grow(*samples, capacity, count + 1, sizeof **samples);
		(*samples)[count++] = (pl_gram_sample){key, pos};
	}
	return count;
}

/* Table probes are cache misses (the table is megabytes); asking for the
 * slot a few samples ahead lets several misses overlap. */
enum { PREFETCH_AHEAD = 16 };

static void prefetch_slot(const pl_anchor_scratch *s, const pl_gram_sample *samples, size_t i,
                          size_t count)
{
#if defined(__GNUC__)
	if (i + PREFETCH_AHEAD < count)
		__builtin_prefetch(
		    &s->slots[(size_t)(samples[i + PREFETCH_AHEAD].key >> 32) & s->slot_mask]);
#else
	(void)s, (void)samples, (void)i, (void)count;
#endif
}

static void count_side_a(pl_anchor_scratch *s, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		prefetch_slot(s, s->samples_a, i, count);
		pl_gram_slot *slot = table_find(s, s->samples_a[i].key, 1);
		slot->pos_a = slot->pos_a == POS_NONE ? (uint32_t)s->samples_a[i].pos : POS_MANY;
	}
}

static void count_side_b(pl_anchor_scratch *s, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		prefetch_slot(s, s->samples_b, i, count);
		pl_gram_slot *slot = table_find(s, s->samples_b[i].key, 0);
		if (slot && slot->pos_a != POS_MANY)
			slot->pos_b =
			    slot->pos_b == POS_NONE ? (uint32_t)s->samples_b[i].pos : POS_MANY;
	}
}

static void add_candidate(pl_anchor_scratch *s, uint32_t pos_a, uint32_t pos_b)
{
	if (s->cand_count == s->cand_capacity) {
		size_t capacity = s->cand_capacity;
		s->cand_a = pl_grow(s->cand_a, &capacity, s->cand_count + 1, sizeof *s->cand_a);
		s->cand_b =
		    pl_grow(s->cand_b, &s->cand_capacity, s->cand_count + 1, sizeof *s->cand_b);
	}
	s->cand_a[s->cand_count] = pos_a;
	s->cand_b[s->cand_count++] = pos_b;
}

/* Runs unique on both sides, in A order, their ids compared to rule out a
 * hash collision. */
static void collect_candidates(pl_anchor_scratch *s, size_t count, const uint32_t *a,
                               const uint32_t *b, unsigned k)
{
	s->cand_count = 0;
	for (size_t i = 0; i < count; i++) {
		prefetch_slot(s, s->samples_a, i, count);
		const pl_gram_slot *slot = table_find(s, s->samples_a[i].key, 0);
		if (slot->pos_a == POS_MANY || slot->pos_b >= POS_MANY)
			continue;
		if (memcmp(a + slot->pos_a, b + slot->pos_b, k * sizeof *a) == 0)
			add_candidate(s, slot->pos_a, slot->pos_b);
	}
}

/* The longest chain of candidates increasing in B, by patience sorting
 * (O(c log c)); leaves its indices, in order, in s->tails[0 .. length). */
static size_t longest_chain(pl_anchor_scratch *s)
{
	size_t c = s->cand_count;
	if (c > s->lis_capacity) {
		size_t cap = s->lis_capacity;
		s->tails = pl_grow(s->tails, &cap, c, sizeof *s->tails);
		s->links = pl_grow(s->links, &s->lis_capacity, c, sizeof *s->links);
	}
	size_t piles = 0;
	for (size_t i = 0; i < c; i++) {
		size_t lo = 0, hi = piles;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->cand_b[s->tails[mid]] < s->cand_b[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		s->links[i] = lo ? s->tails[lo - 1] : POS_NONE;
		s->tails[lo] = (uint32_t)i;
		if (lo == piles)
			piles++;
	}
	/* Walk the links back from the top pile; tails[] is free to reuse. */
	uint32_t at = piles ? s->tails[piles - 1] : POS_NONE;
	for (size_t i = piles; i-- > 0; at = s->links[at])
		s->tails[i] = at;
	return piles;
}

static void push_anchor(pl_anchor_scratch *s, size_t a, size_t b, size_t length)
{
	if (s->anchor_count) {
		pl_diff_anchor *last = &s->anchors[s->anchor_count - 1];
		if (a - b == last->a - last->b && a <= last->a + last->length) {
			if (a + length > last->a + last->length)
				last->length = a + length - last->a;
			return;
		}
		if (a < last->a + last->length || b < last->b + last->length)
			return; /* overlaps the previous anchor off its diagonal */
	}
	s->anchors =
	    pl_grow(s->anchors, &s->anchor_capacity, s->anchor_count + 1, sizeof *s->anchors);
	s->anchors[s->anchor_count++] = (pl_diff_anchor){a, b, length};
}

size_t pl_diff_find_anchors(pl_anchor_scratch *s, const uint32_t *a, size_t off1, size_t lim1,
                            const uint32_t *b, size_t off2, size_t lim2, unsigned k,
                            unsigned sample_bits)
{
	size_t n = lim1 - off1, m = lim2 - off2;
	s->anchor_count = 0;
	if (n < k || m < k || n >= POS_MANY || m >= POS_MANY)
		return 0;
	size_t count_a =
	    collect_samples(a + off1, n, k, sample_bits, &s->samples_a, &s->samples_a_capacity);
	size_t count_b =
	    collect_samples(b + off2, m, k, sample_bits, &s->samples_b, &s->samples_b_capacity);
	table_reset(s, count_a);
	count_side_a(s, count_a);
	count_side_b(s, count_b);
	collect_candidates(s, count_a, a + off1, b + off2, k);
	size_t chain = longest_chain(s);
	for (size_t i = 0; i < chain; i++) {
		uint32_t c = s->tails[i];
		push_anchor(s, off1 + s->cand_a[c], off2 + s->cand_b[c], k);
	}
	return s->anchor_count;
}

void pl_anchor_scratch_free(pl_anchor_scratch *s)
{
	free(s->slots);
	free(s->cand_a);
	free(s->cand_b);
	free(s->tails);
	free(s->links);
	free(s->anchors);
	free(s->samples_a);
	free(s->samples_b);
	memset(s, 0, sizeof *s);
}
