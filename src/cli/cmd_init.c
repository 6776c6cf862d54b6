/* cmd_init.c — 'parley init': a new negotiation, founded by its convenor;
 * 'parley keygen': a delegate's key pair, made on the delegate's machine. */
#include "cli.h"
#include "parley/record.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct init_args {
	const char *convenor, *party, *party_name, *public_key, *rule, *out;
} init_args;

static int option(void *context, int code, const char *arg)
{
	init_args *args = context;
	switch (code) {
	case 'c':
		args->convenor = arg;
		return 0;
	case 'p':
		args->party = arg;
		return 0;
	case 'n':
		args->party_name = arg;
		return 0;
	case 'k':
		args->public_key = arg;
		return 0;
	case 'r':
		args->rule = arg;
		return 0;
	case 'o':
		args->out = arg;
		return 0;
	default:
		return 0;
	}
}

static const struct option own[] = {
    {"convenor", required_argument, NULL, 'c'},   {"party", required_argument, NULL, 'p'},
    {"party-name", required_argument, NULL, 'n'}, {"public-key", required_argument, NULL, 'k'},
    {"rule", required_argument, NULL, 'r'},       {NULL, 0, NULL, 0},
};

/* A founding that failed leaves no half-made negotiation behind. */
static void remove_database(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static int found(const cli_db *db, const init_args *args, const char *hex)
{
	pl_open_options options = {.path = db->path,
	                           .create = 1,
	                           .busy_timeout_ms = db->wait_ms,
	                           .keys_dir = db->keys,
	                           .key_file = db->key_file};
	const char *clock = getenv("PARLEY_CLOCK");
	options.clock = clock && *clock ? clock : NULL;
	pl_negotiation *n;
	pl_error err;
	if (pl_negotiation_open(&n, &options, &err))
		return cli_fail(&err);
	pl_found_options found = {args->convenor, args->party, args->party_name, hex, args->rule};
	char key_path[4096] = "";
	int failed = pl_negotiation_found(n, &found, key_path, sizeof key_path, &err);
	pl_negotiation_close(n);
	if (failed) {
		remove_database(db->path);
		return cli_fail(&err);
	}
	pl_buf text = PL_BUF_INIT;
	pl_buf_printf(&text, "created the negotiation %s, convened by %s (%s)", db->path,
	              args->convenor, args->party);
	if (!hex)
		pl_buf_printf(&text, "\nthe convenor's secret key is in %s; keep it there",
		              key_path);
	json_t *fields =
	    json_pack("{s:s, s:s, s:s, s:o}", "database", db->path, "convenor", args->convenor,
	              "party", args->party, "key_file", hex ? json_null() : json_string(key_path));
	int rc = cli_print_result("parley.init/1", text.ptr, fields);
	pl_buf_free(&text);
	return rc;
}

static int run(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	init_args args = {0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_init, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (first != argc)
		return cli_usage(&cmd_init, "takes no arguments");
	if (!args.convenor || !args.party || !args.party_name)
		return cli_usage(&cmd_init,
		                 "a negotiation is founded by its convenor: --convenor NAME "
		                 "--party CODE --party-name NAME");
	char hex[65];
	if (args.public_key && (rc = cli_public_key(args.public_key, hex)))
		return rc;
	return found(&db, &args, args.public_key ? hex : NULL);
}

const cli_command cmd_init = {
    "init", run, "found a new negotiation, with its convenor",
    "usage: parley init --convenor NAME --party CODE --party-name NAME\n"
    "                   [--public-key HEX|FILE [--key FILE]] [--rule RULE] [--db FILE]\n"
    "\n"
    "Creates a negotiation database (default ./parley.db, or $PARLEY_DB) and\n"
    "founds it: its first event, signed by the convenor, names the convenor\n"
    "(the secretariat or host delegation that admits parties and their first\n"
    "delegates) and the convenor's party. Fails if the file already holds a\n"
    "negotiation or is some other file.\n"
    "\n"
    "  --convenor NAME     the convenor's delegate name\n"
    "  --party CODE        the convenor's party (admitted with it)\n"
    "  --party-name NAME   its name\n"
    "  --public-key K      a key the convenor made with 'parley keygen NAME --out FILE'\n"
    "                      (64 hex digits, or FILE.pub); the founding is signed with\n"
    "                      the key file given by --key. Without it, a key pair is\n"
    "                      made here and its secret half kept in the keys folder.\n"
    "  --rule RULE         the plenary's decision rule: consensus (default), chair,\n"
    "                      majority\n"};

/* --- keygen -------------------------------------------------------------- */

static int write_public(const char *path, const char *hex)
{
	char pub[4096];
	int n = snprintf(pub, sizeof pub, "%s.pub", path);
	if (n < 0 || (size_t)n >= sizeof pub)
		return cli_failf("the key file's path is too long: %.64s...", path);
	FILE *file = fopen(pub, "wx");
	if (!file)
		return cli_failf("cannot write %s (does it exist?)", pub);
	fprintf(file, "%s\n", hex);
	if (fclose(file) != 0)
		return cli_failf("cannot write %s", pub);
	return EXIT_OK;
}

static const struct option keygen_own[] = {
    {"out", required_argument, NULL, 'o'},
    {NULL, 0, NULL, 0},
};

static int run_keygen(int argc, char **argv)
{
	cli_db db;
	cli_db_init(&db);
	init_args args = {0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_keygen, keygen_own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != 1)
		return cli_usage(&cmd_keygen, "needs the delegate's NAME");
	pl_negotiation *n = NULL;
	if (!args.out) {
		db.actor = NULL;
		db.key_file = NULL;
		if ((rc = cli_open(&db, 0, &n)))
			return rc;
	}
	pl_error err;
	char hex[65], path[4096];
	int failed = pl_keygen(n, argv[first], args.out, hex, path, sizeof path, &err);
	pl_negotiation_close(n);
	if (failed)
		return cli_fail(&err);
	if ((rc = write_public(path, hex)))
		return rc;
	if (cli_json_wanted()) {
		char pub[4096 + 8];
		snprintf(pub, sizeof pub, "%s.pub", path);
		return cli_print_result("parley.keygen/1", hex,
		                        json_pack("{s:s, s:s, s:s, s:s}", "name", argv[first],
		                                  "public_key", hex, "key_file", path,
		                                  "public_key_file", pub));
	}
	printf("%s\n", hex);
	fprintf(stderr,
	        "secret key in %s (keep it), public key in %s.pub (give it to whoever "
	        "admits %s)\n",
	        path, path, argv[first]);
	return EXIT_OK;
}

const cli_command cmd_keygen = {
    "keygen", run_keygen, "make a delegate's key pair on this machine",
    "usage: parley keygen NAME [--out FILE] [--db FILE] [--keys DIR]\n"
    "\n"
    "Makes an Ed25519 key pair for delegate NAME on this machine. The secret\n"
    "half goes to NAME's key file in the keys folder (KEYS/<negotiation id>/\n"
    "NAME.key, mode 0600; the negotiation's id is read from --db) or to FILE\n"
    "with --out; the public half is printed and written beside it as .pub.\n"
    "Give the public key to whoever admits you (parley delegate add NAME\n"
    "--public-key ...) or enrol it as a new key (parley delegate key add).\n"
    "Nothing is recorded, and the secret key never leaves this machine.\n"};
