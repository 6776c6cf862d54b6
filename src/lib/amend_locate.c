/* amend_locate.c — finding the words an edit quotes, by words or by line
 * (parley/amend.h, docs/lines.md), and saying where they are when they are
 * not where the edit looks: the sub-item they are in, the line they are
 * on, or the closest run of as many words. */
#include "parley/amend.h"
#include "parley/lines.h"
#include "parley/mem.h"
#include "parley/token.h"
#include "amend_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- words of a text ------------------------------------------------- */

typedef struct words {
	pl_token_list tokens;
	size_t *index; /* token index of each word */
	size_t count;
} words;

/* Splits text into words, reusing w's arrays (w starts zeroed). */
static int resplit_words(words *w, size_t *index_capacity, const char *text, pl_error *err)
{
	w->count = 0;
	int rc = pl_token_split(&w->tokens, text, strlen(text), 0, err);
	if (rc)
		return rc;
	w->index = pl_grow(w->index, index_capacity, w->tokens.count + 1, sizeof *w->index);
	for (size_t i = 0; i < w->tokens.count; i++)
		if (w->tokens.items[i].kind != PL_TOKEN_SPACE)
			w->index[w->count++] = i;
	return 0;
}

static int split_words(words *w, const char *text, pl_error *err)
{
	size_t capacity = 0;
	memset(w, 0, sizeof *w);
	return resplit_words(w, &capacity, text, err);
}

static void words_free(words *w)
{
	pl_token_list_free(&w->tokens);
	free(w->index);
}

static const pl_token *word_at(const words *w, size_t i)
{
	return &w->tokens.items[w->index[i]];
}

static int locate_point(const pl_doc *doc, const char *id, size_t *index, pl_error *err)
{
	*index = id ? pl_doc_index_of(doc, id) : PL_NO_PART;
	if (*index == PL_NO_PART)
		return pl_error_set(err, PL_ENOTFOUND, "no point %s in the base version",
		                    id ? id : "(none)");
	return 0;
}

/* --- finding quoted words ---------------------------------------------- */

/* The text of a point that item names: PL_LEAD_TEXT or a sub-item index. */
static const char *text_of(const pl_point *point, size_t item)
{
	return item == PL_LEAD_TEXT ? point->text : point->items[item].text;
}

/* item_index of a sub-item label the point does not have. */
#define NO_ITEM (SIZE_MAX - 1)

static size_t item_index(const pl_point *point, const char *item)
{
	if (!item)
		return PL_LEAD_TEXT;
	for (size_t k = 0; k < point->item_count; k++)
		if (strcmp(point->items[k].label, item) == 0)
			return k;
	return NO_ITEM;
}

/* A word's comparison form for near misses: ASCII letters lower-cased,
 * punctuation dropped, so "600000" meets "600,000" and "Ukraine's" meets
 * "Ukraines". Written to buf (cap bytes at most); returns its length. */
static size_t loose_form(const char *s, size_t len, char *buf, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && !isalnum(c))
			continue;
		buf[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	return n;
}

#define LOOSE_MAX 48

/* 100 when two words' loose forms are equal, else 0. */
static int loose_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
	char x[LOOSE_MAX], y[LOOSE_MAX];
	size_t n = loose_form(a, a_len, x, sizeof x), m = loose_form(b, b_len, y, sizeof y);
	return n == m && memcmp(x, y, n) == 0 ? 100 : 0;
}

/* How alike two words are, 0 to 100: 100 when their loose forms are equal,
 * else at most 90, less in proportion to their edit distance (Levenshtein
 * 1966) over the longer; 0 for words too long to compare. */
static int word_likeness(const char *a, size_t a_len, const char *b, size_t b_len)
{
	char x[LOOSE_MAX], y[LOOSE_MAX];
	size_t n = loose_form(a, a_len, x, sizeof x), m = loose_form(b, b_len, y, sizeof y);
	if (n == m && memcmp(x, y, n) == 0)
		return 100;
	if (!n || !m || n == LOOSE_MAX || m == LOOSE_MAX)
		return 0;
	size_t row[LOOSE_MAX + 1];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diagonal = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t above = row[j];
			size_t best = diagonal + (x[i - 1] != y[j - 1]);
			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	size_t longer = n > m ? n : m;
	return row[m] >= longer ? 0 : (int)(90 - 90 * row[m] / longer);
}

/* What a search of one point found: the words quoted, exactly (exact), or
 * the closest run of as many words (its score, the sum of word_likeness). */
typedef struct found {
	size_t item, at, end; /* text, first word, past the last */
	long score;           /* -1: nothing yet */
} found;

/* The words of list [lo, hi) that are more than punctuation, by index:
 * near misses are measured over these, so "Crimea Luhansk" is two words
 * as "Crimea, Luhansk" is. All of them when none is. */
static size_t *loose_words(const words *list, const char *s, size_t lo, size_t hi, size_t *count)
{
	size_t *out = pl_malloc((hi - lo + 1) * sizeof *out);
	char scratch[1];
	*count = 0;
	for (size_t i = lo; i < hi; i++) {
		const pl_token *w = word_at(list, i);
		for (size_t b = 0; b < w->length; b++)
			if (loose_form(s + w->offset + b, 1, scratch, 1)) {
				out[(*count)++] = i;
				break;
			}
	}
	if (!*count)
		for (size_t i = lo; i < hi; i++)
			out[(*count)++] = i;
	return out;
}

/* The closest run of the quote's words among text's words in [lo, hi),
 * into *close when it beats what is there. Likeness of every pair costs
 * quote x text words; past a bound only loose equality counts, so a huge
 * point still answers at once. */
static void closest_run(const words *text, const char *t, size_t item, size_t lo, size_t hi,
                        const words *quote, const char *q, found *close)
{
	size_t n, m;
	size_t *tw = loose_words(text, t, lo, hi, &n),
	       *qw = loose_words(quote, q, 0, quote->count, &m);
	int cheap = n * m > 200000;
	for (size_t at = 0; m && at < n; at++) {
		long score = 0;
		size_t k = 0;
		for (; k < m && at + k < n; k++) {
			const pl_token *x = word_at(text, tw[at + k]), *y = word_at(quote, qw[k]);
			score +=
			    cheap
			        ? loose_equal(t + x->offset, x->length, q + y->offset, y->length)
			        : word_likeness(t + x->offset, x->length, q + y->offset, y->length);
		}
		if (score > close->score)
			*close = (found){item, tw[at], tw[at + k - 1] + 1, score};
	}
	free(tw);
	free(qw);
}

/* Searches the words of one text that lie in bytes [from, to) for the
 * quote: the first exact match into *exact, the closest run into *close
 * (when close is not NULL). */
static void scan_text(const words *text, const char *t, size_t item, const words *quote,
                      const char *q, size_t from, size_t to, found *exact, found *close)
{
	size_t lo = 0;
	while (lo < text->count && word_at(text, lo)->offset < from)
		lo++;
	size_t hi = lo;
	while (hi < text->count && word_at(text, hi)->offset + word_at(text, hi)->length <= to)
		hi++;
	for (size_t at = lo; exact->score < 0 && at + quote->count <= hi; at++) {
		size_t k = 0;
		for (; k < quote->count; k++) {
			const pl_token *x = word_at(text, at + k), *y = word_at(quote, k);
			if (x->length != y->length ||
			    memcmp(t + x->offset, q + y->offset, x->length) != 0)
				break;
		}
		if (k == quote->count)
			*exact = (found){item, at, at + k, 0};
	}
	if (close && exact->score < 0)
		closest_run(text, t, item, lo, hi, quote, q, close);
}

/* Bytes [from, to) of words [at, end) of text. */
static void run_bytes(const words *text, size_t at, size_t end, size_t *from, size_t *to)
{
	if (!text->count || at >= text->count || end <= at) {
		*from = *to = 0;
		return;
	}
	size_t last = end - 1 < text->count ? end - 1 : text->count - 1;
	*from = word_at(text, at)->offset;
	*to = word_at(text, last)->offset + word_at(text, last)->length;
}

/* The line of point a run of words of one text starts on ("line 3"). */
static size_t line_of(const pl_point *point, size_t item, size_t from, size_t to)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	size_t first = 0, last = 0;
	pl_point_lines(&lines, point);
	pl_lines_covering(&lines, item, from, to, &first, &last);
	pl_line_list_free(&lines);
	return first;
}

/* "21" or "21(a)": how to cite a text of a point. */
static void cite(char *buf, size_t size, const pl_point *point, size_t item)
{
	if (item == PL_LEAD_TEXT)
		snprintf(buf, size, "%s", point->label);
	else
		snprintf(buf, size, "%s(%s)", point->label, point->items[item].label);
}

/* The message for a quote that is not where it was looked for: where it
 * is word for word (elsewhere), or the closest run of as many words. */
static int not_found(const pl_point *point, size_t item, const char *quote, const char *where,
                     const found *elsewhere, const found *close, pl_error *err)
{
	char wanted[96], other[96];
	cite(wanted, sizeof wanted, point, item);
	const found *f = elsewhere->score >= 0 ? elsewhere : close;
	if (f->score < 0)
		return pl_error_set(err, PL_EINVALID, "'%s' is not %s point %s, which has no words",
		                    quote, where, wanted);
	words text;
	if (split_words(&text, text_of(point, f->item), NULL)) {
		words_free(&text);
		return pl_error_set(err, PL_EINVALID, "'%s' is not %s point %s", quote, where,
		                    wanted);
	}
	size_t from, to;
	run_bytes(&text, f->at, f->end, &from, &to);
	words_free(&text);
	size_t line = line_of(point, f->item, from, to);
	cite(other, sizeof other, point, f->item);
	const char *t = text_of(point, f->item);
	if (f == elsewhere && f->item != item)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not %s point %s: it is in %s, line %zu: write "
		                    "'%s: %s -> …'",
		                    quote, where, wanted, other, line, other, quote);
	if (f == elsewhere)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not %s point %s: it is on line %zu: write '%s, line "
		                    "%zu: %s -> …'",
		                    quote, where, wanted, line, point->label, line, quote);
	if (f->item != item)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not %s point %s; closest match: '%.*s' in %s, line "
		                    "%zu",
		                    quote, where, wanted, (int)(to - from), t + from, other, line);
	return pl_error_set(err, PL_EINVALID,
	                    "'%s' is not %s point %s; closest match: '%.*s' on line %zu", quote,
	                    where, wanted, (int)(to - from), t + from, line);
}

/* Finds old_words in text item of point, within bytes [from, to) of it, and
 * sets op's span; else explains, naming where the words are or the
 * closest run of as many words. where: "in" or "on line 3 of". */
static int locate(pl_amend_op *op, const pl_point *point, size_t item, size_t from, size_t to,
                  const char *where, const char *old_words, pl_error *err)
{
	words quote, text;
	int rc = split_words(&quote, old_words, err);
	if (rc)
		return rc;
	if (!quote.count) {
		words_free(&quote);
		return pl_error_set(err, PL_EINVALID, "quote at least one word to edit");
	}
	memset(&text, 0, sizeof text);
	size_t capacity = 0;
	found exact = {0, 0, 0, -1}, close = {0, 0, 0, -1}, elsewhere = {0, 0, 0, -1};
	if ((rc = resplit_words(&text, &capacity, text_of(point, item), err)) == 0)
		scan_text(&text, text_of(point, item), item, &quote, old_words, from, to, &exact,
		          &close);
	/* Not there: is it elsewhere in the point, word for word? */
	for (size_t k = 0; rc == 0 && exact.score < 0 && k <= point->item_count; k++) {
		size_t other = k == point->item_count ? PL_LEAD_TEXT : k;
		rc = resplit_words(&text, &capacity, text_of(point, other), err);
		if (rc == 0)
			scan_text(&text, text_of(point, other), other, &quote, old_words, 0,
			          SIZE_MAX, &elsewhere, other == item ? NULL : &close);
	}
	if (rc == 0 && exact.score >= 0) {
		op->start = exact.at;
		op->end = exact.at + quote.count;
	} else if (rc == 0) {
		rc = not_found(point, item, old_words, where, &elsewhere, &close, err);
	}
	words_free(&text);
	words_free(&quote);
	return rc;
}

int pl_edit_locate(pl_amend_op *op, const pl_doc *doc, const char *old_words, pl_error *err)
{
	size_t index;
	int rc = locate_point(doc, op->point, &index, err);
	if (rc)
		return rc;
	const pl_point *point = &doc->points[index];
	size_t item = item_index(point, op->item);
	if (item == NO_ITEM)
		return pl_error_set(err, PL_ENOTFOUND, "point %s has no sub-item (%s)",
		                    point->label, op->item);
	return locate(op, point, item, 0, SIZE_MAX, "in", old_words, err);
}

/* The text lines [first, last] of point lie in, and their bytes in it. */
static int line_span(const pl_point *point, size_t first, size_t last, size_t *item, size_t *from,
                     size_t *to, pl_error *err)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	int rc = 0;
	if (first < 1 || last < first || last > lines.count) {
		if (first < 1 || last < first)
			rc = pl_error_set(err, PL_EINVALID,
			                  "lines %zu-%zu: count lines from 1, the "
			                  "first no later than the last",
			                  first, last);
		else
			rc = pl_error_set(err, PL_EINVALID, "point %s has %zu line%s", point->label,
			                  lines.count, lines.count == 1 ? "" : "s");
	} else if (lines.lines[first - 1].item != lines.lines[last - 1].item) {
		rc = pl_error_set(err, PL_EINVALID,
		                  "lines %zu-%zu of point %s run across sub-items: cite lines of "
		                  "one text",
		                  first, last, point->label);
	} else {
		*item = lines.lines[first - 1].item;
		*from = lines.lines[first - 1].start;
		*to = lines.lines[last - 1].end;
	}
	pl_line_list_free(&lines);
	return rc;
}

static int set_item(pl_amend_op *op, const pl_point *point, size_t item)
{
	free(op->item);
	op->item = item == PL_LEAD_TEXT ? NULL : pl_strdup(point->items[item].label);
	return 0;
}

/* The point op names and the words of its lines first to last: their
 * sub-item (set on op) and byte range. */
static int lines_of_op(pl_amend_op *op, const pl_doc *doc, size_t first, size_t last,
                       const pl_point **point, size_t *item, size_t *from, size_t *to,
                       pl_error *err)
{
	size_t index;
	int rc = locate_point(doc, op->point, &index, err);
	*point = rc ? NULL : &doc->points[index];
	if (rc == 0)
		rc = line_span(*point, first, last, item, from, to, err);
	if (rc == 0)
		set_item(op, *point, *item);
	return rc;
}

int pl_edit_locate_lines(pl_amend_op *op, const pl_doc *doc, size_t first, size_t last,
                         const char *old_words, pl_error *err)
{
	const pl_point *point;
	size_t item = PL_LEAD_TEXT, from = 0, to = 0;
	int rc = lines_of_op(op, doc, first, last, &point, &item, &from, &to, err);
	if (rc)
		return rc;
	char where[64];
	if (first == last)
		snprintf(where, sizeof where, "on line %zu of", first);
	else
		snprintf(where, sizeof where, "on lines %zu-%zu of", first, last);
	return locate(op, point, item, from, to, where, old_words, err);
}

int pl_edit_span_lines(pl_amend_op *op, const pl_doc *doc, size_t first, size_t last, pl_error *err)
{
	const pl_point *point;
	size_t item = PL_LEAD_TEXT, from = 0, to = 0;
	int rc = lines_of_op(op, doc, first, last, &point, &item, &from, &to, err);
	if (rc)
		return rc;
	words text;
	if ((rc = split_words(&text, text_of(point, item), err)) == 0) {
		size_t start = 0;
		while (start < text.count && word_at(&text, start)->offset < from)
			start++;
		size_t end = start;
		while (end < text.count && word_at(&text, end)->offset < to)
			end++;
		op->start = start;
		op->end = end;
	}
	words_free(&text);
	return rc;
}

char *pl_edit_old_words(const pl_amend_op *op, const pl_doc *base)
{
	size_t index = op->point ? pl_doc_index_of(base, op->point) : PL_NO_PART;
	if (op->kind != PL_OP_EDIT || index == PL_NO_PART)
		return NULL;
	const pl_point *point = &base->points[index];
	size_t item = item_index(point, op->item);
	words text;
	if (item == NO_ITEM || split_words(&text, text_of(point, item), NULL)) {
		if (item != NO_ITEM)
			words_free(&text);
		return NULL;
	}
	size_t from, to;
	run_bytes(&text, op->start, op->end, &from, &to);
	char *out = op->end > op->start && op->end <= text.count
	                ? pl_strndup(text_of(point, item) + from, to - from)
	                : NULL;
	words_free(&text);
	return out;
}

int pl_amend_op_lines_at(const pl_amend_op *op, const pl_point *point, size_t *first, size_t *last,
                         size_t *count)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	*count = lines.count;
	int rc = 0;
	if (op->kind != PL_OP_EDIT) {
		*first = 1;
		*last = lines.count;
	} else {
		size_t item = item_index(point, op->item);
		words text;
		rc = item == NO_ITEM ? -1 : split_words(&text, text_of(point, item), NULL);
		if (rc == 0) {
			size_t len = strlen(text_of(point, item));
			size_t from =
			    op->start < text.count ? word_at(&text, op->start)->offset : len;
			size_t to = op->end > op->start && op->end <= text.count
			                ? word_at(&text, op->end - 1)->offset +
			                      word_at(&text, op->end - 1)->length
			                : from;
			rc = pl_lines_covering(&lines, item, from, to, first, last);
		}
		if (item != NO_ITEM)
			words_free(&text);
	}
	pl_line_list_free(&lines);
	return rc;
}

int pl_amend_op_lines(const pl_amend_op *op, const pl_doc *base, size_t *first, size_t *last,
                      size_t *count)
{
	*first = *last = *count = 0;
	size_t index = op->point ? pl_doc_index_of(base, op->point) : PL_NO_PART;
	if (index == PL_NO_PART || op->kind == PL_OP_INSERT || op->kind == PL_OP_RENAME_PART)
		return -1;
	return pl_amend_op_lines_at(op, &base->points[index], first, last, count);
}
