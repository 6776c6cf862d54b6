/* talks.c — the amendments benchmark of issue 5.
 *
 * usage: talks [--points N] [--runs R] [--dir DIR] [--parley PATH]
 *              [--db-amendments M] [--brackets 0|1]
 *
 * A generated plan of N points (50 parts, 24 words and a full stop each)
 * and about 2N amendments: 97% word edits (two disjoint spans per point),
 * 1% replaced points, 1% deleted ones, 0.5% inserted ones, of which N/16
 * (at most 300) overlap one of the others: that many collision groups
 * (of two, or more where the point is also replaced or deleted). Per run (medians printed at the
 * end): vote     pl_voting_list_compute over all 2N amendments (pure); apply    pl_amendments_apply
 * of N non-colliding ones to a copy; render   pl_markdown_write of the resulting document (the
 * baseline); and, on a database in DIR holding the plan and the first M amendments (tabled once, in
 * one transaction): table    tabling them (once, not per run); db-vote  pl_voting_table; brackets
 * pl_bracketed_text (md; skipped with --brackets 0); cli      `parley voting-list DOC@1 --format
 * json` (with --parley). Goals (issue 5): vote < 1 s for 10,000; apply <= 3x render. */
#include "parley/amend.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"
#include "parley/record.h"
#include "parley/talks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const pl_error *err)
{
	fprintf(stderr, "talks: %s: %s\n", what, err ? err->message : "failed");
	exit(1);
}

static const char *const vocabulary[] = {
    "the",      "parties",    "agree",     "that",   "security",   "guarantees", "are",
    "given",    "within",     "days",      "of",     "signing",    "and",        "forces",
    "withdraw", "from",       "territory", "under",  "monitoring", "by",         "a",
    "joint",    "commission", "sanctions", "lifted", "in",         "stages",     "each",
    "step",     "agreed",     "case",      "by",     "case",       "elections"};
#define VOCABULARY (sizeof vocabulary / sizeof *vocabulary)
#define WORDS      24

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned next_random(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ull) >> 33);
}

static pl_doc *make_plan(size_t points, char **text_out)
{
	pl_buf md = PL_BUF_INIT;
	pl_buf_puts(&md, "# Bench plan\n\n");
	size_t per_part = (points + 49) / 50;
	for (size_t i = 0; i < points; i++) {
		if (i % per_part == 0)
			pl_buf_printf(&md, "## Part %zu\n\n", i / per_part + 1);
		pl_buf_printf(&md, "%zu.", i + 1);
		for (size_t w = 0; w < WORDS; w++)
			pl_buf_printf(&md, " %s", vocabulary[next_random() % VOCABULARY]);
		pl_buf_puts(&md, ".\n\n");
	}
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, md.ptr, md.len, "bench.md", &err))
		die("parse", &err);
	for (size_t i = 0; i < doc->point_count; i++) {
		char id[32];
		snprintf(id, sizeof id, "p%zu", i + 1);
		pl_point_set_id(&doc->points[i], id);
	}
	*text_out = pl_buf_detach(&md);
	return doc;
}

typedef struct amendments {
	pl_amendment **items;
	size_t count;
	unsigned char *collider; /* 1 for the extra overlapping edits */
} amendments;

static pl_amendment *add(amendments *set, int collider)
{
	char id[32];
	snprintf(id, sizeof id, "A%zu", set->count + 1);
	pl_amendment *a = pl_amendment_new(id);
	set->collider[set->count] = (unsigned char)collider;
	set->items[set->count++] = a;
	return a;
}

static void edit(amendments *set, const pl_doc *doc, size_t point, size_t start, size_t end,
                 int collider)
{
	pl_amend_op *op = pl_amendment_add_op(add(set, collider), PL_OP_EDIT, doc->points[point].id,
	                                      "amended words here");
	op->start = start;
	op->end = end;
}

/* The mix described at the top; colliders spread over the plan. */
static void make_amendments(amendments *set, const pl_doc *doc)
{
	size_t n = doc->point_count;
	size_t groups = n / 16 < 300 ? n / 16 : 300;
	set->items = calloc(2 * n + groups + 1, sizeof *set->items);
	set->collider = calloc(2 * n + groups + 1, 1);
	size_t stride = groups ? n / groups : n, colliders = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = doc->points[i].id;
		if (i % 50 == 0) {
			pl_amendment_add_op(add(set, 0), PL_OP_DELETE, id, NULL);
			edit(set, doc, (i + 3) % n, 18, 20, 0);
		} else if (i % 50 == 1) {
			pl_amendment_add_op(add(set, 0), PL_OP_REPLACE, id,
			                    "This point is replaced by a new text of some words.");
			edit(set, doc, (i + 3) % n, 20, 22, 0);
		} else if (i % 100 == 2) {
			pl_amend_op *op = pl_amendment_add_op(add(set, 0), PL_OP_INSERT, NULL,
			                                      "A new point on monitoring.");
			op->after = strdup(id);
			char label[32];
			snprintf(label, sizeof label, "%zu bis", i + 1);
			op->label = strdup(label);
			edit(set, doc, i, 2, 5, 0);
		} else {
			edit(set, doc, i, 2, 5, 0);
			if (i < n - groups) /* room for the colliders in 2N */
				edit(set, doc, i, 12, 15, 0);
		}
		if (colliders < groups && i % stride == 5) {
			edit(set, doc, i, 3, 6, 1); /* overlaps the edit of [2, 5) */
			colliders++;
		}
	}
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, compare_doubles);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* --- the database part ------------------------------------------------ */

static pl_negotiation *open_db(const char *path, const char *keys, const char *actor, int create)
{
	pl_open_options options = {.path = path,
	                           .create = create,
	                           .clock = "2025-11-23T10:00:00Z",
	                           .actor = actor,
	                           .keys_dir = keys};
	pl_negotiation *n;
	pl_error err;
	if (pl_negotiation_open(&n, &options, &err))
		die("open", &err);
	return n;
}

static double table_all(const char *path, const char *keys, pl_doc *doc, amendments *set,
                        size_t count)
{
	char key_path[4096];
	pl_error err;
	remove(path);
	pl_negotiation *n = open_db(path, keys, NULL, 1);
	pl_found_options found = {"bench", "US", "United States", NULL, NULL};
	if (pl_negotiation_found(n, &found, key_path, sizeof key_path, &err))
		die("founding", &err);
	pl_negotiation_close(n);
	n = open_db(path, keys, "bench", 0);
	pl_import_options import = {.document = "bench", .source = "bench.md"};
	pl_import_result result;
	if (pl_document_import(n, &import, doc, &result, &err))
		die("import", &err);
	double start = now();
	if (pl_negotiation_begin(n, &err))
		die("begin", &err);
	char id[64];
	for (size_t i = 0; i < count; i++)
		if (pl_amendment_table(n, "bench@1", set->items[i], NULL, NULL, NULL, id, sizeof id,
		                       &err))
			die("table", &err);
	if (pl_negotiation_commit(n, &err))
		die("commit", &err);
	double seconds = now() - start;
	pl_negotiation_close(n);
	return seconds;
}

int main(int argc, char **argv)
{
	size_t points = 5000, runs = 5, db_amendments = (size_t)-1, with_brackets = 1;
	const char *dir = "bench/out", *parley = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--points") == 0)
			points = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--parley") == 0)
			parley = argv[i + 1];
		else if (strcmp(argv[i], "--brackets") == 0)
			with_brackets = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--db-amendments") == 0)
			db_amendments = strtoul(argv[i + 1], NULL, 10);
	}
	char *text;
	pl_doc *doc = make_plan(points, &text);
	amendments set = {0};
	make_amendments(&set, doc);
	if (db_amendments > set.count)
		db_amendments = set.count;

	/* The non-colliding half to apply: the first N that are not extra. */
	size_t apply_count = 0;
	const pl_amendment **chosen = calloc(points + 1, sizeof *chosen);
	for (size_t i = 0; i < set.count && apply_count < points; i++)
		if (!set.collider[i])
			chosen[apply_count++] = set.items[i];

	size_t groups = 0, alone = 0;
	double *vote = calloc(runs, sizeof *vote), *apply = calloc(runs, sizeof *apply),
	       *render = calloc(runs, sizeof *render);
	size_t rendered = 0;
	for (size_t r = 0; r < runs; r++) {
		pl_voting_list list;
		double start = now();
		pl_voting_list_compute(&list, (const pl_amendment *const *)set.items, set.count,
		                       doc);
		vote[r] = now() - start;
		groups = list.group_count;
		alone = list.alone_count;
		pl_voting_list_free(&list);

		pl_doc *copy = pl_doc_clone(doc);
		int64_t serial = (int64_t)points + 1;
		pl_error err;
		start = now();
		if (pl_amendments_apply(copy, chosen, apply_count, &serial, &err))
			die("apply", &err);
		apply[r] = now() - start;

		pl_buf out = PL_BUF_INIT;
		start = now();
		pl_markdown_write(&out, copy);
		render[r] = now() - start;
		rendered = out.len;
		pl_buf_free(&out);
		pl_doc_free(copy);
		printf("run %zu: vote %.4f s, apply %.4f s, render %.4f s\n", r + 1, vote[r],
		       apply[r], render[r]);
	}
	size_t edits = 0, others = 0;
	for (size_t i = 0; i < set.count; i++)
		if (set.items[i]->ops[0].kind == PL_OP_EDIT)
			edits++;
		else
			others++;
	printf("plan: %zu points, %zu bytes; %zu amendments (%zu edits, %zu others), "
	       "%zu collision groups, %zu alone; %zu applied; %zu bytes rendered\n",
	       points, strlen(text), set.count, edits, others, groups, alone, apply_count,
	       rendered);
	double v = median(vote, runs), a = median(apply, runs), m = median(render, runs);
	printf("median: vote %.4f s (goal < 1 s), apply %.4f s, render %.4f s, "
	       "apply/render %.2fx (goal <= 3x)\n",
	       v, a, m, a / m);

	if (db_amendments) {
		char path[4096], keys[4096];
		snprintf(path, sizeof path, "%s/talks.db", dir);
		snprintf(keys, sizeof keys, "%s/talks-keys", dir);
		double tabled = table_all(path, keys, doc, &set, db_amendments);
		printf("database: tabled %zu amendments in %.2f s (%.2f ms each)\n", db_amendments,
		       tabled, tabled * 1000 / (double)db_amendments);
		double *db_vote = calloc(runs, sizeof *db_vote),
		       *text_time = calloc(runs, sizeof *text_time),
		       *cli = calloc(runs, sizeof *cli);
		for (size_t r = 0; r < runs; r++) {
			pl_negotiation *n = open_db(path, keys, "bench", 0);
			pl_error err;
			pl_table *t;
			double start = now();
			if (pl_voting_table(n, "bench@1", &t, &err))
				die("voting table", &err);
			db_vote[r] = now() - start;
			pl_table_free(t);
			pl_buf out = PL_BUF_INIT;
			start = now();
			if (with_brackets && pl_bracketed_text(n, "bench@1", "md", &out, &err))
				die("brackets", &err);
			text_time[r] = now() - start;
			pl_buf_free(&out);
			pl_negotiation_close(n);
			if (parley) {
				char command[12288];
				snprintf(command, sizeof command,
				         "PARLEY_DB='%s' PARLEY_KEYS='%s' PARLEY_AS=bench '%s' "
				         "voting-list "
				         "bench@1 --format json >/dev/null",
				         path, keys, parley);
				start = now();
				if (system(command) != 0)
					die("parley voting-list", NULL);
				cli[r] = now() - start;
			}
			printf("db run %zu: voting table %.3f s, brackets %.3f s, cli %.3f s\n",
			       r + 1, db_vote[r], text_time[r], cli[r]);
		}
		printf("median (database, %zu amendments): voting table %.3f s, brackets %.3f s, "
		       "cli voting-list %.3f s\n",
		       db_amendments, median(db_vote, runs), median(text_time, runs),
		       median(cli, runs));
		free(db_vote);
		free(text_time);
		free(cli);
	}
	for (size_t i = 0; i < set.count; i++)
		pl_amendment_free(set.items[i]);
	free(set.items);
	free(set.collider);
	free(chosen);
	free(vote);
	free(apply);
	free(render);
	pl_doc_free(doc);
	free(text);
	return 0;
}
