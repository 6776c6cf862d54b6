/* docx_out.c — a .docx written to a file or to standard output. */
#include "docx_out.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_write_docx(const pl_buf *docx, const char *path)
{
	if (!path || strcmp(path, "-") == 0) {
		if (cli_stdout_is_terminal())
			return cli_failf(
			    "a .docx is a binary file: give --output FILE, or redirect the "
			    "output to a file");
		return cli_write(docx);
	}
	/* O_NOFOLLOW: a link planted where the file goes is not followed. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return cli_failf("cannot write %s: %s", path, strerror(errno));
	size_t done = 0;
	while (done < docx->len) {
		ssize_t n = write(fd, docx->ptr + done, docx->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			return cli_failf("cannot write %s: %s", path, strerror(e));
		}
		done += (size_t)n;
	}
	if (close(fd) != 0)
		return cli_failf("cannot write %s: %s", path, strerror(errno));
	return EXIT_OK;
}
