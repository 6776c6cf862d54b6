#include "testutil.h"
#include "event_int.h"
#include "parley/negotiation.h"
#include "parley/record.h"

#include <sqlite3.h>

#include "parley/markdown.h"
#include "parley/negotiation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tu_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)size + 1);
	assert_non_null(data);
	size_t got = fread(data, 1, (size_t)size, f);
	fclose(f);
	assert_int_equal(got, (size_t)size);
	data[size] = '\0';
	if (len_out)
		*len_out = (size_t)size;
	return data;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	assert_non_null(path);
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

char *tu_data_path(const char *name)
{
	return join(PARLEY_DATA_DIR, name);
}

char *tu_example_path(const char *name)
{
	return join(PARLEY_EXAMPLES_DIR, name);
}

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *templ = join(base && *base ? base : "/tmp", "parley-test-XXXXXX");
	if (!mkdtemp(templ))
		fail_msg("mkdtemp failed");
	return templ;
}

void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

pl_doc *tu_parse(const char *text)
{
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, text, strlen(text), "t.md", &err))
		fail_msg("parse: %s", err.message);
	return doc;
}

pl_doc *tu_sample(const char *name)
{
	char *path = tu_data_path(name);
	char *text = tu_read_file(path, NULL);
	pl_doc *doc = tu_parse(text);
	free(text);
	free(path);
	return doc;
}

long long tu_query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return value;
}

void tu_remove_tree(const char *dir)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", dir, dir);
	assert_int_equal(system(cmd), 0);
}

tu_fixture *tu_fixture_new(void)
{
	tu_fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = tu_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/n.db", f->dir);
	snprintf(f->keys, sizeof f->keys, "%s/keys", f->dir);
	return f;
}

void tu_fixture_free(tu_fixture *f)
{
	pl_negotiation_close(f->n);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
}

void tu_found(tu_fixture *f, const char *clock, const char *rule)
{
	pl_open_options options = {
	    .path = f->path, .create = 1, .clock = clock, .keys_dir = f->keys};
	pl_error err;
	if (pl_negotiation_open(&f->n, &options, &err))
		fail_msg("open: %s", err.message);
	pl_found_options found = {"sec", "UN", "Secretariat", NULL, rule};
	char key_path[4096];
	if (pl_negotiation_found(f->n, &found, key_path, sizeof key_path, &err))
		fail_msg("found: %s", err.message);
}

static long long forge_head(sqlite3 *db, const char *track, uint8_t hash[PL_HASH_BYTES])
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT seq, hash FROM events WHERE track = ?1"
	                                    " ORDER BY seq DESC LIMIT 1",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, track, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long seq = sqlite3_column_int64(stmt, 0);
	assert_int_equal(sqlite3_column_bytes(stmt, 1), PL_HASH_BYTES);
	memcpy(hash, sqlite3_column_blob(stmt, 1), PL_HASH_BYTES);
	sqlite3_finalize(stmt);
	return seq;
}

static void forge_insert(sqlite3 *db, const pl_store_event *e, const uint8_t *sig)
{
	sqlite3_stmt *stmt;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO events(track, seq, kind, at, actor, payload,"
	                       " prev, hash, sig, after, statement)"
	                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	                       -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, e->track, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, e->seq);
	sqlite3_bind_text(stmt, 3, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, e->at, -1, SQLITE_STATIC);
	if (e->actor)
		sqlite3_bind_text(stmt, 5, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, e->payload, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 7, e->prev, PL_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 8, e->hash, PL_HASH_BYTES, SQLITE_STATIC);
	if (sig)
		sqlite3_bind_blob(stmt, 9, sig, PL_SIGNATURE_BYTES, SQLITE_STATIC);
	if (e->after)
		sqlite3_bind_blob(stmt, 10, e->after, PL_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 11, e->statement, PL_HASH_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

long long tu_forge_event(const char *path, const char *track, const char *kind, const char *at,
                         const char *actor, const char *payload, const pl_keypair *key)
{
	json_t *value = json_loads(payload, 0, NULL);
	assert_non_null(value);
	char *canonical = json_dumps(value, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(value);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	uint8_t prev[PL_HASH_BYTES], hash[PL_HASH_BYTES], sig[PL_SIGNATURE_BYTES];
	uint8_t statement[PL_HASH_BYTES];
	long long seq = forge_head(db, track, prev) + 1;
	pl_store_event e = {.track = track,
	                    .seq = seq,
	                    .kind = kind,
	                    .at = at,
	                    .actor = actor,
	                    .payload = canonical,
	                    .prev = prev,
	                    .hash = hash,
	                    .after = prev,
	                    .statement = statement};
	char *text;
	pl_error err;
	if (pl_event_statement(&e, &text, &err))
		fail_msg("statement: %s", err.message);
	pl_hash(statement, text, strlen(text));
	free(text);
	if (key)
		pl_sign(sig, statement, key);
	pl_event_link_hash(prev, seq, statement, hash);
	forge_insert(db, &e, key ? sig : NULL);
	sqlite3_close(db);
	free(canonical);
	return seq;
}

pl_negotiation *tu_open_as(const tu_fixture *f, const char *clock, const char *actor,
                           const char *key_file)
{
	pl_open_options options = {.path = f->path,
	                           .clock = clock,
	                           .actor = actor,
	                           .keys_dir = f->keys,
	                           .key_file = key_file};
	pl_negotiation *n;
	pl_error err;
	if (pl_negotiation_open(&n, &options, &err))
		fail_msg("open as %s: %s", actor ? actor : "no one", err.message);
	return n;
}
