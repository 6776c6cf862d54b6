/* cmd_talks.c — amendments, positions, the voting list, the matrix and the
 * negotiating text on the command line. */
#include "amend_spec.h"
#include "cli.h"
#include "docx_out.h"
#include "parley/docx.h"
#include "parley/akn.h"
#include "parley/file.h"
#include "parley/format.h"
#include "parley/lines.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "parley/print.h"
#include "parley/redline.h"
#include "parley/talks.h"
#include "parley/utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SPECS 64

typedef struct talks_args {
	const cli_command *command;
	const char *format, *note, *justification, *parent, *track, *from_file;
	const char *amendment, *proposal;
	int brackets, dry_run;
	pl_op_kind kinds[MAX_SPECS];
	const char *specs[MAX_SPECS];
	size_t spec_count;
} talks_args;

enum {
	OPT_FORMAT = 'f',
	OPT_NOTE = 'n',
	OPT_WHY = 'j',
	OPT_PARENT = 'P',
	OPT_TRACK = 'k',
	OPT_FROM = 'F',
	OPT_BRACKETS = 'b',
	OPT_AMENDMENT = 'a',
	OPT_PROPOSAL = 'p',
	OPT_DRY_RUN = 'D',
	OPT_OP = 2000
};

static int option(void *context, int code, const char *arg)
{
	talks_args *args = context;
	if (code >= OPT_OP && code < OPT_OP + PL_OP_COUNT) {
		if (args->spec_count == MAX_SPECS)
			return cli_usage(args->command, "at most %d operations", MAX_SPECS);
		args->kinds[args->spec_count] = (pl_op_kind)(code - OPT_OP);
		args->specs[args->spec_count++] = arg;
		return 0;
	}
	switch (code) {
	case OPT_FORMAT:
		args->format = arg;
		break;
	case OPT_NOTE:
		args->note = arg;
		break;
	case OPT_WHY:
		args->justification = arg;
		break;
	case OPT_PARENT:
		args->parent = arg;
		break;
	case OPT_TRACK:
		args->track = arg;
		break;
	case OPT_FROM:
		args->from_file = arg;
		break;
	case OPT_BRACKETS:
		args->brackets = 1;
		break;
	case OPT_AMENDMENT:
		args->amendment = arg;
		break;
	case OPT_PROPOSAL:
		args->proposal = arg;
		break;
	case OPT_DRY_RUN:
		args->dry_run = 1;
		break;
	default:
		break;
	}
	return 0;
}

static const struct option own[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"note", required_argument, NULL, OPT_NOTE},
    {"justification", required_argument, NULL, OPT_WHY},
    {"parent", required_argument, NULL, OPT_PARENT},
    {"track", required_argument, NULL, OPT_TRACK},
    {"from-file", required_argument, NULL, OPT_FROM},
    {"brackets", no_argument, NULL, OPT_BRACKETS},
    {"amendment", required_argument, NULL, OPT_AMENDMENT},
    {"proposal", required_argument, NULL, OPT_PROPOSAL},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"replace", required_argument, NULL, OPT_OP + PL_OP_REPLACE},
    {"edit", required_argument, NULL, OPT_OP + PL_OP_EDIT},
    {"insert", required_argument, NULL, OPT_OP + PL_OP_INSERT},
    {"delete", required_argument, NULL, OPT_OP + PL_OP_DELETE},
    {"move", required_argument, NULL, OPT_OP + PL_OP_MOVE},
    {"relabel", required_argument, NULL, OPT_OP + PL_OP_RELABEL},
    {"rename-part", required_argument, NULL, OPT_OP + PL_OP_RENAME_PART},
    {NULL, 0, NULL, 0},
};

static int start(int argc, char **argv, const cli_command *command, talks_args *args, cli_db *db,
                 int writable, int operands, pl_negotiation **n, int *first)
{
	cli_db_init(db);
	args->command = command;
	int rc = cli_parse(argc, argv, command, own, db, option, args, first);
	if (rc)
		return rc;
	if (operands >= 0 && argc - *first != operands)
		return cli_usage(command, "needs %d argument%s", operands,
		                 operands == 1 ? "" : "s");
	if (operands < 0 && argc - *first < -operands)
		return cli_usage(command, "needs at least %d arguments", -operands);
	return cli_open(db, writable, n);
}

static int done(pl_negotiation *n, int failed, const pl_error *err)
{
	pl_negotiation_close(n);
	return failed ? cli_fail(err) : EXIT_OK;
}

/* done, then what the change did (msg, lines ending in newlines) as text,
 * or with --format json as parley.done/1. */
static int done_saying(pl_negotiation *n, int failed, const pl_error *err, pl_buf *msg)
{
	int rc = done(n, failed, err);
	if (rc == EXIT_OK && msg->len) {
		if (msg->ptr[msg->len - 1] == '\n')
			msg->ptr[--msg->len] = '\0';
		rc = cli_print_result("parley.done/1", msg->ptr, NULL);
	}
	pl_buf_free(msg);
	return rc;
}

/* Prints a table of version ref in the format asked for (text, md, html,
 * csv, json). */
static int print_table(pl_negotiation *n, const char *ref, const pl_table *t, const char *format,
                       const char *title, const char *schema)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	if (pl_version_table_write(n, ref, t, format, title, schema, &out, &err)) {
		pl_buf_free(&out);
		return format && strcmp(format, "html") == 0
		           ? cli_fail(&err)
		           : cli_failf("--format is text, md, html, csv or json");
	}
	int rc = format && strcmp(format, "json") == 0 ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int build_amendment(pl_negotiation *n, const char *ref, const talks_args *args,
                           pl_amendment **out, pl_doc **base, pl_error *err)
{
	int rc = pl_version_load(n, ref, base, NULL, err);
	if (rc)
		return rc;
	if (args->from_file) {
		char *text;
		size_t len;
		pl_doc *edited;
		if ((rc = cli_read_input(args->from_file, PL_DEFAULT_MAX_INPUT, &text, &len, err)))
			return rc;
		rc = pl_markdown_parse(&edited, text, len, cli_input_name(args->from_file), err);
		free(text);
		if (rc == 0)
			rc = pl_amendment_from_doc(n, ref, edited, out, err);
		if (rc == 0)
			pl_doc_free(edited);
		return rc;
	}
	*out = pl_amendment_new("");
	for (size_t i = 0; rc == 0 && i < args->spec_count; i++)
		rc = amend_spec_add(*out, *base, args->kinds[i], args->specs[i], err);
	return rc;
}

static int run_amend(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_amend, &args, &db, 1, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (!args.spec_count && !args.from_file) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_amend,
		                 "give operations (--edit, --replace, …) or --from-file");
	}
	pl_error err;
	pl_amendment *a = NULL;
	pl_doc *base = NULL;
	char id[128];
	int failed = build_amendment(n, argv[first], &args, &a, &base, &err);
	if (!failed && a->op_count == 0)
		failed = pl_error_set(&err, PL_EINVALID, "the edited copy changes nothing");
	if (!failed)
		failed = pl_amendment_table(n, argv[first], a, args.justification, args.parent,
		                            args.track, id, sizeof id, &err);
	pl_buf msg = PL_BUF_INIT;
	if (!failed) {
		pl_buf out = PL_BUF_INIT;
		pl_amendment_describe(&out, a, base);
		pl_buf_printf(&msg, "tabled %s on %s:\n", id, argv[first]);
		pl_utf8_escape(&msg, out.ptr, out.len, PL_UTF8_LINES);
		pl_buf_free(&out);
		pl_amendment_red_lines_write(&msg, n, argv[first], a);
	}
	pl_amendment_free(a);
	pl_doc_free(base);
	return done_saying(n, failed, &err, &msg);
}

static int run_amendments(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_amendments, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	pl_amendment_record *records = NULL;
	size_t count = 0;
	if (pl_amendment_list(n, argv[first], &records, &count, &err))
		return done(n, 1, &err);
	static const char *const headers[] = {"id",       "base",   "party",
	                                      "delegate", "status", "operations",
	                                      "points",   "change", "justification"};
	pl_table *t = pl_table_new(9, headers);
	pl_table_mark_redline(t, 7);
	pl_doc *base = NULL;
	pl_point_index *index = NULL;
	int loaded = 0, failed = 0;
	for (size_t i = 0; !failed && i < count; i++) {
		const pl_amendment_record *r = &records[i];
		char number[32], ref[PL_NAME_MAX + 32];
		pl_buf ops = PL_BUF_INIT, points = PL_BUF_INIT, change = PL_BUF_INIT;
		snprintf(number, sizeof number, "%d", r->base);
		if (loaded != r->base) {
			pl_doc_free(base);
			pl_point_index_free(index);
			base = NULL;
			index = NULL;
			snprintf(ref, sizeof ref, "%s@%d", r->document, r->base);
			failed = pl_version_load(n, ref, &base, NULL, &err);
			index = failed ? NULL : pl_point_index_new(base);
			loaded = r->base;
		}
		for (size_t k = 0; k < r->amendment->op_count; k++)
			pl_buf_printf(&ops, "%s%s", k ? " " : "",
			              pl_op_name(r->amendment->ops[k].kind));
		if (!failed &&
		    pl_amendment_summary(&points, &change, r->amendment, base, index, &err)) {
			/* One that no longer applies to its base still lists. */
			pl_buf_clear(&points);
			pl_buf_clear(&change);
			pl_buf_printf(&change, "(does not apply: %s)", err.message);
		}
		const char *row[] = {r->id,   number,     r->party,   r->delegate,     r->status,
		                     ops.ptr, points.ptr, change.ptr, r->justification};
		pl_table_add_row(t, row);
		pl_buf_free(&ops);
		pl_buf_free(&points);
		pl_buf_free(&change);
	}
	pl_doc_free(base);
	pl_point_index_free(index);
	if (failed) {
		pl_table_free(t);
		pl_amendment_record_free_array(records, count);
		return done(n, 1, &err);
	}
	rc = print_table(n, argv[first], t, args.format, "Amendments", "parley.amendments/1");
	pl_table_free(t);
	pl_amendment_record_free_array(records, count);
	pl_negotiation_close(n);
	return rc;
}

/* Colour on a terminal unless NO_COLOR is set, as compare and diff do. */
static int use_colour(void)
{
	const char *no_color = getenv("NO_COLOR");
	return cli_stdout_is_terminal() && !(no_color && *no_color);
}

/* amendment show --format akn: an Akoma Ntoso amendment (docs/akn.md). */
static int show_amendment_akn(pl_negotiation *n, const char *document, const char *id)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int rc =
	    pl_akn_amendment_write(&out, n, document, id, &err) ? cli_fail(&err) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

/* amendment show: the library writes it (pl_amendment_write), as the
 * server does. */
static int show_amendment(pl_negotiation *n, const char *document, const char *id,
                          const char *format)
{
	pl_redline_format f = PL_FORMAT_TEXT;
	if (format && strcmp(format, "akn") == 0)
		return show_amendment_akn(n, document, id);
	if (format && strcmp(format, "json") == 0)
		f = PL_FORMAT_JSON;
	else if (format && strcmp(format, "html") == 0)
		f = PL_FORMAT_HTML;
	else if (format && strcmp(format, "md") == 0)
		f = PL_FORMAT_MARKDOWN;
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int rc =
	    pl_amendment_write(&out, n, document, id, f, f == PL_FORMAT_TEXT && use_colour(), &err);
	if (rc)
		rc = cli_fail(&err);
	else
		rc = f == PL_FORMAT_JSON ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int run_amendment(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	const char *verb = argc > 1 ? argv[1] : "";
	static const char *const verbs[] = {"show", "accept", "withdraw", "reject", "supersede"};
	int which = -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(verb, verbs[i]) == 0)
			which = i;
	if (cli_is_help(verb))
		return cli_help(&cmd_amendment);
	if (which < 0)
		return cli_usage(&cmd_amendment, "show, accept, withdraw, reject or supersede?");
	if ((rc = start(argc - 1, argv + 1, &cmd_amendment, &args, &db, which > 0, -2, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	argc--;
	argv++;
	const char *document = argv[first];
	pl_error err;
	if (which == 0) {
		if (args.format && strcmp(args.format, "text") != 0 &&
		    strcmp(args.format, "md") != 0 && strcmp(args.format, "html") != 0 &&
		    strcmp(args.format, "json") != 0 && strcmp(args.format, "akn") != 0) {
			pl_negotiation_close(n);
			return cli_usage(&cmd_amendment, "--format is text, md, html, json or akn");
		}
		rc = show_amendment(n, document, argv[first + 1], args.format);
		pl_negotiation_close(n);
		return rc;
	}
	if (which == 1) {
		pl_accept_result result;
		int failed =
		    pl_amendments_accept(n, document, (const char *const *)argv + first + 1,
		                         (size_t)(argc - first - 1), args.dry_run, &result, &err);
		pl_buf msg = PL_BUF_INIT;
		if (!failed)
			pl_accept_result_write(&msg, document, &result, args.dry_run);
		pl_accept_result_clear(&result);
		return done_saying(n, failed, &err, &msg);
	}
	static const char *const statuses[] = {NULL, NULL, PL_STATUS_WITHDRAWN, PL_STATUS_REJECTED,
	                                       PL_STATUS_SUPERSEDED};
	pl_tally tally;
	int failed = pl_amendment_decide(n, document, argv[first + 1], statuses[which], args.note,
	                                 &tally, &err);
	pl_buf msg = PL_BUF_INIT;
	if (!failed && (which == 2 || tally.met))
		pl_buf_printf(&msg, "%s is %s\n", argv[first + 1], statuses[which]);
	else if (!failed)
		pl_buf_printf(&msg,
		              "recorded your party's decision to %s %s: %zu of %zu member parties "
		              "under %s; not %s yet\n",
		              verbs[which], argv[first + 1], tally.in_favour, tally.members,
		              tally.rule, statuses[which]);
	return done_saying(n, failed, &err, &msg);
}

static int run_voting_list(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_voting_list, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	pl_table *t = NULL;
	if (pl_voting_table(n, argv[first], &t, &err))
		return done(n, 1, &err);
	rc = print_table(n, argv[first], t, args.format, "Voting list", "parley.voting-list/1");
	pl_table_free(t);
	pl_negotiation_close(n);
	return rc;
}

/* The matrix with its notes (pl_matrix_write). */
static int print_matrix(pl_negotiation *n, const char *ref, pl_table *t, const pl_table *notes,
                        const char *format)
{
	pl_buf out = PL_BUF_INIT;
	pl_error err;
	int rc = pl_matrix_write(n, ref, t, notes, format, &out, &err);
	if (rc)
		rc = cli_fail(&err);
	else
		rc = format && strcmp(format, "json") == 0 ? cli_write_json(&out) : cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

/* POINTS as "6,7,21(a)": each label, none empty. */
static int split_points(const char *list, char ***out, size_t *count, pl_error *err)
{
	size_t capacity = 0;
	for (const char *s = list;; s++) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len == 0)
			return pl_error_set(err, PL_EINVALID,
			                    "'%s' has an empty point: separate labels by single "
			                    "commas, as in 6,7,21",
			                    list);
		*out = pl_grow(*out, &capacity, *count + 1, sizeof **out);
		(*out)[(*count)++] = pl_strndup(s, len);
		if (!end)
			return 0;
		s = end;
	}
}

static int run_position(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_position, &args, &db, 1, 3, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	const char *ref = argv[first], *stance = argv[first + 2];
	char **points = NULL;
	size_t count = 0;
	int superseded = 0;
	int failed = split_points(argv[first + 1], &points, &count, &err);
	if (!failed)
		failed = pl_positions_set(n, ref, (const char *const *)points, count, stance,
		                          args.note, &superseded, &err);
	pl_buf msg = PL_BUF_INIT;
	for (size_t i = 0; !failed && i < count; i++)
		pl_buf_printf(&msg, "position on %s point %s: %s\n", ref, points[i], stance);
	if (!failed && superseded)
		fprintf(stderr,
		        "warning: %s is superseded by version %d; this stance counts for later "
		        "versions only where the point's words are unchanged\n",
		        ref, superseded);
	for (size_t i = 0; i < count; i++)
		free(points[i]);
	free(points);
	return done_saying(n, failed, &err, &msg);
}

static int run_matrix(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_matrix, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	pl_table *t = NULL, *notes = NULL;
	if (pl_matrix(n, argv[first], &t, &err) || pl_matrix_notes(n, argv[first], &notes, &err)) {
		pl_table_free(t);
		return done(n, 1, &err);
	}
	rc = print_matrix(n, argv[first], t, notes, args.format);
	pl_table_free(t);
	pl_table_free(notes);
	pl_negotiation_close(n);
	return rc;
}

static int run_text(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_text, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	const char *format = args.format ? args.format : "md";
	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "text") != 0 &&
	    strcmp(format, "docx") != 0) {
		pl_negotiation_close(n);
		return cli_usage(&cmd_text, "--format is text, md, html, json or docx");
	}
	pl_error err;
	pl_buf out = PL_BUF_INIT;
	if (strcmp(format, "docx") == 0) { /* docs/docx.md */
		int failed = pl_docx_bracketed_write(&out, n, argv[first], &err);
		pl_negotiation_close(n);
		rc = failed ? cli_fail(&err) : cli_write_docx(&out, NULL);
		pl_buf_free(&out);
		return rc;
	}
	int failed = pl_bracketed_text(n, argv[first], format, &out, &err);
	rc = failed                        ? cli_fail(&err)
	     : strcmp(format, "json") == 0 ? cli_write_json(&out)
	                                   : cli_write(&out);
	pl_buf_free(&out);
	pl_negotiation_close(n);
	return rc;
}

static int run_progress(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_progress, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	pl_table *t = NULL;
	if (pl_progress(n, argv[first], &t, &err))
		return done(n, 1, &err);
	rc = print_table(n, argv[first], t, args.format, "Progress", "parley.progress/1");
	pl_table_free(t);
	pl_negotiation_close(n);
	return rc;
}

static int run_redlines(int argc, char **argv)
{
	talks_args args = {0};
	cli_db db;
	pl_negotiation *n = NULL;
	int first, rc;
	if ((rc = start(argc, argv, &cmd_redlines, &args, &db, 0, 1, &n, &first)))
		return rc == CLI_DONE ? EXIT_OK : rc;
	pl_error err;
	pl_amendment *a = NULL;
	pl_doc *base = NULL;
	int failed = 0;
	if (args.proposal) {
		talks_args from = {.from_file = args.proposal};
		failed = build_amendment(n, argv[first], &from, &a, &base, &err);
	} else if (args.amendment) {
		pl_amendment_record *records = NULL;
		size_t count = 0;
		failed = pl_amendment_list(n, argv[first], &records, &count, &err);
		for (size_t i = 0; !failed && i < count && !a; i++)
			if (strcmp(records[i].id, args.amendment) == 0) {
				a = records[i].amendment;
				records[i].amendment = NULL;
			}
		pl_amendment_record_free_array(records, count);
		if (!failed && !a)
			failed = pl_error_set(&err, PL_ENOTFOUND, "no amendment %s on %s",
			                      args.amendment, argv[first]);
	} else {
		pl_negotiation_close(n);
		return cli_usage(&cmd_redlines, "needs --amendment ID or --proposal FILE");
	}
	pl_table *t = NULL;
	if (!failed)
		failed = args.proposal ? pl_red_lines_proposal(n, argv[first], a, &t, &err)
		                       : pl_red_lines(n, argv[first], a, &t, &err);
	if (!failed)
		rc = print_table(n, argv[first], t, args.format, "Red lines", "parley.red-lines/1");
	pl_table_free(t);
	pl_amendment_free(a);
	pl_doc_free(base);
	pl_negotiation_close(n);
	return failed ? cli_fail(&err) : rc;
}

const cli_command cmd_amend = {
    "amend", run_amend, "table an amendment to a version",
    "usage: parley amend DOC@V OPERATION... [--justification TEXT] [--parent ID]\n"
    "                   [--track TRACK] --as DELEGATE\n"
    "       parley amend DOC@V --from-file EDITED.md --as DELEGATE\n"
    "\n"
    "Operations (repeatable; word positions refer to the base version):\n"
    "  --edit 'LABEL: old words -> new words'   quote the words to change\n"
    "  --edit 'LABEL@FROM-TO -> new words'      or give word numbers (from 1)\n"
    "  --replace 'LABEL=new text'               the point's whole text\n"
    "  --insert 'after LABEL: NEW. text'        a new point (or 'end of PART: …')\n"
    "  --delete LABEL          --move 'LABEL after OTHER' (or 'LABEL to end of PART')\n"
    "  --relabel 'LABEL=NEW'   --rename-part 'PART=new heading'\n"
    "A LABEL may name a sub-item as '10(c)', or a point by id as '#p17'.\n"
    "--from-file derives the operations from an edited copy of the text\n"
    "('-' reads it from standard input).\n"
    "Points some party holds as a red line are flagged.\n"};

const cli_command cmd_amendments = {
    "amendments", run_amendments, "list the amendments to a document or version",
    "usage: parley amendments DOC[@V] [--format text|md|html|csv|json]\n"};

const cli_command cmd_amendment = {
    "amendment", run_amendment, "show, accept, withdraw, reject or supersede amendments",
    "usage: parley amendment show DOC ID [--format text|md|html|json|akn]\n"
    "       parley amendment accept DOC ID... [--dry-run] --as DELEGATE\n"
    "       parley amendment withdraw|reject|supersede DOC ID [--note TEXT] --as DELEGATE\n"
    "\n"
    "accept records your party's acceptance of each amendment. An amendment is\n"
    "adopted when the decision rule of its track is met: every member party\n"
    "accepts it (consensus, the default), the convenor decides (chair), or more\n"
    "than half of the member parties accept it (majority). Adopted amendments\n"
    "make a new version in their track; those colliding with them fall; the\n"
    "others are carried over where their words still apply, or marked for\n"
    "revision. --dry-run records nothing and shows the redline an adoption of\n"
    "the named amendments would make and every red line it would cross.\n"
    "reject and supersede record your party's decision the same way: the\n"
    "amendment takes that status when the rule is met. withdraw is for the\n"
    "tabling party alone. A reversal is a new decision; nothing is deleted.\n"
    "\n"
    "show prints each point the amendment changes, with the lines of the base\n"
    "it touches (docs/lines.md): the point before and after, numbered, and the\n"
    "word redline, deletions [-like this-] and insertions {+like this+}.\n"
    "--format akn writes it as an Akoma Ntoso 3.0 amendment (docs/akn.md).\n"};

const cli_command cmd_voting_list = {
    "voting-list", run_voting_list, "collision groups and the order of votes",
    "usage: parley voting-list DOC@V [--format text|md|html|csv|json]\n"
    "\n"
    "Groups the pending amendments that collide (same point, overlapping words,\n"
    "one deleting what another edits), orders each group furthest from the base\n"
    "text first (Rule 174 of the European Parliament), and lists what falls if\n"
    "each is adopted, with the red lines each would cross.\n"};

const cli_command cmd_position = {
    "position", run_position, "record your party's stance on a point",
    "usage: parley position DOC@V POINT[,POINT...] STANCE [--note TEXT] --as DELEGATE\n"
    "\n"
    "Stances:\n"
    "  accept     we accept the point as worded\n"
    "  reserve    we accept it as worded, with a reservation\n"
    "  reject     we cannot accept it as worded\n"
    "  redline    we cannot accept it as worded, nor any agreement that keeps it:\n"
    "             a text that keeps it crosses the red line; amending it does not\n"
    "  keep       this wording must stay: amending or deleting it crosses the line\n"
    "  undecided  we take no stance\n"
    "\n"
    "POINT is a label, or '*' for the whole plan; several points take the same\n"
    "stance and note as 6,7,21(a), recorded together or not at all. A stance on\n"
    "a point outweighs one on the whole plan; a stance whose point has changed\n"
    "since is stale. A stance on a superseded version is recorded with a\n"
    "warning. A redline recorded before keep existed reads as the one above.\n"};

const cli_command cmd_matrix = {"matrix", run_matrix, "parties × points: who stands where",
                                "usage: parley matrix DOC@V [--format text|md|html|csv|json]\n"};

const cli_command cmd_text = {
    "text", run_text, "the bracketed negotiating text",
    "usage: parley text DOC@V --brackets [--format text|md|html|json|docx]\n"
    "\n"
    "A point is bracketed when a pending amendment touches it or a party\n"
    "objects to its words (reject, redline). Brackets go around the smallest\n"
    "stretches the alternatives change (found by the word redline), as in\n"
    "  capped at [600,000 (RU, US) / 800,000 (UA, A1)] personnel. {A1; objected to by UA "
    "(reject)}\n"
    "the base wording first with the parties that accept it, then each other\n"
    "wording with the parties and amendments proposing it; the point's reason\n"
    "in braces. Other points are clean; part headings are kept; counts at the\n"
    "top, with the points every party accepts. Markdown by default; docx\n"
    "writes a Word document to standard output (docs/docx.md).\n"};

const cli_command cmd_progress = {"progress", run_progress,
                                  "how the brackets fell over the versions",
                                  "usage: parley progress DOC [--format text|md|html|csv|json]\n"};

const cli_command cmd_redlines = {
    "redlines", run_redlines, "red lines an amendment or a proposal would cross",
    "usage: parley redlines DOC@V --amendment ID | --proposal EDITED.md\n"
    "\n"
    "--proposal - reads the edited text from standard input.\n"};
