/* input.c — input files, with "-" for standard input, as Unix tools have it. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/file.h"

static int stdin_taken;

const char *cli_input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "standard input" : path;
}

/* Reads all of standard input, refusing more than max bytes. */
static int read_stdin(size_t max, char **out, size_t *len, pl_error *err)
{
	if (stdin_taken)
		return pl_error_set(err, PL_EINVALID, "standard input ('-') can be read only once");
	stdin_taken = 1;
	pl_buf buf = PL_BUF_INIT;
	for (;;) {
		pl_buf_reserve(&buf, 65536);
		ssize_t got = read(STDIN_FILENO, buf.ptr + buf.len, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			pl_buf_free(&buf);
			return pl_error_set(err, PL_EIO, "standard input: %s", strerror(errno));
		}
		if (got == 0)
			break;
		buf.len += (size_t)got;
		buf.ptr[buf.len] = '\0';
		if (buf.len > max) {
			pl_buf_free(&buf);
			return pl_error_set(err, PL_ETOOBIG,
			                    "standard input: over the input cap of %zu bytes "
			                    "(see --max-size)",
			                    max);
		}
	}
	*len = buf.len;
	*out = pl_buf_detach(&buf);
	return 0;
}

int cli_read_input(const char *path, size_t max, char **out, size_t *len, pl_error *err)
{
	if (strcmp(path, "-") == 0)
		return read_stdin(max, out, len, err);
	return pl_file_read(path, max, out, len, err);
}

int cli_view_input(pl_file_view *view, const char *path, size_t max, pl_error *err)
{
	if (strcmp(path, "-") != 0)
		return pl_file_view_open(view, path, max, err);
	memset(view, 0, sizeof *view);
	size_t len;
	int rc = read_stdin(max, &view->owned, &len, err);
	view->data = view->owned;
	view->len = rc ? 0 : len;
	return rc;
}
