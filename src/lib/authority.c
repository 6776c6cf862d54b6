/* authority.c — the rules of authority (authority_int.h): for every kind of
 * event, who may sign it given the state before it. The table at the end is
 * the one place these rules live; README.md's "Who may do what" is written
 * from it. */
#include "authority_state_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "parley/signing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct step {
	pl_auth *a;
	const pl_store_event *e;
	const pl_payload *p;        /* NULL when withheld from this reader */
	const auth_delegate *actor; /* the signer, once known */
	pl_error *err;
} step;

static int deny(step *s, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int deny(step *s, const char *format, ...)
{
	char reason[400];
	va_list args;
	va_start(args, format);
	vsnprintf(reason, sizeof reason, format, args);
	va_end(args);
	return pl_error_set(s->err, PL_EDENIED, "not allowed: %s", reason);
}

static const char *field(const step *s, const char *key)
{
	return pl_payload_string(s->p, key);
}

static int is_plenary(const char *track)
{
	return strcmp(track, "plenary") == 0;
}

static int is_lead_of(const auth_delegate *d, const char *party)
{
	return d && strcmp(d->party, party) == 0 && strcmp(d->role, "lead") == 0;
}

static int pending(const auth_amendment *m)
{
	return strcmp(m->status, "tabled") == 0 || strcmp(m->status, "needs-revision") == 0;
}

static int hex_key(const char *hex, uint8_t key[PL_PUBLIC_KEY_BYTES])
{
	return hex && pl_unhex(key, PL_PUBLIC_KEY_BYTES, hex) == 0;
}

/* In a reader's share of the record, what refers to something outside it
 * is not judged. */
static int unknown(const step *s)
{
	return s->a->partial;
}

/* --- the rule common to every kind after the founding --------------------- */

static int common_rule(step *s)
{
	const auth_delegate *d = s->actor;
	if (strcmp(d->role, "observer") == 0)
		return deny(s, "%s is an observer: observers read but sign nothing", d->name);
	int64_t since = pl_auth_member_since(s->a, s->e->track, d->party);
	if (since == 0 || since > s->e->seq)
		return deny(s, "%s signs for %s, which is not a member of track %s", d->name,
		            d->party, s->e->track);
	return 0;
}

/* --- founding, parties, delegates, keys ---------------------------------- */

static int check_found(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *convenor = field(s, "convenor"), *party = field(s, "party");
	const char *rule = field(s, "rule");
	if (!is_plenary(s->e->track) || s->e->seq != 1 || s->a->convenor)
		return deny(s, "a negotiation is founded once, by the first event of the plenary");
	if (!convenor || !party || !field(s, "party_name") ||
	    !hex_key(field(s, "public_key"), key) || (rule && !pl_rule_valid(rule)))
		return deny(s, "a malformed founding");
	if (!s->e->actor || strcmp(s->e->actor, convenor) != 0)
		return deny(s, "the founding is signed by the convenor it names");
	return 0;
}

static void apply_found(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *party = field(s, "party"), *rule = field(s, "rule");
	hex_key(field(s, "public_key"), key);
	pl_auth_add_party(s->a, party);
	auth_track *plenary = pl_auth_add_track(s->a, "plenary", rule ? rule : PL_RULE_CONSENSUS);
	pl_auth_add_member(plenary, party, 1);
	pl_auth_add_key(pl_auth_add_delegate(s->a, field(s, "convenor"), party, "lead"), key);
	s->a->convenor = pl_strdup(field(s, "convenor"));
	s->a->convenor_party = pl_strdup(party);
}

static int check_party(step *s)
{
	const char *code = field(s, "code");
	if (!is_plenary(s->e->track))
		return deny(s, "parties are admitted in the plenary");
	if (strcmp(s->actor->name, s->a->convenor) != 0)
		return deny(s, "only the convenor (%s) admits a party", s->a->convenor);
	if (!code || !field(s, "name") || pl_auth_has_party(s->a, code))
		return deny(s, "a party is admitted once, with a code and a name");
	return 0;
}

static void apply_party(step *s)
{
	pl_auth_add_party(s->a, field(s, "code"));
	pl_auth_add_member(pl_auth_find_track(s->a, "plenary"), field(s, "code"), 1);
}

static int party_has_delegate(const pl_auth *a, const char *party)
{
	for (size_t i = 0; i < a->delegate_count; i++)
		if (strcmp(a->delegates[i].party, party) == 0)
			return 1;
	return 0;
}

static int check_delegate(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *name = field(s, "name"), *party = field(s, "party"), *role = field(s, "role");
	if (!is_plenary(s->e->track) || !name || !party || !role ||
	    !hex_key(field(s, "public_key"), key))
		return deny(s, "a malformed admission of a delegate");
	if (!pl_auth_has_party(s->a, party))
		return deny(s, "a delegate of %s, a party that was never admitted", party);
	if (pl_auth_find_delegate(s->a, name))
		return deny(s, "the delegate %s exists already", name);
	if (!party_has_delegate(s->a, party)) {
		if (strcmp(s->actor->name, s->a->convenor) != 0)
			return deny(s, "only the convenor admits the first delegate of %s", party);
	} else if (!is_lead_of(s->actor, party)) {
		return deny(s,
		            "only a lead delegate of %s admits its further delegates (%s is %s's)",
		            party, s->actor->name, s->actor->party);
	}
	return 0;
}

static void apply_delegate(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	hex_key(field(s, "public_key"), key);
	pl_auth_add_key(
	    pl_auth_add_delegate(s->a, field(s, "name"), field(s, "party"), field(s, "role")), key);
}

/* The delegate whose keys an event changes: the signer itself, or one of
 * its party's leads. */
static int key_holder(step *s, auth_delegate **out, uint8_t key[PL_PUBLIC_KEY_BYTES],
                      auth_key **existing)
{
	const char *name = field(s, "name");
	*out = pl_auth_find_delegate(s->a, name);
	*existing = NULL;
	if (!is_plenary(s->e->track) || !*out || !hex_key(field(s, "public_key"), key))
		return deny(s, "a malformed change of keys");
	if (strcmp(s->actor->name, (*out)->name) != 0 && !is_lead_of(s->actor, (*out)->party))
		return deny(s, "only %s or a lead delegate of %s changes %s's keys", name,
		            (*out)->party, name);
	for (size_t i = 0; i < (*out)->key_count; i++)
		if (memcmp((*out)->keys[i].key, key, PL_PUBLIC_KEY_BYTES) == 0)
			*existing = &(*out)->keys[i];
	return 0;
}

static int check_key(step *s)
{
	auth_delegate *d;
	auth_key *existing;
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	int rc = key_holder(s, &d, key, &existing);
	if (rc == 0 && existing)
		rc = deny(s, "that key was enrolled for %s already", d->name);
	if (rc == 0 && d->key_count >= PL_AUTH_MAX_KEYS)
		rc = deny(s, "%s holds %d keys already: revoke one first", d->name,
		          PL_AUTH_MAX_KEYS);
	return rc;
}

static void apply_key(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	hex_key(field(s, "public_key"), key);
	pl_auth_add_key(pl_auth_find_delegate(s->a, field(s, "name")), key);
}

static int check_revoke(step *s)
{
	auth_delegate *d;
	auth_key *existing;
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	int rc = key_holder(s, &d, key, &existing);
	if (rc == 0 && (!existing || existing->revoked))
		rc = deny(s, "no current key of %s to revoke", d->name);
	return rc;
}

static void apply_revoke(step *s)
{
	auth_delegate *d;
	auth_key *existing;
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	if (key_holder(s, &d, key, &existing) == 0 && existing)
		existing->revoked = 1;
}

/* --- further devices: one-time enrolment codes ---------------------------- */

/* An invitation: the delegate itself or a lead of its party names the
 * public key derived from a code only the invited device will hold, and
 * until when the code is good. */
static int check_invite(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	const char *name = field(s, "name"), *expires = field(s, "expires");
	const auth_delegate *d = name ? pl_auth_find_delegate(s->a, name) : NULL;
	if (!is_plenary(s->e->track) || !d || !hex_key(field(s, "invite"), key) || !expires ||
	    strlen(expires) != 20)
		return deny(s, "a malformed invitation");
	if (strcmp(s->actor->name, d->name) != 0 && !is_lead_of(s->actor, d->party))
		return deny(s, "only %s or a lead delegate of %s invites a device of %s", d->name,
		            d->party, d->name);
	if (pl_auth_find_invite(s->a, key))
		return deny(s, "that invitation was made already");
	if (strcmp(expires, s->e->at) <= 0)
		return deny(s, "an invitation expires after it is made");
	return 0;
}

static void apply_invite(step *s)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	hex_key(field(s, "invite"), key);
	pl_auth_add_invite(s->a, field(s, "name"), key, field(s, "expires"));
}

/* What an enrolment's proof signs, with the invitation's key: that this
 * delegate's new key is public_key. */
void pl_auth_enrol_message(const char *name, const char *public_key, pl_buf *out)
{
	pl_buf_puts(out, "parley.enrol/1\n");
	pl_buf_puts(out, name);
	pl_buf_putc(out, '\n');
	pl_buf_puts(out, public_key);
}

/* An enrolment: the new key signs it (so the device holds that key), and
 * the key derived from the code signs the new key (so the device held
 * the code); the code is good once, for its delegate, until it expires. */
static int check_enrol(step *s)
{
	uint8_t invite_key[PL_PUBLIC_KEY_BYTES], key[PL_PUBLIC_KEY_BYTES], proof[64];
	const char *name = field(s, "name"), *hex = field(s, "public_key"),
	           *proof_hex = field(s, "proof");
	auth_delegate *d = name ? pl_auth_find_delegate(s->a, name) : NULL;
	if (!is_plenary(s->e->track) || !d || strcmp(d->name, s->e->actor) != 0 ||
	    !hex_key(field(s, "invite"), invite_key) || !hex_key(hex, key) || !proof_hex ||
	    strlen(proof_hex) != 128 || pl_unhex(proof, sizeof proof, proof_hex) != 0)
		return deny(s, "a malformed enrolment");
	auth_invite *invite = pl_auth_find_invite(s->a, invite_key);
	if (!invite || strcmp(invite->delegate, name) != 0)
		return deny(s, "no invitation of %s has that code", name);
	if (invite->used)
		return deny(s, "that enrolment code was used already");
	if (strcmp(s->e->at, invite->expires) > 0)
		return deny(s, "that enrolment code expired at %s", invite->expires);
	pl_buf message = PL_BUF_INIT;
	pl_auth_enrol_message(name, hex, &message);
	int proven = pl_signature_check(proof, message.ptr, message.len, invite_key);
	pl_buf_free(&message);
	if (!proven)
		return deny(s, "the enrolment does not prove the code");
	for (size_t i = 0; i < d->key_count; i++)
		if (memcmp(d->keys[i].key, key, PL_PUBLIC_KEY_BYTES) == 0)
			return deny(s, "that key was enrolled for %s already", d->name);
	if (d->key_count >= PL_AUTH_MAX_KEYS)
		return deny(s, "%s holds %d keys already: revoke one first", d->name,
		            PL_AUTH_MAX_KEYS);
	return 0;
}

static void apply_enrol(step *s)
{
	uint8_t invite_key[PL_PUBLIC_KEY_BYTES], key[PL_PUBLIC_KEY_BYTES];
	hex_key(field(s, "invite"), invite_key);
	hex_key(field(s, "public_key"), key);
	pl_auth_find_invite(s->a, invite_key)->used = 1;
	pl_auth_add_key(pl_auth_find_delegate(s->a, field(s, "name")), key);
}

/* --- tracks ------------------------------------------------------------- */

static int check_track(step *s)
{
	const pl_payload_entry *members;
	size_t count = pl_payload_array(s->p, "members", &members);
	const char *name = field(s, "name"), *rule = field(s, "rule");
	if (!name || strcmp(name, s->e->track) != 0 || is_plenary(name) || s->e->seq != 1 ||
	    pl_payload_type(s->p, "members") != PL_PAYLOAD_ARRAY || !field(s, "salt") ||
	    (rule && !pl_rule_valid(rule)))
		return deny(s, "a malformed track");
	if (pl_auth_find_track(s->a, name))
		return deny(s, "the track %s exists already", name);
	if (strcmp(s->actor->role, "observer") == 0)
		return deny(s, "%s is an observer: observers read but sign nothing",
		            s->actor->name);
	int self = 0, chair_present = 0;
	for (size_t i = 0; i < count; i++) {
		const char *code = pl_payload_item(s->p, members, i);
		if (!code || !pl_auth_has_party(s->a, code))
			return deny(s, "a member of the track is not a party");
		for (size_t k = 0; k < i; k++)
			if (strcmp(pl_payload_item(s->p, members, k), code) == 0)
				return deny(s, "%s is named twice among the members", code);
		self |= strcmp(code, s->actor->party) == 0;
		chair_present |= strcmp(code, s->a->convenor_party) == 0;
	}
	if (!self)
		return deny(s, "a track is made by one of its members (%s is not among them)",
		            s->actor->party);
	if (rule && strcmp(rule, PL_RULE_CHAIR) == 0 && !chair_present)
		return deny(s, "the chair rule needs the convenor's party (%s) among the members",
		            s->a->convenor_party);
	return 0;
}

static void apply_track(step *s)
{
	const char *rule = field(s, "rule");
	auth_track *t = pl_auth_add_track(s->a, field(s, "name"), rule ? rule : PL_RULE_CONSENSUS);
	const pl_payload_entry *members;
	size_t count = pl_payload_array(s->p, "members", &members);
	for (size_t i = 0; i < count; i++)
		pl_auth_add_member(t, pl_payload_item(s->p, members, i), 1);
}

static int check_join(step *s)
{
	const char *party = field(s, "party");
	if (is_plenary(s->e->track))
		return deny(s, "every party is in the plenary");
	if (!party || !pl_auth_has_party(s->a, party))
		return deny(s, "only an admitted party joins a track");
	if (pl_auth_member_since(s->a, s->e->track, party))
		return deny(s, "%s is in %s already", party, s->e->track);
	return 0;
}

static void apply_join(step *s)
{
	pl_auth_add_member(pl_auth_find_track(s->a, s->e->track), field(s, "party"), s->e->seq);
}

static int check_rule(step *s)
{
	const char *rule = field(s, "rule"), *party = field(s, "party");
	const auth_track *t = pl_auth_find_track(s->a, s->e->track);
	if (!pl_rule_valid(rule) || !party || !t)
		return deny(s, "a malformed change of the decision rule");
	if (strcmp(party, s->actor->party) != 0)
		return deny(s, "only a delegate of %s consents for %s", party, party);
	if (strcmp(t->rule, PL_RULE_CHAIR) == 0 && strcmp(s->actor->name, s->a->convenor) != 0)
		return deny(s, "under the chair rule only the convenor changes the rule");
	if (strcmp(rule, PL_RULE_CHAIR) == 0 &&
	    !pl_auth_member_since(s->a, t->name, s->a->convenor_party))
		return deny(s, "the chair rule needs the convenor's party among the members");
	return 0;
}

static void apply_rule(step *s)
{
	auth_track *t = pl_auth_find_track(s->a, s->e->track);
	const char *rule = field(s, "rule");
	pl_auth_vote(&t->consents, &t->consent_count, &t->consent_capacity, field(s, "party"),
	             rule);
	if (strcmp(s->actor->name, s->a->convenor) == 0)
		pl_auth_set(&t->chair_rule, rule);
	if (pl_auth_rule_met(t, t->rule, t->consents, t->consent_count, t->chair_rule, rule)) {
		pl_auth_set(&t->rule, rule);
		for (size_t i = 0; i < t->consent_count; i++) {
			free(t->consents[i].party);
			free(t->consents[i].decision);
		}
		t->consent_count = 0;
		pl_auth_set(&t->chair_rule, NULL);
	}
}

/* --- versions and circulation ------------------------------------------- */

static int check_adopted(step *s, const pl_payload_entry *ids, size_t count, const char *document)
{
	const auth_track *t = pl_auth_find_track(s->a, s->e->track);
	for (size_t i = 0; i < count; i++) {
		const char *id = pl_payload_item(s->p, ids, i);
		const auth_amendment *m = pl_auth_find_amendment(s->a, document, id);
		if (!m)
			return unknown(s) ? 0
			                  : deny(s, "it adopts an amendment that does not exist");
		if (!pending(m) || strcmp(m->track, s->e->track) != 0 || !t)
			return deny(s, "it adopts %s, which is not pending in track %s", id,
			            s->e->track);
		if (!pl_auth_rule_met(t, t->rule, m->votes, m->vote_count, m->chair, "accept"))
			return deny(s, "%s is adopted only when the %s rule of %s is met", id,
			            t->rule, s->e->track);
	}
	return 0;
}

static int check_version(step *s)
{
	const char *document = field(s, "document");
	int ids_type = pl_payload_type(s->p, "amendments");
	const pl_payload_entry *ids;
	size_t id_count = pl_payload_array(s->p, "amendments", &ids);
	if (!document || pl_payload_type(s->p, "number") != PL_PAYLOAD_INTEGER ||
	    (ids_type != PL_PAYLOAD_ABSENT && ids_type != PL_PAYLOAD_ARRAY))
		return deny(s, "a malformed version");
	long long number = pl_payload_integer(s->p, "number");
	const auth_document *d = pl_auth_find_document(s->a, document);
	long long expected = d ? (long long)d->version_count + 1 : 1;
	if (number != expected && !(unknown(s) && number > expected))
		return deny(s, "%s@%lld does not follow the versions before it", document, number);
	/* A track's log alone may adopt into a document drafted in another
	 * track (circulated here): the adoption is checked where the record
	 * is whole. */
	if (id_count > 0)
		return d            ? check_adopted(s, ids, id_count, document)
		       : unknown(s) ? 0
		                    : deny(s, "an adoption of nothing");
	if (d && strcmp(d->home, s->e->track) != 0)
		return deny(s, "a new version of %s is drafted in its home track", document);
	return 0;
}

static void open_adoption(step *s, const char *document, const pl_payload_entry *ids, size_t count)
{
	pl_auth_adoption_close(s->a);
	auth_adoption *x = &s->a->adoption;
	x->actor = pl_strdup(s->e->actor);
	x->document = pl_strdup(document);
	x->number = (int)pl_payload_integer(s->p, "number");
	x->ids = pl_calloc(count + 1, sizeof *x->ids);
	for (size_t i = 0; i < count; i++)
		x->ids[x->id_count++] = pl_strdup(pl_payload_item(s->p, ids, i));
}

static void apply_version(step *s)
{
	const char *document = field(s, "document");
	const pl_payload_entry *ids;
	size_t id_count = pl_payload_array(s->p, "amendments", &ids);
	auth_document *d = pl_auth_find_document(s->a, document);
	if (!d)
		d = pl_auth_add_document(s->a, document, s->e->track);
	/* A reader's share may lack versions it was never shown. */
	while ((long long)d->version_count + 1 < pl_payload_integer(s->p, "number"))
		pl_auth_add_version(d, NULL);
	pl_auth_add_version(d, s->e);
	if (id_count > 0)
		open_adoption(s, document, ids, id_count);
}

/* 1 when party may read version v: a member of a track holding it since no
 * later than the version arrived there. */
static int party_reads(const pl_auth *a, const auth_version *v, const char *party)
{
	for (size_t i = 0; i < v->count; i++) {
		int64_t since = pl_auth_member_since(a, v->places[i].track, party);
		if (since && (is_plenary(v->places[i].track) || since <= v->places[i].seq))
			return 1;
	}
	return 0;
}

static int readable_in(const auth_version *v, const char *track)
{
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->places[i].track, track) == 0)
			return 1;
	return 0;
}

/* The version a payload names ({document, number}); NULL and *rc set when
 * it is unknown (0 in a reader's share). */
static auth_version *named_version(step *s, int *rc)
{
	int is_integer = pl_payload_type(s->p, "number") == PL_PAYLOAD_INTEGER;
	long long number = pl_payload_integer(s->p, "number");
	const char *document = field(s, "document");
	*rc = 0;
	if (!document || !is_integer) {
		*rc = deny(s, "a malformed reference to a version");
		return NULL;
	}
	auth_version *v = pl_auth_find_version(s->a, document, (int)number);
	if (!v && !unknown(s))
		*rc = deny(s, "%s@%lld does not exist", document, number);
	return v;
}

static int check_circulate(step *s)
{
	int rc;
	auth_version *v = named_version(s, &rc);
	/* A reader's share may lack the track through which the signer had it. */
	if (v && !unknown(s) && !party_reads(s->a, v, s->actor->party))
		return deny(s,
		            "only a member of a track that holds a version circulates it (%s "
		            "does not hold it)",
		            s->actor->party);
	return rc;
}

static void apply_circulate(step *s)
{
	int rc;
	auth_version *v = named_version(s, &rc);
	if (v)
		pl_auth_add_place(v, s->e->track, s->e->seq);
}

/* --- amendments and positions ------------------------------------------- */

static int own_party(step *s)
{
	const char *party = field(s, "party");
	if (!party || strcmp(party, s->actor->party) != 0)
		return deny(s, "only a delegate of %s acts for %s (%s is %s's)",
		            party ? party : "a party", party ? party : "it", s->actor->name,
		            s->actor->party);
	return 0;
}

static int check_table(step *s)
{
	int rc = own_party(s);
	auth_version *v = rc ? NULL : named_version(s, &rc);
	const char *id = field(s, "id");
	if (rc == 0 && !id)
		rc = deny(s, "an amendment without an id");
	if (rc == 0 && v && !readable_in(v, s->e->track))
		rc = deny(s, "an amendment is tabled in a track that holds its version");
	if (rc == 0 && pl_auth_find_amendment(s->a, field(s, "document"), id))
		rc = deny(s, "the amendment %s exists already", id);
	return rc;
}

static void apply_table(step *s)
{
	pl_auth_add_amendment(s->a, field(s, "document"), field(s, "id"), field(s, "party"),
	                      s->e->track, (int)pl_payload_integer(s->p, "number"));
}

/* The amendment a payload names, in the event's track; NULL (and *rc 0) when
 * a reader's share does not hold it. */
static auth_amendment *named_amendment(step *s, int *rc)
{
	auth_amendment *m = pl_auth_find_amendment(s->a, field(s, "document"), field(s, "id"));
	*rc = 0;
	if (!m && !unknown(s))
		*rc = deny(s, "the amendment does not exist");
	else if (m && strcmp(m->track, s->e->track) != 0)
		*rc = deny(s, "an amendment is decided in the track it was tabled in");
	return m;
}

static int valid_decision(const char *decision)
{
	return decision && (strcmp(decision, "accept") == 0 || strcmp(decision, "reject") == 0 ||
	                    strcmp(decision, "supersede") == 0);
}

static int check_decide(step *s)
{
	int rc = own_party(s);
	auth_amendment *m = rc ? NULL : named_amendment(s, &rc);
	if (rc == 0 && !valid_decision(field(s, "decision")))
		rc = deny(s, "a decision is accept, reject or supersede");
	if (rc == 0 && m && !pending(m))
		rc = deny(s, "the amendment is %s already", m->status);
	const char *rule = m ? pl_auth_track_rule(s->a, m->track) : NULL;
	if (rc == 0 && rule && strcmp(rule, PL_RULE_CHAIR) == 0 &&
	    strcmp(s->actor->name, s->a->convenor) != 0)
		rc = deny(s, "under the chair rule of %s only the convenor records decisions",
		          s->e->track);
	return rc;
}

static void apply_decide(step *s)
{
	int rc;
	auth_amendment *m = named_amendment(s, &rc);
	if (!m)
		return;
	pl_auth_vote(&m->votes, &m->vote_count, &m->vote_capacity, field(s, "party"),
	             field(s, "decision"));
	if (strcmp(s->actor->name, s->a->convenor) == 0)
		pl_auth_set(&m->chair, field(s, "decision"));
}

static int in_adoption(const step *s, const auth_amendment *m, int adopted)
{
	const auth_adoption *x = &s->a->adoption;
	if (!x->actor || strcmp(x->actor, s->e->actor) != 0 ||
	    strcmp(x->document, field(s, "document")) != 0)
		return 0;
	int found = 0;
	for (size_t i = 0; i < x->id_count; i++)
		found |= strcmp(x->ids[i], field(s, "id")) == 0;
	return found == adopted && (adopted || pending(m));
}

static int check_status(step *s)
{
	int rc;
	auth_amendment *m = named_amendment(s, &rc);
	const char *status = field(s, "status");
	if (rc || !m)
		return rc;
	if (!status)
		return deny(s, "a status without a value");
	const auth_track *t = pl_auth_find_track(s->a, m->track);
	if (strcmp(status, "withdrawn") == 0)
		return strcmp(m->party, s->actor->party) != 0
		           ? deny(s, "only %s withdraws its amendment", m->party)
		           : (!pending(m) ? deny(s, "the amendment is %s already", m->status) : 0);
	if (strcmp(status, "rejected") == 0 || strcmp(status, "superseded") == 0) {
		const char *decision = status[0] == 'r' ? "reject" : "supersede";
		if (!pending(m) || !t ||
		    !pl_auth_rule_met(t, t->rule, m->votes, m->vote_count, m->chair, decision))
			return deny(s, "an amendment is %s only when the %s rule of %s is met",
			            status, t ? t->rule : "decision", m->track);
		return 0;
	}
	if (strcmp(status, "accepted") == 0)
		return in_adoption(s, m, 1) ? 0
		                            : deny(s, "an amendment is accepted only by the "
		                                      "version that adopts it");
	if (strcmp(status, "fallen") == 0 || strcmp(status, "needs-revision") == 0)
		return in_adoption(s, m, 0) ? 0
		                            : deny(s, "an amendment falls or needs revision "
		                                      "only as part of an adoption");
	return deny(s, "'%s' is not a status", status);
}

static void apply_status(step *s)
{
	int rc;
	auth_amendment *m = named_amendment(s, &rc);
	if (m)
		pl_auth_set(&m->status, field(s, "status"));
}

static int check_rebase(step *s)
{
	int rc;
	auth_amendment *m = named_amendment(s, &rc);
	if (rc || !m)
		return rc;
	if (!in_adoption(s, m, 0) || pl_payload_integer(s->p, "number") != s->a->adoption.number)
		return deny(s, "an amendment is carried over only as part of an adoption");
	return 0;
}

static void apply_rebase(step *s)
{
	int rc;
	auth_amendment *m = named_amendment(s, &rc);
	if (m)
		m->base = (int)pl_payload_integer(s->p, "number");
}

static int check_position(step *s)
{
	int rc = own_party(s);
	auth_version *v = rc ? NULL : named_version(s, &rc);
	if (rc == 0 && (!field(s, "point") || !field(s, "stance")))
		rc = deny(s, "a malformed position");
	if (rc == 0 && v && !readable_in(v, s->e->track))
		rc = deny(s, "a position is taken in a track that holds its version");
	return rc;
}

static int check_nothing_more(step *s)
{
	(void)s;
	return 0;
}

static void apply_nothing(step *s)
{
	(void)s;
}

/* --- the table ------------------------------------------------------------ */

typedef struct rule {
	const char *kind;
	const char *text; /* who may sign it, in one sentence */
	int common;       /* the signer's party must be a member of the track, not observing */
	int (*check)(step *s);
	void (*apply)(step *s);
} rule;

static const rule rules[] = {
    {PL_EVENT_FOUND,
     "the convenor, once, as the first event of the plenary, with the key it "
     "enrolls",
     0, check_found, apply_found},
    {"party.add", "the convenor", 1, check_party, apply_party},
    {"delegate.add",
     "the convenor for a party's first delegate; a lead delegate of that party "
     "for any further one",
     1, check_delegate, apply_delegate},
    {PL_EVENT_KEY, "the delegate itself or a lead delegate of its party", 1, check_key, apply_key},
    {PL_EVENT_REVOKE, "the delegate itself or a lead delegate of its party", 1, check_revoke,
     apply_revoke},
    {PL_EVENT_INVITE, "the delegate itself or a lead delegate of its party", 1, check_invite,
     apply_invite},
    {PL_EVENT_ENROL,
     "the delegate's new key, with an unused, unexpired code of an invitation of it", 0,
     check_enrol, apply_enrol},
    {"track.create", "a delegate (not an observer) of one of its member parties", 0, check_track,
     apply_track},
    {"track.join", "a delegate of a member party", 1, check_join, apply_join},
    {PL_EVENT_RULE,
     "a delegate of a member party, for its own party; the rule changes when "
     "the track's current rule is met",
     1, check_rule, apply_rule},
    {"document.version",
     "a delegate of a member party, in the document's home track; a "
     "version that adopts amendments only when the track's rule is met "
     "for each",
     1, check_version, apply_version},
    {"version.circulate",
     "a delegate of a party that holds the version and is a member of "
     "the receiving track",
     1, check_circulate, apply_circulate},
    {"amendment.table", "a delegate of the party it names, in a track that holds the version", 1,
     check_table, apply_table},
    {PL_EVENT_DECIDE,
     "a delegate of the party it names, in the amendment's track; under the "
     "chair rule only the convenor",
     1, check_decide, apply_decide},
    {"amendment.status",
     "withdrawn: the tabling party; rejected, superseded: when the track's "
     "rule is met; accepted, fallen, needs-revision: the signer of the "
     "adopting version, right after it",
     1, check_status, apply_status},
    {"amendment.rebase", "the signer of the adopting version, right after it", 1, check_rebase,
     apply_rebase},
    {"position.set", "a delegate of the party it names, in a track that holds the version", 1,
     check_position, apply_nothing},
    {"meeting.add", "a delegate of a member party", 1, check_nothing_more, apply_nothing},
    {"meeting.postpone", "a delegate of a member party", 1, check_nothing_more, apply_nothing},
    {"meeting.held", "a delegate of a member party", 1, check_nothing_more, apply_nothing},
    {"meeting.cancel", "a delegate of a member party", 1, check_nothing_more, apply_nothing},
    {"statement.add", "a delegate of a member party", 1, check_nothing_more, apply_nothing},
};

#define RULE_COUNT (sizeof rules / sizeof *rules)

const char *pl_auth_rule_kind(size_t i)
{
	return i < RULE_COUNT ? rules[i].kind : NULL;
}

const char *pl_auth_rule_text(size_t i)
{
	return i < RULE_COUNT ? rules[i].text : NULL;
}

static void fill_keys(const auth_delegate *d, pl_auth_keys *keys)
{
	keys->count = 0;
	for (size_t i = 0; d && i < d->key_count && keys->count < PL_AUTH_MAX_KEYS; i++) {
		memcpy(keys->key[keys->count], d->keys[i].key, PL_PUBLIC_KEY_BYTES);
		keys->revoked[keys->count++] = d->keys[i].revoked;
	}
}

/* Who signed e, before any rule: a delegate known by then. */
static int find_signer(step *s, const rule *r)
{
	if (!s->e->actor)
		return deny(s, "every event is signed (this one has no signer)");
	if (r->check == check_found)
		return 0;
	if (!s->a->convenor)
		return deny(s, "the record starts with its founding (%s)", PL_EVENT_FOUND);
	s->actor = pl_auth_find_delegate(s->a, s->e->actor);
	if (!s->actor)
		return deny(s, "signed by %s, who is no delegate", s->e->actor);
	return 0;
}

static void founding_key(const step *s, pl_auth_keys *keys)
{
	keys->count = 0;
	if (s->p && hex_key(field(s, "public_key"), keys->key[0])) {
		keys->revoked[0] = 0;
		keys->count = 1;
	}
}

/* The chain's head moves with every event taken in. */
static void note_head(pl_auth *a, const pl_store_event *e)
{
	auth_track *t = pl_auth_find_track(a, e->track);
	if (!t)
		return;
	t->head_seq = e->seq;
	if (e->hash)
		memcpy(t->head_hash, e->hash, PL_HASH_BYTES);
}

int pl_auth_step(pl_auth *a, const pl_store_event *e, const pl_payload *payload, pl_auth_keys *keys,
                 pl_error *err)
{
	step s = {a, e, payload, NULL, err};
	if (keys)
		keys->count = 0;
	if (a->adoption.actor && (!e->actor || strcmp(a->adoption.actor, e->actor) != 0 ||
	                          (strcmp(e->kind, "amendment.status") != 0 &&
	                           strcmp(e->kind, "amendment.rebase") != 0)))
		pl_auth_adoption_close(a);
	const rule *r = NULL;
	for (size_t i = 0; i < RULE_COUNT && !r; i++)
		if (strcmp(rules[i].kind, e->kind) == 0)
			r = &rules[i];
	if (!r)
		return deny(&s, "'%s' is no kind of event", e->kind);
	int rc = find_signer(&s, r);
	if (rc)
		return rc;
	if (keys) {
		if (r->check == check_found || r->check == check_enrol)
			founding_key(&s, keys); /* the key the event enrolls signs it */
		else
			fill_keys(s.actor, keys);
	}
	if (r->common && (rc = common_rule(&s)))
		return rc;
	/* Content withheld from this reader: only the common rule is judged,
	 * and nothing but memberships (never withheld) changes the state. */
	if (!payload) {
		if (r->check == check_found)
			return deny(&s, "the founding is never withheld");
		note_head(a, e);
		return 0;
	}
	if ((rc = r->check(&s)))
		return rc;
	r->apply(&s);
	note_head(a, e);
	return 0;
}
