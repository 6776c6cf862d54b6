/* textdiff_large.c — the word redline of two large plain texts without
 * tokenizing what did not change (see pl_text_diff_large in
 * parley/redline.h for the contract).
 *
 * The idea is git's (xdiff diffs lines, --word-diff then re-diffs only the
 * changed hunks), with chunks instead of lines so that one long paragraph
 * still splits. Three files, in the order of the work:
 *
 * 1. textdiff_scan.c (one thread per side): 64 bytes at a time, AVX2
 *    (SSE2 on CPUs without it, chosen at run time) turns the bytes into
 *    bit masks (white space, letters, digits, ...). From the masks come,
 *    at once, the UTF-8 check (only blocks with a byte >= 0x80 are
 *    decoded, by utf8proc like the tokenizer does), the chunk cuts and the
 *    count of words (non-space tokens). A chunk ends after a newline, or
 *    after the first white space following . ! ? ; or : — a cut chosen by
 *    content alone, so an insertion moves no other cut (as in
 *    content-defined chunking). Text without such marks is cut, once a
 *    chunk is 512 bytes long, at a white space whose 8 preceding bytes hash
 *    to 0 mod 32, and at any white space past 8 KiB; text without any
 *    white space is never cut. Each chunk keeps a 32-bit hash and its
 *    start.
 * 2. textdiff_chunks.c: chunks get ids (equal ids are equal bytes; B's
 *    are found mostly by walking A in step), two similar texts are cut in
 *    halves at a run of chunks unique on both sides, and each half's chunk
 *    script is found by walking both sides in step and diffing only the
 *    stretches where they differ.
 * 3. Here, for each half on its own thread (or for the whole, its
 *    stretches shared by two threads): each changed stretch that both
 *    deletes and inserts chunks loses the bytes its two sides start and
 *    end with (cut at token boundaries); the middle is split into tokens
 *    (ASCII middles by the scan's masks) and its words are diffed — by an
 *    exact dynamic-programming LCS when both sides have at most SMALL_LCS
 *    words, else by pl_diff_compute — and white space is laid back
 *    between matched words. A stretch that only deletes or only inserts
 *    needs no tokens, only its words counted.
 * 4. White space left equal between two changes joins them, as in
 *    pl_text_diff_compute.
 *
 * Cutting at white space keeps every token except white space runs whole,
 * so the token counts of chunks add up to the counts of the whole text. */
#include "parley/mem.h"
#include "parley/redline.h"
#include "hash_int.h"
#include "textdiff_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { PARALLEL_HUNKS = 1 << 16 /* bytes of changed stretches worth a second thread */ };

/* --- changed stretches ------------------------------------------------------ */

/* A changed stretch: chunks of A replaced by chunks of B. Its runs are
 * runs[run_begin .. run_end) of the worker that solved it. */
typedef struct hunk {
	size_t a_first, a_count, b_first, b_count;
	size_t run_begin, run_end;
	int worker;
} hunk;

typedef struct hunk_worker {
	const pl_side_scan *a, *b;
	unsigned options;
	hunk *hunks;
	size_t first, last;   /* hunks[first .. last) */
	size_t budget;        /* diff steps left, see the header */
	pl_ascii_token *toks; /* the middle's tokens, A's then B's */
	size_t toks_capacity;
	size_t na, nb;     /* tokens of each side */
	uint32_t *ids;     /* of each token: equal ids, equal forms */
	uint32_t *words;   /* ids of the non-space tokens, A's then B's */
	uint32_t *word_at; /* the token index of each of those */
	size_t ids_capacity;
	uint32_t *slots; /* the ASCII path's table of forms: a token plus 1 */
	size_t slots_capacity;
	pl_token_list split;   /* the general path: one side's tokens, */
	pl_interner *interner; /* and their ids */
	pl_diff_script script;
	pl_text_diff *runs; /* where the runs go: own, or the span's result */
	pl_text_diff own;   /* only its runs are used */
	size_t words_deleted, words_inserted;
	int not_minimal;
} hunk_worker;

static size_t hunk_bytes(const pl_side_scan *sd, size_t first, size_t count)
{
	return count ? pl_chunk_end(sd, first + count - 1) - sd->chunks[first].start : 0;
}

/* Words of chunks first .. first + count: no token spans two chunks, so
 * their bytes are counted as one text. */
static size_t chunk_words(const pl_side_scan *sd, size_t first, size_t count,
                          pl_token_list *scratch)
{
	if (!count)
		return 0;
	size_t start = sd->chunks[first].start;
	return pl_text_words(sd->s + start, pl_chunk_end(sd, first + count - 1) - start, scratch);
}

/* The bytes of tokens [start, start + length) of toks[0 .. count),
 * shifted by base; end is where the side's middle ends. */
static void token_bytes(const pl_ascii_token *toks, size_t count, size_t base, size_t end,
                        size_t start, size_t length, size_t *offset, size_t *len)
{
	if (!length) {
		*offset = start < count ? base + toks[start].offset : end;
		*len = 0;
		return;
	}
	const pl_ascii_token *first = &toks[start], *last = &toks[start + length - 1];
	*offset = base + first->offset;
	*len = last->offset + last->length - first->offset;
}

/* The stretch as one deletion and one insertion, words counted in 1. */
static void solve_whole(hunk_worker *w, const hunk *h, size_t a_off, size_t a_len, size_t b_off,
                        size_t b_len)
{
	pl_text_diff_add_run(w->runs, PL_DIFF_DELETE, a_off, a_len, b_off, 0);
	pl_text_diff_add_run(w->runs, PL_DIFF_INSERT, a_off + a_len, 0, b_off, b_len);
	w->words_deleted += chunk_words(w->a, h->a_first, h->a_count, &w->split);
	w->words_inserted += chunk_words(w->b, h->b_first, h->b_count, &w->split);
}

/* The stretch less the bytes it starts and ends with on both sides, cut
 * where both sides have a token boundary: before a white space run that
 * follows a non-space byte, inside the common part. Stripping a common
 * prefix and suffix never lengthens the script (they are in some LCS),
 * and the token diff then sees only the few words that differ. */
static void trim_stretch(const char *a, size_t *a_off, size_t *a_len, const char *b, size_t *b_off,
                         size_t *b_len, size_t *prefix, size_t *suffix)
{
	const char *x = a + *a_off, *y = b + *b_off;
	size_t shorter = *a_len < *b_len ? *a_len : *b_len;
	size_t p = pl_common_prefix(x, y, shorter);
	size_t q = p;
	while (q > 0 && !(q < p && pl_ascii_space((unsigned char)x[q]) &&
	                  !pl_ascii_space((unsigned char)x[q - 1])))
		q--;
	size_t k = pl_common_suffix(x, *a_len, y, *b_len, shorter - p);
	/* r: bytes from the end; the byte before the cut is common white space
	 * and the byte after it is not. */
	size_t r = k;
	while (r > 0 && !(r < k && pl_ascii_space((unsigned char)x[*a_len - r - 1]) &&
	                  !pl_ascii_space((unsigned char)x[*a_len - r])))
		r--;
	*prefix = q;
	*suffix = r;
	*a_off += q;
	*b_off += q;
	*a_len -= q + r;
	*b_len -= q + r;
}

/* The words (non-space tokens) of toks[0 .. count): ids and indices. */
static size_t pick_words(const pl_ascii_token *toks, size_t count, const uint32_t *ids,
                         uint32_t *words, uint32_t *word_at)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (!toks[i].space) {
			words[n] = ids[i];
			word_at[n++] = (uint32_t)i;
		}
	return n;
}

/* Most middles are a word or two: an exact LCS by dynamic programming
 * (suffix table, greedy forward walk; matching equal heads is always part
 * of some LCS) beats the setup of pl_diff_compute. SMALL_LCS words a side
 * at most. */
enum { SMALL_LCS = 24 };

static void small_lcs(pl_diff_script *s, const uint32_t *x, size_t n, const uint32_t *y, size_t m)
{
	unsigned char lcs[SMALL_LCS + 1][SMALL_LCS + 1];
	for (size_t i = n + 1; i-- > 0;)
		for (size_t j = m + 1; j-- > 0;)
			lcs[i][j] = i == n || j == m ? 0
			            : x[i] == y[j]   ? (unsigned char)(lcs[i + 1][j + 1] + 1)
			            : lcs[i + 1][j] >= lcs[i][j + 1] ? lcs[i + 1][j]
			                                             : lcs[i][j + 1];
	pl_diff_script_clear(s);
	size_t i = 0, j = 0, i0 = 0, j0 = 0, same = 0;
	while (i < n || j < m) {
		if (i < n && j < m && x[i] == y[j]) {
			if (!same) { /* a changed stretch ends: deletion first */
				pl_diff_script_push(s, PL_DIFF_DELETE, i0, j0, i - i0);
				pl_diff_script_push(s, PL_DIFF_INSERT, i, j0, j - j0);
			}
			same++;
			i++;
			j++;
			continue;
		}
		pl_diff_script_push(s, PL_DIFF_EQUAL, i - same, j - same, same);
		if (same) {
			i0 = i;
			j0 = j;
		}
		same = 0;
		if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]))
			i++;
		else
			j++;
	}
	if (same) {
		pl_diff_script_push(s, PL_DIFF_EQUAL, i - same, j - same, same);
	} else {
		pl_diff_script_push(s, PL_DIFF_DELETE, i0, j0, i - i0);
		pl_diff_script_push(s, PL_DIFF_INSERT, i, j0, j - j0);
	}
}

/* Room for n tokens in ids, words and word_at. */
static void reserve_ids(hunk_worker *w, size_t n)
{
	if (n <= w->ids_capacity)
		return;
	w->ids = pl_grow(w->ids, &w->ids_capacity, n, sizeof *w->ids);
	w->words = pl_realloc(w->words, w->ids_capacity * sizeof *w->words);
	w->word_at = pl_realloc(w->word_at, w->ids_capacity * sizeof *w->word_at);
}

/* ASCII middles without options: cut by the masks of the scan, and ids
 * from a table of the middle's own forms (a form's id is the index of its
 * first token); equal ids are equal bytes, which is all a middle's diff
 * compares. 0, or -1 when a side has a byte >= 0x80. */
static int split_ascii(hunk_worker *w, const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t na = pl_text_ascii_tokens(a, a_len, &w->toks, &w->toks_capacity, 0);
	if (na == SIZE_MAX)
		return -1;
	size_t nb = pl_text_ascii_tokens(b, b_len, &w->toks, &w->toks_capacity, na);
	if (nb == SIZE_MAX)
		return -1;
	w->na = na;
	w->nb = nb;
	size_t n = na + nb, size = 16;
	reserve_ids(w, n + 1);
	while (size < 2 * n)
		size *= 2;
	w->slots = pl_grow(w->slots, &w->slots_capacity, size, sizeof *w->slots);
	memset(w->slots, 0, size * sizeof *w->slots);
	const pl_ascii_token *t = w->toks;
	const unsigned char *a_end = w->a->s + w->a->len, *b_end = w->b->s + w->b->len;
	for (size_t k = 0; k < n; k++) {
		const char *p = (k < na ? a : b) + t[k].offset;
		size_t len = t[k].length;
		const unsigned char *end = k < na ? a_end : b_end;
		uint32_t key = (uint32_t)pl_hash_bytes((const unsigned char *)p, len,
		                                       (size_t)(end - (const unsigned char *)p));
		for (size_t i = key & (size - 1);; i = (i + 1) & (size - 1)) {
			uint32_t slot = w->slots[i];
			if (!slot) {
				w->slots[i] = (uint32_t)(k + 1);
				w->ids[k] = (uint32_t)k;
				break;
			}
			const pl_ascii_token *u = &t[slot - 1];
			if (u->length == len &&
			    memcmp((slot - 1 < na ? a : b) + u->offset, p, len) == 0) {
				w->ids[k] = w->ids[slot - 1];
				break;
			}
		}
	}
	return 0;
}

/* One side's tokens by pl_token_split and their ids by the interner,
 * appended to w->toks and w->ids at `at`; how many. */
static size_t split_general(hunk_worker *w, const char *text, size_t len, size_t at)
{
	if (pl_token_split(&w->split, text, len, w->options, NULL))
		return SIZE_MAX;
	size_t n = w->split.count;
	w->toks = pl_grow(w->toks, &w->toks_capacity, at + n + 1, sizeof *w->toks);
	reserve_ids(w, at + n + 1);
	pl_interner_add(w->interner, w->ids + at, text, &w->split, NULL);
	for (size_t k = 0; k < n; k++) {
		const pl_token *x = &w->split.items[k];
		w->toks[at + k] = (pl_ascii_token){x->offset, x->length, x->kind == PL_TOKEN_SPACE};
	}
	return n;
}

/* Splits both sides of the middle into w->toks and w->ids; 0, or -1 (not
 * reached: both texts were checked before). */
static int split_middle(hunk_worker *w, const char *a, size_t a_len, const char *b, size_t b_len)
{
	if (!w->options && split_ascii(w, a, a_len, b, b_len) == 0)
		return 0;
	if (!w->interner)
		w->interner = pl_interner_new(w->options);
	size_t na = split_general(w, a, a_len, 0);
	size_t nb = na == SIZE_MAX ? SIZE_MAX : split_general(w, b, b_len, na);
	if (nb == SIZE_MAX)
		return -1;
	w->na = na;
	w->nb = nb;
	return 0;
}

/* The word script of the stretch's middle into w->script, over the words
 * alone: white space is laid back in between (see emit_middle), so the
 * script is minimal in words, the unit a reader counts, rather than in
 * tokens, where an LCS may keep a space instead of a word. Within what is
 * left of the budget; once it is spent, one deletion and one insertion. */
static void diff_words(hunk_worker *w, size_t *nwa, size_t *nwb)
{
	size_t na = w->na, nb = w->nb;
	*nwa = pick_words(w->toks, na, w->ids, w->words, w->word_at);
	*nwb = pick_words(w->toks + na, nb, w->ids + na, w->words + *nwa, w->word_at + *nwa);
	pl_diff_script *s = &w->script;
	if (!w->budget) {
		w->not_minimal = 1;
		pl_diff_script_clear(s);
		pl_diff_script_push(s, PL_DIFF_DELETE, 0, 0, *nwa);
		pl_diff_script_push(s, PL_DIFF_INSERT, *nwa, 0, *nwb);
		return;
	}
	if (*nwa <= SMALL_LCS && *nwb <= SMALL_LCS) {
		small_lcs(s, w->words, *nwa, w->words + *nwa, *nwb);
		return;
	}
	size_t limit = w->budget < PL_DIFF_WORK_LIMIT ? w->budget : PL_DIFF_WORK_LIMIT;
	pl_diff_options options = {0, limit};
	pl_diff_compute(s, w->words, *nwa, w->words + *nwa, *nwb, &options);
	/* Myers' work is about (N + M) D; a cut search spent its whole limit. */
	size_t spent = (*nwa + *nwb) * (s->deleted + s->inserted + 1);
	if (spent > limit || (s->flags & PL_DIFF_CUT))
		spent = limit;
	w->budget -= spent;
	w->not_minimal |= (s->flags & (PL_DIFF_CUT | PL_DIFF_ANCHORED)) != 0;
}

/* Where the middle's text cursor stands: token indices on each side, and
 * the byte offsets of the middle in the texts. */
typedef struct middle {
	size_t a_off, a_len, b_off, b_len;
	size_t ta, tb;
} middle;

/* Tokens ta .. a_to of A and tb .. b_to of B as one EQUAL run when the
 * caller knows them to be the same tokens (same), else as a DELETE and an
 * INSERT. */
static void emit_tokens(hunk_worker *w, middle *m, size_t a_to, size_t b_to, int same)
{
	size_t na = w->na;
	size_t ao, al, bo, bl;
	token_bytes(w->toks, na, m->a_off, m->a_off + m->a_len, m->ta, a_to - m->ta, &ao, &al);
	token_bytes(w->toks + na, w->nb, m->b_off, m->b_off + m->b_len, m->tb, b_to - m->tb, &bo,
	            &bl);
	if (same) {
		pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, ao, al, bo, bl);
	} else {
		pl_text_diff_add_run(w->runs, PL_DIFF_DELETE, ao, al, bo, 0);
		pl_text_diff_add_run(w->runs, PL_DIFF_INSERT, ao + al, 0, bo, bl);
	}
	m->ta = a_to;
	m->tb = b_to;
}

/* 1 when tokens a_from .. a_to of A are tokens b_from .. b_to of B. */
static int same_tokens(const hunk_worker *w, size_t a_from, size_t a_to, size_t b_from, size_t b_to)
{
	if (a_to - a_from != b_to - b_from)
		return 0;
	const uint32_t *x = w->ids + a_from, *y = w->ids + w->na + b_from;
	for (size_t i = 0; i < a_to - a_from; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* count matched words (token indices at_a[k] and at_b[k], equal ids) with
 * the white space before each: every stretch of words whose gaps are the
 * same on both sides as one equal run, a gap that differs as a change. */
static void emit_matched(hunk_worker *w, middle *m, const uint32_t *at_a, const uint32_t *at_b,
                         size_t count)
{
	for (size_t i = 0; i < count;) {
		if (!same_tokens(w, m->ta, at_a[i], m->tb, at_b[i]))
			emit_tokens(w, m, at_a[i], at_b[i], 0);
		size_t k = i;
		while (k + 1 < count &&
		       same_tokens(w, at_a[k] + 1, at_a[k + 1], at_b[k] + 1, at_b[k + 1]))
			k++;
		emit_tokens(w, m, at_a[k] + 1, at_b[k] + 1, 1);
		i = k + 1;
	}
}

/* The word script as byte runs: matched words equal, the white space
 * before a matched word equal when it is the same on both sides, every
 * other token deleted or inserted. */
static void emit_middle(hunk_worker *w, middle *m, size_t nwa)
{
	const uint32_t *at_a = w->word_at, *at_b = w->word_at + nwa;
	for (size_t r = 0; r < w->script.count; r++) {
		const pl_diff_op *op = &w->script.ops[r];
		if (op->kind == PL_DIFF_DELETE) {
			emit_tokens(w, m, at_a[op->a_start + op->length - 1] + 1, m->tb, 0);
			w->words_deleted += op->length;
		} else if (op->kind == PL_DIFF_INSERT) {
			emit_tokens(w, m, m->ta, at_b[op->b_start + op->length - 1] + 1, 0);
			w->words_inserted += op->length;
		} else {
			emit_matched(w, m, at_a + op->a_start, at_b + op->b_start, op->length);
		}
	}
	emit_tokens(w, m, w->na, w->nb, same_tokens(w, m->ta, w->na, m->tb, w->nb));
}

/* Solves one stretch: its common ends as equal runs, its middle by words. */
static void solve_hunk(hunk_worker *w, hunk *h)
{
	const char *a = (const char *)w->a->s, *b = (const char *)w->b->s;
	size_t a_off = w->a->chunks[h->a_first].start, b_off = w->b->chunks[h->b_first].start;
	size_t a_len = hunk_bytes(w->a, h->a_first, h->a_count);
	size_t b_len = hunk_bytes(w->b, h->b_first, h->b_count);
	h->run_begin = w->runs->run_count;
	size_t prefix, suffix;
	trim_stretch(a, &a_off, &a_len, b, &b_off, &b_len, &prefix, &suffix);
	if (split_middle(w, a + a_off, a_len, b + b_off, b_len)) {
		/* Not reached: both texts were checked before. */
		w->not_minimal = 1;
		solve_whole(w, h, a_off - prefix, a_len + prefix + suffix, b_off - prefix,
		            b_len + prefix + suffix);
		h->run_end = w->runs->run_count;
		return;
	}
	pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, a_off - prefix, prefix, b_off - prefix,
	                     prefix);
	size_t nwa, nwb;
	diff_words(w, &nwa, &nwb);
	middle m = {a_off, a_len, b_off, b_len, 0, 0};
	emit_middle(w, &m, nwa);
	pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, a_off + a_len, suffix, b_off + b_len, suffix);
	h->run_end = w->runs->run_count;
}

enum { PREFETCH_LINES = 4 };

/* Asks for the first and last bytes of a stretch, read by the next
 * solve_hunk: stretches lie far apart, out of the hardware's sight. */
static void prefetch_hunk(const hunk_worker *w, const hunk *h)
{
#if defined(__GNUC__)
	const unsigned char *a = w->a->s + w->a->chunks[h->a_first].start;
	const unsigned char *b = w->b->s + w->b->chunks[h->b_first].start;
	const unsigned char *a_end = w->a->s + pl_chunk_end(w->a, h->a_first + h->a_count - 1);
	const unsigned char *b_end = w->b->s + pl_chunk_end(w->b, h->b_first + h->b_count - 1);
	for (size_t i = 0; i < PREFETCH_LINES; i++) {
		__builtin_prefetch(a + 64 * i);
		__builtin_prefetch(b + 64 * i);
		__builtin_prefetch(a_end - 1 - 64 * i);
		__builtin_prefetch(b_end - 1 - 64 * i);
	}
#else
	(void)w;
	(void)h;
#endif
}

static void *hunk_task(void *arg)
{
	hunk_worker *w = arg;
	for (size_t k = w->first; k < w->last; k++) {
		if (k + 1 < w->last)
			prefetch_hunk(w, &w->hunks[k + 1]);
		solve_hunk(w, &w->hunks[k]);
	}
	return NULL;
}

static void worker_free(hunk_worker *w)
{
	pl_token_list_free(&w->split);
	pl_interner_free(w->interner);
	free(w->toks);
	free(w->slots);
	free(w->ids);
	free(w->words);
	free(w->word_at);
	pl_diff_script_free(&w->script);
	pl_text_diff_free(&w->own);
}

/* The stretches of the chunk script that delete and insert both. */
static hunk *collect_hunks(const pl_diff_script *s, size_t *count, size_t *bytes,
                           const pl_side_scan *a, const pl_side_scan *b)
{
	hunk *hunks = NULL;
	size_t capacity = 0;
	*count = *bytes = 0;
	for (size_t r = 0; r + 1 < s->count; r++) {
		const pl_diff_op *del = &s->ops[r], *ins = &s->ops[r + 1];
		if (del->kind != PL_DIFF_DELETE || ins->kind != PL_DIFF_INSERT)
			continue;
		hunks = pl_grow(hunks, &capacity, *count + 1, sizeof *hunks);
		hunks[(*count)++] =
		    (hunk){del->a_start, del->length, ins->b_start, ins->length, 0, 0, 0};
		*bytes += hunk_bytes(a, del->a_start, del->length) +
		          hunk_bytes(b, ins->b_start, ins->length);
	}
	return hunks;
}

/* Solves the stretches on two threads, each into its own runs: the first
 * worker takes the stretches up to half of the bytes. */
static void solve_hunks(hunk_worker w[2], hunk *hunks, size_t count, size_t bytes, size_t budget)
{
	size_t split = 0;
	for (size_t sum = 0; split < count && 2 * sum < bytes; split++)
		sum += hunk_bytes(w[0].a, hunks[split].a_first, hunks[split].a_count) +
		       hunk_bytes(w[0].b, hunks[split].b_first, hunks[split].b_count);
	w[0].first = 0;
	w[0].last = split;
	w[1].first = split;
	w[1].last = count;
	for (size_t k = split; k < count; k++)
		hunks[k].worker = 1;
	if (split < count) {
		w[0].budget = w[1].budget = budget / 2;
		pthread_t thread;
		int joined = pl_textdiff_start_task(&thread, hunk_task, &w[1]);
		hunk_task(&w[0]);
		if (joined)
			pthread_join(thread, NULL);
	} else {
		w[0].budget = budget;
		hunk_task(&w[0]);
	}
}

/* --- putting the runs together ---------------------------------------------- */

static int all_space(const char *text, size_t len, pl_token_list *scratch)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x80)
			break;
		if (!(c == ' ' || (c >= 9 && c <= 13)))
			return 0;
		if (i + 1 == len)
			return 1;
	}
	if (!len || pl_token_split(scratch, text, len, 0, NULL))
		return 0;
	return scratch->count == 1 && scratch->items[0].kind == PL_TOKEN_SPACE;
}

/* Appends a run to runs[0 .. *n), merged with the last one when that has
 * the same kind and ends where this one starts (as pl_text_diff_add_run). */
static void put_run(pl_text_run *runs, size_t *n, pl_diff_kind kind, size_t a_offset,
                    size_t a_length, size_t b_offset, size_t b_length)
{
	if (!a_length && !b_length)
		return;
	if (*n) {
		pl_text_run *last = &runs[*n - 1];
		if (last->kind == kind && last->a_offset + last->a_length == a_offset &&
		    last->b_offset + last->b_length == b_offset) {
			last->a_length += a_length;
			last->b_length += b_length;
			return;
		}
	}
	runs[(*n)++] = (pl_text_run){kind, a_offset, a_length, b_offset, b_length};
}

/* Equal white space between two changes joins them (as the redline of
 * pl_text_diff_compute does), so that a changed phrase reads as one. In
 * place: a group of runs becomes at most as many. */
static void join_changes(pl_text_diff *d, pl_token_list *scratch)
{
	pl_text_run *runs = d->runs;
	size_t r = 0, n = d->run_count, kept = 0;
	while (r < n) {
		pl_text_run run = runs[r];
		if (run.kind == PL_DIFF_EQUAL) {
			put_run(runs, &kept, PL_DIFF_EQUAL, run.a_offset, run.a_length,
			        run.b_offset, run.b_length);
			r++;
			continue;
		}
		size_t a_end = run.a_offset, b_end = run.b_offset, end = r;
		for (size_t k = r; k < n; k++) {
			const pl_text_run *x = &runs[k];
			if (x->kind == PL_DIFF_EQUAL &&
			    !(k + 1 < n && all_space(d->a + x->a_offset, x->a_length, scratch)))
				break;
			a_end = x->a_offset + x->a_length;
			b_end = x->b_offset + x->b_length;
			end = k + 1;
		}
		put_run(runs, &kept, PL_DIFF_DELETE, run.a_offset, a_end - run.a_offset,
		        run.b_offset, 0);
		put_run(runs, &kept, PL_DIFF_INSERT, a_end, 0, run.b_offset, b_end - run.b_offset);
		r = end;
	}
	d->run_count = kept;
}

/* The chunk script's runs into out, in order. Each stretch is copied from
 * the worker that solved it, or, when solver is given, solved right here
 * by solver into out. */
static void assemble(pl_text_diff *out, const pl_diff_script *s, const pl_side_scan *a,
                     const pl_side_scan *b, hunk *hunks, size_t count, const hunk_worker w[2],
                     hunk_worker *solver, pl_token_list *scratch, size_t *words_deleted,
                     size_t *words_inserted)
{
	/* Room for every run: a stretch's, or one per chunk run (stretches
	 * solved here mostly take fewer than 8; untouched room costs no
	 * memory). */
	size_t capacity = s->count + (solver ? 8 * count : w[0].own.run_count + w[1].own.run_count);
	out->runs = pl_grow(out->runs, &out->run_capacity, capacity, sizeof *out->runs);
	size_t next = 0;
	for (size_t r = 0; r < s->count; r++) {
		const pl_diff_op *op = &s->ops[r];
		size_t a_off = op->a_start < a->count ? a->chunks[op->a_start].start : a->len;
		size_t b_off = op->b_start < b->count ? b->chunks[op->b_start].start : b->len;
		if (op->kind == PL_DIFF_DELETE && r + 1 < s->count &&
		    s->ops[r + 1].kind == PL_DIFF_INSERT) {
			hunk *h = &hunks[next++];
			r++;
			if (solver) {
				if (next < count)
					prefetch_hunk(solver, &hunks[next]);
				solve_hunk(solver, h);
				continue;
			}
			const pl_text_diff *runs = &w[h->worker].own;
			for (size_t k = h->run_begin; k < h->run_end; k++) {
				const pl_text_run *x = &runs->runs[k];
				pl_text_diff_add_run(out, x->kind, x->a_offset, x->a_length,
				                     x->b_offset, x->b_length);
			}
		} else if (op->kind == PL_DIFF_EQUAL) {
			pl_text_diff_add_run(out, PL_DIFF_EQUAL, a_off,
			                     hunk_bytes(a, op->a_start, op->length), b_off,
			                     hunk_bytes(b, op->b_start, op->length));
		} else if (op->kind == PL_DIFF_DELETE) {
			pl_text_diff_add_run(out, PL_DIFF_DELETE, a_off,
			                     hunk_bytes(a, op->a_start, op->length), b_off, 0);
			*words_deleted += chunk_words(a, op->a_start, op->length, scratch);
		} else {
			pl_text_diff_add_run(out, PL_DIFF_INSERT, a_off, 0, b_off,
			                     hunk_bytes(b, op->b_start, op->length));
			*words_inserted += chunk_words(b, op->b_start, op->length, scratch);
		}
	}
}

/* A part of the chunk sequences solved on its own: chunks a_first ..
 * a_first + a_count of A against b_first .. b_first + b_count of B, its
 * runs into out. threads is 2 when its stretches are worth two threads
 * (the whole text, when it was not cut in two), else 1. */
typedef struct span_job {
	pl_side_scan *a, *b;
	size_t a_first, a_count, b_first, b_count;
	unsigned options;
	int threads;
	size_t budget; /* of the chunk diff and of the stretches, each */
	pl_text_diff *out;
	size_t words_deleted, words_inserted;
	size_t stretches; /* changed stretches of the chunk script */
	int not_minimal;
} span_job;

static void solve_span(span_job *j)
{
	pl_side_scan *a = j->a, *b = j->b;
	pl_diff_script script = PL_DIFF_SCRIPT_INIT;
	j->not_minimal = pl_textdiff_chunk_script(&script, a->ids + j->a_first, j->a_count,
	                                          b->ids + j->b_first, j->b_count, j->budget);
	j->stretches = 0;
	for (size_t r = 0; r < script.count; r++) {
		script.ops[r].a_start += j->a_first;
		script.ops[r].b_start += j->b_first;
		j->stretches += script.ops[r].kind != PL_DIFF_EQUAL &&
		                (r == 0 || script.ops[r - 1].kind == PL_DIFF_EQUAL);
	}

	size_t count, bytes;
	hunk *hunks = collect_hunks(&script, &count, &bytes, a, b);
	hunk_worker w[2];
	memset(w, 0, sizeof w);
	for (int k = 0; k < 2; k++) {
		w[k].a = a;
		w[k].b = b;
		w[k].options = j->options;
		w[k].hunks = hunks;
		w[k].runs = &w[k].own;
	}
	/* On one thread the stretches are solved in order, into the result. */
	hunk_worker *solver = NULL;
	if (j->threads == 2 && bytes >= PARALLEL_HUNKS) {
		solve_hunks(w, hunks, count, bytes, j->budget);
	} else {
		solver = &w[0];
		solver->budget = j->budget;
		solver->runs = j->out;
	}
	pl_token_list scratch = PL_TOKEN_LIST_INIT;
	assemble(j->out, &script, a, b, hunks, count, w, solver, &scratch, &j->words_deleted,
	         &j->words_inserted);
	j->words_deleted += w[0].words_deleted + w[1].words_deleted;
	j->words_inserted += w[0].words_inserted + w[1].words_inserted;
	join_changes(j->out, &scratch);
	pl_token_list_free(&scratch);
	j->not_minimal |= w[0].not_minimal || w[1].not_minimal;
	worker_free(&w[0]);
	worker_free(&w[1]);
	free(hunks);
	pl_diff_script_free(&script);
}

static void *span_task(void *arg)
{
	solve_span(arg);
	return NULL;
}

int pl_textdiff_cut = -1;

/* Appends src's runs to dst (merging where they meet). */
static void append_runs(pl_text_diff *dst, const pl_text_diff *src)
{
	size_t need = dst->run_count + src->run_count;
	if (need > dst->run_capacity) {
		dst->runs = pl_realloc(dst->runs, need * sizeof *dst->runs);
		dst->run_capacity = need;
	}
	for (size_t r = 0; r < src->run_count; r++) {
		const pl_text_run *x = &src->runs[r];
		put_run(dst->runs, &dst->run_count, x->kind, x->a_offset, x->a_length, x->b_offset,
		        x->b_length);
	}
}

/* Diffs the chunks, solves the changed stretches, fills out's runs: in
 * two halves on two threads when a cut is found, else as one span whose
 * stretches are shared by two threads. */
static void diff_chunks(pl_text_diff *out, pl_side_scan *a, pl_side_scan *b, unsigned options)
{
	pl_textdiff_intern(a, b);
	int parallel = a->len + b->len >= PL_TEXTDIFF_PARALLEL;
	size_t ai, bj;
	span_job job[2];
	memset(job, 0, sizeof job);
	pl_text_diff second;
	memset(&second, 0, sizeof second);
	second.a = out->a;
	second.b = out->b;
	job[0] = (span_job){
	    a,   b, 0, a->count, 0, b->count, options, parallel ? 2 : 1, PL_DIFF_WORK_LIMIT,
	    out, 0, 0, 0,        0};
	int halves = parallel && pl_textdiff_cut != 0 && pl_textdiff_find_cut(a, b, &ai, &bj);
	if (halves) {
		job[0].a_count = ai;
		job[0].b_count = bj;
		job[0].threads = 1;
		job[0].budget = PL_DIFF_WORK_LIMIT / 2;
		job[1] = (span_job){a,
		                    b,
		                    ai,
		                    a->count - ai,
		                    bj,
		                    b->count - bj,
		                    options,
		                    1,
		                    PL_DIFF_WORK_LIMIT / 2,
		                    &second,
		                    0,
		                    0,
		                    0,
		                    0};
		pthread_t thread;
		int joined = pl_textdiff_start_task(&thread, span_task, &job[1]);
		solve_span(&job[0]);
		if (joined)
			pthread_join(thread, NULL);
		append_runs(out, &second);
		pl_text_diff_free(&second);
	} else {
		solve_span(&job[0]);
	}

	/* Minimal when the chunks changed in one stretch only (the common
	 * prefix and suffix are in every LCS) and its token diff was. */
	out->minimal =
	    job[0].stretches + job[1].stretches <= 1 && !job[0].not_minimal && !job[1].not_minimal;
	out->words_deleted = job[0].words_deleted + job[1].words_deleted;
	out->words_inserted = job[0].words_inserted + job[1].words_inserted;
	free(a->ids); /* b's ids are in the same array */
	a->ids = b->ids = NULL;
}

/* --- the entry point ------------------------------------------------------ */

int pl_text_diff_large(pl_text_diff *out, const char *a, size_t a_len, const char *b, size_t b_len,
                       unsigned token_options, pl_error *err)
{
	memset(out, 0, sizeof *out);
	out->a = a;
	out->b = b;
	out->a_len = a_len;
	out->b_len = b_len;
	out->minimal = 1;
	if (a_len > PL_TOKEN_MAX_TEXT || b_len > PL_TOKEN_MAX_TEXT)
		return pl_error_set(err, PL_ETOOBIG, "text of %zu bytes is over the %zu-byte limit",
		                    a_len > b_len ? a_len : b_len, PL_TOKEN_MAX_TEXT);
	pl_side_scan sa, sb;
	memset(&sa, 0, sizeof sa);
	memset(&sb, 0, sizeof sb);
	sa.s = (const unsigned char *)a;
	sa.len = a_len;
	sb.s = (const unsigned char *)b;
	sb.len = b_len;
	int rc = pl_textdiff_scan(&sa, &sb, err);
	if (rc == 0) {
		out->words_a = sa.words;
		out->words_b = sb.words;
		diff_chunks(out, &sa, &sb, token_options);
		for (size_t r = 0; r < out->run_count; r++)
			out->changed |= out->runs[r].kind != PL_DIFF_EQUAL;
	}
	pl_side_scan_free(&sa);
	pl_side_scan_free(&sb);
	return rc;
}
