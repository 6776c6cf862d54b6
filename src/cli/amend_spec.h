/* amend_spec.h — amendment operations written on the command line. */
#ifndef PARLEY_AMEND_SPEC_H
#define PARLEY_AMEND_SPEC_H

#include "parley/amend.h"
#include "parley/buf.h"

/* Adds the operation spec of kind to a, resolving labels in base:
 *   edit:        "LABEL: old words -> new words" | "LABEL@FROM-TO -> new words"
 *                (LABEL may be "10(c)" for sub-item c)
 *   insert:      "after LABEL: NEW. text" | "end of PART: NEW. text"
 *   move:        "LABEL after OTHER" | "LABEL to end of PART"
 *   replace:     "LABEL=new text"       relabel: "LABEL=NEW"
 *   rename-part: "PART=new heading"     delete: "LABEL"
 * A label may also be "#ID" (a stable id). */
int amend_spec_add(pl_amendment *a, const pl_doc *base, pl_op_kind kind, const char *spec,
                   pl_error *err);

#endif
