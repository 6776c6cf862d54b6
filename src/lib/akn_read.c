/* akn_read.c — an Akoma Ntoso 3.0 document read back into a plan.
 *
 * libxml2 parses with the network off, no DTD loaded and no entity
 * substituted; a document that declares entities at all is refused, and
 * the two dangerous shapes are named: an external entity (XXE, which reads
 * files or URLs) and entities built from entities (the "billion laughs"
 * expansion bomb). What remains is walked as the writer (akn_write.c) lays
 * it out, with the other hierarchical names real documents use for parts
 * and points. docs/akn.md has the mapping. */
#include "akn_int.h"
#include "xml_guard_int.h"
#include "doc_int.h"
#include "strmap_int.h"
#include "parley/akn.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "parley/utf8.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
	const char *name; /* the source's name, for messages */
	pl_doc *doc;
	pl_error *err;
	pl_buf text; /* scratch for the paragraphs of one element */
} reader;

static int is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns &&
	       strcmp((const char *)node->ns->href, PL_AKN_NAMESPACE) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

static int is_one_of(const xmlNode *node, const char *const *names)
{
	for (; *names; names++)
		if (is(node, *names))
			return 1;
	return 0;
}

static const char *const part_names[] = {"part", "chapter", "title", "division", NULL};
static const char *const point_names[] = {"point", "paragraph", "article", "section", NULL};

/* The first child element of node named name, or NULL. */
static xmlNode *child(const xmlNode *node, const char *name)
{
	for (xmlNode *c = node->children; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

static int fail(reader *r, int code, const xmlNode *node, const char *what)
{
	if (node)
		return pl_error_set(r->err, code, "%s: line %ld: %s", r->name,
		                    (long)xmlGetLineNo(node), what);
	return pl_error_set(r->err, code, "%s: %s", r->name, what);
}

/* Appends node's text to out with every run of XML white space made one
 * space, and none at either end (as a reader of the printed page sees it:
 * the line breaks of an indented file are not the text's). */
static void put_text(pl_buf *out, const xmlNode *node)
{
	xmlChar *content = xmlNodeGetContent(node);
	const char *s = content ? (const char *)content : "";
	int space = 0;
	size_t start = out->len;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && out->len > start)
			pl_buf_putc(out, ' ');
		space = 0;
		pl_buf_putc(out, *s);
	}
	xmlFree(content);
}

/* The paragraphs (<p> and other blocks) under node, apart by a blank
 * line, into r->text; returns it (empty for none). */
static const char *paragraphs(reader *r, const xmlNode *node)
{
	pl_buf_clear(&r->text);
	for (const xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		size_t before = r->text.len;
		if (before)
			pl_buf_puts(&r->text, "\n\n");
		size_t start = r->text.len;
		put_text(&r->text, c);
		if (r->text.len == start && start != before) { /* an empty paragraph adds nothing */
			r->text.len = before;
			r->text.ptr[before] = '\0';
		}
	}
	return r->text.len ? r->text.ptr : "";
}

/* A label from num: its text without white space at the ends, a trailing
 * '.', or (for a sub-item) the parentheses around it. Caller frees. */
static char *label_of(const xmlNode *num, int item)
{
	pl_buf b = PL_BUF_INIT;
	put_text(&b, num);
	char *s = pl_buf_detach(&b);
	size_t len = strlen(s);
	if (len && s[len - 1] == '.')
		s[--len] = '\0';
	if (item && len >= 2 && s[0] == '(' && s[len - 1] == ')') {
		memmove(s, s + 1, len - 2);
		s[len - 2] = '\0';
	}
	return s;
}

/* The stable id an eId carries: "point_p12" gives "p12"; eIds of other
 * shapes ("pnt_3", "art_1__para_2") carry none. */
static char *id_of(const xmlNode *node)
{
	xmlChar *eid = xmlGetProp(node, (const xmlChar *)"eId");
	char *id = NULL;
	const char *s = (const char *)eid;
	if (s && strncmp(s, "point_", 6) == 0 && s[6] && !strstr(s + 6, "__")) {
		size_t n = strspn(s + 6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                         "0123456789._-");
		if (s[6 + n] == '\0')
			id = pl_strdup(s + 6);
	}
	xmlFree(eid);
	return id;
}

static int read_item(reader *r, pl_point *point, const xmlNode *node)
{
	const xmlNode *num = child(node, "num");
	if (!num)
		return fail(r, PL_EINVALID, node, "a sub-item has no num (its label)");
	for (const xmlNode *c = node->children; c; c = c->next)
		if (is_one_of(c, point_names) || is(c, "list"))
			return fail(r, PL_EINVALID, c,
			            "a sub-item has sub-items of its own; parley's points go one "
			            "level deep");
	const xmlNode *content = child(node, "content");
	char *label = label_of(num, 1);
	pl_point_add_item(point, label, content ? paragraphs(r, content) : "");
	free(label);
	return 0;
}

/* The sub-items of a point: its child points, or the points of a list
 * (whose intro is then the point's lead). */
static int read_items(reader *r, pl_point *point, const xmlNode *node, pl_buf *lead)
{
	int rc = 0;
	for (const xmlNode *c = node->children; !rc && c; c = c->next) {
		if (is(c, "list")) {
			const xmlNode *intro = child(c, "intro");
			if (intro && !lead->len)
				pl_buf_puts(lead, paragraphs(r, intro));
			rc = read_items(r, point, c, lead);
		} else if (is_one_of(c, point_names)) {
			rc = read_item(r, point, c);
		} else if (is(c, "wrapUp")) {
			rc = fail(r, PL_EINVALID, c,
			          "a point's wrapUp (text after its sub-items) has no place in "
			          "parley's points");
		}
	}
	return rc;
}

static int read_point(reader *r, const xmlNode *node, size_t part)
{
	const xmlNode *num = child(node, "num");
	if (!num)
		return fail(r, PL_EINVALID, node, "a point has no num (its label)");
	char *label = label_of(num, 0);
	char *id = id_of(node);
	const xmlNode *content = child(node, "content");
	const xmlNode *intro = child(node, "intro");
	pl_buf lead = PL_BUF_INIT;
	if (content || intro)
		pl_buf_puts(&lead, paragraphs(r, content ? content : intro));
	pl_point *point = pl_doc_add_point(r->doc, part, id, label, "");
	point->line = (size_t)xmlGetLineNo(node);
	int rc = content ? 0 : read_items(r, point, node, &lead);
	free(point->text);
	point->text = pl_buf_detach(&lead);
	free(label);
	free(id);
	return rc;
}

static int read_part(reader *r, const xmlNode *node)
{
	const xmlNode *heading = child(node, "heading");
	const xmlNode *intro = child(node, "intro");
	pl_buf text = PL_BUF_INIT;
	if (heading)
		put_text(&text, heading);
	const char *introduction = intro ? paragraphs(r, intro) : "";
	size_t part = pl_doc_add_part(r->doc, text.ptr, *introduction ? introduction : NULL);
	pl_buf_free(&text);
	int rc = 0;
	for (const xmlNode *c = node->children; !rc && c; c = c->next) {
		if (is_one_of(c, point_names))
			rc = read_point(r, c, part);
		else if (is_one_of(c, part_names))
			rc = fail(r, PL_EINVALID, c,
			          "a part within a part; parley's plans have one level of parts");
	}
	return rc;
}

static int read_body(reader *r, const xmlNode *body)
{
	int rc = 0;
	for (const xmlNode *c = body->children; !rc && c; c = c->next) {
		if (is_one_of(c, part_names))
			rc = read_part(r, c);
		else if (is_one_of(c, point_names))
			rc = read_point(r, c, PL_NO_PART);
	}
	return rc;
}

static int read_front(reader *r, const xmlNode *top)
{
	const xmlNode *preface = child(top, "preface");
	for (const xmlNode *c = preface ? preface->children : NULL; c && !r->doc->title;
	     c = c->next) {
		const xmlNode *title = is(c, "docTitle") ? c : NULL;
		for (const xmlNode *d = c->children; !title && d; d = d->next)
			if (is(d, "docTitle"))
				title = d;
		if (title) {
			pl_buf text = PL_BUF_INIT;
			put_text(&text, title);
			pl_doc_set_title(r->doc, text.ptr);
			pl_buf_free(&text);
		}
	}
	const xmlNode *preamble = child(top, "preamble");
	if (preamble && *paragraphs(r, preamble))
		pl_doc_set_preamble(r->doc, r->text.ptr);
	return 0;
}

/* The document element under akomaNtoso that holds a plan, or an error
 * saying why there is none. */
static int find_top(reader *r, const xmlNode *root, const xmlNode **out)
{
	static const char *const plans[] = {"doc", "bill", "act", NULL};
	if (!root || root->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)root->name, "akomaNtoso") != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, PL_AKN_NAMESPACE) != 0) {
		pl_error_set(r->err, PL_EINVALID,
		             "%s: not Akoma Ntoso: the root element is '%s', not akomaNtoso in "
		             "the namespace " PL_AKN_NAMESPACE,
		             r->name, root ? (const char *)root->name : "");
		return PL_EINVALID;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (is_one_of(c, plans)) {
			*out = c;
			return 0;
		}
		if (c->type == XML_ELEMENT_NODE) {
			pl_error_set(r->err, PL_EINVALID,
			             "%s: an Akoma Ntoso %s, not a plan: import reads a doc, bill "
			             "or act",
			             r->name, (const char *)c->name);
			return PL_EINVALID;
		}
	}
	return fail(r, PL_EINVALID, NULL, "an empty akomaNtoso element: no document in it");
}

static int read_tree(reader *r, const xmlDoc *xml)
{
	const xmlNode *top = NULL;
	int rc = find_top(r, xmlDocGetRootElement(xml), &top);
	if (rc)
		return rc;
	const xmlNode *body = child(top, "mainBody");
	if (!body)
		body = child(top, "body");
	if (!body)
		return fail(r, PL_EINVALID, top, "the document has no mainBody or body");
	if ((rc = read_front(r, top)) || (rc = read_body(r, body)))
		return rc;
	pl_strmap seen;
	pl_strmap_init(&seen);
	for (size_t i = 0; !rc && i < r->doc->point_count; i++) {
		const pl_point *p = &r->doc->points[i];
		if (p->id && pl_strmap_put(&seen, p->id, strlen(p->id), i) == 0)
			rc = pl_error_set(r->err, PL_EINVALID,
			                  "%s: line %zu: two points carry the eId point_%s",
			                  r->name, p->line, p->id);
	}
	pl_strmap_free(&seen);
	return rc;
}

/* Entity declarations are refused, each shape with its own reason. */
static int check_entities(reader *r, const xmlDoc *xml)
{
	if (!xml->intSubset)
		return 0;
	char where[600];
	snprintf(where, sizeof where, "%s:", r->name);
	const xmlEntity *internal;
	int rc = pl_xml_refuse_entities(xml, where, &internal, r->err);
	if (rc)
		return rc;
	if (internal)
		return pl_error_set(
		    r->err, PL_EINVALID,
		    "%s: declares the entity '%s': Akoma Ntoso uses none, and parley "
		    "expands none",
		    r->name, (const char *)internal->name);
	return pl_error_set(r->err, PL_EINVALID,
	                    "%s: has a DOCTYPE: Akoma Ntoso documents have none (they are "
	                    "checked against the schema, not a DTD)",
	                    r->name);
}

/* The message for a document libxml2 did not parse. */
static int parse_failed(reader *r, xmlParserCtxtPtr context)
{
	const xmlError *e = xmlCtxtGetLastError(context);
	if (e && (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_ENTITY_BOUNDARY))
		return pl_error_set(r->err, PL_EINVALID,
		                    "%s: entities that expand into each other (an entity "
		                    "expansion bomb, 'billion laughs'): refused",
		                    r->name);
	if (!e || !e->message)
		return pl_error_set(r->err, PL_EINVALID, "%s: not well-formed XML", r->name);
	pl_buf message = PL_BUF_INIT;
	pl_buf_puts(&message, e->message);
	while (message.len &&
	       (message.ptr[message.len - 1] == '\n' || message.ptr[message.len - 1] == ' '))
		message.ptr[--message.len] = '\0';
	pl_error_set(r->err, PL_EINVALID, "%s: line %d: not well-formed XML: %s", r->name, e->line,
	             message.ptr);
	pl_buf_free(&message);
	return PL_EINVALID;
}

/* The options: no network, no DTD loaded or checked, no entity substituted
 * (XML_PARSE_NOENT absent), and libxml2 reporting nothing itself: the
 * library never prints. Lines past 65,535 are counted too (BIG_LINES). */
#define AKN_PARSE_OPTIONS                                                                          \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)

int pl_akn_parse(pl_doc **out, const char *xml, size_t len, const char *source_name, pl_error *err)
{
	*out = NULL;
	reader r = {source_name ? source_name : "input", NULL, err, PL_BUF_INIT};
	if (len > PL_AKN_MAX_BYTES)
		return pl_error_set(err, PL_ETOOBIG,
		                    "%s: %zu bytes, over the limit of %zu for an Akoma Ntoso "
		                    "document",
		                    r.name, len, PL_AKN_MAX_BYTES);
	if (len > (size_t)INT32_MAX) /* unreachable under the cap; libxml2 takes an int */
		return PL_ETOOBIG;
	/* The bytes are checked before libxml2 sees them, for a message that
	 * says where; an encoding declared in the file is not followed. */
	int rc = pl_utf8_check(xml, len, PL_UTF8_LINES | PL_UTF8_CR, 0, r.name, err);
	if (rc)
		return rc;
	pl_akn_init();
	xmlParserCtxtPtr context = xmlNewParserCtxt();
	if (!context)
		abort(); /* only when memory runs out */
	xmlDocPtr tree =
	    xmlCtxtReadMemory(context, xml, (int)len, r.name, "UTF-8", AKN_PARSE_OPTIONS);
	if (!tree)
		rc = parse_failed(&r, context);
	if (!rc)
		rc = check_entities(&r, tree);
	if (!rc) {
		r.doc = pl_doc_new();
		rc = read_tree(&r, tree);
	}
	if (!rc && !r.doc->point_count)
		rc =
		    pl_error_set(err, PL_EINVALID,
		                 "%s: no points: parley reads point, paragraph, article or section "
		                 "elements, with a num",
		                 r.name);
	if (!rc)
		rc = pl_doc_validate_labels(r.doc, err);
	xmlFreeDoc(tree);
	xmlFreeParserCtxt(context);
	pl_buf_free(&r.text);
	if (rc) {
		pl_doc_free(r.doc);
		return rc;
	}
	*out = r.doc;
	return 0;
}
