/* amend.h — amendments to a plan: their operations, how they apply, which
 * of them collide, and the order in which to vote on them.
 *
 * Ownership: a pl_amendment owns its strings and operations
 * (pl_amendment_free); documents passed in are borrowed unless a function
 * says it changes them. These functions are pure: no database, no I/O. */
#ifndef PARLEY_AMEND_H
#define PARLEY_AMEND_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/redline.h"

typedef enum pl_op_kind {
	PL_OP_REPLACE,     /* point's whole text (sub-items included) */
	PL_OP_EDIT,        /* words [start, end) of a point's text or sub-item */
	PL_OP_INSERT,      /* a new point after another, or at the end of a part */
	PL_OP_DELETE,      /* a point */
	PL_OP_MOVE,        /* a point to after another, or to the end of a part */
	PL_OP_RELABEL,     /* a point's label */
	PL_OP_RENAME_PART, /* a part's heading */
	PL_OP_COUNT
} pl_op_kind;

/* "replace", "edit", "insert", "delete", "move", "relabel", "rename-part". */
const char *pl_op_name(pl_op_kind kind);

typedef struct pl_amend_op {
	pl_op_kind kind;
	char *point;  /* stable id of the point acted on (all but INSERT, RENAME_PART) */
	char *item;   /* EDIT: sub-item label, or NULL for the lead text */
	size_t start, end; /* EDIT: word span (words are the non-space tokens) */
	char *after;  /* INSERT, MOVE: id of the point to follow, or NULL */
	size_t part;  /* INSERT, MOVE with no after; RENAME_PART: part index */
	char *label;  /* INSERT, RELABEL: the label */
	char *text;   /* REPLACE, INSERT: point text, "(a) …" sub-items inline;
		       * EDIT: the new words; RENAME_PART: the heading */
} pl_amend_op;

typedef struct pl_amendment {
	char *id;
	pl_amend_op *ops;
	size_t op_count;
} pl_amendment;

pl_amendment *pl_amendment_new(const char *id);
void pl_amendment_free(pl_amendment *a);
/* Appends an operation (strings copied; NULL allowed) and returns it. */
pl_amend_op *pl_amendment_add_op(pl_amendment *a, pl_op_kind kind, const char *point,
				 const char *text);

/* Sets op (an EDIT) to the span of the words quoted in old_words within the
 * target text of doc. PL_EINVALID when they are not there, with a message
 * naming the closest passage ("…; closest match: 'x y z'"). */
int pl_edit_locate(pl_amend_op *op, const pl_doc *doc, const char *old_words, pl_error *err);
/* As pl_edit_locate, but the words must lie on lines first..last (from 1,
 * parley/lines.h) of op's point, which also choose the text (lead or
 * sub-item: op->item is set). PL_EINVALID for lines the point does not
 * have ("point 6 has 4 lines"), lines across two texts, or words not on
 * them (naming the line they are on, if any). */
int pl_edit_locate_lines(pl_amend_op *op, const pl_doc *doc, size_t first, size_t last,
			 const char *old_words, pl_error *err);
/* Sets op (an EDIT) to all the words on lines first..last of its point
 * (op->item set as above); errors as pl_edit_locate_lines. */
int pl_edit_span_lines(pl_amend_op *op, const pl_doc *doc, size_t first, size_t last,
		       pl_error *err);
/* The lines of base that op touches: *first..*last of the *count lines of
 * its point (an edit: the lines its words are on, or where it inserts; a
 * whole-point operation: all of them). -1 (all 0) for an operation on no
 * point of base (an insertion, a part's heading). */
int pl_amend_op_lines(const pl_amend_op *op, const pl_doc *base, size_t *first, size_t *last,
		      size_t *count);
/* The words of base an EDIT replaces (bytes of its text from the first
 * word of its span to the last), or NULL for an insertion between words
 * or a span base does not have. The caller frees it. */
char *pl_edit_old_words(const pl_amend_op *op, const pl_doc *base);

/* Applies a to doc in place (as a set of one; see pl_amendments_apply).
 * New points get ids "p<serial>" from *next_serial. PL_ENOTFOUND for a point that is not in doc, PL_EINVALID
 * for a span past the end of a text, PL_ECONFLICT for a label taken. On
 * error doc may be partly changed: apply to a copy. */
int pl_amendment_apply(pl_doc *doc, const pl_amendment *a, int64_t *next_serial, pl_error *err);

/* Applies a set of amendments to one base at once. The result does not
 * depend on the order of the array: operations run in a canonical order,
 * and word positions always refer to the base version. Inserted points
 * after one anchor keep the order of their amendments' ids. */
int pl_amendments_apply(pl_doc *doc, const pl_amendment *const *amendments, size_t count,
			int64_t *next_serial, pl_error *err);

/* 1 when a and b collide on the same base: they touch the same point
 * (overlapping word spans only, for two edits of one text), or one deletes
 * or replaces what the other edits, or both rename one part. */
int pl_amendments_collide(const pl_amendment *a, const pl_amendment *b);

/* How far an amendment takes the text from base: words deleted plus words
 * inserted over every point it touches. */
size_t pl_amendment_distance(const pl_amendment *a, const pl_doc *base);

/* What an amendment does to each point it touches, for reading it: the
 * point before and after, and the lines of the base it touches. */
typedef struct pl_point_change {
	const pl_point *before; /* in the base; NULL for a point the amendment inserts */
	const pl_point *after;  /* in the view's amended copy; NULL for a deleted point */
	size_t first_line, last_line; /* lines of before touched (parley/lines.h); 0 if new */
	size_t line_count;            /* lines of before (of after, for a new point) */
} pl_point_change;

typedef struct pl_amendment_view {
	pl_doc *after; /* the points it reaches, amended (owned; not the whole plan) */
	pl_point_change *changes; /* in the order of the operations, new points last */
	size_t count;
	int renames_part; /* it renames a part's heading (no point's text changes) */
} pl_amendment_view;

/* An index of a version's points by id, for showing many amendments to
 * it: each view then costs what its amendment touches, not the plan's
 * size. It borrows nothing; rebuild it if the document changes. */
typedef struct pl_point_index pl_point_index;
pl_point_index *pl_point_index_new(const pl_doc *base);
void pl_point_index_free(pl_point_index *index);

/* Applies a to a copy of the points of base it names and fills out with
 * the points it changes. base is borrowed and must outlive out; index is
 * base's (pl_point_index_new) or NULL (then each point is searched for).
 * Errors as pl_amendment_apply (an amendment that no longer applies). */
int pl_amendment_view_compute(pl_amendment_view *out, const pl_amendment *a, const pl_doc *base,
			      const pl_point_index *index, pl_error *err);
void pl_amendment_view_free(pl_amendment_view *view);

/* The point as `show --format text` prints it, unwrapped: "6. text", each
 * sub-item on a line of its own as "    (a) text". The caller frees it. */
char *pl_point_printed(const pl_point *point);

/* "6, line 3", "6, lines 1-2", "5a (new)" or "3 (deleted), lines 1-2":
 * where change lies, as outputs cite it. */
void pl_point_change_cite(pl_buf *out, const pl_point_change *change);

/* Appends the word redline of change, from pl_point_printed of before to
 * that of after (an empty text for a new or deleted point): TEXT marks
 * [-deletions-] and {+insertions+} (with ansi, in red and green instead),
 * MARKDOWN and HTML use <del> and <ins>, JSON writes the segments as
 * [{"kind":"equal"|"delete"|"insert","text":…}]. With compact (not JSON),
 * unchanged stretches longer than eight words keep four words at each end
 * around "…". Texts are shown escaped (pl_utf8_escape, or HTML escapes).
 * PL_EINVALID for bad UTF-8. */
int pl_point_change_redline(pl_buf *out, const pl_point_change *change, pl_redline_format format,
			    int ansi, int compact, pl_error *err);

/* For a table's row: the points a touches with their lines ("6, line 1;
 * 21, lines 2-3") into points, and its compact text redlines on one line
 * (points apart by " | ", sub-items by " / ") into change. Errors as
 * pl_amendment_view_compute (index as there). */
int pl_amendment_summary(pl_buf *points, pl_buf *change, const pl_amendment *a,
			 const pl_doc *base, const pl_point_index *index, pl_error *err);

/* The voting list: collision groups, each ordered furthest-from-base first
 * (Rule 174 of the European Parliament's rules of procedure; ties in the
 * order given), and for each amendment the later ones that fall if it is
 * adopted. Amendments are borrowed. Groups and orders are deterministic. */
typedef struct pl_vote_entry {
	size_t amendment;  /* index into the caller's array */
	size_t distance;
	size_t *falls;     /* indexes of later amendments in the group it collides with */
	size_t fall_count;
} pl_vote_entry;

typedef struct pl_vote_group {
	pl_vote_entry *entries;
	size_t count;
} pl_vote_group;

typedef struct pl_voting_list {
	pl_vote_group *groups; /* groups of 2 or more first, by their first amendment */
	size_t group_count;
	size_t *alone;         /* amendments that collide with none */
	size_t alone_count;
} pl_voting_list;

void pl_voting_list_compute(pl_voting_list *out, const pl_amendment *const *amendments,
			    size_t count, const pl_doc *base);
void pl_voting_list_free(pl_voting_list *list);

#endif
