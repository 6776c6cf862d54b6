/* redline_out.c — a redline as text, CommonMark, HTML and a summary table. */
#include "parley/format.h"
#include "parley/print.h"
#include "parley/redline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ANSI_DEL  "\033[31;9m"
#define ANSI_INS  "\033[32;4m"
#define ANSI_TAG  "\033[2m"
#define ANSI_BOLD "\033[1m"
#define ANSI_OFF  "\033[0m"

typedef enum style { STYLE_PLAIN, STYLE_ANSI, STYLE_MARKDOWN, STYLE_HTML } style;

typedef struct writer {
	pl_buf *out;
	style style;
	const pl_redline_render *render;
	int after_deletion; /* the last thing written was a deletion */
} writer;

static void put_text(writer *w, const char *text, size_t len)
{
	if (w->style == STYLE_HTML)
		pl_html_escape(w->out, text, len);
	else
		pl_buf_put(w->out, text, len);
}

static void marked(writer *w, const char *text, size_t len, int insert)
{
	static const char *const open[4][2] = {
	    {"[-", "{+"}, {ANSI_DEL, ANSI_INS}, {"<del>", "<ins>"}, {"<del>", "<ins>"}};
	static const char *const close[4][2] = {
	    {"-]", "+}"}, {ANSI_OFF, ANSI_OFF}, {"</del>", "</ins>"}, {"</del>", "</ins>"}};
	/* A page shows "600,000 700,000", not "600,000700,000", when a word
	 * is replaced: the marks alone do not separate them in every view. */
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

static void put_diff(writer *w, const pl_text_diff *diff)
{
	pl_segment_sink sink = {on_equal, on_deleted, on_inserted, w};
	pl_text_diff_walk(diff, &sink);
}

/* A text that exists on one side only, all deleted or all inserted. */
static void put_whole(writer *w, const char *text, int insert)
{
	if (text && *text)
		marked(w, text, strlen(text), insert);
}

static void put_tag(writer *w, pl_change change, int relabelled, int moved)
{
	const char *name = pl_change_name(change);
	if (w->style == STYLE_HTML) {
		pl_buf_printf(w->out, "<span class=\"tag %s\">%s%s%s</span> ", name, name,
		              relabelled && change != PL_CHANGE_MOVED ? ", relabelled" : "",
		              moved && change != PL_CHANGE_MOVED ? ", moved" : "");
		return;
	}
	const char *on = w->style == STYLE_ANSI ? ANSI_TAG : "";
	const char *off = w->style == STYLE_ANSI ? ANSI_OFF : "";
	const char *open = w->style == STYLE_MARKDOWN ? "*(" : "(";
	const char *close = w->style == STYLE_MARKDOWN ? ")*" : ")";
	pl_buf_printf(w->out, "%s%s%s%s%s%s%s ", on, open, name,
	              relabelled && change != PL_CHANGE_MOVED ? ", relabelled" : "",
	              moved && change != PL_CHANGE_MOVED ? ", moved" : "", close, off);
}

static void put_label(writer *w, const pl_point_diff *pd)
{
	if (pd->a && pd->b && strcmp(pd->a->label, pd->b->label) != 0) {
		marked(w, pd->a->label, strlen(pd->a->label), 0);
		marked(w, pd->b->label, strlen(pd->b->label), 1);
	} else {
		const char *label = pd->b ? pd->b->label : pd->a->label;
		put_text(w, label, strlen(label));
	}
	pl_buf_puts(w->out, ".");
}

static void put_item(writer *w, const pl_item_diff *id)
{
	const char *label = id->b ? id->b->label : id->a->label;
	if (w->style == STYLE_HTML)
		pl_buf_puts(w->out, "<li><span class=\"label\">");
	else if (w->style == STYLE_MARKDOWN)
		pl_buf_puts(w->out, "\n    - ");
	else
		pl_buf_puts(w->out, "\n    ");
	pl_buf_printf(w->out, "(%s)", label);
	pl_buf_puts(w->out, w->style == STYLE_HTML ? "</span><span>" : " ");
	if (id->change == PL_CHANGE_DELETED)
		put_whole(w, id->a->text, 0);
	else if (id->change == PL_CHANGE_ADDED)
		put_whole(w, id->b->text, 1);
	else
		put_diff(w, &id->text);
	if (w->style == STYLE_HTML)
		pl_buf_puts(w->out, "</span></li>");
}

static void put_point_body(writer *w, const pl_point_diff *pd)
{
	if (pd->change == PL_CHANGE_DELETED || pd->change == PL_CHANGE_ADDED) {
		const pl_point *p = pd->b ? pd->b : pd->a;
		put_whole(w, p->text, pd->b != NULL);
		if (p->item_count && w->style == STYLE_HTML)
			pl_buf_puts(w->out, "<ul class=\"items\">");
		for (size_t k = 0; k < p->item_count; k++) {
			pl_item_diff id = {pd->b ? NULL : &p->items[k],
			                   pd->b ? &p->items[k] : NULL,
			                   pd->change,
			                   {0}};
			put_item(w, &id);
		}
		if (p->item_count && w->style == STYLE_HTML)
			pl_buf_puts(w->out, "</ul>");
		return;
	}
	put_diff(w, &pd->text);
	if (pd->item_count && w->style == STYLE_HTML)
		pl_buf_puts(w->out, "<ul class=\"items\">");
	for (size_t k = 0; k < pd->item_count; k++)
		put_item(w, &pd->items[k]);
	if (pd->item_count && w->style == STYLE_HTML)
		pl_buf_puts(w->out, "</ul>");
}

static void put_point(writer *w, const pl_point_diff *pd)
{
	if (w->style == STYLE_HTML)
		pl_buf_printf(w->out, "<div class=\"point %s\"><span class=\"label\">",
		              pl_change_name(pd->change));
	put_label(w, pd);
	pl_buf_puts(w->out, w->style == STYLE_HTML ? "</span><div class=\"body\">" : " ");
	put_tag(w, pd->change, pd->relabelled, pd->moved);
	put_point_body(w, pd);
	pl_buf_puts(w->out, w->style == STYLE_HTML ? "</div></div>\n" : "\n\n");
}

/* The part diff a point is under: its newer part when it has one, else
 * the part it stood in. */
static const pl_part_diff *part_diff_of(const pl_redline *r, const pl_point_diff *pd)
{
	const pl_part *part = NULL;
	int newer = pd->b != NULL;
	if (newer && pd->b->part != PL_NO_PART)
		part = &r->b->parts[pd->b->part];
	else if (!newer && pd->a->part != PL_NO_PART)
		part = &r->a->parts[pd->a->part];
	if (!part)
		return NULL;
	for (size_t i = 0; i < r->part_count; i++)
		if ((newer ? r->parts[i].b : r->parts[i].a) == part)
			return &r->parts[i];
	return NULL;
}

static void put_heading(writer *w, const pl_part_diff *pd)
{
	static const char *const open[4] = {"## ", ANSI_BOLD "## ", "## ", "<h2>"};
	static const char *const close[4] = {"\n\n", ANSI_OFF "\n\n", "\n\n", "</h2>\n"};
	pl_buf_puts(w->out, open[w->style]);
	if (pd->change == PL_CHANGE_ADDED)
		put_whole(w, pd->b->heading, 1);
	else if (pd->change == PL_CHANGE_DELETED)
		put_whole(w, pd->a->heading, 0);
	else
		put_diff(w, &pd->heading);
	pl_buf_puts(w->out, close[w->style]);
}

static void put_points(writer *w, const pl_redline *r)
{
	const pl_part_diff *current = NULL;
	for (size_t k = 0; k < r->point_count; k++) {
		const pl_point_diff *pd = &r->points[k];
		if (w->render->changed_only && pd->change == PL_CHANGE_UNCHANGED)
			continue;
		const pl_part_diff *part = part_diff_of(r, pd);
		if (part && part != current) {
			put_heading(w, part);
			current = part;
		}
		put_point(w, pd);
	}
}

void pl_redline_write_summary(pl_buf *out, const pl_redline *r)
{
	size_t total = 0;
	for (int c = 0; c < PL_CHANGE_COUNT; c++)
		total += r->counts[c];
	pl_buf_printf(out, "%zu points compared: ", total);
	for (int c = 0; c < PL_CHANGE_COUNT; c++)
		pl_buf_printf(out, "%s%zu %s", c ? ", " : "", r->counts[c],
		              pl_change_name((pl_change)c));
}

static void put_title(writer *w, const pl_redline *r, const char *prefix)
{
	pl_buf_puts(w->out, prefix);
	if (r->title_change == PL_CHANGE_UNCHANGED && r->b->title)
		put_text(w, r->b->title, strlen(r->b->title));
	else
		put_diff(w, &r->title);
}

static void write_plain(pl_buf *out, const pl_redline *r, const pl_redline_render *render, style s)
{
	writer w = {out, s, render, 0};
	if (s == STYLE_MARKDOWN) {
		put_title(&w, r, "# ");
		pl_buf_puts(out, "\n\n");
	}
	if (render->a_name && render->b_name)
		pl_buf_printf(out, "%s%s → %s%s\n\n", s == STYLE_MARKDOWN ? "*" : "--- ",
		              render->a_name, render->b_name, s == STYLE_MARKDOWN ? "*" : "");
	if (s != STYLE_MARKDOWN) {
		put_title(&w, r, "");
		pl_buf_puts(out, "\n\n");
	}
	pl_redline_write_summary(out, r);
	pl_buf_puts(out, "\n\n");
	put_points(&w, r);
	while (out->len >= 2 && out->ptr[out->len - 1] == '\n' && out->ptr[out->len - 2] == '\n')
		out->ptr[--out->len] = '\0';
}

void pl_redline_write_text(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	write_plain(out, r, render, render->ansi ? STYLE_ANSI : STYLE_PLAIN);
}

void pl_redline_write_markdown(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	write_plain(out, r, render, STYLE_MARKDOWN);
}

static const char redline_style[] =
    ".summary{background:#f4f4f4;padding:.6em 1em;border-radius:4px}"
    ".tag{font:.75em sans-serif;text-transform:uppercase;letter-spacing:.05em;color:#666;"
    "margin-right:.3em}.tag.substantive{color:#a40}.tag.deleted{color:#b00}"
    ".tag.added{color:#070}.point.unchanged .body{color:#555}"
    ".legend del,.legend ins{padding:0 .2em}"
    ".text{white-space:pre-wrap}";

/* "framework@1 → e3-counter@1", or NULL without names. */
static char *names_of(const pl_redline_render *render)
{
	if (!render->a_name || !render->b_name)
		return NULL;
	pl_buf names = PL_BUF_INIT;
	pl_buf_printf(&names, "%s → %s", render->a_name, render->b_name);
	return pl_buf_detach(&names);
}

/* Opens the shared page of a redline of render's texts: title in the
 * window (and title_html, escaped already, as the heading, or NULL). */
static void open_page(pl_buf *out, const pl_redline_render *render, const char *title,
                      const char *title_html)
{
	char *names = names_of(render);
	pl_page page = {.title = title,
	                .title_html = title_html,
	                .document = names,
	                .date = render->date,
	                .marking = render->marking,
	                .style = redline_style};
	pl_html_page_open(out, &page);
	free(names);
}

void pl_redline_write_html(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	const char *title = r->b->title ? r->b->title : "plan";
	pl_buf heading = PL_BUF_INIT, window = PL_BUF_INIT;
	writer hw = {&heading, STYLE_HTML, render, 0};
	put_title(&hw, r, "Redline: ");
	pl_buf_printf(&window, "Redline: %s", title);
	open_page(out, render, window.ptr, heading.ptr);
	pl_buf_free(&heading);
	pl_buf_free(&window);
	writer w = {out, STYLE_HTML, render, 0};
	size_t changed = r->counts[PL_CHANGE_REWORDED] + r->counts[PL_CHANGE_SUBSTANTIVE] +
	                 r->counts[PL_CHANGE_MOVED];
	pl_buf_printf(out,
	              "<p class=\"summary\"><strong>%zu points changed, %zu added, %zu "
	              "deleted</strong> (%zu substantive, %zu reworded, %zu moved; %zu "
	              "unchanged).<br><span class=\"legend\"><del>deleted</del> "
	              "<ins>inserted</ins></span></p>\n",
	              changed, r->counts[PL_CHANGE_ADDED], r->counts[PL_CHANGE_DELETED],
	              r->counts[PL_CHANGE_SUBSTANTIVE], r->counts[PL_CHANGE_REWORDED],
	              r->counts[PL_CHANGE_MOVED], r->counts[PL_CHANGE_UNCHANGED]);
	put_points(&w, r);
	pl_html_page_close(out);
}

void pl_redline_write_stat(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	pl_buf_printf(out, "%-10s %-10s %-12s %8s %8s\n", "POINT", "WAS", "CHANGE", "DELETED",
	              "INSERTED");
	for (size_t k = 0; k < r->point_count; k++) {
		const pl_point_diff *pd = &r->points[k];
		if (render->changed_only && pd->change == PL_CHANGE_UNCHANGED)
			continue;
		size_t deleted = pd->text.words_deleted, inserted = pd->text.words_inserted;
		for (size_t i = 0; i < pd->item_count; i++) {
			deleted += pd->items[i].text.words_deleted;
			inserted += pd->items[i].text.words_inserted;
		}
		pl_buf_printf(out, "%-10s %-10s %-12s %8zu %8zu\n", pd->b ? pd->b->label : "-",
		              pd->a ? pd->a->label : "-", pl_change_name(pd->change), deleted,
		              inserted);
	}
	pl_redline_write_summary(out, r);
	pl_buf_putc(out, '\n');
}

void pl_text_diff_write(pl_buf *out, const pl_text_diff *diff, pl_redline_format format,
                        const pl_redline_render *render)
{
	if (format == PL_FORMAT_JSON) {
		pl_text_diff_write_json(out, diff, render);
		return;
	}
	style s = format == PL_FORMAT_HTML       ? STYLE_HTML
	          : format == PL_FORMAT_MARKDOWN ? STYLE_MARKDOWN
	          : render->ansi                 ? STYLE_ANSI
	                                         : STYLE_PLAIN;
	writer w = {out, s, render, 0};
	if (s == STYLE_HTML) {
		open_page(out, render, "Redline", NULL);
		pl_buf_printf(out,
		              "<p class=\"summary\"><strong>%zu words deleted, %zu inserted"
		              "</strong> (of %zu and %zu)</p>\n<div class=\"text\">",
		              diff->words_deleted, diff->words_inserted, diff->words_a,
		              diff->words_b);
	}
	put_diff(&w, diff);
	if (s == STYLE_HTML) {
		pl_buf_puts(out, "</div>\n");
		pl_html_page_close(out);
	} else if (out->len && out->ptr[out->len - 1] != '\n')
		pl_buf_putc(out, '\n');
}
