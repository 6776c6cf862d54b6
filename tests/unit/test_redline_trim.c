/* Tests of pl_text_diff_trimmed: on random texts and random edits of them
 * it must give exactly what pl_text_diff_compute and pl_text_diff_classify
 * give for the whole texts — the same runs, counts and classification. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/redline.h"
#include "redline_int.h"

/* Pieces the tokenizer treats in every way it can: words, numbers with
 * joiners, apostrophes, punctuation that starts sentences, repeated words
 * (which make changes slide), white space runs of several kinds,
 * Cyrillic, a no-break space, CJK, an emoji. */
static const char *const pieces[] = {
    "the",   "the",     "a",     "army",      "NATO",  "600,000",  "24.5%", "5th",
    "don't", "Ukraine", "shall", "not",       "cap",   "of",       "of",    ".",
    ",",     ";",       ":",     "(",         ")",     "!",        "?",     "-",
    "\"",    "'",       "%",     " ",         " ",     " ",        " ",     "  ",
    "\n",    "\t",      " \n ",  "Україна",   "п’ять", "\xc2\xa0", "中国",  "\xf0\x9f\x98\x80",
    "x.y",   "1.",      "(a)",   "e\xcc\x81",
};
#define PIECES (sizeof pieces / sizeof *pieces)

static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 8) & 0xFFFFFF;
}

static size_t random_text(char *out, size_t max_pieces, unsigned *state)
{
	size_t len = 0, n = next_random(state) % max_pieces;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[next_random(state) % PIECES];
		memcpy(out + len, p, strlen(p) + 1);
		len += strlen(p);
	}
	return len;
}

/* b: a with a few pieces inserted, deleted or replaced at random places
 * (cut anywhere, also inside a word or a multi-byte character: invalid
 * UTF-8 is skipped by the caller). */
static void random_edit(char *b, const char *a, unsigned *state)
{
	size_t len = strlen(a);
	strcpy(b, a);
	unsigned edits = 1 + next_random(state) % 3;
	for (unsigned e = 0; e < edits; e++) {
		size_t at = len ? next_random(state) % (len + 1) : 0;
		size_t cut = next_random(state) % 3 == 0 ? next_random(state) % 6 : 0;
		if (at + cut > len)
			cut = len - at;
		const char *piece =
		    next_random(state) % 4 == 0 ? "" : pieces[next_random(state) % PIECES];
		size_t plen = strlen(piece);
		memmove(b + at + plen, b + at + cut, len - at - cut + 1);
		memcpy(b + at, piece, plen);
		len = len - cut + plen;
	}
}

static int same_runs(const pl_text_diff *x, const pl_text_diff *y)
{
	if (x->run_count != y->run_count)
		return 0;
	for (size_t r = 0; r < x->run_count; r++) {
		const pl_text_run *p = &x->runs[r], *q = &y->runs[r];
		if (p->kind != q->kind || p->a_offset != q->a_offset ||
		    p->a_length != q->a_length || p->b_offset != q->b_offset ||
		    p->b_length != q->b_length)
			return 0;
	}
	return 1;
}

static void assert_same_diff(const char *a, const char *b, pl_trim_scratch *scratch)
{
	pl_text_diff whole, trimmed;
	pl_error err;
	if (pl_text_diff_compute(&whole, a, strlen(a), b, strlen(b), 0, &err) != 0)
		return; /* invalid UTF-8 from a cut inside a character */
	pl_change expected = pl_text_diff_classify(&whole), got = PL_CHANGE_COUNT;
	assert_int_equal(pl_text_diff_trimmed(&trimmed, &got, a, b, 0, scratch, &err), 0);
	if (got != expected || !same_runs(&whole, &trimmed) || whole.words_a != trimmed.words_a ||
	    whole.words_b != trimmed.words_b || whole.words_deleted != trimmed.words_deleted ||
	    whole.words_inserted != trimmed.words_inserted || whole.changed != trimmed.changed ||
	    whole.minimal != trimmed.minimal)
		fail_msg(
		    "trimmed diff differs for\n  a = \"%s\"\n  b = \"%s\"\n"
		    "  change %d / %d, runs %zu / %zu, words %zu %zu %zu %zu / %zu %zu %zu %zu,"
		    " changed %d / %d, minimal %d / %d",
		    a, b, (int)expected, (int)got, whole.run_count, trimmed.run_count,
		    whole.words_a, whole.words_b, whole.words_deleted, whole.words_inserted,
		    trimmed.words_a, trimmed.words_b, trimmed.words_deleted, trimmed.words_inserted,
		    whole.changed, trimmed.changed, whole.minimal, trimmed.minimal);
	pl_text_diff_free(&whole);
	pl_text_diff_free(&trimmed);
}

static void test_random_edits(void **state)
{
	(void)state;
	static char a[4096], b[8192];
	unsigned seed = 7;
	pl_trim_scratch scratch;
	memset(&scratch, 0, sizeof scratch);
	for (int round = 0; round < 20000; round++) {
		random_text(a, 1 + round % 60, &seed);
		random_edit(b, a, &seed);
		if (strcmp(a, b) == 0)
			continue;
		assert_same_diff(a, b, &scratch);
		assert_same_diff(b, a, &scratch);
	}
	pl_trim_scratch_free(&scratch);
}

/* Cases written out: a change sliding over repeated words into the common
 * end, insertions at either end, a sentence start before the change. */
static void test_written_cases(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
	    {"x y", "x w y"},
	    {"the cap the cap is", "the cap is"},
	    {"a b b b c", "a b b c"},
	    {"one. Two three", "one. NATO two three"},
	    {"one  Two", "one Two"},
	    {"Ukraine", "Ukraine shall"},
	    {"shall Ukraine", "Ukraine"},
	    {"600,000 troops", "800,000 troops"},
	    {"x", "y"},
	    {"", "word"},
	    {"word", ""},
	    {"Україна  п’ять", "Україна п’ять слів"},
	};
	pl_trim_scratch scratch;
	memset(&scratch, 0, sizeof scratch);
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		assert_same_diff(pairs[i][0], pairs[i][1], &scratch);
		assert_same_diff(pairs[i][1], pairs[i][0], &scratch);
	}
	pl_trim_scratch_free(&scratch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_written_cases),
	    cmocka_unit_test(test_random_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
