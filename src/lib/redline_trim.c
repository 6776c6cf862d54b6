/* redline_trim.c — the redline of two texts that share most of their bytes,
 * tokenizing only the stretch where they differ (see pl_text_diff_trimmed
 * in redline_int.h).
 *
 * pl_diff_compute strips the longest common run of tokens at each end
 * before it searches (diff.c: strip_common), so a common beginning P and
 * end S cut at token boundaries change nothing in its search: the diff of
 * P M_a S against P M_b S is P, the diff of M_a against M_b, S. Two
 * details of the whole diff look past the middles, and are dealt with:
 *
 * - A lone change (a deletion or an insertion with nothing on the other
 *   side) is slid down as far as the tokens after it repeat it, and may
 *   have been stopped at the end of the middles only. The whole diff
 *   would go on when S begins with the change's first token; then the
 *   middles are extended to the end of the texts.
 * - Whether a changed word starts a sentence depends on the token before
 *   it, which may lie in P.
 *
 * A cut at byte p is a token boundary on both sides when p is 0 or the
 * end of a text, or when text[p - 1] and text[p] are ASCII and one of them
 * is white space, the other not: nothing in the tokenizer (parley/token.h)
 * joins those two bytes, and nothing before p changes how the text from p
 * on is split. Both kinds of cut are needed: P must reach as far as the
 * tokens the whole diff would strip, white space included, or the middle
 * diff places an insertion before a space where the whole one places it
 * after. */
#include "parley/mem.h"
#include "redline_int.h"
#include "textdiff_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Past this many bytes on both sides, pl_diff_compute's cost limit grows
 * with the length, so the middles alone could be diffed differently. */
enum { TRIM_MAX_BYTES = 65536 };

static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= 9 && c <= 13);
}

/* 1 when byte p of s (of length len) is a token boundary of the kind the
 * top comment describes. */
static int is_cut(const char *s, size_t len, size_t p)
{
	if (p == 0 || p == len)
		return 1;
	unsigned char before = (unsigned char)s[p - 1], at = (unsigned char)s[p];
	return before < 0x80 && at < 0x80 && ascii_space(before) != ascii_space(at);
}

/* 1 when the character ending just before byte p is white space by the
 * tokenizer's rule (ASCII white space, Unicode Zs, Zl, Zp, NEL); its first
 * byte goes to *start. */
static int space_before(const char *s, size_t p, size_t *start)
{
	unsigned char c = (unsigned char)s[p - 1];
	*start = p - 1;
	if (c < 0x80)
		return ascii_space(c);
	while (*start && ((unsigned char)s[*start] & 0xC0) == 0x80 && p - *start < 4)
		(*start)--;
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + *start, (utf8proc_ssize_t)(p - *start),
	                     &cp) != (utf8proc_ssize_t)(p - *start))
		return 0;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP || cp == 0x85;
}

/* Whether a word right after the cut p starts a sentence, as
 * pl_text_diff_classify decides it: the token before it, white space
 * aside, is one of . ! ? : ; ( ) alone, or there is none. */
static int sentence_starts_at(const char *s, size_t p)
{
	size_t start;
	while (p && space_before(s, p, &start))
		p = start;
	if (!p)
		return 1;
	/* Followed by white space or the cut, an ASCII character ends its
	 * token; the token is the character alone exactly when it is one of
	 * these (no ASCII character extends a run or a cluster past them). A
	 * token ending in a byte >= 0x80 never is. */
	return strchr(".!?:;()", s[p - 1]) != NULL;
}

/* The words (non-space tokens) of text[0..len), a stretch cut at token
 * boundaries: ASCII text by the scan of the large text diff, anything
 * else split by the tokenizer. */
static size_t count_words(const char *text, size_t len, pl_token_list *scratch)
{
	size_t words = pl_text_count_ascii_words(text, len);
	if (words != SIZE_MAX)
		return words;
	words = 0;
	if (pl_token_split(scratch, text, len, 0, NULL) == 0)
		for (size_t i = 0; i < scratch->count; i++)
			words += scratch->items[i].kind != PL_TOKEN_SPACE;
	return words;
}

/* The longest common end of a[p..a_len) and b[p..b_len) that begins at a
 * cut on both sides. */
static size_t suffix_at_cut(const char *a, size_t a_len, const char *b, size_t b_len, size_t p)
{
	size_t limit = (a_len < b_len ? a_len : b_len) - p;
	size_t m = pl_common_suffix(a, a_len, b, b_len, limit);
	while (m && !(is_cut(a, a_len, a_len - m) && is_cut(b, b_len, b_len - m)))
		m--;
	return m;
}

/* 1 when the whole diff could slide the middle's lone last change into S
 * (the m bytes at s): S begins with the bytes of the change's first token. */
static int may_slide_on(const pl_text_diff *middle, const pl_lone_tail *tail, const char *s,
                        size_t m)
{
	if (tail->side < 0 || !m)
		return 0;
	const pl_token_list *list = tail->side ? &middle->b_tokens : &middle->a_tokens;
	const char *text = tail->side ? middle->b : middle->a;
	const pl_token *t = &list->items[tail->index];
	return t->length <= m && memcmp(text + t->offset, s, t->length) == 0;
}

/* out: P, the middle's runs moved by p, then S (m bytes). */
static void put_together(pl_text_diff *out, const pl_text_diff *middle, size_t p, size_t m)
{
	pl_text_diff_add_run(out, PL_DIFF_EQUAL, 0, p, 0, p);
	for (size_t r = 0; r < middle->run_count; r++) {
		const pl_text_run *run = &middle->runs[r];
		pl_text_diff_add_run(out, run->kind, run->a_offset + p, run->a_length,
		                     run->b_offset + p, run->b_length);
	}
	pl_text_diff_add_run(out, PL_DIFF_EQUAL, out->a_len - m, m, out->b_len - m, m);
	out->words_deleted = middle->words_deleted;
	out->words_inserted = middle->words_inserted;
	out->changed = middle->changed;
	out->minimal = middle->minimal;
}

static int whole_diff(pl_text_diff *out, pl_change *change, const char *a, size_t a_len,
                      const char *b, size_t b_len, unsigned token_options, pl_error *err)
{
	int rc = pl_text_diff_compute(out, a, a_len, b, b_len, token_options, err);
	if (rc == 0)
		*change = pl_text_diff_classify(out);
	return rc;
}

int pl_text_diff_trimmed(pl_text_diff *out, pl_change *change, const char *a, const char *b,
                         unsigned token_options, pl_trim_scratch *scratch, pl_error *err)
{
	size_t a_len = strlen(a), b_len = strlen(b);
	if (token_options || a_len + b_len > TRIM_MAX_BYTES)
		return whole_diff(out, change, a, a_len, b, b_len, token_options, err);
	if (!scratch->interner)
		scratch->interner = pl_interner_new(0);
	size_t p = pl_common_prefix(a, b, a_len < b_len ? a_len : b_len);
	while (p && !(is_cut(a, a_len, p) && is_cut(b, b_len, p)))
		p--;
	size_t m = suffix_at_cut(a, a_len, b, b_len, p);
	pl_text_diff *middle = &scratch->middle;
	pl_lone_tail tail;
	int rc = pl_text_diff_redo(middle, a + p, a_len - p - m, b + p, b_len - p - m, 0,
	                           scratch->interner, &scratch->diff, &tail, err);
	if (rc == 0 && may_slide_on(middle, &tail, a + a_len - m, m)) {
		m = 0;
		rc = pl_text_diff_redo(middle, a + p, a_len - p, b + p, b_len - p, 0,
		                       scratch->interner, &scratch->diff, NULL, err);
	}
	if (rc) /* not reached for checked texts; its message names whole-text offsets */
		return whole_diff(out, change, a, a_len, b, b_len, token_options, err);
	memset(out, 0, sizeof *out);
	out->a = a;
	out->b = b;
	out->a_len = a_len;
	out->b_len = b_len;
	put_together(out, middle, p, m);
	size_t common =
	    count_words(a, p, &scratch->words) + count_words(a + a_len - m, m, &scratch->words);
	out->words_a = common + middle->words_a;
	out->words_b = common + middle->words_b;
	int starts_before = sentence_starts_at(a, p);
	*change = pl_text_diff_classify_part(middle, out->words_a, out->words_b, starts_before);
	return 0;
}

void pl_trim_scratch_free(pl_trim_scratch *scratch)
{
	pl_text_diff_free(&scratch->middle);
	pl_interner_free(scratch->interner);
	pl_token_list_free(&scratch->words);
	pl_diff_workspace_free(&scratch->diff);
	memset(scratch, 0, sizeof *scratch);
}
