/* cmd_list.c — 'parley docs' and 'parley versions': the listings. */
#include "cli.h"
#include "parley/format.h"

#include <string.h>

typedef struct list_args {
	int json;
	const cli_command *command;
} list_args;

static int option(void *context, int code, const char *arg)
{
	list_args *args = context;
	if (code != 'f')
		return 0;
	if (strcmp(arg, "json") == 0)
		args->json = 1;
	else if (strcmp(arg, "text") == 0)
		args->json = 0;
	else
		return cli_usage(args->command, "--format is text or json");
	return 0;
}

static const struct option own[] = {
    {"format", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

static int print_list(const list_args *args, pl_version_info *infos, size_t count)
{
	pl_buf out = PL_BUF_INIT;
	if (args->json)
		pl_format_versions_json(&out, infos, count);
	else
		pl_format_versions_text(&out, infos, count);
	int rc = args->json ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	pl_version_info_free_array(infos, count);
	return rc;
}

static int run_list(int argc, char **argv, const cli_command *command, int want_document)
{
	cli_db db;
	cli_db_init(&db);
	list_args args = {.command = command};
	int first;
	int rc = cli_parse(argc, argv, command, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != want_document)
		return cli_usage(command, want_document ? "needs one DOC" : "takes no arguments");
	pl_negotiation *n;
	if ((rc = cli_open(&db, 0, &n)))
		return rc;
	pl_error err;
	pl_version_info *infos;
	size_t count;
	int failed = want_document ? pl_version_list(n, argv[first], &infos, &count, &err)
	                           : pl_document_list(n, &infos, &count, &err);
	pl_negotiation_close(n);
	if (failed)
		return cli_fail(&err);
	return print_list(&args, infos, count);
}

static int run_docs(int argc, char **argv)
{
	return run_list(argc, argv, &cmd_docs, 0);
}

static int run_versions(int argc, char **argv)
{
	return run_list(argc, argv, &cmd_versions, 1);
}

const cli_command cmd_docs = {
    "docs", run_docs, "list the documents, each with its latest version",
    "usage: parley docs [--format text|json]\n"
    "\n"
    "Lists every document of the negotiation with its latest version: when it\n"
    "was made, how many points it has, its track and its title.\n"};

const cli_command cmd_versions = {
    "versions", run_versions, "list the versions of a document",
    "usage: parley versions DOC [--format text|json]\n"
    "\n"
    "Lists every version of DOC, oldest first; address one as DOC@N.\n"};
