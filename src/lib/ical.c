/* ical.c — meetings as iCalendar (RFC 5545): one VCALENDAR, one VEVENT per
 * meeting the viewer may see. Lines end in CRLF and are folded at 75
 * octets (section 3.1) without splitting a UTF-8 sequence; TEXT values
 * are escaped (section 3.3.11). Times are floating (local to the place):
 * parley does not know the place's time zone. */
#include "meeting_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICS_LINE_MAX 75

void pl_ics_escape(pl_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' || c == ';' || c == ',') {
			pl_buf_putc(out, '\\');
			pl_buf_putc(out, (char)c);
		} else if (c == '\n') {
			pl_buf_puts(out, "\\n");
		} else if (c >= 0x20 || c == '\t') {
			pl_buf_putc(out, (char)c);
		} /* other control characters have no place in TEXT */
	}
}

void pl_ics_line(pl_buf *out, const char *line, size_t len)
{
	size_t pos = 0, limit = ICS_LINE_MAX;
	while (len - pos > limit) {
		size_t cut = pos + limit;
		/* Back up to the first byte of a UTF-8 sequence. */
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos)
			cut = pos + limit; /* not UTF-8 at all: cut where we must */
		pl_buf_put(out, line + pos, cut - pos);
		pl_buf_puts(out, "\r\n ");
		pos = cut;
		limit = ICS_LINE_MAX - 1; /* the leading space counts */
	}
	pl_buf_put(out, line + pos, len - pos);
	pl_buf_puts(out, "\r\n");
}

/* A property with an escaped TEXT value. */
static void text_property(pl_buf *out, const char *name, const char *value)
{
	pl_buf line = PL_BUF_INIT;
	pl_buf_printf(&line, "%s:", name);
	pl_ics_escape(&line, value);
	pl_ics_line(out, line.ptr, line.len);
	pl_buf_free(&line);
}

/* A property written as given (no escaping: ids, dates, keywords). */
static void raw_property(pl_buf *out, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static void raw_property(pl_buf *out, const char *format, ...)
{
	pl_buf line = PL_BUF_INIT;
	va_list args;
	va_start(args, format);
	pl_buf_vprintf(&line, format, args);
	va_end(args);
	pl_ics_line(out, line.ptr, line.len);
	pl_buf_free(&line);
}

/* "YYYY-MM-DD" (and "HH:MM") without separators. */
static void compact(char *out, size_t size, const char *date, const char *time)
{
	char d[9] = {date[0], date[1], date[2], date[3], date[5], date[6], date[8], date[9], 0};
	if (time && time[0])
		snprintf(out, size, "%sT%c%c%c%c00", d, time[0], time[1], time[3], time[4]);
	else
		snprintf(out, size, "%s", d);
}

/* An event time "YYYY-MM-DDTHH:MM:SS..." as a UTC DATE-TIME. The clock is
 * UTC; a fixed clock given in another shape keeps its date. */
static void stamp(char out[17], const char *at)
{
	int full = strlen(at) >= 19 && at[10] == 'T' && at[13] == ':' && at[16] == ':';
	char date[11];
	snprintf(date, sizeof date, "%.10s", at); /* the date part only */
	if (pl_date_check(date, NULL) != 0)
		snprintf(date, sizeof date, "1970-01-01");
	if (full)
		snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", date, date + 5, date + 8, at + 11,
		         at + 14, at + 17);
	else
		snprintf(out, 17, "%.4s%.2s%.2sT000000Z", date, date + 5, date + 8);
}

static const char *ics_status(const char *status)
{
	if (strcmp(status, "cancelled") == 0)
		return "CANCELLED";
	if (strcmp(status, "postponed") == 0)
		return "TENTATIVE";
	return "CONFIRMED";
}

static int add_note(void *context, const pl_store_meeting_change *c, pl_error *err)
{
	pl_buf *description = context;
	(void)err;
	const char *kind = c->kind, *at = c->at;
	pl_buf_printf(description, "\n%c%s on %.10s: %s", kind[0] - 'a' + 'A', kind + 1, at,
	              c->note);
	return 0;
}

typedef struct ics_fill {
	pl_negotiation *n;
	const char *track;
	pl_buf *out;
} ics_fill;

static int write_description(ics_fill *f, const pl_meeting_row *m, pl_error *err)
{
	pl_buf description = PL_BUF_INIT;
	pl_buf_puts(&description, "Parties: ");
	for (const char *p = m->parties; *p; p++) {
		if (*p == ' ')
			pl_buf_putc(&description, ',');
		pl_buf_putc(&description, *p);
	}
	if (m->agenda_name && pl_neg_sees_version(f->n, m->agenda_name, m->agenda_number))
		pl_buf_printf(&description, "\nAgenda: %s@%d", m->agenda_name, m->agenda_number);
	pl_buf_printf(&description, "\nTrack: %s\nStatus: %s", m->track, m->status);
	int rc = pl_store_meeting_notes(f->n->store, m->id, add_note, &description, err);
	if (rc == 0)
		text_property(f->out, "DESCRIPTION", description.ptr);
	pl_buf_free(&description);
	return rc;
}

static int write_event(ics_fill *f, const pl_meeting_row *m, pl_error *err)
{
	char when[32], dtstamp[17];
	pl_buf *out = f->out;
	pl_ics_line(out, "BEGIN:VEVENT", 12);
	raw_property(out, "UID:%s.%s@parley", m->id, f->n->id);
	stamp(dtstamp, m->updated_at);
	raw_property(out, "DTSTAMP:%s", dtstamp);
	compact(when, sizeof when, m->date, m->time);
	raw_property(out, "DTSTART%s:%s", m->time[0] ? "" : ";VALUE=DATE", when);
	raw_property(out, "SEQUENCE:%lld", (long long)m->sequence);
	raw_property(out, "STATUS:%s", ics_status(m->status));
	text_property(out, "SUMMARY", m->title);
	text_property(out, "LOCATION", m->place);
	int rc = write_description(f, m, err);
	raw_property(out, "X-PARLEY-STATUS:%s", m->status);
	pl_ics_line(out, "END:VEVENT", 10);
	return rc;
}

static int add_event(void *context, const pl_meeting_row *m, pl_error *err)
{
	ics_fill *f = context;
	int rc = 0;
	if ((!f->track || strcmp(f->track, m->track) == 0) && pl_neg_sees(f->n, m->track, m->seq))
		rc = write_event(f, m, err);
	return rc;
}

int pl_meeting_export_ics(pl_negotiation *n, const char *track, pl_buf *out, pl_error *err)
{
	pl_neg_refresh(n);
	int rc = track ? pl_meeting_track_visible(n, track, err) : 0;
	if (rc)
		return rc;
	pl_buf body = PL_BUF_INIT;
	static const char *const head[] = {"BEGIN:VCALENDAR", "VERSION:2.0",
	                                   "PRODID:-//parley//parley meetings//EN",
	                                   "CALSCALE:GREGORIAN"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		pl_ics_line(&body, head[i], strlen(head[i]));
	ics_fill f = {n, track, &body};
	rc = pl_store_meetings_foreach(n->store, add_event, &f, err);
	pl_ics_line(&body, "END:VCALENDAR", 13);
	if (rc == 0)
		pl_buf_put(out, body.ptr, body.len);
	pl_buf_free(&body);
	return rc;
}
