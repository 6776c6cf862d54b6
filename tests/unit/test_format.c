/* Tests of the document model helpers and the JSON, HTML and text writers. */
#include "testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/file.h"
#include "parley/format.h"
#include "parley/markdown.h"

static void test_labels(void **state)
{
	(void)state;
	const char *good[] = {"1",     "21",  "3 bis", "3 ter",   "4.1",
	                      "4.1.2", "12a", "12(b)", "7 decies"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(pl_label_valid(good[i], strlen(good[i])));
	const char *bad[] = {"", "a", "1.", "1x2", "3 bus", "1 ", "12ab", "1234567890", "4..1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (pl_label_valid(bad[i], strlen(bad[i])))
			fail_msg("'%s' taken for a label", bad[i]);
}

static void test_json_schema(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# Title \"q\"\n\nPre.\n\n## Part\n\n5. Five: (a) x; (b) y.\n");
	pl_point_set_id(&doc->points[0], "p9");
	pl_buf out = PL_BUF_INIT;
	pl_doc_meta meta = {"plan", 3, "2025-11-20T09:00:00Z", "f.md", NULL, NULL, 0};
	pl_format_json(&out, doc, &meta);
	json_error_t jerr;
	json_t *root = json_loads(out.ptr, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "format")),
	                    "parley.document/1");
	assert_string_equal(json_string_value(json_object_get(root, "name")), "plan");
	assert_int_equal(json_integer_value(json_object_get(root, "version")), 3);
	assert_string_equal(json_string_value(json_object_get(root, "title")), "Title \"q\"");
	assert_string_equal(json_string_value(json_object_get(root, "preamble")), "Pre.");
	json_t *point = json_array_get(json_object_get(root, "points"), 0);
	assert_string_equal(json_string_value(json_object_get(point, "id")), "p9");
	assert_string_equal(json_string_value(json_object_get(point, "label")), "5");
	assert_int_equal(json_integer_value(json_object_get(point, "part")), 0);
	json_t *items = json_object_get(point, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "text")),
	                    "y.");
	json_decref(root);
	pl_buf_free(&out);
	pl_doc_free(doc);
}

static void test_html_escapes(void **state)
{
	(void)state;
	pl_doc *doc =
	    tu_parse("# A <b>&</b> title\n\n1. Use <script>alert(1)</script> & *care*.\n");
	pl_buf out = PL_BUF_INIT;
	pl_format_html(&out, doc, NULL);
	assert_null(strstr(out.ptr, "<script>"));
	assert_null(strstr(out.ptr, "<b>"));
	assert_non_null(strstr(out.ptr, "<title>A &lt;b&gt;&amp;&lt;/b&gt; title</title>"));
	assert_non_null(strstr(out.ptr, "<em>care</em>"));
	assert_non_null(strstr(out.ptr, "<!DOCTYPE html>"));
	assert_non_null(strstr(out.ptr, "<meta charset=\"utf-8\">"));
	pl_buf_free(&out);
	pl_doc_free(doc);
	pl_buf esc = PL_BUF_INIT;
	pl_html_escape(&esc, "a<b>&\"'", 7);
	assert_string_equal(esc.ptr, "a&lt;b&gt;&amp;&quot;&#39;");
	pl_buf_free(&esc);
}

static void test_text_layout(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# Мир\n\n## Part 1\n\n1. One: (a) x; (b) y.\n\n## Empty part\n");
	pl_buf out = PL_BUF_INIT;
	pl_format_text(&out, doc, NULL);
	/* The underline counts display columns, not bytes. */
	assert_string_equal(out.ptr,
	                    "Мир\n===\n\nPart 1\n------\n\n1. One:\n    (a) x;\n    (b) y.\n\n"
	                    "Empty part\n----------\n");
	pl_buf_free(&out);
	pl_doc_free(doc);
}

static void test_select_label(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# T\n\n## A\n\n1. a1.\n\n2. a2.\n\n## B\n\n1. b1.\n");
	pl_doc *one = pl_doc_select_label(doc, "1");
	assert_int_equal(one->point_count, 2);
	assert_int_equal(one->part_count, 2);
	assert_string_equal(one->points[1].text, "b1.");
	assert_int_equal(one->points[1].part, 1);
	pl_doc *two = pl_doc_select_label(doc, "2");
	assert_int_equal(two->part_count, 1);
	assert_null(pl_doc_select_label(doc, "9"));
	pl_doc_free(one);
	pl_doc_free(two);
	pl_doc_free(doc);
}

static void test_file_cap(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char path[600];
	snprintf(path, sizeof path, "%s/f.md", dir);
	tu_write_file(path, "1. hello\n", 9);
	char *data;
	size_t len;
	pl_error err;
	assert_int_equal(pl_file_read(path, 9, &data, &len, &err), 0);
	assert_int_equal(len, 9);
	free(data);
	assert_int_equal(pl_file_read(path, 8, &data, &len, &err), PL_ETOOBIG);
	assert_non_null(strstr(err.message, "over the input cap of 8 bytes"));
	assert_null(data);
	assert_int_equal(pl_file_read(dir, 100, &data, &len, &err), PL_EINVALID);
	snprintf(path, sizeof path, "%s/none.md", dir);
	assert_int_equal(pl_file_read(path, 100, &data, &len, &err), PL_ENOTFOUND);
	size_t bytes;
	assert_int_equal(pl_size_parse("64M", &bytes, &err), 0);
	assert_int_equal(bytes, (size_t)64 << 20);
	assert_int_equal(pl_size_parse("12x", &bytes, &err), PL_EINVALID);
	assert_int_equal(pl_size_parse("-1", &bytes, &err), PL_EINVALID);
	tu_remove_tree(dir);
	free(dir);
}

/* Every sample plan exports to every format. */
static void test_samples_export(void **state)
{
	(void)state;
	const char *samples[] = {"plan-us-28.md", "plan-eu-counter.md", "plan-eu-24.md"};
	for (size_t i = 0; i < 3; i++) {
		char *path = tu_data_path(samples[i]);
		size_t len;
		char *text = tu_read_file(path, &len);
		pl_doc *doc;
		pl_error err;
		assert_int_equal(pl_markdown_parse(&doc, text, len, samples[i], &err), 0);
		pl_buf json = PL_BUF_INIT, html = PL_BUF_INIT, plain = PL_BUF_INIT;
		pl_format_json(&json, doc, NULL);
		pl_format_html(&html, doc, NULL);
		pl_format_text(&plain, doc, NULL);
		json_error_t jerr;
		json_t *root = json_loads(json.ptr, 0, &jerr);
		assert_non_null(root);
		assert_int_equal(json_array_size(json_object_get(root, "points")),
		                 doc->point_count);
		json_decref(root);
		assert_non_null(strstr(html.ptr, "</html>"));
		/* Every point's label and text appear in the text form. */
		for (size_t k = 0; k < doc->point_count; k++)
			assert_non_null(strstr(plain.ptr, doc->points[k].text));
		pl_buf_free(&json);
		pl_buf_free(&html);
		pl_buf_free(&plain);
		pl_doc_free(doc);
		free(text);
		free(path);
	}
}

static void test_buffer(void **state)
{
	(void)state;
	pl_buf buf = PL_BUF_INIT;
	assert_string_equal(buf.ptr, "");
	for (int i = 0; i < 1000; i++)
		pl_buf_printf(&buf, "%d,", i);
	assert_int_equal(buf.len, strlen(buf.ptr));
	assert_true(strncmp(buf.ptr, "0,1,2,", 6) == 0);
	char *owned = pl_buf_detach(&buf);
	assert_string_equal(buf.ptr, "");
	free(owned);
	pl_buf_free(&buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels),       cmocka_unit_test(test_json_schema),
	    cmocka_unit_test(test_html_escapes), cmocka_unit_test(test_text_layout),
	    cmocka_unit_test(test_select_label), cmocka_unit_test(test_file_cap),
	    cmocka_unit_test(test_buffer),       cmocka_unit_test(test_samples_export),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
