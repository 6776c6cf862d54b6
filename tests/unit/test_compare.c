/* Tests of plan comparison: scoring, the assignment, relations, the
 * outputs, and the gold sets. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "compare_int.h"
#include "parley/compare.h"
#include "parley/markdown.h"
#include "parley/mem.h"

static pl_doc *sample(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *text = tu_read_file(path, NULL);
	pl_doc *doc = tu_parse(text);
	free(text);
	return doc;
}

static pl_alignment *align(const pl_doc *a, const pl_doc *b)
{
	pl_alignment *al;
	pl_error err;
	if (pl_alignment_compute(&al, a, b, NULL, &err))
		fail_msg("align: %s", err.message);
	return al;
}

/* The WordNet folder for score(): NULL for the default, "off" for none. */
static const char *wordnet_setting;

/* The score of two texts by words alone (no character n-grams: see
 * test_ngrams). */
static double score(const char *a, const char *b)
{
	double s;
	pl_error err;
	pl_compare_options options = {NULL, 0, 0, wordnet_setting, 0, 0, -1, 0};
	assert_int_equal(pl_compare_texts(&s, a, b, &options, &err), 0);
	return s;
}

static void test_scores(void **state)
{
	(void)state;
	assert_true(score("Ukraine is given security guarantees.",
	                  "Ukraine is given security guarantees.") > 0.999);
	/* Stemming and case folding: the same words in other forms. */
	assert_true(score("The guarantee secures Ukraine", "guarantees securing UKRAINE's") > 0.99);
	assert_true(score("cats sleep", "Parliament votes") < 0.001);
	/* Other scripts pass through the stemmer unharmed. */
	assert_true(score("Москва и Киев", "Москва и Киев") > 0.999);
	double s;
	pl_error err;
	pl_compare_options klingon = {"klingon", 0, 0, NULL, 0, 0, 0, 0};
	assert_int_equal(pl_compare_texts(&s, "a", "b", &klingon, &err), PL_EINVALID);
	assert_int_equal(pl_compare_texts(&s, "caf\xe9", "b", NULL, &err), PL_EINVALID);
}

/* Step 2b: words without a shared stem meet through WordNet when its
 * database is there; wordnet "off" (or no database) leaves the score
 * lexical. */
static void test_wordnet(void **state)
{
	(void)state;
	wordnet_setting = "off";
	assert_true(score("The guarantors", "guarantees") < 0.001);
	assert_true(score("assets remain immobilised", "frozen funds") < 0.001);
	wordnet_setting = NULL;
	if (access("/usr/share/wordnet/index.noun", R_OK) != 0)
		return; /* no database here: nothing more to check */
	assert_true(score("The guarantors", "guarantees") > 0.2);
	assert_true(score("The two sides start talks", "negotiations begin") > 0.2);
	/* Unrelated words stay apart. */
	assert_true(score("cats sleep", "Parliament votes") < 0.001);
}

/* A greedy best match takes a0-b0 (0.9) and leaves a1 alone; the optimum
 * pairs a0-b1 and a1-b0 (1.65). */
static void test_assignment_is_optimal(void **state)
{
	(void)state;
	pl_cmp_edge edges[] = {{0, 0, 0.9, 0.9, 0}, {0, 1, 0.8, 0.8, 0}, {1, 0, 0.85, 0.85, 0}};
	size_t match[2];
	pl_cmp_assign(edges, 3, 2, 2, match);
	assert_int_equal(match[0], 1);
	assert_int_equal(match[1], 2);
	/* A row without edges stays unmatched; a lone edge is taken. */
	pl_cmp_edge lone[] = {{1, 2, 0.4, 0.4, 0}};
	size_t m3[3];
	pl_cmp_assign(lone, 1, 3, 3, m3);
	assert_int_equal(m3[0], CMP_NONE);
	assert_int_equal(m3[1], 0);
	assert_int_equal(m3[2], CMP_NONE);
}

/* The k best similarities are kept in descending order; the hubness
 * correction lowers the pairs of points that are close to many points
 * (a "hub"), and drops what falls below the threshold, in order. */
static void test_hubness(void **state)
{
	(void)state;
	double best[3] = {0, 0, 0};
	double seen[] = {0.2, 0.5, 0.1, 0.4, 0.5};
	for (size_t k = 0; k < sizeof seen / sizeof *seen; k++)
		pl_cmp_best_note(best, 3, seen[k]);
	assert_float_equal(best[0], 0.5, 1e-12);
	assert_float_equal(best[1], 0.5, 1e-12);
	assert_float_equal(best[2], 0.4, 1e-12);
	/* Point a0 is a hub (mean of its best 0.6); a1 is not (0.2). Both
	 * have similarity 0.5 with b0 (mean 0.4). */
	pl_cmp_edge edges[] = {{0, 0, 0, 0.5, 0}, {1, 0, 0, 0.5, 0}, {1, 1, 0, 0.1, 0}};
	double hub_a[] = {0.6, 0.2}, hub_b[] = {0.4, 0.0};
	size_t n = pl_cmp_hubness_correct(edges, 3, hub_a, hub_b, 0.5, 0.1);
	assert_int_equal(n, 2);
	assert_int_equal(edges[0].a, 0);
	assert_float_equal(edges[0].score, 0.5 - 0.5 * (0.6 + 0.4) / 2, 1e-12);
	assert_float_equal(edges[0].similarity, 0.5, 1e-12);
	assert_int_equal(edges[1].a, 1);
	assert_float_equal(edges[1].score, 0.5 - 0.5 * (0.2 + 0.4) / 2, 1e-12);
	assert_true(edges[1].score > edges[0].score);
	/* Without correction, every edge at or above the threshold stays. */
	pl_cmp_edge plain[] = {{0, 0, 0, 0.3, 0}, {0, 1, 0, 0.2, 0}};
	double zero[] = {0, 0};
	assert_int_equal(pl_cmp_hubness_correct(plain, 2, zero, zero, 0.5, 0.25), 1);
	assert_float_equal(plain[0].score, 0.3, 1e-12);
}

/* Brute force over all matchings of a small random instance. */
static double best_total(double w[4][4], int row, unsigned used)
{
	if (row == 4)
		return 0;
	double best = best_total(w, row + 1, used); /* row unmatched */
	for (int c = 0; c < 4; c++)
		if (!(used & (1u << c)) && w[row][c] > 0) {
			double t = w[row][c] + best_total(w, row + 1, used | (1u << c));
			best = t > best ? t : best;
		}
	return best;
}

static void test_assignment_random(void **state)
{
	(void)state;
	unsigned seed = 7;
	for (int round = 0; round < 200; round++) {
		double w[4][4];
		pl_cmp_edge edges[16];
		size_t n = 0, match[4];
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				seed = seed * 1103515245u + 12345u;
				unsigned r = (seed >> 16) % 100;
				w[i][j] = r < 40 ? 0 : (double)r / 100;
				if (w[i][j] > 0)
					edges[n++] = (pl_cmp_edge){(size_t)i, (size_t)j, w[i][j],
					                           w[i][j], 0};
			}
		pl_cmp_assign(edges, n, 4, 4, match);
		double total = 0;
		for (int i = 0; i < 4; i++)
			total += match[i] == CMP_NONE ? 0 : edges[match[i]].score;
		assert_true(total > best_total(w, 0, 0) - 1e-9);
	}
}

/* Step 3c: two confident links in which "truce" stands where the other
 * plan says "ceasefire" teach the lexicon that pair; a third pair, which
 * shares no word, gets support from it, more than a pair whose only
 * ceasefire comes with other words, and never more than the weight. */
static void test_lexicon(void **state)
{
	(void)state;
	static const char *const texts_a[] = {"alpha beta truce", "gamma delta truce", "truce"};
	static const char *const texts_b[] = {"alpha beta ceasefire", "gamma delta ceasefire",
	                                      "ceasefire"};
	pl_cmp_terms *terms;
	pl_error err;
	assert_int_equal(pl_cmp_terms_new(&terms, "english", "off", &err), 0);
	pl_cmp_point a[3], b[3];
	for (size_t k = 0; k < 3; k++) {
		pl_point pa = {NULL, (char *)"a", (char *)texts_a[k], PL_NO_PART, NULL, 0, 0};
		pl_point pb = {NULL, (char *)"b", (char *)texts_b[k], PL_NO_PART, NULL, 0, 0};
		assert_int_equal(pl_cmp_point_read(&a[k], terms, &pa, &err), 0);
		assert_int_equal(pl_cmp_point_read(&b[k], terms, &pb, &err), 0);
	}
	pl_cmp_weigh(a, 3, b, 3, terms);
	pl_cmp_edge edges[] = {{0, 0, 0.5, 0.5, 0}, {1, 1, 0.5, 0.5, 0}};
	size_t match[] = {0, 1, CMP_NONE};
	pl_cmp_lexicon *lexicon = pl_cmp_lexicon_learn(a, 3, b, 3, terms, edges, match, 0.5);
	assert_non_null(lexicon);
	double alone = pl_cmp_lexicon_support(lexicon, 2, 2);
	double crowded = pl_cmp_lexicon_support(lexicon, 2, 0);
	assert_true(alone > 0.25);
	assert_true(alone <= 0.5 + 1e-12);
	assert_true(crowded < alone);
	pl_cmp_lexicon_free(lexicon);
	/* No confident link, no lexicon. */
	edges[0].score = edges[1].score = PL_COMPARE_LEXICON_CONFIDENT / 2;
	assert_null(pl_cmp_lexicon_learn(a, 3, b, 3, terms, edges, match, 0.5));
	for (size_t k = 0; k < 3; k++) {
		pl_cmp_point_free(&a[k]);
		pl_cmp_point_free(&b[k]);
	}
	pl_cmp_terms_free(terms);
}

static void test_relations(void **state)
{
	(void)state;
	pl_doc *a = tu_parse("# A\n\n1. The army of Ukraine is capped at 600,000 soldiers.\n\n"
	                     "2. NATO will not station troops in Ukraine.\n\n"
	                     "3. Sanctions on Russia are lifted in stages.\n");
	pl_doc *b = tu_parse("# B\n\n1. The army of Ukraine is capped at 800,000 soldiers.\n\n"
	                     "2. NATO will station troops in Ukraine.\n\n"
	                     "3. Sanctions on Russia are imposed in stages.\n");
	pl_alignment *al = align(a, b);
	assert_int_equal(al->link_count, 3);
	unsigned want[] = {PL_EVIDENCE_NUMBER, PL_EVIDENCE_NEGATION, PL_EVIDENCE_OPPOSITE};
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(al->links[k].a, k);
		assert_int_equal(al->links[k].b, k);
		assert_int_equal(al->links[k].relation, PL_RELATION_CONFLICTS);
		assert_true(al->links[k].evidence & want[k]);
	}
	/* The evidence is shown. */
	assert_string_equal(al->links[0].why, "600000 vs 800000 soldiers");
	assert_string_equal(al->links[1].why, "negated on one side only");
	assert_string_equal(al->links[2].why, "opposite verbs");
	pl_alignment_free(al);
	pl_doc_free(a);
	pl_doc_free(b);
}

/* Issue 12: no conflict without evidence about one matter, and `same` only
 * for texts equal after normalisation. */
static void test_relations_need_evidence(void **state)
{
	(void)state;
	pl_doc *a = tu_parse("# A\n\n1. Schools receive 300 new teachers for education.\n\n"
	                     "2. The ceasefire  starts at once.\n\n"
	                     "3. The ceasefire is monitored by the guarantors.\n");
	pl_doc *b = tu_parse("# B\n\n1. Schools receive 40 guarantors for education.\n\n"
	                     "2. the ceasefire starts at once.\n\n"
	                     "3. The ceasefire is monitored closely by the guarantors.\n");
	pl_alignment *al = align(a, b);
	assert_int_equal(al->link_count, 3);
	/* Numbers of different matters: no conflict. */
	assert_int_equal(al->links[0].relation, PL_RELATION_OVERLAPS);
	assert_string_equal(al->links[0].why, "");
	/* Equal but for case and white space: same. A word added: overlaps. */
	assert_int_equal(al->links[1].relation, PL_RELATION_SAME);
	assert_int_equal(al->links[2].relation, PL_RELATION_OVERLAPS);
	pl_alignment_free(al);
	pl_doc_free(a);
	pl_doc_free(b);
}

static void test_self_is_same(void **state)
{
	(void)state;
	pl_doc *us = sample(PARLEY_DATA_DIR, "plan-us-28.md");
	pl_alignment *al = align(us, us);
	assert_int_equal(al->link_count, us->point_count);
	for (size_t k = 0; k < al->link_count; k++) {
		assert_int_equal(al->links[k].a, al->links[k].b);
		assert_int_equal(al->links[k].relation, PL_RELATION_SAME);
	}
	pl_alignment_free(al);
	pl_doc_free(us);
}

static void test_empty_and_foreign(void **state)
{
	(void)state;
	pl_doc *us = sample(PARLEY_DATA_DIR, "plan-us-28.md");
	pl_doc *empty = pl_doc_new();
	pl_alignment *al = align(empty, us);
	assert_int_equal(al->link_count, 0);
	assert_int_equal(al->b_matched, 0);
	pl_alignment_free(al);
	pl_doc *ru = tu_parse("# План\n\n1. Украина получает гарантии безопасности.\n\n"
	                      "2. 和平协议立即生效。\n");
	al = align(ru, us);
	assert_int_equal(al->link_count, 0);
	pl_alignment_free(al);
	pl_doc_free(ru);
	pl_doc_free(empty);
	pl_doc_free(us);
}

/* Links of the counter-version against tests/data/gold-counter-v28.tsv:
 * F1 at least 0.9 (bench/eval.sh prints the figures). */
static void test_gold_counter(void **state)
{
	(void)state;
	pl_doc *eu = sample(PARLEY_DATA_DIR, "plan-eu-counter.md");
	pl_doc *us = sample(PARLEY_DATA_DIR, "plan-us-28.md");
	pl_alignment *al = align(eu, us);
	char *path = tu_data_path("gold-counter-v28.tsv");
	FILE *gold = fopen(path, "r");
	assert_non_null(gold);
	char line[256], a[32], b[32], kind[32];
	size_t gold_links = 0, right = 0;
	while (fgets(line, sizeof line, gold))
		if (sscanf(line, "%31s %31s %31s", a, b, kind) == 3 && strcmp(a, "-") != 0 &&
		    strcmp(b, "-") != 0 && strcmp(a, "point_in_counter") != 0) {
			gold_links++;
			for (size_t k = 0; k < al->link_count; k++)
				right += strcmp(eu->points[al->links[k].a].label, a) == 0 &&
				         strcmp(us->points[al->links[k].b].label, b) == 0;
		}
	fclose(gold);
	free(path);
	double p = (double)right / (double)al->link_count, r = (double)right / (double)gold_links;
	assert_true(2 * p * r / (p + r) >= 0.9);
	pl_alignment_free(al);
	pl_doc_free(eu);
	pl_doc_free(us);
}

/* The hubness correction is an option: negative turns it off, which gives
 * back the alignment of plain similarities (17 links on the European 24
 * points against the 28 at threshold 0.25, words only, as before steps 1b
 * and 3b); with it (weight 0.5, k 3, threshold 0.14), the long
 * humanitarian point 24 loses its weak links. */
static void test_hubness_option(void **state)
{
	(void)state;
	pl_doc *eu = sample(PARLEY_DATA_DIR, "plan-eu-24.md");
	pl_doc *us = sample(PARLEY_DATA_DIR, "plan-us-28.md");
	pl_compare_options off = {NULL, 0.25, 0.8, NULL, -1, 0, -1, -1};
	pl_compare_options on = {NULL, 0.14, 0.7, NULL, 0.5, 3, -1, -1};
	pl_alignment *plain, *corrected;
	pl_error err;
	assert_int_equal(pl_alignment_compute(&plain, eu, us, &off, &err), 0);
	assert_int_equal(pl_alignment_compute(&corrected, eu, us, &on, &err), 0);
	if (plain->note == NULL) { /* WordNet there: the figures of BENCHMARKS.md */
		assert_int_equal(plain->link_count, 17);
		assert_int_equal(corrected->link_count, 14);
	}
	const pl_point *point_24 = pl_doc_find_label(us, "24");
	assert_non_null(point_24);
	size_t hub = (size_t)(point_24 - us->points);
	assert_true(plain->b_link_count[hub] > corrected->b_link_count[hub]);
	pl_alignment_free(plain);
	pl_alignment_free(corrected);
	pl_doc_free(eu);
	pl_doc_free(us);
}

/* Character n-grams (step 1b) join words the stemmer keeps apart:
 * without them, and without WordNet, these two texts share no term. Longer
 * n-grams than PL_COMPARE_NGRAM_MAX, and hubness over more neighbours than
 * PL_COMPARE_HUBNESS_K_MAX, are refused. */
static void test_ngrams(void **state)
{
	(void)state;
	const char *a = "Sovereignty of the children.", *b = "A sovereign child.";
	pl_compare_options words = {NULL, 0, 0, "off", 0, 0, -1, 0};
	pl_compare_options grams = {NULL, 0, 0, "off", 0, 0, 5, 0};
	double plain, with;
	pl_error err;
	assert_int_equal(pl_compare_texts(&plain, a, b, &words, &err), 0);
	assert_int_equal(pl_compare_texts(&with, a, b, &grams, &err), 0);
	assert_float_equal(plain, 0, 1e-12);
	assert_true(with > 0.3);
	/* The same text scores 1 either way; n-grams work on code points. */
	assert_int_equal(
	    pl_compare_texts(&with, "Суверенитет Украины.", "Суверенитет Украины.", &grams, &err),
	    0);
	assert_float_equal(with, 1, 1e-9);
	assert_int_equal(pl_compare_texts(&with, "суверенитет", "суверенный", &grams, &err), 0);
	assert_true(with > 0);
	pl_compare_options too_long = {NULL, 0, 0, "off", 0, 0, PL_COMPARE_NGRAM_MAX + 1, 0};
	assert_int_equal(pl_compare_texts(&with, a, b, &too_long, &err), PL_EINVALID);
	pl_compare_options too_many = {NULL, 0, 0, "off", 0, PL_COMPARE_HUBNESS_K_MAX + 1, 0, 0};
	assert_int_equal(pl_compare_texts(&with, a, b, &too_many, &err), PL_EINVALID);
}

/* A synthetic plan of n points: sentences from a small vocabulary. */
static pl_doc *synthetic(size_t n, unsigned seed)
{
	pl_doc *doc = pl_doc_new();
	for (size_t i = 0; i < n; i++) {
		char label[32], text[512];
		size_t len = 0;
		for (int w = 0; w < 20; w++) {
			seed = seed * 1103515245u + 12345u;
			len += (size_t)snprintf(text + len, sizeof text - len, "w%u ",
			                        (seed >> 16) % 3000);
		}
		snprintf(label, sizeof label, "%zu", i + 1);
		pl_doc_add_point(doc, PL_NO_PART, NULL, label, text);
	}
	return doc;
}

/* 1,000 x 1,000 points (the indexed path), in bounded time even under
 * the sanitizers; a plan against a copy of itself links every point. */
static void test_large(void **state)
{
	(void)state;
	pl_doc *a = synthetic(1000, 1), *b = synthetic(1100, 2);
	pl_alignment *al = align(a, b);
	assert_true(al->link_count < 20000);
	pl_alignment_free(al);
	al = align(a, a);
	assert_int_equal(al->a_matched, 1000);
	pl_alignment_free(al);
	pl_doc_free(a);
	pl_doc_free(b);
}

static void test_outputs(void **state)
{
	(void)state;
	pl_doc *eu = sample(PARLEY_DATA_DIR, "plan-eu-counter.md");
	pl_doc *us = sample(PARLEY_DATA_DIR, "plan-us-28.md");
	pl_doc *e24 = sample(PARLEY_DATA_DIR, "plan-eu-24.md");
	const pl_doc *docs[] = {us, eu, e24};
	const char *names[] = {"US", "EU", "E24"};
	pl_comparison *c;
	pl_error err;
	assert_int_equal(pl_comparison_compute(&c, docs, names, 3, NULL, &err), 0);
	pl_buf out = PL_BUF_INIT;
	pl_comparison_write_json(&out, c);
	assert_non_null(strstr(out.ptr, "\"format\": \"parley.compare/1\""));
	assert_non_null(strstr(out.ptr, "{\"a\":\"6\",\"b\":\"6\",\"score\":"));
	pl_buf_clear(&out);
	pl_comparison_write_html(&out, c, NULL);
	assert_non_null(strstr(out.ptr, "<th>E24<span class=\"plan\">"));
	assert_non_null(strstr(out.ptr, "<h1>Comparison of US, EU and E24</h1>"));
	assert_non_null(strstr(out.ptr, "@page{size:A4 landscape"));
	/* a replaced word reads as two words, not one run */
	assert_non_null(strstr(out.ptr, "<del>600,000</del> <ins>800,000</ins>"));
	pl_buf_clear(&out);
	pl_comparison_write_markdown(&out, c, NULL);
	assert_non_null(strstr(out.ptr, "| US | EU | E24 |"));
	pl_buf_free(&out);
	pl_comparison_free(c);
	assert_int_equal(pl_comparison_compute(&c, docs, names, 1, NULL, &err), PL_EINVALID);
	pl_doc_free(eu);
	pl_doc_free(us);
	pl_doc_free(e24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scores),
	    cmocka_unit_test(test_wordnet),
	    cmocka_unit_test(test_assignment_is_optimal),
	    cmocka_unit_test(test_assignment_random),
	    cmocka_unit_test(test_hubness),
	    cmocka_unit_test(test_hubness_option),
	    cmocka_unit_test(test_ngrams),
	    cmocka_unit_test(test_lexicon),
	    cmocka_unit_test(test_relations),
	    cmocka_unit_test(test_relations_need_evidence),
	    cmocka_unit_test(test_self_is_same),
	    cmocka_unit_test(test_empty_and_foreign),
	    cmocka_unit_test(test_gold_counter),
	    cmocka_unit_test(test_large),
	    cmocka_unit_test(test_outputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
