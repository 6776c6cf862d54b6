#include "parley/format.h"
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

void pl_html_inline(pl_buf *out, const char *markdown)
{
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

const char *pl_html_style(void)
{
	return "body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;"
	       "padding:0 1em;line-height:1.5;color:#1a1a1a;background:#fff}"
	       "h1{font-size:1.6em;line-height:1.25}h2{font-size:1.2em;margin-top:2em;"
	       "border-bottom:1px solid #ccc}"
	       ".meta{color:#555;font-size:.9em}.point{display:flex;gap:.6em;margin:.8em 0}"
	       ".label{font-weight:bold;min-width:3.5em;text-align:right;flex:none}"
	       ".items{list-style:none;padding-left:0;margin:.4em 0}.items "
	       "li{display:flex;gap:.5em}"
	       ".items .label{min-width:2em;font-weight:normal}"
	       "ins{background:#d7f5dd;text-decoration:underline}"
	       "del{background:#fbe0e0;text-decoration:line-through}"
	       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}"
	       "@media print{body{margin:0;max-width:none}}";
}

static void write_point(void *context, const pl_point *point)
{
	pl_buf *out = context;
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
	pl_buf *out = context;
	pl_buf_puts(out, "<h2>");
	pl_html_inline(out, part->heading);
	pl_buf_puts(out, "</h2>\n");
	write_block(out, part->intro);
}

static void write_head(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	const char *title = doc->title ? doc->title : (meta && meta->name ? meta->name : "plan");
	pl_buf_puts(out,
	            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>");
	pl_html_escape(out, title, strlen(title));
	pl_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", pl_html_style());
	pl_html_inline(out, title);
	pl_buf_puts(out, "</h1>\n");
	if (meta && meta->name) {
		pl_buf_puts(out, "<p class=\"meta\">");
		pl_html_escape(out, meta->name, strlen(meta->name));
		if (meta->version)
			pl_buf_printf(out, "@%d", meta->version);
		if (meta->created_at) {
			pl_buf_puts(out, " · ");
			pl_html_escape(out, meta->created_at, strlen(meta->created_at));
		}
		pl_buf_puts(out, "</p>\n");
	}
}

static void lines_point(void *context, const pl_point *point)
{
	pl_html_point_lines(context, point, 1);
}

void pl_format_html(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_head(out, doc, meta);
	write_block(out, doc->preamble);
	pl_doc_visitor visitor = {write_heading, write_point};
	pl_doc_walk(doc, &visitor, out);
	pl_buf_puts(out, "</body>\n</html>\n");
}

/* The page of pl_format_html with each point printed line by line, its
 * line numbers in the margin (pl_html_point_lines): the breaks are those
 * amendments cite, on screen and on paper alike. */
void pl_format_html_lines(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	write_head(out, doc, meta);
	pl_buf_printf(out, "<style>%s</style>\n", pl_html_lines_style());
	write_block(out, doc->preamble);
	pl_doc_visitor visitor = {write_heading, lines_point};
	pl_doc_walk(doc, &visitor, out);
	pl_buf_puts(out, "</body>\n</html>\n");
}
