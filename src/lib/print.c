/* print.c — the page shell of every HTML output (screen and A4 print) and
 * the confidentiality marking of the versions a page shows. */
#include "parley/print.h"
#include "negotiation_int.h"
#include "parley/format.h"
#include "parley/mem.h"
#include "parley/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A CSS string literal: quotes, backslashes, the characters that could
 * close the <style> element, and control characters become escapes, so
 * that no text can leave the string or the element. */
static void put_css_string(pl_buf *out, const char *s)
{
	pl_buf_putc(out, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c < 0x20 ||
		    c == 0x7f)
			pl_buf_printf(out, "\\%x ", c);
		else
			pl_buf_putc(out, (char)c);
	}
	pl_buf_putc(out, '"');
}

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

void pl_date_words(pl_buf *out, const char *iso, int with_time)
{
	int year, month, day, hour, minute;
	char zone = 0;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%*2d%c", &year, &month, &day, &hour, &minute, &zone) !=
	        6 ||
	    zone != 'Z' || month < 1 || month > 12) {
		pl_buf_puts(out, iso);
		return;
	}
	pl_buf_printf(out, "%d %s %d", day, month_names[month - 1], year);
	if (with_time)
		pl_buf_printf(out, ", %02d:%02d UTC", hour, minute);
}

/* The shared sheet. Print: A4 with room for the running header and
 * footer; rows, points and headings are not split across pages; table
 * headers repeat on each page; long words wrap instead of running off the
 * edge. Deletions and insertions carry marks that survive black-and-white
 * print and text extraction ([-old-] {+new+}, as the text redline); the
 * marks are inline, not inline-block, so that a line never breaks
 * between a mark and its word. */
static const char shared_style[] =
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{font-family:Georgia,'DejaVu Serif','Times New Roman',serif;max-width:46em;"
    "margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a;background:#fff}"
    "body.wide{max-width:none;margin:1em;padding:0}"
    "h1{font-size:1.6em;line-height:1.25;margin:.4em 0}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ccc}h1,h2,h3{break-after:avoid;page-break-after:avoid}"
    ".marking{font:bold .85em sans-serif;letter-spacing:.04em;color:#a00;"
    "border:2px solid #a00;padding:.3em .6em;text-align:center;margin:.5em 0}"
    ".meta{color:#555;font-size:.9em;margin:.2em 0 1em}"
    ".point{display:flex;gap:.6em;margin:.8em 0;break-inside:avoid}"
    ".label{font-weight:bold;min-width:3.5em;text-align:right;flex:none}"
    ".body{min-width:0;overflow-wrap:anywhere}"
    ".items{list-style:none;padding-left:0;margin:.4em 0}.items li{display:flex;gap:.5em}"
    ".positions{list-style:none;padding:0;margin:.3em 0 .6em;font-size:.85em;color:#555;"
    "display:flex;flex-wrap:wrap;gap:0 1.4em}.positions .party{font-weight:600}"
    ".positions .stance.stale{text-decoration:line-through}"
    ".items .label{min-width:2em;font-weight:normal}"
    "ins{background:#d7f5dd;text-decoration:underline}"
    "del{background:#fbe0e0;text-decoration:line-through}"
    "ins::before,ins::after,del::before,del::after{color:#777;font:.75em sans-serif}"
    "del::before{content:'[-'}del::after{content:'-]'}"
    "ins::before{content:'{+'}ins::after{content:'+}'}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}"
    "table{border-collapse:collapse;margin:.5em 0}thead{display:table-header-group}"
    "td,th{border:1px solid #bbb;padding:.2em .5em;vertical-align:top;text-align:left;"
    "overflow-wrap:break-word}th{background:#f0f0f0;font-family:sans-serif;font-size:.85em}"
    "td.redline-cell{min-width:16em}"
    "tr,li{break-inside:avoid;page-break-inside:avoid}"
    "@media print{body,body.wide{margin:0;max-width:none;padding:0;font-size:10.5pt}"
    "a{color:inherit;text-decoration:none}}";

static const char *date_label(const pl_page *page)
{
	return page->date_label ? page->date_label : "version of";
}

/* The @page rule: A4 (landscape for wide pages), the document at the top
 * left, the marking at the top and bottom centre, the date at the top
 * right, the record's time at the bottom left, page x of y at the bottom
 * right. */
static void put_page_rule(pl_buf *out, const pl_page *page)
{
	pl_buf text = PL_BUF_INIT;
	pl_buf_printf(out,
	              "@page{size:A4%s;margin:18mm 15mm 16mm;"
	              "@top-left{font:8pt sans-serif;color:#444;content:",
	              page->landscape ? " landscape" : "");
	put_css_string(out, page->document ? page->document : page->title);
	pl_buf_puts(out, "}@top-right{font:8pt sans-serif;color:#444;content:");
	if (page->date) {
		pl_buf_printf(&text, "%s ", date_label(page));
		pl_date_words(&text, page->date, 0);
	}
	put_css_string(out, text.len ? text.ptr : "");
	pl_buf_puts(out, "}@bottom-left{font:8pt sans-serif;color:#444;content:");
	pl_buf_clear(&text);
	if (page->as_of) {
		pl_buf_puts(&text, "as of ");
		pl_date_words(&text, page->as_of, 1);
	}
	put_css_string(out, text.len ? text.ptr : "");
	pl_buf_puts(out, "}@bottom-right{font:8pt sans-serif;color:#444;"
	                 "content:\"page \" counter(page) \" of \" counter(pages)}");
	if (page->marking) {
		static const char *const where[] = {"top-center", "bottom-center"};
		for (int i = 0; i < 2; i++) {
			pl_buf_printf(out,
			              "@%s{font:bold 9pt sans-serif;color:#a00;content:", where[i]);
			put_css_string(out, page->marking);
			pl_buf_putc(out, '}');
		}
	}
	pl_buf_puts(out, "}");
	pl_buf_free(&text);
}

static void put_escaped(pl_buf *out, const char *s)
{
	pl_html_escape(out, s, strlen(s));
}

/* 1 when the title names the document already (or there is none). */
static int in_title(const pl_page *page)
{
	return !page->document || strstr(page->title, page->document);
}

static void put_meta_line(pl_buf *out, const pl_page *page)
{
	if (in_title(page) && !page->date && !page->as_of)
		return;
	pl_buf_puts(out, "<p class=\"meta\">");
	const char *sep = "";
	if (!in_title(page)) {
		put_escaped(out, page->document);
		sep = " · ";
	}
	pl_buf words = PL_BUF_INIT;
	if (page->date) {
		pl_date_words(&words, page->date, 0);
		pl_buf_printf(out, "%s", sep);
		put_escaped(out, date_label(page));
		pl_buf_putc(out, ' ');
		put_escaped(out, words.ptr);
		sep = " · ";
	}
	if (page->as_of) {
		pl_buf_clear(&words);
		pl_date_words(&words, page->as_of, 1);
		pl_buf_printf(out, "%sas of ", sep);
		put_escaped(out, words.ptr);
	}
	pl_buf_free(&words);
	pl_buf_puts(out, "</p>\n");
}

void pl_html_page_open(pl_buf *out, const pl_page *page)
{
	pl_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, "
	                 "initial-scale=1\">\n<title>");
	put_escaped(out, page->title);
	if (!in_title(page)) {
		pl_buf_puts(out, " — ");
		put_escaped(out, page->document);
	}
	pl_buf_puts(out, "</title>\n<style>\n");
	pl_buf_puts(out, shared_style);
	pl_buf_putc(out, '\n');
	put_page_rule(out, page);
	pl_buf_putc(out, '\n');
	if (page->style) {
		pl_buf_puts(out, page->style);
		pl_buf_putc(out, '\n');
	}
	pl_buf_printf(out, "</style>\n</head>\n<body%s>\n",
	              page->landscape ? " class=\"wide\"" : "");
	if (page->marking) {
		pl_buf_puts(out, "<div class=\"marking\">");
		put_escaped(out, page->marking);
		pl_buf_puts(out, "</div>\n");
	}
	pl_buf_puts(out, "<h1>");
	if (page->title_html)
		pl_buf_puts(out, page->title_html);
	else
		put_escaped(out, page->title);
	pl_buf_puts(out, "</h1>\n");
	put_meta_line(out, page);
}

void pl_html_page_close(pl_buf *out)
{
	pl_buf_puts(out, "</body>\n</html>\n");
}

const char *pl_html_style(void)
{
	return shared_style;
}

void pl_record_time(const pl_negotiation *n, char out[32])
{
	pl_neg_time(n, out);
}

/* --- the marking ------------------------------------------------------- */

/* The tracks named by a marking, each "TRACK track: P, Q", without
 * repeats. */
typedef struct track_list {
	char **entries;
	size_t count, capacity;
} track_list;

static void add_entry(track_list *list, const char *entry)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->entries[i], entry) == 0)
			return;
	list->entries =
	    pl_grow(list->entries, &list->capacity, list->count + 1, sizeof *list->entries);
	list->entries[list->count++] = pl_strdup(entry);
}

/* Adds each track other than the plenary in which version ref is held
 * (with the parties that have it there), unless the plenary has it. */
static int add_tracks(pl_negotiation *n, const char *ref, track_list *list, pl_error *err)
{
	pl_table *seen = NULL;
	int rc = pl_seen(n, ref, &seen, err);
	if (rc)
		return rc;
	int open = 0;
	for (size_t r = 0; r < seen->rows; r++)
		open |= strcmp(pl_table_cell(seen, r, 2), PL_PLENARY) == 0;
	pl_buf entry = PL_BUF_INIT;
	for (size_t r = 0; !open && r < seen->rows; r++) {
		const char *track = pl_table_cell(seen, r, 2);
		if (r && strcmp(track, pl_table_cell(seen, r - 1, 2)) == 0)
			continue; /* the rows of one track come together */
		pl_buf_clear(&entry);
		pl_buf_printf(&entry, "%s track: ", track);
		for (size_t q = r; q < seen->rows && strcmp(pl_table_cell(seen, q, 2), track) == 0;
		     q++)
			pl_buf_printf(&entry, "%s%s", q > r ? ", " : "", pl_table_cell(seen, q, 0));
		add_entry(list, entry.ptr);
	}
	pl_buf_free(&entry);
	pl_table_free(seen);
	return 0;
}

/* Adds the tracks of every version of document name. */
static int add_document(pl_negotiation *n, const char *name, track_list *list, pl_error *err)
{
	pl_version_info *infos = NULL;
	size_t count = 0;
	int rc = pl_version_list(n, name, &infos, &count, err);
	for (size_t i = 0; rc == 0 && i < count; i++) {
		char ref[PL_NAME_MAX + 16];
		snprintf(ref, sizeof ref, "%s@%d", name, infos[i].number);
		rc = add_tracks(n, ref, list, err);
	}
	pl_version_info_free_array(infos, count);
	return rc;
}

int pl_version_marking(pl_negotiation *n, const char *const *refs, size_t count, char **out,
                       pl_error *err)
{
	track_list list = {NULL, 0, 0};
	int rc = 0;
	*out = NULL;
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = strchr(refs[i], '@') ? add_tracks(n, refs[i], &list, err)
		                          : add_document(n, refs[i], &list, err);
	if (rc == 0 && list.count) {
		pl_buf marking = PL_BUF_INIT;
		pl_buf_puts(&marking, "CONFIDENTIAL — ");
		for (size_t i = 0; i < list.count; i++)
			pl_buf_printf(&marking, "%s%s", i ? "; " : "", list.entries[i]);
		*out = pl_buf_detach(&marking);
	}
	for (size_t i = 0; i < list.count; i++)
		free(list.entries[i]);
	free(list.entries);
	return rc;
}

/* --- what a page says of a version ------------------------------------ */

int pl_page_info_load(pl_negotiation *n, const char *ref, pl_page_info *info, pl_error *err)
{
	memset(info, 0, sizeof *info);
	char name[PL_NAME_MAX + 1];
	int number;
	pl_version_info *infos = NULL;
	size_t count = 0;
	int rc = pl_ref_parse(ref, name, &number, err);
	if (rc == 0)
		rc = pl_version_list(n, name, &infos, &count, err);
	const pl_version_info *found = NULL;
	for (size_t i = 0; rc == 0 && i < count; i++)
		if (number ? infos[i].number == number : i + 1 == count)
			found = &infos[i];
	if (rc == 0 && !found)
		rc = pl_error_set(err, PL_ENOTFOUND, "no version %s", ref);
	if (rc == 0) {
		if (number)
			snprintf(info->document, sizeof info->document, "%s@%d", name, number);
		else
			snprintf(info->document, sizeof info->document, "%s", name);
		snprintf(info->date, sizeof info->date, "%s", found->created_at);
		pl_record_time(n, info->as_of);
		const char *refs[] = {info->document};
		rc = pl_version_marking(n, refs, 1, &info->marking, err);
	}
	pl_version_info_free_array(infos, count);
	return rc;
}

void pl_page_info_clear(pl_page_info *info)
{
	free(info->marking);
	info->marking = NULL;
}

pl_page pl_page_of(const pl_page_info *info, const char *title, const char *style)
{
	pl_page page = {.title = title,
	                .document = info->document[0] ? info->document : NULL,
	                .date = info->date[0] ? info->date : NULL,
	                .date_label = strchr(info->document, '@') ? NULL : "latest version of",
	                .as_of = info->as_of[0] ? info->as_of : NULL,
	                .marking = info->marking,
	                .style = style};
	return page;
}
