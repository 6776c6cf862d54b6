/* Tampering with a key in hand (issue 11): events an attacker with write
 * access to the file forges with a real signature — a delegate's own valid
 * key, a key it revoked, a key never enrolled — each inserted at the head
 * of the plenary with a correct chain link, so that only the rules of
 * authority (authority.c) or the key's state can catch it. 'parley verify'
 * and 'parley log verify' of an export must both name the event. The
 * forgeries that need no key (edits, deletions, reorders, replays, texts,
 * triggers, rows) are in tests/cli/tamper*.sh. */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_int.h"
#include "parley/amend.h"
#include "parley/buf.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "parley/verify.h"
#include "record_int.h"

#define CLOCK "2025-11-20T09:00:00Z"

#define CHECK(call)                                                                                \
	do {                                                                                       \
		pl_error check_err_;                                                               \
		pl_error *err_ = &check_err_;                                                      \
		(void)err_;                                                                        \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, check_err_.message);                             \
	} while (0)

static pl_negotiation *open_as(const tu_fixture *f, const char *actor, const char *key_file)
{
	return tu_open_as(f, CLOCK, actor, key_file);
}

/* The convenor sec (UN) admits US and UA with their leads witkoff and
 * umerov and drafts framework@1 in the plenary; witkoff takes a position on
 * it and umerov tables an amendment deleting point 3 (its id in f's dir). */
static char amendment_id[64];

static int setup(void **state)
{
	tu_fixture *f = tu_fixture_new();
	char key_path[4096];
	tu_found(f, CLOCK, NULL);
	CHECK(pl_party_add(f->n, "US", "United States", err_));
	CHECK(pl_party_add(f->n, "UA", "Ukraine", err_));
	CHECK(
	    pl_delegate_add(f->n, "witkoff", "US", "lead", NULL, key_path, sizeof key_path, err_));
	CHECK(pl_delegate_add(f->n, "umerov", "UA", "lead", NULL, key_path, sizeof key_path, err_));
	pl_doc *doc = tu_sample("plan-us-28.md");
	pl_import_options import = {.document = "framework", .source = "t.md"};
	pl_import_result result;
	CHECK(pl_document_import(f->n, &import, doc, &result, err_));
	pl_negotiation_close(f->n);
	f->n = open_as(f, "witkoff", NULL);
	CHECK(pl_position_set(f->n, "framework@1", "1", "reject", NULL, err_));
	pl_negotiation_close(f->n);
	f->n = open_as(f, "umerov", NULL);
	pl_doc *base;
	CHECK(pl_version_load(f->n, "framework@1", &base, NULL, err_));
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amendment_add_op(a, PL_OP_DELETE, pl_doc_find_label(base, "3")->id, NULL);
	pl_doc_free(base);
	CHECK(pl_amendment_table(f->n, "framework@1", a, NULL, NULL, NULL, amendment_id,
	                         sizeof amendment_id, err_));
	pl_amendment_free(a);
	pl_doc_free(doc);
	pl_negotiation_close(f->n);
	f->n = NULL;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

static void read_key(const tu_fixture *f, const char *name, pl_keypair *out)
{
	pl_negotiation *n = open_as(f, NULL, NULL);
	char path[4096];
	CHECK(pl_key_path(n, name, path, sizeof path, err_));
	CHECK(pl_key_file_read(path, NULL, out, err_));
	pl_negotiation_close(n);
}

/* Appends to the plenary, as an attacker with write access to the file
 * would (see tu_forge_event); returns its sequence number. */
static int64_t forge(const tu_fixture *f, const char *kind, const char *actor, const char *payload,
                     const pl_keypair *key)
{
	return tu_forge_event(f->path, PL_PLENARY, kind, CLOCK, actor, payload, key);
}

/* The record, read by actor, verifies. */
static void verifies(const tu_fixture *f, const char *actor)
{
	pl_negotiation *n = open_as(f, actor, NULL);
	pl_verify_report report;
	CHECK(pl_verify(n, NULL, NULL, &report, err_));
	pl_negotiation_close(n);
}

/* 'parley verify', read by the convenor, and 'parley log verify' of the
 * plenary's export both fail naming event seq of kind with problem. */
static void both_fail(const tu_fixture *f, int64_t seq, const char *kind, const char *problem)
{
	char want[512];
	snprintf(want, sizeof want, "track plenary, event #%lld (%s): %s", (long long)seq, kind,
	         problem);
	pl_negotiation *n = open_as(f, "sec", NULL);
	pl_verify_report report;
	pl_error err;
	assert_int_equal(pl_verify(n, NULL, NULL, &report, &err), PL_EBADSIG);
	assert_string_equal(err.message, want);
	assert_string_equal(report.first_bad, want);
	pl_buf log;
	pl_buf_init(&log);
	CHECK(pl_log_export(n, PL_PLENARY, &log, err_));
	pl_negotiation_close(n);
	assert_int_equal(pl_log_verify(log.ptr, log.len, NULL, &report, &err), PL_EBADSIG);
	assert_string_equal(err.message, want);
	pl_buf_free(&log);
}

static void test_untouched_record_verifies(void **state)
{
	tu_fixture *f = *state;
	verifies(f, "sec");
	verifies(f, "umerov");
	verifies(f, NULL);
}

/* A position for US signed with umerov's own, valid key. */
static void test_position_for_another_party(void **state)
{
	tu_fixture *f = *state;
	pl_keypair umerov;
	read_key(f, "umerov", &umerov);
	int64_t seq = forge(f, "position.set", "umerov",
	                    "{\"document\":\"framework\",\"number\":1,\"party\":\"US\","
	                    "\"point\":\"2\",\"stance\":\"redline\"}",
	                    &umerov);
	pl_keypair_wipe(&umerov);
	both_fail(f, seq, "position.set",
	          "not allowed: only a delegate of US acts for US (umerov is UA's)");
}

/* A party admitted by a lead who is not the convenor. */
static void test_party_added_by_non_convenor(void **state)
{
	tu_fixture *f = *state;
	pl_keypair witkoff;
	read_key(f, "witkoff", &witkoff);
	int64_t seq =
	    forge(f, "party.add", "witkoff", "{\"code\":\"XX\",\"name\":\"Mallory\"}", &witkoff);
	pl_keypair_wipe(&witkoff);
	both_fail(f, seq, "party.add", "not allowed: only the convenor (sec) admits a party");
}

/* UA's amendment marked accepted by witkoff, with no version adopting it. */
static void test_amendment_accepted_without_adoption(void **state)
{
	tu_fixture *f = *state;
	pl_keypair witkoff;
	read_key(f, "witkoff", &witkoff);
	char payload[256];
	snprintf(payload, sizeof payload,
	         "{\"document\":\"framework\",\"id\":\"%s\",\"status\":\"accepted\"}",
	         amendment_id);
	int64_t seq = forge(f, "amendment.status", "witkoff", payload, &witkoff);
	pl_keypair_wipe(&witkoff);
	both_fail(f, seq, "amendment.status",
	          "not allowed: an amendment is accepted only by the version that adopts it");
}

/* An event claiming umerov, signed with a key never enrolled (an attacker's
 * own, as if swapped into the export's header). */
static void test_key_never_enrolled(void **state)
{
	tu_fixture *f = *state;
	pl_keypair stranger;
	pl_keypair_generate(&stranger);
	int64_t seq = forge(f, "position.set", "umerov",
	                    "{\"document\":\"framework\",\"number\":1,\"party\":\"UA\","
	                    "\"point\":\"2\",\"stance\":\"redline\"}",
	                    &stranger);
	pl_keypair_wipe(&stranger);
	both_fail(f, seq, "position.set", "bad signature");
}

/* witkoff enrolls a second key and revokes the first: what the first key
 * signed before still verifies, an event forged with it afterwards does
 * not, and the second key goes on signing. */
static void test_revoked_key(void **state)
{
	tu_fixture *f = *state;
	pl_keypair old_key;
	read_key(f, "witkoff", &old_key);
	char new_path[600], new_hex[65], old_hex[65], written[4096];
	snprintf(new_path, sizeof new_path, "%s/witkoff-2.key", f->dir);
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	CHECK(pl_keygen(n, "witkoff", new_path, new_hex, written, sizeof written, err_));
	CHECK(pl_delegate_key_add(n, "witkoff", new_hex, err_));
	/* Signed with the old key, before the revocation. */
	CHECK(pl_position_set(n, "framework@1", "4", "reserve", NULL, err_));
	pl_negotiation_close(n);
	n = open_as(f, "witkoff", new_path);
	pl_hex(old_hex, old_key.public_key, PL_PUBLIC_KEY_BYTES);
	CHECK(pl_delegate_key_revoke(n, "witkoff", old_hex, err_));
	/* Signed with the new key, after it. */
	CHECK(pl_position_set(n, "framework@1", "5", "accept", NULL, err_));
	pl_negotiation_close(n);
	verifies(f, "sec");
	verifies(f, NULL);
	/* The old key no longer acts. */
	pl_open_options options = {
	    .path = f->path, .clock = CLOCK, .actor = "witkoff", .keys_dir = f->keys};
	pl_error err;
	assert_int_equal(pl_negotiation_open(&n, &options, &err), PL_EBADSIG);
	/* A forgery with it, correctly chained after the revocation. */
	int64_t seq = forge(f, "position.set", "witkoff",
	                    "{\"document\":\"framework\",\"number\":1,\"party\":\"US\","
	                    "\"point\":\"6\",\"stance\":\"accept\"}",
	                    &old_key);
	pl_keypair_wipe(&old_key);
	both_fail(f, seq, "position.set", "signed with a key revoked before it");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_untouched_record_verifies, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_position_for_another_party, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_party_added_by_non_convenor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_amendment_accepted_without_adoption, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_key_never_enrolled, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_revoked_key, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
