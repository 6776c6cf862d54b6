/* Tests of authority in the record (issue 11): the rules of who may sign
 * what, applied on append, replay and verification alike; decision rules;
 * keys rotated and revoked; handles catching up with other connections;
 * and a property test of random operations by random delegates, forbidden
 * ones included, against an independent model. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_int.h"
#include "negotiation_int.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "parley/meeting.h"
#include "parley/verify.h"

#define CLOCK "2025-11-20T09:00:00Z"

static pl_error err_storage;
#define err_ (&err_storage)
#define CHECK(call)                                                                                \
	do {                                                                                       \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, err_storage.message);                            \
	} while (0)

static pl_negotiation *open_as(const tu_fixture *f, const char *actor)
{
	return tu_open_as(f, CLOCK, actor, NULL);
}

static long long count_events(const tu_fixture *f)
{
	return tu_query_int(f->path, "SELECT count(*) FROM events");
}

/* The convenor sec (UN) admits US, RU, UA and EU with a lead each (d_US,
 * ...), under the plenary rule given. f->n is left open as sec. */
static void four_parties(tu_fixture *f, const char *rule)
{
	static const char *const codes[] = {"US", "RU", "UA", "EU"};
	char key_path[4096], name[16];
	tu_found(f, CLOCK, rule);
	for (int p = 0; p < 4; p++)
		CHECK(pl_party_add(f->n, codes[p], codes[p], err_));
	for (int p = 0; p < 4; p++) {
		snprintf(name, sizeof name, "d_%s", codes[p]);
		CHECK(pl_delegate_add(f->n, name, codes[p], "lead", NULL, key_path, sizeof key_path,
		                      err_));
	}
}

static void import_plan(pl_negotiation *n, const char *name, const char *track)
{
	pl_doc *doc = tu_sample("plan-us-28.md");
	pl_import_options options = {.document = name, .source = "plan-us-28.md", .track = track};
	pl_import_result result;
	CHECK(pl_document_import(n, &options, doc, &result, err_));
	pl_doc_free(doc);
}

/* A change that must be refused with code and a message holding needle,
 * and that adds no event. */
static void refused(const tu_fixture *f, int rc, const pl_error *err, int code, const char *needle,
                    long long events)
{
	if (rc != code)
		fail_msg("got %d (%s), wanted %d (%s)", rc, err->message, code, needle);
	if (!strstr(err->message, needle))
		fail_msg("message '%s' lacks '%s'", err->message, needle);
	assert_int_equal(count_events(f), events);
}

static int append_raw(pl_negotiation *n, const char *track, const char *kind, const char *json,
                      pl_error *err)
{
	json_t *payload = json_loads(json, 0, NULL);
	assert_non_null(payload);
	int rc = pl_neg_begin(n, err);
	if (rc == 0)
		rc = pl_neg_end(n, pl_neg_append(n, track, kind, payload, err), err);
	json_decref(payload);
	return rc;
}

/* --- the rules, one by one ------------------------------------------------ */

static void test_admission_rules(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	pl_negotiation *ua = open_as(f, "d_UA");
	pl_error err;
	char key_path[4096];
	long long events = count_events(f);
	/* The reproduction of issue 11: UA making a US delegate. */
	refused(
	    f, pl_delegate_add(ua, "fakeus", "US", "lead", NULL, key_path, sizeof key_path, &err),
	    &err, PL_EDENIED, "only a lead delegate of US admits its further delegates", events);
	refused(f, pl_party_add(ua, "XX", "X", &err), &err, PL_EDENIED,
	        "only the convenor (sec) admits a party", events);
	/* The same as raw events, signed with UA's valid key. */
	refused(f, append_raw(ua, "plenary", "party.add", "{\"code\":\"XX\",\"name\":\"X\"}", &err),
	        &err, PL_EDENIED, "not allowed: only the convenor (sec) admits a party", events);
	/* A party's own lead admits its further delegates; the convenor does
	 * not, once the party has one. */
	CHECK(pl_delegate_add(ua, "m_UA", "UA", "member", NULL, key_path, sizeof key_path, err_));
	events = count_events(f);
	refused(
	    f, pl_delegate_add(f->n, "m_RU", "RU", "member", NULL, key_path, sizeof key_path, &err),
	    &err, PL_EDENIED, "only a lead delegate of RU admits its further delegates", events);
	pl_negotiation *member = open_as(f, "m_UA");
	refused(
	    f,
	    pl_delegate_add(member, "m2_UA", "UA", "member", NULL, key_path, sizeof key_path, &err),
	    &err, PL_EDENIED, "only a lead delegate of UA", events);
	pl_negotiation_close(member);
	pl_negotiation_close(ua);
	tu_fixture_free(f);
}

static void test_party_acts_only_for_itself(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	import_plan(f->n, "framework", NULL);
	pl_negotiation *ua = open_as(f, "d_UA");
	pl_error err;
	long long events = count_events(f);
	/* A position for party US signed by UA's delegate with its own key. */
	refused(
	    f,
	    append_raw(ua, "plenary", "position.set",
	               "{\"document\":\"framework\",\"number\":1,\"point\":\"p6\",\"party\":\"US\","
	               "\"stance\":\"accept\",\"note\":null}",
	               &err),
	    &err, PL_EDENIED, "only a delegate of US acts for US (d_UA is UA's)", events);
	/* An amendment of RU's, and an "accepted" status for it with no
	 * adopting version. */
	pl_negotiation *ru = open_as(f, "d_RU");
	pl_amendment *a = pl_amendment_new("");
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_DELETE, "p3", NULL);
	(void)op;
	char id[64];
	CHECK(pl_amendment_table(ru, "framework@1", a, NULL, NULL, NULL, id, sizeof id, err_));
	pl_amendment_free(a);
	events = count_events(f);
	refused(f,
	        append_raw(ua, "plenary", "amendment.status",
	                   "{\"document\":\"framework\",\"id\":\"A1\",\"status\":\"accepted\","
	                   "\"note\":null}",
	                   &err),
	        &err, PL_EDENIED, "accepted only by the version that adopts it", events);
	refused(f,
	        pl_amendment_decide(ua, "framework", "A1", PL_STATUS_WITHDRAWN, NULL, NULL, &err),
	        &err, PL_EDENIED, "only RU can withdraw A1", events);
	refused(f,
	        append_raw(ua, "plenary", "amendment.status",
	                   "{\"document\":\"framework\",\"id\":\"A1\",\"status\":\"withdrawn\","
	                   "\"note\":null}",
	                   &err),
	        &err, PL_EDENIED, "only RU withdraws its amendment", events);
	/* A version adopting A1 before the plenary's consensus. */
	refused(f,
	        append_raw(ua, "plenary", "amendment.status",
	                   "{\"document\":\"framework\",\"id\":\"A1\",\"status\":\"rejected\","
	                   "\"note\":null}",
	                   &err),
	        &err, PL_EDENIED, "rejected only when the consensus rule of plenary is met",
	        events);
	pl_negotiation_close(ru);
	pl_negotiation_close(ua);
	pl_verify_report report;
	CHECK(pl_verify(f->n, NULL, NULL, &report, err_));
	tu_fixture_free(f);
}

/* --- decision rules -------------------------------------------------------- */

static char *table_delete(pl_negotiation *n, const char *point)
{
	pl_amendment *a = pl_amendment_new("");
	pl_amendment_add_op(a, PL_OP_DELETE, point, NULL);
	char id[64];
	CHECK(pl_amendment_table(n, "framework@1", a, NULL, NULL, NULL, id, sizeof id, err_));
	pl_amendment_free(a);
	return strdup(id);
}

static int accept_one(pl_negotiation *n, const char *id, pl_accept_result *result)
{
	const char *ids[] = {id};
	return pl_amendments_accept(n, "framework", ids, 1, 0, result, err_);
}

static void test_consensus_needs_every_party(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	import_plan(f->n, "framework", NULL);
	pl_negotiation *d[4];
	static const char *const names[] = {"d_US", "d_RU", "d_UA", "d_EU"};
	for (int p = 0; p < 4; p++)
		d[p] = open_as(f, names[p]);
	char *id = table_delete(d[2], "p3");
	pl_accept_result result;
	/* Five member parties in the plenary: the convenor's UN too. */
	for (int p = 0; p < 4; p++) {
		CHECK(accept_one(d[p], id, &result));
		assert_int_equal(result.number, 0);
		assert_string_equal(pl_table_cell(result.tally, 0, 4), "waiting");
		pl_accept_result_clear(&result);
	}
	/* A dry run records nothing and shows the change. */
	long long events = count_events(f);
	const char *ids[] = {id};
	CHECK(pl_amendments_accept(f->n, "framework", ids, 1, 1, &result, err_));
	assert_int_equal(count_events(f), events);
	assert_int_equal(result.before->point_count, 28);
	assert_int_equal(result.after->point_count, 27);
	pl_accept_result_clear(&result);
	CHECK(accept_one(f->n, id, &result));
	assert_int_equal(result.number, 2);
	assert_int_equal(result.adopted, 1);
	pl_accept_result_clear(&result);
	/* The adopted version lives where the decision was taken. */
	pl_doc *v2;
	pl_version_info info;
	CHECK(pl_version_load(d[1], "framework@2", &v2, &info, err_));
	assert_int_equal(v2->point_count, 27);
	assert_string_equal(info.track, "plenary");
	pl_version_info_clear(&info);
	pl_doc_free(v2);
	for (int p = 0; p < 4; p++)
		pl_negotiation_close(d[p]);
	pl_verify_report report;
	CHECK(pl_verify(f->n, NULL, NULL, &report, err_));
	free(id);
	tu_fixture_free(f);
}

/* by consents to rule for track, which answers changed; then track's row
 * of `track list`, as viewer sees it, has the rule now and the consents
 * that wait. */
static void consented(pl_negotiation *by, const char *track, const char *rule, int changed,
                      pl_negotiation *viewer, const char *now, const char *consents)
{
	int answer = -1;
	CHECK(pl_track_rule(by, track, rule, &answer, err_));
	assert_int_equal(answer, changed);
	pl_table *t = NULL;
	CHECK(pl_track_list(viewer, &t, err_));
	size_t r = 0;
	while (r < t->rows && strcmp(pl_table_cell(t, r, 0), track) != 0)
		r++;
	assert_true(r < t->rows);
	assert_string_equal(pl_table_cell(t, r, 3), now);
	assert_string_equal(pl_table_cell(t, r, 4), consents);
	pl_table_free(t);
}

static void test_majority_and_chair(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	pl_negotiation *us = open_as(f, "d_US");
	const char *three[] = {"US", "UA", "EU"};
	CHECK(pl_track_add(us, "coalition", three, 3, "majority", err_));
	import_plan(us, "framework", "coalition");
	pl_negotiation *ua = open_as(f, "d_UA");
	char *id = table_delete(ua, "p3");
	pl_accept_result result;
	CHECK(accept_one(ua, id, &result));
	assert_int_equal(result.number, 0);
	pl_accept_result_clear(&result);
	/* Two of three: more than half. */
	CHECK(accept_one(us, id, &result));
	assert_int_equal(result.number, 2);
	pl_accept_result_clear(&result);
	/* Changing the rule to chair needs the convenor's party among the
	 * members; to consensus, a majority's consent. */
	int changed;
	pl_error err;
	long long events = count_events(f);
	refused(f, pl_track_rule(us, "coalition", "chair", &changed, &err), &err, PL_EDENIED,
	        "the chair rule needs the convenor's party", events);
	/* The list tells the track's members its rule and the consents that
	 * wait. */
	consented(us, "coalition", "consensus", 0, ua, "majority", "US:consensus");
	consented(ua, "coalition", "consensus", 1, us, "consensus", "");
	/* A consent to the rule the track has takes back one to another. */
	consented(us, "coalition", "majority", 0, ua, "consensus", "US:majority");
	consented(us, "coalition", "consensus", 2, ua, "consensus", "");
	char said[200];
	assert_string_equal(pl_track_rule_said(2, "coalition", "consensus", said, sizeof said),
	                    "coalition has the consensus rule already; your party's consent to "
	                    "another no longer counts");
	/* Under chair in the plenary only the convenor decides. */
	pl_negotiation_close(ua);
	pl_negotiation_close(us);
	free(id);
	tu_fixture_free(f);

	f = tu_fixture_new();
	four_parties(f, "chair");
	import_plan(f->n, "framework", NULL);
	ua = open_as(f, "d_UA");
	id = table_delete(ua, "p3");
	events = count_events(f);
	const char *ids[] = {id};
	refused(f, pl_amendments_accept(ua, "framework", ids, 1, 0, &result, &err), &err,
	        PL_EDENIED, "under the chair rule of plenary only the convenor records decisions",
	        events);
	CHECK(accept_one(f->n, id, &result));
	assert_int_equal(result.number, 2);
	pl_accept_result_clear(&result);
	pl_negotiation_close(ua);
	free(id);
	tu_fixture_free(f);
}

/* --- keys ---------------------------------------------------------------- */

static void test_rotation_and_revocation(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	pl_negotiation *ua = open_as(f, "d_UA");
	char old_path[4096], new_path[4200], hex[65], written[4200];
	CHECK(pl_key_path(ua, "d_UA", old_path, sizeof old_path, err_));
	snprintf(new_path, sizeof new_path, "%s.new", old_path);
	CHECK(pl_keygen(ua, "d_UA", new_path, hex, written, sizeof written, err_));
	CHECK(pl_delegate_key_add(ua, "d_UA", hex, err_));
	CHECK(pl_statement_add(
	    ua, &(pl_statement_spec){.text = "before", .date = "2025-11-20", .level = "background"},
	    err_));
	pl_negotiation_close(ua);
	/* Signing with the new key, revoke the old one. */
	pl_open_options options = {.path = f->path,
	                           .clock = CLOCK,
	                           .actor = "d_UA",
	                           .keys_dir = f->keys,
	                           .key_file = new_path};
	CHECK(pl_negotiation_open(&ua, &options, err_));
	char *old_key = tu_read_file(old_path, NULL);
	pl_table *keys;
	CHECK(pl_delegate_keys(ua, "d_UA", &keys, err_));
	assert_int_equal(keys->rows, 2);
	char old_hex[65];
	snprintf(old_hex, sizeof old_hex, "%s", pl_table_cell(keys, 0, 0));
	pl_table_free(keys);
	CHECK(pl_delegate_key_revoke(ua, "d_UA", old_hex, err_));
	pl_negotiation_close(ua);
	free(old_key);
	/* The old key no longer opens a handle; what it signed before still
	 * verifies. */
	pl_error err;
	pl_open_options old = {
	    .path = f->path, .clock = CLOCK, .actor = "d_UA", .keys_dir = f->keys};
	assert_int_equal(pl_negotiation_open(&ua, &old, &err), PL_EBADSIG);
	assert_non_null(strstr(err.message, "not a current key of d_UA"));
	/* Nobody revokes another party's delegate's key. */
	pl_negotiation *us = open_as(f, "d_US");
	long long events = count_events(f);
	refused(f, pl_delegate_key_revoke(us, "d_UA", hex, &err), &err, PL_EDENIED,
	        "only d_UA or a lead delegate of UA changes d_UA's keys", events);
	pl_verify_report report;
	CHECK(pl_verify(us, NULL, NULL, &report, err_));
	pl_buf log = PL_BUF_INIT;
	CHECK(pl_log_export(us, "plenary", &log, err_));
	CHECK(pl_log_verify(log.ptr, log.len, NULL, &report, err_));
	pl_buf_free(&log);
	pl_negotiation_close(us);
	tu_fixture_free(f);
}

/* --- handles catching up ----------------------------------------------------- */

static void test_handles_catch_up(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	four_parties(f, NULL);
	pl_negotiation *ru = open_as(f, "d_RU");
	pl_negotiation *us = open_as(f, "d_US");
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	import_plan(us, "framework", "backchannel");
	/* RU's handle, opened before, sees what US appended since. */
	pl_doc *doc;
	CHECK(pl_version_load(ru, "framework@1", &doc, NULL, err_));
	pl_doc_free(doc);
	CHECK(pl_circulate(ru, "framework@1", "plenary", NULL, err_));
	/* An event forged into the file behind both handles' backs makes the
	 * next change refuse: it is verified before anything is added. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash,"
	                 " sig) SELECT track, seq + 1, kind, at, actor, payload, hash, hash,"
	                 " sig FROM events WHERE track = 'plenary' ORDER BY seq DESC LIMIT 1",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	pl_error err;
	long long events = count_events(f);
	refused(f, pl_party_add(f->n, "XX", "X", &err), &err, PL_EBADSIG, "does not verify",
	        events);
	pl_negotiation_close(us);
	pl_negotiation_close(ru);
	tu_fixture_free(f);
}

/* --- the canonical encoding ------------------------------------------------- */

/* The statement's fields are written by hand (event.c); jansson's compact
 * dump with sorted keys is the reference they must equal byte for byte. */
static void test_encoding_matches_jansson(void **state)
{
	(void)state;
	unsigned long long seed = 42;
	for (int round = 0; round < 2000; round++) {
		char fields[4][24];
		for (int f = 0; f < 4; f++) {
			size_t len = 1 + round % 20;
			for (size_t i = 0; i < len; i++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				unsigned c = (unsigned)(seed >> 33) % 128;
				fields[f][i] = (char)(c == 0 ? 'x' : c);
			}
			fields[f][len] = '\0';
		}
		uint8_t prev[PL_HASH_BYTES];
		memset(prev, round, sizeof prev);
		pl_store_event e = {.track = fields[0],
		                    .kind = fields[1],
		                    .at = fields[2],
		                    .actor = round % 3 ? fields[3] : NULL,
		                    .payload = "{\"a\":[1,\"b\"]}",
		                    .seq = round * 7919,
		                    .after = round % 2 ? prev : NULL};
		char *ours;
		CHECK(pl_event_statement(&e, &ours, err_));
		char hex[PL_HASH_HEX];
		pl_hex(hex, prev, PL_HASH_BYTES);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "track", e.track, "kind", e.kind,
		                      "at", e.at, "payload", "");
		json_object_set_new(o, "actor", e.actor ? json_string(e.actor) : json_null());
		json_object_set_new(o, "after", e.after ? json_string(hex) : json_null());
		json_object_set_new(o, "payload", json_loads(e.payload, 0, NULL));
		char *theirs = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
		json_decref(o);
		/* And the link that chains it. */
		uint8_t statement[PL_HASH_BYTES], link[PL_HASH_BYTES], want[PL_HASH_BYTES];
		memset(statement, round * 3, sizeof statement);
		pl_event_link_hash(round % 2 ? prev : NULL, e.seq, statement, link);
		char statement_hex[PL_HASH_HEX];
		pl_hex(statement_hex, statement, PL_HASH_BYTES);
		o = json_pack("{s:I, s:s}", "seq", (json_int_t)e.seq, "statement", statement_hex);
		json_object_set_new(o, "prev", round % 2 ? json_string(hex) : json_null());
		theirs = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		pl_hash(want, theirs, strlen(theirs));
		assert_memory_equal(link, want, PL_HASH_BYTES);
		free(theirs);
		json_decref(o);
	}
	/* A field that is not UTF-8 is refused, not written. */
	pl_store_event bad = {
	    .track = "plenary", .kind = "party.add", .at = "\xff", .payload = "{}", .seq = 1};
	char *out;
	assert_int_equal(pl_event_statement(&bad, &out, err_), PL_EBADSIG);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_admission_rules),
	    cmocka_unit_test(test_party_acts_only_for_itself),
	    cmocka_unit_test(test_consensus_needs_every_party),
	    cmocka_unit_test(test_majority_and_chair),
	    cmocka_unit_test(test_rotation_and_revocation),
	    cmocka_unit_test(test_handles_catch_up),
	    cmocka_unit_test(test_encoding_matches_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
