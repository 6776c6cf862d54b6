/* talks.c — amendments on the record: tabling, listing, deciding,
 * accepting with carry-over (parley/talks.h). */
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/talks.h"
#include "project_int.h"
#include "store_talks_int.h"
#include "talks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- operations as JSON ------------------------------------------------ */

json_t *pl_ops_to_json(const pl_amendment *a)
{
	json_t *ops = json_array();
	for (size_t i = 0; i < a->op_count; i++) {
		const pl_amend_op *op = &a->ops[i];
		json_t *o = json_pack("{s:s}", "op", pl_op_name(op->kind));
		if (op->point)
			json_object_set_new(o, "point", json_string(op->point));
		if (op->item)
			json_object_set_new(o, "item", json_string(op->item));
		if (op->kind == PL_OP_EDIT) {
			json_object_set_new(o, "start", json_integer((json_int_t)op->start));
			json_object_set_new(o, "end", json_integer((json_int_t)op->end));
		}
		if (op->after)
			json_object_set_new(o, "after", json_string(op->after));
		if ((op->kind == PL_OP_INSERT || op->kind == PL_OP_MOVE) && !op->after)
			json_object_set_new(o, "part",
			                    op->part == PL_NO_PART
			                        ? json_null()
			                        : json_integer((json_int_t)op->part));
		if (op->kind == PL_OP_RENAME_PART)
			json_object_set_new(o, "part", json_integer((json_int_t)op->part));
		if (op->label)
			json_object_set_new(o, "label", json_string(op->label));
		if (op->text)
			json_object_set_new(o, "text", json_string(op->text));
		json_array_append_new(ops, o);
	}
	return ops;
}

static char *dup_field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? pl_strdup(s) : NULL;
}

pl_amendment *pl_ops_from_json(const char *id, json_t *ops)
{
	pl_amendment *a = pl_amendment_new(id);
	size_t i;
	json_t *o;
	json_array_foreach(ops, i, o)
	{
		const char *name = json_string_value(json_object_get(o, "op"));
		pl_op_kind kind = PL_OP_COUNT;
		for (int k = 0; k < PL_OP_COUNT && name; k++)
			if (strcmp(name, pl_op_name((pl_op_kind)k)) == 0)
				kind = (pl_op_kind)k;
		pl_amend_op *op = pl_amendment_add_op(a, kind, NULL, NULL);
		op->point = dup_field(o, "point");
		op->item = dup_field(o, "item");
		op->after = dup_field(o, "after");
		op->label = dup_field(o, "label");
		op->text = dup_field(o, "text");
		op->start = (size_t)json_integer_value(json_object_get(o, "start"));
		op->end = (size_t)json_integer_value(json_object_get(o, "end"));
		json_t *part = json_object_get(o, "part");
		op->part = json_is_integer(part) ? (size_t)json_integer_value(part) : PL_NO_PART;
	}
	return a;
}

/* --- records ---------------------------------------------------------- */

void pl_amendment_record_free_array(pl_amendment_record *records, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		pl_amendment_record *r = &records[i];
		free(r->id);
		free(r->document);
		free(r->party);
		free(r->delegate);
		free(r->track);
		free(r->at);
		free(r->justification);
		free(r->parent);
		free(r->status);
		free(r->note);
		pl_amendment_free(r->amendment);
	}
	free(records);
}

typedef struct record_list {
	pl_negotiation *n;
	const char *document;
	pl_amendment_record *items;
	size_t count, capacity;
} record_list;

static char *text_or_null(const char *text)
{
	return text ? pl_strdup(text) : NULL;
}

static int add_record(void *context, const pl_store_amendment *a, pl_error *err)
{
	record_list *l = context;
	(void)err;
	if (!pl_neg_sees(l->n, a->track, a->seq))
		return 0;
	l->items = pl_grow(l->items, &l->capacity, l->count + 1, sizeof *l->items);
	pl_amendment_record *r = &l->items[l->count++];
	memset(r, 0, sizeof *r);
	r->id = pl_strdup(a->id);
	r->document = pl_strdup(l->document);
	r->track = pl_strdup(a->track);
	r->base = (int)a->base;
	r->party = pl_strdup(a->party);
	r->delegate = text_or_null(a->delegate);
	r->justification = text_or_null(a->justification);
	r->parent = text_or_null(a->parent);
	r->status = pl_strdup(a->status);
	r->note = text_or_null(a->note);
	r->at = pl_strdup(a->at);
	json_t *ops = json_loads(a->ops, 0, NULL);
	r->amendment = pl_ops_from_json(r->id, ops);
	json_decref(ops);
	return 0;
}

int pl_talks_records(pl_negotiation *n, int64_t doc, const char *document, int base,
                     int pending_only, pl_amendment_record **out, size_t *count, pl_error *err)
{
	record_list l = {n, document, NULL, 0, 0};
	/* pending_only 2: what was on the table while version base was current
	 * (PL_STORE_AMEND_PENDING); 1: still tabled. */
	int which = pending_only == 2   ? PL_STORE_AMEND_PENDING
	            : pending_only == 1 ? PL_STORE_AMEND_TABLED
	                                : PL_STORE_AMEND_ALL;
	int rc = pl_store_amendments_foreach(n->store, doc, base, which, add_record, &l, err);
	if (rc) {
		pl_amendment_record_free_array(l.items, l.count);
		l.items = NULL;
		l.count = 0;
	}
	*out = l.items;
	*count = l.count;
	return rc;
}

int pl_amendment_list(pl_negotiation *n, const char *ref, pl_amendment_record **out, size_t *count,
                      pl_error *err)
{
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	int base = strchr(ref, '@') ? v.number : 0;
	return pl_talks_records(n, v.doc, v.name, base, 0, out, count, err);
}

/* --- tabling ----------------------------------------------------------- */

int64_t pl_neg_next_serial(pl_negotiation *n, int64_t doc)
{
	int64_t serial = 1;
	pl_store_next_point(n->store, doc, &serial, NULL);
	return serial;
}

int pl_version_load_number(pl_negotiation *n, const pl_resolved *v, int number, pl_doc **out,
                           pl_error *err)
{
	char ref[PL_NAME_MAX + 16];
	snprintf(ref, sizeof ref, "%s@%d", v->name, number);
	return pl_version_load(n, ref, out, NULL, err);
}

/* 1 when the amendment applies to base (checked on a copy). */
static int check_applies(const pl_doc *base, const pl_amendment *a, pl_error *err)
{
	pl_doc *copy = pl_doc_clone(base);
	int64_t serial = 1 << 30;
	int rc = pl_amendment_apply(copy, a, &serial, err);
	if (rc == 0 && copy->point_count == 0)
		rc = pl_error_set(err, PL_EINVALID, "the amendment would leave no point at all");
	pl_doc_free(copy);
	return rc;
}

static int next_id(pl_negotiation *n, int64_t doc, const char *track, char *out, size_t size,
                   pl_error *err)
{
	int64_t count = 0;
	int rc = pl_store_amendment_count(n->store, doc, track, &count, err);
	if (strcmp(track, PL_PLENARY) == 0)
		snprintf(out, size, "A%lld", (long long)count + 1);
	else
		snprintf(out, size, "%s:A%lld", track, (long long)count + 1);
	return rc;
}

static int pending_parent(pl_negotiation *n, const pl_resolved *v, const char *parent,
                          pl_error *err)
{
	pl_amendment_record *records;
	size_t count;
	int rc = pl_talks_records(n, v->doc, v->name, 0, 1, &records, &count, err);
	int found = 0;
	for (size_t i = 0; rc == 0 && i < count; i++)
		found |= strcmp(records[i].id, parent) == 0;
	pl_amendment_record_free_array(records, count);
	if (rc == 0 && !found)
		rc = pl_error_set(err, PL_ENOTFOUND, "no pending amendment %s on %s", parent,
		                  v->name);
	return rc;
}

static int table_locked(pl_negotiation *n, const pl_resolved *v, pl_amendment *a,
                        const char *justification, const char *parent, const char *track,
                        char *id_out, size_t id_size, pl_error *err)
{
	pl_doc *base = NULL;
	int rc = pl_version_load_number(n, v, v->number, &base, err);
	if (rc == 0)
		rc = check_applies(base, a, err);
	pl_doc_free(base);
	if (rc == 0 && parent)
		rc = pending_parent(n, v, parent, err);
	if (rc == 0)
		rc = next_id(n, v->doc, track, id_out, id_size, err);
	if (rc)
		return rc;
	free(a->id);
	a->id = pl_strdup(id_out);
	json_t *payload = json_pack("{s:s, s:i, s:s, s:s, s:o}", "document", v->name, "number",
	                            v->number, "id", id_out, "party",
	                            n->actor_party ? n->actor_party : "", "ops", pl_ops_to_json(a));
	json_object_set_new(payload, "justification",
	                    justification ? json_string(justification) : json_null());
	json_object_set_new(payload, "parent", parent ? json_string(parent) : json_null());
	rc = pl_neg_append(n, track, PL_EVENT_AMEND, payload, err);
	json_decref(payload);
	return rc;
}

int pl_amendment_table(pl_negotiation *n, const char *ref, pl_amendment *a,
                       const char *justification, const char *parent, const char *track,
                       char *id_out, size_t id_size, pl_error *err)
{
	pl_resolved v;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	if (v.number != v.latest)
		return pl_error_set(err, PL_ECONFLICT,
		                    "%s@%d is superseded by %s@%d: amend the latest version",
		                    v.name, v.number, v.name, v.latest);
	if (!a->op_count)
		return pl_error_set(err, PL_EINVALID, "an amendment needs at least one operation");
	char where[PL_NAME_MAX + 1];
	if (!track) {
		pl_neg_table_track(n, v.name, v.number, where, sizeof where);
		track = where;
	} else if (pl_neg_sees(n, track, 0) &&
	           !pl_neg_version_in_track(n, v.name, v.number, track)) {
		/* Tabling it there would show the version's name and words to a
		 * track that was never given it. */
		return pl_error_set(err, PL_EINVALID,
		                    "%s@%d is not readable in track %s: circulate it there first",
		                    v.name, v.number, track);
	}
	if ((rc = pl_neg_begin(n, err)))
		return rc;
	return pl_neg_end(
	    n, table_locked(n, &v, a, justification, parent, track, id_out, id_size, err), err);
}

/* --- deciding ---------------------------------------------------------- */

static int find_record(pl_negotiation *n, const pl_resolved *v, const char *id,
                       pl_amendment_record **records, size_t *count, size_t *index, pl_error *err)
{
	int rc = pl_talks_records(n, v->doc, v->name, 0, 0, records, count, err);
	for (*index = 0; rc == 0 && *index < *count; (*index)++)
		if (strcmp((*records)[*index].id, id) == 0)
			return 0;
	if (rc == 0)
		rc = pl_error_set(err, PL_ENOTFOUND, "no amendment %s on %s", id, v->name);
	return rc;
}

int pl_talks_status(pl_negotiation *n, const pl_amendment_record *r, const char *status,
                    const char *note, pl_error *err)
{
	json_t *payload =
	    json_pack("{s:s, s:s, s:s}", "document", r->document, "id", r->id, "status", status);
	json_object_set_new(payload, "note", note ? json_string(note) : json_null());
	int rc = pl_neg_append(n, r->track, PL_EVENT_AMEND_STATUS, payload, err);
	json_decref(payload);
	return rc;
}

int pl_talks_decision(pl_negotiation *n, const pl_amendment_record *r, const char *decision,
                      const char *note, pl_error *err)
{
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s}", "document", r->document, "id", r->id,
	                            "party", n->actor_party, "decision", decision);
	json_object_set_new(payload, "note", note ? json_string(note) : json_null());
	int rc = pl_neg_append(n, r->track, PL_EVENT_DECIDE, payload, err);
	json_decref(payload);
	return rc;
}

void pl_talks_tally(pl_negotiation *n, const char *document, const char *id, const char *decision,
                    pl_tally *out)
{
	pl_auth_tally t;
	memset(out, 0, sizeof *out);
	if (pl_auth_tally_of(n->auth, document, id, decision, &t) != 0)
		return;
	snprintf(out->rule, sizeof out->rule, "%s", t.rule);
	out->in_favour = t.in_favour;
	out->members = t.members;
	out->met = t.met;
}

static int decide_locked(pl_negotiation *n, const pl_resolved *v, const char *id,
                         const char *status, const char *note, pl_tally *tally, pl_error *err)
{
	pl_amendment_record *records;
	size_t count, i;
	int rc = find_record(n, v, id, &records, &count, &i, err);
	if (rc == 0 && strcmp(records[i].status, PL_STATUS_TABLED) != 0 &&
	    strcmp(records[i].status, PL_STATUS_REVISE) != 0)
		rc = pl_error_set(err, PL_ECONFLICT, "%s is %s already", id, records[i].status);
	int withdraw = strcmp(status, PL_STATUS_WITHDRAWN) == 0;
	if (rc == 0 && withdraw && n->has_actor && strcmp(records[i].party, n->actor_party) != 0)
		rc = pl_error_set(err, PL_EDENIED, "only %s can withdraw %s", records[i].party, id);
	if (rc == 0 && withdraw) {
		rc = pl_talks_status(n, &records[i], status, note, err);
	} else if (rc == 0) {
		const char *decision =
		    strcmp(status, PL_STATUS_REJECTED) == 0 ? "reject" : "supersede";
		rc = pl_talks_decision(n, &records[i], decision, note, err);
		pl_tally t;
		pl_talks_tally(n, v->name, id, decision, &t);
		if (rc == 0 && t.met)
			rc = pl_talks_status(n, &records[i], status, note, err);
		if (tally)
			*tally = t;
	}
	pl_amendment_record_free_array(records, count);
	return rc;
}

int pl_amendment_decide(pl_negotiation *n, const char *document, const char *id, const char *status,
                        const char *note, pl_tally *tally, pl_error *err)
{
	if (tally)
		memset(tally, 0, sizeof *tally);
	if (strcmp(status, PL_STATUS_WITHDRAWN) != 0 && strcmp(status, PL_STATUS_REJECTED) != 0 &&
	    strcmp(status, PL_STATUS_SUPERSEDED) != 0)
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a decision (withdrawn, rejected, superseded; "
		                    "accept with 'parley amendment accept')",
		                    status);
	pl_resolved v;
	int rc = pl_neg_resolve(n, document, &v, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, decide_locked(n, &v, id, status, note, tally, err), err);
}
