/* Tests of text reuse: shingles and Jaccard, MinHash/LSH finding planted
 * copies, groups, clusters, and bad input. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/reuse.h"

static void test_jaccard(void **state)
{
	(void)state;
	double j;
	pl_error err;
	assert_int_equal(pl_reuse_jaccard(&j, "a b c d e f", "A B C D E F", 5, &err), 0);
	assert_true(j > 0.999);
	/* 2 of the 3 shingles of each shared: 2 / 4. */
	assert_int_equal(pl_reuse_jaccard(&j, "a b c d e f g", "x b c d e f g", 5, &err), 0);
	assert_true(j > 0.49 && j < 0.51);
	assert_int_equal(pl_reuse_jaccard(&j, "short", "short", 5, &err), 0);
	assert_true(j > 0.999);
	assert_int_equal(pl_reuse_jaccard(&j, "caf\xe9", "x", 5, &err), PL_EINVALID);
}

static char *sentence(unsigned *seed, size_t words)
{
	char *text = malloc(words * 8 + 1);
	size_t len = 0;
	for (size_t w = 0; w < words; w++) {
		*seed = *seed * 1103515245u + 12345u;
		len += (size_t)sprintf(text + len, "%sw%u", w ? " " : "", (*seed >> 16) % 5000);
	}
	return text;
}

static void test_planted(void **state)
{
	(void)state;
	enum { N = 600 };
	char *texts[N];
	size_t group[N];
	unsigned seed = 3;
	for (size_t i = 0; i < N; i++) {
		group[i] = i / 10;
		texts[i] = sentence(&seed, 30);
	}
	/* Copies: 50 and 300 exact; 120 with its last word changed; 7 and 8
	 * in one group are not paired. */
	free(texts[300]);
	texts[300] = strdup(texts[50]);
	free(texts[420]);
	texts[420] = strdup(texts[120]);
	texts[420][strlen(texts[420]) - 1] = texts[420][strlen(texts[420]) - 1] == '1' ? '2' : '1';
	free(texts[8]);
	texts[8] = strdup(texts[7]);
	pl_reuse *r;
	pl_error err;
	pl_reuse_options o = {0};
	assert_int_equal(pl_reuse_find(&r, (const char *const *)texts, group, N, &o, &err), 0);
	assert_int_equal(r->pair_count, 2);
	assert_int_equal(r->pairs[0].x, 50);
	assert_int_equal(r->pairs[0].y, 300);
	assert_int_equal(r->pairs[1].x, 120);
	assert_int_equal(r->pairs[1].y, 420);
	assert_true(r->pairs[1].jaccard > 0.9 && r->pairs[1].jaccard < 1);
	assert_int_equal(r->cluster_count, 2);
	assert_int_equal(r->clusters[0].groups, 2);
	pl_reuse_free(r);
	/* One thread gives the same. */
	o.threads = 1;
	assert_int_equal(pl_reuse_find(&r, (const char *const *)texts, group, N, &o, &err), 0);
	assert_int_equal(r->pair_count, 2);
	pl_reuse_free(r);
	/* Without groups, 7 and 8 pair too. */
	assert_int_equal(pl_reuse_find(&r, (const char *const *)texts, NULL, N, NULL, &err), 0);
	assert_int_equal(r->pair_count, 3);
	pl_reuse_free(r);
	for (size_t i = 0; i < N; i++)
		free(texts[i]);
}

static void test_bad(void **state)
{
	(void)state;
	const char *texts[] = {"fine text here", "caf\xe9 au lait"};
	pl_reuse *r;
	pl_error err;
	assert_int_equal(pl_reuse_find(&r, texts, NULL, 2, NULL, &err), PL_EINVALID);
	assert_null(r);
	assert_non_null(strstr(err.message, "text 2"));
	pl_reuse_options o = {0};
	o.threshold = 2;
	assert_int_equal(pl_reuse_find(&r, texts, NULL, 1, &o, &err), PL_EINVALID);
	assert_int_equal(pl_reuse_find(&r, texts, NULL, 0, NULL, &err), 0);
	assert_int_equal(r->pair_count, 0);
	pl_reuse_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jaccard),
	    cmocka_unit_test(test_planted),
	    cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
