/* test_utf8_controls.c — pl_utf8_check's search for control characters,
 * which skips sixteen bytes at a time where it can, finds the same first
 * control as a byte-by-byte search at every place in a text, and lets
 * through what the flags allow and what only looks like a control. */
#include "testutil.h"

#include "parley/utf8.h"

#include <stdio.h>
#include <string.h>

/* The offset pl_utf8_check reports, or -1 when it accepts s. */
static long reported(const char *s, size_t len, unsigned flags)
{
	pl_error err;
	if (pl_utf8_check(s, len, flags, 0, "t", &err) == 0)
		return -1;
	const char *at = strstr(err.message, "byte offset ");
	assert_non_null(at);
	long offset = -1;
	assert_int_equal(sscanf(at, "byte offset %ld", &offset), 1);
	return offset;
}

/* One control (or a look-alike) of length n at every place of ASCII texts
 * of every length up to 70, after an allowed line feed or not. */
static void place_everywhere(const char *control, size_t n, unsigned flags, int refused)
{
	char text[96];
	for (size_t len = n; len <= 70; len++)
		for (size_t at = 0; at + n <= len; at++)
			for (int feed = 0; feed < 2; feed++) {
				memset(text, 'x', len);
				memcpy(text + at, control, n);
				if (feed && at > 1)
					text[at - 2] = '\n';
				long want = refused ? (long)at : -1;
				if (!(flags & PL_UTF8_NEWLINE) && feed && at > 1)
					want = (long)at - 2;
				assert_int_equal(reported(text, len, flags), want);
			}
}

static void test_controls_found_everywhere(void **state)
{
	(void)state;
	place_everywhere("\x01", 1, PL_UTF8_LINES, 1);
	place_everywhere("\x1b", 1, PL_UTF8_LINES | PL_UTF8_CR, 1);
	place_everywhere("\x1f", 1, PL_UTF8_LINES, 1);
	place_everywhere("\x7f", 1, PL_UTF8_LINES, 1);
	place_everywhere("\r", 1, PL_UTF8_LINES, 1);
	place_everywhere("\t", 1, PL_UTF8_NEWLINE, 1);
	place_everywhere("\n", 1, 0, 1);
	place_everywhere("\xc2\x80", 2, PL_UTF8_LINES, 1); /* C1 */
	place_everywhere("\xc2\x9b", 2, PL_UTF8_LINES, 1);
	place_everywhere("\xc2\x9f", 2, PL_UTF8_LINES, 1);
}

static void test_lookalikes_pass(void **state)
{
	(void)state;
	place_everywhere("\t", 1, PL_UTF8_LINES, 0);
	place_everywhere("\r", 1, PL_UTF8_LINES | PL_UTF8_CR, 0);
	place_everywhere("\n", 1, PL_UTF8_NEWLINE, 0);
	place_everywhere("\xc2\xa0", 2, PL_UTF8_LINES, 0); /* no-break space */
	place_everywhere("\xc2\xbf", 2, PL_UTF8_LINES, 0);
	place_everywhere(" ", 1, 0, 0);
	place_everywhere("~", 1, 0, 0);
	place_everywhere("\xe2\x80\x94", 3, 0, 0); /* an em dash */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_controls_found_everywhere),
	    cmocka_unit_test(test_lookalikes_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
