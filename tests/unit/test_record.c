/* Tests of the record (issue 4): confidentiality as a property over random
 * negotiations, forged events, and the checks on key files.
 *
 * The confidentiality test keeps its own model of who may see what, built
 * from the operations alone, and compares every read the library offers
 * against it: a version is visible to a party that was a member of its home
 * track when it was made, or of a track it was circulated to when it was
 * circulated (joining later reveals nothing earlier); the plenary is open
 * to all. Every confidential text carries a canary unique to it. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event_int.h"
#include "parley/format.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/redline.h"
#include "parley/verify.h"
#include "record_int.h"

#define CLOCK   "2025-11-20T09:00:00Z"
#define PARTIES 4
static const char *const party_codes[PARTIES] = {"US", "RU", "UA", "EU"};
static const char *const party_names[PARTIES] = {"United States", "Russia", "Ukraine",
                                                 "European Union"};
static const char *const delegate_names[PARTIES] = {"d_US", "d_RU", "d_UA", "d_EU"};

typedef tu_fixture fixture;

static int setup(void **state)
{
	fixture *f = tu_fixture_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

static int try_open(const char *path, const char *keys, const char *actor, int create,
                    pl_negotiation **out, pl_error *err)
{
	pl_open_options options = {
	    .path = path, .create = create, .clock = CLOCK, .actor = actor, .keys_dir = keys};
	return pl_negotiation_open(out, &options, err);
}

static pl_negotiation *open_as(const fixture *f, const char *actor)
{
	pl_negotiation *n;
	pl_error err;
	if (try_open(f->path, f->keys, actor, 0, &n, &err))
		fail_msg("open as %s: %s", actor ? actor : "nobody", err.message);
	return n;
}

#define CHECK(call)                                                                                \
	do {                                                                                       \
		pl_error check_err_;                                                               \
		pl_error *err_ = &check_err_;                                                      \
		(void)err_;                                                                        \
		if ((call) != 0)                                                                   \
			fail_msg("%s: %s", #call, check_err_.message);                             \
	} while (0)

/* A negotiation with the four parties and one lead delegate each (d_US
 * signs its own arrival and adds the others). */
static void make_parties(const fixture *f)
{
	pl_negotiation *n;
	pl_error err;
	char key_path[4096];
	if (try_open(f->path, f->keys, NULL, 1, &n, &err))
		fail_msg("create: %s", err.message);
	pl_found_options found = {delegate_names[0], party_codes[0], party_names[0], NULL, NULL};
	CHECK(pl_negotiation_found(n, &found, key_path, sizeof key_path, err_));
	for (size_t p = 1; p < PARTIES; p++)
		CHECK(pl_party_add(n, party_codes[p], party_names[p], err_));
	for (size_t p = 1; p < PARTIES; p++)
		CHECK(pl_delegate_add(n, delegate_names[p], party_codes[p], "lead", NULL, key_path,
		                      sizeof key_path, err_));
	pl_negotiation_close(n);
}

/* --- the model ------------------------------------------------------- */

#define MAX_TRACKS   6
#define MAX_DOCS     16
#define MAX_VERSIONS 64
#define MAX_NOTES    64
#define ALL_PARTIES  ((1u << PARTIES) - 1)

typedef struct model_version {
	int doc;
	int number;
	unsigned visible; /* parties (bits) that may read it */
	char canary[48];
} model_version;

typedef struct model_doc {
	char name[16];
	int track; /* index into tracks; -1 for the plenary */
	int latest;
} model_doc;

typedef struct model_note {
	unsigned visible;
	char canary[48];
} model_note;

typedef struct model {
	uint64_t rng;
	int sequence;
	char track_names[MAX_TRACKS][16];
	unsigned members[MAX_TRACKS];
	int track_count;
	model_doc docs[MAX_DOCS];
	int doc_count;
	model_version versions[MAX_VERSIONS];
	int version_count;
	model_note notes[MAX_NOTES];
	int note_count;
	int refused;            /* operations the model predicted to fail, and that did */
	int hidden_from_member; /* reads of a version a later member may not see */
} model;

/* xorshift64*: the same sequences on every machine. */
static uint32_t next_random(model *m)
{
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (uint32_t)((m->rng * 2685821657736338717ull) >> 32);
}

static int pick(model *m, int below)
{
	return (int)(next_random(m) % (uint32_t)below);
}

static unsigned track_members_of(const model *m, int track)
{
	return track < 0 ? ALL_PARTIES : m->members[track];
}

static const char *track_name(const model *m, int track)
{
	return track < 0 ? PL_PLENARY : m->track_names[track];
}

static model_version *find_version(model *m, int doc, int number)
{
	for (int i = 0; i < m->version_count; i++)
		if (m->versions[i].doc == doc && m->versions[i].number == number)
			return &m->versions[i];
	return NULL;
}

static int may_see(model *m, int party, int doc, int number)
{
	model_version *v = find_version(m, doc, number);
	return v && (v->visible >> party & 1u);
}

/* The latest version party may read, or 0. */
static int latest_seen(model *m, int party, int doc)
{
	for (int v = m->docs[doc].latest; v >= 1; v--)
		if (may_see(m, party, doc, v))
			return v;
	return 0;
}

/* --- operations, each predicted by the model ---------------------------- */

static const char *const words[] = {"ceasefire", "border",    "guarantee", "sanctions",
                                    "elections", "amnesty",   "territory", "monitoring",
                                    "assets",    "sovereign", "security",  "referendum"};

static void add_words(model *m, pl_buf *text, int count)
{
	for (int i = 0; i < count; i++)
		pl_buf_printf(text, " %s", words[pick(m, (int)(sizeof words / sizeof *words))]);
}

/* A small plan whose every text holds canary. */
static pl_doc *generate_plan(model *m, const char *canary)
{
	pl_buf text = PL_BUF_INIT;
	pl_buf_printf(&text, "# Plan %s\n\n", canary);
	if (pick(m, 2))
		pl_buf_printf(&text, "Preamble %s.\n\n## Part %s\n\n", canary, canary);
	int points = 1 + pick(m, 3);
	for (int p = 1; p <= points; p++) {
		pl_buf_printf(&text, "%d. Point %s", p, canary);
		add_words(m, &text, 2 + pick(m, 5));
		if (pick(m, 3) == 0)
			pl_buf_printf(&text, ": (a) first %s; (b) second %s", canary, canary);
		pl_buf_puts(&text, ".\n\n");
	}
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, text.ptr, text.len, "generated.md", &err))
		fail_msg("generated plan does not parse: %s\n%s", err.message, text.ptr);
	pl_buf_free(&text);
	return doc;
}

static void expect_outcome(model *m, int rc, int allowed, const char *what, const pl_error *err)
{
	if (allowed && rc != 0)
		fail_msg("sequence %d: %s failed: %s", m->sequence, what, err->message);
	if (!allowed && rc == 0)
		fail_msg("sequence %d: %s succeeded; the viewer rule forbids it", m->sequence,
		         what);
	m->refused += !allowed;
}

static void op_track_add(model *m, pl_negotiation **as)
{
	if (m->track_count == MAX_TRACKS)
		return;
	int creator = pick(m, PARTIES);
	unsigned members = (1u << creator) | (unsigned)pick(m, 1 << PARTIES);
	const char *codes[PARTIES];
	size_t count = 0;
	for (int p = 0; p < PARTIES; p++)
		if (members >> p & 1u)
			codes[count++] = party_codes[p];
	int t = m->track_count;
	snprintf(m->track_names[t], sizeof m->track_names[t], "t%d", t);
	pl_error err;
	int rc = pl_track_add(as[creator], m->track_names[t], codes, count, NULL, &err);
	expect_outcome(m, rc, 1, "track add", &err);
	m->members[t] = members;
	m->track_count++;
}

static void op_import(model *m, pl_negotiation **as)
{
	if (m->version_count == MAX_VERSIONS)
		return;
	int actor = pick(m, PARTIES);
	int new_doc = m->doc_count == 0 || (m->doc_count < MAX_DOCS && pick(m, 3) == 0);
	int d, track, allowed;
	if (new_doc) {
		d = m->doc_count;
		track = pick(m, m->track_count + 1) - 1;
		allowed = track_members_of(m, track) >> actor & 1u;
	} else {
		d = pick(m, m->doc_count);
		track = m->docs[d].track;
		allowed = may_see(m, actor, d, m->docs[d].latest) &&
		          (track_members_of(m, track) >> actor & 1u);
	}
	char name[16];
	snprintf(name, sizeof name, "doc%d", d);
	int number = new_doc ? 1 : m->docs[d].latest + 1;
	char canary[48];
	snprintf(canary, sizeof canary, "CANARYs%dd%dv%dx", m->sequence, d, number);
	pl_doc *doc = generate_plan(m, canary);
	pl_import_options options = {.document = name,
	                             .source = "generated.md",
	                             .track = new_doc && track >= 0 ? m->track_names[track] : NULL};
	pl_import_result result;
	pl_error err;
	int rc = pl_document_import(as[actor], &options, doc, &result, &err);
	pl_doc_free(doc);
	char what[128];
	snprintf(what, sizeof what, "%s imports %s@%d into %s", party_codes[actor], name, number,
	         track_name(m, track));
	expect_outcome(m, rc, allowed, what, &err);
	if (!allowed)
		return;
	assert_int_equal(result.number, number);
	if (new_doc) {
		snprintf(m->docs[d].name, sizeof m->docs[d].name, "%s", name);
		m->docs[d].track = track;
		m->doc_count++;
	}
	m->docs[d].latest = number;
	model_version *v = &m->versions[m->version_count++];
	*v = (model_version){d, number, track_members_of(m, track), {0}};
	snprintf(v->canary, sizeof v->canary, "%s", canary);
}

static void op_circulate(model *m, pl_negotiation **as)
{
	if (m->version_count == 0 || m->note_count == MAX_NOTES)
		return;
	int actor = pick(m, PARTIES);
	model_version *v = &m->versions[pick(m, m->version_count)];
	int to = pick(m, m->track_count + 1) - 1;
	int allowed = (v->visible >> actor & 1u) && (track_members_of(m, to) >> actor & 1u);
	char ref[32], note[48], what[128];
	snprintf(ref, sizeof ref, "%s@%d", m->docs[v->doc].name, v->number);
	snprintf(note, sizeof note, "NOTEs%dn%dx", m->sequence, m->note_count);
	pl_error err;
	int rc = pl_circulate(as[actor], ref, track_name(m, to), note, &err);
	snprintf(what, sizeof what, "%s circulates %s to %s", party_codes[actor], ref,
	         track_name(m, to));
	expect_outcome(m, rc, allowed, what, &err);
	if (!allowed)
		return;
	v->visible |= track_members_of(m, to);
	model_note *n = &m->notes[m->note_count++];
	n->visible = track_members_of(m, to);
	snprintf(n->canary, sizeof n->canary, "%s", note);
}

static void op_join(model *m, pl_negotiation **as)
{
	if (m->track_count == 0)
		return;
	int actor = pick(m, PARTIES), t = pick(m, m->track_count), party = pick(m, PARTIES);
	/* Mostly a member adds a party that is not in yet; now and then
	 * anyone tries anything. */
	if (pick(m, 4)) {
		while (!(m->members[t] >> actor & 1u))
			actor = pick(m, PARTIES);
		for (int tries = 0; tries < 8 && (m->members[t] >> party & 1u); tries++)
			party = pick(m, PARTIES);
	}
	int allowed = (m->members[t] >> actor & 1u) && !(m->members[t] >> party & 1u);
	pl_error err;
	int rc = pl_track_join(as[actor], m->track_names[t], party_codes[party], &err);
	char what[96];
	snprintf(what, sizeof what, "%s adds %s to %s", party_codes[actor], party_codes[party],
	         m->track_names[t]);
	expect_outcome(m, rc, allowed, what, &err);
	if (allowed)
		m->members[t] |= 1u << party;
}

/* --- reading everything as one party --------------------------------- */

typedef struct viewer {
	model *m;
	int party;
	pl_negotiation *n;
	size_t outputs; /* outputs scanned */
} viewer;

/* The line of text around at, for a failure message. */
static void excerpt(char *out, size_t size, const char *text, const char *at)
{
	const char *start = at, *end = at;
	while (start > text && start[-1] != '\n' && at - start < 300)
		start--;
	while (*end && *end != '\n' && end - at < 300)
		end++;
	snprintf(out, size, "%.*s", (int)(end - start), start);
}

/* No canary the viewer's party may not see is in text. */
static void scan(viewer *w, const char *text, const char *what)
{
	model *m = w->m;
	char line[700];
	const char *at;
	w->outputs++;
	for (int i = 0; i < m->version_count; i++) {
		if (m->versions[i].visible >> w->party & 1u ||
		    !(at = strstr(text, m->versions[i].canary)))
			continue;
		excerpt(line, sizeof line, text, at);
		fail_msg("sequence %d: %s sees %s@%d (%s) in %s: %s", m->sequence,
		         party_codes[w->party], m->docs[m->versions[i].doc].name,
		         m->versions[i].number, m->versions[i].canary, what, line);
	}
	for (int i = 0; i < m->note_count; i++) {
		if (m->notes[i].visible >> w->party & 1u ||
		    !(at = strstr(text, m->notes[i].canary)))
			continue;
		excerpt(line, sizeof line, text, at);
		fail_msg("sequence %d: %s reads the note %s in %s: %s", m->sequence,
		         party_codes[w->party], m->notes[i].canary, what, line);
	}
}

static void scan_table(viewer *w, const pl_table *table, const char *what)
{
	pl_buf out = PL_BUF_INIT;
	pl_table_write_text(&out, table);
	pl_table_write_json(&out, table, "x");
	pl_table_write_csv(&out, table);
	scan(w, out.ptr, what);
	pl_buf_free(&out);
}

static void scan_infos(viewer *w, const pl_version_info *infos, size_t count, const char *what)
{
	pl_buf out = PL_BUF_INIT;
	pl_format_versions_json(&out, infos, count);
	pl_format_versions_text(&out, infos, count);
	scan(w, out.ptr, what);
	pl_buf_free(&out);
}

static void scan_doc(viewer *w, const pl_doc *doc, const pl_version_info *info, const char *what)
{
	pl_doc_meta meta = {
	    info->document, info->number, info->created_at, info->source, NULL, NULL, 0};
	pl_buf out = PL_BUF_INIT;
	pl_format_json(&out, doc, &meta);
	pl_format_html(&out, doc, &meta);
	pl_format_text(&out, doc, &meta);
	pl_markdown_write(&out, doc);
	scan_infos(w, info, 1, what);
	scan(w, out.ptr, what);
	pl_buf_free(&out);
}

static void scan_redline(viewer *w, const pl_doc *a, const pl_doc *b, const char *what)
{
	pl_redline *r;
	pl_error err;
	pl_redline_options options = {0, 1};
	if (pl_redline_compute(&r, a, b, &options, &err))
		fail_msg("redline %s: %s", what, err.message);
	pl_redline_render render = {"a", "b", 0, 0, NULL, NULL};
	pl_buf out = PL_BUF_INIT;
	pl_redline_write_text(&out, r, &render);
	pl_redline_write_markdown(&out, r, &render);
	pl_redline_write_html(&out, r, &render);
	pl_redline_write_json(&out, r, &render);
	pl_redline_write_stat(&out, r, &render);
	scan(w, out.ptr, what);
	pl_buf_free(&out);
	pl_redline_free(r);
}

/* A refusal must read exactly as the refusal for a name that does not
 * exist: template is that message with missing in place of name. */
static void same_as_missing(const char *message, const char *template, const char *missing,
                            const char *name)
{
	const char *at = strstr(template, missing);
	assert_non_null(at);
	char expected[1200];
	snprintf(expected, sizeof expected, "%.*s%s%s", (int)(at - template), template, name,
	         at + strlen(missing));
	assert_string_equal(message, expected);
}

static void read_versions(viewer *w, int d)
{
	model *m = w->m;
	const char *name = m->docs[d].name;
	int latest = latest_seen(m, w->party, d);
	pl_doc *previous = NULL;
	char ref[32], missing_message[1024];
	pl_error err;
	pl_doc *doc;
	/* A version past the end: the message every unseen version must give. */
	snprintf(ref, sizeof ref, "%s@%d", name, m->docs[d].latest + 7);
	assert_int_equal(pl_version_load(w->n, ref, &doc, NULL, &err), PL_ENOTFOUND);
	snprintf(missing_message, sizeof missing_message, "%s", err.message);
	for (int v = 1; v <= m->docs[d].latest + 1; v++) {
		snprintf(ref, sizeof ref, "%s@%d", name, v);
		pl_version_info info;
		int rc = pl_version_load(w->n, ref, &doc, &info, &err);
		if (may_see(m, w->party, d, v)) {
			if (rc)
				fail_msg("sequence %d: %s cannot read %s: %s", m->sequence,
				         party_codes[w->party], ref, err.message);
			assert_int_equal(info.number, v);
			scan_doc(w, doc, &info, ref);
			pl_table *seen;
			CHECK(pl_seen(w->n, ref, &seen, err_));
			scan_table(w, seen, "seen");
			int listed = 0;
			for (size_t r = 0; r < seen->rows; r++)
				listed |=
				    strcmp(pl_table_cell(seen, r, 0), party_codes[w->party]) == 0;
			assert_true(listed);
			pl_table_free(seen);
			if (previous)
				scan_redline(w, previous, doc, ref);
			pl_doc_free(previous);
			previous = doc;
			pl_version_info_clear(&info);
			continue;
		}
		if (rc == 0)
			fail_msg("sequence %d: %s may not read %s, yet it loads", m->sequence,
			         party_codes[w->party], ref);
		m->hidden_from_member += v <= m->docs[d].latest &&
		                         (track_members_of(m, m->docs[d].track) >> w->party & 1u);
		assert_int_equal(rc, PL_ENOTFOUND);
		if (latest == 0) {
			char expected[128];
			snprintf(expected, sizeof expected, "no document named '%s'", name);
			assert_string_equal(err.message, expected);
		} else {
			char past[32], asked[32];
			snprintf(past, sizeof past, "version %d ", m->docs[d].latest + 7);
			snprintf(asked, sizeof asked, "version %d ", v);
			same_as_missing(err.message, missing_message, past, asked);
		}
		pl_table *seen = NULL;
		assert_int_equal(pl_seen(w->n, ref, &seen, &err), PL_ENOTFOUND);
		assert_int_equal(pl_circulate(w->n, ref, PL_PLENARY, NULL, &err), PL_ENOTFOUND);
	}
	pl_doc_free(previous);
	/* The latest as "DOC". */
	pl_version_info info;
	int rc = pl_version_load(w->n, name, &doc, &info, &err);
	assert_int_equal(rc == 0, latest > 0);
	if (rc == 0) {
		assert_int_equal(info.number, latest);
		scan_doc(w, doc, &info, name);
		pl_doc_free(doc);
		pl_version_info_clear(&info);
	} else {
		same_as_missing(err.message, "no document named 'nothing'", "nothing", name);
	}
	pl_version_info *infos;
	size_t count;
	rc = pl_version_list(w->n, name, &infos, &count, &err);
	size_t expected = 0;
	for (int v = 1; v <= m->docs[d].latest; v++)
		expected += (size_t)may_see(m, w->party, d, v);
	assert_int_equal(rc == 0 ? count : 0, expected);
	if (rc == 0) {
		scan_infos(w, infos, count, "versions");
		pl_version_info_free_array(infos, count);
	} else {
		same_as_missing(err.message, "no document named 'nothing'", "nothing", name);
	}
}

static void read_track(viewer *w, int t)
{
	model *m = w->m;
	const char *name = track_name(m, t);
	int member = track_members_of(m, t) >> w->party & 1u;
	pl_error err;
	pl_table *table = NULL;
	int rc = pl_track_members(w->n, name, &table, &err);
	assert_int_equal(rc == 0, member);
	if (rc == 0) {
		scan_table(w, table, "track members");
		pl_table_free(table);
	} else {
		same_as_missing(err.message, "no track named 'nothing'", "nothing", name);
	}
	pl_buf out = PL_BUF_INIT;
	rc = pl_log_export(w->n, name, &out, &err);
	assert_int_equal(rc == 0, member);
	if (rc == 0) {
		char what[64];
		snprintf(what, sizeof what, "the log export of %s", name);
		scan(w, out.ptr, what);
		pl_verify_report report;
		if (pl_log_verify(out.ptr, out.len, NULL, &report, &err))
			fail_msg("the exported log of %s does not verify: %s", name, err.message);
	} else {
		same_as_missing(err.message, "no track named 'nothing'", "nothing", name);
	}
	pl_buf_free(&out);
	char hash[65];
	long long seq;
	rc = pl_log_head(w->n, name, hash, &seq, &err);
	assert_int_equal(rc == 0, member);
	pl_verify_report report;
	rc = pl_verify(w->n, name, NULL, &report, &err);
	if (member && rc)
		fail_msg("verify %s as %s: %s", name, party_codes[w->party], err.message);
	if (!member)
		same_as_missing(err.message, "no track named 'nothing'", "nothing", name);
}

static void read_everything(model *m, int party, pl_negotiation *n)
{
	viewer w = {m, party, n, 0};
	pl_error err;
	pl_version_info *infos;
	size_t count;
	CHECK(pl_document_list(n, &infos, &count, err_));
	size_t expected = 0;
	for (int d = 0; d < m->doc_count; d++)
		expected += latest_seen(m, party, d) > 0;
	assert_int_equal(count, expected);
	scan_infos(&w, infos, count, "docs");
	pl_version_info_free_array(infos, count);
	for (int d = 0; d < m->doc_count; d++)
		read_versions(&w, d);
	pl_table *table;
	CHECK(pl_track_list(n, &table, err_));
	size_t tracks = 1;
	for (int t = 0; t < m->track_count; t++)
		tracks += m->members[t] >> party & 1u;
	assert_int_equal(table->rows, tracks);
	scan_table(&w, table, "track list");
	pl_table_free(table);
	CHECK(pl_party_list(n, &table, err_));
	scan_table(&w, table, "party list");
	pl_table_free(table);
	CHECK(pl_delegate_list(n, &table, err_));
	scan_table(&w, table, "delegate list");
	pl_table_free(table);
	for (int t = -1; t < m->track_count; t++)
		read_track(&w, t);
	pl_verify_report report;
	if (pl_verify(n, NULL, NULL, &report, &err))
		fail_msg("verify as %s: %s", party_codes[party], err.message);
	assert_true(w.outputs > 0);
}

static void run_sequence(const fixture *f, model *m, int operations)
{
	make_parties(f);
	pl_negotiation *as[PARTIES];
	for (int p = 0; p < PARTIES; p++)
		as[p] = open_as(f, delegate_names[p]);
	int first_tracks = 2 + pick(m, 3);
	for (int i = 0; i < first_tracks; i++)
		op_track_add(m, as);
	for (int i = 0; i < operations; i++) {
		int op = pick(m, 20);
		if (op < 8)
			op_import(m, as);
		else if (op < 15)
			op_circulate(m, as);
		else if (op < 19)
			op_join(m, as);
		else
			op_track_add(m, as);
	}
	for (int p = 0; p < PARTIES; p++)
		read_everything(m, p, as[p]);
	for (int p = 0; p < PARTIES; p++)
		pl_negotiation_close(as[p]);
	/* Someone who is no delegate sees the plenary only. */
	pl_negotiation *nobody = open_as(f, NULL);
	pl_version_info *infos;
	size_t count;
	CHECK(pl_document_list(nobody, &infos, &count, err_));
	for (size_t i = 0; i < count; i++)
		for (int v = 0; v < m->version_count; v++)
			if (m->versions[v].visible != ALL_PARTIES && infos[i].title &&
			    strstr(infos[i].title, m->versions[v].canary))
				fail_msg("a reader without a delegate sees %s",
				         m->versions[v].canary);
	pl_version_info_free_array(infos, count);
	pl_negotiation_close(nobody);
	/* What was built incrementally is what the events rebuild. */
	pl_negotiation *n = open_as(f, delegate_names[0]);
	pl_rebuild_report rebuilt;
	CHECK(pl_negotiation_rebuild(n, &rebuilt, err_));
	assert_true(rebuilt.identical);
	pl_negotiation_close(n);
}

static void test_confidentiality_property(void **state)
{
	fixture *f = *state;
	int refused = 0, versions = 0, hidden_from_member = 0;
	for (int sequence = 1; sequence <= 24; sequence++) {
		model *m = calloc(1, sizeof *m);
		m->rng = 0x9e3779b97f4a7c15ull * (uint64_t)sequence;
		m->sequence = sequence;
		run_sequence(f, m, 40);
		refused += m->refused;
		versions += m->version_count;
		hidden_from_member += m->hidden_from_member;
		free(m);
		char cmd[2200];
		snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'-wal '%s'-shm '%s'", f->path, f->path,
		         f->path, f->keys);
		assert_int_equal(system(cmd), 0);
	}
	/* The property means something only if the sequences did things and
	 * tried things the rule forbids. */
	assert_true(versions >= 150);
	assert_true(refused >= 100);
	assert_true(hidden_from_member >= 10);
}

/* A late joiner reads nothing the track held before it joined, through
 * the exported log either (a fixed case of the property above). */
static void test_late_joiner_reads_nothing_earlier(void **state)
{
	fixture *f = *state;
	make_parties(f);
	pl_negotiation *us = open_as(f, "d_US");
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	pl_doc *doc = generate_plan(&(model){.rng = 7}, "CANARYearlyx");
	pl_import_options options = {.document = "framework", .track = "backchannel"};
	pl_import_result result;
	CHECK(pl_document_import(us, &options, doc, &result, err_));
	pl_doc_free(doc);
	CHECK(pl_circulate(us, "framework@1", "backchannel", "NOTEearlyx", err_));
	CHECK(pl_track_join(us, "backchannel", "UA", err_));
	pl_negotiation_close(us);
	pl_negotiation *ua = open_as(f, "d_UA");
	pl_error err;
	pl_doc *out;
	assert_int_equal(pl_version_load(ua, "framework@1", &out, NULL, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no document named 'framework'");
	pl_buf log = PL_BUF_INIT;
	CHECK(pl_log_export(ua, "backchannel", &log, err_));
	if (strstr(log.ptr, "CANARYearlyx"))
		fail_msg("the late joiner reads an earlier text in the log export");
	if (strstr(log.ptr, "NOTEearlyx"))
		fail_msg("the late joiner reads an earlier circulation note in the log export");
	pl_buf_free(&log);
	pl_negotiation_close(ua);
}

/* --- forged events ------------------------------------------------------ */

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = tu_read_file(from, &len);
	tu_write_file(to, data, len);
	free(data);
}

static void read_key(pl_negotiation *n, const char *name, pl_keypair *out)
{
	char path[4096];
	CHECK(pl_key_path(n, name, path, sizeof path, err_));
	CHECK(pl_key_file_read(path, NULL, out, err_));
}

/* Appends a party.add to track, as an attacker with write access to the
 * file would (see tu_forge_event). */
static void forge(const char *path, const char *track, const char *actor, const char *payload,
                  const pl_keypair *key)
{
	tu_forge_event(path, track, "party.add", CLOCK, actor, payload, key);
}

static void test_forged_events_rejected(void **state)
{
	fixture *f = *state;
	make_parties(f);
	pl_negotiation *us = open_as(f, "d_US");
	const char *members[] = {"US", "UA"};
	CHECK(pl_track_add(us, "usua", members, 2, NULL, err_));
	pl_keypair key_us, key_ru;
	read_key(us, "d_US", &key_us);
	read_key(us, "d_RU", &key_ru);
	pl_negotiation_close(us);
	static const char payload[] = "{\"code\":\"XX\",\"name\":\"Forged\"}";
	const struct {
		const char *track, *actor;
		const pl_keypair *key;
		const char *problem;
	} cases[] = {
	    /* d_US's name, d_RU's key. */
	    {PL_PLENARY, "d_US", &key_ru, "track plenary, event #8 (party.add): bad signature"},
	    {"usua", "d_US", &key_ru, "track usua, event #2 (party.add): bad signature"},
	    /* RU's own delegate, properly signed, in a track RU is not in. */
	    {"usua", "d_RU", &key_ru,
	     "track usua, event #2 (party.add): not allowed: d_RU signs for RU, which is not a "
	     "member of track usua"},
	    /* RU's own delegate, properly signed, doing what only the convenor may. */
	    {PL_PLENARY, "d_RU", &key_ru,
	     "track plenary, event #8 (party.add): not allowed: only the convenor (d_US) admits "
	     "a party"},
	    {PL_PLENARY, "nobody", &key_ru,
	     "track plenary, event #8 (party.add): not allowed: signed by nobody, who is no "
	     "delegate"},
	    {PL_PLENARY, NULL, NULL,
	     "track plenary, event #8 (party.add): not allowed: every event is signed (this one "
	     "has no signer)"},
	    {PL_PLENARY, "d_US", NULL, "track plenary, event #8 (party.add): signature missing"},
	};
	char copy[1400];
	snprintf(copy, sizeof copy, "%s/forged.db", f->dir);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		copy_file(f->path, copy);
		forge(copy, cases[i].track, cases[i].actor, payload, cases[i].key);
		pl_negotiation *n;
		pl_error err;
		if (try_open(copy, f->keys, "d_US", 0, &n, &err))
			fail_msg("open the forged copy: %s", err.message);
		pl_verify_report report;
		assert_int_equal(pl_verify(n, NULL, NULL, &report, &err), PL_EBADSIG);
		assert_string_equal(err.message, cases[i].problem);
		assert_string_equal(report.first_bad, cases[i].problem);
		/* An exported copy of the track is rejected as well. */
		pl_buf log = PL_BUF_INIT;
		CHECK(pl_log_export(n, cases[i].track, &log, err_));
		assert_int_equal(pl_log_verify(log.ptr, log.len, NULL, &report, &err), PL_EBADSIG);
		pl_buf_free(&log);
		pl_negotiation_close(n);
	}
	/* The untouched original still verifies. */
	pl_negotiation *n = open_as(f, "d_US");
	pl_verify_report report;
	CHECK(pl_verify(n, NULL, NULL, &report, err_));
	assert_int_equal(report.events, 8);
	pl_negotiation_close(n);
	pl_keypair_wipe(&key_us);
	pl_keypair_wipe(&key_ru);
}

/* --- key files ---------------------------------------------------------- */

static void open_refused(const fixture *f, const char *actor, int code, const char *message)
{
	pl_negotiation *n = NULL;
	pl_error err;
	int rc = try_open(f->path, f->keys, actor, 0, &n, &err);
	if (rc != code)
		fail_msg("open as %s: got %d (%s), wanted %d", actor, rc, err.message, code);
	assert_null(n);
	if (!strstr(err.message, message))
		fail_msg("message '%s' lacks '%s'", err.message, message);
}

static void write_mode(const char *path, const char *data, size_t len, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* 1 when needle (len bytes) occurs in haystack. */
static int contains(const char *haystack, size_t haystack_len, const void *needle, size_t len)
{
	for (size_t i = 0; i + len <= haystack_len; i++)
		if (memcmp(haystack + i, needle, len) == 0)
			return 1;
	return 0;
}

static void test_key_files(void **state)
{
	fixture *f = *state;
	make_parties(f);
	pl_negotiation *n = open_as(f, "d_US");
	char path[2048], other[2048], aside[2100];
	CHECK(pl_key_path(n, "d_US", path, sizeof path, err_));
	CHECK(pl_key_path(n, "d_RU", other, sizeof other, err_));
	pl_negotiation_close(n);
	size_t len;
	char *good = tu_read_file(path, &len);
	char *foreign = tu_read_file(other, NULL);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* The secret key is never in the database. */
	uint8_t secret[PL_SECRET_KEY_BYTES];
	const char *hex = strchr(good, ' ') + 1;
	char hex_copy[2 * PL_SECRET_KEY_BYTES + 1];
	snprintf(hex_copy, sizeof hex_copy, "%s", hex);
	assert_int_equal(pl_unhex(secret, sizeof secret, hex_copy), 0);
	size_t db_len;
	char *db = tu_read_file(f->path, &db_len);
	assert_false(contains(db, db_len, secret, 32));
	assert_false(contains(db, db_len, hex_copy, 64));
	free(db);

	snprintf(aside, sizeof aside, "%s.aside", path);
	assert_int_equal(rename(path, aside), 0);
	open_refused(f, "d_US", PL_ENOTFOUND, "no key file for delegate 'd_US'");
	assert_int_equal(rename(aside, path), 0);

	assert_int_equal(chmod(path, 0644), 0);
	open_refused(f, "d_US", PL_EDENIED, "may be read by others (mode 644)");
	assert_int_equal(chmod(path, 0640), 0);
	open_refused(f, "d_US", PL_EDENIED, "may be read by others");
	assert_int_equal(chmod(path, 0600), 0);

	char *bad = malloc(len + 1);
	/* A hex digit of the seed flipped; then one of the public half. */
	size_t offsets[] = {strlen("parley-ed25519-secret-v1 ") + 3, len - 10};
	for (size_t i = 0; i < 2; i++) {
		memcpy(bad, good, len);
		bad[offsets[i]] = bad[offsets[i]] == '0' ? '1' : '0';
		write_mode(path, bad, len, 0600);
		open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	}
	/* Truncated; a non-hex digit; an empty file; no final newline. */
	write_mode(path, good, len / 2, 0600);
	open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	memcpy(bad, good, len);
	bad[40] = 'g';
	write_mode(path, bad, len, 0600);
	open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	write_mode(path, "", 0, 0600);
	open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	write_mode(path, good, len - 1, 0600);
	open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	memcpy(bad, good, len);
	bad[len] = '\n';
	write_mode(path, bad, len + 1, 0600);
	open_refused(f, "d_US", PL_EINVALID, "is corrupted");
	free(bad);

	/* Another delegate's key, however well kept. */
	write_mode(path, foreign, len, 0600);
	open_refused(f, "d_US", PL_EBADSIG, "not a current key of d_US");

	/* A symbolic link to a good key file; a directory in its place. */
	write_mode(aside, good, len, 0600);
	unlink(path);
	assert_int_equal(symlink(aside, path), 0);
	open_refused(f, "d_US", PL_EDENIED, "is a symbolic link");
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	open_refused(f, "d_US", PL_EDENIED, "is not a regular file");
	rmdir(path);

	/* And a good one is taken again; an unknown delegate is refused. */
	write_mode(path, good, len, 0600);
	n = open_as(f, "d_US");
	pl_negotiation_close(n);
	open_refused(f, "nobody", PL_ENOTFOUND, "no delegate named 'nobody'");
	free(good);
	free(foreign);
}

/* Refusals of the record's operations change nothing. */
static long long count_events(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &stmt, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long count = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return count;
}

static void refused(int rc, int code, const char *message, const pl_error *err)
{
	if (rc != code)
		fail_msg("got %d (%s), wanted %d (%s)", rc, err->message, code, message);
	if (strcmp(err->message, message) != 0)
		fail_msg("message '%s', wanted '%s'", err->message, message);
}

static void test_record_refusals(void **state)
{
	fixture *f = *state;
	make_parties(f);
	/* A party's further delegates are admitted by its own lead. */
	pl_negotiation *eu_lead = open_as(f, "d_EU");
	char key_path[4096];
	CHECK(pl_delegate_add(eu_lead, "watcher", "EU", "observer", NULL, key_path, sizeof key_path,
	                      err_));
	pl_negotiation_close(eu_lead);
	pl_negotiation *us = open_as(f, "d_US");
	const char *members[] = {"US", "RU"};
	CHECK(pl_track_add(us, "backchannel", members, 2, NULL, err_));
	pl_negotiation_close(us);
	long long events = count_events(f->path);
	pl_error err;
	pl_negotiation *ua = open_as(f, "d_UA");
	refused(pl_party_add(ua, "us", "x", &err), PL_EINVALID,
	        "'us' is not a party code (1-16 capital letters and digits)", &err);
	refused(pl_party_add(ua, "US", "Again", &err), PL_ECONFLICT, "party US exists already",
	        &err);
	/* Only the convenor admits parties; nobody admits a delegate of another
	 * party (the reproduction of issue 11: UA making a US delegate). */
	refused(pl_party_add(ua, "XX", "x", &err), PL_EDENIED,
	        "only the convenor (d_US) admits a party", &err);
	refused(
	    pl_delegate_add(ua, "fakeus", "US", "lead", NULL, key_path, sizeof key_path, &err),
	    PL_EDENIED,
	    "not allowed: only a lead delegate of US admits its further delegates (d_UA is UA's)",
	    &err);
	refused(pl_delegate_add(ua, "x", "US", "king", NULL, key_path, sizeof key_path, &err),
	        PL_EINVALID, "'king' is not a role (lead, envoy, member, observer)", &err);
	refused(pl_delegate_add(ua, "x", "ZZ", "lead", NULL, key_path, sizeof key_path, &err),
	        PL_ENOTFOUND, "no party with code 'ZZ'", &err);
	refused(pl_track_join(ua, "backchannel", "UA", &err), PL_ENOTFOUND,
	        "no track named 'backchannel'", &err);
	refused(pl_track_join(ua, "nosuch", "UA", &err), PL_ENOTFOUND, "no track named 'nosuch'",
	        &err);
	const char *ua_only[] = {"UA"};
	refused(pl_track_add(ua, "backchannel", ua_only, 1, NULL, &err), PL_ECONFLICT,
	        "the track name 'backchannel' is not available", &err);
	const char *us_only[] = {"US"};
	refused(pl_track_add(ua, "other", us_only, 1, NULL, &err), PL_EDENIED,
	        "a track must include the acting party (UA)", &err);
	pl_negotiation_close(ua);
	pl_negotiation *watcher = open_as(f, "watcher");
	refused(pl_party_add(watcher, "XX", "x", &err), PL_EDENIED,
	        "watcher is an observer and cannot change the record", &err);
	const char *eu[] = {"EU"};
	refused(pl_track_add(watcher, "eu", eu, 1, NULL, &err), PL_EDENIED,
	        "watcher is an observer and cannot change the record", &err);
	pl_negotiation_close(watcher);
	/* Without a delegate, nothing changes once delegates exist. */
	pl_negotiation *nobody = open_as(f, NULL);
	refused(pl_party_add(nobody, "XX", "x", &err), PL_EDENIED,
	        "a change is signed by a delegate: act as one (--as NAME or PARLEY_AS)", &err);
	pl_negotiation_close(nobody);
	assert_int_equal(count_events(f->path), events);
}

/* A new version that shares nothing with the last one (found by the
 * property test: the matcher sorted an empty candidate list, qsort(NULL,
 * 0, ...), which UBSan rejects). */
static void test_new_version_sharing_nothing(void **state)
{
	fixture *f = *state;
	make_parties(f);
	pl_negotiation *us = open_as(f, "d_US");
	const char *texts[] = {"# A\n\n1. Alpha beta gamma delta.\n",
	                       "# B\n\n2. Zulu yankee xray whiskey.\n"};
	for (int i = 0; i < 2; i++) {
		pl_doc *doc;
		CHECK(pl_markdown_parse(&doc, texts[i], strlen(texts[i]), "t.md", err_));
		pl_import_options options = {.document = "plan"};
		pl_import_result result;
		CHECK(pl_document_import(us, &options, doc, &result, err_));
		assert_int_equal(result.number, i + 1);
		assert_int_equal(result.added, 1);
		pl_doc_free(doc);
	}
	pl_negotiation_close(us);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_version_sharing_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_confidentiality_property, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_late_joiner_reads_nothing_earlier, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_forged_events_rejected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_record_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
