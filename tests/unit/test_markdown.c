/* Tests of the CommonMark reader and writer, on the sample plans and on
 * every kind of bad input the reader must refuse. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/utf8.h"
#include "doc_int.h"
#include "md_arena.h"
#include "md_scan.h"

static pl_doc *parse_ok(const char *text)
{
	pl_doc *doc = NULL;
	pl_error err;
	int rc = pl_markdown_parse(&doc, text, strlen(text), "t.md", &err);
	if (rc)
		fail_msg("parse failed: %s", err.message);
	return doc;
}

static void parse_fails(const char *text, size_t len, int code, const char *message)
{
	pl_doc *doc = (pl_doc *)0x1;
	pl_error err;
	assert_int_equal(pl_markdown_parse(&doc, text, len, "t.md", &err), code);
	assert_null(doc);
	assert_int_equal(err.code, code);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
}

static pl_doc *parse_file(const char *name)
{
	char *path = tu_data_path(name);
	size_t len;
	char *text = tu_read_file(path, &len);
	pl_doc *doc = NULL;
	pl_error err;
	if (pl_markdown_parse(&doc, text, len, name, &err))
		fail_msg("%s: %s", name, err.message);
	free(text);
	free(path);
	return doc;
}

static void test_us28_structure(void **state)
{
	(void)state;
	pl_doc *doc = parse_file("plan-us-28.md");
	assert_string_equal(doc->title,
	                    "US 28-point framework to end the Russia-Ukraine war (leaked draft, "
	                    "November 2025)");
	assert_int_equal(doc->part_count, 4);
	assert_int_equal(doc->point_count, 28);
	assert_string_equal(doc->parts[0].heading, "Part 1: Peace in Ukraine");
	/* Part 1 holds 1 and 19-28, labels kept as written. */
	const char *part1[] = {"1", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28"};
	for (size_t i = 0; i < 11; i++) {
		assert_string_equal(doc->points[i].label, part1[i]);
		assert_int_equal(doc->points[i].part, 0);
	}
	assert_string_equal(doc->points[11].label, "5");
	assert_int_equal(doc->points[11].part, 1);
	const pl_point *p21 = pl_doc_find_label(doc, "21");
	assert_string_equal(p21->text, "Territory:");
	assert_int_equal(p21->item_count, 4);
	assert_string_equal(p21->items[0].label, "a");
	assert_string_equal(p21->items[3].label, "d");
	assert_true(strncmp(p21->items[1].text, "in Kherson and Zaporizhzhia", 27) == 0);
	const pl_point *p12 = pl_doc_find_label(doc, "12");
	assert_int_equal(p12->item_count, 6);
	assert_string_equal(p12->items[5].text,
	                    "a special World Bank financing package to speed up these efforts.");
	const pl_point *p14 = pl_doc_find_label(doc, "14");
	assert_int_equal(p14->item_count, 0); /* "USD 100 billion" is no marker */
	assert_null(doc->preamble);
	pl_doc_free(doc);
}

static void test_round_trip_samples(void **state)
{
	(void)state;
	const char *samples[] = {"plan-us-28.md", "plan-eu-counter.md", "plan-eu-24.md"};
	for (size_t i = 0; i < 3; i++) {
		pl_doc *doc = parse_file(samples[i]);
		pl_buf md = PL_BUF_INIT;
		pl_markdown_write(&md, doc);
		pl_doc *again = parse_ok(md.ptr);
		assert_true(pl_doc_equal(doc, again, 0));
		/* And the written form is stable. */
		pl_buf md2 = PL_BUF_INIT;
		pl_markdown_write(&md2, again);
		assert_string_equal(md.ptr, md2.ptr);
		pl_buf_free(&md);
		pl_buf_free(&md2);
		pl_doc_free(doc);
		pl_doc_free(again);
	}
}

static void test_flat_plan_and_preamble(void **state)
{
	(void)state;
	pl_doc *doc = parse_ok("Some preamble\ntext.\n\n1. First.\n2. Second,\n   continued.\n");
	assert_null(doc->title);
	assert_string_equal(doc->preamble, "Some preamble text.");
	assert_int_equal(doc->part_count, 0);
	assert_int_equal(doc->point_count, 2);
	assert_int_equal(doc->points[0].part, PL_NO_PART);
	assert_string_equal(doc->points[1].text, "Second, continued.");
	pl_doc_free(doc);
}

static void test_paragraph_labels(void **state)
{
	(void)state;
	pl_doc *doc =
	    parse_ok("# T\n\n3. Three.\n\n3 bis. Inserted.\n\n4.1. Dotted.\n\n12a. Lettered.\n");
	assert_int_equal(doc->point_count, 4);
	assert_string_equal(doc->points[1].label, "3 bis");
	assert_string_equal(doc->points[1].text, "Inserted.");
	assert_string_equal(doc->points[2].label, "4.1");
	assert_string_equal(doc->points[3].label, "12a");
	pl_buf md = PL_BUF_INIT;
	pl_markdown_write(&md, doc);
	pl_doc *again = parse_ok(md.ptr);
	assert_true(pl_doc_equal(doc, again, 0));
	pl_buf_free(&md);
	pl_doc_free(again);
	pl_doc_free(doc);
}

static void test_nested_sub_items(void **state)
{
	(void)state;
	pl_doc *nested =
	    parse_ok("# T\n\n## Part A\n\n7. Lead text:\n   - (a) one;\n   - (b) two.\n");
	pl_doc *inline_form = parse_ok("# T\n\n## Part A\n\n7. Lead text: (a) one; (b) two.\n");
	assert_int_equal(nested->points[0].item_count, 2);
	assert_string_equal(nested->points[0].items[1].label, "b");
	assert_string_equal(nested->points[0].items[1].text, "two.");
	assert_true(pl_doc_equal(nested, inline_form, 0));
	pl_doc_free(nested);
	pl_doc_free(inline_form);
	/* Unlabelled nested items are lettered in order. */
	pl_doc *plain = parse_ok("1. Lead:\n   - alpha\n   - beta\n");
	assert_string_equal(plain->points[0].items[0].label, "a");
	assert_string_equal(plain->points[0].items[1].label, "b");
	pl_doc_free(plain);
}

static void test_item_markers(void **state)
{
	(void)state;
	/* A lone marker is text; a sequence must start at (a), (i) or (1). */
	pl_doc *doc = parse_ok("1. See (a) above.\n\n2. Points (b) and (c) apply.\n\n"
	                       "3. Either (i) this or (ii) that.\n\n4. Steps (1) go; (2) stop.\n");
	assert_int_equal(doc->points[0].item_count, 0);
	assert_int_equal(doc->points[1].item_count, 0);
	assert_int_equal(doc->points[2].item_count, 2);
	assert_string_equal(doc->points[2].items[1].label, "ii");
	assert_int_equal(doc->points[3].item_count, 2);
	assert_string_equal(doc->points[3].text, "Steps");
	pl_doc_free(doc);
}

static void test_unicode_text(void **state)
{
	(void)state;
	pl_doc *doc =
	    parse_ok("# Мирний план\n\n## Частина 1\n\n1. Україна є суверенною державою.\n");
	assert_string_equal(doc->title, "Мирний план");
	assert_string_equal(doc->points[0].text, "Україна є суверенною державою.");
	pl_doc_free(doc);
}

static void test_bad_input(void **state)
{
	(void)state;
	parse_fails("", 0, PL_EINVALID, "t.md: empty file");
	parse_fails(" \n\n\t\n", 4, PL_EINVALID, "empty file");
	parse_fails("# T\n\nJust prose.\n", 16, PL_EINVALID, "t.md: no numbered points");
	const char bad_utf8[] = "# T\n\n1. ok\n2. caf\xc3\x28\n";
	parse_fails(bad_utf8, sizeof bad_utf8 - 1, PL_EINVALID, "t.md: line 4: invalid UTF-8");
	const char binary[] = "1. a\0b\n";
	parse_fails(binary, sizeof binary - 1, PL_EINVALID, "binary file");
	const char *dup = "# T\n\n## P\n\n1. One.\n\n2. Two.\n\n1. Again.\n";
	parse_fails(dup, strlen(dup), PL_ECONFLICT, "t.md: line 9: point 1 appears twice");
	const char *bad_label = "# T\n\n1. One.\n\n7x2. Odd.\n";
	parse_fails(bad_label, strlen(bad_label), PL_EINVALID,
	            "t.md: line 5: not a point label: 7x2.");
	/* The same label in two parts is fine. */
	pl_doc *doc = parse_ok("## A\n\n1. One.\n\n## B\n\n1. One again.\n");
	assert_int_equal(doc->point_count, 2);
	pl_doc_free(doc);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The region cmark parses into: zeroed memory from calloc, even where a
 * freed allocation is taken again (in place, or from the free list of its
 * size); realloc keeps the bytes, growing in place or moving; a request
 * larger than a block gets its own. */
static void test_md_arena(void **state)
{
	(void)state;
	cmark_mem *mem = pl_md_arena_begin(1000); /* a first block of 64 KiB */
	unsigned char *a = mem->calloc(10, 10);
	assert_true(all_zero(a, 100));
	memset(a, 'a', 100);
	unsigned char *b = mem->calloc(1, 40);
	assert_true(all_zero(b, 40));
	memset(b, 'b', 40);
	unsigned char *grown = mem->realloc(b, 4000); /* the last one: in place */
	assert_ptr_equal(grown, b);
	assert_true(all_zero(grown + 48, 4000 - 48));
	for (int i = 0; i < 40; i++)
		assert_int_equal(grown[i], 'b');
	unsigned char *moved = mem->realloc(a, 300); /* not the last: copied */
	assert_ptr_not_equal(moved, a);
	for (int i = 0; i < 100; i++)
		assert_int_equal(moved[i], 'a');
	unsigned char *into_a = mem->calloc(1, 60); /* a's old place, given back */
	assert_ptr_equal(into_a, a);
	assert_true(all_zero(into_a, 60));
	memset(moved + 100, 'm', 200);
	mem->free(moved); /* the last: given back and zeroed */
	unsigned char *again = mem->calloc(1, 300);
	assert_ptr_equal(again, moved);
	assert_true(all_zero(again, 300));
	/* One freed in the middle serves a later request of its class. */
	unsigned char *first = mem->calloc(1, 200), *second = mem->calloc(1, 30);
	memset(first, 'f', 200);
	mem->free(first);
	unsigned char *reused = mem->calloc(1, 100); /* class 7: 128 bytes or more */
	assert_ptr_equal(reused, first);
	assert_true(all_zero(reused, 100));
	assert_ptr_not_equal(mem->calloc(1, 100), first); /* used now */
	(void)second;
	unsigned char *big = mem->calloc(1, (size_t)9 << 20);
	assert_true(all_zero(big, (size_t)9 << 20));
	memset(big, 'z', (size_t)9 << 20);
	unsigned char *after = mem->calloc(1, 64);
	assert_true(all_zero(after, 64));
	assert_int_equal(grown[39], 'b');
	pl_md_arena_end();
	/* A plan parses the same through it, twice in a row. */
	for (int round = 0; round < 2; round++) {
		pl_doc *doc = tu_sample("plan-us-28.md");
		assert_int_equal(doc->point_count, 28);
		pl_doc_free(doc);
	}
}

/* A plan of count points with sub-items, about 110 bytes a point, and
 * tail (some bad input, or "") after them. */
static char *big_plan(size_t count, const char *seed, const char *tail)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_printf(&out, "# Plan %s\n\nSome preamble with caf\xc3\xa9.\n\n", seed);
	for (size_t i = 1; i <= count; i++) {
		if (i % 500 == 1)
			pl_buf_printf(&out, "## Part %zu\n\nIntro of part %zu.\n\n", i / 500 + 1,
			              i);
		pl_buf_printf(&out, "%zu. Point %s %zu: (a) first thing; (b) second thing %zu.\n\n",
		              i, seed, i, i * 7);
	}
	pl_buf_puts(&out, tail);
	return pl_buf_detach(&out);
}

/* Both docs the same: written out alike, with the same lines. */
static void assert_same_doc(const pl_doc *x, const pl_doc *y)
{
	assert_int_equal(x->point_count, y->point_count);
	assert_int_equal(x->part_count, y->part_count);
	for (size_t i = 0; i < x->point_count; i++) {
		assert_int_equal(x->points[i].line, y->points[i].line);
		assert_int_equal(x->points[i].item_count, y->points[i].item_count);
	}
	pl_buf wx = PL_BUF_INIT, wy = PL_BUF_INIT;
	pl_markdown_write(&wx, x);
	pl_markdown_write(&wy, y);
	assert_int_equal(wx.len, wy.len);
	assert_memory_equal(wx.ptr, wy.ptr, wx.len);
	pl_buf_free(&wx);
	pl_buf_free(&wy);
}

/* pl_markdown_parse_two, on two threads (large plans) and on one (small):
 * each plan as pl_markdown_parse reads it alone, and on error the first
 * plan's error if it has one, else the second's, word for word. */
static void check_two(const char *a, const char *b)
{
	pl_doc *alone_a = NULL, *alone_b = NULL, *two_a = (pl_doc *)0x1, *two_b = (pl_doc *)0x1;
	pl_error err_a = {0, {0}}, err_b = {0, {0}}, err = {0, {0}};
	int rc_a = pl_markdown_parse(&alone_a, a, strlen(a), "a.md", &err_a);
	int rc_b = pl_markdown_parse(&alone_b, b, strlen(b), "b.md", &err_b);
	int rc =
	    pl_markdown_parse_two(&two_a, a, strlen(a), "a.md", &two_b, b, strlen(b), "b.md", &err);
	if (rc_a || rc_b) {
		assert_int_equal(rc, rc_a ? rc_a : rc_b);
		assert_string_equal(err.message, rc_a ? err_a.message : err_b.message);
		assert_null(two_a);
		assert_null(two_b);
	} else {
		assert_int_equal(rc, 0);
		assert_same_doc(alone_a, two_a);
		assert_same_doc(alone_b, two_b);
		pl_doc_free(two_a);
		pl_doc_free(two_b);
	}
	pl_doc_free(alone_a);
	pl_doc_free(alone_b);
}

static void test_parse_two(void **state)
{
	(void)state;
	const char *bad_label = "7x2. Odd.\n";
	const char bad_utf8[] = "Caf\xc3\x28.\n";
	for (int large = 0; large < 2; large++) {
		size_t count = large ? 6000 : 20; /* 6,000 points: the pair over 256 KiB */
		char dup[64];                     /* the last point's label again */
		snprintf(dup, sizeof dup, "%zu. Again.\n", count);
		char *a = big_plan(count, "A", "");
		char *b = big_plan(count + 3, "B", "");
		char *a_bad = big_plan(count, "A", bad_label);
		char *b_dup = big_plan(count, "B", dup);
		char *b_utf8 = big_plan(count, "B", bad_utf8);
		if (large)
			assert_true(strlen(a) + strlen(b) > ((size_t)1 << 18));
		check_two(a, b);
		check_two(b, a);
		check_two(a_bad, b);     /* the first fails */
		check_two(a, b_dup);     /* the second fails */
		check_two(a_bad, b_dup); /* both: the first's error */
		check_two(b_utf8, a_bad);
		check_two(a, ""); /* an empty second plan */
		pl_doc *x = NULL, *y = NULL;
		pl_error err;
		assert_int_equal(pl_markdown_parse_two(&x, a_bad, strlen(a_bad), "a.md", &y, b_dup,
		                                       strlen(b_dup), "b.md", &err),
		                 PL_EINVALID);
		assert_string_equal(err.message, large ? "a.md: line 12053: not a point label: 7x2."
		                                       : "a.md: line 49: not a point label: 7x2.");
		free(a);
		free(b);
		free(a_bad);
		free(b_dup);
		free(b_utf8);
	}
}

/* A plan long enough that the scanner hands its blocks on several times
 * as it reads (md_scan.h: pl_md_scan_flushing) reads as cmark reads it:
 * the same points, parts and lines, and the same error, also when the
 * scanner declines the text only after blocks were read (a code block at
 * the end: cmark then reads it all again) and when an early block fails. */
static void test_long_plan_read_in_steps(void **state)
{
	(void)state;
	const char *tails[] = {
	    "",
	    "A second paragraph of the last point.\n",
	    "```\ncode at the end\n```\n",
	    "1. Again.\n",
	    "7x2. Odd.\n\n```\ncode\n```\n",
	    "```\ncode at the end\n```\n", /* after an early bad label */
	    "",                            /* the same, read to the end */
	};
	for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
		char *body = big_plan(6000, "L", tails[t]);
		pl_buf text = PL_BUF_INIT;
		if (t >= 5)
			pl_buf_puts(&text, "Preamble.\n\n7x2. Not a label.\n\n");
		pl_buf_puts(&text, body);
		free(body);
		char *plan = pl_buf_detach(&text);
		pl_doc *a = NULL, *b = NULL;
		pl_error ea, eb;
		md_path used;
		int ra = pl_md_parse_with(&a, plan, strlen(plan), "l.md", MD_PATH_AUTO, &used, &ea);
		int rb = pl_md_parse_with(&b, plan, strlen(plan), "l.md", MD_PATH_CMARK, NULL, &eb);
		assert_int_equal(ra, rb);
		assert_int_equal(used, (t >= 2 && t != 3 && t != 6) ? MD_PATH_CMARK : MD_PATH_SCAN);
		assert_int_equal(ra != 0, t >= 4);
		if (ra)
			assert_string_equal(ea.message, eb.message);
		else
			assert_same_doc(a, b);
		pl_doc_free(a);
		pl_doc_free(b);
		free(plan);
	}
}

/* The Markdown reader packs a point's label and text in one allocation:
 * every change of either, and every copy and removal, keeps both right
 * (the sanitizers catch a string freed apart from its allocation). */
static void test_packed_points(void **state)
{
	(void)state;
	pl_doc *doc =
	    tu_parse("# T\n\n1. One.\n\n2. Two: (a) x; (b) y.\n\n3. Three.\n\nMore of three.\n\n"
	             "4. Four.\n\n5. Five.\n");
	assert_int_equal(doc->point_count, 5);
	assert_true(pl_point_text_packed(&doc->points[0]));
	assert_string_equal(doc->points[1].text, "Two:");
	assert_int_equal(doc->points[1].item_count, 2);
	assert_string_equal(doc->points[1].items[1].text, "y.");
	assert_true(pl_point_text_packed(&doc->points[1]));  /* its lead cut where it lies */
	assert_false(pl_point_text_packed(&doc->points[2])); /* a second paragraph moved it out */
	assert_string_equal(doc->points[2].text, "Three.\n\nMore of three.");
	pl_point_set_label(&doc->points[0], "1 bis");
	assert_string_equal(doc->points[0].label, "1 bis");
	assert_string_equal(doc->points[0].text, "One.");
	assert_false(pl_point_text_packed(&doc->points[0]));
	assert_true(pl_point_text_packed(&doc->points[3]));
	pl_point_set_text(&doc->points[3], "Four, again: (a) p (b) q");
	assert_string_equal(doc->points[3].label, "4");
	assert_string_equal(doc->points[3].text, "Four, again:");
	assert_int_equal(doc->points[3].item_count, 2);
	pl_point_set_label(&doc->points[3], "4a");
	assert_string_equal(doc->points[3].text, "Four, again:");
	pl_doc *copy = pl_doc_clone(doc);
	assert_true(pl_doc_equal(doc, copy, 1));
	pl_doc_remove_point(doc, 4);
	pl_doc_remove_point(doc, 1);
	assert_int_equal(doc->point_count, 3);
	assert_string_equal(doc->points[1].label, "3");
	pl_doc_free(doc);
	assert_string_equal(copy->points[4].text, "Five.");
	pl_doc_free(copy);
}

/* The reader's checks of the bytes, made in one pass: the same error as
 * pl_text_check and then pl_utf8_check give (a NUL byte anywhere first,
 * then the first invalid UTF-8, then the first control character), with
 * the same offsets, for bad bytes at every place of texts of every length
 * up to 70, alone and in pairs. */
static void test_byte_checks(void **state)
{
	(void)state;
	static const char *const bad[] = {"\x01",         "\x1b", "\x7f", "\xc2\x85",
	                                  "\xc2\x9f",     "\xff", "\xc3", "\xe2\x82",
	                                  "\xed\xa0\x80", "",     "\v",   "\f"};
	const size_t kinds = sizeof bad / sizeof *bad;
	size_t compared = 0;
	for (size_t len = 0; len <= 70; len++) {
		for (size_t at = 0; at <= len; at++) {
			for (size_t k = 0; k < kinds; k++) {
				for (size_t k2 = 0; k2 < kinds; k2 += 3) {
					char text[96];
					size_t n = 0;
					for (size_t i = 0; i < len; i++) {
						if (i == at) {
							size_t blen = *bad[k] ? strlen(bad[k])
							                      : 1; /* "": NUL */
							memcpy(text + n, bad[k], blen);
							n += blen;
						}
						text[n++] = i % 13 == 12 ? '\n'
						            : i % 7 == 3 ? '\t'
						                         : "1. ab"[i % 5];
					}
					if (k2 && len > 0) { /* a second bad byte near the end */
						size_t blen = *bad[k2] ? strlen(bad[k2]) : 1;
						memcpy(text + n - 1, bad[k2], blen);
						n += blen - 1;
					}
					pl_error want = {0, {0}}, got = {0, {0}};
					int rc = pl_text_check(text, n, "t.md", &want);
					if (rc == 0)
						rc = pl_utf8_check(text, n,
						                   PL_UTF8_LINES | PL_UTF8_CR, 0,
						                   "t.md", &want);
					if (rc == 0)
						continue;
					pl_doc *doc = (pl_doc *)0x1;
					assert_int_equal(
					    pl_markdown_parse(&doc, text, n, "t.md", &got), rc);
					assert_null(doc);
					assert_string_equal(got.message, want.message);
					compared++;
				}
			}
		}
	}
	assert_true(compared > 20000);
}

/* The reader checks the UTF-8 of its texts again only when it cut a line
 * inside a character (pl_doc_validate_labels otherwise): plans with
 * two- to four-byte characters at the start and end of every kind of
 * block give texts that pl_doc_validate finds valid. */
static void test_unicode_cuts(void **state)
{
	(void)state;
	static const char *const chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
	for (size_t c = 0; c < 3; c++) {
		const char *u = chars[c];
		pl_buf text = PL_BUF_INIT;
		pl_buf_printf(&text, "# %s Title %s\n\n%s preamble %s\n\n", u, u, u, u);
		pl_buf_printf(&text, "## %s Part %s ##\n\n%s intro\n%s lazy %s\n\n", u, u, u, u, u);
		pl_buf_printf(&text, "1. %s one %s\n   %s more %s  \n\n", u, u, u, u);
		pl_buf_printf(&text, "   %s second paragraph %s\n\n", u, u);
		pl_buf_printf(&text, "   - (a) %s item %s\n   - %s%s\n\n", u, u, u, u);
		pl_buf_printf(&text, "2) %s (a) %s (b) %s%s\n\n", u, u, u, u);
		pl_buf_printf(&text, "3 bis. %s\n\n> %s quote %s\n\n    %s code %s\n\n", u, u, u, u,
		              u);
		pl_buf_printf(&text, "Setext %s\n===\n\n4. %s\n\n- %s\n- %s %s\n", u, u, u, u, u);
		pl_doc *doc = parse_ok(text.ptr);
		pl_error err;
		assert_true(doc->point_count >= 4);
		if (pl_doc_validate(doc, &err))
			fail_msg("%s", err.message);
		pl_doc_free(doc);
		pl_buf_free(&text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_us28_structure),
	    cmocka_unit_test(test_md_arena),
	    cmocka_unit_test(test_round_trip_samples),
	    cmocka_unit_test(test_flat_plan_and_preamble),
	    cmocka_unit_test(test_paragraph_labels),
	    cmocka_unit_test(test_nested_sub_items),
	    cmocka_unit_test(test_item_markers),
	    cmocka_unit_test(test_unicode_text),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_parse_two),
	    cmocka_unit_test(test_long_plan_read_in_steps),
	    cmocka_unit_test(test_packed_points),
	    cmocka_unit_test(test_byte_checks),
	    cmocka_unit_test(test_unicode_cuts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
