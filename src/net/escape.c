/* escape.c — percent-encoding of a query value or a path segment for the
 * remote client (declared in src/client/client.h). Here, not in the
 * client, because it needs no libcurl: the command line builds its paths
 * with it and loads the client module only to send them. */
#include "../client/client.h"

void pl_client_escape(pl_buf *out, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
		    *p == '@') {
			pl_buf_putc(out, (char)*p);
		} else {
			pl_buf_putc(out, '%');
			pl_buf_putc(out, hex[*p >> 4]);
			pl_buf_putc(out, hex[*p & 15]);
		}
	}
}
