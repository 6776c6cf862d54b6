/* pager.c — long output through $PAGER on a terminal, as git does it:
 * standard output becomes a pipe into the pager, which parley waits for
 * at exit. Never when standard output is not a terminal, nor when PAGER
 * is set empty or to "cat". */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pager_pid = -1;

/* At exit: the pager sees the end of its input, and the terminal is the
 * pager's until the reader quits it. */
static void wait_for_pager(void)
{
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		continue;
}

/* The pager command: $PAGER, or less -FRX (quit when the text fits the
 * screen, keep colours, leave the screen as it was); NULL for none. */
static const char *pager_command(void)
{
	const char *pager = getenv("PAGER");
	if (!pager)
		return "less -FRX";
	if (!*pager || strcmp(pager, "cat") == 0)
		return NULL;
	return pager;
}

void cli_pager_start(void)
{
	const char *command = pager_command();
	int ends[2];
	if (!command || !isatty(STDOUT_FILENO) || pipe(ends) != 0)
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		close(ends[0]);
		close(ends[1]);
		return;
	}
	if (pid == 0) {
		dup2(ends[0], STDIN_FILENO);
		close(ends[0]);
		close(ends[1]);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	dup2(ends[1], STDOUT_FILENO);
	close(ends[0]);
	close(ends[1]);
	pager_pid = pid;
	atexit(wait_for_pager);
}

int cli_stdout_is_terminal(void)
{
	return pager_pid > 0 || isatty(STDOUT_FILENO);
}
