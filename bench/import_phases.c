/* import_phases.c — the peak memory of an import, phase by phase.
 *
 * usage: import_phases DB KEYS ACTOR DOC FILE
 *
 * Does what `parley import FILE --doc DOC --db DB --as ACTOR` does, in the
 * same order (read and parse the plan, free the text, open, import), and
 * prints the peak resident set (VmHWM, KiB) of each phase: "read+parse",
 * then "import" (open, payload, event, tables, commit), and "start": what
 * is resident as the import starts (the document model, the libraries).
 * The peak is reset
 * between them (writing 5 to /proc/self/clear_refs), so the second figure
 * is the import's own, with the document model still held. Linux only. */
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field of /proc/self/status in KiB (VmHWM: the peak; VmRSS: now), or
 * -1. */
static long status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, strlen(field)) == 0)
			kib = strtol(line + strlen(field), NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

static int reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return -1;
	int rc = fputs("5", f) < 0;
	return fclose(f) != 0 || rc ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: import_phases DB KEYS ACTOR DOC FILE\n");
		return 2;
	}
	pl_error err;
	char *text;
	size_t len;
	pl_doc *doc;
	if (pl_file_read(argv[5], PL_DEFAULT_MAX_INPUT, &text, &len, &err) ||
	    pl_markdown_parse(&doc, text, len, argv[5], &err)) {
		fprintf(stderr, "import_phases: %s\n", err.message);
		return 1;
	}
	free(text);
	long parse = status_kib("VmHWM:"), held = status_kib("VmRSS:");
	if (reset_peak() != 0) {
		fprintf(stderr, "import_phases: cannot reset the peak (/proc/self/clear_refs)\n");
		return 1;
	}
	pl_open_options options = {.path = argv[1], .keys_dir = argv[2], .actor = argv[3]};
	pl_import_options import = {.document = argv[4], .source = "plan.md"};
	pl_import_result result;
	pl_negotiation *n;
	int rc = pl_negotiation_open(&n, &options, &err);
	if (rc == 0) {
		rc = pl_document_import(n, &import, doc, &result, &err);
		pl_negotiation_close(n);
	}
	pl_doc_free(doc);
	if (rc) {
		fprintf(stderr, "import_phases: %s\n", err.message);
		return 1;
	}
	printf("read+parse %ld import %ld start %ld\n", parse, status_kib("VmHWM:"), held);
	return 0;
}
