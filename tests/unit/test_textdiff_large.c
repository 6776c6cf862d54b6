/* test_textdiff_large.c — the chunked word redline of large texts: its runs
 * rebuild both texts on every input, its word counts are the tokenizer's,
 * it agrees with pl_text_diff_compute where edits are apart, rejects bad
 * UTF-8 by offset, and bounds its work on unrelated texts. */
#include "testutil.h"

#include "parley/buf.h"
#include "parley/mem.h"
#include "parley/redline.h"
#include "parley/token.h"
#include "textdiff_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: seeded, so that a failure can be replayed. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static size_t count_words(const char *text, size_t len)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	assert_int_equal(pl_token_split(&list, text, len, 0, NULL), 0);
	size_t words = 0;
	for (size_t i = 0; i < list.count; i++)
		words += list.items[i].kind != PL_TOKEN_SPACE;
	pl_token_list_free(&list);
	return words;
}

/* The runs cover both texts in order, equal runs are equal bytes, deleted
 * and inserted runs hold the counted words, and equal material has as
 * many words on both sides. */
static void check_runs(const pl_text_diff *d, const char *a, size_t a_len, const char *b,
                       size_t b_len)
{
	size_t a_pos = 0, b_pos = 0, deleted = 0, inserted = 0, changes = 0;
	for (size_t r = 0; r < d->run_count; r++) {
		const pl_text_run *run = &d->runs[r];
		assert_true(run->a_length || run->b_length);
		assert_int_equal(run->a_offset, a_pos);
		assert_int_equal(run->b_offset, b_pos);
		switch (run->kind) {
		case PL_DIFF_EQUAL:
			assert_int_equal(run->a_length, run->b_length);
			assert_memory_equal(a + run->a_offset, b + run->b_offset, run->a_length);
			break;
		case PL_DIFF_DELETE:
			assert_int_equal(run->b_length, 0);
			deleted += count_words(a + run->a_offset, run->a_length);
			changes++;
			break;
		case PL_DIFF_INSERT:
			assert_int_equal(run->a_length, 0);
			inserted += count_words(b + run->b_offset, run->b_length);
			changes++;
			break;
		default:
			fail_msg("bad kind %d", (int)run->kind);
		}
		a_pos += run->a_length;
		b_pos += run->b_length;
	}
	assert_int_equal(a_pos, a_len);
	assert_int_equal(b_pos, b_len);
	assert_int_equal(deleted, d->words_deleted);
	assert_int_equal(inserted, d->words_inserted);
	assert_int_equal(d->words_a - d->words_deleted, d->words_b - d->words_inserted);
	assert_int_equal(d->changed, changes > 0);
	assert_int_equal(d->a_tokens.count, 0);
	assert_int_equal(d->script.count, 0);
}

/* Large diff of a and b: checked, word totals equal to the tokenizer's. */
static void large_diff(pl_text_diff *d, const char *a, size_t a_len, const char *b, size_t b_len)
{
	pl_error err;
	int rc = pl_text_diff_large(d, a, a_len, b, b_len, 0, &err);
	if (rc)
		fail_msg("pl_text_diff_large: %s", err.message);
	check_runs(d, a, a_len, b, b_len);
	assert_int_equal(d->words_a, count_words(a, a_len));
	assert_int_equal(d->words_b, count_words(b, b_len));
}

/* --- texts ------------------------------------------------------------ */

static const char *const words[] = {"peace",
                                    "the",
                                    "Ukraine",
                                    "NATO",
                                    "600,000",
                                    "24.5%",
                                    "don't",
                                    "Ukraine’s",
                                    "army",
                                    "shall",
                                    "not",
                                    "Україна",
                                    "п’ять",
                                    "мир",
                                    "миру",
                                    "和平",
                                    "café",
                                    "e\xcc\x81t\xc3\xa9",
                                    "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6",
                                    "USD",
                                    "100",
                                    "billion",
                                    "(a)",
                                    "-",
                                    "$",
                                    "1990s",
                                    "x'",
                                    "'y",
                                    "5%%",
                                    "1.,2",
                                    "a1,5",
                                    "§3",
                                    "«quoted»",
                                    "e.g.",
                                    "—",
                                    "1,000.5"};
static const char *const separators[] = {" ",  " ",    " ",    " ",  ", ", ". ",  "; ", ": ",
                                         "\n", "\n\n", "\r\n", "  ", "\t", ".\n", "? ", "! "};
#define COUNT(x) (sizeof(x) / sizeof(*(x)))

/* Random words and separators, about len bytes; no_space: no white space
 * at all; no_stop: no sentence ends or newlines. */
static void random_text(pl_buf *out, size_t len, int no_space, int no_stop)
{
	while (out->len < len) {
		pl_buf_puts(out, words[rng_below(COUNT(words))]);
		const char *sep = separators[rng_below(COUNT(separators))];
		if (no_space)
			sep = rng_below(4) ? "" : "-";
		else if (no_stop)
			sep = rng_below(5) ? " " : ", ";
		pl_buf_puts(out, sep);
	}
}

/* A copy of a with about one word edit in every `spacing` words (replace,
 * delete, insert), edits only at white space boundaries. */
static void edit_text(pl_buf *out, const char *a, size_t len, size_t spacing)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && a[i] != ' ')
			i++;
		size_t roll = rng_below(spacing * 3);
		if (roll == 0) {
			pl_buf_puts(out, words[rng_below(COUNT(words))]);
		} else if (roll == 1) {
			/* deleted */
		} else if (roll == 2) {
			pl_buf_puts(out, words[rng_below(COUNT(words))]);
			pl_buf_putc(out, ' ');
			pl_buf_put(out, a + start, i - start);
		} else {
			pl_buf_put(out, a + start, i - start);
		}
		if (i < len)
			pl_buf_putc(out, a[i++]);
	}
}

/* --- tests ------------------------------------------------------------ */

static void test_empty_and_identical(void **state)
{
	(void)state;
	pl_text_diff d;
	large_diff(&d, "", 0, "", 0);
	assert_int_equal(d.run_count, 0);
	assert_false(d.changed);
	assert_true(d.minimal);
	pl_text_diff_free(&d);

	const char *t = "One sentence. Another one.\nA line; and more: here.";
	large_diff(&d, t, strlen(t), t, strlen(t));
	assert_int_equal(d.run_count, 1);
	assert_false(d.changed);
	assert_true(d.minimal);
	pl_text_diff_free(&d);

	large_diff(&d, "", 0, t, strlen(t));
	assert_int_equal(d.words_inserted, d.words_b);
	assert_int_equal(d.words_deleted, 0);
	pl_text_diff_free(&d);
	large_diff(&d, t, strlen(t), "", 0);
	assert_int_equal(d.words_deleted, d.words_a);
	pl_text_diff_free(&d);
}

/* Tricky ASCII for the mask-based count, at every offset in a block. */
static void test_word_counts(void **state)
{
	(void)state;
	static const char alphabet[] = "ab1,.'%% \n;:!?-$\r\tZ9";
	for (int round = 0; round < 400; round++) {
		pl_buf a = PL_BUF_INIT;
		size_t len = 1 + rng_below(300);
		for (size_t i = 0; i < len; i++)
			pl_buf_putc(&a, alphabet[rng_below(sizeof alphabet - 1)]);
		if (rng_below(4) == 0)
			pl_buf_puts(&a, "é'ü 1,é");
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, "", 0);
		pl_text_diff_free(&d);
		pl_buf_free(&a);
	}
}

/* Where the edits are far apart, the chunked diff finds what the full
 * token diff finds. */
static void test_agrees_when_sparse(void **state)
{
	(void)state;
	for (int round = 0; round < 30; round++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		random_text(&a, 2000 + rng_below(20000), 0, 0);
		edit_text(&b, a.ptr, a.len, 200);
		pl_text_diff large, full;
		large_diff(&large, a.ptr, a.len, b.ptr, b.len);
		assert_int_equal(pl_text_diff_compute(&full, a.ptr, a.len, b.ptr, b.len, 0, NULL),
		                 0);
		assert_int_equal(large.words_a, full.words_a);
		assert_int_equal(large.words_b, full.words_b);
		assert_int_equal(large.changed, full.changed);
		/* Both are minimal in tokens; words (non-space tokens) may differ
		 * by a few where the LCS has a choice. */
		size_t l = large.words_deleted + large.words_inserted;
		size_t f = full.words_deleted + full.words_inserted;
		assert_true(l <= f + f / 10 + 2);
		pl_text_diff_free(&large);
		pl_text_diff_free(&full);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

static void test_random_pairs(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		int no_space = rng_below(10) == 0, no_stop = rng_below(5) == 0;
		random_text(&a, rng_below(6000), no_space, no_stop);
		if (rng_below(8) == 0)
			random_text(&b, rng_below(6000), no_space, no_stop);
		else
			edit_text(&b, a.ptr, a.len, 1 + rng_below(30));
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, b.ptr, b.len);
		pl_text_diff_free(&d);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

/* The words (non-space tokens) of a text, as NUL-terminated copies. */
static char **word_list(const char *text, size_t len, size_t *count)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	assert_int_equal(pl_token_split(&list, text, len, 0, NULL), 0);
	char **out = pl_malloc((list.count + 1) * sizeof *out);
	*count = 0;
	for (size_t i = 0; i < list.count; i++)
		if (list.items[i].kind != PL_TOKEN_SPACE)
			out[(*count)++] =
			    pl_strndup(text + list.items[i].offset, list.items[i].length);
	pl_token_list_free(&list);
	return out;
}

/* Words deleted + inserted by a minimal script over words: a reference
 * O(NM) dynamic-programming LCS. */
static size_t reference_changes(const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t n, m;
	char **x = word_list(a, a_len, &n), **y = word_list(b, b_len, &m);
	size_t *row = pl_calloc(m + 1, sizeof *row), *next = pl_calloc(m + 1, sizeof *next);
	for (size_t i = n; i-- > 0;) {
		for (size_t j = m; j-- > 0;)
			next[j] = strcmp(x[i], y[j]) == 0 ? row[j + 1] + 1
			          : row[j] > next[j + 1]  ? row[j]
			                                  : next[j + 1];
		size_t *t = row;
		row = next;
		next = t;
	}
	size_t lcs = row[0];
	for (size_t i = 0; i < n; i++)
		free(x[i]);
	for (size_t j = 0; j < m; j++)
		free(y[j]);
	free(x);
	free(y);
	free(row);
	free(next);
	return n + m - 2 * lcs;
}

/* When the result says minimal (one changed stretch, solved exactly), its
 * count of changed words is the least possible. */
static void test_minimal_in_words(void **state)
{
	(void)state;
	size_t checked = 0;
	for (int round = 0; round < 300; round++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		random_text(&a, rng_below(400), 0, rng_below(2));
		if (rng_below(3) == 0)
			random_text(&b, rng_below(400), 0, rng_below(2));
		else
			edit_text(&b, a.ptr, a.len, 1 + rng_below(8));
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, b.ptr, b.len);
		if (d.minimal) {
			assert_int_equal(d.words_deleted + d.words_inserted,
			                 reference_changes(a.ptr, a.len, b.ptr, b.len));
			checked++;
		}
		pl_text_diff_free(&d);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
	assert_true(checked > 50);
}

/* One paragraph with no newline: still cut into chunks, still exact. */
static void test_single_long_line(void **state)
{
	(void)state;
	for (int no_stop = 0; no_stop < 2; no_stop++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		while (a.len < 300000) {
			pl_buf_puts(&a, words[rng_below(COUNT(words))]);
			pl_buf_puts(&a, no_stop || rng_below(12) ? " " : ". ");
		}
		edit_text(&b, a.ptr, a.len, 500);
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, b.ptr, b.len);
		assert_true(d.changed);
		assert_true(d.words_deleted + d.words_inserted < d.words_a / 50);
		pl_text_diff_free(&d);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

static void test_edits_at_ends(void **state)
{
	(void)state;
	pl_buf a = PL_BUF_INIT;
	random_text(&a, 50000, 0, 0);
	const char *variants[][2] = {{"Prefix words. ", ""}, {"", " and suffix."}, {"X", "Y"}};
	for (size_t v = 0; v < COUNT(variants); v++) {
		pl_buf b = PL_BUF_INIT;
		pl_buf_puts(&b, variants[v][0]);
		pl_buf_put(&b, a.ptr, a.len);
		pl_buf_puts(&b, variants[v][1]);
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, b.ptr, b.len);
		assert_true(d.changed);
		assert_true(d.words_deleted + d.words_inserted <= 4);
		pl_text_diff_free(&d);
		/* The other way round too, and with the ends cut off. */
		large_diff(&d, b.ptr, b.len, a.ptr, a.len);
		pl_text_diff_free(&d);
		const char *first = strchr(a.ptr, ' '), *last = strrchr(a.ptr, ' ');
		large_diff(&d, first, (size_t)(last - first), b.ptr, b.len);
		pl_text_diff_free(&d);
		pl_buf_free(&b);
	}
	pl_buf_free(&a);
}

/* One replaced word and one moved sentence in a many-line text. */
static void test_structured_edits(void **state)
{
	(void)state;
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	for (int i = 1; i <= 400; i++)
		pl_buf_printf(&a,
		              "%d. The army of Ukraine shall be capped at %d,000 personnel. "
		              "Point %d stands.\r\n\r\n",
		              i, 500 + i, i);
	const char *at = strstr(a.ptr, "capped at 700,000");
	assert_non_null(at);
	pl_buf_put(&b, a.ptr, (size_t)(at - a.ptr));
	pl_buf_puts(&b, "capped at 800,000");
	pl_buf_puts(&b, at + strlen("capped at 700,000"));
	pl_text_diff d;
	large_diff(&d, a.ptr, a.len, b.ptr, b.len);
	assert_int_equal(d.words_deleted, 1);
	assert_int_equal(d.words_inserted, 1);
	assert_true(d.minimal);
	pl_text_diff_free(&d);

	/* Move "Point 10 stands." to after point 300. */
	pl_buf c = PL_BUF_INIT;
	const char *s10 = strstr(a.ptr, " Point 10 stands.");
	const char *p300 = strstr(a.ptr, "Point 300 stands.");
	pl_buf_put(&c, a.ptr, (size_t)(s10 - a.ptr));
	const char *after10 = s10 + strlen(" Point 10 stands.");
	const char *end300 = p300 + strlen("Point 300 stands.");
	pl_buf_put(&c, after10, (size_t)(end300 - after10));
	pl_buf_puts(&c, " Point 10 stands.");
	pl_buf_puts(&c, end300);
	large_diff(&d, a.ptr, a.len, c.ptr, c.len);
	assert_int_equal(d.words_deleted, 4);
	assert_int_equal(d.words_inserted, 4);
	assert_false(d.minimal);
	pl_text_diff_free(&d);
	pl_buf_free(&a);
	pl_buf_free(&b);
	pl_buf_free(&c);
}

static void expect_invalid(const char *a, size_t a_len, const char *b, size_t b_len, size_t offset)
{
	pl_text_diff d;
	pl_error err;
	assert_int_equal(pl_text_diff_large(&d, a, a_len, b, b_len, 0, &err), PL_EINVALID);
	char want[64];
	snprintf(want, sizeof want, "invalid UTF-8 at byte %zu", offset);
	assert_string_equal(err.message, want);
	pl_text_diff_free(&d);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	pl_buf good = PL_BUF_INIT;
	random_text(&good, 5000, 0, 0);
	static const char *const bad[] = {
	    "\x80", "\xC3\x28", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\xC0\xAF", "\xE2\x82"};
	size_t offsets[] = {0, 63, 64, 65, 1000, 4095};
	for (size_t k = 0; k < COUNT(bad); k++)
		for (size_t o = 0; o < COUNT(offsets); o++) {
			pl_buf t = PL_BUF_INIT;
			pl_buf_put(&t, "abcdefgh ", 9);
			while (t.len < offsets[o])
				pl_buf_putc(&t, "word \n"[t.len % 6]);
			t.len = offsets[o];
			pl_buf_puts(&t, bad[k]);
			if (k + 1 < COUNT(bad)) /* the last one is cut short at the end */
				pl_buf_puts(&t, " tail text.");
			expect_invalid(t.ptr, t.len, good.ptr, good.len, offsets[o]);
			expect_invalid(good.ptr, good.len, t.ptr, t.len, offsets[o]);
			pl_buf_free(&t);
		}
	pl_buf_free(&good);
}

/* Two unrelated texts: bounded work, a valid script, every word changed
 * but those the token diff could match. */
static void test_unrelated(void **state)
{
	(void)state;
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	rng_state = 1;
	random_text(&a, 2u << 20, 0, 0);
	rng_state = 2;
	random_text(&b, 2u << 20, 0, 0);
	pl_text_diff d;
	large_diff(&d, a.ptr, a.len, b.ptr, b.len);
	assert_true(d.changed);
	assert_false(d.minimal);
	pl_text_diff_free(&d);
	pl_buf_free(&a);
	pl_buf_free(&b);
}

/* The AVX2 classifier gives the masks of the SSE2 one on random blocks
 * that mix every class of byte, ASCII and not. */
static void test_classifiers_agree(void **state)
{
	(void)state;
	static const char alphabet[] =
	    " \t\n\r\v\f09azAZ.,!?;:'%\"()-_@[`{~\x7f\x80\xbf\xc3\xff\x01";
	unsigned char block[64] = {0};
	pl_block_masks sse, avx;
	if (pl_classify_block_avx2(block, &avx) != 0)
		skip(); /* no AVX2 on this CPU: only the other path runs */
	for (unsigned value = 0; value < 256; value++) { /* every byte, at every place */
		for (size_t j = 0; j < sizeof block; j++)
			block[j] = (unsigned char)(j % 3 ? value : value ^ (j & 0xFF));
		pl_classify_block(block, &sse);
		assert_int_equal(pl_classify_block_avx2(block, &avx), 0);
		assert_memory_equal(&sse, &avx, sizeof sse);
	}
	for (int round = 0; round < 20000; round++) {
		for (size_t j = 0; j < sizeof block; j++)
			block[j] = rng_below(4) == 0
			               ? (unsigned char)rng()
			               : (unsigned char)alphabet[rng_below(sizeof alphabet - 1)];
		pl_classify_block(block, &sse);
		assert_int_equal(pl_classify_block_avx2(block, &avx), 0);
		assert_memory_equal(&sse, &avx, sizeof sse);
	}
}

static void assert_same_runs(const pl_text_diff *x, const pl_text_diff *y)
{
	assert_int_equal(x->run_count, y->run_count);
	for (size_t r = 0; r < x->run_count; r++) {
		assert_int_equal(x->runs[r].kind, y->runs[r].kind);
		assert_int_equal(x->runs[r].a_offset, y->runs[r].a_offset);
		assert_int_equal(x->runs[r].a_length, y->runs[r].a_length);
		assert_int_equal(x->runs[r].b_offset, y->runs[r].b_offset);
		assert_int_equal(x->runs[r].b_length, y->runs[r].b_length);
	}
	assert_int_equal(x->words_a, y->words_a);
	assert_int_equal(x->words_b, y->words_b);
	assert_int_equal(x->words_deleted, y->words_deleted);
	assert_int_equal(x->words_inserted, y->words_inserted);
	assert_int_equal(x->minimal, y->minimal);
}

/* Whole redlines agree whichever classifier scans the texts. */
static void test_scan_paths_agree(void **state)
{
	(void)state;
	for (int round = 0; round < 60; round++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		int no_space = rng_below(10) == 0, no_stop = rng_below(5) == 0;
		random_text(&a, rng_below(40000), no_space, no_stop);
		edit_text(&b, a.ptr, a.len, 1 + rng_below(30));
		pl_text_diff with, without;
		large_diff(&with, a.ptr, a.len, b.ptr, b.len);
		pl_textdiff_avx2 = 0;
		large_diff(&without, a.ptr, a.len, b.ptr, b.len);
		pl_textdiff_avx2 = -1;
		assert_same_runs(&with, &without);
		pl_text_diff_free(&with);
		pl_text_diff_free(&without);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

/* Numbered sentences of random words, about len bytes: their chunks are
 * all different, as in a real document, so that a cut can be found. */
static void numbered_text(pl_buf *out, size_t len)
{
	for (unsigned n = 0; out->len < len; n++) {
		pl_buf_printf(out, "Clause %u:", n);
		for (size_t k = 3 + rng_below(12); k > 0; k--) {
			pl_buf_putc(out, ' ');
			pl_buf_puts(out, words[rng_below(COUNT(words))]);
		}
		pl_buf_puts(out, rng_below(4) ? ". " : ".\n");
	}
}

/* Two similar texts of a few hundred KiB are cut in two halves solved on
 * two threads; the redline is the one diffed in one piece. */
static void test_halves_agree(void **state)
{
	(void)state;
	for (int round = 0; round < 6; round++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		numbered_text(&a, 200000 + rng_below(300000));
		edit_text(&b, a.ptr, a.len, 20 + rng_below(200));
		pl_text_diff halves, whole;
		large_diff(&halves, a.ptr, a.len, b.ptr, b.len);
		pl_textdiff_cut = 0;
		large_diff(&whole, a.ptr, a.len, b.ptr, b.len);
		pl_textdiff_cut = -1;
		assert_same_runs(&halves, &whole);
		assert_int_equal(halves.words_deleted, whole.words_deleted);
		assert_int_equal(halves.words_inserted, whole.words_inserted);
		assert_int_equal(halves.minimal, whole.minimal);
		pl_text_diff_free(&halves);
		pl_text_diff_free(&whole);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

/* Sentence k of a document of unique sentences, length words long. */
static void put_sentence(pl_buf *out, size_t k, size_t length)
{
	pl_buf_printf(out, "Point %zu holds", k);
	for (size_t w = 0; w < length; w++)
		pl_buf_printf(out, " w%zu", (k * 7 + w) % 97);
	pl_buf_puts(out, k % 5 ? ". " : ".\n");
}

/* Blocks of sentences moved far, inserted and deleted, longer than the
 * near search of the chunk script: the redline deletes and inserts
 * exactly those blocks' words (the minimum, as every sentence differs). */
static void test_blocks_moved(void **state)
{
	(void)state;
	enum { SENTENCES = 6000, WORDS = 6 }; /* "Point", k, "holds", 6 words, "." */
	const size_t per = 3 + WORDS + 1;
	struct {
		size_t moved_from, moved_count, moved_to, inserted_at, inserted_count, deleted_from,
		    deleted_count;
	} cases[] = {{100, 40, 3000, 1500, 30, 2000, 25},
	             {4000, 900, 200, 5000, 1200, 10, 3},
	             {10, 3, 5990, 3000, 17, 5500, 400}};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		for (size_t k = 0; k < SENTENCES; k++)
			put_sentence(&a, k, WORDS);
		for (size_t k = 0; k < SENTENCES; k++) {
			if (k >= cases[c].moved_from &&
			    k < cases[c].moved_from + cases[c].moved_count)
				continue;
			if (k >= cases[c].deleted_from &&
			    k < cases[c].deleted_from + cases[c].deleted_count)
				continue;
			if (k == cases[c].inserted_at)
				for (size_t n = 0; n < cases[c].inserted_count; n++)
					put_sentence(&b, SENTENCES + n, WORDS);
			put_sentence(&b, k, WORDS);
			if (k == cases[c].moved_to)
				for (size_t n = 0; n < cases[c].moved_count; n++)
					put_sentence(&b, cases[c].moved_from + n, WORDS);
		}
		pl_text_diff d;
		large_diff(&d, a.ptr, a.len, b.ptr, b.len);
		assert_int_equal(d.words_deleted,
		                 per * (cases[c].moved_count + cases[c].deleted_count));
		assert_int_equal(d.words_inserted,
		                 per * (cases[c].moved_count + cases[c].inserted_count));
		pl_text_diff_free(&d);
		pl_buf_free(&a);
		pl_buf_free(&b);
	}
}

/* Texts that differ everywhere but agree again every 22 lines, farther
 * than the near search looks: each block of 20 changed lines ends where
 * the far search finds the two kept lines, and the redline changes the
 * one word that differs in each line. */
static void test_far_agreements(void **state)
{
	(void)state;
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	size_t changed = 0;
	for (unsigned block = 0; block < 3000; block++) {
		for (unsigned line = 0; line < 20; line++) {
			pl_buf_printf(&a, "old %u %u\n", block, line);
			pl_buf_printf(&b, "new %u %u\n", block, line);
			changed++;
		}
		pl_buf_puts(&a, "kept line\nkept line\n");
		pl_buf_puts(&b, "kept line\nkept line\n");
	}
	pl_text_diff d;
	large_diff(&d, a.ptr, a.len, b.ptr, b.len);
	assert_int_equal(d.words_deleted, changed);
	assert_int_equal(d.words_inserted, changed);
	pl_text_diff_free(&d);
	pl_buf_free(&a);
	pl_buf_free(&b);
}

/* pl_text_count_ascii_words counts what the tokenizer counts, at every
 * length (blocks of 64 and their tails), and refuses non-ASCII text. */
static void test_ascii_word_count(void **state)
{
	(void)state;
	static const char alphabet[] = " \t\nab'Z09.,%!?;:()-\"$";
	char text[300];
	for (int round = 0; round < 5000; round++) {
		size_t len = rng_below(sizeof text);
		for (size_t i = 0; i < len; i++)
			text[i] = alphabet[rng_below(sizeof alphabet - 1)];
		assert_int_equal(pl_text_count_ascii_words(text, len), count_words(text, len));
	}
	assert_int_equal(pl_text_count_ascii_words("caf\xc3\xa9", 5), SIZE_MAX);
}

/* pl_text_ascii_tokens cuts every token where pl_token_split does, white
 * space runs included, appending after what the array holds, and refuses
 * non-ASCII text; with either classifier. */
static void test_ascii_tokens(void **state)
{
	(void)state;
	static const char alphabet[] = " \t\nab'Z09.,%!?;:()-\"$";
	char text[300];
	pl_ascii_token *toks = NULL;
	size_t capacity = 0;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	for (int round = 0; round < 10000; round++) {
		pl_textdiff_avx2 = round % 2 ? 0 : -1;
		size_t len = rng_below(sizeof text);
		for (size_t i = 0; i < len; i++)
			text[i] = alphabet[rng_below(sizeof alphabet - 1)];
		size_t at = rng_below(3);
		size_t n = pl_text_ascii_tokens(text, len, &toks, &capacity, at);
		assert_int_equal(pl_token_split(&list, text, len, 0, NULL), 0);
		assert_int_equal(n, list.count);
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(toks[at + k].offset, list.items[k].offset);
			assert_int_equal(toks[at + k].length, list.items[k].length);
			assert_int_equal(toks[at + k].space, list.items[k].kind == PL_TOKEN_SPACE);
		}
	}
	pl_textdiff_avx2 = -1;
	assert_int_equal(pl_text_ascii_tokens("caf\xc3\xa9 x", 7, &toks, &capacity, 0), SIZE_MAX);
	free(toks);
	pl_token_list_free(&list);
}

/* The JSON of a script long enough to be written on two threads lists
 * every run once, in order, with its ranges: the halves meet right. */
static void test_json_of_long_script(void **state)
{
	(void)state;
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	for (int i = 0; i < 12000; i++) {
		pl_buf_printf(&a, "word%d same. ", i);
		pl_buf_printf(&b, "%s%d same. ", i % 2 ? "word" : "WORD", i);
	}
	pl_text_diff d;
	large_diff(&d, a.ptr, a.len, b.ptr, b.len);
	assert_true(d.run_count >= 8192);
	pl_buf out = PL_BUF_INIT;
	pl_redline_render render = {"a", "b", 0, 0, NULL, NULL};
	pl_text_diff_write_json(&out, &d, &render);
	json_error_t error;
	json_t *root = json_loads(out.ptr, 0, &error);
	if (!root)
		fail_msg("not JSON: %s", error.text);
	json_t *edits = json_object_get(root, "edits");
	assert_int_equal(json_array_size(edits), d.run_count);
	static const char *const ops[] = {"equal", "delete", "insert"};
	for (size_t r = 0; r < d.run_count; r++) {
		const pl_text_run *run = &d.runs[r];
		json_t *edit = json_array_get(edits, r);
		assert_string_equal(json_string_value(json_object_get(edit, "op")), ops[run->kind]);
		json_t *range = json_object_get(edit, run->kind == PL_DIFF_INSERT ? "b" : "a");
		size_t offset = run->kind == PL_DIFF_INSERT ? run->b_offset : run->a_offset;
		assert_int_equal(json_integer_value(json_array_get(range, 0)), offset);
	}
	json_decref(root);
	pl_buf_free(&out);
	pl_text_diff_free(&d);
	pl_buf_free(&a);
	pl_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_and_identical), cmocka_unit_test(test_word_counts),
	    cmocka_unit_test(test_agrees_when_sparse),  cmocka_unit_test(test_random_pairs),
	    cmocka_unit_test(test_minimal_in_words),    cmocka_unit_test(test_single_long_line),
	    cmocka_unit_test(test_edits_at_ends),       cmocka_unit_test(test_structured_edits),
	    cmocka_unit_test(test_invalid_utf8),        cmocka_unit_test(test_unrelated),
	    cmocka_unit_test(test_classifiers_agree),   cmocka_unit_test(test_scan_paths_agree),
	    cmocka_unit_test(test_ascii_word_count),    cmocka_unit_test(test_ascii_tokens),
	    cmocka_unit_test(test_halves_agree),        cmocka_unit_test(test_blocks_moved),
	    cmocka_unit_test(test_far_agreements),      cmocka_unit_test(test_json_of_long_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
