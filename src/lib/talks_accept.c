/* talks_accept.c — accepting amendments: the new version, the ones that
 * fall, and carrying the others over by a three-way merge on words. */
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/redline.h"
#include "parley/talks.h"
#include "talks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *target_text(const pl_doc *doc, const pl_amend_op *op)
{
	size_t index = op->point ? pl_doc_index_of(doc, op->point) : PL_NO_PART;
	if (index == PL_NO_PART)
		return NULL;
	const pl_point *p = &doc->points[index];
	if (!op->item)
		return p->text;
	for (size_t k = 0; k < p->item_count; k++)
		if (strcmp(p->items[k].label, op->item) == 0)
			return p->items[k].text;
	return NULL;
}

static int same_target(const pl_amend_op *x, const pl_amend_op *y)
{
	return x->point && y->point && strcmp(x->point, y->point) == 0 &&
	       strcmp(x->item ? x->item : "", y->item ? y->item : "") == 0;
}

/* An edit carried to the new version: word positions refer to the base, and
 * the accepted edits of the same text are known, so the span moves by what
 * they added or removed before it (a three-way merge on words that needs no
 * guessing, even where a word repeats). 0 when an accepted edit overlaps it. */
static int carry_edit(pl_amend_op *op, const pl_amendment *const *accepted, size_t count)
{
	size_t start = op->start, end = op->end;
	long shift = 0;
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < accepted[i]->op_count; k++) {
			const pl_amend_op *x = &accepted[i]->ops[k];
			if (!same_target(op, x) &&
			    !(x->point && strcmp(x->point, op->point) == 0 &&
			      x->kind != PL_OP_EDIT && x->kind != PL_OP_RELABEL))
				continue;
			if (x->kind != PL_OP_EDIT)
				return 0; /* the point was replaced, deleted or moved */
			if (end <= x->start &&
			    !(start == end && start == x->start && x->start < x->end))
				continue; /* wholly before it */
			if (start >= x->end &&
			    !(start == end && start == x->end && x->start == x->end))
				shift += (long)pl_token_word_count(x->text, 0) -
				         (long)(x->end - x->start);
			else if (!(start == end && start == x->start))
				return 0;
		}
	op->start = (size_t)((long)start + shift);
	op->end = (size_t)((long)end + shift);
	return 1;
}

static int label_free(const pl_doc *doc, const pl_amend_op *op)
{
	size_t part = PL_NO_PART;
	if (op->kind == PL_OP_RELABEL) {
		size_t i = pl_doc_index_of(doc, op->point);
		part = i == PL_NO_PART ? PL_NO_PART : doc->points[i].part;
	} else if (op->after) {
		size_t i = pl_doc_index_of(doc, op->after);
		part = i == PL_NO_PART ? PL_NO_PART : doc->points[i].part;
	} else {
		part = op->part;
	}
	for (size_t i = 0; i < doc->point_count; i++)
		if (doc->points[i].part == part && strcmp(doc->points[i].label, op->label) == 0)
			return 0;
	return 1;
}

/* Rewrites a's operations for the new version; 0 when one no longer
 * applies cleanly. */
static int carry_over(pl_amendment *a, const pl_doc *old, const pl_doc *next,
                      const pl_amendment *const *accepted, size_t count)
{
	for (size_t i = 0; i < a->op_count; i++) {
		pl_amend_op *op = &a->ops[i];
		if (op->point && pl_doc_index_of(next, op->point) == PL_NO_PART)
			return 0;
		if (op->after && pl_doc_index_of(next, op->after) == PL_NO_PART)
			return 0;
		if ((op->kind == PL_OP_INSERT || op->kind == PL_OP_RELABEL) && op->label &&
		    !label_free(next, op))
			return 0;
		if (op->kind == PL_OP_EDIT) {
			if (!target_text(next, op) || !carry_edit(op, accepted, count))
				return 0;
		} else if (op->kind == PL_OP_REPLACE) {
			size_t i_old = pl_doc_index_of(old, op->point);
			size_t i_new = pl_doc_index_of(next, op->point);
			char *x = pl_point_full_text(&old->points[i_old]);
			char *y = pl_point_full_text(&next->points[i_new]);
			int same = strcmp(x, y) == 0;
			free(x);
			free(y);
			if (!same)
				return 0;
		} else if (op->kind == PL_OP_RENAME_PART) {
			if (op->part >= old->part_count || op->part >= next->part_count ||
			    strcmp(old->parts[op->part].heading, next->parts[op->part].heading) !=
			        0)
				return 0;
		}
	}
	return 1;
}

typedef struct accept_state {
	pl_negotiation *n;
	pl_resolved v;
	pl_amendment_record *records;
	size_t count;
	unsigned char *chosen;
	pl_doc *base, *next;
	const pl_amendment **accepted;
	size_t accepted_count;
	pl_accept_result *result;
	int dry_run;
	char track[PL_NAME_MAX + 1]; /* where the decision is taken */
} accept_state;

static int choose(accept_state *s, const char *const *ids, size_t count, pl_error *err)
{
	for (size_t k = 0; k < count; k++) {
		size_t i = 0;
		while (i < s->count && strcmp(s->records[i].id, ids[k]) != 0)
			i++;
		if (i == s->count)
			return pl_error_set(err, PL_ENOTFOUND, "no pending amendment %s on %s@%d",
			                    ids[k], s->v.name, s->v.number);
		s->chosen[i] = 1;
	}
	for (size_t i = 0; i < s->count; i++)
		for (size_t j = i + 1; j < s->count; j++)
			if (s->chosen[i] && s->chosen[j] &&
			    pl_amendments_collide(s->records[i].amendment, s->records[j].amendment))
				return pl_error_set(err, PL_ECONFLICT,
				                    "%s and %s collide: accept one of them (see "
				                    "'parley voting-list')",
				                    s->records[i].id, s->records[j].id);
	return 0;
}

static int make_version(accept_state *s, pl_error *err)
{
	size_t k = 0;
	const pl_amendment **set = pl_malloc((s->count + 1) * sizeof *set);
	s->accepted = set;
	json_t *ids = json_array();
	for (size_t i = 0; i < s->count; i++)
		if (s->chosen[i]) {
			set[k++] = s->records[i].amendment;
			json_array_append_new(ids, json_string(s->records[i].id));
		}
	s->next = pl_doc_clone(s->base);
	int64_t serial = pl_neg_next_serial(s->n, s->v.doc);
	int rc = pl_amendments_apply(s->next, set, k, &serial, err);
	json_t *extra = json_pack("{s:o}", "amendments", ids);
	s->accepted_count = k;
	s->result->adopted = k;
	if (s->dry_run) {
		json_decref(extra);
		return rc;
	}
	/* The decision was taken in the amendments' track, and its result
	 * lives there, readable by everyone who took it. */
	s->result->number = pl_auth_latest(s->n->auth, s->v.name) + 1;
	if (rc == 0)
		rc = pl_neg_append_version(s->n, s->v.name, s->result->number, s->track, s->next,
		                           NULL, extra, err);
	json_decref(extra);
	return rc;
}

static int rebase_event(accept_state *s, const pl_amendment_record *r, pl_error *err)
{
	json_t *payload =
	    json_pack("{s:s, s:s, s:i, s:o}", "document", r->document, "id", r->id, "number",
	              s->result->number, "ops", pl_ops_to_json(r->amendment));
	int rc = pl_neg_append(s->n, r->track, PL_EVENT_AMEND_REBASE, payload, err);
	json_decref(payload);
	return rc;
}

static int settle_others(accept_state *s, pl_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->count; i++) {
		pl_amendment_record *r = &s->records[i];
		if (s->chosen[i]) {
			rc = pl_talks_status(s->n, r, PL_STATUS_ACCEPTED, NULL, err);
			continue;
		}
		/* The new version is readable only in the track that made it.
		 * An amendment of another track stays on its base: carrying it
		 * over, or letting it fall, would record in that track a version
		 * (or a decision) some of its parties may not know of. */
		if (!pl_neg_version_in_track(s->n, s->v.name, s->result->number, r->track))
			continue;
		int falls = 0;
		for (size_t j = 0; j < s->count && !falls; j++)
			falls = s->chosen[j] &&
			        pl_amendments_collide(r->amendment, s->records[j].amendment);
		if (falls) {
			s->result->fallen++;
			rc = pl_talks_status(s->n, r, PL_STATUS_FALLEN,
			                     "collides with an adopted amendment", err);
		} else if (carry_over(r->amendment, s->base, s->next, s->accepted,
		                      s->accepted_count)) {
			s->result->carried++;
			rc = rebase_event(s, r, err);
		} else {
			s->result->revise++;
			rc = pl_talks_status(
			    s->n, r, PL_STATUS_REVISE,
			    "the words it changes were changed by an adopted amendment", err);
		}
	}
	return rc;
}

static void tally_row(accept_state *s, const pl_amendment_record *r, const char *state)
{
	pl_tally t;
	pl_talks_tally(s->n, s->v.name, r->id, "accept", &t);
	char in_favour[24], members[24];
	snprintf(in_favour, sizeof in_favour, "%zu", t.in_favour);
	snprintf(members, sizeof members, "%zu", t.members);
	const char *row[] = {r->id, t.rule, in_favour, members, state};
	pl_table_add_row(s->result->tally, row);
}

/* Records the acting party's acceptance of each chosen amendment, then
 * keeps chosen only those whose rule is met, in the track of the first. */
static int record_acceptances(accept_state *s, pl_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->count; i++)
		if (s->chosen[i])
			rc = pl_talks_decision(s->n, &s->records[i], "accept", NULL, err);
	for (size_t i = 0; rc == 0 && i < s->count; i++) {
		if (!s->chosen[i])
			continue;
		pl_tally t;
		pl_talks_tally(s->n, s->v.name, s->records[i].id, "accept", &t);
		if (t.met && !s->track[0])
			snprintf(s->track, sizeof s->track, "%s", s->records[i].track);
		s->chosen[i] = t.met && strcmp(s->track, s->records[i].track) == 0;
		tally_row(s, &s->records[i], s->chosen[i] ? "adopted" : "waiting");
	}
	return rc;
}

/* With dry_run: the red lines that adopting the chosen amendments crosses. */
static int dry_red_lines(accept_state *s, pl_error *err)
{
	char ref[PL_NAME_MAX + 16];
	snprintf(ref, sizeof ref, "%s@%d", s->v.name, s->v.latest);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->count; i++) {
		if (!s->chosen[i])
			continue;
		tally_row(s, &s->records[i], "would be adopted");
		pl_table *rows = NULL;
		rc = pl_red_lines(s->n, ref, s->records[i].amendment, &rows, err);
		if (rc == 0 && !s->result->red_lines)
			s->result->red_lines =
			    pl_table_new(rows->columns, (const char *const *)rows->headers);
		for (size_t r = 0; rc == 0 && r < rows->rows; r++) {
			const char *row[8];
			for (size_t c = 0; c < rows->columns && c < 8; c++)
				row[c] = pl_table_cell(rows, r, c);
			pl_table_add_row(s->result->red_lines, row);
		}
		pl_table_free(rows);
	}
	return rc;
}

static int accept_locked(accept_state *s, const char *const *ids, size_t count, pl_error *err)
{
	int rc = pl_talks_records(s->n, s->v.doc, s->v.name, s->v.latest, 1, &s->records, &s->count,
	                          err);
	if (rc)
		return rc;
	s->chosen = pl_calloc(s->count + 1, 1);
	rc = choose(s, ids, count, err);
	if (rc == 0 && !s->dry_run)
		rc = record_acceptances(s, err);
	int any = 0;
	for (size_t i = 0; i < s->count; i++)
		any |= s->chosen[i];
	if (rc || !any)
		return rc;
	rc = pl_version_load_number(s->n, &s->v, s->v.latest, &s->base, err);
	if (rc == 0)
		rc = make_version(s, err);
	if (rc == 0 && s->dry_run)
		return dry_red_lines(s, err);
	if (rc == 0)
		rc = settle_others(s, err);
	return rc;
}

void pl_accept_result_clear(pl_accept_result *result)
{
	pl_table_free(result->tally);
	pl_table_free(result->red_lines);
	pl_doc_free(result->before);
	pl_doc_free(result->after);
	memset(result, 0, sizeof *result);
}

int pl_amendments_accept(pl_negotiation *n, const char *document, const char *const *ids,
                         size_t count, int dry_run, pl_accept_result *result, pl_error *err)
{
	static const char *const headers[] = {"amendment", "rule", "in_favour", "members", "state"};
	memset(result, 0, sizeof *result);
	result->tally = pl_table_new(5, headers);
	accept_state s = {.n = n, .result = result, .dry_run = dry_run};
	int rc = pl_neg_resolve(n, document, &s.v, err);
	if (rc == 0 && !count)
		rc = pl_error_set(err, PL_EINVALID, "name the amendments to accept");
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	rc = pl_neg_end(n, accept_locked(&s, ids, count, err), err);
	pl_amendment_record_free_array(s.records, s.count);
	free(s.chosen);
	free(s.accepted);
	if (rc)
		pl_accept_result_clear(result);
	if (rc == 0 && dry_run) {
		result->before = s.base;
		result->after = s.next;
		s.base = s.next = NULL;
	}
	pl_doc_free(s.base);
	pl_doc_free(s.next);
	return rc;
}
