/* store_engines.c — the store's operations, the same on both engines:
 * SQLite always; PostgreSQL when PARLEY_TEST_PG names a scratch server
 * (ctest's pg/unit/store_engines). What each engine must agree on, at the
 * edges the shell tests do not reach: walks longer than one batch (the
 * PostgreSQL engine reads events two thousand and texts a thousand at a
 * time), many texts at once with repeats and gaps, savepoints after a
 * failed statement, the data version, and a wait woken by another
 * connection's append. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store_engine_int.h"
#include "store_log_int.h"

typedef struct fixture {
	char path[512];
	char dir[64];
	pl_store *store;
} fixture;

static const char *pg_dir(void)
{
	const char *dir = getenv("PARLEY_TEST_PG");
	return dir && *dir ? dir : NULL;
}

/* A new empty database: a file, or one made on the scratch server. */
static void new_database(fixture *f)
{
	if (!pg_dir()) {
		snprintf(f->dir, sizeof f->dir, "/tmp/parley-engines-XXXXXX");
		assert_non_null(mkdtemp(f->dir));
		snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
		return;
	}
	char command[1024];
	snprintf(command, sizeof command, "%s/scripts/pg-scratch createdb '%s' e_%ld_%d",
	         PARLEY_SOURCE_DIR, pg_dir(), (long)getpid(), rand());
	FILE *out = popen(command, "r");
	assert_non_null(out);
	assert_non_null(fgets(f->path, sizeof f->path, out));
	f->path[strcspn(f->path, "\n")] = '\0';
	assert_int_equal(pclose(out), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	new_database(f);
	pl_store_open_options options = {.path = f->path, .create = 1};
	pl_error err;
	if (pl_store_open(&f->store, &options, &err) != 0)
		fail_msg("opening %s: %s", f->path, err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pl_store_close(f->store);
	if (f->dir[0]) {
		char command[128];
		snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
		assert_int_equal(system(command), 0);
	}
	free(f);
	return 0;
}

static void text_of(char *out, size_t size, int i)
{
	snprintf(out, size, "text number %d, with words in it", i);
}

static void hash_of(uint8_t hash[PL_HASH_BYTES], int i)
{
	char text[64];
	text_of(text, sizeof text, i);
	pl_hash(hash, text, strlen(text));
}

typedef struct walk {
	int count;
	uint8_t last[PL_HASH_BYTES];
	int64_t last_id;
	int ordered;
} walk;

static int count_blob(void *context, const uint8_t hash[PL_HASH_BYTES], const char *text,
                      size_t len, pl_error *err)
{
	walk *w = context;
	(void)err;
	uint8_t actual[PL_HASH_BYTES];
	pl_hash(actual, text, len);
	assert_memory_equal(actual, hash, PL_HASH_BYTES);
	if (w->count && memcmp(w->last, hash, PL_HASH_BYTES) >= 0)
		w->ordered = 0;
	memcpy(w->last, hash, PL_HASH_BYTES);
	w->count++;
	return 0;
}

/* 2,500 texts: a walk in key order sees each once, across batches; many
 * texts read at once come back with repeats, and a missing one says so. */
static void test_texts(void **state)
{
	fixture *f = *state;
	pl_error err;
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	for (int i = 0; i < 2500; i++) {
		char text[64];
		uint8_t hash[PL_HASH_BYTES];
		text_of(text, sizeof text, i);
		hash_of(hash, i);
		assert_int_equal(pl_store_put_blob(f->store, hash, text, strlen(text), &err), 0);
		/* stored once, whatever the repeats */
		assert_int_equal(pl_store_put_blob(f->store, hash, text, strlen(text), &err), 0);
	}
	assert_int_equal(pl_store_commit(f->store, &err), 0);
	walk w = {.ordered = 1};
	assert_int_equal(pl_store_blobs_foreach(f->store, count_blob, &w, &err), 0);
	assert_int_equal(w.count, 2500);
	assert_true(w.ordered);
	uint8_t bad[PL_HASH_BYTES];
	int found = 1;
	assert_int_equal(pl_store_blobs_check(f->store, bad, &found, &err), 0);
	assert_int_equal(found, 0);

	enum { WANTED = 1500 };
	pl_store_text *texts = calloc(WANTED, sizeof *texts);
	for (int i = 0; i < WANTED; i++)
		hash_of(texts[i].hash, i % 1200);            /* 300 repeats */
	memset(texts[WANTED - 1].hash, 0xee, PL_HASH_BYTES); /* never stored */
	assert_int_equal(pl_store_get_texts(f->store, texts, WANTED, &err), 0);
	for (int i = 0; i < WANTED - 1; i++) {
		char text[64];
		text_of(text, sizeof text, i % 1200);
		assert_int_equal(texts[i].state, PL_STORE_TEXT_OK);
		assert_string_equal(texts[i].text, text);
	}
	assert_int_equal(texts[WANTED - 1].state, PL_STORE_TEXT_MISSING);
	assert_null(texts[WANTED - 1].text);
	for (int i = 0; i < WANTED; i++)
		free(texts[i].text);
	free(texts);

	char *one = NULL;
	uint8_t missing[PL_HASH_BYTES];
	memset(missing, 0xee, sizeof missing);
	assert_int_equal(pl_store_get_blob(f->store, missing, &one, &err), PL_EBADSIG);
	assert_non_null(strstr(err.message, "is missing"));
	int present = 1;
	assert_int_equal(pl_store_blob_present(f->store, missing, &present, &err), 0);
	assert_int_equal(present, 0);
}

/* An event of track at seq, its hash made up from both (the store checks
 * no hash: the record layer does). */
static int append_after(pl_store *store, const char *track, int64_t seq, const char *kind,
                        const uint8_t *after, int64_t *id, pl_error *err);

static int append(pl_store *store, const char *track, int64_t seq, const char *kind, int64_t *id,
                  pl_error *err)
{
	return append_after(store, track, seq, kind, NULL, id, err);
}

/* An event of track at seq (its hash made from both), following after. */
static int append_after(pl_store *store, const char *track, int64_t seq, const char *kind,
                        const uint8_t *after, int64_t *id, pl_error *err)
{
	uint8_t hash[PL_HASH_BYTES], sig[PL_SIGNATURE_BYTES];
	char seed[96];
	snprintf(seed, sizeof seed, "%s %lld", track, (long long)seq);
	pl_hash(hash, seed, strlen(seed));
	memset(sig, 7, sizeof sig);
	pl_store_event e = {.track = track,
	                    .seq = seq,
	                    .kind = kind,
	                    .at = "2025-11-20T09:00:00Z",
	                    .actor = "witkoff",
	                    .payload = "{\"n\":1}",
	                    .hash = hash,
	                    .sig = sig,
	                    .after = after,
	                    .statement = hash};
	return pl_store_event_insert(store, &e, id, err);
}

static int count_event(void *context, const pl_store_event *event, pl_error *err)
{
	walk *w = context;
	(void)err;
	if (event->id <= w->last_id)
		w->ordered = 0;
	w->last_id = event->id;
	assert_non_null(event->sig);
	assert_non_null(event->hash);
	assert_null(event->prev);
	w->count++;
	return 0;
}

/* 4,500 events in two tracks: walks longer than a batch, by kind too; a
 * track's head; the data version is the last id; a (track, seq) given
 * twice is a conflict, undone alone by its savepoint. */
static void test_events(void **state)
{
	fixture *f = *state;
	pl_error err;
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	int64_t id = 0, last = 0;
	for (int i = 1; i <= 4500; i++) {
		const char *track = i % 3 ? "plenary" : "backchannel";
		int64_t seq = i % 3 ? i - i / 3 : i / 3;
		assert_int_equal(
		    append(f->store, track, seq, i % 2 ? "position" : "statement", &id, &err), 0);
		assert_true(id > last);
		last = id;
	}
	assert_int_equal(pl_store_savepoint(f->store, &err), 0);
	assert_int_equal(append(f->store, "plenary", 1, "position", &id, &err), PL_ECONFLICT);
	pl_store_rollback_savepoint(f->store);
	/* the transaction goes on after the failed statement */
	assert_int_equal(append(f->store, "other", 1, "position", &id, &err), 0);
	assert_int_equal(pl_store_commit(f->store, &err), 0);

	walk w = {.ordered = 1};
	assert_int_equal(pl_store_events_foreach(f->store, count_event, &w, &err), 0);
	assert_int_equal(w.count, 4501);
	assert_true(w.ordered);
	walk k = {.ordered = 1};
	assert_int_equal(pl_store_events_of_kind(f->store, "statement", count_event, &k, &err), 0);
	assert_int_equal(k.count, 2250);
	assert_true(k.ordered);

	int64_t seq;
	uint8_t head[PL_HASH_BYTES], expected[PL_HASH_BYTES];
	assert_int_equal(pl_store_track_head(f->store, "backchannel", &seq, head, &err), 0);
	assert_int_equal(seq, 1500);
	pl_hash(expected, "backchannel 1500", strlen("backchannel 1500"));
	assert_memory_equal(head, expected, PL_HASH_BYTES);
	assert_int_equal(pl_store_track_head(f->store, "nowhere", &seq, head, &err), 0);
	assert_int_equal(seq, 0);

	int64_t max = 0;
	assert_int_equal(pl_store_last_event_id(f->store, &max, &err), 0);
	assert_int_equal(max, id);
}

typedef struct checked {
	int64_t ids[8];
	int flags[8];
	size_t count;
} checked;

static int note_checked(void *context, const pl_store_event *event, int after_earlier,
                        pl_error *err)
{
	checked *c = context;
	(void)err;
	assert_true(c->count < 8);
	c->ids[c->count] = event->id;
	c->flags[c->count++] = after_earlier;
	return 0;
}

/* A catch-up's walk tells, for each event, whether its after names an
 * event of its own track appended before it; the data version read by
 * begin (one round trip on PostgreSQL) is the last event's id. */
static void test_events_since_checked(void **state)
{
	fixture *f = *state;
	pl_error err;
	uint8_t p1[PL_HASH_BYTES], p2[PL_HASH_BYTES], p4[PL_HASH_BYTES];
	pl_hash(p1, "plenary 1", strlen("plenary 1"));
	pl_hash(p2, "plenary 2", strlen("plenary 2"));
	pl_hash(p4, "plenary 4", strlen("plenary 4"));
	int64_t id[6], version = 0;
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	assert_int_equal(append_after(f->store, "plenary", 1, "position", NULL, &id[0], &err), 0);
	assert_int_equal(append_after(f->store, "plenary", 2, "position", p1, &id[1], &err), 0);
	/* another track's event */
	assert_int_equal(append_after(f->store, "backchannel", 1, "position", p1, &id[2], &err), 0);
	/* an event appended after it */
	assert_int_equal(append_after(f->store, "plenary", 3, "position", p4, &id[3], &err), 0);
	assert_int_equal(append_after(f->store, "plenary", 4, "position", p2, &id[4], &err), 0);
	/* an event that does not exist */
	uint8_t none[PL_HASH_BYTES];
	memset(none, 0x5a, sizeof none);
	assert_int_equal(append_after(f->store, "plenary", 5, "position", none, &id[5], &err), 0);
	assert_int_equal(pl_store_commit(f->store, &err), 0);

	checked c = {{0}, {0}, 0};
	assert_int_equal(pl_store_events_since_checked(f->store, 0, note_checked, &c, &err), 0);
	assert_int_equal(c.count, 6);
	const int expected[6] = {1, 1, 0, 0, 1, 0};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(c.ids[i], id[i]);
		assert_int_equal(c.flags[i], expected[i]);
	}
	checked later = {{0}, {0}, 0};
	assert_int_equal(pl_store_events_since_checked(f->store, id[3], note_checked, &later, &err),
	                 0);
	assert_int_equal(later.count, 2);
	assert_int_equal(later.ids[0], id[4]);
	assert_int_equal(later.flags[0], 1);

	assert_int_equal(pl_store_begin(f->store, &err), 0);
	assert_int_equal(pl_store_data_version(f->store, &version, &err), 0);
	pl_store_rollback(f->store);
	if (pg_dir())
		assert_int_equal(version, id[5]);
}

/* A write that fails inside a savepoint fails the change (at once on
 * SQLite; on PostgreSQL, whose writes are pipelined, by the savepoint's
 * release at the latest), and is undone alone: the transaction goes on. */
static void test_failed_write(void **state)
{
	fixture *f = *state;
	pl_error err;
	uint8_t hash[PL_HASH_BYTES];
	hash_of(hash, 1);
	char text[64];
	text_of(text, sizeof text, 1);
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	assert_int_equal(pl_store_savepoint(f->store, &err), 0);
	/* a part of a version that does not exist: a foreign key fails */
	int wrote = pl_store_part_insert(f->store, 99, 1, 0, hash, NULL, &err);
	int released = wrote ? wrote : pl_store_release(f->store, &err);
	assert_int_equal(released, PL_ECONFLICT);
	pl_store_rollback_savepoint(f->store);
	assert_int_equal(pl_store_put_blob(f->store, hash, text, strlen(text), &err), 0);
	assert_int_equal(pl_store_commit(f->store, &err), 0);
	int present = 0;
	assert_int_equal(pl_store_blob_present(f->store, hash, &present, &err), 0);
	assert_int_equal(present, 1);
}

/* A rolled-back transaction leaves nothing. */
static void test_rollback(void **state)
{
	fixture *f = *state;
	pl_error err;
	int64_t id, max = -1;
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	assert_int_equal(append(f->store, "plenary", 1, "position", &id, &err), 0);
	pl_store_rollback(f->store);
	assert_int_equal(pl_store_last_event_id(f->store, &max, &err), 0);
	assert_int_equal(max, 0);
	int64_t seq;
	uint8_t head[PL_HASH_BYTES];
	assert_int_equal(pl_store_track_head(f->store, "plenary", &seq, head, &err), 0);
	assert_int_equal(seq, 0);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Another connection's append: seen in the data version; on PostgreSQL it
 * also wakes a wait at once, where SQLite says it cannot wait. */
static void test_other_connection(void **state)
{
	fixture *f = *state;
	pl_error err;
	pl_store_open_options options = {.path = f->path};
	pl_store *other;
	assert_int_equal(pl_store_open(&other, &options, &err), 0);
	int64_t before, after, id;
	assert_int_equal(pl_store_data_version(f->store, &before, &err), 0);
	if (pg_dir()) {
		/* The first wait starts listening; nothing has happened yet. */
		double start = now_ms();
		assert_int_equal(pl_store_wait_change(f->store, 200, &err), 0);
		assert_true(now_ms() - start >= 150);
	} else {
		assert_int_equal(pl_store_wait_change(f->store, 200, &err), 1);
	}
	assert_int_equal(pl_store_begin(other, &err), 0);
	assert_int_equal(append(other, "plenary", 1, "position", &id, &err), 0);
	assert_int_equal(pl_store_commit(other, &err), 0);
	if (pg_dir()) {
		double start = now_ms();
		assert_int_equal(pl_store_wait_change(f->store, 5000, &err), 0);
		assert_true(now_ms() - start < 2500); /* woken, not timed out */
	}
	assert_int_equal(pl_store_data_version(f->store, &after, &err), 0);
	assert_true(after != before);
	pl_store_close(other);
}

/* PostgreSQL's warnings never reach stderr (the library never prints):
 * a COMMIT outside a transaction draws "there is no transaction in
 * progress", which libpq's own notice processor would print. */
static void test_notices_dropped(void **state)
{
	fixture *f = *state;
	pl_error err;
	if (!pg_dir())
		skip();
	fflush(stderr);
	int saved = dup(2);
	FILE *caught = tmpfile();
	assert_non_null(caught);
	assert_true(saved >= 0 && dup2(fileno(caught), 2) == 2);
	int rc = pl_store_commit(f->store, &err);
	fflush(stderr);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	assert_int_equal(rc, 0);
	assert_int_equal(fseek(caught, 0, SEEK_END), 0);
	long size = ftell(caught);
	fclose(caught);
	assert_int_equal(size, 0);
}

/* The engine says which it is, and a second create over a record is
 * refused (PostgreSQL takes tables without an event as they are: what a
 * failed init leaves). */
static void test_identity(void **state)
{
	fixture *f = *state;
	pl_error err;
	assert_string_equal(pl_store_engine_name(f->store), pg_dir() ? "PostgreSQL" : "SQLite");
	int version = 0;
	assert_int_equal(pl_store_schema_version(f->store, &version, &err), 0);
	assert_int_equal(version, PL_SCHEMA_VERSION);
	int64_t id;
	assert_int_equal(pl_store_begin(f->store, &err), 0);
	assert_int_equal(append(f->store, "plenary", 1, "negotiation.found", &id, &err), 0);
	assert_int_equal(pl_store_commit(f->store, &err), 0);
	pl_store_open_options options = {.path = f->path, .create = 1};
	pl_store *again;
	assert_int_equal(pl_store_open(&again, &options, &err), PL_ECONFLICT);
	assert_non_null(strstr(err.message, "already holds a negotiation"));
	assert_int_equal(pl_store_triggers_check(f->store, &err), 0);
}

int main(void)
{
	if (pg_dir())
		pl_store_use_postgres(pl_store_pg_module());
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_texts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_events_since_checked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_notices_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_connection, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
