/* request.c — what a handler reads of a request: query parameters, the
 * output format, a JSON body within the limits. */
#include "server.h"
#include "../cli/cli.h"

#include <string.h>
#include <strings.h>

#include "parley/mem.h"

int serve_parse_query(serve_request *r)
{
	const char *q = r->query;
	while (*q) {
		size_t len = strcspn(q, "&");
		const char *eq = memchr(q, '=', len);
		size_t name_len = eq ? (size_t)(eq - q) : len;
		if (len == 0) {
			q++;
			continue;
		}
		if (r->query_count == SERVE_PARAMS_MAX)
			return serve_fail(r, 400, "invalid", "more than %d query parameters",
			                  SERVE_PARAMS_MAX);
		char *name = serve_decode(q, name_len, 1);
		char *value = eq ? serve_decode(eq + 1, len - name_len - 1, 1) : pl_strdup("");
		if (!name || !value || !*name) {
			free(name);
			free(value);
			return serve_fail(
			    r, 400, "invalid",
			    "the query holds a malformed escape or bytes that are not "
			    "UTF-8 text");
		}
		if (serve_query(r, name)) {
			int rc =
			    serve_fail(r, 400, "invalid", "the query names '%.64s' twice", name);
			free(name);
			free(value);
			return rc;
		}
		r->query_names[r->query_count] = name;
		r->query_values[r->query_count++] = value;
		q += len;
		if (*q == '&')
			q++;
	}
	return 0;
}

const char *serve_query(const serve_request *r, const char *name)
{
	for (size_t i = 0; i < r->query_count; i++)
		if (strcmp(r->query_names[i], name) == 0)
			return r->query_values[i];
	return NULL;
}

int serve_flag(const serve_request *r, const char *name)
{
	const char *value = serve_query(r, name);
	return value && (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || !*value);
}

static const struct {
	const char *format, *type;
} media[] = {
    {"json", "application/json"},
    {"text", "text/plain"},
    {"md", "text/markdown"},
    {"html", "text/html"},
    {"csv", "text/csv"},
    {"ics", "text/calendar"},
    {"ndjson", "application/x-ndjson"},
    {"akn", "application/akn+xml"},
};

void serve_content_type(serve_request *r, const char *format)
{
	static const char *const charset[] = {
	    "application/json",         "text/plain; charset=utf-8", "text/markdown; charset=utf-8",
	    "text/html; charset=utf-8", "text/csv; charset=utf-8",   "text/calendar; charset=utf-8",
	    "application/x-ndjson",     "application/akn+xml",
	};
	for (size_t i = 0; i < sizeof media / sizeof *media; i++)
		if (strcmp(media[i].format, format) == 0)
			r->content_type = charset[i];
}

static int allowed_has(const char *const *allowed, const char *format)
{
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], format) == 0)
			return 1;
	return 0;
}

/* The q value of one Accept member's parameters (RFC 9110 12.4.2). */
static double quality(const char *params, size_t len)
{
	const char *q = NULL;
	for (size_t i = 0; i + 2 < len; i++)
		if ((params[i] == ';' || params[i] == ' ') &&
		    (params[i + 1] == 'q' || params[i + 1] == 'Q') && params[i + 2] == '=')
			q = params + i + 3;
	return q ? strtod(q, NULL) : 1.0;
}

/* The media type of Accept that allowed holds with the highest q (the
 * first of equals), or NULL. */
static const char *from_accept(const char *accept, const char *const *allowed)
{
	const char *best = NULL;
	double best_q = 0;
	while (accept && *accept) {
		accept += strspn(accept, " ,");
		size_t member = strcspn(accept, ",");
		size_t len = strcspn(accept, ",; ");
		double q = quality(accept + len, member - len);
		for (size_t i = 0; i < sizeof media / sizeof *media; i++)
			if (strlen(media[i].type) == len &&
			    strncasecmp(media[i].type, accept, len) == 0 &&
			    allowed_has(allowed, media[i].format) && q > best_q) {
				best = media[i].format;
				best_q = q;
			}
		accept += member;
	}
	return best;
}

const char *serve_format(serve_request *r, const char *const *allowed)
{
	const char *asked = serve_query(r, "format");
	if (asked && strcmp(asked, "markdown") == 0)
		asked = "md";
	if (asked && !allowed_has(allowed, asked)) {
		pl_buf list = PL_BUF_INIT;
		for (size_t i = 0; allowed[i]; i++)
			pl_buf_printf(&list, "%s%s", i ? (allowed[i + 1] ? ", " : " or ") : "",
			              allowed[i]);
		serve_fail(r, 400, "invalid", "format is %s", list.ptr);
		pl_buf_free(&list);
		return NULL;
	}
	const char *format = asked ? asked : from_accept(r->accept, allowed);
	if (!format)
		format = allowed[0];
	serve_content_type(r, format);
	return format;
}

/* Checks the nesting and the string lengths of a JSON text before any
 * parser sees it: a 10,000-deep array is refused here, in one pass. */
static int json_shape(serve_request *r)
{
	int depth = 0, in_string = 0, escaped = 0;
	size_t string_len = 0;
	for (size_t i = 0; i < r->body_len; i++) {
		char c = r->body[i];
		if (in_string) {
			if (++string_len > SERVE_JSON_STRING)
				return serve_fail(r, 400, "invalid",
				                  "a string of the body is over %d bytes",
				                  SERVE_JSON_STRING);
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			string_len = 0;
		} else if (c == '[' || c == '{') {
			if (++depth > SERVE_JSON_DEPTH)
				return serve_fail(r, 400, "invalid",
				                  "the body nests deeper than %d levels",
				                  SERVE_JSON_DEPTH);
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 0;
}

int serve_body_json(serve_request *r)
{
	if (r->json)
		return 0;
	if (r->body_len == 0)
		return serve_fail(r, 400, "invalid", "the request needs a JSON body");
	int rc = json_shape(r);
	if (rc)
		return rc;
	json_error_t error;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &error);
	if (!r->json)
		return serve_fail(r, 400, "invalid",
		                  "the body is not JSON: %s (line %d, column %d)", error.text,
		                  error.line, error.column);
	if (!json_is_object(r->json))
		return serve_fail(r, 400, "invalid", "the body must be a JSON object");
	return 0;
}

const char *serve_body_string(serve_request *r, const char *key, int *bad)
{
	json_t *value = json_object_get(r->json, key);
	if (!value || json_is_null(value))
		return NULL;
	if (!json_is_string(value)) {
		if (!*bad)
			serve_fail(r, 400, "invalid", "\"%s\" must be a string", key);
		*bad = 1;
		return NULL;
	}
	return json_string_value(value);
}

int serve_body_only(serve_request *r, const char *const *known)
{
	const char *key;
	json_t *value;
	json_object_foreach(r->json, key, value)
	{
		size_t i = 0;
		while (known[i] && strcmp(known[i], key) != 0)
			i++;
		if (!known[i])
			return serve_fail(r, 400, "invalid", "unknown member \"%.64s\" in the body",
			                  key);
	}
	return 0;
}

void serve_squeeze_json(pl_buf *out)
{
	cli_json_state state = {0, 0};
	out->len = cli_json_squeeze(&state, out->ptr, out->len);
	out->ptr[out->len] = '\0';
	if (out->len && out->ptr[out->len - 1] != '\n')
		pl_buf_putc(out, '\n');
}
