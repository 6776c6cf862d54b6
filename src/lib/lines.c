/* lines.c — a point's printed lines and their numbers (parley/lines.h,
 * docs/lines.md). Every output that shows or cites a line number goes
 * through pl_point_lines, so a line is the same line everywhere. */
#include "parley/lines.h"
#include "parley/mem.h"
#include "parley/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The narrowest a line's text may be, however long the label. */
#define MIN_ROOM 20

/* Columns bytes [from, to) of s take: utf8proc's width of each character,
 * a control character or a bad byte counting one (it is shown escaped). */
static size_t columns(const char *s, size_t from, size_t to)
{
	size_t width = 0;
	while (from < to) {
		unsigned char c = (unsigned char)s[from];
		if (c < 0x80) {
			width++;
			from++;
			continue;
		}
		utf8proc_int32_t code;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + from,
		                                      (utf8proc_ssize_t)(to - from), &code);
		if (n <= 0) {
			width++;
			from++;
			continue;
		}
		int w = utf8proc_charwidth(code);
		width += w > 0 ? (size_t)w : 0;
		from += (size_t)n;
	}
	return width;
}

static void add_line(pl_line_list *out, size_t item, size_t start, size_t end, size_t indent)
{
	out->lines = pl_grow(out->lines, &out->capacity, out->count + 1, sizeof *out->lines);
	out->lines[out->count++] = (pl_line){item, start, end, indent};
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* 1 when text (len bytes) is all ASCII with no line feed. */
static int plain_line(const char *text, size_t len)
{
	size_t k = 0;
#if defined(__SSE2__)
	for (; k + 16 <= len; k += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + k));
		if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))))
			return 0;
	}
#endif
	for (; k < len; k++)
		if ((unsigned char)text[k] >= 0x80 || text[k] == '\n')
			return 0;
	return 1;
}

/* Greedy wrapping of one text at room columns: words (runs of non-blank
 * bytes) are added to a line while they fit; a newline ends a line. */
static void wrap_text(pl_line_list *out, size_t item, const char *text, size_t indent)
{
	size_t room = PL_LINE_WIDTH > indent + MIN_ROOM ? PL_LINE_WIDTH - indent : MIN_ROOM;
	/* Most texts are short ASCII on one line: a byte is a column, and
	 * the one line runs from the first word's start to the last word's
	 * end, as the loop below would find. */
	size_t len = strlen(text), before = out->count;
	if (plain_line(text, len)) {
		size_t first = 0, last = len;
		while (first < len && is_blank(text[first]))
			first++;
		while (last > first && is_blank(text[last - 1]))
			last--;
		if (last - first <= room) {
			add_line(out, item, first == last ? 0 : first, first == last ? 0 : last,
			         indent);
			return;
		}
	}
	size_t i = 0, start = 0, end = 0, used = 0;
	int open = 0;
	while (i < len) {
		if (text[i] == '\n' || is_blank(text[i])) {
			if (text[i] == '\n' && open) {
				add_line(out, item, start, end, indent);
				open = 0;
			}
			i++;
			continue;
		}
		size_t word = i;
		while (i < len && text[i] != '\n' && !is_blank(text[i]))
			i++;
		size_t width = columns(text, word, i);
		size_t gap = open ? word - end : 0;
		if (open && used + gap + width <= room) {
			used += gap + width;
			end = i;
			continue;
		}
		if (open)
			add_line(out, item, start, end, indent);
		open = 1;
		start = word;
		end = i;
		used = width;
	}
	if (open)
		add_line(out, item, start, end, indent);
	if (out->count == before)
		add_line(out, item, 0, 0, indent);
}

static size_t label_columns(const char *label, size_t extra)
{
	return columns(label, 0, strlen(label)) + extra;
}

void pl_point_lines(pl_line_list *out, const pl_point *point)
{
	out->count = 0;
	/* "6. text": the label, its full stop and a space. */
	wrap_text(out, PL_LEAD_TEXT, point->text, label_columns(point->label, 2));
	/* "    (a) text": four blanks, the bracketed label and a space. */
	for (size_t k = 0; k < point->item_count; k++)
		wrap_text(out, k, point->items[k].text, label_columns(point->items[k].label, 7));
}

void pl_line_list_free(pl_line_list *list)
{
	if (!list)
		return;
	free(list->lines);
	list->lines = NULL;
	list->count = list->capacity = 0;
}

const char *pl_line_text(const pl_point *point, const pl_line *line)
{
	if (line->item == PL_LEAD_TEXT || line->item >= point->item_count)
		return point->text;
	return point->items[line->item].text;
}

int pl_lines_covering(const pl_line_list *lines, size_t item, size_t start, size_t end,
                      size_t *first, size_t *last)
{
	*first = *last = 0;
	for (size_t n = 0; n < lines->count; n++) {
		const pl_line *l = &lines->lines[n];
		if (l->item != item)
			continue;
		/* The line a range starts on: the last line starting at or
		 * before it (or the text's first); it ends on the last line
		 * starting before its end (an empty range, where it starts). */
		if (!*first || l->start <= start)
			*first = n + 1;
		if (!*last || l->start < end || l->start <= start)
			*last = n + 1;
	}
	if (*first > *last)
		*last = *first;
	return *first ? 0 : -1;
}

/* 1 when line n (from 1) is the first of its text: it carries the label. */
static int starts_text(const pl_line_list *lines, size_t n)
{
	return n == 1 || lines->lines[n - 2].item != lines->lines[n - 1].item;
}

static void put_prefix(pl_buf *out, const pl_point *point, const pl_line_list *lines, size_t n)
{
	const pl_line *l = &lines->lines[n - 1];
	if (!starts_text(lines, n)) {
		for (size_t c = 0; c < l->indent; c++)
			pl_buf_putc(out, ' ');
		return;
	}
	const char *label = l->item == PL_LEAD_TEXT ? point->label : point->items[l->item].label;
	if (l->item == PL_LEAD_TEXT) {
		pl_utf8_escape(out, label, strlen(label), 0);
		pl_buf_puts(out, l->end > l->start ? ". " : ".");
	} else {
		pl_buf_puts(out, "    (");
		pl_utf8_escape(out, label, strlen(label), 0);
		pl_buf_puts(out, ") ");
	}
}

void pl_line_write(pl_buf *out, const pl_point *point, const pl_line_list *lines, size_t n)
{
	if (n < 1 || n > lines->count)
		return;
	const pl_line *l = &lines->lines[n - 1];
	put_prefix(out, point, lines, n);
	pl_utf8_escape(out, pl_line_text(point, l) + l->start, l->end - l->start, PL_UTF8_LINES);
}

void pl_point_write_lines(pl_buf *out, const pl_point *point, int numbered)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	for (size_t n = 1; n <= lines.count; n++) {
		if (numbered)
			pl_buf_printf(out, "%3zu  ", n);
		pl_line_write(out, point, &lines, n);
		pl_buf_putc(out, '\n');
	}
	pl_line_list_free(&lines);
}

/* A label as a JSON string: labels are checked on import (no quotes,
 * backslashes or control characters), but are escaped all the same. */
static void put_json_string(pl_buf *out, const char *s)
{
	pl_buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			pl_buf_printf(out, "\\%c", c);
		else if (c < 0x20)
			pl_buf_printf(out, "\\u%04x", c);
		else
			pl_buf_putc(out, (char)c);
	}
	pl_buf_putc(out, '"');
}

void pl_lines_write_json(pl_buf *out, const pl_point *point)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	pl_buf_putc(out, '[');
	for (size_t n = 0; n < lines.count; n++) {
		const pl_line *l = &lines.lines[n];
		pl_buf_puts(out, n ? ",{\"item\":" : "{\"item\":");
		if (l->item == PL_LEAD_TEXT)
			pl_buf_puts(out, "null");
		else
			put_json_string(out, point->items[l->item].label);
		pl_buf_puts(out, ",\"start\":");
		pl_buf_put_size(out, l->start);
		pl_buf_puts(out, ",\"end\":");
		pl_buf_put_size(out, l->end);
		pl_buf_putc(out, '}');
	}
	pl_buf_putc(out, ']');
	pl_line_list_free(&lines);
}

void pl_html_point_lines(pl_buf *out, const pl_point *point, int with_id)
{
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, point);
	pl_buf_puts(out, "<div class=\"point numbered\"");
	if (point->id && with_id) {
		pl_buf_puts(out, " id=\"");
		pl_html_escape(out, point->id, strlen(point->id));
		pl_buf_putc(out, '"');
	}
	pl_buf_puts(out, ">\n");
	for (size_t n = 1; n <= lines.count; n++) {
		const pl_line *l = &lines.lines[n - 1];
		pl_buf_printf(out, "<div class=\"line\"><span class=\"ln\">%zu</span>", n);
		if (starts_text(&lines, n)) {
			pl_buf_puts(out, "<span class=\"lt\">");
			pl_buf plain = PL_BUF_INIT;
			put_prefix(&plain, point, &lines, n);
			pl_html_escape(out, plain.ptr, plain.len);
			pl_buf_free(&plain);
		} else {
			pl_buf_printf(out, "<span class=\"lt\" style=\"padding-left:%zuch\">",
			              l->indent);
		}
		const char *text = pl_line_text(point, l);
		pl_html_escape(out, text + l->start, l->end - l->start);
		pl_buf_puts(out, "</span></div>\n");
	}
	pl_buf_puts(out, "</div>\n");
	pl_line_list_free(&lines);
}

const char *pl_html_lines_style(void)
{
	return ".numbered{display:block;margin:.8em 0}"
	       ".numbered .line{position:relative;white-space:pre;break-inside:avoid}"
	       ".numbered .ln{position:absolute;left:-3.5em;width:2.5em;text-align:right;"
	       "color:#777;font-size:.85em;user-select:none}"
	       ".numbered .lt{display:inline-block}";
}
