/* cmd_diff.c — 'parley diff': redlines between versions, documents or files. */
#include "cli.h"
#include "docx_out.h"
#include "parley/docx.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/print.h"
#include "parley/redline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct diff_args {
	pl_redline_format format;
	int files, text, stat, changed_only;
	int color; /* -1 auto, 0 never, 1 always */
	unsigned token_options;
	int docx;           /* --format docx: Word's tracked changes */
	const char *output; /* --output FILE for it */
} diff_args;

/* diff's exit codes follow diff(1), not the other commands. */
enum { DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

enum {
	OPT_FILES = 'F',
	OPT_TEXT = 'T',
	OPT_STAT = 'S',
	OPT_CHANGED = 'C',
	OPT_FORMAT = 'f',
	OPT_COLOR = 'c',
	OPT_CASE = 'i',
	OPT_SPACE = 'w',
	OPT_NFC = 'n',
	OPT_OUTPUT = 'o'
};

static int option(void *context, int code, const char *arg)
{
	diff_args *args = context;
	static const char *const formats[] = {"text", "md", "html", "json"};
	switch (code) {
	case OPT_FILES:
		args->files = 1;
		return 0;
	case OPT_TEXT:
		args->text = 1;
		return 0;
	case OPT_STAT:
		args->stat = 1;
		return 0;
	case OPT_CHANGED:
		args->changed_only = 1;
		return 0;
	case OPT_CASE:
		args->token_options |= PL_TOKEN_FOLD_CASE;
		return 0;
	case OPT_SPACE:
		args->token_options |= PL_TOKEN_IGNORE_SPACE;
		return 0;
	case OPT_NFC:
		args->token_options |= PL_TOKEN_NFC;
		return 0;
	case OPT_OUTPUT:
		args->output = arg;
		return 0;
	case OPT_COLOR:
		args->color = strcmp(arg, "always") == 0 ? 1 : strcmp(arg, "never") == 0 ? 0 : -1;
		if (args->color == -1 && strcmp(arg, "auto") != 0)
			return cli_usage(&cmd_diff, "--color is auto, always or never");
		return 0;
	default:
		args->docx = strcmp(arg, "docx") == 0;
		if (args->docx)
			return 0;
		for (int i = 0; i < 4; i++)
			if (strcmp(arg, formats[i]) == 0 ||
			    (i == 1 && strcmp(arg, "markdown") == 0)) {
				args->format = (pl_redline_format)i;
				return 0;
			}
		return cli_usage(&cmd_diff, "--format is text, md, html, json or docx");
	}
}

/* One side of the comparison, from a file or from the database. */
typedef struct side {
	char *name;
	pl_file_view view; /* the file */
	const char *raw;   /* its bytes (not NUL-terminated) */
	size_t raw_len;
	pl_doc *doc;
	char document[PL_NAME_MAX + 1];
	char date[32]; /* the version's time, for the page */
	char *marking; /* the page's marking (on side a), or NULL */
} side;

static void side_free(side *s)
{
	free(s->name);
	free(s->marking);
	pl_file_view_close(&s->view);
	pl_doc_free(s->doc);
}

static void *free_side_task(void *arg)
{
	side_free(arg);
	return NULL;
}

/* Two large plans are freed at once, b on a second thread, a and the
 * redline that borrows them here: each plan is hundreds of thousands of
 * small allocations, and freeing one after the other took about as long
 * as writing the redline of a 10 MB pair. */
static void free_sides(side *a, side *b, pl_redline *redline)
{
	pthread_t thread;
	int threaded = b->doc && b->doc->point_count >= 4096 &&
	               pthread_create(&thread, NULL, free_side_task, b) == 0;
	pl_redline_free(redline);
	side_free(a);
	if (threaded)
		pthread_join(thread, NULL);
	else
		side_free(b);
}

/* Large inputs are left to the exit: the command ends right after, and
 * the kernel takes the whole address space back at once, where freeing a
 * 10 MB pair's plans and redline piece by piece took a tenth of the
 * command's time (git leaves such memory to the exit too: its UNLEAK).
 * The sanitizer build, which the tests run, frees everything, so that a
 * leak still shows. */
#if defined(__SANITIZE_ADDRESS__)
enum { FREE_BEFORE_EXIT = 1 };
#else
enum { FREE_BEFORE_EXIT = 0 };
#endif
#define LARGE_INPUT ((size_t)1 << 20)

static int load_file(side *s, const char *path, const cli_db *db, pl_error *err)
{
	s->name = strdup(cli_input_name(path));
	int rc = cli_view_input(&s->view, path, db->max_input, err);
	s->raw = s->view.data;
	s->raw_len = s->view.len;
	return rc;
}

typedef struct read_job {
	side *s;
	const char *path;
	const cli_db *db;
	pl_error err;
	int rc;
} read_job;

static void *read_task(void *arg)
{
	read_job *job = arg;
	job->rc = load_file(job->s, job->path, job->db, &job->err);
	return NULL;
}

/* Opens both files, b on a second thread (mapping a 10 MB file populated
 * takes about a millisecond; copying it out of the page cache, as reading
 * did, two to four). 0, or a's error if it failed, else b's, in *err. */
static int load_files(side *a, side *b, char **paths, const cli_db *db, pl_error *err)
{
	read_job second = {b, paths[1], db, {0, {0}}, 0};
	pthread_t thread;
	int threaded = pthread_create(&thread, NULL, read_task, &second) == 0;
	int rc = load_file(a, paths[0], db, err);
	if (threaded)
		pthread_join(thread, NULL);
	else
		read_task(&second);
	if (rc == 0 && second.rc) {
		*err = second.err;
		rc = second.rc;
	}
	return rc;
}

/* Both sides checked as text, a first: the error of the first bad one. */
static int check_texts(const side *a, const side *b, pl_error *err)
{
	int rc = pl_text_check(a->raw, a->raw_len, a->name, err);
	return rc ? rc : pl_text_check(b->raw, b->raw_len, b->name, err);
}

/* Large texts are checked by pl_text_diff_large as it scans them, in the
 * same pass; pl_text_check, which names the file and line, runs only
 * when there is something to report (or NUL bytes, which the scan
 * accepts). Small ones are checked first, as the loader always did. */
static int checks_while_diffing(const side *a, const side *b)
{
	return a->raw_len + b->raw_len >= ((size_t)64 << 10) && !memchr(a->raw, '\0', a->raw_len) &&
	       !memchr(b->raw, '\0', b->raw_len);
}

static int load_version(side *s, pl_negotiation *n, const char *ref)
{
	pl_error err;
	pl_version_info info;
	if (pl_version_load(n, ref, &s->doc, &info, &err))
		return cli_fail(&err);
	size_t len = strlen(info.document) + 16;
	s->name = malloc(len);
	if (!s->name)
		abort();
	snprintf(s->name, len, "%s@%d", info.document, info.number);
	snprintf(s->document, sizeof s->document, "%s", info.document);
	snprintf(s->date, sizeof s->date, "%s", info.created_at);
	pl_version_info_clear(&info);
	return 0;
}

/* The library writes its redline JSON compact and ending in a newline, the
 * command line's one JSON style, so the stream goes out as it is: a 10 MB
 * pair's redline is 25 MB of JSON, which cli_json_stream_write would copy
 * and scan byte by byte for white space that is not there. */
static int write_stdout(void *context, const char *data, size_t len)
{
	(void)context;
	return fwrite(data, 1, len, stdout) != len;
}

static int print_text_diff(const diff_args *args, side *a, side *b, const pl_redline_render *r,
                           int *differ)
{
	pl_text_diff diff;
	pl_error err;
	/* Small texts get the minimal token diff; large ones the chunked one,
	 * which tokenizes only what changed. */
	int small = a->raw_len + b->raw_len < ((size_t)64 << 10);
	int (*text_diff)(pl_text_diff *, const char *, size_t, const char *, size_t, unsigned,
	                 pl_error *) = small ? pl_text_diff_compute : pl_text_diff_large;
	int checked_here = !checks_while_diffing(a, b);
	if (checked_here && check_texts(a, b, &err))
		return cli_fail(&err);
	if (text_diff(&diff, a->raw, a->raw_len, b->raw, b->raw_len, args->token_options, &err)) {
		if (!checked_here && err.code == PL_EINVALID)
			check_texts(a, b, &err); /* the message that names the file */
		return cli_fail(&err);
	}
	*differ = diff.changed != 0;
	int rc;
	if (args->format == PL_FORMAT_JSON) { /* made as it is written */
		rc = pl_text_diff_stream_json(&diff, r, write_stdout, NULL) || fflush(stdout) != 0
		         ? cli_failf("cannot write the output")
		         : EXIT_OK;
	} else {
		pl_buf out = PL_BUF_INIT;
		pl_text_diff_write(&out, &diff, args->format, r);
		rc = cli_write(&out);
		pl_buf_free(&out);
	}
	pl_text_diff_free(&diff);
	return rc;
}

/* Writes the redline; *kept gets it, for the caller to free with the
 * plans it borrows. */
static int print_redline(const diff_args *args, side *a, side *b, const pl_redline_render *r,
                         pl_redline **kept, int *differ)
{
	pl_redline_options options = {
	    .token_options = args->token_options,
	    .match_by_id = a->document[0] && strcmp(a->document, b->document) == 0,
	};
	pl_redline *redline;
	pl_error err;
	if (pl_redline_compute(&redline, a->doc, b->doc, &options, &err))
		return cli_fail(&err);
	*kept = redline;
	*differ = pl_redline_differs(redline);
	if (args->docx) { /* Word's own tracked changes (docs/docx.md) */
		pl_docx_redline_meta meta = {r->a_name, r->b_name, r->b_name, r->date, r->marking};
		pl_buf out = PL_BUF_INIT;
		int rc = pl_docx_redline_write(&out, redline, &meta, &err)
		             ? cli_fail(&err)
		             : cli_write_docx(&out, args->output);
		pl_buf_free(&out);
		return rc;
	}
	if (!args->stat && args->format == PL_FORMAT_JSON) { /* made as it is written */
		if (pl_redline_stream_json(redline, r, write_stdout, NULL) || fflush(stdout) != 0)
			return cli_failf("cannot write the output");
		return EXIT_OK;
	}
	pl_buf out = PL_BUF_INIT;
	if (args->stat)
		pl_redline_write_stat(&out, redline, r);
	else if (args->format == PL_FORMAT_HTML)
		pl_redline_write_html(&out, redline, r);
	else if (args->format == PL_FORMAT_MARKDOWN)
		pl_redline_write_markdown(&out, redline, r);
	else
		pl_redline_write_text(&out, redline, r);
	int rc = cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int load_sides(const diff_args *args, const cli_db *db, char **refs, side *a, side *b)
{
	if (args->files) {
		if (strcmp(refs[0], "-") == 0 && strcmp(refs[1], "-") == 0)
			return cli_usage(&cmd_diff,
			                 "standard input ('-') can be only one of the files");
		pl_error err;
		int rc = load_files(a, b, refs, db, &err);
		if (rc && a->raw && args->text) /* as if a had been checked before b was read */
			pl_text_check(a->raw, a->raw_len, a->name, &err);
		if (rc)
			return cli_fail(&err);
		if (!args->text &&
		    pl_markdown_parse_two(&a->doc, a->raw, a->raw_len, a->name, &b->doc, b->raw,
		                          b->raw_len, b->name, &err))
			rc = cli_fail(&err);
		if (!args->text) {
			/* The plans hold their own copies of the text. */
			pl_file_view_close(&a->view);
			pl_file_view_close(&b->view);
			a->raw = b->raw = NULL;
		}
		return rc;
	}
	if (args->text)
		return cli_usage(&cmd_diff, "--text compares files: use it with --files");
	pl_negotiation *n;
	int rc = cli_open(db, 0, &n);
	if (rc == 0)
		rc = load_version(a, n, refs[0]);
	if (rc == 0)
		rc = load_version(b, n, refs[1]);
	pl_error err;
	const char *shown[] = {a->name, b->name};
	if (rc == 0 && (args->format == PL_FORMAT_HTML || args->docx) &&
	    pl_version_marking(n, shown, 2, &a->marking, &err))
		rc = cli_fail(&err);
	pl_negotiation_close(n);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"files", no_argument, NULL, OPT_FILES},
	    {"text", no_argument, NULL, OPT_TEXT},
	    {"stat", no_argument, NULL, OPT_STAT},
	    {"changed-only", no_argument, NULL, OPT_CHANGED},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"color", required_argument, NULL, OPT_COLOR},
	    {"ignore-case", no_argument, NULL, OPT_CASE},
	    {"ignore-space", no_argument, NULL, OPT_SPACE},
	    {"normalize", no_argument, NULL, OPT_NFC},
	    {"output", required_argument, NULL, OPT_OUTPUT},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	diff_args args = {.format = PL_FORMAT_TEXT, .color = -1};
	int first;
	int rc = cli_parse(argc, argv, &cmd_diff, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : DIFF_TROUBLE;
	if (argc - first != 2)
		return cli_usage(&cmd_diff, "needs two versions, documents or files");
	if (args.stat && args.text)
		return cli_usage(&cmd_diff, "--stat needs plan structure; drop --text");
	if (args.docx && (args.stat || args.text))
		return cli_usage(&cmd_diff,
		                 "--format docx is a redline of two plans: without --stat "
		                 "or --text");
	if (args.output && !args.docx)
		return cli_usage(&cmd_diff, "--output FILE is for --format docx");
	const char *no_color = getenv("NO_COLOR");
	int ansi = args.color == 1 ||
	           (args.color == -1 && cli_stdout_is_terminal() && !(no_color && *no_color));
	side a = {0}, b = {0};
	rc = load_sides(&args, &db, argv + first, &a, &b);
	pl_redline_render render = {a.name,
	                            b.name,
	                            args.changed_only,
	                            ansi && args.format == PL_FORMAT_TEXT,
	                            b.date[0] ? b.date : NULL,
	                            a.marking};
	pl_redline *redline = NULL;
	int differ = 0;
	if (rc == 0)
		rc = args.text ? print_text_diff(&args, &a, &b, &render, &differ)
		               : print_redline(&args, &a, &b, &render, &redline, &differ);
	if (FREE_BEFORE_EXIT || a.raw_len + b.raw_len < LARGE_INPUT)
		free_sides(&a, &b, redline);
	/* As diff(1): 0 the same, 1 different, 2 trouble. */
	return rc == EXIT_OK ? (differ ? DIFF_DIFFERENT : EXIT_OK) : DIFF_TROUBLE;
}

const cli_command cmd_diff = {
    "diff", run, "redline two versions, two documents or two files",
    "usage: parley diff DOC@V1 DOC@V2 [options]\n"
    "       parley diff DOCA DOCB [options]\n"
    "       parley diff --files A.md B.md [options]\n"
    "       parley diff --files --text A.txt B.txt [options]\n"
    "\n"
    "Matches the points of the two plans (by stable id between versions of one\n"
    "document, otherwise by label and wording), classifies each as unchanged,\n"
    "reworded, substantive, moved, added or deleted, and redlines the words.\n"
    "\n"
    "  --format text   [-deleted-]{+inserted+}, in colour on a terminal (default)\n"
    "  --format md     CommonMark with <del>/<ins>\n"
    "  --format html   a standalone page with a summary at the top\n"
    "  --format json   the parley.redline/1 schema (docs/json.md)\n"
    "  --format docx   a Word document of the newer plan whose changes are Word's\n"
    "                  tracked changes (docs/docx.md)\n" CLI_DOCX_OUTPUT_HELP
    "  --stat          a per-point summary table instead of the redline\n"
    "  --changed-only  leave out unchanged points\n"
    "  --files         the two arguments are files, no database needed\n"
    "                  ('-' for standard input, once)\n"
    "  --text          with --files: any two texts, no plan structure\n"
    "  --ignore-case   compare case-folded words\n"
    "  --ignore-space  a change in white space is no change\n"
    "  --normalize     compare Unicode NFC forms\n"
    "  --color WHEN    auto (default: on a terminal, unless NO_COLOR), always, never\n"
    "\n"
    "Exit status, as diff(1): 0 the inputs are the same, 1 they differ, 2 trouble\n"
    "(a usage error, a file that cannot be read, a version that does not exist).\n"};
