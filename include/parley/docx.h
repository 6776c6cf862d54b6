/* docx.h — plans as Word documents (Office Open XML, ECMA-376 /
 * ISO/IEC 29500 WordprocessingML), in and out: a version read from or
 * written to a .docx with Word's own numbering, a Word file's tracked
 * changes tabled as amendments, and a redline written as Word's tracked
 * changes. docs/docx.md describes the mapping.
 *
 * Ownership: writers append to a pl_buf the caller owns and borrow what
 * they are given; pl_docx_parse gives the caller a new pl_doc. */
#ifndef PARLEY_DOCX_H
#define PARLEY_DOCX_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/negotiation.h"
#include "parley/redline.h"

/* Largest .docx file read, in bytes. */
#define PL_DOCX_MAX_BYTES ((size_t)64 << 20)
/* Largest size one part of the package may decompress to, in bytes: the
 * cap is enforced while inflating (a zip bomb's header may lie). A
 * 5,000-point plan's word/document.xml is about 4 MiB. */
#define PL_DOCX_MAX_PART ((size_t)64 << 20)

/* Reads a .docx (data[0..len)) as a plan: the Title paragraph as the
 * title, headings as parts, paragraphs numbered at Word's first level (or
 * starting with a typed label "6.") as points, at its second level (or
 * typed "(a)") as their sub-items, labels computed from word/numbering.xml
 * as Word shows them. Other paragraphs join the text before them (the
 * preamble, a part's introduction, a point's text).
 *
 * Returns 0 and *out, or: PL_ETOOBIG for a file over PL_DOCX_MAX_BYTES or
 * a part decompressing past PL_DOCX_MAX_PART; PL_EINVALID for a file that
 * is not a zip or is truncated, a zip that is not a Word document, XML
 * that is not well-formed, a DOCTYPE (external entities and expansion
 * bombs named as such), invalid UTF-8, numbering that points nowhere, a
 * document with tracked changes (they are amendments:
 * pl_docx_amendments_table) or a plan pl_doc_validate refuses;
 * PL_ECONFLICT for a label twice in one part. *out is NULL on error. */
int pl_docx_parse(pl_doc **out, const char *data, size_t len, const char *source_name,
                  pl_error *err);

/* 1 when data starts as a zip archive does (a .docx is one). */
int pl_docx_sniff(const char *data, size_t len);

/* doc as a .docx: the title (Title style), the parts (Heading 1), the
 * points and sub-items numbered by Word (numbering.xml: a list per run of
 * consecutive numbers, restarted by a start override; labels Word cannot
 * count, such as "3 bis", typed), header and footer lines (NULL: none).
 * PL_EINVALID for text XML cannot carry; nothing is written then. */
int pl_docx_write(pl_buf *out, const pl_doc *doc, const char *header, const char *footer,
                  pl_error *err);

/* Version ref ("DOC" or "DOC@N") as a .docx: the title, the parts as
 * Heading 1, the points and sub-items numbered by Word (numbering.xml;
 * labels Word cannot count, such as "3 bis", typed), and the marking of
 * its track with document, version and date in every page's header and
 * footer. Errors as pl_version_load. */
int pl_docx_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);

/* What a redline's .docx is marked with. */
typedef struct pl_docx_redline_meta {
	const char *a_name, *b_name; /* "plan@1", "plan@2" */
	const char *author;          /* the changes' author as Word shows it */
	const char *date;            /* ISO 8601 time of the newer version, or NULL */
	const char *marking;         /* the confidentiality marking, or NULL */
} pl_docx_redline_meta;

/* The redline r as a .docx of the newer plan whose changes from the older
 * are Word tracked changes (w:ins, w:del, with author and date), so that
 * Word shows them as its own change marks and can accept or reject each.
 * PL_EINVALID for text XML cannot carry. */
int pl_docx_redline_write(pl_buf *out, const pl_redline *r, const pl_docx_redline_meta *meta,
                          pl_error *err);

/* The negotiating text of version ref (pl_bracketed_text) as a .docx:
 * agreed points clean, each bracketed point's alternatives in square
 * brackets with the parties proposing them. Errors as pl_bracketed_text. */
int pl_docx_bracketed_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);

/* A comparison's columns as a Word table in a landscape section: a header
 * row of column names, then the rows, each cell's text as given. */
typedef struct pl_docx_table {
	const char *title;
	const char *marking; /* or NULL */
	const char *const *columns;
	size_t column_count;
	const char *const *cells; /* row_count * column_count, row by row; NULL: empty */
	size_t row_count;
} pl_docx_table;
int pl_docx_table_write(pl_buf *out, const pl_docx_table *table, pl_error *err);

struct pl_comparison;
/* A comparison (parley/compare.h) as such a table: a column per plan, a
 * row per point of the first with the points of the others linked to it
 * (relation and score beside each), then the points the first does not
 * address. marking may be NULL. PL_EINVALID for text XML cannot carry. */
int pl_docx_comparison_write(pl_buf *out, const struct pl_comparison *c, const char *marking,
                             pl_error *err);

/* A Word author and the delegate whose amendments they make. */
typedef struct pl_docx_author {
	const char *word_name; /* w:author as the file gives it: "Jane Doe" */
	const char *delegate;  /* the delegate: "kallas" */
} pl_docx_author;

typedef struct pl_docx_tabled {
	size_t amendments; /* amendments tabled */
	size_t statements; /* comments recorded as statements */
	pl_buf report;     /* a line per amendment and statement (caller frees) */
} pl_docx_tabled;

/* Tables the tracked changes of a .docx as amendments to the latest version
 * of document, and records its comments as statements. The text with every
 * change rejected must be that version's plan. Each author's changes to
 * one point make one amendment, tabled and signed by the author's delegate
 * (authors maps them): a negotiation handle is opened for each delegate
 * from options (its actor replaced). A comment becomes an on-record
 * statement of its author's delegate naming the point it is anchored to.
 * Everything is checked (authors, the base, every amendment against the
 * base) before anything is recorded. PL_EINVALID for an author with no
 * delegate (named), a file without tracked changes or comments, or a base
 * that differs (the first point that does); errors of pl_docx_parse,
 * pl_negotiation_open and pl_amendment_table otherwise. */
int pl_docx_amendments_table(const pl_open_options *options, const char *document,
                             const char *data, size_t len, const char *source_name,
                             const pl_docx_author *authors, size_t author_count,
                             pl_docx_tabled *out, pl_error *err);

#endif
