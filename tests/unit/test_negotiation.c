/* Tests of the store and the negotiation layer: versions, stable ids,
 * projections rebuilt from events, append-only events, and refusals that
 * leave the database as it was. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/markdown.h"
#include "parley/negotiation.h"

typedef tu_fixture fixture;

static int setup(void **state)
{
	fixture *f = tu_fixture_new();
	tu_found(f, "2025-11-20T09:00:00Z", NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

static pl_import_result import(pl_negotiation *n, const char *name, pl_doc *doc)
{
	pl_import_options options = {.document = name, .source = "t.md"};
	pl_import_result result;
	pl_error err;
	if (pl_document_import(n, &options, doc, &result, &err))
		fail_msg("import: %s", err.message);
	return result;
}

static pl_doc *load(pl_negotiation *n, const char *ref)
{
	pl_doc *doc;
	pl_error err;
	if (pl_version_load(n, ref, &doc, NULL, &err))
		fail_msg("load %s: %s", ref, err.message);
	return doc;
}

static int exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void test_import_and_load(void **state)
{
	fixture *f = *state;
	pl_doc *doc = tu_sample("plan-us-28.md");
	pl_import_result r = import(f->n, "us28", doc);
	assert_int_equal(r.number, 1);
	assert_int_equal(r.points, 28);
	assert_int_equal(r.added, 28);
	pl_doc *loaded = load(f->n, "us28@1");
	assert_true(pl_doc_equal(doc, loaded, 0));
	assert_string_equal(loaded->points[0].id, "p1");
	assert_string_equal(loaded->points[27].id, "p28");
	pl_version_info info;
	pl_doc *latest;
	pl_error err;
	/* The second and third loads asking for the row's facts (as show
	 * does) are served from the handle's copy, facts included. */
	for (int round = 0; round < 3; round++) {
		assert_int_equal(pl_version_load(f->n, "us28", &latest, &info, &err), 0);
		assert_int_equal(info.number, 1);
		assert_string_equal(info.document, "us28");
		assert_string_equal(info.created_at, "2025-11-20T09:00:00Z");
		assert_string_equal(info.source, "t.md");
		assert_non_null(info.title);
		assert_string_equal(info.title, doc->title);
		assert_int_equal(info.point_count, 28);
		assert_string_equal(info.track, PL_PLENARY);
		assert_true(pl_doc_equal(doc, latest, 0));
		pl_version_info_clear(&info);
		pl_doc_free(latest);
	}
	pl_doc_free(loaded);
	pl_doc_free(doc);
}

/* A loaded version is kept for the next load of it: the copy handed out may
 * be changed freely, and a version made in a batch that is undone is not
 * served once another writer gives its number to another version. */
static void test_loaded_version_cache(void **state)
{
	fixture *f = *state;
	pl_doc *v1 = tu_parse("# P\n\n1. Alpha.\n\n2. Beta.\n");
	import(f->n, "p", v1);
	pl_doc *first = load(f->n, "p@1");
	pl_point_set_text(&first->points[0], "Changed by the caller.");
	pl_doc *again = load(f->n, "p@1");
	assert_true(pl_doc_equal(again, v1, 0));
	pl_error err;
	pl_doc *undone = tu_parse("# P\n\n1. Alpha.\n\n2. Beta, undone.\n");
	assert_int_equal(pl_negotiation_begin(f->n, &err), 0);
	import(f->n, "p", undone);
	pl_doc *seen = load(f->n, "p@2");
	assert_true(pl_doc_equal(seen, undone, 0));
	pl_negotiation_rollback(f->n);
	pl_doc *kept = tu_parse("# P\n\n1. Alpha.\n\n2. Beta, kept.\n");
	pl_open_options options = {
	    .path = f->path, .clock = "2025-11-20T10:00:00Z", .actor = "sec", .keys_dir = f->keys};
	pl_negotiation *other;
	assert_int_equal(pl_negotiation_open(&other, &options, &err), 0);
	import(other, "p", kept);
	pl_negotiation_close(other);
	pl_doc *now = load(f->n, "p@2");
	assert_true(pl_doc_equal(now, kept, 0));
	pl_doc *list[] = {v1, first, again, undone, seen, kept, now};
	for (size_t i = 0; i < sizeof list / sizeof *list; i++)
		pl_doc_free(list[i]);
}

static void test_versions_and_stable_ids(void **state)
{
	fixture *f = *state;
	pl_doc *v1 = tu_parse("# P\n\n## A\n\n1. Alpha text here.\n\n2. Beta text here.\n\n"
	                      "3. Gamma text.\n");
	import(f->n, "p", v1);
	/* 2 is renumbered 3 unchanged; 3 is rewritten in place under a new
	 * label; a new point 2 arrives; 1 is reworded. */
	pl_doc *v2 = tu_parse("# P\n\n## A\n\n1. Alpha text here, amended.\n\n2. Brand new.\n\n"
	                      "3. Beta text here.\n\n4. Gamma text, reworded slightly.\n");
	pl_import_result r = import(f->n, "p", v2);
	assert_int_equal(r.number, 2);
	pl_doc *a = load(f->n, "p@1"), *b = load(f->n, "p@2");
	assert_string_equal(pl_doc_find_label(b, "1")->id, pl_doc_find_label(a, "1")->id);
	assert_string_equal(pl_doc_find_label(b, "3")->id, pl_doc_find_label(a, "2")->id);
	assert_string_equal(pl_doc_find_label(b, "2")->id, "p4"); /* new, never reused */
	assert_string_equal(pl_doc_find_label(b, "4")->id, pl_doc_find_label(a, "3")->id);
	assert_int_equal(r.carried, 3);
	assert_int_equal(r.added, 1);
	/* The same text again makes no version. */
	pl_import_result same = import(f->n, "p", v2);
	assert_int_equal(same.unchanged, 1);
	assert_int_equal(same.number, 2);
	pl_version_info *infos;
	size_t count;
	pl_error err;
	assert_int_equal(pl_version_list(f->n, "p", &infos, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(infos[1].number, 2);
	assert_int_equal(infos[1].point_count, 4);
	pl_version_info_free_array(infos, count);
	/* Texts are stored once: v2 repeats "Beta text here." */
	assert_int_equal(
	    tu_query_int(f->path, "SELECT count(*) FROM blobs WHERE body = 'Beta text here.'"), 1);
	pl_doc_free(a);
	pl_doc_free(b);
	pl_doc_free(v1);
	pl_doc_free(v2);
}

static void test_counter_version_keeps_ids(void **state)
{
	fixture *f = *state;
	pl_doc *us = tu_sample("plan-us-28.md"), *eu = tu_sample("plan-eu-counter.md");
	import(f->n, "framework", us);
	pl_import_result r = import(f->n, "framework", eu);
	assert_int_equal(r.carried, 16);
	pl_doc *a = load(f->n, "framework@1"), *b = load(f->n, "framework@2");
	for (size_t i = 0; i < b->point_count; i++)
		assert_string_equal(b->points[i].id, pl_doc_find_label(a, b->points[i].label)->id);
	pl_doc_free(a);
	pl_doc_free(b);
	pl_doc_free(us);
	pl_doc_free(eu);
}

static void test_rebuild_equals_incremental(void **state)
{
	fixture *f = *state;
	const char *names[] = {"plan-us-28.md", "plan-eu-counter.md", "plan-eu-24.md"};
	for (size_t i = 0; i < 3; i++) {
		pl_doc *doc = tu_sample(names[i]);
		import(f->n, i == 2 ? "eu24" : "framework", doc);
		pl_doc_free(doc);
	}
	pl_rebuild_report report;
	pl_error err;
	assert_int_equal(pl_negotiation_rebuild(f->n, &report, &err), 0);
	assert_int_equal(report.events, 4); /* the founding and three versions */
	assert_true(report.identical);
	assert_string_equal(report.before, report.after);
	/* A projection tampered with is put right, and the difference shown. */
	assert_int_equal(exec_sql(f->path, "UPDATE version_points SET label = 'X' WHERE ord = 0"),
	                 SQLITE_OK);
	/* Before the repair, no read shows the altered rows: a version is read
	 * from its signed event, never from the tables. */
	pl_open_options options = {.path = f->path, .actor = "sec", .keys_dir = f->keys};
	pl_negotiation *other;
	pl_doc *read;
	assert_int_equal(pl_negotiation_open(&other, &options, &err), 0);
	assert_int_equal(pl_version_load(other, "framework@1", &read, NULL, &err), 0);
	assert_string_equal(read->points[0].label, "1");
	pl_doc_free(read);
	pl_negotiation_close(other);
	assert_int_equal(pl_negotiation_rebuild(f->n, &report, &err), 0);
	assert_false(report.identical);
	pl_doc *doc = load(f->n, "framework@1");
	assert_string_equal(doc->points[0].label, "1");
	pl_doc_free(doc);
}

static void test_events_append_only(void **state)
{
	fixture *f = *state;
	pl_doc *doc = tu_sample("plan-eu-24.md");
	import(f->n, "eu24", doc);
	pl_doc_free(doc);
	assert_int_not_equal(exec_sql(f->path, "UPDATE events SET kind = 'x'"), SQLITE_OK);
	assert_int_not_equal(exec_sql(f->path, "DELETE FROM events"), SQLITE_OK);
	assert_int_not_equal(exec_sql(f->path, "UPDATE blobs SET body = 'x'"), SQLITE_OK);
	assert_int_not_equal(exec_sql(f->path, "DELETE FROM blobs"), SQLITE_OK);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM events"), 2);
	/* The event chain: first event has no previous hash. */
	assert_int_equal(
	    tu_query_int(f->path, "SELECT prev IS NULL AND length(hash) = 32 FROM events"), 1);
}

static void test_refusals_change_nothing(void **state)
{
	fixture *f = *state;
	pl_doc *doc = tu_sample("plan-us-28.md");
	import(f->n, "us28", doc);
	pl_error err;
	pl_import_result r;
	pl_import_options bad_name = {.document = "no spaces"};
	assert_int_equal(pl_document_import(f->n, &bad_name, doc, &r, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "not a document name"));
	pl_doc *empty = pl_doc_new();
	pl_import_options ok = {.document = "us28"};
	assert_int_equal(pl_document_import(f->n, &ok, empty, &r, &err), PL_EINVALID);
	pl_doc_free(empty);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM events"), 2);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM versions"), 1);
	pl_doc *out;
	assert_int_equal(pl_version_load(f->n, "us28@2", &out, NULL, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "us28 has no version 2 (latest is 1)");
	assert_int_equal(pl_version_load(f->n, "nothing", &out, NULL, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no document named 'nothing'");
	assert_int_equal(pl_version_load(f->n, "us28@0", &out, NULL, &err), PL_EINVALID);
	assert_int_equal(pl_version_load(f->n, "us28@", &out, NULL, &err), PL_EINVALID);
	pl_doc_free(doc);
}

static void test_ref_parse(void **state)
{
	(void)state;
	char name[PL_NAME_MAX + 1];
	int number;
	pl_error err;
	assert_int_equal(pl_ref_parse("us28@12", name, &number, &err), 0);
	assert_string_equal(name, "us28");
	assert_int_equal(number, 12);
	assert_int_equal(pl_ref_parse("eu.counter-v_2", name, &number, &err), 0);
	assert_int_equal(number, 0);
	assert_int_equal(pl_ref_parse("-x", name, &number, &err), PL_EINVALID);
	assert_int_equal(pl_ref_parse("a@1x", name, &number, &err), PL_EINVALID);
	assert_int_equal(pl_ref_parse("a@99999999999", name, &number, &err), PL_EINVALID);
}

static void open_fails(const char *path, int create, int code, const char *message)
{
	pl_negotiation *n = NULL;
	pl_error err;
	pl_open_options options = {.path = path, .create = create, .busy_timeout_ms = 200};
	assert_int_equal(pl_negotiation_open(&n, &options, &err), code);
	assert_null(n);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
}

static void test_foreign_databases(void **state)
{
	fixture *f = *state;
	char path[600];
	snprintf(path, sizeof path, "%s/plain.txt", f->dir);
	tu_write_file(path, "hello, not a database at all, just some text\n", 45);
	open_fails(path, 0, PL_EVERSION, "is not a parley database");
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(exec_sql(path, "CREATE TABLE t(x)"), SQLITE_OK);
	open_fails(path, 0, PL_EVERSION, "is not a parley database");
	open_fails(path, 1, PL_EVERSION, "is not a parley database");
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	open_fails(path, 0, PL_ENOTFOUND, "run 'parley init' first");
	open_fails(f->path, 1, PL_ECONFLICT, "already holds a negotiation");
	/* A newer schema is refused, untouched. */
	assert_int_equal(exec_sql(f->path, "PRAGMA user_version = 99"), SQLITE_OK);
	open_fails(f->path, 0, PL_EVERSION, "newer parley (schema 99");
	assert_int_equal(tu_query_int(f->path, "PRAGMA user_version"), 99);
}

static void test_locked_database(void **state)
{
	fixture *f = *state;
	sqlite3 *holder;
	assert_int_equal(sqlite3_open(f->path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	pl_negotiation *n;
	pl_error err;
	pl_open_options options = {.path = f->path, .busy_timeout_ms = 100};
	int rc = pl_negotiation_open(&n, &options, &err);
	if (rc == 0) {
		pl_doc *doc = tu_sample("plan-eu-24.md");
		pl_import_options io = {.document = "x"};
		pl_import_result r;
		rc = pl_document_import(n, &io, doc, &r, &err);
		pl_doc_free(doc);
		pl_negotiation_close(n);
	}
	assert_int_equal(rc, PL_EBUSY);
	assert_non_null(strstr(err.message, "locked by another process"));
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM events"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_and_load, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_versions_and_stable_ids, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_loaded_version_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_counter_version_keeps_ids, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rebuild_equals_incremental, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_events_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
	    cmocka_unit_test(test_ref_parse),
	    cmocka_unit_test_setup_teardown(test_foreign_databases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_locked_database, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
