/* utf8.c — validating UTF-8, checking text where it enters, escaping it
 * where it is shown (see parley/utf8.h). */
#include "utf8_int.h"
#include "parley/utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int pl_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
#if defined(__SSE2__)
		/* Thirty-two ASCII bytes at a time: no high bit, no NUL byte. */
		if (i + 32 <= len) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
			__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 16));
			__m128i zero = _mm_setzero_si128();
			__m128i nul =
			    _mm_or_si128(_mm_cmpeq_epi8(x, zero), _mm_cmpeq_epi8(y, zero));
			if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(x, y), nul))) {
				i += 32;
				continue;
			}
		}
#endif
		/* Eight ASCII bytes at a time: no high bit, and no NUL byte (the
		 * classic has-zero-byte test). */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080u) &&
			    !((w - 0x0101010101010101u) & ~w & 0x8080808080808080u)) {
				i += 8;
				continue;
			}
		}
		if (u[i] >= 1 && u[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0) {
			if (bad_offset)
				*bad_offset = i;
			return 0;
		}
		i += (size_t)n;
	}
	return 1;
}

int pl_bytes_binary(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

size_t pl_display_width(const char *s)
{
	size_t width = 0, len = s ? strlen(s) : 0, i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++;
			width++;
			continue;
		}
		width += (size_t)utf8proc_charwidth(cp);
		i += (size_t)n;
	}
	return width;
}

int pl_utf8_is_control(long cp, unsigned flags)
{
	if (cp == '\n')
		return !(flags & PL_UTF8_NEWLINE);
	if (cp == '\t')
		return !(flags & PL_UTF8_TAB);
	if (cp == '\r')
		return !(flags & PL_UTF8_CR);
	return (cp >= 0 && cp < 0x20) || (cp >= 0x7f && cp < 0xa0);
}

/* The offset of the first control character flags do not allow in valid
 * UTF-8 s[0..len), and its code point in *cp; len when there is none. C1
 * controls are the two-byte sequences C2 80 to C2 9F. */
static size_t first_control(const char *s, size_t len, unsigned flags, long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
#if defined(__SSE2__)
		/* Sixteen bytes at a time while none is below 0x20, DEL or 0xC2
		 * (every plan read passes here: 20 MB for a diff of two 10 MB
		 * plans, byte by byte a tenth of its parse). */
		while (i + 16 <= len) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
			__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
			__m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
			__m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xc2));
			int mask = _mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(del, c2)));
			if (mask) {
				i += (size_t)__builtin_ctz((unsigned)mask);
				break;
			}
			i += 16;
		}
		if (i == len)
			break;
#endif
		if (u[i] == 0xc2 && i + 1 < len && u[i + 1] < 0xa0) {
			*cp = u[i + 1];
			return i;
		}
		if (u[i] < 0x80 && pl_utf8_is_control(u[i], flags)) {
			*cp = u[i];
			return i;
		}
	}
	return len;
}

int pl_utf8_check(const char *s, size_t len, unsigned flags, size_t max, const char *what,
                  pl_error *err)
{
	size_t bad;
	long cp = 0;
	if (max && len > max)
		return pl_error_set(err, PL_EINVALID, "%s is %zu bytes, over the limit of %zu",
		                    what, len, max);
	if (!pl_utf8_valid(s, len, &bad))
		return pl_error_set(err, PL_EINVALID, "%s is not valid UTF-8 (byte offset %zu)",
		                    what, bad);
	bad = first_control(s, len, flags, &cp);
	if (bad < len)
		return pl_error_set(err, PL_EINVALID,
		                    "%s holds the control character U+%04lX (byte offset %zu)",
		                    what, cp, bad);
	return 0;
}

int pl_utf8_needs_escape(const char *s, size_t len, unsigned flags)
{
	long cp;
	return !pl_utf8_valid(s, len, NULL) || first_control(s, len, flags, &cp) < len;
}

static void escape_byte(pl_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char code[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
	if (c == 0x1b)
		pl_buf_put(out, "\\e", 2);
	else if (c == '\n' || c == '\t' || c == '\r')
		pl_buf_put(out, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r", 2);
	else
		pl_buf_put(out, code, sizeof code);
}

void pl_utf8_escape(pl_buf *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		while (run < len && u[run] < 0x80 && !pl_utf8_is_control(u[run], flags))
			run++;
		pl_buf_put(out, s + i, run - i);
		i = run;
		if (i == len)
			break;
		if (u[i] < 0x80) {
			escape_byte(out, u[i++]);
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			escape_byte(out, u[i++]);
			continue;
		}
		if (cp < 0xa0)
			pl_buf_printf(out, "\\u{%x}", (unsigned)cp);
		else
			pl_buf_put(out, s + i, (size_t)n);
		i += (size_t)n;
	}
}
