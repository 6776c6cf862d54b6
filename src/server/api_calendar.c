/* api_calendar.c — GET /api/calendar/{name}/{key}/{signature}: the
 * meetings as iCalendar for a calendar program, which cannot sign its
 * requests. The link is the delegate's own signature over its calendar
 * statement (pl_calendar_statement, signing.h), made once in the browser
 * or by the command line; the server reads as that delegate, as long as
 * the key stays current. Nothing is stored for it on the server. A link
 * that does not hold is "not found", like a link to nothing. The
 * signature may end in ".ics", which some calendar programs want to see. */
#include "api.h"

#include <sodium.h>
#include <string.h>

#include "parley/meeting.h"
#include "parley/signing.h"

int api_calendar(serve_request *r)
{
	const char *name = r->params[0], *key = r->params[1], *signature = r->params[2];
	size_t signature_len = strlen(signature);
	if (signature_len > 4 && strcmp(signature + signature_len - 4, ".ics") == 0)
		signature_len -= 4;
	uint8_t public_key[32], sig[64];
	if (strlen(key) != 64 || signature_len != 128 ||
	    sodium_hex2bin(public_key, sizeof public_key, key, 64, NULL, NULL, NULL) != 0 ||
	    sodium_hex2bin(sig, sizeof sig, signature, 128, NULL, NULL, NULL) != 0) {
		serve_fail(r, 404, "not_found", "no such calendar");
		return PL_ENOTFOUND;
	}
	int rc = serve_handle(r->server, &r->n, &r->err);
	if (rc == 0)
		rc = pl_calendar_act(r->n, name, public_key, sig, &r->err);
	if (rc == 0)
		rc = pl_meeting_export_ics(r->n, serve_query(r, "track"), &r->out, &r->err);
	serve_content_type(r, "ics");
	return rc;
}
