/* cmd_log.c — 'parley verify' and 'parley log export|verify|head'. */
#include "cli.h"
#include "parley/file.h"
#include "parley/verify.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct log_args {
	const cli_command *command;
	const char *expect;
	int json;
} log_args;

static int option(void *context, int code, const char *arg)
{
	log_args *args = context;
	if (code == 'e')
		args->expect = arg;
	if (code == 'f') {
		if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0)
			return cli_usage(args->command, "--format is text or json");
		args->json = strcmp(arg, "json") == 0;
	}
	return 0;
}

static const struct option own[] = {
    {"expect", required_argument, NULL, 'e'},
    {"format", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

/* Prints a JSON object made here (and frees it), in parley's one style. */
static int print_json(json_t *object)
{
	char *text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(object);
	if (!text)
		abort();
	pl_buf out = PL_BUF_INIT;
	pl_buf_puts(&out, text);
	free(text);
	int rc = cli_write_json(&out);
	pl_buf_free(&out);
	return rc;
}

/* parley.verify/1 (docs/json.md): what was checked, once all of it holds. */
static int print_report(const pl_verify_report *report, int json)
{
	if (!json) {
		printf("verified %zu events in %zu chains (%zu signed): every hash, link and "
		       "signature holds\n",
		       report->events, report->tracks, report->signed_events);
		return EXIT_OK;
	}
	return print_json(json_pack("{s:s, s:b, s:I, s:I, s:I}", "format", "parley.verify/1",
	                            "verified", 1, "events", (json_int_t)report->events, "chains",
	                            (json_int_t)report->tracks, "signed",
	                            (json_int_t)report->signed_events));
}

static int run_verify(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	log_args args = {&cmd_verify, NULL, 0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_verify, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first > 1)
		return cli_usage(&cmd_verify, "takes at most one TRACK");
	pl_negotiation *n;
	if ((rc = cli_open(&db, 0, &n)))
		return rc;
	pl_verify_report report;
	pl_error err;
	int failed = pl_verify(n, first < argc ? argv[first] : NULL, args.expect, &report, &err);
	pl_negotiation_close(n);
	if (failed)
		return cli_fail(&err);
	return print_report(&report, args.json);
}

static int log_export(const cli_db *db, const char *track)
{
	pl_negotiation *n;
	int rc = cli_open(db, 0, &n);
	if (rc)
		return rc;
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	rc = pl_log_export(n, track, &out, &err) ? cli_fail(&err) : cli_write(&out);
	pl_buf_free(&out);
	pl_negotiation_close(n);
	return rc;
}

static int log_head(const cli_db *db, const char *track, int json)
{
	pl_negotiation *n;
	int rc = cli_open(db, 0, &n);
	if (rc)
		return rc;
	char hash[65];
	long long seq;
	pl_error err;
	rc = pl_log_head(n, track, hash, &seq, &err) ? cli_fail(&err) : EXIT_OK;
	pl_negotiation_close(n);
	if (rc == EXIT_OK && json) /* parley.head/1 (docs/json.md) */
		return print_json(json_pack("{s:s, s:s, s:I, s:s}", "format", "parley.head/1",
		                            "track", track, "seq", (json_int_t)seq, "hash", hash));
	if (rc == EXIT_OK)
		printf("%s\n", hash);
	return rc;
}

static int log_verify(const cli_db *db, const char *path, const char *expect, int json)
{
	char *text;
	size_t len;
	pl_error err;
	if (cli_read_input(path, db->max_input, &text, &len, &err))
		return cli_fail(&err);
	pl_verify_report report;
	int failed = pl_log_verify(text, len, expect, &report, &err);
	free(text);
	if (failed) {
		char message[sizeof err.message];
		snprintf(message, sizeof message, "%s", err.message);
		pl_error_set(&err, failed, "%s: %s", cli_input_name(path), message);
		return cli_fail(&err);
	}
	return print_report(&report, json);
}

static int run_log(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	log_args args = {&cmd_log, NULL, 0};
	int first;
	const char *verb = argc > 1 ? argv[1] : "";
	if (cli_is_help(verb))
		return cli_help(&cmd_log);
	int rc = cli_parse(argc - 1, argv + 1, &cmd_log, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	argc--;
	argv++;
	if (argc - first != 1)
		return cli_usage(&cmd_log, "export TRACK, head TRACK or verify FILE");
	if (strcmp(verb, "export") == 0)
		return log_export(&db, argv[first]);
	if (strcmp(verb, "head") == 0)
		return log_head(&db, argv[first], args.json);
	if (strcmp(verb, "verify") == 0)
		return log_verify(&db, argv[first], args.expect, args.json);
	return cli_usage(&cmd_log, "export, head or verify?");
}

const cli_command cmd_verify = {
    "verify", run_verify, "check every hash chain and signature",
    "usage: parley verify [TRACK] [--expect HASH] [--format text|json] [--as DELEGATE]\n"
    "\n"
    "Checks every chain you may see (or only TRACK): sequence numbers, links to\n"
    "the previous event, each event's hash over its canonical encoding, and each\n"
    "signature under its delegate's public key; names the first bad event. With\n"
    "--expect HASH (a receipt from 'parley log head'), also fails if that event\n"
    "is no longer in the log: the log was cut back or rewritten since.\n"
    "--format json prints parley.verify/1 (docs/json.md).\n"};

const cli_command cmd_log = {
    "log", run_log, "export a track's signed log, verify a file, print a receipt",
    "usage: parley log export TRACK > FILE\n"
    "       parley log verify FILE [--expect HASH] [--format text|json]\n"
    "       parley log head TRACK [--format text|json]\n"
    "\n"
    "export writes the track's events as JSON Lines with the delegates' public\n"
    "keys and the texts you were shown; verify checks such a file with no\n"
    "database, so a party can keep its own copy and prove later what was on the\n"
    "table; head prints the hash of the track's last event: keep it as a receipt\n"
    "and pass it to 'verify --expect'. 'verify -' reads standard input.\n"
    "--format json prints parley.verify/1 (verify) or parley.head/1 (head).\n"};
