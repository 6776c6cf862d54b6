/* print.h — the page every parley HTML output is written on: one style
 * sheet for screen and A4 print, and on every printed page a header and
 * footer naming the text, its version and date, "page x of y", and the
 * confidentiality marking of a text held in a closed track.
 *
 * Ownership: a pl_page only borrows its strings; pl_version_marking returns
 * a new string the caller frees. */
#ifndef PARLEY_PRINT_H
#define PARLEY_PRINT_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"

/* What a page says about itself. Every field but title may be NULL / 0. */
typedef struct pl_page {
	const char *title;      /* plain text: the window title, and the heading */
	const char *title_html; /* the heading as HTML already escaped (a title
				 * with inline markup), or NULL to escape title */
	const char *document;   /* what the page shows: "framework@2", or
				 * "framework@1 → e3-counter@1" */
	const char *date;       /* ISO 8601 time of the version shown */
	const char *date_label; /* what the date is of; NULL: "version of" */
	const char *as_of;      /* ISO 8601 time of the record's state shown (the
				 * record's clock), for lists that change after
				 * the version was made */
	const char *marking;    /* "CONFIDENTIAL — …" on every page, or NULL */
	int landscape;          /* print on A4 landscape, the screen full width */
	const char *style;      /* the page's own CSS, after the shared sheet */
} pl_page;

/* Appends the head of an HTML page: the shared style sheet with the @page
 * rules for page's header and footer, then the opening of the body with
 * the marking (if any), the heading and a line naming document and dates.
 * Every string is escaped for where it goes. */
void pl_html_page_open(pl_buf *out, const pl_page *page);
/* Appends the end of a page opened with pl_html_page_open. */
void pl_html_page_close(pl_buf *out);

/* Appends an ISO 8601 time "2025-11-24T12:00:00Z" as a date in words,
 * "24 November 2025" (with ", 12:00 UTC" when with_time), or the text as
 * given when it is not in that form. */
void pl_date_words(pl_buf *out, const char *iso, int with_time);

/* The confidentiality marking of a page showing the versions refs ("DOC"
 * or "DOC@N"), as the acting delegate may see them: NULL in *out when
 * every version is circulated to the plenary (every party may read it);
 * else "CONFIDENTIAL — backchannel track: RU, US", naming for each
 * version not in the plenary the tracks it is held in and the parties
 * that have it there, only as far as the reader may know of them (the
 * same reads as pl_seen). A DOC without a version stands for all its
 * versions. Returns 0 or the code of pl_seen / pl_version_list. */
int pl_version_marking(pl_negotiation *n, const char *const *refs, size_t count, char **out,
		       pl_error *err);

/* What a page about version ref says of it, as the acting delegate sees
 * it: document "DOC@N" (or "DOC" for every version), date the time of
 * that version (of the latest one for "DOC"), as_of the record's clock,
 * marking as pl_version_marking gives it (owned; NULL for none). */
typedef struct pl_page_info {
	char document[PL_NAME_MAX + 16];
	char date[32];
	char as_of[32];
	char *marking;
} pl_page_info;

/* Fills info for ref ("DOC" or "DOC@N"). Returns 0, or PL_ENOTFOUND /
 * PL_EINVALID as pl_version_load does for a bad or hidden ref. Clear info
 * with pl_page_info_clear in either case. */
int pl_page_info_load(pl_negotiation *n, const char *ref, pl_page_info *info, pl_error *err);
void pl_page_info_clear(pl_page_info *info);
/* A page with info's document, dates and marking, and title and style. */
pl_page pl_page_of(const pl_page_info *info, const char *title, const char *style);

/* Writes t, a table about version ref, to out in format (text, md, html,
 * csv, json; NULL: text): HTML as the page "TITLE: DOC@N" with the
 * version's dates and marking, JSON under schema. PL_EINVALID for another
 * format. */
struct pl_table;
int pl_version_table_write(pl_negotiation *n, const char *ref, const struct pl_table *t,
                           const char *format, const char *title, const char *schema,
                           pl_buf *out, pl_error *err);
/* The matrix t of version ref with its notes (pl_matrix_notes): noted
 * cells marked "stance [k]" (t is changed) and the footnotes under it
 * (text, md, html), a "notes" field (json), none (csv). */
int pl_matrix_write(pl_negotiation *n, const char *ref, struct pl_table *t,
                    const struct pl_table *notes, const char *format, pl_buf *out, pl_error *err);

/* The record's clock as ISO 8601 UTC: the fixed clock the negotiation was
 * opened with, or now. */
void pl_record_time(const pl_negotiation *n, char out[32]);

#endif
