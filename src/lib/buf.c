#include "parley/buf.h"
#include "parley/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char pl_buf_empty[1] = "";

void pl_buf_init(pl_buf *buf)
{
	buf->ptr = pl_buf_empty;
	buf->len = 0;
	buf->capacity = 0;
}

void pl_buf_free(pl_buf *buf)
{
	if (buf->capacity)
		free(buf->ptr);
	pl_buf_init(buf);
}

void pl_buf_clear(pl_buf *buf)
{
	buf->len = 0;
	/* Not into the shared empty string: threads clearing empty buffers
	 * at once would all write it (a data race, if a harmless one). */
	if (buf->capacity)
		buf->ptr[0] = '\0';
}

void pl_buf_reserve(pl_buf *buf, size_t extra)
{
	size_t need = buf->len + extra + 1;
	if (need <= buf->capacity)
		return;
	size_t cap = buf->capacity ? buf->capacity : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	char *grown = buf->capacity ? pl_realloc(buf->ptr, cap) : pl_malloc(cap);
	if (!buf->capacity)
		grown[0] = '\0';
	buf->ptr = grown;
	buf->capacity = cap;
}

void pl_buf_put(pl_buf *buf, const void *data, size_t len)
{
	if (!len)
		return;
	pl_buf_reserve(buf, len);
	memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
}

void pl_buf_puts(pl_buf *buf, const char *s)
{
	pl_buf_put(buf, s, strlen(s));
}

void pl_buf_putc(pl_buf *buf, char c)
{
	pl_buf_put(buf, &c, 1);
}

void pl_buf_put_size(pl_buf *buf, size_t n)
{
	char digits[24];
	size_t at = sizeof digits;
	do
		digits[--at] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	pl_buf_put(buf, digits + at, sizeof digits - at);
}

void pl_buf_vprintf(pl_buf *buf, const char *format, va_list args)
{
	/* Most formatted pieces are short: format straight into spare room, and
	 * only when it does not fit, grow and format again. */
	pl_buf_reserve(buf, 64);
	size_t room = buf->capacity - buf->len;
	va_list copy;
	va_copy(copy, args);
	int n = vsnprintf(buf->ptr + buf->len, room, format, copy);
	va_end(copy);
	if (n < 0) {
		buf->ptr[buf->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		pl_buf_reserve(buf, (size_t)n);
		vsnprintf(buf->ptr + buf->len, (size_t)n + 1, format, args);
	}
	buf->len += (size_t)n;
}

void pl_buf_printf(pl_buf *buf, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	pl_buf_vprintf(buf, format, args);
	va_end(args);
}

char *pl_buf_detach(pl_buf *buf)
{
	char *out = buf->capacity ? buf->ptr : pl_strdup("");
	pl_buf_init(buf);
	return out;
}
