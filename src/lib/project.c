#include "authority_int.h"
#include "project_int.h"
#include "store_project_int.h"
#include "record_int.h"
#include "parley/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int pl_unhex_hash(uint8_t out[PL_HASH_BYTES], const char *hex)
{
	if (!hex || strlen(hex) != 2 * PL_HASH_BYTES)
		return -1;
	for (size_t i = 0; i < PL_HASH_BYTES; i++) {
		unsigned value = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];
			unsigned digit = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			                 : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			                                        : 16u;
			if (digit > 15)
				return -1;
			value = value * 16 + digit;
		}
		out[i] = (uint8_t)value;
	}
	return 0;
}

typedef struct version_event {
	const pl_store_event *event;
	int64_t doc;
	int number;
} version_event;

static int bad_payload(const pl_store_event *event, const char *what, pl_error *err)
{
	return pl_error_set(err, PL_EINVALID, "event %s #%lld (%s): %s", event->track,
	                    (long long)event->seq, event->kind, what);
}

/* A hash field: NULL in *out for JSON null; -1 when malformed. */
static int hash_field(json_t *object, const char *key, uint8_t buffer[PL_HASH_BYTES],
                      const uint8_t **out)
{
	json_t *value = json_object_get(object, key);
	*out = NULL;
	if (!value || json_is_null(value))
		return 0;
	if (pl_unhex_hash(buffer, json_string_value(value)))
		return -1;
	*out = buffer;
	return 0;
}

/* The serial of an id "p<serial>", or 0. */
static int64_t point_serial(const char *id)
{
	if (!id || id[0] != 'p')
		return 0;
	char *end;
	long long serial = strtoll(id + 1, &end, 10);
	return *end == '\0' && serial > 0 ? serial : 0;
}

static int project_items(pl_store *store, const version_event *v, int64_t point_ord, json_t *items,
                         pl_error *err)
{
	size_t k;
	json_t *item;
	json_array_foreach(items, k, item)
	{
		uint8_t buffer[PL_HASH_BYTES];
		const uint8_t *text;
		const char *label = json_string_value(json_object_get(item, "label"));
		if (!label || hash_field(item, "text", buffer, &text) || !text)
			return bad_payload(v->event, "malformed sub-item", err);
		int rc = pl_store_item_insert(store, v->doc, v->number, point_ord, (int64_t)k,
		                              label, text, err);
		if (rc)
			return rc;
	}
	return 0;
}

static int project_points(pl_store *store, const version_event *v, json_t *points,
                          int64_t *next_serial, pl_error *err)
{
	size_t i;
	json_t *point;
	json_array_foreach(points, i, point)
	{
		uint8_t buffer[PL_HASH_BYTES];
		const uint8_t *text;
		const char *id = json_string_value(json_object_get(point, "id"));
		const char *label = json_string_value(json_object_get(point, "label"));
		json_t *part = json_object_get(point, "part");
		if (!id || !label || hash_field(point, "text", buffer, &text) || !text ||
		    !(json_is_integer(part) || json_is_null(part)))
			return bad_payload(v->event, "malformed point", err);
		int64_t part_index = json_is_integer(part) ? json_integer_value(part) : -1;
		int rc = pl_store_point_insert(store, v->doc, v->number, (int64_t)i, id, label,
		                               part_index, text, err);
		if (rc == 0)
			rc = project_items(store, v, (int64_t)i, json_object_get(point, "items"),
			                   err);
		if (rc)
			return rc;
		int64_t serial = point_serial(id);
		if (serial >= *next_serial)
			*next_serial = serial + 1;
	}
	return 0;
}

static int project_parts(pl_store *store, const version_event *v, json_t *parts, pl_error *err)
{
	size_t i;
	json_t *part;
	json_array_foreach(parts, i, part)
	{
		uint8_t heading_buffer[PL_HASH_BYTES], intro_buffer[PL_HASH_BYTES];
		const uint8_t *heading, *intro;
		if (hash_field(part, "heading", heading_buffer, &heading) || !heading ||
		    hash_field(part, "intro", intro_buffer, &intro))
			return bad_payload(v->event, "malformed part", err);
		int rc =
		    pl_store_part_insert(store, v->doc, v->number, (int64_t)i, heading, intro, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The document a version event belongs to, created by its first version. */
static int version_document(pl_store *store, const pl_store_event *event, const char *name,
                            pl_store_document *doc, pl_error *err)
{
	int rc = pl_store_document_find(store, name, doc, err);
	if (rc != PL_ENOTFOUND)
		return rc;
	int64_t id;
	rc = pl_store_document_insert(store, name, event->track, event->id, &id, err);
	if (rc == 0)
		rc = pl_store_document_find(store, name, doc, err);
	return rc;
}

/* The version's row, after the document's (created by its first version);
 * the parts and points go in between this and close_version. */
static int open_version(pl_store *store, const pl_store_event *event, const char *name, int number,
                        pl_store_version *version, version_event *v, int64_t *next_serial,
                        pl_error *err)
{
	pl_store_document doc;
	int rc = version_document(store, event, name, &doc, err);
	if (rc)
		return rc;
	*v = (version_event){event, doc.id, number};
	if (v->number != doc.latest + 1)
		rc = bad_payload(event, "version number out of sequence", err);
	version->doc = doc.id;
	version->number = v->number;
	*next_serial = doc.next_point;
	if (rc == 0)
		rc = pl_store_version_insert(store, version, err);
	pl_store_document_clear(&doc);
	return rc;
}

static int project_version(pl_store *store, const pl_store_event *event, json_t *payload,
                           pl_error *err)
{
	const char *name = json_string_value(json_object_get(payload, "document"));
	json_t *number = json_object_get(payload, "number");
	json_t *points = json_object_get(payload, "points");
	json_t *parts = json_object_get(payload, "parts");
	uint8_t title_buffer[PL_HASH_BYTES], preamble_buffer[PL_HASH_BYTES];
	pl_store_version version = {.event = event->id, .created_at = event->at};
	if (!name || !json_is_integer(number) || !json_is_array(points) || !json_is_array(parts) ||
	    hash_field(payload, "title", title_buffer, &version.title) ||
	    hash_field(payload, "preamble", preamble_buffer, &version.preamble))
		return bad_payload(event, "malformed version", err);
	version.source = json_string_value(json_object_get(payload, "source"));
	version.point_count = (int64_t)json_array_size(points);
	version_event v;
	int64_t next_serial;
	int rc = open_version(store, event, name, (int)json_integer_value(number), &version, &v,
	                      &next_serial, err);
	if (rc == 0)
		rc = project_parts(store, &v, parts, err);
	if (rc == 0)
		rc = project_points(store, &v, points, &next_serial, err);
	if (rc == 0)
		rc = pl_store_document_update(store, v.doc, v.number, next_serial, err);
	return rc;
}

/* --- a version from its document model ---------------------------------- */

/* A text's hash in buffer, or NULL for no text: what the payload names. */
static const uint8_t *text_hash(const char *text, uint8_t buffer[PL_HASH_BYTES])
{
	if (!text)
		return NULL;
	pl_hash(buffer, text, strlen(text));
	return buffer;
}

static int doc_point(pl_store *store, const version_event *v, size_t i, const pl_point *point,
                     int64_t *next_serial, pl_error *err)
{
	uint8_t buffer[PL_HASH_BYTES];
	const uint8_t *text = text_hash(point->text, buffer);
	if (!point->id || !point->label || !text)
		return bad_payload(v->event, "malformed point", err);
	int64_t part = point->part == PL_NO_PART ? -1 : (int64_t)point->part;
	int rc = pl_store_point_insert(store, v->doc, v->number, (int64_t)i, point->id,
	                               point->label, part, text, err);
	for (size_t k = 0; rc == 0 && k < point->item_count; k++) {
		text = text_hash(point->items[k].text, buffer);
		if (!point->items[k].label || !text)
			return bad_payload(v->event, "malformed sub-item", err);
		rc = pl_store_item_insert(store, v->doc, v->number, (int64_t)i, (int64_t)k,
		                          point->items[k].label, text, err);
	}
	int64_t serial = point_serial(point->id);
	if (serial >= *next_serial)
		*next_serial = serial + 1;
	return rc;
}

int pl_project_version_doc(pl_store *store, const pl_store_event *event, const char *name,
                           int number, const pl_doc *doc, const char *source, pl_error *err)
{
	uint8_t title_buffer[PL_HASH_BYTES], preamble_buffer[PL_HASH_BYTES];
	pl_store_version version = {.event = event->id,
	                            .created_at = event->at,
	                            .title = text_hash(doc->title, title_buffer),
	                            .preamble = text_hash(doc->preamble, preamble_buffer),
	                            .source = source,
	                            .point_count = (int64_t)doc->point_count};
	version_event v;
	int64_t next_serial;
	int rc = open_version(store, event, name, number, &version, &v, &next_serial, err);
	for (size_t i = 0; rc == 0 && i < doc->part_count; i++) {
		uint8_t heading_buffer[PL_HASH_BYTES], intro_buffer[PL_HASH_BYTES];
		const uint8_t *heading = text_hash(doc->parts[i].heading, heading_buffer);
		if (!heading)
			return bad_payload(event, "malformed part", err);
		rc = pl_store_part_insert(store, v.doc, v.number, (int64_t)i, heading,
		                          text_hash(doc->parts[i].intro, intro_buffer), err);
	}
	for (size_t i = 0; rc == 0 && i < doc->point_count; i++)
		rc = doc_point(store, &v, i, &doc->points[i], &next_serial, err);
	if (rc == 0)
		rc = pl_store_document_update(store, v.doc, v.number, next_serial, err);
	return rc;
}

static const char *field(json_t *payload, const char *key)
{
	return json_string_value(json_object_get(payload, key));
}

static int project_party(pl_store *store, const pl_store_event *event, json_t *payload,
                         pl_error *err)
{
	if (!field(payload, "code") || !field(payload, "name"))
		return bad_payload(event, "malformed party", err);
	return pl_store_party_insert(store, field(payload, "code"), field(payload, "name"),
	                             event->id, err);
}

static int project_delegate(pl_store *store, const pl_store_event *event, json_t *payload,
                            pl_error *err)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *hex = field(payload, "public_key");
	if (!field(payload, "name") || !field(payload, "party") || !field(payload, "role") ||
	    !hex || pl_unhex(key, sizeof key, hex))
		return bad_payload(event, "malformed delegate", err);
	return pl_store_delegate_insert(store, field(payload, "name"), field(payload, "party"),
	                                field(payload, "role"), key, event->id, err);
}

static int add_member(pl_store *store, const pl_store_event *event, const char *party,
                      pl_error *err)
{
	return pl_store_member_insert(store, event->track, party, event->seq, event->at, err);
}

static int project_track(pl_store *store, const pl_store_event *event, json_t *payload,
                         pl_error *err)
{
	json_t *members = json_object_get(payload, "members");
	const char *name = field(payload, "name");
	const char *salt = field(payload, "salt");
	if (!name || !salt || strcmp(name, event->track) != 0 || !json_is_array(members))
		return bad_payload(event, "malformed track", err);
	int rc = pl_store_track_insert(store, name, event->at, event->actor ? event->actor : "",
	                               salt, err);
	size_t i;
	json_t *member;
	json_array_foreach(members, i, member)
	{
		if (rc == 0 && !json_is_string(member))
			rc = bad_payload(event, "malformed track member", err);
		if (rc == 0)
			rc = add_member(store, event, json_string_value(member), err);
	}
	return rc;
}

static int project_join(pl_store *store, const pl_store_event *event, json_t *payload,
                        pl_error *err)
{
	if (!field(payload, "party"))
		return bad_payload(event, "malformed track membership", err);
	return add_member(store, event, field(payload, "party"), err);
}

void pl_track_reference(char out[PL_HASH_HEX], const char *name, const char *salt)
{
	uint8_t hash[PL_HASH_BYTES];
	pl_hash2(hash, salt, strlen(salt), name, strlen(name));
	pl_hex(out, hash, PL_HASH_BYTES);
}

typedef struct track_lookup {
	const char *reference;
	char name[128];
} track_lookup;

static int match_track(void *context, const char *name, const char *salt, pl_error *err)
{
	track_lookup *t = context;
	char reference[PL_HASH_HEX];
	(void)err;
	pl_track_reference(reference, name, salt);
	if (strcmp(reference, t->reference) == 0)
		snprintf(t->name, sizeof t->name, "%s", name);
	return 0;
}

/* The track a circulation came from: the plenary by name, any other by its
 * opaque reference, which only the tables (and the track's members) can
 * resolve. */
static int resolve_from(pl_store *store, const char *from, char *out, size_t size, pl_error *err)
{
	if (strcmp(from, "plenary") == 0) {
		snprintf(out, size, "%s", from);
		return 0;
	}
	track_lookup t = {from, {0}};
	int rc = pl_store_tracks_foreach(store, match_track, &t, err);
	if (rc == 0 && !t.name[0])
		return PL_ENOTFOUND;
	snprintf(out, size, "%s", t.name);
	return rc;
}

static int project_circulate(pl_store *store, const pl_store_event *event, json_t *payload,
                             pl_error *err)
{
	pl_store_document doc;
	char from[128];
	json_t *number = json_object_get(payload, "number");
	if (!field(payload, "document") || !json_is_integer(number) || !field(payload, "from"))
		return bad_payload(event, "malformed circulation", err);
	if (resolve_from(store, field(payload, "from"), from, sizeof from, err) != 0)
		return bad_payload(event, "circulation from an unknown track", err);
	int rc = pl_store_document_find(store, field(payload, "document"), &doc, err);
	if (rc == PL_ENOTFOUND)
		return bad_payload(event, "circulation of an unknown document", err);
	if (rc == 0) {
		pl_store_circulation c = {event->track, event->seq,
		                          doc.id,       (int64_t)json_integer_value(number),
		                          from,         event->actor ? event->actor : "",
		                          event->at,    field(payload, "note")};
		rc = pl_store_circulation_insert(store, &c, err);
	}
	pl_store_document_clear(&doc);
	return rc;
}

/* The founding admits the convenor's party and the convenor. */
static int project_found(pl_store *store, const pl_store_event *event, json_t *payload,
                         pl_error *err)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *hex = field(payload, "public_key");
	if (!field(payload, "convenor") || !field(payload, "party") ||
	    !field(payload, "party_name") || !hex || pl_unhex(key, sizeof key, hex))
		return bad_payload(event, "malformed founding", err);
	int rc = pl_store_party_insert(store, field(payload, "party"), field(payload, "party_name"),
	                               event->id, err);
	if (rc == 0)
		rc = pl_store_delegate_insert(store, field(payload, "convenor"),
		                              field(payload, "party"), "lead", key, event->id, err);
	return rc;
}

/* Kinds whose effect lives only in the state of authority (keys, decision
 * rules, decisions), replayed from the events themselves. */
static int project_nothing(pl_store *store, const pl_store_event *event, json_t *payload,
                           pl_error *err)
{
	(void)store;
	(void)event;
	(void)payload;
	(void)err;
	return 0;
}

/* The record's own kinds, and those of authority whose projection is the
 * founding's delegate or nothing at all. */
const pl_projector pl_record_projectors[] = {
    {PL_EVENT_VERSION, project_version},   {PL_EVENT_PARTY, project_party},
    {PL_EVENT_DELEGATE, project_delegate}, {PL_EVENT_TRACK, project_track},
    {PL_EVENT_JOIN, project_join},         {PL_EVENT_CIRCULATE, project_circulate},
    {PL_EVENT_FOUND, project_found},       {PL_EVENT_KEY, project_nothing},
    {PL_EVENT_REVOKE, project_nothing},    {PL_EVENT_RULE, project_nothing},
    {PL_EVENT_DECIDE, project_nothing},    {PL_EVENT_INVITE, project_nothing},
    {PL_EVENT_ENROL, project_nothing},     {NULL, NULL},
};

const pl_projector *const pl_projector_tables[] = {
    pl_record_projectors,
    pl_talks_projectors,
    pl_meeting_projectors,
    NULL,
};

int pl_project_payload(pl_store *store, const pl_store_event *event, json_t *payload, pl_error *err)
{
	for (size_t t = 0; pl_projector_tables[t]; t++)
		for (const pl_projector *p = pl_projector_tables[t]; p->kind; p++)
			if (strcmp(event->kind, p->kind) == 0)
				return p->project(store, event, payload, err);
	return bad_payload(event, "unknown kind of event", err);
}

int pl_project_event(pl_store *store, const pl_store_event *event, pl_error *err)
{
	json_error_t json_err;
	json_t *payload = json_loads(event->payload, 0, &json_err);
	if (!payload)
		return bad_payload(event, "payload is not JSON", err);
	int rc = pl_project_payload(store, event, payload, err);
	json_decref(payload);
	return rc;
}
