/* docx.c — a libFuzzer target for the Word reader (pl_docx_parse).
 *
 * The input is the .docx's bytes (a zip). Whatever they are, the reader
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_doc *doc = NULL;
	pl_error err;
	int rc = pl_docx_parse(&doc, (const char *)data, size, "fuzz.docx", &err);
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
