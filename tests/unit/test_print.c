/* Tests of the page shell (print.h): what every printed page carries, and
 * that no text reaches the style sheet or the page unescaped. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/print.h"
#include "parley/table.h"

/* The text between <style> and the first </style>. */
static char *style_of(const char *page)
{
	const char *start = strstr(page, "<style>");
	const char *end = strstr(page, "</style>");
	assert_non_null(start);
	assert_non_null(end);
	assert_true(end > start);
	start += strlen("<style>");
	return strndup(start, (size_t)(end - start));
}

static void test_header_and_footer(void **state)
{
	(void)state;
	pl_page page = {.title = "Voting list: framework@2",
	                .document = "framework@2",
	                .date = "2025-11-24T12:00:00Z",
	                .as_of = "2025-11-25T09:30:00Z",
	                .marking = "CONFIDENTIAL — backchannel track: RU, US"};
	pl_buf out = PL_BUF_INIT;
	pl_html_page_open(&out, &page);
	pl_html_page_close(&out);
	const char *expect[] = {
	    "@page{size:A4;",
	    "@top-left{font:8pt sans-serif;color:#444;content:\"framework@2\"}",
	    "@top-right{font:8pt sans-serif;color:#444;content:\"version of 24 November 2025\"}",
	    "@bottom-left{font:8pt sans-serif;color:#444;content:\"as of 25 November 2025, 09:30 "
	    "UTC\"}",
	    "content:\"page \" counter(page) \" of \" counter(pages)",
	    "@top-center{font:bold 9pt sans-serif;color:#a00;content:\"CONFIDENTIAL — "
	    "backchannel track: RU, US\"}",
	    "@bottom-center{",
	    "<div class=\"marking\">CONFIDENTIAL — backchannel track: RU, US</div>",
	    "<h1>Voting list: framework@2</h1>",
	    /* the title names the document: the line under it gives the dates */
	    "<p class=\"meta\">version of 24 November 2025 · as of 25 November 2025, 09:30 UTC</p>",
	    "thead{display:table-header-group}",
	    "</body>\n</html>\n",
	};
	for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
		if (!strstr(out.ptr, expect[i]))
			fail_msg("no '%s' in\n%s", expect[i], out.ptr);
	assert_null(strstr(out.ptr, "landscape"));
	pl_buf_free(&out);

	pl_page wide = {.title = "Comparison of a.md and b.md", .landscape = 1};
	pl_html_page_open(&out, &wide);
	assert_non_null(strstr(out.ptr, "@page{size:A4 landscape;"));
	assert_non_null(strstr(out.ptr, "<body class=\"wide\">"));
	assert_null(strstr(out.ptr, "CONFIDENTIAL"));
	assert_null(strstr(out.ptr, "class=\"meta\""));
	pl_buf_free(&out);
}

/* A file name or title that tries to close the string, the rule or the
 * style element stays inside its CSS string; in the body it is escaped. */
static void test_hostile_text(void **state)
{
	(void)state;
	const char *evil = "x\"}</style><script>alert(1)</script>\\\n";
	pl_page page = {.title = evil, .document = evil, .marking = evil, .date = evil};
	pl_buf out = PL_BUF_INIT;
	pl_html_page_open(&out, &page);
	char *style = style_of(out.ptr);
	assert_null(strstr(style, "<"));
	assert_null(strstr(style, "x\"}"));
	assert_non_null(strstr(style, "content:\"x\\22 }\\3c /style\\3e "));
	free(style);
	assert_null(strstr(out.ptr, "<script>"));
	assert_non_null(strstr(out.ptr, "<h1>x&quot;}&lt;/style&gt;&lt;script&gt;"));
	pl_buf_free(&out);
}

static void test_dates(void **state)
{
	(void)state;
	pl_buf out = PL_BUF_INIT;
	pl_date_words(&out, "2025-02-03T07:05:00Z", 0);
	assert_string_equal(out.ptr, "3 February 2025");
	pl_buf_clear(&out);
	pl_date_words(&out, "2025-12-31T23:59:59Z", 1);
	assert_string_equal(out.ptr, "31 December 2025, 23:59 UTC");
	/* not the form events carry: shown as given */
	const char *odd[] = {"yesterday", "2025-13-01T00:00:00Z", "2025-01-01T00:00:00", ""};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		pl_buf_clear(&out);
		pl_date_words(&out, odd[i], 1);
		assert_string_equal(out.ptr, odd[i]);
	}
	pl_buf_free(&out);
}

/* Columns are labelled in words in text, Markdown and HTML; CSV and JSON
 * keep the keys. */
static void test_column_labels(void **state)
{
	(void)state;
	const char *headers[] = {"id", "falls_if_adopted"};
	const char *row[] = {"A1", "A2"};
	pl_table *t = pl_table_new(2, headers);
	pl_table_add_row(t, row);
	pl_buf out = PL_BUF_INIT;
	pl_table_write_text(&out, t);
	assert_non_null(strstr(out.ptr, "ID  FALLS IF ADOPTED\n"));
	pl_buf_clear(&out);
	pl_table_write_markdown(&out, t);
	assert_non_null(strstr(out.ptr, "| ID | Falls if adopted |"));
	pl_buf_clear(&out);
	pl_table_write_html(&out, t, "Voting list", NULL);
	assert_non_null(strstr(out.ptr, "<th class=\"column-falls_if_adopted\">Falls if "
	                                "adopted</th>"));
	assert_non_null(strstr(out.ptr, "<thead>"));
	pl_buf_clear(&out);
	pl_table_write_csv(&out, t);
	assert_non_null(strstr(out.ptr, "id,falls_if_adopted\r\n"));
	pl_buf_clear(&out);
	pl_table_write_json(&out, t, "x");
	assert_non_null(strstr(out.ptr, "\"falls_if_adopted\": \"A2\""));
	pl_buf_free(&out);
	pl_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header_and_footer),
	    cmocka_unit_test(test_hostile_text),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_column_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
