/* utf8_int.h — private UTF-8 helpers (validation, trimming). */
#ifndef PARLEY_UTF8_INT_H
#define PARLEY_UTF8_INT_H

#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 (no NUL bytes, no surrogates, no overlong
 * forms); otherwise 0 and *bad_offset is the first bad byte's offset. */
int pl_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* 1 when s[0..len) looks binary: a NUL byte in it. */
int pl_bytes_binary(const char *s, size_t len);

/* Display width of a NUL-terminated UTF-8 string in terminal columns
 * (wide characters count 2); an invalid byte counts 1. */
size_t pl_display_width(const char *s);

#endif
