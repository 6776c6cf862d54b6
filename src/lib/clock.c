/* clock.c — the fixed clock's one accepted form (see parley/clock.h). */
#include "parley/clock.h"
#include "parley/utf8.h"

#include <string.h>

/* The value of the count digits at s (already known to be digits). */
static int digits(const char *s, int count)
{
	int value = 0;
	for (int i = 0; i < count; i++) {
		value = value * 10 + (s[i] - '0');
	}
	return value;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

static int bad_clock(const char *clock, const char *what, const char *why, pl_error *err)
{
	pl_buf shown = PL_BUF_INIT;
	size_t len = strlen(clock);
	pl_utf8_escape(&shown, clock, len > 40 ? 40 : len, 0);
	int rc = pl_error_set(err, PL_EINVALID, "%s '%s%s' is not %s", what, shown.ptr,
	                      len > 40 ? "..." : "", why);
	pl_buf_free(&shown);
	return rc;
}

int pl_clock_check(const char *clock, const char *what, pl_error *err)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	int ok = strlen(clock) == sizeof shape - 1;
	for (size_t i = 0; ok && i < sizeof shape - 1; i++)
		ok = shape[i] == 'd' ? clock[i] >= '0' && clock[i] <= '9' : clock[i] == shape[i];
	if (!ok)
		return bad_clock(clock, what, "an ISO 8601 UTC time YYYY-MM-DDTHH:MM:SSZ", err);
	int year = digits(clock, 4), month = digits(clock + 5, 2), day = digits(clock + 8, 2);
	int hour = digits(clock + 11, 2), minute = digits(clock + 14, 2);
	int second = digits(clock + 17, 2);
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
	    hour > 23 || minute > 59 || second > 59)
		return bad_clock(clock, what, "a real date and time", err);
	return 0;
}
