/* clock.h — the fixed clock a negotiation may be opened with (reproducible
 * runs, tests): its one accepted form.
 *
 * Ownership: nothing is kept. */
#ifndef PARLEY_CLOCK_H
#define PARLEY_CLOCK_H

#include "parley/error.h"

/* Checks that clock (not NULL) is an ISO 8601 UTC time in the form events carry,
 * "YYYY-MM-DDTHH:MM:SSZ", naming a real calendar date (leap years counted,
 * years 0001 to 9999) and time (seconds 00 to 59). Returns 0, or
 * PL_EINVALID with "WHAT 'VALUE' is not ...", what naming the source (e.g.
 * "PARLEY_CLOCK") and the value escaped as pl_utf8_escape does. */
int pl_clock_check(const char *clock, const char *what, pl_error *err);

#endif
