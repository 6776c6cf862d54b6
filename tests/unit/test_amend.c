/* Tests of amendments as pure operations: applying, quoting, collisions
 * and the voting list — with property tests on random documents. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/amend.h"
#include "parley/buf.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "amend_int.h"
#include "parley/lines.h"

static pl_doc *parse(const char *text)
{
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, text, strlen(text), "t.md", &err))
		fail_msg("parse: %s", err.message);
	for (size_t i = 0; i < doc->point_count; i++) {
		char id[32];
		snprintf(id, sizeof id, "p%zu", i + 1);
		pl_point_set_id(&doc->points[i], id);
	}
	return doc;
}

static char *render(const pl_doc *doc)
{
	pl_buf out = PL_BUF_INIT;
	pl_markdown_write(&out, doc);
	return pl_buf_detach(&out);
}

static const char plan[] = "# T\n\n## One\n\n1. The strength is capped at 600,000 personnel.\n\n"
                           "2. NATO undertakes not to station troops in Ukraine.\n\n"
                           "3. Territory: (a) first clause; (b) second clause.\n\n## Two\n\n"
                           "4. Elections are held within 100 days.\n";

static void test_operations(void **state)
{
	(void)state;
	pl_doc *doc = parse(plan);
	pl_amendment *a = pl_amendment_new("A1");
	pl_error err;
	pl_amend_op *edit = pl_amendment_add_op(a, PL_OP_EDIT, "p1", "800,000");
	assert_int_equal(pl_edit_locate(edit, doc, "600,000", &err), 0);
	assert_int_equal(edit->start, 5);
	assert_int_equal(edit->end, 6);
	pl_amend_op *item = pl_amendment_add_op(a, PL_OP_EDIT, "p3", "amended");
	item->item = strdup("b");
	assert_int_equal(pl_edit_locate(item, doc, "second", &err), 0);
	pl_amend_op *ins = pl_amendment_add_op(a, PL_OP_INSERT, NULL, "A new point.");
	ins->after = strdup("p2");
	ins->label = strdup("2 bis");
	pl_amendment_add_op(a, PL_OP_DELETE, "p4", NULL);
	pl_amend_op *rel = pl_amendment_add_op(a, PL_OP_RELABEL, "p2", NULL);
	rel->label = strdup("2a");
	pl_amend_op *part = pl_amendment_add_op(a, PL_OP_RENAME_PART, NULL, "Part one");
	part->part = 0;
	int64_t serial = 10;
	assert_int_equal(pl_amendment_apply(doc, a, &serial, &err), 0);
	assert_string_equal(doc->points[0].text, "The strength is capped at 800,000 personnel.");
	assert_string_equal(doc->points[1].label, "2a");
	assert_string_equal(doc->points[2].label, "2 bis");
	assert_string_equal(doc->points[2].id, "p10");
	assert_string_equal(doc->points[3].items[1].text, "amended clause.");
	assert_int_equal(doc->point_count, 4);
	assert_string_equal(doc->parts[0].heading, "Part one");
	pl_amendment_free(a);
	pl_doc_free(doc);
}

static void test_bad_operations(void **state)
{
	(void)state;
	pl_doc *doc = parse(plan);
	pl_error err;
	pl_amendment *a = pl_amendment_new("A1");
	pl_amend_op *edit = pl_amendment_add_op(a, PL_OP_EDIT, "p1", "x");
	assert_int_equal(pl_edit_locate(edit, doc, "capped at 700,000", &err), PL_EINVALID);
	assert_non_null(
	    strstr(err.message, "is not in point 1; closest match: 'capped at 600,000'"));
	edit->start = 7;
	edit->end = 12;
	int64_t serial = 10;
	assert_int_equal(pl_amendment_apply(doc, a, &serial, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "past the end of point 1"));
	pl_amendment_free(a);
	a = pl_amendment_new("A2");
	pl_amendment_add_op(a, PL_OP_DELETE, "p99", NULL);
	assert_int_equal(pl_amendment_apply(doc, a, &serial, &err), PL_ENOTFOUND);
	pl_amendment_free(a);
	a = pl_amendment_new("A3");
	pl_amend_op *rel = pl_amendment_add_op(a, PL_OP_RELABEL, "p2", NULL);
	rel->label = strdup("1");
	assert_int_equal(pl_amendment_apply(doc, a, &serial, &err), PL_ECONFLICT);
	pl_amendment_free(a);
	pl_doc_free(doc);
}

static pl_amendment *edit_of(const char *id, const char *point, size_t start, size_t end,
                             const char *text)
{
	pl_amendment *a = pl_amendment_new(id);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, point, text);
	op->start = start;
	op->end = end;
	return a;
}

static void test_collisions(void **state)
{
	(void)state;
	pl_amendment *x = edit_of("A1", "p1", 0, 2, "a"), *y = edit_of("A2", "p1", 1, 3, "b");
	pl_amendment *z = edit_of("A3", "p1", 3, 4, "c"), *w = edit_of("A4", "p2", 0, 1, "d");
	pl_amendment *del = pl_amendment_new("A5");
	pl_amendment_add_op(del, PL_OP_DELETE, "p1", NULL);
	assert_true(pl_amendments_collide(x, y));
	assert_true(pl_amendments_collide(y, x));
	assert_false(pl_amendments_collide(x, z));
	assert_false(pl_amendments_collide(y, z)); /* [1,3) and [3,4) touch, do not overlap */
	assert_false(pl_amendments_collide(x, w));
	assert_true(pl_amendments_collide(del, z));
	assert_false(pl_amendments_collide(del, w));
	pl_amendment_free(x);
	pl_amendment_free(y);
	pl_amendment_free(z);
	pl_amendment_free(w);
	pl_amendment_free(del);
}

/* --- properties on random documents -------------------------------------- */

static unsigned rng(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffff;
}

static pl_doc *random_doc(unsigned *seed, size_t points)
{
	static const char *const words[] = {"peace",   "troops", "border", "ceasefire",
	                                    "600,000", "NATO",   "assets", "the",
	                                    "and",     "shall",  "not",    "elections"};
	pl_buf md = PL_BUF_INIT;
	pl_buf_puts(&md, "# Random\n\n");
	for (size_t i = 0; i < points; i++) {
		pl_buf_printf(&md, "%zu.", i + 1);
		size_t n = 3 + rng(seed) % 10;
		for (size_t k = 0; k < n; k++)
			pl_buf_printf(&md, " %s", words[rng(seed) % 12]);
		pl_buf_puts(&md, ".\n\n");
	}
	pl_doc *doc = parse(md.ptr);
	pl_buf_free(&md);
	return doc;
}

static size_t word_count(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n++;
		while (*p && *p != ' ')
			p++;
	}
	return n + 1; /* punctuation splits off the final dot: an upper bound */
}

static pl_amendment *random_amendment(unsigned *seed, const pl_doc *doc, size_t index)
{
	char id[32];
	snprintf(id, sizeof id, "A%03zu", index);
	pl_amendment *a = pl_amendment_new(id);
	const pl_point *p = &doc->points[rng(seed) % doc->point_count];
	switch (rng(seed) % 5) {
	case 0:
		pl_amendment_add_op(a, PL_OP_REPLACE, p->id, "Replaced wording.");
		break;
	case 1:
		pl_amendment_add_op(a, PL_OP_DELETE, p->id, NULL);
		break;
	case 2: {
		pl_amend_op *op = pl_amendment_add_op(a, PL_OP_INSERT, NULL, "Inserted point.");
		op->after = strdup(p->id);
		char label[32];
		snprintf(label, sizeof label, "%s bis", p->label);
		op->label = strdup(label);
		/* Two insertions of one label after one point collide by label;
		 * give each its own. */
		snprintf(label, sizeof label, "%zu", 1000 + index);
		free(op->label);
		op->label = strdup(label);
		break;
	}
	default: {
		size_t words = word_count(p->text) - 1;
		size_t start = rng(seed) % words, end = start + rng(seed) % (words - start + 1);
		pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, p->id, "EDIT");
		op->start = start;
		op->end = end;
		break;
	}
	}
	return a;
}

/* Non-colliding sets give the same text in any order; collisions are
 * symmetric; the voting list is deterministic and every amendment that
 * falls collides with the one adopted. */
static void test_properties(void **state)
{
	(void)state;
	unsigned seed = 20251123;
	for (int round = 0; round < 300; round++) {
		pl_doc *base = random_doc(&seed, 3 + rng(&seed) % 8);
		size_t count = 2 + rng(&seed) % 10;
		pl_amendment **all = calloc(count, sizeof *all);
		for (size_t i = 0; i < count; i++)
			all[i] = random_amendment(&seed, base, i);
		for (size_t i = 0; i < count; i++)
			for (size_t j = 0; j < count; j++)
				assert_int_equal(pl_amendments_collide(all[i], all[j]),
				                 pl_amendments_collide(all[j], all[i]));
		/* A greedy non-colliding subset, applied forwards and backwards. */
		const pl_amendment **set = calloc(count, sizeof *set),
		                   **reversed = calloc(count, sizeof *set);
		size_t n = 0;
		for (size_t i = 0; i < count; i++) {
			int ok = 1;
			for (size_t k = 0; k < n && ok; k++)
				ok = !pl_amendments_collide(all[i], set[k]);
			if (ok)
				set[n++] = all[i];
		}
		for (size_t k = 0; k < n; k++)
			reversed[k] = set[n - 1 - k];
		pl_doc *x = pl_doc_clone(base), *y = pl_doc_clone(base);
		int64_t sx = 100, sy = 100;
		pl_error err;
		int rx = pl_amendments_apply(x, set, n, &sx, &err);
		int ry = pl_amendments_apply(y, reversed, n, &sy, &err);
		assert_int_equal(rx, ry);
		if (rx == 0) {
			char *tx = render(x), *ty = render(y);
			assert_string_equal(tx, ty);
			free(tx);
			free(ty);
		}
		/* The voting list twice gives the same; falls are collisions. */
		pl_voting_list l1, l2;
		pl_voting_list_compute(&l1, (const pl_amendment *const *)all, count, base);
		pl_voting_list_compute(&l2, (const pl_amendment *const *)all, count, base);
		assert_int_equal(l1.group_count, l2.group_count);
		for (size_t g = 0; g < l1.group_count; g++) {
			assert_int_equal(l1.groups[g].count, l2.groups[g].count);
			for (size_t e = 0; e < l1.groups[g].count; e++) {
				const pl_vote_entry *v = &l1.groups[g].entries[e];
				assert_int_equal(v->amendment, l2.groups[g].entries[e].amendment);
				if (e > 0)
					assert_true(l1.groups[g].entries[e - 1].distance >=
					            v->distance);
				for (size_t f = 0; f < v->fall_count; f++)
					assert_true(pl_amendments_collide(all[v->amendment],
					                                  all[v->falls[f]]));
			}
		}
		pl_voting_list_free(&l1);
		pl_voting_list_free(&l2);
		pl_doc_free(x);
		pl_doc_free(y);
		free(set);
		free(reversed);
		for (size_t i = 0; i < count; i++)
			pl_amendment_free(all[i]);
		free(all);
		pl_doc_free(base);
	}
}

/* 10,000 amendments group without pairwise comparison of all of them. */
static void test_large_voting_list(void **state)
{
	(void)state;
	unsigned seed = 7;
	pl_doc *base = random_doc(&seed, 500);
	size_t count = 2000;
	pl_amendment **all = calloc(count, sizeof *all);
	for (size_t i = 0; i < count; i++)
		all[i] = random_amendment(&seed, base, i);
	pl_voting_list list;
	pl_voting_list_compute(&list, (const pl_amendment *const *)all, count, base);
	size_t total = list.alone_count;
	for (size_t g = 0; g < list.group_count; g++)
		total += list.groups[g].count;
	assert_int_equal(total, count);
	assert_true(list.group_count > 10);
	pl_voting_list_free(&list);
	for (size_t i = 0; i < count; i++)
		pl_amendment_free(all[i]);
	free(all);
	pl_doc_free(base);
}

/* Forty edits of one point, given in a shuffled order, each replacing one
 * of its words: every other word of the result is the edit's. */
static void test_many_edits_of_one_point(void **state)
{
	(void)state;
	pl_buf md = PL_BUF_INIT;
	pl_buf_puts(&md, "# Long\n\n1.");
	for (int w = 0; w < 80; w++)
		pl_buf_printf(&md, " w%d", w);
	pl_buf_puts(&md, "\n");
	pl_doc *doc = parse(md.ptr);
	pl_buf_free(&md);
	enum { EDITS = 40 };
	pl_amendment *all[EDITS];
	unsigned seed = 99;
	for (int k = 0; k < EDITS; k++) {
		char id[16], text[16];
		snprintf(id, sizeof id, "E%02d", k);
		snprintf(text, sizeof text, "X%d", 2 * k);
		all[k] = pl_amendment_new(id);
		pl_amend_op *op = pl_amendment_add_op(all[k], PL_OP_EDIT, "p1", text);
		op->start = (size_t)(2 * k);
		op->end = op->start + 1;
	}
	for (int k = EDITS - 1; k > 0; k--) {
		int j = (int)(rng(&seed) % (unsigned)(k + 1));
		pl_amendment *t = all[k];
		all[k] = all[j];
		all[j] = t;
	}
	int64_t serial = 2;
	pl_error err;
	assert_int_equal(
	    pl_amendments_apply(doc, (const pl_amendment *const *)all, EDITS, &serial, &err), 0);
	pl_buf want = PL_BUF_INIT;
	for (int w = 0; w < 80; w++)
		pl_buf_printf(&want, "%s%c%d", w ? " " : "", w % 2 ? 'w' : 'X', w);
	assert_string_equal(doc->points[0].text, want.ptr);
	pl_buf_free(&want);
	for (int k = 0; k < EDITS; k++)
		pl_amendment_free(all[k]);
	pl_doc_free(doc);
}

/* Several insertions and deletions of one set, placed in one pass, give
 * what placing them one by one gives: the same text, the same new ids, the
 * same error. Insertions crowd a few anchors (some of them deleted too), and
 * their labels clash now and then, with the base or with each other. */
static void test_one_pass_placement(void **state)
{
	(void)state;
	unsigned seed = 4242;
	for (int round = 0; round < 400; round++) {
		pl_doc *base = random_doc(&seed, 3 + rng(&seed) % 12);
		size_t count = 1 + rng(&seed) % 14;
		pl_amendment **all = calloc(count, sizeof *all);
		for (size_t i = 0; i < count; i++) {
			char id[32];
			snprintf(id, sizeof id, "B%02u", rng(&seed) % 40);
			all[i] = pl_amendment_new(id);
			size_t ops = 1 + rng(&seed) % 3;
			for (size_t k = 0; k < ops; k++) {
				const pl_point *p =
				    &base->points[rng(&seed) %
				                  (base->point_count < 4 ? base->point_count : 4)];
				unsigned kind = rng(&seed) % 8;
				if (kind == 0) {
					pl_amendment_add_op(all[i], PL_OP_DELETE,
					                    rng(&seed) % 20 ? p->id : "p404", NULL);
				} else if (kind == 1) {
					pl_amend_op *op = pl_amendment_add_op(all[i], PL_OP_EDIT,
					                                      p->id, "changed");
					op->start = 0;
					op->end = 1;
				} else {
					pl_amend_op *op = pl_amendment_add_op(all[i], PL_OP_INSERT,
					                                      NULL, "New point.");
					op->after = strdup(rng(&seed) % 25 ? p->id : "p999");
					char label[32];
					unsigned pick = rng(&seed) % 30;
					snprintf(label, sizeof label, "%u",
					         pick == 0 ? 1 : 100 + pick);
					op->label =
					    strdup(rng(&seed) % 40 ? label : "not a label!");
				}
			}
		}
		pl_doc *x = pl_doc_clone(base), *y = pl_doc_clone(base);
		int64_t sx = 500, sy = 500;
		pl_error ex, ey;
		int rx = pl_amendments_apply(x, (const pl_amendment *const *)all, count, &sx, &ex);
		pl_amend_one_by_one = 1;
		int ry = pl_amendments_apply(y, (const pl_amendment *const *)all, count, &sy, &ey);
		pl_amend_one_by_one = 0;
		assert_int_equal(rx, ry);
		if (rx == 0) {
			assert_int_equal(sx, sy);
			assert_int_equal(x->point_count, y->point_count);
			for (size_t i = 0; i < x->point_count; i++) {
				assert_string_equal(x->points[i].id, y->points[i].id);
				assert_int_equal(x->points[i].part, y->points[i].part);
			}
			char *tx = render(x), *ty = render(y);
			assert_string_equal(tx, ty);
			free(tx);
			free(ty);
		} else {
			assert_string_equal(ex.message, ey.message);
		}
		pl_doc_free(x);
		pl_doc_free(y);
		for (size_t i = 0; i < count; i++)
			pl_amendment_free(all[i]);
		free(all);
		pl_doc_free(base);
	}
}

/* Lines: wrapped at 72 columns, numbered within the point through its
 * sub-items, words never cut; wide characters take two columns. */
static void test_lines(void **state)
{
	(void)state;
	pl_doc *doc =
	    parse("# T\n\n1. aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll "
	          "mmmm nnnn oooo pppp: (a) short; (b) tail.\n\n"
	          "2. 中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中 x\n\n"
	          "3.\n");
	pl_line_list lines = PL_LINE_LIST_INIT;
	pl_point_lines(&lines, &doc->points[0]);
	/* "1. " takes 3 columns: 69 left, 14 words of 4 and 13 blanks. */
	assert_int_equal(lines.count, 4);
	assert_true(lines.lines[0].item == PL_LEAD_TEXT);
	assert_int_equal(lines.lines[0].start, 0);
	assert_int_equal(lines.lines[0].end, 69);
	assert_int_equal(lines.lines[1].start, 70);
	assert_int_equal(lines.lines[1].indent, 3);
	assert_int_equal(lines.lines[2].item, 0);
	assert_int_equal(lines.lines[3].item, 1);
	size_t first, last;
	assert_int_equal(pl_lines_covering(&lines, PL_LEAD_TEXT, 65, 74, &first, &last), 0);
	assert_int_equal(first, 1);
	assert_int_equal(last, 2);
	assert_int_equal(pl_lines_covering(&lines, 1, 0, 0, &first, &last), 0);
	assert_int_equal(first, 4);
	assert_int_equal(last, 4);
	pl_buf out = PL_BUF_INIT;
	pl_line_write(&out, &doc->points[0], &lines, 2);
	assert_string_equal(out.ptr, "   oooo pppp:");
	/* 34 wide characters are 68 columns: with "2. " they fill 71. */
	pl_point_lines(&lines, &doc->points[1]);
	assert_int_equal(lines.count, 2);
	/* An empty text still has its line. */
	pl_point_lines(&lines, &doc->points[2]);
	assert_int_equal(lines.count, 1);
	assert_int_equal(lines.lines[0].end, 0);
	pl_buf_free(&out);
	pl_line_list_free(&lines);
	pl_doc_free(doc);
}

/* Near misses name the closest phrase of as many words, loosely compared,
 * and the sub-item words are in; lines are checked. */
static void test_locate_messages(void **state)
{
	(void)state;
	pl_doc *doc = parse(plan);
	pl_error err;
	pl_amend_op op = {.kind = PL_OP_EDIT, .point = "p1"};
	assert_int_equal(pl_edit_locate(&op, doc, "600000", &err), PL_EINVALID);
	assert_string_equal(err.message,
	                    "'600000' is not in point 1; closest match: '600,000' on line 1");
	op.point = "p3";
	assert_int_equal(pl_edit_locate(&op, doc, "second clause", &err), PL_EINVALID);
	assert_string_equal(err.message, "'second clause' is not in point 3: it is in 3(b), line "
	                                 "3: write '3(b): second clause -> …'");
	op.point = "p1";
	assert_int_equal(pl_edit_locate_lines(&op, doc, 2, 2, "capped", &err), PL_EINVALID);
	assert_string_equal(err.message, "point 1 has 1 line");
	assert_int_equal(pl_edit_locate_lines(&op, doc, 1, 1, "capped at", &err), 0);
	assert_int_equal(op.start, 3);
	assert_int_equal(op.end, 5);
	op.point = "p3";
	assert_int_equal(pl_edit_span_lines(&op, doc, 2, 2, &err), 0);
	assert_string_equal(op.item, "a");
	assert_int_equal(op.start, 0);
	assert_int_equal(op.end, 3);
	free(op.item);
	pl_doc_free(doc);
}

/* What an amendment shows: the points it touches with their lines, before
 * and after, and the redline, whole or compact. */
static void test_view(void **state)
{
	(void)state;
	pl_doc *doc = parse(plan);
	pl_error err;
	pl_amendment *a = pl_amendment_new("A1");
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, "p1", "700,000");
	assert_int_equal(pl_edit_locate(op, doc, "600,000", &err), 0);
	pl_amendment_add_op(a, PL_OP_DELETE, "p2", NULL);
	pl_amendment_add_op(a, PL_OP_INSERT, NULL, "New text here.")->label = pl_strdup("4a");
	a->ops[2].after = pl_strdup("p4");
	pl_amendment_view view;
	assert_int_equal(pl_amendment_view_compute(&view, a, doc, NULL, &err), 0);
	assert_int_equal(view.count, 3);
	pl_buf out = PL_BUF_INIT;
	pl_point_change_cite(&out, &view.changes[0]);
	assert_string_equal(out.ptr, "1, line 1");
	pl_buf_clear(&out);
	assert_int_equal(
	    pl_point_change_redline(&out, &view.changes[0], PL_FORMAT_TEXT, 0, 0, &err), 0);
	assert_string_equal(out.ptr,
	                    "1. The strength is capped at [-600,000-]{+700,000+} personnel.");
	pl_buf_clear(&out);
	assert_int_equal(
	    pl_point_change_redline(&out, &view.changes[0], PL_FORMAT_HTML, 0, 1, &err), 0);
	assert_string_equal(out.ptr,
	                    "1. The strength is capped at <del>600,000</del><ins>700,000</ins> "
	                    "personnel.");
	pl_buf_clear(&out);
	pl_point_change_cite(&out, &view.changes[1]);
	assert_string_equal(out.ptr, "2 (deleted), line 1");
	pl_buf_clear(&out);
	pl_point_change_cite(&out, &view.changes[2]);
	assert_string_equal(out.ptr, "4a (new)");
	pl_buf points = PL_BUF_INIT, change = PL_BUF_INIT;
	pl_point_index *index = pl_point_index_new(doc);
	assert_int_equal(pl_amendment_summary(&points, &change, a, doc, index, &err), 0);
	assert_string_equal(points.ptr, "1, line 1; 2 (deleted), line 1; 4a (new)");
	pl_point_index_free(index);
	pl_buf_free(&points);
	pl_buf_free(&change);
	pl_buf_free(&out);
	pl_amendment_view_free(&view);
	pl_amendment_free(a);
	pl_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_operations),
	    cmocka_unit_test(test_bad_operations),
	    cmocka_unit_test(test_collisions),
	    cmocka_unit_test(test_properties),
	    cmocka_unit_test(test_large_voting_list),
	    cmocka_unit_test(test_one_pass_placement),
	    cmocka_unit_test(test_many_edits_of_one_point),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_locate_messages),
	    cmocka_unit_test(test_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
