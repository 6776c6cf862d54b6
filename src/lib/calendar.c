/* calendar.c — the signed statement behind a calendar subscription link
 * (signing.h): what the delegate signs once, and the server's check of a
 * link before it reads the meetings as that delegate. */
#include "parley/signing.h"

void pl_calendar_statement(const char *negotiation_id, const char *name, pl_buf *out)
{
	pl_buf_printf(out, "parley.calendar/1\n%s\n%s\n", negotiation_id, name);
}

int pl_calendar_act(pl_negotiation *n, const char *name, const uint8_t public_key[32],
                    const uint8_t signature[64], pl_error *err)
{
	pl_buf statement = PL_BUF_INIT;
	pl_calendar_statement(pl_negotiation_id(n), name, &statement);
	int good = pl_signature_check(signature, statement.ptr, statement.len, public_key);
	pl_buf_free(&statement);
	/* The key must also be a current key of name: the same check as a
	 * signed request's, and the same answer when it fails. */
	if (!good || pl_negotiation_act_as_key(n, name, public_key, err) != 0)
		return pl_error_set(err, PL_ENOTFOUND, "no such calendar");
	return 0;
}
