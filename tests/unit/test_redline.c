/* Tests of the structural redline: matching, classification against the
 * hand-made gold set, sub-items, and the segments the outputs print. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/markdown.h"
#include "parley/redline.h"
#include "match_int.h"

static pl_redline *compare(const pl_doc *a, const pl_doc *b)
{
	pl_redline *r;
	pl_error err;
	if (pl_redline_compute(&r, a, b, NULL, &err))
		fail_msg("redline: %s", err.message);
	return r;
}

static const pl_point_diff *by_labels(const pl_redline *r, const char *b_label, const char *a_label)
{
	for (size_t k = 0; k < r->point_count; k++) {
		const pl_point_diff *pd = &r->points[k];
		if ((b_label ? pd->b && strcmp(pd->b->label, b_label) == 0 : !pd->b) &&
		    (a_label ? pd->a && strcmp(pd->a->label, a_label) == 0 : !pd->a))
			return pd;
	}
	return NULL;
}

/* The classification of every point of the European counter-version agrees
 * with tests/data/gold-counter-v28.tsv. */
static void test_gold_counter(void **state)
{
	(void)state;
	pl_doc *us = tu_sample("plan-us-28.md"), *eu = tu_sample("plan-eu-counter.md");
	pl_redline *r = compare(us, eu);
	char *path = tu_data_path("gold-counter-v28.tsv");
	FILE *gold = fopen(path, "r");
	assert_non_null(gold);
	char line[256];
	size_t rows = 0, agree = 0, strict_rows = 0, strict_agree = 0;
	assert_non_null(fgets(line, sizeof line, gold)); /* header */
	while (fgets(line, sizeof line, gold)) {
		char counter[32], original[32], change[32];
		if (sscanf(line, "%31s %31s %31s", counter, original, change) != 3)
			continue;
		const char *b_label = strcmp(counter, "-") == 0 ? NULL : counter;
		const pl_point_diff *pd = by_labels(r, b_label, original);
		rows++;
		int ok = pd && strcmp(pl_change_name(pd->change), change) == 0;
		agree += ok;
		if (strcmp(change, "unchanged") == 0 || strcmp(change, "deleted") == 0) {
			strict_rows++;
			strict_agree += ok;
		}
		if (!ok)
			print_message("gold %s/%s: %s, parley says %s\n", counter, original, change,
			              pd ? pl_change_name(pd->change) : "(no match)");
	}
	fclose(gold);
	free(path);
	print_message("agreement with gold-counter-v28.tsv: %zu/%zu (unchanged+deleted %zu/%zu)\n",
	              agree, rows, strict_agree, strict_rows);
	assert_int_equal(rows, 18);
	assert_int_equal(strict_agree, strict_rows); /* 100% required */
	assert_int_equal(agree, rows);
	pl_redline_free(r);
	pl_doc_free(us);
	pl_doc_free(eu);
}

static void test_identical_and_empty(void **state)
{
	(void)state;
	pl_doc *us = tu_sample("plan-us-28.md");
	pl_redline *same = compare(us, us);
	assert_int_equal(same->counts[PL_CHANGE_UNCHANGED], 28);
	assert_int_equal(same->point_count, 28);
	pl_redline_free(same);
	/* A plan against an empty one: everything added, or deleted. */
	pl_doc *empty = pl_doc_new();
	pl_redline *added = compare(empty, us);
	assert_int_equal(added->counts[PL_CHANGE_ADDED], 28);
	pl_redline *deleted = compare(us, empty);
	assert_int_equal(deleted->counts[PL_CHANGE_DELETED], 28);
	pl_redline *nothing = compare(empty, empty);
	assert_int_equal(nothing->point_count, 0);
	pl_redline_free(added);
	pl_redline_free(deleted);
	pl_redline_free(nothing);
	pl_doc_free(empty);
	pl_doc_free(us);
}

static void test_moved_relabelled_and_items(void **state)
{
	(void)state;
	pl_doc *a =
	    tu_parse("# T\n\n## One\n\n1. Alpha stays here.\n\n2. Beta moves away.\n\n"
	             "3. Gamma: (a) first item; (b) second item; (c) third item.\n\n## Two\n\n"
	             "4. Delta stays.\n");
	pl_doc *b = tu_parse("# T\n\n## One\n\n1. Alpha stays here.\n\n"
	                     "3. Gamma:\n   - (a) first item;\n   - (b) the second item;\n"
	                     "   - (d) new item.\n\n"
	                     "## Two\n\n4. Delta stays.\n\n5. Beta moves away.\n");
	pl_redline *r = compare(a, b);
	const pl_point_diff *beta = by_labels(r, "5", "2");
	assert_non_null(beta);
	assert_int_equal(beta->change, PL_CHANGE_MOVED);
	assert_true(beta->relabelled);
	assert_true(beta->moved);
	const pl_point_diff *gamma = by_labels(r, "3", "3");
	assert_int_equal(gamma->change, PL_CHANGE_SUBSTANTIVE); /* an item added, one gone */
	assert_int_equal(gamma->item_count, 4);
	assert_int_equal(gamma->items[0].change, PL_CHANGE_UNCHANGED);
	assert_int_equal(gamma->items[1].change, PL_CHANGE_REWORDED); /* an article */
	assert_int_equal(gamma->items[2].change, PL_CHANGE_DELETED);
	assert_string_equal(gamma->items[2].a->label, "c");
	assert_int_equal(gamma->items[3].change, PL_CHANGE_ADDED);
	assert_int_equal(by_labels(r, "4", "4")->change, PL_CHANGE_UNCHANGED);
	pl_redline_free(r);
	pl_doc_free(a);
	pl_doc_free(b);
}

typedef struct rebuilt {
	char a[4096], b[4096];
} rebuilt;

static void append(char *to, const char *text, size_t len)
{
	strncat(to, text, len);
}

static void on_equal(void *context, const char *text, size_t len)
{
	rebuilt *r = context;
	append(r->a, text, len);
	append(r->b, text, len);
}

static void on_deleted(void *context, const char *text, size_t len)
{
	append(((rebuilt *)context)->a, text, len);
}

static void on_inserted(void *context, const char *text, size_t len)
{
	append(((rebuilt *)context)->b, text, len);
}

/* The segments rebuild both texts exactly, in any script. */
static void test_segments_rebuild_texts(void **state)
{
	(void)state;
	const char *pairs[][2] = {
	    {"The strength is capped at 600,000 personnel.",
	     "In peacetime the strength is capped at 800,000 personnel."},
	    {"Україна є суверенною державою.", "Україна залишається суверенною державою!"},
	    {"", "Only new text."},
	    {"Only old text.", ""},
	    {"同じ文です。", "違う文です。"},
	    {"a b c d e f", "f e d c b a"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		pl_text_diff diff;
		pl_error err;
		assert_int_equal(pl_text_diff_compute(&diff, pairs[i][0], strlen(pairs[i][0]),
		                                      pairs[i][1], strlen(pairs[i][1]), 0, &err),
		                 0);
		rebuilt r = {{0}, {0}};
		pl_segment_sink sink = {on_equal, on_deleted, on_inserted, &r};
		pl_text_diff_walk(&diff, &sink);
		assert_string_equal(r.a, pairs[i][0]);
		assert_string_equal(r.b, pairs[i][1]);
		pl_text_diff_free(&diff);
	}
}

static void test_classification(void **state)
{
	(void)state;
	struct {
		const char *a, *b;
		pl_change want;
	} cases[] = {
	    {"The parties affirm the plan.", "The parties reaffirm the plan.", PL_CHANGE_REWORDED},
	    {"The parties agree to the plan.", "The parties agree to a plan.", PL_CHANGE_REWORDED},
	    {"The parties agree, in full.", "The parties agree in full.", PL_CHANGE_REWORDED},
	    {"Forces are capped at 600,000.", "Forces are capped at 800,000.",
	     PL_CHANGE_SUBSTANTIVE},
	    {"European jets are based in Poland.", "NATO jets are based in Poland.",
	     PL_CHANGE_SUBSTANTIVE},
	    {"Troops will be stationed there.", "Troops will not be stationed there.",
	     PL_CHANGE_SUBSTANTIVE},
	    {"A decisive response follows.", "A robust response follows.", PL_CHANGE_SUBSTANTIVE},
	    {"Same words.", "Same words.", PL_CHANGE_UNCHANGED},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pl_text_diff diff;
		pl_error err;
		assert_int_equal(pl_text_diff_compute(&diff, cases[i].a, strlen(cases[i].a),
		                                      cases[i].b, strlen(cases[i].b), 0, &err),
		                 0);
		pl_change got = pl_text_diff_classify(&diff);
		if (got != cases[i].want)
			fail_msg("'%s' -> '%s': %s, want %s", cases[i].a, cases[i].b,
			         pl_change_name(got), pl_change_name(cases[i].want));
		pl_text_diff_free(&diff);
	}
}

static void test_bad_utf8(void **state)
{
	(void)state;
	pl_text_diff diff;
	pl_error err;
	const char bad[] = "valid text \xff here";
	assert_int_equal(pl_text_diff_compute(&diff, "ok", 2, bad, sizeof bad - 1, 0, &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "byte 11"));
}

/* One paragraph of several megabytes with no newline, a few words changed. */
static void test_large_single_paragraph(void **state)
{
	(void)state;
	size_t words = 400000, len = 0;
	char *a = malloc(words * 8 + 1), *b;
	for (size_t i = 0; i < words; i++)
		len += (size_t)sprintf(a + len, "w%zu ", (i * 7919) % 5003);
	b = strdup(a);
	memcpy(b + len / 2, "CHANGED", 7);
	memcpy(b + len / 3, "ALTERED", 7);
	pl_text_diff diff;
	pl_error err;
	assert_int_equal(pl_text_diff_compute(&diff, a, len, b, len, 0, &err), 0);
	/* Two overwritten spots: a few words each side, the rest equal. */
	assert_true(diff.words_inserted >= 2 && diff.words_inserted <= 6);
	assert_true(diff.words_deleted >= 2 && diff.words_deleted <= 6);
	assert_int_equal(diff.words_a, words);
	size_t equal = 0;
	for (size_t r = 0; r < diff.script.count; r++)
		if (diff.script.ops[r].kind == PL_DIFF_EQUAL)
			equal += diff.script.ops[r].length;
	assert_int_equal(equal + diff.script.deleted, diff.a_tokens.count);
	assert_int_equal(equal + diff.script.inserted, diff.b_tokens.count);
	pl_text_diff_free(&diff);
	free(a);
	free(b);
}

/* The reference pl_word_similarity: both word lists sorted (ASCII case
 * folded), merged, the common words counted. */
static int ref_compare(const void *left, const void *right)
{
	const char *a = *(const char *const *)left, *b = *(const char *const *)right;
	for (;; a++, b++) {
		int ca = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a,
		    cb = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
		if (ca != cb || !ca)
			return ca - cb;
	}
}

static double ref_similarity(char **x, size_t nx, char **y, size_t ny)
{
	qsort(x, nx, sizeof *x, ref_compare);
	qsort(y, ny, sizeof *y, ref_compare);
	size_t i = 0, j = 0, common = 0;
	while (i < nx && j < ny) {
		int c = ref_compare(&x[i], &y[j]);
		common += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	return nx + ny ? 2.0 * (double)common / (double)(nx + ny) : 1.0;
}

/* pl_word_similarity (a hash-table count of common words) agrees with
 * the sort-and-merge definition on random texts with repeated words. */
static void test_word_similarity(void **state)
{
	(void)state;
	static const char *const vocabulary[] = {"army",    "Army", "ARMY", "cap", "of",
	                                         "600",     "NATO", "nato", "a",   "b",
	                                         "Україна", "x1",   "peace"};
	unsigned seed = 5;
	for (int round = 0; round < 2000; round++) {
		char a[512] = "", b[512] = "";
		char *wa[40], *wb[40];
		size_t na = (seed = seed * 1103515245u + 12345u) >> 16 & 31;
		size_t nb = (seed = seed * 1103515245u + 12345u) >> 16 & 31;
		for (size_t k = 0; k < na + nb; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *w =
			    vocabulary[(seed >> 16) % (sizeof vocabulary / sizeof *vocabulary)];
			char *text = k < na ? a : b;
			strcat(text, k % 3 ? " " : ", ");
			strcat(text, w);
			if (k < na)
				wa[k] = (char *)w;
			else
				wb[k - na] = (char *)w;
		}
		double expected = ref_similarity(wa, na, wb, nb);
		assert_true(pl_word_similarity(a, b) == expected);
	}
}

/* A plan of n points, each of a few numbered words; with last_changed the
 * last point's wording differs. */
static pl_doc *numbered_plan(size_t n, int last_changed)
{
	pl_buf md = PL_BUF_INIT;
	pl_buf_puts(&md, "# Many points\n\n## One part\n\n");
	for (size_t i = 1; i <= n; i++)
		pl_buf_printf(&md, "%zu. Point %zu says %s about item %zu.\n\n", i, i,
		              i == n && last_changed ? "something new" : "something", i % 97);
	pl_doc *doc = tu_parse(md.ptr);
	pl_buf_free(&md);
	return doc;
}

/* A plan of n points of generated words, a third of them with sub-items;
 * with edit, about every third point (and item) has a word replaced,
 * inserted or deleted, the same ones for the same seed. */
static pl_doc *generated_plan(size_t n, int edit)
{
	static const char *const words[] = {"the",     "parties", "shall", "not",     "cap",
	                                    "600,000", "forces",  "of",    "Ukraine", "24.5%",
	                                    "agree",   "within",  "days",  "and",     "guarantees"};
	enum { WORDS = sizeof words / sizeof *words };
	unsigned seed = 99, edit_seed = 7;
	pl_buf md = PL_BUF_INIT;
	pl_buf_puts(&md, "# Generated\n\n## Part one\n\n");
	for (size_t i = 1; i <= n; i++) {
		pl_buf_printf(&md, "%zu.", i);
		size_t items = i % 3 == 0 ? 3 : 0;
		for (size_t piece = 0; piece <= items; piece++) {
			if (piece)
				pl_buf_printf(&md, " (%c)", (int)('a' + piece - 1));
			size_t count = 8 + (seed >> 20) % 30;
			for (size_t w = 0; w < count; w++) {
				seed = seed * 1103515245u + 12345u;
				edit_seed = edit_seed * 1103515245u + 12345u;
				const char *word = words[(seed >> 16) % WORDS];
				int change = edit && (edit_seed >> 16) % 90 == 0;
				if (change && (edit_seed >> 8) % 3 == 0)
					continue; /* deleted */
				pl_buf_printf(&md, " %s", change ? "amended" : word);
				if (change && (edit_seed >> 8) % 3 == 1)
					pl_buf_printf(&md, " %s", word); /* inserted */
			}
			pl_buf_puts(&md, piece < items ? ";" : ".");
		}
		pl_buf_puts(&md, "\n\n");
	}
	pl_doc *doc = tu_parse(md.ptr);
	pl_buf_free(&md);
	return doc;
}

static void assert_diff_alone(const pl_text_diff *got, pl_change got_change, const char *a,
                              const char *b)
{
	pl_text_diff alone;
	pl_error err;
	assert_int_equal(pl_text_diff_compute(&alone, a, strlen(a), b, strlen(b), 0, &err), 0);
	pl_change change = alone.changed ? pl_text_diff_classify(&alone) : PL_CHANGE_UNCHANGED;
	assert_int_equal(got_change, change);
	if (alone.changed) {
		assert_int_equal(got->run_count, alone.run_count);
		assert_memory_equal(got->runs, alone.runs, alone.run_count * sizeof *alone.runs);
		assert_int_equal(got->words_deleted, alone.words_deleted);
		assert_int_equal(got->words_inserted, alone.words_inserted);
		assert_int_equal(got->words_a, alone.words_a);
		assert_int_equal(got->words_b, alone.words_b);
	}
	pl_text_diff_free(&alone);
}

/* A plan large enough that its points are redlined on two threads, each
 * thread keeping its tokens, interner and diff arrays from one point to
 * the next: every point's and item's redline is exactly the one its two
 * texts get alone. */
static void test_threaded_points_agree(void **state)
{
	(void)state;
	pl_doc *a = generated_plan(1500, 0), *b = generated_plan(1500, 1);
	pl_redline *r = compare(a, b);
	assert_int_equal(r->point_count, 1500);
	size_t changed = 0;
	for (size_t k = 0; k < r->point_count; k++) {
		const pl_point_diff *pd = &r->points[k];
		assert_non_null(pd->a);
		assert_non_null(pd->b);
		assert_diff_alone(&pd->text, pd->text_change, pd->a->text, pd->b->text);
		for (size_t i = 0; i < pd->item_count; i++)
			assert_diff_alone(&pd->items[i].text, pd->items[i].change,
			                  pd->items[i].a->text, pd->items[i].b->text);
		changed += pd->change != PL_CHANGE_UNCHANGED;
	}
	/* The edits reach a good share of the points, not all of them. */
	assert_true(changed > 300 && changed < 1300);
	pl_redline_free(r);
	pl_doc_free(a);
	pl_doc_free(b);
}

typedef struct collected {
	pl_buf all;
	int calls, fail_at; /* the write that fails (0: none) */
} collected;

static int collect(void *context, const char *data, size_t len)
{
	collected *c = context;
	if (++c->calls == c->fail_at)
		return 7;
	pl_buf_put(&c->all, data, len);
	return 0;
}

/* The streamed JSON, over many batches written two at a time: valid
 * JSON (no comma before the first point, whichever batch holds it), every
 * point shown once and in order, with and without unchanged points (where
 * every batch before the last shows nothing); the whole-buffer writer
 * gives the same; a failing write stops the stream with its code. */
static void test_json_stream(void **state)
{
	(void)state;
	pl_doc *a = numbered_plan(5000, 0), *b = numbered_plan(5000, 1);
	pl_redline *r;
	pl_error err;
	assert_int_equal(pl_redline_compute(&r, a, b, NULL, &err), 0);
	for (int changed_only = 0; changed_only < 2; changed_only++) {
		pl_redline_render render = {"a.md", "b.md", changed_only, 0, NULL, NULL};
		collected c = {PL_BUF_INIT, 0, 0};
		assert_int_equal(pl_redline_stream_json(r, &render, collect, &c), 0);
		/* The head, batches with something to show, the end. */
		if (changed_only)
			assert_int_equal(c.calls, 3);
		else
			assert_true(c.calls > 3);
		json_error_t jerr;
		json_t *root = json_loads(c.all.ptr, 0, &jerr);
		if (!root)
			fail_msg("not JSON at %d: %s", jerr.position, jerr.text);
		json_t *points = json_object_get(root, "points");
		assert_int_equal(json_array_size(points), changed_only ? 1 : 5000);
		for (size_t i = 0; i < json_array_size(points); i++) {
			char want[32];
			snprintf(want, sizeof want, "%zu", changed_only ? 5000 : i + 1);
			assert_string_equal(json_string_value(json_object_get(
			                        json_array_get(points, i), "b_label")),
			                    want);
		}
		json_decref(root);
		pl_buf whole = PL_BUF_INIT;
		pl_redline_write_json(&whole, r, &render);
		assert_string_equal(whole.ptr, c.all.ptr);
		collected failing = {PL_BUF_INIT, 0, 2};
		assert_int_equal(pl_redline_stream_json(r, &render, collect, &failing), 7);
		assert_int_equal(failing.calls, 2);
		pl_buf_free(&failing.all);
		pl_buf_free(&c.all);
		pl_buf_free(&whole);
	}
	pl_redline_free(r);
	pl_doc_free(a);
	pl_doc_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gold_counter),
	    cmocka_unit_test(test_identical_and_empty),
	    cmocka_unit_test(test_moved_relabelled_and_items),
	    cmocka_unit_test(test_segments_rebuild_texts),
	    cmocka_unit_test(test_classification),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_large_single_paragraph),
	    cmocka_unit_test(test_word_similarity),
	    cmocka_unit_test(test_json_stream),
	    cmocka_unit_test(test_threaded_points_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
