/* A property test of authority (issue 11): 10,000 random operations by
 * random delegates — admissions, tracks, joins, imports with canary texts,
 * circulations, positions, amendments and decisions, and raw events that are
 * validly signed but not allowed — judged against a model of its own, which
 * says for each whether it is allowed without asking the library. After
 * every refusal the database is unchanged (no transaction committed, no
 * event added); at checkpoints every chain verifies, a rebuild is
 * identical, and no canary reaches a party that may not see it, through
 * listings, loads or log exports. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "negotiation_int.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "parley/verify.h"

#define CLOCK         "2025-11-20T09:00:00Z"
#define STEPS         10000
#define CHECK_EVERY   2500
#define MAX_PARTIES   8
#define MAX_DELEGATES 24
#define MAX_TRACKS    8
#define MAX_DOCS      40

static pl_error err_storage;
#define CHECK(call)                                                                                \
	do {                                                                                       \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, err_storage.message);                            \
	} while (0)

typedef struct delegate {
	char name[16];
	int party;
	int lead, observer;
	pl_negotiation *n;
} delegate;

typedef struct track {
	char name[16];
	unsigned members;             /* parties, by bit */
	long long since[MAX_PARTIES]; /* the step from which each is a member */
} track;

/* Where a version was placed: its home and circulations, at which step. */
typedef struct model_doc {
	char name[16];
	int home;
	int places[MAX_TRACKS + 1];
	long long placed[MAX_TRACKS + 1];
	int place_count;
	char canary[40];
	int amendments;
} model_doc;

typedef struct model {
	tu_fixture *f;
	unsigned long long seed;
	long long step;
	char party[MAX_PARTIES][8];
	int party_count;
	int has_delegate[MAX_PARTIES];
	delegate d[MAX_DELEGATES];
	int delegate_count;
	track t[MAX_TRACKS]; /* t[0] is the plenary */
	int track_count;
	model_doc docs[MAX_DOCS];
	int doc_count;
	sqlite3 *watch; /* another connection: its data_version counts commits */
	size_t allowed, refused;
} model;

static unsigned pick(model *m, unsigned n)
{
	m->seed = m->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(m->seed >> 33) % n;
}

static long long commits_seen(model *m)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(m->watch, "PRAGMA data_version", -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

/* Checks an operation's outcome against the model: allowed ones succeed,
 * forbidden ones are refused and change nothing. */
static long long before = -1;

static void outcome(model *m, int allowed, int rc, const pl_error *err, const char *what)
{
	long long now = commits_seen(m);
	if (allowed && rc != 0)
		fail_msg("step %lld: %s was refused: %s", m->step, what, err->message);
	if (!allowed && rc == 0)
		fail_msg("step %lld: %s succeeded, but the rules forbid it", m->step, what);
	if (!allowed && before >= 0 && now != before)
		fail_msg("step %lld: the refused %s changed the database", m->step, what);
	before = now;
	if (allowed)
		m->allowed++;
	else
		m->refused++;
}

static int member(const model *m, int t, int party)
{
	return m->t[t].members >> party & 1u;
}

/* The model's viewer rule: party sees doc if it was a member of a track
 * holding it no later than it arrived there. */
static int sees(const model *m, const model_doc *d, int party)
{
	for (int i = 0; i < d->place_count; i++) {
		const track *t = &m->t[d->places[i]];
		if ((t->members >> party & 1u) &&
		    (d->places[i] == 0 || t->since[party] <= d->placed[i]))
			return 1;
	}
	return 0;
}

/* After changes the model does not judge (checkpoints), a new baseline. */
static void mark_before(model *m)
{
	before = commits_seen(m);
}

/* --- operations ------------------------------------------------------------ */

static delegate *someone(model *m)
{
	return &m->d[pick(m, (unsigned)m->delegate_count)];
}

static void op_party(model *m)
{
	if (m->party_count == MAX_PARTIES)
		return;
	delegate *who = someone(m);
	char code[8];
	snprintf(code, sizeof code, "P%d", m->party_count);
	pl_error err;
	int allowed = who->party == 0 && who->lead && !who->observer && who == &m->d[0];
	int rc = pl_party_add(who->n, code, "A party", &err);
	outcome(m, allowed, rc, &err, "party add");
	if (allowed) {
		int p = m->party_count++;
		snprintf(m->party[p], sizeof m->party[p], "%s", code);
		m->t[0].members |= 1u << p;
	}
}

static void op_delegate(model *m)
{
	if (m->delegate_count == MAX_DELEGATES)
		return;
	delegate *who = someone(m);
	int party = (int)pick(m, (unsigned)m->party_count);
	int lead = pick(m, 2), observer = !lead && pick(m, 3) == 0;
	int allowed = !who->observer &&
	              (m->has_delegate[party] ? who->lead && who->party == party : who == &m->d[0]);
	delegate *d = &m->d[m->delegate_count];
	snprintf(d->name, sizeof d->name, "x%d", m->delegate_count);
	char key_path[4096];
	pl_error err;
	int rc = pl_delegate_add(who->n, d->name, m->party[party],
	                         observer ? "observer"
	                         : lead   ? "lead"
	                                  : "member",
	                         NULL, key_path, sizeof key_path, &err);
	outcome(m, allowed, rc, &err, "delegate add");
	if (!allowed)
		return;
	d->party = party;
	d->lead = lead;
	d->observer = observer;
	pl_open_options options = {
	    .path = m->f->path, .clock = CLOCK, .actor = d->name, .keys_dir = m->f->keys};
	CHECK(pl_negotiation_open(&d->n, &options, &err_storage));
	m->has_delegate[party] = 1;
	m->delegate_count++;
}

static void op_track(model *m)
{
	if (m->track_count == MAX_TRACKS)
		return;
	delegate *who = someone(m);
	unsigned members = 1u << who->party | pick(m, 1u << m->party_count);
	const char *codes[MAX_PARTIES];
	size_t count = 0;
	for (int p = 0; p < m->party_count; p++)
		if (members >> p & 1u)
			codes[count++] = m->party[p];
	track *t = &m->t[m->track_count];
	snprintf(t->name, sizeof t->name, "t%d", m->track_count);
	pl_error err;
	int rc = pl_track_add(who->n, t->name, codes, count, NULL, &err);
	outcome(m, !who->observer, rc, &err, "track add");
	if (who->observer)
		return;
	t->members = members;
	for (int p = 0; p < MAX_PARTIES; p++)
		t->since[p] = m->step;
	m->track_count++;
}

static void op_join(model *m)
{
	if (m->track_count < 2)
		return;
	delegate *who = someone(m);
	int t = 1 + (int)pick(m, (unsigned)m->track_count - 1);
	int party = (int)pick(m, (unsigned)m->party_count);
	int allowed = !who->observer && member(m, t, who->party) && !member(m, t, party);
	pl_error err;
	int rc = pl_track_join(who->n, m->t[t].name, m->party[party], &err);
	outcome(m, allowed, rc, &err, "track join");
	if (allowed) {
		m->t[t].members |= 1u << party;
		m->t[t].since[party] = m->step;
	}
}

static void op_import(model *m)
{
	if (m->doc_count == MAX_DOCS)
		return;
	delegate *who = someone(m);
	int t = (int)pick(m, (unsigned)m->track_count);
	model_doc *d = &m->docs[m->doc_count];
	snprintf(d->name, sizeof d->name, "doc%d", m->doc_count);
	snprintf(d->canary, sizeof d->canary, "CANARY%dx", m->doc_count);
	char text[256];
	snprintf(text, sizeof text, "# Plan\n\n1. The parties agree on %s.\n\n2. Another point.\n",
	         d->canary);
	pl_doc *plan = tu_parse(text);
	pl_import_options options = {.document = d->name, .track = t ? m->t[t].name : NULL};
	pl_import_result result;
	pl_error err;
	int allowed = !who->observer && member(m, t, who->party);
	int rc = pl_document_import(who->n, &options, plan, &result, &err);
	pl_doc_free(plan);
	outcome(m, allowed, rc, &err, "import");
	if (!allowed)
		return;
	d->home = t;
	d->places[0] = t;
	d->placed[0] = m->step;
	d->place_count = 1;
	m->doc_count++;
}

static void op_circulate(model *m)
{
	if (m->doc_count == 0)
		return;
	delegate *who = someone(m);
	model_doc *d = &m->docs[pick(m, (unsigned)m->doc_count)];
	int t = (int)pick(m, (unsigned)m->track_count);
	if (d->place_count == MAX_TRACKS + 1)
		return;
	char ref[32];
	snprintf(ref, sizeof ref, "%s@1", d->name);
	int allowed = !who->observer && sees(m, d, who->party) && member(m, t, who->party);
	pl_error err;
	int rc = pl_circulate(who->n, ref, m->t[t].name, NULL, &err);
	outcome(m, allowed, rc, &err, "circulate");
	if (allowed) {
		d->places[d->place_count] = t;
		d->placed[d->place_count++] = m->step;
	}
}

/* A position for the actor's own party (allowed when it sees the version
 * in the plenary), or a raw one for another party (never allowed). */
static void op_position(model *m)
{
	if (m->doc_count == 0)
		return;
	delegate *who = someone(m);
	model_doc *d = &m->docs[pick(m, (unsigned)m->doc_count)];
	char ref[32];
	snprintf(ref, sizeof ref, "%s@1", d->name);
	pl_error err;
	int in_plenary = 0;
	for (int i = 0; i < d->place_count; i++)
		in_plenary |= d->places[i] == 0;
	if (m->party_count < 2 || (pick(m, 2) && in_plenary)) {
		if (!in_plenary)
			return;
		int rc = pl_position_set(who->n, ref, "1", "accept", NULL, &err);
		outcome(m, !who->observer, rc, &err, "position");
		return;
	}
	int other = (who->party + 1 + (int)pick(m, (unsigned)m->party_count - 1)) % m->party_count;
	char json[256];
	snprintf(json, sizeof json,
	         "{\"document\":\"%s\",\"number\":1,\"point\":\"*\",\"party\":\"%s\","
	         "\"stance\":\"accept\",\"note\":null}",
	         d->name, m->party[other]);
	json_t *payload = json_loads(json, 0, NULL);
	int rc = pl_neg_begin(who->n, &err);
	if (rc == 0)
		rc = pl_neg_end(
		    who->n, pl_neg_append(who->n, "plenary", "position.set", payload, &err), &err);
	json_decref(payload);
	outcome(m, 0, rc, &err, "raw position for another party");
}

/* A deletion tabled by the actor's party on a plenary document, or a raw
 * "accepted" status with no adoption (never allowed). */
static void op_amend(model *m)
{
	if (m->doc_count == 0)
		return;
	delegate *who = someone(m);
	model_doc *d = &m->docs[pick(m, (unsigned)m->doc_count)];
	if (d->home != 0)
		return;
	pl_error err;
	if (pick(m, 3)) {
		pl_amendment *a = pl_amendment_new("");
		pl_amendment_add_op(a, PL_OP_DELETE, "p2", NULL);
		char ref[32], id[64];
		snprintf(ref, sizeof ref, "%s@1", d->name);
		int allowed = !who->observer && d->amendments < 50;
		if (!allowed && !who->observer)
			return;
		int rc = pl_amendment_table(who->n, ref, a, NULL, NULL, NULL, id, sizeof id, &err);
		pl_amendment_free(a);
		outcome(m, allowed, rc, &err, "amend");
		d->amendments += allowed;
		return;
	}
	if (d->amendments == 0)
		return;
	char json[256];
	snprintf(json, sizeof json,
	         "{\"document\":\"%s\",\"id\":\"A%d\",\"status\":\"accepted\",\"note\":null}",
	         d->name, 1 + (int)pick(m, (unsigned)d->amendments));
	json_t *payload = json_loads(json, 0, NULL);
	int rc = pl_neg_begin(who->n, &err);
	if (rc == 0)
		rc = pl_neg_end(who->n,
		                pl_neg_append(who->n, "plenary", "amendment.status", payload, &err),
		                &err);
	json_decref(payload);
	outcome(m, 0, rc, &err, "raw acceptance without adoption");
}

/* --- checkpoints ------------------------------------------------------------ */

/* No canary reaches a party the model says may not see it: through the
 * document list, loads of every listed version, and the plenary's log. */
static void check_canaries(model *m, delegate *who)
{
	pl_version_info *infos;
	size_t count;
	CHECK(pl_document_list(who->n, &infos, &count, &err_storage));
	size_t expected = 0;
	for (int i = 0; i < m->doc_count; i++)
		expected += sees(m, &m->docs[i], who->party);
	if (count != expected)
		fail_msg("step %lld: %s lists %zu documents, the model says %zu", m->step,
		         who->name, count, expected);
	for (size_t i = 0; i < count; i++) {
		pl_doc *doc;
		CHECK(pl_version_load(who->n, infos[i].document, &doc, NULL, &err_storage));
		int k = atoi(infos[i].document + 3);
		if (!strstr(doc->points[0].text, m->docs[k].canary) ||
		    !sees(m, &m->docs[k], who->party))
			fail_msg("step %lld: %s reads %s", m->step, who->name, infos[i].document);
		pl_doc_free(doc);
	}
	pl_version_info_free_array(infos, count);
	pl_buf log = PL_BUF_INIT;
	CHECK(pl_log_export(who->n, "plenary", &log, &err_storage));
	for (int i = 0; i < m->doc_count; i++)
		if (!sees(m, &m->docs[i], who->party) && strstr(log.ptr, m->docs[i].canary))
			fail_msg("step %lld: %s's log export holds %s", m->step, who->name,
			         m->docs[i].canary);
	pl_buf_free(&log);
}

static void checkpoint(model *m)
{
	pl_verify_report report;
	CHECK(pl_verify(m->d[0].n, NULL, NULL, &report, &err_storage));
	pl_rebuild_report rebuild;
	CHECK(pl_negotiation_rebuild(m->d[0].n, &rebuild, &err_storage));
	if (!rebuild.identical)
		fail_msg("step %lld: a rebuild changed the projections", m->step);
	for (int i = 0; i < m->delegate_count; i++)
		check_canaries(m, &m->d[i]);
	mark_before(m);
}

static void test_random_operations(void **state)
{
	(void)state;
	model *m = calloc(1, sizeof *m);
	m->f = tu_fixture_new();
	m->seed = 20251120;
	tu_found(m->f, CLOCK, NULL);
	m->d[0] = (delegate){"sec", 0, 1, 0, m->f->n};
	m->f->n = NULL;
	snprintf(m->party[0], sizeof m->party[0], "UN");
	m->party_count = m->delegate_count = m->has_delegate[0] = m->track_count = 1;
	m->t[0].members = 1;
	snprintf(m->t[0].name, sizeof m->t[0].name, "plenary");
	assert_int_equal(sqlite3_open(m->f->path, &m->watch), SQLITE_OK);
	mark_before(m);
	void (*const ops[])(model *) = {op_party,     op_delegate, op_delegate, op_track,
	                                op_join,      op_import,   op_import,   op_circulate,
	                                op_circulate, op_position, op_position, op_amend};
	/* Operations that find nothing to act on are not counted. */
	size_t done = 0, checked = 0;
	for (m->step = 1; done < STEPS; m->step++) {
		ops[pick(m, sizeof ops / sizeof *ops)](m);
		done = m->allowed + m->refused;
		if (done / CHECK_EVERY > checked) {
			checked = done / CHECK_EVERY;
			checkpoint(m);
		}
	}
	print_message("%zu operations allowed, %zu refused; %d parties, %d delegates, %d tracks, "
	              "%d documents\n",
	              m->allowed, m->refused, m->party_count, m->delegate_count, m->track_count,
	              m->doc_count);
	assert_true(m->refused > STEPS / 10);
	assert_true(m->allowed > STEPS / 10);
	sqlite3_close(m->watch);
	for (int i = 0; i < m->delegate_count; i++)
		pl_negotiation_close(m->d[i].n);
	tu_fixture_free(m->f);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_operations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
