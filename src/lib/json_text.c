/* json_text.c — JSON strings written by hand (json_text_int.h). */
#include "json_text_int.h"
#include "utf8_int.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int pl_json_put_string(pl_buf *out, const char *s)
{
	if (!s) {
		pl_buf_puts(out, "null");
		return 0;
	}
	size_t len = strlen(s);
	if (!pl_utf8_valid(s, len, NULL))
		return -1;
	pl_json_put_valid(out, s, len);
	return 0;
}

void pl_json_put_valid(pl_buf *out, const char *s, size_t len)
{
	static const char *const short_forms[32] = {
	    ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t"};
	pl_buf_reserve(out, len + 2);
	pl_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		/* A run that needs no escape goes in at once. */
		size_t run = i;
#if defined(__SSE2__)
		/* Sixteen at a time: a byte up to 0x1f, a quote or a backslash
		 * ends the run (UTF-8's high bytes do not). */
		for (; run + 16 <= len; run += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + run));
			__m128i stop =
			    _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v),
			                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
			int mask = _mm_movemask_epi8(stop);
			if (mask) {
				run += (size_t)__builtin_ctz((unsigned)mask);
				break;
			}
		}
#endif
		while (run < len && (unsigned char)s[run] >= 0x20 && s[run] != '"' &&
		       s[run] != '\\')
			run++;
		if (run > i) {
			pl_buf_put(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			pl_buf_putc(out, '\\');
			pl_buf_putc(out, (char)c);
		} else if (c < 0x20 && short_forms[c]) {
			pl_buf_puts(out, short_forms[c]);
		} else if (c < 0x20) {
			pl_buf_printf(out, "\\u%04X", c);
		} else {
			pl_buf_putc(out, (char)c);
		}
	}
	pl_buf_putc(out, '"');
}
