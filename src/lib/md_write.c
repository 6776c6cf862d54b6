#include "parley/markdown.h"

static void write_block(pl_buf *out, const char *text)
{
	if (!text || !*text)
		return;
	pl_buf_puts(out, text);
	pl_buf_puts(out, "\n\n");
}

/* A point is written on one line, its sub-items inline after the lead
 * text: the form of the sample plans, which pl_markdown_parse splits back
 * into the same items. Labels that are plain numbers become ordered-list
 * items; others ("3 bis.") are paragraphs, which the parser also reads as
 * points. */
static void write_point(void *context, const pl_point *point)
{
	pl_buf *out = context;
	pl_buf_printf(out, "%s.", point->label);
	if (*point->text) {
		pl_buf_putc(out, ' ');
		pl_buf_puts(out, point->text);
	}
	for (size_t k = 0; k < point->item_count; k++)
		pl_buf_printf(out, " (%s) %s", point->items[k].label, point->items[k].text);
	pl_buf_puts(out, "\n\n");
}

static void write_part(void *context, const pl_part *part)
{
	pl_buf *out = context;
	pl_buf_printf(out, "## %s\n\n", part->heading);
	write_block(out, part->intro);
}

void pl_markdown_write(pl_buf *out, const pl_doc *doc)
{
	if (doc->title)
		pl_buf_printf(out, "# %s\n\n", doc->title);
	write_block(out, doc->preamble);
	pl_doc_visitor visitor = {write_part, write_point};
	pl_doc_walk(doc, &visitor, out);
	if (out->len >= 2 && out->ptr[out->len - 1] == '\n' && out->ptr[out->len - 2] == '\n')
		out->ptr[--out->len] = '\0';
}
