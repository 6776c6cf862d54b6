/* test_utf8.c — checking text at the door (pl_utf8_check), escaping it for
 * the terminal (pl_utf8_escape), and the fixed clock's form. */
#include "testutil.h"

#include "parley/clock.h"
#include "parley/doc.h"
#include "parley/format.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"
#include "parley/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check(const char *s, unsigned flags, size_t max, pl_error *err)
{
	return pl_utf8_check(s, strlen(s), flags, max, "the title", err);
}

static void test_check_accepts_clean_text(void **state)
{
	(void)state;
	pl_error err;
	assert_int_equal(check("Peace in Ukraine — 28 points, café", 0, 0, &err), 0);
	assert_int_equal(check("", 0, 0, &err), 0);
	assert_int_equal(check("two\nlines\tand a tab", PL_UTF8_LINES, 0, &err), 0);
	assert_int_equal(check("crlf\r\n", PL_UTF8_LINES | PL_UTF8_CR, 0, &err), 0);
	assert_int_equal(check("exactly ten", 0, 11, &err), 0);
}

static void test_check_refuses_bad_bytes(void **state)
{
	(void)state;
	pl_error err;
	assert_int_equal(check("ok \xff", 0, 0, &err), PL_EINVALID);
	assert_string_equal(err.message, "the title is not valid UTF-8 (byte offset 3)");
	assert_int_equal(check("\xc0\xaf overlong", 0, 0, &err), PL_EINVALID);
	assert_int_equal(check("\xed\xa0\x80 surrogate", 0, 0, &err), PL_EINVALID);
	assert_int_equal(check("cut \xe2\x80", 0, 0, &err), PL_EINVALID);
	assert_int_equal(pl_utf8_check("a\0b", 3, 0, 0, "the title", &err), PL_EINVALID);
}

static void test_check_refuses_controls(void **state)
{
	(void)state;
	pl_error err;
	assert_int_equal(check("\x1b]0;pwned\x07", 0, 0, &err), PL_EINVALID);
	assert_string_equal(err.message,
	                    "the title holds the control character U+001B (byte offset 0)");
	assert_int_equal(check("a\nb", 0, 0, &err), PL_EINVALID);
	assert_string_equal(err.message,
	                    "the title holds the control character U+000A (byte offset 1)");
	assert_int_equal(check("a\tb", PL_UTF8_NEWLINE, 0, &err), PL_EINVALID);
	assert_int_equal(check("a\rb", PL_UTF8_LINES, 0, &err), PL_EINVALID);
	assert_int_equal(check("del\x7f", PL_UTF8_LINES, 0, &err), PL_EINVALID);
	assert_string_equal(err.message,
	                    "the title holds the control character U+007F (byte offset 3)");
	/* U+009B, the one-character CSI of C1. */
	assert_int_equal(check("x\xc2\x9b"
	                       "31m",
	                       PL_UTF8_LINES, 0, &err),
	                 PL_EINVALID);
	assert_string_equal(err.message,
	                    "the title holds the control character U+009B (byte offset 1)");
	/* U+00A0 (no-break space) is printable. */
	assert_int_equal(check("x\xc2\xa0y", 0, 0, &err), 0);
}

static void test_check_length(void **state)
{
	(void)state;
	pl_error err;
	assert_int_equal(check("twelve bytes", 0, 11, &err), PL_EINVALID);
	assert_string_equal(err.message, "the title is 12 bytes, over the limit of 11");
}

static void assert_escaped(const char *s, size_t len, unsigned flags, const char *want)
{
	pl_buf out = PL_BUF_INIT;
	pl_utf8_escape(&out, s, len, flags);
	assert_string_equal(out.ptr, want);
	assert_int_equal(pl_utf8_needs_escape(s, len, flags), strcmp(s, want) != 0);
	pl_buf_free(&out);
}

static void test_escape(void **state)
{
	(void)state;
	assert_escaped("plain café — ok", strlen("plain café — ok"), 0, "plain café — ok");
	assert_escaped("\x1b]0;pwned\x07", 10, 0, "\\e]0;pwned\\x07");
	assert_escaped("a\nb\tc\rd", 7, 0, "a\\nb\\tc\\rd");
	assert_escaped("a\nb\tc\rd", 7, PL_UTF8_LINES, "a\nb\tc\\rd");
	assert_escaped("p\xff.md", 5, 0, "p\\xff.md");
	assert_escaped("\xc2\x9b"
	               "2J",
	               4, 0, "\\u{9b}2J");
	assert_escaped("del\x7f", 4, 0, "del\\x7f");
	assert_escaped("cut \xe2\x80", 6, 0, "cut \\xe2\\x80");
	assert_escaped("a\0b", 3, 0, "a\\x00b");
	assert_escaped("back\\slash", 10, 0, "back\\slash");
}

static void test_clock(void **state)
{
	(void)state;
	pl_error err;
	assert_int_equal(pl_clock_check("2025-11-20T09:00:00Z", "PARLEY_CLOCK", &err), 0);
	assert_int_equal(pl_clock_check("2024-02-29T23:59:59Z", "PARLEY_CLOCK", &err), 0);
	assert_int_equal(pl_clock_check("garbage", "PARLEY_CLOCK", &err), PL_EINVALID);
	assert_string_equal(err.message, "PARLEY_CLOCK 'garbage' is not an ISO 8601 UTC time "
	                                 "YYYY-MM-DDTHH:MM:SSZ");
	assert_int_equal(pl_clock_check("2025-02-29T09:00:00Z", "the clock", &err), PL_EINVALID);
	assert_string_equal(err.message,
	                    "the clock '2025-02-29T09:00:00Z' is not a real date and time");
	assert_int_equal(pl_clock_check("1900-02-29T09:00:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-13-01T09:00:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-11-20T24:00:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-11-20T09:60:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("0000-01-01T00:00:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-11-20T09:00:00", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-11-20T09:00:00+01:00", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("2025-11-20 09:00:00Z", "c", &err), PL_EINVALID);
	assert_int_equal(pl_clock_check("\x1b[2J", "c", &err), PL_EINVALID);
	assert_string_equal(err.message, "c '\\e[2J' is not an ISO 8601 UTC time "
	                                 "YYYY-MM-DDTHH:MM:SSZ");
}

/* text with every "\n" replaced by ending, parsed and written back as
 * Markdown and as plain text (a new string). */
static char *reparsed(const char *text, const char *ending)
{
	pl_buf source = PL_BUF_INIT, out = PL_BUF_INIT;
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			pl_buf_puts(&source, ending);
		else
			pl_buf_putc(&source, *p);
	pl_doc *doc = NULL;
	pl_error err;
	if (pl_markdown_parse(&doc, source.ptr, source.len, "t.md", &err))
		fail_msg("%s", err.message);
	pl_markdown_write(&out, doc);
	pl_format_text(&out, doc, NULL);
	pl_doc_free(doc);
	pl_buf_free(&source);
	return pl_buf_detach(&out);
}

/* CommonMark ends a line at LF, CR or CR LF: a plan reads the same in each. */
static void test_markdown_line_endings(void **state)
{
	(void)state;
	static const char plan[] = "# Title\n\nA preamble\nover two lines.\n\n## Part one\n\n"
	                           "Intro.\n\n1. First point,\n   continued.\n\n"
	                           "2. Second point:\n   (a) one;\n   (b) two.\n\n"
	                           "## Part two\n\n3. Third.\n";
	char *lf = reparsed(plan, "\n");
	char *cr = reparsed(plan, "\r");
	char *crlf = reparsed(plan, "\r\n");
	assert_non_null(strstr(lf, "1. First point, continued."));
	assert_non_null(strstr(lf, "(b) two."));
	assert_string_equal(cr, lf);
	assert_string_equal(crlf, lf);
	free(lf);
	free(cr);
	free(crlf);
}

/* A control character in a plan file is refused where the file enters. */
static void test_markdown_refuses_controls(void **state)
{
	(void)state;
	static const char plan[] = "# T\n\n1. One \x1b[2J.\n";
	pl_doc *doc = NULL;
	pl_error err;
	assert_int_equal(pl_markdown_parse(&doc, plan, sizeof plan - 1, "x.md", &err), PL_EINVALID);
	assert_null(doc);
	assert_string_equal(err.message,
	                    "x.md holds the control character U+001B (byte offset 12)");
}

/* The library refuses a bad fixed clock itself, before it creates or
 * touches the database: a server front end gets the same check. */
static void test_open_refuses_bad_clock(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char path[512];
	snprintf(path, sizeof path, "%s/t.db", dir);
	pl_open_options options = {.path = path, .create = 1, .clock = "garbage"};
	pl_negotiation *n = NULL;
	pl_error err;
	assert_int_equal(pl_negotiation_open(&n, &options, &err), PL_EINVALID);
	assert_null(n);
	assert_string_equal(err.message, "the clock 'garbage' is not an ISO 8601 UTC time "
	                                 "YYYY-MM-DDTHH:MM:SSZ");
	assert_int_equal(access(path, F_OK), -1);
	options.clock = "2025-11-20T09:00:00Z";
	assert_int_equal(pl_negotiation_open(&n, &options, &err), 0);
	pl_negotiation_close(n);
	tu_remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_accepts_clean_text),
	    cmocka_unit_test(test_check_refuses_bad_bytes),
	    cmocka_unit_test(test_check_refuses_controls),
	    cmocka_unit_test(test_check_length),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_open_refuses_bad_clock),
	    cmocka_unit_test(test_markdown_line_endings),
	    cmocka_unit_test(test_markdown_refuses_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
