#include "parley/file.h"
#include "parley/mem.h"
#include "utf8_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_error(const char *path, pl_error *err)
{
	int code = errno == ENOENT ? PL_ENOTFOUND : errno == EACCES ? PL_EDENIED : PL_EIO;
	return pl_error_set(err, code, "%s: %s", path, strerror(errno));
}

/* Opens path for reading if it is a regular file within max_bytes; its
 * size in *size. */
static int open_checked(const char *path, size_t max_bytes, int *fd_out, size_t *size,
                        pl_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_error(path, err);
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) != 0)
		rc = open_error(path, err);
	else if (!S_ISREG(st.st_mode))
		rc = pl_error_set(err, PL_EINVALID, "%s: not a regular file", path);
	else if ((uintmax_t)st.st_size > max_bytes)
		rc = pl_error_set(
		    err, PL_ETOOBIG,
		    "%s: %jd bytes is over the input cap of %zu bytes (see --max-size)", path,
		    (intmax_t)st.st_size, max_bytes);
	if (rc) {
		close(fd);
		return rc;
	}
	*fd_out = fd;
	*size = (size_t)st.st_size;
	return 0;
}

/* Reads size bytes of fd into a new NUL-terminated buffer. */
static int read_all(int fd, const char *path, size_t size, char **out, pl_error *err)
{
	size_t got = 0;
	/* Huge pages for a large file: read() touches every page of it. */
	char *data = pl_malloc_huge(size + 1, 0);
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != size) {
		free(data);
		return pl_error_set(err, PL_EIO, "%s: short read (file changed while reading?)",
		                    path);
	}
	data[size] = '\0';
	*out = data;
	return 0;
}

int pl_file_read(const char *path, size_t max_bytes, char **out, size_t *len, pl_error *err)
{
	*out = NULL;
	*len = 0;
	int fd = -1;
	size_t size = 0;
	int rc = open_checked(path, max_bytes, &fd, &size, err);
	if (rc)
		return rc;
	rc = read_all(fd, path, size, out, err);
	close(fd);
	if (rc == 0)
		*len = size;
	return rc;
}

int pl_file_view_open(pl_file_view *view, const char *path, size_t max_bytes, pl_error *err)
{
	memset(view, 0, sizeof *view);
	int fd = -1;
	size_t size = 0;
	int rc = open_checked(path, max_bytes, &fd, &size, err);
	if (rc)
		return rc;
	if (size == 0) {
		close(fd);
		view->data = "";
		return 0;
	}
	int flags = MAP_PRIVATE;
#if defined(MAP_POPULATE)
	flags |= MAP_POPULATE; /* every page will be read */
#endif
	void *mapping = mmap(NULL, size, PROT_READ, flags, fd, 0);
	if (mapping != MAP_FAILED) {
		view->mapping = mapping;
		view->data = mapping;
	} else if ((rc = read_all(fd, path, size, &view->owned, err)) == 0) {
		view->data = view->owned;
	}
	close(fd);
	if (rc == 0)
		view->len = size;
	return rc;
}

void pl_file_view_close(pl_file_view *view)
{
	if (view->mapping)
		munmap(view->mapping, view->len);
	free(view->owned);
	memset(view, 0, sizeof *view);
}

int pl_size_parse(const char *text, size_t *bytes, pl_error *err)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)text[0]))
		return pl_error_set(err, PL_EINVALID, "'%s' is not a size", text);
	unsigned long long value = strtoull(text, &end, 10);
	unsigned shift = 0;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		end++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		end++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		end++;
		break;
	default:
		break;
	}
	if (*end || errno || value > (SIZE_MAX >> shift))
		return pl_error_set(err, PL_EINVALID, "'%s' is not a size (e.g. 4096, 512K, 64M)",
		                    text);
	*bytes = (size_t)value << shift;
	return 0;
}

int pl_text_check(const char *text, size_t len, const char *name, pl_error *err)
{
	size_t bad;
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return pl_error_set(err, PL_EINVALID, "%s: binary file (NUL byte at offset %zu)",
		                    name, (size_t)(nul - text));
	if (pl_utf8_valid(text, len, &bad))
		return 0;
	size_t line = 1;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + bad - p))) != NULL; p++)
		line++;
	return pl_error_set(err, PL_EINVALID, "%s: line %zu: invalid UTF-8 (byte offset %zu)", name,
	                    line, bad);
}
