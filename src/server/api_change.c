/* api_change.c — the change routes: each runs the library call the CLI
 * command runs, as the signing delegate, inside pl_negotiation_prepare, so
 * that every check and rule applies but nothing is recorded; the answer is
 * the parley.prepared/1 document (the statements for the delegate to sign)
 * with "result": what the CLI prints for the change with --format json.
 * POST /api/commit then records the signed statements (writer.c). */
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/amend_spec.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "parley/meeting.h"
#include "parley/record.h"
#include "parley/signing.h"
#include "parley/table.h"
#include "parley/talks.h"
#include "parley/utf8.h"

/* Ends preparing: the prepared document with "result" added. */
static int finish(serve_request *r, int rc, json_t *result)
{
	pl_buf prepared = PL_BUF_INIT;
	rc = pl_negotiation_prepared(r->n, rc, &prepared, &r->err);
	json_t *doc = NULL;
	if (rc == 0) {
		json_error_t error;
		doc = json_loadb(prepared.ptr, prepared.len, 0, &error);
		if (!doc)
			rc = pl_error_set(&r->err, PL_EIO, "the prepared document is not JSON: %s",
			                  error.text);
	}
	pl_buf_free(&prepared);
	if (rc == 0) {
		json_object_set(doc, "result", result);
		char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		pl_buf_puts(&r->out, text);
		pl_buf_putc(&r->out, '\n');
		free(text);
		serve_content_type(r, "json");
	}
	json_decref(doc);
	json_decref(result);
	return rc;
}

/* A change that records nothing (an import of the text the document
 * already holds): the prepare is ended, and the answer is a
 * parley.prepared/1 document with no statement and the result, which
 * says "unchanged": the client signs nothing and prints the result, as
 * the command line prints it locally. */
static int nothing_to_sign(serve_request *r, json_t *result)
{
	pl_buf ignored = PL_BUF_INIT;
	pl_error none;
	pl_negotiation_prepared(r->n, PL_EINVALID, &ignored, &none);
	pl_buf_free(&ignored);
	json_t *doc = json_pack("{s:s,s:[],s:{},s:o}", "schema", "parley.prepared/1", "statements",
	                        "texts", "result", result);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pl_buf_puts(&r->out, text);
	pl_buf_putc(&r->out, '\n');
	free(text);
	json_decref(doc);
	serve_content_type(r, "json");
	return 0;
}

/* parley.done/1 with message (trailing newline taken off). */
static json_t *done(const char *message)
{
	size_t len = strlen(message);
	while (len && message[len - 1] == '\n')
		len--;
	return json_pack("{s:s,s:s%}", "format", "parley.done/1", "message", message, len);
}

/* Reads the body (a JSON object of only known members) and starts
 * preparing. */
static int start(serve_request *r, const char *const *known)
{
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	return rc;
}

/* The string members named (NULL when absent); a member required but
 * absent, or not a string, fails the request. */
static int strings(serve_request *r, const char *const *names, const char **values, size_t count,
                   size_t required)
{
	int bad = 0;
	for (size_t i = 0; i < count; i++) {
		values[i] = serve_body_string(r, names[i], &bad);
		if (bad)
			return PL_EINVALID;
		if (i < required && !values[i])
			return serve_fail(r, 400, "invalid", "the body needs \"%s\"", names[i]);
	}
	return 0;
}

/* A list member: an array of strings (or one string with commas, as the
 * CLI's --parties takes it). values is the caller's (free it). */
static int string_list(serve_request *r, const char *name, const char ***values, size_t *count)
{
	json_t *list = json_object_get(r->json, name);
	*values = NULL;
	*count = 0;
	if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > 64)
		return serve_fail(r, 400, "invalid", "\"%s\" must be an array of 1 to 64 strings",
		                  name);
	*values = pl_calloc(json_array_size(list), sizeof **values);
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		if (!json_is_string(item)) {
			free(*values);
			*values = NULL;
			return serve_fail(r, 400, "invalid", "\"%s\" must be an array of strings",
			                  name);
		}
		(*values)[(*count)++] = json_string_value(item);
	}
	return 0;
}

/* --- the record ------------------------------------------------------------ */

int api_party_add(serve_request *r)
{
	static const char *const known[] = {"code", "name", NULL};
	const char *v[2] = {0};
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 2, 2);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	char message[256];
	snprintf(message, sizeof message, "added party %s", v[0]);
	rc = pl_party_add(r->n, v[0], v[1], &r->err);
	return finish(r, rc, done(message));
}

static int public_key_of(serve_request *r, const char *hex)
{
	if (!hex || strlen(hex) != 64 || strspn(hex, "0123456789abcdef") != 64)
		return serve_fail(
		    r, 400, "invalid",
		    "\"public-key\" takes 64 hex digits (as parley keygen writes it)");
	return 0;
}

int api_delegate_add(serve_request *r)
{
	static const char *const known[] = {"name", "party", "public-key", "role", NULL};
	const char *v[4] = {0};
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 4, 3);
	if (rc == 0)
		rc = public_key_of(r, v[2]);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	const char *role = v[3] ? v[3] : "member";
	char path[16] = "", message[512];
	rc = pl_delegate_add(r->n, v[0], v[1], role, v[2], path, sizeof path, &r->err);
	snprintf(message, sizeof message, "added delegate %s (%s, %s)", v[0], v[1], role);
	return finish(r, rc, done(message));
}

static int delegate_key(serve_request *r, int revoke)
{
	static const char *const known[] = {"public-key", NULL};
	const char *hex;
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, &hex, 1, 1);
	if (rc == 0)
		rc = public_key_of(r, hex);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	const char *name = r->params[0];
	rc = revoke ? pl_delegate_key_revoke(r->n, name, hex, &r->err)
	            : pl_delegate_key_add(r->n, name, hex, &r->err);
	char message[256];
	snprintf(message, sizeof message, "%s key %.16s... of %s", revoke ? "revoked" : "enrolled",
	         hex, name);
	return finish(r, rc, done(message));
}

int api_delegate_rotate(serve_request *r)
{
	return delegate_key(r, 0);
}

int api_delegate_revoke(serve_request *r)
{
	return delegate_key(r, 1);
}

/* A duration as the CLI's --expires takes it: 90s, 45m, 24h, 7d (a week
 * at most); -1 when it is not one. */
static long duration(const char *text)
{
	char *end;
	long value = strtol(text, &end, 10);
	long unit = *end == '\0' || strcmp(end, "s") == 0 ? 1
	            : strcmp(end, "m") == 0               ? 60
	            : strcmp(end, "h") == 0               ? 3600
	            : strcmp(end, "d") == 0               ? 86400
	                                                  : -1;
	if (end == text || value <= 0 || unit < 0 || value > 7L * 86400 / unit)
		return -1;
	return value * unit;
}

/* The code goes to the inviter in the result, never into the record: only
 * the public key derived from it is prepared for signing. */
int api_delegate_invite(serve_request *r)
{
	static const char *const known[] = {"expires", NULL};
	const char *expires_text = NULL;
	int rc = r->body_len ? serve_body_json(r) : 0;
	if (rc == 0 && r->json)
		rc = serve_body_only(r, known);
	if (rc == 0 && r->json)
		rc = strings(r, known, &expires_text, 1, 0);
	long ttl = expires_text ? duration(expires_text) : 0;
	if (rc == 0 && ttl < 0)
		rc = serve_fail(r, 400, "invalid",
		                "\"expires\" is a duration up to a week: 90s, 45m, 24h, 7d");
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	char code[PL_INVITE_CODE_SIZE] = "", expires[32] = "", message[256] = "";
	rc = pl_delegate_invite(r->n, r->params[0], ttl, code, sizeof code, expires, &r->err);
	if (rc == 0)
		snprintf(message, sizeof message,
		         "enrolment code for a device of %s (good once, until %s):\n%s",
		         r->params[0], expires, code);
	json_t *result = done(message);
	if (rc == 0) {
		json_object_set_new(result, "code", json_string(code));
		json_object_set_new(result, "expires", json_string(expires));
	}
	sodium_memzero(code, sizeof code);
	sodium_memzero(message, sizeof message);
	return finish(r, rc, result);
}

int api_track_add(serve_request *r)
{
	static const char *const known[] = {"name", "rule", "parties", NULL};
	const char *v[2] = {0};
	const char **parties = NULL;
	size_t count = 0;
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 2, 1);
	if (rc == 0)
		rc = string_list(r, "parties", &parties, &count);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc) {
		free(parties);
		return rc;
	}
	char message[256];
	snprintf(message, sizeof message, "added track %s", v[0]);
	rc = pl_track_add(r->n, v[0], parties, count, v[1], &r->err);
	free(parties);
	return finish(r, rc, done(message));
}

int api_track_join(serve_request *r)
{
	static const char *const known[] = {"party", NULL};
	const char *party;
	int rc = start(r, known);
	if (rc == 0 && (rc = strings(r, known, &party, 1, 1)) != 0)
		return finish(r, rc, NULL);
	if (rc)
		return rc;
	char message[256];
	snprintf(message, sizeof message, "%s joined track %s", party, r->params[0]);
	rc = pl_track_join(r->n, r->params[0], party, &r->err);
	return finish(r, rc, done(message));
}

int api_track_rule(serve_request *r)
{
	static const char *const known[] = {"rule", NULL};
	const char *rule;
	int rc = start(r, known);
	if (rc == 0 && (rc = strings(r, known, &rule, 1, 1)) != 0)
		return finish(r, rc, NULL);
	if (rc)
		return rc;
	int changed = 0;
	rc = pl_track_rule(r->n, r->params[0], rule, &changed, &r->err);
	char message[512];
	pl_track_rule_said(changed, r->params[0], rule, message, sizeof message);
	return finish(r, rc, done(message));
}

int api_circulate(serve_request *r)
{
	static const char *const known[] = {"ref", "to", "note", NULL};
	const char *v[3] = {0};
	int rc = start(r, known);
	if (rc == 0 && (rc = strings(r, known, v, 3, 2)) != 0)
		return finish(r, rc, NULL);
	if (rc)
		return rc;
	char message[256];
	snprintf(message, sizeof message, "circulated %s to %s", v[0], v[1]);
	rc = pl_circulate(r->n, v[0], v[1], v[2], &r->err);
	return finish(r, rc, done(message));
}

/* --- meetings and statements ------------------------------------------------- */

int api_meeting_add(serve_request *r)
{
	static const char *const known[] = {"title", "date",   "place",   "time",
	                                    "track", "agenda", "parties", NULL};
	const char *v[6] = {0};
	const char **parties = NULL;
	size_t count = 0;
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 6, 3);
	if (rc == 0)
		rc = string_list(r, "parties", &parties, &count);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc) {
		free(parties);
		return rc;
	}
	pl_meeting_spec spec = {v[0], v[1], v[3], v[2], parties, count, v[4], v[5]};
	char id[PL_MEETING_ID_MAX], message[PL_MEETING_ID_MAX + 64];
	rc = pl_meeting_add(r->n, &spec, id, &r->err);
	free(parties);
	snprintf(message, sizeof message, "added meeting %s on %s", rc ? "" : id, v[1]);
	return finish(r, rc, done(message));
}

static int meeting_change(serve_request *r, int verb)
{
	static const char *const done_as[] = {"postponed", "held", "cancelled"};
	static const char *const postpone_known[] = {"to", "time", "note", NULL};
	static const char *const note_known[] = {"note", NULL};
	const char *const *known = verb == 0 ? postpone_known : note_known;
	const char *v[3] = {NULL, NULL, NULL};
	int rc = start(r, known);
	if (rc == 0 && (rc = strings(r, known, v, verb == 0 ? 3 : 1, verb == 0 ? 1 : 0)) != 0)
		return finish(r, rc, NULL);
	if (rc)
		return rc;
	const char *id = r->params[0];
	if (verb == 0)
		rc = pl_meeting_postpone(r->n, id, v[0], v[1], v[2], &r->err);
	else if (verb == 1)
		rc = pl_meeting_held(r->n, id, v[0], &r->err);
	else
		rc = pl_meeting_cancel(r->n, id, v[0], &r->err);
	char message[512];
	snprintf(message, sizeof message, "meeting %.64s %s%s%.16s", id, done_as[verb],
	         verb == 0 ? " to " : "", verb == 0 ? v[0] : "");
	return finish(r, rc, done(message));
}

int api_meeting_postpone(serve_request *r)
{
	return meeting_change(r, 0);
}

int api_meeting_held(serve_request *r)
{
	return meeting_change(r, 1);
}

int api_meeting_cancel(serve_request *r)
{
	return meeting_change(r, 2);
}

int api_statement_add(serve_request *r)
{
	static const char *const known[] = {"text",    "date",  "level", "party",
	                                    "speaker", "track", NULL};
	const char *v[6] = {0};
	int rc = start(r, known);
	if (rc == 0 && (rc = strings(r, known, v, 6, 3)) != 0)
		return finish(r, rc, NULL);
	if (rc)
		return rc;
	pl_statement_spec spec = {v[0], v[1], v[2], v[3], v[4], v[5]};
	rc = pl_statement_add(r->n, &spec, &r->err);
	char message[128];
	snprintf(message, sizeof message, "added statement (%.16s) in %.64s", v[2],
	         v[5] ? v[5] : "plenary");
	return finish(r, rc, done(message));
}

/* --- documents, amendments, positions --------------------------------------- */

int api_import(serve_request *r)
{
	static const char *const known[] = {"doc", "text", "title", "track", "file", NULL};
	const char *v[5] = {0};
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 5, 2);
	if (rc)
		return rc;
	/* "file": the name the client read the text from, for the messages;
	 * its last component is recorded as the version's source (a label,
	 * never opened). */
	const char *file = v[4] ? v[4] : "the plan";
	const char *source = v[4] ? strrchr(v[4], '/') : NULL;
	source = source ? source + 1 : v[4];
	pl_doc *doc = NULL;
	const char *text = v[1];
	rc = pl_markdown_parse(&doc, text, strlen(text), file, &r->err);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc) {
		pl_doc_free(doc);
		return rc;
	}
	pl_import_options options = {v[0], v[2], source, v[3]};
	pl_import_result result;
	memset(&result, 0, sizeof result);
	rc = pl_document_import(r->n, &options, doc, &result, &r->err);
	json_t *fields = NULL;
	if (rc == 0) {
		pl_buf message = PL_BUF_INIT;
		if (result.unchanged) {
			pl_buf_printf(&message, "%s is unchanged from %s@%d; no new version", file,
			              v[0], result.number);
		} else {
			pl_buf_printf(&message, "imported %s as %s@%d: %zu points", file, v[0],
			              result.number, result.points);
			if (doc->part_count)
				pl_buf_printf(&message, " in %zu parts", doc->part_count);
			if (result.number > 1)
				pl_buf_printf(&message, " (%zu carried over, %zu new)",
				              result.carried, result.added);
		}
		fields =
		    json_pack("{s:s,s:o,s:s,s:i,s:b,s:I,s:I,s:I,s:I,s:s}", "format",
		              "parley.import/1", "file", v[4] ? json_string(v[4]) : json_null(),
		              "document", v[0], "version", result.number, "unchanged",
		              result.unchanged, "points", (json_int_t)result.points, "parts",
		              (json_int_t)doc->part_count, "carried", (json_int_t)result.carried,
		              "new", (json_int_t)result.added, "message", message.ptr);
		pl_buf_free(&message);
	}
	pl_doc_free(doc);
	if (rc == 0 && result.unchanged)
		return nothing_to_sign(r, fields);
	return finish(r, rc, fields);
}

int api_position(serve_request *r)
{
	static const char *const known[] = {"ref", "stance", "note", "points", NULL};
	const char *v[3] = {0};
	const char **points = NULL;
	size_t count = 0;
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 3, 2);
	if (rc == 0)
		rc = string_list(r, "points", &points, &count);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc) {
		free(points);
		return rc;
	}
	int superseded = 0;
	rc = pl_positions_set(r->n, v[0], points, count, v[1], v[2], &superseded, &r->err);
	pl_buf message = PL_BUF_INIT;
	for (size_t i = 0; rc == 0 && i < count; i++)
		pl_buf_printf(&message, "position on %s point %s: %s\n", v[0], points[i], v[1]);
	json_t *result = done(message.ptr);
	if (rc == 0 && superseded)
		json_object_set_new(result, "superseded_by", json_integer(superseded));
	pl_buf_free(&message);
	free(points);
	return finish(r, rc, result);
}

/* The operations of an amendment, in order: [{"edit": "6: a -> b"}, ...]. */
static int amendment_operations(serve_request *r, const pl_doc *base, pl_amendment *a)
{
	json_t *list = json_object_get(r->json, "operations");
	if (!json_is_array(list) || json_array_size(list) > 256)
		return serve_fail(r, 400, "invalid",
		                  "\"operations\" must be an array of at most 256 operations");
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		const char *name = NULL;
		json_t *value = NULL;
		if (json_is_object(item) && json_object_size(item) == 1) {
			void *iter = json_object_iter(item);
			name = json_object_iter_key(iter);
			value = json_object_iter_value(iter);
		}
		int kind = -1;
		for (int k = 0; name && k < PL_OP_COUNT; k++)
			if (strcmp(pl_op_name((pl_op_kind)k), name) == 0)
				kind = k;
		if (kind < 0 || !json_is_string(value))
			return serve_fail(
			    r, 400, "invalid",
			    "operation %zu must be one member, an operation's name (edit, "
			    "replace, insert, delete, move, relabel, rename-part) with a "
			    "string",
			    i + 1);
		int rc =
		    amend_spec_add(a, base, (pl_op_kind)kind, json_string_value(value), &r->err);
		if (rc)
			return rc;
	}
	return 0;
}

int api_amend(serve_request *r)
{
	static const char *const known[] = {"ref",       "justification", "parent", "track",
	                                    "from-file", "operations",    NULL};
	const char *v[5] = {0};
	int rc = serve_body_json(r);
	if (rc == 0)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = strings(r, known, v, 5, 1);
	if (rc == 0 && !v[4] && !json_object_get(r->json, "operations"))
		rc = serve_fail(r, 400, "invalid", "give \"operations\" or \"from-file\"");
	if (rc)
		return rc;
	pl_doc *base = NULL;
	pl_amendment *a = NULL;
	rc = pl_version_load(r->n, v[0], &base, NULL, &r->err);
	if (rc == 0 && v[4]) {
		pl_doc *edited = NULL;
		rc = pl_markdown_parse(&edited, v[4], strlen(v[4]), "the edited text", &r->err);
		if (rc == 0)
			rc = pl_amendment_from_doc(r->n, v[0], edited, &a, &r->err);
		pl_doc_free(edited);
	} else if (rc == 0) {
		a = pl_amendment_new("");
		rc = amendment_operations(r, base, a);
	}
	if (rc == 0 && a->op_count == 0)
		rc = pl_error_set(&r->err, PL_EINVALID, "the edited copy changes nothing");
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc) {
		pl_amendment_free(a);
		pl_doc_free(base);
		return rc;
	}
	char id[128];
	rc = pl_amendment_table(r->n, v[0], a, v[1], v[2], v[3], id, sizeof id, &r->err);
	pl_buf message = PL_BUF_INIT;
	if (rc == 0) {
		pl_buf described = PL_BUF_INIT;
		pl_amendment_describe(&described, a, base);
		pl_buf_printf(&message, "tabled %s on %s:\n", id, v[0]);
		pl_utf8_escape(&message, described.ptr, described.len, PL_UTF8_LINES);
		pl_buf_free(&described);
	}
	json_t *result = done(message.ptr);
	pl_buf_free(&message);
	pl_amendment_free(a);
	pl_doc_free(base);
	return finish(r, rc, result);
}

static int amendment_decide(serve_request *r, int which)
{
	static const char *const verbs[] = {NULL, NULL, "withdraw", "reject", "supersede"};
	static const char *const statuses[] = {NULL, NULL, PL_STATUS_WITHDRAWN, PL_STATUS_REJECTED,
	                                       PL_STATUS_SUPERSEDED};
	static const char *const known[] = {"note", NULL};
	const char *note = NULL;
	int rc = r->body_len ? serve_body_json(r) : 0;
	if (rc == 0 && r->json)
		rc = serve_body_only(r, known);
	if (rc == 0 && r->json)
		rc = strings(r, known, &note, 1, 0);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	const char *id = r->params[1];
	pl_tally tally;
	memset(&tally, 0, sizeof tally);
	rc = pl_amendment_decide(r->n, r->params[0], id, statuses[which], note, &tally, &r->err);
	pl_buf message = PL_BUF_INIT;
	if (rc == 0 && (which == 2 || tally.met))
		pl_buf_printf(&message, "%s is %s\n", id, statuses[which]);
	else if (rc == 0)
		pl_buf_printf(&message,
		              "recorded your party's decision to %s %s: %zu of %zu member parties "
		              "under %s; not %s yet\n",
		              verbs[which], id, tally.in_favour, tally.members, tally.rule,
		              statuses[which]);
	json_t *result = done(message.ptr);
	pl_buf_free(&message);
	return finish(r, rc, result);
}

int api_amendment_accept(serve_request *r)
{
	static const char *const known[] = {NULL};
	int rc = r->body_len ? serve_body_json(r) : 0;
	if (rc == 0 && r->json)
		rc = serve_body_only(r, known);
	if (rc == 0)
		rc = pl_negotiation_prepare(r->n, &r->err);
	if (rc)
		return rc;
	const char *ids[] = {r->params[1]};
	pl_accept_result result;
	memset(&result, 0, sizeof result);
	rc = pl_amendments_accept(r->n, r->params[0], ids, 1, 0, &result, &r->err);
	pl_buf message = PL_BUF_INIT;
	if (rc == 0)
		pl_accept_result_write(&message, r->params[0], &result, 0);
	pl_accept_result_clear(&result);
	json_t *done_result = done(message.ptr);
	pl_buf_free(&message);
	return finish(r, rc, done_result);
}

int api_amendment_withdraw(serve_request *r)
{
	return amendment_decide(r, 2);
}

int api_amendment_reject(serve_request *r)
{
	return amendment_decide(r, 3);
}

int api_amendment_supersede(serve_request *r)
{
	return amendment_decide(r, 4);
}
