/* api_pending.c — routes described in docs/openapi.json whose server side
 * is not written yet: they answer 501 with a JSON error saying so. */
#include "api.h"

static int pending(serve_request *r)
{
	return serve_fail(r, 501, "internal", "%s %s is not implemented by this server yet",
	                  r->method, r->path);
}

int api_enrol(serve_request *r)
{
	return pending(r);
}

int api_delegate_invite(serve_request *r)
{
	return pending(r);
}

int api_amendment(serve_request *r)
{
	return pending(r);
}
