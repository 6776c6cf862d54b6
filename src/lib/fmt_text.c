#include "parley/format.h"
#include "parley/table.h"
#include "utf8_int.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Display width in columns, for underlining headings. */
static void underline(pl_buf *out, const char *text, char c)
{
	pl_buf_printf(out, "%s\n", text);
	for (size_t i = pl_display_width(text); i > 0; i--)
		pl_buf_putc(out, c);
	pl_buf_puts(out, "\n\n");
}

static void write_point(void *context, const pl_point *point)
{
	pl_buf *out = context;
	pl_buf_printf(out, "%s.", point->label);
	if (*point->text)
		pl_buf_printf(out, " %s", point->text);
	pl_buf_putc(out, '\n');
	for (size_t k = 0; k < point->item_count; k++)
		pl_buf_printf(out, "    (%s) %s\n", point->items[k].label, point->items[k].text);
	pl_buf_putc(out, '\n');
}

static void write_part(void *context, const pl_part *part)
{
	pl_buf *out = context;
	underline(out, part->heading, '-');
	if (part->intro)
		pl_buf_printf(out, "%s\n\n", part->intro);
}

void pl_format_text(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	(void)meta;
	if (doc->title)
		underline(out, doc->title, '=');
	if (doc->preamble)
		pl_buf_printf(out, "%s\n\n", doc->preamble);
	pl_doc_visitor visitor = {write_part, write_point};
	pl_doc_walk(doc, &visitor, out);
	if (out->len && out->ptr[out->len - 1] == '\n' && out->len >= 2 &&
	    out->ptr[out->len - 2] == '\n')
		out->ptr[--out->len] = '\0';
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
