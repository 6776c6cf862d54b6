/* timeline.c — the dated story of a negotiation as one viewer may see it,
 * told from the events themselves: every event the viewer sees (the
 * viewer rule at the event's sequence number) becomes a line; statements
 * and meetings carry their own dates, everything else the event's time. */
#include "authority_int.h"
#include "meeting_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "project_int.h"
#include "store_log_int.h"
#include "store_talks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	char date[11];
	char time[7];  /* "HH:MMZ" for record events, "HH:MM" local, or "" */
	int late;      /* sorts after the rest of its day (a day-long meeting held) */
	int64_t order; /* the event's place in the record */
	char *track;
	const char *kind;
	char *what;
} entry;

typedef struct story {
	pl_negotiation *n;
	entry *items;
	size_t count, capacity;
} story;

typedef struct event_view {
	int64_t id;
	const char *track;
	int64_t seq;
	const char *kind;
	const char *at;
	const char *actor;
	json_t *payload;
} event_view;

static const char *field(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* Table cells are one line: newlines and tabs become spaces. */
static char *one_line(pl_buf *text)
{
	for (size_t i = 0; i < text->len; i++)
		if (text->ptr[i] == '\n' || text->ptr[i] == '\t' || text->ptr[i] == '\r')
			text->ptr[i] = ' ';
	return pl_buf_detach(text);
}

static void add_entry(story *s, const event_view *e, const char *date, const char *time,
                      const char *kind, pl_buf *what)
{
	s->items = pl_grow(s->items, &s->capacity, s->count + 1, sizeof *s->items);
	entry *at = &s->items[s->count++];
	snprintf(at->date, sizeof at->date, "%s", date);
	snprintf(at->time, sizeof at->time, "%s", time ? time : "");
	at->late = 0;
	at->order = e->id;
	at->track = pl_strdup(e->track);
	at->kind = kind;
	at->what = one_line(what);
}

/* An entry dated by the event's own time (UTC). */
static void add_stamped(story *s, const event_view *e, const char *kind, pl_buf *what)
{
	char date[11], time[7] = "";
	snprintf(date, sizeof date, "%s", e->at);
	if (strlen(e->at) >= 16 && e->at[10] == 'T')
		snprintf(time, sizeof time, "%.5sZ", e->at + 11);
	add_entry(s, e, date, time, kind, what);
}

static void by_actor(pl_buf *what, const event_view *e)
{
	if (e->actor)
		pl_buf_printf(what, " by %s", e->actor);
}

/* --- amendments, decisions and positions ------------------------------------ */

/* A point as people name it: its label in that version ("*": the whole
 * plan); the stable id when the tables do not know it. */
static void point_label(story *s, const char *document, json_int_t number, const char *id,
                        char out[64])
{
	snprintf(out, 64, "%s", id);
	pl_store_point_label(s->n->store, document, (int64_t)number, id, out, NULL);
}

static void tell_table(story *s, json_t *p, const event_view *e, pl_buf *what)
{
	json_int_t number = json_integer_value(json_object_get(p, "number"));
	pl_buf_printf(what, "%s tabled on %s@%lld by %s for %s:", field(p, "id"),
	              field(p, "document"),
	              (long long)json_integer_value(json_object_get(p, "number")),
	              e->actor ? e->actor : "?", field(p, "party") ? field(p, "party") : "?");
	size_t i;
	json_t *op;
	json_array_foreach(json_object_get(p, "ops"), i, op)
	{
		const char *name = field(op, "op"), *point = field(op, "point");
		pl_buf_printf(what, "%s %s", i ? "," : "", name ? name : "?");
		if (point) {
			char label[64];
			point_label(s, field(p, "document"), number, point, label);
			pl_buf_printf(what, " point %s", label);
		}
		if (field(op, "item"))
			pl_buf_printf(what, "(%s)", field(op, "item"));
	}
}

/* 1 (with what and kind set) when e is one of the talks' kinds. */
static int tell_talks(story *s, const event_view *e, pl_buf *what, const char **kind)
{
	json_t *p = e->payload;
	const char *id = field(p, "id"), *document = field(p, "document");
	if (!document)
		return 0;
	if (strcmp(e->kind, "amendment.table") == 0 && id) {
		*kind = "amendment";
		tell_table(s, p, e, what);
	} else if (strcmp(e->kind, PL_EVENT_DECIDE) == 0 && id) {
		*kind = "decision";
		pl_buf_printf(what, "%s decides to %s %s (by %s)", field(p, "party"),
		              field(p, "decision"), id, e->actor ? e->actor : "?");
	} else if (strcmp(e->kind, "amendment.status") == 0 && id && field(p, "status") &&
	           strcmp(field(p, "status"), "accepted") != 0) {
		/* "accepted" is told by the adoption that carries it. */
		*kind = "amendment";
		pl_buf_printf(what, "%s %s", id, field(p, "status"));
		if (field(p, "note"))
			pl_buf_printf(what, ": %s", field(p, "note"));
	} else if (strcmp(e->kind, "position.set") == 0 && field(p, "point")) {
		char label[64];
		json_int_t number = json_integer_value(json_object_get(p, "number"));
		point_label(s, document, number, field(p, "point"), label);
		*kind = "position";
		if (strcmp(field(p, "point"), "*") == 0)
			pl_buf_printf(what, "%s: %s on the whole of %s@%lld", field(p, "party"),
			              field(p, "stance"), document, (long long)number);
		else
			pl_buf_printf(what, "%s: %s on %s@%lld point %s", field(p, "party"),
			              field(p, "stance"), document, (long long)number, label);
		if (field(p, "note"))
			pl_buf_printf(what, " (%s)", field(p, "note"));
	} else {
		return strcmp(e->kind, "amendment.status") == 0 ||
		       strcmp(e->kind, "amendment.rebase") == 0; /* carried along, not told */
	}
	return 1;
}

/* --- the record's own kinds ---------------------------------------------- */

static void tell_record(story *s, const event_view *e)
{
	pl_buf what = PL_BUF_INIT;
	json_t *p = e->payload;
	const char *kind = NULL;
	if (strcmp(e->kind, PL_EVENT_FOUND) == 0 && field(p, "convenor")) {
		kind = "founding";
		pl_buf_printf(&what,
		              "negotiation founded by %s for %s (%s), convenor; plenary "
		              "decides by %s",
		              field(p, "convenor"), field(p, "party") ? field(p, "party") : "?",
		              field(p, "party_name") ? field(p, "party_name") : "",
		              field(p, "rule") ? field(p, "rule") : PL_RULE_CONSENSUS);
	} else if (strcmp(e->kind, PL_EVENT_PARTY) == 0 && field(p, "code")) {
		kind = "party";
		pl_buf_printf(&what, "%s (%s) joined", field(p, "code"),
		              field(p, "name") ? field(p, "name") : "");
	} else if (strcmp(e->kind, PL_EVENT_DELEGATE) == 0 && field(p, "name")) {
		kind = "delegate";
		pl_buf_printf(&what, "%s joined for %s as %s", field(p, "name"),
		              field(p, "party") ? field(p, "party") : "?",
		              field(p, "role") ? field(p, "role") : "?");
	} else if (strcmp(e->kind, PL_EVENT_TRACK) == 0) {
		kind = "track";
		pl_buf_printf(&what, "track %s opened", e->track);
		by_actor(&what, e);
		size_t i;
		json_t *member;
		pl_buf_puts(&what, " for");
		json_array_foreach(json_object_get(p, "members"), i, member) pl_buf_printf(
		    &what, " %s", json_string_value(member) ? json_string_value(member) : "?");
	} else if ((strcmp(e->kind, PL_EVENT_KEY) == 0 || strcmp(e->kind, PL_EVENT_REVOKE) == 0) &&
	           field(p, "name")) {
		kind = "key";
		pl_buf_printf(&what, "a key of %s %s (%.16s...)", field(p, "name"),
		              strcmp(e->kind, PL_EVENT_KEY) == 0 ? "enrolled" : "revoked",
		              field(p, "public_key") ? field(p, "public_key") : "");
		by_actor(&what, e);
	} else if (strcmp(e->kind, PL_EVENT_INVITE) == 0 && field(p, "name")) {
		kind = "key";
		pl_buf_printf(&what, "a device of %s invited (its code good until %s)",
		              field(p, "name"), field(p, "expires") ? field(p, "expires") : "?");
		by_actor(&what, e);
	} else if (strcmp(e->kind, PL_EVENT_ENROL) == 0 && field(p, "name")) {
		kind = "key";
		pl_buf_printf(&what, "a key of %s enrolled with its code (%.16s...)",
		              field(p, "name"),
		              field(p, "public_key") ? field(p, "public_key") : "");
	} else if (strcmp(e->kind, PL_EVENT_RULE) == 0 && field(p, "rule")) {
		kind = "rule";
		pl_buf_printf(&what, "%s consents to decide %s by %s",
		              field(p, "party") ? field(p, "party") : "?", e->track,
		              field(p, "rule"));
	} else if (strcmp(e->kind, PL_EVENT_JOIN) == 0 && field(p, "party")) {
		kind = "track";
		pl_buf_printf(&what, "%s joined track %s", field(p, "party"), e->track);
		by_actor(&what, e);
	} else if (tell_talks(s, e, &what, &kind)) {
		/* amendments, decisions, positions: told there */
	} else if (strcmp(e->kind, PL_EVENT_VERSION) == 0 && field(p, "document") &&
	           json_array_size(json_object_get(p, "amendments")) > 0) {
		kind = "adoption";
		pl_buf_printf(&what, "%s@%lld adopted in %s:", field(p, "document"),
		              (long long)json_integer_value(json_object_get(p, "number")),
		              e->track);
		size_t i;
		json_t *id;
		json_array_foreach(json_object_get(p, "amendments"), i, id)
		    pl_buf_printf(&what, "%s %s", i ? "," : "",
		                  json_string_value(id) ? json_string_value(id) : "?");
		pl_buf_printf(&what, " (%zu points; recorded by %s)",
		              json_array_size(json_object_get(p, "points")),
		              e->actor ? e->actor : "?");
	} else if (strcmp(e->kind, PL_EVENT_VERSION) == 0 && field(p, "document")) {
		kind = "version";
		pl_buf_printf(&what, "%s@%lld drafted in %s", field(p, "document"),
		              (long long)json_integer_value(json_object_get(p, "number")),
		              e->track);
		by_actor(&what, e);
		pl_buf_printf(&what, " (%zu points)",
		              json_array_size(json_object_get(p, "points")));
	} else if (strcmp(e->kind, PL_EVENT_CIRCULATE) == 0 && field(p, "document")) {
		kind = "circulation";
		const char *from = field(p, "from");
		pl_buf_printf(&what, "%s@%lld circulated", field(p, "document"),
		              (long long)json_integer_value(json_object_get(p, "number")));
		/* The source track is named only to those who may know it. */
		if (from && pl_neg_sees(s->n, from, 0))
			pl_buf_printf(&what, " from %s", from);
		pl_buf_printf(&what, " to %s", e->track);
		by_actor(&what, e);
		if (field(p, "note"))
			pl_buf_printf(&what, ": %s", field(p, "note"));
	}
	if (kind)
		add_stamped(s, e, kind, &what);
	else
		pl_buf_free(&what);
}

/* --- meetings and statements ---------------------------------------------- */

static void when_text(pl_buf *what, const char *date, const char *time)
{
	pl_buf_puts(what, date);
	if (time && time[0])
		pl_buf_printf(what, " %s", time);
}

static void tell_meeting(story *s, const event_view *e, const pl_meeting_row *m)
{
	pl_buf what = PL_BUF_INIT;
	json_t *p = e->payload;
	pl_buf_printf(&what, "meeting %s \xe2\x80\x9c%s\xe2\x80\x9d ", m->id, m->title);
	if (strcmp(e->kind, PL_EVENT_MEETING_ADD) == 0) {
		pl_buf_puts(&what, "planned for ");
		when_text(&what, field(p, "date") ? field(p, "date") : "?", field(p, "time"));
		pl_buf_printf(&what, " in %s with ", m->place);
		for (const char *c = m->parties; *c; c++) {
			if (*c == ' ')
				pl_buf_putc(&what, ',');
			pl_buf_putc(&what, *c);
		}
		if (m->agenda_name && pl_neg_sees_version(s->n, m->agenda_name, m->agenda_number))
			pl_buf_printf(&what, "; agenda %s@%d", m->agenda_name, m->agenda_number);
	} else if (strcmp(e->kind, PL_EVENT_MEETING_POSTPONE) == 0) {
		pl_buf_puts(&what, "postponed to ");
		when_text(&what, field(p, "date") ? field(p, "date") : "?", field(p, "time"));
	} else if (strcmp(e->kind, PL_EVENT_MEETING_HELD) == 0) {
		pl_buf_printf(&what, "held in %s", m->place);
	} else {
		pl_buf_puts(&what, "cancelled");
	}
	if (field(p, "note"))
		pl_buf_printf(&what, ": %s", field(p, "note"));
	/* A meeting that took place is dated by its day (its final date);
	 * without a time, at the end of that day, after its planning. */
	if (strcmp(e->kind, PL_EVENT_MEETING_HELD) == 0) {
		add_entry(s, e, m->date, m->time, "meeting", &what);
		s->items[s->count - 1].late = !m->time[0];
	} else
		add_stamped(s, e, "meeting", &what);
}

static int tell_meeting_event(story *s, const event_view *e, pl_error *err)
{
	const char *id = field(e->payload, "id");
	if (!id)
		return 0;
	pl_meeting_row m;
	int rc = pl_store_meeting_find(s->n->store, id, &m, err);
	/* A party that joined the track after the meeting was planned does
	 * not see the meeting, nor therefore its changes. */
	if (rc == 0 && m.found && pl_neg_sees(s->n, m.track, m.seq))
		tell_meeting(s, e, &m);
	pl_meeting_row_clear(&m);
	return rc;
}

static void tell_statement(story *s, const event_view *e)
{
	json_t *p = e->payload;
	const char *level = field(p, "level"), *date = field(p, "date");
	const char *party = field(p, "party"), *speaker = field(p, "speaker");
	if (!level || !date || !field(p, "text"))
		return;
	pl_statement_attribution(level, &party, &speaker);
	pl_buf what = PL_BUF_INIT;
	if (speaker)
		pl_buf_printf(&what, "%s (%s) on record", speaker, party ? party : "?");
	else if (party)
		pl_buf_printf(&what, "%s on background", party);
	else
		pl_buf_puts(&what, "not for attribution");
	pl_buf_printf(&what, ": \xe2\x80\x9c%s\xe2\x80\x9d", field(p, "text"));
	add_entry(s, e, date, NULL, "statement", &what);
}

/* --- assembling ------------------------------------------------------------- */

static int tell_event(void *context, const pl_store_event *event, pl_error *err)
{
	story *s = context;
	event_view e = {event->id, event->track, event->seq, event->kind,
	                event->at, event->actor, NULL};
	if (!pl_neg_sees(s->n, e.track, e.seq))
		return 0;
	e.payload = json_loads(event->payload, 0, NULL);
	if (!e.payload)
		return 0; /* `parley verify` names damaged events; the story skips them */
	int rc = 0;
	if (strncmp(e.kind, "meeting.", 8) == 0)
		rc = tell_meeting_event(s, &e, err);
	else if (strcmp(e.kind, PL_EVENT_STATEMENT) == 0)
		tell_statement(s, &e);
	else
		tell_record(s, &e);
	json_decref(e.payload);
	return rc;
}

static int entry_order(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int order = strcmp(x->date, y->date);
	if (order == 0)
		order = x->late - y->late;
	if (order == 0)
		order = strcmp(x->time, y->time);
	if (order == 0)
		order = (x->order > y->order) - (x->order < y->order);
	return order;
}

int pl_timeline(pl_negotiation *n, const char *track, pl_table **out, pl_error *err)
{
	pl_neg_refresh(n);
	static const char *const headers[] = {"date", "time", "track", "kind", "what"};
	int rc = track ? pl_meeting_track_visible(n, track, err) : 0;
	if (rc)
		return rc;
	story s = {n, NULL, 0, 0};
	rc = pl_store_events_in_track(n->store, track, tell_event, &s, err);
	if (s.count)
		qsort(s.items, s.count, sizeof *s.items, entry_order);
	pl_table *table = pl_table_new(5, headers);
	for (size_t i = 0; i < s.count; i++) {
		entry *at = &s.items[i];
		const char *values[] = {at->date, at->time[0] ? at->time : NULL, at->track,
		                        at->kind, at->what};
		pl_table_add_row(table, values);
		free(at->track);
		free(at->what);
	}
	free(s.items);
	if (rc) {
		pl_table_free(table);
		return rc;
	}
	*out = table;
	return 0;
}
