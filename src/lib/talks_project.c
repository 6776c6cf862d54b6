/* talks_project.c — projections of amendment and position events. */
#include "project_int.h"
#include "store_talks_int.h"
#include "talks_int.h"

#include <stdlib.h>

static int bad(const pl_store_event *event, const char *what, pl_error *err)
{
	return pl_error_set(err, PL_EINVALID, "event %s #%lld (%s): %s", event->track,
	                    (long long)event->seq, event->kind, what);
}

static const char *field(json_t *payload, const char *key)
{
	return json_string_value(json_object_get(payload, key));
}

static int document_id(pl_store *store, const pl_store_event *event, json_t *payload, int64_t *doc,
                       pl_error *err)
{
	pl_store_document d;
	const char *name = field(payload, "document");
	if (!name)
		return bad(event, "no document", err);
	int rc = pl_store_document_find(store, name, &d, err);
	if (rc == PL_ENOTFOUND)
		return bad(event, "an unknown document", err);
	*doc = d.id;
	pl_store_document_clear(&d);
	return rc;
}

static int project_table(pl_store *store, const pl_store_event *event, json_t *payload,
                         pl_error *err)
{
	int64_t doc;
	json_t *number = json_object_get(payload, "number"), *ops = json_object_get(payload, "ops");
	if (!field(payload, "id") || !field(payload, "party") || !json_is_integer(number) ||
	    !json_is_array(ops))
		return bad(event, "malformed amendment", err);
	int rc = document_id(store, event, payload, &doc, err);
	char *ops_text = json_dumps(ops, JSON_SORT_KEYS | JSON_COMPACT);
	if (rc == 0) {
		pl_store_amendment a = {.doc = doc,
		                        .id = field(payload, "id"),
		                        .track = event->track,
		                        .seq = event->seq,
		                        .base = (int64_t)json_integer_value(number),
		                        .party = field(payload, "party"),
		                        .delegate = event->actor,
		                        .justification = field(payload, "justification"),
		                        .parent = field(payload, "parent"),
		                        .ops = ops_text,
		                        .at = event->at};
		rc = pl_store_amendment_insert(store, &a, err);
	}
	free(ops_text);
	return rc;
}

static int project_status(pl_store *store, const pl_store_event *event, json_t *payload,
                          pl_error *err)
{
	int64_t doc;
	if (!field(payload, "id") || !field(payload, "status"))
		return bad(event, "malformed decision", err);
	int rc = document_id(store, event, payload, &doc, err);
	if (rc == 0)
		rc = pl_store_amendment_decide(store, doc, field(payload, "id"),
		                               field(payload, "status"), field(payload, "note"),
		                               err);
	return rc;
}

static int project_rebase(pl_store *store, const pl_store_event *event, json_t *payload,
                          pl_error *err)
{
	int64_t doc;
	json_t *number = json_object_get(payload, "number"), *ops = json_object_get(payload, "ops");
	if (!field(payload, "id") || !json_is_integer(number) || !json_is_array(ops))
		return bad(event, "malformed carry-over", err);
	int rc = document_id(store, event, payload, &doc, err);
	char *ops_text = json_dumps(ops, JSON_SORT_KEYS | JSON_COMPACT);
	if (rc == 0)
		rc = pl_store_amendment_rebase(store, doc, field(payload, "id"),
		                               (int64_t)json_integer_value(number), ops_text, err);
	free(ops_text);
	return rc;
}

static int project_position(pl_store *store, const pl_store_event *event, json_t *payload,
                            pl_error *err)
{
	int64_t doc;
	json_t *number = json_object_get(payload, "number");
	if (!field(payload, "point") || !field(payload, "party") || !field(payload, "stance") ||
	    !json_is_integer(number))
		return bad(event, "malformed position", err);
	int rc = document_id(store, event, payload, &doc, err);
	if (rc == 0) {
		pl_store_position p = {event->track,
		                       event->seq,
		                       doc,
		                       (int64_t)json_integer_value(number),
		                       field(payload, "point"),
		                       field(payload, "party"),
		                       field(payload, "stance"),
		                       field(payload, "note"),
		                       event->at};
		rc = pl_store_position_insert(store, &p, err);
	}
	return rc;
}

const pl_projector pl_talks_projectors[] = {
    {PL_EVENT_AMEND, project_table},
    {PL_EVENT_AMEND_STATUS, project_status},
    {PL_EVENT_AMEND_REBASE, project_rebase},
    {PL_EVENT_POSITION, project_position},
    {NULL, NULL},
};
