/* project_extra.c — projections of event kinds added after the core:
 * meetings and statements. */
#include "project_int.h"

int pl_project_extra(pl_store *store, const store_event *event, json_t *payload,
		     pl_error *err)
{
	(void)store;
	(void)payload;
	return pl_error_set(err, PL_EINVALID, "event %s #%lld (%s): unknown kind of event",
			    event->track, (long long)event->seq, event->kind);
}
