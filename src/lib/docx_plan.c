/* docx_plan.c — a plan from a Word document's paragraphs, seen with some
 * of its tracked changes accepted (every one, none, or one author's): the
 * Title paragraph (or a lone first heading above all others) as the
 * title, headings as parts, paragraphs numbered at the first level as
 * points and at the second as sub-items, with the labels Word shows
 * counted afresh for the paragraphs the view keeps, and typed labels
 * ("6. ...", "(a) ...") read as the Markdown reader reads them. */
#include "docx_int.h"
#include "docx_numbering.h"
#include "doc_int.h"
#include "parley/mem.h"

#include <stdlib.h>
#include <string.h>

/* 1 when the view keeps content marked mark by author. */
static int kept(docx_view view, int wanted, docx_mark mark, int author)
{
	if (mark == DOCX_PLAIN)
		return 1;
	int accepted = view == DOCX_VIEW_ALL || (view == DOCX_VIEW_AUTHOR && author == wanted);
	int adds = mark == DOCX_INSERTED || mark == DOCX_MOVED_TO;
	return adds ? accepted : !accepted;
}

typedef struct builder {
	const pl_docx_read *r;
	pl_doc *doc;
	pl_error *err;
	size_t part;
	pl_point *point;   /* the point being read, or NULL */
	pl_buf lead;       /* its text so far */
	int items_apart;   /* it has sub-items of their own paragraphs */
	int title_heading; /* index of the heading that is the title, or -1 */
} builder;

static void finish_point(builder *b)
{
	if (!b->point)
		return;
	if (b->items_apart) {
		free(b->point->text);
		b->point->text = pl_strdup(b->lead.ptr ? b->lead.ptr : "");
	} else {
		pl_point_set_text(b->point, b->lead.len ? b->lead.ptr : "");
	}
	b->point = NULL;
	pl_buf_clear(&b->lead);
	b->items_apart = 0;
}

/* A label as written: "6." gives "6", "(a)" and "a)" give "a". */
static char *clean_label(const char *s)
{
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (len && (s[len - 1] == '.' || s[len - 1] == ')'))
		len--;
	if (len && s[0] == '(')
		s++, len--;
	char *out = pl_malloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* A typed point label at the start of text: "6. ", "3 bis. ", "12a. ";
 * *rest gets what follows. NULL when there is none. */
static char *typed_point(const char *text, const char **rest)
{
	const char *dot = strstr(text, ". ");
	size_t len = strlen(text);
	if (!dot && len > 1 && text[len - 1] == '.') /* a label alone: "3 bis." */
		dot = text + len - 1;
	if (!dot || dot == text || dot - text > 24 || text[0] < '0' || text[0] > '9')
		return NULL;
	if (!pl_label_valid(text, (size_t)(dot - text)))
		return NULL;
	*rest = dot[1] ? dot + 2 : dot + 1;
	char *label = pl_malloc((size_t)(dot - text) + 1);
	memcpy(label, text, (size_t)(dot - text));
	label[dot - text] = '\0';
	return label;
}

/* A typed sub-item label "(a) ": letters or roman numerals, at most 8. */
static char *typed_item(const char *text, const char **rest)
{
	if (text[0] != '(')
		return NULL;
	size_t n =
	    strspn(text + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
	if (n == 0 || n > 8 || text[1 + n] != ')' || (text[2 + n] != ' ' && text[2 + n]))
		return NULL;
	*rest = text[2 + n] ? text + 3 + n : text + 2 + n;
	char *label = pl_malloc(n + 1);
	memcpy(label, text + 1, n);
	label[n] = '\0';
	return label;
}

static void append_paragraph(pl_buf *to, const char *text)
{
	if (to->len)
		pl_buf_puts(to, "\n\n");
	pl_buf_puts(to, text);
}

static char *joined(const char *old, const char *text)
{
	pl_buf b = PL_BUF_INIT;
	if (old && *old)
		append_paragraph(&b, old);
	append_paragraph(&b, text);
	return pl_buf_detach(&b);
}

static int add_item(builder *b, const char *label, const char *text, size_t line)
{
	if (!b->point)
		return pl_error_set(b->err, PL_EINVALID,
		                    "%s: word/document.xml: line %zu: a sub-item (%s) before any "
		                    "point",
		                    b->r->name, line, label);
	b->items_apart = 1; /* the lead stays whole: no inline sub-items split off */
	pl_point_add_item(b->point, label, text);
	return 0;
}

/* Plain text: the continuation of whatever came last. */
static void add_text(builder *b, const char *text)
{
	if (b->point && b->items_apart && b->point->item_count) {
		pl_item *last = &b->point->items[b->point->item_count - 1];
		char *t = joined(last->text, text);
		free(last->text);
		last->text = t;
	} else if (b->point) {
		append_paragraph(&b->lead, text);
	} else if (b->part != PL_NO_PART) {
		pl_part *p = &b->doc->parts[b->part];
		char *t = joined(p->intro, text);
		free(p->intro);
		p->intro = t;
	} else {
		char *t = joined(b->doc->preamble, text);
		pl_doc_set_preamble(b->doc, t);
		free(t);
	}
}

static size_t new_point(builder *b, const char *label, const char *text, size_t line)
{
	finish_point(b);
	b->point = pl_doc_add_point(b->doc, b->part, NULL, label, "");
	b->point->line = line;
	pl_buf_puts(&b->lead, text);
	return b->doc->point_count - 1;
}

static int add_para(builder *b, const pl_docx_para *p, int index, const char *text, size_t *point)
{
	*point = (size_t)-1;
	if ((p->kind == DOCX_TITLE && !b->doc->title && !b->doc->point_count) ||
	    index == b->title_heading) {
		pl_doc_set_title(b->doc, text);
		return 0;
	}
	if (p->kind == DOCX_TITLE || p->kind == DOCX_HEADING) {
		finish_point(b);
		b->part = pl_doc_add_part(b->doc, text, NULL);
		return 0;
	}
	if (p->kind == DOCX_NUMBERED) {
		char *label = clean_label(p->label);
		int rc = 0;
		if (p->level == 0)
			*point = new_point(b, label, text, p->line);
		else if (p->level == 1)
			rc = add_item(b, label, text, p->line);
		else
			rc =
			    pl_error_set(b->err, PL_EINVALID,
			                 "%s: word/document.xml: line %zu: a paragraph numbered at "
			                 "level %d: parley's points have one level of sub-items",
			                 b->r->name, p->line, p->level + 1);
		free(label);
		if (b->point && *point == (size_t)-1)
			*point = b->doc->point_count - 1;
		return rc;
	}
	const char *rest;
	char *label = typed_point(text, &rest);
	if (label) {
		*point = new_point(b, label, rest, p->line);
		free(label);
		return 0;
	}
	label = b->point ? typed_item(text, &rest) : NULL;
	int rc = 0;
	if (label)
		rc = add_item(b, label, rest, p->line);
	else
		add_text(b, text);
	free(label);
	if (b->point)
		*point = b->doc->point_count - 1;
	return rc;
}

/* The heading that is the title: with no Title paragraph, a first
 * paragraph that is a heading above every other heading. */
static int find_title_heading(const pl_docx_read *r)
{
	int first = -1, level = 0;
	for (size_t i = 0; i < r->para_count; i++) {
		const pl_docx_para *p = &r->paras[i];
		if (p->kind == DOCX_TITLE)
			return -1;
		if (first < 0 && p->run_count) {
			if (p->kind != DOCX_HEADING)
				return -1;
			first = (int)i;
			level = p->level;
		} else if (first >= 0 && p->kind == DOCX_HEADING && p->level <= level) {
			return -1;
		}
	}
	return first;
}

/* The paragraph's text in the view, ends trimmed, into out. */
static void view_text(const pl_docx_para *p, docx_view view, int author, pl_buf *out)
{
	for (size_t k = 0; k < p->run_count; k++)
		if (kept(view, author, p->runs[k].mark, p->runs[k].author))
			pl_buf_puts(out, p->runs[k].text);
}

static void trim(pl_buf *b)
{
	size_t start = 0;
	while (start < b->len && (b->ptr[start] == ' ' || b->ptr[start] == '\t'))
		start++;
	size_t end = b->len;
	while (end > start && (b->ptr[end - 1] == ' ' || b->ptr[end - 1] == '\t'))
		end--;
	memmove(b->ptr, b->ptr + start, end - start);
	b->len = end - start;
	b->ptr[b->len] = '\0';
}

static void relabel(const pl_docx_read *r, pl_docx_para *copy, const pl_docx_para *p, pl_buf *label)
{
	*copy = *p;
	if (!p->num_id || p->kind == DOCX_HEADING || p->kind == DOCX_TITLE)
		return;
	pl_error ignored; /* every numId and level was checked when read */
	int rc = pl_docx_numbering_label(r->numbering, p->num_id, p->ilvl, label, r->name, p->line,
	                                 &ignored);
	if (rc == 0) {
		copy->kind = DOCX_NUMBERED;
		copy->level = p->ilvl;
		copy->label = label->ptr;
	} else {
		copy->kind = DOCX_TEXT;
	}
}

int pl_docx_plan(const pl_docx_read *r, docx_view view, int author, pl_doc **out,
                 size_t *para_point, pl_error *err)
{
	*out = NULL;
	builder b = {r, pl_doc_new(), err, PL_NO_PART, NULL, PL_BUF_INIT, 0, find_title_heading(r)};
	pl_buf text = PL_BUF_INIT, label = PL_BUF_INIT;
	pl_docx_numbering_reset(r->numbering);
	int rc = 0;
	size_t joined_from = 0;
	for (size_t i = 0; !rc && i < r->para_count; i++) {
		const pl_docx_para *p = &r->paras[i];
		if (para_point)
			para_point[i] = (size_t)-1;
		view_text(p, view, author, &text);
		/* A paragraph whose mark the view takes away joins the next. */
		if (!kept(view, author, (docx_mark)p->mark, p->mark_author))
			continue;
		trim(&text);
		size_t point = (size_t)-1;
		pl_docx_para copy;
		relabel(r, &copy, p, &label);
		/* An empty numbered paragraph is a point still: Word shows its
		 * label (a point whose text is all in its sub-items). */
		if (text.len || copy.kind == DOCX_NUMBERED)
			rc = add_para(&b, &copy, (int)i, text.ptr, &point);
		for (; para_point && joined_from <= i; joined_from++)
			para_point[joined_from] = point;
		joined_from = i + 1;
		pl_buf_clear(&text);
	}
	finish_point(&b);
	if (!rc && !b.doc->point_count)
		rc = pl_error_set(err, PL_EINVALID,
		                  "%s: no points: parley reads paragraphs numbered by Word, or "
		                  "starting with a label such as '1.'",
		                  r->name);
	if (!rc && (rc = pl_doc_validate(b.doc, err)) != 0) {
		/* Its lines are word/document.xml's: said so. */
		pl_buf why = PL_BUF_INIT;
		pl_buf_puts(&why, err->message);
		pl_error_set(err, rc, "%s: word/document.xml: %s", r->name, why.ptr);
		pl_buf_free(&why);
	}
	pl_buf_free(&text);
	pl_buf_free(&label);
	pl_buf_free(&b.lead);
	if (rc) {
		pl_doc_free(b.doc);
		return rc;
	}
	*out = b.doc;
	return 0;
}

int pl_docx_parse(pl_doc **out, const char *data, size_t len, const char *source_name,
                  pl_error *err)
{
	*out = NULL;
	const char *name = source_name ? source_name : "input";
	pl_docx_read r;
	int rc = pl_docx_read_package(&r, data, len, name, err);
	if (rc)
		return rc;
	if (r.change_count)
		rc = pl_error_set(err, PL_EINVALID,
		                  "%s: has %zu tracked changes (by %s%s): they are amendments; "
		                  "import it with --author 'NAME=DELEGATE' for each author to "
		                  "table them, or accept or reject them in Word first",
		                  name, r.change_count, r.authors[0],
		                  r.author_count > 1 ? ", ..." : "");
	if (!rc)
		rc = pl_docx_plan(&r, DOCX_VIEW_ALL, -1, out, NULL, err);
	pl_docx_read_free(&r);
	return rc;
}
