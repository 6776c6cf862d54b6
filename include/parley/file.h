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

/* Checks that text is valid UTF-8 without NUL bytes; otherwise
 * PL_EINVALID with "NAME: binary file (NUL byte at offset N)" or
 * "NAME: line L: invalid UTF-8 (byte offset N)". */
int pl_text_check(const char *text, size_t len, const char *name, pl_error *err);

/* Parses a size such as "4096", "512K", "64M", "1G" (binary units) into
 * *bytes; PL_EINVALID otherwise. */
int pl_size_parse(const char *text, size_t *bytes, pl_error *err);

#endif
