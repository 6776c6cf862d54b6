/* api_read.c — the read routes: each calls the library function the CLI
 * command calls, as the signing delegate (r->n acts as it), and renders
 * with the same library formatter, so that the body is byte for byte what
 * the CLI prints for that command and --format. Anything the delegate may
 * not see is reported by the library exactly as a missing name (404). */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "parley/feed.h"
#include "parley/akn.h"
#include "parley/format.h"
#include "parley/lines.h"
#include "parley/markdown.h"
#include "parley/meeting.h"
#include "parley/print.h"
#include "parley/record.h"
#include "parley/signing.h"
#include "parley/table.h"
#include "parley/talks.h"
#include "parley/verify.h"

static const char *const table_formats[] = {"json", "text", NULL};
static const char *const all_formats[] = {"json", "text", "md", "html", "csv", NULL};

static int put_json_object(serve_request *r, json_t *object)
{
	char *text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(object);
	if (!text)
		return pl_error_set(&r->err, PL_EIO, "cannot write JSON");
	pl_buf_puts(&r->out, text);
	pl_buf_putc(&r->out, '\n');
	free(text);
	serve_content_type(r, "json");
	return 0;
}

/* A query parameter the route needs. */
static const char *needed(serve_request *r, const char *name)
{
	const char *value = serve_query(r, name);
	if (!value || !*value)
		serve_fail(r, 400, "invalid", "the query needs %s", name);
	return value && *value ? value : NULL;
}

/* Renders a table the library made (and frees it): rc is the library's. */
static int table_answer(serve_request *r, int rc, pl_table *t, const char *schema,
                        const char *const *formats, const char *ref, const char *title)
{
	const char *format = rc ? NULL : serve_format(r, formats);
	if (rc == 0 && !format)
		rc = PL_EINVALID;
	if (rc == 0) {
		rc = pl_version_table_write(r->n, ref, t, format, title, schema, &r->out, &r->err);
		if (rc == 0 && strcmp(format, "json") == 0)
			serve_squeeze_json(&r->out);
	}
	pl_table_free(t);
	return rc;
}

int api_health(serve_request *r)
{
	return put_json_object(r,
	                       json_pack("{s:s,s:s}", "format", "parley.health/1", "status", "ok"));
}

extern const char serve_openapi_json[];
extern const size_t serve_openapi_json_len;

int api_openapi(serve_request *r)
{
	pl_buf_put(&r->out, serve_openapi_json, serve_openapi_json_len);
	serve_content_type(r, "json");
	r->cacheable = 1;
	return 0;
}

int api_negotiation(serve_request *r)
{
	return put_json_object(r, json_pack("{s:s,s:s,s:s}", "format", "parley.negotiation/1", "id",
	                                    pl_negotiation_id(r->n), "delegate", r->delegate));
}

static int versions_answer(serve_request *r, int rc, pl_version_info *infos, size_t count)
{
	const char *format = rc ? NULL : serve_format(r, table_formats);
	if (rc == 0 && !format)
		rc = PL_EINVALID;
	if (rc == 0 && strcmp(format, "json") == 0) {
		pl_format_versions_json(&r->out, infos, count);
		serve_squeeze_json(&r->out);
	} else if (rc == 0) {
		pl_format_versions_text(&r->out, infos, count);
	}
	if (infos)
		pl_version_info_free_array(infos, count);
	return rc;
}

int api_docs(serve_request *r)
{
	pl_version_info *infos = NULL;
	size_t count = 0;
	int rc = pl_document_list(r->n, &infos, &count, &r->err);
	return versions_answer(r, rc, infos, count);
}

int api_versions(serve_request *r)
{
	pl_version_info *infos = NULL;
	size_t count = 0;
	int rc = pl_version_list(r->n, r->params[0], &infos, &count, &r->err);
	return versions_answer(r, rc, infos, count);
}

/* --- show ------------------------------------------------------------------ */

static void render_doc(pl_buf *out, const char *format, int lines, const pl_doc *doc,
                       const pl_doc_meta *meta)
{
	if (lines && strcmp(format, "text") == 0)
		pl_format_text_lines(out, doc, meta);
	else if (lines && strcmp(format, "html") == 0)
		pl_format_html_lines(out, doc, meta);
	else if (strcmp(format, "md") == 0)
		pl_markdown_write(out, doc);
	else if (strcmp(format, "json") == 0)
		pl_format_json(out, doc, meta);
	else if (strcmp(format, "html") == 0)
		pl_format_html(out, doc, meta);
	else
		pl_format_text(out, doc, meta);
}

/* Akoma Ntoso: the library reads the version's record itself, as for the
 * CLI (pl_akn_version_write). */
static int show_akn(serve_request *r, int options)
{
	if (options)
		return serve_fail(r, 400, "invalid",
		                  "format akn is the whole version as Akoma Ntoso: without point, "
		                  "positions or lines");
	int rc = pl_akn_version_write(&r->out, r->n, r->params[0], &r->err);
	r->cacheable = rc == 0 && strchr(r->params[0], '@') != NULL;
	return rc;
}

int api_show(serve_request *r)
{
	static const char *const formats[] = {"json", "text", "md", "html", "akn", NULL};
	const char *format = serve_format(r, formats);
	if (!format)
		return PL_EINVALID;
	int lines = serve_flag(r, "lines"), positions = serve_flag(r, "positions");
	const char *point = serve_query(r, "point");
	if (strcmp(format, "akn") == 0)
		return show_akn(r, lines || positions || point);
	if (positions && strcmp(format, "md") == 0)
		return serve_fail(r, 400, "invalid",
		                  "positions is for text, json and html: the "
		                  "Markdown is the plan as 'import' reads it");
	if (lines && strcmp(format, "md") == 0)
		return serve_fail(r, 400, "invalid",
		                  "lines numbers format text or html (JSON always "
		                  "carries the lines)");
	pl_doc *doc = NULL, *selected = NULL;
	pl_version_info info;
	memset(&info, 0, sizeof info);
	char *marking = NULL;
	char ref[PL_NAME_MAX + 16];
	pl_point_stances *stances = NULL;
	size_t stance_count = 0;
	int rc = pl_version_load(r->n, r->params[0], &doc, &info, &r->err);
	if (rc == 0)
		snprintf(ref, sizeof ref, "%s@%d", info.document, info.number);
	if (rc == 0 && strcmp(format, "html") == 0) {
		const char *refs[] = {ref};
		rc = pl_version_marking(r->n, refs, 1, &marking, &r->err);
	}
	if (rc == 0 && positions)
		rc = pl_point_stances_load(r->n, ref, &stances, &stance_count, &r->err);
	const pl_doc *shown = doc;
	if (rc == 0 && point && !(shown = selected = pl_doc_select_label(doc, point)))
		rc = pl_error_set(&r->err, PL_ENOTFOUND, "%s@%d has no point %s", info.document,
		                  info.number, point);
	if (rc == 0) {
		pl_doc_meta meta = {info.document, info.number, info.created_at, info.source,
		                    marking,       stances,     stance_count};
		render_doc(&r->out, format, lines, shown, &meta);
		/* A version never changes; its stances and marking may. */
		r->cacheable = strchr(r->params[0], '@') && !positions && !marking;
	}
	pl_point_stances_free(stances, stance_count);
	free(marking);
	pl_doc_free(selected);
	pl_doc_free(doc);
	pl_version_info_clear(&info);
	return rc;
}

/* --- the record's listings ---------------------------------------------------- */

int api_parties(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_party_list(r->n, &t, &r->err);
	return table_answer(r, rc, t, "parley.parties/1", table_formats, NULL, NULL);
}

int api_delegates(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_delegate_list(r->n, &t, &r->err);
	return table_answer(r, rc, t, "parley.delegates/1", table_formats, NULL, NULL);
}

int api_delegate_keys(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_delegate_keys(r->n, r->params[0], &t, &r->err);
	return table_answer(r, rc, t, "parley.keys/1", table_formats, NULL, NULL);
}

int api_tracks(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_track_list(r->n, &t, &r->err);
	return table_answer(r, rc, t, "parley.tracks/1", table_formats, NULL, NULL);
}

int api_track_members(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_track_members(r->n, r->params[0], &t, &r->err);
	return table_answer(r, rc, t, "parley.members/1", table_formats, NULL, NULL);
}

int api_seen(serve_request *r)
{
	const char *ref = needed(r, "ref");
	if (!ref)
		return PL_EINVALID;
	pl_table *t = NULL;
	int rc = pl_seen(r->n, ref, &t, &r->err);
	return table_answer(r, rc, t, "parley.seen/1", table_formats, NULL, NULL);
}

int api_meetings(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_meeting_list(r->n, serve_query(r, "track"), &t, &r->err);
	return table_answer(r, rc, t, "parley.meetings/1", table_formats, NULL, NULL);
}

int api_meetings_ics(serve_request *r)
{
	int rc = pl_meeting_export_ics(r->n, serve_query(r, "track"), &r->out, &r->err);
	serve_content_type(r, "ics");
	return rc;
}

int api_statements(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_statement_list(r->n, serve_query(r, "track"), &t, &r->err);
	return table_answer(r, rc, t, "parley.statements/1", table_formats, NULL, NULL);
}

int api_timeline(serve_request *r)
{
	pl_table *t = NULL;
	int rc = pl_timeline(r->n, serve_query(r, "track"), &t, &r->err);
	return table_answer(r, rc, t, "parley.timeline/1", table_formats, NULL, NULL);
}

/* --- the negotiating text ------------------------------------------------------ */

int api_voting_list(serve_request *r)
{
	const char *ref = needed(r, "ref");
	if (!ref)
		return PL_EINVALID;
	pl_table *t = NULL;
	int rc = pl_voting_table(r->n, ref, &t, &r->err);
	return table_answer(r, rc, t, "parley.voting-list/1", all_formats, ref, "Voting list");
}

int api_progress(serve_request *r)
{
	const char *doc = needed(r, "doc");
	if (!doc)
		return PL_EINVALID;
	pl_table *t = NULL;
	int rc = pl_progress(r->n, doc, &t, &r->err);
	return table_answer(r, rc, t, "parley.progress/1", all_formats, doc, "Progress");
}

int api_text(serve_request *r)
{
	static const char *const formats[] = {"md", "text", "html", "json", NULL};
	const char *ref = needed(r, "ref");
	const char *format = ref ? serve_format(r, formats) : NULL;
	if (!format)
		return PL_EINVALID;
	int rc = pl_bracketed_text(r->n, ref, format, &r->out, &r->err);
	if (rc == 0 && strcmp(format, "json") == 0)
		serve_squeeze_json(&r->out);
	return rc;
}

/* --- the log ---------------------------------------------------------------------- */

int api_verify(serve_request *r)
{
	const char *format = serve_format(r, table_formats);
	if (!format)
		return PL_EINVALID;
	pl_verify_report report;
	int rc =
	    pl_verify(r->n, serve_query(r, "track"), serve_query(r, "expect"), &report, &r->err);
	if (rc)
		return rc;
	if (strcmp(format, "text") == 0) {
		pl_buf_printf(
		    &r->out,
		    "verified %zu events in %zu chains (%zu signed): every hash, link and "
		    "signature holds\n",
		    report.events, report.tracks, report.signed_events);
		return 0;
	}
	return put_json_object(
	    r, json_pack("{s:s, s:b, s:I, s:I, s:I}", "format", "parley.verify/1", "verified", 1,
	                 "events", (json_int_t)report.events, "chains", (json_int_t)report.tracks,
	                 "signed", (json_int_t)report.signed_events));
}

int api_log_export(serve_request *r)
{
	serve_content_type(r, "ndjson");
	return pl_log_export(r->n, r->params[0], &r->out, &r->err);
}

int api_log_head(serve_request *r)
{
	const char *format = serve_format(r, table_formats);
	if (!format)
		return PL_EINVALID;
	char hash[65];
	long long seq;
	int rc = pl_log_head(r->n, r->params[0], hash, &seq, &r->err);
	if (rc)
		return rc;
	if (strcmp(format, "text") == 0) {
		pl_buf_printf(&r->out, "%s\n", hash);
		return 0;
	}
	return put_json_object(r,
	                       json_pack("{s:s, s:s, s:I, s:s}", "format", "parley.head/1", "track",
	                                 r->params[0], "seq", (json_int_t)seq, "hash", hash));
}
