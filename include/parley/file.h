/* file.h — reading input files with a size cap.
 *
 * Ownership: *out is a new NUL-terminated buffer the caller frees. */
#ifndef PARLEY_FILE_H
#define PARLEY_FILE_H

#include <stddef.h>

#include "parley/error.h"

/* The default cap on an input file: 64 MiB. */
#define PL_DEFAULT_MAX_INPUT ((size_t)64 << 20)

/* Reads the regular file at path, refusing files over max_bytes. Returns
 * 0, PL_ENOTFOUND (no such file), PL_EINVALID (a directory or device),
 * PL_ETOOBIG (over the cap) or PL_EIO. */
int pl_file_read(const char *path, size_t max_bytes, char **out, size_t *len, pl_error *err);

/* A file's bytes, read-only, for a command that reads a file once: mapped
 * from the page cache where the system allows it (no copy; on Linux its
 * pages mapped at once), else read into memory. data is not
 * NUL-terminated. A mapped file must not shrink while it is viewed (a page
 * past its new end would fault), as with git's and other tools' mappings. */
typedef struct pl_file_view {
	const char *data;
	size_t len;
	void *mapping; /* what to unmap, or NULL */
	char *owned;   /* what to free, or NULL */
} pl_file_view;

/* Opens a view of the file at path, with pl_file_read's checks and codes. */
int pl_file_view_open(pl_file_view *view, const char *path, size_t max_bytes, pl_error *err);
/* Releases the view (a zeroed or closed view too) and zeroes it. */
void pl_file_view_close(pl_file_view *view);

/* Checks that text is valid UTF-8 without NUL bytes; otherwise
 * PL_EINVALID with "NAME: binary file (NUL byte at offset N)" or
 * "NAME: line L: invalid UTF-8 (byte offset N)". */
int pl_text_check(const char *text, size_t len, const char *name, pl_error *err);

/* Parses a size such as "4096", "512K", "64M", "1G" (binary units) into
 * *bytes; PL_EINVALID otherwise. */
int pl_size_parse(const char *text, size_t *bytes, pl_error *err);

#endif
