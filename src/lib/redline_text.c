/* redline_text.c — the word redline of two texts, and whether a change is a
 * rewording or a change of substance. */
#include "parley/mem.h"
#include "parley/redline.h"
#include "redline_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *pl_change_name(pl_change change)
{
	static const char *const names[PL_CHANGE_COUNT] = {"unchanged", "reworded", "substantive",
	                                                   "moved",     "added",    "deleted"};
	return change < PL_CHANGE_COUNT ? names[change] : "?";
}

static size_t count_words(const pl_token_list *list)
{
	size_t words = 0;
	for (size_t i = 0; i < list->count; i++)
		words += list->items[i].kind != PL_TOKEN_SPACE;
	return words;
}

static size_t count_changed_words(const pl_diff_script *script, const pl_token_list *list,
                                  pl_diff_kind kind)
{
	size_t words = 0;
	for (size_t r = 0; r < script->count; r++) {
		const pl_diff_op *op = &script->ops[r];
		if (op->kind != kind)
			continue;
		size_t start = kind == PL_DIFF_DELETE ? op->a_start : op->b_start;
		for (size_t i = start; i < start + op->length; i++)
			words += list->items[i].kind != PL_TOKEN_SPACE;
	}
	return words;
}

static void script_to_runs(pl_text_diff *diff);

static int all_space(const pl_token_list *list, size_t start, size_t length)
{
	for (size_t i = start; i < start + length; i++)
		if (list->items[i].kind != PL_TOKEN_SPACE)
			return 0;
	return 1;
}

/* The last run of a raw script when it is a lone change (a deletion not
 * followed by an insertion, or an insertion not preceded by a deletion). */
static void find_lone_tail(const pl_diff_script *script, pl_lone_tail *tail)
{
	tail->side = -1;
	tail->index = 0;
	if (!script->count)
		return;
	const pl_diff_op *last = &script->ops[script->count - 1];
	if (last->kind == PL_DIFF_DELETE) {
		tail->side = 0;
		tail->index = last->a_start;
	} else if (last->kind == PL_DIFF_INSERT &&
	           !(script->count >= 2 && script->ops[script->count - 2].kind == PL_DIFF_DELETE)) {
		tail->side = 1;
		tail->index = last->b_start;
	}
}

/* A readable redline: a change, white space, another change reads as two
 * fragments of one edit ("[-Ukraine writes-]{+Whether+} [-into-]{+Ukraine+}")
 * — so equal runs of white space alone between two changes join the
 * change around them, like the semantic clean-up of Myers-based diff tools.
 * Words changed stay the same; only space tokens move into the change. */
static void join_changes(pl_diff_script *script, const pl_token_list *a_tokens)
{
	pl_diff_script joined = PL_DIFF_SCRIPT_INIT;
	joined.flags = script->flags;
	size_t r = 0;
	while (r < script->count) {
		const pl_diff_op *op = &script->ops[r];
		if (op->kind == PL_DIFF_EQUAL) {
			pl_diff_script_push(&joined, PL_DIFF_EQUAL, op->a_start, op->b_start,
			                    op->length);
			r++;
			continue;
		}
		/* A stretch of changes, possibly bridged by white space. */
		size_t a_start = op->a_start, b_start = op->b_start, a_end = a_start,
		       b_end = b_start;
		size_t end = r;
		for (size_t k = r; k < script->count; k++) {
			const pl_diff_op *x = &script->ops[k];
			if (x->kind == PL_DIFF_EQUAL) {
				int bridge = k + 1 < script->count &&
				             all_space(a_tokens, x->a_start, x->length);
				if (!bridge)
					break;
			}
			a_end = x->kind == PL_DIFF_INSERT ? x->a_start : x->a_start + x->length;
			b_end = x->kind == PL_DIFF_DELETE ? x->b_start : x->b_start + x->length;
			end = k + 1;
		}
		pl_diff_script_push(&joined, PL_DIFF_DELETE, a_start, b_start, a_end - a_start);
		pl_diff_script_push(&joined, PL_DIFF_INSERT, a_end, b_start, b_end - b_start);
		r = end;
	}
	pl_diff_script_free(script);
	*script = joined;
}

/* The body of pl_text_diff_compute over out's own arrays (kept from an
 * earlier call: their memory is reused) with the caller's interner. When
 * lone_tail is not NULL, it gets the token (side 0 for a, 1 for b, index)
 * starting the last run of the raw script when that run is a change
 * without its counterpart — a run that pl_diff_compute may have slid as
 * far as the text's end — or side -1. */
int pl_text_diff_redo(pl_text_diff *out, const char *a, size_t a_len, const char *b, size_t b_len,
                      unsigned token_options, pl_interner *interner, pl_diff_workspace *workspace,
                      pl_lone_tail *lone_tail, pl_error *err)
{
	out->a = a;
	out->b = b;
	out->a_len = a_len;
	out->b_len = b_len;
	out->run_count = 0;
	int rc = pl_token_split(&out->a_tokens, a, a_len, token_options, err);
	if (rc == 0)
		rc = pl_token_split(&out->b_tokens, b, b_len, token_options, err);
	if (rc)
		return rc;
	size_t na = out->a_tokens.count, nb = out->b_tokens.count;
	pl_diff_workspace own;
	pl_diff_workspace *ws = workspace ? workspace : &own;
	if (!workspace)
		memset(&own, 0, sizeof own);
	if (ws->ids_capacity < na + nb + 1) {
		free(ws->ids);
		ws->ids_capacity = na + nb + 1;
		ws->ids = pl_malloc(ws->ids_capacity * sizeof *ws->ids);
	}
	uint32_t *ids = ws->ids;
	rc = pl_interner_add(interner, ids, a, &out->a_tokens, err);
	if (rc == 0)
		rc = pl_interner_add(interner, ids + na, b, &out->b_tokens, err);
	if (rc == 0) {
		pl_diff_compute_in(ws, &out->script, ids, na, ids + na, nb, NULL);
		if (lone_tail)
			find_lone_tail(&out->script, lone_tail);
		join_changes(&out->script, &out->a_tokens);
	}
	if (!workspace)
		pl_diff_workspace_free(&own);
	if (rc)
		return rc;
	out->words_a = count_words(&out->a_tokens);
	out->words_b = count_words(&out->b_tokens);
	out->words_deleted = count_changed_words(&out->script, &out->a_tokens, PL_DIFF_DELETE);
	out->words_inserted = count_changed_words(&out->script, &out->b_tokens, PL_DIFF_INSERT);
	out->changed = out->script.deleted || out->script.inserted;
	out->minimal = !(out->script.flags & (PL_DIFF_CUT | PL_DIFF_ANCHORED));
	script_to_runs(out);
	return 0;
}

int pl_text_diff_compute(pl_text_diff *out, const char *a, size_t a_len, const char *b,
                         size_t b_len, unsigned token_options, pl_error *err)
{
	memset(out, 0, sizeof *out);
	pl_interner *interner = pl_interner_new(token_options);
	int rc =
	    pl_text_diff_redo(out, a, a_len, b, b_len, token_options, interner, NULL, NULL, err);
	pl_interner_free(interner);
	if (rc)
		pl_text_diff_free(out);
	return rc;
}

void pl_text_diff_free(pl_text_diff *diff)
{
	free(diff->runs);
	diff->runs = NULL;
	diff->run_count = diff->run_capacity = 0;
	pl_token_list_free(&diff->a_tokens);
	pl_token_list_free(&diff->b_tokens);
	pl_diff_script_free(&diff->script);
}

/* --- rewording or substance ------------------------------------------- */

/* Words whose change turns the meaning of a clause: negation, modality,
 * quantity. A closed list of English function words; other languages fall
 * back on the other tests. */
static const char *const meaning_words[] = {
    "no",     "not",    "never", "nor",   "none",   "neither", "without", "cannot",
    "shall",  "must",   "may",   "might", "will",   "would",   "should",  "can",
    "could",  "only",   "all",   "any",   "every",  "each",    "some",    "both",
    "either", "before", "after", "until", "unless", "except",  "if",      "or",
    "and",    "more",   "less",  "fewer", "most",   "least",   "first",   "last",
};

/* Articles: adding or dropping one is a rewording. */
static const char *const article_words[] = {"a", "an", "the"};

typedef struct word_ref {
	const char *text;
	size_t len;
	const pl_token *token;
	int sentence_start;
} word_ref;

static int in_list(const word_ref *w, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(list[i]);
		if (n != w->len)
			continue;
		size_t k = 0;
		while (k < n && tolower((unsigned char)w->text[k]) == list[i][k])
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* A capitalised word that does not start a sentence: a name or an
 * acronym ("NATO", "Europe", "Україна"). */
static int is_name(const word_ref *w)
{
	if (w->token->kind != PL_TOKEN_WORD || w->sentence_start)
		return 0;
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)w->text, (utf8proc_ssize_t)w->len, &cp) <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
	       utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* Two forms of one word: one contains the other ("affirms", "reaffirms"),
 * or they share all but a short ending ("recognise", "recognised"). */
static int is_variant(const word_ref *x, const word_ref *y)
{
	const word_ref *shorter = x->len <= y->len ? x : y, *longer = x->len <= y->len ? y : x;
	if (shorter->len < 3)
		return 0;
	for (size_t at = 0; at + shorter->len <= longer->len; at++)
		if (strncasecmp(longer->text + at, shorter->text, shorter->len) == 0)
			return 1;
	size_t common = 0;
	while (common < shorter->len &&
	       tolower((unsigned char)x->text[common]) == tolower((unsigned char)y->text[common]))
		common++;
	return common >= 4 && longer->len - common <= 3;
}

/* The non-space tokens of one side of a changed stretch. */
static size_t stretch_words(word_ref *out, size_t max, const char *text, const pl_token_list *list,
                            size_t start, size_t length, int starts_before)
{
	size_t n = 0;
	for (size_t i = start; i < start + length && n < max; i++) {
		const pl_token *t = &list->items[i];
		if (t->kind == PL_TOKEN_SPACE)
			continue;
		size_t prev = i;
		while (prev > 0 && list->items[prev - 1].kind == PL_TOKEN_SPACE)
			prev--;
		int starts = prev == 0 && starts_before;
		if (prev > 0) {
			const pl_token *p = &list->items[prev - 1];
			char c = text[p->offset];
			starts = p->length == 1 && (c == '.' || c == '!' || c == '?' || c == ':' ||
			                            c == ';' || c == '(' || c == ')');
		}
		out[n++] = (word_ref){text + t->offset, t->length, t, starts};
	}
	return n;
}

/* 1 when a changed stretch (deleted words d, inserted words i) carries
 * substance. */
#define STRETCH_MAX 64
static int stretch_is_substantive(const word_ref *d, size_t nd, const word_ref *in, size_t ni)
{
	const word_ref *all[2] = {d, in};
	size_t counts[2] = {nd, ni};
	size_t content[2] = {0, 0};
	for (int side = 0; side < 2; side++)
		for (size_t k = 0; k < counts[side]; k++) {
			const word_ref *w = &all[side][k];
			if (w->token->kind == PL_TOKEN_NUMBER || is_name(w) ||
			    in_list(w, meaning_words, sizeof meaning_words / sizeof *meaning_words))
				return 1;
			if ((w->token->kind == PL_TOKEN_WORD ||
			     w->token->kind == PL_TOKEN_SYMBOL) &&
			    !in_list(w, article_words, 3))
				content[side]++;
		}
	/* Content words must pair off as forms of one another. */
	if (content[0] != content[1])
		return 1;
	size_t kd = 0, ki = 0;
	while (kd < nd && ki < ni) {
		if (d[kd].token->kind != PL_TOKEN_WORD || in_list(&d[kd], article_words, 3)) {
			kd++;
			continue;
		}
		if (in[ki].token->kind != PL_TOKEN_WORD || in_list(&in[ki], article_words, 3)) {
			ki++;
			continue;
		}
		if (!is_variant(&d[kd], &in[ki]))
			return 1;
		kd++;
		ki++;
	}
	return 0;
}

pl_change pl_text_diff_classify_part(const pl_text_diff *diff, size_t words_a, size_t words_b,
                                     int starts_before)
{
	if (!diff->changed)
		return PL_CHANGE_UNCHANGED;
	size_t longer = words_a > words_b ? words_a : words_b;
	size_t changed =
	    diff->words_deleted > diff->words_inserted ? diff->words_deleted : diff->words_inserted;
	/* More than a quarter of the words: a rewrite, whatever the words. */
	if (4 * changed > longer)
		return PL_CHANGE_SUBSTANTIVE;
	word_ref deleted[STRETCH_MAX], inserted[STRETCH_MAX];
	const pl_diff_script *s = &diff->script;
	for (size_t r = 0; r < s->count; r++) {
		if (s->ops[r].kind == PL_DIFF_EQUAL)
			continue;
		size_t nd = 0, ni = 0;
		if (s->ops[r].kind == PL_DIFF_DELETE) {
			nd = stretch_words(deleted, STRETCH_MAX, diff->a, &diff->a_tokens,
			                   s->ops[r].a_start, s->ops[r].length, starts_before);
			if (r + 1 < s->count && s->ops[r + 1].kind == PL_DIFF_INSERT)
				r++;
		}
		if (s->ops[r].kind == PL_DIFF_INSERT)
			ni = stretch_words(inserted, STRETCH_MAX, diff->b, &diff->b_tokens,
			                   s->ops[r].b_start, s->ops[r].length, starts_before);
		if (nd == STRETCH_MAX || ni == STRETCH_MAX ||
		    stretch_is_substantive(deleted, nd, inserted, ni))
			return PL_CHANGE_SUBSTANTIVE;
	}
	return PL_CHANGE_REWORDED;
}

pl_change pl_text_diff_classify(const pl_text_diff *diff)
{
	return pl_text_diff_classify_part(diff, diff->words_a, diff->words_b, 1);
}

void pl_text_diff_add_run(pl_text_diff *diff, pl_diff_kind kind, size_t a_offset, size_t a_length,
                          size_t b_offset, size_t b_length)
{
	if (!a_length && !b_length)
		return;
	if (diff->run_count) {
		pl_text_run *last = &diff->runs[diff->run_count - 1];
		if (last->kind == kind && last->a_offset + last->a_length == a_offset &&
		    last->b_offset + last->b_length == b_offset) {
			last->a_length += a_length;
			last->b_length += b_length;
			return;
		}
	}
	diff->runs =
	    pl_grow(diff->runs, &diff->run_capacity, diff->run_count + 1, sizeof *diff->runs);
	diff->runs[diff->run_count++] = (pl_text_run){kind, a_offset, a_length, b_offset, b_length};
}

/* Bytes covered by tokens [start, start + length) of list; at an empty
 * range, the offset where it would be. */
static void token_span(const pl_token_list *list, size_t text_len, size_t start, size_t length,
                       size_t *offset, size_t *len)
{
	if (!length) {
		*offset = start < list->count ? list->items[start].offset : text_len;
		*len = 0;
		return;
	}
	const pl_token *first = &list->items[start], *last = &list->items[start + length - 1];
	*offset = first->offset;
	*len = last->offset + last->length - first->offset;
}

/* The token script as byte runs. */
static void script_to_runs(pl_text_diff *diff)
{
	const pl_diff_script *s = &diff->script;
	for (size_t r = 0; r < s->count; r++) {
		const pl_diff_op *op = &s->ops[r];
		size_t a_off, a_len, b_off, b_len;
		token_span(&diff->a_tokens, diff->a_len, op->a_start,
		           op->kind == PL_DIFF_INSERT ? 0 : op->length, &a_off, &a_len);
		token_span(&diff->b_tokens, diff->b_len, op->b_start,
		           op->kind == PL_DIFF_DELETE ? 0 : op->length, &b_off, &b_len);
		pl_text_diff_add_run(diff, op->kind, a_off, a_len, b_off, b_len);
	}
}

void pl_text_diff_walk(const pl_text_diff *diff, const pl_segment_sink *sink)
{
	if (!diff->run_count) {
		/* Identical texts are never tokenized. */
		if (diff->b && *diff->b)
			sink->equal(sink->context, diff->b, strlen(diff->b));
		return;
	}
	for (size_t r = 0; r < diff->run_count; r++) {
		const pl_text_run *run = &diff->runs[r];
		/* Equal runs show the newer wording (they may differ in case or
		 * spacing when those are ignored). */
		if (run->kind == PL_DIFF_DELETE)
			sink->deleted(sink->context, diff->a + run->a_offset, run->a_length);
		else if (run->kind == PL_DIFF_INSERT)
			sink->inserted(sink->context, diff->b + run->b_offset, run->b_length);
		else
			sink->equal(sink->context, diff->b + run->b_offset, run->b_length);
	}
}
