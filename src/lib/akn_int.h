/* akn_int.h — what the Akoma Ntoso writers of a version (akn_write.c) and
 * of an amendment (akn_amendment.c) share: the document's skeleton, its
 * metadata and how a point is written. Nodes belong to the tree's xmlDoc,
 * freed by pl_akn_tree_finish. */
#ifndef PARLEY_AKN_INT_H
#define PARLEY_AKN_INT_H

#include "parley/akn.h"
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"

#include <libxml/tree.h>

typedef struct pl_akn_tree {
	xmlDocPtr xml;
	xmlNsPtr ns;
	xmlNodePtr top; /* the document element under akomaNtoso: doc, amendment */
} pl_akn_tree;

/* Initialises libxml2 once for the process, whichever thread comes
 * first; every entry point calls it before using libxml2. */
void pl_akn_init(void);

/* Starts <akomaNtoso><TYPE name="NAME"> in the Akoma Ntoso namespace. */
void pl_akn_tree_start(pl_akn_tree *tree, const char *type, const char *name);
/* Appends the tree, indented, with an XML declaration, to out and frees
 * it. */
void pl_akn_tree_finish(pl_akn_tree *tree, pl_buf *out);
/* Frees the tree without writing it (after an error). */
void pl_akn_tree_drop(pl_akn_tree *tree);

/* A new child element of parent, holding text (escaped) when not NULL. */
xmlNodePtr pl_akn_child(const pl_akn_tree *tree, xmlNodePtr parent, const char *name,
                        const char *text);
/* Sets attribute name of node to value. */
void pl_akn_attr(xmlNodePtr node, const char *name, const char *value);

/* The Work's URI: /akn/xx/TYPE/parley/DATE/NAME (docs/akn.md). */
void pl_akn_work_uri(pl_buf *out, const char *type, const pl_akn_meta *meta);
/* The Expression's URI: the Work's, then /und@vN (/und@ for version 0:
 * the original, for a document that has no versions, an amendment). */
void pl_akn_expression_uri(pl_buf *out, const char *type, const pl_akn_meta *meta);

/* Appends <meta> to the tree's document element: identification (FRBR
 * Work, Expression, Manifestation of type), references (parley and the
 * parties); returns the references element for the caller to extend. */
xmlNodePtr pl_akn_meta_add(const pl_akn_tree *tree, const char *type, const pl_akn_meta *meta);

/* Appends point as an Akoma Ntoso point to parent; prefix ("" or
 * "mod_1__qstr_1__") goes before every eId; index is its place (from 0),
 * used for the eId of a point without a stable id. */
void pl_akn_point_add(const pl_akn_tree *tree, xmlNodePtr parent, const pl_point *point,
                      const char *prefix, size_t index);
/* One <p> in parent for each paragraph of text (paragraphs apart by a
 * blank line); an empty <p/> for an empty text. */
void pl_akn_paragraphs(const pl_akn_tree *tree, xmlNodePtr parent, const char *text);

/* PL_EINVALID when a string of doc is not valid UTF-8 or holds a control
 * character XML 1.0 cannot carry. */
int pl_akn_check_doc(const pl_doc *doc, pl_error *err);

#endif
