/* amend_vote.c — collisions between amendments and the voting list
 * (parley/amend.h). Grouping is O(n log n) in the number of operations:
 * the touches of all amendments are sorted by the point they touch, and
 * only touches of one point are compared. */
#include "parley/amend.h"
#include "parley/mem.h"
#include "parley/redline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an operation does to a point. */
typedef enum touch_kind {
	TOUCH_REMOVE, /* delete, move: nothing else may act on the point */
	TOUCH_WHOLE,  /* replace, relabel: whole-text changes */
	TOUCH_SPAN,   /* edit: words [start, end) of one text */
	TOUCH_ANCHOR  /* insert or move after the point: refers to it */
} touch_kind;

typedef struct touch {
	const char *key; /* point id, or "#part<N>" */
	touch_kind kind;
	const char *item;
	size_t start, end;
	size_t amendment;
} touch;

static void add_touch(touch **list, size_t *count, size_t *capacity, touch t)
{
	*list = pl_grow(*list, capacity, *count + 1, sizeof **list);
	(*list)[(*count)++] = t;
}

/* Part keys live as long as the touches: one small string per part. */
static const char *part_key(char ***keys, size_t *count, size_t part)
{
	while (*count <= part) {
		*keys = pl_realloc(*keys, (*count + 1) * sizeof **keys);
		char buffer[32];
		snprintf(buffer, sizeof buffer, "#part%zu", *count);
		(*keys)[(*count)++] = pl_strdup(buffer);
	}
	return (*keys)[part];
}

typedef struct touches {
	touch *items;
	size_t count, capacity;
	char **part_keys;
	size_t part_key_count;
	char **label_keys;
	size_t label_key_count;
} touches;

static const char *label_key(touches *t, const char *label)
{
	t->label_keys = pl_realloc(t->label_keys, (t->label_key_count + 1) * sizeof *t->label_keys);
	size_t len = strlen(label ? label : "") + 8;
	char *key = pl_malloc(len);
	snprintf(key, len, "#label:%s", label ? label : "");
	t->label_keys[t->label_key_count++] = key;
	return key;
}

static void collect_touches(touches *t, const pl_amendment *a, size_t index)
{
	for (size_t i = 0; i < a->op_count; i++) {
		const pl_amend_op *op = &a->ops[i];
		touch x = {op->point, TOUCH_WHOLE, op->item, op->start, op->end, index};
		switch (op->kind) {
		case PL_OP_DELETE:
		case PL_OP_MOVE:
			x.kind = TOUCH_REMOVE;
			break;
		case PL_OP_EDIT:
			x.kind = TOUCH_SPAN;
			break;
		case PL_OP_INSERT:
			/* Two new points with one label cannot both be adopted. */
			x.key = label_key(t, op->label);
			x.kind = TOUCH_WHOLE;
			break;
		case PL_OP_RENAME_PART:
			x.key = part_key(&t->part_keys, &t->part_key_count, op->part);
			break;
		default:
			break;
		}
		if (x.key)
			add_touch(&t->items, &t->count, &t->capacity, x);
		if ((op->kind == PL_OP_INSERT || op->kind == PL_OP_MOVE) && op->after)
			add_touch(&t->items, &t->count, &t->capacity,
			          (touch){op->after, TOUCH_ANCHOR, NULL, 0, 0, index});
	}
}

static void touches_free(touches *t)
{
	for (size_t i = 0; i < t->part_key_count; i++)
		free(t->part_keys[i]);
	free(t->part_keys);
	for (size_t i = 0; i < t->label_key_count; i++)
		free(t->label_keys[i]);
	free(t->label_keys);
	free(t->items);
}

/* Two touches of the same point. */
static int touches_collide(const touch *x, const touch *y)
{
	if (x->amendment == y->amendment)
		return 0;
	if (x->kind == TOUCH_REMOVE || y->kind == TOUCH_REMOVE)
		return 1;
	if (x->kind == TOUCH_ANCHOR || y->kind == TOUCH_ANCHOR)
		return 0;
	if (x->kind == TOUCH_WHOLE || y->kind == TOUCH_WHOLE)
		return 1;
	if (strcmp(x->item ? x->item : "", y->item ? y->item : "") != 0)
		return 0;
	/* Two spans of one text: overlapping words, or two insertions at one
	 * place, or an insertion inside the other's span. */
	if (x->start == x->end && y->start == y->end)
		return x->start == y->start;
	if (x->start == x->end)
		return x->start > y->start && x->start < y->end;
	if (y->start == y->end)
		return y->start > x->start && y->start < x->end;
	return x->start < y->end && y->start < x->end;
}

int pl_amendments_collide(const pl_amendment *a, const pl_amendment *b)
{
	touches ta = {0}, tb = {0};
	collect_touches(&ta, a, 0);
	collect_touches(&tb, b, 1);
	int collide = 0;
	for (size_t i = 0; i < ta.count && !collide; i++)
		for (size_t j = 0; j < tb.count && !collide; j++)
			collide = strcmp(ta.items[i].key, tb.items[j].key) == 0 &&
			          touches_collide(&ta.items[i], &tb.items[j]);
	touches_free(&ta);
	touches_free(&tb);
	return collide;
}

/* --- distance -------------------------------------------------------- */

static size_t text_distance(const char *a, const char *b)
{
	pl_text_diff diff;
	if (pl_text_diff_compute(&diff, a, strlen(a), b, strlen(b), 0, NULL) != 0)
		return pl_token_word_count(a, 0) + pl_token_word_count(b, 0);
	size_t d = diff.words_deleted + diff.words_inserted;
	pl_text_diff_free(&diff);
	return d;
}

/* An edit's distance is that of the words it really changes, however much
 * of the text around them it quotes: the point before against the point
 * after, on a copy of that point alone. */
static size_t edit_distance(const pl_point *point, const pl_amend_op *op, const char *old)
{
	pl_doc *one = pl_doc_new();
	pl_point *copy = pl_doc_add_point(one, PL_NO_PART, point->id, point->label, point->text);
	for (size_t k = 0; k < point->item_count; k++)
		pl_point_add_item(copy, point->items[k].label, point->items[k].text);
	pl_amendment alone = {.id = (char *)"", .ops = (pl_amend_op *)op, .op_count = 1};
	int64_t serial = 1;
	size_t d = 1;
	if (pl_amendment_apply(one, &alone, &serial, NULL) == 0) {
		char *now = pl_point_full_text(&one->points[0]);
		d = text_distance(old, now);
		free(now);
	}
	pl_doc_free(one);
	return d;
}

static size_t op_distance(const pl_amend_op *op, const pl_doc *base)
{
	size_t index = op->point ? pl_doc_index_of(base, op->point) : PL_NO_PART;
	const pl_point *point = index == PL_NO_PART ? NULL : &base->points[index];
	char *old = point ? pl_point_full_text(point) : NULL;
	size_t d = 1;
	switch (op->kind) {
	case PL_OP_REPLACE:
		d = old ? text_distance(old, op->text ? op->text : "") : 1;
		break;
	case PL_OP_EDIT:
		d = point ? edit_distance(point, op, old) : 1;
		break;
	case PL_OP_INSERT:
		d = pl_token_word_count(op->text, 0);
		break;
	case PL_OP_DELETE:
		d = old ? pl_token_word_count(old, 0) : 1;
		break;
	case PL_OP_RENAME_PART:
		d = op->part < base->part_count
		        ? text_distance(base->parts[op->part].heading, op->text ? op->text : "")
		        : 1;
		break;
	default:
		break;
	}
	free(old);
	return d ? d : 1;
}

size_t pl_amendment_distance(const pl_amendment *a, const pl_doc *base)
{
	size_t d = 0;
	for (size_t i = 0; i < a->op_count; i++)
		d += op_distance(&a->ops[i], base);
	return d;
}

/* --- the voting list ------------------------------------------------- */

static size_t find_root(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void unite(size_t *parent, size_t a, size_t b)
{
	a = find_root(parent, a);
	b = find_root(parent, b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b;
}

static int compare_touch_keys(const void *left, const void *right)
{
	const touch *x = left, *y = right;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if ((c = strcmp(x->item ? x->item : "", y->item ? y->item : "")))
		return c;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->amendment > y->amendment) - (x->amendment < y->amendment);
}

/* Unites the amendments whose touches of one point collide: a removal
 * with everything, a whole-text change with all but anchors, and spans by
 * a sweep over their sorted starts. */
static void unite_group(size_t *parent, const touch *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != TOUCH_REMOVE && t[i].kind != TOUCH_WHOLE)
			continue;
		for (size_t j = 0; j < n; j++)
			if (t[i].kind == TOUCH_REMOVE || t[j].kind != TOUCH_ANCHOR)
				unite(parent, t[i].amendment, t[j].amendment);
	}
	const touch *run = NULL;
	size_t max_end = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != TOUCH_SPAN)
			continue;
		int same_text =
		    run && strcmp(run->item ? run->item : "", t[i].item ? t[i].item : "") == 0;
		int overlaps = same_text && (t[i].start < max_end ||
		                             (t[i].start == t[i].end && run->start == run->end &&
		                              t[i].start == run->start));
		if (overlaps)
			unite(parent, run->amendment, t[i].amendment);
		if (!overlaps || t[i].end > max_end)
			max_end = overlaps && max_end > t[i].end ? max_end : t[i].end;
		if (!overlaps || t[i].start == t[i].end)
			run = &t[i];
	}
}

typedef struct ranked {
	size_t index, distance;
} ranked;

static int compare_ranked(const void *left, const void *right)
{
	const ranked *x = left, *y = right;
	if (x->distance != y->distance)
		return x->distance > y->distance ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static void order_group(pl_vote_group *group, ranked *members, size_t n,
                        const pl_amendment *const *amendments)
{
	qsort(members, n, sizeof *members, compare_ranked);
	group->entries = pl_calloc(n, sizeof *group->entries);
	group->count = n;
	for (size_t i = 0; i < n; i++) {
		pl_vote_entry *e = &group->entries[i];
		e->amendment = members[i].index;
		e->distance = members[i].distance;
		for (size_t j = i + 1; j < n; j++)
			if (pl_amendments_collide(amendments[members[i].index],
			                          amendments[members[j].index])) {
				e->falls =
				    pl_realloc(e->falls, (e->fall_count + 1) * sizeof *e->falls);
				e->falls[e->fall_count++] = members[j].index;
			}
	}
}

void pl_voting_list_compute(pl_voting_list *out, const pl_amendment *const *amendments,
                            size_t count, const pl_doc *base)
{
	memset(out, 0, sizeof *out);
	touches t = {0};
	for (size_t i = 0; i < count; i++)
		collect_touches(&t, amendments[i], i);
	if (t.count)
		qsort(t.items, t.count, sizeof *t.items, compare_touch_keys);
	size_t *parent = pl_malloc((count + 1) * sizeof *parent);
	for (size_t i = 0; i < count; i++)
		parent[i] = i;
	for (size_t i = 0; i < t.count;) {
		size_t j = i;
		while (j < t.count && strcmp(t.items[j].key, t.items[i].key) == 0)
			j++;
		unite_group(parent, t.items + i, j - i);
		i = j;
	}
	touches_free(&t);
	/* Members of each root, in index order; roots in index order too. */
	size_t *size = pl_calloc(count + 1, sizeof *size);
	for (size_t i = 0; i < count; i++)
		size[find_root(parent, i)]++;
	ranked *members = pl_malloc((count + 1) * sizeof *members);
	out->alone = pl_malloc((count + 1) * sizeof *out->alone);
	out->groups = pl_calloc(count + 1, sizeof *out->groups);
	for (size_t root = 0; root < count; root++) {
		if (find_root(parent, root) != root)
			continue;
		if (size[root] == 1) {
			out->alone[out->alone_count++] = root;
			continue;
		}
		size_t n = 0;
		for (size_t i = root; i < count && n < size[root]; i++)
			if (find_root(parent, i) == root)
				members[n++] =
				    (ranked){i, pl_amendment_distance(amendments[i], base)};
		order_group(&out->groups[out->group_count++], members, n, amendments);
	}
	free(members);
	free(size);
	free(parent);
}

void pl_voting_list_free(pl_voting_list *list)
{
	for (size_t g = 0; g < list->group_count; g++) {
		for (size_t i = 0; i < list->groups[g].count; i++)
			free(list->groups[g].entries[i].falls);
		free(list->groups[g].entries);
	}
	free(list->groups);
	free(list->alone);
	memset(list, 0, sizeof *list);
}
