/* docx_int.h — what the .docx reader (docx_read.c, docx_plan.c), writers
 * (docx_write.c, docx_export.c) and the tabling of tracked changes
 * (docx_track.c) share: the package (docx_zip.c), the paragraphs of a
 * document as read, and the skeleton of a document being written. */
#ifndef PARLEY_DOCX_INT_H
#define PARLEY_DOCX_INT_H

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/docx.h"
#include "parley/error.h"

#include <libxml/tree.h>
#include <zip.h>

/* WordprocessingML's main namespace and the package's relationships. */
#define DOCX_W  "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_R  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOCX_CT "http://schemas.openxmlformats.org/package/2006/content-types"

/* --- the package (docx_zip.c) -------------------------------------------- */

typedef struct pl_docx_package {
	zip_t *zip;
	zip_source_t *source;
	const char *name; /* the file's name, for messages */
} pl_docx_package;

/* Opens the zip data[0..len) (borrowed: it must outlive the package).
 * PL_EINVALID for what is not a zip, or a damaged or truncated one. */
int pl_docx_package_open(pl_docx_package *p, const char *data, size_t len, const char *name,
                         pl_error *err);
void pl_docx_package_close(pl_docx_package *p);
/* The part named part, inflated into out (NUL-terminated), reading no more
 * than PL_DOCX_MAX_PART bytes whatever its header says. PL_ENOTFOUND
 * (message set) when absent and required, else 0 with out empty;
 * PL_ETOOBIG past the cap; PL_EINVALID for a damaged entry. */
int pl_docx_package_read(pl_docx_package *p, const char *part, int required, pl_buf *out,
                         pl_error *err);

/* Parses part's XML (xml[0..len)) with the network off, no DTD, no entity
 * substituted and nothing printed; refuses a DOCTYPE (naming an external
 * entity or an expansion bomb) and invalid UTF-8. */
int pl_docx_xml_parse(xmlDocPtr *out, const char *xml, size_t len, const char *name,
                      const char *part, pl_error *err);

/* A zip being written in memory; files are added in order. */
typedef struct pl_docx_writer {
	zip_source_t *source;
	zip_t *zip;
	pl_buf *keep; /* the parts' bytes, alive until the zip is closed */
	size_t keep_count, keep_capacity;
} pl_docx_writer;

void pl_docx_writer_start(pl_docx_writer *w);
/* Adds the serialised xml as part (the tree is freed). */
void pl_docx_writer_add_xml(pl_docx_writer *w, const char *part, xmlDocPtr xml);
/* Closes the zip and appends its bytes to out. */
void pl_docx_writer_finish(pl_docx_writer *w, pl_buf *out);

/* --- element helpers (docx_write.c) ------------------------------------ */

/* 1 when node is the WordprocessingML element name. */
int pl_docx_is(const xmlNode *node, const char *name);
/* The w:NAME attribute of node (borrowed from the tree), or NULL. */
const char *pl_docx_attr(const xmlNode *node, const char *name);

/* --- the document as read (docx_read.c) ------------------------------------ */

/* What a run of text is: common text, or one author's tracked change. */
typedef enum docx_mark {
	DOCX_PLAIN = 0,
	DOCX_INSERTED,
	DOCX_DELETED,
	DOCX_MOVED_FROM, /* a move's source: gone once the move is accepted */
	DOCX_MOVED_TO    /* its destination: there once accepted */
} docx_mark;

typedef struct pl_docx_run {
	docx_mark mark;
	int author; /* index into pl_docx_read.authors, -1 for plain text */
	char *text;
} pl_docx_run;

typedef enum docx_kind {
	DOCX_TEXT = 0, /* an ordinary paragraph */
	DOCX_TITLE,    /* the Title style */
	DOCX_HEADING,  /* a heading (outline level in level) */
	DOCX_NUMBERED  /* numbered by Word: label, level */
} docx_kind;

typedef struct pl_docx_para {
	docx_kind kind;
	int level;    /* heading outline level, or numbering level (0, 1, ...) */
	char *label;  /* the label Word shows ("6.", "(a)"), for DOCX_NUMBERED
	               * with every change accepted */
	char *num_id; /* its numbering (numId), or NULL */
	int ilvl;     /* its numbering level */
	pl_docx_run *runs;
	size_t run_count, run_capacity;
	int mark; /* a tracked change to the paragraph mark itself */
	int mark_author;
	size_t line;   /* the line of word/document.xml it starts on */
	int *comments; /* indexes into pl_docx_read.comments anchored here */
	size_t comment_count;
} pl_docx_para;

typedef struct pl_docx_comment {
	char *id, *author, *date, *text;
	int anchored;
} pl_docx_comment;

typedef struct pl_docx_read {
	const char *name;
	pl_docx_para *paras;
	size_t para_count, para_capacity;
	char **authors; /* of tracked changes and comments */
	size_t author_count;
	char **author_dates; /* the first date seen for each author, or NULL */
	pl_docx_comment *comments;
	size_t comment_count;
	size_t change_count; /* tracked changes seen */
	struct pl_docx_numbering *numbering;
} pl_docx_read;

/* Reads the package's document, numbering, styles and comments. */
int pl_docx_read_package(pl_docx_read *out, const char *data, size_t len, const char *name,
                         pl_error *err);
void pl_docx_read_free(pl_docx_read *r);

/* Which runs a view of the document keeps. */
typedef enum docx_view {
	DOCX_VIEW_ORIGINAL, /* every change rejected */
	DOCX_VIEW_AUTHOR,   /* one author's changes accepted, others rejected */
	DOCX_VIEW_ALL       /* every change accepted */
} docx_view;

/* The plan of r seen through view (author: for DOCX_VIEW_AUTHOR).
 * para_point (if not NULL, r->para_count entries) gets for each paragraph
 * the index of the point it belongs to, or (size_t)-1. Errors as
 * pl_docx_parse's for the plan. */
int pl_docx_plan(const pl_docx_read *r, docx_view view, int author, pl_doc **out,
                 size_t *para_point, pl_error *err);

#endif
