#include "parley/error.h"

#include <stdarg.h>
#include <stdio.h>

int pl_error_set(pl_error *err, int code, const char *format, ...)
{
	if (!err)
		return code;
	va_list args;
	va_start(args, format);
	int n = vsnprintf(err->message, sizeof err->message, format, args);
	va_end(args);
	/* A message cut at the buffer's end still says what went wrong; mark
	 * the cut so nobody takes it for the whole text. */
	if (n >= (int)sizeof err->message)
		snprintf(err->message + sizeof err->message - 4, 4, "...");
	err->code = code;
	return code;
}

void pl_error_clear(pl_error *err)
{
	if (!err)
		return;
	err->code = PL_OK;
	err->message[0] = '\0';
}

const char *pl_error_name(int code)
{
	switch (code) {
	case PL_OK:
		return "success";
	case PL_ENOTFOUND:
		return "not found";
	case PL_EINVALID:
		return "invalid input";
	case PL_EDENIED:
		return "denied";
	case PL_ECONFLICT:
		return "conflict";
	case PL_EBADSIG:
		return "bad signature";
	case PL_EIO:
		return "input/output error";
	case PL_ETOOBIG:
		return "too big";
	case PL_EBUSY:
		return "busy";
	case PL_EVERSION:
		return "unsupported database";
	case PL_ESTALE:
		return "stale";
	default:
		return "unknown error";
	}
}
