/* docx_read.c — a Word document read into paragraphs: each paragraph's
 * kind (title, heading, numbered, text) from its style and numbering, its
 * runs of text with the tracked change each belongs to (w:ins, w:del,
 * w:moveFrom, w:moveTo and their authors), and the comments anchored in
 * it. docx_plan.c makes plans of them. */
#include "docx_int.h"
#include "docx_numbering.h"
#include "parley/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pl_docx_is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns &&
	       strcmp((const char *)node->ns->href, DOCX_W) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

const char *pl_docx_attr(const xmlNode *node, const char *name)
{
	if (node->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = node->properties; a; a = a->next)
		if (a->ns && strcmp((const char *)a->ns->href, DOCX_W) == 0 &&
		    strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE
			           ? (const char *)a->children->content
			           : "";
	return NULL;
}

static const xmlNode *child(const xmlNode *node, const char *name)
{
	for (const xmlNode *c = node ? node->children : NULL; c; c = c->next)
		if (pl_docx_is(c, name))
			return c;
	return NULL;
}

/* --- styles ------------------------------------------------------------- */

typedef struct style {
	const char *id, *based_on, *num_id;
	docx_kind kind;
	int level, ilvl;
} style;

typedef struct styles {
	style *items;
	size_t count;
} styles;

static void read_style(style *s, const xmlNode *node)
{
	memset(s, 0, sizeof *s);
	s->id = pl_docx_attr(node, "styleId");
	s->level = -1;
	s->ilvl = -1;
	const char *name = pl_docx_attr(child(node, "name"), "val");
	const xmlNode *based = child(node, "basedOn");
	s->based_on = based ? pl_docx_attr(based, "val") : NULL;
	if (name && strcasecmp(name, "title") == 0)
		s->kind = DOCX_TITLE;
	else if (name && strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' &&
	         name[8] <= '9' && !name[9]) {
		s->kind = DOCX_HEADING;
		s->level = name[8] - '1';
	}
	const xmlNode *ppr = child(node, "pPr");
	const xmlNode *outline = child(ppr, "outlineLvl");
	const char *v = outline ? pl_docx_attr(outline, "val") : NULL;
	if (v && v[0] >= '0' && v[0] <= '8' && !v[1] && s->kind != DOCX_TITLE) {
		s->kind = DOCX_HEADING;
		s->level = v[0] - '0';
	}
	const xmlNode *numpr = child(ppr, "numPr");
	if (numpr) {
		const xmlNode *id = child(numpr, "numId"), *lvl = child(numpr, "ilvl");
		s->num_id = id ? pl_docx_attr(id, "val") : NULL;
		const char *l = lvl ? pl_docx_attr(lvl, "val") : NULL;
		s->ilvl = l && l[0] >= '0' && l[0] <= '8' && !l[1] ? l[0] - '0' : 0;
	}
}

static void read_styles(styles *out, const xmlDoc *xml)
{
	memset(out, 0, sizeof *out);
	const xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
	size_t capacity = 0;
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (!pl_docx_is(c, "style") || !pl_docx_attr(c, "styleId"))
			continue;
		if (out->count == capacity) {
			capacity = capacity ? 2 * capacity : 32;
			out->items = pl_realloc(out->items, capacity * sizeof *out->items);
		}
		read_style(&out->items[out->count++], c);
	}
}

static const style *find_style(const styles *st, const char *id)
{
	for (size_t i = 0; id && i < st->count; i++)
		if (strcmp(st->items[i].id, id) == 0)
			return &st->items[i];
	return NULL;
}

/* The kind and numbering a style gives, following basedOn (at most 16
 * steps: a loop of styles ends there). */
static void style_effect(const styles *st, const char *id, style *out)
{
	memset(out, 0, sizeof *out);
	out->level = out->ilvl = -1;
	int kind_set = 0;
	const style *s = find_style(st, id);
	for (int depth = 0; s && depth < 16; depth++, s = find_style(st, s->based_on)) {
		if (!kind_set && s->kind != DOCX_TEXT) {
			out->kind = s->kind;
			out->level = s->level;
			kind_set = 1;
		}
		if (!out->num_id && s->num_id) {
			out->num_id = s->num_id;
			out->ilvl = s->ilvl;
		}
	}
}

/* --- paragraphs ----------------------------------------------------------- */

typedef struct walker {
	pl_docx_read *r;
	const styles *styles;
	pl_docx_numbering *numbering;
	pl_error *err;
	pl_buf scratch;
} walker;

static int author_index(pl_docx_read *r, const char *author, const char *date)
{
	const char *a = author && *author ? author : "(unknown author)";
	for (size_t i = 0; i < r->author_count; i++)
		if (strcmp(r->authors[i], a) == 0)
			return (int)i;
	r->authors = pl_realloc(r->authors, (r->author_count + 1) * sizeof *r->authors);
	r->author_dates =
	    pl_realloc(r->author_dates, (r->author_count + 1) * sizeof *r->author_dates);
	r->authors[r->author_count] = pl_strdup(a);
	r->author_dates[r->author_count] = date ? pl_strdup(date) : NULL;
	return (int)r->author_count++;
}

static void add_run(pl_docx_para *p, docx_mark mark, int author, const char *text, size_t len)
{
	if (!len)
		return;
	pl_docx_run *last = p->run_count ? &p->runs[p->run_count - 1] : NULL;
	if (last && last->mark == mark && last->author == author) {
		size_t old = strlen(last->text);
		last->text = pl_realloc(last->text, old + len + 1);
		memcpy(last->text + old, text, len);
		last->text[old + len] = '\0';
		return;
	}
	if (p->run_count == p->run_capacity) {
		p->run_capacity = p->run_capacity ? 2 * p->run_capacity : 4;
		p->runs = pl_realloc(p->runs, p->run_capacity * sizeof *p->runs);
	}
	pl_docx_run *run = &p->runs[p->run_count++];
	run->mark = mark;
	run->author = author;
	run->text = pl_malloc(len + 1);
	memcpy(run->text, text, len);
	run->text[len] = '\0';
}

static void anchor_comment(pl_docx_read *r, pl_docx_para *p, const char *id)
{
	for (size_t i = 0; id && i < r->comment_count; i++) {
		if (strcmp(r->comments[i].id, id) != 0 || r->comments[i].anchored)
			continue;
		r->comments[i].anchored = 1;
		p->comments = pl_realloc(p->comments, (p->comment_count + 1) * sizeof *p->comments);
		p->comments[p->comment_count++] = (int)i;
	}
}

static docx_mark mark_of(const xmlNode *node)
{
	if (pl_docx_is(node, "ins"))
		return DOCX_INSERTED;
	if (pl_docx_is(node, "del"))
		return DOCX_DELETED;
	if (pl_docx_is(node, "moveFrom"))
		return DOCX_MOVED_FROM;
	if (pl_docx_is(node, "moveTo"))
		return DOCX_MOVED_TO;
	return DOCX_PLAIN;
}

/* The text of run node (w:t, w:delText; a tab or break as a space). */
static void run_text(walker *w, pl_docx_para *p, const xmlNode *run, docx_mark mark, int author)
{
	for (const xmlNode *c = run->children; c; c = c->next) {
		if (pl_docx_is(c, "t") || pl_docx_is(c, "delText")) {
			const xmlNode *t = c->children;
			for (; t; t = t->next)
				if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
					add_run(p, mark, author, (const char *)t->content,
					        strlen((const char *)t->content));
		} else if (pl_docx_is(c, "tab") || pl_docx_is(c, "br") || pl_docx_is(c, "cr")) {
			add_run(p, mark, author, " ", 1);
		} else if (pl_docx_is(c, "noBreakHyphen")) {
			add_run(p, mark, author, "-", 1);
		}
	}
	(void)w;
}

/* The content of a paragraph (or of a wrapper in it), depth-first. */
static void walk_inline(walker *w, pl_docx_para *p, const xmlNode *node, docx_mark mark, int author,
                        int depth)
{
	for (const xmlNode *c = node->children; c && depth < 32; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		docx_mark m = mark_of(c);
		if (m != DOCX_PLAIN) {
			w->r->change_count++;
			int a =
			    author_index(w->r, pl_docx_attr(c, "author"), pl_docx_attr(c, "date"));
			walk_inline(w, p, c, m, a, depth + 1);
		} else if (pl_docx_is(c, "r")) {
			run_text(w, p, c, mark, author);
		} else if (pl_docx_is(c, "commentRangeStart")) {
			anchor_comment(w->r, p, pl_docx_attr(c, "id"));
		} else if (pl_docx_is(c, "pPr") || pl_docx_is(c, "rPr")) {
			continue;
		} else {
			/* hyperlinks, fields, smart tags, content controls */
			walk_inline(w, p, c, mark, author, depth + 1);
		}
	}
}

static pl_docx_para *new_para(pl_docx_read *r)
{
	if (r->para_count == r->para_capacity) {
		r->para_capacity = r->para_capacity ? 2 * r->para_capacity : 64;
		r->paras = pl_realloc(r->paras, r->para_capacity * sizeof *r->paras);
	}
	pl_docx_para *p = &r->paras[r->para_count++];
	memset(p, 0, sizeof *p);
	p->mark_author = -1;
	return p;
}

static int read_para(walker *w, const xmlNode *node)
{
	pl_docx_para *p = new_para(w->r);
	p->line = (size_t)xmlGetLineNo(node);
	const xmlNode *ppr = child(node, "pPr");
	const xmlNode *pstyle = child(ppr, "pStyle");
	style effect;
	style_effect(w->styles, pstyle ? pl_docx_attr(pstyle, "val") : NULL, &effect);
	p->kind = effect.kind;
	p->level = effect.level;
	const xmlNode *outline = child(ppr, "outlineLvl");
	const char *ov = outline ? pl_docx_attr(outline, "val") : NULL;
	if (ov && ov[0] >= '0' && ov[0] <= '8' && !ov[1] && p->kind != DOCX_TITLE) {
		p->kind = DOCX_HEADING;
		p->level = ov[0] - '0';
	}
	/* The paragraph mark's own change: inserted, the paragraph is new
	 * (or split); deleted, it joins the next one. */
	static const char *const marks[] = {"ins", "del", "moveFrom", "moveTo"};
	static const docx_mark kinds[] = {DOCX_INSERTED, DOCX_DELETED, DOCX_MOVED_FROM,
	                                  DOCX_MOVED_TO};
	for (int k = 0; k < 4 && !p->mark; k++) {
		const xmlNode *c = child(child(ppr, "rPr"), marks[k]);
		if (c) {
			p->mark = (int)kinds[k];
			w->r->change_count++;
			p->mark_author =
			    author_index(w->r, pl_docx_attr(c, "author"), pl_docx_attr(c, "date"));
		}
	}
	const char *num_id = effect.num_id;
	int ilvl = effect.ilvl < 0 ? 0 : effect.ilvl;
	const xmlNode *numpr = child(ppr, "numPr");
	if (numpr) {
		const xmlNode *id = child(numpr, "numId"), *lvl = child(numpr, "ilvl");
		if (id)
			num_id = pl_docx_attr(id, "val");
		const char *l = lvl ? pl_docx_attr(lvl, "val") : NULL;
		if (l) {
			char *end;
			long v = strtol(l, &end, 10);
			ilvl = *end || v < 0 || v > 8 ? 99 : (int)v;
		}
	}
	walk_inline(w, p, node, DOCX_PLAIN, -1, 0);
	/* numId 0 is "no numbering" (a style's list switched off). */
	if (num_id && strcmp(num_id, "0") != 0 && p->kind != DOCX_HEADING &&
	    p->kind != DOCX_TITLE) {
		int rc = pl_docx_numbering_label(w->numbering, num_id, ilvl, &w->scratch,
		                                 w->r->name, p->line, w->err);
		if (rc < 0)
			return rc;
		p->num_id = pl_strdup(num_id);
		p->ilvl = ilvl;
		if (rc == 0) {
			p->kind = DOCX_NUMBERED;
			p->level = ilvl;
			p->label = pl_strdup(w->scratch.ptr);
		}
	}
	return 0;
}

/* Paragraphs of the body, and of the content controls and custom XML
 * that may wrap them; tables are not a plan's text and are skipped. */
static int walk_blocks(walker *w, const xmlNode *node, int depth)
{
	int rc = 0;
	for (const xmlNode *c = node->children; !rc && c && depth < 32; c = c->next) {
		if (pl_docx_is(c, "p"))
			rc = read_para(w, c);
		else if (pl_docx_is(c, "sdt"))
			rc = walk_blocks(w, child(c, "sdtContent") ? child(c, "sdtContent") : c,
			                 depth + 1);
		else if (pl_docx_is(c, "customXml") || mark_of(c) != DOCX_PLAIN)
			rc = walk_blocks(w, c, depth + 1);
	}
	return rc;
}

/* --- comments ------------------------------------------------------------ */

static void read_comments(pl_docx_read *r, const xmlDoc *xml)
{
	const xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (!pl_docx_is(c, "comment"))
			continue;
		r->comments = pl_realloc(r->comments, (r->comment_count + 1) * sizeof *r->comments);
		pl_docx_comment *k = &r->comments[r->comment_count++];
		const char *id = pl_docx_attr(c, "id"), *author = pl_docx_attr(c, "author"),
		           *date = pl_docx_attr(c, "date");
		k->id = pl_strdup(id ? id : "");
		k->author = pl_strdup(author && *author ? author : "(unknown author)");
		k->date = date ? pl_strdup(date) : NULL;
		k->anchored = 0;
		pl_buf text = PL_BUF_INIT;
		pl_docx_para scratch;
		memset(&scratch, 0, sizeof scratch);
		walker w = {r, NULL, NULL, NULL, PL_BUF_INIT};
		for (const xmlNode *p = c->children; p; p = p->next) {
			if (!pl_docx_is(p, "p"))
				continue;
			walk_inline(&w, &scratch, p, DOCX_PLAIN, -1, 0);
			for (size_t i = 0; i < scratch.run_count; i++) {
				if (text.len && i == 0)
					pl_buf_puts(&text, "\n\n");
				pl_buf_puts(&text, scratch.runs[i].text);
				free(scratch.runs[i].text);
			}
			scratch.run_count = 0;
		}
		free(scratch.runs);
		free(scratch.comments);
		k->text = pl_buf_detach(&text);
	}
}

/* --- the package ----------------------------------------------------------- */

void pl_docx_read_free(pl_docx_read *r)
{
	for (size_t i = 0; i < r->para_count; i++) {
		pl_docx_para *p = &r->paras[i];
		for (size_t k = 0; k < p->run_count; k++)
			free(p->runs[k].text);
		free(p->runs);
		free(p->label);
		free(p->num_id);
		free(p->comments);
	}
	free(r->paras);
	for (size_t i = 0; i < r->author_count; i++) {
		free(r->authors[i]);
		free(r->author_dates[i]);
	}
	free(r->authors);
	free(r->author_dates);
	for (size_t i = 0; i < r->comment_count; i++) {
		free(r->comments[i].id);
		free(r->comments[i].author);
		free(r->comments[i].date);
		free(r->comments[i].text);
	}
	free(r->comments);
	pl_docx_numbering_free(r->numbering);
	memset(r, 0, sizeof *r);
}

/* Reads part (if present; required: else an error) into *out. */
static int read_xml(pl_docx_package *pkg, const char *part, int required, pl_buf *bytes,
                    xmlDocPtr *out, pl_error *err)
{
	*out = NULL;
	int rc = pl_docx_package_read(pkg, part, required, bytes, err);
	if (rc == PL_ENOTFOUND)
		return PL_EINVALID;
	if (rc || !bytes->len)
		return rc;
	return pl_docx_xml_parse(out, bytes->ptr, bytes->len, pkg->name, part, err);
}

static int read_body(pl_docx_read *out, xmlDocPtr document, const styles *st,
                     pl_docx_numbering *numbering, pl_error *err)
{
	const xmlNode *root = xmlDocGetRootElement(document);
	const xmlNode *body = root && pl_docx_is(root, "document") ? child(root, "body") : NULL;
	if (!body)
		return pl_error_set(err, PL_EINVALID,
		                    "%s: word/document.xml is not a WordprocessingML document "
		                    "(no w:document with a w:body)",
		                    out->name);
	walker w = {out, st, numbering, err, PL_BUF_INIT};
	int rc = walk_blocks(&w, body, 0);
	pl_buf_free(&w.scratch);
	return rc;
}

int pl_docx_read_package(pl_docx_read *out, const char *data, size_t len, const char *name,
                         pl_error *err)
{
	memset(out, 0, sizeof *out);
	out->name = name;
	if (len > PL_DOCX_MAX_BYTES)
		return pl_error_set(err, PL_ETOOBIG,
		                    "%s: %zu bytes, over the limit of %zu MiB for a Word document",
		                    name, len, PL_DOCX_MAX_BYTES >> 20);
	pl_docx_package pkg;
	int rc = pl_docx_package_open(&pkg, data, len, name, err);
	if (rc)
		return rc;
	pl_buf bytes = PL_BUF_INIT;
	xmlDocPtr document = NULL, numbering_xml = NULL, styles_xml = NULL, comments_xml = NULL;
	pl_docx_numbering *numbering = NULL;
	styles st = {NULL, 0};
	if (zip_name_locate(pkg.zip, "[Content_Types].xml", 0) < 0)
		rc = pl_error_set(err, PL_EINVALID,
		                  "%s: a zip without [Content_Types].xml: not a Word document "
		                  "(Office Open XML)",
		                  name);
	if (!rc)
		rc = read_xml(&pkg, "word/document.xml", 1, &bytes, &document, err);
	if (!rc)
		rc = read_xml(&pkg, "word/styles.xml", 0, &bytes, &styles_xml, err);
	if (!rc)
		rc = read_xml(&pkg, "word/numbering.xml", 0, &bytes, &numbering_xml, err);
	if (!rc)
		rc = read_xml(&pkg, "word/comments.xml", 0, &bytes, &comments_xml, err);
	if (!rc) {
		read_styles(&st, styles_xml);
		read_comments(out, comments_xml);
		rc = pl_docx_numbering_read(&numbering, numbering_xml, name, err);
	}
	if (!rc)
		rc = read_body(out, document, &st, numbering, err);
	out->numbering = numbering;
	free(st.items);
	xmlFreeDoc(document);
	xmlFreeDoc(numbering_xml);
	xmlFreeDoc(styles_xml);
	xmlFreeDoc(comments_xml);
	pl_buf_free(&bytes);
	pl_docx_package_close(&pkg);
	if (rc)
		pl_docx_read_free(out);
	return rc;
}
