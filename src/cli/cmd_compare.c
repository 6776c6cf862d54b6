/* cmd_compare.c — 'parley compare': aligns competing plans point by point
 * (parley/compare.h) and shows them side by side. */
#include "cli.h"
#include "docx_out.h"
#include "parley/docx.h"
#include "parley/compare.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "parley/print.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum out_format { OUT_TEXT, OUT_MARKDOWN, OUT_HTML, OUT_JSON, OUT_DOCX } out_format;

typedef struct compare_args {
	out_format format;
	int files, summary, no_redline;
	int color; /* -1 auto, 0 never, 1 always */
	pl_compare_options options;
	const char *output; /* --output FILE for --format docx */
} compare_args;

enum {
	OPT_FILES = 'F',
	OPT_FORMAT = 'f',
	OPT_SUMMARY = 'S',
	OPT_LANGUAGE = 'l',
	OPT_THRESHOLD = 't',
	OPT_SECONDARY = 's',
	OPT_COLOR = 'c',
	OPT_NO_REDLINE = 'R',
	OPT_OUTPUT = 'o'
};

static int number_option(const char *arg, const char *name, double *value)
{
	char *end;
	double v = strtod(arg, &end);
	if (*end || end == arg || !(v > 0 && v <= 1.0))
		return cli_usage(&cmd_compare, "%s takes a number in (0, 1]", name);
	*value = v;
	return 0;
}

static int option(void *context, int code, const char *arg)
{
	compare_args *args = context;
	static const char *const formats[] = {"text", "md", "html", "json", "docx"};
	switch (code) {
	case OPT_FILES:
		args->files = 1;
		return 0;
	case OPT_OUTPUT:
		args->output = arg;
		return 0;
	case OPT_SUMMARY:
		args->summary = 1;
		return 0;
	case OPT_NO_REDLINE:
		args->no_redline = 1;
		return 0;
	case OPT_LANGUAGE:
		args->options.language = arg;
		return 0;
	case OPT_THRESHOLD:
		return number_option(arg, "--threshold", &args->options.threshold);
	case OPT_SECONDARY:
		return number_option(arg, "--secondary", &args->options.secondary);
	case OPT_COLOR:
		args->color = strcmp(arg, "always") == 0 ? 1 : strcmp(arg, "never") == 0 ? 0 : -1;
		if (args->color == -1 && strcmp(arg, "auto") != 0)
			return cli_usage(&cmd_compare, "--color is auto, always or never");
		return 0;
	default:
		for (int i = 0; i < 5; i++)
			if (strcmp(arg, formats[i]) == 0 ||
			    (i == 1 && strcmp(arg, "markdown") == 0)) {
				args->format = (out_format)i;
				return 0;
			}
		return cli_usage(&cmd_compare, "--format is text, md, html, json or docx");
	}
}

static int load_file(pl_doc **doc, char **name, const char *path, const cli_db *db)
{
	pl_error err;
	char *raw;
	size_t len;
	*name = pl_strdup(cli_input_name(path));
	if (cli_read_input(path, db->max_input, &raw, &len, &err))
		return cli_fail(&err);
	int rc = pl_markdown_parse(doc, raw, len, *name, &err);
	free(raw);
	return rc ? cli_fail(&err) : 0;
}

/* What the HTML page says of the versions: the newest one's time, and
 * the marking of them all. */
typedef struct page_facts {
	char date[32];
	char *marking;
} page_facts;

static int load_version(pl_doc **doc, char **name, pl_negotiation *n, const char *ref,
                        page_facts *facts)
{
	pl_error err;
	pl_version_info info;
	if (pl_version_load(n, ref, doc, &info, &err))
		return cli_fail(&err);
	pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "%s@%d", info.document, info.number);
	*name = pl_buf_detach(&b);
	if (strcmp(info.created_at, facts->date) > 0)
		snprintf(facts->date, sizeof facts->date, "%s", info.created_at);
	pl_version_info_clear(&info);
	return 0;
}

static int load_all(const compare_args *args, const cli_db *db, char **refs, size_t count,
                    pl_doc **docs, char **names, page_facts *facts)
{
	if (args->files) {
		for (size_t k = 0; k < count; k++) {
			int rc = load_file(&docs[k], &names[k], refs[k], db);
			if (rc)
				return rc;
		}
		return 0;
	}
	pl_negotiation *n;
	int rc = cli_open(db, 0, &n);
	for (size_t k = 0; rc == 0 && k < count; k++)
		rc = load_version(&docs[k], &names[k], n, refs[k], facts);
	pl_error err;
	if (rc == 0 && (args->format == OUT_HTML || args->format == OUT_DOCX) &&
	    pl_version_marking(n, (const char *const *)names, count, &facts->marking, &err))
		rc = cli_fail(&err);
	if (n)
		pl_negotiation_close(n);
	return rc;
}

static int print(const compare_args *args, const pl_comparison *c, const page_facts *facts)
{
	const char *no_color = getenv("NO_COLOR");
	int ansi = args->color == 1 ||
	           (args->color == -1 && cli_stdout_is_terminal() && !(no_color && *no_color));
	pl_compare_render render = {ansi, args->no_redline, facts->date[0] ? facts->date : NULL,
	                            facts->marking};
	pl_buf out = PL_BUF_INIT;
	if (!args->summary && args->format == OUT_DOCX) { /* a table in landscape */
		pl_error err;
		int rc = pl_docx_comparison_write(&out, c, facts->marking, &err)
		             ? cli_fail(&err)
		             : cli_write_docx(&out, args->output);
		pl_buf_free(&out);
		return rc;
	}
	if (args->summary)
		pl_comparison_write_summary(&out, c);
	else if (args->format == OUT_JSON)
		pl_comparison_write_json(&out, c);
	else if (args->format == OUT_HTML)
		pl_comparison_write_html(&out, c, &render);
	else if (args->format == OUT_MARKDOWN)
		pl_comparison_write_markdown(&out, c, &render);
	else
		pl_comparison_write_text(&out, c, &render);
	int json = !args->summary && args->format == OUT_JSON;
	int rc = json ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int compare(const compare_args *args, const cli_db *db, char **refs, size_t count)
{
	pl_doc **docs = pl_calloc(count, sizeof *docs);
	char **names = pl_calloc(count, sizeof *names);
	page_facts facts = {"", NULL};
	int rc = load_all(args, db, refs, count, docs, names, &facts);
	if (rc == 0) {
		pl_comparison *c;
		pl_error err;
		rc = pl_comparison_compute(&c, (const pl_doc *const *)docs,
		                           (const char *const *)names, count, &args->options, &err);
		rc = rc ? cli_fail(&err) : print(args, c, &facts);
		pl_comparison_free(c);
	}
	for (size_t k = 0; k < count; k++) {
		pl_doc_free(docs[k]);
		free(names[k]);
	}
	free(docs);
	free(names);
	free(facts.marking);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"files", no_argument, NULL, OPT_FILES},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"summary", no_argument, NULL, OPT_SUMMARY},
	    {"no-redline", no_argument, NULL, OPT_NO_REDLINE},
	    {"language", required_argument, NULL, OPT_LANGUAGE},
	    {"threshold", required_argument, NULL, OPT_THRESHOLD},
	    {"secondary", required_argument, NULL, OPT_SECONDARY},
	    {"color", required_argument, NULL, OPT_COLOR},
	    {"output", required_argument, NULL, OPT_OUTPUT},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	compare_args args = {.format = OUT_TEXT, .color = -1};
	int first;
	int rc = cli_parse(argc, argv, &cmd_compare, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first < 2)
		return cli_usage(&cmd_compare, "needs two or more plans");
	if (argc - first > 16)
		return cli_usage(&cmd_compare, "compares at most 16 plans at once");
	if (args.output && args.format != OUT_DOCX)
		return cli_usage(&cmd_compare, "--output FILE is for --format docx");
	/* Where WordNet lives, as its own tools look for it; PARLEY_WORDNET=off
	 * turns it off. The library reads no environment. */
	char wordnet[512] = "";
	const char *off = getenv("PARLEY_WORDNET"), *dir = getenv("WNSEARCHDIR");
	const char *home = getenv("WNHOME");
	if (off && strcmp(off, "off") == 0)
		snprintf(wordnet, sizeof wordnet, "off");
	else if (dir && *dir)
		snprintf(wordnet, sizeof wordnet, "%s", dir);
	else if (home && *home)
		snprintf(wordnet, sizeof wordnet, "%s/dict", home);
	args.options.wordnet = wordnet[0] ? wordnet : NULL;
	return compare(&args, &db, argv + first, (size_t)(argc - first));
}

const cli_command cmd_compare = {
    "compare", run, "align competing plans point by point, side by side",
    "usage: parley compare DOCA[@V] DOCB[@V] [DOCC ...] [options]\n"
    "       parley compare --files A.md B.md [C.md ...] [options]\n"
    "\n"
    "For every point of the first plan, finds the points of each other plan that\n"
    "address the same matter (many to many), scores each link and labels it same,\n"
    "overlaps or conflicts, and lists the points only one side addresses. Terms\n"
    "are stemmed words weighted by rarity across the two plans; links come from\n"
    "an optimal one-to-one assignment, extended to points nearly as close.\n"
    "\n"
    "  --format text   one block per point of the first plan (default)\n"
    "  --format md     a CommonMark table, one column per plan\n"
    "  --format html   a standalone printable page, one column per plan\n"
    "  --format json   the parley.compare/1 schema (docs/json.md)\n"
    "  --format docx   a Word table in landscape, one column per plan "
    "(docs/docx.md)\n" CLI_DOCX_OUTPUT_HELP "  --summary       only the convergence summary\n"
    "  --no-redline    show linked points' own text instead of the redline\n"
    "  --files         the arguments are Markdown files, no database needed\n"
    "                  ('-' for standard input, once)\n"
    "  --language L    Snowball stemmer: english (default), german, french,\n"
    "                  russian, ..., or none\n"
    "  --threshold T   least score of a link, corrected for hubness (default 0.11)\n"
    "  --secondary S   a further link must score S times the best (default 0.6)\n"
    "  --color WHEN    auto (default: on a terminal, unless NO_COLOR), always, never\n"};
