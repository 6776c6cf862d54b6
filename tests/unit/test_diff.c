/* test_diff.c — the diff engine: validity on every input, minimality against
 * a reference LCS on small inputs, bounded work on unrelated inputs. */
#include "testutil.h"

#include "diff_int.h"
#include "parley/diff.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: a seeded generator, so that a failure can be replayed. */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

/* Rebuilds B from the script by copying equal runs out of A and inserted
 * runs out of B, and checks that A is walked through exactly once. */
static void assert_applies(const pl_diff_script *s, const uint32_t *a, size_t n, const uint32_t *b,
                           size_t m)
{
	uint32_t *out = pl_malloc((m + 1) * sizeof *out);
	size_t len = 0, a_pos = 0;
	for (size_t k = 0; k < s->count; k++) {
		const pl_diff_op *op = &s->ops[k];
		assert_true(op->length > 0);
		switch (op->kind) {
		case PL_DIFF_EQUAL:
			assert_int_equal(op->a_start, a_pos);
			assert_true(len + op->length <= m);
			memcpy(out + len, a + op->a_start, op->length * sizeof *a);
			len += op->length;
			a_pos += op->length;
			break;
		case PL_DIFF_DELETE:
			assert_int_equal(op->a_start, a_pos);
			a_pos += op->length;
			break;
		case PL_DIFF_INSERT:
			assert_int_equal(op->b_start, len);
			assert_true(len + op->length <= m);
			memcpy(out + len, b + op->b_start, op->length * sizeof *b);
			len += op->length;
			break;
		default:
			fail_msg("bad kind %d", (int)op->kind);
		}
	}
	assert_int_equal(a_pos, n);
	assert_int_equal(len, m);
	assert_true(m == 0 || memcmp(out, b, m * sizeof *b) == 0);
	free(out);
	pl_error err;
	if (pl_diff_verify(s, a, n, b, m, &err) != 0)
		fail_msg("pl_diff_verify: %s", err.message);
}

/* The reference: length of a longest common subsequence by the O(NM)
 * dynamic program. */
static size_t lcs_length(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t *prev = pl_calloc(m + 1, sizeof *prev), *row = pl_calloc(m + 1, sizeof *row);
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			if (a[i - 1] == b[j - 1])
				row[j] = prev[j - 1] + 1;
			else
				row[j] = prev[j] > row[j - 1] ? prev[j] : row[j - 1];
		}
		size_t *t = prev;
		prev = row;
		row = t;
	}
	size_t result = prev[m];
	free(prev);
	free(row);
	return result;
}

static void check_pair(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
                       const pl_diff_options *options, int want_minimal)
{
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_diff_compute(&s, a, n, b, m, options);
	assert_applies(&s, a, n, b, m);
	if (want_minimal) {
		size_t lcs = lcs_length(a, n, b, m);
		if (s.deleted + s.inserted != n + m - 2 * lcs)
			fail_msg("n=%zu m=%zu: %zu edits, minimum %zu", n, m,
			         s.deleted + s.inserted, n + m - 2 * lcs);
		assert_int_equal(s.deleted, n - lcs);
	}
	pl_diff_script_free(&s);
}

static void fill_random(uint32_t *v, size_t n, uint32_t alphabet)
{
	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)rng_below(alphabet);
}

/* B from A by a few random deletions, insertions and replacements. */
static size_t mutate(const uint32_t *a, size_t n, uint32_t *b, size_t cap, uint32_t alphabet,
                     size_t per_mille)
{
	size_t m = 0;
	for (size_t i = 0; i <= n && m < cap; i++) {
		if (rng_below(1000) < per_mille) {
			size_t what = rng_below(3), count = 1 + rng_below(4);
			for (size_t k = 0; what != 0 && k < count && m < cap; k++)
				b[m++] = (uint32_t)rng_below(alphabet);
			if (what == 2 && i < n)
				continue; /* replaced */
			if (what == 0) {
				i += count - 1;
				continue; /* deleted */
			}
		}
		if (i < n && m < cap)
			b[m++] = a[i];
	}
	return m;
}

static void test_empty_inputs(void **state)
{
	(void)state;
	uint32_t x[3] = {1, 2, 3};
	check_pair(NULL, 0, NULL, 0, NULL, 1);
	check_pair(x, 3, NULL, 0, NULL, 1);
	check_pair(NULL, 0, x, 3, NULL, 1);
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_diff_compute(&s, NULL, 0, NULL, 0, NULL);
	assert_int_equal(s.count, 0);
	pl_diff_compute(&s, x, 3, NULL, 0, NULL);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.ops[0].kind, PL_DIFF_DELETE);
	assert_int_equal(s.deleted, 3);
	pl_diff_script_free(&s);
}

static void test_identical_and_all_equal(void **state)
{
	(void)state;
	uint32_t a[100], b[70];
	for (size_t i = 0; i < 100; i++)
		a[i] = (uint32_t)i;
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_diff_compute(&s, a, 100, a, 100, NULL);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.ops[0].kind, PL_DIFF_EQUAL);
	assert_int_equal(s.ops[0].length, 100);
	for (size_t i = 0; i < 100; i++)
		a[i] = 7;
	for (size_t i = 0; i < 70; i++)
		b[i] = 7;
	pl_diff_compute(&s, a, 100, b, 70, NULL);
	assert_applies(&s, a, 100, b, 70);
	assert_int_equal(s.deleted, 30);
	assert_int_equal(s.inserted, 0);
	pl_diff_script_free(&s);
}

static void test_reversed(void **state)
{
	(void)state;
	uint32_t a[60], b[60];
	for (size_t n = 0; n <= 60; n++) {
		for (size_t i = 0; i < n; i++) {
			a[i] = (uint32_t)(i % 7);
			b[n - 1 - i] = a[i];
		}
		check_pair(a, n, b, n, NULL, 1);
	}
}

/* Thousands of random pairs over alphabets from 1 to 1000 symbols,
 * including one side empty: valid and minimal. */
static void test_random_small_minimal(void **state)
{
	(void)state;
	static const uint32_t alphabets[] = {1, 2, 3, 4, 8, 26, 1000};
	uint32_t a[60], b[60];
	rng_state = 12345;
	for (int round = 0; round < 6000; round++) {
		uint32_t alphabet = alphabets[round % 7];
		size_t n = rng_below(61), m = rng_below(61);
		fill_random(a, n, alphabet);
		fill_random(b, m, alphabet);
		check_pair(a, n, b, m, NULL, 1);
	}
}

/* B close to A, as real edits are. */
static void test_random_edits_minimal(void **state)
{
	(void)state;
	uint32_t a[60], b[200];
	rng_state = 777;
	for (int round = 0; round < 4000; round++) {
		uint32_t alphabet = round % 2 ? 5 : 500;
		size_t n = rng_below(61);
		fill_random(a, n, alphabet);
		size_t m = mutate(a, n, b, 60, alphabet, 30 + rng_below(200));
		check_pair(a, n, b, m, NULL, 1);
		check_pair(b, m, a, n, NULL, 1);
	}
}

/* Shapes that trouble diff algorithms: periodic sequences, shifts, one
 * odd element in a uniform run, interleavings. */
static void test_adversarial_small(void **state)
{
	(void)state;
	uint32_t a[60], b[60];
	for (size_t n = 1; n <= 60; n += 3) {
		for (size_t period = 1; period <= 4; period++) {
			for (size_t i = 0; i < n; i++) {
				a[i] = (uint32_t)(i % period);
				b[i] = (uint32_t)((i + 1) % (period + 1));
			}
			check_pair(a, n, b, n, NULL, 1);
			check_pair(a, n, b, n / 2, NULL, 1);
			check_pair(a + 1, n - 1, a, n, NULL, 1);
			for (size_t i = 0; i < n; i++)
				b[i] = i == n / 2 ? 9 : 0;
			for (size_t i = 0; i < n; i++)
				a[i] = 0;
			check_pair(a, n, b, n, NULL, 1);
			for (size_t i = 0; i < n; i++)
				a[i] = (uint32_t)(i % 2 ? i : 1000);
			check_pair(a, n, b, n, NULL, 1);
		}
	}
}

/* The minimal mode without anchors or limits agrees with the DP on inputs
 * larger than the anchoring threshold. */
static void test_minimal_option_large(void **state)
{
	(void)state;
	size_t n = 2500;
	uint32_t *a = pl_malloc(n * sizeof *a), *b = pl_malloc(2 * n * sizeof *b);
	pl_diff_options minimal = {PL_DIFF_MINIMAL, 0};
	rng_state = 99;
	for (int round = 0; round < 6; round++) {
		uint32_t alphabet = round < 3 ? 4 : 300;
		fill_random(a, n, alphabet);
		size_t m = round % 3 == 2 ? n : mutate(a, n, b, 2 * n, alphabet, 20);
		if (round % 3 == 2)
			fill_random(b, m, alphabet);
		check_pair(a, n, b, m, &minimal, 1);
	}
	free(a);
	free(b);
}

/* Text-like ids: frequent "space" and "the" between Zipf-ish words. */
static void fill_text(uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 2) {
			v[i] = 0;
			continue;
		}
		size_t r = rng_below(1000);
		v[i] = (uint32_t)(r < 100 ? 1 : 2 + rng_below(r < 600 ? 200 : 20000));
	}
}

/* Large, text-like pairs with sparse edits and a moved block go through the
 * anchors; the script must stay valid and, on such input, minimal. */
static void test_anchored_text(void **state)
{
	(void)state;
	size_t n = 20000;
	uint32_t *a = pl_malloc(n * sizeof *a), *b = pl_malloc(3 * n * sizeof *b);
	pl_diff_options minimal = {PL_DIFF_MINIMAL, 0};
	pl_diff_script fast = PL_DIFF_SCRIPT_INIT, exact = PL_DIFF_SCRIPT_INIT;
	rng_state = 4242;
	size_t worse = 0;
	for (int round = 0; round < 10; round++) {
		fill_text(a, n);
		size_t m = mutate(a, n, b, 3 * n, 20000, 5 + (size_t)round);
		if (round % 2) { /* move a block of 300 ids from 1000 to 15000 */
			memmove(b + m, b + 1000, 300 * sizeof *b);
			memmove(b + 1000, b + 1300, 13700 * sizeof *b);
			memmove(b + 14700, b + m, 300 * sizeof *b);
		}
		pl_diff_compute(&fast, a, n, b, m, NULL);
		assert_applies(&fast, a, n, b, m);
		assert_true(fast.flags & PL_DIFF_ANCHORED);
		assert_false(fast.flags & PL_DIFF_CUT);
		pl_diff_compute(&exact, a, n, b, m, &minimal);
		assert_applies(&exact, a, n, b, m);
		if (fast.deleted + fast.inserted > exact.deleted + exact.inserted)
			worse++;
		assert_true(fast.deleted + fast.inserted >= exact.deleted + exact.inserted);
	}
	/* Anchoring may lose to the minimum only rarely. */
	print_message("anchored scripts longer than minimal: %zu of 10\n", worse);
	assert_true(worse <= 1);
	pl_diff_script_free(&fast);
	pl_diff_script_free(&exact);
	free(a);
	free(b);
}

static int same_script(const pl_diff_script *x, const pl_diff_script *y)
{
	return x->count == y->count && x->deleted == y->deleted && x->inserted == y->inserted &&
	       x->flags == y->flags && memcmp(x->ops, y->ops, x->count * sizeof *x->ops) == 0;
}

/* One workspace used again and again, over pairs of every size from a few
 * ids to anchored ones of thousands, large before small and small before
 * large, with and without a cost limit: each script is exactly
 * pl_diff_compute's, whatever an earlier call left in the arrays. */
static void test_workspace_reused(void **state)
{
	(void)state;
	size_t most = 6000;
	uint32_t *a = pl_malloc(most * sizeof *a), *b = pl_malloc(3 * most * sizeof *b);
	pl_diff_workspace ws;
	memset(&ws, 0, sizeof ws);
	pl_diff_script fresh = PL_DIFF_SCRIPT_INIT, reused = PL_DIFF_SCRIPT_INIT;
	pl_diff_options limited = {0, 2000};
	rng_state = 777;
	for (int round = 0; round < 300; round++) {
		size_t n = round % 7 == 0 ? most - rng_below(500) : 1 + rng_below(300);
		fill_text(a, n);
		size_t m = mutate(a, n, b, 3 * most, 20000, 1 + rng_below(120));
		const pl_diff_options *options = round % 5 == 4 ? &limited : NULL;
		pl_diff_compute(&fresh, a, n, b, m, options);
		pl_diff_compute_in(&ws, &reused, a, n, b, m, options);
		assert_applies(&reused, a, n, b, m);
		if (!same_script(&fresh, &reused))
			fail_msg("round %d (%zu x %zu ids): the scripts differ", round, n, m);
	}
	pl_diff_workspace_free(&ws);
	pl_diff_workspace_free(&ws); /* twice: it was emptied */
	pl_diff_script_free(&fresh);
	pl_diff_script_free(&reused);
	free(a);
	free(b);
}

/* A tiny budget cuts the search; the script is still valid. */
static void test_budget_cut_valid(void **state)
{
	(void)state;
	size_t n = 3000;
	uint32_t *a = pl_malloc(n * sizeof *a), *b = pl_malloc(n * sizeof *b);
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	rng_state = 5;
	for (int round = 0; round < 20; round++) {
		fill_random(a, n, round % 2 ? 3 : 50);
		fill_random(b, n, round % 2 ? 3 : 50);
		pl_diff_options limited = {0, 1 + (size_t)round * 50};
		pl_diff_compute(&s, a, n, b, n, &limited);
		assert_applies(&s, a, n, b, n);
		assert_true(s.flags & PL_DIFF_CUT);
	}
	pl_diff_script_free(&s);
	free(a);
	free(b);
}

/* Two unrelated arrays of a million ids: bounded work, a valid script. */
static void test_unrelated_million(void **state)
{
	(void)state;
	size_t n = 1000000;
	uint32_t *a = pl_malloc(n * sizeof *a), *b = pl_malloc(n * sizeof *b);
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	rng_state = 31337;
	fill_random(a, n, UINT32_MAX);
	fill_random(b, n, UINT32_MAX);
	pl_diff_compute(&s, a, n, b, n, NULL);
	assert_applies(&s, a, n, b, n);
	/* Unrelated words over a shared vocabulary, the harder case: many
	 * short common subsequences for the search to chase. */
	fill_text(a, n);
	fill_text(b, n);
	pl_diff_compute(&s, a, n, b, n, NULL);
	assert_applies(&s, a, n, b, n);
	assert_true(s.flags & PL_DIFF_CUT);
	pl_diff_script_free(&s);
	free(a);
	free(b);
}

/* A deletion is slid down to a canonical place; a replacement reads
 * DELETE then INSERT. Ids: the=1 ' '=0 cat=2 and=3 dog=4. */
static void test_slide_and_order(void **state)
{
	(void)state;
	uint32_t a[] = {1, 0, 2, 0, 3, 0, 1, 0, 4}; /* the cat and the dog */
	uint32_t b[] = {1, 0, 4};                   /* the dog */
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_diff_compute(&s, a, 9, b, 3, NULL);
	assert_applies(&s, a, 9, b, 3);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.ops[1].kind, PL_DIFF_DELETE);
	assert_int_equal(s.ops[1].a_start, 2); /* "cat and the " */
	assert_int_equal(s.ops[1].length, 6);
	uint32_t c[] = {1, 0, 5, 0, 4}; /* the fox dog */
	uint32_t d[] = {1, 0, 6, 0, 4}; /* the owl dog */
	pl_diff_compute(&s, c, 5, d, 5, NULL);
	assert_int_equal(s.count, 4);
	assert_int_equal(s.ops[1].kind, PL_DIFF_DELETE);
	assert_int_equal(s.ops[2].kind, PL_DIFF_INSERT);
	assert_int_equal(s.ops[2].a_start, 3);
	assert_int_equal(s.ops[2].b_start, 2);
	pl_diff_script_free(&s);
}

static void test_verify_rejects(void **state)
{
	(void)state;
	uint32_t a[] = {1, 2, 3}, b[] = {1, 4, 3};
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_error err;
	pl_diff_compute(&s, a, 3, b, 3, NULL);
	assert_int_equal(pl_diff_verify(&s, a, 3, b, 3, &err), 0);
	s.ops[0].length = 2;
	assert_int_equal(pl_diff_verify(&s, a, 3, b, 3, &err), PL_EINVALID);
	s.ops[0].length = 1;
	s.ops[2].kind = PL_DIFF_EQUAL;
	assert_int_equal(pl_diff_verify(&s, a, 3, b, 3, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "run 2"));
	s.ops[2].kind = PL_DIFF_INSERT;
	s.deleted = 0;
	assert_int_equal(pl_diff_verify(&s, a, 3, b, 3, NULL), PL_EINVALID);
	pl_diff_script_free(&s);
}

/* A script built by hand: empty runs are left out, deletions and
 * insertions counted, and clearing keeps the memory for the next one. */
static void test_script_push_and_clear(void **state)
{
	(void)state;
	pl_diff_script s = PL_DIFF_SCRIPT_INIT;
	pl_diff_script_push(&s, PL_DIFF_EQUAL, 0, 0, 3);
	pl_diff_script_push(&s, PL_DIFF_DELETE, 3, 3, 2);
	pl_diff_script_push(&s, PL_DIFF_INSERT, 5, 3, 0);
	pl_diff_script_push(&s, PL_DIFF_INSERT, 5, 3, 4);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.deleted, 2);
	assert_int_equal(s.inserted, 4);
	uint32_t a[] = {1, 2, 3, 4, 5}, b[] = {1, 2, 3, 6, 7, 8, 9};
	pl_error err;
	assert_int_equal(pl_diff_verify(&s, a, 5, b, 7, &err), 0);
	pl_diff_op *ops = s.ops;
	s.flags = PL_DIFF_CUT;
	pl_diff_script_clear(&s);
	assert_int_equal(s.count + s.deleted + s.inserted + s.flags, 0);
	assert_ptr_equal(s.ops, ops);
	pl_diff_script_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_script_push_and_clear),
	    cmocka_unit_test(test_empty_inputs),
	    cmocka_unit_test(test_identical_and_all_equal),
	    cmocka_unit_test(test_reversed),
	    cmocka_unit_test(test_random_small_minimal),
	    cmocka_unit_test(test_random_edits_minimal),
	    cmocka_unit_test(test_adversarial_small),
	    cmocka_unit_test(test_minimal_option_large),
	    cmocka_unit_test(test_anchored_text),
	    cmocka_unit_test(test_budget_cut_valid),
	    cmocka_unit_test(test_unrelated_million),
	    cmocka_unit_test(test_slide_and_order),
	    cmocka_unit_test(test_verify_rejects),
	    cmocka_unit_test(test_workspace_reused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
