/* amend_view.c — an amendment as a reader sees it: each point it touches,
 * before and after, the lines it touches, and the word redline between
 * (parley/amend.h). The redline itself is the redline engine's
 * (pl_text_diff_compute); this file only lays it out. */
#include "parley/amend.h"
#include "parley/format.h"
#include "parley/lines.h"
#include "parley/mem.h"
#include "parley/utf8.h"
#include "amend_int.h"
#include "strmap_int.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pl_point_index {
	pl_strmap map;
};

pl_point_index *pl_point_index_new(const pl_doc *base)
{
	pl_point_index *index = pl_malloc(sizeof *index);
	pl_strmap_init(&index->map);
	pl_strmap_reserve(&index->map, base->point_count);
	for (size_t i = base->point_count; i-- > 0;)
		if (base->points[i].id)
			pl_strmap_put(&index->map, base->points[i].id, strlen(base->points[i].id),
			              i);
	return index;
}

void pl_point_index_free(pl_point_index *index)
{
	if (!index)
		return;
	pl_strmap_free(&index->map);
	free(index);
}

/* Where point id is in base: through index when there is one. */
static size_t find(const pl_doc *base, const pl_point_index *index, const char *id)
{
	if (!id)
		return PL_NO_PART;
	if (!index)
		return pl_doc_index_of(base, id);
	size_t at;
	return pl_strmap_get(&index->map, id, strlen(id), &at) ? at : PL_NO_PART;
}

static pl_point_change *add_change(pl_amendment_view *view, size_t *capacity)
{
	view->changes = pl_grow(view->changes, capacity, view->count + 1, sizeof *view->changes);
	pl_point_change *c = &view->changes[view->count++];
	memset(c, 0, sizeof *c);
	return c;
}

static pl_point_change *change_of(pl_amendment_view *view, const pl_point *before)
{
	for (size_t i = 0; i < view->count; i++)
		if (view->changes[i].before == before)
			return &view->changes[i];
	return NULL;
}

static size_t line_count(const pl_point *point)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	size_t n = lines.count;
	pl_line_list_free(&lines);
	return n;
}

/* Widens change's lines to those op touches. */
static void widen(pl_point_change *change, const pl_amend_op *op)
{
	size_t first, last, count;
	if (pl_amend_op_lines_at(op, change->before, &first, &last, &count) != 0)
		return;
	change->line_count = count;
	if (!change->first_line || first < change->first_line)
		change->first_line = first;
	if (last > change->last_line)
		change->last_line = last;
}

static int ascending(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* The part of base the amendment can reach: every part (for insertions at
 * a part's end and headings renamed) and the points its operations name,
 * in base order. Applying it there costs as little as the amendment is
 * small, whatever the size of the plan. *copied: how many points. */
static pl_doc *reach(const pl_amendment *a, const pl_doc *base, const pl_point_index *index,
                     size_t *copied)
{
	size_t *wanted = pl_malloc((2 * a->op_count + 1) * sizeof *wanted), n = 0;
	for (size_t k = 0; k < a->op_count; k++) {
		const pl_amend_op *op = &a->ops[k];
		size_t at = op->kind == PL_OP_INSERT ? PL_NO_PART : find(base, index, op->point);
		if (at != PL_NO_PART)
			wanted[n++] = at;
		if ((at = find(base, index, op->after)) != PL_NO_PART)
			wanted[n++] = at;
	}
	qsort(wanted, n, sizeof *wanted, ascending);
	pl_doc *doc = pl_doc_new();
	for (size_t i = 0; i < base->part_count; i++)
		pl_doc_add_part(doc, base->parts[i].heading, base->parts[i].intro);
	*copied = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && wanted[i] == wanted[i - 1])
			continue;
		const pl_point *p = &base->points[wanted[i]];
		pl_point *copy = pl_doc_add_point(doc, p->part, p->id, p->label, p->text);
		for (size_t k = 0; k < p->item_count; k++)
			pl_point_add_item(copy, p->items[k].label, p->items[k].text);
		(*copied)++;
	}
	free(wanted);
	return doc;
}

int pl_amendment_view_compute(pl_amendment_view *out, const pl_amendment *a, const pl_doc *base,
                              const pl_point_index *index, pl_error *err)
{
	memset(out, 0, sizeof *out);
	size_t copied;
	out->after = reach(a, base, index, &copied);
	/* Copies keep their ids; new points take ids no version uses. */
	int64_t serial = INT64_MAX / 2;
	int rc = pl_amendment_apply(out->after, a, &serial, err);
	if (rc) {
		pl_amendment_view_free(out);
		return rc;
	}
	size_t capacity = 0;
	for (size_t k = 0; k < a->op_count; k++) {
		const pl_amend_op *op = &a->ops[k];
		out->renames_part |= op->kind == PL_OP_RENAME_PART;
		size_t at = op->kind == PL_OP_INSERT ? PL_NO_PART : find(base, index, op->point);
		if (at == PL_NO_PART)
			continue;
		const pl_point *before = &base->points[at];
		pl_point_change *c = change_of(out, before);
		if (!c) {
			c = add_change(out, &capacity);
			c->before = before;
			size_t now = pl_doc_index_of(out->after, before->id);
			c->after = now == PL_NO_PART ? NULL : &out->after->points[now];
		}
		widen(c, op);
	}
	for (size_t i = 0; i < out->after->point_count; i++) {
		const pl_point *p = &out->after->points[i];
		if (p->id && find(base, index, p->id) != PL_NO_PART)
			continue;
		pl_point_change *c = add_change(out, &capacity);
		c->after = p;
		c->line_count = line_count(p);
	}
	return 0;
}

void pl_amendment_view_free(pl_amendment_view *view)
{
	if (!view)
		return;
	pl_doc_free(view->after);
	free(view->changes);
	memset(view, 0, sizeof *view);
}

char *pl_point_printed(const pl_point *point)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_printf(&out, "%s.", point->label);
	if (*point->text)
		pl_buf_printf(&out, " %s", point->text);
	for (size_t k = 0; k < point->item_count; k++)
		pl_buf_printf(&out, "\n    (%s) %s", point->items[k].label, point->items[k].text);
	return pl_buf_detach(&out);
}

void pl_point_change_cite(pl_buf *out, const pl_point_change *change)
{
	if (!change->before) {
		pl_buf_printf(out, "%s (new)", change->after->label);
		return;
	}
	pl_buf_puts(out, change->before->label);
	if (!change->after)
		pl_buf_puts(out, " (deleted)");
	else if (strcmp(change->before->label, change->after->label) != 0)
		pl_buf_printf(out, " (as %s)", change->after->label);
	if (!change->first_line)
		return;
	if (change->first_line == change->last_line)
		pl_buf_printf(out, ", line %zu", change->first_line);
	else
		pl_buf_printf(out, ", lines %zu-%zu", change->first_line, change->last_line);
}

/* --- the redline ----------------------------------------------------- */

typedef struct segment {
	int kind; /* 0 equal, 1 deleted, 2 inserted */
	const char *text;
	size_t len;
} segment;

typedef struct segments {
	segment *items;
	size_t count, capacity;
} segments;

static void add_segment(segments *s, int kind, const char *text, size_t len)
{
	s->items = pl_grow(s->items, &s->capacity, s->count + 1, sizeof *s->items);
	s->items[s->count++] = (segment){kind, text, len};
}

static void on_equal(void *context, const char *text, size_t len)
{
	add_segment(context, 0, text, len);
}

static void on_deleted(void *context, const char *text, size_t len)
{
	add_segment(context, 1, text, len);
}

static void on_inserted(void *context, const char *text, size_t len)
{
	add_segment(context, 2, text, len);
}

static void put_text(pl_buf *out, pl_redline_format format, const char *text, size_t len)
{
	if (format == PL_FORMAT_HTML || format == PL_FORMAT_MARKDOWN)
		pl_html_escape(out, text, len);
	else
		pl_utf8_escape(out, text, len, PL_UTF8_LINES);
}

/* Byte offsets just past the first n words of text and at the start of
 * its last n words (words: runs without blanks). */
static size_t after_words(const char *text, size_t len, size_t n)
{
	size_t i = 0;
	while (i < len && text[i] == ' ')
		i++;
	for (size_t w = 0; w < n && i < len; w++) {
		while (i < len && text[i] != ' ' && text[i] != '\n')
			i++;
		while (w + 1 < n && i < len && (text[i] == ' ' || text[i] == '\n'))
			i++;
	}
	return i;
}

static size_t before_words(const char *text, size_t len, size_t n)
{
	size_t i = len;
	while (i > 0 && text[i - 1] == ' ')
		i--;
	for (size_t w = 0; w < n && i > 0; w++) {
		while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
			i--;
		while (w + 1 < n && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n'))
			i--;
	}
	return i;
}

static size_t word_count(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] != ' ' && text[i] != '\n' &&
		     (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n');
	return n;
}

#define CONTEXT_WORDS 4

/* An unchanged stretch: whole, or in compact form its ends around "…"
 * (only the end that borders a change, for the first and last). */
static void put_equal(pl_buf *out, pl_redline_format format, const segment *s, int first, int last,
                      int compact)
{
	if (!compact || word_count(s->text, s->len) <= 2 * CONTEXT_WORDS) {
		put_text(out, format, s->text, s->len);
		return;
	}
	size_t head = first ? 0 : after_words(s->text, s->len, CONTEXT_WORDS);
	size_t tail = last ? s->len : before_words(s->text, s->len, CONTEXT_WORDS);
	put_text(out, format, s->text, head);
	pl_buf_puts(out, first ? "… " : last ? " …" : " … ");
	put_text(out, format, s->text + tail, s->len - tail);
}

static void put_change(pl_buf *out, pl_redline_format format, int ansi, const segment *s)
{
	static const char *const open[][2] = {
	    {"[-", "{+"}, {"\033[31m", "\033[32m"}, {"<del>", "<ins>"}};
	static const char *const close[][2] = {
	    {"-]", "+}"}, {"\033[m", "\033[m"}, {"</del>", "</ins>"}};
	int style = format == PL_FORMAT_HTML || format == PL_FORMAT_MARKDOWN ? 2 : ansi ? 1 : 0;
	pl_buf_puts(out, open[style][s->kind - 1]);
	put_text(out, format, s->text, s->len);
	pl_buf_puts(out, close[style][s->kind - 1]);
}

/* The segments as a JSON array: [{"kind":"equal|delete|insert","text":…}]. */
static void put_json_segments(pl_buf *out, const segments *s)
{
	static const char *const kinds[] = {"equal", "delete", "insert"};
	json_t *list = json_array();
	for (size_t i = 0; i < s->count; i++)
		json_array_append_new(list,
		                      json_pack("{s:s, s:s%}", "kind", kinds[s->items[i].kind],
		                                "text", s->items[i].text, s->items[i].len));
	char *text = json_dumps(list, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text);
	free(text);
	json_decref(list);
}

int pl_point_change_redline(pl_buf *out, const pl_point_change *change, pl_redline_format format,
                            int ansi, int compact, pl_error *err)
{
	char *a = change->before ? pl_point_printed(change->before) : pl_strdup("");
	char *b = change->after ? pl_point_printed(change->after) : pl_strdup("");
	pl_text_diff diff;
	int rc = pl_text_diff_compute(&diff, a, strlen(a), b, strlen(b), 0, err);
	if (rc == 0) {
		segments s = {0};
		pl_segment_sink sink = {on_equal, on_deleted, on_inserted, &s};
		pl_text_diff_walk(&diff, &sink);
		if (format == PL_FORMAT_JSON)
			put_json_segments(out, &s);
		for (size_t i = 0; format != PL_FORMAT_JSON && i < s.count; i++) {
			if (s.items[i].kind == 0)
				put_equal(out, format, &s.items[i], i == 0, i + 1 == s.count,
				          compact);
			else
				put_change(out, format, ansi, &s.items[i]);
		}
		free(s.items);
		pl_text_diff_free(&diff);
	}
	free(a);
	free(b);
	return rc;
}

int pl_amendment_summary(pl_buf *points, pl_buf *change, const pl_amendment *a, const pl_doc *base,
                         const pl_point_index *index, pl_error *err)
{
	pl_amendment_view view;
	int rc = pl_amendment_view_compute(&view, a, base, index, err);
	pl_buf one = PL_BUF_INIT;
	for (size_t i = 0; rc == 0 && i < view.count; i++) {
		if (i) {
			pl_buf_puts(points, "; ");
			pl_buf_puts(change, " | ");
		}
		pl_point_change_cite(points, &view.changes[i]);
		pl_buf_clear(&one);
		rc = pl_point_change_redline(&one, &view.changes[i], PL_FORMAT_TEXT, 0, 1, err);
		/* One line for a table's cell: sub-items joined by " / ". */
		for (size_t k = 0; rc == 0 && k < one.len; k++) {
			if (one.ptr[k] != '\n') {
				pl_buf_putc(change, one.ptr[k]);
				continue;
			}
			pl_buf_puts(change, " / ");
			while (k + 1 < one.len && one.ptr[k + 1] == ' ')
				k++;
		}
	}
	if (rc == 0 && view.renames_part)
		pl_buf_puts(points, view.count ? "; a part's heading" : "a part's heading");
	pl_buf_free(&one);
	pl_amendment_view_free(&view);
	return rc;
}
