/* cmd_database.c — the database as a whole: 'parley migrate' upgrades its
 * schema, 'parley copy' moves a whole negotiation to another database
 * (SQLite file to PostgreSQL and back). */
#include "cli.h"
#include "modules.h"
#include "parley/database.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int no_option(void *context, int code, const char *arg)
{
	(void)context;
	(void)code;
	(void)arg;
	return 0;
}

static int run_migrate(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	int first;
	int rc = cli_parse(argc, argv, &cmd_migrate, NULL, &db, no_option, NULL, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (first != argc)
		return cli_usage(&cmd_migrate, "takes no arguments");
	pl_error err;
	int from, to;
	if (pl_database_migrate(db.path, db.wait_ms ? db.wait_ms : 1, &from, &to, &err))
		return cli_fail(&err);
	char text[256];
	if (from == to)
		snprintf(text, sizeof text, "schema %d: up to date, nothing to do", to);
	else
		snprintf(text, sizeof text, "schema %d -> %d: upgraded", from, to);
	return cli_print_result("parley.migrate/1", text,
	                        json_pack("{s:i, s:i}", "from", from, "to", to));
}

const cli_command cmd_migrate = {
    "migrate", run_migrate, "upgrade the database's schema to this parley's",
    "usage: parley migrate [--db FILE|URL]\n"
    "\n"
    "Brings a database written by an earlier parley up to this one's schema,\n"
    "in one transaction. Every other command refuses a database of an older\n"
    "schema until it is migrated, and a newer one always. Back the database\n"
    "up first (for a file, a copy while no one writes; for PostgreSQL,\n"
    "pg_dump).\n"};

typedef struct copy_args {
	const char *from, *to;
} copy_args;

enum { OPT_FROM = 1, OPT_TO };

static int copy_option(void *context, int code, const char *arg)
{
	copy_args *a = context;
	if (code == OPT_FROM)
		a->from = arg;
	else if (code == OPT_TO)
		a->to = arg;
	return 0;
}

static int run_copy(int argc, char **argv)
{
	static const struct option own[] = {
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {0, 0, 0, 0},
	};
	cli_db db;
	cli_db_init(&db);
	copy_args a = {0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_copy, own, &db, copy_option, &a, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (first != argc)
		return cli_usage(&cmd_copy, "takes no arguments");
	if (!a.to)
		return cli_usage(&cmd_copy, "names where to copy: --to FILE|URL");
	if (!a.from)
		a.from = db.path;
	pl_error err;
	if (cli_store_module(a.from, &err) || cli_store_module(a.to, &err))
		return cli_fail(&err);
	pl_copy_report report;
	if (pl_database_copy(a.from, a.to, db.wait_ms ? db.wait_ms : 1, &report, &err))
		return cli_fail(&err);
	char text[512];
	snprintf(text, sizeof text,
	         "copied %zu events and %zu texts from %s (%s) to %s (%s); both verify, "
	         "events %.16s at both ends",
	         report.events, report.texts, a.from, report.engine_from, a.to, report.engine_to,
	         report.digest);
	return cli_print_result("parley.copy/1", text,
	                        json_pack("{s:I, s:I, s:s, s:s, s:s}", "events",
	                                  (json_int_t)report.events, "texts",
	                                  (json_int_t)report.texts, "digest", report.digest, "from",
	                                  report.engine_from, "to", report.engine_to));
}

const cli_command cmd_copy = {
    "copy", run_copy, "copy a whole negotiation to another database",
    "usage: parley copy [--from FILE|URL] --to FILE|URL\n"
    "\n"
    "Copies the negotiation of --from (default --db, $PARLEY_DB) into --to,\n"
    "a database that holds none yet: a new SQLite file, or an empty\n"
    "PostgreSQL database (postgresql://...). Every text and every event is\n"
    "copied byte for byte and in its order; the tables are replayed from the\n"
    "events at the other end. The source must verify; the copy is verified\n"
    "in full once written, and the events of both ends are digested: the\n"
    "digest printed is the same at both. Nothing is recorded at --to when a\n"
    "step fails. Needs no delegate: it reads and writes the record as it is,\n"
    "and cannot change a signed word.\n"};
