/* redline_check.c — checks a parley.textdiff/1 or parley.redline/1
 * document against its texts.
 *
 * usage: redline_check A B JSON
 *        redline_check --plan A.md B.md JSON
 *        redline_check --tokens FILE
 *
 * Verifies that the edits cover A and B in order (equal and deleted ranges
 * rebuild A, equal and inserted ranges rebuild B, equal ranges are equal
 * bytes, deleted and inserted texts are the bytes they name) and prints one
 * line:
 *
 *   valid RUNS WORDS_DELETED WORDS_INSERTED CHUNKS_DELETED CHUNKS_INSERTED
 *
 * where WORDS_* are the JSON's own counts (parley's tokens) and CHUNKS_* the
 * whitespace-separated words of A (of B) that a deleted (inserted) range
 * touches — the unit `tr -s '[:space:]' '\n'` gives GNU diff, so that the
 * two scripts can be compared in the same unit. Exits 1 on any mismatch.
 *
 * With --plan, JSON is the plan diff of the plans A.md and B.md (parley
 * diff --files A.md B.md --format json): every point of B appears once, in
 * order, and every point of A once, each with its label, text and
 * sub-items as the plans have them, and so are the title and the part
 * headings; the edits of every text rebuild both sides as above; and the
 * summary counts the unchanged points. Prints
 * "valid POINTS CHANGED EDITS" (entries, entries not unchanged, edits).
 *
 * With --tokens, prints the non-space tokens of FILE as parley's tokenizer
 * cuts them, one a line, for GNU diff to find the minimal script in
 * parley's own unit. */
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/token.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whitespace-separated words of text with a byte in a marked range. */
static size_t touched_chunks(const char *text, size_t len, const unsigned char *marked)
{
	size_t count = 0, i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		int touched = 0;
		size_t start = i;
		while (i < len && !isspace((unsigned char)text[i]))
			touched |= marked[i++];
		count += i > start && touched;
	}
	return count;
}

static int range(json_t *edit, const char *key, size_t *offset, size_t *length)
{
	json_t *r = json_object_get(edit, key);
	if (!json_is_array(r) || json_array_size(r) != 2)
		return -1;
	*offset = (size_t)json_integer_value(json_array_get(r, 0));
	*length = (size_t)json_integer_value(json_array_get(r, 1));
	return 0;
}

static int fail(const char *what, size_t index)
{
	fprintf(stderr, "redline_check: edit %zu: %s\n", index, what);
	return 1;
}

static int print_tokens(const char *path)
{
	pl_error err;
	char *text;
	size_t len;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	if (pl_file_read(path, (size_t)1 << 30, &text, &len, &err) ||
	    pl_token_split(&list, text, len, 0, &err)) {
		fprintf(stderr, "redline_check: %s\n", err.message);
		return 2;
	}
	for (size_t i = 0; i < list.count; i++) {
		const pl_token *t = &list.items[i];
		if (t->kind == PL_TOKEN_SPACE)
			continue;
		fwrite(text + t->offset, 1, t->length, stdout);
		putchar('\n');
	}
	pl_token_list_free(&list);
	free(text);
	return fflush(stdout) == 0 ? 0 : 2;
}

/* Checks edits against texts a and b: in order, equal ranges equal,
 * deleted and inserted texts the bytes they name, both texts covered.
 * Marks deleted (inserted) bytes in del (ins) when they are not NULL.
 * NULL, or what is wrong with edit *bad. */
static const char *check_edits(json_t *edits, const char *a, size_t a_len, const char *b,
                               size_t b_len, unsigned char *del, unsigned char *ins, size_t *bad)
{
	size_t a_pos = 0, b_pos = 0, n = json_array_size(edits);
	for (size_t k = 0; k < n; k++) {
		json_t *e = json_array_get(edits, k);
		const char *op = json_string_value(json_object_get(e, "op"));
		size_t ao = a_pos, al = 0, bo = b_pos, bl = 0;
		int is_eq = op && strcmp(op, "equal") == 0,
		    is_del = op && strcmp(op, "delete") == 0;
		int is_ins = op && strcmp(op, "insert") == 0;
		*bad = k;
		if ((!is_ins && range(e, "a", &ao, &al)) || (!is_del && range(e, "b", &bo, &bl)) ||
		    !(is_eq || is_del || is_ins))
			return "malformed";
		if (ao != a_pos || bo != b_pos || ao + al > a_len || bo + bl > b_len)
			return "not contiguous";
		if (is_eq && (al != bl || memcmp(a + ao, b + bo, al) != 0))
			return "equal ranges differ";
		const char *text = json_string_value(json_object_get(e, "text"));
		if (is_del && (!text || strlen(text) != al || memcmp(text, a + ao, al) != 0))
			return "deleted text is not a's bytes";
		if (is_ins && (!text || strlen(text) != bl || memcmp(text, b + bo, bl) != 0))
			return "inserted text is not b's bytes";
		if (is_del && del)
			memset(del + ao, 1, al);
		if (is_ins && ins)
			memset(ins + bo, 1, bl);
		a_pos += al;
		b_pos += bl;
	}
	*bad = n;
	return a_pos != a_len || b_pos != b_len ? "edits do not cover the texts" : NULL;
}

/* --- plan diffs ---------------------------------------------------------- */

typedef struct plan_check {
	const pl_doc *a, *b;
	size_t *a_by_label;    /* indexes of a's points, sorted by label */
	unsigned char *seen_a; /* per point of a: listed once */
	size_t next_b;         /* the point of b the next b entry must be */
	size_t entries, changed, edits;
	const char *what; /* the first thing wrong, or NULL */
	size_t where;     /* the entry it is in */
} plan_check;

static int wrong(plan_check *c, size_t entry, const char *what)
{
	if (!c->what) {
		c->what = what;
		c->where = entry;
	}
	return 1;
}

static const pl_doc *sorting; /* qsort passes no context */

static int by_label(const void *x, const void *y)
{
	return strcmp(sorting->points[*(const size_t *)x].label,
	              sorting->points[*(const size_t *)y].label);
}

/* The point of a labelled label, or NULL (labels are unique in a plan). */
static const pl_point *point_labelled(const plan_check *c, const char *label, size_t *index)
{
	size_t lo = 0, hi = c->a->point_count;
	while (label && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int order = strcmp(c->a->points[c->a_by_label[mid]].label, label);
		if (order == 0) {
			*index = c->a_by_label[mid];
			return &c->a->points[*index];
		}
		if (order < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int same_text(json_t *value, const char *text)
{
	return text ? json_is_string(value) && strcmp(json_string_value(value), text) == 0
	            : json_is_null(value);
}

/* A text change {change, [a], b, [words, edits]}: "a" defaults to "b", and
 * both are the texts of the plans; the edits rebuild them. */
static int check_change(plan_check *c, size_t entry, json_t *change, const char *a, const char *b)
{
	json_t *ja = json_object_get(change, "a"), *jb = json_object_get(change, "b");
	if (!json_object_get(change, "change"))
		return wrong(c, entry, "a text without its change");
	if (!same_text(ja ? ja : jb, a) || !same_text(jb, b))
		return wrong(c, entry, "a text is not the plan's");
	json_t *edits = json_object_get(change, "edits");
	if (!edits)
		return (a && b && strcmp(a, b) != 0) ? wrong(c, entry, "changed text without edits")
		                                     : 0;
	if (!a || !b)
		return wrong(c, entry, "edits of a text on one side only");
	size_t bad;
	const char *what = check_edits(edits, a, strlen(a), b, strlen(b), NULL, NULL, &bad);
	c->edits += json_array_size(edits);
	return what ? wrong(c, entry, what) : 0;
}

/* The sub-items of an entry: each item of a and of b once, in b's order. */
static int check_items(plan_check *c, size_t entry, json_t *items, const pl_point *a,
                       const pl_point *b)
{
	size_t listed_a = 0, listed_b = 0;
	for (size_t k = 0; k < json_array_size(items); k++) {
		json_t *item = json_array_get(items, k);
		const char *al = json_string_value(json_object_get(item, "a_label"));
		const char *bl = json_string_value(json_object_get(item, "b_label"));
		const pl_item *ia = NULL, *ib = NULL;
		for (size_t i = 0; a && al && !ia && i < a->item_count; i++)
			if (strcmp(a->items[i].label, al) == 0)
				ia = &a->items[i];
		if (bl && b && listed_b < b->item_count &&
		    strcmp(b->items[listed_b].label, bl) == 0)
			ib = &b->items[listed_b];
		if ((al && !ia) || (bl && !ib) || (!al && !bl))
			return wrong(c, entry, "an item that is not the plan's");
		listed_a += ia != NULL;
		listed_b += ib != NULL;
		if (check_change(c, entry, json_object_get(item, "text"), ia ? ia->text : NULL,
		                 ib ? ib->text : NULL))
			return 1;
	}
	if (listed_a != (a ? a->item_count : 0) || listed_b != (b ? b->item_count : 0))
		return wrong(c, entry, "items missing");
	return 0;
}

static int check_point(plan_check *c, size_t entry, json_t *point)
{
	const char *al = json_string_value(json_object_get(point, "a_label"));
	const char *bl = json_string_value(json_object_get(point, "b_label"));
	const char *change = json_string_value(json_object_get(point, "change"));
	size_t ai = 0;
	const pl_point *a = point_labelled(c, al, &ai), *b = NULL;
	if (bl) {
		if (c->next_b >= c->b->point_count ||
		    strcmp(c->b->points[c->next_b].label, bl) != 0)
			return wrong(c, entry, "b's points out of order");
		b = &c->b->points[c->next_b++];
	}
	if ((al && !a) || (!al && !bl) || !change)
		return wrong(c, entry, "a point that is not the plan's");
	if (a && c->seen_a[ai]++)
		return wrong(c, entry, "a point of a listed twice");
	c->changed += strcmp(change, "unchanged") != 0;
	if (check_change(c, entry, json_object_get(point, "text"), a ? a->text : NULL,
	                 b ? b->text : NULL))
		return 1;
	return check_items(c, entry, json_object_get(point, "items"), a, b);
}

/* The title and the part headings: each heading of b once, in order, and
 * each of a; their edits rebuild them. */
static int check_heads(plan_check *c, json_t *doc)
{
	if (check_change(c, 0, json_object_get(doc, "title"), c->a->title, c->b->title))
		return 1;
	json_t *parts = json_object_get(doc, "parts");
	size_t next_b = 0, listed_a = 0;
	for (size_t k = 0; k < json_array_size(parts); k++) {
		json_t *heading = json_object_get(json_array_get(parts, k), "heading");
		json_t *ja = json_object_get(heading, "a"), *jb = json_object_get(heading, "b");
		const char *a = json_string_value(ja ? ja : jb), *b = json_string_value(jb);
		int in_a = 0;
		for (size_t i = 0; a && i < c->a->part_count && !in_a; i++)
			in_a = strcmp(c->a->parts[i].heading, a) == 0;
		if (b && (next_b >= c->b->part_count || strcmp(c->b->parts[next_b++].heading, b)))
			return wrong(c, k, "b's part headings out of order");
		if ((a && !in_a) || (!a && !b))
			return wrong(c, k, "a part heading that is not the plan's");
		listed_a += a != NULL;
		if (check_change(c, k, heading, a, b))
			return 1;
	}
	if (next_b != c->b->part_count || listed_a != c->a->part_count)
		return wrong(c, 0, "part headings missing");
	return 0;
}

static pl_doc *parse_plan(const char *path)
{
	pl_error err;
	char *text;
	size_t len;
	pl_doc *doc = NULL;
	if (pl_file_read(path, (size_t)1 << 30, &text, &len, &err) ||
	    pl_markdown_parse(&doc, text, len, path, &err))
		fprintf(stderr, "redline_check: %s\n", err.message);
	free(text);
	return doc;
}

static int check_plan(const char *a_path, const char *b_path, const char *json_path)
{
	pl_doc *a = parse_plan(a_path), *b = a ? parse_plan(b_path) : NULL;
	json_error_t jerr;
	json_t *doc = b ? json_load_file(json_path, 0, &jerr) : NULL;
	json_t *points = doc ? json_object_get(doc, "points") : NULL;
	if (!json_is_array(points)) {
		fprintf(stderr, "redline_check: %s: no points\n", json_path);
		return 1;
	}
	plan_check c = {a,
	                b,
	                calloc(a->point_count + 1, sizeof(size_t)),
	                calloc(a->point_count + 1, 1),
	                0,
	                0,
	                0,
	                0,
	                NULL,
	                0};
	for (size_t i = 0; i < a->point_count; i++)
		c.a_by_label[i] = i;
	sorting = a;
	qsort(c.a_by_label, a->point_count, sizeof *c.a_by_label, by_label);
	size_t n = json_array_size(points);
	check_heads(&c, doc);
	for (size_t k = 0; k < n && !c.what; k++)
		check_point(&c, k, json_array_get(points, k));
	for (size_t i = 0; i < a->point_count && !c.what; i++)
		if (!c.seen_a[i])
			wrong(&c, n, "a point of a is missing");
	if (!c.what && c.next_b != b->point_count)
		wrong(&c, n, "a point of b is missing");
	json_t *summary = json_object_get(doc, "summary");
	if (!c.what &&
	    (size_t)json_integer_value(json_object_get(summary, "unchanged")) != n - c.changed)
		wrong(&c, n, "the summary's unchanged count");
	int rc = c.what ? fail(c.what, c.where) : 0;
	if (!rc)
		printf("valid %zu %zu %zu\n", n, c.changed, c.edits);
	free(c.seen_a);
	free(c.a_by_label);
	json_decref(doc);
	pl_doc_free(a);
	pl_doc_free(b);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--tokens") == 0)
		return print_tokens(argv[2]);
	if (argc == 5 && strcmp(argv[1], "--plan") == 0)
		return check_plan(argv[2], argv[3], argv[4]);
	if (argc != 4) {
		fprintf(stderr,
		        "usage: redline_check A B JSON | --plan A B JSON | --tokens FILE\n");
		return 2;
	}
	pl_error err;
	char *a, *b;
	size_t a_len, b_len;
	if (pl_file_read(argv[1], (size_t)1 << 30, &a, &a_len, &err) ||
	    pl_file_read(argv[2], (size_t)1 << 30, &b, &b_len, &err)) {
		fprintf(stderr, "redline_check: %s\n", err.message);
		return 2;
	}
	json_error_t jerr;
	json_t *doc = json_load_file(argv[3], 0, &jerr);
	json_t *edits = doc ? json_object_get(doc, "edits") : NULL;
	if (!json_is_array(edits)) {
		fprintf(stderr, "redline_check: %s: no edits (%s)\n", argv[3], jerr.text);
		return 1;
	}
	unsigned char *del = calloc(a_len + 1, 1), *ins = calloc(b_len + 1, 1);
	size_t bad;
	const char *what = check_edits(edits, a, a_len, b, b_len, del, ins, &bad);
	if (what)
		return fail(what, bad);
	json_t *words = json_object_get(doc, "words");
	printf("valid %zu %lld %lld %zu %zu\n", json_array_size(edits),
	       (long long)json_integer_value(json_object_get(words, "deleted")),
	       (long long)json_integer_value(json_object_get(words, "inserted")),
	       touched_chunks(a, a_len, del), touched_chunks(b, b_len, ins));
	json_decref(doc);
	free(del);
	free(ins);
	free(a);
	free(b);
	return 0;
}
