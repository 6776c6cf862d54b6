/* meeting_row.c — what meetings' operations and their projections share:
 * checking dates and times and comparing them with a meeting's row (read
 * by store_meeting.c). It calls nothing above the store, so that
 * projecting an event never reaches back into the module that appends
 * events (meeting.c). */
#include "meeting_int.h"
#include "parley/mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A user's value is quoted in a message only when that keeps the message
 * one short, printable line. */
const char *pl_meeting_quotable(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 64)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return NULL;
	return s;
}

static int digits(const char *s, size_t count, int *value)
{
	*value = 0;
	for (size_t i = 0; i < count; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*value = *value * 10 + (s[i] - '0');
	}
	return 1;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

int pl_date_check(const char *date, pl_error *err)
{
	static const char *const months[] = {"January",   "February", "March",    "April",
	                                     "May",       "June",     "July",     "August",
	                                     "September", "October",  "November", "December"};
	const char *shown = pl_meeting_quotable(date);
	int year, month, day;
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-' || !digits(date, 4, &year) ||
	    !digits(date + 5, 2, &month) || !digits(date + 8, 2, &day))
		return pl_error_set(err, PL_EINVALID, "'%s' is not a date (YYYY-MM-DD)",
		                    shown ? shown : "?");
	if (year == 0)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a calendar date: there is no year 0", date);
	if (month < 1 || month > 12)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a calendar date: there is no month %02d", date,
		                    month);
	int last = days_in_month(year, month);
	if (day < 1 || day > last)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a calendar date: %s %04d has %d days", date,
		                    months[month - 1], year, last);
	return 0;
}

int pl_time_check(const char *time, pl_error *err)
{
	const char *shown = pl_meeting_quotable(time);
	int hour, minute;
	if (strlen(time) != 5 || time[2] != ':' || !digits(time, 2, &hour) ||
	    !digits(time + 3, 2, &minute) || hour > 23 || minute > 59)
		return pl_error_set(err, PL_EINVALID, "'%s' is not a time (HH:MM, 00:00 to 23:59)",
		                    shown ? shown : "?");
	return 0;
}

int pl_meeting_is_final(const char *status)
{
	return strcmp(status, "held") == 0 || strcmp(status, "cancelled") == 0;
}

int pl_meeting_later(const char *date, const char *time, const pl_meeting_row *m)
{
	int order = strcmp(date, m->date);
	if (order == 0)
		order = strcmp(time ? time : "", m->time);
	return order > 0;
}
