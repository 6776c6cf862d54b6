/* Tests of changes signed on the delegate's side (signing.h): a server's
 * handle that knows delegates by their public keys only prepares a
 * change, the delegate's own key signs it, the server commits it; what a
 * host could try instead — another delegate's statement, a statement
 * altered after signing, a replay, a stale one, a forged link — is
 * refused where it is sent and again by verify. */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_int.h"
#include "negotiation_int.h"
#include "parley/buf.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/signing.h"
#include "parley/talks.h"
#include "parley/verify.h"

#define CLOCK "2025-11-20T09:00:00Z"

static pl_error err_storage;
#define err_ (&err_storage)
#define CHECK(call)                                                                                \
	do {                                                                                       \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, err_storage.message);                            \
	} while (0)

static long long count_events(const tu_fixture *f)
{
	return tu_query_int(f->path, "SELECT count(*) FROM events");
}

/* sec (UN) admits US and RU with a lead each, d_US and d_RU, whose key
 * files are made here; US imports the 28-point plan into the plenary. */
static void setup(tu_fixture *f)
{
	char key_path[4096];
	tu_found(f, CLOCK, NULL);
	CHECK(pl_party_add(f->n, "US", "United States", err_));
	CHECK(pl_party_add(f->n, "RU", "Russia", err_));
	CHECK(pl_delegate_add(f->n, "d_US", "US", "lead", NULL, key_path, sizeof key_path, err_));
	CHECK(pl_delegate_add(f->n, "d_RU", "RU", "lead", NULL, key_path, sizeof key_path, err_));
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	pl_doc *doc = tu_sample("plan-us-28.md");
	pl_import_options options = {.document = "framework"};
	pl_import_result result;
	CHECK(pl_document_import(us, &options, doc, &result, err_));
	pl_doc_free(doc);
	pl_negotiation_close(us);
}

/* The server's handle: no actor, no keys directory. */
static pl_negotiation *server_handle(const tu_fixture *f)
{
	pl_open_options options = {.path = f->path, .clock = CLOCK};
	pl_negotiation *n;
	CHECK(pl_negotiation_open(&n, &options, err_));
	return n;
}

static pl_signer *signer_of(const tu_fixture *f, pl_negotiation *n, const char *name)
{
	char path[4096];
	CHECK(pl_signer_path(f->keys, pl_negotiation_id(n), name, path, sizeof path, err_));
	pl_signer *s;
	CHECK(pl_signer_open(path, &s, err_));
	return s;
}

/* The server acts as whoever holds signer's key. */
static void act_as(pl_negotiation *server, const pl_signer *signer)
{
	uint8_t key[32];
	pl_signer_public_key(signer, key);
	const char *name;
	CHECK(pl_negotiation_key_owner(server, key, &name, err_));
	char copy[64];
	snprintf(copy, sizeof copy, "%s", name);
	CHECK(pl_negotiation_act_as_key(server, copy, key, err_));
}

/* Prepares a position of the acting delegate on point of framework@1. */
static void prepare_position(pl_negotiation *server, const char *point, const char *stance,
                             pl_buf *prepared)
{
	CHECK(pl_negotiation_prepare(server, err_));
	int rc = pl_position_set(server, "framework@1", point, stance, NULL, err_);
	CHECK(pl_negotiation_prepared(server, rc, prepared, err_));
}

static void verify_holds(pl_negotiation *n)
{
	pl_verify_report report;
	CHECK(pl_verify(n, NULL, NULL, &report, err_));
}

static void test_prepare_sign_commit(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *server = server_handle(f);
	pl_signer *us = signer_of(f, server, "d_US");
	act_as(server, us);
	long long before = count_events(f);
	/* A change on a handle that holds no secret key cannot be signed
	 * there. */
	pl_error err;
	assert_int_equal(pl_position_set(server, "framework@1", "6", "accept", NULL, &err),
	                 PL_EDENIED);
	assert_non_null(strstr(err.message, "can only be prepared"));
	pl_buf prepared = PL_BUF_INIT, signed_doc = PL_BUF_INIT, committed = PL_BUF_INIT;
	prepare_position(server, "6", "accept", &prepared);
	/* Preparing records nothing. */
	assert_int_equal(count_events(f), before);
	assert_non_null(strstr(prepared.ptr, "\"schema\":\"parley.prepared/1\""));
	CHECK(pl_prepared_sign(prepared.ptr, prepared.len, "d_US", us, &signed_doc, err_));
	CHECK(pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &committed,
	                                   err_));
	assert_int_equal(count_events(f), before + 1);
	assert_non_null(strstr(committed.ptr, "\"track\":\"plenary\""));
	/* The same signed change again is a replay. */
	pl_buf again = PL_BUF_INIT;
	assert_int_equal(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &again, &err),
	    PL_ECONFLICT);
	assert_non_null(strstr(err.message, "recorded already"));
	assert_int_equal(count_events(f), before + 1);
	verify_holds(server);
	/* Another handle reads the position, as every reader does. */
	pl_negotiation *ru = tu_open_as(f, CLOCK, "d_RU", NULL);
	verify_holds(ru);
	pl_negotiation_close(ru);
	pl_buf_free(&prepared);
	pl_buf_free(&signed_doc);
	pl_buf_free(&committed);
	pl_buf_free(&again);
	pl_signer_close(us);
	pl_negotiation_close(server);
	tu_fixture_free(f);
}

/* Replaces the first occurrence of from in doc's text by to. */
static void replace(pl_buf *doc, const char *from, const char *to)
{
	char *at = strstr(doc->ptr, from);
	assert_non_null(at);
	pl_buf out = PL_BUF_INIT;
	pl_buf_put(&out, doc->ptr, (size_t)(at - doc->ptr));
	pl_buf_puts(&out, to);
	pl_buf_puts(&out, at + strlen(from));
	pl_buf_free(doc);
	*doc = out;
}

static void test_what_a_host_cannot_do(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *server = server_handle(f);
	pl_signer *us = signer_of(f, server, "d_US"), *ru = signer_of(f, server, "d_RU");
	long long before = count_events(f);
	pl_error err;
	/* A host prepares a statement in d_RU's name and asks d_US to sign
	 * it: the client refuses. */
	act_as(server, ru);
	pl_buf prepared = PL_BUF_INIT, signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	prepare_position(server, "21", "reject", &prepared);
	assert_int_equal(
	    pl_prepared_sign(prepared.ptr, prepared.len, "d_US", us, &signed_doc, &err),
	    PL_EBADSIG);
	assert_non_null(strstr(err.message, "only your own words"));
	/* d_RU signs it, and d_US sends it: the server refuses a statement of
	 * another delegate. */
	CHECK(pl_prepared_sign(prepared.ptr, prepared.len, "d_RU", ru, &signed_doc, err_));
	act_as(server, us);
	assert_int_equal(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &out, &err),
	    PL_EBADSIG);
	assert_non_null(strstr(err.message, "only its own words"));
	/* Altered after signing: the stance changed under d_RU's signature. */
	act_as(server, ru);
	pl_buf altered = PL_BUF_INIT;
	pl_buf_put(&altered, signed_doc.ptr, signed_doc.len);
	replace(&altered, "reject", "accept");
	assert_int_equal(
	    pl_negotiation_commit_signed(server, altered.ptr, altered.len, 300, &out, &err),
	    PL_EBADSIG);
	assert_non_null(strstr(err.message, "does not verify"));
	/* Signed by d_US's key although it says d_RU. */
	pl_buf wrong_key = PL_BUF_INIT;
	json_t *doc = json_loadb(prepared.ptr, prepared.len, 0, NULL);
	const char *text = json_string_value(
	    json_object_get(json_array_get(json_object_get(doc, "statements"), 0), "statement"));
	uint8_t hash[32], sig[64];
	pl_hash(hash, text, strlen(text));
	pl_signer_sign(us, hash, sizeof hash, sig);
	char sig_hex[129];
	pl_hex(sig_hex, sig, sizeof sig);
	json_t *forged = json_pack("{s:s, s:[{s:s, s:s}]}", "schema", "parley.signed/1",
	                           "statements", "statement", text, "signature", sig_hex);
	char *forged_text = json_dumps(forged, JSON_COMPACT);
	assert_int_equal(
	    pl_negotiation_commit_signed(server, forged_text, strlen(forged_text), 300, &out, &err),
	    PL_EBADSIG);
	free(forged_text);
	json_decref(forged);
	json_decref(doc);
	/* Nothing of it was recorded. */
	assert_int_equal(count_events(f), before);
	/* A stale statement (signed more than max_age before now) is refused;
	 * prepared again, it is taken. */
	pl_negotiation_close(server);
	pl_open_options later = {.path = f->path, .clock = "2025-11-20T09:10:00Z"};
	CHECK(pl_negotiation_open(&server, &later, err_));
	act_as(server, ru);
	assert_int_equal(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &out, &err),
	    PL_ESTALE);
	assert_non_null(strstr(err.message, "stale"));
	CHECK(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 3600, &out, err_));
	assert_int_equal(count_events(f), before + 1);
	verify_holds(server);
	pl_buf_free(&prepared);
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	pl_buf_free(&altered);
	pl_buf_free(&wrong_key);
	pl_signer_close(us);
	pl_signer_close(ru);
	pl_negotiation_close(server);
	tu_fixture_free(f);
}

/* Two delegates prepare against the same head; both commits land, one
 * after the other, and the chain does not fork. */
static void test_concurrent_statements_do_not_fork(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *a = server_handle(f), *b = server_handle(f);
	pl_signer *us = signer_of(f, a, "d_US"), *ru = signer_of(f, a, "d_RU");
	act_as(a, us);
	act_as(b, ru);
	pl_buf pa = PL_BUF_INIT, pb = PL_BUF_INIT, sa = PL_BUF_INIT, sb = PL_BUF_INIT,
	       out = PL_BUF_INIT;
	prepare_position(a, "6", "accept", &pa);
	prepare_position(b, "6", "reject", &pb);
	CHECK(pl_prepared_sign(pa.ptr, pa.len, "d_US", us, &sa, err_));
	CHECK(pl_prepared_sign(pb.ptr, pb.len, "d_RU", ru, &sb, err_));
	long long before = count_events(f);
	CHECK(pl_negotiation_commit_signed(b, sb.ptr, sb.len, 300, &out, err_));
	CHECK(pl_negotiation_commit_signed(a, sa.ptr, sa.len, 300, &out, err_));
	assert_int_equal(count_events(f), before + 2);
	assert_int_equal(tu_query_int(f->path, "SELECT count(DISTINCT prev) - count(*) FROM events"
	                                       " WHERE track = 'plenary' AND prev IS NOT NULL"),
	                 0);
	verify_holds(a);
	pl_negotiation *reader = tu_open_as(f, CLOCK, "d_US", NULL);
	verify_holds(reader);
	pl_negotiation_close(reader);
	pl_buf_free(&pa);
	pl_buf_free(&pb);
	pl_buf_free(&sa);
	pl_buf_free(&sb);
	pl_buf_free(&out);
	pl_signer_close(us);
	pl_signer_close(ru);
	pl_negotiation_close(a);
	pl_negotiation_close(b);
	tu_fixture_free(f);
}

/* A version prepared through the server carries its texts; they must be
 * given, and be what their hashes say. */
static void test_a_version_carries_its_texts(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *server = server_handle(f);
	pl_signer *us = signer_of(f, server, "d_US");
	act_as(server, us);
	pl_buf prepared = PL_BUF_INIT, signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	CHECK(pl_negotiation_prepare(server, err_));
	pl_doc *doc = tu_sample("plan-eu-counter.md");
	pl_import_options options = {.document = "counter"};
	pl_import_result result;
	int rc = pl_document_import(server, &options, doc, &result, err_);
	pl_doc_free(doc);
	CHECK(pl_negotiation_prepared(server, rc, &prepared, err_));
	assert_non_null(strstr(prepared.ptr, "\"texts\":{\""));
	CHECK(pl_prepared_sign(prepared.ptr, prepared.len, "d_US", us, &signed_doc, err_));
	/* Without its texts the version is refused... */
	pl_buf bare = PL_BUF_INIT;
	pl_buf_put(&bare, signed_doc.ptr, signed_doc.len);
	char *texts = strstr(bare.ptr, "\"texts\":{");
	assert_non_null(texts);
	memcpy(texts, "\"txets\"", 7);
	pl_error err;
	long long before = count_events(f);
	assert_int_equal(pl_negotiation_commit_signed(server, bare.ptr, bare.len, 300, &out, &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "is not given with the change"));
	assert_int_equal(count_events(f), before);
	/* ...and with them it is recorded, and reads as the plan. */
	CHECK(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &out, err_));
	pl_doc *loaded;
	CHECK(pl_version_load(server, "counter@1", &loaded, NULL, err_));
	assert_true(loaded->point_count > 10);
	pl_doc_free(loaded);
	verify_holds(server);
	pl_buf_free(&prepared);
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	pl_buf_free(&bare);
	pl_signer_close(us);
	pl_negotiation_close(server);
	tu_fixture_free(f);
}

/* What a host with the file could do behind the server's back, found by
 * verify: a signed statement appended a second time with a fresh link. */
static void test_verify_finds_replays_and_false_links(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	CHECK(pl_position_set(us, "framework@1", "6", "accept", NULL, err_));
	pl_negotiation_close(us);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	/* Copy the last plenary event — a position, which the rules would
	 * take twice — to the head with a correct link. */
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT seq, hash, statement FROM events WHERE track ="
	                                    " 'plenary' ORDER BY seq DESC LIMIT 1",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long seq = sqlite3_column_int64(stmt, 0);
	uint8_t head[32], statement[32], link[32];
	memcpy(head, sqlite3_column_blob(stmt, 1), 32);
	memcpy(statement, sqlite3_column_blob(stmt, 2), 32);
	sqlite3_finalize(stmt);
	pl_event_link_hash(head, seq + 1, statement, link);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO events(track, seq, kind, at, actor,"
	                                    " payload, prev, hash, sig, after, statement)"
	                                    " SELECT track, ?1, kind, at, actor, payload, ?2, ?3,"
	                                    " sig, after, statement FROM events WHERE track ="
	                                    " 'plenary' AND seq = ?4",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, seq + 1);
	sqlite3_bind_blob(stmt, 2, head, 32, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, link, 32, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	pl_negotiation *n = server_handle(f);
	pl_verify_report report;
	pl_error err;
	assert_int_equal(pl_verify(n, NULL, NULL, &report, &err), PL_EBADSIG);
	if (!strstr(err.message, "recorded twice (replayed)"))
		fail_msg("verify says: %s", err.message);
	pl_negotiation_close(n);
	tu_fixture_free(f);
}

/* A device made here: its key file at dir/name.device.key. */
static pl_signer *new_device(const tu_fixture *f, pl_negotiation *n, const char *label)
{
	char path[4096], hex[65], written[4096];
	snprintf(path, sizeof path, "%s/%s.device.key", f->dir, label);
	CHECK(pl_keygen(n, label, path, hex, written, sizeof written, err_));
	pl_signer *s;
	CHECK(pl_signer_open(path, &s, err_));
	return s;
}

/* Re-signs the first statement of a signed document, as a host holding
 * key would after changing it. */
static char *resign(const char *doc_text, const char *from, const char *to, const pl_signer *key)
{
	json_t *doc = json_loads(doc_text, 0, NULL);
	json_t *item = json_array_get(json_object_get(doc, "statements"), 0);
	pl_buf text = PL_BUF_INIT;
	pl_buf_puts(&text, json_string_value(json_object_get(item, "statement")));
	replace(&text, from, to);
	uint8_t hash[32], sig[64];
	pl_hash(hash, text.ptr, text.len);
	pl_signer_sign(key, hash, sizeof hash, sig);
	char hex[129];
	pl_hex(hex, sig, sizeof sig);
	json_object_set_new(item, "statement", json_string(text.ptr));
	json_object_set_new(item, "signature", json_string(hex));
	char *out = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	pl_buf_free(&text);
	return out;
}

static void test_a_device_enrolls_with_a_code(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	char code[PL_INVITE_CODE_SIZE], expires[32];
	CHECK(pl_delegate_invite(us, "d_US", 3600, code, sizeof code, expires, err_));
	assert_int_equal(strlen(code), 39);
	assert_string_equal(expires, "2025-11-20T10:00:00Z");
	/* The code itself is recorded nowhere. */
	char like[128];
	snprintf(like, sizeof like, "SELECT count(*) FROM events WHERE payload LIKE '%%%.9s%%'",
	         code);
	assert_int_equal(tu_query_int(f->path, like), 0);
	pl_negotiation *server = server_handle(f);
	pl_signer *laptop = new_device(f, server, "laptop"), *host = new_device(f, server, "host");
	pl_buf signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	/* Typed in lower case with spaces, the code is the same code. */
	char typed[PL_INVITE_CODE_SIZE];
	for (size_t i = 0; i <= strlen(code); i++)
		typed[i] = code[i] == '-'
		               ? ' '
		               : (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	CHECK(pl_enrol_sign("d_US", typed, laptop, CLOCK, &signed_doc, err_));
	long long before = count_events(f);
	pl_error err;
	/* The host swaps in a key of its own and signs with it: the proof of
	 * the code does not cover that key. */
	uint8_t laptop_key[32], host_key[32];
	char laptop_hex[65], host_hex[65];
	pl_signer_public_key(laptop, laptop_key);
	pl_signer_public_key(host, host_key);
	pl_hex(laptop_hex, laptop_key, 32);
	pl_hex(host_hex, host_key, 32);
	char *swapped = resign(signed_doc.ptr, laptop_hex, host_hex, host);
	assert_int_equal(
	    pl_negotiation_commit_signed(server, swapped, strlen(swapped), 300, &out, &err),
	    PL_EDENIED);
	assert_non_null(strstr(err.message, "does not prove the code"));
	free(swapped);
	/* A code typed wrong matches no invitation. */
	pl_buf wrong = PL_BUF_INIT;
	char typo[PL_INVITE_CODE_SIZE];
	snprintf(typo, sizeof typo, "%s", code);
	typo[0] = typo[0] == '7' ? '8' : '7';
	CHECK(pl_enrol_sign("d_US", typo, laptop, CLOCK, &wrong, err_));
	assert_int_equal(
	    pl_negotiation_commit_signed(server, wrong.ptr, wrong.len, 300, &out, &err),
	    PL_EDENIED);
	assert_non_null(strstr(err.message, "no invitation of d_US has that code"));
	assert_int_equal(count_events(f), before);
	/* Something that is no code is refused where it is typed. */
	assert_int_equal(pl_enrol_sign("d_US", "not a code", laptop, CLOCK, &wrong, &err),
	                 PL_EINVALID);
	/* The device enrolls, and then signs as d_US. */
	CHECK(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &out, err_));
	assert_int_equal(count_events(f), before + 1);
	act_as(server, laptop);
	pl_buf prepared = PL_BUF_INIT, position = PL_BUF_INIT;
	prepare_position(server, "7", "accept", &prepared);
	CHECK(pl_prepared_sign(prepared.ptr, prepared.len, "d_US", laptop, &position, err_));
	CHECK(pl_negotiation_commit_signed(server, position.ptr, position.len, 300, &out, err_));
	/* The code is good once. */
	pl_negotiation_act_clear(server);
	pl_buf again = PL_BUF_INIT;
	CHECK(pl_enrol_sign("d_US", code, host, CLOCK, &again, err_));
	assert_int_equal(
	    pl_negotiation_commit_signed(server, again.ptr, again.len, 300, &out, &err),
	    PL_EDENIED);
	assert_non_null(strstr(err.message, "used already"));
	verify_holds(server);
	/* Revoked, the device's key no longer acts. */
	CHECK(pl_delegate_key_revoke(us, "d_US", laptop_hex, err_));
	const char *owner;
	assert_int_equal(pl_negotiation_key_owner(server, laptop_key, &owner, &err), PL_EDENIED);
	assert_int_equal(pl_negotiation_act_as_key(server, "d_US", laptop_key, &err), PL_EBADSIG);
	verify_holds(server);
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	pl_buf_free(&wrong);
	pl_buf_free(&prepared);
	pl_buf_free(&position);
	pl_buf_free(&again);
	pl_signer_close(laptop);
	pl_signer_close(host);
	pl_negotiation_close(server);
	pl_negotiation_close(us);
	tu_fixture_free(f);
}

static void test_an_enrolment_code_expires(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	char code[PL_INVITE_CODE_SIZE], expires[32];
	pl_error err;
	assert_int_equal(
	    pl_delegate_invite(us, "d_US", 8L * 24 * 3600, code, sizeof code, expires, &err),
	    PL_EINVALID);
	/* d_RU may not invite a device of d_US. */
	pl_negotiation *ru = tu_open_as(f, CLOCK, "d_RU", NULL);
	assert_int_equal(pl_delegate_invite(ru, "d_US", 60, code, sizeof code, expires, &err),
	                 PL_EDENIED);
	pl_negotiation_close(ru);
	CHECK(pl_delegate_invite(us, "d_US", 60, code, sizeof code, expires, err_));
	pl_open_options later = {.path = f->path, .clock = "2025-11-20T09:05:00Z"};
	pl_negotiation *server;
	CHECK(pl_negotiation_open(&server, &later, err_));
	pl_signer *phone = new_device(f, server, "phone");
	pl_buf signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	CHECK(pl_enrol_sign("d_US", code, phone, "2025-11-20T09:05:00Z", &signed_doc, err_));
	assert_int_equal(
	    pl_negotiation_commit_signed(server, signed_doc.ptr, signed_doc.len, 300, &out, &err),
	    PL_EDENIED);
	assert_non_null(strstr(err.message, "expired at 2025-11-20T09:01:00Z"));
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	pl_signer_close(phone);
	pl_negotiation_close(server);
	pl_negotiation_close(us);
	tu_fixture_free(f);
}

/* A sibling handle starts from another's verified state and catches up
 * with what was appended since, as a handle opened afresh would. */
static void test_sibling_handles(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *first = server_handle(f);
	pl_open_options options = {.path = f->path, .clock = CLOCK};
	/* Appended after the first handle replayed the record. */
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	pl_negotiation *sibling;
	CHECK(pl_negotiation_open_sibling(first, &options, &sibling, err_));
	pl_signer *ru = signer_of(f, sibling, "d_RU");
	act_as(sibling, ru);
	/* It knows of the track made after its model's replay: RU is in it. */
	pl_buf prepared = PL_BUF_INIT, signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	CHECK(pl_negotiation_prepare(sibling, err_));
	pl_doc *doc = tu_sample("plan-eu-24.md");
	pl_import_options import = {.document = "draft", .track = "backchannel"};
	pl_import_result result;
	int rc = pl_document_import(sibling, &import, doc, &result, err_);
	pl_doc_free(doc);
	CHECK(pl_negotiation_prepared(sibling, rc, &prepared, err_));
	CHECK(pl_prepared_sign(prepared.ptr, prepared.len, "d_RU", ru, &signed_doc, err_));
	CHECK(
	    pl_negotiation_commit_signed(sibling, signed_doc.ptr, signed_doc.len, 300, &out, err_));
	verify_holds(sibling);
	verify_holds(first);
	/* Another negotiation's file is no sibling. */
	tu_fixture *other = tu_fixture_new();
	tu_found(other, CLOCK, NULL);
	pl_open_options elsewhere = {.path = other->path, .clock = CLOCK};
	pl_negotiation *stranger = NULL;
	pl_error err;
	assert_int_equal(pl_negotiation_open_sibling(first, &elsewhere, &stranger, &err),
	                 PL_EINVALID);
	assert_null(stranger);
	tu_fixture_free(other);
	pl_buf_free(&prepared);
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	pl_signer_close(ru);
	pl_negotiation_close(sibling);
	pl_negotiation_close(us);
	pl_negotiation_close(first);
	tu_fixture_free(f);
}

/* Remembering valid signatures never makes an invalid one pass. */
static void test_remembered_signatures(void **state)
{
	(void)state;
	pl_keypair a, b;
	pl_keypair_generate(&a);
	pl_keypair_generate(&b);
	uint8_t hash[PL_HASH_BYTES] = {7}, other[PL_HASH_BYTES] = {8}, sig[PL_SIGNATURE_BYTES];
	pl_sign(sig, hash, &a);
	for (int round = 0; round < 2; round++) {
		assert_true(pl_signature_valid_remembered(sig, hash, a.public_key));
		assert_false(pl_signature_valid_remembered(sig, hash, b.public_key));
		assert_false(pl_signature_valid_remembered(sig, other, a.public_key));
		sig[3] ^= 1;
		assert_false(pl_signature_valid_remembered(sig, hash, a.public_key));
		sig[3] ^= 1;
	}
	pl_keypair_wipe(&a);
	pl_keypair_wipe(&b);
}

/* In a batch (a server's group of commits), a refused change undoes
 * itself only: what the changes before it let into the state stays, and
 * the ones after it build on it. */
static void test_a_refusal_in_a_batch_undoes_itself_only(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	long long before = count_events(f);
	CHECK(pl_negotiation_begin(us, err_));
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	pl_error err;
	/* Three refusals: a track name taken, a stance that is none, a track
	 * that does not exist. */
	assert_int_equal(pl_track_add(us, "backchannel", members, 2, NULL, &err), PL_ECONFLICT);
	assert_int_equal(pl_position_set(us, "framework@1", "6", "nonsense", NULL, &err),
	                 PL_EINVALID);
	assert_int_equal(pl_circulate(us, "framework@1", "nosuch", NULL, &err), PL_ENOTFOUND);
	/* The changes after them still see the track made before them. */
	CHECK(pl_position_set(us, "framework@1", "6", "accept", NULL, err_));
	pl_doc *doc = tu_sample("plan-eu-24.md");
	pl_import_options import = {.document = "draft", .track = "backchannel"};
	pl_import_result result;
	CHECK(pl_document_import(us, &import, doc, &result, err_));
	pl_doc_free(doc);
	CHECK(pl_negotiation_commit(us, err_));
	assert_int_equal(count_events(f), before + 3);
	verify_holds(us);
	pl_negotiation *ru = tu_open_as(f, CLOCK, "d_RU", NULL);
	pl_doc *loaded;
	CHECK(pl_version_load(ru, "draft@1", &loaded, NULL, err_));
	pl_doc_free(loaded);
	pl_negotiation_close(ru);
	pl_negotiation_close(us);
	tu_fixture_free(f);
}

/* A version a handle keeps loaded outlives a prepare, but not a version
 * the prepare made and undid: the next version of that number, recorded
 * for real with other words, is read as recorded. */
static void test_a_prepared_version_is_not_kept(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *server = server_handle(f);
	pl_signer *us = signer_of(f, server, "d_US");
	act_as(server, us);
	pl_doc *loaded;
	for (int i = 0; i < 2; i++) {
		CHECK(pl_version_load(server, "framework@1", &loaded, NULL, err_));
		pl_doc_free(loaded);
	}
	pl_buf prepared = PL_BUF_INIT;
	/* A prepared position leaves the loaded framework@1 in place. */
	prepare_position(server, "6", "accept", &prepared);
	assert_non_null(server->cached);
	pl_buf_free(&prepared);
	/* A prepared framework@2 (the 24-point plan), loaded twice inside the
	 * prepare, then undone. */
	pl_import_options import = {.document = "framework"};
	pl_import_result result;
	CHECK(pl_negotiation_prepare(server, err_));
	pl_doc *doc = tu_sample("plan-eu-24.md");
	int rc = pl_document_import(server, &import, doc, &result, err_);
	pl_doc_free(doc);
	for (int i = 0; rc == 0 && i < 2; i++) {
		rc = pl_version_load(server, "framework@2", &loaded, NULL, err_);
		pl_doc_free(loaded);
	}
	CHECK(pl_negotiation_prepared(server, rc, &prepared, err_));
	pl_buf_free(&prepared);
	/* framework@2 recorded for real by another handle: the European
	 * counter-version. The server's handle catches up and reads it. */
	pl_negotiation *local = tu_open_as(f, CLOCK, "d_US", NULL);
	doc = tu_sample("plan-eu-counter.md");
	CHECK(pl_document_import(local, &import, doc, &result, err_));
	pl_negotiation_close(local);
	CHECK(pl_version_load(server, "framework@2", &loaded, NULL, err_));
	assert_int_equal(loaded->point_count, doc->point_count);
	assert_string_equal(loaded->points[1].text, doc->points[1].text);
	pl_doc_free(loaded);
	pl_doc_free(doc);
	pl_signer_close(us);
	pl_negotiation_close(server);
	tu_fixture_free(f);
}

/* A handle that assumes it is current reads the state as last caught up
 * (a server tells its handles when to catch up); a default handle looks
 * for changes at every read. */
static void test_a_handle_that_assumes_it_is_current(void **state)
{
	(void)state;
	tu_fixture *f = tu_fixture_new();
	setup(f);
	pl_negotiation *assuming = tu_open_as(f, CLOCK, "d_RU", NULL);
	pl_negotiation *looking = tu_open_as(f, CLOCK, "d_RU", NULL);
	pl_negotiation_assume_current(assuming, 1);
	pl_doc *loaded;
	CHECK(pl_version_load(assuming, "framework@1", &loaded, NULL, err_));
	pl_doc_free(loaded);
	/* US opens a back channel with RU and drafts in it. */
	pl_negotiation *us = tu_open_as(f, CLOCK, "d_US", NULL);
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	pl_doc *doc = tu_sample("plan-eu-24.md");
	pl_import_options import = {.document = "draft", .track = "backchannel"};
	pl_import_result result;
	CHECK(pl_document_import(us, &import, doc, &result, err_));
	pl_negotiation_close(us);
	CHECK(pl_version_load(looking, "draft@1", &loaded, NULL, err_));
	assert_int_equal(loaded->point_count, doc->point_count);
	pl_doc_free(loaded);
	/* The assuming handle does not know RU is in the back channel yet. */
	pl_error err;
	assert_int_equal(pl_version_load(assuming, "draft@1", &loaded, NULL, &err), PL_ENOTFOUND);
	CHECK(pl_negotiation_catch_up(assuming, err_));
	CHECK(pl_version_load(assuming, "draft@1", &loaded, NULL, err_));
	assert_int_equal(loaded->point_count, doc->point_count);
	pl_doc_free(loaded);
	pl_doc_free(doc);
	verify_holds(assuming);
	pl_negotiation_close(looking);
	pl_negotiation_close(assuming);
	tu_fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prepare_sign_commit),
	    cmocka_unit_test(test_what_a_host_cannot_do),
	    cmocka_unit_test(test_concurrent_statements_do_not_fork),
	    cmocka_unit_test(test_a_version_carries_its_texts),
	    cmocka_unit_test(test_verify_finds_replays_and_false_links),
	    cmocka_unit_test(test_a_device_enrolls_with_a_code),
	    cmocka_unit_test(test_an_enrolment_code_expires),
	    cmocka_unit_test(test_sibling_handles),
	    cmocka_unit_test(test_remembered_signatures),
	    cmocka_unit_test(test_a_refusal_in_a_batch_undoes_itself_only),
	    cmocka_unit_test(test_a_prepared_version_is_not_kept),
	    cmocka_unit_test(test_a_handle_that_assumes_it_is_current),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
