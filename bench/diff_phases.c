/* diff_phases.c — where `parley diff --text --format json` spends its time.
 *
 * usage: diff_phases A B
 *
 * Does in one process what the command does, in its order, and prints the
 * milliseconds of each phase on one line: "READ CHECK DIFF JSON" — reading
 * both files (pl_file_view_open, as the command maps them), looking for NUL bytes (the command's
 * check of large texts; their UTF-8 is checked by the redline's own scan), the redline
 * (pl_text_diff_large, UTF-8 check included) and writing the JSON to /dev/null as the command
 * writes it to standard output (pl_text_diff_stream_json). Process start and exit are left out. */
#include "parley/file.h"
#include "parley/redline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		fprintf(stderr, "usage: diff_phases A B\n");
		return 2;
	}
	pl_error err;
	pl_file_view va = {0}, vb = {0};
	double t0 = now();
	if (pl_file_view_open(&va, argv[1], (size_t)1 << 30, &err) ||
	    pl_file_view_open(&vb, argv[2], (size_t)1 << 30, &err))
		goto fail;
	double t1 = now();
	const char *a = va.data, *b = vb.data;
	size_t a_len = va.len, b_len = vb.len;
	if (memchr(a, '\0', a_len) || memchr(b, '\0', b_len)) {
		fprintf(stderr, "diff_phases: NUL bytes\n");
		return 1;
	}
	double t2 = now();
	pl_text_diff diff;
	if (pl_text_diff_large(&diff, a, a_len, b, b_len, 0, &err))
		goto fail;
	double t3 = now();
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		fprintf(stderr, "diff_phases: cannot open /dev/null\n");
		return 1;
	}
	pl_redline_render render = {argv[1], argv[2], 0, 0, NULL, NULL};
	if (pl_text_diff_stream_json(&diff, &render, write_file, sink) || fflush(sink) != 0) {
		fprintf(stderr, "diff_phases: cannot write\n");
		return 1;
	}
	double t4 = now();
	fclose(sink);
	printf("%.2f %.2f %.2f %.2f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3,
	       (t4 - t3) * 1e3);
	pl_text_diff_free(&diff);
	pl_file_view_close(&va);
	pl_file_view_close(&vb);
	return 0;
fail:
	fprintf(stderr, "diff_phases: %s\n", err.message);
	return 1;
}
