/* akn_amendment.c — one amendment as an Akoma Ntoso 3.0 `amendment`
 * document. Its body follows the amendment structures of the schema: a
 * heading, then for each point it changes an amendmentContent whose mod
 * names the point by its eId in the amended version (a ref) and quotes its
 * old and new wording as quotedStructures holding the point as the version
 * writes it (akn_write.c); a part renamed gets quotedTexts. Then the
 * justification, when there is one. */
#include "akn_int.h"
#include "parley/akn.h"
#include "parley/amend.h"
#include "parley/buf.h"
#include "parley/talks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct amendment_writer {
	pl_akn_tree tree;
	const pl_amendment_record *record;
	const pl_doc *base;
	pl_akn_meta base_meta; /* the amended version's identification */
	xmlNodePtr body;
	size_t mods;
} amendment_writer;

/* Text then a new text node after it, inside a mixed-content element. */
static void say(xmlNodePtr parent, const char *text)
{
	xmlAddChild(parent, xmlNewText((const xmlChar *)text));
}

/* <ref> to eid in the amended version, showing shown. */
static void ref_to(amendment_writer *w, xmlNodePtr mod, const char *eid, const char *shown)
{
	pl_buf href = PL_BUF_INIT, id = PL_BUF_INIT;
	pl_akn_expression_uri(&href, "doc", &w->base_meta);
	pl_buf_printf(&href, "/~%s", eid);
	pl_buf_printf(&id, "mod_%zu__ref_1", w->mods);
	xmlNodePtr ref = pl_akn_child(&w->tree, mod, "ref", shown);
	pl_akn_attr(ref, "eId", id.ptr);
	pl_akn_attr(ref, "href", href.ptr);
	pl_buf_free(&href);
	pl_buf_free(&id);
}

/* A quotedStructure holding point, its eIds under the quote's. */
static void quote_point(amendment_writer *w, xmlNodePtr mod, const pl_point *point, int which)
{
	pl_buf eid = PL_BUF_INIT;
	pl_buf_printf(&eid, "mod_%zu__qstr_%d", w->mods, which);
	xmlNodePtr quote = pl_akn_child(&w->tree, mod, "quotedStructure", NULL);
	pl_akn_attr(quote, "eId", eid.ptr);
	pl_akn_attr(quote, "startQuote", "\xe2\x80\x9c");
	pl_akn_attr(quote, "endQuote", "\xe2\x80\x9d");
	pl_buf_puts(&eid, "__");
	pl_akn_point_add(&w->tree, quote, point, eid.ptr, 0);
	pl_buf_free(&eid);
}

/* A new <mod> in a new amendmentContent, returned. */
static xmlNodePtr new_mod(amendment_writer *w)
{
	char eid[48];
	w->mods++;
	xmlNodePtr content = pl_akn_child(&w->tree, w->body, "amendmentContent", NULL);
	snprintf(eid, sizeof eid, "amendmentContent_%zu", w->mods);
	pl_akn_attr(content, "eId", eid);
	xmlNodePtr mod =
	    pl_akn_child(&w->tree, pl_akn_child(&w->tree, content, "p", NULL), "mod", NULL);
	snprintf(eid, sizeof eid, "mod_%zu", w->mods);
	pl_akn_attr(mod, "eId", eid);
	return mod;
}

static void write_change(amendment_writer *w, const pl_point_change *change)
{
	xmlNodePtr mod = new_mod(w);
	pl_buf cite = PL_BUF_INIT, eid = PL_BUF_INIT;
	pl_buf_puts(&cite, "point ");
	pl_point_change_cite(&cite, change);
	if (!change->before) {
		say(mod, "A new point is inserted, ");
		say(mod, cite.ptr);
		say(mod, ": ");
		quote_point(w, mod, change->after, 1);
	} else {
		if (change->before->id)
			pl_buf_printf(&eid, "point_%s", change->before->id);
		ref_to(w, mod, eid.ptr, cite.ptr);
		say(mod, ", which reads ");
		quote_point(w, mod, change->before, 1);
		if (change->after) {
			say(mod, ", is replaced by ");
			quote_point(w, mod, change->after, 2);
		} else {
			say(mod, ", is deleted");
		}
	}
	say(mod, ".");
	pl_buf_free(&cite);
	pl_buf_free(&eid);
}

static void write_rename(amendment_writer *w, const pl_amend_op *op)
{
	if (op->part >= w->base->part_count)
		return;
	xmlNodePtr mod = new_mod(w);
	char eid[48], shown[64];
	snprintf(eid, sizeof eid, "part_%zu", op->part + 1);
	snprintf(shown, sizeof shown, "the heading of part %zu", op->part + 1);
	ref_to(w, mod, eid, shown);
	say(mod, ", ");
	const char *texts[2] = {w->base->parts[op->part].heading, op->text ? op->text : ""};
	for (int k = 0; k < 2; k++) {
		snprintf(eid, sizeof eid, "mod_%zu__qtext_%d", w->mods, k + 1);
		xmlNodePtr quote = pl_akn_child(&w->tree, mod, "quotedText", texts[k]);
		pl_akn_attr(quote, "eId", eid);
		say(mod, k == 0 ? ", is replaced by " : ".");
	}
}

static void write_front(amendment_writer *w, const char *base_ref)
{
	const pl_amendment_record *r = w->record;
	xmlNodePtr p =
	    pl_akn_child(&w->tree, pl_akn_child(&w->tree, w->tree.top, "preface", NULL), "p", NULL);
	pl_buf title = PL_BUF_INIT;
	pl_buf_printf(&title, "Amendment %s to %s", r->id, base_ref);
	pl_akn_child(&w->tree, p, "docTitle", title.ptr);
	w->body = pl_akn_child(&w->tree, w->tree.top, "amendmentBody", NULL);
	xmlNodePtr heading = pl_akn_child(
	    &w->tree, pl_akn_child(&w->tree, w->body, "amendmentHeading", NULL), "p", NULL);
	say(heading, "Tabled by ");
	pl_buf party = PL_BUF_INIT;
	pl_buf_printf(&party, "#party_%s", r->party ? r->party : "");
	xmlNodePtr proponent = pl_akn_child(&w->tree, heading, "docProponent", r->party);
	pl_akn_attr(proponent, "refersTo", party.ptr);
	pl_buf_clear(&title);
	pl_buf_printf(&title, " (%s) on %s in track %s; status: %s.",
	              r->delegate ? r->delegate : "", r->at ? r->at : "", r->track ? r->track : "",
	              r->status ? r->status : "");
	say(heading, title.ptr);
	pl_buf_free(&title);
	pl_buf_free(&party);
}

static void write_references(amendment_writer *w, xmlNodePtr refs, const char *base_ref)
{
	const pl_amendment_record *r = w->record;
	pl_buf b = PL_BUF_INIT;
	pl_akn_expression_uri(&b, "doc", &w->base_meta);
	xmlNodePtr amended = pl_akn_child(&w->tree, refs, "activeRef", NULL);
	pl_akn_attr(amended, "eId", "amended");
	pl_akn_attr(amended, "href", b.ptr);
	pl_akn_attr(amended, "showAs", base_ref);
	if (r->delegate) {
		xmlNodePtr person = pl_akn_child(&w->tree, refs, "TLCPerson", NULL);
		pl_buf_clear(&b);
		pl_buf_printf(&b, "delegate_%s", r->delegate);
		pl_akn_attr(person, "eId", b.ptr);
		pl_buf_clear(&b);
		pl_buf_printf(&b, "/ontology/person/parley/%s", r->delegate);
		pl_akn_attr(person, "href", b.ptr);
		pl_akn_attr(person, "showAs", r->delegate);
	}
	pl_buf_free(&b);
}

/* The amendment's own name in URIs: document and id ("coalition:A3"
 * keeps its track, with '-' for ':'). */
static char *work_name(const pl_amendment_record *r)
{
	pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "%s-%s", r->document, r->id);
	for (size_t i = 0; i < b.len; i++)
		if (b.ptr[i] == ':' || b.ptr[i] == '/' || b.ptr[i] == ' ')
			b.ptr[i] = '-';
	return pl_buf_detach(&b);
}

static int write_amendment(pl_buf *out, amendment_writer *w, const pl_amendment_view *view,
                           const char *base_ref, pl_error *err)
{
	const pl_amendment_record *r = w->record;
	int rc = pl_akn_check_doc(view->after, err);
	if (rc)
		return rc;
	char *name = work_name(r);
	pl_akn_party party = {r->party, NULL};
	pl_akn_meta meta = {.document = name,
	                    .created_at = r->at,
	                    .first_at = r->at,
	                    .track = r->track,
	                    .parties = r->party ? &party : NULL,
	                    .party_count = r->party ? 1 : 0};
	pl_akn_tree_start(&w->tree, "amendment", "amendment");
	write_references(w, pl_akn_meta_add(&w->tree, "amendment", &meta), base_ref);
	write_front(w, base_ref);
	for (size_t i = 0; i < view->count; i++)
		write_change(w, &view->changes[i]);
	for (size_t i = 0; i < r->amendment->op_count; i++)
		if (r->amendment->ops[i].kind == PL_OP_RENAME_PART)
			write_rename(w, &r->amendment->ops[i]);
	if (r->justification && *r->justification)
		pl_akn_paragraphs(&w->tree,
		                  pl_akn_child(&w->tree, w->body, "amendmentJustification", NULL),
		                  r->justification);
	pl_akn_tree_finish(&w->tree, out);
	free(name);
	return 0;
}

int pl_akn_amendment_write(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
                           pl_error *err)
{
	pl_amendment_record *records = NULL;
	size_t count = 0;
	const pl_amendment_record *r = NULL;
	int rc = pl_amendment_find(n, document, id, &records, &count, &r, err);
	char ref[PL_NAME_MAX + 32];
	amendment_writer w = {.record = r};
	pl_doc *base = NULL;
	pl_version_info *versions = NULL;
	size_t version_count = 0;
	if (rc == 0) {
		snprintf(ref, sizeof ref, "%s@%d", r->document, r->base);
		rc = pl_version_load(n, ref, &base, NULL, err);
	}
	if (rc == 0 && (rc = pl_version_list(n, r->document, &versions, &version_count, err)) == 0)
		w.base_meta =
		    (pl_akn_meta){.document = r->document,
		                  .version = r->base,
		                  .first_at = version_count ? versions[0].created_at : NULL};
	w.base = base;
	pl_amendment_view view;
	if (rc == 0 &&
	    (rc = pl_amendment_view_compute(&view, r->amendment, base, NULL, err)) == 0) {
		rc = write_amendment(out, &w, &view, ref, err);
		pl_amendment_view_free(&view);
	}
	pl_version_info_free_array(versions, version_count);
	pl_doc_free(base);
	pl_amendment_record_free_array(records, count);
	return rc;
}
