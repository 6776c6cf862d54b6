/* buf.h — a growable byte buffer, never NULL, always NUL-terminated.
 *
 * Ownership: a pl_buf owns its bytes; pl_buf_free releases them and
 * pl_buf_detach hands them to the caller. A pl_buf starts as PL_BUF_INIT. */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pl_buf {
	char *ptr;       /* never NULL; ptr[len] == '\0' */
	size_t len;
	size_t capacity; /* 0 while ptr points at the shared empty string */
} pl_buf;

extern char pl_buf_empty[1];
#define PL_BUF_INIT {pl_buf_empty, 0, 0}

void pl_buf_init(pl_buf *buf);
void pl_buf_free(pl_buf *buf);
void pl_buf_clear(pl_buf *buf);
/* Makes room for extra more bytes without changing the content. */
void pl_buf_reserve(pl_buf *buf, size_t extra);
void pl_buf_put(pl_buf *buf, const void *data, size_t len);
void pl_buf_puts(pl_buf *buf, const char *s);
void pl_buf_putc(pl_buf *buf, char c);
/* Appends n in decimal (as %zu writes it, without printf's cost). */
void pl_buf_put_size(pl_buf *buf, size_t n);
void pl_buf_printf(pl_buf *buf, const char *format, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void pl_buf_vprintf(pl_buf *buf, const char *format, va_list args);
/* Returns the bytes (a malloc'ed, NUL-terminated string the caller frees)
 * and leaves buf empty. */
char *pl_buf_detach(pl_buf *buf);

#endif
