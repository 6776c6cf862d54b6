/* docx.c — a libFuzzer target for the Word reader (pl_docx_parse).
 *
 * The input is a .docx's bytes (a zip), or, when it does not start as a
 * zip, the text of word/document.xml, packed here with a fixed
 * numbering.xml into a package: the zip's checksums would stop most
 * mutations from reaching the XML. Whatever they are, the reader
 * must return a plan or one of its documented errors (PL_EINVALID,
 * PL_ECONFLICT, PL_ETOOBIG) with a message; a plan it returns must be one
 * parley accepts (pl_doc_validate), and written back out (pl_docx_write)
 * it must read back as the same plan. Anything else aborts. The corpus
 * (fuzz/corpus/docx/) holds small documents made by parley and by
 * tests/docx/docx_fixture: numbering, typed labels, tracked changes. */
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/docx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char numbering[] =
    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
    "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\">"
    "<w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl><w:lvl w:ilvl=\"2\">"
    "<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"o\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\">"
    "<w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride "
    "w:val=\"7\"/></w:lvlOverride></w:num></w:numbering>";

/* A package holding xml as word/document.xml, into out. */
static void pack(pl_buf *out, const uint8_t *xml, size_t size)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buffer = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(buffer);
	zip_t *z = zip_open_from_source(buffer, ZIP_TRUNCATE, &ze);
	if (!z)
		abort();
	const char *names[] = {"[Content_Types].xml", "word/numbering.xml", "word/document.xml"};
	const void *parts[] = {"<Types/>", numbering, xml};
	size_t sizes[] = {8, sizeof numbering - 1, size};
	for (int i = 0; i < 3; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i], sizes[i], 0);
		if (!s || zip_file_add(z, names[i], s, 0) < 0)
			abort();
	}
	if (zip_close(z) != 0)
		abort();
	zip_stat_t st;
	if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0)
		abort();
	pl_buf_reserve(out, (size_t)st.size + 1);
	zip_int64_t n = zip_source_read(buffer, out->ptr, st.size);
	if (n < 0)
		abort();
	out->len = (size_t)n;
	zip_source_close(buffer);
	zip_source_free(buffer);
	zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_doc *doc = NULL;
	pl_error err;
	pl_buf packed = PL_BUF_INIT;
	if (!pl_docx_sniff((const char *)data, size)) {
		pack(&packed, data, size);
		data = (const uint8_t *)packed.ptr;
		size = packed.len;
	}
	int rc = pl_docx_parse(&doc, (const char *)data, size, "fuzz.docx", &err);
	pl_buf_free(&packed);
	if (rc) {
		if (doc || (rc != PL_EINVALID && rc != PL_ECONFLICT && rc != PL_ETOOBIG) ||
		    !err.message[0])
			abort();
		return 0;
	}
	if (pl_doc_validate(doc, &err) != 0)
		abort();
	pl_buf out = PL_BUF_INIT;
	pl_doc *again = NULL;
	if (pl_docx_write(&out, doc, "header", "footer", &err) != 0 ||
	    pl_docx_parse(&again, out.ptr, out.len, "again.docx", &err) != 0 ||
	    !pl_doc_equal(doc, again, 0))
		abort();
	pl_doc_free(again);
	pl_buf_free(&out);
	pl_doc_free(doc);
	return 0;
}
