/* main.c — parley's command-line front end: finds the command and runs it.
 * Every command is a thin wrapper over library calls (src/cli/cmd_*.c). */
#include "cli.h"
#include "remote.h"
#include "parley/clock.h"
#include "parley/utf8.h"

#if defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#endif
#include <stdlib.h>
#include <string.h>

static const cli_command *const commands[] = {
    &cmd_init,       &cmd_keygen,    &cmd_import,      &cmd_docs,     &cmd_versions,  &cmd_show,
    &cmd_diff,       &cmd_party,     &cmd_delegate,    &cmd_track,    &cmd_circulate, &cmd_seen,
    &cmd_meeting,    &cmd_statement, &cmd_timeline,    &cmd_verify,   &cmd_log,       &cmd_amend,
    &cmd_amendments, &cmd_amendment, &cmd_voting_list, &cmd_position, &cmd_matrix,    &cmd_text,
    &cmd_progress,   &cmd_redlines,  &cmd_rebuild,     &cmd_compare,  &cmd_reuse,     &cmd_serve,
    &cmd_migrate,    &cmd_copy,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static int print_help(FILE *out)
{
	fputs("usage: parley COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "parley keeps a negotiation: plans of numbered points, their versions,\n"
	      "and the record of every change, in one SQLite file or a PostgreSQL\n"
	      "database.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "options every database command takes:\n"
	      "  --db FILE|URL    the negotiation database: a file, or postgresql://...\n"
	      "                   (default $PARLEY_DB or ./parley.db)\n"
	      "  --wait SECONDS   wait this long for a lock held by another process (default 5)\n"
	      "  --max-size SIZE  refuse input files larger than SIZE (default 64M)\n"
	      "  --as NAME        act and read as delegate NAME (default $PARLEY_AS)\n"
	      "  --keys DIR       delegates' key files (default $PARLEY_KEYS or ~/.parley/keys)\n"
	      "  --key FILE       the acting delegate's key file, if elsewhere ($PARLEY_KEY)\n"
	      "  --format json    what a change did, as one JSON line (parley.done/1)\n"
	      "  --server URL     before COMMAND: run it against a parley server\n"
	      "                   ($PARLEY_SERVER; docs/remote.md)\n"
	      "  -h, --help       help for the command\n"
	      "\n"
	      "'parley help COMMAND' or 'parley COMMAND --help' tells more.\n"
	      "Exit codes: 0 success, 1 error, 2 usage ('diff': 0 same, 1 different, 2 trouble).\n",
	      out);
	return EXIT_OK;
}

/* Every text parley takes from the command line or the environment is
 * checked here, once, before any command sees it: valid UTF-8, no control
 * character but newlines and tabs (cli_parse allows those only in the texts
 * that may span lines), a size cap. Bad bytes are a data error (exit 1). */
enum { ARGUMENT_MAX = 64 << 10, VARIABLE_MAX = 4096 };

static int check_arguments(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; rc == 0 && i < argc; i++) {
		char name[32];
		snprintf(name, sizeof name, "argument %d", i);
		rc = cli_check_text(argv[i], PL_UTF8_LINES, ARGUMENT_MAX, name);
	}
	return rc;
}

static int check_environment(void)
{
	static const char *const names[] = {"PARLEY_DB",     "PARLEY_AS",     "PARLEY_KEYS",
	                                    "PARLEY_KEY",    "PARLEY_CLOCK",  "PARLEY_WORDNET",
	                                    "PARLEY_SERVER", "PARLEY_CA_FILE"};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof names / sizeof *names; i++) {
		const char *value = getenv(names[i]);
		if (value)
			rc = cli_check_text(value, 0, VARIABLE_MAX, names[i]);
	}
	pl_error err;
	const char *clock = getenv("PARLEY_CLOCK");
	if (rc == 0 && clock && *clock && pl_clock_check(clock, "PARLEY_CLOCK", &err))
		rc = cli_fail(&err);
	return rc;
}

/* The commands whose output can run to pages: they go through the pager
 * on a terminal (pager.c). */
static int is_paged(const char *name)
{
	static const char *const paged[] = {
	    "show", "diff",       "compare", "reuse",       "timeline", "docs",      "versions",
	    "text", "amendments", "matrix",  "voting-list", "progress", "statement", "log",
	};
	for (size_t i = 0; i < sizeof paged / sizeof *paged; i++)
		if (strcmp(paged[i], name) == 0)
			return 1;
	return 0;
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* "unknown command 'shwo' (did you mean 'show'?)"; exit 2. */
static int unknown_command(const char *name)
{
	const char *names[COMMAND_COUNT];
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		names[i] = commands[i]->name;
	const char *nearest = cli_nearest(name, strlen(name), names, COMMAND_COUNT);
	if (!nearest)
		return cli_usage(NULL, "unknown command '%s'", name);
	cli_failf("unknown command '%s' (did you mean '%s'?)", name, nearest);
	return EXIT_USAGE;
}

/* 'parley help' lists the commands; 'parley help CMD' is 'parley CMD --help'. */
static int help(int argc, char **argv)
{
	if (argc < 3)
		return print_help(stdout);
	const cli_command *command = find_command(argv[2]);
	return command ? cli_help(command) : unknown_command(argv[2]);
}

/* A command lives for one run and may pass megabytes from buffer to
 * buffer (a big version's payload is read, checked and parsed in turn; a
 * plan diff builds two documents and their redline). Page faults are what
 * such a run pays most for on a virtual machine (several microseconds
 * each), so the program, which owns its process, tunes glibc's allocator
 * (the library leaves it alone; with another C library, nothing is done):
 * - buffers up to 64 MiB come from the heap and freed memory stays there,
 *   where by default every buffer over 128 KiB is mapped afresh and
 *   unmapped at free, its pages faulted in again by the next one;
 * - the heap grows by 64 MiB at least, and its first 64 MiB are advised
 *   for transparent huge pages: a fault then maps 2 MiB, not 4 KiB (where
 *   the kernel has them; RSS counts whole 2 MiB pages);
 * - one arena for every thread: a second thread's arena would be a
 *   mapping of its own, outside the advised pages.
 * A show of 100,000 points took 28,000 page faults, and takes 1,000; the
 * plan diff of two 10 MB plans 14,000, and 900 (bench/show_cost.sh). */
static void tune_allocator(void)
{
#if defined(__GLIBC__)
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	mallopt(M_TOP_PAD, 64 << 20);
	mallopt(M_ARENA_MAX, 1);
	void *first = malloc(1);
	char *end = sbrk(0);
	uintptr_t huge = (uintptr_t)2 << 20;
	char *start = (char *)(((uintptr_t)first + huge - 1) & ~(huge - 1));
	if (first && end != (char *)-1 && end > start)
		madvise(start, (size_t)(end - start), MADV_HUGEPAGE);
	free(first);
#endif
}

int main(int argc, char **argv)
{
	tune_allocator();
	int rc = check_arguments(argc, argv);
	if (rc)
		return rc;
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	/* 'parley --server URL COMMAND ...' (or $PARLEY_SERVER): remote.c */
	const char *server = getenv("PARLEY_SERVER");
	if (strcmp(argv[1], "--server") == 0) {
		if (argc < 4)
			return cli_usage(NULL, "--server URL COMMAND ...");
		server = argv[2];
		argc -= 2;
		argv += 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		return print_help(stdout);
	if (strcmp(name, "help") == 0)
		return help(argc, argv);
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("parley %s\n", PARLEY_VERSION);
		return EXIT_OK;
	}
	const cli_command *command = find_command(name);
	if (!command)
		return unknown_command(name);
	if (check_environment())
		return EXIT_ERROR;
	if (is_paged(command->name))
		cli_pager_start();
	if (server && *server && !cli_remote_is_local(argc - 1, argv + 1))
		return cli_remote_run(server, command, argc - 1, argv + 1);
	return command->run(argc - 1, argv + 1);
}
