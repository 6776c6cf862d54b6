/* docx_compare.c — an N-column comparison (parley/compare.h) as the table
 * of a .docx in landscape, as EU negotiations lay out their four-column
 * documents: a row per point of the first plan with the points of each
 * other plan linked to it (their relation and score beside them), then a
 * row per point of another plan that the first does not address. */
#include "docx_int.h"
#include "parley/compare.h"
#include "parley/mem.h"

#include <stdlib.h>
#include <string.h>

static void point_text(pl_buf *out, const pl_point *p)
{
	char *text = pl_point_full_text(p);
	pl_buf_printf(out, "%s. %s", p->label, text);
	free(text);
}

/* The points of plan k+1 linked to point i of the first plan. */
static char *linked(const pl_alignment *al, size_t i)
{
	pl_buf b = PL_BUF_INIT;
	for (size_t l = 0; l < al->link_count; l++) {
		const pl_link *link = &al->links[l];
		if (link->a != i)
			continue;
		if (b.len)
			pl_buf_puts(&b, "\n\n");
		point_text(&b, &al->b->points[link->b]);
		pl_buf_printf(&b, " [%s, %.2f%s%s]", pl_relation_name(link->relation), link->score,
		              link->why[0] ? ": " : "", link->why);
	}
	return pl_buf_detach(&b);
}

int pl_docx_comparison_write(pl_buf *out, const pl_comparison *c, const char *marking,
                             pl_error *err)
{
	size_t columns = c->doc_count, rows = c->docs[0]->point_count;
	for (size_t k = 1; k < columns; k++)
		for (size_t j = 0; j < c->docs[k]->point_count; j++)
			rows += c->pairs[k - 1]->b_link_count[j] == 0;
	char **cells = pl_calloc(rows * columns + 1, sizeof *cells);
	size_t row = 0;
	for (size_t i = 0; i < c->docs[0]->point_count; i++, row++) {
		pl_buf b = PL_BUF_INIT;
		point_text(&b, &c->docs[0]->points[i]);
		cells[row * columns] = pl_buf_detach(&b);
		for (size_t k = 1; k < columns; k++)
			cells[row * columns + k] = linked(c->pairs[k - 1], i);
	}
	for (size_t k = 1; k < columns; k++)
		for (size_t j = 0; j < c->docs[k]->point_count; j++) {
			if (c->pairs[k - 1]->b_link_count[j])
				continue;
			pl_buf b = PL_BUF_INIT;
			point_text(&b, &c->docs[k]->points[j]);
			cells[row * columns + k] = pl_buf_detach(&b);
			row++;
		}
	pl_buf title = PL_BUF_INIT;
	pl_buf_puts(&title, "Comparison of ");
	for (size_t k = 0; k < columns; k++)
		pl_buf_printf(&title, "%s%s", k ? (k + 1 == columns ? " and " : ", ") : "",
		              c->names[k]);
	pl_docx_table t = {
	    title.ptr, marking, (const char *const *)c->names, columns, (const char *const *)cells,
	    rows};
	int rc = pl_docx_table_write(out, &t, err);
	for (size_t i = 0; i < rows * columns; i++)
		free(cells[i]);
	free(cells);
	pl_buf_free(&title);
	return rc;
}
