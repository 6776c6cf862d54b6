#include "cli.h"
#include "parley/file.h"
#include "parley/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_db_init(cli_db *db)
{
	const char *env = getenv("PARLEY_DB");
	db->path = env && *env ? env : "parley.db";
	db->wait_ms = 5000;
	db->max_input = PL_DEFAULT_MAX_INPUT;
	const char *as = getenv("PARLEY_AS");
	db->actor = as && *as ? as : NULL;
	const char *keys = getenv("PARLEY_KEYS");
	const char *home = getenv("HOME");
	snprintf(db->keys_default, sizeof db->keys_default, "%s/.parley/keys",
		 home && *home ? home : ".");
	db->keys = keys && *keys ? keys : db->keys_default;
	const char *key = getenv("PARLEY_KEY");
	db->key_file = key && *key ? key : NULL;
}

enum { OPT_DB = 1000, OPT_WAIT, OPT_MAX_SIZE, OPT_AS, OPT_KEYS, OPT_KEY, OPT_HELP = 'h' };

static const struct option shared_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"wait", required_argument, NULL, OPT_WAIT},
	{"max-size", required_argument, NULL, OPT_MAX_SIZE},
	{"as", required_argument, NULL, OPT_AS},
	{"keys", required_argument, NULL, OPT_KEYS},
	{"key", required_argument, NULL, OPT_KEY},
	{"help", no_argument, NULL, OPT_HELP},
};
#define SHARED_COUNT (sizeof shared_options / sizeof shared_options[0])

static int shared_option(cli_db *db, int code, const char *arg, const cli_command *command)
{
	pl_error err;
	if (code == OPT_HELP) {
		cli_help(command);
		return CLI_DONE;
	}
	if (!db)
		return cli_usage(command, "unknown option");
	if (code == OPT_DB) {
		db->path = arg;
	} else if (code == OPT_WAIT) {
		char *end;
		double seconds = strtod(arg, &end);
		if (*end || end == arg || seconds < 0 || seconds > 3600)
			return cli_usage(command, "--wait takes seconds (0 to 3600)");
		db->wait_ms = (int)(seconds * 1000);
	} else if (code == OPT_AS) {
		db->actor = arg;
	} else if (code == OPT_KEYS) {
		db->keys = arg;
	} else if (code == OPT_KEY) {
		db->key_file = arg;
	} else if (code == OPT_MAX_SIZE) {
		if (pl_size_parse(arg, &db->max_input, &err))
			return cli_usage(command, "%s", err.message);
	}
	return 0;
}

int cli_parse(int argc, char **argv, const cli_command *command, const struct option *own,
	      cli_db *db, cli_option_fn fn, void *context, int *operands)
{
	size_t own_count = 0;
	while (own && own[own_count].name)
		own_count++;
	struct option *all = calloc(own_count + SHARED_COUNT + 1, sizeof *all);
	if (!all)
		abort();
	if (own_count)
		memcpy(all, own, own_count * sizeof *all);
	memcpy(all + own_count, shared_options, sizeof shared_options);
	optind = 1;
	opterr = 0;
	int rc = 0, code;
	while (rc == 0 && (code = getopt_long(argc, argv, "h", all, NULL)) != -1) {
		if (code == '?' || code == ':')
			rc = cli_usage(command, "unknown or incomplete option '%s'", argv[optind - 1]);
		else if ((code >= OPT_DB && code < OPT_DB + 100) || code == OPT_HELP)
			rc = shared_option(db, code, optarg, command);
		else
			rc = fn(context, code, optarg);
	}
	free(all);
	*operands = optind;
	return rc;
}

int cli_open(const cli_db *db, int writable, pl_negotiation **out)
{
	pl_error err;
	const char *clock = getenv("PARLEY_CLOCK");
	pl_open_options options = {
		.path = db->path,
		.read_only = !writable,
		.busy_timeout_ms = db->wait_ms ? db->wait_ms : 1,
		.clock = clock && *clock ? clock : NULL,
		.actor = db->actor,
		.keys_dir = db->keys,
		.key_file = db->key_file,
	};
	if (pl_negotiation_open(out, &options, &err))
		return cli_fail(&err);
	return 0;
}

int cli_fail(const pl_error *err)
{
	fprintf(stderr, "parley: %s\n", err->message[0] ? err->message : pl_error_name(err->code));
	return EXIT_ERROR;
}

int cli_failf(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	fputs("parley: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
	return EXIT_ERROR;
}

int cli_usage(const cli_command *command, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	fputs("parley: ", stderr);
	if (command)
		fprintf(stderr, "%s: ", command->name);
	vfprintf(stderr, format, args);
	fprintf(stderr, " (see 'parley %s%s--help')\n", command ? command->name : "",
		command ? " " : "");
	va_end(args);
	return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_help(const cli_command *command)
{
	fputs(command->usage, stdout);
	return EXIT_OK;
}

int cli_print_table(const pl_table *table, int json, const char *format)
{
	pl_buf out = PL_BUF_INIT;
	if (json)
		pl_table_write_json(&out, table, format);
	else
		pl_table_write_text(&out, table);
	int rc = cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

int cli_finish_table(pl_negotiation *n, int failed, const pl_error *err, pl_table *table,
		     int json, const char *format)
{
	pl_negotiation_close(n);
	if (failed)
		return cli_fail(err);
	int rc = cli_print_table(table, json, format);
	pl_table_free(table);
	return rc;
}

int cli_finish_change(pl_negotiation *n, int failed, const pl_error *err, const char *done)
{
	pl_negotiation_close(n);
	if (failed)
		return cli_fail(err);
	if (done)
		printf("%s\n", done);
	return EXIT_OK;
}

int cli_write(const pl_buf *buf)
{
	if (fwrite(buf->ptr, 1, buf->len, stdout) != buf->len || fflush(stdout) != 0)
		return cli_failf("cannot write the output");
	return EXIT_OK;
}

int cli_public_key(const char *arg, char hex[65])
{
	size_t len = strlen(arg);
	if (len == 64 && strspn(arg, "0123456789abcdef") == 64) {
		memcpy(hex, arg, 65);
		return 0;
	}
	FILE *file = fopen(arg, "r");
	if (!file)
		return cli_failf("--public-key takes 64 hex digits or a file holding them; "
				 "cannot open %s", arg);
	char line[80] = "";
	int ok = fgets(line, sizeof line, file) != NULL;
	fclose(file);
	line[strcspn(line, "\r\n")] = '\0';
	if (!ok || strlen(line) != 64 || strspn(line, "0123456789abcdef") != 64)
		return cli_failf("%s does not hold a public key (64 hex digits, as parley keygen "
				 "writes it)", arg);
	memcpy(hex, line, 65);
	return 0;
}
