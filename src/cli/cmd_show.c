#include "cli.h"
#include "docx_out.h"
#include "parley/docx.h"
#include "parley/akn.h"
#include "parley/format.h"
#include "parley/lines.h"
#include "parley/markdown.h"
#include "parley/print.h"
#include "parley/talks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum show_format {
	SHOW_TEXT,
	SHOW_MARKDOWN,
	SHOW_JSON,
	SHOW_HTML,
	SHOW_AKN,
	SHOW_DOCX
} show_format;

typedef struct show_args {
	show_format format;
	const char *point;
	int positions;      /* --positions: each point's stances under it */
	int lines;          /* --lines: each point line by line, numbered */
	const char *output; /* --output FILE for --format docx */
} show_args;

static int option(void *context, int code, const char *arg)
{
	show_args *args = context;
	if (code == 'p') {
		args->point = arg;
		return 0;
	}
	if (code == 'P') {
		args->positions = 1;
		return 0;
	}
	if (code == 'l') {
		args->lines = 1;
		return 0;
	}
	if (code == 'o') {
		args->output = arg;
		return 0;
	}
	static const char *const names[] = {"text", "md", "json", "html", "akn", "docx"};
	for (int i = 0; i < 6; i++)
		if (strcmp(arg, names[i]) == 0 || (i == 1 && strcmp(arg, "markdown") == 0)) {
			args->format = (show_format)i;
			return 0;
		}
	return cli_usage(&cmd_show, "--format is text, md, json, html, akn or docx");
}

static void render(pl_buf *out, show_format format, int lines, const pl_doc *doc,
                   const pl_doc_meta *meta)
{
	if (lines && format == SHOW_TEXT) {
		pl_format_text_lines(out, doc, meta);
		return;
	}
	if (lines && format == SHOW_HTML) {
		pl_format_html_lines(out, doc, meta);
		return;
	}
	switch (format) {
	case SHOW_MARKDOWN:
		pl_markdown_write(out, doc);
		break;
	case SHOW_JSON:
		pl_format_json(out, doc, meta);
		break;
	case SHOW_HTML:
		pl_format_html(out, doc, meta);
		break;
	default:
		pl_format_text(out, doc, meta);
		break;
	}
}

static int show(const show_args *args, const pl_doc *doc, const pl_version_info *info,
                const char *marking, const pl_point_stances *stances, size_t stance_count)
{
	const pl_doc *shown = doc;
	pl_doc *selected = NULL;
	if (args->point) {
		selected = pl_doc_select_label(doc, args->point);
		if (!selected)
			return cli_failf("%s@%d has no point %s", info->document, info->number,
			                 args->point);
		shown = selected;
	}
	pl_doc_meta meta = {info->document, info->number, info->created_at, info->source,
	                    marking,        stances,      stance_count};
	pl_buf out = PL_BUF_INIT;
	render(&out, args->format, args->lines, shown, &meta);
	/* The document's JSON comes compact, on one line, from the library. */
	int rc = cli_write(&out);
	pl_buf_free(&out);
	pl_doc_free(selected);
	return rc;
}

/* Akoma Ntoso: the library reads the version and its record (the event,
 * the parties) itself, as the server does. */
static int show_akn(pl_negotiation *n, const char *ref)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int rc = pl_akn_version_write(&out, n, ref, &err) ? cli_fail(&err) : cli_write(&out);
	pl_buf_free(&out);
	pl_negotiation_close(n);
	return rc;
}

/* A .docx: numbered by Word, marked in header and footer (docs/docx.md). */
static int show_docx(pl_negotiation *n, const char *ref, const char *output)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int failed = pl_docx_version_write(&out, n, ref, &err);
	pl_negotiation_close(n);
	int rc = failed ? cli_fail(&err) : cli_write_docx(&out, output);
	pl_buf_free(&out);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"format", required_argument, NULL, 'f'}, {"point", required_argument, NULL, 'p'},
	    {"positions", no_argument, NULL, 'P'},    {"lines", no_argument, NULL, 'l'},
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	show_args args = {SHOW_TEXT, NULL, 0, 0, NULL};
	int first;
	int rc = cli_parse(argc, argv, &cmd_show, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != 1)
		return cli_usage(&cmd_show, "needs one DOC or DOC@N");
	if (args.positions && args.format == SHOW_MARKDOWN)
		return cli_usage(&cmd_show, "--positions is for text, json and html: the Markdown "
		                            "is the plan as 'import' reads it");
	if (args.format == SHOW_AKN && (args.positions || args.lines || args.point))
		return cli_usage(&cmd_show, "--format akn is the whole version as Akoma Ntoso: "
		                            "without --point, --positions or --lines");
	if (args.format == SHOW_DOCX && (args.positions || args.lines || args.point))
		return cli_usage(&cmd_show, "--format docx is the whole version as a Word "
		                            "document: without --point, --positions or --lines");
	if (args.output && args.format != SHOW_DOCX)
		return cli_usage(&cmd_show,
		                 "--output FILE is for --format docx (the other formats go "
		                 "to standard output)");
	if (args.lines && args.format == SHOW_MARKDOWN)
		return cli_usage(&cmd_show, "--lines numbers --format text or html (JSON always "
		                            "carries the lines)");
	pl_negotiation *n;
	if ((rc = cli_open(&db, 0, &n)))
		return rc;
	pl_error err;
	if (args.format == SHOW_AKN)
		return show_akn(n, argv[first]);
	if (args.format == SHOW_DOCX)
		return show_docx(n, argv[first], args.output);
	pl_doc *doc;
	pl_version_info info;
	char *marking = NULL;
	char ref[PL_NAME_MAX + 16];
	pl_point_stances *stances = NULL;
	size_t stance_count = 0;
	rc = pl_version_load(n, argv[first], &doc, &info, &err) ? cli_fail(&err) : EXIT_OK;
	if (rc == EXIT_OK)
		snprintf(ref, sizeof ref, "%s@%d", info.document, info.number);
	if (rc == EXIT_OK && args.format == SHOW_HTML) {
		const char *refs[] = {ref};
		if (pl_version_marking(n, refs, 1, &marking, &err))
			rc = cli_fail(&err);
	}
	if (rc == EXIT_OK && args.positions &&
	    pl_point_stances_load(n, ref, &stances, &stance_count, &err))
		rc = cli_fail(&err);
	pl_negotiation_close(n);
	if (rc == EXIT_OK)
		rc = show(&args, doc, &info, marking, stances, stance_count);
	pl_point_stances_free(stances, stance_count);
	free(marking);
	pl_doc_free(doc);
	pl_version_info_clear(&info);
	return rc;
}

const cli_command cmd_show = {
    "show", run, "print a version of a document",
    "usage: parley show DOC[@N] [--format text|md|json|html|akn|docx] [--point LABEL]\n"
    "                   [--lines] [--positions] [--output FILE]\n"
    "\n"
    "Prints version N of DOC (the latest without @N).\n"
    "\n"
    "  --format text   plain text, sub-items on their own lines (default)\n"
    "  --format md     CommonMark, as 'parley import' reads it\n"
    "  --format json   the parley.document/1 schema (docs/json.md)\n"
    "  --format html   a standalone page for reading and printing\n"
    "  --format akn    Akoma Ntoso 3.0 XML, as 'parley import' reads it (docs/akn.md)\n"
    "  --format docx   a Word document numbered by Word, as 'parley import' reads it,\n"
    "                  the track's marking in its header (docs/docx.md)\n" CLI_DOCX_OUTPUT_HELP
    "  --point LABEL   only the point(s) labelled LABEL\n"
    "  --positions     under each point, every party's stance and note on it\n"
    "                  (text, json, html; see 'parley position')\n"
    "  --lines         each point wrapped at 72 columns and numbered line by line\n"
    "                  (text, html), as amendments cite them: '6, line 3'\n"
    "                  (docs/lines.md); JSON always carries each point's lines\n"};
