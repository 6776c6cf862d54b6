/* textdiff_chunks.c — the chunks of pl_text_diff_large once scanned:
 * their ids, their edit script, and where two similar texts can be cut in
 * halves solved apart (see textdiff_large.c for the whole). */
#include "parley/mem.h"
#include "textdiff_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- chunk ids ------------------------------------------------------------ */

/* A chunk's id is the index of the first chunk of A with the same bytes;
 * a chunk of B found nowhere in A gets A's count plus its own index (equal
 * chunks of B need not share an id: they can match nothing in A). Such ids
 * need little coordination. First, each of two threads interns the chunks
 * of A whose hash has its top bit equal to the thread's number, in a table
 * of its own. Then each thread takes half of B's chunks: as B is mostly A
 * in the same order, a chunk of B is first compared with the chunk of A
 * after the one its predecessor matched (memory read in order), and looked
 * up in the tables only when that fails. */
typedef struct chunk_table {
	pl_side_scan *a;
	unsigned part;   /* 0 or 1: the top bit of the hashes this table holds */
	uint32_t *slots; /* a chunk of A plus 1; 0 empty */
	size_t mask;
} chunk_table;

static int same_chunk(const pl_side_scan *x, size_t i, const pl_side_scan *y, size_t j)
{
	size_t xs = x->chunks[i].start, ys = y->chunks[j].start;
	size_t len = pl_chunk_end(x, i) - xs;
	return pl_chunk_end(y, j) - ys == len && memcmp(x->s + xs, y->s + ys, len) == 0;
}

/* The slot holding chunk k of x's content, or the empty slot where it
 * would go. */
static size_t table_find(const chunk_table *t, const pl_side_scan *x, size_t k)
{
	uint32_t hash = x->chunks[k].hash;
	for (size_t i = (size_t)hash & t->mask;; i = (i + 1) & t->mask) {
		uint32_t slot = t->slots[i];
		if (!slot ||
		    (t->a->chunks[slot - 1].hash == hash && same_chunk(t->a, slot - 1, x, k)))
			return i;
	}
}

enum { PREFETCH_AHEAD = 16 };

static void prefetch_slot(const chunk_table *t, const pl_side_scan *x, size_t k)
{
#if defined(__GNUC__)
	if (k < x->count)
		__builtin_prefetch(&t->slots[(size_t)x->chunks[k].hash & t->mask]);
#else
	(void)t;
	(void)x;
	(void)k;
#endif
}

static void *intern_a_task(void *arg)
{
	chunk_table *t = arg;
	pl_side_scan *a = t->a;
	size_t mine = t->part ? a->upper : a->count - a->upper, size = 64;
	while (size < 2 * mine) /* at most half full */
		size *= 2;
	/* Written before read: a zero page mapped by a first read would
	 * fault again at the first write. */
	t->slots = pl_malloc(size * sizeof *t->slots);
	memset(t->slots, 0, size * sizeof *t->slots);
	t->mask = size - 1;
	for (size_t k = 0; k < a->count; k++) {
		prefetch_slot(t, a, k + PREFETCH_AHEAD);
		if (a->chunks[k].hash >> 31 != t->part)
			continue;
		size_t i = table_find(t, a, k);
		if (!t->slots[i])
			t->slots[i] = (uint32_t)(k + 1);
		a->ids[k] = t->slots[i] - 1;
	}
	return NULL;
}

/* Chunks first .. last of B, against A's two tables. */
typedef struct b_range {
	const chunk_table *tables;
	pl_side_scan *b;
	size_t first, last;
} b_range;

static void *intern_b_task(void *arg)
{
	b_range *r = arg;
	const pl_side_scan *a = r->tables[0].a;
	pl_side_scan *b = r->b;
	size_t next = SIZE_MAX; /* the chunk of A expected next */
	for (size_t k = r->first; k < r->last; k++) {
		uint32_t hash = b->chunks[k].hash;
		if (next < a->count && a->chunks[next].hash == hash && same_chunk(a, next, b, k)) {
			b->ids[k] = a->ids[next++];
			continue;
		}
		const chunk_table *t = &r->tables[hash >> 31];
		uint32_t slot = t->slots[table_find(t, b, k)];
		b->ids[k] = slot ? slot - 1 : (uint32_t)(a->count + k);
		next = slot ? slot : SIZE_MAX;
	}
	return NULL;
}

/* Both sides' ids are in one array, a->ids, for the caller to free. */
void pl_textdiff_intern(pl_side_scan *a, pl_side_scan *b)
{
	a->ids = pl_malloc_huge((a->count + b->count + 2) * sizeof *a->ids, 0);
	b->ids = a->ids + a->count + 1;
	chunk_table t[2] = {{a, 0, NULL, 0}, {a, 1, NULL, 0}};
	b_range r[2] = {{t, b, 0, b->count / 2}, {t, b, b->count / 2, b->count}};
	if (a->len + b->len >= PL_TEXTDIFF_PARALLEL) {
		pthread_t thread;
		int joined = pl_textdiff_start_task(&thread, intern_a_task, &t[1]);
		intern_a_task(&t[0]);
		if (joined)
			pthread_join(thread, NULL);
		joined = pl_textdiff_start_task(&thread, intern_b_task, &r[1]);
		intern_b_task(&r[0]);
		if (joined)
			pthread_join(thread, NULL);
	} else {
		intern_a_task(&t[0]);
		intern_a_task(&t[1]);
		r[0].last = b->count;
		intern_b_task(&r[0]);
	}
	free(t[0].slots);
	free(t[1].slots);
}

/* --- the chunk script ---------------------------------------------------- */

/* Most chunks of two versions are equal and in the same order, so the
 * chunk script is found by walking both sides in step. Where they differ,
 * the stretch ends at the nearest place (fewest chunks skipped on both
 * sides) where RESYNC_RUN chunks in a row are equal again, or where both
 * sides end: pairs of places are tried up to RESYNC_NEAR chunks skipped,
 * then the chunks of A against a table of the next RESYNC_FAR chunks of B.
 * The stretch itself is diffed exactly by pl_diff_compute (it may hold
 * equal chunks too). Where no such place is near, the rest of both sides
 * goes to pl_diff_compute whole (two unrelated texts, or a block of over
 * RESYNC_FAR chunks moved). */
enum { RESYNC_RUN = 2, RESYNC_NEAR = 16, RESYNC_FAR = 1024 };

typedef struct step_diff {
	const uint32_t *a, *b;
	size_t n, m;
	size_t budget; /* steps left for the stretches and the searches */
	int cut;       /* a call of pl_diff_compute was cut short */
	pl_diff_script piece;
	uint32_t *table; /* RESYNC_FAR's table: a position of B plus 1 */
} step_diff;

/* 1 when both sides agree from i and j for RESYNC_RUN chunks, or both end
 * there or within them. */
static int resyncs(const step_diff *d, size_t i, size_t j)
{
	for (size_t r = 0; r < RESYNC_RUN; r++) {
		if (i + r == d->n || j + r == d->m)
			return i + r == d->n && j + r == d->m;
		if (d->a[i + r] != d->b[j + r])
			return 0;
	}
	return 1;
}

static uint32_t id_slot(uint32_t id)
{
	return (id * 0x9E3779B1u) >> (32 - 11); /* 2048 slots */
}

/* The nearest place after a difference at i, j where the sides agree
 * again, in *ri and *rj; 0 when there is none near. */
/* Takes steps off the budget, down to 0. */
static void charge(step_diff *d, size_t steps)
{
	d->budget = steps < d->budget ? d->budget - steps : 0;
}

/* The searches are charged to the budget too (a step per pair of places
 * tried, four per chunk of the far window), so that texts whose
 * differences keep finding places to agree again stay bounded; once it is
 * spent, no place is found and the rest is one stretch. */
static int find_resync(step_diff *d, size_t i, size_t j, size_t *ri, size_t *rj)
{
	if (!d->budget)
		return 0;
	for (size_t dist = 1; dist <= RESYNC_NEAR; dist++)
		for (size_t di = 0; di <= dist; di++) {
			size_t dj = dist - di;
			if (i + di <= d->n && j + dj <= d->m && resyncs(d, i + di, j + dj)) {
				*ri = i + di;
				*rj = j + dj;
				charge(d, dist * (dist + 1) / 2 + di);
				return 1;
			}
		}
	charge(d, RESYNC_NEAR * (RESYNC_NEAR + 3) / 2 + 4 * RESYNC_FAR);
	if (!d->budget)
		return 0;
	/* Farther: each chunk of B's window by id (its first place), then A's
	 * chunks looked up in order, as long as they can still do better. */
	if (!d->table)
		d->table = pl_malloc(2048 * sizeof *d->table);
	memset(d->table, 0, 2048 * sizeof *d->table);
	size_t end = j + RESYNC_FAR < d->m ? j + RESYNC_FAR : d->m;
	for (size_t k = j; k < end; k++)
		for (uint32_t h = id_slot(d->b[k]);; h = (h + 1) & 2047) {
			if (!d->table[h]) {
				d->table[h] = (uint32_t)(k - j + 1);
				break;
			}
			if (d->b[j + d->table[h] - 1] == d->b[k])
				break;
		}
	size_t best = SIZE_MAX;
	for (size_t di = 0; di < RESYNC_FAR && i + di < d->n && di < best; di++)
		for (uint32_t h = id_slot(d->a[i + di]); d->table[h]; h = (h + 1) & 2047) {
			size_t k = j + d->table[h] - 1;
			if (d->b[k] != d->a[i + di])
				continue;
			if (di + (k - j) < best && resyncs(d, i + di, k)) {
				best = di + (k - j);
				*ri = i + di;
				*rj = k;
			}
			break;
		}
	return best != SIZE_MAX;
}

/* Appends a run, merged with the last one when it continues it. */
static void push_run(pl_diff_script *s, pl_diff_kind kind, size_t a_start, size_t b_start,
                     size_t length)
{
	if (!length)
		return;
	if (s->count) {
		pl_diff_op *last = &s->ops[s->count - 1];
		size_t a_end = last->a_start + (last->kind == PL_DIFF_INSERT ? 0 : last->length);
		size_t b_end = last->b_start + (last->kind == PL_DIFF_DELETE ? 0 : last->length);
		if (last->kind == kind && a_end == a_start && b_end == b_start) {
			last->length += length;
			s->deleted += kind == PL_DIFF_DELETE ? length : 0;
			s->inserted += kind == PL_DIFF_INSERT ? length : 0;
			return;
		}
	}
	pl_diff_script_push(s, kind, a_start, b_start, length);
}

/* The stretch a[i .. ri) against b[j .. rj) into out. */
static void diff_stretch(step_diff *d, pl_diff_script *out, size_t i, size_t ri, size_t j,
                         size_t rj)
{
	if (ri - i <= 1 || rj - j <= 1 || !d->budget) {
		push_run(out, PL_DIFF_DELETE, i, j, ri - i);
		push_run(out, PL_DIFF_INSERT, ri, j, rj - j);
		d->cut |= !d->budget && ri > i && rj > j;
		return;
	}
	pl_diff_options limit = {0, d->budget};
	pl_diff_compute(&d->piece, d->a + i, ri - i, d->b + j, rj - j, &limit);
	size_t spent = (ri - i + rj - j) * (d->piece.deleted + d->piece.inserted + 1);
	if (spent > d->budget || (d->piece.flags & PL_DIFF_CUT))
		spent = d->budget;
	d->budget -= spent;
	d->cut |= (d->piece.flags & PL_DIFF_CUT) != 0;
	for (size_t r = 0; r < d->piece.count; r++) {
		const pl_diff_op *op = &d->piece.ops[r];
		push_run(out, op->kind, i + op->a_start, j + op->b_start, op->length);
	}
}

/* The chunk script of a[0 .. n) against b[0 .. m); 1 when a diff of a
 * stretch was cut short by the budget. */
int pl_textdiff_chunk_script(pl_diff_script *out, const uint32_t *a, size_t n, const uint32_t *b,
                             size_t m, size_t budget)
{
	step_diff d = {a, b, n, m, budget, 0, PL_DIFF_SCRIPT_INIT, NULL};
	pl_diff_script_clear(out);
	size_t i = 0, j = 0;
	while (i < n && j < m) {
		size_t k = 0;
		while (i + k < n && j + k < m && a[i + k] == b[j + k])
			k++;
		push_run(out, PL_DIFF_EQUAL, i, j, k);
		i += k;
		j += k;
		if (i == n || j == m)
			break;
		size_t ri, rj;
		if (!find_resync(&d, i, j, &ri, &rj)) {
			ri = n;
			rj = m;
		}
		diff_stretch(&d, out, i, ri, j, rj);
		i = ri;
		j = rj;
	}
	push_run(out, PL_DIFF_DELETE, i, j, n - i);
	push_run(out, PL_DIFF_INSERT, n, j, m - j);
	pl_diff_script_free(&d.piece);
	free(d.table);
	return d.cut;
}

/* --- cutting in halves ---------------------------------------------------- */

enum {
	CUT_RUN = 8,         /* equal chunks in a row at a cut */
	CUT_TRIES = 16,      /* chunks of A tried as a cut */
	CUT_WINDOW = 1 << 12 /* chunks of B searched on each side of the guess */
};

/* 1 when chunk k holds more than white space. */
static int has_word(const pl_side_scan *sd, size_t k)
{
	for (size_t i = sd->chunks[k].start; i < pl_chunk_end(sd, k); i++)
		if (!pl_ascii_space(sd->s[i]))
			return 1;
	return 0;
}

/* How many of ids[0 .. n) are id. */
static size_t occurrences(const uint32_t *ids, size_t n, uint32_t id)
{
	size_t found = 0;
	for (size_t k = 0; k < n; k++)
		found += ids[k] == id;
	return found;
}

/* Where both sides can be cut in two parts diffed on their own, near the
 * middle of A: chunk *ai of A and *bj of B start CUT_RUN chunks equal on
 * both sides, the first more than white space, found once in A and once in B.
 * Such a run is what pl_diff_compute anchors on (see parley/diff.h); 0
 * when none is found close to the middle. */
int pl_textdiff_find_cut(const pl_side_scan *a, const pl_side_scan *b, size_t *ai, size_t *bj)
{
	if (a->count < 4 * CUT_RUN || b->count < 4 * CUT_RUN)
		return 0;
	size_t i = a->count / 2;
	for (int tries = 0; tries < CUT_TRIES && i + CUT_RUN <= a->count; tries++, i += CUT_RUN) {
		if (a->ids[i] != i || !has_word(a, i))
			continue;
		size_t guess = (size_t)((double)i * (double)b->count / (double)a->count);
		size_t lo = guess > CUT_WINDOW ? guess - CUT_WINDOW : 0;
		size_t hi = guess + CUT_WINDOW < b->count ? guess + CUT_WINDOW : b->count;
		size_t j = lo;
		while (j < hi && b->ids[j] != i)
			j++;
		if (j == hi || j + CUT_RUN > b->count)
			continue;
		size_t r = 1;
		while (r < CUT_RUN && a->ids[i + r] == b->ids[j + r])
			r++;
		if (r < CUT_RUN || occurrences(a->ids + i + 1, a->count - i - 1, (uint32_t)i) ||
		    occurrences(b->ids, b->count, (uint32_t)i) != 1)
			continue;
		*ai = i;
		*bj = j;
		return 1;
	}
	return 0;
}
