/* version_table.c — a table about one version (amendments, voting list,
 * matrix, progress, red lines) written in the format asked for, with the
 * version's page when it is HTML; the matrix with its notes. Both front
 * ends write them through here (print.h). */
#include "parley/print.h"
#include "parley/format.h"
#include "parley/table.h"
#include "parley/utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A cell's class is its text, so stances are coloured. */
static const char table_style[] =
    "td,th{padding:.2em .6em}.accept{background:#d7f5dd}"
    ".reserve{background:#fff3c4}.reject{background:#fbe0e0}"
    ".redline{background:#d33;color:#fff}.keep{background:#2a6fdb;color:#fff}"
    ".undecided{color:#888}";

static int write_page(pl_negotiation *n, const char *ref, const pl_table *t, const char *title,
                      pl_buf *out, pl_error *err)
{
	pl_page_info info;
	int rc = pl_page_info_load(n, ref, &info, err);
	if (rc == 0) {
		pl_buf heading = PL_BUF_INIT;
		pl_buf_printf(&heading, "%s: %s", title ? title : "", info.document);
		pl_page page = pl_page_of(&info, heading.ptr, table_style);
		pl_table_write_page(out, t, &page);
		pl_buf_free(&heading);
	}
	pl_page_info_clear(&info);
	return rc;
}

int pl_version_table_write(pl_negotiation *n, const char *ref, const pl_table *t,
                           const char *format, const char *title, const char *schema, pl_buf *out,
                           pl_error *err)
{
	if (!format || strcmp(format, "text") == 0)
		pl_table_write_text(out, t);
	else if (strcmp(format, "md") == 0)
		pl_table_write_markdown(out, t);
	else if (strcmp(format, "html") == 0)
		return write_page(n, ref, t, title, out, err);
	else if (strcmp(format, "csv") == 0)
		pl_table_write_csv(out, t);
	else if (strcmp(format, "json") == 0)
		pl_table_write_json(out, t, schema);
	else
		return pl_error_set(err, PL_EINVALID, "the format is text, md, html, csv or json");
	return 0;
}

/* Marks each noted cell of the matrix t "stance [k]" (k: the note's mark);
 * an HTML cell's class is still its stance. */
static void mark_cells(pl_table *t, const pl_table *notes)
{
	for (size_t k = 0; k < notes->rows; k++)
		for (size_t r = 0; r < t->rows; r++) {
			if (strcmp(pl_table_cell(t, r, 0), pl_table_cell(notes, k, 1)) != 0)
				continue;
			for (size_t c = 1; c < t->columns; c++) {
				if (strcmp(t->headers[c], pl_table_cell(notes, k, 2)) != 0)
					continue;
				char **cell = &t->cells[r * t->columns + c];
				pl_buf b = PL_BUF_INIT;
				pl_buf_printf(&b, "%s [%s]", *cell, pl_table_cell(notes, k, 0));
				free(*cell);
				*cell = pl_buf_detach(&b);
			}
			break;
		}
}

/* The footnotes under the matrix: a list (text, Markdown) or an ordered
 * list before the end of the HTML page's body. */
static void write_notes(pl_buf *out, const pl_table *notes, int html, int md)
{
	pl_buf line = PL_BUF_INIT;
	pl_buf_puts(out, html ? "<ol class=\"notes\">\n" : "\nNotes:\n");
	for (size_t k = 0, marks = 0; k < notes->rows; k++) {
		if (strtoul(pl_table_cell(notes, k, 0), NULL, 10) <= marks)
			continue; /* a whole-plan stance's mark, already listed */
		marks++;
		const char *on = pl_table_cell(notes, k, 5);
		pl_buf_clear(&line);
		pl_buf_printf(&line, "%s%s, %s (%s): %s", strcmp(on, "*") ? "point " : "",
		              strcmp(on, "*") ? on : "the whole plan", pl_table_cell(notes, k, 2),
		              pl_table_cell(notes, k, 3), pl_table_cell(notes, k, 4));
		if (html) {
			pl_buf_puts(out, "<li>");
			pl_html_escape(out, line.ptr, line.len);
			pl_buf_puts(out, "</li>\n");
		} else {
			pl_buf_printf(out, "%s[%s] ", md ? "- " : "", pl_table_cell(notes, k, 0));
			pl_utf8_escape(out, line.ptr, line.len, 0);
			pl_buf_putc(out, '\n');
		}
	}
	if (html)
		pl_buf_puts(out, "</ol>\n");
	pl_buf_free(&line);
}

/* The matrix's JSON with a "notes" field: [{mark, point, party, stance,
 * note, on}], compact. */
static void write_matrix_json(const pl_table *t, const pl_table *notes, pl_buf *out)
{
	pl_buf table = PL_BUF_INIT, list = PL_BUF_INIT;
	pl_table_write_json(&table, t, "parley.matrix/1");
	pl_table_write_json(&list, notes, "notes");
	json_t *root = json_loads(table.ptr, 0, NULL), *extra = json_loads(list.ptr, 0, NULL);
	json_object_set(root, "notes", json_object_get(extra, "rows"));
	char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text ? text : "");
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(root);
	json_decref(extra);
	pl_buf_free(&table);
	pl_buf_free(&list);
}

int pl_matrix_write(pl_negotiation *n, const char *ref, pl_table *t, const pl_table *notes,
                    const char *format, pl_buf *out, pl_error *err)
{
	format = format ? format : "text";
	if (strcmp(format, "json") == 0) {
		write_matrix_json(t, notes, out);
		return 0;
	}
	int html = strcmp(format, "html") == 0, md = strcmp(format, "md") == 0;
	if (!notes->rows || !(html || md || strcmp(format, "text") == 0))
		return pl_version_table_write(n, ref, t, format, "Positions", "parley.matrix/1",
		                              out, err);
	mark_cells(t, notes);
	size_t start = out->len;
	int rc =
	    pl_version_table_write(n, ref, t, format, "Positions", "parley.matrix/1", out, err);
	if (rc)
		return rc;
	/* The HTML page's footnotes go before the end of its body. */
	pl_buf tail = PL_BUF_INIT;
	const char *end = html ? strstr(out->ptr + start, "</body>") : NULL;
	if (end) {
		pl_buf_puts(&tail, end);
		out->len = (size_t)(end - out->ptr);
		out->ptr[out->len] = '\0';
	}
	write_notes(out, notes, html, md);
	pl_buf_puts(out, tail.ptr);
	pl_buf_free(&tail);
	return 0;
}
