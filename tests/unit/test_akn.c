/* Tests of the Akoma Ntoso writer and reader: every bundled plan goes out
 * and comes back the same, ids included; every bad input is refused with
 * its own message. (The schema check of what is written is in
 * tests/cli/akn.sh, with xmllint.) */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/akn.h"
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/markdown.h"

static pl_doc *parse_ok(const char *xml, size_t len)
{
	pl_doc *doc = NULL;
	pl_error err;
	if (pl_akn_parse(&doc, xml, len, "t.xml", &err))
		fail_msg("parse failed: %s", err.message);
	return doc;
}

static void parse_fails(const char *xml, size_t len, int code, const char *message)
{
	pl_doc *doc = (pl_doc *)0x1;
	pl_error err;
	assert_int_equal(pl_akn_parse(&doc, xml, len, "t.xml", &err), code);
	assert_null(doc);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
}

/* doc written and read back: equal to doc, ids and all. */
static void round_trip(const pl_doc *doc, const char *name)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	pl_akn_meta meta = {.document = "plan", .version = 2};
	if (pl_akn_write(&out, doc, &meta, &err))
		fail_msg("%s: write failed: %s", name, err.message);
	pl_doc *back = parse_ok(out.ptr, out.len);
	if (!pl_doc_equal(doc, back, 1))
		fail_msg("%s: the plan read back differs from the one written", name);
	pl_doc_free(back);
	pl_buf_free(&out);
}

static void give_ids(pl_doc *doc)
{
	char id[32];
	for (size_t i = 0; i < doc->point_count; i++) {
		snprintf(id, sizeof id, "p%zu", doc->point_count - i); /* not in label order */
		pl_point_set_id(&doc->points[i], id);
	}
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
		free(text);
		free(path);
		round_trip(doc, e->d_name); /* without ids */
		give_ids(doc);
		round_trip(doc, e->d_name);
		pl_doc_free(doc);
		plans++;
	}
	closedir(dir);
	assert_true(plans >= 4);
}

/* Every shape the model holds: preamble, part introductions, paragraphs,
 * sub-items with and without a lead, a part without points, points before
 * the first part, text that XML must escape. */
static void test_shapes_round_trip(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# A <plan> & \"its\" title\n\n"
	                       "Some preamble.\n\nA second paragraph of it.\n\n"
	                       "1. Before any part, with *emphasis* and `code` < 3 & > 2.\n\n"
	                       "## Part 1: One\n\nIts introduction.\n\n"
	                       "2. Lead: (a) first; (b) second.\n\n"
	                       "3 bis. A point.\n\n   Its second paragraph.\n\n"
	                       "## Part 2: Empty\n\n"
	                       "## Part 3: Three\n\n"
	                       "4. (a) only items; (b) here.\n\n"
	                       "4.1. Dotted.\n");
	give_ids(doc);
	round_trip(doc, "shapes");
	pl_doc_free(doc);
}

static void test_eid_carries_id(void **state)
{
	(void)state;
	static const char xml[] =
	    "<akomaNtoso xmlns=\"" PL_AKN_NAMESPACE "\"><doc name=\"plan\"><meta/>"
	    "<mainBody><point eId=\"point_p7\"><num>1.</num><content><p>One\n   wrapped"
	    "</p></content></point><paragraph eId=\"para_2\"><num>2</num><intro><p>Lead"
	    "</p></intro><list><point><num>(a)</num><content><p>x</p></content></point>"
	    "</list></paragraph></mainBody></doc></akomaNtoso>";
	pl_doc *doc = parse_ok(xml, sizeof xml - 1);
	assert_int_equal(doc->point_count, 2);
	assert_string_equal(doc->points[0].id, "p7");
	assert_string_equal(doc->points[0].label, "1");
	assert_string_equal(doc->points[0].text, "One wrapped");
	assert_null(doc->points[1].id);
	assert_string_equal(doc->points[1].text, "Lead");
	assert_int_equal(doc->points[1].item_count, 1);
	assert_string_equal(doc->points[1].items[0].label, "a");
	pl_doc_free(doc);
}

#define AKN_OPEN  "<akomaNtoso xmlns=\"" PL_AKN_NAMESPACE "\"><doc name=\"plan\"><meta/><mainBody>"
#define AKN_CLOSE "</mainBody></doc></akomaNtoso>"

static void test_bad_inputs(void **state)
{
	(void)state;
	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY xxe SYSTEM "
	                          "\"file:///etc/passwd\">]>\n<a>&xxe;</a>\n";
	parse_fails(xxe, sizeof xxe - 1, PL_EINVALID, "external entity 'xxe' (an XML external");
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
	    "\n<lolz>&lol3;</lolz>\n";
	parse_fails(laughs, sizeof laughs - 1, PL_EINVALID, "billion laughs");
	static const char doctype[] = "<!DOCTYPE akomaNtoso>\n" AKN_OPEN AKN_CLOSE;
	parse_fails(doctype, sizeof doctype - 1, PL_EINVALID, "has a DOCTYPE");
	static const char html[] = "<html><body><p>1. One</p></body></html>";
	parse_fails(html, sizeof html - 1, PL_EINVALID,
	            "not Akoma Ntoso: the root element is 'html'");
	static const char other_ns[] = "<akomaNtoso xmlns=\"urn:other\"><doc/></akomaNtoso>";
	parse_fails(other_ns, sizeof other_ns - 1, PL_EINVALID, "not Akoma Ntoso");
	static const char amendment[] =
	    "<akomaNtoso xmlns=\"" PL_AKN_NAMESPACE "\"><amendment name=\"a\"/></akomaNtoso>";
	parse_fails(amendment, sizeof amendment - 1, PL_EINVALID,
	            "an Akoma Ntoso amendment, not a plan");
	static const char broken[] = "<akomaNtoso><doc></akomaNtoso>";
	parse_fails(broken, sizeof broken - 1, PL_EINVALID, "line 1: not well-formed XML");
	static const char latin1[] = AKN_OPEN "<point><num>1</num><content><p>caf\xe9</p>"
	                                      "</content></point>" AKN_CLOSE;
	parse_fails(latin1, sizeof latin1 - 1, PL_EINVALID, "t.xml is not valid UTF-8");
	static const char none[] = AKN_OPEN "<p>prose</p>" AKN_CLOSE;
	parse_fails(none, sizeof none - 1, PL_EINVALID, "no points");
	static const char nonum[] = AKN_OPEN "<point><content><p>x</p></content></point>" AKN_CLOSE;
	parse_fails(nonum, sizeof nonum - 1, PL_EINVALID, "line 1: a point has no num");
	static const char deep[] = AKN_OPEN
	    "<point><num>1</num><point><num>(a)</num><point><num>(i)</num><content><p>x</p>"
	    "</content></point></point></point>" AKN_CLOSE;
	parse_fails(deep, sizeof deep - 1, PL_EINVALID, "sub-items of its own");
	static const char wrap[] = AKN_OPEN
	    "<point><num>1</num><intro><p>x</p></intro><point><num>(a)</num><content><p>y</p>"
	    "</content></point><wrapUp><p>after</p></wrapUp></point>" AKN_CLOSE;
	parse_fails(wrap, sizeof wrap - 1, PL_EINVALID, "wrapUp");
	static const char nested[] = AKN_OPEN "<part><heading>A</heading><chapter><heading>B"
	                                      "</heading></chapter></part>" AKN_CLOSE;
	parse_fails(nested, sizeof nested - 1, PL_EINVALID, "a part within a part");
	static const char twice[] = AKN_OPEN
	    "<point eId=\"point_p1\"><num>1</num><content><p>x</p></content></point>"
	    "<point eId=\"point_p1\"><num>2</num><content><p>y</p></content></point>" AKN_CLOSE;
	parse_fails(twice, sizeof twice - 1, PL_EINVALID, "two points carry the eId point_p1");
	static const char label[] =
	    AKN_OPEN "<point><num>2b7</num><content><p>x</p></content></point>" AKN_CLOSE;
	parse_fails(label, sizeof label - 1, PL_EINVALID, "2b7");
	static const char dup[] =
	    AKN_OPEN "<point><num>1</num><content><p>x</p></content></point>"
	             "<point><num>1</num><content><p>y</p></content></point>" AKN_CLOSE;
	parse_fails(dup, sizeof dup - 1, PL_ECONFLICT, "twice");
}

static void test_size_cap(void **state)
{
	(void)state;
	size_t len = PL_AKN_MAX_BYTES + 1;
	char *big = malloc(len);
	assert_non_null(big);
	memset(big, ' ', len);
	big[0] = '<';
	parse_fails(big, len, PL_ETOOBIG, "over the limit of 16777216");
	free(big);
}

static void test_write_refuses_controls(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# T\n\n1. One.\n");
	pl_point_set_text(&doc->points[0], "bell \x07 here");
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_akn_write(&out, doc, NULL, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "U+0007"));
	assert_int_equal(out.len, 0);
	pl_buf_free(&out);
	pl_doc_free(doc);
}

static int sniff(const char *text)
{
	return pl_akn_sniff(text, strlen(text));
}

static void test_sniff(void **state)
{
	(void)state;
	assert_true(sniff("\xEF\xBB\xBF \n<?xml"));
	assert_true(sniff("<akomaNtoso"));
	assert_true(sniff("<!-- x -->\n<an:akomaNtoso"));
	assert_false(sniff("# Title\n"));
	assert_false(sniff("<!-- draft -->\n# Title\n"));
	assert_false(sniff("<?xm"));
	assert_false(sniff(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples_round_trip),
	    cmocka_unit_test(test_shapes_round_trip),
	    cmocka_unit_test(test_eid_carries_id),
	    cmocka_unit_test(test_bad_inputs),
	    cmocka_unit_test(test_size_cap),
	    cmocka_unit_test(test_write_refuses_controls),
	    cmocka_unit_test(test_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
