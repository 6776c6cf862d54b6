/* table.h — a small table of strings: what listing commands return and
 * print (as aligned text, JSON or CSV).
 *
 * Ownership: a pl_table owns copies of its headers and cells; free it with
 * pl_table_free. */
#ifndef PARLEY_TABLE_H
#define PARLEY_TABLE_H

#include <stddef.h>

#include "parley/buf.h"

struct pl_page;

typedef struct pl_table {
	char **headers;
	size_t columns;
	char **cells; /* rows * columns, row-major; NULL cells print as "" / null */
	size_t rows;
	size_t capacity;
	unsigned long redlines; /* bit c: column c holds a short redline with
				 * [-deleted-]{+inserted+} marks (HTML shows
				 * them as <del> and <ins>) */
} pl_table;

/* A new table with columns headers (copied). */
pl_table *pl_table_new(size_t columns, const char *const *headers);
void pl_table_free(pl_table *table);
/* Marks column (below 64) as holding short redlines. */
void pl_table_mark_redline(pl_table *table, size_t column);
/* Appends a row of table->columns values (copied; NULL allowed). */
void pl_table_add_row(pl_table *table, const char *const *values);
/* The cell at row, column (borrowed; may be NULL). */
const char *pl_table_cell(const pl_table *table, size_t row, size_t column);

/* Text, Markdown and HTML label the columns in words: the key with spaces
 * for underscores ("falls_if_adopted" reads "FALLS IF ADOPTED" in text,
 * "Falls if adopted" in Markdown and HTML); CSV and JSON keep the keys. */

/* Aligned columns under upper-case headers; the last column is not
 * padded. Display width counts columns, not bytes. */
void pl_table_write_text(pl_buf *out, const pl_table *table);
/* {"format": format, "rows": [{header: value, ...}, ...]} */
void pl_table_write_json(pl_buf *out, const pl_table *table, const char *format);
/* RFC 4180 CSV with a header line. */
void pl_table_write_csv(pl_buf *out, const pl_table *table);

/* A CommonMark (GFM-style) pipe table. */
void pl_table_write_markdown(pl_buf *out, const pl_table *table);
/* The table as an HTML <table> with a <thead> (repeated on each printed
 * page); each cell's class is its text (so that a style can colour
 * stances), each header's class "column-" and its key. */
void pl_table_write_html_table(pl_buf *out, const pl_table *table);
/* A standalone HTML page (see print.h) with the table. */
void pl_table_write_page(pl_buf *out, const pl_table *table, const struct pl_page *page);
/* The same with a page that names only its title, and its own style. */
void pl_table_write_html(pl_buf *out, const pl_table *table, const char *title,
			 const char *style);

#endif
