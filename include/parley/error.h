/* error.h — result codes and the error record every fallible call fills.
 *
 * Ownership: a pl_error is a plain value owned by the caller; the library
 * writes into it and never keeps a pointer to it. */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

#include <stddef.h>

/* 0 is success; every failure is one of these negative codes, passed up
 * unchanged from where it started. */
enum {
	PL_OK = 0,
	PL_ENOTFOUND = -1, /* no such document, version, point, track, ... */
	PL_EINVALID = -2,  /* malformed input: bad UTF-8, bad syntax, bad value */
	PL_EDENIED = -3,   /* not allowed (read-only database, wrong party) */
	PL_ECONFLICT = -4, /* clashes with what exists (duplicate label, ...) */
	PL_EBADSIG = -5,   /* a signature or hash does not verify */
	PL_EIO = -6,       /* the operating system or SQLite failed */
	PL_ETOOBIG = -7,   /* input over a documented size cap */
	PL_EBUSY = -8,     /* the database stayed locked past the timeout */
	PL_EVERSION = -9,  /* database from a newer parley, or not parley's */
	PL_ESTALE = -10    /* a signed change no longer fits the record: prepare it again */
};

/* The message is set once, where the failure starts; callers that only pass
 * the code up leave it alone. */
typedef struct pl_error {
	int code;
	char message[1024];
} pl_error;

/* Sets err (if not NULL) to code and a printf-style message; returns code so
 * that `return pl_error_set(err, PL_EINVALID, "...")` reads naturally. */
int pl_error_set(pl_error *err, int code, const char *format, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Clears err (if not NULL) to PL_OK and an empty message. */
void pl_error_clear(pl_error *err);

/* A short English name of a code ("not found", "invalid input", ...). */
const char *pl_error_name(int code);

#endif
