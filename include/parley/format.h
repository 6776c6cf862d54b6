/* format.h — documents written as JSON, HTML and plain text.
 *
 * Ownership: every writer appends to a pl_buf the caller owns; the document
 * and the metadata are only borrowed. */
#ifndef PARLEY_FORMAT_H
#define PARLEY_FORMAT_H

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/negotiation.h"

/* Where a document comes from, when it comes from a negotiation database.
 * Every field may be NULL / 0 for a plain file. */
typedef struct pl_doc_meta {
	const char *name;       /* the document's name in the database */
	int version;            /* its version number, 0 for none */
	const char *created_at; /* ISO 8601 UTC time of the version */
	const char *source;     /* file name it was imported from */
} pl_doc_meta;

/* The JSON schema "parley.document/1", documented in docs/json.md. */
void pl_format_json(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta);
/* A list of versions as JSON: {"format":"parley.versions/1","versions":[...]}
 * with document, number, track, created_at, source, title, points. */
void pl_format_versions_json(pl_buf *out, const pl_version_info *infos, size_t count);
/* The same list as an aligned text table with a header line. */
void pl_format_versions_text(pl_buf *out, const pl_version_info *infos, size_t count);

/* A standalone, escaped HTML page. */
void pl_format_html(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta);
/* The same page with every point wrapped and numbered line by line
 * (parley/lines.h), the numbers in the margin. */
void pl_format_html_lines(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta);
/* Plain text for reading in a terminal or an e-mail: sub-items on their own
 * indented lines. */
void pl_format_text(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta);

/* Appends s with the five HTML special characters escaped. */
void pl_html_escape(pl_buf *out, const char *s, size_t len);
/* Appends CommonMark inline source rendered as HTML (raw HTML in the
 * source is suppressed), without the enclosing paragraph tags when the
 * text is a single paragraph. */
void pl_html_inline(pl_buf *out, const char *markdown);
/* The style sheet every parley HTML page shares. */
const char *pl_html_style(void);

#endif
