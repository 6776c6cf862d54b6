/* doc_int.h — what the library's readers of plans use of doc.c. */
#ifndef PARLEY_DOC_INT_H
#define PARLEY_DOC_INT_H

#include "parley/doc.h"
#include "parley/error.h"

/* pl_doc_validate without its check that every text is valid UTF-8, for
 * a reader that has made sure of it: the same errors, in the same order,
 * for a document whose texts are. */
int pl_doc_validate_labels(const pl_doc *doc, pl_error *err);

#endif
