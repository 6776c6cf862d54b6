/* cli.h — what the thin command-line front end shares between commands. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"

enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage; /* the full help text, printed by --help */
} cli_command;

/* Options every command that opens a database understands. */
typedef struct cli_db {
	const char *path;     /* --db, or $PARLEY_DB, or ./parley.db */
	int wait_ms;          /* --wait SECONDS for a lock held by another process */
	size_t max_input;     /* --max-size for input files */
	const char *actor;    /* --as NAME, or $PARLEY_AS: who acts and reads */
	const char *keys;     /* --keys DIR, or $PARLEY_KEYS, or ~/.parley/keys */
	const char *key_file; /* --key FILE, or $PARLEY_KEY: the actor's key file elsewhere */
	char keys_default[4096];
} cli_db;

/* A command's own option: code is the struct option's val. Returns 0, or
 * an exit code after printing why. */
typedef int (*cli_option_fn)(void *context, int code, const char *arg);

/* Parses argv (argv[0] is the command's name) with the command's own
 * options plus the shared ones (--db, --wait, --max-size, --help); db may
 * be NULL for a command without a database. Every option value and operand
 * must be one line (no control character at all), but for --note,
 * --justification and a statement's text, which may hold newlines and
 * tabs. On return *operands is the index of the first operand. Returns 0 to
 * go on, CLI_DONE after --help, or an exit code. */
int cli_parse(int argc, char **argv, const cli_command *command, const struct option *own,
              cli_db *db, cli_option_fn fn, void *context, int *operands);
#define CLI_DONE (-1)

void cli_db_init(cli_db *db);
/* Opens the negotiation for reading or writing; prints the error. */
int cli_open(const cli_db *db, int writable, pl_negotiation **out);

/* Checks a text from the command line or the environment with
 * pl_utf8_check (flags, max bytes; 0 for no cap): 0 if it passes, else
 * prints why, naming it as name with an escaped excerpt, and returns
 * EXIT_ERROR. */
int cli_check_text(const char *text, unsigned flags, size_t max, const char *name);

/* "parley: message" on stderr, as one line with control characters and
 * invalid bytes escaped (pl_utf8_escape); returns EXIT_ERROR. */
int cli_fail(const pl_error *err);
int cli_failf(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message and a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const cli_command *command, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* 1 when arg asks for help ("--help" or "-h"). */
int cli_is_help(const char *arg);
/* Prints the command's help; returns EXIT_OK. */
int cli_help(const cli_command *command);
/* Prints a table as text (or JSON with json set). */
struct pl_table;
int cli_print_table(const struct pl_table *table, int json, const char *format);
/* The end of a command that read a table: closes n, then reports the
 * failure or prints the table (and frees it). */
int cli_finish_table(pl_negotiation *n, int failed, const pl_error *err, struct pl_table *table,
                     int json, const char *format);
/* The end of a command that changed the record: closes n, then reports
 * the failure or prints done (if any). */
int cli_finish_change(pl_negotiation *n, int failed, const pl_error *err, const char *done);

/* What 'delegate enrol' prints once device's key is enrolled for name,
 * locally or through a server. */
struct pl_signer;
int cli_enrolled(const struct pl_signer *device, const char *name);
/* The time a change made here is signed at: PARLEY_CLOCK when set, else
 * NULL (now). */
const char *cli_clock(void);

/* Reads a public key given as 64 hex digits or as a file holding them
 * (parley keygen's NAME.pub); prints why not and returns EXIT_ERROR. */
int cli_public_key(const char *arg, char hex[65]);

/* The optimal string alignment distance (Levenshtein with transpositions)
 * between a[0..a_len) and b; (size_t)-1 when either is over 64 bytes. */
size_t cli_edit_distance(const char *a, size_t a_len, const char *b);
/* The name among names[0..count) nearest to word[0..len) when it is close
 * (at most two edits, fewer than half of len); NULL when none is. */
const char *cli_nearest(const char *word, size_t len, const char *const *names, size_t count);

/* Reads the file at path, or all of standard input when path is "-", with
 * pl_file_read's cap, codes and ownership. Standard input is read once:
 * a second "-" is PL_EINVALID. */
int cli_read_input(const char *path, size_t max, char **out, size_t *len, pl_error *err);
/* The same as a pl_file_view (pl_file_view_close releases it). */
struct pl_file_view;
int cli_view_input(struct pl_file_view *view, const char *path, size_t max, pl_error *err);
/* How messages name an input: "standard input" for "-", else path. */
const char *cli_input_name(const char *path);

/* parley's one JSON style (docs/json.md): compact, one line per document.
 * cli_json_squeeze takes the white space between tokens out of
 * json[0..len) in place and returns the length left; state carries over
 * from one piece of a stream to the next (start it zeroed). */
typedef struct cli_json_state {
	int in_string, escaped;
} cli_json_state;
size_t cli_json_squeeze(cli_json_state *state, char *json, size_t len);
/* Squeezes json, ends it with a newline and writes it (cli_write). */
int cli_write_json(pl_buf *json);

/* What a command that changes something (or makes a key) prints when it is
 * done: text as one or more lines, or with --format json one document of
 * schema (parley.NAME/1) holding fields (a jansson object, taken, may be
 * NULL) and "message", the text. */
struct json_t;
int cli_print_result(const char *schema, const char *text, struct json_t *fields);
/* 1 when the command asked for --format json through the shared option. */
int cli_json_wanted(void);
/* A pl_write_fn onto stdout that squeezes a streamed JSON document;
 * context is its cli_json_state. Nonzero if the write fails. */
int cli_json_stream_write(void *context, const char *data, size_t len);

/* Sends standard output through $PAGER (default 'less -FRX') when it is a
 * terminal and PAGER is not empty or "cat"; parley waits for the pager at
 * exit. */
void cli_pager_start(void);
/* 1 when the output goes to a terminal, through the pager or not. */
int cli_stdout_is_terminal(void);

/* Writes buf to stdout; returns EXIT_ERROR if stdout fails. */
int cli_write(const pl_buf *buf);

/* Each command, defined in its cmd_*.c. */
extern const cli_command cmd_keygen;
extern const cli_command cmd_init, cmd_import, cmd_docs, cmd_versions, cmd_show, cmd_rebuild,
    cmd_diff, cmd_party, cmd_delegate, cmd_track, cmd_circulate, cmd_seen, cmd_verify, cmd_log,
    cmd_meeting, cmd_statement, cmd_timeline;
/* Amendments, positions and the negotiating text (issue 5). */
extern const cli_command cmd_amend, cmd_amendments, cmd_amendment, cmd_voting_list, cmd_position,
    cmd_matrix, cmd_text, cmd_progress, cmd_redlines;
/* Comparing plans and text reuse (issue 6). */
extern const cli_command cmd_compare, cmd_reuse;
/* The negotiation server (issue 13). */
extern const cli_command cmd_serve;
/* The database as a whole (issue 15). */
extern const cli_command cmd_migrate, cmd_copy;

#endif
