#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tu_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)size + 1);
	assert_non_null(data);
	size_t got = fread(data, 1, (size_t)size, f);
	fclose(f);
	assert_int_equal(got, (size_t)size);
	data[size] = '\0';
	if (len_out)
		*len_out = (size_t)size;
	return data;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	assert_non_null(path);
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

char *tu_data_path(const char *name) { return join(PARLEY_DATA_DIR, name); }

char *tu_example_path(const char *name) { return join(PARLEY_EXAMPLES_DIR, name); }

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *templ = join(base && *base ? base : "/tmp", "parley-test-XXXXXX");
	if (!mkdtemp(templ))
		fail_msg("mkdtemp failed");
	return templ;
}

void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}
