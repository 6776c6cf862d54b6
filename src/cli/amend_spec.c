/* amend_spec.c — reading the amendment operations given on the command
 * line ("6: 600,000 -> 800,000", "after 5: 5 bis. text", …) into a
 * pl_amendment against a base version. */
#include "amend_spec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	char *out = malloc(len + 1);
	if (!out)
		abort();
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* A point reference: "LABEL", "LABEL(x)" for sub-item x, or "#ID". */
static int point_ref(const pl_doc *base, const char *ref, char **id, char **item, pl_error *err)
{
	char *label = trimmed(ref, strlen(ref));
	*item = NULL;
	size_t len = strlen(label);
	if (len > 3 && label[len - 1] == ')' && strchr(label, '(')) {
		char *open = strrchr(label, '(');
		*item = trimmed(open + 1, (size_t)(label + len - 1 - open - 1));
		*open = '\0';
	}
	const pl_point *p =
	    label[0] == '#' ? pl_doc_find_id(base, label + 1) : pl_doc_find_label(base, label);
	int rc = p ? 0 : pl_error_set(err, PL_ENOTFOUND, "the base version has no point %s", label);
	*id = p ? strdup(p->id) : NULL;
	free(label);
	return rc;
}

static int split2(const char *spec, const char *sep, char **left, char **right)
{
	const char *at = strstr(spec, sep);
	if (!at)
		return -1;
	*left = trimmed(spec, (size_t)(at - spec));
	*right = trimmed(at + strlen(sep), strlen(at + strlen(sep)));
	return 0;
}

/* Cuts a line citation off ref: "6, line 3" or "6, lines 2-3" leaves "6"
 * and sets *first, *last: 1 when ref cites lines, 0 when it cites none,
 * -1 when the citation is malformed. */
static int cut_lines(char *ref, size_t *first, size_t *last)
{
	*first = *last = 0;
	char *at = strstr(ref, ", line");
	if (!at)
		return 0;
	const char *s = at + 6;
	if (*s == 's')
		s++;
	int used = 0;
	if (sscanf(s, " %zu-%zu%n", first, last, &used) == 2 && s[used] == '\0') {
		*at = '\0';
		return 1;
	}
	used = 0;
	if (sscanf(s, " %zu%n", first, &used) == 1 && s[used] == '\0') {
		*last = *first;
		*at = '\0';
		return 1;
	}
	return -1;
}

static int bad_spec(const char *what, const char *spec, const char *form, pl_error *err)
{
	return pl_error_set(err, PL_EINVALID, "--%s '%s': expected %s", what, spec, form);
}

/* "LABEL: old words -> new words" or "LABEL@from-to -> new words". */
static int add_edit(pl_amendment *a, const pl_doc *base, const char *spec, pl_error *err)
{
	char *target, *change, *old_words, *new_words;
	if (split2(spec, "->", &change, &new_words))
		return bad_spec("edit", spec,
		                "'LABEL: old words -> new words' or 'LABEL@3-5 -> new "
		                "words'",
		                err);
	size_t from = 0, to = 0;
	int by_position = 0;
	int rc = 0;
	if (split2(change, ":", &target, &old_words)) {
		char *at = strchr(change, '@');
		if (!at || sscanf(at + 1, "%zu-%zu", &from, &to) != 2 || from < 1 ||
		    to + 1 < from) {
			free(change);
			free(new_words);
			return bad_spec("edit", spec,
			                "'LABEL@FROM-TO -> words' (word numbers from 1)", err);
		}
		target = trimmed(change, (size_t)(at - change));
		old_words = NULL;
		by_position = 1;
	}
	size_t first = 0, last = 0;
	int cited = by_position ? 0 : cut_lines(target, &first, &last);
	if (cited < 0)
		rc = bad_spec("edit", spec,
		              "'LABEL, line N: old -> new' or 'LABEL, lines N-M: old -> new'", err);
	char *id = NULL, *item = NULL;
	if (rc == 0)
		rc = point_ref(base, target, &id, &item, err);
	if (rc == 0 && cited && item)
		rc = pl_error_set(err, PL_EINVALID,
		                  "--edit '%s': lines are numbered within the point: cite "
		                  "'%s, line N' without the sub-item",
		                  spec, pl_doc_find_id(base, id)->label);
	if (rc == 0) {
		pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, id, new_words);
		op->item = item;
		item = NULL;
		if (by_position) {
			op->start = from - 1;
			op->end = to;
		} else if (cited) {
			rc = pl_edit_locate_lines(op, base, first, last, old_words, err);
		} else {
			rc = pl_edit_locate(op, base, old_words, err);
		}
	}
	free(item);
	free(id);
	free(target);
	free(old_words);
	free(change);
	free(new_words);
	return rc;
}

/* "after LABEL: NEW-LABEL. text" or "end of PART: NEW-LABEL. text". */
static int add_insert(pl_amendment *a, const pl_doc *base, const char *spec, pl_error *err)
{
	char *where, *what;
	if (split2(spec, ":", &where, &what))
		return bad_spec("insert", spec,
		                "'after LABEL: NEW. text' or 'end of PART: NEW. text'", err);
	char *dot = strstr(what, ". ");
	int rc = 0;
	pl_amend_op *op = NULL;
	if (!dot) {
		rc = bad_spec("insert", spec, "the new point as 'LABEL. text'", err);
	} else {
		char *text = trimmed(dot + 2, strlen(dot + 2));
		op = pl_amendment_add_op(a, PL_OP_INSERT, NULL, text);
		op->label = trimmed(what, (size_t)(dot - what));
		free(text);
	}
	size_t part;
	if (rc == 0 && strncmp(where, "after ", 6) == 0) {
		char *item;
		rc = point_ref(base, where + 6, &op->after, &item, err);
		free(item);
	} else if (rc == 0 && sscanf(where, "end of %zu", &part) == 1 && part >= 1) {
		op->part = part - 1;
	} else if (rc == 0) {
		rc = bad_spec("insert", spec, "'after LABEL' or 'end of PART' before the colon",
		              err);
	}
	free(where);
	free(what);
	return rc;
}

/* "LABEL after OTHER" or "LABEL to end of PART". */
static int add_move(pl_amendment *a, const pl_doc *base, const char *spec, pl_error *err)
{
	char *what, *where, *id = NULL, *item = NULL;
	int to_end = split2(spec, " after ", &what, &where) != 0;
	if (to_end && split2(spec, " to end of ", &what, &where))
		return bad_spec("move", spec, "'LABEL after OTHER' or 'LABEL to end of PART'", err);
	int rc = point_ref(base, what, &id, &item, err);
	pl_amend_op *op = rc == 0 ? pl_amendment_add_op(a, PL_OP_MOVE, id, NULL) : NULL;
	free(item);
	size_t part;
	if (rc == 0 && !to_end) {
		rc = point_ref(base, where, &op->after, &item, err);
		free(item);
	} else if (rc == 0) {
		if (sscanf(where, "%zu", &part) == 1 && part >= 1)
			op->part = part - 1;
		else
			rc = bad_spec("move", spec, "a part number after 'to end of'", err);
	}
	free(id);
	free(what);
	free(where);
	return rc;
}

/* "6, lines 2-3" with the words that take their place ("" to delete
 * them): an edit of every word on those lines. */
static int add_line_edit(pl_amendment *a, const pl_doc *base, const char *what, const char *spec,
                         char *ref, const char *words, pl_error *err)
{
	size_t first, last;
	if (cut_lines(ref, &first, &last) != 1)
		return bad_spec(what, spec, "'LABEL, line N' or 'LABEL, lines N-M'", err);
	char *id, *item;
	int rc = point_ref(base, ref, &id, &item, err);
	if (rc == 0 && item)
		rc = pl_error_set(err, PL_EINVALID,
		                  "--%s '%s': lines are numbered within the point: cite '%s, "
		                  "line N' without the sub-item",
		                  what, spec, pl_doc_find_id(base, id)->label);
	if (rc == 0)
		rc = pl_edit_span_lines(pl_amendment_add_op(a, PL_OP_EDIT, id, words), base, first,
		                        last, err);
	free(id);
	free(item);
	return rc;
}

static int add_pair(pl_amendment *a, const pl_doc *base, pl_op_kind kind, const char *spec,
                    pl_error *err)
{
	char *left, *right;
	const char *name = pl_op_name(kind);
	if (split2(spec, "=", &left, &right))
		return bad_spec(name, spec,
		                kind == PL_OP_REPLACE   ? "'LABEL=new text'"
		                : kind == PL_OP_RELABEL ? "'LABEL=NEW-LABEL'"
		                                        : "'PART=new heading'",
		                err);
	int rc = 0;
	if (kind == PL_OP_RENAME_PART) {
		size_t part;
		if (sscanf(left, "%zu", &part) != 1 || part < 1 || part > base->part_count)
			rc = pl_error_set(err, PL_ENOTFOUND, "the base version has no part %s",
			                  left);
		else
			pl_amendment_add_op(a, kind, NULL, right)->part = part - 1;
	} else if (kind == PL_OP_REPLACE && strstr(left, ", line")) {
		rc = add_line_edit(a, base, "replace", spec, left, right, err);
	} else {
		char *id, *item;
		rc = point_ref(base, left, &id, &item, err);
		if (rc == 0 && kind == PL_OP_RELABEL)
			pl_amendment_add_op(a, kind, id, NULL)->label = strdup(right);
		else if (rc == 0)
			pl_amendment_add_op(a, kind, id, right);
		free(id);
		free(item);
	}
	free(left);
	free(right);
	return rc;
}

int amend_spec_add(pl_amendment *a, const pl_doc *base, pl_op_kind kind, const char *spec,
                   pl_error *err)
{
	switch (kind) {
	case PL_OP_EDIT:
		return add_edit(a, base, spec, err);
	case PL_OP_INSERT:
		return add_insert(a, base, spec, err);
	case PL_OP_MOVE:
		return add_move(a, base, spec, err);
	case PL_OP_DELETE: {
		if (strstr(spec, ", line")) {
			char *ref = trimmed(spec, strlen(spec));
			int rc = add_line_edit(a, base, "delete", spec, ref, "", err);
			free(ref);
			return rc;
		}
		char *id, *item;
		int rc = point_ref(base, spec, &id, &item, err);
		if (rc == 0)
			pl_amendment_add_op(a, kind, id, NULL);
		free(id);
		free(item);
		return rc;
	}
	default:
		return add_pair(a, base, kind, spec, err);
	}
}
