/* readfile.c — the floor of the import benchmark: reading the plan.
 *
 * usage: readfile FILE
 *
 * Reads FILE into memory the way `parley import` does (pl_file_read, one
 * buffer of the file's size) and prints its length, so the benchmark can
 * set the import against the cost of a process that only reads its input. */
#include "parley/file.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: readfile FILE\n");
		return 2;
	}
	pl_error err;
	char *text;
	size_t len;
	if (pl_file_read(argv[1], PL_DEFAULT_MAX_INPUT, &text, &len, &err)) {
		fprintf(stderr, "readfile: %s\n", err.message);
		return 1;
	}
	/* Touch every page once more, as a parser would. */
	unsigned long sum = 0;
	for (size_t i = 0; i < len; i += 4096)
		sum += (unsigned char)text[i];
	printf("%zu %lu\n", len, sum);
	free(text);
	return 0;
}
