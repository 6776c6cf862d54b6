/* amend_int.h — what the tests of amend.c may reach inside it. */
#ifndef PARLEY_AMEND_INT_H
#define PARLEY_AMEND_INT_H

/* Nonzero: pl_amendments_apply places insertions and deletions one by one
 * (the reference the one-pass placement is tested against). 0 by default. */
extern _Thread_local int pl_amend_one_by_one;

#include "parley/amend.h"

/* pl_amend_op_lines for op's point already found (point). */
int pl_amend_op_lines_at(const pl_amend_op *op, const pl_point *point, size_t *first, size_t *last,
                         size_t *count);

#endif
