/* doc.h — the document model: a plan of numbered points grouped in parts.
 *
 * Ownership: a pl_doc owns every string and array reachable from it; the
 * accessors return borrowed pointers that live as long as the document, and
 * pl_doc_free releases everything at once. A point's label and text may
 * be packed together in a block the document owns (the Markdown reader
 * packs them): they are changed through pl_point_set_label and
 * pl_point_set_text, never freed one by one. */
#ifndef PARLEY_DOC_H
#define PARLEY_DOC_H

#include <stddef.h>

#include "parley/error.h"

/* No part: the point stands before any part heading (or the plan is flat). */
#define PL_NO_PART ((size_t)-1)

/* A sub-item "(a) ..." of a point. label is "a" without the parentheses. */
typedef struct pl_item {
	char *label;
	char *text;
} pl_item;

/* A numbered point. id is stable across versions (assigned by the store; an
 * imported file has NULL ids until then); label is exactly as written
 * ("21", "3 bis", "4.1"); text is the wording before the first sub-item,
 * kept as CommonMark inline source; several paragraphs are joined by
 * "\n\n". */
typedef struct pl_point {
	char *id;
	char *label;
	char *text;
	size_t part; /* index into pl_doc.parts, or PL_NO_PART */
	pl_item *items;
	size_t item_count;
	size_t line; /* 1-based source line it was read from; 0 if unknown */
} pl_point;

/* A part heading ("Part 1: Peace in Ukraine"); intro is the text between
 * the heading and its first point, or NULL. */
typedef struct pl_part {
	char *heading;
	char *intro;
} pl_part;

typedef struct pl_doc {
	char *title;    /* the "# Title" heading; NULL when the file has none */
	char *preamble; /* paragraphs before the first part or point, or NULL */
	pl_part *parts;
	size_t part_count;
	pl_point *points; /* in document order */
	size_t point_count;
	size_t part_capacity;
	size_t point_capacity;
	struct pl_doc_strings *strings; /* where packed points keep their label and text */
} pl_doc;

/* A new empty document; never NULL. */
pl_doc *pl_doc_new(void);
/* Frees doc and all it owns; accepts NULL. */
void pl_doc_free(pl_doc *doc);
/* A deep copy of doc. */
pl_doc *pl_doc_clone(const pl_doc *doc);

/* Sets the title or preamble to a copy of text (NULL clears it). */
void pl_doc_set_title(pl_doc *doc, const char *text);
void pl_doc_set_preamble(pl_doc *doc, const char *text);
/* Appends a part and returns its index; heading is copied. */
size_t pl_doc_add_part(pl_doc *doc, const char *heading, const char *intro);
/* Appends a point (strings copied; id may be NULL) and returns it; the
 * pointer stays valid until the next pl_doc_add_point. */
pl_point *pl_doc_add_point(pl_doc *doc, size_t part, const char *id, const char *label,
			   const char *text);
/* Inserts a point at index (0 .. point_count) with copied strings, and
 * returns it. */
pl_point *pl_doc_insert_point(pl_doc *doc, size_t index, size_t part, const char *id,
			      const char *label, const char *text);
/* Removes the point at index, releasing what it owns. */
void pl_doc_remove_point(pl_doc *doc, size_t index);
/* Removes every point i with marked[i] set, in one pass. */
void pl_doc_remove_marked(pl_doc *doc, const unsigned char *marked);
/* The index of the point with stable id id, or PL_NO_PART when none. */
size_t pl_doc_index_of(const pl_doc *doc, const char *id);
/* Replaces point's text and sub-items with text, split into a lead and
 * inline sub-items "(a) … (b) …" as the Markdown reader does. */
void pl_point_set_text(pl_point *point, const char *text);
/* The point's whole wording, sub-items inline: "lead (a) x (b) y". The
 * caller frees it. */
char *pl_point_full_text(const pl_point *point);

/* Sets point's label to a copy of label. */
void pl_point_set_label(pl_point *point, const char *label);

/* Appends a sub-item to point (strings copied). */
void pl_point_add_item(pl_point *point, const char *label, const char *text);
/* Sets point's id to a copy of id (NULL clears it). */
void pl_point_set_id(pl_point *point, const char *id);

/* The first point whose label equals label, or NULL. */
const pl_point *pl_doc_find_label(const pl_doc *doc, const char *label);
/* The point with stable id id, or NULL. */
const pl_point *pl_doc_find_id(const pl_doc *doc, const char *id);

/* Callbacks for pl_doc_walk; either may be NULL. */
typedef struct pl_doc_visitor {
	void (*part)(void *context, const pl_part *part);
	void (*point)(void *context, const pl_point *point);
} pl_doc_visitor;

/* Visits the document in reading order: each part heading just before its
 * first point (parts without points where they stand in the part order),
 * points in document order. */
void pl_doc_walk(const pl_doc *doc, const pl_doc_visitor *visitor, void *context);

/* A new document holding the title and the points labelled label (with
 * their parts); NULL when no point has that label. */
pl_doc *pl_doc_select_label(const pl_doc *doc, const char *label);

/* 1 when a and b hold the same title, preamble, parts, labels, texts and
 * items (ids are compared only when compare_ids is non-zero). */
int pl_doc_equal(const pl_doc *a, const pl_doc *b, int compare_ids);

/* Checks the rules every plan obeys: at least one point, no empty label, no
 * two points with the same label in one part, valid UTF-8 in every
 * string. Returns 0, or PL_EINVALID / PL_ECONFLICT with a message naming
 * the point and its line. */
int pl_doc_validate(const pl_doc *doc, pl_error *err);

/* 1 when label is a point label parley accepts: digits, optionally followed
 * by dotted numbers ("4.1"), a letter ("12a"), or a Latin ordinal suffix
 * after a space ("3 bis", "3 ter", ... "3 decies"). */
int pl_label_valid(const char *label, size_t len);

#endif
