/* docx_zip.c — the .docx package: a zip read with libzip, each part
 * inflated under a cap counted as it inflates (a zip bomb's header may
 * claim any size), its XML parsed by libxml2 with the network off and no
 * entity expanded; and a package written in memory with libzip. */
#include "docx_int.h"
#include "akn_int.h"
#include "xml_guard_int.h"
#include "parley/mem.h"
#include "parley/utf8.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_docx_package_open(pl_docx_package *p, const char *data, size_t len, const char *name,
                         pl_error *err)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	if (len == 0) /* libzip takes it for an empty archive */
		return pl_error_set(err, PL_EINVALID, "%s: an empty file: not a Word document",
		                    name);
	zip_error_t ze;
	zip_error_init(&ze);
	p->source = zip_source_buffer_create(data, len, 0, &ze);
	if (!p->source)
		abort(); /* only when memory runs out */
	/* ZIP_CHECKCONS compares the central directory with the local
	 * headers, which is where a truncated or spliced file shows. */
	p->zip = zip_open_from_source(p->source, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!p->zip) {
		int code = zip_error_code_zip(&ze);
		zip_source_free(p->source);
		p->source = NULL;
		zip_error_fini(&ze);
		/* A zip's end record is at its end: a file that starts as a
		 * zip but has none was cut short. */
		if (code == ZIP_ER_NOZIP && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
			code = ZIP_ER_INCONS;
		if (code == ZIP_ER_NOZIP)
			return pl_error_set(err, PL_EINVALID,
			                    "%s: not a Word document: not a zip archive at all",
			                    name);
		return pl_error_set(err, PL_EINVALID,
		                    "%s: a damaged or truncated zip archive (%s): not a "
		                    "readable Word document",
		                    name,
		                    code == ZIP_ER_INCONS
		                        ? "its directory is missing or does not match"
		                        : "unreadable");
	}
	zip_error_fini(&ze);
	return 0;
}

void pl_docx_package_close(pl_docx_package *p)
{
	if (p->zip)
		zip_discard(p->zip);
	p->zip = NULL;
	p->source = NULL; /* freed with the archive */
}

int pl_docx_package_read(pl_docx_package *p, const char *part, int required, pl_buf *out,
                         pl_error *err)
{
	pl_buf_clear(out);
	zip_int64_t index = zip_name_locate(p->zip, part, 0);
	if (index < 0) {
		if (!required)
			return 0;
		return pl_error_set(err, PL_ENOTFOUND, "%s: a zip without %s: not a Word document",
		                    p->name, part);
	}
	zip_file_t *file = zip_fopen_index(p->zip, (zip_uint64_t)index, 0);
	if (!file)
		return pl_error_set(err, PL_EINVALID, "%s: %s cannot be read: %s", p->name, part,
		                    zip_strerror(p->zip));
	char chunk[65536];
	int rc = 0;
	for (;;) {
		zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
		if (n < 0) {
			rc = pl_error_set(err, PL_EINVALID, "%s: %s is damaged: %s", p->name, part,
			                  zip_file_strerror(file));
			break;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > PL_DOCX_MAX_PART) {
			rc = pl_error_set(err, PL_ETOOBIG,
			                  "%s: %s decompresses to more than %zu MiB, the limit for "
			                  "one part of a Word document (a zip bomb?): refused",
			                  p->name, part, PL_DOCX_MAX_PART >> 20);
			break;
		}
		pl_buf_put(out, chunk, (size_t)n);
	}
	zip_fclose(file);
	return rc;
}

/* Entity declarations are refused, each shape with its own reason. */
static int refuse_doctype(const xmlDoc *xml, const char *name, const char *part, pl_error *err)
{
	char where[600];
	snprintf(where, sizeof where, "%s: %s", name, part);
	const xmlEntity *internal;
	int rc = pl_xml_refuse_entities(xml, where, &internal, err);
	if (rc)
		return rc;
	return pl_error_set(err, PL_EINVALID,
	                    "%s: %s has a DOCTYPE: Word documents have none, and parley "
	                    "expands no entity",
	                    name, part);
}

#define DOCX_PARSE_OPTIONS                                                                         \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |         \
	 XML_PARSE_HUGE)

int pl_docx_xml_parse(xmlDocPtr *out, const char *xml, size_t len, const char *name,
                      const char *part, pl_error *err)
{
	*out = NULL;
	pl_buf what = PL_BUF_INIT;
	pl_buf_printf(&what, "%s: %s", name, part);
	/* Checked before libxml2 sees it, for a message that says where. */
	int rc = pl_utf8_check(xml, len, PL_UTF8_LINES | PL_UTF8_CR, 0, what.ptr, err);
	pl_buf_free(&what);
	if (rc)
		return rc;
	if (len > (size_t)INT32_MAX) /* unreachable under PL_DOCX_MAX_PART */
		return PL_ETOOBIG;
	pl_akn_init();
	xmlParserCtxtPtr context = xmlNewParserCtxt();
	if (!context)
		abort(); /* only when memory runs out */
	xmlDocPtr tree =
	    xmlCtxtReadMemory(context, xml, (int)len, part, "UTF-8", DOCX_PARSE_OPTIONS);
	if (!tree) {
		const xmlError *e = xmlCtxtGetLastError(context);
		if (e && (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_ENTITY_BOUNDARY))
			rc = pl_error_set(err, PL_EINVALID,
			                  "%s: %s: entities that expand into each other (an entity "
			                  "expansion bomb, 'billion laughs'): refused",
			                  name, part);
		else
			rc = pl_error_set(err, PL_EINVALID, "%s: %s: line %d: not well-formed XML",
			                  name, part, e ? e->line : 0);
	} else if (tree->intSubset) {
		rc = refuse_doctype(tree, name, part, err);
	}
	xmlFreeParserCtxt(context);
	if (rc) {
		xmlFreeDoc(tree);
		return rc;
	}
	*out = tree;
	return 0;
}

/* --- writing --------------------------------------------------------------- */

void pl_docx_writer_start(pl_docx_writer *w)
{
	memset(w, 0, sizeof *w);
	zip_error_t ze;
	zip_error_init(&ze);
	w->source = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!w->source)
		abort();
	zip_source_keep(w->source); /* read back after zip_close */
	w->zip = zip_open_from_source(w->source, ZIP_TRUNCATE, &ze);
	if (!w->zip)
		abort(); /* an empty buffer always opens; only memory fails */
	zip_error_fini(&ze);
}

void pl_docx_writer_add_xml(pl_docx_writer *w, const char *part, xmlDocPtr xml)
{
	xmlChar *text = NULL;
	int size = 0;
	xmlDocDumpMemoryEnc(xml, &text, &size, "UTF-8");
	xmlFreeDoc(xml);
	if (!text)
		abort(); /* libxml2 fails here only when memory runs out */
	if (w->keep_count == w->keep_capacity) {
		w->keep_capacity = w->keep_capacity ? 2 * w->keep_capacity : 16;
		w->keep = pl_realloc(w->keep, w->keep_capacity * sizeof *w->keep);
	}
	pl_buf *b = &w->keep[w->keep_count++];
	*b = (pl_buf)PL_BUF_INIT;
	pl_buf_put(b, text, (size_t)size);
	xmlFree(text);
	zip_source_t *s = zip_source_buffer(w->zip, b->ptr, b->len, 0);
	zip_int64_t index = s ? zip_file_add(w->zip, part, s, ZIP_FL_ENC_UTF_8) : -1;
	if (index < 0)
		abort(); /* parts have fixed, distinct names: only memory fails */
	/* A fixed time (1980-01-01, DOS's first day): the same version gives
	 * the same bytes. */
	zip_file_set_dostime(w->zip, (zip_uint64_t)index, 0, (1 << 5) | 1, 0);
}

void pl_docx_writer_finish(pl_docx_writer *w, pl_buf *out)
{
	if (zip_close(w->zip) != 0)
		abort(); /* writing to memory fails only when memory runs out */
	zip_stat_t st;
	if (zip_source_stat(w->source, &st) != 0 || zip_source_open(w->source) != 0)
		abort();
	size_t start = out->len;
	pl_buf_reserve(out, (size_t)st.size + 1);
	zip_int64_t n = zip_source_read(w->source, out->ptr + start, st.size);
	zip_source_close(w->source);
	if (n < 0 || (zip_uint64_t)n != st.size)
		abort();
	out->len = start + (size_t)n;
	out->ptr[out->len] = '\0';
	zip_source_free(w->source);
	for (size_t i = 0; i < w->keep_count; i++)
		pl_buf_free(&w->keep[i]);
	free(w->keep);
	memset(w, 0, sizeof *w);
}
