#include "parley/format.h"
#include "parley/lines.h"
#include "parley/table.h"
#include "parley/utf8.h"
#include "utf8_int.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Stored text as the terminal may show it: control characters and bad
 * bytes escaped; flags keep newlines and tabs where a text may span lines. */
static void put_shown(pl_buf *out, const char *text, unsigned flags)
{
	pl_utf8_escape(out, text, strlen(text), flags);
}

/* The heading, then a line of c as wide as it shows (in columns). */
static void underline(pl_buf *out, const char *text, char c)
{
	size_t start = out->len;
	put_shown(out, text, 0);
	size_t width = pl_display_width(out->ptr + start);
	pl_buf_putc(out, '\n');
	for (size_t i = width; i > 0; i--)
		pl_buf_putc(out, c);
	pl_buf_puts(out, "\n\n");
}

/* What the point visitor writes to, and with. */
typedef struct text_writer {
	pl_buf *out;
	const pl_doc_meta *meta;
} text_writer;

void pl_format_stances_text(pl_buf *out, const pl_doc_meta *meta, const pl_point *point)
{
	const pl_point_stances *s =
	    meta ? pl_point_stances_find(meta->stances, meta->stance_count, point->id) : NULL;
	if (!s || !s->count)
		return;
	pl_buf_puts(out, "    positions:\n");
	for (size_t k = 0; k < s->count; k++) {
		const pl_stance_note *n = &s->items[k];
		pl_buf_puts(out, "      ");
		put_shown(out, n->party, 0);
		pl_buf_putc(out, ' ');
		put_shown(out, n->stance, 0);
		if (n->stale)
			pl_buf_puts(out, " (on earlier words)");
		if (n->note) {
			pl_buf_puts(out, " — ");
			put_shown(out, n->note, 0);
		}
		pl_buf_putc(out, '\n');
	}
}

static void write_point(void *context, const pl_point *point)
{
	text_writer *w = context;
	pl_buf *out = w->out;
	put_shown(out, point->label, 0);
	pl_buf_putc(out, '.');
	if (*point->text) {
		pl_buf_putc(out, ' ');
		put_shown(out, point->text, PL_UTF8_LINES);
	}
	pl_buf_putc(out, '\n');
	for (size_t k = 0; k < point->item_count; k++) {
		pl_buf_puts(out, "    (");
		put_shown(out, point->items[k].label, 0);
		pl_buf_puts(out, ") ");
		put_shown(out, point->items[k].text, PL_UTF8_LINES);
		pl_buf_putc(out, '\n');
	}
	pl_format_stances_text(out, w->meta, point);
	pl_buf_putc(out, '\n');
}

static void write_part(void *context, const pl_part *part)
{
	pl_buf *out = ((text_writer *)context)->out;
	underline(out, part->heading, '-');
	if (part->intro) {
		put_shown(out, part->intro, PL_UTF8_LINES);
		pl_buf_puts(out, "\n\n");
	}
}

/* A point wrapped and numbered line by line (pl_point_write_lines), as
 * amendments cite it. */
static void write_numbered_point(void *context, const pl_point *point)
{
	text_writer *w = context;
	pl_point_write_lines(w->out, point, 1);
	pl_format_stances_text(w->out, w->meta, point);
	pl_buf_putc(w->out, '\n');
}

/* The title, preamble, parts and points (each by point_writer), without
 * the last blank line. */
static void write_text(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta,
                       void (*point_writer)(void *, const pl_point *))
{
	if (doc->title)
		underline(out, doc->title, '=');
	if (doc->preamble) {
		put_shown(out, doc->preamble, PL_UTF8_LINES);
		pl_buf_puts(out, "\n\n");
	}
	pl_doc_visitor visitor = {write_part, point_writer};
	text_writer w = {out, meta};
	pl_doc_walk(doc, &visitor, &w);
	if (out->len && out->ptr[out->len - 1] == '\n' && out->len >= 2 &&
	    out->ptr[out->len - 2] == '\n')
		out->ptr[--out->len] = '\0';
}

void pl_format_text(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_text(out, doc, meta, write_point);
}

void pl_format_text_lines(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_text(out, doc, meta, write_numbered_point);
}

void pl_format_versions_text(pl_buf *out, const pl_version_info *infos, size_t count)
{
	static const char *const headers[] = {"version", "created", "points", "track", "title"};
	pl_table *table = pl_table_new(5, headers);
	for (size_t i = 0; i < count; i++) {
		const pl_version_info *v = &infos[i];
		char ref[PL_NAME_MAX + 16], points[32];
		snprintf(ref, sizeof ref, "%s@%d", v->document, v->number);
		snprintf(points, sizeof points, "%zu", v->point_count);
		const char *row[] = {ref, v->created_at, points, v->track,
		                     v->title ? v->title : "(untitled)"};
		pl_table_add_row(table, row);
	}
	pl_table_write_text(out, table);
	pl_table_free(table);
}
