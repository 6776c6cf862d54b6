/* utf8.h — text at the door and at the terminal: checking every text where
 * it enters (command line, environment, files) and escaping stored text
 * where it is shown.
 *
 * Ownership: nothing is kept; escaped text is appended to a pl_buf the
 * caller owns. */
#ifndef PARLEY_UTF8_H
#define PARLEY_UTF8_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/error.h"

/* What a text may hold besides printable characters. */
enum {
	PL_UTF8_NEWLINE = 1 << 0, /* line feeds (U+000A) */
	PL_UTF8_TAB = 1 << 1,     /* tabs (U+0009) */
	PL_UTF8_CR = 1 << 2,      /* carriage returns (U+000D): files' line endings */
	PL_UTF8_LINES = PL_UTF8_NEWLINE | PL_UTF8_TAB
};

/* 1 when the code point cp is a control character: C0 (U+0000-U+001F),
 * DEL (U+007F) or C1 (U+0080-U+009F), unless flags allow it. */
int pl_utf8_is_control(long cp, unsigned flags);

/* Checks s[0..len) before it is used or stored: valid UTF-8 (no NUL byte,
 * no surrogate, no overlong form), no control character beyond those flags
 * allow, at most max bytes (0: no limit). Returns 0, or PL_EINVALID with
 * "WHAT is not valid UTF-8 (byte offset N)", "WHAT holds the control
 * character U+001B (byte offset N)" or "WHAT is N bytes, over the limit of
 * M"; what names the text for the reader (it is not escaped here). */
int pl_utf8_check(const char *s, size_t len, unsigned flags, size_t max, const char *what,
                  pl_error *err);

/* Appends s[0..len) to out for display, every byte that could act on a
 * terminal shown as text: ESC as \e, other C0 controls and DEL as \xNN
 * (\n, \t, \r when flags do not allow them), C1 controls as \u{NN}, and
 * each byte that is not part of valid UTF-8 as \xNN. Printable text,
 * backslashes included, is copied as it is: the escaped form is for
 * reading, not for parsing back. */
void pl_utf8_escape(pl_buf *out, const char *s, size_t len, unsigned flags);

/* 1 when pl_utf8_escape would change s[0..len) (so that callers can skip a
 * copy for the common clean text). */
int pl_utf8_needs_escape(const char *s, size_t len, unsigned flags);

#endif
