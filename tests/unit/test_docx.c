/* Tests of the Word writer and reader: every bundled plan and plans of
 * every shape go out as .docx and come back the same; Word's numbering
 * formats give the labels Word shows; bad input is refused with its own
 * message. (The command-level tests, with tracked changes, bad packages
 * and LibreOffice, are tests/cli/docx*.sh.) */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_numbering.h"
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/docx.h"

static void round_trip(const pl_doc *doc, const char *name)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	if (pl_docx_write(&out, doc, "MARKING", "plan@1", &err))
		fail_msg("%s: write failed: %s", name, err.message);
	assert_true(pl_docx_sniff(out.ptr, out.len));
	pl_doc *back = NULL;
	if (pl_docx_parse(&back, out.ptr, out.len, name, &err))
		fail_msg("%s: read back failed: %s", name, err.message);
	if (!pl_doc_equal(doc, back, 0))
		fail_msg("%s: the plan read back differs", name);
	pl_doc_free(back);
	pl_buf_free(&out);
}

static void test_examples_round_trip(void **state)
{
	(void)state;
	DIR *dir = opendir(PARLEY_EXAMPLES_DIR);
	assert_non_null(dir);
	size_t plans = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".md") != 0)
			continue;
		char *path = tu_example_path(e->d_name);
		char *text = tu_read_file(path, NULL);
		pl_doc *doc = tu_parse(text);
		round_trip(doc, e->d_name);
		pl_doc_free(doc);
		free(text);
		free(path);
		plans++;
	}
	closedir(dir);
	assert_true(plans >= 4);
}

/* Labels Word cannot count (typed), empty texts, sub-items that are not
 * a, b, c, paragraphs, introductions, points before any part. */
static void test_shapes_round_trip(void **state)
{
	(void)state;
	static const char *const plans[] = {
	    "1. Alone.\n",
	    "# T\n\nA preamble.\n\nIn two paragraphs.\n\n1. One.\n\n3 bis. Typed.\n\n12a. Also "
	    "typed.\n\n4.1. Dotted.\n",
	    "## Part A\n\nIntro.\n\n5. Five: (a) x; (b) y.\n\n6. Six: (c) not from a; (d) z.\n\n"
	    "## Part B\n\n1. Again one.\n\n2. Two.\n",
	    "1. Lead.\n\nSecond paragraph of the lead.\n\n2. Next: (i) roman; (ii) roman too.\n",
	    "7. Starts at seven.\n\n9. Skips eight.\n\n10. Then ten.\n",
	};
	for (size_t i = 0; i < sizeof plans / sizeof *plans; i++) {
		pl_doc *doc = tu_parse(plans[i]);
		round_trip(doc, plans[i]);
		pl_doc_free(doc);
	}
	/* A point whose text is all in its sub-items, and one with none. */
	pl_doc *doc = pl_doc_new();
	pl_point *p = pl_doc_add_point(doc, PL_NO_PART, NULL, "1", "");
	pl_point_add_item(p, "a", "only an item");
	pl_doc_add_point(doc, PL_NO_PART, NULL, "2 bis", "");
	round_trip(doc, "empty leads");
	pl_doc_free(doc);
}

static void parse_fails(const char *data, size_t len, int code, const char *message)
{
	pl_doc *doc = (pl_doc *)0x1;
	pl_error err;
	assert_int_equal(pl_docx_parse(&doc, data, len, "t.docx", &err), code);
	assert_null(doc);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	parse_fails("", 0, PL_EINVALID, "an empty file: not a Word document");
	parse_fails("# Title\n\n1. x\n", 14, PL_EINVALID, "not a zip archive");
	parse_fails("PK\x03\x04garbage", 11, PL_EINVALID, "damaged or truncated");
	pl_doc *doc = tu_parse("1. One.\n");
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_docx_write(&out, doc, NULL, NULL, &err), 0);
	for (size_t cut = 10; cut < out.len; cut += out.len / 7)
		parse_fails(out.ptr, cut, PL_EINVALID, "t.docx: ");
	pl_buf_free(&out);
	/* Text XML 1.0 cannot carry is refused when written. */
	pl_doc_set_title(doc, "bell \a");
	assert_int_equal(pl_docx_write(&out, doc, NULL, NULL, &err), PL_EINVALID);
	assert_int_equal(out.len, 0);
	pl_doc_free(doc);
}

/* Labels as Word shows them, from a numbering.xml. */
static void test_numbering_formats(void **state)
{
	(void)state;
	static const char xml[] =
	    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	    "<w:abstractNum w:abstractNumId=\"0\">"
	    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"4\"/><w:numFmt w:val=\"lowerRoman\"/>"
	    "<w:lvlText w:val=\"%1)\"/></w:lvl>"
	    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"26\"/><w:numFmt w:val=\"upperLetter\"/>"
	    "<w:lvlText w:val=\"%1.%2\"/></w:lvl>"
	    "<w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"o\"/></w:lvl>"
	    "</w:abstractNum>"
	    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/></w:num>"
	    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/>"
	    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
	    "</w:numbering>";
	xmlDocPtr tree = xmlReadMemory(xml, (int)sizeof xml - 1, "numbering.xml", NULL, 0);
	assert_non_null(tree);
	pl_docx_numbering *nb;
	pl_error err;
	assert_int_equal(pl_docx_numbering_read(&nb, tree, "t.docx", &err), 0);
	pl_buf label = PL_BUF_INIT;
	static const struct {
		const char *num;
		int level;
		const char *label;
	} steps[] = {
	    {"1", 0, "iv)"}, {"1", 1, "iv.Z"}, {"1", 1, "iv.AA"}, {"2", 0, "v)"}, /* shared count */
	    {"2", 1, "v.Z"}, {"3", 0, "i)"},                                      /* restarted */
	    {"1", 0, "ii)"},
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		assert_int_equal(pl_docx_numbering_label(nb, steps[i].num, steps[i].level, &label,
		                                         "t.docx", 1, &err),
		                 0);
		assert_string_equal(label.ptr, steps[i].label);
	}
	assert_int_equal(pl_docx_numbering_label(nb, "1", 2, &label, "t.docx", 1, &err), 1);
	assert_int_equal(pl_docx_numbering_label(nb, "9", 0, &label, "t.docx", 1, &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "numId 9, which word/numbering.xml does not define"));
	assert_int_equal(pl_docx_numbering_label(nb, "1", 5, &label, "t.docx", 1, &err),
	                 PL_EINVALID);
	pl_buf_free(&label);
	pl_docx_numbering_free(nb);
	xmlFreeDoc(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples_round_trip),
	    cmocka_unit_test(test_shapes_round_trip),
	    cmocka_unit_test(test_bad_inputs),
	    cmocka_unit_test(test_numbering_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
