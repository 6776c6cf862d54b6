/* amend.c — amendment operations and how they apply (parley/amend.h). */
#include "parley/amend.h"
#include "parley/mem.h"
#include "parley/token.h"
#include "amend_int.h"
#include "doc_int.h"
#include "strmap_int.h"
#include "token_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pl_op_name(pl_op_kind kind)
{
	static const char *const names[PL_OP_COUNT] = {"replace", "edit",    "insert",     "delete",
	                                               "move",    "relabel", "rename-part"};
	return kind < PL_OP_COUNT ? names[kind] : "?";
}

pl_amendment *pl_amendment_new(const char *id)
{
	pl_amendment *a = pl_calloc(1, sizeof *a);
	a->id = pl_strdup(id ? id : "");
	return a;
}

static void op_release(pl_amend_op *op)
{
	free(op->point);
	free(op->item);
	free(op->after);
	free(op->label);
	free(op->text);
}

void pl_amendment_free(pl_amendment *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->op_count; i++)
		op_release(&a->ops[i]);
	free(a->ops);
	free(a->id);
	free(a);
}

pl_amend_op *pl_amendment_add_op(pl_amendment *a, pl_op_kind kind, const char *point,
                                 const char *text)
{
	a->ops = pl_realloc(a->ops, (a->op_count + 1) * sizeof *a->ops);
	pl_amend_op *op = &a->ops[a->op_count++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->point = point ? pl_strdup(point) : NULL;
	op->text = text ? pl_strdup(text) : NULL;
	return op;
}

/* The text an EDIT acts on: the lead text or a sub-item's. */
static char **edit_target(pl_point *point, const char *item)
{
	if (!item)
		return &point->text;
	for (size_t k = 0; k < point->item_count; k++)
		if (strcmp(point->items[k].label, item) == 0)
			return &point->items[k].text;
	return NULL;
}

/* Set while a set of amendments applies its edits and whole-point changes,
 * which move no point: an index of the points by id, so that thousands of
 * operations do not each search the plan. */
static _Thread_local const pl_strmap *point_index;

static int find_point(const pl_doc *doc, const char *id, size_t *index, pl_error *err)
{
	*index = PL_NO_PART;
	if (id && point_index) {
		size_t at;
		if (pl_strmap_get(point_index, id, strlen(id), &at))
			*index = at;
	} else if (id) {
		*index = pl_doc_index_of(doc, id);
	}
	if (*index == PL_NO_PART)
		return pl_error_set(err, PL_ENOTFOUND, "no point %s in the base version",
		                    id ? id : "(none)");
	return 0;
}

/* --- applying ---------------------------------------------------------- */

/* Scratch space reused by the edits of one set: the spans of the words of
 * the text being edited, found lazily (only as far as the edits reach). */
typedef struct edit_scratch {
	pl_word_cursor cursor;
	size_t (*spans)[2]; /* [start, end) of word k */
	size_t count, capacity;
	int done;  /* the text has no more words */
	char *out; /* the edited text, before it takes its place */
	size_t out_capacity;
} edit_scratch;

/* Finds words until word `want` is known or the text ends; 1 when it is.
 * Words are read in batches, never past word `want`. */
static int reach_word(edit_scratch *s, size_t want, pl_error *err, int *rc)
{
	while (s->count <= want && !s->done) {
		size_t ask = want + 1 - s->count < 1024 ? want + 1 - s->count : 1024;
		s->spans = pl_grow(s->spans, &s->capacity, s->count + ask, sizeof *s->spans);
		long got = pl_word_spans(&s->cursor, s->spans + s->count, ask);
		if (got < 0) {
			*rc = pl_error_set(err, PL_EINVALID, "invalid UTF-8 at byte %zu",
			                   s->cursor.bad);
			return 0;
		}
		s->count += (size_t)got;
		s->done = (size_t)got < ask;
	}
	return s->count > want;
}

/* Applies edits of one text, ops[0 .. n) in ascending word order, in one
 * pass over the text: word positions all refer to the text as it was. The
 * text is read only as far as the last edit reaches; the result is written
 * into scratch and then over the old text when it fits there (no new
 * allocation), else into a copy. */
static int apply_edits(pl_point *point, const pl_amend_op *const *ops, size_t n, edit_scratch *s,
                       pl_error *err)
{
	char **target = edit_target(point, ops[0]->item);
	if (!target)
		return pl_error_set(err, PL_ENOTFOUND, "point %s has no sub-item (%s)",
		                    point->label, ops[0]->item);
	const char *text = *target;
	size_t len = strlen(text), room = len + 1;
	for (size_t k = 0; k < n; k++)
		room += (ops[k]->text ? strlen(ops[k]->text) : 0) + 1;
	pl_word_cursor_init(&s->cursor, text, len);
	s->count = 0;
	s->done = 0;
	s->out = pl_grow(s->out, &s->out_capacity, room, 1);
	char *out = s->out;
	size_t copied = 0, written = 0;
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const pl_amend_op *op = ops[k];
		if (op->start > op->end || (op->end && !reach_word(s, op->end - 1, err, &rc))) {
			reach_word(s, SIZE_MAX - 1, err, &rc);
			if (rc == 0)
				rc = pl_error_set(
				    err, PL_EINVALID,
				    "words %zu-%zu are past the end of point %s (%zu words)",
				    op->start + 1, op->end, point->label, s->count);
			break;
		}
		size_t from = reach_word(s, op->start, err, &rc) ? s->spans[op->start][0] : len;
		if (rc)
			break;
		size_t to = op->end > op->start ? s->spans[op->end - 1][1] : from;
		const char *replacement = op->text ? op->text : "";
		size_t rlen = strlen(replacement);
		/* Deleting words deletes one space beside them too. */
		if (!rlen && to > from) {
			if (to < len && text[to] == ' ')
				to++;
			else if (from > copied && text[from - 1] == ' ')
				from--;
		}
		if (from < copied)
			from = copied;
		memcpy(out + written, text + copied, from - copied);
		written += from - copied;
		memcpy(out + written, replacement, rlen);
		written += rlen;
		/* Inserting words (an empty span) before a word needs a space. */
		if (op->start == op->end && rlen && to < len && text[to] != ' ')
			out[written++] = ' ';
		if (to > copied)
			copied = to;
	}
	if (rc)
		return rc;
	memcpy(out + written, text + copied, len - copied);
	written += len - copied;
	if (written <= len) {
		memcpy(*target, out, written);
		(*target)[written] = '\0';
	} else {
		free(*target);
		*target = pl_strndup(out, written);
	}
	return 0;
}

static int apply_edit(pl_point *point, const pl_amend_op *op, pl_error *err)
{
	edit_scratch s = {0};
	int rc = apply_edits(point, &op, 1, &s, err);
	free(s.spans);
	free(s.out);
	return rc;
}

/* Where a point goes: after point `after`, or at the end of part `part`. */
static int destination(const pl_doc *doc, const pl_amend_op *op, size_t *index, size_t *part,
                       pl_error *err)
{
	if (op->after) {
		size_t at;
		int rc = find_point(doc, op->after, &at, err);
		if (rc)
			return rc;
		*index = at + 1;
		*part = doc->points[at].part;
		return 0;
	}
	if (op->part != PL_NO_PART && op->part >= doc->part_count)
		return pl_error_set(err, PL_ENOTFOUND, "no part %zu in the base version",
		                    op->part + 1);
	*part = op->part;
	*index = doc->point_count;
	for (size_t i = 0; i < doc->point_count; i++)
		if (doc->points[i].part != PL_NO_PART && op->part != PL_NO_PART &&
		    doc->points[i].part <= op->part)
			*index = i + 1;
	if (op->part == PL_NO_PART)
		for (*index = 0;
		     *index < doc->point_count && doc->points[*index].part == PL_NO_PART;)
			(*index)++;
	return 0;
}

static int label_taken(const pl_doc *doc, size_t part, const char *label, size_t except)
{
	for (size_t i = 0; i < doc->point_count; i++)
		if (i != except && doc->points[i].part == part &&
		    strcmp(doc->points[i].label, label) == 0)
			return 1;
	return 0;
}

static int apply_insert(pl_doc *doc, const pl_amend_op *op, int64_t *next_serial, pl_error *err)
{
	size_t index, part;
	int rc = destination(doc, op, &index, &part, err);
	if (rc)
		return rc;
	if (!op->label || !pl_label_valid(op->label, strlen(op->label)))
		return pl_error_set(err, PL_EINVALID, "'%s' is not a point label",
		                    op->label ? op->label : "");
	if (label_taken(doc, part, op->label, PL_NO_PART))
		return pl_error_set(err, PL_ECONFLICT, "point %s exists already in that part",
		                    op->label);
	char id[32];
	snprintf(id, sizeof id, "p%lld", (long long)(*next_serial)++);
	pl_point *point = pl_doc_insert_point(doc, index, part, id, op->label, "");
	pl_point_set_text(point, op->text ? op->text : "");
	return 0;
}

static int apply_move(pl_doc *doc, size_t from, const pl_amend_op *op, pl_error *err)
{
	pl_point moved = doc->points[from];
	memmove(&doc->points[from], &doc->points[from + 1],
	        (doc->point_count - from - 1) * sizeof *doc->points);
	doc->point_count--;
	size_t index, part;
	int rc = destination(doc, op, &index, &part, err);
	if (rc == 0 && label_taken(doc, part, moved.label, PL_NO_PART))
		rc = pl_error_set(err, PL_ECONFLICT, "point %s exists already in that part",
		                  moved.label);
	if (rc) {
		index = from;
		part = moved.part;
	}
	memmove(&doc->points[index + 1], &doc->points[index],
	        (doc->point_count - index) * sizeof *doc->points);
	moved.part = part;
	doc->points[index] = moved;
	doc->point_count++;
	return rc;
}

static int apply_op(pl_doc *doc, const pl_amend_op *op, int64_t *next_serial, pl_error *err)
{
	if (op->kind == PL_OP_INSERT)
		return apply_insert(doc, op, next_serial, err);
	if (op->kind == PL_OP_RENAME_PART) {
		if (op->part >= doc->part_count)
			return pl_error_set(err, PL_ENOTFOUND, "no part %zu in the base version",
			                    op->part + 1);
		free(doc->parts[op->part].heading);
		doc->parts[op->part].heading = pl_strdup(op->text ? op->text : "");
		return 0;
	}
	size_t index;
	int rc = find_point(doc, op->point, &index, err);
	if (rc)
		return rc;
	pl_point *point = &doc->points[index];
	switch (op->kind) {
	case PL_OP_REPLACE:
		pl_point_set_text(point, op->text ? op->text : "");
		return 0;
	case PL_OP_EDIT:
		return apply_edit(point, op, err);
	case PL_OP_DELETE:
		pl_doc_remove_point(doc, index);
		return 0;
	case PL_OP_MOVE:
		return apply_move(doc, index, op, err);
	case PL_OP_RELABEL:
		if (!op->label || !pl_label_valid(op->label, strlen(op->label)))
			return pl_error_set(err, PL_EINVALID, "'%s' is not a point label",
			                    op->label ? op->label : "");
		if (label_taken(doc, point->part, op->label, index))
			return pl_error_set(err, PL_ECONFLICT,
			                    "point %s exists already in that part", op->label);
		pl_point_set_label(point, op->label);
		return 0;
	default:
		return pl_error_set(err, PL_EINVALID, "unknown operation");
	}
}

/* One operation of a set, with what orders it. */
typedef struct placed_op {
	const pl_amend_op *op;
	const char *amendment; /* its amendment's id */
	size_t point;          /* an edit's point index in the base; SIZE_MAX if none */
} placed_op;

static int phase_of(pl_op_kind kind)
{
	switch (kind) {
	case PL_OP_EDIT:
		return 0;
	case PL_OP_REPLACE:
	case PL_OP_RELABEL:
	case PL_OP_RENAME_PART:
		return 1;
	case PL_OP_INSERT:
		return 2;
	case PL_OP_MOVE:
		return 3;
	default:
		return 4; /* DELETE */
	}
}

static int compare_strings(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* The canonical order of a set's operations, so that the result does not
 * depend on the order the amendments come in: edits of one text from its
 * end backwards (word positions always refer to the base version), then
 * whole-point changes, then insertions in reverse amendment order (each goes
 * right after its anchor, so the first amendment's ends up first), moves,
 * and deletions last. */
static int compare_placed(const void *left, const void *right)
{
	const placed_op *x = left, *y = right;
	int px = phase_of(x->op->kind), py = phase_of(y->op->kind);
	if (px != py)
		return px - py;
	int c;
	if (px == 0) {
		/* Edits change text only, so which point comes first does not
		 * matter: the base's order serves, and no id is compared. */
		if (x->point != y->point)
			return x->point < y->point ? -1 : 1;
		if ((c = compare_strings(x->op->item, y->op->item)))
			return c;
		if (x->op->start != y->op->start)
			return x->op->start > y->op->start ? -1 : 1;
	} else if ((c = compare_strings(x->op->point, y->op->point))) {
		return c;
	}
	if ((c = compare_strings(x->amendment, y->amendment)))
		return px == 2 ? -c : c;
	return x->op < y->op ? -1 : (x->op > y->op);
}

/* Puts ops[0 .. n) in the canonical order of compare_placed in time linear
 * in the edits: the edits, nearly all of a large set, are bucketed by point
 * index (a counting sort) and each point's few put in order by insertion;
 * the other operations, usually a handful, are sorted behind them. */
static void order_ops(placed_op *ops, size_t n, size_t point_count)
{
	size_t buckets = point_count + 1; /* the last: edits of unknown points */
	size_t *start = pl_calloc(buckets + 2, sizeof *start);
	placed_op *sorted = pl_malloc((n + 1) * sizeof *sorted);
	size_t edits = 0;
	for (size_t i = 0; i < n; i++)
		if (ops[i].op->kind == PL_OP_EDIT) {
			start[(ops[i].point < point_count ? ops[i].point : point_count) + 2]++;
			edits++;
		}
	for (size_t b = 2; b < buckets + 2; b++)
		start[b] += start[b - 1];
	size_t others = edits;
	for (size_t i = 0; i < n; i++) {
		if (ops[i].op->kind != PL_OP_EDIT)
			sorted[others++] = ops[i];
		else
			sorted[start[(ops[i].point < point_count ? ops[i].point : point_count) +
			             1]++] = ops[i];
	}
	/* start[b] is now where bucket b begins, start[b + 1] where it ends;
	 * a point with many edits is sorted rather than inserted into. */
	for (size_t b = 0; b < buckets; b++) {
		if (start[b + 1] - start[b] > 16) {
			qsort(sorted + start[b], start[b + 1] - start[b], sizeof *sorted,
			      compare_placed);
			continue;
		}
		for (size_t i = start[b] + 1; i < start[b + 1]; i++) {
			placed_op moving = sorted[i];
			size_t j = i;
			for (; j > start[b] && compare_placed(&sorted[j - 1], &moving) > 0; j--)
				sorted[j] = sorted[j - 1];
			sorted[j] = moving;
		}
	}
	qsort(sorted + edits, n - edits, sizeof *sorted, compare_placed);
	memcpy(ops, sorted, n * sizeof *ops);
	free(sorted);
	free(start);
}

/* index: each point's id to its place in doc (the first, if ids repeat). */
static void index_points(const pl_doc *doc, pl_strmap *index)
{
	pl_strmap_init(index);
	pl_strmap_reserve(index, doc->point_count);
	for (size_t i = 0; i < doc->point_count; i++)
		if (doc->points[i].id)
			pl_strmap_put(index, doc->points[i].id, strlen(doc->points[i].id), i);
}

/* The deletions of a set, in one pass over the points rather than one
 * move of the whole array each. */
static int delete_all(pl_doc *doc, const placed_op *ops, size_t n, pl_error *err)
{
	pl_strmap index;
	index_points(doc, &index);
	unsigned char *marked = pl_calloc(doc->point_count + 1, 1);
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		size_t at;
		const char *id = ops[k].op->point;
		if (!id || !pl_strmap_get(&index, id, strlen(id), &at))
			rc = pl_error_set(err, PL_ENOTFOUND, "no point %s in the base version",
			                  id ? id : "(none)");
		else
			marked[at] = 1;
	}
	if (rc == 0)
		pl_doc_remove_marked(doc, marked);
	free(marked);
	pl_strmap_free(&index);
	return rc;
}

_Thread_local int pl_amend_one_by_one;

/* 1 when ops[0 .. n), the set's insertions and deletions, can be placed in
 * one pass: no moves, and every insertion goes after a named point. */
static int placeable(const placed_op *ops, size_t n)
{
	if (pl_amend_one_by_one)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (ops[k].op->kind == PL_OP_MOVE ||
		    (ops[k].op->kind == PL_OP_INSERT && !ops[k].op->after))
			return 0;
	return 1;
}

/* Why the first of ops[0 .. n) that cannot be placed fails, as applying
 * them one by one would say (an unknown point, a bad label, or a label its
 * part has already, in the base or from an earlier insertion); 0 if none.
 * anchor[k] gets each operation's point in the base. Labels are checked
 * through a map of the insertions' labels, so the base is read once. */
static int check_placing(const pl_doc *doc, const placed_op *ops, size_t n, const pl_strmap *index,
                         size_t *anchor, pl_error *err)
{
	size_t base = doc->point_count;
	unsigned char *taken = pl_calloc(n + 1, 1);
	size_t *same_label = pl_malloc((n + 1) * sizeof *same_label); /* next with it */
	pl_strmap labels;
	pl_strmap_init(&labels);
	for (size_t k = 0; k < n; k++) {
		const pl_amend_op *op = ops[k].op;
		const char *id = op->kind == PL_OP_INSERT ? op->after : op->point;
		if (!id || !pl_strmap_get(index, id, strlen(id), &anchor[k]))
			anchor[k] = SIZE_MAX;
		same_label[k] = SIZE_MAX;
		if (op->kind == PL_OP_INSERT && op->label &&
		    !pl_strmap_swap(&labels, op->label, strlen(op->label), k, &same_label[k]))
			same_label[k] = SIZE_MAX;
	}
	for (size_t b = 0; labels.count && b < base; b++) {
		const char *label = doc->points[b].label;
		size_t k;
		if (pl_strmap_get(&labels, label, strlen(label), &k))
			for (; k != SIZE_MAX; k = same_label[k])
				taken[k] |= anchor[k] != SIZE_MAX &&
				            doc->points[anchor[k]].part == doc->points[b].part;
	}
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const pl_amend_op *op = ops[k].op;
		if (anchor[k] == SIZE_MAX) {
			const char *id = op->kind == PL_OP_INSERT ? op->after : op->point;
			rc = pl_error_set(err, PL_ENOTFOUND, "no point %s in the base version",
			                  id ? id : "(none)");
			break;
		}
		if (op->kind != PL_OP_INSERT)
			continue;
		if (!op->label || !pl_label_valid(op->label, strlen(op->label)))
			rc = pl_error_set(err, PL_EINVALID, "'%s' is not a point label",
			                  op->label ? op->label : "");
		for (size_t j = same_label[k]; rc == 0 && !taken[k] && j != SIZE_MAX;
		     j = same_label[j])
			taken[k] = anchor[j] != SIZE_MAX &&
			           doc->points[anchor[j]].part == doc->points[anchor[k]].part;
		if (rc == 0 && taken[k])
			rc = pl_error_set(err, PL_ECONFLICT, "point %s exists already in that part",
			                  op->label);
	}
	pl_strmap_free(&labels);
	free(same_label);
	free(taken);
	return rc;
}

/* The insertions and deletions ops[0 .. n) of a set without moves, in one
 * pass, with the result of applying them one by one in canonical order:
 * each insertion lands right after its anchor, ahead of those placed there
 * before it (so they end up in reverse order), and a deleted anchor leaves
 * what was inserted after it in place. One new array instead of a shift of
 * the whole plan per insertion; index (ids of the base) stays valid. */
static int place_all(pl_doc *doc, const placed_op *ops, size_t n, const pl_strmap *index,
                     int64_t *next_serial, pl_error *err)
{
	size_t base = doc->point_count, inserts = 0;
	size_t *anchor = pl_malloc((n + 1) * sizeof *anchor);
	unsigned char *deleted = pl_calloc(base + 1, 1);
	int rc = check_placing(doc, ops, n, index, anchor, err);
	for (size_t k = 0; k < n && rc == 0; k++) {
		if (ops[k].op->kind == PL_OP_DELETE)
			deleted[anchor[k]] = 1;
		else
			inserts++;
	}
	if (rc == 0 && inserts) {
		/* The new points, numbered in canonical order, go to the end;
		 * then every point takes its place in a new array. */
		size_t *after = pl_calloc(base + 2, sizeof *after); /* insertions per anchor */
		size_t *added = pl_malloc((inserts + 1) * sizeof *added);
		size_t m = 0;
		for (size_t k = 0; k < n; k++) {
			const pl_amend_op *op = ops[k].op;
			if (op->kind != PL_OP_INSERT)
				continue;
			char id[32];
			snprintf(id, sizeof id, "p%lld", (long long)(*next_serial)++);
			pl_point *point =
			    pl_doc_add_point(doc, doc->points[anchor[k]].part, id, op->label, "");
			pl_point_set_text(point, op->text ? op->text : "");
			after[anchor[k] + 1]++;
			added[m++] = k;
		}
		for (size_t b = 1; b <= base + 1; b++)
			after[b] += after[b - 1];
		/* after[b] .. after[b + 1]: the slots of anchor b's insertions,
		 * filled from the last processed to the first. */
		size_t *slot = pl_malloc((inserts + 1) * sizeof *slot);
		for (size_t j = inserts; j-- > 0;)
			slot[after[anchor[added[j]]]++] = base + j;
		pl_point *points = pl_malloc((base + inserts + 1) * sizeof *points);
		unsigned char *marked = pl_calloc(base + inserts + 1, 1);
		size_t out = 0, next = 0;
		for (size_t b = 0; b < base; b++) {
			marked[out] = deleted[b];
			points[out++] = doc->points[b];
			for (; next < after[b]; next++)
				points[out++] = doc->points[slot[next]];
		}
		free(doc->points);
		doc->points = points;
		doc->point_capacity = base + inserts + 1;
		pl_doc_remove_marked(doc, marked);
		free(marked);
		free(slot);
		free(added);
		free(after);
	} else if (rc == 0) {
		pl_doc_remove_marked(doc, deleted);
	}
	free(deleted);
	free(anchor);
	return rc;
}

int pl_amendments_apply(pl_doc *doc, const pl_amendment *const *amendments, size_t count,
                        int64_t *next_serial, pl_error *err)
{
	pl_strmap index;
	index_points(doc, &index);
	size_t total = 0;
	for (size_t i = 0; i < count; i++)
		total += amendments[i]->op_count;
	placed_op *ops = pl_malloc((total + 1) * sizeof *ops);
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < amendments[i]->op_count; k++) {
			const pl_amend_op *op = &amendments[i]->ops[k];
			size_t at = SIZE_MAX;
			if (op->kind == PL_OP_EDIT && op->point &&
			    !pl_strmap_get(&index, op->point, strlen(op->point), &at))
				at = SIZE_MAX;
			ops[n++] = (placed_op){op, amendments[i]->id, at};
		}
	order_ops(ops, n, doc->point_count);
	point_index = &index;
	edit_scratch scratch = {0};
	const pl_amend_op **group = pl_malloc((n + 1) * sizeof *group);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		if (ops[i].op->kind == PL_OP_EDIT) {
			/* The edits of one text, ascending, applied in one pass. */
			size_t j = i, at;
			while (j < n && ops[j].op->kind == PL_OP_EDIT &&
			       ops[j].point == ops[i].point &&
			       compare_strings(ops[j].op->item, ops[i].op->item) == 0)
				j++;
			for (size_t k = 0; k < j - i; k++)
				group[k] = ops[j - 1 - k].op;
			rc = find_point(doc, ops[i].op->point, &at, err);
			if (rc == 0)
				rc = apply_edits(&doc->points[at], group, j - i, &scratch, err);
			i = j;
			continue;
		}
		if (phase_of(ops[i].op->kind) >= 2 && point_index && placeable(ops + i, n - i)) {
			rc = place_all(doc, ops + i, n - i, &index, next_serial, err);
			break; /* the rest are insertions and deletions */
		}
		if (ops[i].op->kind == PL_OP_DELETE) {
			rc = delete_all(doc, ops + i, n - i, err);
			break; /* deletions come last */
		}
		if (phase_of(ops[i].op->kind) >= 2)
			point_index = NULL; /* from here on points move */
		rc = apply_op(doc, ops[i].op, next_serial, err);
		i++;
	}
	point_index = NULL;
	free(group);
	free(scratch.spans);
	free(scratch.out);
	pl_strmap_free(&index);
	free(ops);
	return rc;
}

int pl_amendment_apply(pl_doc *doc, const pl_amendment *a, int64_t *next_serial, pl_error *err)
{
	return pl_amendments_apply(doc, &a, 1, next_serial, err);
}
