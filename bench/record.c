/* record.c — the signed record benchmark of issue 4.
 *
 * usage: record [--events N] [--batch B] [--runs R] [--dir DIR]
 *
 * Per run, in this order: the libsodium baselines — Ed25519 signing of
 * 32-byte hashes, verifying them on one core, and a bare append loop (the
 * canonical encoding of an event like parley's, BLAKE2b-256 over it, the
 * hex of the hash as the next event's prev, an Ed25519 signature) — then
 * parley: appending N signed events (pl_party_add of synthetic parties, B
 * per transaction between pl_negotiation_begin and _commit, on a fresh
 * database in DIR), pl_verify of them pinned to CPU 0 and on every CPU,
 * and pl_negotiation_rebuild. Prints each run, then the medians and the
 * ratios the issue sets goals for:
 *   append >= 50% of the bare hash+sign loop;
 *   verify >= 80% of raw verify on one core, and faster on two;
 *   rebuild < 2x the append time. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/verify.h"

#include <sched.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	fprintf(stderr, "record: %s: %s\n", what, err ? err->message : "failed");
	exit(1);
}

/* --- baselines: libsodium alone ------------------------------------- */

typedef struct keys {
	unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
	unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
} keys;

/* Signatures of count hashes per second; fills signatures (count * 64). */
static double sign_rate(const keys *k, size_t count, unsigned char *hashes,
                        unsigned char *signatures)
{
	randombytes_buf(hashes, count * 32);
	double start = now();
	for (size_t i = 0; i < count; i++)
		crypto_sign_detached(signatures + 64 * i, NULL, hashes + 32 * i, 32, k->secret_key);
	return (double)count / (now() - start);
}

static double verify_rate(const keys *k, size_t count, const unsigned char *hashes,
                          const unsigned char *signatures)
{
	double start = now();
	for (size_t i = 0; i < count; i++)
		if (crypto_sign_verify_detached(signatures + 64 * i, hashes + 32 * i, 32,
		                                k->public_key) != 0)
			die("a baseline signature does not verify", NULL);
	return (double)count / (now() - start);
}

/* The bare append loop: what an append must do at the least. */
static double bare_append_rate(const keys *k, size_t count)
{
	unsigned char hash[32], signature[64];
	char prev[65] = "null", encoding[512];
	double start = now();
	for (size_t i = 0; i < count; i++) {
		int len = snprintf(encoding, sizeof encoding,
		                   "{\"actor\":\"bench\",\"at\":\"2025-11-20T09:00:00Z\","
		                   "\"kind\":\"party.add\",\"payload\":{\"code\":\"P%zu\","
		                   "\"name\":\"Party %zu\"},\"prev\":%s%s%s,\"seq\":%zu,"
		                   "\"track\":\"plenary\"}",
		                   i, i, i ? "\"" : "", prev, i ? "\"" : "", i + 1);
		crypto_generichash(hash, 32, (const unsigned char *)encoding, (size_t)len, NULL, 0);
		sodium_bin2hex(prev, sizeof prev, hash, 32);
		crypto_sign_detached(signature, NULL, hash, 32, k->secret_key);
	}
	/* Keep the compiler from dropping the loop. */
	if (signature[0] == 0 && signature[1] == 0 && signature[2] == 0 && signature[3] == 0)
		fputs("", stderr);
	return (double)count / (now() - start);
}

/* --- parley ------------------------------------------------------------ */

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

static void fresh(const paths *p)
{
	char cmd[16800];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s-wal' '%s-shm' '%s'", p->db, p->db, p->db,
	         p->keys);
	if (system(cmd) != 0)
		die("cannot clear the previous run", NULL);
}

/* A negotiation with one party and its delegate "bench", opened as it. */
static pl_negotiation *founded(const paths *p)
{
	fresh(p);
	pl_negotiation *n = open_as(p, NULL, 1);
	pl_error err;
	char key_path[4096];
	pl_found_options found = {"bench", "US", "United States", NULL, NULL};
	if (pl_negotiation_found(n, &found, key_path, sizeof key_path, &err))
		die("founding", &err);
	pl_negotiation_close(n);
	return open_as(p, "bench", 0);
}

/* Appends count signed events, batch per transaction; events per second. */
static double append_rate(pl_negotiation *n, size_t count, size_t batch)
{
	pl_error err;
	double start = now();
	for (size_t done = 0; done < count;) {
		if (pl_negotiation_begin(n, &err))
			die("begin", &err);
		for (size_t i = 0; i < batch && done < count; i++, done++) {
			char code[24], name[32];
			snprintf(code, sizeof code, "P%zu", done);
			snprintf(name, sizeof name, "Party %zu", done);
			if (pl_party_add(n, code, name, &err))
				die("append", &err);
		}
		if (pl_negotiation_commit(n, &err))
			die("commit", &err);
	}
	return (double)count / (now() - start);
}

/* Pins the process to CPU 0 (cores == 1) or lets it run anywhere. */
static int set_cores(int cores)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	for (long c = 0; c < (cores == 1 ? 1 : online); c++)
		CPU_SET((int)c, &set);
	return sched_setaffinity(0, sizeof set, &set);
}

static double verify_events(pl_negotiation *n, size_t expected, int cores)
{
	pl_verify_report report;
	pl_error err;
	if (set_cores(cores) != 0)
		die("sched_setaffinity", NULL);
	double start = now();
	if (pl_verify(n, NULL, NULL, &report, &err))
		die("verify", &err);
	double seconds = now() - start;
	set_cores(0);
	if (report.events != expected)
		die("verify saw another number of events", NULL);
	return (double)report.events / seconds;
}

static double rebuild_seconds(pl_negotiation *n, size_t expected)
{
	pl_rebuild_report report;
	pl_error err;
	double start = now();
	if (pl_negotiation_rebuild(n, &report, &err))
		die("rebuild", &err);
	double seconds = now() - start;
	if (!report.identical || report.events != expected)
		die("the rebuilt projections differ", NULL);
	return seconds;
}

/* --- runs and medians ------------------------------------------------- */

enum { SIGN, RAW_VERIFY, BARE, APPEND, VERIFY1, VERIFY2, APPEND_S, REBUILD_S, MEASURES };
static const char *const labels[MEASURES] = {
    "libsodium sign /s",         "libsodium verify /s (1 core)",
    "bare hash+sign /s",         "parley append /s",
    "parley verify /s (1 core)", "parley verify /s (2 cores)",
    "parley append s",           "parley rebuild s"};

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

int main(int argc, char **argv)
{
	size_t events = 100000, batch = 1000, runs = 5;
	const char *dir = "bench/out";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--events") == 0)
			events = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--batch") == 0)
			batch = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else {
			fprintf(stderr,
			        "usage: record [--events N] [--batch B] [--runs R] [--dir DIR]\n");
			return 2;
		}
	}
	if (events == 0 || batch == 0 || runs == 0 || runs > 99 || sodium_init() < 0)
		die("bad arguments, or libsodium does not start", NULL);
	paths p;
	snprintf(p.db, sizeof p.db, "%s/record.db", dir);
	snprintf(p.keys, sizeof p.keys, "%s/record-keys", dir);
	keys k;
	crypto_sign_keypair(k.public_key, k.secret_key);
	size_t sample = events < 20000 ? events : 20000;
	unsigned char *hashes = malloc(sample * 32), *signatures = malloc(sample * 64);
	double values[MEASURES][99];
	printf("%zu events, %zu per transaction, %zu runs; baselines over %zu events\n", events,
	       batch, runs, sample);
	printf("run");
	for (int m = 0; m < MEASURES; m++)
		printf(" | %s", labels[m]);
	printf("\n");
	for (size_t run = 0; run < runs; run++) {
		values[SIGN][run] = sign_rate(&k, sample, hashes, signatures);
		set_cores(1);
		values[RAW_VERIFY][run] = verify_rate(&k, sample, hashes, signatures);
		set_cores(0);
		values[BARE][run] = bare_append_rate(&k, events);
		pl_negotiation *n = founded(&p);
		values[APPEND][run] = append_rate(n, events, batch);
		values[APPEND_S][run] = (double)events / values[APPEND][run];
		size_t total = events + 2; /* and the founding party and delegate */
		values[VERIFY1][run] = verify_events(n, total, 1);
		values[VERIFY2][run] = verify_events(n, total, 2);
		values[REBUILD_S][run] = rebuild_seconds(n, total);
		pl_negotiation_close(n);
		printf("%zu", run + 1);
		for (int m = 0; m < MEASURES; m++)
			printf(m < APPEND_S ? " | %.0f" : " | %.3f", values[m][run]);
		printf("\n");
	}
	fresh(&p);
	free(hashes);
	free(signatures);
	double med[MEASURES];
	printf("\nmedians of %zu runs:\n", runs);
	for (int m = 0; m < MEASURES; m++) {
		med[m] = median(values[m], runs);
		printf(m < APPEND_S ? "  %-30s %10.0f\n" : "  %-30s %10.3f\n", labels[m], med[m]);
	}
	double append_ratio = med[APPEND] / med[BARE];
	double verify1_ratio = med[VERIFY1] / med[RAW_VERIFY];
	double verify2_ratio = med[VERIFY2] / med[RAW_VERIFY];
	double rebuild_ratio = med[REBUILD_S] / med[APPEND_S];
	printf("\ngoals:\n");
	printf("  append / bare hash+sign      = %.2f (goal >= 0.50: %s)\n", append_ratio,
	       append_ratio >= 0.5 ? "met" : "MISSED");
	printf("  verify 1 core / raw verify   = %.2f (goal >= 0.80: %s)\n", verify1_ratio,
	       verify1_ratio >= 0.8 ? "met" : "MISSED");
	printf("  verify 2 cores / raw verify  = %.2f (goal > 1: %s)\n", verify2_ratio,
	       verify2_ratio > 1 ? "met" : "MISSED");
	printf("  rebuild / append time        = %.2f (goal < 2: %s)\n", rebuild_ratio,
	       rebuild_ratio < 2 ? "met" : "MISSED");
	return 0;
}
