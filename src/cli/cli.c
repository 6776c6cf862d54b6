#include "cli.h"
#include "modules.h"
#include "parley/signing.h"
#include "parley/file.h"
#include "parley/table.h"
#include "parley/utf8.h"

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

enum {
	OPT_DB = 1000,
	OPT_WAIT,
	OPT_MAX_SIZE,
	OPT_AS,
	OPT_KEYS,
	OPT_KEY,
	OPT_FORMAT,
	OPT_HELP = 'h'
};

static const struct option shared_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"wait", required_argument, NULL, OPT_WAIT},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"as", required_argument, NULL, OPT_AS},
    {"keys", required_argument, NULL, OPT_KEYS},
    {"key", required_argument, NULL, OPT_KEY},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, OPT_HELP},
};
#define SHARED_COUNT (sizeof shared_options / sizeof shared_options[0])

/* --format json of the command running (shared option): one process runs
 * one command. */
static int result_json;

int cli_json_wanted(void)
{
	return result_json;
}

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
	} else if (code == OPT_FORMAT) {
		if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
			return cli_usage(command,
			                 "--format is text or json"); /* cli_parse keeps it */
	} else if (code == OPT_MAX_SIZE) {
		if (pl_size_parse(arg, &db->max_input, &err))
			return cli_usage(command, "%s", err.message);
	}
	return 0;
}

/* The texts that may span lines: a note, a justification, a statement.
 * Every other value (a name, a title, a point's text) is one line: a line
 * break in a point's text would start a new point in the Markdown out. */
static const char *const multiline_options[] = {"note", "justification"};

static int lines_in_operands(const cli_command *command)
{
	return command && strcmp(command->name, "statement") == 0;
}

static int check_option_value(const char *name, const char *value)
{
	unsigned flags = 0;
	for (size_t i = 0; i < sizeof multiline_options / sizeof *multiline_options; i++)
		if (strcmp(name, multiline_options[i]) == 0)
			flags = PL_UTF8_LINES;
	char what[64];
	snprintf(what, sizeof what, "the value of --%s", name);
	return cli_check_text(value, flags, 0, what);
}

/* The option that getopt_long refused: an unknown one (with the nearest
 * known one, if close) or one missing its value. Returns EXIT_USAGE. */
static int bad_option(const cli_command *command, const struct option *all, size_t count,
                      const char *arg)
{
	const char *name = arg + strspn(arg, "-");
	size_t len = strcspn(name, "=");
	const char *names[128];
	size_t known = 0;
	for (size_t i = 0; i < count && known < sizeof names / sizeof *names; i++) {
		if (strlen(all[i].name) == len && strncmp(all[i].name, name, len) == 0 &&
		    strncmp(arg, "--", 2) == 0)
			return cli_usage(command, "option '--%s' needs a value", all[i].name);
		names[known++] = all[i].name;
	}
	const char *nearest = cli_nearest(name, len, names, known);
	if (nearest)
		return cli_usage(command, "unknown option '%s' (did you mean '--%s'?)", arg,
		                 nearest);
	return cli_usage(command, "unknown or incomplete option '%s'", arg);
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
	int rc = 0, code, index = -1;
	while (rc == 0 && (code = getopt_long(argc, argv, "h", all, &index)) != -1) {
		if (code == '?' || code == ':')
			rc = bad_option(command, all, own_count + SHARED_COUNT, argv[optind - 1]);
		else if (optarg && index >= 0)
			rc = check_option_value(all[index].name, optarg);
		if (rc == 0 && optarg && index >= 0 && strcmp(all[index].name, "format") == 0)
			result_json =
			    strcmp(optarg, "json") == 0; /* a command's own --format too */
		if (rc == 0 && code != '?' && code != ':')
			rc = (code >= OPT_DB && code < OPT_DB + 100) || code == OPT_HELP
			         ? shared_option(db, code, optarg, command)
			         : fn(context, code, optarg);
		index = -1;
	}
	free(all);
	*operands = optind;
	for (int i = optind; rc == 0 && i < argc; i++)
		rc = cli_check_text(argv[i], lines_in_operands(command) ? PL_UTF8_LINES : 0, 0,
		                    "the operand");
	pl_error err;
	if (rc == 0 && db && cli_store_module(db->path, &err))
		rc = cli_fail(&err);
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

/* Prints "parley: " and message on stderr as one line: whatever the message
 * quotes (a name, a stored text) cannot act on the terminal. */
static void put_message(const char *message)
{
	pl_buf line = PL_BUF_INIT;
	pl_buf_puts(&line, "parley: ");
	pl_utf8_escape(&line, message, strlen(message), 0);
	pl_buf_putc(&line, '\n');
	fputs(line.ptr, stderr);
	pl_buf_free(&line);
}

int cli_fail(const pl_error *err)
{
	put_message(err->message[0] ? err->message : pl_error_name(err->code));
	return EXIT_ERROR;
}

int cli_failf(const char *format, ...)
{
	pl_buf message = PL_BUF_INIT;
	va_list args;
	va_start(args, format);
	pl_buf_vprintf(&message, format, args);
	va_end(args);
	put_message(message.ptr);
	pl_buf_free(&message);
	return EXIT_ERROR;
}

int cli_usage(const cli_command *command, const char *format, ...)
{
	pl_buf message = PL_BUF_INIT;
	va_list args;
	va_start(args, format);
	if (command)
		pl_buf_printf(&message, "%s: ", command->name);
	pl_buf_vprintf(&message, format, args);
	pl_buf_printf(&message, " (see 'parley %s%s--help')", command ? command->name : "",
	              command ? " " : "");
	va_end(args);
	put_message(message.ptr);
	pl_buf_free(&message);
	return EXIT_USAGE;
}

int cli_check_text(const char *text, unsigned flags, size_t max, const char *name)
{
	enum { SHOWN = 40 };
	size_t len = strlen(text);
	if ((!max || len <= max) && !pl_utf8_needs_escape(text, len, flags))
		return 0;
	pl_buf what = PL_BUF_INIT;
	pl_buf_printf(&what, "%s '", name);
	pl_utf8_escape(&what, text, len > SHOWN ? SHOWN : len, 0);
	pl_buf_puts(&what, len > SHOWN ? "...'" : "'");
	pl_error err;
	pl_utf8_check(text, len, flags, max, what.ptr, &err);
	pl_buf_free(&what);
	return cli_fail(&err);
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
	int rc = json ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

int cli_finish_table(pl_negotiation *n, int failed, const pl_error *err, pl_table *table, int json,
                     const char *format)
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
	return done ? cli_print_result("parley.done/1", done, NULL) : EXIT_OK;
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
	char *text;
	pl_error err;
	if (cli_read_input(arg, 64 << 10, &text, &len, &err))
		return cli_failf("--public-key takes 64 hex digits or a file holding them; "
		                 "cannot open %s",
		                 cli_input_name(arg));
	text[strcspn(text, "\r\n")] = '\0';
	int ok = strlen(text) == 64 && strspn(text, "0123456789abcdef") == 64;
	if (ok)
		memcpy(hex, text, 65);
	free(text);
	if (!ok)
		return cli_failf("%s does not hold a public key (64 hex digits, as parley keygen "
		                 "writes it)",
		                 cli_input_name(arg));
	return 0;
}

int cli_enrolled(const pl_signer *device, const char *name)
{
	char hex[65], done[256];
	pl_signer_public_hex(device, hex);
	snprintf(done, sizeof done, "enrolled key %.16s... of %s with its code", hex, name);
	return cli_print_result("parley.done/1", done, NULL);
}

const char *cli_clock(void)
{
	const char *clock = getenv("PARLEY_CLOCK");
	return clock && *clock ? clock : NULL;
}
