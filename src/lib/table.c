#include "parley/table.h"
#include "parley/mem.h"
#include "parley/utf8.h"
#include "utf8_int.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

pl_table *pl_table_new(size_t columns, const char *const *headers)
{
	pl_table *table = pl_calloc(1, sizeof *table);
	table->columns = columns;
	table->headers = pl_calloc(columns, sizeof *table->headers);
	for (size_t c = 0; c < columns; c++)
		table->headers[c] = pl_strdup(headers[c]);
	return table;
}

void pl_table_free(pl_table *table)
{
	if (!table)
		return;
	for (size_t i = 0; i < table->rows * table->columns; i++)
		free(table->cells[i]);
	for (size_t c = 0; c < table->columns; c++)
		free(table->headers[c]);
	free(table->cells);
	free(table->headers);
	free(table);
}

void pl_table_add_row(pl_table *table, const char *const *values)
{
	size_t need = (table->rows + 1) * table->columns;
	table->cells = pl_grow(table->cells, &table->capacity, need, sizeof *table->cells);
	for (size_t c = 0; c < table->columns; c++)
		table->cells[table->rows * table->columns + c] =
		    values[c] ? pl_strdup(values[c]) : NULL;
	table->rows++;
}

const char *pl_table_cell(const pl_table *table, size_t row, size_t column)
{
	return table->cells[row * table->columns + column];
}

static void put_padded(pl_buf *out, const char *s, size_t width, int last)
{
	if (s)
		pl_buf_puts(out, s);
	if (last)
		return;
	for (size_t w = pl_display_width(s); w < width + 2; w++)
		pl_buf_putc(out, ' ');
}

/* A cell as it may be shown on a terminal: one line, control characters
 * and bad bytes escaped (a new string, or NULL for NULL). */
static char *shown(const char *cell)
{
	if (!cell)
		return NULL;
	pl_buf out = PL_BUF_INIT;
	pl_utf8_escape(&out, cell, strlen(cell), 0);
	return pl_buf_detach(&out);
}

void pl_table_write_text(pl_buf *out, const pl_table *table)
{
	size_t count = table->rows * table->columns;
	char **cells = pl_calloc(count + 1, sizeof *cells);
	for (size_t i = 0; i < count; i++)
		cells[i] = shown(table->cells[i]);
	size_t *widths = pl_calloc(table->columns, sizeof *widths);
	for (size_t c = 0; c < table->columns; c++) {
		widths[c] = pl_display_width(table->headers[c]);
		for (size_t r = 0; r < table->rows; r++) {
			size_t w = pl_display_width(cells[r * table->columns + c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (size_t c = 0; c < table->columns; c++) {
		char *upper = pl_strdup(table->headers[c]);
		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		put_padded(out, upper, widths[c], c + 1 == table->columns);
		free(upper);
	}
	pl_buf_putc(out, '\n');
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->columns; c++)
			put_padded(out, cells[r * table->columns + c], widths[c],
			           c + 1 == table->columns);
		pl_buf_putc(out, '\n');
	}
	for (size_t i = 0; i < count; i++)
		free(cells[i]);
	free(cells);
	free(widths);
}

/* A cell as a JSON string: bytes that are not UTF-8 (a damaged store) are
 * escaped as pl_utf8_escape does, so that the output stays valid JSON. */
static json_t *json_cell(const char *cell)
{
	if (!cell)
		return json_null();
	json_t *value = json_string(cell);
	if (!value) {
		char *escaped = shown(cell);
		value = json_string(escaped);
		free(escaped);
	}
	return value;
}

void pl_table_write_json(pl_buf *out, const pl_table *table, const char *format)
{
	json_t *rows = json_array();
	for (size_t r = 0; r < table->rows; r++) {
		json_t *row = json_object();
		for (size_t c = 0; c < table->columns; c++) {
			const char *cell = pl_table_cell(table, r, c);
			json_object_set_new(row, table->headers[c], json_cell(cell));
		}
		json_array_append_new(rows, row);
	}
	json_t *root = json_pack("{s:s, s:o}", "format", format, "rows", rows);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text);
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(root);
}

static void put_csv_cell(pl_buf *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		pl_buf_puts(out, s);
		return;
	}
	pl_buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			pl_buf_putc(out, '"');
		pl_buf_putc(out, *s);
	}
	pl_buf_putc(out, '"');
}

void pl_table_write_csv(pl_buf *out, const pl_table *table)
{
	for (size_t c = 0; c < table->columns; c++) {
		if (c)
			pl_buf_putc(out, ',');
		put_csv_cell(out, table->headers[c]);
	}
	pl_buf_puts(out, "\r\n");
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->columns; c++) {
			if (c)
				pl_buf_putc(out, ',');
			put_csv_cell(out, pl_table_cell(table, r, c));
		}
		pl_buf_puts(out, "\r\n");
	}
}

static void put_markdown_cell(pl_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|' || *s == '\\')
			pl_buf_putc(out, '\\');
		pl_buf_putc(out, *s == '\n' ? ' ' : *s);
	}
}

void pl_table_write_markdown(pl_buf *out, const pl_table *table)
{
	for (size_t c = 0; c < table->columns; c++) {
		pl_buf_puts(out, "| ");
		put_markdown_cell(out, table->headers[c]);
		pl_buf_putc(out, ' ');
	}
	pl_buf_puts(out, "|\n");
	for (size_t c = 0; c < table->columns; c++)
		pl_buf_puts(out, "|---");
	pl_buf_puts(out, "|\n");
	for (size_t r = 0; r < table->rows; r++) {
		for (size_t c = 0; c < table->columns; c++) {
			pl_buf_puts(out, "| ");
			put_markdown_cell(out, pl_table_cell(table, r, c));
			pl_buf_putc(out, ' ');
		}
		pl_buf_puts(out, "|\n");
	}
}

static void put_html_text(pl_buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			pl_buf_puts(out, "&amp;");
			break;
		case '<':
			pl_buf_puts(out, "&lt;");
			break;
		case '>':
			pl_buf_puts(out, "&gt;");
			break;
		case '"':
			pl_buf_puts(out, "&quot;");
			break;
		default:
			pl_buf_putc(out, *s);
			break;
		}
	}
}

void pl_table_write_html(pl_buf *out, const pl_table *table, const char *title, const char *style)
{
	pl_buf_puts(
	    out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	put_html_text(out, title);
	pl_buf_puts(out, "</title>\n<style>");
	pl_buf_puts(out, style ? style : "");
	pl_buf_puts(out, "</style>\n</head>\n<body>\n<h1>");
	put_html_text(out, title);
	pl_buf_puts(out, "</h1>\n<table>\n<tr>");
	for (size_t c = 0; c < table->columns; c++) {
		pl_buf_puts(out, "<th>");
		put_html_text(out, table->headers[c]);
		pl_buf_puts(out, "</th>");
	}
	pl_buf_puts(out, "</tr>\n");
	for (size_t r = 0; r < table->rows; r++) {
		pl_buf_puts(out, "<tr>");
		for (size_t c = 0; c < table->columns; c++) {
			const char *cell = pl_table_cell(table, r, c);
			pl_buf_puts(out, "<td class=\"");
			put_html_text(out, cell ? cell : "");
			pl_buf_puts(out, "\">");
			put_html_text(out, cell);
			pl_buf_puts(out, "</td>");
		}
		pl_buf_puts(out, "</tr>\n");
	}
	pl_buf_puts(out, "</table>\n</body>\n</html>\n");
}
