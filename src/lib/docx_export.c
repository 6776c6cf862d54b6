/* docx_export.c — what parley writes as .docx: a version (numbered by
 * Word, marked in header and footer), a redline as Word's tracked changes,
 * the bracketed negotiating text, and a comparison's table in landscape. */
#include "docx_write.h"
#include "parley/mem.h"
#include "parley/print.h"
#include "parley/talks.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "DOC@N · track T · 24 November 2025, 12:00 UTC" into out. */
static void footer_line(pl_buf *out, const char *ref, const char *track, const char *date)
{
	pl_buf_puts(out, ref);
	if (track)
		pl_buf_printf(out, " \xC2\xB7 track %s", track);
	if (date) {
		pl_buf_puts(out, " \xC2\xB7 ");
		pl_date_words(out, date, 1);
	}
}

int pl_docx_write(pl_buf *out, const pl_doc *doc, const char *header, const char *footer,
                  pl_error *err)
{
	int rc = pl_docx_check_doc(doc, err);
	if (!rc)
		rc = pl_docx_check_text(header, "the header", err);
	if (!rc)
		rc = pl_docx_check_text(footer, "the footer", err);
	if (rc)
		return rc;
	pl_docx_out o;
	pl_docx_out_start(&o);
	o.header = header;
	o.footer = footer;
	pl_docx_out_plan(&o, doc);
	pl_docx_out_finish(&o, out);
	return 0;
}

int pl_docx_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	pl_doc *doc = NULL;
	pl_version_info info;
	char *marking = NULL;
	int rc = pl_version_load(n, ref, &doc, &info, err);
	if (rc)
		return rc;
	char shown[PL_NAME_MAX + 16];
	snprintf(shown, sizeof shown, "%s@%d", info.document, info.number);
	const char *refs[] = {shown};
	rc = pl_version_marking(n, refs, 1, &marking, err);
	if (!rc) {
		pl_buf header = PL_BUF_INIT, footer = PL_BUF_INIT;
		pl_buf_puts(&header, marking ? marking : shown);
		footer_line(&footer, shown, info.track, info.created_at);
		rc = pl_docx_write(out, doc, header.ptr, footer.ptr, err);
		pl_buf_free(&header);
		pl_buf_free(&footer);
	}
	free(marking);
	pl_version_info_clear(&info);
	pl_doc_free(doc);
	return rc;
}

/* --- a redline ---------------------------------------------------------- */

/* The runs of d into paragraph p: equal text plain, deletions and
 * insertions as tracked changes. A text diff without runs is the
 * unchanged text. */
static void diff_runs(pl_docx_out *o, xmlNodePtr p, const pl_text_diff *d, const char *a,
                      const char *b)
{
	if (!d->run_count) {
		const char *text = b ? b : a ? a : "";
		if (*text)
			pl_docx_out_run(o, p, text, strlen(text), 0, 0);
		return;
	}
	for (size_t i = 0; i < d->run_count; i++) {
		const pl_text_run *run = &d->runs[i];
		if (run->kind == PL_DIFF_EQUAL)
			pl_docx_out_run(o, p, d->b + run->b_offset, run->b_length, 0, 0);
		else if (run->kind == PL_DIFF_DELETE)
			pl_docx_out_change(o, p, d->a + run->a_offset, run->a_length, 1);
		else
			pl_docx_out_change(o, p, d->b + run->b_offset, run->b_length, 0);
	}
}

/* A whole text added (b) or removed (a) as one change, or unchanged. */
static void whole(pl_docx_out *o, xmlNodePtr p, const char *text, int change, int deleted)
{
	if (!text || !*text)
		return;
	if (change)
		pl_docx_out_change(o, p, text, strlen(text), deleted);
	else
		pl_docx_out_run(o, p, text, strlen(text), 0, 0);
}

/* A typed label "6. " or "(a) ": the old one deleted and the new one
 * inserted when it changed, so that accepting gives the newer labels and
 * rejecting the older. */
static void label_runs(pl_docx_out *o, xmlNodePtr p, const char *a, const char *b, int item)
{
	pl_buf la = PL_BUF_INIT, lb = PL_BUF_INIT;
	if (a)
		pl_buf_printf(&la, item ? "(%s) " : "%s. ", a);
	if (b)
		pl_buf_printf(&lb, item ? "(%s) " : "%s. ", b);
	if (a && b && strcmp(la.ptr, lb.ptr) == 0) {
		pl_docx_out_run(o, p, lb.ptr, lb.len, 0, 0);
	} else {
		if (a)
			pl_docx_out_change(o, p, la.ptr, la.len, 1);
		if (b)
			pl_docx_out_change(o, p, lb.ptr, lb.len, 0);
	}
	pl_buf_free(&la);
	pl_buf_free(&lb);
}

static void redline_point(pl_docx_out *o, const pl_point_diff *d)
{
	xmlNodePtr p = pl_docx_out_para(o, "ListParagraph");
	int added = !d->a, deleted = !d->b;
	if (added || deleted)
		pl_docx_out_mark(o, p, deleted);
	label_runs(o, p, d->a ? d->a->label : NULL, d->b ? d->b->label : NULL, 0);
	if (added || deleted)
		whole(o, p, added ? d->b->text : d->a->text, 1, deleted);
	else
		diff_runs(o, p, &d->text, d->a->text, d->b->text);
	for (size_t k = 0; k < d->item_count; k++) {
		const pl_item_diff *id = &d->items[k];
		xmlNodePtr ip = pl_docx_out_para(o, "ListParagraph");
		int item_added = !id->a, item_deleted = !id->b;
		if (item_added || item_deleted)
			pl_docx_out_mark(o, ip, item_deleted);
		label_runs(o, ip, id->a ? id->a->label : NULL, id->b ? id->b->label : NULL, 1);
		if (item_added || item_deleted)
			whole(o, ip, item_added ? id->b->text : id->a->text, 1, item_deleted);
		else
			diff_runs(o, ip, &id->text, id->a->text, id->b->text);
	}
}

static const pl_part_diff *part_diff_of(const pl_redline *r, const pl_part *part, int newer)
{
	for (size_t i = 0; i < r->part_count; i++)
		if ((newer ? r->parts[i].b : r->parts[i].a) == part)
			return &r->parts[i];
	return NULL;
}

static void redline_heading(pl_docx_out *o, const pl_part_diff *pd)
{
	xmlNodePtr h = pl_docx_out_para(o, "Heading1");
	if (!pd->a || !pd->b) {
		pl_docx_out_mark(o, h, !pd->b);
		whole(o, h, pd->b ? pd->b->heading : pd->a->heading, 1, !pd->b);
	} else {
		diff_runs(o, h, &pd->heading, pd->a->heading, pd->b->heading);
	}
	const char *intro = pd->b ? pd->b->intro : NULL;
	if (intro) {
		xmlNodePtr p = pl_docx_out_para(o, NULL);
		pl_docx_out_run(o, p, intro, strlen(intro), 0, 0);
	}
}

int pl_docx_redline_write(pl_buf *out, const pl_redline *r, const pl_docx_redline_meta *meta,
                          pl_error *err)
{
	int rc = pl_docx_check_doc(r->a, err);
	if (!rc)
		rc = pl_docx_check_doc(r->b, err);
	if (rc)
		return rc;
	pl_docx_out o;
	pl_docx_out_start(&o);
	pl_buf header = PL_BUF_INIT, footer = PL_BUF_INIT;
	if (meta->marking)
		pl_buf_printf(&header, "%s \xE2\x80\x94 ", meta->marking);
	pl_buf_printf(&header, "Redline: %s to %s", meta->a_name, meta->b_name);
	footer_line(&footer, meta->b_name, NULL, meta->date);
	o.header = header.ptr;
	o.footer = footer.ptr;
	o.author = meta->author;
	o.date = meta->date;
	if (r->a->title || r->b->title) {
		xmlNodePtr t = pl_docx_out_para(&o, "Title");
		if (r->a->title && r->b->title)
			diff_runs(&o, t, &r->title, r->a->title, r->b->title);
		else
			whole(&o, t, r->b->title ? r->b->title : r->a->title, 1, !r->b->title);
	}
	if (r->b->preamble) {
		xmlNodePtr p = pl_docx_out_para(&o, NULL);
		pl_docx_out_run(&o, p, r->b->preamble, strlen(r->b->preamble), 0, 0);
	}
	const pl_part *current = NULL;
	for (size_t i = 0; i < r->point_count; i++) {
		const pl_point_diff *d = &r->points[i];
		const pl_part *part = NULL;
		const pl_part_diff *pd = NULL;
		if (d->b && d->b->part != PL_NO_PART) {
			part = &r->b->parts[d->b->part];
			pd = part_diff_of(r, part, 1);
		} else if (!d->b && d->a->part != PL_NO_PART) {
			const pl_part *old = &r->a->parts[d->a->part];
			pd = part_diff_of(r, old, 0);
			part = pd && pd->b ? pd->b : current; /* a gone part is shown */
			if (pd && !pd->b)
				part = old;
		}
		if (part && part != current && pd) {
			redline_heading(&o, pd);
			current = part;
		}
		redline_point(&o, d);
	}
	pl_docx_out_finish(&o, out);
	pl_buf_free(&header);
	pl_buf_free(&footer);
	return 0;
}

/* --- the bracketed negotiating text ------------------------------------- */

static const char *str(const json_t *object, const char *key)
{
	const json_t *v = json_object_get(object, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void text_para(pl_docx_out *o, const char *style, const char *text, int bold)
{
	xmlNodePtr p = pl_docx_out_para(o, style);
	pl_docx_out_run(o, p, text, strlen(text), 0, bold);
}

/* "[w1 (owners) / w2 (owners)]" of a list of alternatives. */
static void alternatives(pl_buf *line, const json_t *alts)
{
	size_t i;
	const json_t *alt;
	pl_buf_puts(line, "[");
	json_array_foreach(alts, i, alt)
	{
		const char *wording = str(alt, "wording"), *owners = str(alt, "owners");
		if (i)
			pl_buf_puts(line, " / ");
		pl_buf_puts(line, wording ? wording : "(delete)");
		if (owners && *owners)
			pl_buf_printf(line, " (%s)", owners);
	}
	pl_buf_puts(line, "]");
}

/* One point as the Markdown negotiating text has it: the base wording with
 * each disputed stretch in square brackets holding its alternatives and
 * their proposers, then the reason in braces; a proposed new point whole
 * in brackets. Agreed and undisputed points are clean. */
static void bracketed_point(pl_docx_out *o, const json_t *point)
{
	const char *label = str(point, "label"), *text = str(point, "text");
	pl_buf line = PL_BUF_INIT;
	pl_buf_printf(&line, "%s. ", label ? label : "?");
	const json_t *brackets = json_object_get(point, "brackets");
	if (!json_is_true(json_object_get(point, "bracketed"))) {
		pl_buf_puts(&line, text ? text : "");
	} else if (text && json_array_size(brackets)) {
		size_t at = 0, len = strlen(text), i;
		const json_t *b;
		json_array_foreach(brackets, i, b)
		{
			const json_t *span = json_object_get(b, "span");
			size_t from = (size_t)json_integer_value(json_array_get(span, 0));
			size_t to = (size_t)json_integer_value(json_array_get(span, 1));
			if (from < at || to < from || to > len)
				continue; /* never from parley; skipped rather than trusted */
			pl_buf_put(&line, text + at, from - at);
			alternatives(&line, json_object_get(b, "alternatives"));
			at = to;
		}
		pl_buf_puts(&line, text + at);
	} else {
		alternatives(&line, json_object_get(point, "alternatives"));
	}
	const char *reason = str(point, "reason");
	if (reason)
		pl_buf_printf(&line, " {%s}", reason);
	xmlNodePtr p = pl_docx_out_para(o, "ListParagraph");
	pl_docx_out_run(o, p, line.ptr, line.len, 0, 0);
	pl_buf_free(&line);
}

int pl_docx_bracketed_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	pl_buf json = PL_BUF_INIT;
	pl_page_info page;
	int rc = pl_bracketed_text(n, ref, "json", &json, err);
	if (!rc)
		rc = pl_page_info_load(n, ref, &page, err);
	else
		memset(&page, 0, sizeof page);
	json_t *root = rc ? NULL : json_loadb(json.ptr, json.len, 0, NULL);
	if (!rc && !root)
		rc = pl_error_set(err, PL_EIO, "the bracketed text could not be read back");
	if (!rc)
		rc = pl_docx_check_text(json.ptr, "the bracketed text", err);
	if (!rc) {
		pl_docx_out o;
		pl_docx_out_start(&o);
		pl_buf title = PL_BUF_INIT, footer = PL_BUF_INIT, counts = PL_BUF_INIT;
		pl_buf version = PL_BUF_INIT;
		pl_buf_printf(&version, "%s@%d", str(root, "document"),
		              (int)json_integer_value(json_object_get(root, "version")));
		pl_buf_printf(&title, "Negotiating text: %s", version.ptr);
		o.header = page.marking ? page.marking : title.ptr;
		footer_line(&footer, version.ptr, NULL, page.date);
		o.footer = footer.ptr;
		text_para(&o, "Title", title.ptr, 0);
		const json_t *c = json_object_get(root, "counts");
		pl_buf_printf(&counts, "%lld points, %lld in brackets, %lld agreed",
		              (long long)json_integer_value(json_object_get(c, "points")),
		              (long long)json_integer_value(json_object_get(c, "bracketed")),
		              (long long)json_integer_value(json_object_get(c, "agreed")));
		text_para(&o, NULL, counts.ptr, 0);
		const char *part = NULL;
		size_t i;
		const json_t *point;
		json_array_foreach(json_object_get(root, "points"), i, point)
		{
			const char *heading = str(point, "part");
			if (heading && (!part || strcmp(part, heading) != 0)) {
				text_para(&o, "Heading1", heading, 0);
				part = heading;
			}
			bracketed_point(&o, point);
		}
		pl_docx_out_finish(&o, out);
		pl_buf_free(&title);
		pl_buf_free(&version);
		pl_buf_free(&footer);
		pl_buf_free(&counts);
	}
	json_decref(root);
	pl_page_info_clear(&page);
	pl_buf_free(&json);
	return rc;
}

/* --- a table in landscape ------------------------------------------------ */

static void cell(pl_docx_out *o, xmlNodePtr row, const char *text, int bold, int width)
{
	xmlNodePtr tc = xmlNewChild(row, o->w, (const xmlChar *)"tc", NULL);
	xmlNodePtr tcpr = xmlNewChild(tc, o->w, (const xmlChar *)"tcPr", NULL);
	xmlNodePtr w = xmlNewChild(tcpr, o->w, (const xmlChar *)"tcW", NULL);
	char v[16];
	snprintf(v, sizeof v, "%d", width);
	xmlNewNsProp(w, o->w, (const xmlChar *)"w", (const xmlChar *)v);
	xmlNewNsProp(w, o->w, (const xmlChar *)"type", (const xmlChar *)"dxa");
	/* A cell's text may hold paragraphs apart by a blank line. */
	const char *s = text ? text : "";
	do {
		const char *end = strstr(s, "\n\n");
		size_t len = end ? (size_t)(end - s) : strlen(s);
		xmlNodePtr p = xmlNewChild(tc, o->w, (const xmlChar *)"p", NULL);
		pl_docx_out_run(o, p, s, len, 0, bold);
		s = end ? end + 2 : NULL;
	} while (s);
}

int pl_docx_table_write(pl_buf *out, const pl_docx_table *t, pl_error *err)
{
	int rc = pl_docx_check_text(t->title, "the title", err);
	for (size_t i = 0; !rc && i < t->column_count; i++)
		rc = pl_docx_check_text(t->columns[i], "a column's name", err);
	for (size_t i = 0; !rc && i < t->row_count * t->column_count; i++)
		rc = pl_docx_check_text(t->cells[i], "a cell", err);
	if (rc)
		return rc;
	pl_docx_out o;
	pl_docx_out_start(&o);
	o.landscape = 1;
	o.header = t->marking ? t->marking : t->title;
	o.footer = t->title;
	text_para(&o, "Title", t->title ? t->title : "", 0);
	xmlNodePtr table = xmlNewChild(o.body, o.w, (const xmlChar *)"tbl", NULL);
	xmlNodePtr tblpr = xmlNewChild(table, o.w, (const xmlChar *)"tblPr", NULL);
	xmlNewNsProp(xmlNewChild(tblpr, o.w, (const xmlChar *)"tblStyle", NULL), o.w,
	             (const xmlChar *)"val", (const xmlChar *)"TableGrid");
	int width = t->column_count ? 14570 / (int)t->column_count : 14570;
	xmlNodePtr grid = xmlNewChild(table, o.w, (const xmlChar *)"tblGrid", NULL);
	for (size_t k = 0; k < t->column_count; k++) {
		char v[16];
		snprintf(v, sizeof v, "%d", width);
		xmlNewNsProp(xmlNewChild(grid, o.w, (const xmlChar *)"gridCol", NULL), o.w,
		             (const xmlChar *)"w", (const xmlChar *)v);
	}
	xmlNodePtr head = xmlNewChild(table, o.w, (const xmlChar *)"tr", NULL);
	/* The header row repeats on every page. */
	xmlNewChild(xmlNewChild(head, o.w, (const xmlChar *)"trPr", NULL), o.w,
	            (const xmlChar *)"tblHeader", NULL);
	for (size_t k = 0; k < t->column_count; k++)
		cell(&o, head, t->columns[k], 1, width);
	for (size_t r = 0; r < t->row_count; r++) {
		xmlNodePtr row = xmlNewChild(table, o.w, (const xmlChar *)"tr", NULL);
		for (size_t k = 0; k < t->column_count; k++)
			cell(&o, row, t->cells[r * t->column_count + k], 0, width);
	}
	xmlNewChild(o.body, o.w, (const xmlChar *)"p", NULL); /* Word ends a body on a paragraph */
	pl_docx_out_finish(&o, out);
	return 0;
}
