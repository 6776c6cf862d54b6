/* akn_sniff.c — telling an Akoma Ntoso file from a Markdown plan by its
 * first bytes (parley/akn.h). Apart from the reader and the writers, which
 * need libxml2 and are loaded only when used (akn_module.h), so that
 * 'parley import plan.md' does not load libxml2 to learn it has no use
 * for it. */
#include "parley/akn.h"

#include <string.h>

int pl_akn_sniff(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i == len || text[i] != '<')
		return 0;
	if (len - i >= 5 && memcmp(text + i, "<?xml", 5) == 0)
		return 1;
	/* A Markdown plan may open with an HTML comment or tag: only an
	 * element named akomaNtoso near the start makes it Akoma Ntoso. */
	static const char root[] = "akomaNtoso";
	size_t window = len - i < 4096 ? len - i : 4096;
	for (size_t k = 0; k + sizeof root - 1 <= window; k++)
		if (memcmp(text + i + k, root, sizeof root - 1) == 0)
			return 1;
	return 0;
}
