/* compare_out.c — a comparison of N plans as terminal text, CommonMark and
 * HTML: the N-column view, with the redline between linked points where
 * they share wording, and the convergence summary. */
#include "parley/compare.h"
#include "parley/format.h"
#include "parley/mem.h"
#include "parley/print.h"
#include "parley/redline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum style { STYLE_PLAIN, STYLE_ANSI, STYLE_MARKDOWN, STYLE_HTML } style;

typedef struct writer {
	pl_buf *out;
	style style;
	const pl_compare_render *render;
	int after_deletion; /* the last thing written was a deletion */
} writer;

/* A point's whole wording: the lead text, then " (a) item" for each item. */
static char *point_text(const pl_point *p)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_puts(&out, p->text);
	for (size_t k = 0; k < p->item_count; k++)
		pl_buf_printf(&out, "%s(%s) %s", out.len ? " " : "", p->items[k].label,
		              p->items[k].text);
	return pl_buf_detach(&out);
}

static void put_text(writer *w, const char *text, size_t len)
{
	if (w->style == STYLE_HTML) {
		pl_html_escape(w->out, text, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		char c = text[i] == '\n' ? ' ' : text[i];
		if (w->style == STYLE_MARKDOWN && c == '|')
			pl_buf_putc(w->out, '\\');
		pl_buf_putc(w->out, c);
	}
}

static void marked(writer *w, const char *text, size_t len, int insert)
{
	static const char *const open[4][2] = {
	    {"[-", "{+"}, {"\033[31;9m", "\033[32;4m"}, {"<del>", "<ins>"}, {"<del>", "<ins>"}};
	static const char *const close[4][2] = {
	    {"-]", "+}"}, {"\033[0m", "\033[0m"}, {"</del>", "</ins>"}, {"</del>", "</ins>"}};
	/* "600,000 700,000", not "600,000700,000", on a page (see redline_out.c) */
	if (insert && w->after_deletion && w->style == STYLE_HTML && len &&
	    !isspace((unsigned char)text[0]))
		pl_buf_putc(w->out, ' ');
	pl_buf_puts(w->out, open[w->style][insert]);
	put_text(w, text, len);
	pl_buf_puts(w->out, close[w->style][insert]);
	w->after_deletion = !insert && len && !isspace((unsigned char)text[len - 1]);
}

static void on_equal(void *context, const char *text, size_t len)
{
	writer *w = context;
	w->after_deletion = 0;
	put_text(w, text, len);
}
static void on_deleted(void *context, const char *text, size_t len)
{
	marked(context, text, len, 0);
}
static void on_inserted(void *context, const char *text, size_t len)
{
	marked(context, text, len, 1);
}

/* The linked point of b: its redline against a's point where at least
 * half of the shorter text's words are shared, else its own text. */
static void put_linked_text(writer *w, const pl_point *a, const pl_point *b)
{
	char *ta = point_text(a), *tb = point_text(b);
	pl_text_diff diff;
	int shown = 0;
	if (!w->render || !w->render->no_redline) {
		if (pl_text_diff_compute(&diff, ta, strlen(ta), tb, strlen(tb), PL_TOKEN_FOLD_CASE,
		                         NULL) == 0) {
			size_t shared = diff.words_a - diff.words_deleted;
			size_t shorter = diff.words_a < diff.words_b ? diff.words_a : diff.words_b;
			if (shorter && 2 * shared >= shorter) {
				pl_segment_sink sink = {on_equal, on_deleted, on_inserted, w};
				pl_text_diff_walk(&diff, &sink);
				shown = 1;
			}
			pl_text_diff_free(&diff);
		}
	}
	if (!shown)
		put_text(w, tb, strlen(tb));
	free(ta);
	free(tb);
}

static void put_point(writer *w, const pl_point *p)
{
	char *t = point_text(p);
	put_text(w, t, strlen(t));
	free(t);
}

static void put_label(writer *w, const pl_point *p)
{
	if (w->style == STYLE_MARKDOWN)
		pl_buf_puts(w->out, "**");
	else if (w->style == STYLE_HTML)
		pl_buf_puts(w->out, "<b>");
	put_text(w, p->label, strlen(p->label));
	pl_buf_puts(w->out, w->style == STYLE_MARKDOWN ? ".** "
	                    : w->style == STYLE_HTML   ? ".</b> "
	                                               : ". ");
}

static void put_tag(writer *w, const pl_link *l)
{
	const char *name = pl_relation_name(l->relation);
	const char *sep = l->why[0] ? ": " : "";
	if (w->style == STYLE_HTML) {
		pl_buf_printf(w->out, "<span class=\"tag %s\">%s %.2f%s", name, name, l->score,
		              sep);
		put_text(w, l->why, strlen(l->why));
		pl_buf_puts(w->out, "</span> ");
	} else if (w->style == STYLE_MARKDOWN) {
		pl_buf_printf(w->out, "*(%s %.2f%s", name, l->score, sep);
		put_text(w, l->why, strlen(l->why));
		pl_buf_puts(w->out, ")* ");
	} else if (w->style == STYLE_ANSI) {
		pl_buf_printf(w->out, "\033[2m(%s %.2f%s%s)\033[0m ", name, l->score, sep, l->why);
	} else {
		pl_buf_printf(w->out, "(%s %.2f%s%s) ", name, l->score, sep, l->why);
	}
}

/* --- the summary ------------------------------------------------------ */

static size_t percent(size_t part, size_t whole)
{
	return whole ? (part * 100 + whole / 2) / whole : 0;
}

static void put_unmatched(pl_buf *out, const pl_doc *doc, const size_t *link_count)
{
	int first = 1;
	for (size_t i = 0; i < doc->point_count; i++)
		if (!link_count[i]) {
			pl_buf_printf(out, "%s%s", first ? "" : ", ", doc->points[i].label);
			first = 0;
		}
	if (first)
		pl_buf_puts(out, "none");
}

void pl_comparison_write_summary(pl_buf *out, const pl_comparison *c)
{
	for (size_t k = 0; k + 1 < c->doc_count; k++) {
		const pl_alignment *al = c->pairs[k];
		size_t na = al->a->point_count, nb = al->b->point_count;
		pl_buf_printf(out,
		              "%s / %s: %zu links (%zu same, %zu overlaps, %zu conflicts); "
		              "%zu of %zu points of %s matched (%zu%%), %zu of %zu of %s (%zu%%)\n",
		              c->names[0], c->names[k + 1], al->link_count,
		              al->counts[PL_RELATION_SAME], al->counts[PL_RELATION_OVERLAPS],
		              al->counts[PL_RELATION_CONFLICTS], al->a_matched, na, c->names[0],
		              percent(al->a_matched, na), al->b_matched, nb, c->names[k + 1],
		              percent(al->b_matched, nb));
		pl_buf_printf(out, "  only in %s: ", c->names[0]);
		put_unmatched(out, al->a, al->a_link_count);
		pl_buf_printf(out, "\n  only in %s: ", c->names[k + 1]);
		put_unmatched(out, al->b, al->b_link_count);
		pl_buf_putc(out, '\n');
		if (al->note)
			pl_buf_printf(out, "  note: %s\n", al->note);
	}
}

/* --- rows --------------------------------------------------------------- */

/* The cell of column k + 1 in the row of point i of the first plan. */
static void put_cell(writer *w, const pl_comparison *c, size_t k, size_t i, const char *sep)
{
	const pl_alignment *al = c->pairs[k];
	int any = 0;
	for (size_t q = 0; q < al->link_count; q++) {
		const pl_link *l = &al->links[q];
		if (l->a != i)
			continue;
		if (any)
			pl_buf_puts(w->out, sep);
		put_label(w, &al->b->points[l->b]);
		put_tag(w, l);
		put_linked_text(w, &al->a->points[i], &al->b->points[l->b]);
		any = 1;
	}
	if (!any)
		pl_buf_puts(w->out, w->style == STYLE_HTML ? "<span class=\"none\">—</span>" : "—");
}

static void write_text_rows(writer *w, const pl_comparison *c)
{
	for (size_t i = 0; i < c->docs[0]->point_count; i++) {
		pl_buf_printf(w->out, "\n%s ", c->names[0]);
		put_label(w, &c->docs[0]->points[i]);
		put_point(w, &c->docs[0]->points[i]);
		for (size_t k = 0; k + 1 < c->doc_count; k++) {
			pl_buf sep = PL_BUF_INIT;
			pl_buf_printf(&sep, "\n  %s ", c->names[k + 1]);
			pl_buf_puts(w->out, sep.ptr);
			put_cell(w, c, k, i, sep.ptr);
			pl_buf_free(&sep);
		}
		pl_buf_putc(w->out, '\n');
	}
	for (size_t k = 0; k + 1 < c->doc_count; k++) {
		const pl_alignment *al = c->pairs[k];
		for (size_t j = 0; j < al->b->point_count; j++) {
			if (al->b_link_count[j])
				continue;
			pl_buf_printf(w->out, "\nonly in %s ", c->names[k + 1]);
			put_label(w, &al->b->points[j]);
			put_point(w, &al->b->points[j]);
			pl_buf_putc(w->out, '\n');
		}
	}
}

void pl_comparison_write_text(pl_buf *out, const pl_comparison *c, const pl_compare_render *r)
{
	writer w = {out, r && r->ansi ? STYLE_ANSI : STYLE_PLAIN, r, 0};
	pl_comparison_write_summary(out, c);
	write_text_rows(&w, c);
}

/* A table row; column col holds the point, the others are empty. */
static void put_lone_row(writer *w, const pl_comparison *c, size_t col, const pl_point *p)
{
	int html = w->style == STYLE_HTML;
	pl_buf_puts(w->out, html ? "<tr>" : "|");
	for (size_t k = 0; k < c->doc_count; k++) {
		pl_buf_puts(w->out, html ? "<td>" : " ");
		if (k == col)
			put_label(w, p), put_point(w, p);
		else if (k == 0)
			pl_buf_puts(w->out, html ? "<span class=\"none\">—</span>" : "—");
		pl_buf_puts(w->out, html ? "</td>" : " |");
	}
	pl_buf_puts(w->out, html ? "</tr>\n" : "\n");
}

static void write_table_rows(writer *w, const pl_comparison *c)
{
	int html = w->style == STYLE_HTML;
	const char *sep = html ? "<hr>" : "<br>";
	for (size_t i = 0; i < c->docs[0]->point_count; i++) {
		pl_buf_puts(w->out, html ? "<tr><td>" : "| ");
		put_label(w, &c->docs[0]->points[i]);
		put_point(w, &c->docs[0]->points[i]);
		for (size_t k = 0; k + 1 < c->doc_count; k++) {
			pl_buf_puts(w->out, html ? "</td><td>" : " | ");
			put_cell(w, c, k, i, sep);
		}
		pl_buf_puts(w->out, html ? "</td></tr>\n" : " |\n");
	}
	for (size_t k = 0; k + 1 < c->doc_count; k++)
		for (size_t j = 0; j < c->pairs[k]->b->point_count; j++)
			if (!c->pairs[k]->b_link_count[j])
				put_lone_row(w, c, k + 1, &c->pairs[k]->b->points[j]);
}

/* "framework@1, e3-counter@1 and ua-eu-12@1" */
static char *names_in_words(const pl_comparison *c)
{
	pl_buf names = PL_BUF_INIT;
	for (size_t k = 0; k < c->doc_count; k++)
		pl_buf_printf(&names, "%s%s",
		              k == 0                  ? ""
		              : k + 1 == c->doc_count ? " and "
		                                      : ", ",
		              c->names[k]);
	return pl_buf_detach(&names);
}

void pl_comparison_write_markdown(pl_buf *out, const pl_comparison *c, const pl_compare_render *r)
{
	writer w = {out, STYLE_MARKDOWN, r, 0};
	char *names = names_in_words(c);
	pl_buf_puts(out, "# Comparison of ");
	put_text(&w, names, strlen(names));
	pl_buf_puts(out, "\n\n");
	free(names);
	pl_comparison_write_summary(out, c);
	pl_buf_puts(out, "\n|");
	for (size_t k = 0; k < c->doc_count; k++) {
		pl_buf_putc(out, ' ');
		put_text(&w, c->names[k], strlen(c->names[k]));
		pl_buf_puts(out, " |");
	}
	pl_buf_puts(out, "\n|");
	for (size_t k = 0; k < c->doc_count; k++)
		pl_buf_puts(out, "---|");
	pl_buf_putc(out, '\n');
	write_table_rows(&w, c);
}

static const char compare_style[] =
    "table.compare{border-collapse:collapse;width:100%;table-layout:fixed}"
    "table.compare td,table.compare th{border:1px solid #999;padding:4px 6px;"
    "vertical-align:top;font-size:.92em}"
    "table.compare th .plan{display:block;font-weight:normal;font-style:italic}"
    "table.compare hr{border:0;border-top:1px dashed #999}"
    ".summary{background:#f4f4f4;padding:.6em 1em;border-radius:4px}"
    ".tag{font:.75em sans-serif;color:#666}"
    ".tag.conflicts{color:#a00}.tag.same{color:#070}.none{color:#999}";

void pl_comparison_write_html(pl_buf *out, const pl_comparison *c, const pl_compare_render *r)
{
	writer w = {out, STYLE_HTML, r, 0};
	char *names = names_in_words(c);
	pl_buf title = PL_BUF_INIT;
	pl_buf_printf(&title, "Comparison of %s", names);
	pl_page page = {.title = title.ptr,
	                .document = names,
	                .date = r ? r->date : NULL,
	                .marking = r ? r->marking : NULL,
	                .landscape = 1,
	                .style = compare_style};
	pl_html_page_open(out, &page);
	pl_buf_free(&title);
	free(names);
	pl_buf_puts(out, "<pre class=\"summary\">");
	pl_buf summary = PL_BUF_INIT;
	pl_comparison_write_summary(&summary, c);
	pl_html_escape(out, summary.ptr, summary.len);
	pl_buf_free(&summary);
	pl_buf_puts(out, "</pre>\n<table class=\"compare\">\n<thead><tr>");
	for (size_t k = 0; k < c->doc_count; k++) {
		pl_buf_puts(out, "<th>");
		put_text(&w, c->names[k], strlen(c->names[k]));
		if (c->docs[k]->title) {
			pl_buf_puts(out, "<span class=\"plan\">");
			put_text(&w, c->docs[k]->title, strlen(c->docs[k]->title));
			pl_buf_puts(out, "</span>");
		}
		pl_buf_puts(out, "</th>");
	}
	pl_buf_puts(out, "</tr></thead>\n<tbody>\n");
	write_table_rows(&w, c);
	pl_buf_puts(out, "</tbody>\n</table>\n");
	pl_html_page_close(out);
}
