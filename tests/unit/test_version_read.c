/* test_version_read.c — a version read from its signed payload
 * (version_read.c) and a version's texts read at once (pl_store_get_texts,
 * by lookups and by one walk of the blobs). */
#include "testutil.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "negotiation_int.h"
#include "record_int.h"
#include "store_int.h"
#include "parley/negotiation.h"

#define ALTERED ": the database was altered outside parley"

static int setup(void **state)
{
	tu_fixture *f = tu_fixture_new();
	tu_found(f, "2025-11-20T09:00:00Z", NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

static void import(tu_fixture *f, const char *name, const char *text)
{
	pl_doc *doc = tu_parse(text);
	pl_import_options options = {.document = name, .source = "t.md"};
	pl_import_result result;
	pl_error err;
	if (pl_document_import(f->n, &options, doc, &result, &err))
		fail_msg("import: %s", err.message);
	pl_doc_free(doc);
}

/* The payload of the newest event (a version's, in these tests). */
static char *last_payload(const tu_fixture *f)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT payload FROM events ORDER BY id DESC LIMIT 1",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	char *payload = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return payload;
}

static void exec(const tu_fixture *f, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	char *message = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
		fail_msg("%s: %s", sql, message);
	sqlite3_close(db);
}

static const char *const PLAN = "# Small\n\nA preamble.\n\n## Part one\n\nIts introduction.\n\n"
                                "1. Alpha.\n\n2. Beta:\n   (a) first;\n   (b) second.\n\n"
                                "## Part two\n\n3. Gamma.\n\n4. Alpha.\n";

static void test_reads_what_the_tables_hold(void **state)
{
	tu_fixture *f = *state;
	import(f, "small", PLAN);
	char *payload = last_payload(f);
	pl_doc *read, *loaded;
	pl_error err;
	assert_int_equal(pl_version_read(f->n->store, payload, "small", 1, 4, &read, &err), 0);
	assert_int_equal(pl_version_load(f->n, "small@1", &loaded, NULL, &err), 0);
	assert_true(pl_doc_equal(read, loaded, 1));
	assert_string_equal(read->title, "Small");
	assert_string_equal(read->preamble, "A preamble.");
	assert_int_equal(read->part_count, 2);
	assert_string_equal(read->parts[0].intro, "Its introduction.");
	assert_null(read->parts[1].intro);
	assert_int_equal(read->point_count, 4);
	assert_string_equal(read->points[1].items[1].label, "b");
	assert_string_equal(read->points[1].items[1].text, "second.");
	/* Points 1 and 4 share a text, stored once: each gets its own copy. */
	assert_string_equal(read->points[3].text, "Alpha.");
	assert_ptr_not_equal(read->points[0].text, read->points[3].text);
	assert_int_equal(read->points[2].part, 1);
	pl_doc_free(read);
	pl_doc_free(loaded);
	free(payload);
}

/* Replaces the first from in text with to (a new string). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	size_t head = (size_t)(at - text), from_len = strlen(from), to_len = strlen(to);
	char *out = malloc(strlen(text) - from_len + to_len + 1);
	memcpy(out, text, head);
	memcpy(out + head, to, to_len);
	strcpy(out + head + to_len, at + from_len);
	return out;
}

static void expect_refused(tu_fixture *f, const char *payload, const char *name, int number,
                           const char *message)
{
	pl_doc *doc = (pl_doc *)&doc; /* must come back NULL */
	pl_error err;
	assert_int_equal(pl_version_read(f->n->store, payload, name, number, 0, &doc, &err),
	                 PL_EBADSIG);
	assert_null(doc);
	assert_string_equal(err.message, message);
}

static void test_refuses_what_is_not_the_version(void **state)
{
	tu_fixture *f = *state;
	import(f, "small", PLAN);
	char *payload = last_payload(f);
	const char *not_it = "the signed event of small@1 does not hold a version parley can read";
	expect_refused(f, payload, "other", 1,
	               "the signed event of other@1 does not hold a version parley can read");
	expect_refused(f, payload, "small", 2,
	               "the signed event of small@2 does not hold a version parley can read");
	char *cut = strdup(payload);
	cut[strlen(cut) / 2] = '\0';
	expect_refused(f, cut, "small", 1, not_it);
	free(cut);
	char *trailing = malloc(strlen(payload) + 2);
	sprintf(trailing, "%s}", payload);
	expect_refused(f, trailing, "small", 1, not_it);
	free(trailing);
	/* A text's name that is not a hash. */
	char *bad_hex = replaced(payload, "\"text\":\"", "\"text\":\"zz");
	bad_hex[strstr(bad_hex, "\"text\":\"zz") - bad_hex + 8 + 64] = '"';
	expect_refused(f, bad_hex, "small", 1, not_it);
	free(bad_hex);
	char *short_hex = replaced(payload, "\"text\":\"", "\"text\":\"0\",\"x\":\"");
	expect_refused(f, short_hex, "small", 1, not_it);
	free(short_hex);
	/* A point in a part that does not exist. */
	char *no_part = replaced(payload, "\"part\":1", "\"part\":7");
	expect_refused(f, no_part, "small", 1, not_it);
	free(no_part);
	char *not_json = strdup("[]");
	expect_refused(f, not_json, "small", 1, not_it);
	free(not_json);
	free(payload);
}

static void test_reads_escapes_and_skips_unknown_keys(void **state)
{
	tu_fixture *f = *state;
	import(f, "small", PLAN);
	char *payload = last_payload(f);
	/* Keys a later version of parley may add are read past, nested or not;
	 * labels carry the escapes jansson writes, and UTF-8 as it is. */
	char *extra = replaced(payload, "\"document\":",
	                       "\"annex\":{\"a\":[1,{\"b\":null}],\"c\":\"x\\\"}\"},\"document\":");
	char *escaped = replaced(extra, "\"label\":\"1\"",
	                         "\"label\":\"1\xc3\xa9\xf0\x9f\x98\x80\\\"\\\\\\t\\u001F\"");
	pl_doc *doc;
	pl_error err;
	assert_int_equal(pl_version_read(f->n->store, escaped, "small", 1, 0, &doc, &err), 0);
	assert_string_equal(doc->points[0].label, "1\xc3\xa9\xf0\x9f\x98\x80\"\\\t\x1f");
	assert_string_equal(doc->points[0].text, "Alpha.");
	pl_doc_free(doc);
	/* What jansson never writes is no label: a \u escape of a printable
	 * character, a lone surrogate, a NUL; nor a text named in upper case. */
	const char *not_canonical[] = {"\"label\":\"\\u00e9\"", "\"label\":\"\\udc00\"",
	                               "\"label\":\"\\u0000\""};
	for (size_t k = 0; k < 3; k++) {
		char *bad = replaced(payload, "\"label\":\"1\"", not_canonical[k]);
		expect_refused(
		    f, bad, "small", 1,
		    "the signed event of small@1 does not hold a version parley can read");
		free(bad);
	}
	char *upper = strdup(payload);
	char *hex = strstr(upper, "\"text\":\"") + 8;
	for (int k = 0; k < 64; k++)
		hex[k] = (char)toupper((unsigned char)hex[k]);
	assert_string_not_equal(upper, payload);
	expect_refused(f, upper, "small", 1,
	               "the signed event of small@1 does not hold a version parley can read");
	free(upper);
	free(escaped);
	free(extra);
	free(payload);
}

/* The hex of the text a point (label; sub-item or NULL) names. */
static void key_of(tu_fixture *f, const char *sql, char hex[PL_HASH_HEX])
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(stmt, 0), PL_HASH_BYTES);
	pl_hex(hex, sqlite3_column_blob(stmt, 0), PL_HASH_BYTES);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void test_names_the_text_that_fails(void **state)
{
	tu_fixture *f = *state;
	import(f, "small", PLAN);
	char *payload = last_payload(f);
	char item[PL_HASH_HEX], intro[PL_HASH_HEX], want[300];
	key_of(f, "SELECT text FROM version_items WHERE label = 'b'", item);
	key_of(f, "SELECT intro FROM version_parts WHERE ord = 0", intro);
	exec(f, "DROP TRIGGER blobs_no_update; DROP TRIGGER blobs_no_delete");
	char sql[300];
	snprintf(sql, sizeof sql, "UPDATE blobs SET body = 'forged.' WHERE hash = X'%s'", item);
	exec(f, sql);
	snprintf(want, sizeof want,
	         "text %.16s... of small@1 point 2 (b) does not match its hash" ALTERED, item);
	expect_refused(f, payload, "small", 1, want);
	snprintf(sql, sizeof sql, "DELETE FROM blobs WHERE hash = X'%s'", intro);
	exec(f, sql);
	/* The first in the version's order is named. */
	snprintf(want, sizeof want,
	         "text %.16s... of small@1 part 1 introduction is missing" ALTERED, intro);
	expect_refused(f, payload, "small", 1, want);
	free(payload);
}

/* Every text of a plan of many points, by lookups (a few wanted among
 * many stored) and by a walk (most of them wanted, and more than the
 * thousand below which store.c never walks): the same answers. */
#define POINTS 1100

static void test_texts_by_lookup_and_by_walk(void **state)
{
	tu_fixture *f = *state;
	size_t size = 40 * POINTS + 16;
	char *plan = malloc(size);
	strcpy(plan, "# Many\n\n");
	for (int i = 1; i <= POINTS; i++)
		snprintf(plan + strlen(plan), size - strlen(plan), "%d. Point number %d.\n\n", i,
		         i);
	import(f, "many", plan);
	free(plan);
	pl_store *store = f->n->store;
	pl_error err;
	for (int wanted = 1; wanted <= POINTS; wanted += POINTS - 1) {
		/* wanted texts, each twice, and one that is not stored. */
		pl_store_text *texts = calloc((size_t)(2 * wanted + 1), sizeof *texts);
		for (int i = 0; i < wanted; i++) {
			char text[64];
			snprintf(text, sizeof text, "Point number %d.", i + 1);
			pl_hash(texts[2 * i].hash, text, strlen(text));
			memcpy(texts[2 * i + 1].hash, texts[2 * i].hash, PL_HASH_BYTES);
		}
		pl_hash(texts[2 * wanted].hash, "never stored", 12);
		assert_int_equal(pl_store_get_texts(store, texts, (size_t)(2 * wanted + 1), &err),
		                 0);
		for (int i = 0; i < wanted; i++) {
			char text[64];
			snprintf(text, sizeof text, "Point number %d.", i + 1);
			for (int k = 0; k < 2; k++) {
				assert_int_equal(texts[2 * i + k].state, PL_STORE_TEXT_OK);
				assert_string_equal(texts[2 * i + k].text, text);
			}
			assert_ptr_not_equal(texts[2 * i].text, texts[2 * i + 1].text);
		}
		assert_int_equal(texts[2 * wanted].state, PL_STORE_TEXT_MISSING);
		assert_null(texts[2 * wanted].text);
		for (int i = 0; i < 2 * wanted + 1; i++)
			free(texts[i].text);
		free(texts);
	}
	/* An altered text is found altered both ways. */
	exec(f, "DROP TRIGGER blobs_no_update;"
	        " UPDATE blobs SET body = 'Point number 7!' WHERE body = 'Point number 7.'");
	for (int wanted = 1; wanted <= POINTS; wanted += POINTS - 1) {
		pl_store_text *texts = calloc((size_t)wanted, sizeof *texts);
		for (int i = 0; i < wanted; i++) {
			char text[64];
			snprintf(text, sizeof text, "Point number %d.", wanted == 1 ? 7 : i + 1);
			pl_hash(texts[i].hash, text, strlen(text));
		}
		assert_int_equal(pl_store_get_texts(store, texts, (size_t)wanted, &err), 0);
		size_t seventh = wanted == 1 ? 0 : 6;
		assert_int_equal(texts[seventh].state, PL_STORE_TEXT_ALTERED);
		assert_null(texts[seventh].text);
		for (int i = 0; i < wanted; i++) {
			if ((size_t)i != seventh)
				assert_int_equal(texts[i].state, PL_STORE_TEXT_OK);
			free(texts[i].text);
		}
		free(texts);
	}
	assert_int_equal(pl_store_get_texts(store, NULL, 0, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reads_what_the_tables_hold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_what_is_not_the_version, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reads_escapes_and_skips_unknown_keys, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_names_the_text_that_fails, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_texts_by_lookup_and_by_walk, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
