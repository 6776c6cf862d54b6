#include "cli.h"

static int no_option(void *context, int code, const char *arg)
{
	(void)context;
	(void)code;
	(void)arg;
	return cli_usage(&cmd_init, "unknown option");
}

static int run(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	int first;
	int rc = cli_parse(argc, argv, &cmd_init, NULL, &db, no_option, NULL, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (first != argc)
		return cli_usage(&cmd_init, "takes no arguments");
	pl_open_options options = {.path = db.path, .create = 1, .busy_timeout_ms = db.wait_ms,
				   .keys_dir = db.keys};
	pl_negotiation *n;
	pl_error err;
	if (pl_negotiation_open(&n, &options, &err))
		return cli_fail(&err);
	pl_negotiation_close(n);
	printf("created the negotiation %s\n", db.path);
	return EXIT_OK;
}

const cli_command cmd_init = {
	"init", run, "create a new negotiation database",
	"usage: parley init [--db FILE]\n"
	"\n"
	"Creates an empty negotiation database (default ./parley.db, or $PARLEY_DB).\n"
	"Fails if the file already holds a negotiation or is some other file.\n"};
