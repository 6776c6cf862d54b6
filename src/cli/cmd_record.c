/* cmd_record.c — 'parley party|delegate|track|circulate|seen': the
 * record's parties, delegates, tracks and circulation. */
#include "cli.h"
#include "parley/record.h"
#include "parley/signing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct record_args {
	const cli_command *command;
	int json;
	const char *party, *role, *to, *note, *public_key, *rule, *code;
	long expires; /* seconds, for 'delegate invite' (0: a day) */
	int make_key;
	int no_actor; /* opened as no one ('delegate enrol': the new key signs) */
} record_args;

/* "90", "90s", "45m", "24h", "7d" as seconds; -1 when it is none. */
static long duration(const char *arg)
{
	char *end;
	long value = strtol(arg, &end, 10);
	long unit = *end == '\0' || strcmp(end, "s") == 0 ? 1
	            : strcmp(end, "m") == 0               ? 60
	            : strcmp(end, "h") == 0               ? 3600
	            : strcmp(end, "d") == 0               ? 86400
	                                                  : -1;
	if (end == arg || value <= 0 || unit < 0 || value > 7L * 86400 / unit)
		return -1;
	return value * unit;
}

static int option(void *context, int code, const char *arg)
{
	record_args *args = context;
	switch (code) {
	case 'f':
		if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0)
			return cli_usage(args->command, "--format is text or json");
		args->json = strcmp(arg, "json") == 0;
		return 0;
	case 'p':
		args->party = arg;
		return 0;
	case 'r':
		args->role = arg;
		return 0;
	case 't':
		args->to = arg;
		return 0;
	case 'n':
		args->note = arg;
		return 0;
	case 'k':
		args->public_key = arg;
		return 0;
	case 'm':
		args->make_key = 1;
		return 0;
	case 'R':
		args->rule = arg;
		return 0;
	case 'c':
		args->code = arg;
		return 0;
	case 'e':
		args->expires = duration(arg);
		if (args->expires < 0)
			return cli_usage(args->command,
			                 "--expires is a duration up to a week: 90s, 45m, 24h, 7d");
		return 0;
	default:
		return 0;
	}
}

static const struct option own[] = {
    {"format", required_argument, NULL, 'f'},
    {"party", required_argument, NULL, 'p'},
    {"role", required_argument, NULL, 'r'},
    {"to", required_argument, NULL, 't'},
    {"note", required_argument, NULL, 'n'},
    {"public-key", required_argument, NULL, 'k'},
    {"make-key", no_argument, NULL, 'm'},
    {"rule", required_argument, NULL, 'R'},
    {"code", required_argument, NULL, 'c'},
    {"expires", required_argument, NULL, 'e'},
    {NULL, 0, NULL, 0},
};

/* Parses, opens the negotiation, and leaves the operands in argv[*first..). */
static int begin(int argc, char **argv, const cli_command *command, record_args *args, cli_db *db,
                 int writable, pl_negotiation **n, int *first)
{
	cli_db_init(db);
	args->command = command;
	int rc = cli_parse(argc, argv, command, own, db, option, args, first);
	if (rc)
		return rc;
	if (args->no_actor)
		db->actor = NULL;
	return cli_open(db, writable, n);
}

/* For a command with verbs (argv[1]): handles help and an unknown verb
 * (answered with choices), then begins as above on what follows the verb,
 * writable for the verbs before read_only_from. *which is the verb's index
 * in verbs; the operands are argv[*first..). */
static int begin_verb(int argc, char **argv, const cli_command *command, const char *const verbs[],
                      int count, const char *choices, int read_only_from, record_args *args,
                      cli_db *db, pl_negotiation **n, int *first, int *which)
{
	const char *verb = argc > 1 ? argv[1] : "";
	if (cli_is_help(verb)) {
		cli_help(command);
		return CLI_DONE;
	}
	*which = -1;
	for (int i = 0; i < count; i++)
		if (strcmp(verb, verbs[i]) == 0)
			*which = i;
	if (*which < 0)
		return cli_usage(command, "%s", choices);
	int rc = begin(argc - 1, argv + 1, command, args, db, *which < read_only_from, n, first);
	if (rc == 0)
		++*first; /* past the verb */
	return rc;
}

/* Checks the number of operands; on a wrong one, closes n and explains. */
static int wants(pl_negotiation *n, const cli_command *command, int have, int want,
                 const char *what)
{
	if (have == want)
		return 0;
	pl_negotiation_close(n);
	return cli_usage(command, "%s", what);
}

static int run_party(int argc, char **argv)
{
	static const char *const verbs[] = {"add", "list"};
	record_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	pl_error err;
	int first, which, rc;
	if ((rc = begin_verb(argc, argv, &cmd_party, verbs, 2, "add or list?", 1, &args, &db, &n,
	                     &first, &which)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (which == 1) {
		pl_table *table = NULL;
		int failed = pl_party_list(n, &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.parties/1");
	}
	if ((rc = wants(n, &cmd_party, argc - first, 2, "add needs CODE and \"Name\"")))
		return rc;
	char done[256];
	snprintf(done, sizeof done, "added party %s", argv[first]);
	int failed = pl_party_add(n, argv[first], argv[first + 1], &err);
	return cli_finish_change(n, failed, &err, done);
}

static int delegate_add(pl_negotiation *n, const record_args *args, const char *name)
{
	pl_error err;
	char hex[65], path[4096], done[4400];
	if (!args->party) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_delegate, "add needs --party CODE");
	}
	if (!args->public_key && !args->make_key) {
		pl_negotiation_close(n);
		return cli_usage(
		    &cmd_delegate,
		    "add needs the delegate's --public-key (made with 'parley keygen %s' "
		    "on their machine), or --make-key to make the pair here",
		    name);
	}
	if (args->public_key && cli_public_key(args->public_key, hex)) {
		pl_negotiation_close(n);
		return EXIT_ERROR;
	}
	int failed = pl_delegate_add(n, name, args->party, args->role,
	                             args->public_key ? hex : NULL, path, sizeof path, &err);
	if (args->public_key)
		snprintf(done, sizeof done, "added delegate %s (%s, %s)", name, args->party,
		         args->role);
	else
		snprintf(done, sizeof done, "added delegate %s (%s, %s); secret key in %s", name,
		         args->party, args->role, path);
	return cli_finish_change(n, failed, &err, done);
}

/* 'delegate keys NAME', 'delegate key add|revoke NAME --public-key K'. */
static int delegate_keys(pl_negotiation *n, const record_args *args, int argc, char **argv,
                         int first, int which)
{
	pl_error err;
	if (which == 5) {
		if (argc - first != 1) {
			pl_negotiation_close(n);
			return cli_usage(&cmd_delegate, "keys needs one NAME");
		}
		pl_table *table = NULL;
		int failed = pl_delegate_keys(n, argv[first], &table, &err);
		return cli_finish_table(n, failed, &err, table, args->json, "parley.keys/1");
	}
	int revoke = which == 2;
	char hex[65];
	if (argc - first != 1 || !args->public_key) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_delegate, "%s needs NAME and --public-key",
		                 revoke ? "revoke" : "rotate");
	}
	if (cli_public_key(args->public_key, hex)) {
		pl_negotiation_close(n);
		return EXIT_ERROR;
	}
	int failed = revoke ? pl_delegate_key_revoke(n, argv[first], hex, &err)
	                    : pl_delegate_key_add(n, argv[first], hex, &err);
	char done[256];
	snprintf(done, sizeof done, "%s key %.16s... of %s", revoke ? "revoked" : "enrolled", hex,
	         argv[first]);
	return cli_finish_change(n, failed, &err, done);
}

/* 'delegate invite NAME': a one-time code for a further device. */
static int delegate_invite(pl_negotiation *n, const record_args *args, const char *name)
{
	char code[PL_INVITE_CODE_SIZE], expires[32], text[256];
	pl_error err;
	int failed = pl_delegate_invite(n, name, args->expires, code, sizeof code, expires, &err);
	if (failed)
		return cli_finish_change(n, failed, &err, NULL);
	snprintf(text, sizeof text, "enrolment code for a device of %s (good once, until %s):\n%s",
	         name, expires, code);
	int rc = cli_finish_change(n, 0, &err, text);
	memset(code, 0, sizeof code);
	return rc;
}

/* 'delegate enrol NAME --code CODE --key FILE': the device whose key file
 * is FILE enrolls its key with the code, signing with that key. */
static int delegate_enrol(pl_negotiation *n, const record_args *args, const cli_db *db,
                          const char *name)
{
	if (!args->code || !db->key_file) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_delegate, "enrol needs NAME, --code CODE and --key FILE");
	}
	pl_error err;
	pl_signer *device = NULL;
	int failed = pl_signer_open(db->key_file, &device, &err);
	pl_buf signed_doc = PL_BUF_INIT, out = PL_BUF_INIT;
	if (!failed)
		failed = pl_enrol_sign(name, args->code, device, cli_clock(), &signed_doc, &err);
	if (!failed)
		failed = pl_negotiation_commit_signed(n, signed_doc.ptr, signed_doc.len, 300, &out,
		                                      &err);
	pl_buf_free(&signed_doc);
	pl_buf_free(&out);
	int rc = failed ? cli_finish_change(n, failed, &err, NULL)
	                : (pl_negotiation_close(n), cli_enrolled(device, name));
	pl_signer_close(device);
	return rc;
}

static int run_delegate(int argc, char **argv)
{
	static const char *const verbs[] = {"add",   "rotate", "revoke", "invite",
	                                    "enrol", "keys",   "list"};
	record_args args = {.role = "member"};
	args.no_actor = argc > 1 && strcmp(argv[1], "enrol") == 0;
	cli_db db;
	pl_negotiation *n = NULL;
	pl_error err;
	int first, which, rc;
	if ((rc = begin_verb(argc, argv, &cmd_delegate, verbs, 7,
	                     "add, rotate, revoke, invite, enrol, keys or list?", 5, &args, &db, &n,
	                     &first, &which)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (which == 3 || which == 4) {
		if ((rc = wants(n, &cmd_delegate, argc - first, 1,
		                which == 3 ? "invite needs one NAME" : "enrol needs one NAME")))
			return rc;
		return which == 3 ? delegate_invite(n, &args, argv[first])
		                  : delegate_enrol(n, &args, &db, argv[first]);
	}
	if (which == 6) {
		pl_table *table = NULL;
		int failed = pl_delegate_list(n, &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.delegates/1");
	}
	if (which != 0)
		return delegate_keys(n, &args, argc, argv, first, which);
	if ((rc = wants(n, &cmd_delegate, argc - first, 1, "add needs one NAME")))
		return rc;
	return delegate_add(n, &args, argv[first]);
}

static int run_track(int argc, char **argv)
{
	static const char *const verbs[] = {"add", "join", "rule", "members", "list"};
	record_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	pl_error err;
	int first, which, rc;
	if ((rc = begin_verb(argc, argv, &cmd_track, verbs, 5, "add, join, rule, members or list?",
	                     3, &args, &db, &n, &first, &which)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	int operands = argc - first;
	pl_table *table = NULL;
	if (which == 4) {
		int failed = pl_track_list(n, &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.tracks/1");
	}
	if (which == 2) {
		if ((rc = wants(n, &cmd_track, operands, 2, "rule needs TRACK and RULE")))
			return rc;
		int changed = 0;
		int failed = pl_track_rule(n, argv[first], argv[first + 1], &changed, &err);
		char done[512];
		pl_track_rule_said(changed, argv[first], argv[first + 1], done, sizeof done);
		return cli_finish_change(n, failed, &err, done);
	}
	if (which == 3) {
		if ((rc = wants(n, &cmd_track, operands, 1, "members needs one TRACK")))
			return rc;
		int failed = pl_track_members(n, argv[first], &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.members/1");
	}
	char done[512];
	if (which == 1) {
		if ((rc = wants(n, &cmd_track, operands, 2, "join needs TRACK and PARTY")))
			return rc;
		snprintf(done, sizeof done, "%s joined track %s", argv[first + 1], argv[first]);
		int failed = pl_track_join(n, argv[first], argv[first + 1], &err);
		return cli_finish_change(n, failed, &err, done);
	}
	if (operands < 2) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_track, "add needs NAME and member PARTY codes");
	}
	snprintf(done, sizeof done, "added track %s", argv[first]);
	int failed = pl_track_add(n, argv[first], (const char *const *)argv + first + 1,
	                          (size_t)operands - 1, args.rule, &err);
	return cli_finish_change(n, failed, &err, done);
}

static int run_circulate(int argc, char **argv)
{
	record_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	pl_error err;
	int first, rc;
	if ((rc = begin(argc, argv, &cmd_circulate, &args, &db, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	if ((rc = wants(n, &cmd_circulate, argc - first, 1, "needs one DOC@V")))
		return rc;
	if (!args.to) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_circulate, "needs --to TRACK");
	}
	char done[256];
	snprintf(done, sizeof done, "circulated %s to %s", argv[first], args.to);
	int failed = pl_circulate(n, argv[first], args.to, args.note, &err);
	return cli_finish_change(n, failed, &err, done);
}

static int run_seen(int argc, char **argv)
{
	record_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	pl_error err;
	int first, rc;
	if ((rc = begin(argc, argv, &cmd_seen, &args, &db, 0, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	if ((rc = wants(n, &cmd_seen, argc - first, 1, "needs one DOC@V")))
		return rc;
	pl_table *table = NULL;
	int failed = pl_seen(n, argv[first], &table, &err);
	return cli_finish_table(n, failed, &err, table, args.json, "parley.seen/1");
}

const cli_command cmd_party = {
    "party", run_party, "add or list the parties at the table",
    "usage: parley party add CODE \"Name\" --as CONVENOR\n"
    "       parley party list [--format text|json]\n"
    "\n"
    "A party is a side at the table, with a short code (1-16 capital letters and\n"
    "digits: US, RU, UA, EU). Every party is a member of the plenary. Only the\n"
    "convenor (see parley init) admits parties.\n"};

const cli_command cmd_delegate = {
    "delegate", run_delegate, "admit delegates and manage their keys",
    "usage: parley delegate add NAME --party CODE [--role lead|envoy|member|observer]\n"
    "                           --public-key HEX|FILE | --make-key   --as DELEGATE\n"
    "       parley delegate rotate NAME --public-key HEX|FILE --as DELEGATE\n"
    "       parley delegate revoke NAME --public-key HEX|FILE --as DELEGATE\n"
    "       parley delegate invite NAME [--expires 24h] --as DELEGATE\n"
    "       parley delegate enrol NAME --code CODE --key DEVICE.key\n"
    "       parley delegate keys NAME [--format text|json]\n"
    "       parley delegate list [--format text|json]\n"
    "\n"
    "A delegate acts for a party with an Ed25519 key. The delegate makes the key\n"
    "pair on their own machine (parley keygen NAME) and hands over only the\n"
    "public half, which 'add' enrols; --make-key makes the pair here instead\n"
    "(an exercise on one machine). The convenor admits a party's first\n"
    "delegate; a lead delegate of the party admits the others. 'rotate' enrols\n"
    "another key (a new device, a rotation); 'revoke' ends one: signatures made\n"
    "with it afterwards fail verification, earlier ones still hold. Only the\n"
    "delegate itself or a lead of its party changes its keys. Observers read\n"
    "but sign nothing.\n"
    "\n"
    "'invite' gives a one-time enrolment code for a further device of NAME (the\n"
    "delegate itself or a lead of its party asks; good once, for 24h unless\n"
    "--expires says otherwise, a week at most). Only a key derived from the\n"
    "code is recorded. On the device, 'parley keygen NAME --out DEVICE.key'\n"
    "makes its key and 'enrol' records it with the code, signed by the new key\n"
    "and proving the code, so that nobody who relays it can put in a key of\n"
    "their own.\n"};

const cli_command cmd_track = {
    "track", run_track, "add tracks (confidential channels), members, list them",
    "usage: parley track add NAME PARTY... [--rule RULE] --as DELEGATE\n"
    "       parley track join TRACK PARTY --as DELEGATE\n"
    "       parley track rule TRACK RULE --as DELEGATE\n"
    "       parley track members TRACK\n"
    "       parley track list\n"
    "\n"
    "A track is a channel with member parties and its own signed chain of\n"
    "events: a bilateral back-channel, a coalition. Only members learn that it\n"
    "exists. A party that joins later sees what the track holds from its\n"
    "joining on; earlier versions reach it only if circulated again.\n"
    "\n"
    "Each track decides amendments by its rule: consensus (the default: every\n"
    "member party accepts), chair (the convenor decides; the convenor's party\n"
    "must be a member), majority (more than half of the member parties). 'rule'\n"
    "records your party's consent to another rule; it changes when the track's\n"
    "current rule is met.\n"};

const cli_command cmd_circulate = {
    "circulate", run_circulate, "share a version with another track",
    "usage: parley circulate DOC@V --to TRACK [--note TEXT] --as DELEGATE\n"
    "\n"
    "Makes the version readable in TRACK, recording who shared it, from which\n"
    "track and when. You must see the version and belong to TRACK.\n"};

const cli_command cmd_seen = {
    "seen", run_seen, "which parties had a version, since when",
    "usage: parley seen DOC@V [--format text|json] [--as DELEGATE]\n"
    "\n"
    "Lists the parties that could read the version, from when, and through which\n"
    "track — as far as you may know: tracks you are not in are not shown.\n"};
