/* meeting.c — meetings and statements: checks, the operations that append
 * their events, and their listings as the viewer may see them. Dates,
 * times and meeting rows are in meeting_row.c (which the projections use
 * too), the projections in project_extra.c, the iCalendar export in ical.c,
 * the timeline in timeline.c. */
#include "meeting_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "store_project_int.h"
#include "utf8_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- checks ------------------------------------------------------------ */

/* A title, place, note or statement: non-empty, valid UTF-8, no control
 * characters (newlines and tabs only where multiline), at most max bytes. */
static int check_text(const char *what, const char *text, size_t max, int multiline, pl_error *err)
{
	size_t len = text ? strlen(text) : 0, bad;
	size_t blank = text ? strspn(text, " \t\n") : 0;
	if (len == 0 || blank == len)
		return pl_error_set(err, PL_EINVALID, "the %s is empty", what);
	if (len > max)
		return pl_error_set(err, PL_EINVALID, "the %s is %zu bytes, over the limit of %zu",
		                    what, len, max);
	if (!pl_utf8_valid(text, len, &bad))
		return pl_error_set(err, PL_EINVALID, "the %s is not valid UTF-8 (byte offset %zu)",
		                    what, bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		int allowed = multiline && (c == '\n' || c == '\t');
		if ((c < 0x20 || c == 0x7f) && !allowed)
			return pl_error_set(err, PL_EINVALID,
			                    "the %s holds a control character (byte offset %zu)",
			                    what, i);
	}
	return 0;
}

static int check_when(const char *date, const char *time, pl_error *err)
{
	if (!date)
		return pl_error_set(err, PL_EINVALID, "a date is needed (YYYY-MM-DD)");
	int rc = pl_date_check(date, err);
	if (rc == 0 && time)
		rc = pl_time_check(time, err);
	return rc;
}

static int check_note(const char *note, pl_error *err)
{
	return note ? check_text("note", note, PL_MEETING_TEXT_MAX * 2, 1, err) : 0;
}

int pl_meeting_track_visible(pl_negotiation *n, const char *track, pl_error *err)
{
	if (pl_neg_sees(n, track, 0))
		return 0;
	const char *shown = pl_meeting_quotable(track);
	return pl_error_set(err, PL_ENOTFOUND, "no track named '%s'", shown ? shown : "?");
}

static int party_known(pl_negotiation *n, const char *code, pl_error *err)
{
	int exists = 0;
	int rc = pl_store_party_exists(n->store, code, &exists, err);
	const char *shown = pl_meeting_quotable(code);
	if (rc == 0 && !exists)
		rc =
		    pl_error_set(err, PL_ENOTFOUND, "no party with code '%s'", shown ? shown : "?");
	return rc;
}

static int party_in_track(pl_negotiation *n, const char *code, const char *track, pl_error *err)
{
	if (strcmp(track, PL_PLENARY) == 0)
		return 0;
	int member = 0;
	int rc = pl_store_track_member_is(n->store, track, code, &member, err);
	if (rc == 0 && !member)
		rc = pl_error_set(err, PL_EINVALID, "%s is not a member of track %s", code, track);
	return rc;
}

/* The meeting id as the viewer may know it: PL_ENOTFOUND alike for one
 * that does not exist and one in a track (or from a time) it cannot see. */
static int visible_meeting(pl_negotiation *n, const char *id, pl_meeting_row *m, pl_error *err)
{
	int rc = pl_store_meeting_find(n->store, id, m, err);
	if (rc)
		return rc;
	if (m->found && pl_neg_sees(n, m->track, m->seq))
		return 0;
	pl_meeting_row_clear(m);
	const char *shown = pl_meeting_quotable(id);
	return pl_error_set(err, PL_ENOTFOUND, "no meeting '%s'", shown ? shown : "?");
}

/* --- planning ------------------------------------------------------------ */

/* The agenda version, as the actor sees it, and readable in track. */
static int agenda_for(pl_negotiation *n, const char *ref, const char *track, json_t **out,
                      pl_error *err)
{
	pl_resolved v;
	*out = json_null();
	if (!ref)
		return 0;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	int circulated = 0;
	if (strcmp(v.track, track) != 0 && strcmp(v.track, PL_PLENARY) != 0)
		rc = pl_store_circulated(n->store, track, v.doc, (int64_t)v.number, &circulated,
		                         err);
	else
		circulated = 1;
	if (rc == 0 && !circulated)
		return pl_error_set(err, PL_EDENIED,
		                    "%s@%d is not readable in track %s: circulate it there first",
		                    v.name, v.number, track);
	if (rc == 0)
		*out = json_pack("{s:s, s:i}", "document", v.name, "number", v.number);
	return rc;
}

static int participants(pl_negotiation *n, const pl_meeting_spec *spec, const char *track,
                        json_t *out, pl_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < spec->party_count; i++) {
		const char *code = spec->parties[i];
		rc = party_known(n, code, err);
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (strcmp(spec->parties[k], code) == 0)
				rc = pl_error_set(err, PL_EINVALID, "party %s is listed twice",
				                  code);
		if (rc == 0)
			rc = party_in_track(n, code, track, err);
		if (rc == 0)
			json_array_append_new(out, json_string(code));
	}
	return rc;
}

static int meeting_add_locked(pl_negotiation *n, const pl_meeting_spec *spec, const char *track,
                              char id[PL_MEETING_ID_MAX], pl_error *err)
{
	int rc = pl_meeting_track_visible(n, track, err);
	json_t *parties = json_array(), *agenda = NULL;
	if (rc == 0)
		rc = participants(n, spec, track, parties, err);
	if (rc == 0)
		rc = agenda_for(n, spec->agenda, track, &agenda, err);
	int64_t count = 0;
	if (rc == 0)
		rc = pl_store_meeting_count(n->store, track, &count, err);
	if (rc) {
		json_decref(parties);
		json_decref(agenda);
		return rc;
	}
	snprintf(id, PL_MEETING_ID_MAX, "%s-%lld", track, (long long)count + 1);
	json_t *payload =
	    json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", id, "title", spec->title, "date",
	              spec->date, "place", spec->place, "parties", parties, "agenda", agenda);
	json_object_set_new(payload, "time", spec->time ? json_string(spec->time) : json_null());
	rc = pl_neg_append(n, track, PL_EVENT_MEETING_ADD, payload, err);
	json_decref(payload);
	return rc;
}

int pl_meeting_add(pl_negotiation *n, const pl_meeting_spec *spec, char id[PL_MEETING_ID_MAX],
                   pl_error *err)
{
	const char *track = spec->track ? spec->track : PL_PLENARY;
	id[0] = '\0';
	int rc = check_text("title", spec->title, PL_MEETING_TEXT_MAX, 0, err);
	if (rc == 0)
		rc = check_when(spec->date, spec->time, err);
	if (rc == 0)
		rc = check_text("place", spec->place, PL_MEETING_TEXT_MAX, 0, err);
	if (rc == 0 && spec->party_count == 0)
		rc = pl_error_set(err, PL_EINVALID, "a meeting needs participating parties");
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	rc = pl_neg_end(n, meeting_add_locked(n, spec, track, id, err), err);
	if (rc)
		id[0] = '\0';
	return rc;
}

/* --- changes --------------------------------------------------------------- */

typedef struct meeting_change {
	const char *kind; /* the event kind */
	const char *verb; /* for messages: "postponed", "held", "cancelled" */
	const char *date, *time, *note;
} meeting_change;

static int final_refusal(const pl_meeting_row *m, const meeting_change *c, pl_error *err)
{
	const char *infinitive = strcmp(c->verb, "postponed") == 0 ? "postponed"
	                         : strcmp(c->verb, "held") == 0    ? "marked held"
	                                                           : "cancelled";
	if (strcmp(m->status, "held") == 0)
		return pl_error_set(err, PL_ECONFLICT, "meeting %s was held on %s; it cannot be %s",
		                    m->id, m->date, infinitive);
	return pl_error_set(err, PL_ECONFLICT, "meeting %s is cancelled; it cannot be %s", m->id,
	                    infinitive);
}

static int change_locked(pl_negotiation *n, const char *id, const meeting_change *c, pl_error *err)
{
	pl_meeting_row m;
	int rc = visible_meeting(n, id, &m, err);
	if (rc)
		return rc;
	if (pl_meeting_is_final(m.status))
		rc = final_refusal(&m, c, err);
	else if (c->date && !pl_meeting_later(c->date, c->time, &m))
		rc =
		    pl_error_set(err, PL_EINVALID,
		                 "a postponement moves a meeting later: %s%s%s is not after %s%s%s",
		                 c->date, c->time ? " " : "", c->time ? c->time : "", m.date,
		                 m.time[0] ? " " : "", m.time);
	json_t *payload = json_pack("{s:s}", "id", m.id);
	json_object_set_new(payload, "note", c->note ? json_string(c->note) : json_null());
	if (c->date) {
		json_object_set_new(payload, "date", json_string(c->date));
		json_object_set_new(payload, "time", c->time ? json_string(c->time) : json_null());
	}
	if (rc == 0)
		rc = pl_neg_append(n, m.track, c->kind, payload, err);
	json_decref(payload);
	pl_meeting_row_clear(&m);
	return rc;
}

static int meeting_change_run(pl_negotiation *n, const char *id, const meeting_change *c,
                              pl_error *err)
{
	int rc = id ? check_note(c->note, err)
	            : pl_error_set(err, PL_EINVALID, "which meeting? (an id such as plenary-1)");
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, change_locked(n, id, c, err), err);
}

int pl_meeting_postpone(pl_negotiation *n, const char *id, const char *date, const char *time,
                        const char *note, pl_error *err)
{
	int rc = check_when(date, time, err);
	if (rc)
		return rc;
	meeting_change c = {PL_EVENT_MEETING_POSTPONE, "postponed", date, time, note};
	return meeting_change_run(n, id, &c, err);
}

int pl_meeting_held(pl_negotiation *n, const char *id, const char *note, pl_error *err)
{
	meeting_change c = {PL_EVENT_MEETING_HELD, "held", NULL, NULL, note};
	return meeting_change_run(n, id, &c, err);
}

int pl_meeting_cancel(pl_negotiation *n, const char *id, const char *note, pl_error *err)
{
	meeting_change c = {PL_EVENT_MEETING_CANCEL, "cancelled", NULL, NULL, note};
	return meeting_change_run(n, id, &c, err);
}

/* --- the meeting list ------------------------------------------------------ */

typedef struct meeting_fill {
	pl_negotiation *n;
	const char *track; /* only this track, or NULL */
	pl_table *table;
} meeting_fill;

static int add_meeting_row(void *context, const pl_meeting_row *m, pl_error *err)
{
	meeting_fill *f = context;
	(void)err;
	if ((!f->track || strcmp(f->track, m->track) == 0) && pl_neg_sees(f->n, m->track, m->seq)) {
		char agenda[PL_NAME_MAX + 24] = "";
		if (m->agenda_name && pl_neg_sees_version(f->n, m->agenda_name, m->agenda_number))
			snprintf(agenda, sizeof agenda, "%s@%d", m->agenda_name, m->agenda_number);
		const char *values[] = {
		    m->id,    m->track, m->date,    m->time[0] ? m->time : NULL, m->status,
		    m->title, m->place, m->parties, agenda[0] ? agenda : NULL};
		pl_table_add_row(f->table, values);
	}
	return 0;
}

int pl_meeting_list(pl_negotiation *n, const char *track, pl_table **out, pl_error *err)
{
	pl_neg_refresh(n);
	static const char *const headers[] = {"id",    "track", "date",    "time",  "status",
	                                      "title", "place", "parties", "agenda"};
	int rc = track ? pl_meeting_track_visible(n, track, err) : 0;
	if (rc)
		return rc;
	meeting_fill f = {n, track, pl_table_new(9, headers)};
	rc = pl_store_meetings_foreach(n->store, add_meeting_row, &f, err);
	if (rc) {
		pl_table_free(f.table);
		return rc;
	}
	*out = f.table;
	return 0;
}

/* --- statements ------------------------------------------------------------ */

static int valid_level(const char *level)
{
	return level && (strcmp(level, "record") == 0 || strcmp(level, "background") == 0 ||
	                 strcmp(level, "nfa") == 0);
}

void pl_statement_attribution(const char *level, const char **party, const char **speaker)
{
	if (strcmp(level, "record") != 0)
		*speaker = NULL;
	if (strcmp(level, "nfa") == 0)
		*party = NULL;
}

static int statement_locked(pl_negotiation *n, const pl_statement_spec *spec, const char *track,
                            pl_error *err)
{
	const char *party = spec->party ? spec->party : n->has_actor ? n->actor_party : NULL;
	if (!party)
		return pl_error_set(err, PL_EINVALID, "whose statement is it? (--party CODE)");
	int rc = pl_meeting_track_visible(n, track, err);
	if (rc == 0)
		rc = party_known(n, party, err);
	if (rc)
		return rc;
	const char *speaker = spec->speaker;
	if (!speaker && n->has_actor && strcmp(party, n->actor_party) == 0)
		speaker = n->actor;
	if (!speaker && strcmp(spec->level, "record") == 0)
		return pl_error_set(err, PL_EINVALID,
		                    "an on-record statement of %s needs the speaker's name"
		                    " (--speaker NAME)",
		                    party);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s}", "text", spec->text, "date", spec->date,
	                            "level", spec->level, "party", party);
	json_object_set_new(payload, "speaker", speaker ? json_string(speaker) : json_null());
	rc = pl_neg_append(n, track, PL_EVENT_STATEMENT, payload, err);
	json_decref(payload);
	return rc;
}

int pl_statement_add(pl_negotiation *n, const pl_statement_spec *spec, pl_error *err)
{
	int rc = check_text("statement", spec->text, PL_STATEMENT_TEXT_MAX, 1, err);
	if (rc == 0)
		rc = check_when(spec->date, NULL, err);
	if (rc == 0 && !valid_level(spec->level)) {
		const char *shown = spec->level ? pl_meeting_quotable(spec->level) : NULL;
		rc = pl_error_set(err, PL_EINVALID,
		                  "'%s' is not an attribution level (record, background, nfa)",
		                  shown ? shown : "?");
	}
	if (rc == 0 && spec->speaker)
		rc = check_text("speaker's name", spec->speaker, 128, 0, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	const char *track = spec->track ? spec->track : PL_PLENARY;
	return pl_neg_end(n, statement_locked(n, spec, track, err), err);
}

typedef struct statement_fill {
	pl_negotiation *n;
	pl_table *table;
} statement_fill;

static int add_statement_row(void *context, const pl_store_statement *s, pl_error *err)
{
	statement_fill *f = context;
	(void)err;
	const char *track = s->track, *level = s->level;
	if (!pl_neg_sees(f->n, track, s->seq))
		return 0;
	const char *party = s->party, *speaker = s->speaker;
	pl_statement_attribution(level, &party, &speaker);
	const char *values[] = {s->date, track, level, party, speaker, s->text};
	pl_table_add_row(f->table, values);
	return 0;
}

int pl_statement_list(pl_negotiation *n, const char *track, pl_table **out, pl_error *err)
{
	pl_neg_refresh(n);
	static const char *const headers[] = {"date", "track", "level", "party", "speaker", "text"};
	int rc = track ? pl_meeting_track_visible(n, track, err) : 0;
	if (rc)
		return rc;
	statement_fill f = {n, pl_table_new(6, headers)};
	rc = pl_store_statements_foreach(n->store, track, add_statement_row, &f, err);
	if (rc) {
		pl_table_free(f.table);
		return rc;
	}
	*out = f.table;
	return 0;
}
