/* remote.h — 'parley --server URL COMMAND ...': the commands run against a
 * parley server (src/client/), with the same options, output, exit codes
 * and errors as on a local database. remote_routes.c maps each command to
 * its route and body; remote.c parses, signs, sends and prints. */
#ifndef PARLEY_CLI_REMOTE_H
#define PARLEY_CLI_REMOTE_H

#include "cli.h"

/* How a command-line value goes into the request. */
typedef enum remote_type {
	R_STRING,    /* a string */
	R_LIST,      /* "a,b,c": an array in a body, as is in a query */
	R_REST,      /* every remaining operand: an array (a body) or "a,b" (a query) */
	R_EACH,      /* every remaining operand, one change each (amendment accept A1 A2) */
	R_FLAG,      /* an option without a value: true, or "1" in a query */
	R_FILE,      /* a file's text ('-' standard input); with a key, the text goes
	              * there and the file's name under the field's own name */
	R_KEY,       /* a public key: 64 hex digits or a file holding them */
	R_OPERATION, /* an amendment's operation: {"edit": "..."} appended to "operations" */
	R_FORMAT,    /* --format, one of the route's formats */
	R_IGNORED,   /* accepted for the same command line, nothing to send (--brackets) */
	R_SELECT,    /* a flag whose presence selects this route over the command's
	              * other one, listed after it (--dry-run); nothing to send */
	R_COLOR,     /* --color: the server's text has no colour; 'always' is refused */
	R_LOCAL,     /* an option the server does not offer: refused, saying so */
} remote_type;

typedef struct remote_field {
	const char *name; /* the option (without "--") or the operand's key */
	remote_type type;
	const char *key; /* the body's or query's key (NULL: name) */
} remote_field;

enum { REMOTE_MAX_FIELDS = 12, REMOTE_MAX_OPERANDS = 4 };

typedef struct remote_route {
	const char *command; /* "meeting" */
	const char *verb;    /* "postpone", or NULL for a command without verbs */
	const char *method;  /* "GET" or "POST" */
	/* "/api/meetings/{id}/postpone": {key} takes the operand of that key */
	const char *path;
	remote_field operands[REMOTE_MAX_OPERANDS];
	int min_operands;
	remote_field options[REMOTE_MAX_FIELDS];
	/* reads: the --format values, the CLI's default first; NULL: none sent */
	const char *formats;
	/* changes: the event kinds the command makes (what the client signs) */
	const char *kinds[8];
	const char *synopsis; /* the operands, for a usage error */
	/* changes: what each statement of the first kind must say of what was
	 * asked, space-separated: "key" (the payload's key equals the value
	 * given for it), "asked=payload" (under another name), "ref" (DOC@N is
	 * the payload's document and number), "points#" (one statement
	 * per value of the list asked) and "key~value" (a fixed value). */
	const char *binds;
} remote_route;

/* The route of command (argv[0]) and its verb (argv[1]), or NULL. */
const remote_route *remote_route_find(const char *command, int argc, char **argv);

/* 1 when the command runs on this machine even with a server: keygen,
 * init, reuse, serve, 'diff --files', 'compare --files', 'log verify'. */
int cli_remote_is_local(int argc, char **argv);

/* Runs argv (argv[0] is the command) against the server at url; returns
 * the exit code. */
int cli_remote_run(const char *url, const cli_command *command, int argc, char **argv);

#endif
