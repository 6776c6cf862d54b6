#include "parley/doc.h"
#include "parley/mem.h"
#include "parley/buf.h"
#include "doc_int.h"
#include "subitem_int.h"
#include "utf8_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

pl_doc *pl_doc_new(void)
{
	return pl_calloc(1, sizeof(pl_doc));
}

/* Packed points: a label and its text, one after the other, in blocks
 * the document owns (a long plan's points are many short strings, each of
 * which malloc would round up and head on its own). A point is packed
 * exactly when its text starts right after its label's NUL: two strings
 * malloc'd apart cannot lie so, and a packed point that changes its label
 * or text leaves the block for good (both strings copied out). */
typedef struct strings_block {
	struct strings_block *next;
	size_t used, size;
	char bytes[];
} strings_block;

struct pl_doc_strings {
	strings_block *blocks; /* the newest first */
};

#define STRINGS_BLOCK ((size_t)64 * 1024)

static char *strings_take(pl_doc *doc, size_t len)
{
	if (!doc->strings)
		doc->strings = pl_calloc(1, sizeof *doc->strings);
	strings_block *b = doc->strings->blocks;
	if (!b || b->size - b->used < len) {
		size_t size = len > STRINGS_BLOCK / 4 ? len : STRINGS_BLOCK;
		b = pl_malloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		/* a block of one long string goes behind the current one */
		if (size == len && doc->strings->blocks) {
			b->next = doc->strings->blocks->next;
			doc->strings->blocks->next = b;
		} else {
			b->next = doc->strings->blocks;
			doc->strings->blocks = b;
		}
	}
	char *at = b->bytes + b->used;
	b->used += len;
	return at;
}

static void strings_free(pl_doc *doc)
{
	if (!doc->strings)
		return;
	for (strings_block *b = doc->strings->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc->strings);
	doc->strings = NULL;
}

int pl_point_text_packed(const pl_point *point)
{
	return point->label && point->text &&
	       point->text == point->label + strlen(point->label) + 1;
}

static void point_release(pl_point *point)
{
	for (size_t i = 0; i < point->item_count; i++) {
		free(point->items[i].label);
		free(point->items[i].text);
	}
	free(point->items);
	free(point->id);
	if (!pl_point_text_packed(point)) {
		free(point->text);
		free(point->label);
	}
}

void pl_point_replace_text(pl_point *point, char *text)
{
	if (pl_point_text_packed(point))
		point->label = pl_strdup(point->label);
	else
		free(point->text);
	point->text = text;
}

void pl_point_set_label(pl_point *point, const char *label)
{
	if (pl_point_text_packed(point))
		point->text = pl_strdup(point->text);
	else
		free(point->label);
	point->label = pl_strdup(label ? label : "");
}

void pl_doc_free(pl_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->point_count; i++)
		point_release(&doc->points[i]);
	for (size_t i = 0; i < doc->part_count; i++) {
		free(doc->parts[i].heading);
		free(doc->parts[i].intro);
	}
	free(doc->points);
	free(doc->parts);
	free(doc->title);
	free(doc->preamble);
	strings_free(doc);
	free(doc);
}

static void copy_point(pl_doc *target, size_t part, const pl_point *p)
{
	pl_point *q = pl_doc_add_point(target, part, p->id, p->label, p->text);
	q->line = p->line;
	for (size_t k = 0; k < p->item_count; k++)
		pl_point_add_item(q, p->items[k].label, p->items[k].text);
}

pl_doc *pl_doc_clone(const pl_doc *doc)
{
	pl_doc *copy = pl_doc_new();
	pl_doc_set_title(copy, doc->title);
	pl_doc_set_preamble(copy, doc->preamble);
	for (size_t i = 0; i < doc->part_count; i++)
		pl_doc_add_part(copy, doc->parts[i].heading, doc->parts[i].intro);
	for (size_t i = 0; i < doc->point_count; i++)
		copy_point(copy, doc->points[i].part, &doc->points[i]);
	return copy;
}

void pl_doc_set_title(pl_doc *doc, const char *text)
{
	free(doc->title);
	doc->title = dup_or_null(text);
}

void pl_doc_set_preamble(pl_doc *doc, const char *text)
{
	free(doc->preamble);
	doc->preamble = dup_or_null(text);
}

size_t pl_doc_add_part(pl_doc *doc, const char *heading, const char *intro)
{
	doc->parts = pl_grow(doc->parts, &doc->part_capacity, doc->part_count + 1, sizeof(pl_part));
	pl_part *part = &doc->parts[doc->part_count];
	part->heading = pl_strdup(heading ? heading : "");
	part->intro = dup_or_null(intro);
	return doc->part_count++;
}

/* A new last point of part, all else empty. */
static pl_point *new_point(pl_doc *doc, size_t part)
{
	doc->points =
	    pl_grow(doc->points, &doc->point_capacity, doc->point_count + 1, sizeof(pl_point));
	pl_point *point = &doc->points[doc->point_count++];
	memset(point, 0, sizeof *point);
	point->part = part;
	return point;
}

pl_point *pl_doc_add_point_packed(pl_doc *doc, size_t part, const char *label, size_t label_len,
                                  const char *text)
{
	pl_point *point = new_point(doc, part);
	size_t text_len = strlen(text);
	char *both = strings_take(doc, label_len + 1 + text_len + 1);
	memcpy(both, label, label_len);
	both[label_len] = '\0';
	memcpy(both + label_len + 1, text, text_len + 1);
	point->label = both;
	point->text = both + label_len + 1;
	return point;
}

void pl_doc_reserve_points(pl_doc *doc, size_t count)
{
	if (count <= doc->point_capacity)
		return;
	doc->points = pl_realloc(doc->points, count * sizeof *doc->points);
	doc->point_capacity = count;
}

pl_point *pl_doc_add_point(pl_doc *doc, size_t part, const char *id, const char *label,
                           const char *text)
{
	pl_point *point = new_point(doc, part);
	point->id = dup_or_null(id);
	point->label = pl_strdup(label ? label : "");
	point->text = pl_strdup(text ? text : "");
	return point;
}

pl_point *pl_doc_insert_point(pl_doc *doc, size_t index, size_t part, const char *id,
                              const char *label, const char *text)
{
	pl_doc_add_point(doc, part, id, label, text);
	pl_point added = doc->points[doc->point_count - 1];
	memmove(&doc->points[index + 1], &doc->points[index],
	        (doc->point_count - 1 - index) * sizeof *doc->points);
	doc->points[index] = added;
	return &doc->points[index];
}

void pl_doc_remove_point(pl_doc *doc, size_t index)
{
	point_release(&doc->points[index]);
	memmove(&doc->points[index], &doc->points[index + 1],
	        (doc->point_count - index - 1) * sizeof *doc->points);
	doc->point_count--;
}

void pl_doc_remove_marked(pl_doc *doc, const unsigned char *marked)
{
	size_t kept = 0;
	for (size_t i = 0; i < doc->point_count; i++) {
		if (marked[i]) {
			point_release(&doc->points[i]);
			continue;
		}
		if (kept != i)
			doc->points[kept] = doc->points[i];
		kept++;
	}
	doc->point_count = kept;
}

size_t pl_doc_index_of(const pl_doc *doc, const char *id)
{
	for (size_t i = 0; i < doc->point_count; i++)
		if (doc->points[i].id && strcmp(doc->points[i].id, id) == 0)
			return i;
	return PL_NO_PART;
}

void pl_point_set_text(pl_point *point, const char *text)
{
	for (size_t i = 0; i < point->item_count; i++) {
		free(point->items[i].label);
		free(point->items[i].text);
	}
	free(point->items);
	point->items = NULL;
	point->item_count = 0;
	pl_point_replace_text(point, pl_strdup(text));
	pl_split_inline_items(point);
}

char *pl_point_full_text(const pl_point *point)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_puts(&out, point->text);
	for (size_t k = 0; k < point->item_count; k++)
		pl_buf_printf(&out, "%s(%s) %s", out.len ? " " : "", point->items[k].label,
		              point->items[k].text);
	return pl_buf_detach(&out);
}

void pl_point_add_item(pl_point *point, const char *label, const char *text)
{
	point->items = pl_realloc(point->items, (point->item_count + 1) * sizeof(pl_item));
	pl_item *item = &point->items[point->item_count++];
	item->label = pl_strdup(label ? label : "");
	item->text = pl_strdup(text ? text : "");
}

void pl_point_set_id(pl_point *point, const char *id)
{
	free(point->id);
	point->id = dup_or_null(id);
}

const pl_point *pl_doc_find_label(const pl_doc *doc, const char *label)
{
	for (size_t i = 0; i < doc->point_count; i++)
		if (strcmp(doc->points[i].label, label) == 0)
			return &doc->points[i];
	return NULL;
}

const pl_point *pl_doc_find_id(const pl_doc *doc, const char *id)
{
	for (size_t i = 0; i < doc->point_count; i++)
		if (doc->points[i].id && strcmp(doc->points[i].id, id) == 0)
			return &doc->points[i];
	return NULL;
}

void pl_doc_walk(const pl_doc *doc, const pl_doc_visitor *visitor, void *context)
{
	size_t next_part = 0;
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *point = &doc->points[i];
		while (point->part != PL_NO_PART && next_part <= point->part &&
		       next_part < doc->part_count) {
			if (visitor->part)
				visitor->part(context, &doc->parts[next_part]);
			next_part++;
		}
		if (visitor->point)
			visitor->point(context, point);
	}
	for (; next_part < doc->part_count; next_part++)
		if (visitor->part)
			visitor->part(context, &doc->parts[next_part]);
}

pl_doc *pl_doc_select_label(const pl_doc *doc, const char *label)
{
	pl_doc *selected = NULL;
	size_t *part_map = pl_malloc((doc->part_count + 1) * sizeof *part_map);
	for (size_t i = 0; i < doc->part_count; i++)
		part_map[i] = PL_NO_PART;
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *p = &doc->points[i];
		if (strcmp(p->label, label) != 0)
			continue;
		if (!selected) {
			selected = pl_doc_new();
			pl_doc_set_title(selected, doc->title);
		}
		size_t part = PL_NO_PART;
		if (p->part != PL_NO_PART) {
			if (part_map[p->part] == PL_NO_PART)
				part_map[p->part] =
				    pl_doc_add_part(selected, doc->parts[p->part].heading, NULL);
			part = part_map[p->part];
		}
		copy_point(selected, part, p);
	}
	free(part_map);
	return selected;
}

static int same_string(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int points_equal(const pl_point *a, const pl_point *b, int compare_ids)
{
	if (a->part != b->part || !same_string(a->label, b->label) ||
	    !same_string(a->text, b->text) || a->item_count != b->item_count)
		return 0;
	if (compare_ids && !same_string(a->id, b->id))
		return 0;
	for (size_t k = 0; k < a->item_count; k++)
		if (!same_string(a->items[k].label, b->items[k].label) ||
		    !same_string(a->items[k].text, b->items[k].text))
			return 0;
	return 1;
}

int pl_doc_equal(const pl_doc *a, const pl_doc *b, int compare_ids)
{
	if (!same_string(a->title, b->title) || !same_string(a->preamble, b->preamble) ||
	    a->part_count != b->part_count || a->point_count != b->point_count)
		return 0;
	for (size_t i = 0; i < a->part_count; i++)
		if (!same_string(a->parts[i].heading, b->parts[i].heading) ||
		    !same_string(a->parts[i].intro, b->parts[i].intro))
			return 0;
	for (size_t i = 0; i < a->point_count; i++)
		if (!points_equal(&a->points[i], &b->points[i], compare_ids))
			return 0;
	return 1;
}

/* Latin ordinal suffixes used in legal texts for inserted provisions. */
static const char *const ordinal_suffixes[] = {"bis",     "ter",    "quater", "quinquies", "sexies",
                                               "septies", "octies", "novies", "decies"};

static int is_ordinal_suffix(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof ordinal_suffixes / sizeof *ordinal_suffixes; i++)
		if (strlen(ordinal_suffixes[i]) == len && memcmp(ordinal_suffixes[i], s, len) == 0)
			return 1;
	return 0;
}

static size_t digit_run(const char *s, size_t len, size_t at)
{
	size_t i = at;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	return i - at;
}

int pl_label_valid(const char *label, size_t len)
{
	size_t digits = digit_run(label, len, 0);
	if (digits == 0 || digits > 9)
		return 0;
	size_t i = digits;
	while (i + 1 < len && label[i] == '.' && isdigit((unsigned char)label[i + 1])) {
		size_t more = digit_run(label, len, i + 1);
		if (more > 9)
			return 0;
		i += 1 + more;
	}
	if (i == len)
		return 1;
	if (i + 1 == len && islower((unsigned char)label[i]))
		return 1; /* 12a */
	if (i + 3 == len && label[i] == '(' && islower((unsigned char)label[i + 1]) &&
	    label[i + 2] == ')')
		return 1; /* 12(b) */
	if (label[i] == ' ' && is_ordinal_suffix(label + i + 1, len - i - 1))
		return 1; /* 3 bis */
	return 0;
}

static int check_text(const char *what, const char *text, size_t line, pl_error *err)
{
	size_t bad;
	if (text && !pl_utf8_valid(text, strlen(text), &bad))
		return pl_error_set(err, PL_EINVALID, "line %zu: %s is not valid UTF-8 (byte %zu)",
		                    line, what, bad);
	return 0;
}

static int validate_point(const pl_point *p, pl_error *err)
{
	if (!pl_label_valid(p->label, strlen(p->label)))
		return pl_error_set(err, PL_EINVALID, "line %zu: '%s' is not a point label",
		                    p->line, p->label);
	int rc = check_text("point text", p->text, p->line, err);
	for (size_t k = 0; rc == 0 && k < p->item_count; k++)
		rc = check_text("sub-item text", p->items[k].text, p->line, err);
	return rc;
}

static uint64_t part_label_hash(size_t part, const char *label)
{
	uint64_t h = 0xCBF29CE484222325ull ^ ((uint64_t)part * 0x9E3779B97F4A7C15ull);
	for (const unsigned char *c = (const unsigned char *)label; *c; c++)
		h = (h ^ *c) * 0x100000001B3ull;
	return h ^ (h >> 31);
}

/* The first point, in reading order, whose label an earlier point of the
 * same part already has, reported with that earlier point. One pass and
 * a hash table (a large plan has tens of thousands of points). */
static int check_duplicate_labels(const pl_doc *doc, pl_error *err)
{
	size_t size = 16;
	while (size < 2 * doc->point_count)
		size *= 2;
	/* point index + 1; a plan has far fewer than 2^32 points (its text
	 * is under 2 GiB), and the table is half the size of one of size_t */
	uint32_t *slots = pl_calloc(size, sizeof *slots);
	const pl_point *first = NULL, *second = NULL;
	for (size_t i = 0; i < doc->point_count && !second; i++) {
		const pl_point *p = &doc->points[i];
		size_t k = (size_t)part_label_hash(p->part, p->label) & (size - 1);
		for (; slots[k]; k = (k + 1) & (size - 1)) {
			const pl_point *q = &doc->points[slots[k] - 1];
			if (q->part == p->part && strcmp(q->label, p->label) == 0) {
				first = q;
				second = p;
				break;
			}
		}
		if (!second)
			slots[k] = (uint32_t)(i + 1);
	}
	free(slots);
	if (!second)
		return 0;
	return pl_error_set(err, PL_ECONFLICT,
	                    "line %zu: point %s appears twice in one part (first at line %zu)",
	                    second->line, second->label, first->line);
}

int pl_doc_validate(const pl_doc *doc, pl_error *err)
{
	if (doc->point_count == 0)
		return pl_error_set(err, PL_EINVALID, "no numbered points");
	int rc = check_text("title", doc->title, 1, err);
	for (size_t i = 0; rc == 0 && i < doc->point_count; i++)
		rc = validate_point(&doc->points[i], err);
	return rc ? rc : check_duplicate_labels(doc, err);
}

int pl_doc_validate_labels(const pl_doc *doc, pl_error *err)
{
	if (doc->point_count == 0)
		return pl_error_set(err, PL_EINVALID, "no numbered points");
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *p = &doc->points[i];
		if (!pl_label_valid(p->label, strlen(p->label)))
			return pl_error_set(err, PL_EINVALID, "line %zu: '%s' is not a point label",
			                    p->line, p->label);
	}
	return check_duplicate_labels(doc, err);
}
