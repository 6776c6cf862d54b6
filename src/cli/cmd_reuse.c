/* cmd_reuse.c — 'parley reuse': near-duplicate and heavily overlapping
 * points across a corpus of plans (parley/reuse.h). */
#include "cli.h"
#include "parley/buf.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "parley/reuse.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct reuse_args {
	int files, documents, json;
	pl_reuse_options options;
} reuse_args;

typedef struct corpus {
	char **names; /* per document */
	pl_doc **docs;
	size_t doc_count, doc_capacity;
	char **texts; /* per point */
	size_t *group, *point;
	size_t count, capacity;
} corpus;

enum {
	OPT_FILES = 'F',
	OPT_DOCUMENTS = 'D',
	OPT_FORMAT = 'f',
	OPT_SHINGLE = 'k',
	OPT_THRESHOLD = 't',
	OPT_BANDS = 'b',
	OPT_ROWS = 'r',
	OPT_THREADS = 'j'
};

static int size_option(const char *arg, const char *name, size_t max, size_t *value)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || end == arg || v < 1 || (size_t)v > max)
		return cli_usage(&cmd_reuse, "%s takes a whole number from 1 to %zu", name, max);
	*value = (size_t)v;
	return 0;
}

static int option(void *context, int code, const char *arg)
{
	reuse_args *a = context;
	size_t v = 0;
	int rc;
	switch (code) {
	case OPT_FILES:
		a->files = 1;
		return 0;
	case OPT_DOCUMENTS:
		a->documents = 1;
		return 0;
	case OPT_SHINGLE:
		return size_option(arg, "--shingle", 64, &a->options.shingle);
	case OPT_BANDS:
		return size_option(arg, "--bands", 256, &a->options.bands);
	case OPT_ROWS:
		return size_option(arg, "--rows", 16, &a->options.rows);
	case OPT_THREADS:
		rc = size_option(arg, "--threads", 64, &v);
		a->options.threads = (int)v;
		return rc;
	case OPT_THRESHOLD: {
		char *end;
		a->options.threshold = strtod(arg, &end);
		if (*end || end == arg || !(a->options.threshold > 0 && a->options.threshold <= 1))
			return cli_usage(&cmd_reuse, "--threshold takes a number in (0, 1]");
		return 0;
	}
	default:
		if (strcmp(arg, "json") == 0 || strcmp(arg, "text") == 0) {
			a->json = strcmp(arg, "json") == 0;
			return 0;
		}
		return cli_usage(&cmd_reuse, "--format is text or json");
	}
}

static void add_doc(corpus *c, pl_doc *doc, const char *name)
{
	c->docs = pl_grow(c->docs, &c->doc_capacity, c->doc_count + 1, sizeof *c->docs);
	c->names = pl_realloc(c->names, c->doc_capacity * sizeof *c->names);
	c->docs[c->doc_count] = doc;
	c->names[c->doc_count] = pl_strdup(name);
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *p = &doc->points[i];
		pl_buf t = PL_BUF_INIT;
		pl_buf_puts(&t, p->text);
		for (size_t k = 0; k < p->item_count; k++)
			pl_buf_printf(&t, " (%s) %s", p->items[k].label, p->items[k].text);
		c->texts = pl_grow(c->texts, &c->capacity, c->count + 1, sizeof *c->texts);
		c->group = pl_realloc(c->group, c->capacity * sizeof *c->group);
		c->point = pl_realloc(c->point, c->capacity * sizeof *c->point);
		c->texts[c->count] = pl_buf_detach(&t);
		c->group[c->count] = c->doc_count;
		c->point[c->count++] = i;
	}
	c->doc_count++;
}

static void corpus_free(corpus *c)
{
	for (size_t k = 0; k < c->doc_count; k++) {
		pl_doc_free(c->docs[k]);
		free(c->names[k]);
	}
	for (size_t t = 0; t < c->count; t++)
		free(c->texts[t]);
	free(c->docs);
	free(c->names);
	free(c->texts);
	free(c->group);
	free(c->point);
}

static int load_file(corpus *c, const char *path, const cli_db *db)
{
	pl_error err;
	char *raw;
	size_t len;
	pl_doc *doc;
	if (cli_read_input(path, db->max_input, &raw, &len, &err))
		return cli_fail(&err);
	int rc = pl_markdown_parse(&doc, raw, len, cli_input_name(path), &err);
	free(raw);
	if (rc)
		return cli_fail(&err);
	add_doc(c, doc, cli_input_name(path));
	return 0;
}

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The *.md files of dir and its subdirectories, in name order. */
static int load_dir(corpus *c, const char *dir, const cli_db *db, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return cli_failf("%s: not a directory that can be read", dir);
	char **paths = NULL;
	size_t n = 0, capacity = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		pl_buf path = PL_BUF_INIT;
		pl_buf_printf(&path, "%s/%s", dir, e->d_name);
		paths = pl_grow(paths, &capacity, n + 1, sizeof *paths);
		paths[n++] = pl_buf_detach(&path);
	}
	closedir(d);
	qsort(paths, n, sizeof *paths, compare_names);
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		struct stat st;
		size_t len = strlen(paths[k]);
		if (rc == 0 && stat(paths[k], &st) == 0 && S_ISDIR(st.st_mode) && depth < 16)
			rc = load_dir(c, paths[k], db, depth + 1);
		else if (rc == 0 && len > 3 && strcmp(paths[k] + len - 3, ".md") == 0)
			rc = load_file(c, paths[k], db);
		free(paths[k]);
	}
	free(paths);
	return rc;
}

static int load_documents(corpus *c, char **refs, size_t count, const cli_db *db)
{
	pl_negotiation *n;
	int rc = cli_open(db, 0, &n);
	for (size_t k = 0; rc == 0 && k < count; k++) {
		pl_error err;
		pl_version_info info;
		pl_doc *doc;
		if (pl_version_load(n, refs[k], &doc, &info, &err)) {
			rc = cli_fail(&err);
			break;
		}
		pl_buf name = PL_BUF_INIT;
		pl_buf_printf(&name, "%s@%d", info.document, info.number);
		add_doc(c, doc, name.ptr);
		pl_buf_free(&name);
		pl_version_info_clear(&info);
	}
	if (n)
		pl_negotiation_close(n);
	return rc;
}

static void progress(void *context, const char *stage, size_t done, size_t total)
{
	(void)context;
	int width = 30, filled = total ? (int)((double)done / (double)total * width) : width;
	fprintf(stderr, "\r%-11s [", stage);
	for (int k = 0; k < width; k++)
		fputc(k < filled ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%%", total ? (int)((double)done * 100 / (double)total) : 100);
	fflush(stderr);
}

static void put_json_string(pl_buf *out, const char *s)
{
	json_t *v = json_string(s);
	char *d = json_dumps(v, JSON_ENCODE_ANY);
	pl_buf_puts(out, d ? d : "\"\"");
	free(d);
	json_decref(v);
}

static void put_member(pl_buf *out, const corpus *c, size_t t, int json)
{
	const char *label = c->docs[c->group[t]]->points[c->point[t]].label;
	if (!json) {
		pl_buf_printf(out, "%s %s", c->names[c->group[t]], label);
		return;
	}
	pl_buf_puts(out, "{\"document\":");
	put_json_string(out, c->names[c->group[t]]);
	pl_buf_puts(out, ",\"label\":");
	put_json_string(out, label);
	pl_buf_puts(out, "}");
}

static void write_text(pl_buf *out, const corpus *c, const pl_reuse *r, const reuse_args *a)
{
	pl_buf_printf(out,
	              "%zu documents, %zu points; %zu candidate pairs, %zu verified "
	              "(Jaccard >= %.2f of %zu-word shingles); %zu clusters\n",
	              c->doc_count, c->count, r->candidate_count, r->pair_count,
	              a->options.threshold ? a->options.threshold : 0.5,
	              a->options.shingle ? a->options.shingle : 5, r->cluster_count);
	for (size_t k = 0; k < r->cluster_count; k++) {
		const pl_reuse_cluster *cl = &r->clusters[k];
		pl_buf_printf(out,
		              "\ncluster %zu: %zu points in %zu documents, Jaccard %.2f-%.2f\n",
		              k + 1, cl->count, cl->groups, cl->min_jaccard, cl->max_jaccard);
		for (size_t m = 0; m < cl->count; m++) {
			pl_buf_puts(out, "  ");
			put_member(out, c, cl->members[m], 0);
			pl_buf_putc(out, '\n');
		}
		pl_buf_printf(out, "  wording: %s\n", c->texts[cl->members[0]]);
	}
}

static void write_json(pl_buf *out, const corpus *c, const pl_reuse *r)
{
	pl_buf_printf(out,
	              "{\n  \"format\": \"parley.reuse/1\",\n  \"documents\": %zu,\n  \"points\": "
	              "%zu,\n  \"candidates\": %zu,\n  \"pairs\": [",
	              c->doc_count, c->count, r->candidate_count);
	for (size_t p = 0; p < r->pair_count; p++) {
		pl_buf_puts(out, p ? ",\n    {\"a\":" : "\n    {\"a\":");
		put_member(out, c, r->pairs[p].x, 1);
		pl_buf_puts(out, ",\"b\":");
		put_member(out, c, r->pairs[p].y, 1);
		pl_buf_printf(out, ",\"jaccard\":%.4f}", r->pairs[p].jaccard);
	}
	pl_buf_puts(out, r->pair_count ? "\n  ],\n  \"clusters\": [" : "],\n  \"clusters\": [");
	for (size_t k = 0; k < r->cluster_count; k++) {
		const pl_reuse_cluster *cl = &r->clusters[k];
		pl_buf_printf(
		    out,
		    "%s\n    {\"documents\":%zu,\"min_jaccard\":%.4f,\"max_jaccard\":%.4f,"
		    "\"points\":[",
		    k ? "," : "", cl->groups, cl->min_jaccard, cl->max_jaccard);
		for (size_t m = 0; m < cl->count; m++) {
			pl_buf_puts(out, m ? "," : "");
			put_member(out, c, cl->members[m], 1);
		}
		pl_buf_puts(out, "],\"text\":");
		put_json_string(out, c->texts[cl->members[0]]);
		pl_buf_puts(out, "}");
	}
	pl_buf_puts(out, r->cluster_count ? "\n  ]\n}\n" : "]\n}\n");
}

static int find(reuse_args *a, corpus *c)
{
	int bar = isatty(STDERR_FILENO);
	a->options.progress = bar ? progress : NULL;
	pl_reuse *r;
	pl_error err;
	int rc =
	    pl_reuse_find(&r, (const char *const *)c->texts, c->group, c->count, &a->options, &err);
	if (bar)
		fputs("\r\033[K", stderr);
	if (rc)
		return cli_fail(&err);
	pl_buf out = PL_BUF_INIT;
	if (a->json)
		write_json(&out, c, r);
	else
		write_text(&out, c, r, a);
	rc = a->json ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	pl_reuse_free(r);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"files", no_argument, NULL, OPT_FILES},
	    {"documents", no_argument, NULL, OPT_DOCUMENTS},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"shingle", required_argument, NULL, OPT_SHINGLE},
	    {"threshold", required_argument, NULL, OPT_THRESHOLD},
	    {"bands", required_argument, NULL, OPT_BANDS},
	    {"rows", required_argument, NULL, OPT_ROWS},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	reuse_args a = {0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_reuse, own, &db, option, &a, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first < 1)
		return cli_usage(&cmd_reuse, "needs directories, files (--files) or documents");
	if (a.files && a.documents)
		return cli_usage(&cmd_reuse, "--files and --documents exclude each other");
	corpus c = {0};
	if (a.documents)
		rc = load_documents(&c, argv + first, (size_t)(argc - first), &db);
	for (int k = first; !a.documents && rc == 0 && k < argc; k++)
		rc = a.files ? load_file(&c, argv[k], &db) : load_dir(&c, argv[k], &db, 0);
	if (rc == 0)
		rc = find(&a, &c);
	corpus_free(&c);
	return rc;
}

const cli_command cmd_reuse = {
    "reuse", run, "find reused clauses across a corpus of plans",
    "usage: parley reuse DIR... [options]\n"
    "       parley reuse --files A.md B.md ... [options]\n"
    "       parley reuse --documents DOC[@V] ... [options]\n"
    "\n"
    "Finds points that are near-duplicates or overlap heavily across documents:\n"
    "MinHash signatures of word shingles, locality-sensitive hashing for the\n"
    "candidates, exact Jaccard similarity to verify them; reports clusters of\n"
    "reused clauses with the documents that share them. DIR is searched for\n"
    "*.md files (subdirectories too). A progress bar shows on a terminal.\n"
    "\n"
    "  --files           the arguments are Markdown files ('-': standard input)\n"
    "  --documents       the arguments are documents in the database\n"
    "  --format FMT      text (default) or json (parley.reuse/1)\n"
    "  --shingle K       words per shingle (default 5)\n"
    "  --threshold J     least Jaccard similarity kept (default 0.5)\n"
    "  --bands B         LSH bands (default 32)\n"
    "  --rows R          rows per band (default 4)\n"
    "  --threads N       threads (default 2)\n"};
