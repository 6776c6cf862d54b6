/* authority_state.c — the state the rules of authority are judged against
 * (authority_int.h): parties, delegates and their keys, tracks with their
 * members and decision rules, where each version can be read, and each
 * amendment's decisions. authority.c holds the rules; this file only keeps
 * and answers. */
#include "authority_state_int.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pl_auth *pl_auth_new(int partial)
{
	pl_auth *a = pl_calloc(1, sizeof *a);
	a->partial = partial;
	pl_strmap_init(&a->doc_index);
	pl_strmap_init(&a->amendment_index);
	return a;
}

static void free_votes(auth_vote *votes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(votes[i].party);
		free(votes[i].decision);
	}
	free(votes);
}

static void free_documents(pl_auth *a)
{
	for (size_t i = 0; i < a->doc_count; i++) {
		auth_document *d = &a->docs[i];
		for (size_t v = 0; v < d->version_count; v++) {
			for (size_t p = 0; p < d->versions[v].count; p++)
				free(d->versions[v].places[p].track);
			free(d->versions[v].places);
		}
		free(d->versions);
		free(d->name);
		free(d->home);
	}
	free(a->docs);
	for (size_t i = 0; i < a->amendment_count; i++) {
		auth_amendment *m = &a->amendments[i];
		free(m->key);
		free(m->party);
		free(m->track);
		free(m->status);
		free(m->chair);
		free_votes(m->votes, m->vote_count);
	}
	free(a->amendments);
}

void pl_auth_free(pl_auth *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->party_count; i++)
		free(a->parties[i]);
	free(a->parties);
	for (size_t i = 0; i < a->delegate_count; i++) {
		free(a->delegates[i].name);
		free(a->delegates[i].party);
		free(a->delegates[i].role);
		free(a->delegates[i].keys);
	}
	free(a->delegates);
	for (size_t i = 0; i < a->track_count; i++) {
		auth_track *t = &a->tracks[i];
		for (size_t k = 0; k < t->member_count; k++)
			free(t->members[k].party);
		free(t->members);
		free(t->name);
		free(t->rule);
		free(t->chair_rule);
		free_votes(t->consents, t->consent_count);
	}
	free(a->tracks);
	free_documents(a);
	pl_strmap_free(&a->doc_index);
	pl_strmap_free(&a->amendment_index);
	free(a->convenor);
	free(a->convenor_party);
	pl_auth_adoption_close(a);
	for (size_t i = 0; i < a->invite_count; i++)
		free(a->invites[i].delegate);
	free(a->invites);
	free(a);
}

/* --- lookups ------------------------------------------------------------ */

int pl_auth_has_party(const pl_auth *a, const char *code)
{
	for (size_t i = 0; i < a->party_count; i++)
		if (strcmp(a->parties[i], code) == 0)
			return 1;
	return 0;
}

auth_delegate *pl_auth_find_delegate(const pl_auth *a, const char *name)
{
	for (size_t i = 0; name && i < a->delegate_count; i++)
		if (strcmp(a->delegates[i].name, name) == 0)
			return &a->delegates[i];
	return NULL;
}

auth_track *pl_auth_find_track(const pl_auth *a, const char *name)
{
	for (size_t i = 0; name && i < a->track_count; i++)
		if (strcmp(a->tracks[i].name, name) == 0)
			return &a->tracks[i];
	return NULL;
}

auth_document *pl_auth_find_document(const pl_auth *a, const char *name)
{
	size_t index;
	if (!name || !pl_strmap_get(&a->doc_index, name, strlen(name), &index))
		return NULL;
	return &a->docs[index];
}

auth_amendment *pl_auth_find_amendment(const pl_auth *a, const char *document, const char *id)
{
	if (!document || !id)
		return NULL;
	size_t len = strlen(document) + strlen(id) + 2, index;
	char *key = pl_malloc(len);
	memcpy(key, document, strlen(document));
	key[strlen(document)] = '\t';
	memcpy(key + strlen(document) + 1, id, strlen(id) + 1);
	int found = pl_strmap_get(&a->amendment_index, key, len - 1, &index);
	free(key);
	return found ? &a->amendments[index] : NULL;
}

/* --- changes ------------------------------------------------------------ */

void pl_auth_add_party(pl_auth *a, const char *code)
{
	a->parties =
	    pl_grow(a->parties, &a->party_capacity, a->party_count + 1, sizeof *a->parties);
	a->parties[a->party_count++] = pl_strdup(code);
}

auth_delegate *pl_auth_add_delegate(pl_auth *a, const char *name, const char *party,
                                    const char *role)
{
	a->delegates = pl_grow(a->delegates, &a->delegate_capacity, a->delegate_count + 1,
	                       sizeof *a->delegates);
	auth_delegate *d = &a->delegates[a->delegate_count++];
	memset(d, 0, sizeof *d);
	d->name = pl_strdup(name);
	d->party = pl_strdup(party);
	d->role = pl_strdup(role);
	return d;
}

void pl_auth_add_key(auth_delegate *d, const uint8_t *key)
{
	d->keys = pl_grow(d->keys, &d->key_capacity, d->key_count + 1, sizeof *d->keys);
	memcpy(d->keys[d->key_count].key, key, PL_PUBLIC_KEY_BYTES);
	d->keys[d->key_count++].revoked = 0;
}

auth_invite *pl_auth_find_invite(const pl_auth *a, const uint8_t *key)
{
	for (size_t i = 0; i < a->invite_count; i++)
		if (memcmp(a->invites[i].key, key, PL_PUBLIC_KEY_BYTES) == 0)
			return &a->invites[i];
	return NULL;
}

void pl_auth_add_invite(pl_auth *a, const char *delegate, const uint8_t *key, const char *expires)
{
	a->invites =
	    pl_grow(a->invites, &a->invite_capacity, a->invite_count + 1, sizeof *a->invites);
	auth_invite *i = &a->invites[a->invite_count++];
	memset(i, 0, sizeof *i);
	i->delegate = pl_strdup(delegate);
	memcpy(i->key, key, PL_PUBLIC_KEY_BYTES);
	snprintf(i->expires, sizeof i->expires, "%s", expires);
}

auth_track *pl_auth_add_track(pl_auth *a, const char *name, const char *rule)
{
	a->tracks = pl_grow(a->tracks, &a->track_capacity, a->track_count + 1, sizeof *a->tracks);
	auth_track *t = &a->tracks[a->track_count++];
	memset(t, 0, sizeof *t);
	t->name = pl_strdup(name);
	t->rule = pl_strdup(rule);
	return t;
}

void pl_auth_add_member(auth_track *t, const char *party, int64_t since)
{
	t->members =
	    pl_grow(t->members, &t->member_capacity, t->member_count + 1, sizeof *t->members);
	t->members[t->member_count].party = pl_strdup(party);
	t->members[t->member_count++].since = since;
}

auth_document *pl_auth_add_document(pl_auth *a, const char *name, const char *home)
{
	a->docs = pl_grow(a->docs, &a->doc_capacity, a->doc_count + 1, sizeof *a->docs);
	auth_document *d = &a->docs[a->doc_count];
	memset(d, 0, sizeof *d);
	d->name = pl_strdup(name);
	d->home = pl_strdup(home);
	pl_strmap_put(&a->doc_index, d->name, strlen(d->name), a->doc_count);
	a->doc_count++;
	return d;
}

void pl_auth_add_place(auth_version *v, const char *track, int64_t seq)
{
	v->places = pl_grow(v->places, &v->capacity, v->count + 1, sizeof *v->places);
	v->places[v->count].track = pl_strdup(track);
	v->places[v->count++].seq = seq;
}

auth_version *pl_auth_add_version(auth_document *d, const pl_store_event *e)
{
	d->versions =
	    pl_grow(d->versions, &d->version_capacity, d->version_count + 1, sizeof *d->versions);
	auth_version *v = &d->versions[d->version_count++];
	memset(v, 0, sizeof *v);
	if (!e)
		return v; /* a version this reader was never shown: no place */
	v->event = e->id;
	if (e->hash)
		memcpy(v->hash, e->hash, PL_HASH_BYTES);
	pl_auth_add_place(v, e->track, e->seq);
	return v;
}

auth_amendment *pl_auth_add_amendment(pl_auth *a, const char *document, const char *id,
                                      const char *party, const char *track, int base)
{
	a->amendments = pl_grow(a->amendments, &a->amendment_capacity, a->amendment_count + 1,
	                        sizeof *a->amendments);
	auth_amendment *m = &a->amendments[a->amendment_count];
	memset(m, 0, sizeof *m);
	size_t len = strlen(document) + strlen(id) + 2;
	m->key = pl_malloc(len);
	memcpy(m->key, document, strlen(document));
	m->key[strlen(document)] = '\t';
	memcpy(m->key + strlen(document) + 1, id, strlen(id) + 1);
	m->party = pl_strdup(party);
	m->track = pl_strdup(track);
	m->status = pl_strdup("tabled");
	m->base = base;
	pl_strmap_put(&a->amendment_index, m->key, len - 1, a->amendment_count);
	a->amendment_count++;
	return m;
}

/* Records party's latest decision in votes (a reversal replaces it). */
void pl_auth_vote(auth_vote **votes, size_t *count, size_t *capacity, const char *party,
                  const char *decision)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*votes)[i].party, party) == 0) {
			free((*votes)[i].decision);
			(*votes)[i].decision = pl_strdup(decision);
			return;
		}
	*votes = pl_grow(*votes, capacity, *count + 1, sizeof **votes);
	(*votes)[*count].party = pl_strdup(party);
	(*votes)[(*count)++].decision = pl_strdup(decision);
}

void pl_auth_set(char **field, const char *value)
{
	free(*field);
	*field = value ? pl_strdup(value) : NULL;
}

void pl_auth_adoption_close(pl_auth *a)
{
	for (size_t i = 0; i < a->adoption.id_count; i++)
		free(a->adoption.ids[i]);
	free(a->adoption.ids);
	free(a->adoption.actor);
	free(a->adoption.document);
	memset(&a->adoption, 0, sizeof a->adoption);
}

/* --- a copy, for changes that are tried and undone -------------------- */

static char *dup_or_null(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

/* A copy of count elements of size bytes (NULL for none). */
static void *dup_array(const void *from, size_t count, size_t size, size_t *capacity)
{
	*capacity = count;
	if (count == 0)
		return NULL;
	void *to = pl_malloc(count * size);
	memcpy(to, from, count * size);
	return to;
}

static auth_vote *dup_votes(const auth_vote *from, size_t count, size_t *capacity)
{
	auth_vote *to = dup_array(from, count, sizeof *to, capacity);
	for (size_t i = 0; i < count; i++) {
		to[i].party = pl_strdup(from[i].party);
		to[i].decision = pl_strdup(from[i].decision);
	}
	return to;
}

static void clone_tracks(pl_auth *to, const pl_auth *from)
{
	to->tracks =
	    dup_array(from->tracks, from->track_count, sizeof *to->tracks, &to->track_capacity);
	to->track_count = from->track_count;
	for (size_t i = 0; i < from->track_count; i++) {
		auth_track *t = &to->tracks[i];
		const auth_track *f = &from->tracks[i];
		t->name = pl_strdup(f->name);
		t->rule = dup_or_null(f->rule);
		t->chair_rule = dup_or_null(f->chair_rule);
		t->members =
		    dup_array(f->members, f->member_count, sizeof *t->members, &t->member_capacity);
		for (size_t k = 0; k < f->member_count; k++)
			t->members[k].party = pl_strdup(f->members[k].party);
		t->consents = dup_votes(f->consents, f->consent_count, &t->consent_capacity);
	}
}

static void clone_documents(pl_auth *to, const pl_auth *from)
{
	to->docs = dup_array(from->docs, from->doc_count, sizeof *to->docs, &to->doc_capacity);
	to->doc_count = from->doc_count;
	for (size_t i = 0; i < from->doc_count; i++) {
		auth_document *d = &to->docs[i];
		const auth_document *f = &from->docs[i];
		d->name = pl_strdup(f->name);
		d->home = dup_or_null(f->home);
		pl_strmap_put(&to->doc_index, d->name, strlen(d->name), i);
		d->versions = dup_array(f->versions, f->version_count, sizeof *d->versions,
		                        &d->version_capacity);
		for (size_t v = 0; v < f->version_count; v++) {
			auth_version *version = &d->versions[v];
			version->places = dup_array(f->versions[v].places, f->versions[v].count,
			                            sizeof *version->places, &version->capacity);
			for (size_t p = 0; p < version->count; p++)
				version->places[p].track =
				    pl_strdup(f->versions[v].places[p].track);
		}
	}
	to->amendments = dup_array(from->amendments, from->amendment_count, sizeof *to->amendments,
	                           &to->amendment_capacity);
	to->amendment_count = from->amendment_count;
	for (size_t i = 0; i < from->amendment_count; i++) {
		auth_amendment *m = &to->amendments[i];
		const auth_amendment *f = &from->amendments[i];
		m->key = pl_strdup(f->key);
		m->party = pl_strdup(f->party);
		m->track = pl_strdup(f->track);
		m->status = pl_strdup(f->status);
		m->chair = dup_or_null(f->chair);
		m->votes = dup_votes(f->votes, f->vote_count, &m->vote_capacity);
		pl_strmap_put(&to->amendment_index, m->key, strlen(m->key), i);
	}
}

pl_auth *pl_auth_clone(const pl_auth *from)
{
	pl_auth *to = pl_auth_new(from->partial);
	to->convenor = dup_or_null(from->convenor);
	to->convenor_party = dup_or_null(from->convenor_party);
	to->parties =
	    dup_array(from->parties, from->party_count, sizeof *to->parties, &to->party_capacity);
	to->party_count = from->party_count;
	for (size_t i = 0; i < from->party_count; i++)
		to->parties[i] = pl_strdup(from->parties[i]);
	to->delegates = dup_array(from->delegates, from->delegate_count, sizeof *to->delegates,
	                          &to->delegate_capacity);
	to->delegate_count = from->delegate_count;
	for (size_t i = 0; i < from->delegate_count; i++) {
		auth_delegate *d = &to->delegates[i];
		const auth_delegate *f = &from->delegates[i];
		d->name = pl_strdup(f->name);
		d->party = pl_strdup(f->party);
		d->role = pl_strdup(f->role);
		d->keys = dup_array(f->keys, f->key_count, sizeof *d->keys, &d->key_capacity);
	}
	clone_tracks(to, from);
	clone_documents(to, from);
	const auth_adoption *f = &from->adoption;
	to->adoption.actor = dup_or_null(f->actor);
	to->adoption.document = dup_or_null(f->document);
	to->adoption.number = f->number;
	to->adoption.id_count = f->id_count;
	to->adoption.ids = f->id_count ? pl_malloc(f->id_count * sizeof *f->ids) : NULL;
	for (size_t i = 0; i < f->id_count; i++)
		to->adoption.ids[i] = pl_strdup(f->ids[i]);
	to->invites =
	    dup_array(from->invites, from->invite_count, sizeof *to->invites, &to->invite_capacity);
	to->invite_count = from->invite_count;
	for (size_t i = 0; i < from->invite_count; i++)
		to->invites[i].delegate = pl_strdup(from->invites[i].delegate);
	return to;
}

/* --- decision rules ------------------------------------------------------ */

int pl_rule_valid(const char *rule)
{
	return rule && (strcmp(rule, PL_RULE_CONSENSUS) == 0 || strcmp(rule, PL_RULE_CHAIR) == 0 ||
	                strcmp(rule, PL_RULE_MAJORITY) == 0);
}

size_t pl_auth_count_votes(const auth_track *t, const auth_vote *votes, size_t count,
                           const char *decision)
{
	size_t agree = 0;
	for (size_t m = 0; m < t->member_count; m++)
		for (size_t i = 0; i < count; i++)
			if (strcmp(votes[i].party, t->members[m].party) == 0 &&
			    strcmp(votes[i].decision, decision) == 0)
				agree++;
	return agree;
}

int pl_auth_rule_met(const auth_track *t, const char *rule, const auth_vote *votes, size_t count,
                     const char *chair, const char *decision)
{
	if (strcmp(rule, PL_RULE_CHAIR) == 0)
		return chair && strcmp(chair, decision) == 0;
	size_t agree = pl_auth_count_votes(t, votes, count, decision);
	if (strcmp(rule, PL_RULE_MAJORITY) == 0)
		return 2 * agree > t->member_count;
	return t->member_count > 0 && agree == t->member_count;
}

/* --- queries ------------------------------------------------------------ */

int pl_auth_founded(const pl_auth *a)
{
	return a->convenor != NULL;
}

const char *pl_auth_convenor(const pl_auth *a)
{
	return a->convenor;
}

int pl_auth_delegate(const pl_auth *a, const char *name, const char **party, const char **role)
{
	const auth_delegate *d = pl_auth_find_delegate(a, name);
	if (!d)
		return 0;
	if (party)
		*party = d->party;
	if (role)
		*role = d->role;
	return 1;
}

int pl_auth_key_current(const pl_auth *a, const char *name, const uint8_t *public_key)
{
	const auth_delegate *d = pl_auth_find_delegate(a, name);
	for (size_t i = 0; d && i < d->key_count; i++)
		if (!d->keys[i].revoked &&
		    memcmp(d->keys[i].key, public_key, PL_PUBLIC_KEY_BYTES) == 0)
			return 1;
	return 0;
}

const char *pl_auth_key_owner(const pl_auth *a, const uint8_t *key, int *revoked)
{
	for (size_t i = 0; i < a->delegate_count; i++)
		for (size_t k = 0; k < a->delegates[i].key_count; k++)
			if (memcmp(a->delegates[i].keys[k].key, key, PL_PUBLIC_KEY_BYTES) == 0) {
				*revoked = a->delegates[i].keys[k].revoked;
				return a->delegates[i].name;
			}
	return NULL;
}

const uint8_t *pl_auth_key(const pl_auth *a, const char *name, size_t i, int *revoked)
{
	const auth_delegate *d = pl_auth_find_delegate(a, name);
	if (!d || i >= d->key_count)
		return NULL;
	*revoked = d->keys[i].revoked;
	return d->keys[i].key;
}

int64_t pl_auth_member_since(const pl_auth *a, const char *track, const char *party)
{
	if (!party)
		return 0;
	if (strcmp(track, "plenary") == 0)
		return pl_auth_has_party(a, party) ? 1 : 0;
	const auth_track *t = pl_auth_find_track(a, track);
	for (size_t i = 0; t && i < t->member_count; i++)
		if (strcmp(t->members[i].party, party) == 0)
			return t->members[i].since;
	return 0;
}

int pl_auth_track_exists(const pl_auth *a, const char *track)
{
	return strcmp(track, "plenary") == 0 || pl_auth_find_track(a, track) != NULL;
}

int64_t pl_auth_head(const pl_auth *a, const char *track, const uint8_t **hash)
{
	const auth_track *t = pl_auth_find_track(a, track);
	*hash = t ? t->head_hash : NULL;
	return t ? t->head_seq : 0;
}

const char *pl_auth_track_rule(const pl_auth *a, const char *track)
{
	const auth_track *t = pl_auth_find_track(a, track);
	return t ? t->rule : NULL;
}

const char *pl_auth_pending(const pl_auth *a, const char *track, size_t i, const char **rule)
{
	const auth_track *t = pl_auth_find_track(a, track);
	for (size_t k = 0; t && k < t->consent_count; k++) {
		/* A consent to the rule the track has already (a party taking
		 * back its consent to another) is kept among the votes, but
		 * waits for nothing. */
		if (strcmp(t->consents[k].decision, t->rule) == 0 || i-- > 0)
			continue;
		*rule = t->consents[k].decision;
		return t->consents[k].party;
	}
	*rule = NULL;
	return NULL;
}

size_t pl_auth_member_count(const pl_auth *a, const char *track)
{
	const auth_track *t = pl_auth_find_track(a, track);
	return t ? t->member_count : 0;
}

const char *pl_auth_member(const pl_auth *a, const char *track, size_t i)
{
	const auth_track *t = pl_auth_find_track(a, track);
	return t && i < t->member_count ? t->members[i].party : NULL;
}

auth_version *pl_auth_find_version(const pl_auth *a, const char *document, int number)
{
	auth_document *d = pl_auth_find_document(a, document);
	if (!d || number < 1 || (size_t)number > d->version_count)
		return NULL;
	return &d->versions[number - 1];
}

size_t pl_auth_place_count(const pl_auth *a, const char *document, int number)
{
	const auth_version *v = pl_auth_find_version(a, document, number);
	return v ? v->count : 0;
}

const char *pl_auth_place(const pl_auth *a, const char *document, int number, size_t i,
                          int64_t *seq)
{
	const auth_version *v = pl_auth_find_version(a, document, number);
	if (!v || i >= v->count)
		return NULL;
	*seq = v->places[i].seq;
	return v->places[i].track;
}

int pl_auth_latest(const pl_auth *a, const char *document)
{
	const auth_document *d = pl_auth_find_document(a, document);
	return d ? (int)d->version_count : 0;
}

int pl_auth_version_event(const pl_auth *a, const char *document, int number, int64_t *id,
                          const uint8_t **hash)
{
	const auth_version *v = pl_auth_find_version(a, document, number);
	if (!v)
		return 0;
	*id = v->event;
	*hash = v->hash;
	return 1;
}

int pl_auth_tally_of(const pl_auth *a, const char *document, const char *id, const char *decision,
                     pl_auth_tally *out)
{
	memset(out, 0, sizeof *out);
	const auth_amendment *m = pl_auth_find_amendment(a, document, id);
	const auth_track *t = m ? pl_auth_find_track(a, m->track) : NULL;
	if (!t)
		return PL_ENOTFOUND;
	out->rule = t->rule;
	out->members = t->member_count;
	out->in_favour = strcmp(t->rule, PL_RULE_CHAIR) == 0
	                     ? (m->chair && strcmp(m->chair, decision) == 0)
	                     : pl_auth_count_votes(t, m->votes, m->vote_count, decision);
	out->met = pl_auth_rule_met(t, t->rule, m->votes, m->vote_count, m->chair, decision);
	return 0;
}
