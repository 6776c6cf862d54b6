/* routes.c — the routing table, in one place: method, path pattern,
 * handler, and whether the request must be signed. docs/openapi.json
 * describes the same routes; tests/server/openapi.sh checks that the two
 * agree (parley serve --routes prints this table). */
#include "api.h"

#include <string.h>

#include "parley/mem.h"
#include "parley/utf8.h"

const serve_route serve_routes[] = {
    {"GET", "/api/health", api_health, 0},
    {"GET", "/api/openapi.json", api_openapi, 0},
    {"POST", "/api/enrol", api_enrol, 0},
    {"GET", "/api/negotiation", api_negotiation, 1},
    {"GET", "/api/docs", api_docs, 1},
    {"GET", "/api/docs/{doc}/versions", api_versions, 1},
    {"GET", "/api/docs/{doc}/show", api_show, 1},
    {"GET", "/api/diff", api_diff, 1},
    {"GET", "/api/parties", api_parties, 1},
    {"POST", "/api/parties", api_party_add, 1},
    {"GET", "/api/delegates", api_delegates, 1},
    {"POST", "/api/delegates", api_delegate_add, 1},
    {"GET", "/api/delegates/{name}/keys", api_delegate_keys, 1},
    {"POST", "/api/delegates/{name}/keys", api_delegate_rotate, 1},
    {"GET", "/api/tracks", api_tracks, 1},
    {"POST", "/api/tracks", api_track_add, 1},
    {"GET", "/api/tracks/{track}/members", api_track_members, 1},
    {"GET", "/api/seen", api_seen, 1},
    {"GET", "/api/meetings", api_meetings, 1},
    {"POST", "/api/meetings", api_meeting_add, 1},
    {"GET", "/api/meetings.ics", api_meetings_ics, 1},
    {"GET", "/api/calendar/{name}/{key}/{signature}", api_calendar, 0},
    {"GET", "/api/statements", api_statements, 1},
    {"POST", "/api/statements", api_statement_add, 1},
    {"GET", "/api/timeline", api_timeline, 1},
    {"GET", "/api/amendments", api_amendments, 1},
    {"POST", "/api/amendments", api_amend, 1},
    {"GET", "/api/amendments/{doc}/{id}", api_amendment, 1},
    {"GET", "/api/adoption", api_adoption, 1},
    {"GET", "/api/voting-list", api_voting_list, 1},
    {"GET", "/api/matrix", api_matrix, 1},
    {"GET", "/api/text", api_text, 1},
    {"GET", "/api/progress", api_progress, 1},
    {"GET", "/api/redlines", api_redlines, 1},
    {"GET", "/api/compare", api_compare, 1},
    {"GET", "/api/verify", api_verify, 1},
    {"GET", "/api/log/{track}", api_log_export, 1},
    {"GET", "/api/log/{track}/head", api_log_head, 1},
    {"GET", "/api/events", api_events, 1},
    {"POST", "/api/import", api_import, 1},
    {"POST", "/api/delegates/{name}/revoke", api_delegate_revoke, 1},
    {"POST", "/api/delegates/{name}/invite", api_delegate_invite, 1},
    {"POST", "/api/tracks/{track}/join", api_track_join, 1},
    {"POST", "/api/tracks/{track}/rule", api_track_rule, 1},
    {"POST", "/api/circulate", api_circulate, 1},
    {"POST", "/api/meetings/{id}/postpone", api_meeting_postpone, 1},
    {"POST", "/api/meetings/{id}/held", api_meeting_held, 1},
    {"POST", "/api/meetings/{id}/cancel", api_meeting_cancel, 1},
    {"POST", "/api/amendments/{doc}/{id}/accept", api_amendment_accept, 1},
    {"POST", "/api/amendments/{doc}/{id}/withdraw", api_amendment_withdraw, 1},
    {"POST", "/api/amendments/{doc}/{id}/reject", api_amendment_reject, 1},
    {"POST", "/api/amendments/{doc}/{id}/supersede", api_amendment_supersede, 1},
    {"POST", "/api/positions", api_position, 1},
    {"POST", "/api/commit", api_commit, 1},
};
const size_t serve_route_count = sizeof serve_routes / sizeof serve_routes[0];

void serve_routes_print(FILE *out)
{
	for (size_t i = 0; i < serve_route_count; i++)
		fprintf(out, "%s %s %s\n", serve_routes[i].method, serve_routes[i].pattern,
		        serve_routes[i].is_signed ? "signed" : "unsigned");
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes text[0..len) (with '+' as space when plus is set):
 * NULL when an escape is malformed, decodes to a NUL or a control
 * character, or the result is not UTF-8. */
char *serve_decode(const char *text, size_t len, int plus)
{
	char *out = pl_malloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '%') {
			int high = i + 2 < len ? hex_value(text[i + 1]) : -1;
			int low = high >= 0 ? hex_value(text[i + 2]) : -1;
			if (high < 0 || low < 0)
				goto bad;
			c = (char)(high * 16 + low);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			goto bad;
		out[n++] = c;
	}
	out[n] = '\0';
	if (pl_utf8_needs_escape(out, n, 0))
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

/* Matches one pattern against the raw path; fills r->params on success. */
static int match(serve_request *r, const char *pattern, const char *path)
{
	size_t count = 0;
	char *params[4];
	while (*pattern && *path) {
		size_t plen = strcspn(pattern, "/");
		size_t len = strcspn(path, "/");
		if (pattern[0] == '{') {
			if (len == 0 || count == 4)
				break;
			char *value = serve_decode(path, len, 0);
			if (!value) {
				for (size_t i = 0; i < count; i++)
					free(params[i]);
				serve_fail(r, 400, "invalid",
				           "the path holds a malformed escape or bytes "
				           "that are not UTF-8 text");
				return 0;
			}
			params[count++] = value;
		} else if (plen != len || memcmp(pattern, path, len) != 0) {
			break;
		}
		pattern += plen;
		path += len;
		if (*pattern == '/' && *path == '/') {
			pattern++;
			path++;
		}
	}
	if (*pattern || *path) {
		for (size_t i = 0; i < count; i++)
			free(params[i]);
		return 0;
	}
	for (size_t i = 0; i < count; i++)
		r->params[i] = params[i];
	r->param_count = count;
	return 1;
}

const serve_route *serve_route_find(serve_request *r, int *path_known)
{
	*path_known = 0;
	for (size_t i = 0; i < serve_route_count && !r->error_code; i++) {
		const serve_route *route = &serve_routes[i];
		if (!match(r, route->pattern, r->path))
			continue;
		if (strcmp(route->method, r->method) == 0)
			return route;
		*path_known = 1;
		for (size_t k = 0; k < r->param_count; k++)
			free(r->params[k]);
		r->param_count = 0;
	}
	return NULL;
}
