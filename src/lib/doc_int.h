/* doc_int.h — what the library's readers of plans use of doc.c. */
#ifndef PARLEY_DOC_INT_H
#define PARLEY_DOC_INT_H

#include "parley/doc.h"
#include "parley/error.h"

/* pl_doc_validate without its check that every text is valid UTF-8, for
 * a reader that has made sure of it: the same errors, in the same order,
 * for a document whose texts are. */
int pl_doc_validate_labels(const pl_doc *doc, pl_error *err);

/* pl_doc_add_point for a reader of many points (the Markdown reader):
 * label (label_len bytes, no NUL in it) and a copy of text are packed in a
 * block the document owns, the text right after the label's NUL, and the
 * point has no id. Neither is ever freed alone: whatever replaces a
 * point's text or label goes through the calls below, which know the
 * difference (pl_point_text_packed) and copy a packed point's other string
 * out of the block. */
pl_point *pl_doc_add_point_packed(pl_doc *doc, size_t part, const char *label, size_t label_len,
                                  const char *text);
/* 1 when point's text lies in its label's allocation. */
int pl_point_text_packed(const pl_point *point);
/* Sets point's text to text (allocated, taken over), freeing the old one
 * unless it was packed (then the label is copied out). */
void pl_point_replace_text(pl_point *point, char *text);

/* Makes room for count points in all (no change when there is room), so
 * that a reader that knows about how many there will be does not double
 * the array as it goes. */
void pl_doc_reserve_points(pl_doc *doc, size_t count);

#endif
