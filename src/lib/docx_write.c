/* docx_write.c — WordprocessingML written with libxml2's tree API (so
 * that escaping is never done by hand) and packaged with libzip: the
 * document, its styles, its numbering (one abstract numbering, "1." for
 * points and "(a)" for sub-items, and a numbering instance per run of
 * consecutive labels, restarted with a start override), and a header and
 * footer carrying the marking. ECMA-376 Part 1 is the reference. */
#include "docx_write.h"
#include "akn_int.h"
#include "parley/mem.h"
#include "parley/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const xmlChar *x(const char *s)
{
	return (const xmlChar *)s;
}

/* w:NAME="value" */
static void wattr(pl_docx_out *o, xmlNodePtr node, const char *name, const char *value)
{
	xmlNewNsProp(node, o->w, x(name), x(value));
}

static xmlNodePtr wchild(pl_docx_out *o, xmlNodePtr parent, const char *name, const char *val)
{
	xmlNodePtr node = xmlNewChild(parent, o->w, x(name), NULL);
	if (val)
		wattr(o, node, "val", val);
	return node;
}

/* A new part's tree with root element name in the w namespace. */
static xmlDocPtr new_part(xmlNsPtr *ns, const char *root_name, xmlNodePtr *root)
{
	xmlDocPtr xml = xmlNewDoc(x("1.0"));
	*root = xmlNewNode(NULL, x(root_name));
	*ns = xmlNewNs(*root, x(DOCX_W), x("w"));
	xmlSetNs(*root, *ns);
	xmlDocSetRootElement(xml, *root);
	return xml;
}

void pl_docx_out_start(pl_docx_out *o)
{
	memset(o, 0, sizeof *o);
	pl_akn_init();
	xmlNodePtr root;
	o->xml = new_part(&o->w, "document", &root);
	xmlNewNs(root, x(DOCX_R), x("r"));
	o->body = xmlNewChild(root, o->w, x("body"), NULL);
	o->next_change_id = 1;
}

void pl_docx_out_drop(pl_docx_out *o)
{
	xmlFreeDoc(o->xml);
	free(o->list_starts);
	memset(o, 0, sizeof *o);
}

xmlNodePtr pl_docx_out_para(pl_docx_out *o, const char *style)
{
	xmlNodePtr p = xmlNewChild(o->body, o->w, x("p"), NULL);
	if (style) {
		xmlNodePtr ppr = wchild(o, p, "pPr", NULL);
		wchild(o, ppr, "pStyle", style);
	}
	return p;
}

static xmlNodePtr ppr_of(pl_docx_out *o, xmlNodePtr p)
{
	if (p->children && strcmp((const char *)p->children->name, "pPr") == 0)
		return p->children;
	xmlNodePtr ppr = xmlNewNode(o->w, x("pPr"));
	if (p->children)
		xmlAddPrevSibling(p->children, ppr);
	else
		xmlAddChild(p, ppr);
	return ppr;
}

int pl_docx_out_list(pl_docx_out *o, int start)
{
	o->list_starts = pl_realloc(o->list_starts, (o->list_count + 1) * sizeof *o->list_starts);
	o->list_starts[o->list_count++] = start;
	return (int)o->list_count;
}

void pl_docx_out_number(pl_docx_out *o, xmlNodePtr p, int list, int ilvl)
{
	xmlNodePtr ppr = ppr_of(o, p);
	xmlNodePtr numpr = xmlNewNode(o->w, x("numPr"));
	/* numPr follows pStyle (the schema's order). */
	if (ppr->children)
		xmlAddNextSibling(ppr->children, numpr);
	else
		xmlAddChild(ppr, numpr);
	char v[16];
	snprintf(v, sizeof v, "%d", ilvl);
	wchild(o, numpr, "ilvl", v);
	snprintf(v, sizeof v, "%d", list);
	wchild(o, numpr, "numId", v);
}

xmlNodePtr pl_docx_out_run(pl_docx_out *o, xmlNodePtr parent, const char *text, size_t len,
                           int deleted, int bold)
{
	xmlNodePtr r = xmlNewChild(parent, o->w, x("r"), NULL);
	if (bold)
		wchild(o, wchild(o, r, "rPr", NULL), "b", NULL);
	char *copy = pl_malloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	xmlNodePtr t = xmlNewTextChild(r, o->w, x(deleted ? "delText" : "t"), x(copy));
	free(copy);
	xmlNodeSetSpacePreserve(t, 1);
	return r;
}

static void change_attrs(pl_docx_out *o, xmlNodePtr node)
{
	char id[16];
	snprintf(id, sizeof id, "%d", o->next_change_id++);
	wattr(o, node, "id", id);
	wattr(o, node, "author", o->author ? o->author : "parley");
	if (o->date)
		wattr(o, node, "date", o->date);
}

void pl_docx_out_change(pl_docx_out *o, xmlNodePtr p, const char *text, size_t len, int deleted)
{
	if (!len)
		return;
	xmlNodePtr change = xmlNewChild(p, o->w, x(deleted ? "del" : "ins"), NULL);
	change_attrs(o, change);
	pl_docx_out_run(o, change, text, len, deleted, 0);
}

void pl_docx_out_mark(pl_docx_out *o, xmlNodePtr p, int deleted)
{
	xmlNodePtr ppr = ppr_of(o, p);
	xmlNodePtr rpr = wchild(o, ppr, "rPr", NULL);
	change_attrs(o, wchild(o, rpr, deleted ? "del" : "ins", NULL));
}

int pl_docx_check_text(const char *text, const char *what, pl_error *err)
{
	return text ? pl_utf8_check(text, strlen(text), PL_UTF8_LINES, 0, what, err) : 0;
}

int pl_docx_check_doc(const pl_doc *doc, pl_error *err)
{
	int rc = pl_docx_check_text(doc->title, "the title", err);
	if (!rc)
		rc = pl_docx_check_text(doc->preamble, "the preamble", err);
	for (size_t i = 0; !rc && i < doc->part_count; i++) {
		rc = pl_docx_check_text(doc->parts[i].heading, "a part's heading", err);
		if (!rc)
			rc = pl_docx_check_text(doc->parts[i].intro, "a part's introduction", err);
	}
	for (size_t i = 0; !rc && i < doc->point_count; i++) {
		const pl_point *p = &doc->points[i];
		rc = pl_docx_check_text(p->text, "a point's text", err);
		for (size_t k = 0; !rc && k < p->item_count; k++)
			rc = pl_docx_check_text(p->items[k].text, "a sub-item's text", err);
	}
	return rc;
}

/* --- a plan ------------------------------------------------------------- */

/* Paragraphs of text (apart by a blank line) as Normal paragraphs; the
 * first goes into first when not NULL. */
static void paragraphs(pl_docx_out *o, const char *text, xmlNodePtr first)
{
	const char *s = text;
	while (s && *s) {
		const char *end = strstr(s, "\n\n");
		size_t len = end ? (size_t)(end - s) : strlen(s);
		xmlNodePtr p = first ? first : pl_docx_out_para(o, NULL);
		first = NULL;
		pl_docx_out_run(o, p, s, len, 0, 0);
		s = end ? end + 2 : NULL;
	}
}

/* The number of a label Word can count ("12"), or -1 ("3 bis", "4.1"). */
static int counted(const char *label)
{
	size_t n = strspn(label, "0123456789");
	if (n == 0 || n > 6 || label[n] || (label[0] == '0' && n > 1))
		return -1;
	return atoi(label);
}

/* 1 when the sub-items are a, b, c, ... as Word's "(%2)" counts them. */
static int items_counted(const pl_point *p)
{
	for (size_t k = 0; k < p->item_count; k++) {
		char want[4];
		if (k >= 26)
			return 0;
		snprintf(want, sizeof want, "%c", (char)('a' + k));
		if (strcmp(p->items[k].label, want) != 0)
			return 0;
	}
	return 1;
}

/* A point: numbered in the current list when its label follows the last
 * one, in a new list from it when it is a number, typed otherwise. */
static void write_point(pl_docx_out *o, const pl_point *pt, int *list, int *last)
{
	int number = counted(pt->label);
	xmlNodePtr p = pl_docx_out_para(o, "ListParagraph");
	int numbered = number >= 0;
	if (numbered) {
		if (!*list || number != *last + 1)
			*list = pl_docx_out_list(o, number);
		*last = number;
		pl_docx_out_number(o, p, *list, 0);
		paragraphs(o, pt->text, p);
	} else {
		pl_buf typed = PL_BUF_INIT;
		pl_buf_printf(&typed, "%s. ", pt->label);
		pl_docx_out_run(o, p, typed.ptr, typed.len, 0, 0);
		pl_buf_free(&typed);
		paragraphs(o, pt->text, p);
	}
	if (!p->children || !p->children->next) /* an empty lead: an empty run */
		pl_docx_out_run(o, p, "", 0, 0, 0);
	int items_numbered = numbered && items_counted(pt);
	for (size_t k = 0; k < pt->item_count; k++) {
		xmlNodePtr ip = pl_docx_out_para(o, "ListParagraph");
		if (items_numbered) {
			pl_docx_out_number(o, ip, *list, 1);
		} else {
			pl_buf typed = PL_BUF_INIT;
			pl_buf_printf(&typed, "(%s) ", pt->items[k].label);
			pl_docx_out_run(o, ip, typed.ptr, typed.len, 0, 0);
			pl_buf_free(&typed);
		}
		paragraphs(o, pt->items[k].text, ip);
	}
}

typedef struct plan_walk {
	pl_docx_out *o;
	int list, last;
} plan_walk;

static void visit_part(void *context, const pl_part *part)
{
	plan_walk *w = context;
	xmlNodePtr h = pl_docx_out_para(w->o, "Heading1");
	pl_docx_out_run(w->o, h, part->heading, strlen(part->heading), 0, 0);
	if (part->intro)
		paragraphs(w->o, part->intro, NULL);
}

static void visit_point(void *context, const pl_point *point)
{
	plan_walk *w = context;
	write_point(w->o, point, &w->list, &w->last);
}

void pl_docx_out_plan(pl_docx_out *o, const pl_doc *doc)
{
	if (doc->title) {
		xmlNodePtr t = pl_docx_out_para(o, "Title");
		pl_docx_out_run(o, t, doc->title, strlen(doc->title), 0, 0);
	}
	if (doc->preamble)
		paragraphs(o, doc->preamble, NULL);
	plan_walk w = {o, 0, 0};
	pl_doc_visitor visitor = {visit_part, visit_point};
	pl_doc_walk(doc, &visitor, &w);
}

/* --- the other parts ------------------------------------------------------- */

static xmlNodePtr style(xmlNsPtr w, xmlNodePtr root, const char *type, const char *id,
                        const char *name)
{
	xmlNodePtr s = xmlNewChild(root, w, x("style"), NULL);
	xmlNewNsProp(s, w, x("type"), x(type));
	xmlNewNsProp(s, w, x("styleId"), x(id));
	xmlNewNsProp(xmlNewChild(s, w, x("name"), NULL), w, x("val"), x(name));
	return s;
}

static void prop(xmlNsPtr w, xmlNodePtr parent, const char *name, const char *attr,
                 const char *value)
{
	xmlNodePtr n = xmlNewChild(parent, w, x(name), NULL);
	if (attr)
		xmlNewNsProp(n, w, x(attr), x(value));
}

static xmlDocPtr styles_part(void)
{
	xmlNsPtr w;
	xmlNodePtr root;
	xmlDocPtr xml = new_part(&w, "styles", &root);
	xmlNodePtr s = style(w, root, "paragraph", "Normal", "Normal");
	xmlNewNsProp(s, w, x("default"), x("1"));
	xmlNodePtr ppr = xmlNewChild(s, w, x("pPr"), NULL);
	xmlNodePtr spacing = xmlNewChild(ppr, w, x("spacing"), NULL);
	xmlNewNsProp(spacing, w, x("after"), x("120"));
	xmlNodePtr rpr = xmlNewChild(s, w, x("rPr"), NULL);
	prop(w, rpr, "sz", "val", "22");
	s = style(w, root, "paragraph", "Title", "Title");
	prop(w, s, "basedOn", "val", "Normal");
	prop(w, xmlNewChild(s, w, x("rPr"), NULL), "sz", "val", "36");
	s = style(w, root, "paragraph", "Heading1", "heading 1");
	prop(w, s, "basedOn", "val", "Normal");
	ppr = xmlNewChild(s, w, x("pPr"), NULL);
	prop(w, ppr, "keepNext", NULL, NULL);
	prop(w, ppr, "outlineLvl", "val", "0");
	rpr = xmlNewChild(s, w, x("rPr"), NULL);
	prop(w, rpr, "b", NULL, NULL);
	prop(w, rpr, "sz", "val", "28");
	s = style(w, root, "paragraph", "ListParagraph", "List Paragraph");
	prop(w, s, "basedOn", "val", "Normal");
	s = style(w, root, "paragraph", "Header", "header");
	prop(w, s, "basedOn", "val", "Normal");
	s = style(w, root, "paragraph", "Footer", "footer");
	prop(w, s, "basedOn", "val", "Normal");
	s = style(w, root, "table", "TableGrid", "Table Grid");
	xmlNodePtr borders =
	    xmlNewChild(xmlNewChild(s, w, x("tblPr"), NULL), w, x("tblBorders"), NULL);
	static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
	for (int i = 0; i < 6; i++) {
		xmlNodePtr b = xmlNewChild(borders, w, x(sides[i]), NULL);
		xmlNewNsProp(b, w, x("val"), x("single"));
		xmlNewNsProp(b, w, x("sz"), x("4"));
		xmlNewNsProp(b, w, x("space"), x("0"));
		xmlNewNsProp(b, w, x("color"), x("auto"));
	}
	return xml;
}

static void level(xmlNsPtr w, xmlNodePtr abstract, int ilvl, const char *format, const char *text,
                  int indent)
{
	char v[16];
	xmlNodePtr l = xmlNewChild(abstract, w, x("lvl"), NULL);
	snprintf(v, sizeof v, "%d", ilvl);
	xmlNewNsProp(l, w, x("ilvl"), x(v));
	prop(w, l, "start", "val", "1");
	prop(w, l, "numFmt", "val", format);
	prop(w, l, "lvlText", "val", text);
	prop(w, l, "lvlJc", "val", "left");
	xmlNodePtr ind = xmlNewChild(xmlNewChild(l, w, x("pPr"), NULL), w, x("ind"), NULL);
	snprintf(v, sizeof v, "%d", indent);
	xmlNewNsProp(ind, w, x("left"), x(v));
	xmlNewNsProp(ind, w, x("hanging"), x("425"));
}

static xmlDocPtr numbering_part(const pl_docx_out *o)
{
	xmlNsPtr w;
	xmlNodePtr root;
	xmlDocPtr xml = new_part(&w, "numbering", &root);
	xmlNodePtr abstract = xmlNewChild(root, w, x("abstractNum"), NULL);
	xmlNewNsProp(abstract, w, x("abstractNumId"), x("0"));
	prop(w, abstract, "multiLevelType", "val", "multilevel");
	level(w, abstract, 0, "decimal", "%1.", 425);
	level(w, abstract, 1, "lowerLetter", "(%2)", 850);
	for (size_t i = 0; i < o->list_count; i++) {
		char v[32];
		xmlNodePtr num = xmlNewChild(root, w, x("num"), NULL);
		snprintf(v, sizeof v, "%zu", i + 1);
		xmlNewNsProp(num, w, x("numId"), x(v));
		prop(w, num, "abstractNumId", "val", "0");
		/* Every list states its start, so that each counts on its own in
		 * Word too (which would otherwise continue an abstract list). */
		xmlNodePtr override = xmlNewChild(num, w, x("lvlOverride"), NULL);
		xmlNewNsProp(override, w, x("ilvl"), x("0"));
		snprintf(v, sizeof v, "%d", o->list_starts[i]);
		prop(w, override, "startOverride", "val", v);
	}
	return xml;
}

static xmlDocPtr header_part(const char *root_name, const char *text)
{
	xmlNsPtr w;
	xmlNodePtr root;
	xmlDocPtr xml = new_part(&w, root_name, &root);
	xmlNodePtr p = xmlNewChild(root, w, x("p"), NULL);
	prop(w, xmlNewChild(p, w, x("pPr"), NULL), "jc", "val", "center");
	xmlNodePtr t = xmlNewTextChild(xmlNewChild(p, w, x("r"), NULL), w, x("t"), x(text));
	xmlNodeSetSpacePreserve(t, 1);
	return xml;
}

/* The section: A4, portrait or landscape, with the header and footer. */
static void section(pl_docx_out *o)
{
	xmlNodePtr sect = wchild(o, o->body, "sectPr", NULL);
	xmlNsPtr r = xmlSearchNsByHref(o->xml, xmlDocGetRootElement(o->xml), x(DOCX_R));
	if (o->header) {
		xmlNodePtr h = wchild(o, sect, "headerReference", NULL);
		wattr(o, h, "type", "default");
		xmlNewNsProp(h, r, x("id"), x("rIdHeader"));
	}
	if (o->footer) {
		xmlNodePtr f = wchild(o, sect, "footerReference", NULL);
		wattr(o, f, "type", "default");
		xmlNewNsProp(f, r, x("id"), x("rIdFooter"));
	}
	xmlNodePtr size = wchild(o, sect, "pgSz", NULL);
	wattr(o, size, "w", o->landscape ? "16838" : "11906");
	wattr(o, size, "h", o->landscape ? "11906" : "16838");
	if (o->landscape)
		wattr(o, size, "orient", "landscape");
	xmlNodePtr margin = wchild(o, sect, "pgMar", NULL);
	static const char *const sides[] = {"top",    "right",  "bottom", "left",
	                                    "header", "footer", "gutter"};
	static const char *const values[] = {"1134", "1134", "1134", "1134", "567", "567", "0"};
	for (int i = 0; i < 7; i++)
		wattr(o, margin, sides[i], values[i]);
}

static xmlDocPtr relationships(const pl_docx_out *o, int package)
{
	xmlDocPtr xml = xmlNewDoc(x("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, x("Relationships"));
	xmlSetNs(root, xmlNewNs(root, x(DOCX_PR), NULL));
	xmlDocSetRootElement(xml, root);
	static const char *const base = "http://schemas.openxmlformats.org/officeDocument/2006/"
	                                "relationships/";
	const char *rows[][3] = {{"rId1", "officeDocument", "word/document.xml"},
	                         {"rIdStyles", "styles", "styles.xml"},
	                         {"rIdNumbering", "numbering", "numbering.xml"},
	                         {"rIdHeader", "header", "header1.xml"},
	                         {"rIdFooter", "footer", "footer1.xml"}};
	for (int i = package ? 0 : 1; i < (package ? 1 : 5); i++) {
		if ((i == 3 && !o->header) || (i == 4 && !o->footer))
			continue;
		xmlNodePtr rel = xmlNewChild(root, root->ns, x("Relationship"), NULL);
		char type[160];
		snprintf(type, sizeof type, "%s%s", base, rows[i][1]);
		xmlNewProp(rel, x("Id"), x(rows[i][0]));
		xmlNewProp(rel, x("Type"), x(type));
		xmlNewProp(rel, x("Target"), x(rows[i][2]));
	}
	return xml;
}

static xmlDocPtr content_types(const pl_docx_out *o)
{
	xmlDocPtr xml = xmlNewDoc(x("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, x("Types"));
	xmlSetNs(root, xmlNewNs(root, x(DOCX_CT), NULL));
	xmlDocSetRootElement(xml, root);
	xmlNodePtr d = xmlNewChild(root, root->ns, x("Default"), NULL);
	xmlNewProp(d, x("Extension"), x("rels"));
	xmlNewProp(d, x("ContentType"),
	           x("application/vnd.openxmlformats-package.relationships+xml"));
	d = xmlNewChild(root, root->ns, x("Default"), NULL);
	xmlNewProp(d, x("Extension"), x("xml"));
	xmlNewProp(d, x("ContentType"), x("application/xml"));
	static const char *const ml =
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.";
	const char *rows[][2] = {{"/word/document.xml", "document.main+xml"},
	                         {"/word/styles.xml", "styles+xml"},
	                         {"/word/numbering.xml", "numbering+xml"},
	                         {"/word/header1.xml", "header+xml"},
	                         {"/word/footer1.xml", "footer+xml"}};
	for (int i = 0; i < 5; i++) {
		if ((i == 3 && !o->header) || (i == 4 && !o->footer))
			continue;
		char type[160];
		snprintf(type, sizeof type, "%s%s", ml, rows[i][1]);
		xmlNodePtr over = xmlNewChild(root, root->ns, x("Override"), NULL);
		xmlNewProp(over, x("PartName"), x(rows[i][0]));
		xmlNewProp(over, x("ContentType"), x(type));
	}
	return xml;
}

void pl_docx_out_finish(pl_docx_out *o, pl_buf *out)
{
	section(o);
	pl_docx_writer zw;
	pl_docx_writer_start(&zw);
	pl_docx_writer_add_xml(&zw, "[Content_Types].xml", content_types(o));
	pl_docx_writer_add_xml(&zw, "_rels/.rels", relationships(o, 1));
	pl_docx_writer_add_xml(&zw, "word/_rels/document.xml.rels", relationships(o, 0));
	pl_docx_writer_add_xml(&zw, "word/document.xml", o->xml);
	o->xml = NULL;
	pl_docx_writer_add_xml(&zw, "word/styles.xml", styles_part());
	pl_docx_writer_add_xml(&zw, "word/numbering.xml", numbering_part(o));
	if (o->header)
		pl_docx_writer_add_xml(&zw, "word/header1.xml", header_part("hdr", o->header));
	if (o->footer)
		pl_docx_writer_add_xml(&zw, "word/footer1.xml", header_part("ftr", o->footer));
	pl_docx_writer_finish(&zw, out);
	pl_docx_out_drop(o);
}
