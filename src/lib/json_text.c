/* json_text.c — JSON strings written by hand (json_text_int.h). */
#include "json_text_int.h"
#include "utf8_int.h"

#include <string.h>

int pl_json_put_string(pl_buf *out, const char *s)
{
	static const char *const short_forms[32] = {
	    ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t"};
	if (!s) {
		pl_buf_puts(out, "null");
		return 0;
	}
	size_t len = strlen(s);
	if (!pl_utf8_valid(s, len, NULL))
		return -1;
	pl_buf_reserve(out, len + 2);
	pl_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		/* A run that needs no escape goes in at once. */
		size_t run = i;
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
	return 0;
}
