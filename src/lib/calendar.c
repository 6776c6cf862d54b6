/* calendar.c — the signed statement behind a calendar subscription link
 * (signing.h): what the delegate signs once, and the server's check of a
 * link before it reads the meetings as that delegate. */
#include "parley/signing.h"

#include <string.h>

#include "record_int.h"

void pl_calendar_statement(const char *negotiation_id, const char *name, pl_buf *out)
{
	pl_buf_printf(out, "parley.calendar/1\n%s\n%s\n", negotiation_id, name);
}

void pl_calendar_link(pl_buf *out, const char *base, const char *negotiation_id, const char *name,
                      const pl_signer *signer)
{
	pl_buf statement = PL_BUF_INIT;
	pl_calendar_statement(negotiation_id, name, &statement);
	uint8_t signature[64];
	pl_signer_sign(signer, statement.ptr, statement.len, signature);
	pl_buf_free(&statement);
	char key[65], hex[2 * sizeof signature + 1];
	pl_signer_public_hex(signer, key);
	pl_hex(hex, signature, sizeof signature);
	size_t len = strlen(base);
	while (len && base[len - 1] == '/')
		len--;
	pl_buf_printf(out, "%.*s/api/calendar/%s/%s/%s", (int)len, base, name, key, hex);
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
