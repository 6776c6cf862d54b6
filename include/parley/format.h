/* format.h — documents written as JSON, HTML and plain text.
 *
 * Ownership: every writer appends to a pl_buf the caller owns; the document
 * and the metadata are only borrowed. */
#ifndef PARLEY_FORMAT_H
#define PARLEY_FORMAT_H

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/negotiation.h"

/* A party's stance on a point, with its note: what `show --positions`
 * prints under the point. */
typedef struct pl_stance_note {
	char *party, *stance; /* "UA", "redline" */
	char *note;           /* NULL when none */
	int stale;            /* taken on earlier words: it no longer counts */
} pl_stance_note;

/* The stances taken on one point (undecided parties left out). */
typedef struct pl_point_stances {
	char *point_id;
	pl_stance_note *items;
	size_t count;
} pl_point_stances;

/* The entry of point_id in all (sorted by point id, as
 * pl_point_stances_load leaves it), or NULL. */
const pl_point_stances *pl_point_stances_find(const pl_point_stances *all, size_t count,
                                              const char *point_id);

/* Where a document comes from, when it comes from a negotiation database.
 * Every field may be NULL / 0 for a plain file. */
typedef struct pl_doc_meta {
	const char *name;       /* the document's name in the database */
	int version;            /* its version number, 0 for none */
	const char *created_at; /* ISO 8601 UTC time of the version */
	const char *source;     /* file name it was imported from */
	const char *marking;    /* the confidentiality marking printed on every
				 * page (see pl_version_marking), or NULL */
	const pl_point_stances *stances; /* text, HTML, JSON: each point's stances
					  * under it, or NULL */
	size_t stance_count;
} pl_doc_meta;

/* Under a point, every party's stance and note from meta->stances (nothing
 * when meta has none for it): one a line in text, a list in HTML. */
void pl_format_stances_text(pl_buf *out, const pl_doc_meta *meta, const pl_point *point);
void pl_format_stances_html(pl_buf *out, const pl_doc_meta *meta, const pl_point *point);

/* The JSON schema "parley.document/1", documented in docs/json.md:
 * compact, on one line ending in a newline. */
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
/* The style sheet every parley HTML page shares (see print.h). */
const char *pl_html_style(void);

#endif
