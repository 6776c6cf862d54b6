/* api_texts.c — the read routes over texts: diff, compare, the matrix,
 * the amendments listed, red lines. Like api_read.c, each makes the same
 * library calls as its CLI command; the few lines of assembly that
 * cmd_talks.c does around them (the matrix's notes, the amendments'
 * summary rows) are done here the same way, until the library offers them
 * as one call each (see docs/server.md, "Not yet"). */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "parley/akn.h"
#include "parley/amend.h"
#include "parley/compare.h"
#include "parley/lines.h"
#include "parley/format.h"
#include "parley/print.h"
#include "parley/redline.h"
#include "parley/table.h"
#include "parley/mem.h"
#include "parley/talks.h"
#include "parley/utf8.h"

static const char *needed(serve_request *r, const char *name)
{
	const char *value = serve_query(r, name);
	if (!value || !*value)
		serve_fail(r, 400, "invalid", "the query needs %s", name);
	return value && *value ? value : NULL;
}

static int to_buf(void *context, const char *data, size_t len)
{
	pl_buf_put(context, data, len);
	return 0;
}

/* --- diff ------------------------------------------------------------------- */

typedef struct side {
	pl_doc *doc;
	char name[PL_NAME_MAX + 16];
	char document[PL_NAME_MAX + 1];
	char date[32];
} side;

static int load_side(serve_request *r, const char *ref, side *s)
{
	pl_version_info info;
	int rc = pl_version_load(r->n, ref, &s->doc, &info, &r->err);
	if (rc)
		return rc;
	snprintf(s->name, sizeof s->name, "%s@%d", info.document, info.number);
	snprintf(s->document, sizeof s->document, "%s", info.document);
	snprintf(s->date, sizeof s->date, "%s", info.created_at);
	pl_version_info_clear(&info);
	return 0;
}

int api_diff(serve_request *r)
{
	static const char *const formats[] = {"json", "text", "md", "html", NULL};
	const char *ref_a = needed(r, "a");
	const char *ref_b = ref_a ? needed(r, "b") : NULL;
	const char *format = ref_b ? serve_format(r, formats) : NULL;
	if (!format)
		return PL_EINVALID;
	int stat = serve_flag(r, "stat");
	unsigned token_options = (serve_flag(r, "ignore-case") ? PL_TOKEN_FOLD_CASE : 0) |
	                         (serve_flag(r, "ignore-space") ? PL_TOKEN_IGNORE_SPACE : 0) |
	                         (serve_flag(r, "normalize") ? PL_TOKEN_NFC : 0);
	side a = {0}, b = {0};
	char *marking = NULL;
	pl_redline *redline = NULL;
	int rc = load_side(r, ref_a, &a);
	if (rc == 0)
		rc = load_side(r, ref_b, &b);
	const char *shown[] = {a.name, b.name};
	if (rc == 0 && strcmp(format, "html") == 0)
		rc = pl_version_marking(r->n, shown, 2, &marking, &r->err);
	pl_redline_options options = {
	    .token_options = token_options,
	    .match_by_id = strcmp(a.document, b.document) == 0,
	};
	if (rc == 0)
		rc = pl_redline_compute(&redline, a.doc, b.doc, &options, &r->err);
	pl_redline_render render = {
	    a.name, b.name, serve_flag(r, "changed-only"), 0, b.date[0] ? b.date : NULL, marking};
	if (rc == 0) {
		r->differ = pl_redline_differs(redline);
		if (stat)
			pl_redline_write_stat(&r->out, redline, &render);
		else if (strcmp(format, "json") == 0)
			pl_redline_stream_json(redline, &render, to_buf, &r->out);
		else if (strcmp(format, "html") == 0)
			pl_redline_write_html(&r->out, redline, &render);
		else if (strcmp(format, "md") == 0)
			pl_redline_write_markdown(&r->out, redline, &render);
		else
			pl_redline_write_text(&r->out, redline, &render);
		if (stat)
			serve_content_type(r, "text");
		/* Two versions named by number never change their redline. */
		r->cacheable = strchr(ref_a, '@') && strchr(ref_b, '@') && !marking;
	}
	pl_redline_free(redline);
	pl_doc_free(a.doc);
	pl_doc_free(b.doc);
	free(marking);
	return rc;
}

/* --- compare ----------------------------------------------------------------- */

/* WordNet's C library keeps its state in globals: one comparison at a time. */
static pthread_mutex_t compare_lock = PTHREAD_MUTEX_INITIALIZER;

static int number_param(serve_request *r, const char *name, double *value)
{
	const char *text = serve_query(r, name);
	if (!text)
		return 0;
	char *end;
	double v = strtod(text, &end);
	if (*end || end == text || !(v > 0 && v <= 1.0))
		return serve_fail(r, 400, "invalid", "%s takes a number in (0, 1]", name);
	*value = v;
	return 0;
}

static int compare_write(serve_request *r, const char *format, const pl_comparison *c,
                         const char *date, const char *marking)
{
	pl_compare_render render = {0, serve_flag(r, "no-redline"), date[0] ? date : NULL, marking};
	if (serve_flag(r, "summary")) {
		pl_comparison_write_summary(&r->out, c);
		serve_content_type(r, "text");
	} else if (strcmp(format, "json") == 0) {
		pl_comparison_write_json(&r->out, c);
		serve_squeeze_json(&r->out);
	} else if (strcmp(format, "html") == 0) {
		pl_comparison_write_html(&r->out, c, &render);
	} else if (strcmp(format, "md") == 0) {
		pl_comparison_write_markdown(&r->out, c, &render);
	} else {
		pl_comparison_write_text(&r->out, c, &render);
	}
	return 0;
}

int api_compare(serve_request *r)
{
	enum { MOST = 16 };
	static const char *const formats[] = {"json", "text", "md", "html", NULL};
	const char *list = needed(r, "docs");
	const char *format = list ? serve_format(r, formats) : NULL;
	if (!format)
		return PL_EINVALID;
	pl_compare_options options = {0};
	options.language = serve_query(r, "language");
	options.wordnet = serve_config_of(r->server)->wordnet;
	if (number_param(r, "threshold", &options.threshold) ||
	    number_param(r, "secondary", &options.secondary))
		return PL_EINVALID;
	pl_doc *docs[MOST] = {0};
	char *names[MOST] = {0};
	char date[32] = "";
	size_t count = 0;
	int rc = 0;
	for (const char *p = list; rc == 0 && *p;) {
		size_t len = strcspn(p, ",");
		if (len == 0 || len > PL_NAME_MAX + 12 || count == MOST) {
			rc = serve_fail(r, 400, "invalid",
			                "docs takes 2 to %d DOC[@V], comma-separated", MOST);
			break;
		}
		char ref[PL_NAME_MAX + 16];
		memcpy(ref, p, len);
		ref[len] = '\0';
		side s = {0};
		rc = load_side(r, ref, &s);
		if (rc == 0) {
			docs[count] = s.doc;
			names[count++] = strdup(s.name);
			if (strcmp(s.date, date) > 0)
				snprintf(date, sizeof date, "%s", s.date);
		}
		p += len + (p[len] == ',');
	}
	if (rc == 0 && count < 2)
		rc = serve_fail(r, 400, "invalid", "docs takes 2 to %d DOC[@V], comma-separated",
		                MOST);
	char *marking = NULL;
	if (rc == 0 && strcmp(format, "html") == 0)
		rc = pl_version_marking(r->n, (const char *const *)names, count, &marking, &r->err);
	if (rc == 0) {
		pl_comparison *c = NULL;
		pthread_mutex_lock(&compare_lock);
		rc = pl_comparison_compute(&c, (const pl_doc *const *)docs,
		                           (const char *const *)names, count, &options, &r->err);
		pthread_mutex_unlock(&compare_lock);
		if (rc == 0)
			compare_write(r, format, c, date, marking);
		pl_comparison_free(c);
	}
	for (size_t k = 0; k < count; k++) {
		pl_doc_free(docs[k]);
		free(names[k]);
	}
	free(marking);
	return rc;
}

/* --- tables of version ref ------------------------------------------------------ */

static int write_table(serve_request *r, const char *ref, const pl_table *t, const char *format,
                       const char *title, const char *schema)
{
	int rc = pl_version_table_write(r->n, ref, t, format, title, schema, &r->out, &r->err);
	if (rc == 0 && strcmp(format, "json") == 0)
		serve_squeeze_json(&r->out);
	return rc;
}

static const char *const all_formats[] = {"json", "text", "md", "html", "csv", NULL};

int api_redlines(serve_request *r)
{
	const char *ref = needed(r, "ref");
	const char *id = ref ? needed(r, "amendment") : NULL;
	const char *format = id ? serve_format(r, all_formats) : NULL;
	if (!format)
		return PL_EINVALID;
	pl_amendment_record *records = NULL;
	size_t count = 0;
	pl_amendment *a = NULL;
	int rc = pl_amendment_list(r->n, ref, &records, &count, &r->err);
	for (size_t i = 0; rc == 0 && i < count && !a; i++)
		if (strcmp(records[i].id, id) == 0) {
			a = records[i].amendment;
			records[i].amendment = NULL;
		}
	pl_amendment_record_free_array(records, count);
	if (rc == 0 && !a)
		rc = pl_error_set(&r->err, PL_ENOTFOUND, "no amendment %s on %s", id, ref);
	pl_table *t = NULL;
	if (rc == 0)
		rc = pl_red_lines(r->n, ref, a, &t, &r->err);
	if (rc == 0)
		rc = write_table(r, ref, t, format, "Red lines", "parley.red-lines/1");
	pl_table_free(t);
	pl_amendment_free(a);
	return rc;
}

int api_matrix(serve_request *r)
{
	const char *ref = needed(r, "ref");
	const char *format = ref ? serve_format(r, all_formats) : NULL;
	if (!format)
		return PL_EINVALID;
	pl_table *t = NULL, *notes = NULL;
	int rc = pl_matrix(r->n, ref, &t, &r->err);
	if (rc == 0)
		rc = pl_matrix_notes(r->n, ref, &notes, &r->err);
	if (rc == 0)
		rc = pl_matrix_write(r->n, ref, t, notes, format, &r->out, &r->err);
	pl_table_free(t);
	pl_table_free(notes);
	return rc;
}

int api_amendments(serve_request *r)
{
	static const char *const headers[] = {"id",       "base",   "party",
	                                      "delegate", "status", "operations",
	                                      "points",   "change", "justification"};
	const char *ref = needed(r, "doc");
	const char *format = ref ? serve_format(r, all_formats) : NULL;
	if (!format)
		return PL_EINVALID;
	pl_amendment_record *records = NULL;
	size_t count = 0;
	int rc = pl_amendment_list(r->n, ref, &records, &count, &r->err);
	if (rc)
		return rc;
	pl_table *t = pl_table_new(9, headers);
	pl_table_mark_redline(t, 7);
	pl_doc *base = NULL;
	pl_point_index *index = NULL;
	int loaded = 0;
	for (size_t i = 0; rc == 0 && i < count; i++) {
		const pl_amendment_record *a = &records[i];
		char number[32], base_ref[PL_NAME_MAX + 32];
		pl_buf ops = PL_BUF_INIT, points = PL_BUF_INIT, change = PL_BUF_INIT;
		snprintf(number, sizeof number, "%d", a->base);
		if (loaded != a->base) {
			pl_doc_free(base);
			pl_point_index_free(index);
			base = NULL;
			index = NULL;
			snprintf(base_ref, sizeof base_ref, "%s@%d", a->document, a->base);
			rc = pl_version_load(r->n, base_ref, &base, NULL, &r->err);
			index = rc ? NULL : pl_point_index_new(base);
			loaded = a->base;
		}
		for (size_t k = 0; k < a->amendment->op_count; k++)
			pl_buf_printf(&ops, "%s%s", k ? " " : "",
			              pl_op_name(a->amendment->ops[k].kind));
		pl_error err;
		if (rc == 0 &&
		    pl_amendment_summary(&points, &change, a->amendment, base, index, &err)) {
			pl_buf_clear(&points);
			pl_buf_clear(&change);
			pl_buf_printf(&change, "(does not apply: %s)", err.message);
		}
		const char *row[] = {a->id,   number,     a->party,   a->delegate,     a->status,
		                     ops.ptr, points.ptr, change.ptr, a->justification};
		pl_table_add_row(t, row);
		pl_buf_free(&ops);
		pl_buf_free(&points);
		pl_buf_free(&change);
	}
	pl_doc_free(base);
	pl_point_index_free(index);
	if (rc == 0)
		rc = write_table(r, ref, t, format, "Amendments", "parley.amendments/1");
	pl_table_free(t);
	pl_amendment_record_free_array(records, count);
	return rc;
}

/* --- what an adoption would do (amendment accept --dry-run) ----------------- */

/* Accepting ids as a dry run (pl_amendments_accept): the tallies, the
 * redline adopting them would make and the red lines it would cross, as
 * the command line prints them. Nothing is recorded. */
int api_adoption(serve_request *r)
{
	enum { MOST = 64 };
	static const char *const formats[] = {"text", NULL};
	const char *doc = needed(r, "doc");
	const char *list = doc ? needed(r, "ids") : NULL;
	if (!list || !serve_format(r, formats))
		return PL_EINVALID;
	char *copy = pl_strdup(list), *save = NULL;
	const char *ids[MOST];
	size_t count = 0;
	int rc = 0;
	for (char *id = strtok_r(copy, ",", &save); rc == 0 && id; id = strtok_r(NULL, ",", &save))
		if (count == MOST)
			rc = serve_fail(r, 400, "invalid", "ids takes at most %d amendments", MOST);
		else
			ids[count++] = id;
	pl_accept_result result;
	memset(&result, 0, sizeof result);
	if (rc == 0)
		rc = pl_amendments_accept(r->n, doc, ids, count, 1, &result, &r->err);
	if (rc == 0)
		pl_accept_result_write(&r->out, doc, &result, 1);
	pl_accept_result_clear(&result);
	free(copy);
	return rc;
}

/* --- one amendment ---------------------------------------------------------- */

/* amendment show: the library writes it in each format as the CLI does
 * (pl_amendment_write; pl_akn_amendment_write for Akoma Ntoso). */
int api_amendment(serve_request *r)
{
	static const char *const formats[] = {"json", "text", "md", "html", "akn", NULL};
	const char *format = serve_format(r, formats);
	if (!format)
		return PL_EINVALID;
	if (strcmp(format, "akn") == 0)
		return pl_akn_amendment_write(&r->out, r->n, r->params[0], r->params[1], &r->err);
	pl_redline_format f = strcmp(format, "text") == 0   ? PL_FORMAT_TEXT
	                      : strcmp(format, "md") == 0   ? PL_FORMAT_MARKDOWN
	                      : strcmp(format, "html") == 0 ? PL_FORMAT_HTML
	                                                    : PL_FORMAT_JSON;
	return pl_amendment_write(&r->out, r->n, r->params[0], r->params[1], f, 0, &r->err);
}
