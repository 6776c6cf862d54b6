/* subitem_int.h — recognising sub-item markers "(a)", "(ii)", "(3)". */
#ifndef PARLEY_SUBITEM_INT_H
#define PARLEY_SUBITEM_INT_H

#include <stddef.h>

#include "parley/doc.h"

/* When text starts with a marker "(x)" followed by a space or the end,
 * copies x into label and returns the marker's length with the space;
 * otherwise returns 0. */
size_t pl_item_marker(const char *text, size_t len, char *label, size_t label_size);

/* The n-th (0-based) letter label: a, b, ... z, aa, ab, ... */
void pl_item_label_nth(char *label, size_t label_size, size_t n);

/* Splits point->text into a lead text and sub-items when it holds two or
 * more markers in sequence ((a) (b) ..., (i) (ii) ..., (1) (2) ...); the
 * text is left alone otherwise. */
void pl_split_inline_items(pl_point *point);

#endif
