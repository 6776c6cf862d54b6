/* markdown.h — plans in CommonMark: parsing (via cmark) and writing.
 *
 * Ownership: pl_markdown_parse gives the caller a new pl_doc (*out) to free
 * with pl_doc_free; the input text is only borrowed. */
#ifndef PARLEY_MARKDOWN_H
#define PARLEY_MARKDOWN_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"

/* Parses a plan written in CommonMark:
 *   "# Title"            the title (first level-1 heading before any point)
 *   "## Part ..."        a part heading (any heading after the title)
 *   "21. text"           a point: an ordered-list item, labelled with the
 *                        number as written in the source, or a paragraph
 *                        starting with a label ("3 bis. text")
 *   "(a) ... (b) ..."    sub-items inline (two or more markers in sequence:
 *                        (a)(b)..., (i)(ii)..., (1)(2)...), or as a nested
 *                        list whose items start with "(a)"
 * Other paragraphs become the preamble (before any part or point), a part's
 * introduction (before its first point) or a further paragraph of the
 * preceding point. source_name names the input in error messages.
 *
 * Returns 0 and *out, or PL_EINVALID (empty or binary input, invalid UTF-8,
 * bad label, no points) / PL_ECONFLICT (a label twice in one part) with a
 * one-line message "NAME: line N: what". *out is NULL on error. */
int pl_markdown_parse(pl_doc **out, const char *text, size_t len, const char *source_name,
		      pl_error *err);

/* Parses two plans at once, the second on another thread when they are
 * large: for comparing two files. On error both outputs are NULL and err
 * holds the first plan's error, else the second's. */
int pl_markdown_parse_two(pl_doc **a_out, const char *a, size_t a_len, const char *a_name,
			  pl_doc **b_out, const char *b, size_t b_len, const char *b_name,
			  pl_error *err);

/* Appends doc as CommonMark to out, in the form pl_markdown_parse reads back
 * into an equal document (ids are not written). */
void pl_markdown_write(pl_buf *out, const pl_doc *doc);

#endif
