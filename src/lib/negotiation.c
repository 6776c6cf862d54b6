/* negotiation.c — documents and versions as events (see negotiation.h). */
#include "parley/negotiation.h"
#include "event_int.h"
#include "integrity_int.h"
#include "negotiation_int.h"
#include "match_int.h"
#include "parley/clock.h"
#include "parley/mem.h"
#include "project_int.h"
#include "store_log_int.h"
#include "version_payload_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Opens a handle: its state replayed from the record, or (like) taken
 * from another handle on the same database. */
static int open_handle(pl_negotiation **out, const pl_open_options *options,
                       const pl_negotiation *like, pl_error *err)
{
	*out = NULL;
	/* A fixed clock is signed into every event's time: its form is checked
	 * here, for every front end, before anything is opened. */
	if (options->clock && pl_clock_check(options->clock, "the clock", err))
		return PL_EINVALID;
	pl_store_open_options store_options = {
	    .path = options->path,
	    .create = options->create,
	    .read_only = options->read_only,
	    .busy_timeout_ms = options->busy_timeout_ms,
	};
	pl_store *store;
	int rc = pl_store_open(&store, &store_options, err);
	if (rc)
		return rc;
	pl_negotiation *n = pl_calloc(1, sizeof *n);
	n->store = store;
	n->clock = options->clock ? pl_strdup(options->clock) : NULL;
	n->keys_dir = options->keys_dir ? pl_strdup(options->keys_dir) : NULL;
	n->key_file = options->key_file ? pl_strdup(options->key_file) : NULL;
	rc = like ? pl_neg_take_state(n, like, err) : pl_neg_load_identity(n, options->create, err);
	if (rc == 0 && options->actor)
		rc = pl_neg_set_actor(n, options->actor, err);
	if (rc) {
		pl_negotiation_close(n);
		return rc;
	}
	*out = n;
	return 0;
}

int pl_negotiation_open(pl_negotiation **out, const pl_open_options *options, pl_error *err)
{
	return open_handle(out, options, NULL, err);
}

int pl_negotiation_open_sibling(const pl_negotiation *n, const pl_open_options *options,
                                pl_negotiation **out, pl_error *err)
{
	if (n->batch || n->preparing || options->create)
		return pl_error_set(err, PL_EINVALID,
		                    "a sibling handle is opened from a handle at rest, on a "
		                    "negotiation that exists");
	return open_handle(out, options, n, err);
}

void pl_negotiation_close(pl_negotiation *n)
{
	if (!n)
		return;
	pl_neg_prepare_drop(n);
	pl_store_close(n->store);
	pl_neg_forget(n);
	pl_keypair_wipe(&n->key);
	free(n->clock);
	free(n->keys_dir);
	free(n->key_file);
	pl_auth_free(n->auth);
	free(n->first_bad);
	free(n->actor);
	free(n->actor_party);
	free(n->actor_role);
	free(n);
}

void pl_version_info_clear(pl_version_info *info)
{
	if (!info)
		return;
	free(info->document);
	free(info->track);
	free(info->created_at);
	free(info->source);
	free(info->title);
	memset(info, 0, sizeof *info);
}

void pl_version_info_free_array(pl_version_info *infos, size_t count)
{
	for (size_t i = 0; i < count; i++)
		pl_version_info_clear(&infos[i]);
	free(infos);
}

int pl_document_name_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > PL_NAME_MAX || !isalnum((unsigned char)name[0]))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!(isalnum(c) || c == '.' || c == '_' || c == '-') || c >= 0x80)
			return 0;
	}
	return 1;
}

int pl_ref_parse(const char *ref, char name[PL_NAME_MAX + 1], int *number, pl_error *err)
{
	const char *at = strrchr(ref, '@');
	size_t len = at ? (size_t)(at - ref) : strlen(ref);
	*number = 0;
	if (len > PL_NAME_MAX)
		return pl_error_set(err, PL_EINVALID, "document name too long (max %d bytes)",
		                    PL_NAME_MAX);
	memcpy(name, ref, len);
	name[len] = '\0';
	if (!pl_document_name_valid(name))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a document name (letters, digits, '.', '_', '-')",
		                    name);
	if (!at)
		return 0;
	char *end;
	errno = 0;
	long value = strtol(at + 1, &end, 10);
	if (!isdigit((unsigned char)at[1]) || *end || errno || value < 1 || value > INT_MAX)
		return pl_error_set(err, PL_EINVALID, "'%s' is not a version (use DOC or DOC@N)",
		                    ref);
	*number = (int)value;
	return 0;
}

/* --- import --------------------------------------------------------- */

static int load_version(pl_negotiation *n, const pl_store_document *doc, int number, pl_doc **out,
                        pl_version_info *info, pl_error *err);

typedef struct version_source {
	const char *name;
	int number;
	const pl_doc *doc;
	const char *source;
} version_source;

static int project_from_doc(void *context, pl_store *store, const pl_store_event *event,
                            pl_error *err)
{
	const version_source *v = context;
	return pl_project_version_doc(store, event, v->name, v->number, v->doc, v->source, err);
}

/* A version's payload from this size on is written in pieces, where the
 * store can take it so: below it, the copies cost little, and the payload
 * stays text in SQLite's file (a streamed one is stored as a BLOB). */
#define STREAM_FROM ((size_t)1 << 20)

/* pl_event_writer of a version's payload: the texts are stored on the
 * first pass only. */
typedef struct version_writer {
	const pl_version_payload *payload;
	pl_store *store;
} version_writer;

static int write_version(void *context, int pass, pl_event_sink *sink, pl_error *err)
{
	const version_writer *w = context;
	pl_buf piece = PL_BUF_INIT;
	int rc = pl_version_payload_put(w->payload, &piece, pass == 1 ? w->store : NULL, sink, err);
	pl_buf_free(&piece);
	return rc;
}

/* The fields the rules read of a version's payload (pl_auth_step): what
 * they would read of its text. */
static json_t *version_rule_fields(const char *name, int number, const json_t *extra)
{
	json_t *fields = json_pack("{s:s, s:i}", "document", name, "number", (json_int_t)number);
	if (fields && extra)
		json_object_update(fields, (json_t *)extra);
	return fields;
}

int pl_neg_append_version(pl_negotiation *n, const char *name, int number, const char *track,
                          const pl_doc *doc, const char *source, json_t *extra, pl_error *err)
{
	/* The payload is written as the canonical text it is signed as (a
	 * tree of a large plan took many times its size), and the tables are
	 * filled from the document model, not parsed back from it. */
	pl_version_payload payload;
	int rc = pl_version_payload_prepare(&payload, name, number, doc, source, extra, err);
	version_source v = {name, number, doc, source};
	if (rc == 0 && payload.length >= STREAM_FROM && !n->preparing &&
	    pl_store_can_stream_payload(n->store)) {
		/* Held neither whole here nor in SQLite's record of the row. */
		version_writer w = {&payload, n->store};
		json_t *fields = version_rule_fields(name, number, extra);
		rc = fields ? pl_neg_append_stream(n, track, PL_EVENT_VERSION, payload.length,
		                                   write_version, &w, fields, project_from_doc, &v,
		                                   err)
		            : pl_error_set(err, PL_EINVALID, "a field of a version cannot be read");
		json_decref(fields);
		pl_version_payload_release(&payload);
		return rc;
	}
	pl_buf text = PL_BUF_INIT;
	if (rc == 0)
		rc = pl_version_payload_put(&payload, &text, n->store, NULL, err);
	pl_version_payload_release(&payload);
	if (rc) {
		pl_buf_free(&text);
		return rc;
	}
	size_t len = text.len;
	return pl_neg_append_text(n, track, PL_EVENT_VERSION, pl_buf_detach(&text), len,
	                          project_from_doc, &v, err);
}

/* A document's home track, from the verified state. */
static const char *home_of(const pl_negotiation *n, const char *document)
{
	int64_t seq;
	const char *home = pl_auth_place(n->auth, document, 1, 0, &seq);
	return home ? home : PL_PLENARY;
}

static int import_locked(pl_negotiation *n, const pl_import_options *options, pl_doc *doc,
                         pl_import_result *result, pl_error *err)
{
	pl_store_document existing;
	int rc = pl_store_document_find(n->store, options->document, &existing, err);
	if (rc && rc != PL_ENOTFOUND)
		return rc;
	pl_doc *previous = NULL;
	int64_t next_serial = 1;
	const char *track = options->track ? options->track : PL_PLENARY;
	if (rc == 0) {
		next_serial = existing.next_point;
		/* A document the importer cannot see is not named: its name is
		 * simply not available. */
		if (!pl_neg_sees_version(n, existing.name, existing.latest))
			rc = pl_error_set(err, PL_ECONFLICT,
			                  "the document name '%s' is not available",
			                  options->document);
		else if (!pl_neg_sees(n, home_of(n, options->document), 0))
			/* The home track is not named: the importer is not in it. */
			rc = pl_error_set(err, PL_EDENIED,
			                  "%s is drafted in a track your party is not a member of: "
			                  "propose changes to it as amendments (parley amend)",
			                  options->document);
		else if (options->track &&
		         strcmp(options->track, home_of(n, options->document)) != 0)
			rc = pl_error_set(err, PL_EINVALID,
			                  "%s is drafted in track %s; its versions stay there "
			                  "(circulate them to share)",
			                  options->document, home_of(n, options->document));
		else
			rc = load_version(n, &existing, existing.latest, &previous, NULL, err);
		track = home_of(n, options->document);
	} else {
		rc = 0;
	}
	if (rc == 0 && previous && pl_doc_equal(previous, doc, 0)) {
		result->unchanged = 1;
		result->number = existing.latest;
		result->points = doc->point_count;
		result->carried = doc->point_count;
	} else if (rc == 0) {
		pl_match_stats stats;
		pl_match_ids(doc, previous, &next_serial, &stats);
		result->number = previous ? existing.latest + 1 : 1;
		result->points = doc->point_count;
		result->carried = stats.carried;
		result->added = stats.added;
		rc = pl_neg_append_version(n, options->document, result->number, track, doc,
		                           options->source, NULL, err);
	}
	pl_doc_free(previous);
	if (existing.name)
		pl_store_document_clear(&existing);
	return rc;
}

int pl_document_import(pl_negotiation *n, const pl_import_options *options, pl_doc *doc,
                       pl_import_result *result, pl_error *err)
{
	memset(result, 0, sizeof *result);
	if (!options->document || !pl_document_name_valid(options->document))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a document name (letters, digits, '.', '_', '-')",
		                    options->document ? options->document : "");
	int rc = pl_doc_validate(doc, err);
	if (rc)
		return rc;
	if (options->title)
		pl_doc_set_title(doc, options->title);
	rc = pl_neg_begin(n, err);
	if (rc == 0)
		rc = pl_neg_end(n, import_locked(n, options, doc, result, err), err);
	return rc;
}

/* --- reading ---------------------------------------------------------- */

typedef struct loader {
	pl_negotiation *n;
	pl_doc *doc;
	const pl_store_document *document;
	pl_version_info *info;
	size_t points; /* the version row's count of points */
} loader;

static char *dup_or_null(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

static void fill_info(pl_negotiation *n, pl_version_info *info, const pl_store_document *document,
                      const pl_store_version *version, const char *title)
{
	char track[PL_NAME_MAX + 1];
	pl_neg_visible_track(n, document->name, version->number, track, sizeof track);
	info->document = pl_strdup(document->name);
	info->track = pl_strdup(track);
	info->number = version->number;
	info->created_at = dup_or_null(version->created_at);
	info->source = dup_or_null(version->source);
	info->title = dup_or_null(title);
	info->point_count = (size_t)version->point_count;
}

static int on_version(void *context, const pl_store_version *version, const char *title,
                      pl_error *err)
{
	loader *l = context;
	(void)err;
	l->points = version->point_count > 0 ? (size_t)version->point_count : 0;
	if (l->info)
		fill_info(l->n, l->info, l->document, version, title);
	return 0;
}

void pl_neg_forget(pl_negotiation *n)
{
	pl_doc_free(n->cached);
	n->cached = NULL;
	pl_version_info_clear(&n->cached_info);
	n->cached_has_info = 0;
}

/* info for version number of document from what the cache keeps of its
 * row; the track is the viewer's, found again. */
static void fill_info_cached(pl_negotiation *n, pl_version_info *info,
                             const pl_store_document *document, int number)
{
	char track[PL_NAME_MAX + 1];
	pl_neg_visible_track(n, document->name, number, track, sizeof track);
	info->document = pl_strdup(document->name);
	info->track = pl_strdup(track);
	info->number = number;
	info->created_at = dup_or_null(n->cached_info.created_at);
	info->source = dup_or_null(n->cached_info.source);
	info->title = dup_or_null(n->cached_info.title);
	info->point_count = n->cached_info.point_count;
}

/* A version event's row, read where SQLite holds it (a payload of a big
 * version is megabytes: it is neither copied nor encoded again). */
typedef struct signed_version {
	pl_negotiation *n;
	const uint8_t *hash; /* what the verified state holds for the event */
	const char *name;
	int number;
	size_t points; /* how many points the tables say it has: room made */
	pl_doc *doc;
	int found; /* a row whose content hashes to it */
} signed_version;

static int read_signed_version(void *context, const pl_store_event *view, pl_error *err)
{
	signed_version *v = context;
	uint8_t hash[PL_HASH_BYTES];
	if (!view->track || !view->kind || !view->at || !view->payload ||
	    pl_event_hash(view, hash) != 0 || memcmp(hash, v->hash, PL_HASH_BYTES) != 0)
		return 0;
	v->found = 1;
	return pl_version_read(v->n->store, view->payload, v->name, v->number, v->points, &v->doc,
	                       err);
}

/* A version is read from its signed event (version_read.c), never from
 * the tables, which are an index: a row altered outside parley can never
 * put other words (or another track's draft) under a version's name. The
 * caller has checked that the viewer may read the version. */
static int read_version(pl_negotiation *n, const char *name, int number, size_t points,
                        pl_doc **out, pl_error *err)
{
	int64_t id;
	signed_version v = {.n = n, .name = name, .number = number, .points = points};
	int rc = 0;
	/* A handle that assumes it is current may have missed, for a moment,
	 * a version another process appended and the tables already show. */
	int known = pl_auth_version_event(n->auth, name, number, &id, &v.hash);
	if (!known && n->assume_current && pl_neg_catch_up(n, NULL) == 0)
		known = pl_auth_version_event(n->auth, name, number, &id, &v.hash);
	if (known) {
		memcpy(n->cached_event, v.hash, PL_HASH_BYTES);
		rc = pl_store_event_by_id(n->store, id, read_signed_version, &v, err);
	}
	if (rc == 0 && !v.found)
		rc =
		    pl_error_set(err, PL_EBADSIG,
		                 "%s@%d in the tables is not the version its signed event records: "
		                 "the database was altered outside parley (parley rebuild repairs "
		                 "the tables)",
		                 name, number);
	if (rc) {
		pl_doc_free(v.doc);
		return rc;
	}
	*out = v.doc;
	return 0;
}

static int load_version(pl_negotiation *n, const pl_store_document *document, int number,
                        pl_doc **out, pl_version_info *info, pl_error *err)
{
	if (n->cached && n->cached_doc == document->id && n->cached_number == number &&
	    (!info || n->cached_has_info)) {
		int64_t id;
		const uint8_t *event;
		if (pl_auth_version_event(n->auth, document->name, number, &id, &event) &&
		    memcmp(event, n->cached_event, PL_HASH_BYTES) == 0) {
			*out = pl_doc_clone(n->cached);
			if (info)
				fill_info_cached(n, info, document, number);
			return 0;
		}
		pl_neg_forget(n);
	}
	loader l = {.n = n, .document = document, .info = info};
	int rc = pl_store_versions_foreach(n->store, document->id, number, on_version, &l, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_ENOTFOUND, "%s has no version %d (latest is %d)",
		                  document->name, number, document->latest);
	if (rc == 0)
		rc = read_version(n, document->name, number, l.points, &l.doc, err);
	if (rc) {
		if (info)
			pl_version_info_clear(info);
		return rc;
	}
	*out = l.doc;
	int again = n->cached_doc == document->id && n->cached_number == number;
	pl_neg_forget(n);
	if (again) {
		n->cached = pl_doc_clone(l.doc);
		if (info) {
			n->cached_info.created_at = dup_or_null(info->created_at);
			n->cached_info.source = dup_or_null(info->source);
			n->cached_info.title = dup_or_null(info->title);
			n->cached_info.point_count = info->point_count;
			n->cached_has_info = 1;
		}
	}
	n->cached_doc = document->id;
	n->cached_number = number;
	return 0;
}

static int find_document(pl_negotiation *n, const char *name, pl_store_document *out, pl_error *err)
{
	int rc = pl_store_document_find(n->store, name, out, err);
	if (rc == PL_ENOTFOUND)
		return pl_error_set(err, rc, "no document named '%s'", name);
	return rc;
}

int pl_version_load(pl_negotiation *n, const char *ref, pl_doc **out, pl_version_info *info,
                    pl_error *err)
{
	*out = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	/* resolving found the document's row: its id, and the latest version
	 * the reader may see */
	pl_store_document document = {.id = v.doc, .name = v.name, .latest = v.latest};
	return load_version(n, &document, v.number, out, info, err);
}

typedef struct info_list {
	pl_negotiation *n;
	const pl_store_document *document;
	pl_version_info *items;
	size_t count, capacity;
} info_list;

static int collect_version(void *context, const pl_store_version *version, const char *title,
                           pl_error *err)
{
	info_list *list = context;
	(void)err;
	if (!pl_neg_sees_version(list->n, list->document->name, version->number))
		return 0;
	list->items = pl_grow(list->items, &list->capacity, list->count + 1, sizeof *list->items);
	pl_version_info *info = &list->items[list->count++];
	memset(info, 0, sizeof *info);
	fill_info(list->n, info, list->document, version, title);
	return 0;
}

static int collect_document(void *context, const pl_store_document *doc, pl_error *err)
{
	info_list *list = context;
	list->document = doc;
	for (int v = doc->latest; v >= 1; v--)
		if (pl_neg_sees_version(list->n, doc->name, v))
			return pl_store_versions_foreach(list->n->store, doc->id, v,
			                                 collect_version, list, err);
	return 0;
}

int pl_document_list(pl_negotiation *n, pl_version_info **out, size_t *count, pl_error *err)
{
	pl_neg_refresh(n);
	info_list list = {.n = n};
	int rc = pl_store_documents_foreach(n->store, collect_document, &list, err);
	if (rc) {
		pl_version_info_free_array(list.items, list.count);
		list.items = NULL;
		list.count = 0;
	}
	*out = list.items;
	*count = list.count;
	return rc;
}

int pl_version_list(pl_negotiation *n, const char *name, pl_version_info **out, size_t *count,
                    pl_error *err)
{
	*out = NULL;
	*count = 0;
	pl_store_document document;
	int rc = find_document(n, name, &document, err);
	if (rc)
		return rc;
	info_list list = {.n = n, .document = &document};
	rc = pl_store_versions_foreach(n->store, document.id, 0, collect_version, &list, err);
	pl_store_document_clear(&document);
	if (rc == 0 && list.count == 0)
		rc = pl_error_set(err, PL_ENOTFOUND, "no document named '%s'", name);
	if (rc) {
		pl_version_info_free_array(list.items, list.count);
		return rc;
	}
	*out = list.items;
	*count = list.count;
	return 0;
}

/* --- rebuild ---------------------------------------------------------- */

typedef struct replay {
	pl_negotiation *n;
	size_t events;
} replay;

static int replay_event(void *context, const pl_store_event *event, pl_error *err)
{
	replay *r = context;
	r->events += pl_neg_sees(r->n, event->track, event->seq);
	return pl_project_event(r->n->store, event, err);
}

/* Rebuild replays only a record that verifies, and names the first bad
 * event when the viewer may know its track. */
static int refuse_unsound(pl_negotiation *n, pl_error *err)
{
	if (!n->unsound)
		return 0;
	if (pl_neg_sees(n, n->first_bad->first_bad_track, 0))
		return pl_error_set(err, PL_EBADSIG,
		                    "the record does not verify, so it is not "
		                    "replayed: %s",
		                    n->first_bad->first_bad);
	return pl_error_set(err, PL_EBADSIG,
	                    "the record does not verify, so it is not replayed: an event in a "
	                    "track you are not a member of is bad (its members can name it)");
}

int pl_negotiation_rebuild(pl_negotiation *n, pl_rebuild_report *report, pl_error *err)
{
	memset(report, 0, sizeof *report);
	uint8_t before[PL_HASH_BYTES], after[PL_HASH_BYTES];
	replay r = {.n = n};
	pl_neg_forget(n);
	if (!n->has_actor)
		return pl_error_set(
		    err, PL_EDENIED,
		    "rebuild reads the record as a delegate: act as one (--as NAME)");
	int rc = pl_store_begin(n->store, err);
	if (rc == 0 && (rc = pl_neg_load_state(n, err)) == 0)
		rc = refuse_unsound(n, err);
	if (rc) {
		pl_store_rollback(n->store);
		return rc;
	}
	/* Tampered texts would replay into the same tables: refuse them. */
	rc = pl_integrity_texts(n, NULL, PL_INTEGRITY_EVERY_EVENT, err);
	if (rc == 0)
		rc = pl_store_projection_digest(n->store, before, err);
	if (rc == 0)
		rc = pl_store_clear_projections(n->store, err);
	if (rc == 0)
		rc = pl_store_events_foreach(n->store, replay_event, &r, err);
	if (rc == 0)
		rc = pl_store_projection_digest(n->store, after, err);
	if (rc == 0)
		rc = pl_store_commit(n->store, err);
	else
		pl_store_rollback(n->store);
	if (rc)
		return rc;
	report->events = r.events;
	report->identical = memcmp(before, after, PL_HASH_BYTES) == 0;
	pl_hex(report->before, before, PL_HASH_BYTES);
	pl_hex(report->after, after, PL_HASH_BYTES);
	return 0;
}
