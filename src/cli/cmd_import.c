#include "cli.h"
#include "parley/akn.h"
#include "parley/docx.h"
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct import_args {
	const char *document;
	const char *title;
	const char *track;
	pl_docx_author *authors; /* --author 'Word name=delegate' */
	size_t author_count;
	int bad_author;
} import_args;

static int option(void *context, int code, const char *arg)
{
	import_args *args = context;
	if (code == 'd')
		args->document = arg;
	else if (code == 't')
		args->title = arg;
	else if (code == 'k')
		args->track = arg;
	else if (code == 'a') {
		const char *equals = strrchr(arg, '=');
		if (!equals || equals == arg || !equals[1])
			return cli_usage(&cmd_import,
			                 "--author takes 'WORD NAME=DELEGATE', not '%s'", arg);
		args->authors =
		    pl_realloc(args->authors, (args->author_count + 1) * sizeof *args->authors);
		args->authors[args->author_count++] =
		    (pl_docx_author){pl_strndup(arg, (size_t)(equals - arg)), equals + 1};
	}
	return 0;
}

/* The file's name without directories, as recorded with the version. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int report(const char *path, const char *document, const pl_doc *doc,
                  const pl_import_result *result)
{
	pl_buf text = PL_BUF_INIT;
	if (result->unchanged) {
		pl_buf_printf(&text, "%s is unchanged from %s@%d; no new version", path, document,
		              result->number);
	} else {
		pl_buf_printf(&text, "imported %s as %s@%d: %zu points", path, document,
		              result->number, result->points);
		if (doc->part_count)
			pl_buf_printf(&text, " in %zu parts", doc->part_count);
		if (result->number > 1)
			pl_buf_printf(&text, " (%zu carried over, %zu new)", result->carried,
			              result->added);
	}
	json_t *fields =
	    json_pack("{s:s, s:s, s:i, s:b, s:I, s:I, s:I, s:I}", "file", path, "document",
	              document, "version", result->number, "unchanged", result->unchanged, "points",
	              (json_int_t)result->points, "parts", (json_int_t)doc->part_count, "carried",
	              (json_int_t)result->carried, "new", (json_int_t)result->added);
	int rc = cli_print_result("parley.import/1", text.ptr, fields);
	pl_buf_free(&text);
	return rc;
}

static int is_docx(const char *path, const char *text, size_t len)
{
	size_t path_len = strlen(path);
	return (path_len > 5 && strcasecmp(path + path_len - 5, ".docx") == 0) ||
	       pl_docx_sniff(text, len);
}

/* A .docx (by name or its zip signature), Akoma Ntoso for a .xml or .akn
 * file or a text that starts as one (pl_akn_sniff), else CommonMark. */
static int parse(pl_doc **doc, const char *path, const char *text, size_t len, pl_error *err)
{
	if (is_docx(path, text, len))
		return pl_docx_parse(doc, text, len, cli_input_name(path), err);
	size_t path_len = strlen(path);
	int xml = (path_len > 4 && strcasecmp(path + path_len - 4, ".xml") == 0) ||
	          (path_len > 4 && strcasecmp(path + path_len - 4, ".akn") == 0) ||
	          pl_akn_sniff(text, len);
	if (xml)
		return pl_akn_parse(doc, text, len, cli_input_name(path), err);
	return pl_markdown_parse(doc, text, len, cli_input_name(path), err);
}

/* A .docx's tracked changes and comments, tabled by the delegates its
 * authors map to (docs/docx.md). */
static int table_changes(const cli_db *db, const import_args *args, const char *path,
                         const char *text, size_t len)
{
	const char *clock = getenv("PARLEY_CLOCK");
	pl_open_options options = {
	    .path = db->path,
	    .busy_timeout_ms = db->wait_ms ? db->wait_ms : 1,
	    .clock = clock && *clock ? clock : NULL,
	    .actor = db->actor,
	    .keys_dir = db->keys,
	    .key_file = db->key_file,
	};
	pl_docx_tabled tabled;
	pl_error err;
	int rc = EXIT_OK;
	if (pl_docx_amendments_table(&options, args->document, text, len, cli_input_name(path),
	                             args->authors, args->author_count, &tabled, &err))
		rc = cli_fail(&err);
	if (rc == EXIT_OK) {
		pl_buf done = PL_BUF_INIT;
		pl_buf_printf(&done, "%s%s: %zu amendments tabled, %zu statements recorded",
		              tabled.report.len ? tabled.report.ptr : "", cli_input_name(path),
		              tabled.amendments, tabled.statements);
		json_t *fields =
		    json_pack("{s:s, s:s, s:I, s:I}", "file", cli_input_name(path), "document",
		              args->document, "amendments", (json_int_t)tabled.amendments,
		              "statements", (json_int_t)tabled.statements);
		rc = cli_print_result("parley.import-changes/1", done.ptr, fields);
		pl_buf_free(&done);
	}
	pl_buf_free(&tabled.report);
	return rc;
}

static void args_free(import_args *args)
{
	for (size_t i = 0; i < args->author_count; i++)
		free((char *)args->authors[i].word_name);
	free(args->authors);
}

static int run_import(int argc, char **argv, import_args *args)
{
	static const struct option own[] = {
	    {"doc", required_argument, NULL, 'd'},
	    {"title", required_argument, NULL, 't'},
	    {"track", required_argument, NULL, 'k'},
	    {"author", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	int first;
	int rc = cli_parse(argc, argv, &cmd_import, own, &db, option, args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != 1)
		return cli_usage(&cmd_import, "needs exactly one FILE");
	if (!args->document)
		return cli_usage(&cmd_import, "needs --doc NAME");
	const char *path = argv[first];
	pl_error err;
	char *text;
	size_t len;
	pl_doc *doc = NULL;
	pl_negotiation *n = NULL;
	if (cli_read_input(path, db.max_input, &text, &len, &err))
		return cli_fail(&err);
	if (args->author_count) {
		rc = is_docx(path, text, len)
		         ? table_changes(&db, args, path, text, len)
		         : cli_failf("%s is not a Word document: --author maps the authors of a "
		                     ".docx's tracked changes",
		                     cli_input_name(path));
		free(text);
		return rc;
	}
	rc = parse(&doc, path, text, len, &err) ? cli_fail(&err) : EXIT_OK;
	free(text);
	if (rc == EXIT_OK)
		rc = cli_open(&db, 1, &n);
	const char *source = strcmp(path, "-") == 0 ? NULL : base_name(path);
	pl_import_options options = {args->document, args->title, source, args->track};
	pl_import_result result;
	if (rc == EXIT_OK && pl_document_import(n, &options, doc, &result, &err))
		rc = cli_fail(&err);
	else if (rc == EXIT_OK)
		rc = report(cli_input_name(path), args->document, doc, &result);
	pl_negotiation_close(n);
	pl_doc_free(doc);
	return rc;
}

static int run(int argc, char **argv)
{
	import_args args = {0};
	int rc = run_import(argc, argv, &args);
	args_free(&args);
	return rc;
}

const cli_command cmd_import = {
    "import", run, "import a plan (Markdown, Akoma Ntoso or Word) as a new version",
    "usage: parley import FILE --doc NAME [--title TEXT] [--track TRACK]\n"
    "       parley import FILE.docx --doc NAME --author 'WORD NAME=DELEGATE' ...\n"
    "\n"
    "Reads FILE (CommonMark: '# Title', '## Part' headings, numbered points,\n"
    "sub-items '(a) ...'), or Akoma Ntoso 3.0 XML (a FILE ending in .xml or\n"
    ".akn, or starting as one; docs/akn.md), or a Word document (.docx:\n"
    "headings as parts, Word's numbered paragraphs as points; docs/docx.md),\n"
    "and records it as the next\n"
    "version of document NAME: version 1 for a new name, then 2, 3, ...\n"
    "Points keep their stable ids where they are clearly the same point as in\n"
    "the previous version.\n"
    "A text equal to the latest version makes no new version. FILE '-' reads\n"
    "standard input (recorded with no source file name).\n"
    "\n"
    "  --doc NAME      the document (letters, digits, '.', '_', '-'; max 64)\n"
    "  --title TEXT    use TEXT as the title instead of the file's heading\n"
    "  --track TRACK   the track a new document is drafted in (default: plenary)\n"
    "  --max-size SIZE refuse files over SIZE (default 64M)\n"
    "  --author 'WORD NAME=DELEGATE'\n"
    "                  a .docx with tracked changes: table them as amendments to\n"
    "                  the latest version of NAME, each author's signed by the\n"
    "                  delegate named (whose key must be at hand), and its\n"
    "                  comments as statements; every author needs one\n"};
