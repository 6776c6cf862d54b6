/* cmd_meeting.c — 'parley meeting|statement|timeline': meetings and their
 * changes, statements at an attribution level, and the dated story. */
#include "cli.h"
#include "parley/meeting.h"
#include "parley/signing.h"
#include "parley/table.h"

#include <stdlib.h>
#include <string.h>

/* Most participants a meeting can name on the command line. */
#define MAX_PARTIES 64

typedef struct meeting_args {
	const cli_command *command;
	int json, ics;
	const char *date, *time, *place, *parties, *track, *agenda, *to, *note;
	const char *level, *party, *speaker;
	const char *url; /* link: the address a calendar program reaches the server at */
} meeting_args;

enum {
	OPT_FORMAT = 'f',
	OPT_ICS = 'i',
	OPT_DATE = 'd',
	OPT_TIME = 'T',
	OPT_PLACE = 'P',
	OPT_PARTIES = 'p',
	OPT_TRACK = 't',
	OPT_AGENDA = 'a',
	OPT_TO = 'o',
	OPT_NOTE = 'n',
	OPT_LEVEL = 'l',
	OPT_PARTY = 'y',
	OPT_SPEAKER = 's',
	OPT_URL = 'u'
};

static int option(void *context, int code, const char *arg)
{
	meeting_args *args = context;
	switch (code) {
	case OPT_FORMAT:
		if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0)
			return cli_usage(args->command, "--format is text or json");
		args->json = strcmp(arg, "json") == 0;
		return 0;
	case OPT_ICS:
		args->ics = 1;
		return 0;
	case OPT_DATE:
		args->date = arg;
		return 0;
	case OPT_TIME:
		args->time = arg;
		return 0;
	case OPT_PLACE:
		args->place = arg;
		return 0;
	case OPT_PARTIES:
		args->parties = arg;
		return 0;
	case OPT_TRACK:
		args->track = arg;
		return 0;
	case OPT_AGENDA:
		args->agenda = arg;
		return 0;
	case OPT_TO:
		args->to = arg;
		return 0;
	case OPT_NOTE:
		args->note = arg;
		return 0;
	case OPT_LEVEL:
		args->level = arg;
		return 0;
	case OPT_PARTY:
		args->party = arg;
		return 0;
	case OPT_SPEAKER:
		args->speaker = arg;
		return 0;
	case OPT_URL:
		args->url = arg;
		return 0;
	default:
		return 0;
	}
}

static const struct option own[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"ics", no_argument, NULL, OPT_ICS},
    {"date", required_argument, NULL, OPT_DATE},
    {"time", required_argument, NULL, OPT_TIME},
    {"place", required_argument, NULL, OPT_PLACE},
    {"parties", required_argument, NULL, OPT_PARTIES},
    {"track", required_argument, NULL, OPT_TRACK},
    {"agenda", required_argument, NULL, OPT_AGENDA},
    {"to", required_argument, NULL, OPT_TO},
    {"note", required_argument, NULL, OPT_NOTE},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"party", required_argument, NULL, OPT_PARTY},
    {"speaker", required_argument, NULL, OPT_SPEAKER},
    {"url", required_argument, NULL, OPT_URL},
    {NULL, 0, NULL, 0},
};

/* Finds the verb (argv[1]) among verbs: its index, or -1 for --help. */
static int find_verb(int argc, char **argv, const char *const *verbs, int count)
{
	const char *verb = argc > 1 ? argv[1] : "";
	for (int i = 0; i < count; i++)
		if (strcmp(verb, verbs[i]) == 0)
			return i;
	return strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 ? -1 : -2;
}

/* Parses the options and opens the negotiation; operands start at
 * argv[*first]. Returns -1 to go on, or the exit code to end with (after
 * --help, a usage error, or a database that does not open). */
static int begin(int argc, char **argv, const cli_command *command, meeting_args *args, cli_db *db,
                 int writable, pl_negotiation **n, int *first)
{
	cli_db_init(db);
	args->command = command;
	int rc = cli_parse(argc, argv, command, own, db, option, args, first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	rc = cli_open(db, writable, n);
	return rc ? rc : -1;
}

static int usage_close(pl_negotiation *n, const cli_command *command, const char *what)
{
	pl_negotiation_close(n);
	return cli_usage(command, "%s", what);
}

/* Splits "US,RU, UA" into codes (in place); 0, or -1 for an empty one. */
static int split_parties(char *list, const char **codes, size_t *count)
{
	*count = 0;
	for (char *p = list;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (len == 0 || *count == MAX_PARTIES)
			return -1;
		codes[(*count)++] = p;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int meeting_add(pl_negotiation *n, meeting_args *args, int operands, char **argv)
{
	if (operands != 1)
		return usage_close(n, &cmd_meeting, "add needs one TITLE");
	if (!args->date || !args->place || !args->parties)
		return usage_close(n, &cmd_meeting, "add needs --date, --place and --parties");
	char *list = strdup(args->parties);
	const char *codes[MAX_PARTIES];
	size_t count;
	if (!list)
		abort();
	if (split_parties(list, codes, &count)) {
		free(list);
		return usage_close(n, &cmd_meeting, "--parties takes codes separated by commas");
	}
	pl_meeting_spec spec = {argv[0], args->date, args->time,  args->place,
	                        codes,   count,      args->track, args->agenda};
	char id[PL_MEETING_ID_MAX], done[PL_MEETING_ID_MAX + 64];
	pl_error err;
	int failed = pl_meeting_add(n, &spec, id, &err);
	free(list);
	snprintf(done, sizeof done, "added meeting %s on %s", id, args->date);
	return cli_finish_change(n, failed, &err, done);
}

static int meeting_change(pl_negotiation *n, meeting_args *args, int verb, int operands,
                          char **argv)
{
	static const char *const done_as[] = {"postponed", "held", "cancelled"};
	if (operands != 1)
		return usage_close(n, &cmd_meeting, "which meeting? (one ID, such as plenary-1)");
	pl_error err;
	int failed;
	if (verb == 0) {
		if (!args->to)
			return usage_close(n, &cmd_meeting, "postpone needs --to DATE");
		failed = pl_meeting_postpone(n, argv[0], args->to, args->time, args->note, &err);
	} else if (verb == 1) {
		failed = pl_meeting_held(n, argv[0], args->note, &err);
	} else {
		failed = pl_meeting_cancel(n, argv[0], args->note, &err);
	}
	char done[512];
	snprintf(done, sizeof done, "meeting %.64s %s%s%.16s", argv[0], done_as[verb],
	         verb == 0 ? " to " : "", verb == 0 ? args->to : "");
	return cli_finish_change(n, failed, &err, done);
}

static int meeting_export(pl_negotiation *n, meeting_args *args, int operands)
{
	if (operands != 0 || !args->ics)
		return usage_close(n, &cmd_meeting, "export takes --ics (iCalendar), no operands");
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int failed = pl_meeting_export_ics(n, args->track, &out, &err);
	pl_negotiation_close(n);
	int rc = failed ? cli_fail(&err) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

/* 'meeting link --url URL': the actor's calendar link, signed here with its
 * key file (the server keeps nothing for it). */
static int meeting_link(pl_negotiation *n, meeting_args *args, const cli_db *db, int operands)
{
	if (operands != 0)
		return usage_close(n, &cmd_meeting, "link takes no operands");
	if (!args->url)
		return usage_close(
		    n, &cmd_meeting,
		    "link needs --url URL: the server's address, as a calendar program "
		    "reaches it (or run it with --server)");
	if (!db->actor)
		return usage_close(n, &cmd_meeting, "link is signed: give --as NAME");
	char path[4096];
	pl_error err;
	pl_signer *signer = NULL;
	int failed = db->key_file ? pl_signer_open(db->key_file, &signer, &err)
	                          : pl_signer_path(db->keys, pl_negotiation_id(n), db->actor, path,
	                                           sizeof path, &err) ||
	                                pl_signer_open(path, &signer, &err);
	pl_buf out = PL_BUF_INIT;
	if (!failed)
		pl_calendar_link(&out, args->url, pl_negotiation_id(n), db->actor, signer);
	pl_buf_puts(&out, ".ics\n");
	pl_signer_close(signer);
	pl_negotiation_close(n);
	int rc = failed ? cli_fail(&err) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int run_meeting(int argc, char **argv)
{
	static const char *const verbs[] = {"postpone", "held",   "cancel", "add",
	                                    "list",     "export", "link"};
	int verb = find_verb(argc, argv, verbs, 7);
	if (verb == -1)
		return cli_help(&cmd_meeting);
	if (verb == -2)
		return cli_usage(&cmd_meeting,
		                 "add, postpone, held, cancel, list, export or link?");
	meeting_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first;
	int rc = begin(argc - 1, argv + 1, &cmd_meeting, &args, &db, verb < 4, &n, &first);
	if (rc >= 0)
		return rc;
	int operands = argc - 1 - first;
	char **operand = argv + 1 + first;
	if (verb == 3)
		return meeting_add(n, &args, operands, operand);
	if (verb == 4) {
		if (operands != 0)
			return usage_close(n, &cmd_meeting, "list takes no operands");
		pl_table *table = NULL;
		pl_error err;
		int failed = pl_meeting_list(n, args.track, &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.meetings/1");
	}
	if (verb == 5)
		return meeting_export(n, &args, operands);
	if (verb == 6)
		return meeting_link(n, &args, &db, operands);
	return meeting_change(n, &args, verb, operands, operand);
}

static int run_statement(int argc, char **argv)
{
	static const char *const verbs[] = {"add", "list"};
	int verb = find_verb(argc, argv, verbs, 2);
	if (verb == -1)
		return cli_help(&cmd_statement);
	if (verb == -2)
		return cli_usage(&cmd_statement, "add or list?");
	meeting_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first;
	int rc = begin(argc - 1, argv + 1, &cmd_statement, &args, &db, verb == 0, &n, &first);
	if (rc >= 0)
		return rc;
	int operands = argc - 1 - first;
	pl_error err;
	if (verb == 1) {
		if (operands != 0)
			return usage_close(n, &cmd_statement, "list takes no operands");
		pl_table *table = NULL;
		int failed = pl_statement_list(n, args.track, &table, &err);
		return cli_finish_table(n, failed, &err, table, args.json, "parley.statements/1");
	}
	if (operands != 1)
		return usage_close(n, &cmd_statement, "add needs one TEXT");
	if (!args.date || !args.level)
		return usage_close(n, &cmd_statement, "add needs --date DATE and --level LEVEL");
	pl_statement_spec spec = {argv[1 + first], args.date,    args.level,
	                          args.party,      args.speaker, args.track};
	char done[128];
	snprintf(done, sizeof done, "added statement (%.16s) in %.64s", args.level,
	         args.track ? args.track : "plenary");
	return cli_finish_change(n, pl_statement_add(n, &spec, &err), &err, done);
}

static int run_timeline(int argc, char **argv)
{
	meeting_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first;
	int rc = begin(argc, argv, &cmd_timeline, &args, &db, 0, &n, &first);
	if (rc >= 0)
		return rc;
	if (argc - first != 0)
		return usage_close(n, &cmd_timeline, "takes no operands (--track TRACK to narrow)");
	pl_table *table = NULL;
	pl_error err;
	int failed = pl_timeline(n, args.track, &table, &err);
	return cli_finish_table(n, failed, &err, table, args.json, "parley.timeline/1");
}

const cli_command cmd_meeting = {
    "meeting", run_meeting, "plan meetings, postpone, hold or cancel them; iCalendar",
    "usage: parley meeting add TITLE --date YYYY-MM-DD [--time HH:MM] --place PLACE\n"
    "                          --parties US,RU,... [--track TRACK] [--agenda DOC@V]\n"
    "       parley meeting postpone ID --to YYYY-MM-DD [--time HH:MM] [--note TEXT]\n"
    "       parley meeting held ID [--note TEXT]\n"
    "       parley meeting cancel ID [--note TEXT]\n"
    "       parley meeting list [--track TRACK] [--format text|json]\n"
    "       parley meeting export --ics [--track TRACK]\n"
    "       parley meeting link --url URL\n"
    "\n"
    "A meeting lives in a track (default: the plenary) and only its members see\n"
    "it; its participants must be members of the track, and its agenda a version\n"
    "readable there. Its id is TRACK-N, the N-th meeting of the track. Each change\n"
    "is a signed event (--as DELEGATE). planned -> postponed (any number of times,\n"
    "always to a later date; without --time the new date is all day) -> held or\n"
    "cancelled, which are final. Times are local to the place.\n"
    "\n"
    "export --ics writes iCalendar (RFC 5545) of the meetings you may see: one\n"
    "VEVENT each, UID TRACK-N.<negotiation id>@parley, SEQUENCE counting the\n"
    "postponements and a cancellation.\n"
    "\n"
    "link prints your calendar link for a calendar program to subscribe to: the\n"
    "server's address (--url, or the --server you run it with), then\n"
    "/api/calendar/NAME/KEY/SIGNATURE.ics, your key's signature of \"my calendar\n"
    "in this negotiation\". The server answers it, unsigned, with what export\n"
    "--ics gives you, until that key is revoked. Anyone with the link reads\n"
    "your meetings: keep it as you keep a password.\n"};

const cli_command cmd_statement = {
    "statement", run_statement, "record what a party said, at an attribution level",
    "usage: parley statement add TEXT --date YYYY-MM-DD --level record|background|nfa\n"
    "                            [--party CODE] [--speaker NAME] [--track TRACK]\n"
    "       parley statement list [--track TRACK] [--format text|json]\n"
    "\n"
    "Levels: record names the party and the speaker; background the party only;\n"
    "nfa (not for attribution) neither. Every read follows the level; the record\n"
    "keeps who made it. --party defaults to your party and --speaker to you when\n"
    "the statement is your party's; an on-record statement of another party\n"
    "needs --speaker. A statement in a track is seen by its members only.\n"};

const cli_command cmd_timeline = {
    "timeline", run_timeline, "the dated story of the negotiation, as you may see it",
    "usage: parley timeline [--track TRACK] [--format text|json] [--as DELEGATE]\n"
    "\n"
    "Parties, delegates and tracks joining, versions drafted, circulations,\n"
    "meetings and their changes, statements at their level - only from tracks\n"
    "you may see, from when you may see them. Ordered by date: record events at\n"
    "their UTC time (HH:MMZ), statements and held meetings at their own date.\n"};
