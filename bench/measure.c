/* measure.c — runs a command and reports its wall time and peak memory.
 *
 * usage: measure [-f] REPORT COMMAND [ARG...]
 *
 * Runs COMMAND (stdin, stdout and stderr inherited, so the shell's
 * redirections apply to it), waits for it with wait4 and appends one line
 * "SECONDS MAXRSS_KIB STATUS" to the file REPORT (with -f, a fourth
 * column: the minor page faults it took). Exits with the command's
 * status. A few lines of C instead of /usr/bin/time, which a fresh Debian
 * does not have; wall time is taken with CLOCK_MONOTONIC around fork/wait. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int faults = argc > 1 && strcmp(argv[1], "-f") == 0;
	argc -= faults;
	argv += faults;
	if (argc < 3) {
		fprintf(stderr, "usage: measure [-f] REPORT COMMAND [ARG...]\n");
		return 2;
	}
	FILE *report = fopen(argv[1], "a");
	if (!report) {
		perror(argv[1]);
		return 2;
	}
	double start = now();
	pid_t child = fork();
	if (child < 0) {
		perror("fork");
		return 2;
	}
	if (child == 0) {
		fclose(report);
		execvp(argv[2], &argv[2]);
		perror(argv[2]);
		_exit(127);
	}
	int status;
	struct rusage usage;
	if (wait4(child, &status, 0, &usage) < 0) {
		perror("wait4");
		return 2;
	}
	double seconds = now() - start;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (faults)
		fprintf(report, "%.6f %ld %d %ld\n", seconds, usage.ru_maxrss, code,
		        usage.ru_minflt);
	else
		fprintf(report, "%.6f %ld %d\n", seconds, usage.ru_maxrss, code);
	return fclose(report) == 0 ? code : 2;
}
