/* docx_write.h — a WordprocessingML document being built (docx_write.c):
 * its body, its numbering, its header and footer; finished into a .docx
 * package by pl_docx_out_finish. Nodes belong to the document's tree. */
#ifndef PARLEY_DOCX_WRITE_H
#define PARLEY_DOCX_WRITE_H

#include "docx_int.h"

typedef struct pl_docx_out {
	xmlDocPtr xml;
	xmlNsPtr w;
	xmlNodePtr body;
	int *list_starts; /* one w:num per list: its first point's number */
	size_t list_count;
	int next_change_id;          /* w:id of tracked changes */
	const char *author, *date;   /* of tracked changes */
	const char *header, *footer; /* the marking lines; NULL: none */
	int landscape;
	const char *title; /* the package's dc:title, or NULL */
} pl_docx_out;

void pl_docx_out_start(pl_docx_out *o);
/* A paragraph of style (NULL: Normal) appended to the body. */
xmlNodePtr pl_docx_out_para(pl_docx_out *o, const char *style);
/* Numbers paragraph p at level ilvl of list (from pl_docx_out_list). */
void pl_docx_out_number(pl_docx_out *o, xmlNodePtr p, int list, int ilvl);
/* A new list whose first point at level 0 is start: its numId. */
int pl_docx_out_list(pl_docx_out *o, int start);
/* A run of text appended to parent (a paragraph, w:ins or w:del); deleted
 * text is written as w:delText. */
xmlNodePtr pl_docx_out_run(pl_docx_out *o, xmlNodePtr parent, const char *text, size_t len,
                           int deleted, int bold);
/* A tracked insertion or deletion (w:ins / w:del) in paragraph p, with
 * the out's author and date, holding text. */
void pl_docx_out_change(pl_docx_out *o, xmlNodePtr p, const char *text, size_t len, int deleted);
/* Marks paragraph p's own mark as inserted or deleted (a whole paragraph
 * added or removed). */
void pl_docx_out_mark(pl_docx_out *o, xmlNodePtr p, int deleted);
/* Writes the package to out and frees the tree. */
void pl_docx_out_finish(pl_docx_out *o, pl_buf *out);
/* Frees the tree without writing it. */
void pl_docx_out_drop(pl_docx_out *o);

/* PL_EINVALID when text is not valid UTF-8 or holds a control character
 * XML 1.0 cannot carry (what names it). */
int pl_docx_check_text(const char *text, const char *what, pl_error *err);
/* As pl_docx_check_text for every string of doc. */
int pl_docx_check_doc(const pl_doc *doc, pl_error *err);

/* Appends doc's title, parts, points and sub-items to o, the points
 * numbered by Word where their labels allow. */
void pl_docx_out_plan(pl_docx_out *o, const pl_doc *doc);

#endif
