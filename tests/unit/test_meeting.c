/* Tests of meetings, statements and the timeline (issue 4, item 6): what
 * each party may see of them, attribution levels, iCalendar output, dates
 * and refusals that change nothing, and rebuild equal to incremental. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting_int.h"
#include "parley/markdown.h"
#include "parley/meeting.h"
#include "parley/negotiation.h"
#include "parley/record.h"

#define CLOCK "2025-11-18T09:00:00Z"

typedef tu_fixture fixture;

/* Reopens the negotiation as delegate actor (NULL: nobody), at clock. */
static pl_negotiation *open_as(fixture *f, const char *actor, const char *clock)
{
	pl_negotiation_close(f->n);
	f->n = NULL;
	pl_open_options options = {
	    .path = f->path, .clock = clock ? clock : CLOCK, .actor = actor, .keys_dir = f->keys};
	pl_error err;
	if (pl_negotiation_open(&f->n, &options, &err))
		fail_msg("open as %s: %s", actor ? actor : "nobody", err.message);
	return f->n;
}

static void ok(int rc, const pl_error *err)
{
	if (rc)
		fail_msg("%s", err->message);
}

static void import_into(pl_negotiation *n, const char *name, const char *track)
{
	char *path = tu_data_path("plan-us-28.md");
	size_t len;
	char *text = tu_read_file(path, &len);
	pl_doc *doc;
	pl_error err;
	ok(pl_markdown_parse(&doc, text, len, "plan-us-28.md", &err), &err);
	pl_import_options options = {.document = name, .track = track};
	pl_import_result result;
	ok(pl_document_import(n, &options, doc, &result, &err), &err);
	pl_doc_free(doc);
	free(text);
	free(path);
}

/* Parties US, RU, UA; delegates witkoff (US), dmitriev (RU), umerov (UA);
 * a back-channel of US and RU holding framework@1. */
static int setup(void **state)
{
	fixture *f = tu_fixture_new();
	pl_open_options options = {
	    .path = f->path, .create = 1, .clock = CLOCK, .keys_dir = f->keys};
	pl_error err;
	char key[1024];
	ok(pl_negotiation_open(&f->n, &options, &err), &err);
	pl_found_options found = {"witkoff", "US", "United States", NULL, NULL};
	ok(pl_negotiation_found(f->n, &found, key, sizeof key, &err), &err);
	ok(pl_party_add(f->n, "RU", "Russia", &err), &err);
	ok(pl_party_add(f->n, "UA", "Ukraine", &err), &err);
	open_as(f, "witkoff", NULL);
	ok(pl_delegate_add(f->n, "dmitriev", "RU", "envoy", NULL, key, sizeof key, &err), &err);
	ok(pl_delegate_add(f->n, "umerov", "UA", "lead", NULL, key, sizeof key, &err), &err);
	const char *members[] = {"US", "RU"};
	ok(pl_track_add(f->n, "backchannel", members, 2, NULL, &err), &err);
	import_into(f->n, "framework", "backchannel");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	tu_fixture_free(*state);
	return 0;
}

static void add_meeting(pl_negotiation *n, const char *title, const char *date, const char *time,
                        const char *parties_csv, const char *track, const char *agenda,
                        const char *expect_id)
{
	const char *parties[4];
	char buffer[64];
	size_t count = 0;
	snprintf(buffer, sizeof buffer, "%s", parties_csv);
	for (char *p = buffer; p && count < 4;) {
		parties[count++] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	pl_meeting_spec spec = {title, date, time, "Istanbul", parties, count, track, agenda};
	char id[PL_MEETING_ID_MAX];
	pl_error err;
	ok(pl_meeting_add(n, &spec, id, &err), &err);
	assert_string_equal(id, expect_id);
}

static void add_statement(pl_negotiation *n, const char *text, const char *level, const char *track)
{
	pl_statement_spec spec = {text, "2025-11-21", level, NULL, NULL, track};
	pl_error err;
	ok(pl_statement_add(n, &spec, &err), &err);
}

/* iCalendar with its folded lines joined again (RFC 5545 3.1). */
static void append_unfolded(pl_buf *all, const pl_buf *ics)
{
	for (size_t i = 0; i < ics->len; i++) {
		if (i + 2 < ics->len && memcmp(ics->ptr + i, "\r\n ", 3) == 0) {
			i += 2;
			continue;
		}
		pl_buf_putc(all, ics->ptr[i]);
	}
}

static void append_table(pl_buf *all, int rc, pl_table *table, const pl_error *err)
{
	ok(rc, err);
	pl_table_write_text(all, table);
	pl_table_write_json(all, table, "test");
	pl_table_free(table);
}

/* Every read of this module as n's viewer, in every format, for every
 * track the viewer may name (and all of them at once). */
static char *everything(pl_negotiation *n)
{
	static const char *const tracks[] = {NULL, "plenary", "backchannel"};
	pl_buf all = PL_BUF_INIT;
	pl_error err;
	for (size_t i = 0; i < 3; i++) {
		pl_table *table = NULL;
		int rc = pl_meeting_list(n, tracks[i], &table, &err);
		if (rc == PL_ENOTFOUND)
			continue; /* a track this viewer may not know */
		append_table(&all, rc, table, &err);
		rc = pl_statement_list(n, tracks[i], &table, &err);
		append_table(&all, rc, table, &err);
		rc = pl_timeline(n, tracks[i], &table, &err);
		append_table(&all, rc, table, &err);
		pl_buf ics = PL_BUF_INIT;
		ok(pl_meeting_export_ics(n, tracks[i], &ics, &err), &err);
		append_unfolded(&all, &ics);
		pl_buf_free(&ics);
	}
	return pl_buf_detach(&all);
}

static void test_dates(void **state)
{
	(void)state;
	static const char *const good[] = {"2024-02-29", "2000-02-29", "2025-12-31", "0001-01-01",
	                                   "9999-12-31"};
	static const char *const bad[] = {"2025-02-29",       "1900-02-29", "2025-02-30",
	                                  "2025-13-01",       "2025-00-10", "2025-04-31",
	                                  "0000-01-01",       "tomorrow",   "2025-1-01",
	                                  "2025-11-20T10:00", "",           "2025/11/20"};
	pl_error err;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(pl_date_check(good[i], &err), 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(pl_date_check(bad[i], &err), PL_EINVALID);
	pl_date_check("2025-02-30", &err);
	assert_string_equal(err.message,
	                    "'2025-02-30' is not a calendar date: February 2025 has 28 days");
	pl_date_check("2025-13-01", &err);
	assert_string_equal(err.message,
	                    "'2025-13-01' is not a calendar date: there is no month 13");
	pl_date_check("tomorrow", &err);
	assert_string_equal(err.message, "'tomorrow' is not a date (YYYY-MM-DD)");
	/* A value that would break the one-line message is not repeated. */
	pl_date_check("a\nb", &err);
	assert_null(strchr(err.message, '\n'));
	assert_int_equal(pl_time_check("00:00", &err), 0);
	assert_int_equal(pl_time_check("23:59", &err), 0);
	assert_int_equal(pl_time_check("24:00", &err), PL_EINVALID);
	assert_int_equal(pl_time_check("9:30", &err), PL_EINVALID);
	assert_int_equal(pl_time_check("12:60", &err), PL_EINVALID);
}

static void test_confidential_meeting(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	add_meeting(n, "Plenary round", "2025-11-27", "10:00", "US,RU,UA", NULL, NULL, "plenary-1");
	add_meeting(n, "Miami CANARY-MEET", "2025-11-24", NULL, "US,RU", "backchannel",
	            "framework@1", "backchannel-1");
	add_statement(n, "CANARY-SAID in confidence", "nfa", "backchannel");
	pl_error err;
	ok(pl_meeting_postpone(n, "backchannel-1", "2025-11-25", NULL, "CANARY-NOTE", &err), &err);

	/* A member sees all of it. */
	char *seen = everything(open_as(f, "dmitriev", NULL));
	assert_non_null(strstr(seen, "CANARY-MEET"));
	assert_non_null(strstr(seen, "CANARY-SAID"));
	assert_non_null(strstr(seen, "CANARY-NOTE"));
	assert_non_null(strstr(seen, "framework@1"));
	free(seen);

	/* A non-member sees the plenary meeting and nothing of the rest: not
	 * the title, the note, the statement, the agenda, or the track. */
	seen = everything(open_as(f, "umerov", NULL));
	assert_non_null(strstr(seen, "Plenary round"));
	assert_null(strstr(seen, "CANARY"));
	assert_null(strstr(seen, "backchannel"));
	assert_null(strstr(seen, "framework"));
	free(seen);

	/* Naming the confidential meeting is like naming one that does not
	 * exist. */
	n = f->n;
	assert_int_equal(pl_meeting_held(n, "backchannel-1", NULL, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no meeting 'backchannel-1'");
	assert_int_equal(pl_meeting_held(n, "backchannel-9", NULL, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no meeting 'backchannel-9'");
	pl_table *table;
	assert_int_equal(pl_timeline(n, "backchannel", &table, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no track named 'backchannel'");
}

static void test_late_joiner(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	pl_error err;
	add_meeting(n, "CANARY-BEFORE", "2025-11-24", NULL, "US,RU", "backchannel", NULL,
	            "backchannel-1");
	ok(pl_track_join(n, "backchannel", "UA", &err), &err);
	add_meeting(n, "After joining", "2025-11-26", NULL, "US,RU,UA", "backchannel", NULL,
	            "backchannel-2");
	ok(pl_meeting_postpone(n, "backchannel-1", "2025-11-30", NULL, NULL, &err), &err);
	/* UA sees the track from its joining on: the second meeting, not the
	 * first, nor the first one's later change. */
	char *seen = everything(open_as(f, "umerov", NULL));
	assert_non_null(strstr(seen, "After joining"));
	assert_null(strstr(seen, "CANARY"));
	free(seen);
	assert_int_equal(pl_meeting_cancel(f->n, "backchannel-1", NULL, &err), PL_ENOTFOUND);
	ok(pl_meeting_held(f->n, "backchannel-2", NULL, &err), &err);
}

/* The lines of the statement rows of a listing or timeline, as text. */
static char *statement_text(pl_negotiation *n)
{
	pl_buf all = PL_BUF_INIT;
	pl_table *table = NULL;
	pl_error err;
	int rc = pl_statement_list(n, NULL, &table, &err);
	append_table(&all, rc, table, &err);
	ok(pl_timeline(n, NULL, &table, &err), &err);
	for (size_t r = 0; r < table->rows; r++)
		if (strcmp(pl_table_cell(table, r, 3), "statement") == 0)
			pl_buf_printf(&all, "%s\n", pl_table_cell(table, r, 4));
	pl_table_free(table);
	return pl_buf_detach(&all);
}

static void test_attribution(void **state)
{
	fixture *f = *state;
	const char *viewers[] = {"witkoff", "dmitriev", "umerov"};
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	add_statement(n, "Background words", "background", NULL);
	for (size_t i = 0; i < 3; i++) {
		char *text = statement_text(open_as(f, viewers[i], NULL));
		assert_non_null(strstr(text, "Background words"));
		assert_null(strstr(text, "witkoff"));
		assert_non_null(strstr(text, "US"));
		free(text);
	}
	/* Not for attribution: neither the name nor the party. */
	n = open_as(f, "dmitriev", NULL);
	add_statement(n, "Nameless words", "nfa", NULL);
	for (size_t i = 0; i < 3; i++) {
		char *text = statement_text(open_as(f, viewers[i], NULL));
		const char *line = strstr(text, "Nameless words");
		assert_non_null(line);
		assert_null(strstr(text, "dmitriev"));
		assert_null(strstr(text, "RU"));
		free(text);
	}
	/* On record: both, in the statement of another party only with a
	 * speaker named. */
	n = open_as(f, "umerov", NULL);
	add_statement(n, "Named words", "record", NULL);
	pl_statement_spec other = {"Quoted", "2025-11-21", "record", "RU", NULL, NULL};
	pl_error err;
	assert_int_equal(pl_statement_add(n, &other, &err), PL_EINVALID);
	other.speaker = "Peskov";
	ok(pl_statement_add(n, &other, &err), &err);
	char *text = statement_text(open_as(f, "witkoff", NULL));
	assert_non_null(strstr(text, "umerov (UA) on record"));
	assert_non_null(strstr(text, "Peskov (RU) on record"));
	free(text);
	/* The record keeps who made each one. */
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM statements WHERE"
	                                       " level = 'nfa' AND party = 'RU'"
	                                       " AND by_delegate = 'dmitriev'"),
	                 1);
}

static char *ics(pl_negotiation *n)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	ok(pl_meeting_export_ics(n, NULL, &out, &err), &err);
	return pl_buf_detach(&out);
}

static void test_ics_sequence_and_status(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	pl_error err;
	add_meeting(n, "Talks, round 1; Turkey", "2025-11-19", "14:30", "US,UA", NULL, NULL,
	            "plenary-1");
	char *text = ics(n);
	assert_non_null(strstr(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
	assert_non_null(strstr(text, "\r\nDTSTART:20251119T143000\r\n"));
	assert_non_null(strstr(text, "\r\nSEQUENCE:0\r\n"));
	assert_non_null(strstr(text, "\r\nSTATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(text, "\r\nDTSTAMP:20251118T090000Z\r\n"));
	assert_non_null(strstr(text, "\r\nSUMMARY:Talks\\, round 1\\; Turkey\r\n"));
	char uid[128];
	snprintf(uid, sizeof uid, "%s", strstr(text, "UID:plenary-1."));
	*strchr(uid, '\r') = '\0';
	assert_non_null(strstr(uid, "@parley"));
	free(text);

	n = open_as(f, "witkoff", "2025-11-19T07:00:00Z");
	ok(pl_meeting_postpone(n, "plenary-1", "2025-11-26", NULL, NULL, &err), &err);
	text = ics(n);
	assert_non_null(strstr(text, "\r\nSEQUENCE:1\r\n"));
	assert_non_null(strstr(text, "\r\nSTATUS:TENTATIVE\r\n"));
	assert_non_null(strstr(text, "\r\nDTSTART;VALUE=DATE:20251126\r\n"));
	assert_non_null(strstr(text, "\r\nDTSTAMP:20251119T070000Z\r\n"));
	assert_non_null(strstr(text, uid)); /* the same event for calendars */
	free(text);

	ok(pl_meeting_postpone(n, "plenary-1", "2025-12-02", "09:00", NULL, &err), &err);
	ok(pl_meeting_cancel(n, "plenary-1", "called off", &err), &err);
	text = ics(n);
	assert_non_null(strstr(text, "\r\nSEQUENCE:3\r\n"));
	assert_non_null(strstr(text, "\r\nSTATUS:CANCELLED\r\n"));
	pl_buf raw = {text, strlen(text), strlen(text) + 1}, unfolded = PL_BUF_INIT;
	append_unfolded(&unfolded, &raw);
	assert_non_null(strstr(unfolded.ptr, "Cancelled on 2025-11-19: called off"));
	pl_buf_free(&unfolded);
	/* Every line ends in CRLF, none is longer than 75 octets. */
	for (const char *line = text; *line;) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		assert_null(memchr(line, '\n', (size_t)(end - line)));
		line = end + 2;
	}
	free(text);
}

static void test_ics_fold_and_escape(void **state)
{
	(void)state;
	pl_buf out = PL_BUF_INIT;
	pl_ics_escape(&out, "a,b;c\\d\ne");
	assert_string_equal(out.ptr, "a\\,b\\;c\\\\d\\ne");
	pl_buf_clear(&out);

	/* ASCII: 75 octets, then 74 after each leading space. */
	char line[201];
	memset(line, 'x', 200);
	line[200] = '\0';
	pl_ics_line(&out, line, 200);
	assert_int_equal(strstr(out.ptr, "\r\n") - out.ptr, 75);
	assert_int_equal(out.len, 200 + 3 * 2 + 2); /* two folds, and the end */
	pl_buf_clear(&out);

	/* Two-byte and four-byte sequences are never split. */
	pl_buf text = PL_BUF_INIT;
	pl_buf_puts(&text, "X");
	for (int i = 0; i < 60; i++)
		pl_buf_puts(&text, i % 3 ? "\xc3\xa9" : "\xf0\x9f\x95\x8a");
	pl_ics_line(&out, text.ptr, text.len);
	pl_buf joined = PL_BUF_INIT;
	append_unfolded(&joined, &out);
	assert_int_equal(joined.len, text.len + 2);
	assert_memory_equal(joined.ptr, text.ptr, text.len);
	for (const char *p = out.ptr; *p;) {
		const char *end = strstr(p, "\r\n");
		assert_true(end - p <= 75);
		const char *first = p == out.ptr ? p : p + 1;
		if (p != out.ptr)
			assert_int_equal(*p, ' ');
		assert_int_not_equal((unsigned char)*first & 0xC0, 0x80);
		p = end + 2;
	}
	pl_buf_free(&joined);
	pl_buf_free(&text);
	pl_buf_free(&out);
}

static void test_refusals_change_nothing(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	pl_error err;
	add_meeting(n, "Held one", "2025-11-17", NULL, "US,UA", NULL, NULL, "plenary-1");
	add_meeting(n, "Cancelled one", "2025-11-19", NULL, "US,UA", NULL, NULL, "plenary-2");
	ok(pl_meeting_held(n, "plenary-1", NULL, &err), &err);
	ok(pl_meeting_cancel(n, "plenary-2", NULL, &err), &err);
	long long events = tu_query_int(f->path, "SELECT count(*) FROM events");

	const char *us[] = {"US"}, *unknown[] = {"US", "XX"}, *outsider[] = {"US", "UA"};
	pl_meeting_spec spec = {"T", "2025-02-30", NULL, "P", us, 1, NULL, NULL};
	char id[PL_MEETING_ID_MAX];
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);
	spec.date = "2025-13-01";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);
	spec.date = "tomorrow";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);
	spec.date = "2025-11-30";
	spec.time = "7pm";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);
	spec.time = NULL;
	spec.parties = unknown;
	spec.party_count = 2;
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_ENOTFOUND);
	assert_string_equal(err.message, "no party with code 'XX'");
	spec.parties = outsider;
	spec.track = "backchannel";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);
	spec.parties = us;
	spec.party_count = 1;
	spec.track = NULL;
	spec.agenda = "framework@1"; /* lives in the back-channel only */
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EDENIED);
	spec.agenda = "framework@2";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_ENOTFOUND);
	spec.agenda = NULL;
	spec.title = "bad \xff UTF-8";
	assert_int_equal(pl_meeting_add(n, &spec, id, &err), PL_EINVALID);

	assert_int_equal(pl_meeting_postpone(n, "plenary-9", "2025-12-01", NULL, NULL, &err),
	                 PL_ENOTFOUND);
	assert_int_equal(pl_meeting_postpone(n, "plenary-1", "2025-12-01", NULL, NULL, &err),
	                 PL_ECONFLICT);
	assert_string_equal(err.message,
	                    "meeting plenary-1 was held on 2025-11-17; it cannot be postponed");
	assert_int_equal(pl_meeting_cancel(n, "plenary-1", NULL, &err), PL_ECONFLICT);
	assert_int_equal(pl_meeting_held(n, "plenary-2", NULL, &err), PL_ECONFLICT);
	assert_string_equal(err.message,
	                    "meeting plenary-2 is cancelled; it cannot be marked held");
	assert_int_equal(pl_meeting_postpone(n, "plenary-2", "2025-12-01", NULL, NULL, &err),
	                 PL_ECONFLICT);

	pl_statement_spec said = {"Words", "2025-02-29", "record", NULL, NULL, NULL};
	assert_int_equal(pl_statement_add(n, &said, &err), PL_EINVALID);
	said.date = "2025-11-20";
	said.level = "loud";
	assert_int_equal(pl_statement_add(n, &said, &err), PL_EINVALID);
	said.level = "background";
	said.party = "XX";
	assert_int_equal(pl_statement_add(n, &said, &err), PL_ENOTFOUND);
	said.party = NULL;
	said.track = "nowhere";
	assert_int_equal(pl_statement_add(n, &said, &err), PL_ENOTFOUND);

	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM events"), events);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM meetings"), 2);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM meeting_changes"), 4);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM statements"), 0);
}

static void test_agenda_after_circulation(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	pl_error err;
	ok(pl_circulate(n, "framework@1", "plenary", "for the partners", &err), &err);
	add_meeting(n, "Geneva", "2025-11-23", NULL, "US,UA", NULL, "framework@1", "plenary-1");
	char *seen = everything(open_as(f, "umerov", NULL));
	assert_non_null(strstr(seen, "agenda framework@1"));
	assert_non_null(strstr(seen, "Agenda: framework@1"));
	/* The circulation is told without naming the track it came from. */
	assert_non_null(strstr(seen, "framework@1 circulated to plenary by witkoff"));
	assert_null(strstr(seen, "backchannel"));
	free(seen);
}

static void test_rebuild_identical(void **state)
{
	fixture *f = *state;
	pl_negotiation *n = open_as(f, "witkoff", NULL);
	pl_error err;
	add_meeting(n, "Plenary round", "2025-11-27", "10:00", "US,RU,UA", NULL, NULL, "plenary-1");
	add_meeting(n, "Miami", "2025-11-24", NULL, "US,RU", "backchannel", "framework@1",
	            "backchannel-1");
	ok(pl_meeting_postpone(n, "plenary-1", "2025-12-01", NULL, "later", &err), &err);
	ok(pl_meeting_held(n, "backchannel-1", NULL, &err), &err);
	add_statement(n, "On record", "record", NULL);
	add_statement(n, "Quietly", "nfa", "backchannel");
	pl_rebuild_report report;
	ok(pl_negotiation_rebuild(n, &report, &err), &err);
	assert_true(report.identical);
	assert_string_equal(report.before, report.after);
	assert_int_equal(
	    tu_query_int(f->path, "SELECT sequence FROM meetings WHERE id = 'plenary-1'"), 1);
	assert_int_equal(tu_query_int(f->path, "SELECT count(*) FROM meeting_changes"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test_setup_teardown(test_confidential_meeting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_late_joiner, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attribution, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ics_sequence_and_status, setup, teardown),
	    cmocka_unit_test(test_ics_fold_and_escape),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_agenda_after_circulation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rebuild_identical, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
