/* diff_plan_phases.c — where `parley diff --files A B --format json` (the
 * plan diff) spends its time.
 *
 * usage: diff_plan_phases A B
 *
 * Does in one process what the command does, in its order, and prints the
 * milliseconds of each phase on one line: "READ PARSE REDLINE JSON" —
 * mapping both files (pl_file_view_open), parsing both plans
 * (pl_markdown_parse_two, one per core), the redline (pl_redline_compute:
 * matching, per-point word diffs, classification) and writing its JSON to
 * /dev/null as the command writes it to standard output
 * (pl_redline_stream_json). Process start and exit are left out, and
 * nothing is freed, as in the command. */
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/redline.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int write_file(void *context, const char *data, size_t len)
{
	return fwrite(data, 1, len, context) != len;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: diff_plan_phases A B\n");
		return 2;
	}
	pl_error err;
	pl_file_view va = {0}, vb = {0};
	double t0 = now();
	if (pl_file_view_open(&va, argv[1], (size_t)1 << 30, &err) ||
	    pl_file_view_open(&vb, argv[2], (size_t)1 << 30, &err))
		goto fail;
	double t1 = now();
	pl_doc *a, *b;
	if (pl_markdown_parse_two(&a, va.data, va.len, argv[1], &b, vb.data, vb.len, argv[2], &err))
		goto fail;
	double t2 = now();
	pl_redline *redline;
	if (pl_redline_compute(&redline, a, b, NULL, &err))
		goto fail;
	double t3 = now();
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		fprintf(stderr, "diff_plan_phases: cannot open /dev/null\n");
		return 1;
	}
	pl_redline_render render = {argv[1], argv[2], 0, 0, NULL, NULL};
	if (pl_redline_stream_json(redline, &render, write_file, sink) || fflush(sink) != 0) {
		fprintf(stderr, "diff_plan_phases: cannot write\n");
		return 1;
	}
	double t4 = now();
	printf("%.2f %.2f %.2f %.2f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3,
	       (t4 - t3) * 1e3);
	return 0;
fail:
	fprintf(stderr, "diff_plan_phases: %s\n", err.message);
	return 1;
}
