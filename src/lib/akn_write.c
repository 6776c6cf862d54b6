/* akn_write.c — a version of a plan as an Akoma Ntoso 3.0 `doc` (OASIS
 * LegalDocML, Akoma Ntoso Version 1.0 Part 2: the schema of 2017; the
 * naming of URIs and eIds follows its Part 2 naming convention). The tree
 * is built with libxml2's tree API and serialised by it, so that escaping
 * and encoding are never done by hand. docs/akn.md has the mapping. */
#include "akn_int.h"
#include "authority_int.h"
#include "negotiation_int.h"
#include "parley/akn.h"
#include "parley/mem.h"
#include "parley/record.h"
#include "parley/table.h"
#include "parley/utf8.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const xmlChar *x(const char *s)
{
	return (const xmlChar *)s;
}

static void init_libxml2(void)
{
	xmlInitParser();
}

void pl_akn_init(void)
{
	/* libxml2 2.9's xmlInitParser is not safe to race: the server's
	 * workers may write Akoma Ntoso at once. */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_libxml2);
}

void pl_akn_tree_start(pl_akn_tree *tree, const char *type, const char *name)
{
	pl_akn_init();
	tree->xml = xmlNewDoc(x("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, x("akomaNtoso"));
	tree->ns = xmlNewNs(root, x(PL_AKN_NAMESPACE), NULL);
	xmlSetNs(root, tree->ns);
	xmlDocSetRootElement(tree->xml, root);
	tree->top = xmlNewChild(root, tree->ns, x(type), NULL);
	pl_akn_attr(tree->top, "name", name);
}

void pl_akn_tree_finish(pl_akn_tree *tree, pl_buf *out)
{
	xmlChar *text = NULL;
	int size = 0;
	xmlDocDumpFormatMemoryEnc(tree->xml, &text, &size, "UTF-8", 1);
	if (!text)
		abort(); /* libxml2 fails here only when memory runs out */
	pl_buf_put(out, text, (size_t)size);
	xmlFree(text);
	pl_akn_tree_drop(tree);
}

void pl_akn_tree_drop(pl_akn_tree *tree)
{
	xmlFreeDoc(tree->xml);
	tree->xml = NULL;
}

xmlNodePtr pl_akn_child(const pl_akn_tree *tree, xmlNodePtr parent, const char *name,
                        const char *text)
{
	return xmlNewTextChild(parent, tree->ns, x(name), text ? x(text) : NULL);
}

void pl_akn_attr(xmlNodePtr node, const char *name, const char *value)
{
	xmlSetProp(node, x(name), x(value));
}

/* YYYY-MM-DD of an ISO 8601 time, or the epoch's for none. */
static void date_of(char out[11], const char *at)
{
	if (at && strlen(at) >= 10)
		snprintf(out, 11, "%.10s", at);
	else
		snprintf(out, 11, "1970-01-01");
}

void pl_akn_work_uri(pl_buf *out, const char *type, const pl_akn_meta *meta)
{
	char date[11];
	date_of(date, meta->first_at ? meta->first_at : meta->created_at);
	pl_buf_printf(out, "/akn/xx/%s/parley/%s/%s", type, date,
	              meta->document ? meta->document : "plan");
}

void pl_akn_expression_uri(pl_buf *out, const char *type, const pl_akn_meta *meta)
{
	pl_akn_work_uri(out, type, meta);
	if (meta->version > 0)
		pl_buf_printf(out, "/und@v%d", meta->version);
	else
		pl_buf_puts(out, "/und@"); /* the original expression */
}

/* FRBRthis and FRBRuri, which open each level (aliases, then
 * frbr_dated, follow). */
static void frbr_core(const pl_akn_tree *tree, xmlNodePtr level, const char *uri, const char *this)
{
	pl_akn_attr(pl_akn_child(tree, level, "FRBRthis", NULL), "value", this);
	pl_akn_attr(pl_akn_child(tree, level, "FRBRuri", NULL), "value", uri);
}

static void frbr_dated(const pl_akn_tree *tree, xmlNodePtr level, const char *date,
                       const char *date_name)
{
	xmlNodePtr d = pl_akn_child(tree, level, "FRBRdate", NULL);
	pl_akn_attr(d, "date", date);
	pl_akn_attr(d, "name", date_name);
	pl_akn_attr(pl_akn_child(tree, level, "FRBRauthor", NULL), "href", "#parley");
}

static void alias(const pl_akn_tree *tree, xmlNodePtr level, const char *name, const char *value)
{
	xmlNodePtr a = pl_akn_child(tree, level, "FRBRalias", NULL);
	pl_akn_attr(a, "value", value);
	pl_akn_attr(a, "name", name);
}

/* A time as xsd:dateTime accepts it, or the epoch for none. */
static const char *time_or_epoch(const char *at)
{
	return at && *at ? at : "1970-01-01T00:00:00Z";
}

static void add_work(const pl_akn_tree *tree, xmlNodePtr id, const char *type,
                     const pl_akn_meta *meta)
{
	pl_buf uri = PL_BUF_INIT, this = PL_BUF_INIT;
	pl_akn_work_uri(&uri, type, meta);
	pl_buf_printf(&this, "%s/!main", uri.ptr);
	xmlNodePtr work = pl_akn_child(tree, id, "FRBRWork", NULL);
	frbr_core(tree, work, uri.ptr, this.ptr);
	if (meta->track)
		alias(tree, work, "parley:track", meta->track);
	frbr_dated(tree, work, time_or_epoch(meta->first_at ? meta->first_at : meta->created_at),
	           "parley:first-version");
	pl_akn_attr(pl_akn_child(tree, work, "FRBRcountry", NULL), "value", "xx");
	if (meta->document)
		pl_akn_attr(pl_akn_child(tree, work, "FRBRname", NULL), "value", meta->document);
	pl_buf_free(&uri);
	pl_buf_free(&this);
}

static void add_expression(const pl_akn_tree *tree, xmlNodePtr id, const char *type,
                           const pl_akn_meta *meta)
{
	pl_buf uri = PL_BUF_INIT, this = PL_BUF_INIT;
	pl_akn_expression_uri(&uri, type, meta);
	pl_buf_printf(&this, "%s/!main", uri.ptr);
	xmlNodePtr expression = pl_akn_child(tree, id, "FRBRExpression", NULL);
	frbr_core(tree, expression, uri.ptr, this.ptr);
	if (meta->event_hash)
		alias(tree, expression, "parley:event-hash", meta->event_hash);
	if (meta->event_id) {
		char number[32];
		snprintf(number, sizeof number, "%lld", (long long)meta->event_id);
		alias(tree, expression, "parley:event-id", number);
	}
	if (meta->source)
		alias(tree, expression, "parley:source", meta->source);
	frbr_dated(tree, expression, time_or_epoch(meta->created_at), "parley:version");
	if (meta->version > 0) {
		char number[32];
		snprintf(number, sizeof number, "%d", meta->version);
		pl_akn_attr(pl_akn_child(tree, expression, "FRBRversionNumber", NULL), "value",
		            number);
	}
	pl_akn_attr(pl_akn_child(tree, expression, "FRBRlanguage", NULL), "language", "und");
	pl_buf_free(&uri);
	pl_buf_free(&this);
}

static void add_manifestation(const pl_akn_tree *tree, xmlNodePtr id, const char *type,
                              const pl_akn_meta *meta)
{
	pl_buf uri = PL_BUF_INIT, this = PL_BUF_INIT;
	pl_akn_expression_uri(&uri, type, meta);
	pl_buf_puts(&uri, ".akn");
	pl_akn_expression_uri(&this, type, meta);
	pl_buf_puts(&this, "/main.xml");
	xmlNodePtr manifestation = pl_akn_child(tree, id, "FRBRManifestation", NULL);
	frbr_core(tree, manifestation, uri.ptr, this.ptr);
	frbr_dated(tree, manifestation, time_or_epoch(meta->created_at), "parley:export");
	pl_buf_free(&uri);
	pl_buf_free(&this);
}

xmlNodePtr pl_akn_meta_add(const pl_akn_tree *tree, const char *type, const pl_akn_meta *meta)
{
	xmlNodePtr m = pl_akn_child(tree, tree->top, "meta", NULL);
	xmlNodePtr id = pl_akn_child(tree, m, "identification", NULL);
	pl_akn_attr(id, "source", "#parley");
	add_work(tree, id, type, meta);
	add_expression(tree, id, type, meta);
	add_manifestation(tree, id, type, meta);
	xmlNodePtr refs = pl_akn_child(tree, m, "references", NULL);
	pl_akn_attr(refs, "source", "#parley");
	xmlNodePtr self = pl_akn_child(tree, refs, "TLCOrganization", NULL);
	pl_akn_attr(self, "eId", "parley");
	pl_akn_attr(self, "href", "/ontology/organization/parley");
	pl_akn_attr(self, "showAs", "parley");
	pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < meta->party_count; i++) {
		const pl_akn_party *party = &meta->parties[i];
		xmlNodePtr org = pl_akn_child(tree, refs, "TLCOrganization", NULL);
		pl_buf_clear(&b);
		pl_buf_printf(&b, "party_%s", party->code);
		pl_akn_attr(org, "eId", b.ptr);
		pl_buf_clear(&b);
		pl_buf_printf(&b, "/ontology/organization/parley/party/%s", party->code);
		pl_akn_attr(org, "href", b.ptr);
		pl_akn_attr(org, "showAs", party->name ? party->name : party->code);
	}
	pl_buf_free(&b);
	return refs;
}

void pl_akn_paragraphs(const pl_akn_tree *tree, xmlNodePtr parent, const char *text)
{
	const char *at = text ? text : "";
	do {
		const char *end = strstr(at, "\n\n");
		size_t len = end ? (size_t)(end - at) : strlen(at);
		char *one = pl_strndup(at, len);
		pl_akn_child(tree, parent, "p", one);
		free(one);
		at = end ? end + 2 : NULL;
	} while (at);
}

void pl_akn_point_add(const pl_akn_tree *tree, xmlNodePtr parent, const pl_point *point,
                      const char *prefix, size_t index)
{
	pl_buf eid = PL_BUF_INIT;
	if (point->id)
		pl_buf_printf(&eid, "%spoint_%s", prefix, point->id);
	else
		pl_buf_printf(&eid, "%spnt_%zu", prefix, index + 1);
	xmlNodePtr node = pl_akn_child(tree, parent, "point", NULL);
	pl_akn_attr(node, "eId", eid.ptr);
	pl_akn_child(tree, node, "num", point->label);
	if (!point->item_count) {
		pl_akn_paragraphs(tree, pl_akn_child(tree, node, "content", NULL), point->text);
		pl_buf_free(&eid);
		return;
	}
	if (point->text && *point->text)
		pl_akn_paragraphs(tree, pl_akn_child(tree, node, "intro", NULL), point->text);
	size_t len = eid.len;
	pl_buf label = PL_BUF_INIT;
	for (size_t i = 0; i < point->item_count; i++) {
		eid.len = len;
		eid.ptr[len] = '\0';
		pl_buf_printf(&eid, "__item_%zu", i + 1);
		xmlNodePtr item = pl_akn_child(tree, node, "point", NULL);
		pl_akn_attr(item, "eId", eid.ptr);
		pl_buf_clear(&label);
		pl_buf_printf(&label, "(%s)", point->items[i].label);
		pl_akn_child(tree, item, "num", label.ptr);
		pl_akn_paragraphs(tree, pl_akn_child(tree, item, "content", NULL),
		                  point->items[i].text);
	}
	pl_buf_free(&label);
	pl_buf_free(&eid);
}

static int check_text(const char *text, const char *what, pl_error *err)
{
	if (!text)
		return 0;
	/* XML 1.0 carries tab, line feed and carriage return, and no other C0
	 * control; a DEL or C1 control would pass XML but not parley's own
	 * rules for stored text. */
	return pl_utf8_check(text, strlen(text), PL_UTF8_LINES | PL_UTF8_CR, 0, what, err);
}

int pl_akn_check_doc(const pl_doc *doc, pl_error *err)
{
	int rc = check_text(doc->title, "the title", err);
	if (!rc)
		rc = check_text(doc->preamble, "the preamble", err);
	for (size_t i = 0; !rc && i < doc->part_count; i++)
		if (!(rc = check_text(doc->parts[i].heading, "a part's heading", err)))
			rc = check_text(doc->parts[i].intro, "a part's introduction", err);
	for (size_t i = 0; !rc && i < doc->point_count; i++) {
		const pl_point *p = &doc->points[i];
		rc = check_text(p->label, "a point's label", err);
		if (!rc)
			rc = check_text(p->text, "a point's text", err);
		if (!rc)
			rc = check_text(p->id, "a point's id", err);
		for (size_t k = 0; !rc && k < p->item_count; k++)
			if (!(rc = check_text(p->items[k].label, "a sub-item's label", err)))
				rc = check_text(p->items[k].text, "a sub-item's text", err);
	}
	return rc;
}

/* The walk of the document into the main body: a part's element when its
 * heading comes, each point into its part or, without one, the body. */
typedef struct body_writer {
	const pl_akn_tree *tree;
	const pl_doc *doc;
	xmlNodePtr body;
	xmlNodePtr *parts;
	size_t index; /* of the next point */
} body_writer;

static void on_part(void *context, const pl_part *part)
{
	body_writer *w = context;
	size_t index = (size_t)(part - w->doc->parts);
	char eid[32];
	snprintf(eid, sizeof eid, "part_%zu", index + 1);
	xmlNodePtr node = pl_akn_child(w->tree, w->body, "part", NULL);
	pl_akn_attr(node, "eId", eid);
	pl_akn_child(w->tree, node, "heading", part->heading ? part->heading : "");
	if (part->intro)
		pl_akn_paragraphs(w->tree, pl_akn_child(w->tree, node, "intro", NULL), part->intro);
	w->parts[index] = node;
}

static void on_point(void *context, const pl_point *point)
{
	body_writer *w = context;
	xmlNodePtr parent = w->body;
	if (point->part != PL_NO_PART && point->part < w->doc->part_count && w->parts[point->part])
		parent = w->parts[point->part];
	pl_akn_point_add(w->tree, parent, point, "", w->index++);
}

int pl_akn_write(pl_buf *out, const pl_doc *doc, const pl_akn_meta *meta, pl_error *err)
{
	static const pl_akn_meta none = {0};
	if (!meta)
		meta = &none;
	int rc = pl_akn_check_doc(doc, err);
	if (rc)
		return rc;
	pl_akn_tree tree;
	pl_akn_tree_start(&tree, "doc", "plan");
	pl_akn_meta_add(&tree, "doc", meta);
	if (doc->title) {
		xmlNodePtr p =
		    pl_akn_child(&tree, pl_akn_child(&tree, tree.top, "preface", NULL), "p", NULL);
		pl_akn_child(&tree, p, "docTitle", doc->title);
	}
	if (doc->preamble)
		pl_akn_paragraphs(&tree, pl_akn_child(&tree, tree.top, "preamble", NULL),
		                  doc->preamble);
	body_writer w = {&tree, doc, pl_akn_child(&tree, tree.top, "mainBody", NULL),
	                 pl_calloc(doc->part_count + 1, sizeof(xmlNodePtr)), 0};
	pl_doc_visitor visitor = {on_part, on_point};
	pl_doc_walk(doc, &visitor, &w);
	free(w.parts);
	pl_akn_tree_finish(&tree, out);
	return 0;
}

static void hex_of(char out[65], const uint8_t *hash)
{
	for (size_t i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

int pl_akn_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	pl_doc *doc = NULL;
	pl_version_info info, *versions = NULL;
	size_t version_count = 0;
	pl_table *members = NULL;
	int rc = pl_version_load(n, ref, &doc, &info, err);
	if (rc)
		return rc;
	pl_akn_meta meta = {info.document,
	                    info.number,
	                    info.created_at,
	                    NULL,
	                    info.track,
	                    info.source,
	                    NULL,
	                    0,
	                    NULL,
	                    0};
	if ((rc = pl_version_list(n, info.document, &versions, &version_count, err)) == 0 &&
	    version_count)
		meta.first_at = versions[0].created_at;
	char hash_hex[65];
	const uint8_t *hash;
	if (rc == 0 &&
	    pl_auth_version_event(n->auth, info.document, info.number, &meta.event_id, &hash)) {
		hex_of(hash_hex, hash);
		meta.event_hash = hash_hex;
	}
	pl_akn_party *parties = NULL;
	if (rc == 0 && (rc = pl_track_members(n, info.track, &members, err)) == 0) {
		parties = pl_calloc(members->rows + 1, sizeof *parties);
		for (size_t r = 0; r < members->rows; r++)
			parties[r] = (pl_akn_party){pl_table_cell(members, r, 0),
			                            pl_table_cell(members, r, 1)};
		meta.parties = parties;
		meta.party_count = members->rows;
	}
	if (rc == 0)
		rc = pl_akn_write(out, doc, &meta, err);
	free(parties);
	pl_table_free(members);
	pl_version_info_free_array(versions, version_count);
	pl_version_info_clear(&info);
	pl_doc_free(doc);
	return rc;
}
