/* akn.c — a libFuzzer target for the Akoma Ntoso reader (pl_akn_parse).
 *
 * The input is the document's bytes. Whatever they are, the reader must
 * return a plan or one of its documented errors (PL_EINVALID, PL_ECONFLICT,
 * PL_ETOOBIG) with a message; a plan it returns must be one parley accepts
 * (pl_doc_validate), and written back out (pl_akn_write) it must read back
 * as the same plan, stable ids included. Anything else aborts. */
#include "parley/akn.h"
#include "parley/buf.h"
#include "parley/doc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_doc *doc = NULL;
	pl_error err;
	int rc = pl_akn_parse(&doc, (const char *)data, size, "fuzz.xml", &err);
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
	if (pl_akn_write(&out, doc, NULL, &err) != 0 ||
	    pl_akn_parse(&again, out.ptr, out.len, "again.xml", &err) != 0 ||
	    !pl_doc_equal(doc, again, 1))
		abort();
	pl_doc_free(again);
	pl_buf_free(&out);
	pl_doc_free(doc);
	return 0;
}
