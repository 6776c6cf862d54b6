/* docx_numbering.h — labels from Word's automatic numbering
 * (docx_numbering.c). */
#ifndef PARLEY_DOCX_NUMBERING_H
#define PARLEY_DOCX_NUMBERING_H

#include "docx_int.h"

typedef struct pl_docx_numbering pl_docx_numbering;

/* Reads word/numbering.xml (xml NULL: a document without one). *out is
 * set even on error (free it). PL_EINVALID for a numbering instance whose
 * abstract numbering is not defined. */
int pl_docx_numbering_read(pl_docx_numbering **out, const xmlDoc *xml, const char *name,
                           pl_error *err);
void pl_docx_numbering_free(pl_docx_numbering *nb);
/* Sets every counter back to its start, to count a view afresh. */
void pl_docx_numbering_reset(pl_docx_numbering *nb);

/* Counts a paragraph numbered num_id at level ilvl and writes the label
 * Word shows into label ("6.", "(a)"). 0, or 1 for a bullet (no label);
 * PL_EINVALID for a numId or level numbering.xml does not define (line:
 * the paragraph's, for the message). */
int pl_docx_numbering_label(pl_docx_numbering *nb, const char *num_id, int ilvl, pl_buf *label,
                            const char *name, size_t line, pl_error *err);

#endif
