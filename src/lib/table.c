#include "parley/table.h"
#include "parley/mem.h"
#include "parley/format.h"
#include "parley/print.h"
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

/* A column's name in words, as a reader sees it: the JSON key with its
 * underscores as spaces ("falls_if_adopted": "falls if adopted"), "ID" for
 * "id"; capitalised, or all in capitals for the text table. */
static char *label_of(const char *key, int capitals)
{
	char *label = pl_strdup(strcmp(key, "id") == 0 ? "ID" : key);
	for (char *p = label; *p; p++) {
		if (*p == '_')
			*p = ' ';
		if (capitals || p == label)
			*p = (char)toupper((unsigned char)*p);
	}
	return label;
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
	char **labels = pl_calloc(table->columns, sizeof *labels);
	for (size_t c = 0; c < table->columns; c++) {
		labels[c] = label_of(table->headers[c], 1);
		widths[c] = pl_display_width(labels[c]);
		for (size_t r = 0; r < table->rows; r++) {
			size_t w = pl_display_width(cells[r * table->columns + c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (size_t c = 0; c < table->columns; c++) {
		put_padded(out, labels[c], widths[c], c + 1 == table->columns);
		free(labels[c]);
	}
	free(labels);
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
		char *label = label_of(table->headers[c], 0);
		pl_buf_puts(out, "| ");
		put_markdown_cell(out, label);
		pl_buf_putc(out, ' ');
		free(label);
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

/* 1 when cell is one short word the style sheet may colour ("reject",
 * "stale:keep", "yes"): its class. */
/* The class a cell is styled by: its value when it is one word of the
 * kind a stance or a "yes" is, also with a note's mark after it
 * ("reserve [1]"); the length of that word, or 0 for none. */
static size_t cell_class(const char *cell)
{
	if (!cell)
		return 0;
	size_t len = 0;
	while ((cell[len] >= 'a' && cell[len] <= 'z') || cell[len] == ':' || cell[len] == '-' ||
	       cell[len] == '_')
		len++;
	if (len == 0 || len > 24)
		return 0;
	const char *rest = cell + len;
	if (*rest == '\0')
		return len;
	if (rest[0] != ' ' || rest[1] != '[' || !(rest[2] >= '0' && rest[2] <= '9'))
		return 0;
	for (rest += 2; *rest >= '0' && *rest <= '9'; rest++)
		;
	return strcmp(rest, "]") == 0 ? len : 0;
}

/* A shortened redline ("… capped at [-600,000-]{+700,000+} personnel") with
 * its marks as <del> and <ins>. */
static void put_redline_cell(pl_buf *out, const char *cell)
{
	const char *at = cell;
	while (*at) {
		const char *del = strstr(at, "[-"), *ins = strstr(at, "{+");
		const char *open = del && (!ins || del < ins) ? del : ins;
		const char *close = open ? strstr(open + 2, open == del ? "-]" : "+}") : NULL;
		if (!close) {
			put_html_text(out, at);
			return;
		}
		char *before = pl_strndup(at, (size_t)(open - at));
		char *inner = pl_strndup(open + 2, (size_t)(close - open - 2));
		put_html_text(out, before);
		pl_buf_puts(out, open == del ? "<del>" : "<ins>");
		put_html_text(out, inner);
		pl_buf_puts(out, open == del ? "</del>" : "</ins>");
		free(before);
		free(inner);
		at = close + 2;
	}
}

void pl_table_mark_redline(pl_table *table, size_t column)
{
	if (column < 64 && column < table->columns)
		table->redlines |= 1ul << column;
}

void pl_table_write_page(pl_buf *out, const pl_table *table, const pl_page *page)
{
	pl_page wide = *page;
	wide.landscape |= table->redlines != 0; /* redlines want the width */
	pl_html_page_open(out, &wide);
	pl_table_write_html_table(out, table);
	pl_html_page_close(out);
}

void pl_table_write_html_table(pl_buf *out, const pl_table *table)
{
	pl_buf_puts(out, "<table>\n<thead><tr>");
	for (size_t c = 0; c < table->columns; c++) {
		char *label = label_of(table->headers[c], 0);
		pl_buf_puts(out, "<th class=\"column-");
		put_html_text(out, table->headers[c]);
		pl_buf_puts(out, "\">");
		put_html_text(out, label);
		pl_buf_puts(out, "</th>");
		free(label);
	}
	pl_buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < table->rows; r++) {
		pl_buf_puts(out, "<tr>");
		for (size_t c = 0; c < table->columns; c++) {
			const char *cell = pl_table_cell(table, r, c);
			int redline = c < 64 && (table->redlines >> c & 1);
			if (redline) {
				pl_buf_puts(out, "<td class=\"redline-cell\">");
			} else if (cell_class(cell)) { /* a stance or a yes: styled by its value */
				pl_buf_puts(out, "<td class=\"");
				pl_html_escape(out, cell, cell_class(cell));
				pl_buf_puts(out, "\">");
			} else {
				pl_buf_puts(out, "<td>");
			}
			if (redline)
				put_redline_cell(out, cell ? cell : "");
			else
				put_html_text(out, cell);
			pl_buf_puts(out, "</td>");
		}
		pl_buf_puts(out, "</tr>\n");
	}
	pl_buf_puts(out, "</tbody>\n</table>\n");
}

void pl_table_write_html(pl_buf *out, const pl_table *table, const char *title, const char *style)
{
	pl_page page = {.title = title, .style = style};
	pl_table_write_page(out, table, &page);
}
