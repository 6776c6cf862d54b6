/* docx_sniff.c — telling a .docx from a Markdown plan by its first bytes
 * (parley/docx.h). Apart from the reader, which needs libzip and libxml2
 * and is loaded only when used (docx_module.h). */
#include "parley/docx.h"

#include <string.h>

int pl_docx_sniff(const char *data, size_t len)
{
	/* A zip's first local file header (PKWARE's APPNOTE, 4.3.7). */
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}
