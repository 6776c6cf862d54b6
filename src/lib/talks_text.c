/* talks_text.c — the bracketed negotiating text, its progress over the
 * versions, and amendments derived from an edited copy. */
#include "match_int.h"
#include "parley/format.h"
#include "parley/mem.h"
#include "parley/print.h"
#include "parley/record.h"
#include "parley/redline.h"
#include "strmap_int.h"
#include "talks_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One alternative wording of a bracketed point. */
typedef struct alternative {
	char *wording;   /* NULL: the amendment deletes the point */
	char *owners;    /* "UA, EU" or "UA, A3" */
	char *amendment; /* "A3", or NULL for the base wording */
} alternative;

/* One bracket: a stretch [start, end) of a point's base text that some
 * alternative changes, and what each alternative puts in its place
 * (wordings[0] is the base's own words; NULL: the alternative deletes the
 * point, which only a whole-point bracket has). */
typedef struct bracket_span {
	size_t start, end;
	char **wordings; /* one per alternative of the point */
} bracket_span;

typedef struct bracket_point {
	const pl_point *point; /* NULL for a proposed new point */
	char *label;
	char *text;        /* base wording, whole */
	size_t start, end; /* the bracketed bytes of text: first to last span */
	char *reason;      /* why it is bracketed: amendments, objections */
	int agreed;        /* every party accepts it and no amendment touches it */
	int bracketed;     /* an amendment touches it or a party objects to it */
	alternative *alternatives;
	size_t alternative_count;
	bracket_span *spans;
	size_t span_count;
} bracket_point;

typedef struct bracket_text {
	const pl_doc *doc;
	bracket_point *points;
	size_t count, capacity;
	size_t points_in_base; /* points of the version itself */
	size_t bracketed, brackets, alternatives, proposed, agreed;
} bracket_text;

static void add_alternative(bracket_point *b, char *wording, const pl_amendment_record *r)
{
	b->alternatives =
	    pl_realloc(b->alternatives, (b->alternative_count + 1) * sizeof *b->alternatives);
	size_t len = strlen(r->id) + strlen(r->party) + 8;
	char *owners = pl_malloc(len);
	snprintf(owners, len, "%s, %s", r->party, r->id);
	b->alternatives[b->alternative_count++] = (alternative){wording, owners, pl_strdup(r->id)};
}

/* The base wording's owners: the parties that accept it. */
static char *base_owners(stance_view *s, const pl_table *parties, const pl_point *point)
{
	pl_buf out = PL_BUF_INIT;
	for (size_t r = 0; r < parties->rows; r++) {
		int stale;
		const char *stance = pl_stance_of(s, pl_table_cell(parties, r, 0), point, &stale);
		if (!stale && pl_stance_accepts(stance))
			pl_buf_printf(&out, "%s%s", out.len ? ", " : "",
			              pl_table_cell(parties, r, 0));
	}
	if (!out.len)
		pl_buf_puts(&out, "base text");
	return pl_buf_detach(&out);
}

/* The bracket entry of point id, or NONE. */
#define NONE ((size_t)-1)
static size_t entry_of(const bracket_text *t, const pl_strmap *index, const char *id)
{
	size_t k;
	(void)t;
	return id && pl_strmap_get(index, id, strlen(id), &k) ? k : NONE;
}

static int compare_point_places(const void *left, const void *right)
{
	const pl_point *a = *(const pl_point *const *)left, *b = *(const pl_point *const *)right;
	return (a > b) - (a < b); /* one array: address order is document order */
}

/* A document of the points amendment a touches (and their anchors), found
 * through the index, so that it applies without copying the whole plan. */
static pl_doc *touched_points(const pl_doc *base, const pl_amendment *a, const bracket_text *t,
                              const pl_strmap *index)
{
	const pl_point **touched = pl_calloc(2 * a->op_count + 1, sizeof *touched);
	size_t n = 0;
	for (size_t k = 0; k < a->op_count; k++) {
		const char *ids[2] = {a->ops[k].point, a->ops[k].after};
		for (int j = 0; j < 2; j++) {
			size_t at = entry_of(t, index, ids[j]);
			const pl_point *p = at == NONE ? NULL : t->points[at].point;
			int seen = 0;
			for (size_t i = 0; i < n && p; i++)
				seen |= touched[i] == p;
			if (p && !seen)
				touched[n++] = p;
		}
	}
	qsort(touched, n, sizeof *touched, compare_point_places);
	pl_doc *mini = pl_doc_new();
	for (size_t i = 0; i < base->part_count; i++)
		pl_doc_add_part(mini, base->parts[i].heading, NULL);
	for (size_t i = 0; i < n; i++) {
		const pl_point *p = touched[i];
		pl_point *q = pl_doc_add_point(mini, p->part, p->id, p->label, p->text);
		for (size_t k = 0; k < p->item_count; k++)
			pl_point_add_item(q, p->items[k].label, p->items[k].text);
	}
	free(touched);
	return mini;
}

static void add_new_point(bracket_text *t, size_t at, const pl_point *p,
                          const pl_amendment_record *r)
{
	t->points = pl_grow(t->points, &t->capacity, t->count + 1, sizeof *t->points);
	memmove(&t->points[at + 1], &t->points[at], (t->count - at) * sizeof *t->points);
	t->count++;
	bracket_point *b = &t->points[at];
	memset(b, 0, sizeof *b);
	b->label = pl_strdup(p->label);
	add_alternative(b, pl_point_full_text(p), r);
}

/* Adds amendment r's wordings as alternatives of the points it touches,
 * and its new points (bracketed) right after the point they follow. */
static void apply_alone(bracket_text *t, pl_strmap *index, const pl_doc *base,
                        const pl_amendment_record *r)
{
	pl_doc *mini = touched_points(base, r->amendment, t, index);
	int64_t serial = 1 << 30;
	if (pl_amendment_apply(mini, r->amendment, &serial, NULL) != 0) {
		pl_doc_free(mini);
		return;
	}
	for (size_t k = 0; k < r->amendment->op_count; k++) {
		const pl_amend_op *op = &r->amendment->ops[k];
		size_t at = entry_of(t, index, op->point);
		if (at == NONE || op->kind == PL_OP_MOVE)
			continue;
		bracket_point *b = &t->points[at];
		int seen = 0; /* one alternative per point, however many operations */
		for (size_t i = 0; i < b->alternative_count; i++)
			seen |= strstr(b->alternatives[i].owners, r->id) != NULL;
		if (seen)
			continue;
		const pl_point *after = pl_doc_find_id(mini, op->point);
		char *wording = after ? pl_point_full_text(after) : NULL;
		if (wording && strcmp(wording, b->text) == 0)
			free(wording);
		else
			add_alternative(b, wording, r);
	}
	for (size_t i = 0; i < mini->point_count; i++) {
		const pl_point *p = &mini->points[i];
		if (entry_of(t, index, p->id) != NONE)
			continue;
		size_t anchor = i > 0 ? entry_of(t, index, mini->points[i - 1].id) : NONE;
		size_t at = anchor == NONE ? t->count : anchor + 1;
		while (at < t->count && !t->points[at].point)
			at++; /* after earlier proposals at the same place */
		add_new_point(t, at, p, r);
		pl_strmap_free(index);
		pl_strmap_init(index);
		for (size_t e = 0; e < t->count; e++)
			if (t->points[e].point)
				pl_strmap_put(index, t->points[e].point->id,
				              strlen(t->points[e].point->id), e);
	}
	pl_doc_free(mini);
}

static void spans_free(bracket_point *b)
{
	for (size_t k = 0; k < b->span_count; k++) {
		for (size_t a = 0; a < b->alternative_count; a++)
			free(b->spans[k].wordings[a]);
		free(b->spans[k].wordings);
	}
	free(b->spans);
	b->spans = NULL;
	b->span_count = 0;
}

static void bracket_free(bracket_text *t)
{
	for (size_t k = 0; k < t->count; k++) {
		bracket_point *b = &t->points[k];
		spans_free(b);
		for (size_t a = 0; a < b->alternative_count; a++) {
			free(b->alternatives[a].wording);
			free(b->alternatives[a].owners);
			free(b->alternatives[a].amendment);
		}
		free(b->alternatives);
		free(b->label);
		free(b->text);
		free(b->reason);
	}
	free(t->points);
}

/* --- where the brackets go ------------------------------------------------ */

/* One change of an alternative against the base: base bytes [from, to)
 * become the alternative's bytes [alt_from, alt_to). */
typedef struct change {
	size_t from, to, alt_from, alt_to;
} change;

typedef struct change_list {
	change *items;
	size_t count, capacity;
} change_list;

/* The changes the word redline finds between base and wording: each
 * maximal stretch of runs that are not equal. 0, or -1 when it cannot
 * tell. */
static int changes_of(const char *base, const char *wording, change_list *out)
{
	pl_text_diff d;
	if (pl_text_diff_compute(&d, base, strlen(base), wording, strlen(wording), 0, NULL) != 0)
		return -1;
	for (size_t r = 0; r < d.run_count; r++) {
		if (d.runs[r].kind == PL_DIFF_EQUAL)
			continue;
		change c = {d.runs[r].a_offset, d.runs[r].a_offset, d.runs[r].b_offset,
		            d.runs[r].b_offset};
		for (; r < d.run_count && d.runs[r].kind != PL_DIFF_EQUAL; r++) {
			const pl_text_run *run = &d.runs[r];
			if (run->a_length)
				c.to = run->a_offset + run->a_length;
			if (run->b_length)
				c.alt_to = run->b_offset + run->b_length;
			if (run->a_length && c.from > run->a_offset)
				c.from = run->a_offset;
			if (run->b_length && c.alt_from > run->b_offset)
				c.alt_from = run->b_offset;
		}
		out->items =
		    pl_grow(out->items, &out->capacity, out->count + 1, sizeof *out->items);
		out->items[out->count++] = c;
	}
	pl_text_diff_free(&d);
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Widens [*start, *end) of text to whole words (runs of non-space bytes);
 * an empty stretch (a pure insertion) takes the word it touches, the one
 * before when it stands between spaces or at the end. */
static void widen_to_words(const char *text, size_t len, size_t *start, size_t *end)
{
	while (*start > 0 && !is_space(text[*start - 1]))
		(*start)--;
	while (*end < len && !is_space(text[*end]))
		(*end)++;
	if (*start < *end)
		return;
	while (*start > 0 && is_space(text[*start - 1]))
		(*start)--;
	while (*start > 0 && !is_space(text[*start - 1]))
		(*start)--;
	if (*start == *end) /* nothing before: take the word after */
		while (*end < len && is_space(text[*end]))
			(*end)++;
	while (*end < len && !is_space(text[*end]))
		(*end)++;
}

typedef struct stretch {
	size_t start, end;
} stretch;

static int compare_stretches(const void *left, const void *right)
{
	const stretch *a = left, *b = right;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

/* Alternative a's words in place of base [start, end): the base bytes with
 * a's changes inside the stretch applied. */
static char *wording_in(const char *base, const char *wording, const change_list *changes,
                        size_t start, size_t end)
{
	pl_buf out = PL_BUF_INIT;
	size_t at = start;
	for (size_t k = 0; k < changes->count; k++) {
		const change *c = &changes->items[k];
		if (c->from < start || c->to > end)
			continue;
		pl_buf_put(&out, base + at, c->from - at);
		pl_buf_put(&out, wording + c->alt_from, c->alt_to - c->alt_from);
		at = c->to;
	}
	pl_buf_put(&out, base + at, end - at);
	return pl_buf_detach(&out);
}

/* 1 when the spans of b, each replaced by alternative a's words, give a's
 * wording exactly. */
static int spans_rebuild(const bracket_point *b, size_t a)
{
	pl_buf out = PL_BUF_INIT;
	size_t at = 0;
	for (size_t k = 0; k < b->span_count; k++) {
		pl_buf_put(&out, b->text + at, b->spans[k].start - at);
		pl_buf_puts(&out, b->spans[k].wordings[a]);
		at = b->spans[k].end;
	}
	pl_buf_puts(&out, b->text + at);
	char *rebuilt = pl_buf_detach(&out);
	int same = strcmp(rebuilt, b->alternatives[a].wording) == 0;
	free(rebuilt);
	return same;
}

/* 1 when text[from, to) between two changed stretches holds fewer than
 * three words: "[x and y / z]" reads better than "[x / z1] and [y / z2]". */
static int short_gap(const char *text, size_t from, size_t to)
{
	int words = 0;
	for (size_t i = from; i < to && words < 3; i++)
		words += !is_space(text[i]) && (i == from || is_space(text[i - 1]));
	return words < 3;
}

/* Leaves outside the brackets the punctuation that closes every wording
 * of span alike: "capped at [600,000 / 800,000]." */
static void trim_punctuation(bracket_point *b, bracket_span *span)
{
	while (span->end > span->start && strchr(".,;:!?", b->text[span->end - 1])) {
		char last = b->text[span->end - 1];
		int all = 1;
		for (size_t a = 0; a < b->alternative_count && all; a++) {
			const char *w = span->wordings[a];
			size_t len = w ? strlen(w) : 0;
			all = len > 1 && w[len - 1] == last;
		}
		if (!all)
			return;
		for (size_t a = 0; a < b->alternative_count; a++)
			span->wordings[a][strlen(span->wordings[a]) - 1] = '\0';
		span->end--;
	}
}

static void add_span(bracket_point *b, size_t start, size_t end)
{
	b->spans = pl_realloc(b->spans, (b->span_count + 1) * sizeof *b->spans);
	b->spans[b->span_count++] =
	    (bracket_span){start, end, pl_calloc(b->alternative_count, sizeof(char *))};
}

/* One span over the whole point: for a deletion, a new point, a bracket
 * whose only reason is an objection, or when the redline cannot place
 * smaller ones. */
static void whole_span(bracket_point *b)
{
	spans_free(b);
	const char *text = b->point ? b->text : "";
	int deletes = 0;
	add_span(b, 0, strlen(text));
	for (size_t a = 0; a < b->alternative_count; a++) {
		const char *w = a == 0 && b->point ? text : b->alternatives[a].wording;
		b->spans[0].wordings[a] = w ? pl_strdup(w) : NULL;
		deletes |= !w;
	}
	if (!deletes)
		trim_punctuation(b, &b->spans[0]);
}

/* The smallest spans of b's base text that its alternatives change, found
 * by the word redline and widened to whole words; spans only white space
 * apart are one. Falls back to one whole-point span when an alternative
 * deletes the point or the spans would not rebuild every wording. */
static void find_spans(bracket_point *b)
{
	size_t len = strlen(b->text);
	int whole = b->alternative_count < 2;
	change_list *changes = pl_calloc(b->alternative_count, sizeof *changes);
	stretch *stretches = NULL;
	size_t count = 0, capacity = 0;
	for (size_t a = 1; a < b->alternative_count && !whole; a++) {
		const char *w = b->alternatives[a].wording;
		whole = !w || changes_of(b->text, w, &changes[a]) != 0;
		for (size_t k = 0; !whole && k < changes[a].count; k++) {
			stretch s = {changes[a].items[k].from, changes[a].items[k].to};
			widen_to_words(b->text, len, &s.start, &s.end);
			stretches = pl_grow(stretches, &capacity, count + 1, sizeof *stretches);
			stretches[count++] = s;
		}
	}
	if (!whole && count) {
		qsort(stretches, count, sizeof *stretches, compare_stretches);
		stretch cur = stretches[0];
		for (size_t k = 1; k <= count; k++) {
			if (k < count && (stretches[k].start <= cur.end ||
			                  short_gap(b->text, cur.end, stretches[k].start))) {
				if (stretches[k].end > cur.end)
					cur.end = stretches[k].end;
				continue;
			}
			add_span(b, cur.start, cur.end);
			bracket_span *span = &b->spans[b->span_count - 1];
			span->wordings[0] = pl_strndup(b->text + cur.start, cur.end - cur.start);
			for (size_t a = 1; a < b->alternative_count; a++)
				span->wordings[a] = wording_in(b->text, b->alternatives[a].wording,
				                               &changes[a], cur.start, cur.end);
			trim_punctuation(b, span);
			if (k < count)
				cur = stretches[k];
		}
		for (size_t a = 1; a < b->alternative_count && !whole; a++)
			whole = !spans_rebuild(b, a);
	}
	if (whole || !b->span_count)
		whole_span(b);
	for (size_t a = 0; a < b->alternative_count; a++)
		free(changes[a].items);
	free(changes);
	free(stretches);
	b->start = b->spans[0].start;
	b->end = b->spans[b->span_count - 1].end;
}

/* 1 when party's stance on point objects to its words (reject, redline),
 * on the current words. */
static int objects(stance_view *s, const char *party, const pl_point *point, const char **stance)
{
	int stale;
	*stance = pl_stance_of(s, party, point, &stale);
	return !stale && !pl_stance_accepts(*stance) && strcmp(*stance, "undecided") != 0;
}

/* Why b is bracketed: the amendments on it, and the parties that object
 * to its base wording, with their stance ("A1, A6; objected to by EU
 * (reject), UA (redline)"). */
static char *bracket_reason(stance_view *s, const pl_table *parties, const bracket_point *b)
{
	pl_buf out = PL_BUF_INIT;
	for (size_t a = 1; a < b->alternative_count; a++)
		pl_buf_printf(&out, "%s%s", a > 1 ? ", " : "", b->alternatives[a].amendment);
	size_t amendments = out.len, against = 0;
	for (size_t r = 0; b->point && r < parties->rows; r++) {
		const char *stance, *party = pl_table_cell(parties, r, 0);
		if (!objects(s, party, b->point, &stance))
			continue;
		pl_buf_printf(&out, "%s%s (%s)",
		              against++    ? ", "
		              : amendments ? "; objected to by "
		                           : "objected to by ",
		              party, stance);
	}
	return pl_buf_detach(&out);
}

/* Brackets b: the base wording as the first alternative, the reason, the
 * spans. */
static void open_bracket(stance_view *s, const pl_table *parties, bracket_point *b)
{
	char *owners = base_owners(s, parties, b->point);
	b->alternatives =
	    pl_realloc(b->alternatives, (b->alternative_count + 1) * sizeof *b->alternatives);
	memmove(b->alternatives + 1, b->alternatives,
	        b->alternative_count * sizeof *b->alternatives);
	b->alternatives[0] = (alternative){pl_strdup(b->text), owners, NULL};
	b->alternative_count++;
	b->reason = bracket_reason(s, parties, b);
	find_spans(b);
}

/* 1 when some party objects to point p's words. */
static int objected(stance_view *s, const pl_table *parties, const pl_point *p)
{
	const char *stance;
	for (size_t r = 0; r < parties->rows; r++)
		if (objects(s, pl_table_cell(parties, r, 0), p, &stance))
			return 1;
	return 0;
}

/* Builds the negotiating text of the version in view s. */
static int build(bracket_text *t, pl_negotiation *n, stance_view *s, int which, pl_error *err)
{
	memset(t, 0, sizeof *t);
	t->doc = s->doc;
	pl_table *parties = NULL;
	pl_amendment_record *records = NULL;
	size_t count = 0;
	int rc = pl_party_list(n, &parties, err);
	if (rc == 0)
		rc = pl_talks_records(n, s->v->doc, s->v->name, s->v->number, which, &records,
		                      &count, err);
	for (size_t i = 0; rc == 0 && i < s->doc->point_count; i++) {
		const pl_point *p = &s->doc->points[i];
		t->points = pl_grow(t->points, &t->capacity, t->count + 1, sizeof *t->points);
		bracket_point *b = &t->points[t->count++];
		memset(b, 0, sizeof *b);
		b->point = p;
		b->label = pl_strdup(p->label);
		b->text = pl_point_full_text(p);
		b->agreed = pl_consensus(s, parties, p);
		b->bracketed = objected(s, parties, p);
	}
	t->points_in_base = t->count;
	pl_strmap index;
	pl_strmap_init(&index);
	for (size_t k = 0; k < t->count; k++)
		pl_strmap_put(&index, t->points[k].point->id, strlen(t->points[k].point->id), k);
	for (size_t i = 0; rc == 0 && i < count; i++)
		apply_alone(t, &index, s->doc, &records[i]);
	pl_strmap_free(&index);
	for (size_t k = 0; rc == 0 && k < t->count; k++) {
		bracket_point *b = &t->points[k];
		if (b->alternative_count || !b->point) {
			b->agreed = 0;
			b->bracketed = 1;
		}
		t->agreed += b->agreed;
		if (!b->bracketed)
			continue;
		if (b->point) {
			t->bracketed++;
			open_bracket(s, parties, b);
		} else {
			t->proposed++;
			whole_span(b);
		}
		t->brackets += b->span_count;
		t->alternatives += b->alternative_count;
	}
	pl_amendment_record_free_array(records, count);
	pl_table_free(parties);
	return rc;
}

/* The wording of alternative alt over the whole of b's brackets, from the
 * first span's start to the last one's end. */
static size_t span_of(const bracket_point *b, const alternative *alt, const char **at)
{
	if (!b->point || !alt->wording) {
		*at = alt->wording ? alt->wording : "";
		return strlen(*at);
	}
	size_t tail = strlen(b->text) - b->end;
	*at = alt->wording + b->start;
	return strlen(alt->wording) - b->start - tail;
}

/* The heading of b's part when it starts a new part (NULL otherwise). */
static const char *part_heading(const bracket_text *t, const bracket_point *b, size_t *part)
{
	if (!b->point || b->point->part == *part || b->point->part == PL_NO_PART)
		return NULL;
	*part = b->point->part;
	return t->doc->parts[*part].heading;
}

/* The alternatives a span lists: the base first, then each wording that
 * differs from it there, wordings equal to an earlier one folded into it.
 * Fills shown[] with the first alternative of each group and returns how
 * many; same[a] is the group's first alternative for every a. */
static size_t span_groups(const bracket_point *b, const bracket_span *span, size_t *shown,
                          size_t *same)
{
	size_t n = 0;
	for (size_t a = 0; a < b->alternative_count; a++) {
		const char *w = span->wordings[a];
		same[a] = a;
		for (size_t g = 0; g < n && a > 0; g++) {
			const char *x = span->wordings[shown[g]];
			if ((w && x && strcmp(w, x) == 0) || (!w && !x)) {
				same[a] = shown[g];
				break;
			}
		}
		if (same[a] == a)
			shown[n++] = a;
	}
	return n;
}

/* The owners of a group: "RU, US" or "UA, A1; EU, A7". The base's group
 * names only the base's owners: an amendment that leaves a span as it is
 * does not propose it. */
static void group_owners(pl_buf *out, const bracket_point *b, const size_t *same, size_t first)
{
	int any = 0;
	for (size_t a = 0; a < b->alternative_count; a++) {
		if (same[a] != first || (first == 0 && a != 0))
			continue;
		pl_buf_printf(out, "%s%s", any++ ? "; " : "", b->alternatives[a].owners);
	}
}

enum { OUT_MD, OUT_TEXT, OUT_HTML };

static void put_text(pl_buf *out, int how, const char *s, size_t len)
{
	if (how == OUT_HTML)
		pl_html_escape(out, s, len);
	else
		pl_buf_put(out, s, len);
}

static void write_span(pl_buf *out, int how, const bracket_point *b, const bracket_span *span)
{
	size_t *shown = pl_calloc(2 * b->alternative_count, sizeof *shown);
	size_t *same = shown + b->alternative_count;
	size_t groups = span_groups(b, span, shown, same);
	pl_buf_puts(out, how == OUT_HTML ? "<span class=\"bracket\">[" : "[");
	for (size_t g = 0; g < groups; g++) {
		const char *w = span->wordings[shown[g]];
		pl_buf_puts(out, g ? " / " : "");
		if (!w)
			pl_buf_puts(out, how == OUT_HTML ? "<em>delete the point</em>"
			                                 : "delete the point");
		else if (!*w)
			pl_buf_puts(out, how == OUT_HTML ? "<em>delete</em>"
			                 : how == OUT_MD ? "*delete*"
			                                 : "<delete>");
		else
			put_text(out, how, w, strlen(w));
		pl_buf_puts(out, how == OUT_HTML ? " <span class=\"owners\">(" : " (");
		pl_buf owners = PL_BUF_INIT;
		group_owners(&owners, b, same, shown[g]);
		put_text(out, how, owners.ptr, owners.len);
		pl_buf_free(&owners);
		pl_buf_puts(out, how == OUT_HTML ? ")</span>" : ")");
	}
	pl_buf_puts(out, how == OUT_HTML ? "]</span>" : "]");
	free(shown);
}

/* b's text with its brackets, then its reason in braces. */
static void write_bracketed(pl_buf *out, int how, const bracket_point *b)
{
	const char *text = b->point ? b->text : "";
	size_t at = 0;
	for (size_t k = 0; k < b->span_count; k++) {
		put_text(out, how, text + at, b->spans[k].start - at);
		write_span(out, how, b, &b->spans[k]);
		at = b->spans[k].end;
	}
	put_text(out, how, text + at, strlen(text + at));
	if (b->reason && *b->reason) {
		pl_buf_puts(out, how == OUT_HTML ? " <span class=\"reason\">{" : " {");
		put_text(out, how, b->reason, strlen(b->reason));
		pl_buf_puts(out, how == OUT_HTML ? "}</span>" : "}");
	}
}

/* The counts that head the text. */
static void write_counts(pl_buf *out, const bracket_text *t)
{
	pl_buf_printf(out,
	              "%zu of %zu points in brackets (%zu bracket%s), %zu proposed new point%s, "
	              "%zu alternative%s; %zu point%s agreed by every party.",
	              t->bracketed, t->points_in_base, t->brackets, t->brackets == 1 ? "" : "s",
	              t->proposed, t->proposed == 1 ? "" : "s", t->alternatives,
	              t->alternatives == 1 ? "" : "s", t->agreed, t->agreed == 1 ? "" : "s");
}

/* Markdown, or (plain) text: the same lines without Markdown's marks. */
static void write_markdown(pl_buf *out, const bracket_text *t, const pl_resolved *v, int plain)
{
	pl_buf_printf(out, "%sNegotiating text: %s@%d\n\n%s", plain ? "" : "# ", v->name, v->number,
	              plain ? "" : "**");
	write_counts(out, t);
	pl_buf_printf(out, "%s\n\n", plain ? "" : "**");
	size_t part = PL_NO_PART;
	int how = plain ? OUT_TEXT : OUT_MD;
	for (size_t k = 0; k < t->count; k++) {
		const bracket_point *b = &t->points[k];
		const char *heading = part_heading(t, b, &part);
		if (heading)
			pl_buf_printf(out, "%s%s\n\n", plain ? "" : "## ", heading);
		if (!b->bracketed) {
			pl_buf_printf(out, "%s. %s\n\n", b->label, b->text);
			continue;
		}
		pl_buf_printf(out, "%s%s. ", b->point ? "" : "[new] ", b->label);
		write_bracketed(out, how, b);
		pl_buf_puts(out, "\n\n");
	}
}

static const char bracket_style[] =
    ".owners,.reason{color:#666;font-size:.85em}"
    ".bracket{background:#fff3c4}.body{white-space:pre-line}"
    ".summary{background:#f4f4f4;padding:.6em 1em;border-radius:4px}";

static void write_html(pl_buf *out, const bracket_text *t, const pl_resolved *v,
                       const pl_page_info *info)
{
	pl_buf title = PL_BUF_INIT;
	pl_buf_printf(&title, "Negotiating text: %s@%d", v->name, v->number);
	pl_page page = pl_page_of(info, title.ptr, bracket_style);
	pl_html_page_open(out, &page);
	pl_buf_free(&title);
	pl_buf_puts(out, "<p class=\"summary\"><strong>");
	pl_buf counts = PL_BUF_INIT;
	write_counts(&counts, t);
	pl_html_escape(out, counts.ptr, counts.len);
	pl_buf_free(&counts);
	pl_buf_puts(out, "</strong></p>\n");
	size_t part = PL_NO_PART;
	for (size_t k = 0; k < t->count; k++) {
		const bracket_point *b = &t->points[k];
		const char *heading = part_heading(t, b, &part);
		if (heading) {
			pl_buf_puts(out, "<h2>");
			pl_html_escape(out, heading, strlen(heading));
			pl_buf_puts(out, "</h2>\n");
		}
		pl_buf_puts(out, "<div class=\"point\"><span class=\"label\">");
		pl_html_escape(out, b->label, strlen(b->label));
		pl_buf_puts(out, ".</span><div class=\"body\">");
		if (!b->bracketed)
			pl_html_inline(out, b->text);
		else
			write_bracketed(out, OUT_HTML, b);
		pl_buf_puts(out, "</div></div>\n");
	}
	pl_html_page_close(out);
}

static json_t *json_alternatives(const bracket_point *b)
{
	json_t *alts = json_array();
	for (size_t a = 0; a < b->alternative_count; a++) {
		const alternative *alt = &b->alternatives[a];
		const char *at;
		size_t len = span_of(b, alt, &at);
		json_array_append_new(
		    alts, json_pack("{s:o, s:o, s:s}", "wording",
		                    alt->wording ? json_string(alt->wording) : json_null(), "span",
		                    alt->wording ? json_stringn(at, len) : json_null(), "owners",
		                    alt->owners));
	}
	return alts;
}

/* Each bracket: its byte span of the base text and the alternatives it
 * lists, base first, as write_span groups them. */
static json_t *json_brackets(const bracket_point *b)
{
	json_t *brackets = json_array();
	size_t *shown = pl_calloc(2 * b->alternative_count, sizeof *shown);
	size_t *same = shown + b->alternative_count;
	for (size_t k = 0; k < b->span_count; k++) {
		const bracket_span *span = &b->spans[k];
		size_t groups = span_groups(b, span, shown, same);
		json_t *alts = json_array();
		for (size_t g = 0; g < groups; g++) {
			pl_buf owners = PL_BUF_INIT;
			group_owners(&owners, b, same, shown[g]);
			const char *w = span->wordings[shown[g]];
			json_array_append_new(alts, json_pack("{s:o, s:s%}", "wording",
			                                      w ? json_string(w) : json_null(),
			                                      "owners", owners.ptr, owners.len));
			pl_buf_free(&owners);
		}
		json_array_append_new(brackets,
		                      json_pack("{s:[I, I], s:o}", "span", (json_int_t)span->start,
		                                (json_int_t)span->end, "alternatives", alts));
	}
	free(shown);
	return brackets;
}

static void write_json(pl_buf *out, const bracket_text *t, const pl_resolved *v)
{
	json_t *points = json_array();
	for (size_t k = 0; k < t->count; k++) {
		const bracket_point *b = &t->points[k];
		size_t part = b->point ? b->point->part : PL_NO_PART;
		json_t *p = json_pack(
		    "{s:s, s:o, s:b, s:b, s:b, s:o}", "label", b->label, "part",
		    part != PL_NO_PART ? json_string(t->doc->parts[part].heading) : json_null(),
		    "agreed", b->agreed, "bracketed", b->bracketed, "new", b->point == NULL, "text",
		    b->text ? json_string(b->text) : json_null());
		if (b->point && b->bracketed)
			json_object_set_new(
			    p, "span",
			    json_pack("[I, I]", (json_int_t)b->start, (json_int_t)b->end));
		json_object_set_new(p, "reason", b->reason ? json_string(b->reason) : json_null());
		json_object_set_new(p, "alternatives", json_alternatives(b));
		json_object_set_new(p, "brackets", json_brackets(b));
		json_array_append_new(points, p);
	}
	json_t *root = json_pack(
	    "{s:s, s:s, s:i, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o}", "format", "parley.brackets/1",
	    "document", v->name, "version", v->number, "counts", "points",
	    (json_int_t)t->points_in_base, "bracketed", (json_int_t)t->bracketed, "brackets",
	    (json_int_t)t->brackets, "proposed", (json_int_t)t->proposed, "alternatives",
	    (json_int_t)t->alternatives, "agreed", (json_int_t)t->agreed, "points", points);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text);
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(root);
}

int pl_bracketed_text(pl_negotiation *n, const char *ref, const char *format, pl_buf *out,
                      pl_error *err)
{
	pl_resolved v;
	stance_view s;
	bracket_text t;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	rc = pl_stance_view_open(&s, n, &v, err);
	if (rc == 0)
		rc = build(&t, n, &s, 1, err);
	if (rc == 0) {
		if (strcmp(format, "html") == 0) {
			pl_page_info info;
			char exact[PL_NAME_MAX + 16];
			snprintf(exact, sizeof exact, "%s@%d", v.name, v.number);
			if ((rc = pl_page_info_load(n, exact, &info, err)) == 0)
				write_html(out, &t, &v, &info);
			pl_page_info_clear(&info);
		} else if (strcmp(format, "json") == 0)
			write_json(out, &t, &v);
		else
			write_markdown(out, &t, &v, strcmp(format, "text") == 0);
		bracket_free(&t);
	}
	pl_stance_view_close(&s);
	return rc;
}

int pl_progress(pl_negotiation *n, const char *name, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"version",  "created",  "points",       "bracketed",
	                                      "brackets", "proposed", "alternatives", "agreed"};
	pl_version_info *infos;
	size_t count;
	int rc = pl_version_list(n, name, &infos, &count, err);
	if (rc)
		return rc;
	*out = pl_table_new(8, headers);
	for (size_t i = 0; rc == 0 && i < count; i++) {
		char ref[PL_NAME_MAX + 16];
		snprintf(ref, sizeof ref, "%s@%d", name, infos[i].number);
		pl_resolved v;
		stance_view s;
		bracket_text t;
		memset(&s, 0, sizeof s);
		rc = pl_neg_resolve(n, ref, &v, err);
		if (rc == 0)
			rc = pl_stance_view_open(&s, n, &v, err);
		if (rc == 0 && (rc = build(&t, n, &s, 2, err)) == 0) {
			char cells[7][24];
			size_t values[] = {(size_t)v.number, s.doc->point_count, t.bracketed,
			                   t.brackets,       t.proposed,         t.alternatives,
			                   t.agreed};
			for (int c = 0; c < 7; c++)
				snprintf(cells[c], sizeof cells[c], "%zu", values[c]);
			const char *row[] = {cells[0], infos[i].created_at,
			                     cells[1], cells[2],
			                     cells[3], cells[4],
			                     cells[5], cells[6]};
			pl_table_add_row(*out, row);
			bracket_free(&t);
		}
		if (s.versions)
			pl_stance_view_close(&s);
	}
	pl_version_info_free_array(infos, count);
	if (rc) {
		pl_table_free(*out);
		*out = NULL;
	}
	return rc;
}

/* --- amendments from an edited copy --------------------------------------- */

/* Edits of one text: each changed stretch of the word diff becomes an EDIT
 * of base word positions. */
static void text_edits(pl_amendment *a, const char *point, const char *item, const char *old,
                       const char *new_text)
{
	pl_text_diff d;
	if (pl_text_diff_compute(&d, old, strlen(old), new_text, strlen(new_text), 0, NULL) != 0)
		return;
	size_t word = 0;
	for (size_t r = 0; r < d.script.count; r++) {
		const pl_diff_op *op = &d.script.ops[r];
		size_t words = 0;
		for (size_t i = 0; op->kind != PL_DIFF_INSERT && i < op->length; i++)
			words += d.a_tokens.items[op->a_start + i].kind != PL_TOKEN_SPACE;
		if (op->kind == PL_DIFF_EQUAL) {
			word += words;
			continue;
		}
		pl_buf inserted = PL_BUF_INIT;
		if (op->kind == PL_DIFF_DELETE && r + 1 < d.script.count &&
		    d.script.ops[r + 1].kind == PL_DIFF_INSERT) {
			r++;
		}
		const pl_diff_op *ins = op->kind == PL_DIFF_INSERT ? op : &d.script.ops[r];
		if (ins->kind == PL_DIFF_INSERT && ins->length) {
			const pl_token *f = &d.b_tokens.items[ins->b_start];
			const pl_token *l = &d.b_tokens.items[ins->b_start + ins->length - 1];
			pl_buf_put(&inserted, new_text + f->offset,
			           l->offset + l->length - f->offset);
		}
		size_t start = word, end = word + (op->kind == PL_DIFF_DELETE ? words : 0);
		/* Trim: the word positions say where; spaces come from the text. */
		char *trimmed = inserted.ptr;
		while (*trimmed == ' ')
			trimmed++;
		size_t len = strlen(trimmed);
		while (len && trimmed[len - 1] == ' ')
			trimmed[--len] = '\0';
		if (start != end || len) {
			pl_amend_op *e = pl_amendment_add_op(a, PL_OP_EDIT, point, trimmed);
			e->item = item ? pl_strdup(item) : NULL;
			e->start = start;
			e->end = end;
		}
		word = end;
		pl_buf_free(&inserted);
	}
	pl_text_diff_free(&d);
}

static int same_items(const pl_point *x, const pl_point *y)
{
	if (x->item_count != y->item_count)
		return 0;
	for (size_t k = 0; k < x->item_count; k++)
		if (strcmp(x->items[k].label, y->items[k].label) != 0)
			return 0;
	return 1;
}

static void point_changes(pl_amendment *a, const pl_doc *base, const pl_point *old,
                          const pl_point *now, const pl_doc *edited, size_t index)
{
	if (!same_items(old, now)) {
		char *text = pl_point_full_text(now);
		pl_amendment_add_op(a, PL_OP_REPLACE, old->id, text);
		free(text);
	} else {
		text_edits(a, old->id, NULL, old->text, now->text);
		for (size_t k = 0; k < old->item_count; k++)
			text_edits(a, old->id, old->items[k].label, old->items[k].text,
			           now->items[k].text);
	}
	if (strcmp(old->label, now->label) != 0) {
		pl_amend_op *op = pl_amendment_add_op(a, PL_OP_RELABEL, old->id, NULL);
		op->label = pl_strdup(now->label);
	}
	const char *was = old->part == PL_NO_PART ? "" : base->parts[old->part].heading;
	const char *is = now->part == PL_NO_PART ? "" : edited->parts[now->part].heading;
	if (strcmp(was, is) != 0 && index > 0) {
		pl_amend_op *op = pl_amendment_add_op(a, PL_OP_MOVE, old->id, NULL);
		op->after =
		    edited->points[index - 1].id ? pl_strdup(edited->points[index - 1].id) : NULL;
	}
}

int pl_amendment_from_doc(pl_negotiation *n, const char *ref, const pl_doc *edited,
                          pl_amendment **out, pl_error *err)
{
	pl_resolved v;
	pl_doc *base = NULL;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc == 0)
		rc = pl_version_load_number(n, &v, v.number, &base, err);
	if (rc)
		return rc;
	pl_doc *copy = pl_doc_clone(edited);
	size_t *partner = pl_malloc((copy->point_count + 1) * sizeof *partner);
	pl_match_points(copy, base, partner);
	unsigned char *kept = pl_calloc(base->point_count + 1, 1);
	pl_amendment *a = pl_amendment_new("");
	for (size_t i = 0; i < copy->point_count; i++) {
		pl_point *now = &copy->points[i];
		if (partner[i] == PL_MATCH_NONE) {
			char *text = pl_point_full_text(now);
			pl_amend_op *op = pl_amendment_add_op(a, PL_OP_INSERT, NULL, text);
			free(text);
			op->label = pl_strdup(now->label);
			op->after = i > 0 && copy->points[i - 1].id
			                ? pl_strdup(copy->points[i - 1].id)
			                : NULL;
			op->part = now->part;
			continue;
		}
		const pl_point *old = &base->points[partner[i]];
		kept[partner[i]] = 1;
		pl_point_set_id(now, old->id);
		point_changes(a, base, old, now, copy, i);
	}
	for (size_t j = 0; j < base->point_count; j++)
		if (!kept[j])
			pl_amendment_add_op(a, PL_OP_DELETE, base->points[j].id, NULL);
	free(kept);
	free(partner);
	pl_doc_free(copy);
	pl_doc_free(base);
	*out = a;
	return 0;
}
