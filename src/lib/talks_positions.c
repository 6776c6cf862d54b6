/* talks_positions.c — positions, the matrix, red lines, the voting list. */
#include "parley/mem.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "store_talks_int.h"
#include "strmap_int.h"
#include "talks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each stance in one sentence (README, `parley position --help`):
 * accept    we accept the point as worded;
 * reserve   we accept it as worded, with a reservation;
 * reject    we cannot accept it as worded;
 * redline   we cannot accept it as worded, nor any agreement that keeps
 *           it: a red line against the text, crossed by keeping it;
 * keep      this wording must stay: a red line for the text, crossed by
 *           changing or deleting it;
 * undecided we have taken no stance.
 * Events recorded before `keep` existed say `redline` and are read as the
 * red line against the text: that is what every recorded one meant. */
static const char *const stances[] = {"accept",  "reserve", "reject",
                                      "redline", "keep",    "undecided"};
#define STANCE_COUNT 6

static int valid_stance(const char *stance)
{
	for (int i = 0; i < STANCE_COUNT; i++)
		if (strcmp(stance, stances[i]) == 0)
			return 1;
	return 0;
}

int pl_stance_accepts(const char *stance)
{
	return strcmp(stance, "accept") == 0 || strcmp(stance, "reserve") == 0 ||
	       strcmp(stance, "keep") == 0;
}

/* The point ids of labels in doc ("*" stays "*"): all or an error. */
static int point_ids(const pl_doc *doc, const pl_resolved *v, const char *const *labels,
                     size_t count, const char **ids, pl_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const pl_point *p =
		    strcmp(labels[i], "*") == 0 ? NULL : pl_doc_find_label(doc, labels[i]);
		if (strcmp(labels[i], "*") != 0 && !p)
			return pl_error_set(err, PL_ENOTFOUND, "%s@%d has no point %s", v->name,
			                    v->number, labels[i]);
		ids[i] = p ? p->id : "*";
	}
	return 0;
}

static int append_position(pl_negotiation *n, const pl_resolved *v, const char *track,
                           const char *id, const char *stance, const char *note, pl_error *err)
{
	json_t *payload =
	    json_pack("{s:s, s:i, s:s, s:s, s:s}", "document", v->name, "number", v->number,
	              "point", id, "party", n->actor_party, "stance", stance);
	json_object_set_new(payload, "note", note ? json_string(note) : json_null());
	int rc = pl_neg_append(n, track, PL_EVENT_POSITION, payload, err);
	json_decref(payload);
	return rc;
}

static int check_position(pl_negotiation *n, const char *stance, size_t count, pl_error *err)
{
	if (!valid_stance(stance))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a stance (accept, reserve, reject, redline, keep, "
		                    "undecided)",
		                    stance);
	if (count == 0)
		return pl_error_set(err, PL_EINVALID, "a position needs a point");
	if (!n->has_actor)
		return pl_error_set(err, PL_EDENIED,
		                    "a position is a party's: act as a delegate (--as)");
	return 0;
}

int pl_positions_set(pl_negotiation *n, const char *ref, const char *const *points, size_t count,
                     const char *stance, const char *note, int *superseded, pl_error *err)
{
	int rc = check_position(n, stance, count, err);
	pl_resolved v;
	pl_doc *doc = NULL;
	const char **ids = pl_calloc(count + 1, sizeof *ids);
	if (rc == 0)
		rc = pl_neg_resolve(n, ref, &v, err);
	if (rc == 0)
		rc = pl_version_load_number(n, &v, v.number, &doc, err);
	if (rc == 0)
		rc = point_ids(doc, &v, points, count, ids, err);
	char track[PL_NAME_MAX + 1];
	if (rc == 0) {
		pl_neg_table_track(n, v.name, v.number, track, sizeof track);
		rc = pl_neg_begin(n, err);
	}
	if (rc == 0) {
		for (size_t i = 0; rc == 0 && i < count; i++)
			rc = append_position(n, &v, track, ids[i], stance, note, err);
		rc = pl_neg_end(n, rc, err);
	}
	if (rc == 0 && superseded)
		*superseded = v.number < v.latest ? v.latest : 0;
	free(ids);
	pl_doc_free(doc);
	return rc;
}

int pl_position_set(pl_negotiation *n, const char *ref, const char *point, const char *stance,
                    const char *note, pl_error *err)
{
	return pl_positions_set(n, ref, &point, 1, stance, note, NULL, err);
}

/* --- current positions ------------------------------------------------ */

static int add_position(void *context, const pl_store_position *row, pl_error *err)
{
	positions *p = context;
	(void)err;
	if (!pl_neg_sees(p->n, row->track, row->seq))
		return 0;
	p->items = pl_grow(p->items, &p->capacity, p->count + 1, sizeof *p->items);
	p->items[p->count++] =
	    (position){pl_strdup(row->party), pl_strdup(row->point), pl_strdup(row->stance),
	               row->note ? pl_strdup(row->note) : NULL, (int)row->number};
	return 0;
}

static void positions_free(positions *p)
{
	for (size_t i = 0; i < p->count; i++) {
		free(p->items[i].party);
		free(p->items[i].point);
		free(p->items[i].stance);
		free(p->items[i].note);
	}
	free(p->items);
}

/* The positions the viewer may see on doc up to version number, oldest
 * first (so that a later one overrides). */
static int load_positions(pl_negotiation *n, int64_t doc, int number, positions *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	return pl_store_positions_foreach(n->store, doc, number, add_position, out, err);
}

/* The current stance of party on point of version `doc`: its latest
 * position on the point, else on the whole plan; *stale when the point's
 * words changed since the version the stance was taken on. */
static const pl_doc *version_doc(stance_view *s, int number)
{
	if (!s->versions[number])
		pl_version_load_number(s->n, s->v, number, &s->versions[number], NULL);
	return s->versions[number];
}

static int changed_since(stance_view *s, const pl_point *point, int number)
{
	if (number == s->v->number)
		return 0;
	const pl_doc *then = version_doc(s, number);
	const pl_point *old = then ? pl_doc_find_id(then, point->id) : NULL;
	if (!old)
		return 1;
	char *a = pl_point_full_text(old), *b = pl_point_full_text(point);
	int changed = strcmp(a, b) != 0;
	free(a);
	free(b);
	return changed;
}

const position *pl_position_of(stance_view *s, const char *party, const pl_point *point, int *stale)
{
	const position *found = NULL, *plan = NULL;
	for (size_t i = 0; i < s->all.count; i++) {
		const position *p = &s->all.items[i];
		if (strcmp(p->party, party) != 0)
			continue;
		if (strcmp(p->point, point->id) == 0)
			found = p;
		else if (strcmp(p->point, "*") == 0)
			plan = p;
	}
	/* A stance on the point itself outweighs one on the whole plan. */
	if (!found)
		found = plan;
	*stale = found ? changed_since(s, point, found->number) : 0;
	return found;
}

const char *pl_stance_of(stance_view *s, const char *party, const pl_point *point, int *stale)
{
	const position *p = pl_position_of(s, party, point, stale);
	return p ? p->stance : "undecided";
}

int pl_stance_view_open(stance_view *s, pl_negotiation *n, const pl_resolved *v, pl_error *err)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->v = v;
	s->versions = pl_calloc((size_t)v->latest + 2, sizeof *s->versions);
	int rc = pl_version_load_number(n, v, v->number, &s->versions[v->number], err);
	s->doc = s->versions[v->number];
	if (rc == 0)
		rc = load_positions(n, v->doc, v->number, &s->all, err);
	return rc;
}

void pl_stance_view_close(stance_view *s)
{
	for (int i = 0; s->versions && i <= s->v->latest + 1; i++)
		pl_doc_free(s->versions[i]);
	free(s->versions);
	positions_free(&s->all);
}

/* 1 when every party accepts the point (accept, reserve or keep), on its
 * current words. */
int pl_consensus(stance_view *s, const pl_table *parties, const pl_point *point)
{
	for (size_t r = 0; r < parties->rows; r++) {
		int stale;
		const char *stance = pl_stance_of(s, pl_table_cell(parties, r, 0), point, &stale);
		if (stale || !pl_stance_accepts(stance))
			return 0;
	}
	return parties->rows > 0;
}

/* --- the matrix ---------------------------------------------------------- */

static void matrix_rows(stance_view *s, const pl_table *parties, pl_table *t, size_t *counts,
                        pl_buf *agreed)
{
	size_t columns = parties->rows + 2;
	const char **row = pl_calloc(columns, sizeof *row);
	char **cells = pl_calloc(columns, sizeof *cells);
	for (size_t i = 0; i < s->doc->point_count; i++) {
		const pl_point *point = &s->doc->points[i];
		row[0] = point->label;
		for (size_t r = 0; r < parties->rows; r++) {
			int stale;
			const char *stance =
			    pl_stance_of(s, pl_table_cell(parties, r, 0), point, &stale);
			free(cells[r + 1]);
			cells[r + 1] = pl_malloc(strlen(stance) + 8);
			snprintf(cells[r + 1], strlen(stance) + 8, "%s%s", stale ? "stale:" : "",
			         stance);
			row[r + 1] = cells[r + 1];
			for (int k = 0; k < STANCE_COUNT && !stale; k++)
				if (strcmp(stance, stances[k]) == 0)
					counts[r * STANCE_COUNT + (size_t)k]++;
		}
		int agree = pl_consensus(s, parties, point);
		row[columns - 1] = agree ? "yes" : "no";
		if (agree)
			pl_buf_printf(agreed, "%s%s", agreed->len ? " " : "", point->label);
		pl_table_add_row(t, row);
	}
	for (size_t c = 0; c < columns; c++)
		free(cells[c]);
	free(cells);
	free(row);
}

static void matrix_counts(pl_table *t, const pl_table *parties, const size_t *counts,
                          const char *agreed)
{
	size_t columns = parties->rows + 2;
	const char **row = pl_calloc(columns, sizeof *row);
	char(*numbers)[24] = pl_calloc(columns, sizeof *numbers);
	for (int k = 0; k < STANCE_COUNT; k++) {
		char label[32];
		snprintf(label, sizeof label, "#%s", stances[k]);
		row[0] = label;
		for (size_t r = 0; r < parties->rows; r++) {
			snprintf(numbers[r], sizeof numbers[r], "%zu",
			         counts[r * STANCE_COUNT + (size_t)k]);
			row[r + 1] = numbers[r];
		}
		row[columns - 1] = NULL;
		pl_table_add_row(t, row);
	}
	row[0] = "#agreed by all";
	for (size_t r = 0; r < parties->rows; r++)
		row[r + 1] = NULL;
	row[columns - 1] = agreed;
	pl_table_add_row(t, row);
	free(numbers);
	free(row);
}

/* The stances of every party on one version: what the matrix and the red
 * lines read. s points into v, so this is not moved once open. */
typedef struct party_stances {
	pl_resolved v;
	stance_view s;
	pl_table *parties;
} party_stances;

static void party_stances_close(party_stances *p)
{
	pl_table_free(p->parties);
	pl_stance_view_close(&p->s);
}

/* On failure nothing is left open. */
static int party_stances_open(party_stances *p, pl_negotiation *n, const char *ref, pl_error *err)
{
	p->parties = NULL;
	int rc = pl_neg_resolve(n, ref, &p->v, err);
	if (rc)
		return rc;
	rc = pl_stance_view_open(&p->s, n, &p->v, err);
	if (rc == 0)
		rc = pl_party_list(n, &p->parties, err);
	if (rc)
		party_stances_close(p);
	return rc;
}

int pl_matrix(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err)
{
	party_stances p;
	int rc = party_stances_open(&p, n, ref, err);
	if (rc)
		return rc;
	const pl_table *parties = p.parties;
	size_t columns = parties->rows + 2;
	const char **headers = pl_calloc(columns, sizeof *headers);
	headers[0] = "point";
	for (size_t r = 0; r < parties->rows; r++)
		headers[r + 1] = pl_table_cell(parties, r, 0);
	headers[columns - 1] = "consensus";
	*out = pl_table_new(columns, headers);
	size_t *counts = pl_calloc(parties->rows * STANCE_COUNT + 1, sizeof *counts);
	pl_buf agreed = PL_BUF_INIT;
	matrix_rows(&p.s, parties, *out, counts, &agreed);
	matrix_counts(*out, parties, counts, agreed.len ? agreed.ptr : "(none)");
	pl_buf_free(&agreed);
	free(counts);
	free(headers);
	party_stances_close(&p);
	return 0;
}

/* The mark of position p: its place among the noted positions met so far
 * (a stance on the whole plan notes every cell it fills with one mark). */
static size_t mark_of(const position ***seen, size_t *count, size_t *capacity, const position *p)
{
	for (size_t k = 0; k < *count; k++)
		if ((*seen)[k] == p)
			return k + 1;
	*seen = pl_grow(*seen, capacity, *count + 1, sizeof **seen);
	(*seen)[(*count)++] = p;
	return *count;
}

/* A row per noted cell of the matrix, in its reading order. */
static void note_rows(stance_view *s, const pl_table *parties, pl_table *t)
{
	const position **seen = NULL;
	size_t count = 0, capacity = 0;
	for (size_t i = 0; i < s->doc->point_count; i++) {
		const pl_point *point = &s->doc->points[i];
		for (size_t r = 0; r < parties->rows; r++) {
			int stale;
			const char *party = pl_table_cell(parties, r, 0);
			const position *p = pl_position_of(s, party, point, &stale);
			if (!p || !p->note)
				continue;
			char number[24];
			snprintf(number, sizeof number, "%zu",
			         mark_of(&seen, &count, &capacity, p));
			const char *on = strcmp(p->point, "*") == 0 ? "*" : point->label;
			const char *row[] = {number, point->label, party, p->stance, p->note, on};
			pl_table_add_row(t, row);
		}
	}
	free(seen);
}

int pl_matrix_notes(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"mark", "point", "party", "stance", "note", "on"};
	party_stances p;
	int rc = party_stances_open(&p, n, ref, err);
	if (rc)
		return rc;
	*out = pl_table_new(6, headers);
	note_rows(&p.s, p.parties, *out);
	party_stances_close(&p);
	return 0;
}

/* --- red lines ------------------------------------------------------------ */

/* The point whose words op changes or deletes, or NULL (an insertion,
 * a move, a relabelling and a part's heading leave every point's words). */
static const char *worded_point(const pl_amend_op *op)
{
	int words = op->kind == PL_OP_EDIT || op->kind == PL_OP_REPLACE || op->kind == PL_OP_DELETE;
	return words ? op->point : NULL;
}

/* A row for each party whose current (not stale) stance on point is
 * stance: party, point, change, amendment, note. */
static void stance_rows(stance_view *s, const pl_table *parties, const pl_point *point,
                        const char *stance, const char *change, const char *id, pl_table *t)
{
	for (size_t r = 0; r < parties->rows; r++) {
		int stale;
		const char *party = pl_table_cell(parties, r, 0);
		const position *p = pl_position_of(s, party, point, &stale);
		if (!p || stale || strcmp(p->stance, stance) != 0)
			continue;
		const char *row[] = {party, point->label, change, id, p->note};
		pl_table_add_row(t, row);
	}
}

/* The `keep` stances the changes of a cross. */
static void red_line_rows(stance_view *s, const pl_table *parties, const pl_amendment *a,
                          pl_table *t)
{
	for (size_t i = 0; i < a->op_count; i++) {
		const char *id = worded_point(&a->ops[i]);
		const pl_point *point = id ? pl_doc_find_id(s->doc, id) : NULL;
		if (point)
			stance_rows(s, parties, point, "keep", pl_op_name(a->ops[i].kind), a->id,
			            t);
	}
}

static int changes_words_of(const pl_amendment *a, const char *id)
{
	for (size_t i = 0; i < a->op_count; i++) {
		const char *point = worded_point(&a->ops[i]);
		if (point && strcmp(point, id) == 0)
			return 1;
	}
	return 0;
}

/* The `redline` stances on points a whole text a leaves as worded. */
static void kept_rows(stance_view *s, const pl_table *parties, const pl_amendment *a, pl_table *t)
{
	for (size_t i = 0; i < s->doc->point_count; i++) {
		const pl_point *point = &s->doc->points[i];
		if (!changes_words_of(a, point->id))
			stance_rows(s, parties, point, "redline", "keep", a->id, t);
	}
}

static const char *const red_headers[] = {"party", "point", "change", "amendment", "note"};
#define RED_COLUMNS 5

static int red_lines(pl_negotiation *n, const char *ref, const pl_amendment *a, int whole,
                     pl_table **out, pl_error *err)
{
	party_stances p;
	int rc = party_stances_open(&p, n, ref, err);
	if (rc)
		return rc;
	*out = pl_table_new(RED_COLUMNS, red_headers);
	red_line_rows(&p.s, p.parties, a, *out);
	if (whole)
		kept_rows(&p.s, p.parties, a, *out);
	party_stances_close(&p);
	return 0;
}

int pl_red_lines(pl_negotiation *n, const char *ref, const pl_amendment *a, pl_table **out,
                 pl_error *err)
{
	return red_lines(n, ref, a, 0, out, err);
}

int pl_red_lines_proposal(pl_negotiation *n, const char *ref, const pl_amendment *a, pl_table **out,
                          pl_error *err)
{
	return red_lines(n, ref, a, 1, out, err);
}

/* --- the voting list -------------------------------------------------------- */

static void falls_text(pl_buf *out, const pl_vote_entry *e, const pl_amendment_record *records)
{
	for (size_t k = 0; k < e->fall_count; k++)
		pl_buf_printf(out, "%s%s", k ? " " : "", records[e->falls[k]].id);
}

static void red_text(pl_buf *lines, const pl_table *red, const char *id)
{
	for (size_t k = 0; k < red->rows; k++)
		if (strcmp(pl_table_cell(red, k, 3), id) == 0)
			pl_buf_printf(lines, "%s%s on %s", lines->len ? ", " : "",
			              pl_table_cell(red, k, 0), pl_table_cell(red, k, 1));
}

/* The points an amendment touches (with lines) and its compact redline,
 * as two cells; an amendment that does not apply says so. */
static void change_cells(pl_buf *points, pl_buf *change, const pl_amendment *a, const pl_doc *base,
                         const pl_point_index *index)
{
	pl_error err;
	if (pl_amendment_summary(points, change, a, base, index, &err)) {
		pl_buf_clear(points);
		pl_buf_clear(change);
		pl_buf_printf(change, "(does not apply: %s)", err.message);
	}
}

static void voting_rows(pl_table *t, const pl_voting_list *list, const pl_amendment_record *records,
                        const pl_table *red, const pl_doc *base)
{
	pl_point_index *index = pl_point_index_new(base);
	for (size_t g = 0; g < list->group_count; g++)
		for (size_t i = 0; i < list->groups[g].count; i++) {
			const pl_vote_entry *e = &list->groups[g].entries[i];
			const pl_amendment_record *r = &records[e->amendment];
			char group[24], order[24], distance[24];
			snprintf(group, sizeof group, "%zu", g + 1);
			snprintf(order, sizeof order, "%zu", i + 1);
			snprintf(distance, sizeof distance, "%zu", e->distance);
			pl_buf falls = PL_BUF_INIT, lines = PL_BUF_INIT;
			pl_buf points = PL_BUF_INIT, change = PL_BUF_INIT;
			falls_text(&falls, e, records);
			red_text(&lines, red, r->id);
			change_cells(&points, &change, r->amendment, base, index);
			const char *row[] = {group,      order,    r->id,     r->party, points.ptr,
			                     change.ptr, distance, falls.ptr, lines.ptr};
			pl_table_add_row(t, row);
			pl_buf_free(&falls);
			pl_buf_free(&lines);
			pl_buf_free(&points);
			pl_buf_free(&change);
		}
	for (size_t i = 0; i < list->alone_count; i++) {
		const pl_amendment_record *r = &records[list->alone[i]];
		pl_buf lines = PL_BUF_INIT, points = PL_BUF_INIT, change = PL_BUF_INIT;
		red_text(&lines, red, r->id);
		change_cells(&points, &change, r->amendment, base, index);
		const char *row[] = {"-",        "-",  r->id, r->party, points.ptr,
		                     change.ptr, NULL, NULL,  lines.ptr};
		pl_table_add_row(t, row);
		pl_buf_free(&lines);
		pl_buf_free(&points);
		pl_buf_free(&change);
	}
	pl_point_index_free(index);
}

int pl_voting_table(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"group",    "order",  "amendment", "party",
	                                      "points",   "change", "distance",  "falls_if_adopted",
	                                      "red_lines"};
	pl_resolved v;
	stance_view s;
	pl_table *parties = NULL, *red = NULL;
	pl_amendment_record *records = NULL;
	size_t count = 0;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	rc = pl_stance_view_open(&s, n, &v, err);
	if (rc == 0)
		rc = pl_talks_records(n, v.doc, v.name, v.number, 1, &records, &count, err);
	if (rc == 0)
		rc = pl_party_list(n, &parties, err);
	if (rc == 0) {
		red = pl_table_new(RED_COLUMNS, red_headers);
		const pl_amendment **set = pl_malloc((count + 1) * sizeof *set);
		for (size_t i = 0; i < count; i++) {
			set[i] = records[i].amendment;
			red_line_rows(&s, parties, records[i].amendment, red);
		}
		pl_voting_list list;
		pl_voting_list_compute(&list, set, count, s.doc);
		*out = pl_table_new(9, headers);
		pl_table_mark_redline(*out, 5);
		voting_rows(*out, &list, records, red, s.doc);
		pl_voting_list_free(&list);
		free(set);
	}
	pl_table_free(red);
	pl_table_free(parties);
	pl_amendment_record_free_array(records, count);
	pl_stance_view_close(&s);
	return rc;
}
