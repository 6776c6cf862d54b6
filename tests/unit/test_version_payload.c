/* test_version_payload.c — the version payload written as text
 * (version_payload_int.h) against the jansson tree parley built before:
 * the same bytes, field for field, or a signed payload would change. */
#include "testutil.h"

#include "version_payload_int.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/negotiation.h"
#include "record_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the jansson path, as negotiation.c wrote it before --------------- */

static json_t *reference_text(const char *text)
{
	if (!text)
		return json_null();
	uint8_t hash[PL_HASH_BYTES];
	pl_hash(hash, text, strlen(text));
	char hex[PL_HASH_HEX];
	pl_hex(hex, hash, PL_HASH_BYTES);
	return json_string(hex);
}

static json_t *reference_point(const pl_point *point)
{
	json_t *items = json_array();
	for (size_t k = 0; k < point->item_count; k++)
		json_array_append_new(items,
		                      json_pack("{s:s, s:o}", "label", point->items[k].label,
		                                "text", reference_text(point->items[k].text)));
	json_t *part =
	    point->part == PL_NO_PART ? json_null() : json_integer((json_int_t)point->part);
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", point->id, "label", point->label,
	                 "part", part, "text", reference_text(point->text), "items", items);
}

/* The canonical dump of the tree, or NULL when jansson cannot build it. */
static char *reference_payload(const char *name, int number, const pl_doc *doc, const char *source,
                               json_t *extra)
{
	json_t *parts = json_array();
	for (size_t i = 0; i < doc->part_count; i++)
		json_array_append_new(
		    parts, json_pack("{s:o, s:o}", "heading", reference_text(doc->parts[i].heading),
		                     "intro", reference_text(doc->parts[i].intro)));
	json_t *points = json_array();
	for (size_t i = 0; i < doc->point_count; i++)
		json_array_append_new(points, reference_point(&doc->points[i]));
	json_t *payload =
	    json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}", "document", name, "number", number, "title",
	              reference_text(doc->title), "preamble", reference_text(doc->preamble),
	              "parts", parts, "points", points);
	assert_non_null(payload);
	json_object_set_new(payload, "source", source ? json_string(source) : json_null());
	if (extra)
		json_object_update(payload, extra);
	char *text = json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(payload);
	return text;
}

/* --- comparing ------------------------------------------------------- */

static void assert_same_bytes(const char *name, int number, const pl_doc *doc, const char *source,
                              json_t *extra)
{
	char *expected = reference_payload(name, number, doc, source, extra);
	assert_non_null(expected);
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int rc = pl_version_payload_write(&out, NULL, name, number, doc, source, extra, &err);
	if (rc)
		fail_msg("write: %s", err.message);
	if (out.len != strlen(expected) || memcmp(out.ptr, expected, out.len) != 0)
		fail_msg("payloads differ:\n jansson %s\n written %s", expected, out.ptr);
	/* The length the buffer is sized by is exact, and so is the one a
	 * payload written in pieces is given room for, extra's fields and
	 * those they replace counted. */
	if (!extra)
		assert_int_equal(pl_version_payload_length(name, number, doc, source), out.len);
	pl_version_payload prepared;
	assert_int_equal(
	    pl_version_payload_prepare(&prepared, name, number, doc, source, extra, &err), 0);
	assert_int_equal(prepared.length, out.len);
	pl_version_payload_release(&prepared);
	pl_buf_free(&out);
	free(expected);
}

/* Ids as the import gives them: p1, p2, … */
static void number_points(pl_doc *doc)
{
	for (size_t i = 0; i < doc->point_count; i++) {
		char id[32];
		snprintf(id, sizeof id, "p%zu", i + 1);
		pl_point_set_id(&doc->points[i], id);
	}
}

/* A plan with escapes, unicode, parts with and without intros, points in
 * no part and points with sub-items. */
static pl_doc *varied_doc(int with_title, int with_preamble)
{
	pl_doc *doc = pl_doc_new();
	if (with_title)
		pl_doc_set_title(doc, "Plan \"A\" — ünïcödé 中文 🕊");
	if (with_preamble)
		pl_doc_set_preamble(doc, "Preamble with\ta tab and\nnew line \\ and \"quotes\"");
	pl_doc_add_point(doc, PL_NO_PART, "p1", "1", "A point outside any part.");
	size_t a = pl_doc_add_part(doc, "Part \"one\"", NULL);
	size_t b = pl_doc_add_part(doc, "Part two", "Intro of part two, with é and \\.");
	pl_point *p = pl_doc_add_point(doc, a, "p2", "2", "Second\npoint.");
	pl_point_add_item(p, "a", "Item a");
	pl_point_add_item(p, "b\"q", "Item \\b\\ with / slash");
	pl_doc_add_point(doc, b, "p3\\x", "3 \"label\"", "Emoji 🕊 and tab\there");
	pl_doc_add_point(doc, b, "p\t4", "4\n", "Label and id with whitespace escapes");
	pl_doc_add_point(doc, PL_NO_PART, "p5", "/5é", "\x7f DEL is written as it is");
	/* Many parts, so that part indexes have more than one digit. */
	for (int i = 0; i < 25; i++) {
		char text[64], id[16], label[16];
		snprintf(text, sizeof text, "Heading %d", i);
		size_t part = pl_doc_add_part(doc, text, i % 3 ? NULL : "an intro");
		snprintf(id, sizeof id, "p%d", 100 + i);
		snprintf(label, sizeof label, "%d", 6 + i);
		pl_doc_add_point(doc, part, id, label, text);
	}
	return doc;
}

static void test_same_bytes_varied(void **state)
{
	(void)state;
	for (int t = 0; t < 2; t++)
		for (int p = 0; p < 2; p++) {
			pl_doc *doc = varied_doc(t, p);
			assert_same_bytes("plan", 1, doc, "plan.md", NULL);
			assert_same_bytes("plan.v-2_x", 123456789, doc, NULL, NULL);
			assert_same_bytes("plan", 7, doc, "dir/\"odd\" name\tü.md", NULL);
			pl_doc_free(doc);
		}
}

static void test_same_bytes_samples(void **state)
{
	(void)state;
	const char *names[] = {"plan-us-28.md", "plan-eu-counter.md", "plan-eu-24.md"};
	for (size_t i = 0; i < 3; i++) {
		pl_doc *doc = tu_sample(names[i]);
		number_points(doc);
		assert_true(doc->point_count >= 10);
		assert_same_bytes("framework", (int)i + 1, doc, names[i], NULL);
		pl_doc_free(doc);
	}
}

static void test_same_bytes_parsed(void **state)
{
	(void)state;
	pl_doc *doc = tu_parse("# T\n\nPre.\n\n## Part\n\n1. One \"quoted\" \\ point\n"
	                       "   - (a) sub a;\n   - (b) sub \"b\".\n2. Two é\n");
	number_points(doc);
	assert_int_equal(doc->point_count, 2);
	assert_int_equal(doc->points[0].item_count, 2);
	assert_same_bytes("t", 2, doc, "t.md", NULL);
	pl_doc_free(doc);
}

/* Fields added by a caller (an adoption's "amendments") take their place
 * in key order, nested objects sorted too; one named like a field of the
 * version replaces it, as json_object_update did. */
static void test_same_bytes_extra(void **state)
{
	(void)state;
	pl_doc *doc = varied_doc(1, 1);
	json_t *extra = json_pack("{s:[s,s]}", "amendments", "A1", "A\"2");
	assert_same_bytes("plan", 3, doc, NULL, extra);
	json_decref(extra);
	extra = json_pack("{s:i, s:s, s:{s:i, s:s, s:[]}, s:n, s:b, s:s, s:s}", "zeta", -42,
	                  "point", "between parts and points", "aa", "z", 1, "b", "x", "m",
	                  "parts2", "pointsx", 1, "sourcf", "after source", "~last", "tilde");
	assert_non_null(extra);
	assert_same_bytes("plan", 3, doc, "s.md", extra);
	json_decref(extra);
	extra = json_pack("{s:s, s:i, s:s}", "source", "replaced", "number", 99, "title", "t");
	assert_same_bytes("plan", 3, doc, "s.md", extra);
	json_decref(extra);
	extra = json_object();
	assert_same_bytes("plan", 3, doc, "s.md", extra);
	json_object_set_new(extra, "documentz", json_string("ü"));
	json_object_set_new(extra, "", json_integer(0));
	assert_same_bytes("plan", 3, doc, "s.md", extra);
	json_decref(extra);
	pl_doc_free(doc);
}

/* --- refusals -------------------------------------------------------- */

static void assert_refused(const char *name, const pl_doc *doc, const char *source, json_t *extra,
                           const char *message)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	assert_int_equal(pl_version_payload_write(&out, NULL, name, 1, doc, source, extra, &err),
	                 PL_EINVALID);
	if (!strstr(err.message, message))
		fail_msg("expected \"%s\", got \"%s\"", message, err.message);
	pl_buf_free(&out);
}

static void test_refusals(void **state)
{
	(void)state;
	pl_doc *doc = varied_doc(1, 1);
	assert_refused("plan", doc, "bad\x1b.md", NULL,
	               "a text holds the control character U+001B");
	assert_refused("plan", doc, "bad\xff.md", NULL, "a text is not valid UTF-8");
	pl_point_set_id(&doc->points[0], "p\x01");
	assert_refused("plan", doc, NULL, NULL, "a text holds the control character U+0001");
	pl_point_set_id(&doc->points[0], "p1");
	pl_point_add_item(&doc->points[0], "a\xc3", "text");
	assert_refused("plan", doc, NULL, NULL, "a text is not valid UTF-8");
	pl_doc_free(doc);

	doc = varied_doc(0, 0);
	/* A NUL inside a string of extra (jansson holds one) is refused, as the
	 * append path refuses it in any event. */
	json_t *extra = json_object();
	json_object_set_new(extra, "amendments", json_pack("[s, s%]", "A1", "x\0y", (size_t)3));
	assert_refused("plan", doc, NULL, extra, "a text is not valid UTF-8");
	json_decref(extra);
	extra = json_object();
	json_object_setn_new(extra, "am\0x", 4, json_string("k"));
	assert_refused("plan", doc, NULL, extra, "a field name holds a NUL byte");
	json_decref(extra);
	extra = json_pack("{s:s}", "note", "bell\a");
	assert_refused("plan", doc, NULL, extra, "a text holds the control character U+0007");
	json_decref(extra);
	pl_doc_free(doc);
}

/* --- the tables filled from the document model ------------------------ */

static void import_text(pl_negotiation *n, const char *text, const char *source)
{
	pl_doc *doc = tu_parse(text);
	pl_import_options options = {.document = "plan", .source = source};
	pl_import_result result;
	pl_error err;
	if (pl_document_import(n, &options, doc, &result, &err))
		fail_msg("import: %s", err.message);
	pl_doc_free(doc);
}

/* The rows an import writes from the model are those a replay of its
 * payload writes: a point before any part, parts with and without an
 * intro, sub-items, no title, no source, a second version. */
static void test_tables_as_replayed(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	tu_found(f, "2025-11-20T09:00:00Z", NULL);
	import_text(f->n,
	            "Preamble \"quoted\".\n\n1. Before any part.\n\n## Part A\n\n"
	            "2. Lead:\n   - (a) one;\n   - (b) two.\n\n## Part B\n\nAn intro.\n\n"
	            "3. Third é.\n",
	            NULL);
	import_text(f->n,
	            "# Title\n\n## Part A\n\n2. Lead:\n   - (a) one;\n   - (c) three.\n\n"
	            "4. New.\n\n1. Moved.\n",
	            "v2.md");
	pl_rebuild_report report;
	pl_error err;
	if (pl_negotiation_rebuild(f->n, &report, &err))
		fail_msg("rebuild: %s", err.message);
	assert_int_equal(report.events, 3);
	assert_true(report.identical);
	tu_fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_bytes_varied), cmocka_unit_test(test_same_bytes_samples),
	    cmocka_unit_test(test_same_bytes_parsed), cmocka_unit_test(test_same_bytes_extra),
	    cmocka_unit_test(test_refusals),          cmocka_unit_test(test_tables_as_replayed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
