/* Tests of amendments and positions on the record (issue 5): tabling,
 * listing and deciding; accepting with carry-over; positions with their
 * history and staleness; red lines; the bracketed text and its progress;
 * rebuilding; the viewer rule; and refusals that change nothing. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/amend.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "parley/verify.h"

#define CLOCK   "2025-11-23T10:00:00Z"
#define PARTIES 4
static const char *const party_codes[PARTIES] = {"US", "RU", "UA", "EU"};
static const char *const delegates[PARTIES] = {"witkoff", "dmitriev", "umerov", "kallas"};

typedef tu_fixture fixture;

#define CHECK(call)                                                                                \
	do {                                                                                       \
		pl_error check_err_;                                                               \
		pl_error *err_ = &check_err_;                                                      \
		(void)err_;                                                                        \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, check_err_.message);                             \
	} while (0)

static pl_negotiation *open_as(const fixture *f, const char *actor)
{
	pl_open_options options = {
	    .path = f->path, .clock = CLOCK, .actor = actor, .keys_dir = f->keys};
	pl_negotiation *n;
	pl_error err;
	if (pl_negotiation_open(&n, &options, &err))
		fail_msg("open as %s: %s", actor ? actor : "nobody", err.message);
	return n;
}

/* Four parties, a delegate each, a US-RU back-channel, and the 28-point
 * plan as framework@1 in the plenary. */
static int setup(void **state)
{
	fixture *f = tu_fixture_new();
	pl_open_options options = {
	    .path = f->path, .create = 1, .clock = CLOCK, .keys_dir = f->keys};
	pl_negotiation *n;
	char key_path[4096];
	CHECK(pl_negotiation_open(&n, &options, err_));
	pl_found_options found = {delegates[0], party_codes[0], party_codes[0], NULL, "chair"};
	CHECK(pl_negotiation_found(n, &found, key_path, sizeof key_path, err_));
	for (size_t p = 1; p < PARTIES; p++)
		CHECK(pl_party_add(n, party_codes[p], party_codes[p], err_));
	for (size_t p = 1; p < PARTIES; p++)
		CHECK(pl_delegate_add(n, delegates[p], party_codes[p], "lead", NULL, key_path,
		                      sizeof key_path, err_));
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(n, "backchannel", members, 2, NULL, err_));
	char *path = tu_data_path("plan-us-28.md");
	char *text = tu_read_file(path, NULL);
	pl_doc *doc;
	CHECK(pl_markdown_parse(&doc, text, strlen(text), "plan-us-28.md", err_));
	pl_import_options import = {.document = "framework", .source = "plan-us-28.md"};
	pl_import_result result;
	CHECK(pl_document_import(n, &import, doc, &result, err_));
	pl_doc_free(doc);
	free(text);
	free(path);
	pl_negotiation_close(n);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

/* --- helpers ----------------------------------------------------------- */

static pl_doc *load(pl_negotiation *n, const char *ref)
{
	pl_doc *doc;
	CHECK(pl_version_load(n, ref, &doc, NULL, err_));
	return doc;
}

static const char *id_of(const pl_doc *doc, const char *label)
{
	const pl_point *p = pl_doc_find_label(doc, label);
	if (!p)
		fail_msg("no point %s", label);
	return p->id;
}

/* Adds to a an edit of point label quoting old_words. */
static void add_edit(pl_amendment *a, const pl_doc *base, const char *label, const char *old_words,
                     const char *new_words)
{
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, id_of(base, label), new_words);
	CHECK(pl_edit_locate(op, base, old_words, err_));
}

static void add_delete(pl_amendment *a, const pl_doc *base, const char *label)
{
	pl_amendment_add_op(a, PL_OP_DELETE, id_of(base, label), NULL);
}

/* Tables a as actor on ref; returns its id (static buffer rotation). */
static const char *table_as(const fixture *f, const char *actor, const char *ref, pl_amendment *a,
                            const char *track)
{
	static char ids[8][64];
	static int next;
	char *id = ids[next++ % 8];
	pl_negotiation *n = open_as(f, actor);
	CHECK(pl_amendment_table(n, ref, a, "because", NULL, track, id, 64, err_));
	pl_negotiation_close(n);
	pl_amendment_free(a);
	return id;
}

/* Builds and tables a one-edit amendment. */
static const char *edit_as(const fixture *f, const char *actor, const char *ref, const char *label,
                           const char *old_words, const char *new_words)
{
	pl_negotiation *n = open_as(f, actor);
	pl_doc *base = load(n, ref);
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	add_edit(a, base, label, old_words, new_words);
	pl_doc_free(base);
	return table_as(f, actor, ref, a, NULL);
}

static void position_as(const fixture *f, const char *actor, const char *ref, const char *point,
                        const char *stance)
{
	pl_negotiation *n = open_as(f, actor);
	CHECK(pl_position_set(n, ref, point, stance, NULL, err_));
	pl_negotiation_close(n);
}

static const pl_amendment_record *find(const pl_amendment_record *r, size_t count, const char *id)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(r[i].id, id) == 0)
			return &r[i];
	return NULL;
}

static const char *status_of(const fixture *f, const char *id)
{
	static char status[64];
	pl_negotiation *n = open_as(f, delegates[0]);
	pl_amendment_record *r;
	size_t count;
	CHECK(pl_amendment_list(n, "framework", &r, &count, err_));
	const pl_amendment_record *found = find(r, count, id);
	snprintf(status, sizeof status, "%s", found ? found->status : "(missing)");
	pl_amendment_record_free_array(r, count);
	pl_negotiation_close(n);
	return status;
}

static size_t event_count(const fixture *f, const char *actor)
{
	pl_negotiation *n = open_as(f, actor);
	pl_verify_report report;
	CHECK(pl_verify(n, NULL, NULL, &report, err_));
	pl_negotiation_close(n);
	return report.events;
}

/* The row of table t whose first column is key. */
static size_t row_of(const pl_table *t, const char *key)
{
	for (size_t r = 0; r < t->rows; r++)
		if (pl_table_cell(t, r, 0) && strcmp(pl_table_cell(t, r, 0), key) == 0)
			return r;
	fail_msg("no row %s", key);
	return 0;
}

static size_t column_of(const pl_table *t, const char *header)
{
	for (size_t c = 0; c < t->columns; c++)
		if (strcmp(t->headers[c], header) == 0)
			return c;
	fail_msg("no column %s", header);
	return 0;
}

static const char *cell(const pl_table *t, const char *row, const char *column)
{
	const char *value = pl_table_cell(t, row_of(t, row), column_of(t, column));
	return value ? value : "";
}

/* The voting table's row for amendment id, or (size_t)-1. */
static size_t vote_row(const pl_table *t, const char *id)
{
	size_t c = column_of(t, "amendment");
	for (size_t r = 0; r < t->rows; r++)
		if (strcmp(pl_table_cell(t, r, c), id) == 0)
			return r;
	return (size_t)-1;
}

static char *brackets(const fixture *f, const char *actor, const char *ref, const char *format)
{
	pl_negotiation *n = open_as(f, actor);
	pl_buf out = PL_BUF_INIT;
	CHECK(pl_bracketed_text(n, ref, format, &out, err_));
	pl_negotiation_close(n);
	return pl_buf_detach(&out);
}

/* --- tabling, listing, deciding ------------------------------------------ */

static void test_table_list_decide(void **state)
{
	fixture *f = *state;
	assert_string_equal(edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000"), "A1");
	pl_negotiation *n = open_as(f, "kallas");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	add_delete(a, base, "3");
	add_delete(a, base, "26");
	assert_string_equal(table_as(f, "kallas", "framework@1", a, NULL), "A2");
	assert_string_equal(
	    edit_as(f, "dmitriev", "framework@1", "6", "capped at 600,000", "capped at 500,000"),
	    "A3");

	n = open_as(f, "umerov");
	pl_amendment_record *r;
	size_t count;
	CHECK(pl_amendment_list(n, "framework@1", &r, &count, err_));
	assert_int_equal(count, 3);
	assert_string_equal(r[0].id, "A1");
	assert_string_equal(r[0].party, "UA");
	assert_string_equal(r[0].delegate, "umerov");
	assert_string_equal(r[0].status, PL_STATUS_TABLED);
	assert_string_equal(r[0].justification, "because");
	assert_int_equal(r[0].base, 1);
	assert_int_equal(r[0].amendment->op_count, 1);
	assert_int_equal(r[0].amendment->ops[0].start, 9);
	assert_int_equal(r[0].amendment->ops[0].end, 10);
	assert_string_equal(r[1].party, "EU");
	assert_int_equal(r[1].amendment->op_count, 2);
	assert_string_equal(r[2].party, "RU");
	pl_amendment_record_free_array(r, count);

	/* Only the tabling party withdraws; a decision is final. */
	pl_error err;
	size_t events = event_count(f, "witkoff");
	assert_int_equal(
	    pl_amendment_decide(n, "framework", "A2", PL_STATUS_WITHDRAWN, NULL, NULL, &err),
	    PL_EDENIED);
	assert_non_null(strstr(err.message, "only EU can withdraw A2"));
	assert_int_equal(
	    pl_amendment_decide(n, "framework", "A9", PL_STATUS_REJECTED, NULL, NULL, &err),
	    PL_ENOTFOUND);
	assert_int_equal(pl_amendment_decide(n, "framework", "A1", "accepted", NULL, NULL, &err),
	                 PL_EINVALID);
	assert_int_equal(event_count(f, "witkoff"), events);
	CHECK(pl_amendment_decide(n, "framework", "A1", PL_STATUS_WITHDRAWN, "no longer", NULL,
	                          err_));
	assert_int_equal(
	    pl_amendment_decide(n, "framework", "A1", PL_STATUS_REJECTED, NULL, NULL, &err),
	    PL_ECONFLICT);
	assert_non_null(strstr(err.message, "A1 is withdrawn already"));
	pl_negotiation_close(n);
	assert_string_equal(status_of(f, "A1"), PL_STATUS_WITHDRAWN);

	n = open_as(f, "witkoff");
	CHECK(pl_amendment_decide(n, "framework", "A3", PL_STATUS_REJECTED, NULL, NULL, err_));
	pl_negotiation_close(n);
	assert_string_equal(status_of(f, "A3"), PL_STATUS_REJECTED);
	assert_string_equal(status_of(f, "A2"), PL_STATUS_TABLED);
	pl_doc_free(base);
}

/* --- accepting ------------------------------------------------------------- */

static void test_accept_carry_over(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	/* A1 (UA) and A3 (RU) collide on the army cap; A2 (EU) deletes 3 and 26;
	 * A4 (UA) edits an untouched point; A5 (EU) edits point 6 elsewhere;
	 * A6 (RU) inserts words at the start of point 6, right before the
	 * words A7 (UA) replaces. */
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	pl_amendment *a = pl_amendment_new(NULL);
	add_delete(a, base, "3");
	add_delete(a, base, "26");
	table_as(f, "kallas", "framework@1", a, NULL);
	edit_as(f, "dmitriev", "framework@1", "6", "capped at 600,000", "capped at 500,000");
	edit_as(f, "umerov", "framework@1", "8", "station troops", "station combat troops");
	edit_as(f, "kallas", "framework@1", "6", "personnel.", "personnel in peacetime.");
	a = pl_amendment_new(NULL);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, id_of(base, "5"), "Kyiv");
	CHECK(pl_edit_locate(op, base, "Ukraine", err_));
	table_as(f, "dmitriev", "framework@1", a, NULL);
	a = pl_amendment_new(NULL);
	op = pl_amendment_add_op(a, PL_OP_EDIT, id_of(base, "5"), "At once, Ukraine");
	op->start = op->end = 0; /* an insertion before the first word */
	table_as(f, "umerov", "framework@1", a, NULL);

	/* The expected text: the chosen set applied to the base. */
	n = open_as(f, "witkoff");
	pl_amendment_record *r;
	size_t count;
	CHECK(pl_amendment_list(n, "framework@1", &r, &count, err_));
	assert_int_equal(count, 7);
	const pl_amendment *set[] = {find(r, count, "A2")->amendment,
	                             find(r, count, "A3")->amendment,
	                             find(r, count, "A6")->amendment};
	pl_doc *expected = pl_doc_clone(base);
	int64_t serial = 1000;
	CHECK(pl_amendments_apply(expected, set, 3, &serial, err_));
	pl_amendment_record_free_array(r, count);

	const char *ids[] = {"A2", "A3", "A6"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", ids, 3, 0, &result, err_));
	assert_int_equal(result.number, 2);
	assert_int_equal(result.fallen, 1); /* A1, beaten by A3 */
	/* A4, A5, and A7: an insertion before the word A6 replaces does not
	 * collide with it, and lands before the new word, as it would if both
	 * were adopted together. */
	assert_int_equal(result.carried, 3);
	assert_int_equal(result.revise, 0);
	pl_doc *v2 = load(n, "framework@2");
	assert_true(pl_doc_equal(expected, v2, 0));
	assert_string_equal(
	    pl_doc_find_label(v2, "6")->text,
	    "The strength of Ukraine's armed forces is capped at 500,000 personnel.");
	assert_null(pl_doc_find_label(v2, "3"));

	CHECK(pl_amendment_list(n, "framework", &r, &count, err_));
	assert_string_equal(find(r, count, "A1")->status, PL_STATUS_FALLEN);
	assert_string_equal(find(r, count, "A2")->status, PL_STATUS_ACCEPTED);
	assert_string_equal(find(r, count, "A3")->status, PL_STATUS_ACCEPTED);
	const pl_amendment_record *a4 = find(r, count, "A4"), *a5 = find(r, count, "A5");
	assert_string_equal(a4->status, PL_STATUS_TABLED);
	assert_int_equal(a4->base, 2);
	assert_string_equal(a5->status, PL_STATUS_TABLED);
	assert_int_equal(a5->base, 2);
	const pl_amendment_record *a7 = find(r, count, "A7");
	assert_string_equal(a7->status, PL_STATUS_TABLED);
	assert_int_equal(a7->base, 2);
	/* Carried over, A7 still inserts its words before the first word,
	 * which A6 made "Kyiv". */
	{
		pl_doc *carried_on = pl_doc_clone(v2);
		int64_t s2 = 5000;
		CHECK(pl_amendment_apply(carried_on, a7->amendment, &s2, err_));
		assert_string_equal(
		    pl_doc_find_label(carried_on, "5")->text,
		    "At once, Ukraine Kyiv is given dependable security guarantees.");
		pl_doc_free(carried_on);
	}

	/* The carried ones still say the same words on the new version. */
	const pl_amendment *carried[] = {a4->amendment, a5->amendment};
	pl_doc *after = pl_doc_clone(v2);
	CHECK(pl_amendments_apply(after, carried, 2, &serial, err_));
	assert_string_equal(pl_doc_find_label(after, "8")->text,
	                    "NATO undertakes not to station combat troops in Ukraine.");
	assert_string_equal(
	    pl_doc_find_label(after, "6")->text,
	    "The strength of Ukraine's armed forces is capped at 500,000 personnel in peacetime.");
	pl_amendment_record_free_array(r, count);
	pl_doc_free(after);

	/* Only pending amendments on the latest version can be accepted. */
	pl_error err;
	const char *again[] = {"A1"};
	pl_accept_result_clear(&result);
	assert_int_equal(pl_amendments_accept(n, "framework", again, 1, 0, &result, &err),
	                 PL_ENOTFOUND);
	pl_negotiation_close(n);
	pl_doc_free(v2);
	pl_doc_free(expected);
	pl_doc_free(base);
	pl_accept_result_clear(&result);
}

/* Accepting one of two non-colliding edits of one point and then the other
 * (carried over) gives what accepting both at once gives. The accepted edit
 * here repeats the word the other one changes, so a fresh word diff of the
 * two versions cannot tell which "personnel." is the old one. */
static void test_carry_over_matches_set(void **state)
{
	fixture *f = *state;
	edit_as(f, "umerov", "framework@1", "6", "600,000",
	        "600,000 personnel. Reserves are capped at 300,000");
	edit_as(f, "kallas", "framework@1", "6", "personnel.", "troops.");
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	pl_amendment_record *r;
	size_t count;
	CHECK(pl_amendment_list(n, "framework@1", &r, &count, err_));
	assert_false(pl_amendments_collide(r[0].amendment, r[1].amendment));
	const pl_amendment *both[] = {r[0].amendment, r[1].amendment};
	pl_doc *expected = pl_doc_clone(base);
	int64_t serial = 1000;
	CHECK(pl_amendments_apply(expected, both, 2, &serial, err_));
	pl_amendment_record_free_array(r, count);
	const char *first[] = {"A1"}, *second[] = {"A2"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", first, 1, 0, &result, err_));
	assert_int_equal(result.carried, 1);
	pl_accept_result_clear(&result);
	CHECK(pl_amendments_accept(n, "framework", second, 1, 0, &result, err_));
	pl_doc *v3 = load(n, "framework@3");
	assert_string_equal(
	    pl_doc_find_label(expected, "6")->text,
	    "The strength of Ukraine's armed forces is capped at 600,000 personnel. "
	    "Reserves are capped at 300,000 troops.");
	assert_string_equal(pl_doc_find_label(v3, "6")->text,
	                    pl_doc_find_label(expected, "6")->text);
	pl_doc_free(v3);
	pl_doc_free(expected);
	pl_doc_free(base);
	pl_negotiation_close(n);
	pl_accept_result_clear(&result);
}

/* Two insertions of a point with the same label in the same part cannot
 * both be adopted: they collide, or the second is not carried over. */
static void test_same_label_insertions(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amend_op *op =
	    pl_amendment_add_op(a, PL_OP_INSERT, NULL, "Ukraine joins the EU by 2027.");
	op->after = strdup(id_of(base, "11"));
	op->label = strdup("29");
	table_as(f, "kallas", "framework@1", a, NULL);
	a = pl_amendment_new(NULL);
	op = pl_amendment_add_op(a, PL_OP_INSERT, NULL,
	                         "Sanctions stay until reparations are paid.");
	op->after = strdup(id_of(base, "14"));
	op->label = strdup("29");
	table_as(f, "umerov", "framework@1", a, NULL);
	n = open_as(f, "witkoff");
	const char *first[] = {"A1"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", first, 1, 0, &result, err_));
	pl_negotiation_close(n);
	assert_int_equal(result.fallen + result.revise, 1);
	assert_int_equal(result.carried, 0);
	pl_doc_free(base);
	pl_accept_result_clear(&result);
}

/* --- positions ------------------------------------------------------------- */

static void test_positions_matrix_stale(void **state)
{
	fixture *f = *state;
	position_as(f, "witkoff", "framework@1", "*", "accept");
	position_as(f, "dmitriev", "framework@1", "*", "accept");
	position_as(f, "umerov", "framework@1", "*", "reserve");
	position_as(f, "umerov", "framework@1", "6", "reject");
	position_as(f, "umerov", "framework@1", "21", "redline");
	position_as(f, "kallas", "framework@1", "*", "reserve");
	position_as(f, "kallas", "framework@1", "3", "reject");
	/* History: UA first rejects point 8, then accepts it. */
	position_as(f, "umerov", "framework@1", "8", "reject");
	position_as(f, "umerov", "framework@1", "8", "accept");

	pl_negotiation *n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_matrix(n, "framework@1", &t, err_));
	assert_string_equal(cell(t, "6", "UA"), "reject");
	assert_string_equal(cell(t, "8", "UA"), "accept");
	assert_string_equal(cell(t, "21", "UA"), "redline");
	assert_string_equal(cell(t, "1", "UA"), "reserve");
	assert_string_equal(cell(t, "3", "EU"), "reject");
	assert_string_equal(cell(t, "1", "consensus"), "yes");
	assert_string_equal(cell(t, "6", "consensus"), "no");
	assert_string_equal(cell(t, "#accept", "US"), "28");
	assert_string_equal(cell(t, "#reserve", "UA"), "25");
	assert_string_equal(cell(t, "#reject", "UA"), "1");
	assert_string_equal(cell(t, "#redline", "UA"), "1");
	assert_string_equal(cell(t, "#accept", "UA"), "1");
	/* 28 points, 3 without consensus: 3, 6, 21. */
	const char *agreed = cell(t, "#agreed by all", "consensus");
	assert_non_null(strstr(agreed, "1 19 20 22"));
	assert_null(strstr(agreed, " 6 "));
	assert_null(strstr(agreed, " 21 "));
	assert_null(strstr(agreed, " 3 "));
	size_t words = 1;
	for (const char *c = agreed; *c; c++)
		words += *c == ' ';
	assert_int_equal(words, 25);
	pl_table_free(t);

	/* A new version changes point 6 only: positions on 6 go stale, the
	 * others carry over. */
	pl_negotiation_close(n);
	edit_as(f, "kallas", "framework@1", "6", "600,000", "800,000");
	n = open_as(f, "witkoff");
	const char *ids[] = {"A1"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", ids, 1, 0, &result, err_));
	CHECK(pl_matrix(n, "framework@2", &t, err_));
	assert_string_equal(cell(t, "6", "UA"), "stale:reject");
	assert_string_equal(cell(t, "6", "US"), "stale:accept");
	assert_string_equal(cell(t, "7", "US"), "accept");
	assert_string_equal(cell(t, "8", "UA"), "accept");
	assert_string_equal(cell(t, "6", "consensus"), "no");
	assert_string_equal(cell(t, "7", "consensus"), "yes");
	pl_table_free(t);
	/* The matrix of version 1 is what it was. */
	CHECK(pl_matrix(n, "framework@1", &t, err_));
	assert_string_equal(cell(t, "6", "UA"), "reject");
	pl_table_free(t);
	pl_negotiation_close(n);
	/* A fresh stance on the new words is current again. */
	position_as(f, "umerov", "framework@2", "6", "accept");
	n = open_as(f, "witkoff");
	CHECK(pl_matrix(n, "framework@2", &t, err_));
	assert_string_equal(cell(t, "6", "UA"), "accept");
	pl_table_free(t);
	pl_negotiation_close(n);
	pl_accept_result_clear(&result);
}

/* keep is crossed by changing or deleting the point; redline by keeping
 * it (a whole proposal that leaves it), never by amending it. */
static void test_red_lines(void **state)
{
	fixture *f = *state;
	position_as(f, "umerov", "framework@1", "21", "redline");
	position_as(f, "dmitriev", "framework@1", "7", "keep");
	position_as(f, "dmitriev", "framework@1", "6", "keep");
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, id_of(base, "21"), "Crimea");
	op->item = strdup("a");
	CHECK(pl_edit_locate(op, base, "Crimea, Luhansk and Donetsk", err_));
	table_as(f, "kallas", "framework@1", a, NULL);
	edit_as(f, "kallas", "framework@1", "6", "600,000", "800,000");
	n = open_as(f, "witkoff");
	a = pl_amendment_new("draft");
	add_delete(a, base, "21");
	add_delete(a, base, "7");
	add_delete(a, base, "9");
	pl_table *t;
	CHECK(pl_red_lines(n, "framework@1", a, &t, err_));
	assert_int_equal(t->rows, 1);
	assert_string_equal(pl_table_cell(t, 0, 0), "RU");
	assert_string_equal(pl_table_cell(t, 0, 1), "7");
	assert_string_equal(pl_table_cell(t, 0, 2), "delete");
	pl_table_free(t);
	/* As a whole text it also keeps 6 (RU keeps it: nothing crossed). */
	CHECK(pl_red_lines_proposal(n, "framework@1", a, &t, err_));
	assert_int_equal(t->rows, 1);
	pl_table_free(t);
	pl_amendment_free(a);
	/* A text that leaves 21 as worded crosses Ukraine's red line. */
	a = pl_amendment_new("draft");
	add_delete(a, base, "9");
	CHECK(pl_red_lines_proposal(n, "framework@1", a, &t, err_));
	assert_int_equal(t->rows, 1);
	assert_string_equal(pl_table_cell(t, 0, 0), "UA");
	assert_string_equal(pl_table_cell(t, 0, 1), "21");
	assert_string_equal(pl_table_cell(t, 0, 2), "keep");
	pl_table_free(t);
	pl_amendment_free(a);
	/* The voting list flags A2 (changes 6), not A1 (amends 21 away). */
	CHECK(pl_voting_table(n, "framework@1", &t, err_));
	size_t red = column_of(t, "red_lines");
	assert_string_equal(pl_table_cell(t, vote_row(t, "A2"), red), "RU on 6");
	const char *none = pl_table_cell(t, vote_row(t, "A1"), red);
	assert_true(!none || !*none);
	pl_table_free(t);
	pl_doc_free(base);
	pl_negotiation_close(n);
}

/* --- the voting list ------------------------------------------------------- */

static void test_voting_table(void **state)
{
	fixture *f = *state;
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	edit_as(f, "dmitriev", "framework@1", "6", "600,000", "500,000");
	edit_as(f, "kallas", "framework@1", "6",
	        "The strength of Ukraine's armed forces is capped at 600,000 personnel.",
	        "Ukraine decides the size of its armed forces.");
	edit_as(f, "kallas", "framework@1", "9", "Poland", "Poland and Romania");
	pl_negotiation *n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_voting_table(n, "framework@1", &t, err_));
	assert_int_equal(t->rows, 4);
	/* The group on point 6, furthest from the base first: A3 (rewrites
	 * the point), then A1 and A2 (one word each, in tabling order). */
	assert_string_equal(pl_table_cell(t, 0, column_of(t, "amendment")), "A3");
	assert_true(strtol(pl_table_cell(t, 0, column_of(t, "distance")), NULL, 10) > 2);
	assert_string_equal(pl_table_cell(t, 0, column_of(t, "falls_if_adopted")), "A1 A2");
	assert_string_equal(pl_table_cell(t, 1, column_of(t, "amendment")), "A1");
	assert_string_equal(pl_table_cell(t, 1, column_of(t, "distance")), "2");
	assert_string_equal(pl_table_cell(t, 1, column_of(t, "falls_if_adopted")), "A2");
	assert_string_equal(pl_table_cell(t, 2, column_of(t, "amendment")), "A2");
	assert_string_equal(pl_table_cell(t, 3, column_of(t, "amendment")), "A4");
	assert_string_equal(pl_table_cell(t, 3, column_of(t, "group")), "-");
	pl_table_free(t);
	pl_negotiation_close(n);
}

/* The distance is how far the text moves, not how many words the tabler
 * happened to quote: 600,000 -> 500,000 is one word out and one in,
 * however it is quoted. */
static void test_distance_ignores_quoting(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *narrow = pl_amendment_new("narrow"), *wide = pl_amendment_new("wide");
	add_edit(narrow, base, "6", "600,000", "500,000");
	add_edit(wide, base, "6", "capped at 600,000 personnel.", "capped at 500,000 personnel.");
	assert_int_equal(pl_amendment_distance(narrow, base), 2);
	assert_int_equal(pl_amendment_distance(wide, base), 2);
	pl_amendment_free(narrow);
	pl_amendment_free(wide);
	pl_doc_free(base);
}

/* --- the bracketed text and progress ----------------------------------------- */

static void test_brackets_and_progress(void **state)
{
	fixture *f = *state;
	for (size_t p = 0; p < PARTIES; p++)
		position_as(f, delegates[p], "framework@1", "*", "accept");
	position_as(f, "umerov", "framework@1", "6", "reject");
	position_as(f, "kallas", "framework@1", "3", "reject");
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	edit_as(f, "dmitriev", "framework@1", "6", "600,000", "500,000");
	pl_negotiation *n = open_as(f, "kallas");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	add_delete(a, base, "3");
	add_delete(a, base, "26");
	table_as(f, "kallas", "framework@1", a, NULL);
	/* Brackets: 3 (rejected, deleted), 6 (rejected, 2 amendments), 26
	 * (agreed but amended). Alternatives: base + 1, base + 2, base + 1. */
	char *md = brackets(f, "witkoff", "framework@1", "md");
	assert_non_null(strstr(md,
	                       "**3 of 28 points in brackets (3 brackets), 0 proposed new points, "
	                       "7 alternatives; 25 points agreed by every party.**"));
	/* The brackets hold the smallest span the alternatives change. */
	assert_non_null(strstr(md, "6. The strength of Ukraine's armed forces is capped at "
	                           "[600,000 (EU, RU, US) / 800,000 (UA, A1) / 500,000 (RU, A2)] "
	                           "personnel. {A1, A2; objected to by UA (reject)}"));
	assert_non_null(strstr(md,
	                       "3. [The expectation is that Russia will not invade its neighbours"
	                       " and that NATO will not enlarge further. (RU, UA, US) / delete "
	                       "the point (EU, A3)] {A3; objected to by EU (reject)}"));
	assert_non_null(strstr(md, "\n\n5. Ukraine is given dependable security guarantees.\n\n"));
	free(md);
	char *json = brackets(f, "witkoff", "framework@1", "json");
	assert_non_null(strstr(json, "\"bracketed\": 3"));
	assert_non_null(strstr(json, "\"alternatives\": 7"));
	free(json);
	char *html = brackets(f, "witkoff", "framework@1", "html");
	assert_non_null(strstr(html,
	                       "3 of 28 points in brackets (3 brackets), 0 proposed new points, 7 "
	                       "alternatives; 25 points agreed by every party."));
	free(html);

	/* Accept A2 and A3: A1 falls, 3 and 26 go. Point 6 has new words, so
	 * the stances taken on the old ones no longer count: nobody objects to
	 * it, so it is not bracketed, but nor is it agreed. */
	n = open_as(f, "witkoff");
	const char *ids[] = {"A2", "A3"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", ids, 2, 0, &result, err_));
	assert_int_equal(result.number, 2);
	pl_negotiation_close(n);
	md = brackets(f, "witkoff", "framework@2", "md");
	assert_non_null(strstr(md, "**0 of 26 points in brackets (0 brackets), 0 proposed new "
	                           "points, 0 alternatives; 25 points agreed by every party.**"));
	assert_non_null(strstr(md,
	                       "\n\n6. The strength of Ukraine's armed forces is capped at 500,000 "
	                       "personnel.\n\n"));
	free(md);
	/* Everyone accepts the new point 6: all 26 agreed. */
	for (size_t p = 0; p < PARTIES; p++)
		position_as(f, delegates[p], "framework@2", "6", "accept");
	md = brackets(f, "witkoff", "framework@2", "md");
	assert_non_null(strstr(md, "**0 of 26 points in brackets (0 brackets), 0 proposed new "
	                           "points, 0 alternatives; 26 points agreed by every party.**"));
	free(md);
	/* A reservation is no objection; a rejection brackets the whole point
	 * with the base wording alone and its reason. */
	position_as(f, "umerov", "framework@2", "9", "reject");
	md = brackets(f, "witkoff", "framework@2", "md");
	assert_non_null(strstr(md, "9. [European fighter jets are based in Poland (EU, RU, US)]. "
	                           "{objected to by UA (reject)}"));
	free(md);

	n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_progress(n, "framework", &t, err_));
	assert_int_equal(t->rows, 2);
	assert_string_equal(cell(t, "1", "points"), "28");
	assert_string_equal(cell(t, "1", "bracketed"), "3");
	assert_string_equal(cell(t, "1", "alternatives"), "7");
	assert_string_equal(cell(t, "2", "points"), "26");
	assert_string_equal(cell(t, "2", "bracketed"), "1"); /* UA's rejection of 9 */
	assert_string_equal(cell(t, "2", "brackets"), "1");
	assert_string_equal(cell(t, "2", "agreed"), "25");
	pl_table_free(t);
	pl_negotiation_close(n);
	pl_doc_free(base);
	pl_accept_result_clear(&result);
}

/* A proposed new point is counted apart from the version's points, in the
 * text's header and in the progress table alike. */
static void test_progress_counts_new_points(void **state)
{
	fixture *f = *state;
	for (size_t p = 0; p < PARTIES; p++)
		position_as(f, delegates[p], "framework@1", "*", "accept");
	pl_negotiation *n = open_as(f, "kallas");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_INSERT, NULL, "Europe joins the talks.");
	op->after = strdup(id_of(base, "28"));
	op->label = strdup("28 bis");
	table_as(f, "kallas", "framework@1", a, NULL);
	char *md = brackets(f, "witkoff", "framework@1", "md");
	assert_non_null(strstr(md, "[new] 28 bis. [Europe joins the talks. (EU, A1)]"));
	assert_non_null(strstr(
	    md, "**0 of 28 points in brackets (1 bracket), 1 proposed new point, 1 alternative; "
	        "28 points agreed by every party.**"));
	free(md);
	n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_progress(n, "framework", &t, err_));
	long points = strtol(cell(t, "1", "points"), NULL, 10);
	long bracketed = strtol(cell(t, "1", "bracketed"), NULL, 10);
	assert_int_equal(strtol(cell(t, "1", "proposed"), NULL, 10), 1);
	assert_int_equal(bracketed, 0);
	assert_true(bracketed <= points);
	pl_table_free(t);
	pl_negotiation_close(n);
	pl_doc_free(base);
}

/* --- rebuild ------------------------------------------------------------------ */

static void test_rebuild_identical(void **state)
{
	fixture *f = *state;
	position_as(f, "umerov", "framework@1", "*", "reserve");
	position_as(f, "umerov", "framework@1", "21", "redline");
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	edit_as(f, "dmitriev", "framework@1", "6", "600,000", "500,000");
	edit_as(f, "kallas", "framework@1", "8", "station troops", "station combat troops");
	edit_as(f, "kallas", "framework@1", "9", "Poland", "Poland and Romania");
	pl_negotiation *n = open_as(f, "witkoff");
	CHECK(pl_amendment_decide(n, "framework", "A4", PL_STATUS_REJECTED, "no", NULL, err_));
	const char *ids[] = {"A2"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", ids, 1, 0, &result, err_));
	pl_negotiation_close(n);
	position_as(f, "umerov", "framework@2", "6", "reject");
	n = open_as(f, "witkoff");
	pl_table *before, *after;
	CHECK(pl_matrix(n, "framework@2", &before, err_));
	pl_rebuild_report report;
	CHECK(pl_negotiation_rebuild(n, &report, err_));
	assert_true(report.identical);
	CHECK(pl_matrix(n, "framework@2", &after, err_));
	assert_int_equal(before->rows, after->rows);
	for (size_t i = 0; i < before->rows * before->columns; i++)
		assert_string_equal(before->cells[i] ? before->cells[i] : "",
		                    after->cells[i] ? after->cells[i] : "");
	pl_table_free(before);
	pl_table_free(after);
	pl_negotiation_close(n);
	assert_string_equal(status_of(f, "A3"), PL_STATUS_TABLED);
	pl_accept_result_clear(&result);
}

/* --- the viewer rule ---------------------------------------------------------- */

static void test_confidential_amendments(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	CHECK(pl_circulate(n, "framework@1", "backchannel", NULL, err_));
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	pl_amendment *a = pl_amendment_new(NULL);
	add_edit(a, base, "6", "600,000", "400,000");
	const char *secret = table_as(f, "dmitriev", "framework@1", a, "backchannel");
	assert_string_equal(secret, "backchannel:A1");

	n = open_as(f, "umerov");
	pl_amendment_record *r;
	size_t count;
	CHECK(pl_amendment_list(n, "framework@1", &r, &count, err_));
	assert_int_equal(count, 1);
	assert_string_equal(r[0].id, "A1");
	pl_amendment_record_free_array(r, count);
	pl_table *t;
	CHECK(pl_voting_table(n, "framework@1", &t, err_));
	assert_int_equal(t->rows, 1);
	pl_table_free(t);
	pl_negotiation_close(n);
	char *md = brackets(f, "umerov", "framework@1", "md");
	assert_null(strstr(md, "400,000"));
	assert_null(strstr(md, "backchannel"));
	free(md);

	n = open_as(f, "dmitriev");
	CHECK(pl_amendment_list(n, "framework@1", &r, &count, err_));
	assert_int_equal(count, 2);
	pl_amendment_record_free_array(r, count);
	CHECK(pl_voting_table(n, "framework@1", &t, err_));
	assert_int_equal(t->rows, 2);
	assert_string_equal(pl_table_cell(t, 0, column_of(t, "group")), "1");
	pl_table_free(t);
	pl_negotiation_close(n);
	md = brackets(f, "dmitriev", "framework@1", "md");
	assert_non_null(strstr(md, "400,000"));
	free(md);
	pl_doc_free(base);
}

/* --- bad input: one clear error, nothing changed --------------------------- */

static void expect_refusal_at(int line, const fixture *f, const char *actor, int rc, int code,
                              const pl_error *err, const char *words, size_t events_before)
{
	if (rc != code)
		fail_msg("line %d: wanted %d, got %d (%s)", line, code, rc, rc ? err->message : "");
	if (!strstr(err->message, words))
		fail_msg("line %d: '%s' does not say '%s'", line, err->message, words);
	if (event_count(f, actor) != events_before)
		fail_msg("line %d: the record changed", line);
}
#define expect_refusal(...) expect_refusal_at(__LINE__, __VA_ARGS__)

static void test_bad_input(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	pl_doc *base = load(n, "framework@1");
	/* A confidential document UA cannot see. */
	const char *plan = "# Secret\n\n## One\n\n1. Sanctions are lifted at once.\n";
	pl_doc *secret;
	CHECK(pl_markdown_parse(&secret, plan, strlen(plan), "s.md", err_));
	pl_import_options import = {.document = "secret", .track = "backchannel"};
	pl_import_result result;
	CHECK(pl_document_import(n, &import, secret, &result, err_));
	pl_negotiation_close(n);
	size_t events = event_count(f, "witkoff");
	pl_error err;
	char id[64];

	/* An amendment against a version the party cannot see. */
	n = open_as(f, "umerov");
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_DELETE, secret->points[0].id, NULL);
	(void)op;
	expect_refusal(f, "witkoff",
	               pl_amendment_table(n, "secret@1", a, NULL, NULL, NULL, id, sizeof id, &err),
	               PL_ENOTFOUND, &err, "secret", events);
	pl_amendment_free(a);

	/* Quoting words that are not in the point shows the closest match. */
	a = pl_amendment_new(NULL);
	op = pl_amendment_add_op(a, PL_OP_EDIT, id_of(base, "6"), "800,000");
	assert_int_equal(pl_edit_locate(op, base, "capped at 700,000", &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "closest match: 'capped at 600,000'"));

	/* A span past the end of the point. */
	op->start = 9;
	op->end = 14;
	expect_refusal(
	    f, "witkoff",
	    pl_amendment_table(n, "framework@1", a, NULL, NULL, NULL, id, sizeof id, &err),
	    PL_EINVALID, &err, "past the end", events);
	pl_amendment_free(a);

	/* Positions: an unknown stance; a party outside the track. */
	expect_refusal(f, "witkoff", pl_position_set(n, "framework@1", "6", "maybe", NULL, &err),
	               PL_EINVALID, &err, "'maybe' is not a stance", events);
	expect_refusal(f, "witkoff", pl_position_set(n, "secret@1", "1", "accept", NULL, &err),
	               PL_ENOTFOUND, &err, "secret", events);
	expect_refusal(f, "witkoff", pl_position_set(n, "framework@1", "99", "accept", NULL, &err),
	               PL_ENOTFOUND, &err, "no point 99", events);
	/* Tabling in a track the party is not in. */
	a = pl_amendment_new(NULL);
	add_delete(a, base, "9");
	expect_refusal(
	    f, "witkoff",
	    pl_amendment_table(n, "framework@1", a, NULL, NULL, "backchannel", id, sizeof id, &err),
	    PL_ENOTFOUND, &err, "backchannel", events);
	pl_amendment_free(a);
	pl_negotiation_close(n);

	/* Accepting two colliding amendments together. */
	edit_as(f, "umerov", "framework@1", "6", "600,000", "800,000");
	edit_as(f, "dmitriev", "framework@1", "6", "600,000", "500,000");
	events = event_count(f, "witkoff");
	n = open_as(f, "witkoff");
	const char *both[] = {"A1", "A2"};
	pl_accept_result accepted;
	expect_refusal(f, "witkoff",
	               pl_amendments_accept(n, "framework", both, 2, 0, &accepted, &err),
	               PL_ECONFLICT, &err, "A1 and A2 collide", events);
	const char *unknown[] = {"A1", "A7"};
	expect_refusal(f, "witkoff",
	               pl_amendments_accept(n, "framework", unknown, 2, 0, &accepted, &err),
	               PL_ENOTFOUND, &err, "no pending amendment A7", events);

	/* An amendment on a superseded base. */
	const char *one[] = {"A1"};
	CHECK(pl_amendments_accept(n, "framework", one, 1, 0, &accepted, err_));
	events = event_count(f, "witkoff");
	a = pl_amendment_new(NULL);
	add_delete(a, base, "9");
	expect_refusal(
	    f, "witkoff",
	    pl_amendment_table(n, "framework@1", a, NULL, NULL, NULL, id, sizeof id, &err),
	    PL_ECONFLICT, &err, "framework@1 is superseded by framework@2", events);
	pl_amendment_free(a);
	/* An empty amendment. */
	a = pl_amendment_new(NULL);
	expect_refusal(
	    f, "witkoff",
	    pl_amendment_table(n, "framework@2", a, NULL, NULL, NULL, id, sizeof id, &err),
	    PL_EINVALID, &err, "at least one operation", events);
	pl_amendment_free(a);
	pl_negotiation_close(n);
	pl_doc_free(secret);
	pl_doc_free(base);
	pl_accept_result_clear(&accepted);
}

/* Tabling in a track where the version is not readable: the amendment's
 * words (and the document's name) would reach every party of that track,
 * as the plenary's exported log shows. */
static void test_amend_in_unreadable_track(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff");
	const char *plan = "# Secret\n\n## One\n\n1. Sanctions are lifted at once.\n";
	pl_doc *secret;
	CHECK(pl_markdown_parse(&secret, plan, strlen(plan), "s.md", err_));
	pl_import_options import = {.document = "secret", .track = "backchannel"};
	pl_import_result result;
	CHECK(pl_document_import(n, &import, secret, &result, err_));
	size_t events = event_count(f, "witkoff");
	pl_amendment *a = pl_amendment_new(NULL);
	pl_amend_op *op = pl_amendment_add_op(a, PL_OP_EDIT, secret->points[0].id, "gradually");
	op->start = 3;
	op->end = 5;
	pl_error err;
	char id[64];
	expect_refusal(
	    f, "witkoff",
	    pl_amendment_table(n, "secret@1", a, NULL, NULL, PL_PLENARY, id, sizeof id, &err),
	    PL_EINVALID, &err, "not readable in track plenary", events);
	pl_amendment_free(a);
	pl_negotiation_close(n);
	pl_doc_free(secret);
}

/* --- stances with one meaning each (issue 12, item 4) ------------------------- */

/* Several points in one call, all or none; their notes in the matrix's
 * reading order; keep counts as accepting the wording. */
static void test_positions_several_with_notes(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "umerov");
	const char *points[] = {"6", "7", "21"};
	int superseded = -1;
	CHECK(pl_positions_set(n, "framework@1", points, 3, "reject", "not as worded", &superseded,
	                       err_));
	assert_int_equal(superseded, 0);
	const char *bad[] = {"8", "99"};
	pl_error err;
	assert_int_equal(pl_positions_set(n, "framework@1", bad, 2, "accept", NULL, NULL, &err),
	                 PL_ENOTFOUND);
	assert_string_equal(err.message, "framework@1 has no point 99");
	assert_int_equal(pl_positions_set(n, "framework@1", points, 3, "veto", NULL, NULL, &err),
	                 PL_EINVALID);
	assert_non_null(strstr(err.message, "redline, keep, undecided"));
	assert_int_equal(pl_positions_set(n, "framework@1", points, 0, "accept", NULL, NULL, &err),
	                 PL_EINVALID);
	pl_negotiation_close(n);
	position_as(f, "kallas", "framework@1", "5", "keep");
	n = open_as(f, "witkoff");
	pl_table *t, *notes;
	CHECK(pl_matrix(n, "framework@1", &t, err_));
	assert_string_equal(cell(t, "7", "UA"), "reject");
	assert_string_equal(cell(t, "8", "UA"), "undecided");
	assert_string_equal(cell(t, "5", "EU"), "keep");
	assert_string_equal(cell(t, "#keep", "EU"), "1");
	pl_table_free(t);
	CHECK(pl_matrix_notes(n, "framework@1", &notes, err_));
	assert_int_equal(notes->rows, 3);
	/* In the plan's order (its parts put 21 before 6), marked from 1. */
	assert_string_equal(pl_table_cell(notes, 0, 0), "1");
	assert_string_equal(pl_table_cell(notes, 0, 1), "21");
	assert_string_equal(pl_table_cell(notes, 2, 0), "3");
	assert_string_equal(pl_table_cell(notes, 2, 1), "7");
	assert_string_equal(pl_table_cell(notes, 2, 2), "UA");
	assert_string_equal(pl_table_cell(notes, 2, 3), "reject");
	assert_string_equal(pl_table_cell(notes, 2, 4), "not as worded");
	pl_table_free(notes);
	pl_negotiation_close(n);
}

/* keep counts towards consensus; a stance on a superseded version is
 * taken, and says so; a red line's note travels with it. */
static void test_keep_consensus_and_superseded(void **state)
{
	fixture *f = *state;
	const char *actors[] = {"witkoff", "dmitriev", "umerov", "kallas"};
	for (size_t i = 0; i < 4; i++)
		position_as(f, actors[i], "framework@1", "*", i == 2 ? "keep" : "accept");
	pl_negotiation *n = open_as(f, "umerov");
	const char *seven[] = {"7"};
	CHECK(pl_positions_set(n, "framework@1", seven, 1, "keep", "our door stays open", NULL,
	                       err_));
	pl_negotiation_close(n);
	edit_as(f, "kallas", "framework@1", "6", "600,000", "800,000");
	n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_matrix(n, "framework@1", &t, err_));
	assert_string_equal(cell(t, "7", "consensus"), "yes");
	pl_table_free(t);
	pl_doc *base = load(n, "framework@1");
	pl_amendment *a = pl_amendment_new("draft");
	add_delete(a, base, "7");
	CHECK(pl_red_lines(n, "framework@1", a, &t, err_));
	assert_int_equal(t->rows, 1);
	assert_string_equal(pl_table_cell(t, 0, 0), "UA");
	assert_string_equal(pl_table_cell(t, 0, 4), "our door stays open");
	pl_table_free(t);
	pl_amendment_free(a);
	pl_doc_free(base);
	const char *ids[] = {"A1"};
	pl_accept_result result;
	CHECK(pl_amendments_accept(n, "framework", ids, 1, 0, &result, err_));
	pl_accept_result_clear(&result);
	pl_negotiation_close(n);
	n = open_as(f, "umerov");
	int superseded = 0;
	CHECK(pl_positions_set(n, "framework@1", seven, 1, "reject", NULL, &superseded, err_));
	assert_int_equal(superseded, 2);
	CHECK(pl_positions_set(n, "framework", seven, 1, "reject", NULL, &superseded, err_));
	assert_int_equal(superseded, 0);
	pl_negotiation_close(n);
}

/* --- a bracketed text as negotiators write it (issue 12, item 3) ----------------- */

/* The smallest span in brackets (the words the redline changes, white
 * space and the full stop outside), part headings kept, plain text without Markdown's marks, the
 * span in JSON and HTML. */
static void test_brackets_smallest_span(void **state)
{
	fixture *f = *state;
	for (size_t p = 0; p < PARTIES; p++)
		position_as(f, delegates[p], "framework@1", "*", "accept");
	edit_as(f, "kallas", "framework@1", "9", "Poland", "Poland and Romania");
	char *md = brackets(f, "witkoff", "framework@1", "md");
	assert_non_null(strstr(md, "9. European fighter jets are based in [Poland (EU, RU, UA, US)"
	                           " / Poland and Romania (EU, A1)]. {A1}"));
	assert_non_null(strstr(md, "\n\n## Part 2: Security guarantees\n\n5. "));
	free(md);
	char *text = brackets(f, "witkoff", "framework@1", "text");
	assert_true(strncmp(text, "Negotiating text: framework@1\n\n1 of 28 points", 44) == 0);
	assert_non_null(strstr(text, "\n\nPart 2: Security guarantees\n\n5. "));
	assert_null(strstr(text, "**"));
	free(text);
	char *json = brackets(f, "witkoff", "framework@1", "json");
	assert_non_null(strstr(json, "\"span\": \"Poland and Romania\""));
	assert_non_null(strstr(json, "\"reason\": \"A1\""));
	free(json);
	char *html = brackets(f, "witkoff", "framework@1", "html");
	assert_non_null(strstr(html, "<h2>Part 2: Security guarantees</h2>"));
	assert_non_null(strstr(html, "based in <span class=\"bracket\">[Poland <span"));
	free(html);
}

/* Several brackets in one point: amendments that change different places
 * get a bracket each, and wordings proposed alike in one place are one
 * alternative with every proposer; the text with no positions at all has
 * no brackets but those of the amendments. */
static void test_brackets_several_spans(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "kallas");
	pl_doc *base = load(n, "framework@1");
	pl_negotiation_close(n);
	edit_as(f, "kallas", "framework@1", "7", "constitution", "laws");
	edit_as(f, "dmitriev", "framework@1", "7", "in the future", "in the next decade");
	pl_amendment *both = pl_amendment_new(NULL);
	add_edit(both, base, "7", "constitution", "laws");
	add_edit(both, base, "7", "in the future", "in the next decade");
	table_as(f, "umerov", "framework@1", both, NULL);
	char *md = brackets(f, "witkoff", "framework@1", "md");
	assert_non_null(strstr(md, "**1 of 28 points in brackets (2 brackets), 0 proposed new "
	                           "points, 4 alternatives; 0 points agreed by every party.**"));
	assert_non_null(strstr(md, "7. Ukraine writes into its [constitution (base text) / laws "
	                           "(EU, A1; UA, A3)] that it will not join NATO, and NATO writes "
	                           "into its statutes that Ukraine will not be admitted at any "
	                           "point in the [future (base text) / next decade (RU, A2; UA, "
	                           "A3)]. {A1, A2, A3}"));
	assert_non_null(strstr(md, "\n\n6. The strength of Ukraine's armed forces is capped at "
	                           "600,000 personnel.\n\n"));
	free(md);
	char *json = brackets(f, "witkoff", "framework@1", "json");
	assert_non_null(strstr(json, "\"brackets\": 2"));
	assert_non_null(strstr(json, "\"wording\": \"next decade\",\n"));
	free(json);
	n = open_as(f, "witkoff");
	pl_table *t;
	CHECK(pl_progress(n, "framework", &t, err_));
	assert_string_equal(cell(t, "1", "bracketed"), "1");
	assert_string_equal(cell(t, "1", "brackets"), "2");
	pl_table_free(t);
	pl_negotiation_close(n);
	pl_doc_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_table_list_decide, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accept_carry_over, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_carry_over_matches_set, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_label_insertions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_positions_matrix_stale, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_red_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_voting_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_distance_ignores_quoting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_brackets_and_progress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_progress_counts_new_points, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rebuild_identical, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_confidential_amendments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_amend_in_unreadable_track, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_positions_several_with_notes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keep_consensus_and_superseded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_brackets_smallest_span, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_brackets_several_spans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
