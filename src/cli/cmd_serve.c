/* cmd_serve.c — 'parley serve': the negotiation server (src/server/). */
#include "cli.h"
#include "modules.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct serve_args {
	serve_config config;
	int routes;
} serve_args;

static volatile sig_atomic_t stop_flag;

static void on_signal(int signo)
{
	(void)signo;
	stop_flag = 1;
}

/* "HOST:PORT" or "[IPv6]:PORT" into config. */
static int parse_listen(serve_config *config, const char *arg)
{
	const char *host = arg, *colon = strrchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : 0;
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');
		colon = close && close[1] == ':' ? close + 1 : NULL;
		host = arg + 1;
		len = close ? (size_t)(close - host) : 0;
	}
	if (!colon || len == 0 || len >= sizeof config->host)
		return cli_usage(&cmd_serve,
		                 "--listen takes HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080");
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return cli_usage(&cmd_serve, "--listen's port is a number from 0 to 65535");
	memcpy(config->host, host, len);
	config->host[len] = '\0';
	config->port = (unsigned)port;
	return 0;
}

static int option(void *context, int code, const char *arg)
{
	serve_args *args = context;
	char *end;
	switch (code) {
	case 'l':
		return parse_listen(&args->config, arg);
	case 'w': {
		long window = strtol(arg, &end, 10);
		if (!*arg || *end || window < 5 || window > 3600)
			return cli_usage(&cmd_serve, "--window takes seconds, from 5 to 3600");
		args->config.window_s = (int)window;
		return 0;
	}
	case 't': {
		long threads = strtol(arg, &end, 10);
		if (!*arg || *end || threads < 1 || threads > 256)
			return cli_usage(&cmd_serve, "--threads takes 1 to 256");
		args->config.threads = (unsigned)threads;
		return 0;
	}
	case 'a':
		args->config.access_log = arg;
		return 0;
	case 'c':
		args->config.tls_cert = arg;
		return 0;
	case 'k':
		args->config.tls_key = arg;
		return 0;
	case 'r':
		args->routes = 1;
		return 0;
	default:
		return 0;
	}
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"window", required_argument, NULL, 'w'},
	    {"threads", required_argument, NULL, 't'},
	    {"access-log", required_argument, NULL, 'a'},
	    {"tls-cert", required_argument, NULL, 'c'},
	    {"tls-key", required_argument, NULL, 'k'},
	    {"routes", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	serve_args args = {.config = {.host = "127.0.0.1", .port = 8080, .window_s = 60}};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	args.config.threads = cores > 0 ? (unsigned)cores : 2;
	int first;
	int rc = cli_parse(argc, argv, &cmd_serve, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != 0)
		return cli_usage(&cmd_serve, "takes no operands");
	pl_error err;
	const pl_serve_module_table *module = cli_serve_module(&err);
	if (!module)
		return cli_fail(&err);
	if (args.routes) {
		module->routes_print(stdout);
		return EXIT_OK;
	}
	args.config.db_path = db.path;
#if defined(__GLIBC__)
	/* main.c gives every thread of a one-shot command the one heap; a
	 * server's worker threads allocating at once would queue on its lock
	 * (a third of the time of a GET under load): an arena per thread. */
	mallopt(M_ARENA_MAX, (int)(args.config.threads + 3));
#endif
	/* compare's WordNet, found as 'parley compare' finds it. */
	static char wordnet[512];
	const char *off = getenv("PARLEY_WORDNET"), *dir = getenv("WNSEARCHDIR");
	const char *home = getenv("WNHOME");
	if (off && strcmp(off, "off") == 0)
		snprintf(wordnet, sizeof wordnet, "off");
	else if (dir && *dir)
		snprintf(wordnet, sizeof wordnet, "%s", dir);
	else if (home && *home)
		snprintf(wordnet, sizeof wordnet, "%s/dict", home);
	args.config.wordnet = wordnet[0] ? wordnet : NULL;
	const char *clock = getenv("PARLEY_CLOCK");
	args.config.clock = clock && *clock ? clock : NULL;
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = on_signal;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (module->run(&args.config, &stop_flag, &err))
		return cli_fail(&err);
	return EXIT_OK;
}

const cli_command cmd_serve = {
    "serve", run, "serve the negotiation over HTTP: every request signed by a delegate",
    "usage: parley serve [--db FILE] [--listen HOST:PORT] [--window S] [--threads N]\n"
    "                    [--access-log FILE] [--tls-cert FILE --tls-key FILE] [--routes]\n"
    "\n"
    "Serves the negotiation's JSON API (docs/openapi.json, docs/server.md) until\n"
    "SIGINT or SIGTERM, which let requests in flight finish. Every request but\n"
    "GET /api/health, GET /api/openapi.json and POST /api/enrol is signed by a\n"
    "delegate's Ed25519 key (RFC 9421); it reads and acts as that delegate. The\n"
    "server holds no secret key: a change is prepared here, signed by the\n"
    "delegate's client and then recorded (POST /api/commit). The first line on\n"
    "standard output is the address listened on.\n"
    "\n"
    "  --listen HOST:PORT  an IPv4 address and port, or [IPv6]:PORT (default\n"
    "                      127.0.0.1:8080; port 0 picks a free one)\n"
    "  --window S          how old a request's signature may be, seconds (default 60)\n"
    "  --threads N         worker threads (default: the cores)\n"
    "  --access-log FILE   one JSON line per request (default standard error)\n"
    "  --tls-cert FILE     serve HTTPS with this certificate (PEM) ...\n"
    "  --tls-key FILE      ... and its key\n"
    "  --routes            print the routing table and exit\n"};
