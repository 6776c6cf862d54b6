/* Tests of the integrity of what is not an event (issue 11): the walk over
 * a version payload's text hashes, and texts or triggers changed behind
 * parley's back caught by reading, verifying and rebuilding. */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integrity_int.h"
#include "parley/negotiation.h"
#include "parley/verify.h"

#define ALTERED ": the database was altered outside parley"

/* --- the walk over a payload ------------------------------------------- */

typedef struct seen {
	char places[16][128];
	uint8_t first[PL_HASH_BYTES];
	size_t count;
} seen;

static int remember(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                    pl_error *err)
{
	seen *s = context;
	(void)err;
	assert_true(s->count < 16);
	if (s->count == 0)
		memcpy(s->first, hash, PL_HASH_BYTES);
	snprintf(s->places[s->count++], sizeof s->places[0], "%s", place);
	return 0;
}

#define H(c) "\"" c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c "\""

static void test_walk_names_every_text(void **state)
{
	(void)state;
	json_t *payload = json_loads(
	    "{\"document\":\"plan\",\"number\":3,\"title\":" H(
	        "01") ",\"preamble\":null,"
	              "\"parts\":[{\"heading\":" H("02") ",\"intro\":" H(
	                  "03") "},"
	                        "{\"heading\":" H(
	                            "04") ",\"intro\":null}],"
	                                  "\"points\":[{\"label\":\"6\",\"text\":" H(
	                                      "05") ",\"items\":[]},"
	                                            "{\"label\":\"12a\",\"text\":" H(
	                                                "06") ",\"items\":[{\"label\":\"b\","
	                                                      "\"text\":" H("07") "}]}]}",
	    0, NULL);
	assert_non_null(payload);
	seen s = {.count = 0};
	pl_error err;
	assert_int_equal(pl_version_texts_foreach(payload, remember, &s, &err), 0);
	const char *want[] = {
	    "plan@3 title",          "plan@3 part 1 heading", "plan@3 part 1 introduction",
	    "plan@3 part 2 heading", "plan@3 point 6",        "plan@3 point 12a",
	    "plan@3 point 12a (b)"};
	assert_int_equal(s.count, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < s.count; i++)
		assert_string_equal(s.places[i], want[i]);
	assert_int_equal(s.first[0], 0x01);
	assert_int_equal(s.first[PL_HASH_BYTES - 1], 0x01);
	/* A hash that is not 64 hex digits is named, not skipped. */
	json_object_set_new(json_array_get(json_object_get(payload, "points"), 0), "text",
	                    json_string("abc"));
	s.count = 0;
	assert_int_equal(pl_version_texts_foreach(payload, remember, &s, &err), PL_EINVALID);
	assert_string_equal(err.message, "plan@3 point 6: a malformed text hash");
	json_decref(payload);
}

/* --- a database changed behind parley's back ----------------------------- */

static int setup(void **state)
{
	tu_fixture *f = tu_fixture_new();
	tu_found(f, "2025-11-20T09:00:00Z", NULL);
	pl_open_options options = {
	    .path = f->path, .clock = "2025-11-20T09:00:00Z", .actor = "sec", .keys_dir = f->keys};
	pl_error err;
	pl_doc *doc = tu_sample("plan-us-28.md");
	pl_import_options import = {.document = "framework", .source = "t.md"};
	pl_import_result result;
	if (pl_document_import(f->n, &import, doc, &result, &err))
		fail_msg("import: %s", err.message);
	pl_doc_free(doc);
	/* Reopened, so that no version is held in memory from the import. */
	pl_negotiation_close(f->n);
	if (pl_negotiation_open(&f->n, &options, &err))
		fail_msg("reopen: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

/* Runs sql on the database as an attacker with the file would. */
static void attack(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *message = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
		fail_msg("the attack failed: %s", message);
	sqlite3_close(db);
}

/* The first 16 hex digits of the text of point label in framework@1. */
static void point_key(const char *path, const char *label, char out[17])
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT lower(hex(text)) FROM version_points"
	                                    " WHERE number = 1 AND label = ?1",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, label, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, 17, "%.16s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

#define EDIT_POINT_6                                                                               \
	"DROP TRIGGER blobs_no_update; UPDATE blobs SET body = body || '!' WHERE hash ="           \
	" (SELECT text FROM version_points WHERE number = 1 AND label = '6')"
#define DELETE_POINT_6                                                                             \
	"DROP TRIGGER blobs_no_delete; DELETE FROM blobs WHERE hash ="                             \
	" (SELECT text FROM version_points WHERE number = 1 AND label = '6')"

static void expect_load_fails(tu_fixture *f, const char *how)
{
	char key[17], want[256];
	point_key(f->path, "6", key);
	snprintf(want, sizeof want, "text %s... of framework@1 point 6 %s" ALTERED, key, how);
	pl_doc *doc = NULL;
	pl_error err;
	assert_int_equal(pl_version_load(f->n, "framework@1", &doc, NULL, &err), PL_EBADSIG);
	assert_null(doc);
	assert_string_equal(err.message, want);
}

static void test_read_refuses_altered_text(void **state)
{
	tu_fixture *f = *state;
	attack(f->path, EDIT_POINT_6);
	expect_load_fails(f, "does not match its hash");
}

static void test_read_refuses_missing_text(void **state)
{
	tu_fixture *f = *state;
	attack(f->path, DELETE_POINT_6);
	expect_load_fails(f, "is missing");
}

static void test_verify_and_rebuild_refuse_altered_text(void **state)
{
	tu_fixture *f = *state;
	pl_verify_report report;
	pl_error err;
	assert_int_equal(pl_verify(f->n, NULL, NULL, &report, &err), 0);
	assert_string_equal(report.first_bad, "");
	/* The trigger put back: only the text is left to find. */
	attack(f->path, EDIT_POINT_6 "; CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs"
	                             " BEGIN SELECT RAISE(ABORT, 'blobs are append-only'); END");
	char key[17], want[256];
	point_key(f->path, "6", key);
	snprintf(want, sizeof want,
	         "text %s... of framework@1 point 6 does not match its hash" ALTERED, key);
	assert_int_equal(pl_verify(f->n, NULL, NULL, &report, &err), PL_EBADSIG);
	assert_string_equal(report.first_bad, want);
	assert_string_equal(err.message, want);
	long long points = tu_query_int(f->path, "SELECT count(*) FROM version_points");
	pl_rebuild_report rebuilt;
	assert_int_equal(pl_negotiation_rebuild(f->n, &rebuilt, &err), PL_EBADSIG);
	assert_string_equal(err.message, want);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM version_points"), points);
}

static void test_verify_names_a_dropped_trigger(void **state)
{
	tu_fixture *f = *state;
	attack(f->path, "DROP TRIGGER events_no_delete");
	pl_verify_report report;
	pl_error err;
	assert_int_equal(pl_verify(f->n, NULL, NULL, &report, &err), PL_EBADSIG);
	assert_string_equal(report.first_bad,
	                    "the append-only trigger events_no_delete is missing" ALTERED);
	/* Reading is not affected: the texts still match. */
	pl_doc *doc;
	assert_int_equal(pl_version_load(f->n, "framework@1", &doc, NULL, &err), 0);
	pl_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_walk_names_every_text),
	    cmocka_unit_test_setup_teardown(test_read_refuses_altered_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_refuses_missing_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_verify_and_rebuild_refuse_altered_text, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_verify_names_a_dropped_trigger, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
