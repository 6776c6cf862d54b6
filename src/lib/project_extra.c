/* project_extra.c — projections of event kinds added after the core:
 * meetings and statements. The same functions serve appending and
 * `parley rebuild`, so they check what a payload claims (ids in sequence,
 * real dates, allowed transitions) instead of trusting the writer: a log
 * replayed from elsewhere gets the same checks. */
#include "meeting_int.h"
#include "parley/mem.h"
#include "project_int.h"
#include "store_project_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad_payload(const pl_store_event *event, const char *what, pl_error *err)
{
	return pl_error_set(err, PL_EINVALID, "event %s #%lld (%s): %s", event->track,
	                    (long long)event->seq, event->kind, what);
}

static const char *field(json_t *payload, const char *key)
{
	return json_string_value(json_object_get(payload, key));
}

/* A field that must be a string or null: 1 when it is, *out NULL for null. */
static int optional_field(json_t *payload, const char *key, const char **out)
{
	json_t *value = json_object_get(payload, key);
	*out = json_string_value(value);
	return !value || json_is_null(value) || json_is_string(value);
}

/* A date and an optional time from a payload: 1 when well formed. */
static int payload_when(json_t *payload, const char **date, const char **time)
{
	*date = field(payload, "date");
	return *date && pl_date_check(*date, NULL) == 0 && optional_field(payload, "time", time) &&
	       (!*time || pl_time_check(*time, NULL) == 0);
}

/* The agenda {document, number} of a payload: *doc 0 when there is none.
 * *valid is 0 when it is malformed or names no version. */
static int agenda_of(pl_store *store, json_t *payload, int64_t *doc, int64_t *number, int *valid,
                     pl_error *err)
{
	json_t *agenda = json_object_get(payload, "agenda");
	*doc = 0;
	*number = 0;
	*valid = 1;
	if (!agenda || json_is_null(agenda))
		return 0;
	const char *name = field(agenda, "document");
	json_t *n = json_object_get(agenda, "number");
	*valid = 0;
	if (!name || !json_is_integer(n))
		return 0;
	pl_store_document d;
	int rc = pl_store_document_find(store, name, &d, err);
	if (rc == PL_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	*doc = d.id;
	*number = json_integer_value(n);
	*valid = *number >= 1 && *number <= d.latest;
	pl_store_document_clear(&d);
	return 0;
}

/* The participants as one string of codes separated by spaces, each a
 * known party; NULL when malformed. */
static char *parties_of(pl_store *store, json_t *payload)
{
	json_t *parties = json_object_get(payload, "parties");
	if (!json_is_array(parties) || json_array_size(parties) == 0)
		return NULL;
	pl_buf joined = PL_BUF_INIT;
	size_t i;
	json_t *party;
	json_array_foreach(parties, i, party)
	{
		int exists = 0;
		const char *code = json_string_value(party);
		if (!code || pl_store_party_exists(store, code, &exists, NULL) || !exists) {
			pl_buf_free(&joined);
			return NULL;
		}
		pl_buf_printf(&joined, "%s%s", i ? " " : "", code);
	}
	return pl_buf_detach(&joined);
}

static int add_change(pl_store *store, const pl_store_event *event, const char *id,
                      const char *kind, const char *date, const char *time, const char *note,
                      pl_error *err)
{
	pl_store_meeting_change c = {id,   event->track, event->seq, kind,        date,
	                             time, note,         event->at,  event->actor};
	return pl_store_meeting_change_insert(store, &c, err);
}

static int project_meeting_add(pl_store *store, const pl_store_event *event, json_t *payload,
                               pl_error *err)
{
	const char *id = field(payload, "id"), *title = field(payload, "title");
	const char *place = field(payload, "place"), *date, *time;
	if (!id || !title || !place || !payload_when(payload, &date, &time))
		return bad_payload(event, "malformed meeting", err);
	/* Ids are "<track>-<n>", n counting the track's meetings. */
	int64_t count = 0;
	int rc = pl_store_meeting_count(store, event->track, &count, err);
	if (rc)
		return rc;
	char expected[PL_MEETING_ID_MAX];
	snprintf(expected, sizeof expected, "%s-%lld", event->track, (long long)count + 1);
	if (strcmp(id, expected) != 0)
		return bad_payload(event, "meeting id out of sequence", err);
	int64_t doc, number;
	int valid;
	rc = agenda_of(store, payload, &doc, &number, &valid, err);
	if (rc)
		return rc;
	if (!valid)
		return bad_payload(event, "agenda names no version", err);
	char *parties = parties_of(store, payload);
	if (!parties)
		return bad_payload(event, "malformed meeting participants", err);
	pl_store_meeting_new m = {id,    event->track, event->seq, title,  date,         time,
	                          place, parties,      doc,        number, event->actor, event->at};
	rc = pl_store_meeting_insert(store, &m, err);
	free(parties);
	if (rc == 0)
		rc = add_change(store, event, id, "planned", date, time, NULL, err);
	return rc;
}

/* A change to an existing meeting: it must be in the event's track and not
 * yet final. */
static int changed_meeting(pl_store *store, const pl_store_event *event, json_t *payload,
                           pl_meeting_row *m, const char **note, pl_error *err)
{
	const char *id = field(payload, "id");
	memset(m, 0, sizeof *m);
	if (!id || !optional_field(payload, "note", note))
		return bad_payload(event, "malformed meeting change", err);
	int rc = pl_store_meeting_find(store, id, m, err);
	if (rc)
		return rc;
	if (!m->found || strcmp(m->track, event->track) != 0)
		return bad_payload(event, "change of an unknown meeting", err);
	if (pl_meeting_is_final(m->status))
		return bad_payload(event, "change of a meeting that is over", err);
	return 0;
}

static int project_meeting_change(pl_store *store, const pl_store_event *event, json_t *payload,
                                  pl_error *err)
{
	pl_meeting_row m;
	const char *note = NULL;
	int rc = changed_meeting(store, event, payload, &m, &note, err);
	const char *date = m.date, *time = m.time[0] ? m.time : NULL;
	const char *kind = "held";
	int revision = 0;
	if (rc == 0 && strcmp(event->kind, PL_EVENT_MEETING_POSTPONE) == 0) {
		kind = "postponed";
		revision = 1;
		if (!payload_when(payload, &date, &time))
			rc = bad_payload(event, "malformed postponement", err);
		else if (!pl_meeting_later(date, time, &m))
			rc = bad_payload(event, "a postponement to an earlier time", err);
	} else if (rc == 0 && strcmp(event->kind, PL_EVENT_MEETING_CANCEL) == 0) {
		kind = "cancelled";
		revision = 1;
	}
	if (rc == 0)
		rc = pl_store_meeting_update(store, m.id, date, time, kind, (int64_t)revision,
		                             event->at, err);
	if (rc == 0)
		rc = add_change(store, event, m.id, kind, date, time, note, err);
	pl_meeting_row_clear(&m);
	return rc;
}

static int valid_level(const char *level)
{
	return level && (strcmp(level, "record") == 0 || strcmp(level, "background") == 0 ||
	                 strcmp(level, "nfa") == 0);
}

static int project_statement(pl_store *store, const pl_store_event *event, json_t *payload,
                             pl_error *err)
{
	const char *text = field(payload, "text"), *level = field(payload, "level");
	const char *party = field(payload, "party"), *date = field(payload, "date"), *speaker;
	if (!text || !party || !date || pl_date_check(date, NULL) || !valid_level(level) ||
	    !optional_field(payload, "speaker", &speaker) ||
	    (strcmp(level, "record") == 0 && !speaker))
		return bad_payload(event, "malformed statement", err);
	int exists = 0;
	int rc = pl_store_party_exists(store, party, &exists, err);
	if (rc == 0 && !exists)
		rc = bad_payload(event, "statement of an unknown party", err);
	if (rc == 0) {
		pl_store_statement s = {event->track, event->seq, date,      party,       speaker,
		                        level,        text,       event->at, event->actor};
		rc = pl_store_statement_insert(store, &s, err);
	}
	return rc;
}

/* A postponement, a meeting held and a cancellation share one projector,
 * which tells them apart by kind. */
const pl_projector pl_meeting_projectors[] = {
    {PL_EVENT_MEETING_ADD, project_meeting_add},
    {PL_EVENT_MEETING_POSTPONE, project_meeting_change},
    {PL_EVENT_MEETING_HELD, project_meeting_change},
    {PL_EVENT_MEETING_CANCEL, project_meeting_change},
    {PL_EVENT_STATEMENT, project_statement},
    {NULL, NULL},
};
