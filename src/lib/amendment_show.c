/* amendment_show.c — one amendment as a delegation reads it: who tabled
 * it, its operations, each point it changes before and after with line
 * numbers and the redline, the parties' stances on those points and the
 * red lines it crosses. In text (what `amendment show` prints), Markdown,
 * an HTML page, or JSON (parley.amendment/1). And what accepting
 * amendments did (or, in a dry run, would do). The command line and the
 * server write them with these calls, so both give the same bytes. */
#include "parley/amend.h"
#include "parley/buf.h"
#include "parley/format.h"
#include "parley/lines.h"
#include "parley/print.h"
#include "parley/redline.h"
#include "parley/talks.h"
#include "parley/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stored text as it may be shown on a terminal (pl_utf8_escape): b is
 * reused, so one result at a time. */
static const char *shown(pl_buf *b, const char *s, unsigned flags)
{
	pl_buf_clear(b);
	pl_utf8_escape(b, s, strlen(s), flags);
	return b->ptr;
}

/* " point 6, line 1" / " point 21(a), lines 2-3" for op (labels of base). */
static void cite_op(pl_buf *out, const pl_amend_op *op, const pl_doc *base)
{
	const pl_point *p = op->point ? pl_doc_find_id(base, op->point) : NULL;
	size_t first, last, count;
	if (!p) {
		if (op->point)
			pl_buf_printf(out, " point #%s", op->point);
		return;
	}
	pl_buf_printf(out, " point %s%s%s%s", p->label, op->item ? "(" : "",
	              op->item ? op->item : "", op->item ? ")" : "");
	if (pl_amend_op_lines(op, base, &first, &last, &count) == 0 && first == last)
		pl_buf_printf(out, ", line %zu", first);
	else if (first)
		pl_buf_printf(out, ", lines %zu-%zu", first, last);
}

static void describe_edit(pl_buf *out, const pl_amend_op *op, const pl_doc *base)
{
	char *old = pl_edit_old_words(op, base);
	if (old)
		pl_buf_printf(out, ": '%s' -> '%s'", old, op->text ? op->text : "");
	else if (op->start == op->end)
		pl_buf_printf(out, ": insert '%s' before word %zu", op->text ? op->text : "",
		              op->start + 1);
	else
		pl_buf_printf(out, ": words %zu-%zu -> '%s'", op->start + 1, op->end,
		              op->text ? op->text : "");
	free(old);
}

void pl_amendment_describe(pl_buf *out, const pl_amendment *a, const pl_doc *base)
{
	for (size_t i = 0; i < a->op_count; i++) {
		const pl_amend_op *op = &a->ops[i];
		const pl_point *after = op->after ? pl_doc_find_id(base, op->after) : NULL;
		pl_buf_printf(out, "  %-11s", pl_op_name(op->kind));
		cite_op(out, op, base);
		if (op->kind == PL_OP_EDIT) {
			describe_edit(out, op, base);
			pl_buf_putc(out, '\n');
			continue;
		}
		if (op->label)
			pl_buf_printf(out, " as %s", op->label);
		if (after)
			pl_buf_printf(out, " after %s", after->label);
		else if ((op->kind == PL_OP_INSERT || op->kind == PL_OP_MOVE) && !op->after)
			pl_buf_printf(out, " at the end of part %zu", op->part + 1);
		if (op->kind == PL_OP_RENAME_PART)
			pl_buf_printf(out, " part %zu", op->part + 1);
		if (op->text)
			pl_buf_printf(out, ": %s", op->text);
		pl_buf_putc(out, '\n');
	}
}

void pl_amendment_red_lines_write(pl_buf *out, pl_negotiation *n, const char *ref,
                                  const pl_amendment *a)
{
	pl_table *red = NULL;
	pl_error err;
	pl_buf b = PL_BUF_INIT;
	if (pl_red_lines(n, ref, a, &red, &err) == 0)
		for (size_t r = 0; r < red->rows; r++) {
			const char *note = pl_table_cell(red, r, 4);
			pl_buf_printf(out,
			              "red line: %s holds the wording of point %s as one that must "
			              "stay; this amendment would %s it%s%s%s\n",
			              pl_table_cell(red, r, 0), pl_table_cell(red, r, 1),
			              pl_table_cell(red, r, 2), note ? " (" : "",
			              note ? shown(&b, note, 0) : "", note ? ")" : "");
		}
	pl_buf_free(&b);
	pl_table_free(red);
}

/* The note of party's stance on point label, or NULL. */
static const char *note_of(const pl_table *notes, const char *label, const char *party)
{
	for (size_t k = 0; k < notes->rows; k++)
		if (strcmp(pl_table_cell(notes, k, 1), label) == 0 &&
		    strcmp(pl_table_cell(notes, k, 2), party) == 0)
			return pl_table_cell(notes, k, 4);
	return NULL;
}

/* Each party's stance (and its note) on the points amendment a touches. */
static void write_positions(pl_buf *out, pl_negotiation *n, const char *ref, const pl_amendment *a,
                            const pl_doc *base)
{
	pl_table *t = NULL, *notes = NULL;
	pl_error err;
	if (pl_matrix(n, ref, &t, &err) == 0 && pl_matrix_notes(n, ref, &notes, &err) == 0) {
		pl_buf b = PL_BUF_INIT;
		for (size_t r = 0; r < t->rows; r++) {
			const char *label = pl_table_cell(t, r, 0);
			const pl_point *p = pl_doc_find_label(base, label);
			int touched = 0;
			for (size_t k = 0; p && k < a->op_count; k++)
				touched |= a->ops[k].point && strcmp(a->ops[k].point, p->id) == 0;
			if (!touched)
				continue;
			pl_buf_printf(out, "positions on point %s:\n", label);
			for (size_t c = 1; c + 1 < t->columns; c++) {
				const char *note = note_of(notes, label, t->headers[c]);
				pl_buf_printf(out, "  %s %s%s%s\n", t->headers[c],
				              pl_table_cell(t, r, c), note ? " — " : "",
				              note ? shown(&b, note, 0) : "");
			}
		}
		pl_buf_free(&b);
	}
	pl_table_free(t);
	pl_table_free(notes);
}

static void indent_lines(pl_buf *out, const char *text, const char *indent)
{
	for (const char *s = text; *s;) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		pl_buf_printf(out, "%s%.*s\n", indent, (int)len, s);
		s += len + (end != NULL);
	}
}

/* Each point the amendment changes: where (point and lines), the point
 * before and after with its line numbers, and the word redline. */
static int write_changes(pl_buf *out, const pl_amendment_view *view, int colour, pl_error *err)
{
	pl_buf block = PL_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < view->count; i++) {
		const pl_point_change *c = &view->changes[i];
		pl_buf_puts(out, "\npoint ");
		pl_point_change_cite(out, c);
		pl_buf_printf(out, " (of %zu line%s):\n", c->line_count,
		              c->line_count == 1 ? "" : "s");
		pl_buf_puts(out, "  before:\n");
		pl_buf_clear(&block);
		if (c->before)
			pl_point_write_lines(&block, c->before, 1);
		indent_lines(out, c->before ? block.ptr : "(no such point: it is new)", "    ");
		pl_buf_puts(out, "  after:\n");
		pl_buf_clear(&block);
		if (c->after)
			pl_point_write_lines(&block, c->after, 1);
		indent_lines(out, c->after ? block.ptr : "(deleted)", "    ");
		pl_buf_puts(out, "  redline:\n");
		pl_buf_clear(&block);
		rc = pl_point_change_redline(&block, c, PL_FORMAT_TEXT, colour, 0, err);
		indent_lines(out, block.ptr, "    ");
	}
	pl_buf_free(&block);
	return rc;
}

static int write_text(pl_buf *out, pl_negotiation *n, const pl_amendment_record *r, const char *ref,
                      const pl_doc *base, const pl_amendment_view *view, int colour, pl_error *err)
{
	pl_buf b = PL_BUF_INIT, ops = PL_BUF_INIT;
	pl_buf_printf(out, "%s on %s, tabled by %s for %s in %s at %s\n", r->id, ref,
	              r->delegate ? r->delegate : "-", r->party, r->track, r->at);
	pl_buf_printf(out, "status: %s%s%s\n", r->status, r->note ? " — " : "",
	              r->note ? shown(&b, r->note, PL_UTF8_LINES) : "");
	if (r->parent)
		pl_buf_printf(out, "amends: %s\n", shown(&b, r->parent, 0));
	if (r->justification)
		pl_buf_printf(out, "justification: %s\n",
		              shown(&b, r->justification, PL_UTF8_LINES));
	pl_amendment_describe(&ops, r->amendment, base);
	pl_buf_puts(out, "operations:\n");
	pl_buf_puts(out, shown(&b, ops.ptr, PL_UTF8_LINES));
	pl_buf_free(&ops);
	pl_buf_free(&b);
	int rc = write_changes(out, view, colour, err);
	if (rc)
		return rc;
	pl_buf_puts(out, "\n");
	write_positions(out, n, ref, r->amendment, base);
	pl_amendment_red_lines_write(out, n, ref, r->amendment);
	return 0;
}

static void put_escaped(pl_buf *out, const char *s, int html)
{
	if (html)
		pl_html_escape(out, s, strlen(s));
	else
		pl_buf_puts(out, s);
}

/* The amendment as a page (html) or Markdown: who tabled it, then each
 * point it changes with its lines before and after and the redline. */
static int write_page(pl_buf *out, pl_negotiation *n, const pl_amendment_record *r, const char *ref,
                      const pl_amendment_view *view, int html, pl_error *err)
{
	pl_buf title = PL_BUF_INIT;
	pl_buf_printf(&title, "Amendment %s to %s", r->id, ref);
	if (html) { /* the shared page: A4, header and footer, the marking */
		pl_page_info info;
		if (pl_page_info_load(n, ref, &info, err)) {
			pl_page_info_clear(&info);
			pl_buf_free(&title);
			return err->code;
		}
		pl_buf style = PL_BUF_INIT;
		pl_buf_printf(&style, "%s.redline{white-space:pre-wrap}", pl_html_lines_style());
		pl_page page = pl_page_of(&info, title.ptr, style.ptr);
		pl_html_page_open(out, &page);
		pl_page_info_clear(&info);
		pl_buf_free(&style);
		pl_buf_puts(out, "<p class=\"meta\">");
	} else {
		pl_buf_printf(out, "# %s\n\n", title.ptr);
	}
	pl_buf meta = PL_BUF_INIT;
	pl_buf_printf(&meta, "Tabled by %s for %s in %s at %s; status: %s",
	              r->delegate ? r->delegate : "-", r->party, r->track, r->at, r->status);
	if (r->note)
		pl_buf_printf(&meta, " (%s)", r->note);
	if (r->justification)
		pl_buf_printf(&meta, ". Justification: %s", r->justification);
	put_escaped(out, meta.ptr, html);
	pl_buf_puts(out, html ? "</p>\n" : "\n");
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < view->count; i++) {
		const pl_point_change *c = &view->changes[i];
		pl_buf cite = PL_BUF_INIT;
		pl_point_change_cite(&cite, c);
		pl_buf_puts(out, html ? "<h2>Point " : "\n## Point ");
		put_escaped(out, cite.ptr, html);
		pl_buf_puts(out, html ? "</h2>\n" : "\n");
		pl_buf_free(&cite);
		for (int side = 0; side < 2; side++) {
			const pl_point *p = side ? c->after : c->before;
			pl_buf_puts(out, html ? (side ? "<h3>After</h3>\n" : "<h3>Before</h3>\n")
			                      : (side ? "\nAfter:\n\n" : "\nBefore:\n\n"));
			if (!p)
				pl_buf_puts(out, html ? "<p>(none)</p>\n" : "(none)\n");
			else if (html)
				pl_html_point_lines(out, p, 0);
			else {
				pl_buf_puts(out, "```text\n");
				pl_point_write_lines(out, p, 1);
				pl_buf_puts(out, "```\n");
			}
		}
		/* In Markdown an HTML block, so that "6." starts no list. */
		pl_buf_puts(out, html ? "<h3>Redline</h3>\n<div class=\"redline\">"
		                      : "\nRedline:\n\n<div class=\"redline\">");
		rc = pl_point_change_redline(out, c, html ? PL_FORMAT_HTML : PL_FORMAT_MARKDOWN, 0,
		                             0, err);
		pl_buf_puts(out, "</div>\n");
	}
	if (html)
		pl_html_page_close(out);
	pl_buf_free(&title);
	pl_buf_free(&meta);
	return rc;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* An operation as JSON: its kind, the point and sub-item (labels of the
 * base), the lines of the base it touches, the words it replaces and the
 * text it puts in; null where none applies. */
static json_t *operation_json(const pl_amend_op *op, const pl_doc *base)
{
	const pl_point *p = op->point ? pl_doc_find_id(base, op->point) : NULL;
	const pl_point *after = op->after ? pl_doc_find_id(base, op->after) : NULL;
	size_t first = 0, last = 0, count = 0;
	pl_amend_op_lines(op, base, &first, &last, &count);
	char *old = pl_edit_old_words(op, base);
	json_t *o = json_pack(
	    "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kind", pl_op_name(op->kind), "point",
	    string_or_null(p ? p->label : NULL), "item", string_or_null(op->item), "first_line",
	    first ? json_integer((json_int_t)first) : json_null(), "last_line",
	    first ? json_integer((json_int_t)last) : json_null(), "old", string_or_null(old), "new",
	    string_or_null(op->text), "label", string_or_null(op->label), "after",
	    string_or_null(after ? after->label : NULL));
	free(old);
	return o;
}

static json_t *change_json(const pl_point_change *c, pl_error *err)
{
	pl_buf cite = PL_BUF_INIT, redline = PL_BUF_INIT;
	pl_point_change_cite(&cite, c);
	if (pl_point_change_redline(&redline, c, PL_FORMAT_JSON, 0, 0, err)) {
		pl_buf_free(&cite);
		pl_buf_free(&redline);
		return NULL;
	}
	char *before = c->before ? pl_point_printed(c->before) : NULL;
	char *after = c->after ? pl_point_printed(c->after) : NULL;
	json_t *o = json_pack(
	    "{s:o, s:s, s:o, s:o, s:I, s:o, s:o, s:o}", "point",
	    json_string(c->before ? c->before->label : c->after->label), "cite", cite.ptr,
	    "first_line", c->first_line ? json_integer((json_int_t)c->first_line) : json_null(),
	    "last_line", c->first_line ? json_integer((json_int_t)c->last_line) : json_null(),
	    "line_count", (json_int_t)c->line_count, "before", string_or_null(before), "after",
	    string_or_null(after), "redline", json_loads(redline.ptr, 0, NULL));
	free(before);
	free(after);
	pl_buf_free(&cite);
	pl_buf_free(&redline);
	return o;
}

/* parley.amendment/1 (docs/json.md), one line. */
static int write_json(pl_buf *out, const pl_amendment_record *r, const pl_doc *base,
                      const pl_amendment_view *view, pl_error *err)
{
	json_t *ops = json_array(), *changes = json_array();
	for (size_t k = 0; k < r->amendment->op_count; k++)
		json_array_append_new(ops, operation_json(&r->amendment->ops[k], base));
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < view->count; i++) {
		json_t *c = change_json(&view->changes[i], err);
		rc = c ? 0 : err->code;
		if (c)
			json_array_append_new(changes, c);
	}
	json_t *root =
	    json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
	              "format", "parley.amendment/1", "id", r->id, "document", r->document, "base",
	              r->base, "party", r->party, "delegate", string_or_null(r->delegate), "track",
	              r->track, "at", r->at, "status", r->status, "note", string_or_null(r->note),
	              "parent", string_or_null(r->parent), "justification",
	              string_or_null(r->justification), "operations", ops, "changes", changes);
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (rc == 0 && !text)
		rc = pl_error_set(
		    err, PL_EINVALID,
		    "the amendment cannot be written as JSON (text that is not UTF-8)");
	if (rc == 0)
		pl_buf_printf(out, "%s\n", text);
	free(text);
	json_decref(root);
	return rc;
}

int pl_amendment_find(pl_negotiation *n, const char *document, const char *id,
                      pl_amendment_record **records, size_t *count,
                      const pl_amendment_record **found, pl_error *err)
{
	*found = NULL;
	int rc = pl_amendment_list(n, document, records, count, err);
	for (size_t i = 0; rc == 0 && i < *count && !*found; i++)
		if (strcmp((*records)[i].id, id) == 0)
			*found = &(*records)[i];
	if (rc == 0 && !*found)
		rc = pl_error_set(err, PL_ENOTFOUND, "no amendment %s on %s", id, document);
	return rc;
}

int pl_amendment_write(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
                       pl_redline_format format, int colour, pl_error *err)
{
	pl_amendment_record *records = NULL;
	size_t count = 0;
	const pl_amendment_record *r = NULL;
	int rc = pl_amendment_find(n, document, id, &records, &count, &r, err);
	char ref[PL_NAME_MAX + 32];
	pl_doc *base = NULL;
	if (rc == 0) {
		snprintf(ref, sizeof ref, "%s@%d", r->document, r->base);
		rc = pl_version_load(n, ref, &base, NULL, err);
	}
	pl_amendment_view view;
	int viewed =
	    rc == 0 && (rc = pl_amendment_view_compute(&view, r->amendment, base, NULL, err)) == 0;
	if (viewed) {
		switch (format) {
		case PL_FORMAT_JSON:
			rc = write_json(out, r, base, &view, err);
			break;
		case PL_FORMAT_HTML:
		case PL_FORMAT_MARKDOWN:
			rc = write_page(out, n, r, ref, &view, format == PL_FORMAT_HTML, err);
			break;
		default:
			rc = write_text(out, n, r, ref, base, &view, colour, err);
		}
		pl_amendment_view_free(&view);
	}
	pl_doc_free(base);
	pl_amendment_record_free_array(records, count);
	return rc;
}

void pl_accept_result_write(pl_buf *out, const char *document, const pl_accept_result *result,
                            int dry_run)
{
	for (size_t r = 0; r < result->tally->rows; r++)
		pl_buf_printf(
		    out, "%s: %s of %s member parties accept (%s): %s\n",
		    pl_table_cell(result->tally, r, 0), pl_table_cell(result->tally, r, 2),
		    pl_table_cell(result->tally, r, 3), pl_table_cell(result->tally, r, 1),
		    pl_table_cell(result->tally, r, 4));
	if (!dry_run && result->adopted)
		pl_buf_printf(out,
		              "adopted %zu amendment%s: %s@%d; %zu carried over, %zu need "
		              "revision, %zu fell\n",
		              result->adopted, result->adopted == 1 ? "" : "s", document,
		              result->number, result->carried, result->revise, result->fallen);
	if (!dry_run || !result->after)
		return;
	pl_redline *redline = NULL;
	pl_redline_options options = {.match_by_id = 1};
	pl_error err;
	if (pl_redline_compute(&redline, result->before, result->after, &options, &err) == 0) {
		pl_buf text = PL_BUF_INIT;
		pl_redline_render render = {
		    .a_name = "now", .b_name = "adopted", .changed_only = 1};
		pl_redline_write_text(&text, redline, &render);
		pl_buf_puts(out, "\ndry run, nothing recorded; adopting them would make this "
		                 "change:\n\n");
		pl_buf_put(out, text.ptr, text.len);
		pl_buf_free(&text);
		pl_redline_free(redline);
	}
	size_t red = result->red_lines ? result->red_lines->rows : 0;
	pl_buf_printf(out, "\n%zu red line%s crossed%s\n", red, red == 1 ? "" : "s",
	              red ? ":" : "");
	for (size_t r = 0; r < red; r++)
		pl_buf_printf(
		    out, "  %s holds the wording of point %s as one that must stay (%s, %s)\n",
		    pl_table_cell(result->red_lines, r, 0), pl_table_cell(result->red_lines, r, 1),
		    pl_table_cell(result->red_lines, r, 2), pl_table_cell(result->red_lines, r, 3));
}
