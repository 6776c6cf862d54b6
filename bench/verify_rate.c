/* verify_rate.c — verify with the rules and the text hashes against raw
 * Ed25519 (issue 11).
 *
 * usage: verify_rate [--events N] [--pairs P] [--batch B] [--dir DIR]
 *                    [--parley PATH] [--mode all|build|raw|lib|open]
 *
 * Builds a negotiation of N events in DIR: a convenor (party UN), three
 * parties with a lead delegate each (a1, b1, c1), a track "working" of AA
 * and BB, a plan of 50 points imported in the plenary, then signed changes
 * by the three delegates in turn, B per transaction: positions on the
 * plan's points (pl_position_set) and statements (pl_statement_add), a1's
 * every other one in the track. Then P pairs, the baseline first in odd
 * pairs and last in even ones:
 *   raw    crypto_sign_verify_detached over N (32-byte hash, signature)
 *          pairs under one key, pinned to CPU 0 — the baseline;
 *   lib1   pl_negotiation_open as a1 (who sees every track) and pl_verify
 *          of the whole record, pinned to CPU 0: opening checks every
 *          event (hash, link, rule, signature) and pl_verify then counts
 *          the viewer's share and checks the texts, so that pl_verify on
 *          a handle opened beforehand would time the counting alone;
 *   lib2   the same on every CPU;
 *   open1  pl_negotiation_open as a1 (which replays and verifies the whole
 *          record to build the state of authority), pinned to CPU 0;
 *   cli1   `taskset -c 0 parley verify --as a1` end to end (with --parley);
 *   cli2   `parley verify --as a1` on every CPU.
 * All are events (or signatures) per second, each on two clocks: the wall
 * and the CPU time of the process (of the child for the CLI), which on a
 * shared machine leaves out the time others held the core. Printed per
 * pair, then the median and range of each one's ratio to the baseline of
 * its pair, per clock. The goal: lib1 / raw >= 0.80.
 *
 * --mode build builds the database and keeps it; raw, lib and open run
 * that one measure once over an existing database (for callgrind). */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "parley/markdown.h"
#include "parley/meeting.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "parley/verify.h"

#include <fcntl.h>
#include <sched.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const pl_error *err)
{
	fprintf(stderr, "verify_rate: %s: %s\n", what, err ? err->message : "failed");
	exit(1);
}

/* Pins the process to CPU 0 (cores == 1) or lets it run anywhere. */
static void set_cores(int cores)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	for (long c = 0; c < (cores == 1 ? 1 : online); c++)
		CPU_SET((int)c, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0)
		die("sched_setaffinity", NULL);
}

/* --- the negotiation -------------------------------------------------- */

typedef struct paths {
	char db[4096], keys[4096];
} paths;

static pl_negotiation *open_as(const paths *p, const char *actor, int create)
{
	pl_negotiation *n;
	pl_error err;
	pl_open_options options = {.path = p->db,
	                           .create = create,
	                           .clock = "2025-11-20T09:00:00Z",
	                           .actor = actor,
	                           .keys_dir = p->keys};
	if (pl_negotiation_open(&n, &options, &err))
		die("open", &err);
	return n;
}

static void remove_all(const paths *p)
{
	char cmd[16800];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s-wal' '%s-shm' '%s'", p->db, p->db, p->db,
	         p->keys);
	if (system(cmd) != 0)
		die("cannot clear the previous run", NULL);
}

#define PLAN_POINTS 50

static void import_plan(pl_negotiation *n)
{
	char md[PLAN_POINTS * 160 + 64];
	size_t len = (size_t)snprintf(md, sizeof md, "# Bench plan\n\n");
	for (int i = 1; i <= PLAN_POINTS; i++)
		len += (size_t)snprintf(md + len, sizeof md - len,
		                        "%d. The parties agree that point %d of the plan is "
		                        "implemented within %d days of signing.\n\n",
		                        i, i, 10 + i);
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, md, len, "bench.md", &err))
		die("parse", &err);
	pl_import_options import = {.document = "bench", .source = "bench.md"};
	pl_import_result result;
	if (pl_document_import(n, &import, doc, &result, &err))
		die("import", &err);
	pl_doc_free(doc);
}

/* The founding, the parties, delegates, track and plan. */
static void set_up(const paths *p)
{
	pl_negotiation *n = open_as(p, NULL, 1);
	pl_error err;
	char key_path[4096];
	pl_found_options found = {"chair", "UN", "United Nations", NULL, NULL};
	if (pl_negotiation_found(n, &found, key_path, sizeof key_path, &err))
		die("founding", &err);
	pl_negotiation_close(n);
	n = open_as(p, "chair", 0);
	static const char *const parties[][3] = {
	    {"AA", "Party A", "a1"}, {"BB", "Party B", "b1"}, {"CC", "Party C", "c1"}};
	for (int i = 0; i < 3; i++)
		if (pl_party_add(n, parties[i][0], parties[i][1], &err) ||
		    pl_delegate_add(n, parties[i][2], parties[i][0], "lead", NULL, key_path,
		                    sizeof key_path, &err))
			die("parties", &err);
	pl_negotiation_close(n);
	n = open_as(p, "a1", 0);
	const char *const members[] = {"AA", "BB"};
	if (pl_track_add(n, "working", members, 2, NULL, &err))
		die("track", &err);
	import_plan(n);
	pl_negotiation_close(n);
}

/* Change i of a delegate: a position or a statement. */
static void change(pl_negotiation *n, size_t i, int in_track, pl_error *err)
{
	static const char *const stances[] = {"accept", "reserve", "reject", "undecided"};
	char text[96];
	if (i % 2 == 0) {
		char point[16];
		size_t k = i / 2;
		snprintf(point, sizeof point, "%zu", k % PLAN_POINTS + 1);
		snprintf(text, sizeof text, "position %zu", k);
		if (pl_position_set(n, "bench", point, stances[(k / PLAN_POINTS) % 4], text, err))
			die("position", err);
		return;
	}
	snprintf(text, sizeof text, "Statement %zu: we can accept the text as it stands.", i);
	pl_statement_spec spec = {.text = text,
	                          .date = "2025-11-20",
	                          .level = "record",
	                          .track = in_track && i % 4 == 1 ? "working" : NULL};
	if (pl_statement_add(n, &spec, err))
		die("statement", err);
}

/* count changes as actor, batch per transaction. */
static void changes_as(const paths *p, const char *actor, size_t count, size_t batch)
{
	pl_negotiation *n = open_as(p, actor, 0);
	pl_error err;
	int in_track = strcmp(actor, "a1") == 0;
	for (size_t done = 0; done < count;) {
		if (pl_negotiation_begin(n, &err))
			die("begin", &err);
		for (size_t i = 0; i < batch && done < count; i++, done++)
			change(n, done, in_track, &err);
		if (pl_negotiation_commit(n, &err))
			die("commit", &err);
	}
	pl_negotiation_close(n);
}

static size_t verify_once(pl_negotiation *n)
{
	pl_verify_report report;
	pl_error err;
	if (pl_verify(n, NULL, NULL, &report, &err))
		die("verify", &err);
	return report.events;
}

/* Builds the record of events events; returns how many the setup made. */
static size_t build(const paths *p, size_t events, size_t batch)
{
	remove_all(p);
	set_up(p);
	pl_negotiation *n = open_as(p, "a1", 0);
	size_t setup = verify_once(n);
	pl_negotiation_close(n);
	if (events <= setup)
		die("too few events for the setup", NULL);
	size_t changes = events - setup;
	const char *const actors[] = {"a1", "b1", "c1"};
	for (size_t k = 0; k < 3; k++)
		changes_as(p, actors[k], changes / 3 + (k < changes % 3), batch);
	return setup;
}

/* --- the measures ------------------------------------------------------ */

/* Every measure is taken on two clocks: the wall, and the CPU time of the
 * process (or child) — what a pinned run spent on its core, without the
 * time other processes of a shared machine held that core. */
enum { WALL, CPU, CLOCKS };

typedef struct stopwatch {
	double wall, cpu;
} stopwatch;

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static stopwatch start_watch(void)
{
	return (stopwatch){now(), cpu_now()};
}

/* count per second since w, on each clock, into rate. */
static void stop_watch(stopwatch w, size_t count, double rate[CLOCKS])
{
	rate[WALL] = (double)count / (now() - w.wall);
	rate[CPU] = (double)count / (cpu_now() - w.cpu);
}

typedef struct baseline {
	unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
	unsigned char *hashes, *signatures;
	size_t count;
} baseline;

static void baseline_make(baseline *b, size_t count)
{
	unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
	crypto_sign_keypair(b->public_key, secret_key);
	b->count = count;
	b->hashes = malloc(count * 32);
	b->signatures = malloc(count * 64);
	if (!b->hashes || !b->signatures)
		die("out of memory", NULL);
	randombytes_buf(b->hashes, count * 32);
	for (size_t i = 0; i < count; i++)
		crypto_sign_detached(b->signatures + 64 * i, NULL, b->hashes + 32 * i, 32,
		                     secret_key);
	sodium_memzero(secret_key, sizeof secret_key);
}

static void raw_rate(const baseline *b, double rate[CLOCKS])
{
	set_cores(1);
	stopwatch w = start_watch();
	for (size_t i = 0; i < b->count; i++)
		if (crypto_sign_verify_detached(b->signatures + 64 * i, b->hashes + 32 * i, 32,
		                                b->public_key) != 0)
			die("a baseline signature does not verify", NULL);
	stop_watch(w, b->count, rate);
	set_cores(0);
}

/* Open and verify, as `parley verify` does without the process; the CPU
 * clock counts both verifying threads. */
static void lib_rate(const paths *p, size_t expected, int cores, double rate[CLOCKS])
{
	set_cores(cores);
	stopwatch w = start_watch();
	pl_negotiation *n = open_as(p, "a1", 0);
	size_t events = verify_once(n);
	stop_watch(w, events, rate);
	set_cores(0);
	pl_negotiation_close(n);
	if (events != expected)
		die("verify saw another number of events", NULL);
}

static void open_rate(const paths *p, size_t expected, double rate[CLOCKS])
{
	set_cores(1);
	stopwatch w = start_watch();
	pl_negotiation *n = open_as(p, "a1", 0);
	stop_watch(w, expected, rate);
	set_cores(0);
	pl_negotiation_close(n);
}

/* `parley verify --as a1`, its output to /dev/null, under taskset -c 0
 * when cores is 1; the CPU clock is the child's (wait4). */
static void cli_rate(const char *parley, const paths *p, size_t expected, int cores,
                     double rate[CLOCKS])
{
	const char *argv[] = {"taskset", "-c",     "0",     parley, "verify", "--db",
	                      p->db,     "--keys", p->keys, "--as", "a1",     NULL};
	const char *const *args = cores == 1 ? argv : argv + 3;
	double start = now();
	pid_t child = fork();
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(args[0], (char *const *)args);
		_exit(127);
	}
	int status;
	struct rusage usage;
	if (child < 0 || wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		die("parley verify failed", NULL);
	rate[WALL] = (double)expected / (now() - start);
	double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
	             (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
	rate[CPU] = (double)expected / cpu;
}

/* --- pairs and medians -------------------------------------------------- */

enum { RAW, LIB1, LIB2, OPEN1, CLI1, CLI2, MEASURES };
static const char *const labels[MEASURES] = {"raw", "lib1", "lib2", "open1", "cli1", "cli2"};

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *values, size_t count)
{
	qsort(values, count, sizeof *values, compare_double);
	return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

typedef double pair_rates[MEASURES][CLOCKS];

static void measure(pair_rates rates, int m, const baseline *b, const paths *p, size_t events,
                    const char *parley)
{
	switch (m) {
	case RAW:
		raw_rate(b, rates[m]);
		break;
	case LIB1:
		lib_rate(p, events, 1, rates[m]);
		break;
	case LIB2:
		lib_rate(p, events, 2, rates[m]);
		break;
	case OPEN1:
		open_rate(p, events, rates[m]);
		break;
	case CLI1:
	case CLI2:
		if (parley)
			cli_rate(parley, p, events, m == CLI1 ? 1 : 2, rates[m]);
		break;
	}
}

/* Median and range of each measure's ratio to the raw rate of its pair, on
 * one clock. */
static void report(pair_rates *rates, size_t pairs, int with_cli, int clock)
{
	printf("\n%s: rate, and its ratio to the raw rate of the same pair — median of %zu "
	       "pairs (range)\n",
	       clock == CPU ? "per CPU second" : "per wall second", pairs);
	double column[99];
	for (int m = RAW; m < MEASURES; m++) {
		if (!with_cli && m >= CLI1)
			continue;
		for (size_t i = 0; i < pairs; i++)
			column[i] = rates[i][m][clock];
		double rate = median(column, pairs);
		if (m == RAW) {
			printf("  %-6s %7.0f /s (range %.0f-%.0f)\n", labels[m], rate, column[0],
			       column[pairs - 1]);
			continue;
		}
		for (size_t i = 0; i < pairs; i++)
			column[i] = rates[i][m][clock] / rates[i][RAW][clock];
		double ratio = median(column, pairs);
		printf("  %-6s %7.0f /s  / raw = %.3f (range %.3f-%.3f)%s\n", labels[m], rate,
		       ratio, column[0], column[pairs - 1],
		       m == LIB1 ? (ratio >= 0.8 ? "  goal >= 0.80: met" : "  goal >= 0.80: MISSED")
		                 : "");
	}
}

int main(int argc, char **argv)
{
	size_t events = 20000, pairs = 9, batch = 1000;
	const char *dir = "bench/out", *parley = NULL, *mode = "all";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--events") == 0)
			events = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--pairs") == 0)
			pairs = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--batch") == 0)
			batch = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--parley") == 0)
			parley = argv[i + 1];
		else if (strcmp(argv[i], "--mode") == 0)
			mode = argv[i + 1];
		else {
			fprintf(stderr,
			        "usage: verify_rate [--events N] [--pairs P] [--batch B] "
			        "[--dir DIR] [--parley PATH] [--mode all|build|raw|lib|open]\n");
			return 2;
		}
	}
	if (events == 0 || batch == 0 || pairs == 0 || pairs > 99 || sodium_init() < 0)
		die("bad arguments, or libsodium does not start", NULL);
	paths p;
	snprintf(p.db, sizeof p.db, "%s/verify-rate.db", dir);
	snprintf(p.keys, sizeof p.keys, "%s/verify-rate-keys", dir);
	baseline b;
	if (strcmp(mode, "raw") == 0) {
		baseline_make(&b, events);
		double rate[CLOCKS];
		raw_rate(&b, rate);
		printf("raw: %.0f /s\n", rate[WALL]);
		return 0;
	}
	if (strcmp(mode, "lib") == 0 || strcmp(mode, "open") == 0) {
		pl_negotiation *n = open_as(&p, "a1", 0);
		if (strcmp(mode, "lib") == 0)
			printf("lib: %zu events\n", verify_once(n));
		pl_negotiation_close(n);
		return 0;
	}
	double start = now();
	size_t setup = build(&p, events, batch);
	printf("built %zu events (%zu of setup) in %.1f s\n", events, setup, now() - start);
	if (strcmp(mode, "build") == 0)
		return 0;
	baseline_make(&b, events);
	pair_rates rates[99];
	printf("events per second, CPU time / wall time\npair");
	for (int m = 0; m < MEASURES; m++)
		printf(" | %s", labels[m]);
	printf("\n");
	for (size_t pair = 0; pair < pairs; pair++) {
		/* Odd pairs (1st, 3rd, …) run the baseline first, even ones last. */
		for (int k = 0; k < MEASURES; k++)
			measure(rates[pair], pair % 2 == 0 ? k : (k + 1) % MEASURES, &b, &p, events,
			        parley);
		printf("%zu", pair + 1);
		for (int m = 0; m < MEASURES; m++)
			printf(" | %.0f / %.0f", rates[pair][m][CPU], rates[pair][m][WALL]);
		printf("\n");
		fflush(stdout);
	}
	report(rates, pairs, parley != NULL, CPU);
	report(rates, pairs, parley != NULL, WALL);
	remove_all(&p);
	free(b.hashes);
	free(b.signatures);
	return 0;
}
