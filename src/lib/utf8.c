#include "utf8_int.h"

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
			__m128i nul = _mm_or_si128(_mm_cmpeq_epi8(x, zero), _mm_cmpeq_epi8(y, zero));
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

int pl_bytes_binary(const char *s, size_t len) { return memchr(s, '\0', len) != NULL; }

size_t pl_display_width(const char *s)
{
	size_t width = 0, len = s ? strlen(s) : 0, i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
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
