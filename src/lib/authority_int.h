/* authority_int.h — who may sign what: the rules of authority as one table,
 * and the state they are judged against, replayed from the events.
 *
 * One function, pl_auth_step, decides every event: when it is appended
 * (record_ops.c), when the log is replayed (rebuild, and the state every
 * command builds when it opens a negotiation) and when it is verified, from
 * the database or from an exported log (verify.c). An event that breaks a
 * rule is never applied to the state, and verification names the event and
 * the rule.
 *
 * Ownership: a pl_auth owns every string it holds; strings returned by its
 * queries are borrowed until the next pl_auth_step or pl_auth_free. */
#ifndef PARLEY_AUTHORITY_INT_H
#define PARLEY_AUTHORITY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "payload_int.h"
#include "record_int.h"
#include "store_int.h"

/* Event kinds that authority adds to the record. */
#define PL_EVENT_FOUND  "negotiation.found"
#define PL_EVENT_KEY    "delegate.key"
#define PL_EVENT_REVOKE "delegate.revoke"
#define PL_EVENT_INVITE "delegate.invite"
#define PL_EVENT_ENROL  "delegate.enrol"

/* What the proof of an enrolment signs with the invitation's key: that
 * delegate name's new key is public_key (64 hex digits). */
struct pl_buf;
void pl_auth_enrol_message(const char *name, const char *public_key, struct pl_buf *out);
#define PL_EVENT_RULE   "track.rule"
#define PL_EVENT_DECIDE "amendment.decide"

/* Decision rules of a track. */
#define PL_RULE_CONSENSUS "consensus"
#define PL_RULE_CHAIR     "chair"
#define PL_RULE_MAJORITY  "majority"

/* 1 when rule names a decision rule. */
int pl_rule_valid(const char *rule);

typedef struct pl_auth pl_auth;

/* A new, empty state. partial: the events replayed are a reader's share of
 * the record (an exported log, or the tracks a viewer may see), so a rule
 * that refers to something outside that share is not judged. */
pl_auth *pl_auth_new(int partial);
void pl_auth_free(pl_auth *a);
/* A deep copy of a, for a change that is tried and then undone. */
pl_auth *pl_auth_clone(const pl_auth *a);

/* The keys an event's signature may be valid under. */
#define PL_AUTH_MAX_KEYS 8
typedef struct pl_auth_keys {
	size_t count;
	uint8_t key[PL_AUTH_MAX_KEYS][PL_PUBLIC_KEY_BYTES];
	int revoked[PL_AUTH_MAX_KEYS]; /* 1: a key of the signer revoked before the event */
} pl_auth_keys;

/* Judges event e against the rules given the state before it, and applies
 * it when it passes. payload holds the fields of the event's payload, or is NULL when it
 * is withheld from this reader (only the rule common to all kinds is then
 * judged). keys (if not NULL) receives the keys the signature must be valid
 * under. Returns 0, or PL_EDENIED with "not allowed: <the rule broken>". */
int pl_auth_step(pl_auth *a, const pl_store_event *e, const pl_payload *payload, pl_auth_keys *keys,
                 pl_error *err);

/* --- queries, for the viewer rule and the operations ---------------------- */

/* 1 when the negotiation is founded (its first event applied). */
int pl_auth_founded(const pl_auth *a);
/* The convenor's name, or NULL before the founding. */
const char *pl_auth_convenor(const pl_auth *a);
/* 1 when code is an admitted party. */
int pl_auth_has_party(const pl_auth *a, const char *code);
/* A delegate's party and role; 0 when no such delegate. */
int pl_auth_delegate(const pl_auth *a, const char *name, const char **party, const char **role);
/* 1 when public_key is a current (unrevoked) key of delegate name. */
int pl_auth_key_current(const pl_auth *a, const char *name, const uint8_t *public_key);
/* The delegate holding key (*revoked: 1 when it was revoked), or NULL. */
const char *pl_auth_key_owner(const pl_auth *a, const uint8_t *key, int *revoked);
/* The keys of delegate name, in the order they were enrolled: the i-th,
 * with *revoked set when it has been revoked; NULL past the end. */
const uint8_t *pl_auth_key(const pl_auth *a, const char *name, size_t i, int *revoked);
/* The sequence number from which party is a member of track (1 for the
 * plenary), or 0 when it is none or the track does not exist. */
int64_t pl_auth_member_since(const pl_auth *a, const char *track, const char *party);
/* 1 when track exists. */
int pl_auth_track_exists(const pl_auth *a, const char *track);
/* The last event of track's chain the state has taken in: its sequence
 * number (0 for an unknown or empty track) and hash. */
int64_t pl_auth_head(const pl_auth *a, const char *track, const uint8_t **hash);
/* The decision rule of track, or NULL. */
const char *pl_auth_track_rule(const pl_auth *a, const char *track);
/* The i-th consent to a change of track's rule not yet met (since the
 * rule last changed, a party's consent to a rule other than the track's):
 * its party, with the rule in *rule; NULL past the last. */
const char *pl_auth_pending(const pl_auth *a, const char *track, size_t i, const char **rule);
/* The number of member parties of track, and the i-th. */
size_t pl_auth_member_count(const pl_auth *a, const char *track);
const char *pl_auth_member(const pl_auth *a, const char *track, size_t i);

/* Where version number of document can be read: its home track at its
 * event (place 0), then every track it was circulated to, at the
 * circulation. pl_auth_place_count is 0 when no such version; pl_auth_place
 * gives the i-th place's track and sequence number. */
size_t pl_auth_place_count(const pl_auth *a, const char *document, int number);
const char *pl_auth_place(const pl_auth *a, const char *document, int number, size_t i,
                          int64_t *seq);
/* The latest version number of document; 0 when there is none. */
int pl_auth_latest(const pl_auth *a, const char *document);
/* The global id and hash of the event that made version number of
 * document; 0 when none. */
int pl_auth_version_event(const pl_auth *a, const char *document, int number, int64_t *id,
                          const uint8_t **hash);

/* An amendment's decisions so far, for saying how far a rule is from met. */
typedef struct pl_auth_tally {
	const char *rule;
	size_t members;   /* member parties of the amendment's track */
	size_t in_favour; /* parties whose latest decision is the one asked about */
	int met;          /* the rule is met for that decision */
} pl_auth_tally;

/* The tally of decision ("accept", "reject", "supersede") on amendment id
 * of document; PL_ENOTFOUND when the state does not know it. */
int pl_auth_tally_of(const pl_auth *a, const char *document, const char *id, const char *decision,
                     pl_auth_tally *out);

/* The rules, for documentation and `parley rules`: the i-th kind and the
 * sentence that says who may sign it; NULL past the end. */
const char *pl_auth_rule_kind(size_t i);
const char *pl_auth_rule_text(size_t i);

#endif
