/* main.c — parley's command-line front end: finds the command and runs it.
 * Every command is a thin wrapper over library calls (src/cli/cmd_*.c). */
#include "cli.h"

#include <string.h>

static const cli_command *const commands[] = {
	&cmd_init,  &cmd_keygen, &cmd_import,   &cmd_docs,  &cmd_versions, &cmd_show,
	&cmd_diff,  &cmd_party,    &cmd_delegate, &cmd_track, &cmd_circulate,
	&cmd_seen,  &cmd_meeting,  &cmd_statement, &cmd_timeline, &cmd_verify,
	&cmd_log,   &cmd_amend,    &cmd_amendments, &cmd_amendment, &cmd_voting_list,
	&cmd_position, &cmd_matrix, &cmd_text, &cmd_progress, &cmd_redlines, &cmd_rebuild,
	&cmd_compare, &cmd_reuse,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static int print_help(FILE *out)
{
	fputs("usage: parley COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "parley keeps a negotiation: plans of numbered points, their versions,\n"
	      "and the record of every change, in one SQLite file.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "options every database command takes:\n"
	      "  --db FILE        the negotiation database (default $PARLEY_DB or ./parley.db)\n"
	      "  --wait SECONDS   wait this long for a lock held by another process (default 5)\n"
	      "  --max-size SIZE  refuse input files larger than SIZE (default 64M)\n"
	      "  --as NAME        act and read as delegate NAME (default $PARLEY_AS)\n"
	      "  --keys DIR       delegates' key files (default $PARLEY_KEYS or ~/.parley/keys)\n"
	      "  -h, --help       help for the command\n"
	      "\n"
	      "'parley COMMAND --help' tells more. Exit codes: 0 success, 1 error, 2 usage.\n",
	      out);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0)
		return print_help(stdout);
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("parley %s\n", PARLEY_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i]->run(argc - 1, argv + 1);
	return cli_usage(NULL, "'%s' is not a parley command", name);
}
