#include "parley/format.h"
#include "parley/print.h"
#include "parley/lines.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

void pl_html_escape(pl_buf *out, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *entity = NULL;
		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		pl_buf_put(out, s + run, i - run);
		pl_buf_puts(out, entity);
		run = i + 1;
	}
	pl_buf_put(out, s + run, len - run);
}

/* 1 when cmark would render text as one paragraph of itself, only '"'
 * escaped: it starts with a letter, ends with no space, and holds only
 * letters, digits, single spaces, non-ASCII UTF-8 and punctuation that
 * starts nothing in CommonMark (no emphasis, code, link, entity, HTML or
 * escape; no line break). Most points are such text. */
static int plain_text(const char *s, size_t len)
{
	if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) ||
	    s[len - 1] == ' ')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c >= 0x80 || (c == ' ' && s[i + 1] != ' ') || strchr(",.;:?'\"()/%-", c))
			continue;
		return 0;
	}
	return 1;
}

void pl_html_inline(pl_buf *out, const char *markdown)
{
	size_t plain = strlen(markdown);
	if (plain_text(markdown, plain)) {
		for (const char *quote; (quote = memchr(markdown, '"', plain)) != NULL;) {
			pl_buf_put(out, markdown, (size_t)(quote - markdown));
			pl_buf_puts(out, "&quot;");
			plain -= (size_t)(quote - markdown) + 1;
			markdown = quote + 1;
		}
		pl_buf_put(out, markdown, plain);
		return;
	}
	char *html = cmark_markdown_to_html(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
	size_t len = strlen(html);
	while (len && html[len - 1] == '\n')
		len--;
	const char *body = html;
	/* One paragraph: drop <p>…</p> so the text sits inline. */
	if (len >= 7 && strncmp(html, "<p>", 3) == 0 && strncmp(html + len - 4, "</p>", 4) == 0 &&
	    !strstr(html + 3, "<p>")) {
		body = html + 3;
		len -= 7;
	}
	pl_buf_put(out, body, len);
	free(html);
}

/* What the visitor writes to, and with. */
typedef struct html_writer {
	pl_buf *out;
	const pl_doc_meta *meta;
} html_writer;

void pl_format_stances_html(pl_buf *out, const pl_doc_meta *meta, const pl_point *point)
{
	const pl_point_stances *s =
	    meta ? pl_point_stances_find(meta->stances, meta->stance_count, point->id) : NULL;
	if (!s || !s->count)
		return;
	pl_buf_puts(out, "<ul class=\"positions\">");
	for (size_t k = 0; k < s->count; k++) {
		const pl_stance_note *n = &s->items[k];
		pl_buf_puts(out, "<li><span class=\"party\">");
		pl_html_escape(out, n->party, strlen(n->party));
		pl_buf_printf(out, "</span> <span class=\"stance %s\">", n->stale ? "stale" : "");
		pl_html_escape(out, n->stance, strlen(n->stance));
		pl_buf_puts(out, n->stale ? "</span> (on earlier words)" : "</span>");
		if (n->note) {
			pl_buf_puts(out, " — <span class=\"note\">");
			pl_html_escape(out, n->note, strlen(n->note));
			pl_buf_puts(out, "</span>");
		}
		pl_buf_puts(out, "</li>");
	}
	pl_buf_puts(out, "</ul>");
}

static void write_point(void *context, const pl_point *point)
{
	html_writer *w = context;
	pl_buf *out = w->out;
	pl_buf_puts(out, "<div class=\"point\"");
	if (point->id) {
		pl_buf_puts(out, " id=\"");
		pl_html_escape(out, point->id, strlen(point->id));
		pl_buf_putc(out, '"');
	}
	pl_buf_puts(out, "><span class=\"label\">");
	pl_html_escape(out, point->label, strlen(point->label));
	pl_buf_puts(out, ".</span><div class=\"body\">");
	pl_html_inline(out, point->text);
	if (point->item_count) {
		pl_buf_puts(out, "<ul class=\"items\">");
		for (size_t k = 0; k < point->item_count; k++) {
			pl_buf_puts(out, "<li><span class=\"label\">(");
			pl_html_escape(out, point->items[k].label, strlen(point->items[k].label));
			pl_buf_puts(out, ")</span><span>");
			pl_html_inline(out, point->items[k].text);
			pl_buf_puts(out, "</span></li>");
		}
		pl_buf_puts(out, "</ul>");
	}
	pl_format_stances_html(out, w->meta, point);
	pl_buf_puts(out, "</div></div>\n");
}

static void write_block(pl_buf *out, const char *text)
{
	if (!text)
		return;
	pl_buf_puts(out, "<div class=\"intro\">");
	pl_html_inline(out, text);
	pl_buf_puts(out, "</div>\n");
}

static void write_heading(void *context, const pl_part *part)
{
	pl_buf *out = ((html_writer *)context)->out;
	pl_buf_puts(out, "<h2>");
	pl_html_inline(out, part->heading);
	pl_buf_puts(out, "</h2>\n");
	write_block(out, part->intro);
}

/* The page shell, named after the version: "framework@2", its date and
 * marking in the header and footer of every printed page. */
static void write_head(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta, const char *style)
{
	const char *title = doc->title ? doc->title : (meta && meta->name ? meta->name : "plan");
	pl_buf heading = PL_BUF_INIT, document = PL_BUF_INIT;
	pl_html_inline(&heading, title);
	if (meta && meta->name) {
		pl_buf_puts(&document, meta->name);
		if (meta->version)
			pl_buf_printf(&document, "@%d", meta->version);
	}
	pl_page page = {
	    .title = title,
	    .title_html = heading.ptr,
	    .document = document.len ? document.ptr : NULL,
	    .date = meta ? meta->created_at : NULL,
	    .marking = meta ? meta->marking : NULL,
	    .style = style,
	};
	pl_html_page_open(out, &page);
	pl_buf_free(&heading);
	pl_buf_free(&document);
}

static void lines_point(void *context, const pl_point *point)
{
	html_writer *w = context;
	pl_html_point_lines(w->out, point, 1);
	pl_format_stances_html(w->out, w->meta, point);
}

void pl_format_html(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_head(out, doc, meta, NULL);
	write_block(out, doc->preamble);
	pl_doc_visitor visitor = {write_heading, write_point};
	html_writer w = {out, meta};
	pl_doc_walk(doc, &visitor, &w);
	pl_html_page_close(out);
}

/* The page of pl_format_html with each point printed line by line, its
 * line numbers in the margin (pl_html_point_lines): the breaks are those
 * amendments cite, on screen and on paper alike. */
void pl_format_html_lines(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_head(out, doc, meta, pl_html_lines_style());
	write_block(out, doc->preamble);
	pl_doc_visitor visitor = {write_heading, lines_point};
	html_writer w = {out, meta};
	pl_doc_walk(doc, &visitor, &w);
	pl_html_page_close(out);
}
