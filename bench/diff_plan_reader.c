/* diff_plan_reader.c — which block reader reads each plan: md_scan.c's
 * scanner, or cmark (for a plan outside the scanner's subset).
 *
 * usage: diff_plan_reader FILE...
 *
 * Prints "FILE: scanner" or "FILE: cmark" per file, after parsing it as
 * the plan diff does; exits 1 when a file does not parse. bench/diff_plan.sh
 * prints it for its pair, so that a plan the scanner declines (and the
 * slower parse that follows) does not go unnoticed in its figures. */
#include "parley/file.h"
#include "md_scan.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: diff_plan_reader FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		pl_error err;
		pl_file_view view = {0};
		pl_doc *doc = NULL;
		md_path used = MD_PATH_AUTO;
		if (pl_file_view_open(&view, argv[i], (size_t)1 << 30, &err) ||
		    pl_md_parse_with(&doc, view.data, view.len, argv[i], MD_PATH_AUTO, &used,
		                     &err)) {
			fprintf(stderr, "diff_plan_reader: %s\n", err.message);
			return 1;
		}
		printf("%s: %s\n", argv[i], used == MD_PATH_SCAN ? "scanner" : "cmark");
		pl_doc_free(doc);
		pl_file_view_close(&view);
	}
	return 0;
}
