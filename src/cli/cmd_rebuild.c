#include "cli.h"

#include <jansson.h>

static int no_option(void *context, int code, const char *arg)
{
	(void)context;
	(void)code;
	(void)arg;
	return 0;
}

static int run(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	int first;
	int rc = cli_parse(argc, argv, &cmd_rebuild, NULL, &db, no_option, NULL, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (first != argc)
		return cli_usage(&cmd_rebuild, "takes no arguments");
	pl_negotiation *n;
	if ((rc = cli_open(&db, 1, &n)))
		return rc;
	pl_error err;
	pl_rebuild_report report;
	rc = pl_negotiation_rebuild(n, &report, &err) ? cli_fail(&err) : EXIT_OK;
	pl_negotiation_close(n);
	if (rc)
		return rc;
	char text[256];
	snprintf(text, sizeof text, "replayed %zu events you may see; projections %s (%.16s)",
	         report.events, report.identical ? "identical" : "CHANGED", report.after);
	rc = cli_print_result("parley.rebuild/1", text,
	                      json_pack("{s:I, s:b, s:s, s:s}", "events", (json_int_t)report.events,
	                                "identical", report.identical, "before", report.before,
	                                "after", report.after));
	if (rc)
		return rc;
	if (!report.identical)
		return cli_failf(
		    "the projections did not match the events (%.16s) and were rebuilt",
		    report.before);
	return EXIT_OK;
}

const cli_command cmd_rebuild = {
    "rebuild", run, "recompute every table from the events and compare",
    "usage: parley rebuild --as DELEGATE\n"
    "\n"
    "Empties every projection (documents, versions, points) and replays the\n"
    "events to fill them again, in one transaction. Reports whether the result\n"
    "equals what was there; exit code 1 if it does not. A record that does not\n"
    "verify is not replayed: the first bad event is named (when it is in a\n"
    "track you may see). Counts only the events you may see.\n"};
