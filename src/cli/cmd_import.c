#include "cli.h"
#include "parley/akn.h"
#include "parley/file.h"
#include "parley/markdown.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct import_args {
	const char *document;
	const char *title;
	const char *track;
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

/* Akoma Ntoso for a .xml or .akn file or a text that starts as one
 * (pl_akn_sniff), else CommonMark. */
static int parse(pl_doc **doc, const char *path, const char *text, size_t len, pl_error *err)
{
	size_t path_len = strlen(path);
	int xml = (path_len > 4 && strcasecmp(path + path_len - 4, ".xml") == 0) ||
	          (path_len > 4 && strcasecmp(path + path_len - 4, ".akn") == 0) ||
	          pl_akn_sniff(text, len);
	if (xml)
		return pl_akn_parse(doc, text, len, cli_input_name(path), err);
	return pl_markdown_parse(doc, text, len, cli_input_name(path), err);
}

static int run(int argc, char **argv)
{
	static const struct option own[] = {
	    {"doc", required_argument, NULL, 'd'},
	    {"title", required_argument, NULL, 't'},
	    {"track", required_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	cli_db db;
	cli_db_init(&db);
	import_args args = {0};
	int first;
	int rc = cli_parse(argc, argv, &cmd_import, own, &db, option, &args, &first);
	if (rc)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (argc - first != 1)
		return cli_usage(&cmd_import, "needs exactly one FILE");
	if (!args.document)
		return cli_usage(&cmd_import, "needs --doc NAME");
	const char *path = argv[first];
	pl_error err;
	char *text;
	size_t len;
	pl_doc *doc = NULL;
	pl_negotiation *n = NULL;
	if (cli_read_input(path, db.max_input, &text, &len, &err))
		return cli_fail(&err);
	rc = parse(&doc, path, text, len, &err) ? cli_fail(&err) : EXIT_OK;
	free(text);
	if (rc == EXIT_OK)
		rc = cli_open(&db, 1, &n);
	const char *source = strcmp(path, "-") == 0 ? NULL : base_name(path);
	pl_import_options options = {args.document, args.title, source, args.track};
	pl_import_result result;
	if (rc == EXIT_OK && pl_document_import(n, &options, doc, &result, &err))
		rc = cli_fail(&err);
	else if (rc == EXIT_OK)
		rc = report(cli_input_name(path), args.document, doc, &result);
	pl_negotiation_close(n);
	pl_doc_free(doc);
	return rc;
}

const cli_command cmd_import = {
    "import", run, "import a plan (Markdown or Akoma Ntoso) as a new version",
    "usage: parley import FILE --doc NAME [--title TEXT] [--track TRACK]\n"
    "\n"
    "Reads FILE (CommonMark: '# Title', '## Part' headings, numbered points,\n"
    "sub-items '(a) ...'), or Akoma Ntoso 3.0 XML (a FILE ending in .xml or\n"
    ".akn, or starting as one; docs/akn.md), and records it as the next\n"
    "version of document NAME: version 1 for a new name, then 2, 3, ...\n"
    "Points keep their stable ids where they are clearly the same point as in\n"
    "the previous version.\n"
    "A text equal to the latest version makes no new version. FILE '-' reads\n"
    "standard input (recorded with no source file name).\n"
    "\n"
    "  --doc NAME      the document (letters, digits, '.', '_', '-'; max 64)\n"
    "  --title TEXT    use TEXT as the title instead of the file's heading\n"
    "  --track TRACK   the track a new document is drafted in (default: plenary)\n"
    "  --max-size SIZE refuse files over SIZE (default 64M)\n"};
