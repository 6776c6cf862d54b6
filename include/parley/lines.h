/* lines.h — the line numbers of a version (docs/lines.md): each point's
 * text, laid out as `show --format text` prints it ("6. The strength …",
 * sub-items as "    (a) …"), wrapped at PL_LINE_WIDTH columns and numbered
 * from 1 within the point, so that a citation ("6, line 3") depends only on
 * the stored text of that point.
 *
 * Ownership: a pl_line_list owns its array (pl_line_list_free); points and
 * documents are borrowed. */
#ifndef PARLEY_LINES_H
#define PARLEY_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/format.h"

/* The width lines are wrapped at, in terminal columns (utf8proc widths). */
#define PL_LINE_WIDTH 72
/* pl_line.item of a line of the point's lead text. */
#define PL_LEAD_TEXT SIZE_MAX

/* One printed line of a point: bytes [start, end) of the lead text or of a
 * sub-item's text, after indent columns (the label "6. " or "    (a) " on
 * the first line of each text, as many blanks on the lines after it). */
typedef struct pl_line {
	size_t item; /* PL_LEAD_TEXT, or the index of the sub-item */
	size_t start, end;
	size_t indent;
} pl_line;

typedef struct pl_line_list {
	pl_line *lines; /* line n is lines[n - 1] */
	size_t count, capacity;
} pl_line_list;

#define PL_LINE_LIST_INIT {NULL, 0, 0}

/* Fills out (emptied first; it may be reused) with the lines of point.
 * Every text has at least one line; a word wider than the room left stands
 * alone on its line rather than being cut. Never fails. */
void pl_point_lines(pl_line_list *out, const pl_point *point);
void pl_line_list_free(pl_line_list *list);

/* The text a line's bytes refer to: the lead text or the sub-item's. */
const char *pl_line_text(const pl_point *point, const pl_line *line);

/* The first and last line numbers (from 1) on which bytes [start, end) of
 * text item (PL_LEAD_TEXT or a sub-item index) lie; an empty range counts
 * where it stands. 0 when the item has no lines. */
int pl_lines_covering(const pl_line_list *lines, size_t item, size_t start, size_t end,
                      size_t *first, size_t *last);

/* Appends line n (from 1) of point as printed, without a newline: the
 * label or the indent, then the text. */
void pl_line_write(pl_buf *out, const pl_point *point, const pl_line_list *lines, size_t n);

/* Appends the whole point as printed, one line after another, each ending
 * in a newline; with numbered, each line starts with its number in a
 * margin of five columns ("  3  "). */
void pl_point_write_lines(pl_buf *out, const pl_point *point, int numbered);

/* The document as pl_format_text writes it, but with every point wrapped
 * and numbered line by line; headings and the preamble carry no numbers. */
void pl_format_text_lines(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta);

/* Appends the point's lines as a JSON array (compact):
 * [{"item":null,"start":0,"end":64},…], line n at index n - 1; item is a
 * sub-item's label or null, start and end byte offsets into that text. */
void pl_lines_write_json(pl_buf *out, const pl_point *point);

/* Appends the point as HTML, one element per line with its number in the
 * margin: <div class="point numbered" id="ID"><div class="line"><span
 * class="ln">1</span><span class="lt">…</span></div>…</div> (the id only
 * with with_id: a page showing a point twice leaves it out). Text is
 * escaped, not rendered as Markdown, so the breaks are the ones cited. */
void pl_html_point_lines(pl_buf *out, const pl_point *point, int with_id);
/* The style rules of those elements. */
const char *pl_html_lines_style(void);

#endif
