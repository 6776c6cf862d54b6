/* json_text_int.h — writing JSON text by hand, byte for byte as jansson's
 * compact dump writes it, for the hot path that must reproduce a
 * canonical encoding without building a tree: an event's own fields
 * (event.c), a version's payload (version_payload.c), and the document's
 * JSON (fmt_json.c). */
#ifndef PARLEY_JSON_TEXT_INT_H
#define PARLEY_JSON_TEXT_INT_H

#include "parley/buf.h"

#include <stddef.h>

/* Appends s as a JSON string (null for NULL): quote, backslash and the
 * controls below U+0020 escaped (\b \f \n \r \t, else \u with upper-case
 * hex), everything else as it is. 0, or -1 when s is not UTF-8 (out is then
 * left partly written). */
int pl_json_put_string(pl_buf *out, const char *s);
/* The same for s (len bytes) that the caller has made sure is UTF-8. */
void pl_json_put_valid(pl_buf *out, const char *s, size_t len);

#endif
